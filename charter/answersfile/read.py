"""Read an answers file: bounded, strict YAML, each key's line kept for the messages, then checked.

An answers file may come from anyone: its size and its YAML are bounded (`charter.resources`)
before anything is built, so a hostile file ends in a message (exit 3), never a hang or a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from charter.answersfile.check import BAD_CHARS, check_answers
from charter.errors import AnswersError
from charter.model.answers import Answers
from charter.model.site import printable
from charter.model.types import FORMAT

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


def read_answers(path: Path) -> Answers:
    """Read and check an answers file; AnswersError naming every problem.

    Only a regular file of at most MAX_ANSWERS_BYTES is read: a FIFO, a device or a huge file is
    refused before it can block or fill memory.
    """
    from charter.resources import Refused, read_limited

    name = str(path)
    try:
        raw = read_limited(path, MAX_ANSWERS_BYTES, "an answers file")
    except FileNotFoundError:
        raise AnswersError(
            f"{name}: no such file. Give the path of an answers file (format {FORMAT})."
        ) from None
    except Refused as exc:
        raise AnswersError(f"{name} {exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersError(
            f"{name} is not UTF-8 text (byte {exc.start}). Save it as UTF-8 and try again."
        ) from None
    return parse_answers(text, name=name, source=path)


def parse_answers(text: str, *, name: str = "answers", source: Path | None = None) -> Answers:
    """Check the text of an answers file; AnswersError naming every problem.

    The YAML is read strictly (`charter.resources.load_strict_yaml`): no aliases or anchors,
    YAML 1.2's booleans and numbers (`no`, `010` and `1:30` are text), bounded nesting.
    """
    from charter.resources import StrictYAMLError, load_strict_yaml, size_text

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
            f"{name}, line {line}: the character U+{ord(bad.group()):04X} cannot appear in a Word document. "
            "Remove it and try again."
        )
    try:
        document = load_strict_yaml(text)
    except StrictYAMLError as exc:
        where = f", line {exc.line}" if exc.line else ""
        where += f", column {exc.column}" if exc.line and exc.column else ""
        raise AnswersError(f"{name}{where}: {printable(exc.problem)}.") from None
    lines = Lines(document.key)
    if document.node is not None:
        lines.walk(document.node)
    answers = check_answers(
        document.data, name=name, lines=lines.line, raw=lines.raw.get, duplicates=lines.duplicates
    )
    answers.source, answers.name, answers.line = source, name, lines.line
    return answers
