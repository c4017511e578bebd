"""Word tracked changes: the new charter, with what differs from the previous one as w:ins and w:del.

Both versions are document models (`DocumentSpec`). Their blocks are cut into articles at the level-1
headings and the articles matched by title (an annex by its title without its letter, which moves);
an article only one side has is inserted or deleted whole. Inside two matched articles the paragraphs
(headings, paragraphs, list items, tables, page breaks) are matched with difflib; a paragraph that
changed but kept its style is compared word by word, so the w:ins and w:del runs hold exactly the
words that changed. A paragraph inserted or deleted whole has its paragraph mark marked too (in the
w:rPr of its w:pPr), so that accepting every change gives the new charter and rejecting every change
gives the old one. A table that changed keeps its rows where they are the same, marks the rows
inserted and deleted (w:trPr) and compares the cells of a changed row word by word.

Every mark carries the author (the new charter's owner), the date (its effective date, when it has
one) and an id counted from :data:`REVISION_ID_BASE`: the same inputs give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from charter.blocks import Block, Heading, ListBlock, PageBreak, Paragraph, Run, Table
from charter.docx.runs import add_runs
from charter.docx.xml import PPR_SEQ, Element, SubElement, insert_ordered, qn

if TYPE_CHECKING:
    from difflib import SequenceMatcher


def _matcher(a: Sequence[Any], b: Sequence[Any]) -> SequenceMatcher[Any]:
    """difflib's matcher, imported when a comparison is made: a charter written without a previous
    version does not load difflib."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False)


#: The first w:id of a revision mark, far above the bookmarks' ids (one per heading).
REVISION_ID_BASE = 100001
#: Two paragraphs of the same style at the same place are compared word by word when at least this
#: share of their words is common; below it, the old one is deleted and the new one inserted.
MIN_SIMILARITY = 0.3

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_INS, _DEL, _T, _DEL_TEXT, _RPR = qn("w:ins"), qn("w:del"), qn("w:t"), qn("w:delText"), qn("w:rPr")
_R, _TR, _TR_PR = qn("w:r"), qn("w:tr"), qn("w:trPr")
_ID, _AUTHOR, _DATE = qn("w:id"), qn("w:author"), qn("w:date")

Segment = tuple[Run, str]  # a stretch of text and its mark: same, ins or del


@dataclass(frozen=True)
class Unit:
    """One paragraph-like piece of a charter: a heading, a paragraph, a list item, a table, a break."""

    kind: str  # heading, para, item, table, break
    style: tuple[Any, ...]  # what must agree for a word-by-word comparison
    runs: tuple[Run, ...]
    block: Any  # the Heading, Paragraph, Table or PageBreak; for an item, its ListBlock
    depth: int = 0  # a list item's depth, as the builder counts it

    @property
    def signature(self) -> tuple[Any, ...]:
        return (self.kind, self.style, self.block if self.kind == "table" else self.runs)


@dataclass(frozen=True)
class Step:
    """What to write: a unit, and how it changed (same, ins, del, or mod with its segments)."""

    mark: str
    unit: Unit  # the new unit (the old one for del)
    old: Unit | None = None  # the old unit of a same or mod step
    segments: tuple[Segment, ...] = ()


def units(blocks: Sequence[Block]) -> list[Unit]:
    """The blocks as units, list items one by one in the order the builder writes them."""
    found: list[Unit] = []

    def items(block: ListBlock, depth: int) -> None:
        for item in block.items:
            found.append(Unit("item", (block.ordered, depth), item.runs, block, depth))
            if item.children is not None:
                items(item.children, max(item.children.depth, depth + 1))

    for block in blocks:
        if isinstance(block, Heading):
            found.append(Unit("heading", (block.level, block.numbered), block.runs, block))
        elif isinstance(block, Paragraph):
            found.append(Unit("para", (block.quote,), block.runs, block))
        elif isinstance(block, ListBlock):
            items(block, block.depth)
        elif isinstance(block, Table):
            found.append(Unit("table", (), (), block))
        elif isinstance(block, PageBreak):
            found.append(Unit("break", (), (), block))
    return found


# ------------------------------------------------------------------------------------ word level
def _tokens(runs: Sequence[Run]) -> list[tuple[str, bool, bool, bool, bool]]:
    """Words, spaces and punctuation, each with its formatting (bold, italic, line break, superscript);
    a line break is a token of its own."""
    found = []
    for run in runs:
        if run.line_break:
            found.append(("", run.bold, run.italic, True, False))
        else:
            found.extend(
                (token, run.bold, run.italic, False, run.superscript) for token in _TOKEN.findall(run.text)
            )
    return found


