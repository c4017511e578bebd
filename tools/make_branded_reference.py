"""Build examples/custom/brand-reference.docx: a company's branded Word reference document.

    python tools/make_branded_reference.py [-o examples/custom/brand-reference.docx]

The document is what a company's own Word template would be: python-docx's default document (the
styles of a blank Word file) restyled in the house style of the fictional Wrenfield Logistics:

* Caladea (a Cambria-compatible serif) for the title and headings, Carlito (Calibri-compatible)
  for the text; the theme fonts are changed too, so nothing falls back to Calibri or Cambria;
* a brand teal for the title, headings, table header and rules, an amber accent;
* an A4 page with margins of its own (2.0 cm right, 2.5 cm left, 3.0 cm top for the logo);
* a logo in the header of every page (small) and of the first page (large), drawn by this script
  as a PNG with zlib and struct only: no image library needed.

The body text of a reference is never used by charter, so the body is a one-line note. The output
is deterministic: the same script writes the same bytes (fixed properties, fixed zip timestamps).
"""

from __future__ import annotations

import argparse
import io
import itertools
import math
import struct
import sys
import zipfile
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "examples" / "custom" / "brand-reference.docx"

BRAND = "0E5C63"  # Wrenfield teal: title, headings, table header, rules
ACCENT = "E3892B"  # amber: the road under the logo, the title rule
GREY = "5F6B6D"  # header and footer text
HEADING_FONT = "Caladea"
BODY_FONT = "Carlito"
COMPANY = "Wrenfield Logistics"

_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_COLOR_THEME_ATTRS = ("themeColor", "themeShade", "themeTint")
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


# ----------------------------------------------------------------------------------------- the logo
def _png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An RGBA PNG from raw rows (4 bytes a pixel), with a 300 dpi pHYs chunk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + row for row in rows)
    dots_per_metre = round(300 / 0.0254)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
        + chunk(b"pHYs", struct.pack(">IIB", dots_per_metre, dots_per_metre, 1))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _segment_distance(px: float, py: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _rounded_box_distance(px: float, py: float, half: float, radius: float) -> float:
    """Signed distance to a square of half-side ``half`` centred on 0, corners rounded."""
    qx, qy = abs(px) - half + radius, abs(py) - half + radius
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def make_logo(size: int = 192) -> bytes:
    """A teal rounded square, a white "W" drawn as one stroke, an amber road beneath it."""
    brand = bytes.fromhex(BRAND)
    accent = bytes.fromhex(ACCENT)
    white = b"\xff\xff\xff"
    stroke = [(0.20, 0.26), (0.35, 0.66), (0.50, 0.36), (0.65, 0.66), (0.80, 0.26)]
    road = [(0.24, 0.80), (0.76, 0.80)]
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            # Signed distances in pixels; coverage = 0.5 - distance gives one pixel of anti-aliasing.
            u, v = (x + 0.5) / size, (y + 0.5) / size
            box = _rounded_box_distance(u - 0.5, v - 0.5, 0.5 - 1 / size, 0.16) * size
            w = min(_segment_distance(u, v, a, b) for a, b in itertools.pairwise(stroke)) - 0.055
            r = _segment_distance(u, v, *road) - 0.035
            box_alpha = max(0.0, min(1.0, 0.5 - box))
            w_cover = max(0.0, min(1.0, 0.5 - w * size))
            r_cover = max(0.0, min(1.0, 0.5 - r * size))
            colour = [
                (brand[i] * (1 - w_cover) + white[i] * w_cover) * (1 - r_cover) + accent[i] * r_cover
                for i in range(3)
            ]
            row += bytes(round(c) for c in colour) + bytes([round(255 * box_alpha)])
        rows.append(bytes(row))
    return _png(size, size, rows)


# ------------------------------------------------------------------------------------------- styles
def _rpr(style: Any) -> Any:
    return style.element.get_or_add_rPr()


def _strip_theme(root: Any) -> None:
    """Drop theme font and theme colour references: explicit values win everywhere."""
    for fonts in list(root.iter(qn("w:rFonts"))):
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        if not fonts.attrib:
            fonts.getparent().remove(fonts)
    for colour in root.iter(qn("w:color")):
        for attr in _COLOR_THEME_ATTRS:
            colour.attrib.pop(qn(f"w:{attr}"), None)


def _set_font(style: Any, name: str) -> None:
    fonts = _rpr(style).get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), name)


