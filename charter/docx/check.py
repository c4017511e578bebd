"""Refuse a spec whose text a Word document cannot hold, before any XML is built.

Plain Python: no python-docx, no lxml. The message names the character and where it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from charter.blocks import Block, DocumentSpec, Heading, ListBlock, Paragraph, Run, Table
from charter.errors import OutputError

# Characters XML 1.0 cannot carry: C0 controls other than tab/newline/return, lone surrogates,
# U+FFFE and U+FFFF. Written as the short list of bad ranges: the negated form takes 17 ms to compile.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _checked(text: str, what: str) -> str:
    """``text`` unchanged, or OutputError naming the character XML cannot hold and where it is."""
    match = _INVALID_XML.search(text)
    if match is None:
        return text
    before = text[max(0, match.start() - 30) : match.start()]
    near = f' just after "{before}"' if before.strip() else ""
    raise OutputError(
        f"The Word document cannot be written: {what} contains the character U+{ord(match.group()):04X}"
        f"{near}, which a Word document cannot hold. Remove it and try again."
    )


def _check_runs(runs: Iterable[Run], what: str) -> None:
    for run in runs:
        _checked(run.text, what)


def _check_blocks(blocks: Iterable[Block]) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            _check_runs(block.runs, "a heading")
        elif isinstance(block, Paragraph):
            _check_runs(block.runs, "a paragraph")
        elif isinstance(block, ListBlock):
            for item in block.items:
                _check_runs(item.runs, "a list item")
                if item.children is not None:
                    _check_blocks([item.children])
        elif isinstance(block, Table):
            for cell in block.header:
                _check_runs(cell, "a table header")
            for row in block.rows:
                for cell in row:
                    _check_runs(cell, "a table cell")


def check_spec_text(spec: DocumentSpec) -> None:
    """Refuse the whole spec before python-docx sees a character it would choke on."""
    page = spec.title_page
    for value, what in (
        (page.organisation, "the organisation name"),
        (page.title, "the title"),
        (page.version, "the version"),
        (page.owner, "the charter owner"),
        (spec.header_text, "the page header"),
        (spec.page_label, "the page label"),
        (spec.contents_title, "the contents title"),
        (spec.language_tag, "the language tag"),
    ):
        _checked(value, what)
    for key, value in sorted(page.labels.items()):
        _checked(value, f"the label '{key}'")
    for key, value in sorted(spec.properties.items()):
        _checked(value, f"the document property '{key}'")
    _check_blocks(spec.blocks)