def word_diff(old: Sequence[Run], new: Sequence[Run]) -> list[Segment]:
    """The segments that turn ``old`` into ``new``: unchanged, deleted and inserted stretches."""
    before, after = _tokens(old), _tokens(new)
    pieces: list[tuple[tuple[str, bool, bool, bool, bool], str]] = []
    for op, i1, i2, j1, j2 in _matcher(before, after).get_opcodes():
        if op == "equal":
            pieces.extend((token, "same") for token in after[j1:j2])
        else:
            pieces.extend((token, "del") for token in before[i1:i2])
            pieces.extend((token, "ins") for token in after[j1:j2])
    segments: list[Segment] = []
    for (text, bold, italic, line_break, superscript), mark in pieces:
        last = segments[-1] if segments else None
        if (
            last is not None
            and not line_break
            and not last[0].line_break
            and last[1] == mark
            and (last[0].bold, last[0].italic, last[0].superscript) == (bold, italic, superscript)
        ):
            segments[-1] = (Run(last[0].text + text, bold, italic, superscript=superscript), mark)
        else:
            segments.append((Run(text, bold, italic, line_break, superscript), mark))
    return segments


def similar(old: Sequence[Run], new: Sequence[Run]) -> bool:
    words = [t for t in _tokens(old) if not t[0].isspace()]
    other = [t for t in _tokens(new) if not t[0].isspace()]
    return _matcher(words, other).ratio() >= MIN_SIMILARITY


# --------------------------------------------------------------------------------- block level
def _article_key(unit: Unit) -> tuple[Any, ...]:
    """An article by its title; an annex by its title without "Annex B – ", since letters move."""
    text = "".join(run.text for run in unit.runs)
    numbered = unit.style[1]
    return ("article", text) if numbered else ("annex", text.split(" – ", 1)[-1])


def _articles(found: list[Unit]) -> list[tuple[tuple[Any, ...], list[Unit]]]:
    articles: list[tuple[tuple[Any, ...], list[Unit]]] = []
    for unit in found:
        if unit.kind == "heading" and unit.style[0] == 1:
            articles.append((_article_key(unit), [unit]))
        elif articles:
            articles[-1][1].append(unit)
        else:
            articles.append((("front",), [unit]))
    return articles


def align(old: Sequence[Block], new: Sequence[Block]) -> list[Step]:
    """The steps that write ``new`` with every difference from ``old`` marked, article by article."""
    before, after = _articles(units(old)), _articles(units(new))
    steps: list[Step] = []
    matcher = _matcher([k for k, _ in before], [k for k, _ in after])
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for (_, a), (_, b) in zip(before[i1:i2], after[j1:j2], strict=True):
                steps.extend(_diff_units(a, b))
        else:
            steps.extend(Step("del", unit) for _, a in before[i1:i2] for unit in a)
            steps.extend(Step("ins", unit) for _, b in after[j1:j2] for unit in b)
    return steps


def _diff_units(old: list[Unit], new: list[Unit]) -> list[Step]:
    steps: list[Step] = []
    matcher = _matcher([u.signature for u in old], [u.signature for u in new])
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            steps.extend(Step("same", b, a) for a, b in zip(old[i1:i2], new[j1:j2], strict=True))
            continue
        a_units, b_units = old[i1:i2], new[j1:j2]
        for index in range(max(len(a_units), len(b_units))):
            a = a_units[index] if index < len(a_units) else None
            b = b_units[index] if index < len(b_units) else None
            if a is not None and b is not None and _pairs(a, b):
                segments = tuple(word_diff(a.runs, b.runs)) if a.kind != "table" else ()
                steps.append(Step("mod", b, a, segments))
                continue
            if a is not None:
                steps.append(Step("del", a))
            if b is not None:
                steps.append(Step("ins", b))
    return steps


def _pairs(a: Unit, b: Unit) -> bool:
    """Whether ``b`` is ``a`` changed (compared inside) rather than another piece put in its place."""
    if a.kind != b.kind or a.style != b.style or a.kind == "break":
        return False
    if a.kind == "table":
        return _columns(a.block) == _columns(b.block)
    return similar(a.runs, b.runs)


def _columns(table: Table) -> int:
    return max([len(table.header), *(len(row) for row in table.rows)])


