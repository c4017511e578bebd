"""The clause library: find clause files, read their front matter, choose them by condition and
render them in a strict, sandboxed Jinja2 environment.

Built-in clauses live in `templates/clauses/<lang>/`; a user's library has the same layout and
overrides built-in clauses by id. Every error names the file and the line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any

from charter import markup
from charter.answers import _BAD_CHARS, Answers
from charter.blocks import Block
from charter.errors import TemplateError
from charter.questions import catalog, questionnaire
from charter.resources import builtin_dir, load_yaml

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
FRONT_MATTER_KEYS = ("id", "title", "order", "when", "part", "page_break")
PARTS = ("article", "annex")
DEFAULT_ORDER = 500
RENDER_SECONDS = 10.0  # a clause library that takes longer is stopped
RENDER_MEMORY = 1 << 30  # and one that asks for more than this much memory
MAX_SEQUENCE = 100_000  # the longest string or list a template may build with * or **
MAX_CLAUSE_BYTES = 256 << 10  # 256 KiB: the longest built-in clause is about 5 KiB
MAX_CLAUSE_FILES = 300  # entries in one language folder of a library (the built-in one has 29 clauses)
MAX_FRONT_MATTER_NODES = 1_000  # values in a clause's front matter (it has at most 6 keys)
MAX_CACHE_FILE_BYTES = 4 << 20  # 4 MiB: a compiled clause is about 20 KiB; a larger file is not ours


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    path: Path
    source: str  # the body, front matter blanked out so that line numbers match the file
    order: int = DEFAULT_ORDER
    when: str | None = None
    when_line: int = 1
    part: str = "article"
    page_break: bool = False
    builtin: bool = True


@dataclass(frozen=True)
class RenderedClause:
    clause: Clause
    blocks: list[Block] = field(default_factory=list)


def strings(lang: str) -> dict[str, Any]:
    data = load_yaml("strings.yml")
    assert isinstance(data, dict)
    return data[lang]


# --------------------------------------------------------------------------- reading clause files


def read_clause(path: Path, *, builtin: bool, problems: list[str]) -> Clause | None:
    """One clause file, or None with its problems appended.

    Only a regular file of at most MAX_CLAUSE_BYTES is read, and its front matter goes through the
    strict YAML reader (no aliases, bounded size): a custom library may come from anyone.
    """
    from charter.resources import Refused, StrictYAMLError, load_strict_yaml, read_limited

    try:
        text = read_limited(path, MAX_CLAUSE_BYTES, "a clause file").decode("utf-8")
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text.")
        return None
    except Refused as exc:
        problems.append(f"{path} {exc}")
        return None
    except OSError as exc:
        problems.append(f"{path}: cannot be read ({exc.strerror}).")
        return None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.append(f"{path}, line 1: a clause file starts with front matter between two `---` lines.")
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.append(f"{path}, line 1: the front matter is never closed by a `---` line.")
        return None
    try:
        document = load_strict_yaml("".join(lines[1:end]), max_nodes=MAX_FRONT_MATTER_NODES)
    except StrictYAMLError as exc:
        line = exc.line + 1 if exc.line else 1
        problem = exc.problem.replace("this is not valid YAML", "the front matter is not valid YAML")
        problems.append(f"{path}, line {line}: {problem}.")
        return None
    meta = document.data if document.data is not None else {}
    if not isinstance(meta, dict):
        problems.append(f"{path}, line 2: the front matter must be a mapping (id: ..., title: ...).")
        return None
    # The line of each top-level key, from the node tree (the front matter starts on line 2).
    key_lines = (
        {str(document.key(key_node)): key_node.start_mark.line + 2 for key_node, _ in document.node.value}
        if meta
        else {}
    )
    found = len(problems)

    def bad(key: str, message: str) -> None:
        problems.append(f"{path}, line {key_lines.get(key, 2)}: {message}")

    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            match = difflib.get_close_matches(str(key), FRONT_MATTER_KEYS, n=1)
            hint = f' Did you mean "{match[0]}"?' if match else ""
            bad(
                str(key),
                f"unknown front-matter key {_shown(key)}.{hint} Valid keys: {', '.join(FRONT_MATTER_KEYS)}.",
            )
    ident = meta.get("id")
    if ident is None:
        bad("id", "the front matter needs an `id`.")
    elif not isinstance(ident, str) or not ID_PATTERN.match(ident):
        bad("id", f"id {_shown(ident)} must be lowercase letters, digits and _ (starting with a letter).")
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        bad("title", "the front matter needs a `title` (text).")
    elif _BAD_CHARS.search(title) or "\n" in title.strip():
        bad("title", f"the title {_shown(title)} must be one line of text a Word document can hold.")
    order = meta.get("order", DEFAULT_ORDER)
    if isinstance(order, bool) or not isinstance(order, int):
        bad("order", f"order must be a whole number, got {_shown(order)}.")
    when = meta.get("when")
    if when is not None and not isinstance(when, str | bool):
        bad("when", f"when must be a condition written as text, got {_shown(when)}.")
    part = meta.get("part", "article")
    if part not in PARTS:
        bad("part", f"part must be one of {', '.join(PARTS)}, got {_shown(part)}.")
    page_break = meta.get("page_break", False)
    if not isinstance(page_break, bool):
        bad("page_break", f"page_break must be true or false, got {_shown(page_break)}.")
    if len(problems) > found:
        return None
    assert isinstance(ident, str) and isinstance(title, str)  # checked above
    body = "\n" * (end + 1) + "".join(lines[end + 1 :])
    return Clause(
        id=ident,
        title=title.strip(),
        path=path,
        source=body,
        order=order,
        when=str(when).lower() if isinstance(when, bool) else when,
        when_line=key_lines.get("when", 2),
        part=part,
        page_break=page_break,
        builtin=builtin,
    )


def _shown(value: Any) -> str:
    """A front-matter value quoted back in a message: printable, and short."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:60]}... ({len(text)} characters)"


