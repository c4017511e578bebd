"""The plain data that flows from the clause markup to the Word writer.

Every layer above the writer produces these objects and nothing else, so the writer can be
tested on its own and the markup parser never needs python-docx.

The blocks and their runs are named tuples: immutable records that a run makes by the thousand (the
block cache rebuilds them, typography replaces runs) and hashes often (the Word writer keys what it
built on them); a tuple is made and hashed about three times as fast as a frozen dataclass. The same
holds across charter for records on the way of `charter generate`: Python makes a named tuple class
several times faster than a dataclass (about 0.2 against 1 to 1.5 ms each, the dataclass compiling
its methods), and two dozen dataclasses were a tenth of a fresh run. Their mappings are never changed.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple


class Run(NamedTuple):
    """A stretch of text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    line_break: bool = False  # a hard line break *instead of* text
    superscript: bool = False  # a French ordinal's suffix: the "er" of "1er" (charter.typography)


class Heading(NamedTuple):
    """A numbered heading (articles, sub-articles) or an un-numbered annex heading.

    level 1 is an article ("1."), 2 a sub-article ("1.1."), 3 a point ("1.1.1.").
    ``numbered`` is False in annexes, whose level-1 text already says "Annex A - ...".
    """

    level: int
    runs: tuple[Run, ...]
    numbered: bool = True

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class Paragraph(NamedTuple):
    runs: tuple[Run, ...]
    quote: bool = False  # a block quote (a sample disclaimer, say)


class ListItem(NamedTuple):
    runs: tuple[Run, ...]
    children: ListBlock | None = None


class ListBlock(NamedTuple):
    ordered: bool
    items: tuple[ListItem, ...]
    depth: int = 0  # 0 for a top-level list, 1 for a list nested in an item


class Table(NamedTuple):
    header: tuple[tuple[Run, ...], ...]  # one tuple of runs per column
    rows: tuple[tuple[tuple[Run, ...], ...], ...]


class PageBreak(NamedTuple):
    """The next block starts a new page."""


Block = Heading | Paragraph | ListBlock | Table | PageBreak


#: Labels of the title page when the strings give none (a spec made by hand, in a test or a script).
_FALLBACK_LABELS = {
    "version": "Version",
    "effective_date": "Effective date",
    "owner": "Owner",
    "to_be_set": "to be set",
}


def annex_letter(index: int) -> str:
    """The letter of the annex at ``index`` (0: A); past Z, its number (27, 28...): the charter names
    its annexes so, and so does everything that points to one (the governance check-up)."""
    return chr(ord("A") + index) if index < 26 else str(index + 1)


class TitlePage(NamedTuple):
    """What the title page and the document properties say."""

    organisation: str
    title: str
    version: str
    effective_date: date | None
    owner: str
    labels: dict[str, str]  # "version", "effective_date", "owner", "to_be_set", "contents", ...

    def facts(self) -> list[tuple[str, str, str]]:
        """(key, label, value) of the lines under the title, as every writer prints them: version,
        effective date (in the charter's words, "to be set" when there is none) and owner, each when
        it has a value."""
        labels = {**_FALLBACK_LABELS, **self.labels}
        if self.effective_date is None:
            when = labels["to_be_set"]
        else:
            when = self.labels.get("effective_date_value") or self.effective_date.isoformat()
        values = (("version", self.version), ("effective_date", when), ("owner", self.owner))
        return [(key, labels[key], value) for key, value in values if value]


class DocumentSpec(NamedTuple):
    """Everything the Word writer needs: no answers, no templates, only what to print."""

    title_page: TitlePage
    blocks: tuple[Block, ...]
    language_tag: str  # fr-FR, en-GB, en-US
    header_text: str  # "Organisation - Charter title"
    page_label: str  # "Page {page} of {pages}" / "Page {page} sur {pages}"
    contents_title: str  # "Contents" / "Sommaire"
    properties: dict[str, str] = {}  # noqa: RUF012 - subject, keywords, author, ...
