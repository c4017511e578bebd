"""Read an answers file: bounded, strict YAML, each key's line kept for the messages, then checked.

An answers file may come from anyone: its size and its YAML are bounded (`charter.resources`)
before anything is built, so a hostile file ends in a message (exit 3), never a hang or a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from charter.answersfile.check import BAD_CHARS, check_answers
from charter.errors import AnswersError, Problem
from charter.model.answers import Answers
from charter.model.paths import dotted, get_path, set_path
from charter.model.site import printable
from charter.model.types import FORMAT

Lookup = Callable[[tuple[Any, ...]], Any]  # a key path -> its line, or its text as written

MAX_ANSWERS_BYTES = 1 << 20  # 1 MiB: a full answers file is about 4 KiB


class Lines:
    """The line of every key path of a YAML document, and the text of each scalar as written
    (so that `1.10` is quoted back as 1.10, not as the float 1.1)."""

    def __init__(self, key: Callable[[Any], Any] | None = None) -> None:
        self.key = key or (lambda node: node.value)  # a key node -> the key as the data has it
        self.lines: dict[tuple[Any, ...], int] = {}
        self.raw: dict[tuple[Any, ...], str] = {}
        self.duplicates: list[tuple[tuple[Any, ...], int]] = []

    def walk(self, node: Any, path: tuple[Any, ...] = ()) -> None:
        import yaml

        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            self.raw[path] = node.value
        elif isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, value_node in node.value:
                key = self.key(key_node)  # hashable: the strict loader refuses lists and mappings as keys
                if key in seen:
                    self.duplicates.append(((*path, key), key_node.start_mark.line + 1))
                seen.add(key)
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                self.walk(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*path, index))

    def line(self, path: tuple[Any, ...]) -> int | None:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def read_answers(path: Path, *, overrides: Sequence[tuple[str, str]] = ()) -> Answers:
    """Read and check an answers file; AnswersError naming every problem.

    ``overrides`` are ``(dotted key, YAML text)`` pairs, as `--set KEY=VALUE` gives them: each value
    replaces the file's at that key before the whole is checked (see `parse_answers`).

    Only a regular file of at most MAX_ANSWERS_BYTES is read: a FIFO, a device or a huge file is
    refused before it can block or fill memory.
    """
    name = str(path)
    text = _read_text(
        path, name, f"{name}: no such file. Give the path of an answers file (format {FORMAT})."
    )
    return parse_answers(text, name=name, source=path, overrides=overrides)


def read_standard_input(overrides: Sequence[tuple[str, str]]) -> Answers:
    """Answers piped in: bounded like a file; relative paths in them are taken from the current folder."""
    import sys

    if sys.stdin is None or sys.stdin.isatty():
        raise AnswersError("`-` reads the answers from standard input, which is a terminal: pipe a file in.")
    raw = sys.stdin.buffer.read(MAX_ANSWERS_BYTES + 1)
    if len(raw) > MAX_ANSWERS_BYTES:
        raise AnswersError(f"The answers on standard input are larger than {MAX_ANSWERS_BYTES} bytes.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersError(f"The answers on standard input are not UTF-8 text (byte {exc.start}).") from None
    return parse_answers(text, name="standard input", source=Path("-").absolute(), overrides=overrides)


def _read_text(path: Path, name: str, missing: str) -> str:
    """The text of an answers file, bounded; AnswersError saying ``missing`` when there is none."""
    from charter.resources import Refused, read_limited

    try:
        raw = read_limited(path, MAX_ANSWERS_BYTES, "an answers file")
    except FileNotFoundError:
        raise AnswersError(missing) from None
    except Refused as exc:
        raise AnswersError(f"{name} {exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersError(
            f"{name} is not UTF-8 text (byte {exc.start}). Save it as UTF-8 and try again."
        ) from None


def parse_answers(
    text: str,
    *,
    name: str = "answers",
    source: Path | None = None,
    overrides: Sequence[tuple[str, str]] = (),
) -> Answers:
    """Check the text of an answers file; AnswersError naming every problem.

    The YAML is read strictly (`charter.resources.load_strict_yaml`): no aliases or anchors,
    YAML 1.2's booleans and numbers (`no`, `010` and `1:30` are text), bounded nesting. Each of
    ``overrides`` (`--set KEY=VALUE`) is read by the same reader and replaces the file's value at KEY;
    a problem of an overridden value is named `--set KEY`, not by a line of the file.
    """
    data, lines = _load(text, name)
    chain = Chain(lines)
    if isinstance(data, dict) and "extends" in data:
        from charter.answersfile.extends import with_parents

        data, chain = with_parents(data, lines, name, source, load=_load, read=_read_text)
    line_of: Lookup = chain.line
    if not overrides:
        try:
            answers = check_answers(
                data, name=name, lines=line_of, raw=chain.raw, duplicates=lines.duplicates
            )
        except AnswersError as exc:
            raise chain.renamed(exc) from None
    else:
        data, line_of, raw_of, given_by = _merge(data, overrides, chain)
        try:
            answers = check_answers(data, name=name, lines=line_of, raw=raw_of, duplicates=lines.duplicates)
        except AnswersError as exc:
            raise chain.renamed(_renamed(exc, given_by)) from None
    return answers._replace(source=source, name=name, line=line_of)


def _load(text: str, name: str) -> tuple[Any, Lines]:
    """The data of an answers file's text, read as strict YAML, and the line and written text of each
    of its keys. Kept between runs, keyed on the text (`charter.resources.kept_path`), as plain data:
    a file read again as it was does not even load PyYAML."""
    from charter.resources import keep_yaml, kept_path, recall_yaml, size_text

    if not text.strip() or all(
        line.strip().startswith("#") or not line.strip() for line in text.splitlines()
    ):
        raise AnswersError(
            f"{name} is empty. An answers file needs at least `format: {FORMAT}`, "
            "`organisation.name` and `platforms`; see `charter schema` or run `charter new`."
        )
    if len(text) > MAX_ANSWERS_BYTES:
        raise AnswersError(
            f"{name} is larger than {size_text(MAX_ANSWERS_BYTES)}, the most an answers file may hold."
        )
    bad = BAD_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise AnswersError(
            f"{name}, line {line}: the character U+{ord(bad.group()):04X} is a control character that no "
            "charter can hold (Word, PDF, HTML or Markdown). Remove it and try again."
        )
    kept = kept_path(text, f"answers-{_reader_fingerprint()}")
    found = _recalled(recall_yaml(kept))
    if found is not None:
        return found
    data, lines = _parse(text, name)
    keep_yaml(kept, (data, lines.lines, lines.raw, lines.duplicates))
    return data, lines


def _parse(text: str, name: str) -> tuple[Any, Lines]:
    from charter.resources import StrictYAMLError, load_strict_yaml

    try:
        document = load_strict_yaml(text)
    except StrictYAMLError as exc:
        where = f", line {exc.line}" if exc.line else ""
        where += f", column {exc.column}" if exc.line and exc.column else ""
        raise AnswersError(f"{name}{where}: {printable(exc.problem)}.") from None
    lines = Lines(document.key)
    if document.node is not None:
        lines.walk(document.node)
    return document.data, lines


def _recalled(kept: Any) -> tuple[Any, Lines] | None:
    """What `_load` kept, rebuilt and checked; None when there is none or it is not what a parse
    makes (then the text is parsed again): data strict YAML could give, within its bounds, lines and
    written texts by key path, and keys given twice as (path, line)."""
    from charter.privatecache import plain_within
    from charter.resources import YAML_MAX_DEPTH, YAML_MAX_NODES

    if not (isinstance(kept, tuple) and len(kept) == 4):
        return None
    data, key_lines, raw, duplicates = kept
    if not plain_within(data, max_nodes=YAML_MAX_NODES, max_depth=YAML_MAX_DEPTH, containers=(dict, list)):
        return None
    if not (isinstance(key_lines, dict) and isinstance(raw, dict) and isinstance(duplicates, list)):
        return None
    if not all(isinstance(path, tuple) for path in (*key_lines, *raw)):
        return None
    if not all(isinstance(line, int) for line in key_lines.values()) or not all(
        isinstance(text, str) for text in raw.values()
    ):
        return None
    twice = [(item[0], item[1]) for item in duplicates if _path_and_line(item)]
    if len(twice) != len(duplicates):
        return None
    lines = Lines()
    lines.lines, lines.raw, lines.duplicates = key_lines, raw, twice
    return data, lines


def _path_and_line(item: Any) -> bool:
    return (
        isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], tuple) and isinstance(item[1], int)
    )


@cache
def _reader_fingerprint() -> str:
    """This module's code: what decides the lines and written texts kept with the data."""
    from charter.privatecache import code_fingerprint

    return code_fingerprint([Path(__file__)])


