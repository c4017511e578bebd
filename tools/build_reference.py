"""Build ``templates/reference.docx``, the house style the charter is written with.

The reference is written part by part from the XML below rather than saved by python-docx, so that it
carries no trace of python-docx's own template (its "python-docx" author, its 2013 dates, its thumbnail)
and so that running the script twice gives the same bytes. Edit the constants, run
``python tools/build_reference.py``, and commit the result.

What the writer relies on (see ``charter/docx/styles.py``): the style names below, the heading styles
carrying a multilevel numbering ("1.", "1.1.", "1.1.1."), one numbering per list style, and an A4
section. Its body only shows the styles to whoever opens it in Word; the writer never copies it.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

OUTPUT = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

FONT = "Calibri"  # LibreOffice substitutes the metric-compatible Carlito
ACCENT = "1F4E79"  # a restrained dark blue for headings, the title rule and the table header
MUTED = "595959"
LIGHT = "7F7F7F"
RULE = "BFBFBF"

# A4 with 2.5 cm margins: the text block is 16 cm (9070 twips) wide.
PAGE_W, PAGE_H, MARGIN, HDR_FTR = 11906, 16838, 1418, 709
TEXT_W = PAGE_W - 2 * MARGIN

HEADING_NUM_ID, BULLET_NUM_ID, BULLET2_NUM_ID, NUMBER_NUM_ID, NUMBER2_NUM_ID = 1, 2, 3, 4, 5


_HF_TABS = (
    f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_W // 2}"/><w:tab w:val="right" w:pos="{TEXT_W}"/></w:tabs>'
)


def _rfonts() -> str:
    return f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


def _style(
    style_id: str,
    name: str,
    *,
    kind: str = "paragraph",
    based_on: str | None = "Normal",
    next_id: str | None = None,
    ppr: str = "",
    rpr: str = "",
    extra: str = "",
    ui_priority: int | None = None,
    qformat: bool = False,
    default: bool = False,
    semi_hidden: bool = False,
) -> str:
    """One ``w:style`` element; children are written in the schema's order."""
    attrs = f' w:type="{kind}"' + (' w:default="1"' if default else "") + f' w:styleId="{style_id}"'
    parts = [f'<w:name w:val="{escape(name)}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_id:
        parts.append(f'<w:next w:val="{next_id}"/>')
    if ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{ui_priority}"/>')
    if semi_hidden:
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    if qformat:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append(extra)
    return f"<w:style{attrs}>{''.join(parts)}</w:style>"


def _num_pr(num_id: int, ilvl: int | None = None) -> str:
    ilvl_xml = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    return f'<w:numPr>{ilvl_xml}<w:numId w:val="{num_id}"/></w:numPr>'


def _heading(level: int, size_half_points: int, before: int, after: int, italic: bool = False) -> str:
    return _style(
        f"Heading{level}",
        f"heading {level}",
        next_id="Normal",
        ui_priority=9,
        qformat=True,
        ppr=(
            "<w:keepNext/><w:keepLines/>"
            + _num_pr(HEADING_NUM_ID, level - 1)
            + f'<w:spacing w:before="{before}" w:after="{after}"/>'
            + f'<w:outlineLvl w:val="{level - 1}"/>'
        ),
        rpr=(
            "<w:b/><w:bCs/>"
            + ("<w:i/><w:iCs/>" if italic else "")
            + f'<w:color w:val="{ACCENT}"/><w:sz w:val="{size_half_points}"/>'
            + f'<w:szCs w:val="{size_half_points}"/>'
        ),
    )


def _toc(level: int, left: int, hanging: int, before: int, after: int, bold: bool) -> str:
    return _style(
        f"TOC{level}",
        f"toc {level}",
        next_id="Normal",
        ui_priority=39,
        semi_hidden=True,
        ppr=(
            f'<w:tabs><w:tab w:val="left" w:pos="{left}"/>'
            f'<w:tab w:val="right" w:leader="dot" w:pos="{TEXT_W}"/></w:tabs>'
            f'<w:spacing w:before="{before}" w:after="{after}" w:line="240" w:lineRule="auto"/>'
            f'<w:ind w:left="{left}" w:hanging="{hanging}"/>'
        ),
        rpr="<w:b/><w:bCs/>" if bold else "",
    )


def _list_style(style_id: str, name: str, num_id: int) -> str:
    return _style(
        style_id,
        name,
        ui_priority=99,
        ppr=_num_pr(num_id) + '<w:spacing w:after="80"/>',
    )


def styles_xml() -> str:
    """Every style the charter uses, and the few Word expects to find (defaults, Table Grid)."""
    border = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
    table_borders = "".join(
        f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    grid_borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    cell_margins = (
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
    )
    styles = [
        _style(
            "Normal",
            "Normal",
            based_on=None,
            default=True,
            qformat=True,
            ppr="<w:widowControl/>",
        ),
        _style(
            "DefaultParagraphFont",
            "Default Paragraph Font",
            kind="character",
            based_on=None,
            default=True,
            ui_priority=1,
            semi_hidden=True,
        ),
        _style(
            "TableNormal",
            "Normal Table",
            kind="table",
            based_on=None,
            default=True,
            ui_priority=99,
            semi_hidden=True,
            extra=(
                '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
                '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
                '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
            ),
        ),
        _style(
            "NoList",
            "No List",
            kind="numbering",
            based_on=None,
            default=True,
            ui_priority=99,
            semi_hidden=True,
        ),
        _style(
            "Title",
            "Title",
            next_id="Normal",
            ui_priority=10,
            qformat=True,
            ppr=(
                f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="8" w:color="{ACCENT}"/></w:pBdr>'
                '<w:spacing w:before="120" w:after="480" w:line="240" w:lineRule="auto"/>'
                "<w:contextualSpacing/>"
            ),
            rpr=f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:kern w:val="28"/>'
            '<w:sz w:val="56"/><w:szCs w:val="56"/>',
        ),
        _style(
            "Subtitle",
            "Subtitle",
            next_id="Normal",
            ui_priority=11,
            qformat=True,
            ppr='<w:spacing w:after="120"/>',
            rpr=f'<w:color w:val="{MUTED}"/><w:spacing w:val="10"/><w:sz w:val="28"/><w:szCs w:val="28"/>',
        ),
        _heading(1, 32, 480, 160),
        _heading(2, 26, 300, 100),
        _heading(3, 22, 240, 60),
        _style(
            "TOCHeading",
            "TOC Heading",
            next_id="Normal",
            ui_priority=39,
            qformat=True,
            ppr=(
                '<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="360"/><w:outlineLvl w:val="9"/>'
            ),
            rpr=f'<w:b/><w:bCs/><w:color w:val="{ACCENT}"/><w:sz w:val="32"/><w:szCs w:val="32"/>',
        ),
        # single-spaced, 4 pt between articles: 36 entries fit on the contents page (A4 or Letter)
        _toc(1, 567, 567, 80, 40, bold=True),
        _toc(2, 1276, 709, 0, 40, bold=False),
        _toc(3, 2126, 850, 0, 40, bold=False),
        _list_style("ListBullet", "List Bullet", BULLET_NUM_ID),
        _list_style("ListBullet2", "List Bullet 2", BULLET2_NUM_ID),
        _list_style("ListNumber", "List Number", NUMBER_NUM_ID),
        _list_style("ListNumber2", "List Number 2", NUMBER2_NUM_ID),
        _style(
            "Quote",
            "Quote",
            next_id="Normal",
            ui_priority=29,
            qformat=True,
            ppr=(
                f'<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="{ACCENT}"/></w:pBdr>'
                '<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
                '<w:spacing w:before="120" w:after="200"/><w:ind w:left="340" w:right="567"/>'
            ),
            rpr='<w:i/><w:iCs/><w:color w:val="404040"/>',
        ),
        _style(
            "Header",
            "header",
            ui_priority=99,
            ppr=(
                f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{RULE}"/></w:pBdr>'
                + _HF_TABS
                + '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
            ),
            rpr=f'<w:color w:val="{LIGHT}"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
        ),
        _style(
            "Footer",
            "footer",
            ui_priority=99,
            ppr=(_HF_TABS + '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="right"/>'),
            rpr=f'<w:color w:val="{LIGHT}"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
        ),
        _style(
            "Hyperlink",
            "Hyperlink",
            kind="character",
            based_on="DefaultParagraphFont",
            ui_priority=99,
            rpr=f'<w:color w:val="{ACCENT}"/><w:u w:val="single"/>',
        ),
        _style(
            "TableGrid",
            "Table Grid",
            kind="table",
            based_on="TableNormal",
            ui_priority=39,
            ppr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            extra=f"<w:tblPr><w:tblBorders>{grid_borders}</w:tblBorders></w:tblPr>",
        ),
        _style(
            "CharterTable",
            "Charter Table",
            kind="table",
            based_on="TableNormal",
            ui_priority=59,
            qformat=True,
            ppr='<w:spacing w:before="0" w:after="0" w:line="252" w:lineRule="auto"/>',
            rpr='<w:sz w:val="20"/><w:szCs w:val="20"/>',
            extra=(
                f"<w:tblPr><w:tblBorders>{table_borders}</w:tblBorders>{cell_margins}</w:tblPr>"
                '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF"/></w:rPr>'
                "<w:trPr><w:tblHeader/></w:trPr>"
                f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{ACCENT}"/></w:tcPr></w:tblStylePr>'
            ),
        ),
    ]
    doc_defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        + _rfonts()
        + '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        '<w:spacing w:after="140" w:line="276" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    latent = (
        '<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" '
        'w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376"/>'
    )
    return (
        XML_DECL
        + f'<w:styles xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        + doc_defaults
        + latent
        + "".join(styles)
        + "</w:styles>"
    )


def _lvl(ilvl: int, fmt: str, text: str, left: int, hanging: int, style_id: str | None = None) -> str:
    pstyle = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
    rpr = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}"/></w:rPr>' if fmt == "bullet" else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
        f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>{rpr}</w:lvl>'
    )


