"""Refuse a spec whose text no writer can hold, before anything is built: the one check every
format (Word, HTML, Markdown) runs. The message names the character and where it is."""

from __future__ import annotations

import re
from collections.abc import Iterable

from charter.blocks import Block, DocumentSpec, Heading, ListBlock, Paragraph, Run, Table
from charter.errors import OutputError

# Characters XML 1.0 cannot carry: C0 controls other than tab/newline/return, lone surrogates,
# U+FFFE and U+FFFF. Written as the short list of bad ranges: the negated form takes 17 ms to compile.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class _Checker:
    """Checks texts for ``document`` ("The Word document"), saying why a character is refused."""

    def __init__(self, document: str, reason: str) -> None:
        self.document, self.reason = document, reason

    def __call__(self, text: str, what: str) -> str:
        """``text`` unchanged, or OutputError naming the character and where it is."""
        match = _INVALID_XML.search(text)
        if match is None:
            return text
        before = text[max(0, match.start() - 30) : match.start()]
        near = f' just after "{before}"' if before.strip() else ""
        raise OutputError(
            f"{self.document} cannot be written: {what} contains the character U+{ord(match.group()):04X}"
            f"{near}, {self.reason}. Remove it and try again."
        )


def _check_runs(_checked: _Checker, runs: Iterable[Run], what: str) -> None:
    for run in runs:
        _checked(run.text, what)


#: Blocks found clean in this process: a block is immutable, and a batch's charters share most of
#: theirs, so each is read once. Bounded: past MAX_PASSED, blocks are simply read again.
_PASSED: set[Block] = set()
MAX_PASSED = 20_000


def _check_blocks(_checked: _Checker, blocks: Iterable[Block]) -> None:
    for block in blocks:
        if block in _PASSED:
            continue
        _check_block(_checked, block)
        if len(_PASSED) < MAX_PASSED:
            _PASSED.add(block)


def _check_block(_checked: _Checker, block: Block) -> None:
    if isinstance(block, Heading):
        _check_runs(_checked, block.runs, "a heading")
    elif isinstance(block, Paragraph):
        _check_runs(_checked, block.runs, "a paragraph")
    elif isinstance(block, ListBlock):
        for item in block.items:
            _check_runs(_checked, item.runs, "a list item")
            if item.children is not None:
                _check_blocks(_checked, [item.children])
    elif isinstance(block, Table):
        for cell in block.header:
            _check_runs(_checked, cell, "a table header")
        for row in block.rows:
            for cell in row:
                _check_runs(_checked, cell, "a table cell")


def check_spec_text(
    spec: DocumentSpec,
    document: str = "The Word document",
    reason: str = "which a Word document cannot hold",
) -> None:
    """Refuse the whole spec before a writer sees a character it would choke on (XML cannot hold
    it; a browser or a forge would show garbage)."""
    _checked = _Checker(document, reason)
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
    _check_blocks(_checked, spec.blocks)