def library_dirs(lang: str, custom: Path | None) -> list[tuple[Path, bool]]:
    dirs = [(builtin_dir() / "clauses" / lang, True)]
    if custom is not None:
        dirs.append((custom / lang, False))
    return dirs


def check_custom_dir(custom: Path) -> None:
    if not custom.is_dir():
        raise TemplateError(f"{custom}: no such folder of custom clauses.")
    if not any((custom / lang).is_dir() for lang in ("fr", "en")):
        raise TemplateError(
            f"{custom} holds no fr/ or en/ folder. A clause library keeps its clauses in "
            f"{custom}/fr/*.md and {custom}/en/*.md (run `charter templates eject` to start one)."
        )


def folder_entries(folder: Path) -> list[Path]:
    """The entries of a library folder, sorted; more than MAX_CLAUSE_FILES is a TemplateError.

    The folder is listed lazily and the listing stops at the limit, so a folder of a million
    files costs no more than one of MAX_CLAUSE_FILES.
    """
    import os

    entries: list[Path] = []
    count = 0
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                count += 1
                if count > MAX_CLAUSE_FILES:
                    raise TemplateError(
                        f"{folder} holds more than {MAX_CLAUSE_FILES} files; a clause library may hold at "
                        f"most {MAX_CLAUSE_FILES} per language. Is it the right folder?"
                    )
                if not entry.name.startswith("."):  # editors' lock and swap files
                    entries.append(Path(entry.path))
    except OSError as exc:
        raise TemplateError(f"{folder} cannot be read: {exc.strerror}.") from None
    return sorted(entries)


def read_folder(folder: Path, *, builtin: bool, problems: list[str]) -> dict[str, Clause]:
    """The clauses of one folder by id; bad files and duplicate ids are added to `problems`."""
    clauses: dict[str, Clause] = {}
    if not folder.is_dir():
        return clauses
    for path in folder_entries(folder):
        if path.suffix != ".md":
            continue
        clause = read_clause(path, builtin=builtin, problems=problems)
        if clause is None:
            continue
        if clause.id in clauses:
            problems.append(f"{path}: duplicate id `{clause.id}`, already used by {clauses[clause.id].path}.")
            continue
        clauses[clause.id] = clause
    return clauses