def _border(ppr: Any, side: str, colour: str, size: int, space: int) -> None:
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        # w:pBdr comes after keepNext/keepLines/pageBreakBefore/framePr/widowControl/numPr/suppress*.
        anchor = None
        for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
            anchor = ppr.find(qn(tag))
            if anchor is not None:
                break
        if anchor is not None:
            anchor.addprevious(borders)
        else:
            ppr.append(borders)
    for old in borders.findall(qn(f"w:{side}")):
        borders.remove(old)
    line = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", colour)):
        line.set(qn(f"w:{key}"), value)
    borders.append(line)


def _style_text(
    style: Any,
    *,
    font: str | None = None,
    size: float | None = None,
    colour: str | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
) -> None:
    if font:
        _set_font(style, font)
    if size is not None:
        style.font.size = Pt(size)
    if colour is not None:
        rpr = _rpr(style)
        for old in rpr.findall(qn("w:color")):
            rpr.remove(old)
        style.font.color.rgb = docx.shared.RGBColor.from_string(colour)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic


def restyle(document: Any) -> None:
    styles = document.styles
    root = styles.element
    _strip_theme(root)

    # Document defaults: Carlito 10.5 pt, British English, a little air between lines.
    defaults = root.find(qn("w:docDefaults"))
    rpr_default = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = rpr_default.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr_default.insert(0, fonts)
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), BODY_FONT)
    for tag in ("w:sz", "w:szCs"):
        rpr_default.find(qn(tag)).set(qn("w:val"), "21")
    rpr_default.find(qn("w:lang")).set(qn("w:val"), "en-GB")
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "264")

    _style_text(styles["Title"], font=HEADING_FONT, size=30, colour=BRAND, bold=True)
    title_ppr = styles["Title"].element.get_or_add_pPr()
    _border(title_ppr, "bottom", ACCENT, 18, 10)
    styles["Title"].paragraph_format.space_after = Pt(28)

    subtitle = styles["Subtitle"]
    numbering = subtitle.element.pPr.find(qn("w:numPr")) if subtitle.element.pPr is not None else None
    if numbering is not None:  # python-docx's template gives Subtitle a dangling list level
        numbering.getparent().remove(numbering)
    _style_text(subtitle, font=HEADING_FONT, size=15, colour=GREY, italic=False)
    subtitle.font.small_caps = True

    for name, size in (("Heading 1", 16), ("Heading 2", 12.5), ("Heading 3", 11)):
        _style_text(styles[name], font=HEADING_FONT, size=size, colour=BRAND, bold=True)
    styles["Heading 1"].paragraph_format.space_before = Pt(20)
    styles["Heading 1"].paragraph_format.space_after = Pt(8)
    _border(styles["Heading 1"].element.get_or_add_pPr(), "bottom", BRAND, 6, 4)
    styles["Heading 2"].paragraph_format.space_before = Pt(12)
    styles["Heading 2"].paragraph_format.space_after = Pt(4)
    styles["Heading 3"].paragraph_format.space_after = Pt(2)
    styles["Heading 3"].font.italic = True

    toc_heading = styles["TOC Heading"]  # based on Heading 1: same font and colour, no rule
    _border(toc_heading.element.get_or_add_pPr(), "bottom", "FFFFFF", 0, 0)
    toc_heading.element.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).set(qn("w:val"), "nil")

    quote = styles["Quote"]
    _style_text(quote, colour="3B4A4C", italic=True)
    _border(quote.element.get_or_add_pPr(), "left", ACCENT, 24, 10)
    quote.paragraph_format.left_indent = Cm(0.6)

    for name in ("Header", "Footer"):
        _style_text(styles[name], size=8.5, colour=GREY)
    _border(styles["Header"].element.get_or_add_pPr(), "bottom", BRAND, 4, 4)
    _border(styles["Footer"].element.get_or_add_pPr(), "top", ACCENT, 4, 4)
    styles["Footer"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    _table_style(styles["Table Grid"])


def _table_style(style: Any) -> None:
    """Table Grid in the brand: thin teal-grey rules, a teal header row in white bold."""
    element = style.element
    for side in element.iter(qn("w:tblBorders")):
        for line in side:
            line.set(qn("w:color"), "9DB8BA")
    for margins in element.iter(qn("w:tblCellMar")):
        for tag in ("w:top", "w:bottom"):
            margins.find(qn(tag)).set(qn("w:w"), "57")
    conditional = OxmlElement("w:tblStylePr")
    conditional.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    for tag in ("w:b", "w:bCs"):
        rpr.append(OxmlElement(tag))
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "FFFFFF")
    rpr.append(colour)
    conditional.append(rpr)
    tc_pr = OxmlElement("w:tcPr")
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", BRAND)):
        shading.set(qn(f"w:{key}"), value)
    tc_pr.append(shading)
    conditional.append(tc_pr)
    element.append(conditional)


