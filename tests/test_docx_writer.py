"""The Word writer, read back with python-docx: styles, numbering, fields, properties, references."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from charter.blocks import (
    DocumentSpec,
    Heading,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TitlePage,
)
from charter.docx.contents import Contents
from charter.docx.writer import check_reference_doc, render_docx, write_docx
from charter.errors import CharterError, OutputError, ReferenceDocError

ROOT = Path(__file__).resolve().parent.parent
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


# --------------------------------------------------------------------------------------------- helpers
def xp(element, path: str) -> list:
    """XPath with the w: prefix on any element (python-docx only maps prefixes on its own classes)."""
    return etree.XPath(path, namespaces=NS)(element)


def runs(text: str, **formatting: bool) -> tuple[Run, ...]:
    return (Run(text, **formatting),)


def make_spec(
    *,
    blocks: tuple = (),
    language_tag: str = "en-GB",
    effective: date | None = date(2027, 3, 1),
    properties: dict[str, str] | None = None,
    organisation: str = "Acme & Co",
) -> DocumentSpec:
    labels = {
        "version": "Version",
        "effective_date": "Effective date",
        "owner": "Charter owner",
        "to_be_set": "to be set",
    }
    if effective is not None:
        labels["effective_date_value"] = "1 March 2027"
    title_page = TitlePage(
        organisation, "Social media usage charter", "1.0", effective, "Senior management", labels
    )
    return DocumentSpec(
        title_page=title_page,
        blocks=blocks,
        language_tag=language_tag,
        header_text="Acme & Co - Social media usage charter",
        page_label="Page {page} of {pages}",
        contents_title="Contents",
        properties={
            "title": "Social media usage charter",
            "subject": "Rules for the use of social media",
            "author": "Acme & Co",
            "keywords": "social media, charter",
            "comments": "Version 1.0",
            "category": "Policy",
            "last_modified_by": "Acme & Co",
        }
        if properties is None
        else properties,
    )


SAMPLE_BLOCKS = (
    Heading(1, runs("Purpose")),
    Paragraph((Run("Applies to "), Run("every", italic=True), Run(" employee of "), Run("Acme", bold=True))),
    Heading(2, runs("What is deleted")),
    ListBlock(
        True,
        (
            ListItem(runs("unlawful content;")),
            ListItem(
                runs("personal data;"),
                ListBlock(True, (ListItem(runs("names")), ListItem(runs("emails"))), 1),
            ),
        ),
    ),
    Paragraph(runs("A second list:")),
    ListBlock(True, (ListItem(runs("first")), ListItem(runs("second")))),
    ListBlock(False, (ListItem(runs("a bullet"), ListBlock(False, (ListItem(runs("nested")),), 1)),)),
    Heading(3, runs("A point")),
    Paragraph((Run("A quotation"), Run("", line_break=True), Run("on two lines")), quote=True),
    Heading(1, runs("Official accounts")),
    Table(
        header=(runs("Platform"), runs("Account")),
        rows=((runs("LinkedIn"), runs("acme-co")), (runs("X"), runs("@acme"))),
    ),
    PageBreak(),
    Heading(1, runs("Annex A - Acknowledgement form"), numbered=False),
    Heading(2, runs("Signature"), numbered=False),
)


SUB_ARTICLES = Contents(depth=2)


def render(
    spec: DocumentSpec | None = None, reference: Path | None = None, contents: Contents = SUB_ARTICLES
) -> docx.document.Document:
    data = render_docx(spec or make_spec(blocks=SAMPLE_BLOCKS), reference, contents=contents)
    return docx.Document(io.BytesIO(data))


def body_paragraphs(document: docx.document.Document) -> list:
    return document.element.body.findall(qn("w:p"))


def text_of(element) -> str:
    """Visible text of an element, tabs as \\t, ignoring field instructions."""
    out = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            out.append("\t")
        elif node.get(qn("w:type")) != "page":
            out.append("\n")
    return "".join(out)


def style_numbering(document: docx.document.Document, style_name: str) -> tuple[str, str, object]:
    """(numId, ilvl, abstractNum) the named paragraph style numbers with."""
    (style,) = [
        s
        for s in xp(document.styles.element, "w:style")
        if xp(s, "w:name/@w:val")[0].lower() == style_name.lower()
    ]
    num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    assert num_pr is not None, f"{style_name} has no numPr"
    num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
    ilvl_el = num_pr.find(qn("w:ilvl"))
    ilvl = ilvl_el.get(qn("w:val")) if ilvl_el is not None else "0"
    numbering = document.part.numbering_part.element
    num = xp(numbering, f"w:num[@w:numId='{num_id}']")[0]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = xp(numbering, f"w:abstractNum[@w:abstractNumId='{abstract_id}']")[0]
    return num_id, ilvl, abstract


def lvl_text(abstract, ilvl: str) -> str:
    return xp(abstract, f"w:lvl[@w:ilvl='{ilvl}']/w:lvlText/@w:val")[0]


CT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    "{extra}</Types>"
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def minimal_docx(
    path: Path,
    styles: str,
    body: str = "<w:p><w:r><w:t>Reference body text</w:t></w:r></w:p>",
    numbering: str | None = None,
) -> Path:
    """A bare .docx with only document and styles parts: what LibreOffice writes for a plain file."""
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    document_xml = (
        f'{declaration}<w:document xmlns:w="{W}" xmlns:r="{REL}">'
        f'<w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="0" w:footer="0"'
        ' w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )
    rels = (
        f'{declaration}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    )
    package_rels = f'{rels}<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
    document_rels = f'{rels}<Relationship Id="rId1" Type="{REL}/styles" Target="styles.xml"/>'
    extra_types = ""
    if numbering is not None:
        document_rels += f'<Relationship Id="rId2" Type="{REL}/numbering" Target="numbering.xml"/>'
        extra_types = (
            '<Override PartName="/word/numbering.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
        )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CT_TYPES.format(extra=extra_types))
        archive.writestr("_rels/.rels", package_rels + "</Relationships>")
        archive.writestr("word/document.xml", document_xml)
        archive.writestr("word/_rels/document.xml.rels", document_rels + "</Relationships>")
        archive.writestr("word/styles.xml", f'{declaration}<w:styles xmlns:w="{W}">{styles}</w:styles>')
        if numbering is not None:
            archive.writestr(
                "word/numbering.xml", f'{declaration}<w:numbering xmlns:w="{W}">{numbering}</w:numbering>'
            )
    return path


def pstyle(style_id: str, name: str, extra: str = "", kind: str = "paragraph", default: bool = False) -> str:
    default_attr = ' w:default="1"' if default else ""
    head = f'<w:style w:type="{kind}"{default_attr} w:styleId="{style_id}">'
    return f'{head}<w:name w:val="{name}"/>{extra}</w:style>'


LIBREOFFICE_STYLES = (
    pstyle("Normal", "Normal", default=True)
    + pstyle("Heading", "Heading", '<w:basedOn w:val="Normal"/>')
    + pstyle("TextBody", "Body Text", '<w:basedOn w:val="Normal"/>')
    + pstyle("Quotations", "Quotations", '<w:basedOn w:val="Normal"/>')
)


def pandoc_like_styles() -> str:
    """pandoc's reference.docx styles as pandoc 2.x names them (styleId Heading1, name "Heading 1")."""
    styles = pstyle("Normal", "Normal", default=True) + pstyle(
        "BodyText", "Body Text", '<w:basedOn w:val="Normal"/>'
    )
    styles += pstyle("Title", "Title", '<w:basedOn w:val="Normal"/>')
    styles += pstyle("Subtitle", "Subtitle", '<w:basedOn w:val="Title"/>')
    for level in range(1, 4):
        styles += pstyle(
            f"Heading{level}",
            f"Heading {level}",
            f'<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="{level - 1}"/></w:pPr>',
        )
    styles += pstyle("BlockText", "Block Text", '<w:basedOn w:val="BodyText"/>')
    styles += pstyle("Table", "Table", kind="table")
    styles += pstyle("TOCHeading", "TOC Heading", '<w:basedOn w:val="Heading1"/>')
    return styles