def load_library(lang: str, custom: Path | None = None) -> dict[str, Clause]:
    """Every clause for a language, the user's replacing built-in ones of the same id."""
    problems: list[str] = []
    clauses: dict[str, Clause] = {}
    for folder, builtin in library_dirs(lang, custom):
        clauses.update(read_folder(folder, builtin=builtin, problems=problems))
    if problems:
        raise TemplateError("The clause library has problems; nothing was written:", problems)
    return clauses


# --------------------------------------------------------------------------- context


def build_context(answers: Answers) -> dict[str, Any]:
    """What templates see: the answers under the file's names, plus a few documented helpers."""
    data = answers.data
    lang = data["language"]
    words = strings(lang)
    names = catalog()
    platforms = [{**p, "name": names[p["id"]].name} for p in data["platforms"]]
    networks = [
        {"id": n, "name": names[n].name, "status": names[n].status} for n in data["enterprise_networks"]
    ]
    governance = data["governance"]
    questions = questionnaire().by_key()

    def label(key: str, value: Any) -> str:
        question = questions.get(key)
        if question is None:
            raise ValueError(f"label(): no question {key!r}")
        return question.label(value, lang)

    return {
        **data,
        "platforms": platforms,
        "enterprise_networks": networks,
        "platform_ids": [p["id"] for p in platforms],
        "network_ids": [n["id"] for n in networks],
        "active_networks": [n for n in networks if n["status"] != "closing"],
        "owner": data["charter"]["owner"] or words["default_owner"],
        "team": governance.get("team_name") or words["default_team"],
        "label": label,
    }


# Names a template may use beyond the answers' own keys, and the keys of a platform or network item.
HELPERS = ("platform_ids", "network_ids", "active_networks", "owner", "team", "label")
ITEM_KEYS = ("id", "name", "account", "owner", "status")
JINJA_NAMES = ("loop", "range", "dict", "namespace", "lipsum", "cycler", "joiner")


@cache
def known_names() -> dict[str, tuple[str, ...] | None]:
    """Each top-level name of the context and, for a group of the answers, the keys under it."""
    names: dict[str, tuple[str, ...] | None] = {}
    for q in questionnaire().questions:
        if len(q.path) == 1:
            names[q.key] = None
        else:
            names[q.path[0]] = (*(names.get(q.path[0]) or ()), q.path[1])
    names.update(dict.fromkeys(HELPERS))
    return names


def join_and(items: Any, lang: str) -> str:
    """`a, b and c` / `a, b et c`."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {strings(lang)['and']} {items[-1]}"


def long_date(value: Any, lang: str) -> str:
    if not isinstance(value, date):
        raise ValueError(f"long_date needs a date, got {value!r}")
    month = strings(lang)["months"][value.month - 1]
    day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
    return f"{day} {month} {value.year}"


# --------------------------------------------------------------------------- the environment


_PRINTABLE = (str, int, float, date)  # what `{{ ... }}` may print; bool is an int


def _finalize(value: Any) -> Any:
    """Every printed value is text: escaped so it can never become markup, and never a silent blank.

    Only scalars print: a list, a mapping or a function would print as Python's own notation
    (`['a', Undefined]`), which no charter should contain.
    """
    if value is None:
        raise _NoneValue()
    if not isinstance(value, _PRINTABLE):
        import jinja2

        if isinstance(value, jinja2.Undefined):
            str(value)  # StrictUndefined raises its own error, naming what is undefined
        raise _NotText(value)
    return markup.escape(value if isinstance(value, str) else str(value))


class _NoneValue(Exception):
    pass


class _NotText(Exception):
    """A template prints something that is not a scalar."""

    def __init__(self, value: Any) -> None:
        import jinja2

        super().__init__()
        if isinstance(value, list | tuple | set | frozenset):
            self.what = "a list"
            if any(isinstance(item, jinja2.Undefined) for item in value):
                self.what += " holding undefined values (is an attribute or key misspelt?)"
        elif isinstance(value, dict):
            self.what = "a mapping"
        else:
            self.what = f"a {type(value).__name__}, which cannot be printed"


class _Timeout(BaseException):
    """The render's time is up; a BaseException so that no `except Exception` on the way swallows it."""


