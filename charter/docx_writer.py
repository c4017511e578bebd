"""Write a :class:`~charter.blocks.DocumentSpec` as a Word document.

This is the only module of the package that imports python-docx: the commands that do not write a
document never pay for it. Everything python-docx has no API for (fields, numbering restarts, the
proofing language, style fallbacks) is written as raw WordprocessingML here.

Public API:

* :func:`render_docx` builds the document and returns its bytes (the caller writes them atomically);
  the same spec always gives the same bytes.
* :func:`check_reference_doc` says what a user's reference document lacks, without writing anything.

A reference document lends its styles, numbering, page setup and header/footer design, never its
body text. When it lacks a style the charter needs, the charter's own definition (from the built-in
``reference.docx``) is copied into it, along with the numbering that style uses; heading and list
styles that exist but carry no numbering get the charter's numbering attached. Only a style that
cannot be added (its name is taken by a style of another type) makes the reference unusable.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.parts.numbering import NumberingPart
from lxml import etree

from charter.blocks import (
    Block,
    DocumentSpec,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
)
from charter.errors import CharterError, OutputError, ReferenceDocError

Element = Any  # an lxml element of python-docx's oxml classes; lxml ships no type stubs

__all__ = ["TOC_INSTRUCTION", "check_reference_doc", "render_docx"]

#: The table of contents field: outline levels 1-3, entries as links, no page numbers in web view.
TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'
#: Heading levels the stored (cached) table of contents lists before Word refreshes it.
TOC_CACHED_LEVELS = 2

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# Characters XML 1.0 cannot carry: C0 controls other than tab/newline/return, lone surrogates,
# U+FFFE and U+FFFF. Written as the short list of bad ranges: the negated form takes 17 ms to compile.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# ---------------------------------------------------------------------------------------------------
# Styles the charter needs: logical name -> (style type, accepted names, most preferred first).
# Names are compared case-insensitively, so Word's internal "heading 1" and pandoc's "Heading 1"
# are the same style. The first accepted name is also the one looked up in the built-in reference.
# ---------------------------------------------------------------------------------------------------
_NEEDED_STYLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Normal": ("paragraph", ("Normal",)),
    "Title": ("paragraph", ("Title",)),
    "Subtitle": ("paragraph", ("Subtitle",)),
    "Heading 1": ("paragraph", ("heading 1",)),
    "Heading 2": ("paragraph", ("heading 2",)),
    "Heading 3": ("paragraph", ("heading 3",)),
    "TOC Heading": ("paragraph", ("TOC Heading",)),
    "TOC 1": ("paragraph", ("toc 1",)),
    "TOC 2": ("paragraph", ("toc 2",)),
    "List Bullet": ("paragraph", ("List Bullet",)),
    "List Bullet 2": ("paragraph", ("List Bullet 2",)),
    "List Number": ("paragraph", ("List Number",)),
    "List Number 2": ("paragraph", ("List Number 2",)),
    # pandoc calls its quotation style "Block Text", LibreOffice "Quotations".
    "Quote": ("paragraph", ("Quote", "Block Text", "Quotations")),
    "Header": ("paragraph", ("header",)),
    "Footer": ("paragraph", ("footer",)),
    # A user's plain "Table Grid" is respected; otherwise the charter's shaded-header table style.
    "Table": ("table", ("Charter Table", "Table Grid")),
}
_HEADINGS = ("Heading 1", "Heading 2", "Heading 3")
_LISTS = ("List Bullet", "List Bullet 2", "List Number", "List Number 2")

_FALLBACK_LABELS = {
    "version": "Version",
    "effective_date": "Effective date",
    "owner": "Owner",
    "to_be_set": "to be set",
}


# ===================================================================================================
# Public API
# ===================================================================================================


def render_docx(spec: DocumentSpec, reference_doc: Path | None = None) -> bytes:
    """The finished .docx for ``spec``, styled by ``reference_doc`` or the built-in house style.

    Identical input gives identical bytes: nothing depends on the clock or on dict order.
    Raises ReferenceDocError when the reference cannot be used, OutputError when the text holds
    characters a Word document cannot store.
    """
    _check_spec_text(spec)
    document = _open_reference(reference_doc)
    styles = _StyleFitter(document).fit()
    try:
        _Builder(document, styles, spec).build()
        buffer = io.BytesIO()
        document.save(buffer)
    except (ValueError, UnicodeError) as error:  # a safety net: the text was checked above
        raise OutputError(f"The Word document cannot be built: {error}") from error
    return _normalise_zip(buffer.getvalue())


def check_reference_doc(path: Path) -> list[str]:
    """What the reference at ``path`` lacks and how the charter makes up for it (empty: nothing).

    Raises ReferenceDocError when the file cannot be used at all. Nothing is written.
    """
    document = _open_reference(path)
    return _StyleFitter(document).fit().notes


# ===================================================================================================
# Reading the reference document
# ===================================================================================================


def _builtin_reference_path() -> Path:
    """The house style shipped with the package (see charter.resources for where that is)."""
    from charter.resources import builtin_dir

    return builtin_dir() / "reference.docx"


@cache
def _builtin_reference_bytes() -> bytes:
    """Read once per process: every render and every fallback starts from it."""
    path = _builtin_reference_path()
    try:
        return path.read_bytes()
    except OSError as error:
        raise ReferenceDocError(
            f"The built-in Word reference document is missing ({path}): reinstall charter, or run "
            "`python tools/build_reference.py` in a source checkout."
        ) from error


def _open_reference(path: Path | None) -> DocxDocument:
    """Load the reference as a python-docx Document, turning every failure into ReferenceDocError.

    A user's file is never opened as it is: charter.docx.reference rebuilds it from an allow-list
    of parts (styles, numbering, theme, fonts, page setup, header and footer), bounded and cleaned.
    """
    if path is None:
        return _load_package(_builtin_reference_bytes(), "the built-in reference document")
    from charter.docx.reference import clean_reference

    return _load_package(clean_reference(path), f"The reference document {path}")


def _load_package(data: bytes, where: str) -> DocxDocument:
    """Open clean .docx bytes with python-docx."""
    try:
        return docx.Document(io.BytesIO(data))
    except CharterError:
        raise
    except Exception as error:  # any parse failure of a user's file means "not usable"
        raise ReferenceDocError(f"{where} is not a usable Word document (.docx or .dotx): {error}") from error


@cache
def _builtin_parts() -> tuple[bytes, bytes]:
    """The built-in styles.xml and numbering.xml, the source of every fallback definition."""
    with zipfile.ZipFile(io.BytesIO(_builtin_reference_bytes())) as archive:
        return archive.read("word/styles.xml"), archive.read("word/numbering.xml")


# ===================================================================================================
# Fitting the reference's styles to what the charter needs
# ===================================================================================================


@dataclass
class _Level:
    """One level of a numbering definition, enough to print its number in the stored TOC."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1