def pandoc_reference(tmp_path: Path) -> Path:
    """pandoc's own reference.docx when pandoc is installed, else a file with the same style names."""
    target = tmp_path / "pandoc-reference.docx"
    pandoc = shutil.which("pandoc")
    if pandoc:
        result = subprocess.run(
            [pandoc, "-o", str(target), "--print-default-data-file", "reference.docx"],
            capture_output=True,
            check=False,
        )
        if result.returncode == 0 and target.is_file():
            return target
    return minimal_docx(target, pandoc_like_styles())


# ------------------------------------------------------------------------------------ headings & TOC
def test_headings_use_heading_styles_linked_to_one_outline_numbering() -> None:
    document = render()
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert [(p.style.name, p.text) for p in headings] == [
        ("Heading 1", "Purpose"),
        ("Heading 2", "What is deleted"),
        ("Heading 3", "A point"),
        ("Heading 1", "Official accounts"),
        ("Heading 1", "Annex A - Acknowledgement form"),
        ("Heading 2", "Signature"),
    ]
    found = [style_numbering(document, f"Heading {level}") for level in (1, 2, 3)]
    assert {num_id for num_id, _, _ in found} == {found[0][0]}
    abstract = found[0][2]
    assert [ilvl for _, ilvl, _ in found] == ["0", "1", "2"]
    assert [lvl_text(abstract, str(i)) for i in range(3)] == ["%1.", "%1.%2.", "%1.%2.%3."]
    # numbered headings take the style's numbering; annex headings switch it off with numId 0
    for paragraph in headings[:4]:
        assert paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is None
    for paragraph in headings[4:]:
        assert xp(paragraph._p, "w:pPr/w:numPr/w:numId/@w:val") == ["0"]


