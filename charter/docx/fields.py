"""Complex fields: the table of contents, and the page numbers of the footer.

python-docx has no field API, so each field is written as Word writes it, five runs built with
lxml's factory: begin, the instruction, separate, the stored result, end.
"""

from __future__ import annotations

import re

from charter.docx.runs import add_text_run
from charter.docx.xml import Element, SubElement, qn

_R, _FLD_CHAR, _INSTR = qn("w:r"), qn("w:fldChar"), qn("w:instrText")
_TYPE, _SPACE = qn("w:fldCharType"), qn("xml:space")
_PLACEHOLDERS = re.compile(r"(\{page\}|\{pages\})")
_PAGE_FIELDS = {"{page}": "PAGE", "{pages}": "NUMPAGES"}


def _field_char(parent: Element, kind: str) -> Element:
    run = SubElement(parent, _R)
    SubElement(run, _FLD_CHAR, {_TYPE: kind})
    return run


def add_field(paragraph: Element, instruction: str, cached: str) -> list[Element]:
    """A complex field at the end of ``paragraph``; its five runs, in order."""
    begin = _field_char(paragraph, "begin")
    instr = SubElement(paragraph, _R)
    text = SubElement(instr, _INSTR)
    text.text = f" {instruction} "
    text.set(_SPACE, "preserve")
    separate = _field_char(paragraph, "separate")
    result = add_text_run(paragraph, cached)
    return [begin, instr, separate, result, _field_char(paragraph, "end")]


def wrap_in_toc(paragraphs: list[Element], instruction: str) -> None:
    """Make the TOC field span ``paragraphs``: it begins after the first one's properties and
    ends with the last one, so their entries are the field's stored result."""
    first, last = paragraphs[0], paragraphs[-1]
    begin, instr, separate, result, end = add_field(first, instruction, "")
    first.remove(result)  # the entries are the result
    index = 1 if len(first) and first[0].tag == qn("w:pPr") else 0
    for offset, run in enumerate((begin, instr, separate)):
        first.insert(index + offset, run)
    last.append(end)


def add_page_label(paragraph: Element, label: str) -> None:
    """A footer line, its {page} and {pages} turned into PAGE and NUMPAGES fields."""
    for piece in _PLACEHOLDERS.split(label):
        if piece in _PAGE_FIELDS:
            add_field(paragraph, _PAGE_FIELDS[piece], "1")
        elif piece:
            add_text_run(paragraph, piece)