@dataclass
class _FittedStyles:
    """What the writer needs to know about the reference once its styles are complete."""

    ids: dict[str, str]  # logical name -> styleId in the document
    normal_is_default: bool
    heading_levels: list[_Level]  # ilvl 0..2 of the heading numbering
    heading_ilvl: dict[int, int]  # heading level -> ilvl in that numbering
    lists: dict[str, tuple[str, int, int]]  # list style -> (abstractNumId, ilvl, start)
    notes: list[str] = field(default_factory=list)
    numbering: Element | None = None  # the w:numbering root


def _style_name(style: Element) -> str:
    """A style's w:name, the key Word (and this module) identifies built-in styles by."""
    name = style.find(qn("w:name"))
    return (name.get(qn("w:val")) if name is not None else "") or ""


def _val(element: Element | None, default: str | None = None) -> str | None:
    return default if element is None else element.get(qn("w:val"), default)


class _Styles:
    """A case-insensitive index of the ``w:style`` elements of one styles part."""

    def __init__(self, root: Element) -> None:
        self.root = root
        self.by_id: dict[str, Element] = {}
        self.by_name: dict[str, Element] = {}
        for style in root.findall(qn("w:style")):
            self.add(style)

    def add(self, style: Element) -> None:
        self.by_id.setdefault(style.get(qn("w:styleId"), ""), style)
        self.by_name.setdefault(_style_name(style).lower(), style)

    def find(self, kind: str, names: Iterable[str]) -> Element | None:
        for name in names:
            style = self.by_name.get(name.lower())
            if style is not None and style.get(qn("w:type"), "paragraph") == kind:
                return style
        return None

    def default_paragraph(self) -> Element | None:
        for style in self.root.findall(qn("w:style")):
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                return style
        return None


