"""Clause markup to blocks, through markdown-it-py (CommonMark with pipe tables).

The markup is deliberately small (docs/clauses.md): headings ## and ###, paragraphs, bullet and
numbered lists, bold, italic, tables and quotations. Anything else is refused with the clause's name
and line, so a clause never prints silently wrong.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from charter.blocks import Block, Heading, ListBlock, ListItem, Paragraph, Run, Table

_ESCAPED = str.maketrans({ch: "\\" + ch for ch in string.punctuation})


class MarkupError(Exception):
    """Raised with the line (1-based, within the rendered body) and what is wrong."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def escape(text: str) -> str:
    """Make a value print as itself: every ASCII punctuation mark is backslash-escaped (CommonMark).

    Line breaks become spaces, so a value can never open a new block.
    """
    if len(text) <= _SHORT:
        return _escaped_short(text)
    return _escaped(text)


def _escaped(text: str) -> str:
    return " ".join(text.splitlines()).translate(_ESCAPED)


# A charter prints some 340 values, most of them short and the same from one charter to the next
# (names, dates, platforms); `str.translate` with a mapping costs microseconds each, a lookup does not.
_SHORT = 200
_escaped_short = lru_cache(maxsize=4096)(_escaped)


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def parse(text: str, *, numbered: bool = True) -> list[Block]:
    """Blocks of a clause body. ``## x`` becomes a level-2 heading (a sub-article).

    Parsing is a pure function of the text, and most clause texts come back unchanged from one charter
    to the next (a batch, a group's entities): parsed once per process, the blocks (frozen) are shared.
    """
    return list(_parsed(text, numbered))


_MEMORY_LIMIT = 4096  # texts kept per process: a batch of a group's charters shares most of them
_memory: dict[tuple[str, bool], tuple[Block, ...]] = {}


def _parsed(text: str, numbered: bool) -> tuple[Block, ...]:
    found = _memory.get((text, numbered))
    if found is None:
        found = tuple(_Builder(_parser().parse(text), numbered).build())
        remember(text, numbered, found)
    return found


def known(text: str, numbered: bool) -> bool:
    """Whether this process has parsed ``text`` already."""
    return (text, numbered) in _memory


def remember(text: str, numbered: bool, blocks: Sequence[Block]) -> None:
    """Keep the blocks of ``text`` (parsed here, or by an earlier run: see charter.clauses.blockcache)."""
    if len(_memory) >= _MEMORY_LIMIT:
        _memory.clear()
    _memory[(text, numbered)] = tuple(blocks)