# ------------------------------------------------------------------------------------- page, header
def page_setup(document: Any, logo: bytes) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
    section.different_first_page_header_footer = True

    # Every page: a small logo and the company's name on the left.
    _logo_line(section.header.paragraphs[0], logo, height=Cm(0.9), text_size=11)
    # The first (title) page: a larger logo.
    _logo_line(section.first_page_header.paragraphs[0], logo, height=Cm(2.0), text_size=18)


def _logo_line(paragraph: Any, logo: bytes, *, height: int, text_size: float) -> None:
    """The logo and the company's name, in Normal: the rule of the Header style is charter's line."""
    paragraph.style = "Normal"
    paragraph.add_run().add_picture(io.BytesIO(logo), height=height)
    name = paragraph.add_run("  " + COMPANY.upper())
    name.font.name = HEADING_FONT
    name.font.size = Pt(text_size)
    name.font.bold = True
    name.font.color.rgb = docx.shared.RGBColor.from_string(BRAND)
    tracking = OxmlElement("w:spacing")  # letter-spacing of 1.5 pt, in twentieths of a point
    tracking.set(qn("w:val"), "30")
    name._r.get_or_add_rPr().insert_element_before(
        tracking, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:lang"
    )
    paragraph.paragraph_format.space_after = Pt(4)


# -------------------------------------------------------------------------------------- the package
def _drop_extras(document: Any) -> None:
    """Parts of python-docx's template a company's reference would not carry into a charter."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT.CUSTOM_XML or rel.reltype.endswith("/stylesWithEffects"):
            document.part.rels.pop(rel_id)
    theme = document.part.part_related_by(RT.THEME)
    blob = theme.blob.replace(b'typeface="Calibri"', f'typeface="{BODY_FONT}"'.encode())
    theme._blob = blob.replace(b'typeface="Cambria"', f'typeface="{HEADING_FONT}"'.encode())


def _properties(document: Any) -> None:
    core = document.core_properties
    core.title = f"{COMPANY} – house style"
    core.subject = "Word reference document"
    core.author = f"{COMPANY} Brand and Communications"
    core.last_modified_by = core.author
    core.comments = "Built by tools/make_branded_reference.py"
    core.revision = 1
    core.created = core.modified = datetime(2027, 1, 4)


def _normalise_zip(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in first + sorted(n for n in names if n not in first):
                info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                target.writestr(info, source.read(name))
    return out.getvalue()


def build() -> bytes:
    document = docx.Document()
    _drop_extras(document)
    restyle(document)
    page_setup(document, make_logo())
    body = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
    body.text = (
        f"{COMPANY} house style for Word. Only the styles, page setup, header and footer of this "
        "file are used by charter; this text is not."
    )
    _properties(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return _normalise_zip(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, help="where to write the .docx")
    parser.add_argument("--logo", type=Path, help="also write the logo PNG here")
    args = parser.parse_args(argv)
    args.output.write_bytes(build())
    print(f"Wrote {args.output}")
    if args.logo:
        args.logo.write_bytes(make_logo())
        print(f"Wrote {args.logo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
