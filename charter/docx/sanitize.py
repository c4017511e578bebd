"""Parse the XML parts of a user's reference with a hardened parser, and strip what links out.

Every part a reference lends is parsed here (no entities, no DTD, no network, no huge trees) and
checked to be what it claims (a styles part whose root is ``w:styles``...). What could reach outside
the document when Word opens the charter is removed: elements pointing through a relationship (the
package is rebuilt without those relationships anyway), VML links, and in headers and footers
every field but page numbers, hyperlinks (their text stays) and pictures that are not internal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from charter.errors import ReferenceDocError

Element = Any  # an lxml element; lxml ships no type stubs

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
#: Attribute namespaces whose values are relationship ids (transitional and strict OOXML).
_REL_NAMESPACES = (NS["r"], "http://purl.oclc.org/ooxml/officeDocument/relationships")
#: Attributes that hold a URL or a path directly (VML pictures, fills and shape links) or a packed
#: drawing that may (o:gfxdata): removed wherever they appear.
_LINK_ATTRIBUTES = ("href", "src", "gfxdata")
#: The only fields a header or footer keeps: page numbers. INCLUDEPICTURE, INCLUDETEXT, HYPERLINK,
#: DDE and every other field may fetch or run something.
ALLOWED_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES"})

#: settings.xml children kept: layout, compatibility, proofing and theme mapping only. Not kept:
#: attachedTemplate, linkStyles, mailMerge, attachedSchema, docVars, documentProtection,
#: footnotePr/endnotePr (their parts are not taken), font embedding, revision tracking...
_SETTINGS = {
    f"{{{NS[prefix]}}}{name}"
    for prefix, names in (
        (
            "w",
            "zoom view proofState defaultTabStop characterSpacingControl savePreviewPicture compat rsids "
            "themeFontLang clrSchemeMapping doNotAutoCompressPictures shapeDefaults hdrShapeDefaults "
            "decimalSymbol listSeparator evenAndOddHeaders mirrorMargins gutterAtTop bookFoldPrinting "
            "bookFoldRevPrinting bookFoldPrintingSheets printTwoOnOne bordersDoNotSurroundHeader "
            "bordersDoNotSurroundFooter alignBordersAndEdges autoHyphenation consecutiveHyphenLimit "
            "hyphenationZone doNotHyphenateCaps defaultTableStyle drawingGridHorizontalSpacing "
            "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery "
            "doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin "
            "noPunctuationKerning strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore "
            "hideSpellingErrors hideGrammaticalErrors doNotShadeFormData styleLockTheme styleLockQFSet "
            "stylePaneFormatFilter stylePaneSortMethod clickAndTypeStyle updateFields",
        ),
        ("m", "mathPr"),
        ("w14", "docId defaultImageDpi"),
        ("w15", "docId chartTrackingRefBased"),
    )
    for name in names.split()
}
#: webSettings.xml children kept: flags only (no frameset, no divs).
_WEB_SETTINGS = {
    f"{{{NS['w']}}}{name}"
    for name in (
        "allowPNG doNotSaveAsSingleFile optimizeForBrowser relyOnVML doNotRelyOnCSS doNotUseLongFileNames "
        "pixelsPerInch targetScreenSz saveSmartTagsAsXml"
    ).split()
}
#: Children of the body's final sectPr kept: the page setup. Header and footer references are
#: filtered by the caller; printerSettings, form protection and revision marks are not kept.
_SECT_PR = {
    f"{{{NS['w']}}}{name}"
    for name in (
        "headerReference footerReference footnotePr endnotePr type pgSz pgMar pgBorders lnNumType "
        "pgNumType cols noEndnote titlePg textDirection bidi rtlGutter docGrid vAlign"
    ).split()
}
#: Elements a header or footer loses whole: OLE objects, ActiveX controls, sub-documents, imported
#: chunks and data bindings to custom XML, none of which a charter's header needs.
_STORY_DROPS = ("w:object", "w:control", "w:subDoc", "w:altChunk", "w:dataBinding", "w:delInstrText")


def q(name: str) -> str:
    """Clark name of a prefixed name ("w:p")."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def parse_part(data: bytes, name: str, expected: str, role: str, where: str) -> Element:
    """The root of part ``name``, refused unless well-formed, DTD-free and rooted at ``expected``."""
    fix = "Open it in Word and save it again, or use another reference document."
    try:
        root = etree.fromstring(data, _PARSER)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise ReferenceDocError(
            f"{where} is damaged: its {role} ({name}) is not valid XML ({error}). {fix}"
        ) from None
    if root.getroottree().docinfo.doctype:
        raise ReferenceDocError(
            f"{where} cannot be used safely: its {role} ({name}) declares a DTD, which Word never writes. "
            + fix
        )
    if root.tag != q(expected):
        found, wanted = etree.QName(root).localname, expected.split(":")[1]
        shown = f"<{found}> in the wrong namespace" if found == wanted else f"<{found}>, not <{wanted}>"
        raise ReferenceDocError(
            f"{where} is damaged: its {role} ({name}) is not one (its root element is {shown}). {fix}"
        )
    return root


def serialise(root: Element) -> bytes:
    """A part's bytes, as python-docx writes them (a final newline, as Word's templates end)."""
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)) + b"\n"