def toc_entries(document: docx.document.Document) -> list:
    return [p for p in document.paragraphs if p.style.name.lower() in ("toc 1", "toc 2", "toc 3")]


def test_toc_field_stores_numbered_entries() -> None:
    document = render()
    body = document.element.body
    instructions = [t.text.strip() for t in body.iter(qn("w:instrText"))]
    assert instructions[0] == 'TOC \\o "1-2" \\h \\z \\u'
    toc = toc_entries(document)
    # number, tab, title, tab, then the page: blank until measured or refreshed by Word
    assert [(p.style.name.lower(), text_of(p._p)) for p in toc] == [
        ("toc 1", "1.\tPurpose\t"),
        ("toc 2", "1.1.\tWhat is deleted\t"),
        ("toc 1", "2.\tOfficial accounts\t"),
        ("toc 1", "Annex A - Acknowledgement form\t"),
        ("toc 2", "Signature\t"),
    ]
    # the TOC field around the entries, and one PAGEREF field in each entry
    kinds = [c.get(qn("w:fldCharType")) for p in toc for c in p._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate"] + ["begin", "separate", "end"] * 5 + ["end"]
    heading = [p for p in document.paragraphs if p.style.name == "TOC Heading"]
    assert [p.text for p in heading] == ["Contents"]
    # entries link to bookmarks on the headings (the \h switch), and their page fields name the same
    anchors = [h.get(qn("w:anchor")) for p in toc for h in p._p.iter(qn("w:hyperlink"))]
    bookmarks = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
    assert anchors and set(anchors) <= set(bookmarks)
    assert instructions[1:] == [f"PAGEREF {anchor} \\h" for anchor in anchors]
    # nothing measured: Word is asked to refresh the fields on opening
    assert xp(document.settings.element, "w:updateFields/@w:val") == ["true"]


def test_the_contents_list_articles_and_annexes_by_default() -> None:
    document = render(contents=Contents())
    assert [text_of(p._p) for p in toc_entries(document)] == [
        "1.\tPurpose\t",
        "2.\tOfficial accounts\t",
        "Annex A - Acknowledgement form\t",
    ]
    assert next(document.element.body.iter(qn("w:instrText"))).text.strip() == 'TOC \\o "1-1" \\h \\z \\u'


def test_measured_pages_are_stored_and_word_does_not_prompt() -> None:
    pages = {f"_Toc{100000001 + i}": 10 + i for i in range(10)}
    document = render(contents=Contents(depth=2, pages=pages))
    toc = toc_entries(document)
    shown = [text_of(p._p).rsplit("\t", 1)[1] for p in toc]
    linked = [str(pages[h.get(qn("w:anchor"))]) for p in toc for h in p._p.iter(qn("w:hyperlink"))]
    assert shown == linked and len(set(shown)) == 5
    assert xp(document.settings.element, "w:updateFields") == []


def test_contents_laid_out_by_libreoffice_are_plain_paragraphs_with_page_fields() -> None:
    document = render(contents=Contents(depth=2, field=False))
    instructions = [t.text.strip() for t in document.element.body.iter(qn("w:instrText"))]
    assert not any(i.startswith("TOC") for i in instructions)
    assert len([i for i in instructions if i.startswith("PAGEREF ")]) == 5


def test_toc_without_headings_is_still_a_complete_field() -> None:
    document = render(make_spec(blocks=(Paragraph(runs("Only text.")),)))
    kinds = [c.get(qn("w:fldCharType")) for c in document.element.body.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]


def test_title_page_then_contents_then_body_with_page_breaks() -> None:
    document = render()
    texts = [p.text for p in document.paragraphs]
    assert texts[:5] == [
        "Acme & Co",
        "Social media usage charter",
        "Version\t1.0",
        "Effective date\t1 March 2027",
        "Charter owner\tSenior management",
    ]
    assert document.paragraphs[1].style.name == "Title"
    breaks = xp(document.element.body, ".//w:br[@w:type='page']")
    assert len(breaks) == 3  # after the title page, after the contents, the PageBreak block


def test_effective_date_to_be_set_and_no_dates_in_properties() -> None:
    document = render(make_spec(blocks=SAMPLE_BLOCKS, effective=None))
    assert "Effective date\tto be set" in [p.text for p in document.paragraphs]
    assert document.core_properties.created is None
    assert document.core_properties.modified is None


# ------------------------------------------------------------------------------------- header/footer
def test_footer_has_page_and_numpages_fields_and_title_page_has_none() -> None:
    document = render()
    section = document.sections[0]
    assert section.different_first_page_header_footer
    footer = section.footer._element
    instructions = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert text_of(footer) == "Page 1 of 1"
    assert text_of(section.header._element) == "Acme & Co - Social media usage charter"
    assert text_of(section.first_page_header._element) == ""
    assert text_of(section.first_page_footer._element) == ""
    assert not list(section.first_page_footer._element.iter(qn("w:instrText")))


# --------------------------------------------------------------------------------------- tables/lists
def test_table_has_style_full_width_and_repeated_bold_header() -> None:
    document = render()
    (table,) = document.tables
    assert table.style.name == "Charter Table"
    assert len(table.rows) == 3
    assert [c.text for c in table.rows[0].cells] == ["Platform", "Account"]
    assert xp(table.rows[0]._tr, "w:trPr/w:tblHeader")
    assert not xp(table.rows[1]._tr, "w:trPr/w:tblHeader")
    assert all(r.bold for c in table.rows[0].cells for p in c.paragraphs for r in p.runs)
    assert not any(r.bold for c in table.rows[1].cells for p in c.paragraphs for r in p.runs)
    assert xp(table._tbl, "w:tblPr/w:tblW/@w:type") == ["pct"]
    assert xp(table._tbl, "w:tblPr/w:tblW/@w:w") == ["5000"]


def test_each_ordered_list_restarts_at_one() -> None:
    document = render()
    numbered = [p for p in document.paragraphs if p.style.name in ("List Number", "List Number 2")]
    assert [p.text for p in numbered] == [
        "unlawful content;",
        "personal data;",
        "names",
        "emails",
        "first",
        "second",
    ]
    num_ids = [xp(p._p, "w:pPr/w:numPr/w:numId/@w:val")[0] for p in numbered]
    first, nested, second = num_ids[0], num_ids[2], num_ids[4]
    assert num_ids == [first, first, nested, nested, second, second]
    assert len({first, nested, second}) == 3
    numbering = document.part.numbering_part.element
    _, _, list_abstract = style_numbering(document, "List Number")
    for num_id in (first, second):
        (num,) = xp(numbering, f"w:num[@w:numId='{num_id}']")
        assert xp(num, "w:abstractNumId/@w:val") == [list_abstract.get(qn("w:abstractNumId"))]
        assert xp(num, "w:lvlOverride/w:startOverride/@w:val") == ["1"]
    bullets = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("List Bullet")]
    assert bullets == [("List Bullet", "a bullet"), ("List Bullet 2", "nested")]
    assert xp(style_numbering(document, "List Bullet")[2], "w:lvl[@w:ilvl='0']/w:numFmt/@w:val") == ["bullet"]