class _StyleFitter:
    """Complete a reference's styles and numbering so that every block has a style to use."""

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.styles = _Styles(document.styles.element)
        builtin_styles, builtin_numbering = _builtin_parts()
        self.source = _Styles(parse_xml(builtin_styles))
        self.source_numbering = parse_xml(builtin_numbering)
        self.notes: list[str] = []
        self._numbering: Element | None = None
        self._imported_nums: dict[str, str] = {}  # built-in numId -> numId in the document
        self._imported_abstracts: set[str] = set()

    # ---------------------------------------------------------------------------------- entry point
    def fit(self) -> _FittedStyles:
        ids = self._resolve_styles()
        heading_levels, heading_ilvl = self._fit_heading_numbering(ids)
        lists = self._fit_list_numbering(ids)
        self._link_levels(ids)
        return _FittedStyles(
            ids=ids,
            normal_is_default=self.styles.default_paragraph() is self.styles.by_id.get(ids["Normal"]),
            heading_levels=heading_levels,
            heading_ilvl=heading_ilvl,
            lists=lists,
            notes=self.notes,
            numbering=self._numbering_root(create=False),
        )

    # --------------------------------------------------------------------------------------- styles
    def _resolve_styles(self) -> dict[str, str]:
        """Find every needed style by name; copy in the missing ones unless a name is taken."""
        ids: dict[str, str] = {}
        missing: list[str] = []
        for logical, (kind, names) in _NEEDED_STYLES.items():
            style = self.styles.find(kind, names)
            if style is None and logical == "Normal":
                style = self.styles.default_paragraph()
            if style is None:
                missing.append(logical)
            else:
                ids[logical] = style.get(qn("w:styleId"))
        clashes = []
        for logical in missing:
            kind, names = _NEEDED_STYLES[logical]
            source = self.source.find(kind, names)
            taken = self.styles.by_name.get(_style_name(source).lower())
            if taken is not None:
                clashes.append(
                    f"'{_style_name(source)}' is a {taken.get(qn('w:type'), 'paragraph')} style, "
                    f"the charter needs a {kind} style"
                )
        if clashes:
            raise ReferenceDocError(
                "The reference document cannot style the charter: "
                + "; ".join(clashes)
                + ". Rename or delete these styles in Word, or use another reference document."
            )
        for logical in missing:
            kind, names = _NEEDED_STYLES[logical]
            source = self.source.find(kind, names)
            ids[logical] = self._copy_style(source)
        if missing:
            shown = ", ".join(f"'{logical}'" for logical in missing)
            plural = "styles" if len(missing) > 1 else "style"
            self.notes.append(f"Missing {plural} {shown}: the charter's own definitions are added.")
        return ids

    def _copy_style(self, source: Element) -> str:
        """Copy a built-in style (and the styles it is based on) into the document; its new id."""
        name = _style_name(source)
        existing = self.styles.by_name.get(name.lower())
        if existing is not None:
            return existing.get(qn("w:styleId"))
        style = copy.deepcopy(source)
        style_id = source.get(qn("w:styleId"))
        candidate, counter = style_id, 1
        while candidate in self.styles.by_id:
            counter += 1
            candidate = f"Charter{style_id}{counter if counter > 2 else ''}"
        style.set(qn("w:styleId"), candidate)
        style.attrib.pop(qn("w:default"), None)
        self.styles.root.append(style)
        self.styles.add(style)
        for tag in ("w:basedOn", "w:next"):
            link = style.find(qn(tag))
            if link is None:
                continue
            target = self.source.by_id.get(link.get(qn("w:val"), ""))
            if target is None:
                style.remove(link)
            else:
                link.set(qn("w:val"), self._copy_style(target))
        for link in style.findall(qn("w:link")):
            style.remove(link)
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None and _val(num_id, "0") != "0":
            num_id.set(qn("w:val"), self._import_num(_val(num_id, "0") or "0"))
        return candidate

    # ------------------------------------------------------------------------------------ numbering
    def _numbering_root(self, create: bool = True) -> Element | None:
        """The document's w:numbering element, creating the part when ``create`` (LibreOffice)."""
        if self._numbering is not None:
            return self._numbering
        part = self.document.part
        try:
            self._numbering = part.part_related_by(RT.NUMBERING).element
        except KeyError:
            if not create:
                return None
            used = {str(p.partname) for p in part.package.iter_parts()}
            index, name = 1, "/word/numbering.xml"
            while name in used:
                index += 1
                name = f"/word/numbering{index}.xml"
            root = parse_xml(f'<w:numbering xmlns:w="{_W_NS}"/>')
            numbering_part = NumberingPart(PackURI(name), CT.WML_NUMBERING, root, part.package)
            part.relate_to(numbering_part, RT.NUMBERING)
            self._numbering = root
            self.notes.append("No numbering definitions: the charter's own are added.")
        return self._numbering

    def _import_num(self, source_num_id: str) -> str:
        """Copy a built-in numbering (w:num and its w:abstractNum) into the document; its numId."""
        if source_num_id in self._imported_nums:
            return self._imported_nums[source_num_id]
        source_num = _find_num(self.source_numbering, source_num_id)
        source_abstract = _find_abstract(self.source_numbering, _val(source_num.find(qn("w:abstractNumId"))))
        root = self._numbering_root()
        abstract = copy.deepcopy(source_abstract)
        abstract_id = str(_next_id(root, "w:abstractNum", "w:abstractNumId"))
        abstract.set(qn("w:abstractNumId"), abstract_id)
        nsid = abstract.find(qn("w:nsid"))
        if nsid is not None:
            nsid.set(qn("w:val"), f"{(0x5C4B0000 + int(abstract_id)) & 0xFFFFFFFF:08X}")
        for element in abstract.findall(qn("w:tmpl")) + abstract.findall(f"{qn('w:lvl')}/{qn('w:pStyle')}"):
            element.getparent().remove(element)
        _insert_abstract(root, abstract)
        self._imported_abstracts.add(abstract_id)
        num_id = _add_num(root, abstract_id)
        self._imported_nums[source_num_id] = num_id
        return num_id

    def _style_numbering(self, style_id: str) -> tuple[str, int] | None:
        """(numId, ilvl) a paragraph style numbers with, following basedOn; None when unnumbered."""
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        current = self.styles.by_id.get(style_id)
        while current is not None and style_id not in seen:
            seen.add(style_id)
            num_pr = current.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                if num_id is None and num_pr.find(qn("w:numId")) is not None:
                    num_id = _val(num_pr.find(qn("w:numId")))
                if ilvl is None and num_pr.find(qn("w:ilvl")) is not None:
                    ilvl = _int(_val(num_pr.find(qn("w:ilvl"))), 0)
            style_id = _val(current.find(qn("w:basedOn"))) or ""
            current = self.styles.by_id.get(style_id)
        if not num_id or num_id == "0":
            return None
        return num_id, ilvl or 0

    def _numbered_level(self, style_id: str) -> tuple[Element, int, Element] | None:
        """(abstractNum, ilvl, lvl) when the style really prints a number or a bullet."""
        found = self._style_numbering(style_id)
        root = self._numbering_root(create=False)
        if found is None or root is None:
            return None
        num_id, ilvl = found
        num = _find_num(root, num_id)
        if num is None:
            return None
        abstract = _find_abstract(root, _val(num.find(qn("w:abstractNumId"))))
        if abstract is not None and abstract.find(qn("w:numStyleLink")) is not None:
            abstract = self._linked_abstract(root, _val(abstract.find(qn("w:numStyleLink"))) or "")
        if abstract is None:
            return None
        lvl = abstract.find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='{ilvl}']")
        if lvl is None or _val(lvl.find(qn("w:numFmt")), "decimal") == "none":
            return None
        if not _val(lvl.find(qn("w:lvlText")), ""):
            return None
        return abstract, ilvl, lvl

    def _linked_abstract(self, root: Element, style_id: str) -> Element | None:
        """Follow a numbering style link (w:numStyleLink) to the definition that holds the levels."""
        found = self._style_numbering(style_id)
        if found is None:
            return None
        num = _find_num(root, found[0])
        if num is None:
            return None
        abstract = _find_abstract(root, _val(num.find(qn("w:abstractNumId"))))
        if abstract is None or abstract.find(qn("w:numStyleLink")) is not None:
            return None
        return abstract

    def _attach(self, style_id: str, source_num_id: str, ilvl: int) -> None:
        """Give a document style the built-in numbering ``source_num_id`` at level ``ilvl``."""
        num_id = self._import_num(source_num_id)
        style = self.styles.by_id[style_id]
        ppr = style.find(qn("w:pPr"))
        if ppr is None:
            ppr = OxmlElement("w:pPr")
            _insert_ordered(style, ppr, _STYLE_SEQ)
        old = ppr.find(qn("w:numPr"))
        if old is not None:
            ppr.remove(old)
        num_pr = OxmlElement("w:numPr")
        _sub(num_pr, "w:ilvl", str(ilvl))
        _sub(num_pr, "w:numId", num_id)
        _insert_ordered(ppr, num_pr, _PPR_SEQ)

    def _source_numbering(self, logical: str) -> tuple[str, int]:
        """(numId, ilvl) the built-in reference gives the style ``logical``."""
        kind, names = _NEEDED_STYLES[logical]
        style = self.source.find(kind, names)
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        return _val(num_pr.find(qn("w:numId"))) or "0", _int(_val(num_pr.find(qn("w:ilvl"))), 0)

    def _fit_heading_numbering(self, ids: dict[str, str]) -> tuple[list[_Level], dict[int, int]]:
        """Keep the reference's heading outline if all three levels share one; else attach ours."""
        found = [self._numbered_level(ids[h]) for h in _HEADINGS]
        abstracts = {f[0].get(qn("w:abstractNumId")) for f in found if f is not None}
        if None in found or len(abstracts) != 1:
            self.notes.append(
                "The heading styles are not numbered as one outline: the charter's "
                "'1.', '1.1.', '1.1.1.' numbering is attached to them."
            )
            for heading in _HEADINGS:
                num_id, ilvl = self._source_numbering(heading)
                self._attach(ids[heading], num_id, ilvl)
            found = [self._numbered_level(ids[h]) for h in _HEADINGS]
        abstract = found[0][0] if found[0] is not None else None
        levels = []
        for ilvl in range(9):
            lvl = None if abstract is None else abstract.find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='{ilvl}']")
            levels.append(
                _Level(
                    fmt=_val(lvl.find(qn("w:numFmt")), "decimal") if lvl is not None else "decimal",
                    text=(_val(lvl.find(qn("w:lvlText")), "") if lvl is not None else "") or "",
                    start=_int(_val(lvl.find(qn("w:start"))), 1) if lvl is not None else 1,
                )
            )
        heading_ilvl = {n + 1: (f[1] if f is not None else n) for n, f in enumerate(found)}
        return levels, heading_ilvl

    def _fit_list_numbering(self, ids: dict[str, str]) -> dict[str, tuple[str, int, int]]:
        """Every list style must number or bullet; the ones that do not get the charter's lists."""
        lists: dict[str, tuple[str, int, int]] = {}
        bare = []
        for logical in _LISTS:
            found = self._numbered_level(ids[logical])
            if found is None:
                bare.append(logical)
                num_id, ilvl = self._source_numbering(logical)
                self._attach(ids[logical], num_id, ilvl)
                found = self._numbered_level(ids[logical])
            abstract, ilvl, lvl = found  # type: ignore[misc]  # attached just above
            start = _int(_val(lvl.find(qn("w:start"))), 1)
            lists[logical] = (abstract.get(qn("w:abstractNumId")), ilvl, start)
        if bare:
            names = ", ".join(f"'{_style_name(self.styles.by_id[ids[b]])}'" for b in bare)
            self.notes.append(
                f"List styles without numbering ({names}): the charter's bullets and numbers are attached."
            )
        return lists

    def _link_levels(self, ids: dict[str, str]) -> None:
        """Point the levels of the numberings we imported back at their styles, as Word does."""
        root = self._numbering_root(create=False)
        if root is None or not self._imported_abstracts:
            return
        linked: dict[tuple[str, int], str] = {}
        for logical in (*_HEADINGS, *_LISTS):
            found = self._style_numbering(ids[logical])
            if found is None:
                continue
            num = _find_num(root, found[0])
            abstract_id = _val(num.find(qn("w:abstractNumId"))) if num is not None else None
            if abstract_id in self._imported_abstracts:
                linked[(abstract_id, found[1])] = ids[logical]
        targets = set(linked.values())
        for abstract in root.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for lvl in abstract.findall(qn("w:lvl")):
                pstyle = lvl.find(qn("w:pStyle"))
                if abstract_id not in self._imported_abstracts:
                    # another list claiming one of our styles would fight over it in Word
                    if pstyle is not None and _val(pstyle) in targets:
                        lvl.remove(pstyle)
                    continue
                style_id = linked.get((abstract_id, _int(lvl.get(qn("w:ilvl")), 0)))
                if style_id is not None:
                    element = OxmlElement("w:pStyle")
                    element.set(qn("w:val"), style_id)
                    _insert_ordered(lvl, element, _LVL_SEQ)


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w_tags(names: str) -> tuple[str, ...]:
    """Clark names of w: elements, in the schema order their parent requires."""
    return tuple(qn(f"w:{name}") for name in names.split())


