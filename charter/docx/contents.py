"""The table of contents: one entry per heading, each a link with its number, title and page.

Each entry ends with a PAGEREF field to its heading's bookmark, as Word writes its own tables of
contents. For the .docx, the entries are the stored result of a TOC field (Word's "Update table"
works) and each PAGEREF carries the page LibreOffice measured, so no refresh is needed; without a
measure, the numbers are left blank and Word is asked to refresh on opening. For the PDF, the entries
are plain paragraphs: LibreOffice computes their PAGEREF fields as it lays the pages out.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from functools import partial
from typing import NamedTuple

from charter.blocks import Heading
from charter.docx.fields import add_field, wrap_in_toc
from charter.docx.runs import add_text_run, plain
from charter.docx.xml import Element, SubElement, qn

_HYPERLINK, _ANCHOR, _HISTORY = qn("w:hyperlink"), qn("w:anchor"), qn("w:history")
_R, _TAB = qn("w:r"), qn("w:tab")


class Contents(NamedTuple):
    """How the table of contents is written.

    ``depth``: the heading levels listed (1: articles and annexes; 2 adds sub-articles; 3 their points).
    ``pages``: the page of each heading bookmark, as measured; None when not laid out.
    ``field``: True for the .docx (a TOC field around the entries); False for the PDF's layout,
    where LibreOffice must compute the page numbers itself.
    """

    depth: int = 1
    pages: Mapping[str, int] | None = None
    field: bool = True

    @property
    def refresh_on_open(self) -> bool:
        """Word should refresh the fields on opening only when the numbers are not written in."""
        return self.field and self.pages is None

    def instruction(self) -> str:
        """Word's TOC field: heading levels 1 to ``depth``, entries as links, no page numbers on the web."""
        return f'TOC \\o "1-{self.depth}" \\h \\z \\u'


def add_contents(
    contents: Contents,
    headings: Sequence[Heading],
    numbers: Sequence[str],
    anchors: Sequence[str],
    paragraph: Callable[[str], Element],
    made: Callable[[Hashable, Callable[[], object]], None] | None = None,
) -> None:
    """The entries, each made by ``paragraph(style)`` at the end of the body; ``made(key, build)``,
    when given, may take an entry built for the same key in an earlier charter instead of building
    it (an entry depends only on its heading, number, anchor and page, all in the key). The first
    and last entries of a TOC field are always built here: the field begins and ends in them."""
    lines = [
        (entry, number, anchor)
        for entry, number, anchor in zip(headings, numbers, anchors, strict=True)
        if entry.level <= contents.depth
    ]
    built = [] if lines else [paragraph("TOC 1")]  # the entries built here, in order
    for index, (entry, number, anchor) in enumerate(lines):
        page = "" if contents.pages is None else str(contents.pages.get(anchor, ""))
        build = partial(_entry, paragraph, entry, number, anchor, page)
        if made is None or (contents.field and index in (0, len(lines) - 1)):
            built.append(build())
        else:
            made(("contents", entry.level, entry.runs, number, anchor, page), build)
    if contents.field:
        wrap_in_toc([built[0], built[-1]], contents.instruction())


def _entry(
    paragraph: Callable[[str], Element], heading: Heading, number: str, anchor: str, page: str
) -> Element:
    """One line of the contents: number and title, a tab, the page, all a link to the heading."""
    line = paragraph(f"TOC {min(heading.level, 3)}")
    link = SubElement(line, _HYPERLINK, {_ANCHOR: anchor, _HISTORY: "1"})
    add_text_run(link, f"{number}\t{plain(heading.runs)}" if number else plain(heading.runs))
    SubElement(SubElement(link, _R), _TAB)
    add_field(link, f"PAGEREF {anchor} \\h", page)
    return line
