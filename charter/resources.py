"""Where the built-in data lives, and how charter reads files it does not trust.

Built-in data (questions, catalogue, words) is read with PyYAML's safe loader. A user's answers file
or clause file goes through `read_limited` (regular files only, a size bound, never a hang on a FIFO
or a device) and `load_strict_yaml` (no aliases, no exotic tags, bounded nesting and size, and the
YAML 1.2 meaning of `yes`, `no`, `010` or `1:30`), so that a hostile file costs little and ends in
a message, never in a traceback.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

YAML_MAX_DEPTH = 16  # nested lists and mappings; the deepest real answers key is 3 levels down
YAML_MAX_NODES = (
    200_000  # values of one document, unless the caller sets fewer (a full answers file has ~150)
)
YAML_MAX_DIGITS = 30  # a longer run of digits stays text (Python refuses ints past 4,300 digits)


@cache
def builtin_dir() -> Path:
    """The built-in library: `charter/templates` once installed, `templates/` in a source checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "questions.yml").is_file():
            return candidate
    raise FileNotFoundError(f"charter's built-in templates are missing beside {package}; reinstall charter.")


@cache
def load_yaml(name: str) -> object:
    """A built-in YAML data file, parsed once per process, and kept parsed between runs."""
    with open(builtin_dir() / name, encoding="utf-8") as handle:
        text = handle.read()
    return remembered_yaml(text, "safe", _safe_load)


def _safe_load(text: str) -> object:
    """PyYAML with libyaml's loader: the same values as its own, faster. Imported only here, when a
    text is not kept parsed."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# --------------------------------------------------------------------------- parsed data between runs

#: What `recall_yaml` returns for a text it does not know.
MISSING: Any = object()


def kept_path(text: str, kind: str) -> Path | None:
    """Where what ``text`` parses to is kept between runs, or None when caching is off.

    PyYAML builds its values in Python, about a millisecond a kilobyte: questions.yml alone took
    a twentieth of a run. The value is kept in the private cache (`charter.privatecache`), named by a
    hash of ``kind`` (how it was read: "safe", "strict-1000") and the text.
    """
    import hashlib

    from charter.privatecache import private_folder

    folder = private_folder(f"data-{_parser_fingerprint()}")
    if folder is None:
        return None
    digest = hashlib.sha256(kind.encode() + b"\0" + text.encode()).hexdigest()
    return folder / f"yaml-{digest}.pickle"


def recall_yaml(path: Path | None) -> Any:
    """The value kept at ``path`` (`kept_path`) in an earlier run, or MISSING. It is read back as plain
    data only: a file that holds anything but mappings, lists, tuples, text, numbers and dates, or more
    values or levels than a parse could make (a pickle may share a list many times over), is not used."""
    from charter.privatecache import read_trusted

    data = read_trusted(path) if path is not None else None
    if data is None:
        return MISSING
    try:
        value = _plain_unpickler()(io.BytesIO(data)).load()
    except Exception:  # a damaged file of ours, or one that is not plain data: parse again
        return MISSING
    # the kept values are wrapped (a tuple of a value and the lines of its keys, keyed by paths)
    from charter.privatecache import plain_within

    return value if plain_within(value, max_nodes=YAML_MAX_NODES, max_depth=YAML_MAX_DEPTH + 4) else MISSING


def keep_yaml(path: Path | None, value: Any) -> None:
    """Keep ``value`` at ``path`` (`kept_path`), for `recall_yaml` in the next runs."""
    import pickle

    from charter.privatecache import write_private

    if path is not None:
        write_private(path, pickle.dumps(value, protocol=5))


def remembered_yaml(text: str, kind: str, parse: Callable[[str], Any]) -> Any:
    """What ``parse`` makes of ``text``, from an earlier run when one kept it, else parsed and kept."""
    path = kept_path(text, kind)
    found = recall_yaml(path)
    if found is MISSING:
        found = parse(text)
        keep_yaml(path, found)
    return found


def strict_yaml_data(text: str, *, max_nodes: int = YAML_MAX_NODES) -> Any:
    """`load_strict_yaml(text).data`, kept between runs: for files read whole, when no line is needed."""
    return remembered_yaml(
        text, f"strict-{max_nodes}", lambda t: load_strict_yaml(t, max_nodes=max_nodes).data
    )


@cache
def _parser_fingerprint() -> str:
    """charter's version, PyYAML's, and this module's code: what decides what a text parses to.
    PyYAML is not imported for it (a run whose data is all kept does without it)."""
    from charter import __version__
    from charter.privatecache import code_fingerprint

    return f"{__version__}-{code_fingerprint([Path(__file__)], packages=['yaml'])}"


@cache
def _plain_unpickler() -> type:
    """An unpickler that builds plain data and dates, and refuses every other class."""
    import pickle
    from datetime import date

    class PlainUnpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            if (module, name) == ("datetime", "date"):
                return date
            raise pickle.UnpicklingError(f"{module}.{name} is not plain data")

    return PlainUnpickler


# --------------------------------------------------------------------------- bounded reading


class Refused(Exception):
    """A file that cannot be read as asked; the message completes "<path> ..." and ends in a period."""


def size_text(count: int) -> str:
    """1 MiB, 256 KiB, 12 bytes: limits as people write them."""
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size and count % size == 0:
            return f"{count // size} {unit}"
    return f"{count} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else raises Refused.

    The file is opened without blocking (a FIFO would wait for a writer for ever), checked with
    fstat on the opened file (no race with a rename), then read up to limit + 1 bytes, so a file
    that grows while read is still caught.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)  # FileNotFoundError is left to the caller, which knows what to suggest
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror}.") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Refused(f"is a folder, not {what}.")
        if not stat.S_ISREG(info.st_mode):
            raise Refused(f"is {_kind(info.st_mode)}, not a regular file; give the path of {what}.")
        too_big = Refused(
            f"is larger than {size_text(limit)}, the most {what} may hold; is it the right file?"
        )
        if info.st_size > limit:
            raise too_big
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, limit + 1 - total)
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise too_big
        return b"".join(chunks)
    except BlockingIOError:  # pragma: no cover - regular files never block
        raise Refused("cannot be read without waiting.") from None
    except OSError as exc:
        raise Refused(f"cannot be read: {exc.strerror}.") from None
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- strict YAML


class StrictYAMLError(Exception):
    """A document refused by `load_strict_yaml`: `problem` is one sentence, `line` is 1-based."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


