"""Header and footer: the header text and "Page X of Y" on every page but the title page.

The parts are made once per reference (:func:`prepare_header_footer`, when it is fitted), and
:func:`header_roles` names them for the kept master (``master``); each charter only writes its lines
into its copy of them (:func:`add_header_footer`), with lxml alone.

The sections, their header and footer parts and the "different first page" and "linked to
previous" switches go through python-docx's proxies; the lines themselves are paragraphs made
like the body's, and the page numbers are fields (``fields``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from lxml import etree  # type: ignore[import-untyped]

from charter.blocks import Run
from charter.docx.fields import add_page_label
from charter.docx.runs import ParagraphMaker
from charter.docx.xml import NAMESPACES, Element, qn

if TYPE_CHECKING:  # python-docx is loaded only to fit a reference
    from docx.document import Document as DocxDocument
    from docx.section import _Footer, _Header

_P, _TBL = qn("w:p"), qn("w:tbl")
#: The parts a charter writes lines into, as the kept master names them: the title page's (left
#: blank), then each (header, footer) pair: every page's, and the even pages' when the reference
#: distinguishes them.
FIRST_PAGE = ("first_header", "first_footer")
PAIRS = (("header", "footer"), ("even_header", "even_footer"))


def prepare_header_footer(document: DocxDocument) -> None:
    """Once per reference: a blank title page, and header and footer parts of its own for the other
    pages (odd and even when the reference distinguishes them). Nothing of a charter's text yet."""
    section = document.sections[-1]
    section.different_first_page_header_footer = True
    for part in (section.first_page_header, section.first_page_footer):
        if part.is_linked_to_previous:
            part.is_linked_to_previous = False
            _restyle_blank(part._element)
    for header, footer in _pairs(document):
        for part in (header, footer):
            if part.is_linked_to_previous:
                part.is_linked_to_previous = False


def _pairs(document: DocxDocument) -> list[tuple[_Header, _Footer]]:
    section = document.sections[-1]
    pairs = [(section.header, section.footer)]
    if document.settings.odd_and_even_pages_header_footer:
        pairs.append((section.even_page_header, section.even_page_footer))
    return pairs


def header_roles(document: DocxDocument) -> dict[str, str]:
    """The zip member of each part :func:`prepare_header_footer` made, by role (FIRST_PAGE, PAIRS)."""
    section = document.sections[-1]
    found = {
        "first_header": section.first_page_header,
        "first_footer": section.first_page_footer,
    }
    for (header_role, footer_role), (header, footer) in zip(PAIRS, _pairs(document), strict=False):
        found[header_role], found[footer_role] = header, footer
    return {role: part.part.partname.membername for role, part in found.items()}


def add_header_footer(
    pairs: Sequence[tuple[Element, Element]], paragraph: ParagraphMaker, header_text: str, page_label: str
) -> None:
    """Header text and page numbers on every page but the title page (after any logo), in the
    (header, footer) parts :func:`prepare_header_footer` made (their w:hdr and w:ftr)."""
    for header, footer in pairs:
        if header_text:
            paragraph(_make_room(header), "Header", [Run(header_text)])
        add_page_label(paragraph(_make_room(footer), "Footer"), page_label)


def describe_pictures(roots: Iterable[Element], description: str) -> None:
    """Alt text for every picture of the headers and footers (their roots: a logo from the
    reference): the reference's own when it has one, else ``description`` (the organisation's name)."""
    for root in roots:
        for doc_pr in root.iter(qn("wp:docPr")):
            if not (doc_pr.get("descr") or "").strip():
                doc_pr.set("descr", description)


def _restyle_blank(root: Element) -> None:
    """A blank title-page header in Normal: the Header style may draw a rule even when empty."""
    for pstyle in list(root.iter(qn("w:pStyle"))):
        pstyle.getparent().remove(pstyle)


#: What a header or footer shows: text, a picture, an object or a field (compiled once: each charter
#: asks it of four parts).
_SHOWN = etree.XPath(
    ".//w:t[normalize-space(.)!=''] | .//w:drawing | .//w:pict | .//w:object | .//w:instrText"
    " | .//w:fldSimple",
    namespaces=NAMESPACES,
)


def _make_room(root: Element) -> Element:
    """Empty a header/footer with nothing to show; keep what the reference put there (a logo),
    so the charter's line goes after it."""
    if not _SHOWN(root):
        for child in list(root):
            if child.tag in (_P, _TBL):
                root.remove(child)
    return root