class Chain:
    """The line and written text of each key of an answers file and of the files it extends: a key
    a parent gave is found in that parent, and its problems are named after that file."""

    def __init__(
        self, lines: Lines, origin: Callable[[tuple[Any, ...]], tuple[str, Lines] | None] | None = None
    ):
        self.lines = lines
        self.origin = origin or (lambda path: None)

    def line(self, path: tuple[Any, ...]) -> int | None:
        found = self.origin(path)
        return found[1].line(path) if found else self.lines.line(path)

    def raw(self, path: tuple[Any, ...]) -> str | None:
        found = self.origin(path)
        return (found[1] if found else self.lines).raw.get(path)

    def renamed(self, exc: AnswersError) -> AnswersError:
        """The checker's error with each problem of an inherited value named by its own file."""
        head = exc.message.split("\n", 1)[0]
        problems: list[Problem | str] = []
        for problem in exc.problems:
            found = (
                self.origin(problem.path) if isinstance(problem, Problem) and problem.file is None else None
            )
            if isinstance(problem, Problem) and found is not None:
                where = f"{printable(dotted(problem.path))}: {problem.message}"
                problems.append(Problem.in_file(found[0], where, found[1].line(problem.path)))
            else:
                problems.append(problem)
        return AnswersError(head, problems) if problems else exc