class _Builder:
    def __init__(self, tokens: list[Any], numbered: bool) -> None:
        self.tokens = tokens
        self.pos = 0
        self.numbered = numbered

    def line(self, token: Any) -> int | None:
        return token.map[0] + 1 if token.map else None

    def build(self) -> list[Block]:
        blocks: list[Block] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            kind = token.type
            if kind == "heading_open":
                level = int(token.tag[1])
                if level == 1:
                    raise MarkupError(
                        self.line(token),
                        "a level-1 heading (#) is not allowed in a clause body: the title comes from the "
                        "front matter; use ## for a sub-article",
                    )
                if level > 3:
                    raise MarkupError(self.line(token), f"headings go down to ### only, not {'#' * level}")
                runs = self.inline(self.tokens[self.pos + 1])
                blocks.append(Heading(level, runs, numbered=self.numbered))
                self.pos += 3
            elif kind == "paragraph_open":
                blocks.append(Paragraph(self.inline(self.tokens[self.pos + 1])))
                self.pos += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                blocks.append(self.list_block(0))
            elif kind == "table_open":
                blocks.append(self.table())
            elif kind == "blockquote_open":
                blocks.extend(self.blockquote())
            elif kind == "hr":
                raise MarkupError(
                    self.line(token), "a horizontal rule (---) is not part of the clause markup"
                )
            elif kind in ("fence", "code_block"):
                raise MarkupError(
                    self.line(token),
                    "code blocks are not part of the clause markup (is a line indented by four spaces?)",
                )
            elif kind == "html_block":
                raise MarkupError(self.line(token), "raw HTML is not part of the clause markup")
            else:
                raise MarkupError(self.line(token), f"unexpected markup ({kind})")
        return blocks

    def blockquote(self) -> list[Block]:
        start = self.tokens[self.pos]
        self.pos += 1
        found: list[Block] = []
        while self.tokens[self.pos].type != "blockquote_close":
            token = self.tokens[self.pos]
            if token.type != "paragraph_open":
                raise MarkupError(self.line(token), "a quotation (>) may only hold paragraphs")
            found.append(Paragraph(self.inline(self.tokens[self.pos + 1]), quote=True))
            self.pos += 3
        self.pos += 1
        if not found:
            raise MarkupError(self.line(start), "empty quotation")
        return found

    def list_block(self, depth: int) -> ListBlock:
        opener = self.tokens[self.pos]
        if depth > 1:
            raise MarkupError(self.line(opener), "lists nest two levels deep at most")
        ordered = opener.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        self.pos += 1
        items: list[ListItem] = []
        while self.tokens[self.pos].type != close:
            # list_item_open
            self.pos += 1
            runs: tuple[Run, ...] = ()
            children: ListBlock | None = None
            while self.tokens[self.pos].type != "list_item_close":
                token = self.tokens[self.pos]
                if token.type == "paragraph_open":
                    more = self.inline(self.tokens[self.pos + 1])
                    runs = (*runs, Run("", line_break=True), *more) if runs else more
                    self.pos += 3
                elif token.type in ("bullet_list_open", "ordered_list_open"):
                    children = self.list_block(depth + 1)
                else:
                    raise MarkupError(self.line(token), "a list item may only hold text and one nested list")
            self.pos += 1
            items.append(ListItem(runs, children))
        self.pos += 1
        return ListBlock(ordered, tuple(items), depth)

    def table(self) -> Table:
        start = self.tokens[self.pos]
        header: list[tuple[Run, ...]] = []
        rows: list[tuple[tuple[Run, ...], ...]] = []
        row: list[tuple[Run, ...]] = []
        in_head = False
        self.pos += 1
        while self.tokens[self.pos].type != "table_close":
            token = self.tokens[self.pos]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                row = []
            elif token.type == "tr_close":
                if in_head:
                    header = row
                else:
                    rows.append(tuple(row))
            elif token.type in ("th_open", "td_open"):
                row.append(self.inline(self.tokens[self.pos + 1]))
                self.pos += 2
            self.pos += 1
        self.pos += 1
        if not header:
            raise MarkupError(self.line(start), "a table needs a header row")
        return Table(tuple(header), tuple(rows))

    def inline(self, token: Any) -> tuple[Run, ...]:
        runs: list[Run] = []
        bold = italic = False
        for child in token.children or []:
            kind = child.type
            if kind in ("text", "code_inline", "html_inline", "image"):  # a link or image keeps its text
                if child.content:
                    runs.append(Run(child.content, bold=bold, italic=italic))
            elif kind == "strong_open":
                bold = True
            elif kind == "strong_close":
                bold = False
            elif kind == "em_open":
                italic = True
            elif kind == "em_close":
                italic = False
            elif kind == "softbreak":
                runs.append(Run(" ", bold=bold, italic=italic))
            elif kind == "hardbreak":
                runs.append(Run("", line_break=True))
            elif kind in ("link_open", "link_close"):
                pass
            else:  # pragma: no cover - commonmark has no other inline tokens
                raise MarkupError(self.line(token), f"unexpected inline markup ({kind})")
        return _merge(runs)


def _merge(runs: list[Run]) -> tuple[Run, ...]:
    """Join neighbouring runs of the same format, so the document has few, clean runs."""
    merged: list[Run] = []
    for run in runs:
        if (
            merged
            and not run.line_break
            and not merged[-1].line_break
            and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic)
        ):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return tuple(merged)
