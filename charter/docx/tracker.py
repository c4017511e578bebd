"""Writes the body of a charter with tracked changes against a previous version (see ``revisions``).

The builder calls the tracker instead of writing the blocks itself when it was given a previous
version; the tracker writes each step with the builder's own paragraph, heading, list and table
makers, so the tracked charter is styled and numbered exactly as the plain one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

from charter.blocks import Block, DocumentSpec, Run, Table
from charter.docx.builder import AFTER_TABLE_SPACE, split_front, title_lines
from charter.docx.revisions import Marks, Step, align, cell_maker, table_rows, word_diff
from charter.docx.runs import add_runs
from charter.docx.xml import Element, qn

if TYPE_CHECKING:
    from charter.docx.builder import Builder

_TR = qn("w:tr")


class Tracker:
    """The changes from ``previous`` to the builder's spec, written into the builder's body."""

    def __init__(self, builder: Builder, previous: DocumentSpec) -> None:
        self.builder = builder
        self.previous = previous
        page = builder.spec.title_page
        when = None if page.effective_date is None else f"{page.effective_date.isoformat()}T00:00:00Z"
        self.marks = Marks(page.owner, when)
        self.old_title = title_lines(previous.title_page)
        self.old_front, self.old_rest = split_front(previous.blocks)

    # ---------------------------------------------------------------------------------- title page
    def title_line(self, paragraph: Element, key: str, runs: tuple[Run, ...]) -> None:
        old = self.old_title.get(key)
        if old is None:
            self.marks.runs(paragraph, [(run, "ins") for run in runs])
            self.marks.paragraph_mark(paragraph, "ins")
        elif old == runs:
            add_runs(paragraph, runs)
        else:
            self.marks.runs(paragraph, word_diff(old, runs))

    # ---------------------------------------------------------------------------------------- body
    def body(
        self,
        front: Sequence[Block],
        rest: Sequence[Block],
        anchors: Sequence[str],
        sect_pr: Element,
        contents: Callable[[], None],
    ) -> None:
        """The revision history (after the title page), the contents, then the articles."""
        if front or self.old_front:
            self.write(align(self.old_front, front), iter(()), sect_pr)
            if front:
                self.builder._page_break()
        contents()
        self.write(align(self.old_rest, rest), iter(anchors), sect_pr)

    def write(self, steps: list[Step], anchors: Iterator[str], sect_pr: Element) -> None:
        builder = self.builder
        # An old list whose items were kept goes on numbering with its new list.
        same_list = {
            id(step.old.block): id(step.unit.block)
            for step in steps
            if step.old is not None and step.unit.kind == "item"
        }
        lists: dict[int, tuple[str, tuple[str, str] | None]] = {}
        previous: str | None = None
        for step in steps:
            unit = step.unit
            if unit.kind == "heading":
                anchor = None if step.mark == "del" else next(anchors)
                paragraph = builder._heading(unit.block, anchor, partial(self.fill, step=step))
                self.marks.paragraph_mark(paragraph, step.mark)
            elif unit.kind == "para":
                paragraph = builder._body_paragraph("Quote" if unit.block.quote else "Normal")
                if previous == "table":
                    builder._space_before(paragraph, AFTER_TABLE_SPACE)
                self.fill(paragraph, step)
                self.marks.paragraph_mark(paragraph, step.mark)
            elif unit.kind == "item":
                key = same_list.get(id(unit.block), id(unit.block))
                if key not in lists:
                    lists[key] = builder.list_style(unit.block, unit.depth)
                paragraph = builder.list_item(*lists[key])
                self.fill(paragraph, step)
                self.marks.paragraph_mark(paragraph, step.mark)
            elif unit.kind == "table":
                self.table(step, sect_pr)
            elif unit.kind == "break" and step.mark != "del":
                builder._page_break()
            previous = unit.kind

    def fill(self, paragraph: Element, step: Step) -> None:
        if step.mark == "mod":
            self.marks.runs(paragraph, step.segments)
        elif step.mark == "same":
            add_runs(paragraph, step.unit.runs)
        else:
            self.marks.runs(paragraph, [(run, step.mark) for run in step.unit.runs])

    def table(self, step: Step, sect_pr: Element) -> None:
        builder = self.builder
        table: Table = step.unit.block
        if step.mark != "mod" or step.old is None:
            made = builder._table(table, sect_pr)
            if made is not None and step.mark in ("ins", "del"):
                self.marks.whole(made, step.mark)
            return
        rows = table_rows(step.old.block, table)
        width = max(len(row.cells) for row in rows)
        rows = [type(row)(row.mark, (*row.cells, *(((),) * (width - len(row.cells))))) for row in rows]
        merged = Table(rows[0].runs(), tuple(row.runs() for row in rows[1:]))
        made = builder._table(merged, sect_pr, cell_maker(self.marks, rows, builder.paragraph))
        if made is None:
            return
        for row, element in zip(rows, made.iterchildren(_TR), strict=False):
            if row.mark in ("ins", "del"):
                self.marks.row(element, row.mark)