# ------------------------------------------------------------------------------------- marking
class Marks:
    """Makes the w:ins and w:del marks: author, date and a w:id counted up from REVISION_ID_BASE."""

    def __init__(self, author: str, when: str | None) -> None:
        self.attrs = {_AUTHOR: author or "charter"}
        if when is not None:
            self.attrs[_DATE] = when
        self.next_id = REVISION_ID_BASE

    def mark(self, parent: Element, kind: str) -> Element:
        """A w:ins or w:del at the end of ``parent``."""
        element = SubElement(parent, _INS if kind == "ins" else _DEL, {_ID: str(self.next_id), **self.attrs})
        self.next_id += 1
        return element

    def runs(self, paragraph: Element, segments: Sequence[Segment], bold: bool = False) -> None:
        """The segments at the end of ``paragraph``: inserted and deleted stretches in their marks."""
        index = 0
        while index < len(segments):
            mark = segments[index][1]
            end = index
            while end < len(segments) and segments[end][1] == mark:
                end += 1
            chunk = [run for run, _ in segments[index:end]]
            if mark == "same":
                add_runs(paragraph, chunk, bold)
            else:
                wrapper = self.mark(paragraph, mark)
                add_runs(wrapper, chunk, bold)
                if mark == "del":
                    _deleted_text(wrapper)
            index = end

    def paragraph_mark(self, paragraph: Element, kind: str) -> None:
        """Mark a whole paragraph inserted or deleted: its paragraph mark too (w:pPr/w:rPr)."""
        if kind not in ("ins", "del"):
            return
        ppr = paragraph[0] if len(paragraph) and paragraph[0].tag == qn("w:pPr") else None
        if ppr is None:
            ppr = SubElement(paragraph, qn("w:pPr"))
            paragraph.insert(0, ppr)
        rpr = SubElement(ppr, _RPR)
        insert_ordered(ppr, rpr, PPR_SEQ)
        self.mark(rpr, kind)

    def whole(self, element: Element, kind: str) -> None:
        """Mark every run under ``element`` (a table) inserted or deleted, and each row with it."""
        for run in list(element.iter(_R)):
            wrapper = self.mark(run.getparent(), kind)
            run.addprevious(wrapper)
            wrapper.append(run)
            if kind == "del":
                _deleted_text(wrapper)
        for row in element.iter(_TR):
            self.row(row, kind)

    def row(self, row: Element, kind: str) -> None:
        tr_pr = row.find(_TR_PR)
        if tr_pr is None:
            tr_pr = SubElement(row, _TR_PR)
            row.insert(0, tr_pr)
        self.mark(tr_pr, kind)


def _deleted_text(wrapper: Element) -> None:
    """Deleted text is w:delText, not w:t."""
    for text in wrapper.iter(_T):
        text.tag = _DEL_TEXT


# -------------------------------------------------------------------------------------- tables
@dataclass(frozen=True)
class _Row:
    mark: str
    cells: tuple[tuple[Segment, ...], ...]

    def runs(self) -> tuple[tuple[Run, ...], ...]:
        return tuple(tuple(run for run, _ in cell) for cell in self.cells)


def _plain_row(row: Sequence[Sequence[Run]], mark: str) -> _Row:
    return _Row(mark, tuple(tuple((run, mark) for run in cell) for cell in row))


def _changed_row(old: Sequence[Sequence[Run]], new: Sequence[Sequence[Run]]) -> _Row:
    width = max(len(old), len(new))
    cells = tuple(
        tuple(word_diff(old[i] if i < len(old) else (), new[i] if i < len(new) else ())) for i in range(width)
    )
    return _Row("same", cells)


def table_rows(old: Table, new: Table) -> list[_Row]:
    """The rows of a changed table: the header compared cell by cell, then the rows matched."""
    rows = [_changed_row(old.header, new.header)]
    matcher = _matcher(old.rows, new.rows)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(_plain_row(row, "same") for row in new.rows[j1:j2])
            continue
        a_rows, b_rows = old.rows[i1:i2], new.rows[j1:j2]
        for index in range(max(len(a_rows), len(b_rows))):
            a = a_rows[index] if index < len(a_rows) else None
            b = b_rows[index] if index < len(b_rows) else None
            if a is not None and b is not None and len(a) == len(b):
                rows.append(_changed_row(a, b))
                continue
            if a is not None:
                rows.append(_plain_row(a, "del"))
            if b is not None:
                rows.append(_plain_row(b, "ins"))
    return rows


def cell_maker(marks: Marks, rows: list[_Row], paragraph: Callable[..., Element]) -> Callable[..., Element]:
    """A paragraph maker for `tables.add_table` that writes each cell's marked segments in turn."""
    cells: Iterator[tuple[Segment, ...]] = iter([cell for row in rows for cell in row.cells])

    def make(parent: Element, logical: str, runs: Sequence[Run] = (), bold: bool = False) -> Element:
        made = paragraph(parent, logical, ())
        marks.runs(made, next(cells, ()), bold)
        return made

    return make
