"""WordprocessingML basics: namespaces, the child orders the schema requires, element helpers, and
reading and writing a part's XML.

Elements are made with lxml's factory: ``etree.SubElement`` on a parent (the new element takes the
parent's namespace prefixes) or, when an element must exist before its parent does, ``element``.
Parts are parsed and serialised exactly as python-docx does (same parser options, same
serialisation), but without importing python-docx: a charter is written from a kept, fitted
reference with lxml alone (see ``master``), and python-docx is loaded only to fit a reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

Element = Any  # an lxml element; lxml ships no type stubs

#: python-docx's own parser options: no blank text, no entity resolved (so no file and no network).
_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "sl": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    # the core properties (docProps/core.xml)
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


@cache
def qn(name: str) -> str:
    """The Clark name of a prefixed name: ``qn("w:p")`` is ``{...wordprocessingml...}p``."""
    prefix, local = name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def _w_tags(names: str) -> tuple[str, ...]:
    """Clark names of w: elements, in the schema order their parent requires."""
    return tuple(qn(f"w:{name}") for name in names.split())


#: Children of w:style, w:pPr, w:rPr, w:lvl and w:settings, in schema order (ISO/IEC 29500-1).
STYLE_SEQ = _w_tags(
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
    "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
)
PPR_SEQ = _w_tags(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
RPR_SEQ = _w_tags(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
LVL_SEQ = _w_tags("start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr")
SETTINGS_SEQ = (
    *_w_tags(
        "writeProtection view zoom removePersonalInformation removeDateAndTime doNotDisplayPageBoundaries "
        "displayBackgroundShape printPostScriptOverText printFractionalCharacterWidth printFormsData "
        "embedTrueTypeFonts embedSystemFonts saveSubsetFonts saveFormsData mirrorMargins "
        "alignBordersAndEdges "
        "bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors "
        "hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate linkStyles "
        "stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView trackRevisions "
        "doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme "
        "styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone "
        "doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
        "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
        "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
        "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
        "doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne "
        "strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture "
        "doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText "
        "doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags "
        "alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids"
    ),
    qn("m:mathPr"),
    *_w_tags(
        "attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures "
        "forceUpgrade captions readModeInkLockDown smartTagType"
    ),
    qn("sl:schemaLibrary"),
    *_w_tags("shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"),
)

VAL = qn("w:val")
#: lxml's element factory: a new last child of a parent, in the parent's document and namespaces.
SubElement = etree.SubElement


def insert_ordered(parent: Element, child: Element, sequence: Sequence[str]) -> None:
    """Insert ``child`` where the schema wants it: Word rejects misplaced elements."""
    position = sequence.index(child.tag) if child.tag in sequence else len(sequence)
    for existing in parent:
        if existing.tag in sequence and sequence.index(existing.tag) > position:
            existing.addprevious(child)
            return
    parent.append(child)


def sub(parent: Element, tag: str, value: str | None = None, **attrs: str) -> Element:
    """A new last child ``tag`` ("w:tab") of ``parent``, with w:val ``value`` and w: attributes."""
    element = SubElement(parent, qn(tag))
    if value is not None:
        element.set(VAL, value)
    for key, attr in attrs.items():
        element.set(qn(f"w:{key}"), attr)
    return element


def element(tag: str, value: str | None = None, **attrs: str) -> Element:
    """A new element ``tag`` with no parent yet, declaring its prefix (as python-docx's OxmlElement)."""
    prefix = tag.split(":")[0]
    made = _PARSER.makeelement(qn(tag), nsmap={prefix: NAMESPACES[prefix]})
    if value is not None:
        made.set(VAL, value)
    for key, attr in attrs.items():
        made.set(qn(f"w:{key}"), attr)
    return made


def val(node: Element | None, default: str | None = None) -> str | None:
    """A node's w:val, ``default`` when there is no node or no value."""
    return default if node is None else node.get(VAL, default)


def to_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def parse_part(data: bytes) -> Element:
    """The root of a part's XML, parsed as python-docx parses it."""
    return etree.fromstring(data, _PARSER)


def serialize_part(root: Element) -> bytes:
    """A part's XML as python-docx writes it: UTF-8, standalone, no whitespace added."""
    return bytes(etree.tostring(root, encoding="UTF-8", standalone=True))