# Part of the bytecode cache's folder name: change it whenever the environment's settings change,
# since Jinja keys cached code on the template's source only.
_ENVIRONMENT_SETTINGS = "sandbox-strict-trim-lstrip-finalize-1"


def _private_folder(path: Path, *, ours: bool) -> bool:
    """Whether `path` is a real folder of the effective user that nobody else can write to.

    A folder charter made for itself (`ours`) that has become group- or world-writable is made
    private again; anyone else's folder is left alone and simply not used.
    """
    import os
    import stat

    try:
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            return False
        if info.st_mode & 0o022:
            if not ours:
                return False
            os.chmod(path, 0o700, follow_symlinks=False)
        return True
    except (OSError, NotImplementedError):
        return False


def _make_private_folders(folder: Path) -> bool:
    """Create `folder` and any missing parent with mode 0700; True when each one made is private."""
    import os

    missing = []
    path = folder
    while not os.path.lexists(path) and path != path.parent:
        missing.append(path)
        path = path.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return False
        if not _private_folder(path, ours=True):
            return False
    return True


def _bytecode_cache() -> Any:
    """Compiled clauses kept between runs, or None when no safe folder is at hand.

    Jinja's cache files hold pickled and marshalled data: loading one runs it as code. So the cache
    is used only in a folder that the effective user owns, that is no symbolic link and that no one
    else can write to, and only files with the same properties are loaded (_safe_cache_class).
    """
    import os

    from charter import __version__

    root = os.environ.get("CHARTER_CACHE_DIR")
    if root == "":  # caching switched off
        return None
    if root is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "charter")
    root_path = Path(os.path.abspath(root))
    folder = root_path / f"jinja-{__version__}-{_ENVIRONMENT_SETTINGS}"
    if not _make_private_folders(root_path) or not _private_folder(root_path, ours=False):
        return None
    if not _make_private_folders(folder) or not _private_folder(folder, ours=True):
        return None
    return _safe_cache_class()(folder)


@cache
def _safe_cache_class() -> type:
    """The class below, built on first use so that importing this module does not import Jinja."""
    from jinja2.bccache import BytecodeCache

    class SafeBytecodeCache(BytecodeCache):
        """Jinja's file-system bytecode cache, minus trust in whatever lies in the folder.

        A cache file is loaded only when, opened without following symbolic links, it is a regular
        file of the effective user that no one else can write to, and of at most
        MAX_CACHE_FILE_BYTES. Files are written with mode 0600 under a temporary name, then renamed.
        """

        def __init__(self, folder: Path) -> None:
            self.folder = folder

        def _path(self, bucket: Any) -> Path:
            return self.folder / f"__jinja2_{bucket.key}.cache"

        def load_bytecode(self, bucket: Any) -> None:
            import io
            import os
            import stat

            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
            try:
                fd = os.open(self._path(bucket), flags)
            except OSError:
                return
            try:
                info = os.fstat(fd)
                trusted = (
                    stat.S_ISREG(info.st_mode)
                    and info.st_uid == os.geteuid()
                    and not info.st_mode & 0o022
                    and info.st_size <= MAX_CACHE_FILE_BYTES
                )
                data = os.read(fd, MAX_CACHE_FILE_BYTES + 1) if trusted else b""
            except OSError:
                return
            finally:
                os.close(fd)
            if not data or len(data) > MAX_CACHE_FILE_BYTES:
                return
            try:
                bucket.load_bytecode(io.BytesIO(data))
            except Exception:  # a damaged file of ours: compile again
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            import os
            import tempfile

            try:
                data = bucket.bytecode_to_string()
                fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".cache", dir=self.folder)  # mode 0600
            except (OSError, TypeError):
                return
            try:
                with os.fdopen(fd, "wb") as stream:
                    stream.write(data)
                os.replace(temp, self._path(bucket))
            except OSError:
                with suppress(OSError):
                    os.unlink(temp)

    return SafeBytecodeCache