def test_runs_keep_bold_italic_and_line_breaks() -> None:
    document = render()
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Applies to"))
    assert [(r.text, bool(r.bold), bool(r.italic)) for r in paragraph.runs] == [
        ("Applies to ", False, False),
        ("every", False, True),
        (" employee of ", False, False),
        ("Acme", True, False),
    ]
    quote = next(p for p in document.paragraphs if p.style.name == "Quote")
    assert text_of(quote._p) == "A quotation\non two lines"


# ------------------------------------------------------------------------------------ properties/lang
def test_core_properties_come_from_the_spec_only(tmp_path: Path) -> None:
    data = render_docx(make_spec(blocks=SAMPLE_BLOCKS))
    document = docx.Document(io.BytesIO(data))
    core = document.core_properties
    assert core.title == "Social media usage charter"
    assert core.subject == "Rules for the use of social media"
    assert core.author == "Acme & Co"
    assert core.keywords == "social media, charter"
    assert core.comments == "Version 1.0"
    assert core.category == "Policy"
    assert core.last_modified_by == "Acme & Co"
    assert core.revision == 1
    assert core.language == "en-GB"
    assert core.created == core.modified == datetime(2027, 3, 1, tzinfo=UTC)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            content = archive.read(name)
            assert b"python-docx" not in content, name
        assert b"2013" not in archive.read("docProps/core.xml")


