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
from charter.docx.xml import SETTINGS_SEQ, Element, SubElement, insert_ordered, qn

if TYPE_CHECKING:
    from charter.docx.builder import Builder

_TR, _P, _R, _BR, _TYPE = qn("w:tr"), qn("w:p"), qn("w:r"), qn("w:br"), qn("w:type")


class Tracker:
    """The changes from ``previous`` to the builder's spec, written into the builder's body."""

    def __init__(self, builder: Builder, previous: DocumentSpec) -> None:
        self.builder = builder
        self.previous = previous
        page = builder.spec.title_page
        when = None if page.effective_date is None else f"{page.effective_date.isoformat()}T00:00:00Z"
        self.marks = Marks(page.owner, when)
        self.old_title = title_lines(previous.title_page, french=previous.language_tag.startswith("fr"))
        self.old_front, self.old_rest = split_front(previous.blocks)
        self.last: dict[str, Element | None] = {"old": None, "new": None}  # each version's last written
        settings = builder.settings  # reviewers' own edits are tracked too
        if settings.find(qn("w:trackRevisions")) is None:
            insert_ordered(settings, SubElement(settings, qn("w:trackRevisions")), SETTINGS_SEQ)

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
                self.page_break("same")
        contents()
        self.last = {"old": None, "new": None}
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
            paragraph = None
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
                paragraph = self.table(step, sect_pr)
            elif unit.kind == "break":
                self.page_break(step.mark)
            if paragraph is not None:
                self.written(paragraph, step.mark)
            previous = unit.kind

    def written(self, element: Element, mark: str) -> None:
        """Remember the last paragraph or table of each version, for the page breaks."""
        if mark != "del":
            self.last["new"] = element
        if mark != "ins":
            self.last["old"] = element

    def page_break(self, mark: str) -> None:
        """A page break where each version has it: at the end of that version's last paragraph (kept
        or inserted for the new version, kept or deleted for the old one), or in a paragraph of its
        own after a table. When the versions place it alike it is one plain break; otherwise the old
        place gets a deleted break and the new one an inserted break."""
        where = {side: self._break_place(side) for side in ("old", "new")}
        if mark in ("same", "mod") and where["old"] is where["new"]:
            self._break_in(where["new"], "same")
            return
        for side, kind in (("old", "del"), ("new", "ins")):
            if mark in ("same", "mod") or mark == kind:
                self._break_in(where[side], kind)

    def _break_place(self, side: str) -> Element | None:
        """The paragraph a break of ``side`` ends, or None for a paragraph of its own."""
        last = self.last[side]
        return last if last is not None and last.tag == _P else None

    def _break_in(self, paragraph: Element | None, kind: str) -> None:
        if paragraph is None:
            paragraph = self.builder._body_paragraph("Normal")
            self.marks.paragraph_mark(paragraph, kind)
            self.written(paragraph, kind)
        parent = paragraph if kind == "same" else self.marks.mark(paragraph, kind)
        SubElement(SubElement(parent, _R), _BR, {_TYPE: "page"})

    def fill(self, paragraph: Element, step: Step) -> None:
        if step.mark == "mod":
            self.marks.runs(paragraph, step.segments)
        elif step.mark == "same":
            add_runs(paragraph, step.unit.runs)
        else:
            self.marks.runs(paragraph, [(run, step.mark) for run in step.unit.runs])

    def table(self, step: Step, sect_pr: Element) -> Element | None:
        builder = self.builder
        table: Table = step.unit.block
        if step.mark != "mod" or step.old is None:
            made = builder._table(table, sect_pr)
            if made is not None and step.mark in ("ins", "del"):
                self.marks.whole(made, step.mark)
            return made
        rows = table_rows(step.old.block, table)
        width = max(len(row.cells) for row in rows)
        rows = [type(row)(row.mark, (*row.cells, *(((),) * (width - len(row.cells))))) for row in rows]
        merged = Table(rows[0].runs(), tuple(row.runs() for row in rows[1:]))
        made = builder._table(merged, sect_pr, cell_maker(self.marks, rows, builder.paragraph))
        if made is None:
            return None
        for row, element in zip(rows, made.iterchildren(_TR), strict=False):
            if row.mark in ("ins", "del"):
                self.marks.row(element, row.mark)
        return made