def make_environment(clauses: dict[str, Clause], *, cached: bool = True) -> Any:
    """The sandboxed environment of a library; `cached=False` for callers that must write nothing."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Environment(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > 64:
                raise jinja2.exceptions.SecurityError("powers are limited to an exponent of 64")
            if operator == "*":
                for seq, count in ((left, right), (right, left)):
                    too_long = isinstance(seq, str | list | tuple) and isinstance(count, int)
                    if too_long and len(seq) * count > MAX_SEQUENCE:
                        raise jinja2.exceptions.SecurityError(
                            f"a repeated string or list is limited to {MAX_SEQUENCE} items"
                        )
            return super().call_binop(context, operator, left, right)

    by_name = {c.id: c for c in clauses.values()}

    def load(name: str) -> tuple[str, str, Any] | None:
        clause = by_name.get(name.removesuffix(".md"))
        if clause is None:
            return None
        return clause.source, str(clause.path), lambda: True

    env = Environment(
        loader=jinja2.FunctionLoader(load),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
        bytecode_cache=_bytecode_cache() if cached else None,
    )
    return env


@contextmanager
def _limits(seconds: float, memory: int) -> Iterator[None]:
    """Bound a render's time (SIGALRM, main thread only) and address space (RLIMIT_AS)."""
    import signal
    import threading

    restore: list[Any] = []
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):

        def expire(signum: int, frame: Any) -> None:
            raise _Timeout()

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        restore.append(
            lambda: (signal.setitimer(signal.ITIMER_REAL, 0), signal.signal(signal.SIGALRM, previous))
        )
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
        cap = used + memory
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
            restore.append(lambda: resource.setrlimit(resource.RLIMIT_AS, (soft, hard)))
    except (ImportError, OSError, ValueError):
        pass
    try:
        yield
    finally:
        for undo in reversed(restore):
            undo()


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The line of `filename` where a render error happened, from Jinja's rewritten traceback."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _describe(exc: BaseException) -> str:
    import jinja2

    if isinstance(exc, _NoneValue):
        return "prints a value that is empty (none); test it with {% if ... %} first"
    if isinstance(exc, _NotText):
        return (
            f"prints {exc.what}; print its items one by one ({{% for ... %}}) "
            "or join them ({{ ...|join(', ') }})"
        )
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message}" + _suggest(exc.message or "")
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"refused by the sandbox: {exc}"
    if isinstance(exc, MemoryError):
        return "used more memory than a clause may"
    return f"{type(exc).__name__}: {exc}"


def _suggest(message: str) -> str:
    match = re.search(r"'([^']+)' is undefined", message)
    if match:
        close = difflib.get_close_matches(match.group(1), [*known_names(), *JINJA_NAMES], n=1)
        if close:
            return f' (did you mean "{close[0]}"?)'
    match = re.search(r"has no attribute '([^']+)'", message)
    if match:
        keys = [key for group in known_names().values() for key in group or ()] + list(ITEM_KEYS)
        close = difflib.get_close_matches(match.group(1), keys, n=1)
        if close:
            return f' (did you mean "{close[0]}"?)'
    return ""