def numbering_xml() -> str:
    """The heading outline (1. / 1.1. / 1.1.1.) and one single-level list per list style."""
    heading_levels = [
        _lvl(0, "decimal", "%1.", 709, 709, "Heading1"),
        _lvl(1, "decimal", "%1.%2.", 709, 709, "Heading2"),
        _lvl(2, "decimal", "%1.%2.%3.", 709, 709, "Heading3"),
    ]
    text = "%1.%2.%3."
    for ilvl in range(3, 9):
        text += f"%{ilvl + 1}."
        heading_levels.append(_lvl(ilvl, "decimal", text, 1134 + 284 * (ilvl - 3), 1134 + 284 * (ilvl - 3)))
    abstracts = [
        (HEADING_NUM_ID, "multilevel", "".join(heading_levels)),
        (BULLET_NUM_ID, "singleLevel", _lvl(0, "bullet", "\u2022", 357, 357, "ListBullet")),
        (BULLET2_NUM_ID, "singleLevel", _lvl(0, "bullet", "\u2013", 714, 357, "ListBullet2")),
        (NUMBER_NUM_ID, "singleLevel", _lvl(0, "decimal", "%1.", 357, 357, "ListNumber")),
        (NUMBER2_NUM_ID, "singleLevel", _lvl(0, "lowerLetter", "%1)", 714, 357, "ListNumber2")),
    ]
    body = "".join(
        f'<w:abstractNum w:abstractNumId="{num_id}"><w:nsid w:val="5C4A00{num_id:02X}"/>'
        f'<w:multiLevelType w:val="{kind}"/>{levels}</w:abstractNum>'
        for num_id, kind, levels in abstracts
    )
    body += "".join(
        f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{num_id}"/></w:num>' for num_id, _, _ in abstracts
    )
    return XML_DECL + f'<w:numbering xmlns:w="{W_NS}">{body}</w:numbering>'


