"""The check-up shown: as lines for a terminal (`charter assess`, the interview), and as the blocks of an
annex (`charter generate --with-assessment`), which every writer prints like any other annex."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from charter.assess.points import Assessment, Point
from charter.blocks import Block, Heading, ListBlock, ListItem, Paragraph, Run, Table

MARKS = {"ahead": "✓", "behind": "✗", "info": "•"}
WIDTH = 88  # a terminal line, when the caller gives no width


@dataclass(frozen=True)
class Line:
    """One line for a terminal, and its kind (for its style): heading, source, ahead, behind, info,
    text, next, advice, pointer, or blank."""

    text: str
    kind: str = "text"


def pointers(point: Point, assessment: Assessment) -> list[str]:
    """Where a recommendation points: the article or annex of this charter that answers it, and the
    answer to give (with the clause it adds, when that clause is not in the charter)."""
    found = []
    if point.target is not None:
        target = point.target
        found.append(assessment.word(target.part, number=target.number, title=target.title))
    change = point.change
    if change is not None:
        text = assessment.word(
            "answer", key=change.key, value=change.value, question=change.question, label=change.label
        )
        found.append(text + (assessment.word("adds", title=change.adds) if change.adds else ""))
    return found


def terminal_lines(assessment: Assessment, width: int = WIDTH) -> list[Line]:
    """The check-up as a terminal shows it: each point with its mark, figure and standing, then what to
    do next (each recommendation with its pointers), or that there is nothing to recommend."""
    say = assessment.word
    lines = [Line(say("heading", title=say("title"), organisation=assessment.organisation), "heading")]
    lines += _wrapped(say("source"), "source", width)
    lines.append(Line("", "blank"))
    for point in assessment.points:
        lines.append(Line(f"{MARKS[point.mark]} {point.title}", point.mark))
        lines += _wrapped(say("figure", figure=point.figure), "text", width, "    ")
        lines += _wrapped(point.standing, "text", width, "    ")
    lines.append(Line("", "blank"))
    recommendations = assessment.recommendations
    if not recommendations:
        return [*lines, *_wrapped(say("nothing"), "next", width)]
    lines.append(Line(say("next"), "next"))
    for number, point in enumerate(recommendations, 1):
        lines.append(Line(f"  {number}. {point.title}", "advice"))
        lines += _wrapped(point.advice or "", "text", width, "     ")
        for pointer in pointers(point, assessment):
            lines += _wrapped(f"→ {pointer}", "pointer", width, "     ", "       ")
    return lines


def terminal_text(assessment: Assessment, width: int = WIDTH) -> str:
    """The terminal lines as one text."""
    return "".join(line.text + "\n" for line in terminal_lines(assessment, width))


def _wrapped(text: str, kind: str, width: int, first: str = "", rest: str | None = None) -> list[Line]:
    """``text`` cut at spaces to ``width`` columns (never inside a word, nor at a no-break space)."""
    cut = textwrap.wrap(
        text,
        width=max(width, 40),
        initial_indent=first,
        subsequent_indent=first if rest is None else rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [Line(line, kind) for line in cut or [first]]


def annex_blocks(assessment: Assessment) -> list[Block]:
    """The check-up as the body of an annex: what it is, a table of the points (the barometer's figure
    and this organisation's standing), then what to do next and where the charter answers it."""
    say = assessment.word
    header = tuple((Run(say(key)),) for key in ("column_point", "column_figure", "column_standing"))
    rows = tuple(
        ((Run(p.title),), (Run(_sentence(p.figure)),), (Run(p.standing),)) for p in assessment.points
    )
    blocks: list[Block] = [
        Paragraph((Run(say("intro")),)),
        Table(header, rows),
        Heading(2, (Run(say("next")),), numbered=False),
    ]
    if not assessment.recommendations:
        return [*blocks, Paragraph((Run(say("nothing")),))]
    items = []
    for point in assessment.recommendations:
        runs = [Run(point.title, bold=True), Run("", line_break=True), Run(point.advice or "")]
        for pointer in pointers(point, assessment):
            runs += [Run("", line_break=True), Run(f"→ {pointer}")]
        items.append(ListItem(tuple(runs)))
    return [*blocks, ListBlock(ordered=True, items=tuple(items))]


def _sentence(text: str) -> str:
    """A figure as a sentence of its own (half of firms... -> Half of firms...)."""
    return text[:1].upper() + text[1:]