class Renderer:
    """Chooses and renders the clauses of one charter."""

    def __init__(self, clauses: dict[str, Clause], answers: Answers, *, cached: bool = True) -> None:
        self.clauses = clauses
        self.answers = answers
        self.context = build_context(answers)
        self.env = make_environment(clauses, cached=cached)
        lang = answers.language
        self.env.filters["join_and"] = partial(join_and, lang=lang)
        self.env.filters["long_date"] = partial(long_date, lang=lang)

    def selected(self, exclude: list[str] | tuple[str, ...] = ()) -> list[Clause]:
        import jinja2

        unknown = [i for i in exclude if i not in self.clauses]
        if unknown:
            problems = [f"`{i}` is not a clause id.{_hint(i, list(self.clauses))}" for i in unknown]
            raise TemplateError("clauses.exclude names clauses that do not exist:", problems)
        chosen = []
        for clause in self.clauses.values():
            if clause.id in exclude:
                continue
            if clause.when is not None:
                try:
                    test = self.env.compile_expression(clause.when, undefined_to_none=False)
                    keep = bool(test(**self.context))
                except jinja2.TemplateSyntaxError as exc:
                    raise TemplateError(
                        f"{clause.path}, line {clause.when_line}: the `when` condition is not a valid "
                        f"expression ({exc.message})."
                    ) from None
                except Exception as exc:
                    raise TemplateError(
                        f"{clause.path}, line {clause.when_line}: "
                        f"the `when` condition fails: {_describe(exc)}."
                    ) from None
                if not keep:
                    continue
            chosen.append(clause)
        return sorted(chosen, key=lambda c: (c.part != "article", c.order, c.id))

    def render(self, clause: Clause) -> str:
        import jinja2

        try:
            template = self.env.get_template(clause.id)
            return template.render(self.context)
        except jinja2.TemplateSyntaxError as exc:
            where = f"{exc.filename or clause.path}, line {exc.lineno}"
            raise TemplateError(
                f"{where}: template syntax error: {(exc.message or '').rstrip('.')}."
            ) from None
        except _Timeout:
            raise
        except Exception as exc:
            filename = str(clause.path)
            line = _template_line(exc, filename)
            # An error inside an included clause: report the innermost clause file.
            for other in self.clauses.values():
                other_line = _template_line(exc, str(other.path))
                if other_line is not None and other is not clause:
                    filename, line = str(other.path), other_line
            where = f"{filename}, line {line}" if line else filename
            raise TemplateError(f"{where}: {_describe(exc)}.") from None

    def render_all(self, exclude: list[str] | tuple[str, ...] = ()) -> list[RenderedClause]:
        rendered: list[RenderedClause] = []
        current: Clause | None = None
        try:
            with _limits(RENDER_SECONDS, RENDER_MEMORY):
                for clause in self.selected(exclude):
                    current = clause
                    text = self.render(clause)
                    bad = _BAD_CHARS.search(text)
                    if bad:  # written in the template, as `{{ "\x01" }}`: the answers cannot hold one
                        line = text.count("\n", 0, bad.start()) + 1
                        raise TemplateError(
                            f"{clause.path}, near line {line}: the rendered clause holds the character "
                            f"U+{ord(bad.group()):04X}, which cannot appear in a Word document."
                        )
                    try:
                        blocks = markup.parse(text, numbered=clause.part == "article")
                    except markup.MarkupError as exc:
                        where = f"{clause.path}, near line {exc.line}" if exc.line else str(clause.path)
                        raise TemplateError(
                            f"{where}: the rendered clause breaks the markup: {exc.message}."
                        ) from None
                    rendered.append(RenderedClause(clause, blocks))
        except _Timeout:
            name = current.path if current else "the clause library"
            raise TemplateError(
                f"{name}: rendering was stopped after {RENDER_SECONDS:g} seconds, the most a whole clause "
                "library may take. Answers files are small (their lists are bounded), so a loop or filter "
                "in this clause, or in one rendered before it, does too much work."
            ) from None
        except MemoryError:
            name = current.path if current else "the clause library"
            raise TemplateError(
                f"{name}: rendering was stopped: it used more memory than a clause may."
            ) from None
        return rendered


def _hint(word: str, options: list[str]) -> str:
    match = difflib.get_close_matches(word, options, n=1)
    return f' Did you mean "{match[0]}"?' if match else ""