def _p(style_id: str, text: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr><w:r><w:t>{escape(text)}</w:t></w:r></w:p>'


def document_xml() -> str:
    """A specimen of each style (for whoever edits the reference in Word) and the A4 section."""
    body = [
        _p("Subtitle", "Organisation"),
        _p("Title", "Charter reference styles"),
        _p("Normal", "This document only carries the styles of the charter: edit the styles, not this text."),
        _p("TOCHeading", "Contents"),
        _p("TOC1", "1.\tHeading 1"),
        _p("TOC2", "1.1.\tHeading 2"),
        _p("Heading1", "Heading 1"),
        _p("Normal", "Body text in the Normal style."),
        _p("Heading2", "Heading 2"),
        _p("ListBullet", "List Bullet"),
        _p("ListBullet2", "List Bullet 2"),
        _p("ListNumber", "List Number"),
        _p("ListNumber2", "List Number 2"),
        _p("Heading3", "Heading 3"),
        _p("Quote", "Quote"),
    ]
    sect = (
        f'<w:sectPr><w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
        f'<w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" '
        f'w:header="{HDR_FTR}" w:footer="{HDR_FTR}" w:gutter="0"/>'
        '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )
    return (
        XML_DECL
        + f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
        + "".join(body)
        + sect
        + "</w:body></w:document>"
    )


def settings_xml() -> str:
    return (
        XML_DECL + f'<w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
        ' w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-GB"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
        "</w:settings>"
    )


def font_table_xml() -> str:
    return (
        XML_DECL
        + f'<w:fonts xmlns:w="{W_NS}"><w:font w:name="{FONT}"><w:panose1 w:val="020F0502020204030204"/>'
        '<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>'
    )


def core_xml() -> str:
    """Empty core properties: the writer fills every field, the reference claims none."""
    return (
        XML_DECL
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:title>Charter reference styles</dc:title><cp:revision>1</cp:revision></cp:coreProperties>"
    )


def app_xml() -> str:
    return (
        XML_DECL
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>charter</Application><DocSecurity>0</DocSecurity></Properties>"
    )


CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
REL_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def content_types_xml() -> str:
    overrides = {
        "/word/document.xml": f"{CT_MAIN}.document.main+xml",
        "/word/styles.xml": f"{CT_MAIN}.styles+xml",
        "/word/numbering.xml": f"{CT_MAIN}.numbering+xml",
        "/word/settings.xml": f"{CT_MAIN}.settings+xml",
        "/word/fontTable.xml": f"{CT_MAIN}.fontTable+xml",
        "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
        "/docProps/app.xml": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    }
    return (
        XML_DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{ct}"/>' for name, ct in overrides.items())
        + "</Types>"
    )


def _rels(items: list[tuple[str, str, str]]) -> str:
    return (
        XML_DECL
        + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{kind}" Target="{target}"/>' for i, kind, target in items)
        + "</Relationships>"
    )


def package_members() -> list[tuple[str, str]]:
    """Every member of the .docx, in the order they are zipped."""
    return [
        ("[Content_Types].xml", content_types_xml()),
        (
            "_rels/.rels",
            _rels(
                [
                    ("rId1", f"{REL_BASE}/officeDocument", "word/document.xml"),
                    (
                        "rId2",
                        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                        "docProps/core.xml",
                    ),
                    ("rId3", f"{REL_BASE}/extended-properties", "docProps/app.xml"),
                ]
            ),
        ),
        ("docProps/core.xml", core_xml()),
        ("docProps/app.xml", app_xml()),
        ("word/document.xml", document_xml()),
        (
            "word/_rels/document.xml.rels",
            _rels(
                [
                    ("rId1", f"{REL_BASE}/styles", "styles.xml"),
                    ("rId2", f"{REL_BASE}/numbering", "numbering.xml"),
                    ("rId3", f"{REL_BASE}/settings", "settings.xml"),
                    ("rId4", f"{REL_BASE}/fontTable", "fontTable.xml"),
                ]
            ),
        ),
        ("word/styles.xml", styles_xml()),
        ("word/numbering.xml", numbering_xml()),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml()),
    ]


def build(output: Path = OUTPUT) -> None:
    """Write the reference with fixed zip timestamps, so the file only changes when the style does."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in package_members():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0]) if args else OUTPUT
    build(output)
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