@pytest.mark.parametrize("tag", ["fr-FR", "en-US"])
def test_proofing_language_everywhere(tag: str) -> None:
    document = render(make_spec(blocks=SAMPLE_BLOCKS, language_tag=tag))
    styles = document.styles.element
    assert xp(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == [tag]
    assert set(xp(styles, "w:style/w:rPr/w:lang/@w:val")) <= {tag}
    assert xp(document.settings.element, "w:themeFontLang/@w:val") == [tag]


def test_identical_input_gives_identical_bytes() -> None:
    first = render_docx(make_spec(blocks=SAMPLE_BLOCKS))
    second = render_docx(make_spec(blocks=SAMPLE_BLOCKS))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert infos[0].filename == "[Content_Types].xml"


@pytest.mark.parametrize(
    ("where", "spec"),
    [
        ("heading", make_spec(blocks=(Heading(1, runs("Bad\x0btitle")),))),
        ("cell", make_spec(blocks=(Table(header=(runs("A"),), rows=((runs("nul\x00"),),)),))),
        ("property", make_spec(properties={"author": "lone \ud800 surrogate"})),
        ("title page", make_spec(organisation="Esc\x1b")),
    ],
)
def test_text_xml_cannot_hold_is_a_clear_error(where: str, spec: DocumentSpec) -> None:
    with pytest.raises(OutputError) as caught:
        render_docx(spec)
    assert "cannot hold" in str(caught.value)
    assert isinstance(caught.value, CharterError)


# ------------------------------------------------------------------------------------ references
def test_builtin_reference_is_in_sync_with_its_build_script(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import build_reference
    finally:
        sys.path.remove(str(ROOT / "tools"))
    build_reference.build(tmp_path / "reference.docx")
    assert (tmp_path / "reference.docx").read_bytes() == (ROOT / "templates" / "reference.docx").read_bytes()
    assert check_reference_doc(ROOT / "templates" / "reference.docx") == []


def test_dotx_reference_lends_styles_not_body(tmp_path: Path) -> None:
    source = ROOT / "templates" / "reference.docx"
    template = tmp_path / "house.dotx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(template, "w") as out:
        for item in archive.infolist():
            content = archive.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            if item.filename == "word/styles.xml":
                content = content.replace(b'<w:sz w:val="22"/>', b'<w:sz w:val="23"/>', 1)
            out.writestr(item, content)
    assert check_reference_doc(template) == []
    data = render_docx(make_spec(blocks=SAMPLE_BLOCKS), template)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml")
    assert b"document.main+xml" in types and b"template.main+xml" not in types
    document = docx.Document(io.BytesIO(data))
    assert xp(document.styles.element, "w:docDefaults/w:rPrDefault/w:rPr/w:sz/@w:val") == ["23"]
    texts = [p.text for p in document.paragraphs]
    assert "Charter reference styles" not in texts  # the reference's own specimen body


def test_reference_missing_styles_gets_the_charter_s_own(tmp_path: Path) -> None:
    styles = pstyle("Normal", "Normal", default=True) + pstyle(
        "Heading1", "heading 1", '<w:basedOn w:val="Normal"/><w:rPr><w:color w:val="FF0000"/></w:rPr>'
    )
    reference = minimal_docx(tmp_path / "partial.docx", styles)
    problems = check_reference_doc(reference)
    assert any("'List Bullet'" in p and "'Heading 2'" in p for p in problems)
    assert not any("'Heading 1'" in p for p in problems)
    document = render(reference=reference)
    # the user's Heading 1 is kept (red) and numbered with the charter's outline
    assert document.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    found = [style_numbering(document, f"Heading {level}") for level in (1, 2, 3)]
    assert len({num for num, _, _ in found}) == 1
    assert [p.style.name for p in document.paragraphs if p.text == "What is deleted"] == ["Heading 2"]
    assert document.tables[0].style.name == "Charter Table"
    assert "Reference body text" not in [p.text for p in document.paragraphs]


def test_libreoffice_reference_without_numbering_part(tmp_path: Path) -> None:
    reference = minimal_docx(tmp_path / "libreoffice.docx", LIBREOFFICE_STYLES)
    problems = check_reference_doc(reference)
    assert any("numbering" in p for p in problems)
    with zipfile.ZipFile(reference) as archive:
        assert "word/numbering.xml" not in archive.namelist()  # checking wrote nothing
    data = render_docx(make_spec(blocks=SAMPLE_BLOCKS), reference)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:  # python-docx invents core properties here
        assert b"python-docx" not in archive.read("docProps/core.xml")
    document = docx.Document(io.BytesIO(data))
    assert style_numbering(document, "Heading 2")[2] is not None
    quote = [p for p in document.paragraphs if "A quotation" in p.text]
    assert quote[0].style.name == "Quotations"  # LibreOffice's quotation style is used
    toc = [text_of(p._p) for p in document.paragraphs if p.style.name.lower() == "toc 1"]
    assert toc[0] == "1.\tPurpose\t"


def test_pandoc_reference(tmp_path: Path) -> None:
    reference = pandoc_reference(tmp_path)
    problems = check_reference_doc(reference)
    assert any("heading styles" in p for p in problems)
    document = render(reference=reference)
    heading_ids = {
        p._p.pPr.pStyle.val for p in document.paragraphs if p.text in ("Purpose", "What is deleted")
    }
    assert heading_ids == {"Heading1", "Heading2"}  # pandoc's own heading styles, now numbered
    assert len({style_numbering(document, f"Heading {n}")[0] for n in (1, 2, 3)}) == 1
    quote = [p for p in document.paragraphs if "A quotation" in p.text]
    assert quote[0].style.name == "Block Text"
    toc_heading = next(p for p in document.paragraphs if p.text == "Contents")
    assert xp(toc_heading._p, "w:pPr/w:numPr/w:numId/@w:val") == ["0"]  # based on Heading 1, not numbered


def test_reference_heading_numbering_is_kept_and_drives_the_stored_toc(tmp_path: Path) -> None:
    formats = ((0, "upperRoman", "Article %1 -"), (1, "decimal", "%1.%2"), (2, "lowerLetter", "%3)"))
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
        for i, fmt, text in formats
    )
    numbering = f'<w:abstractNum w:abstractNumId="7">{levels}</w:abstractNum>'
    numbering += '<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>'
    styles = pstyle("Normal", "Normal", default=True)
    for level in (1, 2, 3):
        num_pr = f'<w:numPr><w:ilvl w:val="{level - 1}"/><w:numId w:val="3"/></w:numPr>'
        styles += pstyle(f"H{level}", f"heading {level}", f"<w:pPr>{num_pr}</w:pPr>")
    reference = minimal_docx(tmp_path / "articles.docx", styles, numbering=numbering)
    assert not any("heading" in p for p in check_reference_doc(reference))
    document = render(reference=reference)
    assert style_numbering(document, "Heading 1")[0] == "3"
    toc = [text_of(p._p) for p in document.paragraphs if p.style.name.lower() in ("toc 1", "toc 2")]
    assert toc[:3] == [
        "Article I -\tPurpose\t",
        "I.1\tWhat is deleted\t",
        "Article II -\tOfficial accounts\t",
    ]


def tiny_png() -> bytes:
    """A 1x1 PNG, to stand for a logo."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0\x1f\x4e\x79")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_reference_header_logo_is_kept(tmp_path: Path) -> None:
    reference = tmp_path / "logo.docx"
    document = docx.Document(str(ROOT / "templates" / "reference.docx"))
    document.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(tiny_png()), width=Cm(3))
    document.save(str(reference))
    data = render_docx(make_spec(blocks=SAMPLE_BLOCKS), reference)
    header = docx.Document(io.BytesIO(data)).sections[0].header
    assert [p.text for p in header.paragraphs] == ["", "Acme & Co - Social media usage charter"]
    assert list(header.paragraphs[0]._p.iter(qn("w:drawing")))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert any(name.startswith("word/media/") for name in archive.namelist())


def test_style_name_taken_by_another_type_is_refused(tmp_path: Path) -> None:
    styles = pstyle("Normal", "Normal", default=True) + pstyle("ListBullet", "List Bullet", kind="character")
    reference = minimal_docx(tmp_path / "clash.docx", styles)
    with pytest.raises(ReferenceDocError, match="'List Bullet' is a character style"):
        check_reference_doc(reference)
    with pytest.raises(ReferenceDocError):
        render_docx(make_spec(), reference)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("notes.docx", b"just some text, not a zip"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100),
        ("empty.docx", b""),
    ],
)
def test_non_docx_reference_is_refused(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReferenceDocError):
        check_reference_doc(path)
    with pytest.raises(ReferenceDocError):
        render_docx(make_spec(), path)


def test_zip_that_is_not_word_and_missing_file_are_refused(tmp_path: Path) -> None:
    workbook = tmp_path / "book.docx"
    with zipfile.ZipFile(workbook, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ReferenceDocError, match="not a Word document"):
        render_docx(make_spec(), workbook)
    with pytest.raises(ReferenceDocError, match="does not exist"):
        render_docx(make_spec(), tmp_path / "missing.docx")
    with pytest.raises(ReferenceDocError, match="folder"):
        render_docx(make_spec(), tmp_path)


def test_nothing_of_the_reference_files_identity_travels(tmp_path: Path) -> None:
    """A company template's preview picture, app properties and custom XML stay out of the charter."""
    import docx as python_docx

    reference = tmp_path / "company.docx"
    template = python_docx.Document()  # python-docx's own template carries a thumbnail
    template.add_paragraph("CONFIDENTIAL draft of another document")
    template.save(str(reference))
    with zipfile.ZipFile(reference) as z:
        assert "docProps/thumbnail.jpeg" in z.namelist()
    data = render_docx(make_spec(), reference_doc=reference)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        everything = b"".join(z.read(n) for n in names)
    assert not any(
        n.startswith(("docProps/thumbnail", "docProps/app", "docProps/custom", "customXml/")) for n in names
    )
    assert "word/stylesWithEffects.xml" not in names
    assert b"CONFIDENTIAL draft" not in everything


# ----------------------------------------------------------------------- notes, cache, package shape
def test_write_docx_returns_the_notes_about_a_user_reference(tmp_path: Path) -> None:
    assert write_docx(make_spec()).notes == []  # the built-in reference lacks nothing
    reference = minimal_docx(tmp_path / "partial.docx", pstyle("Normal", "Normal", default=True))
    written = write_docx(make_spec(blocks=SAMPLE_BLOCKS), reference)
    assert written.notes == check_reference_doc(reference)
    assert any("Missing styles" in note and "'TOC 1'" in note for note in written.notes)
    assert written.data == render_docx(make_spec(blocks=SAMPLE_BLOCKS), reference)


def test_an_edited_reference_is_never_served_stale(tmp_path: Path) -> None:
    """The cache key holds a hash of the bytes: same path, size and mtime, other content, other charter."""
    red = pstyle("Normal", "Normal", default=True) + pstyle(
        "Heading1", "heading 1", '<w:basedOn w:val="Normal"/><w:rPr><w:color w:val="FF0000"/></w:rPr>'
    )
    reference = minimal_docx(tmp_path / "house.docx", red)
    before = reference.stat()
    assert render(reference=reference).styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    minimal_docx(reference, red.replace("FF0000", "0000FF"))
    os.utime(reference, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (reference.stat().st_size, reference.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert render(reference=reference).styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0, 0, 0xFF)
    reference.unlink()
    with pytest.raises(ReferenceDocError, match="does not exist"):  # the file is read every time
        render(reference=reference)


def test_charters_made_from_one_cached_reference_share_nothing() -> None:
    first = render_docx(make_spec(blocks=SAMPLE_BLOCKS))
    other = render_docx(make_spec(blocks=(Heading(1, runs("Only in the other")),), language_tag="fr-FR"))
    assert render_docx(make_spec(blocks=SAMPLE_BLOCKS)) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Only in the other" not in everything and b"fr-FR" not in everything
    with zipfile.ZipFile(io.BytesIO(other)) as archive:
        assert b"Purpose" not in archive.read("word/document.xml")


def test_blocks_copied_from_an_earlier_charter_are_what_a_fresh_process_builds() -> None:
    """A process keeps each paragraph, bulleted list and table it built and copies it into the next
    charter; what precedes a block (a table) changes it, and numbered lists are built for each
    charter, with a numbering of their own."""
    shared = Paragraph(runs("Shared text"))
    bullets = ListBlock(False, (ListItem(runs("a bullet")),))
    table = Table(header=(runs("Platform"),), rows=((runs("X"),),))
    numbered = ListBlock(True, (ListItem(runs("first")), ListItem(runs("second"))))
    annex = Heading(1, runs("Annex A - Form"), numbered=False)
    warm_up = make_spec(blocks=(Heading(1, runs("One")), shared, bullets, table, numbered, annex))
    spec = make_spec(
        blocks=(
            Heading(1, runs("Two")), table, shared, numbered, annex, bullets, shared, PageBreak(),
            numbered, annex, Heading(1, runs("One")), shared, PageBreak(),
        )
    )  # fmt: skip
    render_docx(warm_up)
    contents = Contents(depth=2, pages={"_Toc100000001": 3, "_Toc100000003": 4})  # a field and pages
    in_process = [render_docx(spec), render_docx(spec, contents=contents)]
    assert render_docx(spec) == in_process[0], "the second time, every block is a kept piece"
    code = (
        "import sys, pickle; from charter.docx.writer import render_docx\n"
        "spec, contents = pickle.loads(sys.stdin.buffer.read())\n"
        "sys.stdout.buffer.write(render_docx(spec, contents=contents))\n"
    )
    import pickle

    for options, made in zip((Contents(), contents), in_process, strict=True):
        fresh = subprocess.run(
            [sys.executable, "-c", code], input=pickle.dumps((spec, options)), capture_output=True, check=True
        ).stdout
        assert made == fresh
    document = docx.Document(io.BytesIO(in_process[0]))
    after_table, later, last = [p for p in document.paragraphs if p.text == "Shared text"]
    assert xp(after_table._p, "w:pPr/w:spacing/@w:before") and not xp(later._p, "w:pPr/w:spacing")
    breaks = [xp(p._p, "w:r/w:br/@w:type") for p in (after_table, later, last)]
    assert breaks == [[], ["page"], ["page"]], "a page break goes into the kept paragraph before it"
    num_ids = {xp(p._p, "w:pPr/w:numPr/w:numId/@w:val")[0] for p in document.paragraphs if p.text == "first"}
    assert len(num_ids) == 2, "each numbered list restarts at 1"
    annexes = [p._p for p in document.paragraphs if p.text == "Annex A - Form"]
    marks = [xp(p, "w:bookmarkStart/@w:name") for p in annexes]
    assert len(annexes) == 2 and marks[0] != marks[1], "a heading copied keeps a bookmark of its own"
    assert all(xp(p, "w:pPr/w:numPr/w:numId/@w:val") == ["0"] for p in annexes)


def test_importing_the_writer_package_is_light() -> None:
    code = (
        "import sys, charter.docx\n"
        "assert 'docx' not in sys.modules and 'lxml' not in sys.modules, sorted(sys.modules)\n"
        "assert charter.docx.render_docx.__module__ == 'charter.docx.writer'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)


def test_only_the_writer_package_imports_python_docx_and_lxml() -> None:
    heavy = ("import docx", "from docx", "import lxml", "from lxml")
    outside = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "charter").rglob("*.py")
        if path.relative_to(ROOT / "charter").parts[0] != "docx"
        and any(line.strip().startswith(heavy) for line in path.read_text(encoding="utf-8").splitlines())
    ]
    assert outside == []


def test_a_long_account_name_never_breaks_the_words_of_the_other_columns() -> None:
    from charter.docx.tables import CELL_PADDING, CHAR_TWIPS, column_widths

    url = "https://www.linkedin.com/company/groupe-altea-industries-france-et-international"
    rows = [
        [(Run("Plateforme"),), (Run("Compte"),), (Run("Responsable"),), (Run("Règle de validation"),)],
        [
            (Run("Facebook"),),
            (Run(url),),
            (Run("Direction de la communication"),),
            (Run("Validation préalable"),),
        ],
    ]
    widths = column_widths(rows, 4, 9070)
    assert sum(widths) == 9070
    for column, word in ((0, "Plateforme"), (2, "communication"), (3, "Validation")):
        assert widths[column] >= len(word) * CHAR_TWIPS + CELL_PADDING, (column, widths)
    assert widths[1] == max(widths)  # the address takes what is left, and breaks there
    # when every word fits, nothing is held back: the spare width follows the length of the text
    short = column_widths([[(Run("a"),), (Run("a much longer cell of text"),)]], 2, 9070)
    assert short[1] > short[0] and sum(short) == 9070
