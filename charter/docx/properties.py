"""What describes the document rather than prints in it: settings, proofing language, properties.

Each works on the part's XML (a charter is written from a kept reference with lxml alone, see
``master``). The core properties are written as python-docx's ``CoreProperties`` writes them (its
elements, order, 255-character bound and W3CDTF dates); ``w:updateFields``, ``w:themeFontLang`` and
the proofing language (``w:lang``), which python-docx has no API for, are placed in schema order.
"""

from __future__ import annotations

from datetime import datetime

from charter.blocks import DocumentSpec
from charter.docx.xml import RPR_SEQ, SETTINGS_SEQ, Element, element, insert_ordered, qn, sub

#: The spec's property names and their elements, in the order they are written.
_CORE_KEYS = {
    "title": "dc:title",
    "subject": "dc:subject",
    "author": "dc:creator",
    "keywords": "cp:keywords",
    "comments": "dc:description",
    "category": "cp:category",
    "last_modified_by": "cp:lastModifiedBy",
    "content_status": "cp:contentStatus",
    "identifier": "dc:identifier",
    "version": "cp:version",
}
#: The longest text of a core property (python-docx's bound, from the OPC schema).
MAX_PROPERTY_LENGTH = 255


def _child(parent: Element, tag: str, sequence: tuple[str, ...]) -> Element:
    """``parent``'s child ``tag``, added in schema order when missing."""
    found = parent.find(qn(tag))
    if found is None:
        found = element(tag)
        insert_ordered(parent, found, sequence)
    return found


def set_settings(settings: Element, language_tag: str, *, refresh_fields: bool) -> None:
    """The theme's language for East Asian and complex-script fonts; and, when the contents have no
    page numbers yet (``refresh_fields``), ask Word to refresh the fields on opening. Word then shows
    a prompt, so it is asked only when the numbers could not be measured. ``settings``: w:settings."""
    if refresh_fields:
        _child(settings, "w:updateFields", SETTINGS_SEQ).set(qn("w:val"), "true")
    else:
        for found in settings.findall(qn("w:updateFields")):
            settings.remove(found)
    _child(settings, "w:themeFontLang", SETTINGS_SEQ).set(qn("w:val"), language_tag)


#: Page sizes and margins in twips: US Letter with 1-inch margins for American charters.
_LETTER = {"w": "12240", "h": "15840"}
_LETTER_MARGIN = "1440"


def set_paper(body: Element, language_tag: str) -> None:
    """US Letter with 1-inch margins for an en-US charter on the built-in reference (A4 otherwise)."""
    if language_tag != "en-US":
        return
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        return
    size = sect_pr.find(qn("w:pgSz"))
    if size is not None:
        for key, value in _LETTER.items():
            size.set(qn(f"w:{key}"), value)
    margins = sect_pr.find(qn("w:pgMar"))
    if margins is not None:
        for key in ("top", "right", "bottom", "left"):
            margins.set(qn(f"w:{key}"), _LETTER_MARGIN)


def set_language(root: Element, language_tag: str) -> None:
    """The proofing language in the defaults and in every style that names its own (``root`` is
    the w:styles element)."""
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = element("w:docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = element("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = sub(rpr_default, "w:rPr")
    _child(rpr, "w:lang", RPR_SEQ).set(qn("w:val"), language_tag)
    for style_lang in root.findall(f"{qn('w:style')}/{qn('w:rPr')}/{qn('w:lang')}"):
        style_lang.set(qn("w:val"), language_tag)


def set_core_properties(root: Element, spec: DocumentSpec) -> None:
    """Every core property set from the spec; nothing left of the reference's or python-docx's.
    ``root`` is cp:coreProperties. Raises ValueError for a value past MAX_PROPERTY_LENGTH."""
    for child in list(root):
        root.remove(child)
    values = dict(spec.properties)
    values.setdefault("title", spec.title_page.title)
    for key, tag in _CORE_KEYS.items():
        if values.get(key):
            _core_text(root, tag, str(values[key]))
    _core_text(root, "cp:revision", "1")
    _core_text(root, "dc:language", spec.language_tag)
    when = spec.title_page.effective_date
    if when is not None:
        stamp = datetime(when.year, when.month, when.day).strftime("%Y-%m-%dT%H:%M:%SZ")
        for tag in ("dcterms:created", "dcterms:modified"):
            made = _core_text(root, tag, stamp)
            # declared once, on the root, as python-docx does (not on each element that uses it)
            root.set(qn("xsi:foo"), "bar")
            made.set(qn("xsi:type"), "dcterms:W3CDTF")
            del root.attrib[qn("xsi:foo")]


def _core_text(root: Element, tag: str, value: str) -> Element:
    if len(value) > MAX_PROPERTY_LENGTH:
        raise ValueError(f"a document property is longer than {MAX_PROPERTY_LENGTH} characters: {value!r}")
    made = element(tag)
    made.text = value
    root.append(made)
    return made
