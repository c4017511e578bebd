"""Take from a user's reference document only what the charter needs, and nothing that links out.

A reference lends styles, numbering, theme, font table, page setup and its header and footer design
(a logo). Everything else in the file (its body, macros, custom XML, comments, embedded fonts and
objects, external templates, sub-documents, frames, hyperlinks, linked pictures...) must not travel
into the charter. So the reference is never opened as it is: :func:`clean_reference` reads it with
bounded reads (``zipread``), refuses macro-enabled files whatever their name or content type, and
assembles a new package holding only the parts of an allow-list, each parsed with a hardened parser
and cleaned (``sanitize``), with relationships rebuilt by this module (internal targets only). The
writer then opens that clean package with python-docx.

Part names and relationship ids of the user's file are kept where safe: the same reference gives
the same charter, byte for byte, as before this module existed.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from urllib.parse import unquote

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from charter.docx import sanitize
from charter.docx.sanitize import NS, Element, parse_part, q, serialise
from charter.docx.zipread import BoundedZip, read_regular_file
from charter.errors import ReferenceDocError

_OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_OFFICE_DOCUMENT = _OD + "officeDocument"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_HEADER, _FOOTER, _IMAGE = _OD + "header", _OD + "footer", _OD + "image"
_DOCUMENT_MAIN = _WML + "document.main+xml"
_MAIN_TYPES = (_DOCUMENT_MAIN, _WML + "template.main+xml")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class _Role:
    """What a related part must be (its root element) and how it is cleaned."""

    root: str
    what: str
    content_type: str
    clean: Callable[[Element], Element] | None = None  # None: a header or footer


#: The parts a reference lends, by relationship type from its main document. Nothing else is read.
_PARTS = {
    _OD + "styles": _Role("w:styles", "styles part", _WML + "styles+xml", sanitize.drop_links),
    _OD + "numbering": _Role("w:numbering", "numbering part", _WML + "numbering+xml", sanitize.drop_links),
    _OD + "settings": _Role("w:settings", "settings part", _WML + "settings+xml", sanitize.clean_settings),
    _OD + "webSettings": _Role(
        "w:webSettings", "web settings part", _WML + "webSettings+xml", sanitize.clean_web_settings
    ),
    _OD + "fontTable": _Role("w:fonts", "font table", _WML + "fontTable+xml", sanitize.drop_links),
    _OD + "theme": _Role(
        "a:theme", "theme", "application/vnd.openxmlformats-officedocument.theme+xml", sanitize.drop_links
    ),
}
_STORIES = {
    _HEADER: _Role("w:hdr", "header", _WML + "header+xml"),
    _FOOTER: _Role("w:ftr", "footer", _WML + "footer+xml"),
}
#: Pictures a header or footer may keep, by their first bytes: raster formats and Word's own
#: vector formats. SVG is not kept (it may load other files); its PNG fallback is.
_PICTURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\xd7\xcd\xc6\x9a", "image/x-wmf"),
)
#: Names, content types and relationship types that mean code: refused, never dropped quietly.
_MACRO_NAMES = ("vbaproject.bin", "vbadata.xml")
_MACRO_CONTENT = ("macroenabled", "vbaproject", "vbadata", "activex")
_MACRO_RELATIONSHIPS = ("/vbaproject", "/wordvbadata", "/activexcontrolbinary", "/control")
_RELATIONSHIP_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}")
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*")


def clean_reference(path: Path) -> bytes:
    """A new .docx package holding only what the charter takes from the reference at ``path``.

    Raises ReferenceDocError, with a message for the user, when the file cannot be used safely.
    """
    where = f"The reference document {path}"
    return clean_reference_data(read_regular_file(path, where), where)


def clean_reference_data(data: bytes, where: str) -> bytes:
    """:func:`clean_reference` for the bytes of a file already read (with ``zipread``'s bounds);
    ``where`` names the file in messages ("The reference document ...")."""
    if data.startswith(_OLE_MAGIC):
        raise ReferenceDocError(
            f"{where} is an old Word 97-2003 file or a password-protected document: "
            "save it as a Word document (.docx) or template (.dotx) without a password."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        _not_word(where)
    return _Reader(BoundedZip(data, where), where).build()


def _not_word(where: str) -> NoReturn:
    raise ReferenceDocError(
        f"{where} is not a Word document (.docx or .dotx). Give a file saved by Word, LibreOffice or pandoc."
    )


@dataclass
class _Rel:
    id: str
    type: str
    target: str | None  # the entry name of an internal target present in the file, else None
    external: bool


@dataclass
class _Package:
    """The clean package being assembled: parts, their content types, relationships by source."""

    parts: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    rels: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def add(self, wanted: str, content_type: str, data: bytes) -> str:
        """Store a part under ``wanted`` when that name is safe and free, else a name of ours."""
        name = wanted
        taken = {part.lower() for part in self.parts}
        if not _SAFE_NAME.fullmatch(name) or name.lower().endswith(".rels") or name.lower() in taken:
            extension = posixpath.splitext(wanted)[1]
            if not re.fullmatch(r"\.[A-Za-z0-9]{1,5}", extension) or extension.lower() == ".rels":
                extension = ".bin"
            name = f"word/part{len(self.parts) + 1}{extension}"
        self.parts[name] = (content_type, data)
        return name

    def relate(self, source: str, rel_id: str, rel_type: str, target: str) -> None:
        self.rels.setdefault(source, []).append((rel_id, rel_type, target))

    def zip(self) -> bytes:
        """The package as zip bytes, its content types and relationships written by us."""
        types = etree.Element(q("ct:Types"), nsmap={None: NS["ct"]})
        for extension, content_type in (
            ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
            ("xml", "application/xml"),
        ):
            etree.SubElement(types, q("ct:Default"), Extension=extension, ContentType=content_type)
        for name, (content_type, _) in self.parts.items():
            etree.SubElement(types, q("ct:Override"), PartName=f"/{name}", ContentType=content_type)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("[Content_Types].xml", serialise(types))
            for source, rels in self.rels.items():
                root = etree.Element(q("pr:Relationships"), nsmap={None: NS["pr"]})
                for rel_id, rel_type, target in rels:
                    etree.SubElement(
                        root, q("pr:Relationship"), Id=rel_id, Type=rel_type, Target=f"/{target}"
                    )
                folder, base = posixpath.split(source)
                archive.writestr(posixpath.join(folder, "_rels", f"{base}.rels"), serialise(root))
            for name, (_, data) in self.parts.items():
                archive.writestr(name, data)
        return out.getvalue()


class _Reader:
    """Reads the parts of the allow-list from a user's zip into a clean :class:`_Package`."""

    def __init__(self, archive: BoundedZip, where: str) -> None:
        self.archive = archive
        self.where = where
        self.out = _Package()
        self._imported: dict[tuple[str, str], str] = {}  # (entry, root) -> name in the clean package

    def build(self) -> bytes:
        try:
            types = self._parse("[Content_Types].xml", "ct:Types", "list of content types")
        except ReferenceDocError:
            _not_word(self.where)
        self._refuse_code(types)
        package_rels = self._rels("")
        main = next((r for r in package_rels if r.type == _OFFICE_DOCUMENT and r.target), None)
        if main is None or main.target is None or _override(types, main.target) not in _MAIN_TYPES:
            _not_word(self.where)
        document = self._parse(main.target, "w:document", "main document")
        main_name = self.out.add(main.target, _DOCUMENT_MAIN, b"")
        rels = self._rels(main.target)
        kept: dict[str, tuple[str, str]] = {}
        seen: set[str] = set()
        for rel in rels:
            role = _PARTS.get(rel.type)
            if role is not None and rel.target and not rel.external and rel.type not in seen:
                seen.add(rel.type)
                kept[rel.id] = (rel.type, self._import(rel.target, role))
        self._page_setup(document, {r.id: r for r in rels}, kept)
        for rel in rels:  # in the reference's order, with its ids: the same reference, the same bytes
            if rel.id in kept:
                self.out.relate(main_name, rel.id, *kept[rel.id])
        self.out.parts[main_name] = (_DOCUMENT_MAIN, serialise(document))
        core_taken = False
        for rel in package_rels:
            if rel is main:
                self.out.relate("", rel.id, rel.type, main_name)
            elif rel.type == _CORE and rel.target and not rel.external and not core_taken:
                core_taken = True
                core = self._parse(rel.target, "cp:coreProperties", "document properties")
                core[:] = []  # only the root: the charter sets every property itself
                core.attrib.clear()
                name = self.out.add(
                    rel.target, "application/vnd.openxmlformats-package.core-properties+xml", serialise(core)
                )
                self.out.relate("", rel.id, rel.type, name)
        return self.out.zip()

    # ------------------------------------------------------------------------------------ reading
    def _parse(self, name: str, root: str, what: str) -> Element:
        stored = self.archive.name(name)
        if stored is None:
            _not_word(self.where)
        return parse_part(self.archive.read(stored), stored, root, what, self.where)

    def _rels(self, source: str) -> list[_Rel]:
        """The relationships of part ``source`` ("" for the package), targets resolved and checked."""
        folder, base = posixpath.split(source)
        name = self.archive.name(posixpath.join(folder, "_rels", f"{base}.rels"))
        if name is None:
            return []
        root = parse_part(
            self.archive.read(name), name, "pr:Relationships", "list of relationships", self.where
        )
        rels: list[_Rel] = []
        for element in root.iter(q("pr:Relationship")):
            rel_id = element.get("Id", "")
            if not _RELATIONSHIP_ID.fullmatch(rel_id) or any(r.id == rel_id for r in rels):
                continue
            external = element.get("TargetMode", "Internal") != "Internal"
            target = None if external else self._resolve(folder, element.get("Target", ""))
            rels.append(_Rel(rel_id, element.get("Type", ""), target, external))
        return rels

    def _resolve(self, folder: str, target: str) -> str | None:
        """The entry an internal target names, or None (missing, outside the package, not a path)."""
        target = unquote(target)
        if not target or "\\" in target or ":" in target:
            return None
        joined = posixpath.normpath(posixpath.join("/" if target.startswith("/") else "/" + folder, target))
        return self.archive.name(joined.lstrip("/")) if joined.startswith("/") else None

    def _refuse_code(self, types: Element) -> None:
        """Refuse macros and ActiveX controls, found by name, content type or relationship type."""
        found = [
            n
            for n in self.archive.names
            if posixpath.basename(n.lower()) in _MACRO_NAMES or "activex/" in n.lower()
        ]
        for element in types:
            content_type = element.get("ContentType", "").lower()
            if any(word in content_type for word in _MACRO_CONTENT):
                found.append(f"content type {element.get('ContentType')}")
        for name in self.archive.names:
            if name.lower().endswith(".rels"):
                root = parse_part(
                    self.archive.read(name), name, "pr:Relationships", "list of relationships", self.where
                )
                for rel in root.iter(q("pr:Relationship")):
                    if rel.get("Type", "").lower().endswith(_MACRO_RELATIONSHIPS):
                        found.append(f"{rel.get('Target')} in {name}")
        if found:
            raise ReferenceDocError(
                f"{self.where} holds macros or ActiveX controls ({found[0]}), and charter never copies code "
                "into a charter. In Word, save it as a Word document (.docx) or template (.dotx), without "
                "macros, and use that copy."
            )

    # ---------------------------------------------------------------------------------- importing
    def _import(self, entry: str, role: _Role) -> str:
        """Parse, check and clean one related part; its name in the clean package (once per part)."""
        key = (entry, role.root)
        if key not in self._imported:
            root = self._parse(entry, role.root, role.what)
            pictures: list[tuple[str, str]] = []
            if role.clean is None:
                pictures = self._story(entry, root)
            else:
                role.clean(root)
            name = self.out.add(entry, role.content_type, serialise(root))
            for rel_id, picture in pictures:
                self.out.relate(name, rel_id, _IMAGE, picture)
            self._imported[key] = name
        return self._imported[key]

    def _story(self, entry: str, root: Element) -> list[tuple[str, str]]:
        """Make a header or footer safe; import its internal pictures: (relationship id, part name)."""
        pictures: dict[str, tuple[str, str]] = {}
        for rel in self._rels(entry):
            if rel.type == _IMAGE and rel.target and not rel.external:
                content_type = _picture_type(self.archive.read(rel.target))
                if content_type is not None:
                    pictures[rel.id] = (rel.target, content_type)
        used = sanitize.clean_story(root, set(pictures))
        kept = []
        for rel_id, (target, content_type) in pictures.items():
            if rel_id in used:
                key = (target, content_type)
                if key not in self._imported:
                    self._imported[key] = self.out.add(target, content_type, self.archive.read(target))
                kept.append((rel_id, self._imported[key]))
        return kept

    def _page_setup(self, document: Element, rels: dict[str, _Rel], kept: dict[str, tuple[str, str]]) -> None:
        """Reduce the document to an empty body and its final sectPr (page setup, header, footer)."""
        body = document.find(q("w:body"))
        sect_pr = body.find(q("w:sectPr")) if body is not None else None
        stories: set[str] = set()
        if sect_pr is not None:
            for reference in sect_pr:
                rel = rels.get(reference.get(q("r:id"), ""))
                kind = {q("w:headerReference"): _HEADER, q("w:footerReference"): _FOOTER}.get(reference.tag)
                if kind and rel is not None and rel.type == kind and rel.target and not rel.external:
                    kept[rel.id] = (kind, self._import(rel.target, _STORIES[kind]))
                    stories.add(rel.id)
            sanitize.clean_sect_pr(sect_pr, stories)
        document[:] = []
        ignorable = document.get(q("mc:Ignorable"))
        document.attrib.clear()
        if ignorable is not None:
            document.set(q("mc:Ignorable"), ignorable)
        body = etree.SubElement(document, q("w:body"))
        if sect_pr is not None:
            body.append(sect_pr)


def _picture_type(data: bytes) -> str | None:
    """The content type of a picture a header may keep, from its first bytes; None for anything else."""
    for magic, content_type in _PICTURES:
        if data.startswith(magic):
            return content_type
    return "image/x-emf" if data[40:44] == b" EMF" else None


def _override(types: Element, name: str) -> str | None:
    """The content type ``[Content_Types].xml`` gives part ``name``."""
    for element in types.iter(q("ct:Override")):
        if element.get("PartName", "").lstrip("/").lower() == name.lower():
            return str(element.get("ContentType", ""))
    return None