# YAML 1.2 core schema, narrowed so that every plain scalar it reads as a number, a boolean or null
# is read the same by PyYAML's YAML 1.1 rules too (what `yaml.safe_dump` writes always reads back).
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(
    r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_CORE_TAGS = {
    f"tag:yaml.org,2002:{name}": name for name in ("str", "int", "float", "bool", "null", "seq", "map")
}


@cache
def _strict_loader() -> type:
    """A safe loader with the resolvers and constructors above, libyaml's parser when present."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - PyYAML's class-level table
        yaml_constructors = dict(base.yaml_constructors)  # noqa: RUF012

    StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
    StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
    StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
    StrictLoader.add_implicit_resolver("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""])

    def construct_int(loader: Any, node: Any) -> Any:
        text = loader.construct_scalar(node)
        digits = text.lstrip("+-")
        if _INT.match(text) and len(digits) <= YAML_MAX_DIGITS:
            return int(text)
        return text  # `!!int abc`, a 5,000-digit number: text, which the checks then refuse

    def construct_float(loader: Any, node: Any) -> Any:
        text = loader.construct_scalar(node)
        if _FLOAT.match(text) or _INT.match(text):
            return yaml.SafeLoader.construct_yaml_float(loader, node)
        return text

    def construct_bool(loader: Any, node: Any) -> Any:
        text = loader.construct_scalar(node)
        return {"true": True, "false": False}.get(text.lower(), text)

    StrictLoader.add_constructor("tag:yaml.org,2002:int", construct_int)
    StrictLoader.add_constructor("tag:yaml.org,2002:float", construct_float)
    StrictLoader.add_constructor("tag:yaml.org,2002:bool", construct_bool)
    return StrictLoader


def _scan(text: str, max_nodes: int) -> None:
    """Refuse, from the parser's events alone, what would be costly or odd once composed.

    Aliases and anchors (a few hundred bytes of aliases expand to billions of values), tags beyond
    the core ones, a list or mapping used as a key, nesting deeper than YAML_MAX_DEPTH and more
    than `max_nodes` values. Events come from libyaml's non-recursive parser, so this pass is
    cheap and stops at the first problem.
    """
    import yaml

    loader = _strict_loader()(text)
    # One entry per open collection: for a mapping, whether the next value is a key.
    stack: list[list[bool]] = []
    nodes = 0
    try:
        while True:
            event = loader.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            line = event.start_mark.line + 1
            if isinstance(event, yaml.CollectionEndEvent):
                stack.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            nodes += 1
            if nodes > max_nodes:
                raise StrictYAMLError(f"holds more than {max_nodes} values; is it the right file?", line)
            if isinstance(event, yaml.AliasEvent):
                raise StrictYAMLError(
                    f"uses the YAML alias *{event.anchor}; aliases and anchors (&name, *name) are not "
                    "allowed here: write the value out in full",
                    line,
                )
            if event.anchor is not None:
                raise StrictYAMLError(
                    f"uses the YAML anchor &{event.anchor}; aliases and anchors (&name, *name) are not "
                    "allowed here: write the value out in full",
                    line,
                )
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and tag not in _CORE_TAGS:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                raise StrictYAMLError(
                    f"uses the YAML tag {shown}, which has no meaning here; remove it", line
                )
            waiting_for_key = bool(stack) and stack[-1][0]
            if waiting_for_key and not isinstance(event, yaml.ScalarEvent):
                raise StrictYAMLError(
                    "a key must be a plain name, not a list or a mapping (as in `? [a, b]: 1` or `{[1]: x}`)",
                    line,
                )
            if stack and stack[-1][1]:
                stack[-1][0] = not stack[-1][0]
            if isinstance(event, yaml.CollectionStartEvent):
                if len(stack) >= YAML_MAX_DEPTH:
                    raise StrictYAMLError(
                        f"nests lists and mappings more than {YAML_MAX_DEPTH} levels deep", line
                    )
                is_mapping = isinstance(event, yaml.MappingStartEvent)
                stack.append([is_mapping, is_mapping])
    finally:
        loader.dispose()


class Document(NamedTuple):
    """A YAML document read by `load_strict_yaml`: its node tree (for lines), its data, its keys."""

    node: Any
    data: Any
    loader: Any

    def key(self, node: Any) -> Any:
        """The value a key node stands for (`1: x` has the key 1), as in `data`."""
        return self.loader.construct_object(node)


def load_strict_yaml(text: str, *, max_nodes: int = YAML_MAX_NODES) -> Document:
    """One YAML document from an untrusted source, with its node tree for line numbers.

    Raises StrictYAMLError, with the line, for invalid YAML and for everything `_scan` refuses.
    """
    import yaml

    try:
        _scan(text, max_nodes)
        loader = _strict_loader()(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise StrictYAMLError(
            f"this is not valid YAML ({problem})",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise StrictYAMLError(f"this is not valid YAML ({exc})") from None
    except RecursionError:  # pragma: no cover - nesting is bounded by _scan
        raise StrictYAMLError("this is not valid YAML (nested too deeply)") from None
    return Document(node, data, loader)
