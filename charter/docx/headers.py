"""Header and footer: the header text and "Page X of Y" on every page but the title page.

The parts are made once per reference (:func:`prepare_header_footer`, on the cached master); each
charter only writes its lines into its copy of them (:func:`add_header_footer`).

The sections, their header and footer parts and the "different first page" and "linked to
previous" switches go through python-docx's proxies; the lines themselves are paragraphs made
like the body's, and the page numbers are fields (``fields``).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.section import _Footer, _Header

from charter.blocks import Run
from charter.docx.fields import add_page_label
from charter.docx.runs import ParagraphMaker
from charter.docx.xml import Element, qn

_P, _TBL = qn("w:p"), qn("w:tbl")


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


def add_header_footer(
    document: DocxDocument, paragraph: ParagraphMaker, header_text: str, page_label: str
) -> None:
    """Header text and page numbers on every page but the title page (after any logo), in the parts
    :func:`prepare_header_footer` made."""
    for header, footer in _pairs(document):
        if header_text:
            paragraph(_make_room(header._element), "Header", [Run(header_text)])
        add_page_label(paragraph(_make_room(footer._element), "Footer"), page_label)


def describe_pictures(document: DocxDocument, description: str) -> None:
    """Alt text for every picture of the headers and footers (a logo from the reference): the
    reference's own when it has one, else ``description`` (the organisation's name)."""
    section = document.sections[-1]
    parts = [section.first_page_header, section.first_page_footer]
    for pair in _pairs(document):
        parts.extend(pair)
    for part in parts:
        for doc_pr in part._element.iter(qn("wp:docPr")):
            if not (doc_pr.get("descr") or "").strip():
                doc_pr.set("descr", description)


def _restyle_blank(root: Element) -> None:
    """A blank title-page header in Normal: the Header style may draw a rule even when empty."""
    for pstyle in list(root.iter(qn("w:pStyle"))):
        pstyle.getparent().remove(pstyle)


def _make_room(root: Element) -> Element:
    """Empty a header/footer with nothing to show; keep what the reference put there (a logo),
    so the charter's line goes after it."""
    content = root.xpath(
        ".//w:t[normalize-space(.)!=''] | .//w:drawing | .//w:pict | .//w:object | .//w:instrText"
        " | .//w:fldSimple"
    )
    if not content:
        for child in list(root):
            if child.tag in (_P, _TBL):
                root.remove(child)
    return root
