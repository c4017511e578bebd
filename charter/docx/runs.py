"""Runs of text, built with lxml's factory straight into their paragraph.

python-docx's ``Paragraph.add_run`` and ``Run.bold`` cost about seven times as much as the factory
(a proxy object per run, a schema lookup per child) and its bold sets ``w:b`` without the ``w:bCs``
Word writes for complex scripts. Runs are the charter's most numerous element, so they are made here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from charter.blocks import Run
from charter.docx.xml import Element, SubElement, qn

_R, _RPR, _T, _TAB, _BR = qn("w:r"), qn("w:rPr"), qn("w:t"), qn("w:tab"), qn("w:br")
_B, _BCS, _I, _ICS, _VERT = qn("w:b"), qn("w:bCs"), qn("w:i"), qn("w:iCs"), qn("w:vertAlign")
_SPACE = qn("xml:space")
_BREAKS = re.compile(r"(\t|\r\n|\n|\r)")

#: Makes a paragraph at the end of a parent: (parent, logical style, runs=(), bold=False) -> w:p.
ParagraphMaker = Callable[..., Element]


def add_text_run(
    parent: Element, text: str, bold: bool = False, italic: bool = False, superscript: bool = False
) -> Element:
    """A w:r holding ``text`` at the end of ``parent``; tabs and newlines become w:tab and w:br."""
    run = SubElement(parent, _R)
    if bold or italic or superscript:
        rpr = SubElement(run, _RPR)
        if bold:
            SubElement(rpr, _B)
            SubElement(rpr, _BCS)
        if italic:
            SubElement(rpr, _I)
            SubElement(rpr, _ICS)
        if superscript:  # after b, i in the schema's order of w:rPr
            SubElement(rpr, _VERT, {qn("w:val"): "superscript"})
    pieces = _BREAKS.split(text) if ("\t" in text or "\n" in text or "\r" in text) else (text,)
    for piece in pieces:
        if piece == "\t":
            SubElement(run, _TAB)
        elif piece in ("\n", "\r", "\r\n"):
            SubElement(run, _BR)
        elif piece:
            t = SubElement(run, _T)
            t.text = piece
            if piece[0].isspace() or piece[-1].isspace():
                t.set(_SPACE, "preserve")
    return run


def add_runs(paragraph: Element, runs: Iterable[Run], bold: bool = False) -> None:
    """The runs of a block at the end of ``paragraph`` (``bold`` for a table's header row)."""
    for run in runs:
        if run.line_break:
            SubElement(SubElement(paragraph, _R), _BR)
        elif run.text:
            add_text_run(
                paragraph, run.text, bold=run.bold or bold, italic=run.italic, superscript=run.superscript
            )


def plain(runs: Iterable[Run]) -> str:
    """Runs as one line of text, for TOC entries and column widths."""
    return re.sub(r"\s+", " ", "".join(" " if r.line_break else r.text for r in runs)).strip()