def override_keys() -> list[str]:
    """The keys `--set` accepts: every question's dotted key, and each group (`governance`)."""
    from charter.model.questions import questionnaire

    keys = [q.key for q in questionnaire().questions]
    return [*keys, *sorted({q.path[0] for q in questionnaire().questions if len(q.path) > 1})]


def _merge(
    data: Any, overrides: Sequence[tuple[str, str]], lines: Chain
) -> tuple[Any, Lookup, Lookup, Callable[[tuple[Any, ...]], str | None]]:
    """The file's data with each override set in it; the line and raw text lookups that know them;
    and, for a key path, the `--set KEY` that gave its value (None for the file's own values)."""
    from charter.model.suggest import did_you_mean
    from charter.resources import StrictYAMLError, load_strict_yaml

    valid = override_keys()
    problems: list[Problem | str] = []
    merged: dict[str, Any] = dict(data) if isinstance(data, dict) else {}
    given: dict[tuple[Any, ...], str] = {}  # key path -> "--set KEY"
    raws: dict[tuple[Any, ...], str] = {}
    for key, text in overrides:
        where = f"--set {printable(key)}"
        if key not in valid:
            hint = did_you_mean(key, valid)
            problems.append(Problem.in_file(where, f"unknown key.{hint} `charter schema` lists every key."))
            continue
        try:
            document = load_strict_yaml(text)
        except StrictYAMLError as exc:
            problems.append(Problem.in_file(where, f"{printable(exc.problem)}."))
            continue
        path = tuple(key.split("."))
        parent = get_path(merged, ".".join(path[:-1])) if len(path) > 1 else merged
        if parent is not None and not isinstance(parent, dict):
            problems.append(
                Problem.in_file(where, f"{path[0]} in the answers file is not a mapping of keys.")
            )
            continue
        if len(path) > 1 and isinstance(parent, dict):  # copy, so the file's own mapping stays as read
            set_path(merged, path[0], dict(parent))
        set_path(merged, key, document.data)
        given = {p: w for p, w in given.items() if p[: len(path)] != path}  # a later --set wins
        given[path] = where
        value_lines = Lines(document.key)
        if document.node is not None:
            value_lines.walk(document.node, path)
        raws = {p: r for p, r in raws.items() if p[: len(path)] != path} | value_lines.raw
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        raise AnswersError(
            f"--set cannot be applied ({len(problems)} {noun}); nothing was written:", problems
        )

    def source(path: tuple[Any, ...]) -> str | None:
        return next((w for p, w in given.items() if path[: len(p)] == p), None)

    def line(path: tuple[Any, ...]) -> int | None:
        return None if source(path) else lines.line(path)

    def raw(path: tuple[Any, ...]) -> str | None:
        return raws.get(path) if source(path) else lines.raw(path)

    return merged if isinstance(data, dict) or data is None else data, line, raw, source


def _renamed(exc: AnswersError, source: Callable[[tuple[Any, ...]], str | None]) -> AnswersError:
    """The checker's error with each problem of an overridden value named `--set KEY[...]`."""
    head = exc.message.split("\n", 1)[0]
    problems: list[Problem | str] = []
    for problem in exc.problems:
        if isinstance(problem, Problem) and problem.file is None and source(problem.path):
            problems.append(Problem.in_file(f"--set {printable(dotted(problem.path))}", problem.message))
        else:
            problems.append(problem)
    return AnswersError(head, problems)
