"""Parsed clause markup kept between runs, beside the compiled templates.

Parsing a clause's markup is a pure function of its rendered text, and most texts come back unchanged
from one run to the next (the same answers, or a small edit). Each parse is kept as JSON named by a
hash of the text, in the same private folder as the compiled templates and under the same rules: a
file is read only if it is a regular file of the effective user that nobody else can write to. The
JSON is data, never code, and is checked as it is rebuilt; anything unexpected is parsed afresh.
So a run whose texts are all known does not even import the Markdown parser.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from charter import markup
from charter.blocks import Block, Heading, ListBlock, ListItem, PageBreak, Paragraph, Run, Table
from charter.privatecache import read_trusted, write_private

VERSION = 1  # change it whenever the blocks or markup.parse change


def blocks(text: str, *, numbered: bool, folder: Path | None) -> list[Block]:
    """The blocks of ``text``: from this process, else from ``folder``, else parsed (and kept)."""
    if folder is None or markup.known(text, numbered):
        return markup.parse(text, numbered=numbered)
    digest = hashlib.sha256(f"{VERSION}\0{int(numbered)}\0{text}".encode()).hexdigest()
    path = folder / f"blocks-{digest}.json"
    data = read_trusted(path)
    if data is not None:
        try:
            found = [_block(item) for item in json.loads(data)]
        except (ValueError, TypeError, KeyError, RecursionError):
            found = None
        if found is not None:
            markup.remember(text, numbered, found)
            return found
    parsed = markup.parse(text, numbered=numbered)
    write_private(path, json.dumps([_plain(b) for b in parsed], ensure_ascii=False).encode())
    return parsed


def _runs(runs: tuple[Run, ...]) -> list[list[Any]]:
    return [[r.text, r.bold, r.italic, r.line_break] for r in runs]


def _plain(block: Block) -> Any:
    if isinstance(block, Heading):
        return ["h", block.level, _runs(block.runs), block.numbered]
    if isinstance(block, Paragraph):
        return ["p", _runs(block.runs), block.quote]
    if isinstance(block, ListBlock):
        items = [[_runs(i.runs), None if i.children is None else _plain(i.children)] for i in block.items]
        return ["l", block.ordered, items, block.depth]
    if isinstance(block, Table):
        return [
            "t",
            [_runs(cell) for cell in block.header],
            [[_runs(cell) for cell in row] for row in block.rows],
        ]
    return ["b"]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("text expected")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false expected")
    return value


def _number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("a number expected")
    return value


def _run_tuple(data: Any) -> tuple[Run, ...]:
    return tuple(Run(_text(t), _flag(b), _flag(i), _flag(br)) for t, b, i, br in data)


def _list(data: Any) -> ListBlock:
    kind, ordered, items, depth = data
    if kind != "l":
        raise ValueError("a list expected")
    built = tuple(
        ListItem(_run_tuple(runs), None if children is None else _list(children)) for runs, children in items
    )
    return ListBlock(_flag(ordered), built, _number(depth))


def _block(data: Any) -> Block:
    kind = data[0]
    if kind == "h":
        return Heading(_number(data[1]), _run_tuple(data[2]), _flag(data[3]))
    if kind == "p":
        return Paragraph(_run_tuple(data[1]), _flag(data[2]))
    if kind == "l":
        return _list(data)
    if kind == "t":
        header = tuple(_run_tuple(cell) for cell in data[1])
        return Table(header, tuple(tuple(_run_tuple(cell) for cell in row) for row in data[2]))
    if kind == "b":
        return PageBreak()
    raise ValueError(f"unknown block {kind!r}")