def _remove(element: Element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _rel_attributes(element: Element) -> list[str]:
    """The attributes of ``element`` that name a relationship."""
    found = [key for key in element.attrib if key.startswith(tuple(f"{{{ns}}}" for ns in _REL_NAMESPACES))]
    if element.get(q("o:relid")) is not None:
        found.append(q("o:relid"))
    return found


def _strip_link_attributes(root: Element) -> None:
    for element in root.iter(etree.Element):
        for key in list(element.attrib):
            if etree.QName(key).localname in _LINK_ATTRIBUTES:
                del element.attrib[key]


def drop_links(root: Element) -> Element:
    """Remove every element that points through a relationship, and every direct link attribute.

    For parts whose relationships are never taken (styles, numbering, theme, font table, settings):
    an embedded font, a theme picture or a picture bullet would point at nothing anyway.
    """
    for bullet in (*root.iter(q("w:numPicBullet")), *root.iter(q("w:lvlPicBulletId"))):
        _remove(bullet)
    for element in [e for e in root.iter(etree.Element) if _rel_attributes(e)]:
        _remove(element)
    _strip_link_attributes(root)
    return root


def keep_children(root: Element, allowed: Iterable[str]) -> Element:
    """Keep only the children of ``root`` whose tag is in ``allowed``; then drop what links out."""
    allowed = set(allowed)
    for child in list(root):
        if child.tag not in allowed:
            root.remove(child)
    return drop_links(root)


def clean_settings(root: Element) -> Element:
    return keep_children(root, _SETTINGS)


def clean_web_settings(root: Element) -> Element:
    return keep_children(root, _WEB_SETTINGS)


def clean_sect_pr(sect_pr: Element, story_ids: set[str]) -> Element:
    """The page setup of a sectPr; header/footer references only to the ids in ``story_ids``."""
    references = (q("w:headerReference"), q("w:footerReference"))
    for child in list(sect_pr):
        unknown = child.get(q("r:id")) not in story_ids or child.get(q("w:type")) not in (
            "default",
            "first",
            "even",
        )
        if child.tag not in _SECT_PR or (child.tag in references and unknown):
            sect_pr.remove(child)
    for element in sect_pr.iter(etree.Element):
        if element.getparent() is not sect_pr or element.tag not in (
            q("w:headerReference"),
            q("w:footerReference"),
        ):
            for key in _rel_attributes(element):
                del element.attrib[key]  # a page border's art picture, say
    for key in list(sect_pr.attrib):
        if not key.startswith(f"{{{NS['w']}}}"):
            del sect_pr.attrib[key]
    return sect_pr


def clean_story(root: Element, images: set[str]) -> set[str]:
    """Make a header or footer safe in place; the picture relationship ids it still uses.

    ``images`` are the ids of the part's internal, checked pictures: a picture that uses any
    other relationship (an external link, a missing or non-image target) is removed.
    """
    for tag in _STORY_DROPS:
        for element in list(root.iter(q(tag))):
            _remove(element)
    _drop_fields(root)
    for link in list(root.iter(q("w:hyperlink"))):
        for child in list(link):
            link.addprevious(child)
        _remove(link)
    _strip_link_attributes(root)
    used: set[str] = set()
    for element in [e for e in root.iter(etree.Element) if _rel_attributes(e)]:
        if _keep_picture(element, images):
            used.update(element.get(key) for key in _rel_attributes(element))
        else:
            _drop_linked(element, images, used)
    return used


def _keep_picture(element: Element, images: set[str]) -> bool:
    """A DrawingML blip or VML image data whose only relationship is an internal picture."""
    if element.tag not in (q("a:blip"), q("v:imagedata")):
        return False
    keys = _rel_attributes(element)
    return all(
        etree.QName(k).localname in ("embed", "id", "relid") and element.get(k) in images for k in keys
    )


def _drop_linked(element: Element, images: set[str], used: set[str]) -> None:
    """Remove what ``element`` links to: the link alone, the picture extension, or the whole picture."""
    if etree.QName(element).localname.startswith("hlink"):  # a click or hover link on a picture
        _remove(element)
        return
    if element.tag == q("a:blip") and element.get(q("r:embed")) in images:
        for key in _rel_attributes(element):
            if key != q("r:embed"):
                del element.attrib[key]  # r:link: the linked copy goes, the embedded one stays
        used.add(element.get(q("r:embed")))
        return
    for ancestor in element.iterancestors():
        if ancestor.tag == q("a:ext"):  # an SVG or other extension of a picture: its fallback stays
            _remove(ancestor)
            return
        if ancestor.tag in (q("w:drawing"), q("w:pict")):
            _remove(ancestor)
            return
    _remove(element)


def _drop_fields(root: Element) -> None:
    """Remove every field but page numbers, with its result: simple and complex, nested, in text boxes."""
    for simple in list(root.iter(q("w:fldSimple"))):
        if _field_name(simple.get(q("w:instr"), "")) not in ALLOWED_FIELDS:
            _remove(simple)
    stories: dict[Element, list[Element]] = {}
    for run in root.iter(q("w:r")):
        box = next(run.iterancestors(q("w:txbxContent")), root)
        stories.setdefault(box, []).append(run)
    doomed: list[Element] = []
    for runs in stories.values():
        stack: list[tuple[list[str], list[Element]]] = []
        for run in runs:
            for _, field_runs in stack:
                field_runs.append(run)
            for child in run:
                kind = child.get(q("w:fldCharType")) if child.tag == q("w:fldChar") else None
                if kind == "begin":
                    stack.append(([], [run]))
                elif child.tag == q("w:instrText"):
                    if stack:
                        stack[-1][0].append(child.text or "")
                    else:
                        doomed.append(run)  # an instruction outside any field
                elif kind == "end" and stack:
                    instruction, field_runs = stack.pop()
                    if _field_name("".join(instruction)) not in ALLOWED_FIELDS:
                        doomed.extend(field_runs)
        for _, field_runs in stack:  # never ended: not a page number either
            doomed.extend(field_runs)
    for run in doomed:
        _remove(run)


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""
