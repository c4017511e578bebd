"""What the HTML and Markdown writers share: heading numbers and anchors, the title-page lines, the
lines of a run of text, and the refusal of characters no text file should carry.

The numbers are the ones the Word writer's built-in reference prints ("1.", "1.1.", "1.1.1."; annex
headings unnumbered), so every format of a charter cites the same article numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from charter.blocks import Block, DocumentSpec, Heading, Run, Table
from charter.textcheck import check_spec_text

#: Heading levels the charter numbers and styles: 1 (article) to 3 (point), as in charter.docx.
MAX_LEVEL = 3
_NEWLINES = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Entry:
    """A heading with its printed number ("" when unnumbered), its anchor and its outline depth.

    ``depth`` is the heading's level with no gap: a point (level 3) right under an article is
    depth 2, so the HTML outline and the Markdown contents never skip a level.
    """

    heading: Heading
    number: str
    anchor: str
    depth: int


def clamp(level: int) -> int:
    return min(max(level, 1), MAX_LEVEL)


def heading_numbers(blocks: Sequence[Block]) -> list[str]:
    """The number printed before each heading, in order ("" for an unnumbered one).

    Mirrors charter.docx.numbering.heading_numbers on the built-in "%1.%2.%3." numbering: a deeper
    counter restarts under a new heading, and a level that was skipped prints as 1.
    """
    counters = [0] * MAX_LEVEL
    numbers = []
    for block in blocks:
        if not isinstance(block, Heading):
            continue
        if not block.numbered:
            numbers.append("")
            continue
        index = clamp(block.level) - 1
        counters[index] += 1
        for deeper in range(index + 1, MAX_LEVEL):
            counters[deeper] = 0
        numbers.append("".join(f"{max(counter, 1)}." for counter in counters[: index + 1]))
    return numbers


def outline(blocks: Sequence[Block]) -> list[Entry]:
    """Every heading of ``blocks`` in order, with its number, a unique anchor and its depth.

    Anchors are stable across runs and readable in a link: "art-3", "art-3-1", "annex-1",
    "annex-1-2" (the second sub-heading of the first annex).
    """
    headings = [b for b in blocks if isinstance(b, Heading)]
    entries: list[Entry] = []
    used: set[str] = set()
    annex = [0] * MAX_LEVEL  # counters of the unnumbered headings
    depth = 0
    for heading, number in zip(headings, heading_numbers(blocks), strict=True):
        level = clamp(heading.level)
        if number:
            anchor = "art-" + "-".join(number.rstrip(".").split("."))
        else:
            annex[level - 1] += 1
            for deeper in range(level, MAX_LEVEL):
                annex[deeper] = 0
            anchor = "annex-" + "-".join(str(c) for c in annex[:level])
        unique, suffix = anchor, 1
        while unique in used:
            suffix += 1
            unique = f"{anchor}-{suffix}"
        used.add(unique)
        depth = min(level, depth + 1)
        entries.append(Entry(heading, number, unique, depth))
    return entries


def split_front(blocks: Sequence[Block]) -> tuple[Sequence[Block], Sequence[Block]]:
    """The blocks before the first heading (a revision history: the Word writer prints it between
    the title page and the contents) and the rest, from the first article on."""
    first = next((index for index, block in enumerate(blocks) if isinstance(block, Heading)), len(blocks))
    return blocks[:first], blocks[first:]


def listed(entries: Sequence[Entry], depth: int) -> list[tuple[Entry, int]]:
    """The entries the contents list (heading levels 1 to ``depth``), each with its nesting in the
    list, which never deepens by more than one."""
    found: list[tuple[Entry, int]] = []
    for entry in entries:
        if clamp(entry.heading.level) <= depth:
            found.append((entry, min(entry.depth, found[-1][1] + 1 if found else 1)))
    return found


def lines(runs: Iterable[Run]) -> list[list[Run]]:
    """Runs cut into lines at each line break (a line-break run, or a newline inside a text, which
    the Word writer prints as a break too); tabs become spaces."""
    found: list[list[Run]] = [[]]
    for run in runs:
        if run.line_break:
            found.append([])
            continue
        for index, piece in enumerate(_NEWLINES.split(run.text.replace("\t", " "))):
            if index:
                found.append([])
            if piece:
                found[-1].append(Run(piece, run.bold, run.italic, superscript=run.superscript))
    return found


def title_lines(spec: DocumentSpec) -> list[tuple[str, str]]:
    """The (label, value) lines under the title (`TitlePage.facts`)."""
    return [(label, value) for _, label, value in spec.title_page.facts()]


def table_rows(table: Table) -> list[list[tuple[Run, ...]]]:
    """The header and the rows of a table, each padded to the widest row (as the Word writer does);
    empty when the table has no column."""
    columns = max([len(table.header), *(len(row) for row in table.rows)], default=0)
    if not columns:
        return []
    return [[*row, *([()] * (columns - len(row)))] for row in (table.header, *table.rows)]


def check_text(spec: DocumentSpec, what: str) -> None:
    """Refuse a spec holding a control character: it is no text, and browsers and forges show it as
    garbage (or drop it) where the user meant something. ``what`` names the file ("The HTML page")."""
    check_spec_text(spec, what, "which is not text")