_STYLE_SEQ = _w_tags(
    "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
    "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr"
)
_PPR_SEQ = _w_tags(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN "
    "bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
    "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
_RPR_SEQ = _w_tags(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
    "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
    "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
_LVL_SEQ = _w_tags("start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr")
_SETTINGS_SEQ = (
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


def _insert_ordered(parent: Element, child: Element, sequence: Sequence[str]) -> None:
    """Insert ``child`` where the schema wants it: Word rejects misplaced elements."""
    position = sequence.index(child.tag) if child.tag in sequence else len(sequence)
    for existing in parent:
        if existing.tag in sequence and sequence.index(existing.tag) > position:
            existing.addprevious(child)
            return
    parent.append(child)


def _sub(parent: Element, tag: str, value: str | None = None, **attrs: str) -> Element:
    element = OxmlElement(tag)
    if value is not None:
        element.set(qn("w:val"), value)
    for key, attr in attrs.items():
        element.set(qn(f"w:{key}"), attr)
    parent.append(element)
    return element


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _find_num(root: Element, num_id: str | None) -> Element | None:
    for num in root.findall(qn("w:num")):
        if num.get(qn("w:numId")) == num_id:
            return num
    return None


def _find_abstract(root: Element, abstract_id: str | None) -> Element | None:
    for abstract in root.findall(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) == abstract_id:
            return abstract
    return None


def _next_id(root: Element, tag: str, attr: str) -> int:
    return max((_int(e.get(qn(attr)), 0) for e in root.findall(qn(tag))), default=0) + 1


def _insert_abstract(root: Element, abstract: Element) -> None:
    """abstractNum elements must all precede the num elements."""
    first_num = root.find(qn("w:num"))
    if first_num is None:
        first_num = root.find(qn("w:numIdMacAtCleanup"))
    if first_num is None:
        root.append(abstract)
    else:
        first_num.addprevious(abstract)


def _add_num(root: Element, abstract_id: str, restart: tuple[int, int] | None = None) -> str:
    """A new w:num on ``abstract_id``; ``restart`` = (ilvl, start) makes it count afresh."""
    num_id = str(_next_id(root, "w:num", "w:numId"))
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), num_id)
    _sub(num, "w:abstractNumId", abstract_id)
    if restart is not None:
        override = _sub(num, "w:lvlOverride", ilvl=str(restart[0]))
        _sub(override, "w:startOverride", str(restart[1]))
    cleanup = root.find(qn("w:numIdMacAtCleanup"))
    if cleanup is None:
        root.append(num)
    else:
        cleanup.addprevious(num)
    return num_id


# ===================================================================================================
# Text checks
# ===================================================================================================


def _checked(text: str, what: str) -> str:
    """``text`` unchanged, or OutputError naming the character XML cannot hold and where it is."""
    match = _INVALID_XML.search(text)
    if match is None:
        return text
    before = text[max(0, match.start() - 30) : match.start()]
    near = f' just after "{before}"' if before.strip() else ""
    raise OutputError(
        f"The Word document cannot be written: {what} contains the character U+{ord(match.group()):04X}"
        f"{near}, which a Word document cannot hold. Remove it and try again."
    )


def _check_runs(runs: Iterable[Run], what: str) -> None:
    for run in runs:
        _checked(run.text, what)


def _check_blocks(blocks: Iterable[Block]) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            _check_runs(block.runs, "a heading")
        elif isinstance(block, Paragraph):
            _check_runs(block.runs, "a paragraph")
        elif isinstance(block, ListBlock):
            for item in block.items:
                _check_runs(item.runs, "a list item")
                if item.children is not None:
                    _check_blocks([item.children])
        elif isinstance(block, Table):
            for cell in block.header:
                _check_runs(cell, "a table header")
            for row in block.rows:
                for cell in row:
                    _check_runs(cell, "a table cell")


def _check_spec_text(spec: DocumentSpec) -> None:
    """Refuse the whole spec before python-docx sees a character it would choke on."""
    page = spec.title_page
    for value, what in (
        (page.organisation, "the organisation name"),
        (page.title, "the title"),
        (page.version, "the version"),
        (page.owner, "the charter owner"),
        (spec.header_text, "the page header"),
        (spec.page_label, "the page label"),
        (spec.contents_title, "the contents title"),
        (spec.language_tag, "the language tag"),
    ):
        _checked(value, what)
    for key, value in sorted(page.labels.items()):
        _checked(value, f"the label '{key}'")
    for key, value in sorted(spec.properties.items()):
        _checked(value, f"the document property '{key}'")
    _check_blocks(spec.blocks)


# ===================================================================================================
# Building the document
# ===================================================================================================


def _text_run(text: str, bold: bool = False, italic: bool = False) -> Element:
    """A w:r holding ``text``; tabs and newlines become w:tab and w:br, as Word types them."""
    run = OxmlElement("w:r")
    if bold or italic:
        rpr = _sub(run, "w:rPr")
        if bold:
            _sub(rpr, "w:b")
            _sub(rpr, "w:bCs")
        if italic:
            _sub(rpr, "w:i")
            _sub(rpr, "w:iCs")
    for piece in re.split(r"(\t|\r\n|\n|\r)", text):
        if piece == "\t":
            _sub(run, "w:tab")
        elif piece in ("\n", "\r", "\r\n"):
            _sub(run, "w:br")
        elif piece:
            t = _sub(run, "w:t")
            t.text = piece
            if piece != piece.strip():
                t.set(qn("xml:space"), "preserve")
    return run


def _field_runs(instruction: str, cached: str, bold: bool = False) -> list[Element]:
    """A complex field (begin / instrText / separate / cached result / end) as five runs."""
    begin, instr, separate, end = (OxmlElement("w:r") for _ in range(4))
    _sub(begin, "w:fldChar", fldCharType="begin")
    text = _sub(instr, "w:instrText")
    text.text = f" {instruction} "
    text.set(qn("xml:space"), "preserve")
    _sub(separate, "w:fldChar", fldCharType="separate")
    _sub(end, "w:fldChar", fldCharType="end")
    return [begin, instr, separate, _text_run(cached, bold=bold), end]


def _roman(number: int) -> str:
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"))
    values += ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


def _format_counter(number: int, fmt: str) -> str:
    """A counter as Word prints it for a level's w:numFmt (decimal for formats we do not know)."""
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(number) if fmt == "upperRoman" else _roman(number).lower()
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


def _heading_numbers(blocks: Sequence[Block], styles: _FittedStyles) -> list[str]:
    """The number Word will print before each heading ("" when un-numbered), for the stored TOC."""
    levels = styles.heading_levels
    counters = [level.start - 1 for level in levels]
    numbers = []
    for block in blocks:
        if not isinstance(block, Heading):
            continue
        if not block.numbered:
            numbers.append("")
            continue
        ilvl = styles.heading_ilvl.get(_clamp_level(block.level), 0)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = levels[deeper].start - 1
        text = levels[ilvl].text or "%" + str(ilvl + 1) + "."

        def number(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            if not 0 <= index < len(levels):
                return ""
            return _format_counter(max(counters[index], levels[index].start), levels[index].fmt)

        numbers.append(re.sub(r"%([1-9])", number, text))
    return numbers


def _clamp_level(level: int) -> int:
    return min(max(level, 1), 3)


def _plain(runs: Iterable[Run]) -> str:
    """Runs as one line of text, for TOC entries and column widths."""
    return re.sub(r"\s+", " ", "".join(" " if r.line_break else r.text for r in runs)).strip()


class _Builder:
    """Fills a cleared reference with the title page, the contents and the blocks, in order."""

    def __init__(self, document: DocxDocument, styles: _FittedStyles, spec: DocumentSpec) -> None:
        self.document = document
        self.styles = styles
        self.spec = spec
        self.body = document.element.body
        self.sect_pr: Element = self._clear_body()
        self.last: Element | None = None
        self._bookmark = 0
        self._numbering = styles.numbering

    # ---------------------------------------------------------------------------------- scaffolding
    def build(self) -> None:
        """Title page, contents, blocks, then what depends on the whole: header, settings, metadata."""
        self._title_page()
        headings = [b for b in self.spec.blocks if isinstance(b, Heading)]
        numbers = _heading_numbers(self.spec.blocks, self.styles)
        anchors = [f"_Toc{100000001 + index}" for index in range(len(headings))]
        self._contents(headings, numbers, anchors)
        self._blocks(self.spec.blocks, iter(anchors))
        self._header_footer()
        for ppr in [p for p in self.body.iter(qn("w:pPr")) if len(p) == 0]:
            ppr.getparent().remove(ppr)
        self._settings()
        self._language()
        self._properties()

    def _clear_body(self) -> Element:
        """Drop the reference's body and what only its body used; keep its final sectPr."""
        sect_pr = self.body.find(qn("w:sectPr"))
        for child in list(self.body):
            if child is not sect_pr:
                self.body.remove(child)
        if sect_pr is None:
            sect_pr = parse_xml(_builtin_sect_pr())
            self.body.append(sect_pr)
        part = self.document.part
        referenced = set(self.document.element.xpath("//@r:id"))
        for rel_id, rel in list(part.rels.items()):
            droppable = rel.reltype in (RT.HEADER, RT.FOOTER, RT.HYPERLINK, RT.IMAGE) or rel.reltype.endswith(
                ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible")
            )
            if droppable and rel_id not in referenced:
                part.rels.pop(rel_id)
        self._drop_reference_metadata()
        return sect_pr

    def _drop_reference_metadata(self) -> None:
        """Nothing of the reference file's identity may travel: its preview picture (a picture of its
        first page), its application and custom properties, its building blocks and custom XML."""
        package = self.document.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype in (RT.THUMBNAIL, RT.CUSTOM_PROPERTIES, RT.EXTENDED_PROPERTIES):
                package.rels.pop(rel_id)
        part = self.document.part
        for rel_id, rel in list(part.rels.items()):
            if rel.reltype in (_STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.GLOSSARY_DOCUMENT):
                part.rels.pop(rel_id)

    def _append(self, element: Element) -> Element:
        """Add a block before the final sectPr, which must stay the body's last child."""
        if element.tag == qn("w:tbl") and self.last is not None and self.last.tag == qn("w:tbl"):
            self._append(OxmlElement("w:p"))  # two adjacent tables would merge into one
        self.sect_pr.addprevious(element)
        self.last = element
        return element

    def _paragraph(self, logical: str, runs: Iterable[Run] = (), *, bold: bool = False) -> Element:
        """A w:p in the document's style for ``logical``; Normal stays implicit, as Word writes it."""
        paragraph = OxmlElement("w:p")
        ppr = _sub(paragraph, "w:pPr")
        if logical != "Normal" or not self.styles.normal_is_default:
            _sub(ppr, "w:pStyle", self.styles.ids[logical])
        for run in runs:
            if run.line_break:
                _sub(_sub(paragraph, "w:r"), "w:br")
            elif run.text:
                paragraph.append(_text_run(run.text, bold=run.bold or bold, italic=run.italic))
        return paragraph

    def _page_break(self) -> None:
        """A page break at the end of the last paragraph, so no empty line opens the next page."""
        run = OxmlElement("w:r")
        _sub(run, "w:br", type="page")
        if self.last is not None and self.last.tag == qn("w:p"):
            self.last.append(run)
        else:
            paragraph = OxmlElement("w:p")
            paragraph.append(run)
            self._append(paragraph)

    @staticmethod
    def _ppr(paragraph: Element) -> Element:
        return paragraph.find(qn("w:pPr"))

    def _no_numbering(self, paragraph: Element) -> None:
        """numId 0 switches off the numbering a paragraph would inherit from its style."""
        num_pr = OxmlElement("w:numPr")
        _sub(num_pr, "w:numId", "0")
        _insert_ordered(self._ppr(paragraph), num_pr, _PPR_SEQ)

    # ----------------------------------------------------------------------------------- title page
    def _title_page(self) -> None:
        """Organisation, title, then version / effective date / owner aligned on one tab stop."""
        page = self.spec.title_page
        labels = {**_FALLBACK_LABELS, **page.labels}
        if page.effective_date is None:
            when = labels["to_be_set"]
        else:
            when = page.labels.get("effective_date_value") or page.effective_date.isoformat()
        first = True
        if page.organisation:
            organisation = self._paragraph("Subtitle", [Run(page.organisation)])
            self._space_before(organisation, 2835)
            self._append(organisation)
            first = False
        title = self._paragraph("Title", [Run(page.title)])
        if first:
            self._space_before(title, 2835)
        self._append(title)
        for key, value in (("version", page.version), ("effective_date", when), ("owner", page.owner)):
            if not value:
                continue
            line = self._paragraph("Normal", [Run(labels[key], bold=True), Run("\t" + value)])
            tabs = OxmlElement("w:tabs")
            _sub(tabs, "w:tab", "left", pos="3119")
            _insert_ordered(self._ppr(line), tabs, _PPR_SEQ)
            self._append(line)
        self._page_break()

    def _space_before(self, paragraph: Element, twips: int) -> None:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:before"), str(twips))
        _insert_ordered(self._ppr(paragraph), spacing, _PPR_SEQ)

    # ------------------------------------------------------------------------------------- contents
    def _contents(self, headings: list[Heading], numbers: list[str], anchors: list[str]) -> None:
        """A TOC field whose stored result already lists the headings, numbered as Word will."""
        heading = self._paragraph("TOC Heading", [Run(self.spec.contents_title)])
        self._no_numbering(heading)
        self._append(heading)
        listed = zip(headings, numbers, anchors, strict=True)
        entries = [(h, n, a) for h, n, a in listed if h.level <= TOC_CACHED_LEVELS]
        paragraphs = []
        for entry, number, anchor in entries:
            paragraph = self._paragraph("TOC 1" if entry.level <= 1 else "TOC 2")
            link = _sub(paragraph, "w:hyperlink")
            link.set(qn("w:anchor"), anchor)
            link.set(qn("w:history"), "1")
            text = f"{number}\t{_plain(entry.runs)}" if number else _plain(entry.runs)
            link.append(_text_run(text))
            paragraphs.append(paragraph)
        if not paragraphs:
            paragraphs.append(self._paragraph("TOC 1"))
        begin, instr, separate, _cached, end = _field_runs(TOC_INSTRUCTION, "")
        ppr = self._ppr(paragraphs[0])
        for run in (separate, instr, begin):
            ppr.addnext(run)
        paragraphs[-1].append(end)
        for paragraph in paragraphs:
            self._append(paragraph)
        self._page_break()

    # --------------------------------------------------------------------------------------- blocks
    def _blocks(self, blocks: Iterable[Block], anchors: Iterable[str]) -> None:
        """Each block in order; ``anchors`` gives the bookmark of each heading, in order."""
        anchor_iter = iter(anchors)
        previous: Block | None = None
        for block in blocks:
            if isinstance(block, Heading):
                self._heading(block, next(anchor_iter))
            elif isinstance(block, Paragraph):
                paragraph = self._paragraph("Quote" if block.quote else "Normal", block.runs)
                if isinstance(previous, Table):  # Word puts no space after a table; the text would touch it
                    _insert_ordered(self._ppr(paragraph), _spacing_before("200"), _PPR_SEQ)
                self._append(paragraph)
            elif isinstance(block, ListBlock):
                self._list(block, block.depth)
            elif isinstance(block, Table):
                self._table(block)
            elif isinstance(block, PageBreak):
                self._page_break()
            else:  # pragma: no cover - the Block union is closed
                raise CharterError(f"Unknown block {type(block).__name__}: this is a bug, please report it.")
            previous = block

    def _heading(self, heading: Heading, anchor: str) -> None:
        """A heading with the bookmark its TOC entry links to."""
        paragraph = self._paragraph(f"Heading {_clamp_level(heading.level)}", heading.runs)
        if not heading.numbered:
            self._no_numbering(paragraph)
        self._bookmark += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self._bookmark))
        start.set(qn("w:name"), anchor)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self._bookmark))
        self._ppr(paragraph).addnext(start)
        paragraph.append(end)
        self._append(paragraph)

    def _list(self, block: ListBlock, depth: int) -> None:
        """Bullets number through their style; every ordered list gets its own w:num from 1."""
        logical = ("List Number" if block.ordered else "List Bullet") + (" 2" if depth >= 1 else "")
        restart: tuple[str, int] | None = None
        if block.ordered and self._numbering is not None:
            abstract_id, ilvl, start = self.styles.lists[logical]
            restart = (_add_num(self._numbering, abstract_id, (ilvl, start)), ilvl)
        for item in block.items:
            paragraph = self._paragraph(logical, item.runs)
            if restart is not None:
                num_pr = OxmlElement("w:numPr")
                _sub(num_pr, "w:ilvl", str(restart[1]))
                _sub(num_pr, "w:numId", restart[0])
                _insert_ordered(self._ppr(paragraph), num_pr, _PPR_SEQ)
            self._append(paragraph)
            if item.children is not None:
                self._list(item.children, max(item.children.depth, depth + 1))

    def _text_width(self) -> int:
        """The width between the margins, in twips, from the reference's page setup."""
        size = self.sect_pr.find(qn("w:pgSz"))
        margins = self.sect_pr.find(qn("w:pgMar"))
        try:
            width = int(size.get(qn("w:w")))
            width -= int(margins.get(qn("w:left"))) + int(margins.get(qn("w:right")))
            width -= int(margins.get(qn("w:gutter"), "0"))
        except (AttributeError, TypeError, ValueError):
            return 9070
        return width if width > 1440 else 9070

    def _table(self, table: Table) -> None:
        """A full-width table in the table style, its header row bold and repeated on each page."""
        columns = max([len(table.header), *(len(row) for row in table.rows)], default=0)
        if columns == 0:
            return
        rows = [table.header, *table.rows]
        widths = _column_widths(rows, columns, self._text_width())

        tbl = OxmlElement("w:tbl")
        tbl_pr = _sub(tbl, "w:tblPr")
        _sub(tbl_pr, "w:tblStyle", self.styles.ids["Table"])
        _sub(tbl_pr, "w:tblW", w="5000", type="pct")
        look = {"firstRow": "1", "lastRow": "0", "firstColumn": "0", "lastColumn": "0"}
        _sub(tbl_pr, "w:tblLook", "0620", **look, noHBand="1", noVBand="1")
        grid = _sub(tbl, "w:tblGrid")
        for width in widths:
            _sub(grid, "w:gridCol", w=str(width))
        for index, row in enumerate(rows):
            tr = _sub(tbl, "w:tr")
            tr_pr = _sub(tr, "w:trPr")
            _sub(tr_pr, "w:cantSplit")
            if index == 0:
                _sub(tr_pr, "w:tblHeader")
            elif columns > 1 and all(not _plain(cell).strip() for cell in row[1:]):
                # A row to fill in by hand (a signature, a date): give the pen some room.
                _sub(tr_pr, "w:trHeight", val="680", hRule="atLeast")
            for column in range(columns):
                tc = _sub(tr, "w:tc")
                _sub(_sub(tc, "w:tcPr"), "w:tcW", w=str(widths[column]), type="dxa")
                runs = row[column] if column < len(row) else ()
                tc.append(self._paragraph("Normal", runs, bold=index == 0))
        self._append(tbl)

    # ------------------------------------------------------------------------------ header / footer
    def _header_footer(self) -> None:
        """Header text and "Page X of Y" on every page but the title page; keep any logo."""
        section = self.document.sections[-1]
        section.different_first_page_header_footer = True
        for part in (section.first_page_header, section.first_page_footer):
            if part.is_linked_to_previous:
                part.is_linked_to_previous = False
                self._restyle_blank(part._element)
        pairs = [(section.header, section.footer)]
        if self.document.settings.odd_and_even_pages_header_footer:
            pairs.append((section.even_page_header, section.even_page_footer))
        for header, footer in pairs:
            for part in (header, footer):
                if part.is_linked_to_previous:
                    part.is_linked_to_previous = False
            if self.spec.header_text:
                line = self._paragraph("Header", [Run(self.spec.header_text)])
                self._place(header._element, line)
            self._place(footer._element, self._page_label())

    @staticmethod
    def _restyle_blank(root: Element) -> None:
        """A blank title-page header in Normal: the Header style may draw a rule even when empty."""
        for pstyle in list(root.iter(qn("w:pStyle"))):
            pstyle.getparent().remove(pstyle)

    def _page_label(self) -> Element:
        """The footer line, {page} and {pages} turned into PAGE and NUMPAGES fields."""
        paragraph = self._paragraph("Footer")
        for piece in re.split(r"(\{page\}|\{pages\})", self.spec.page_label):
            if piece == "{page}":
                paragraph.extend(_field_runs("PAGE", "1"))
            elif piece == "{pages}":
                paragraph.extend(_field_runs("NUMPAGES", "1"))
            elif piece:
                paragraph.append(_text_run(piece))
        return paragraph

    @staticmethod
    def _place(root: Element, paragraph: Element) -> None:
        """Replace an empty header/footer, or add after what the reference put there (a logo)."""
        content = root.xpath(
            ".//w:t[normalize-space(.)!=''] | .//w:drawing | .//w:pict | .//w:object | .//w:instrText"
            " | .//w:fldSimple"
        )
        if not content:
            for child in list(root):
                if child.tag in (qn("w:p"), qn("w:tbl")):
                    root.remove(child)
        root.append(paragraph)

    # ------------------------------------------------------------------------- settings, properties
    def _settings(self) -> None:
        """Ask Word to refresh the fields on opening, so the TOC gets its page numbers."""
        settings = self.document.settings.element
        update = settings.find(qn("w:updateFields"))
        if update is None:
            update = OxmlElement("w:updateFields")
            _insert_ordered(settings, update, _SETTINGS_SEQ)
        update.set(qn("w:val"), "true")
        theme_lang = settings.find(qn("w:themeFontLang"))
        if theme_lang is None:
            theme_lang = OxmlElement("w:themeFontLang")
            _insert_ordered(settings, theme_lang, _SETTINGS_SEQ)
        theme_lang.set(qn("w:val"), self.spec.language_tag)

    def _language(self) -> None:
        """The proofing language in the defaults and in every style that names its own."""
        root = self.document.styles.element
        defaults = root.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            root.insert(0, defaults)
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is None:
            rpr_default = OxmlElement("w:rPrDefault")
            defaults.insert(0, rpr_default)
        rpr = rpr_default.find(qn("w:rPr"))
        if rpr is None:
            rpr = _sub(rpr_default, "w:rPr")
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            _insert_ordered(rpr, lang, _RPR_SEQ)
        lang.set(qn("w:val"), self.spec.language_tag)
        for style_lang in root.findall(f"{qn('w:style')}/{qn('w:rPr')}/{qn('w:lang')}"):
            style_lang.set(qn("w:val"), self.spec.language_tag)

    def _properties(self) -> None:
        """Every core property set from the spec; nothing left of the reference's or python-docx's."""
        core = self.document.core_properties
        element = core._element
        for child in list(element):
            element.remove(child)
        values = dict(self.spec.properties)
        values.setdefault("title", self.spec.title_page.title)
        for key in (
            "title", "subject", "author", "keywords", "comments", "category", "last_modified_by",
            "content_status", "identifier", "version",
        ):  # fmt: skip
            if values.get(key):
                setattr(core, key, values[key])
        core.revision = 1
        core.language = self.spec.language_tag
        when = self.spec.title_page.effective_date
        if when is not None:
            stamp = datetime(when.year, when.month, when.day)
            core.created = stamp
            core.modified = stamp


def _builtin_sect_pr() -> str:
    """The built-in reference's page setup, for a reference that has none."""
    with zipfile.ZipFile(io.BytesIO(_builtin_reference_bytes())) as archive:
        document = parse_xml(archive.read("word/document.xml"))
    sect_pr = document.find(f"{qn('w:body')}/{qn('w:sectPr')}")
    return etree.tostring(sect_pr).decode()


# ===================================================================================================
# Deterministic packaging
# ===================================================================================================


def _spacing_before(twips: str) -> Element:
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:before"), twips)
    return spacing


#: About the width of one character of body text, and a cell's left and right padding, in twips.
_CHAR_TWIPS = 120
_CELL_PADDING = 260


def _column_widths(rows: Sequence[Sequence[Sequence[Run]]], columns: int, total: int) -> list[int]:
    """Widths that never break a word inside a cell, then share the rest by the length of the text."""
    minimum, weights = [], []
    for column in range(columns):
        texts = [_plain(row[column]) for row in rows if column < len(row)]
        longest_word = max((len(word) for text in texts for word in text.split()), default=1)
        minimum.append(longest_word * _CHAR_TWIPS + _CELL_PADDING)
        weights.append(min(max((len(text) for text in texts), default=1), 60) or 1)
    if sum(minimum) >= total:
        widths = [total * m // sum(minimum) for m in minimum]
    else:
        spare = total - sum(minimum)
        widths = [m + spare * w // sum(weights) for m, w in zip(minimum, weights, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


def _normalise_zip(data: bytes) -> bytes:
    """Re-zip with fixed timestamps and a stable member order: same input, same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        names = source.namelist()
        first = [n for n in ("[Content_Types].xml", "_rels/.rels") if n in names]
        ordered = first + sorted(n for n in names if n not in first)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in ordered:
                info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                target.writestr(info, source.read(name))
    return out.getvalue()
