"""The package around the document: the built-in reference, opening a reference with python-docx,
clearing what only the reference's body used, and writing the finished package as a deterministic zip.
"""

from __future__ import annotations

import copy
import io
import zipfile
from functools import cache
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import parse_xml

from charter.docx.xml import Element, qn
from charter.errors import CharterError, ReferenceDocError

#: Every zip member is dated 1980-01-01, the earliest date a zip can hold: same input, same bytes.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
#: Relationships of the main document that only its body could use, dropped when nothing points at them.
_BODY_RELATIONSHIPS = (RT.HEADER, RT.FOOTER, RT.HYPERLINK, RT.IMAGE)
_COMMENTS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible")


def builtin_reference_path() -> Path:
    """The house style shipped with the package (see charter.resources for where that is)."""
    from charter.resources import builtin_dir

    return builtin_dir() / "reference.docx"


@cache
def builtin_reference_bytes() -> bytes:
    """Read once per process: every render and every fallback starts from it."""
    path = builtin_reference_path()
    try:
        return path.read_bytes()
    except OSError as error:
        raise ReferenceDocError(
            f"The built-in Word reference document is missing ({path}): reinstall charter, or run "
            "`python tools/build_reference.py` in a source checkout."
        ) from error


@cache
def builtin_parts() -> tuple[bytes, bytes, bytes]:
    """The built-in document.xml, styles.xml and numbering.xml: the source of every fallback."""
    with zipfile.ZipFile(io.BytesIO(builtin_reference_bytes())) as archive:
        return (
            archive.read("word/document.xml"),
            archive.read("word/styles.xml"),
            archive.read("word/numbering.xml"),
        )


def open_package(data: bytes, where: str) -> DocxDocument:
    """Open clean .docx bytes with python-docx, turning every failure into ReferenceDocError."""
    try:
        return docx.Document(io.BytesIO(data))
    except CharterError:
        raise
    except Exception as error:  # any parse failure of a user's file means "not usable"
        raise ReferenceDocError(f"{where} is not a usable Word document (.docx or .dotx): {error}") from error


def clear_body(document: DocxDocument) -> None:
    """Drop the reference's body and what only its body used; keep (or add) its final sectPr."""
    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect_pr:
            body.remove(child)
    if sect_pr is None:
        body.append(_builtin_sect_pr())
    part = document.part
    referenced = set(document.element.xpath("//@r:id"))
    for rel_id, rel in list(part.rels.items()):
        droppable = rel.reltype in _BODY_RELATIONSHIPS or rel.reltype.endswith(_COMMENTS)
        if droppable and rel_id not in referenced:
            part.rels.pop(rel_id)
    _drop_reference_metadata(document)


def _drop_reference_metadata(document: DocxDocument) -> None:
    """Nothing of the reference file's identity may travel: its preview picture (a picture of its
    first page), its application and custom properties, its building blocks and custom XML."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.CUSTOM_PROPERTIES, RT.EXTENDED_PROPERTIES):
            package.rels.pop(rel_id)
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype in (_STYLES_WITH_EFFECTS, RT.CUSTOM_XML, RT.GLOSSARY_DOCUMENT):
            part.rels.pop(rel_id)


def _builtin_sect_pr() -> Element:
    """The built-in reference's page setup, for a reference that has none."""
    document = parse_xml(builtin_parts()[0])
    return copy.deepcopy(document.find(f"{qn('w:body')}/{qn('w:sectPr')}"))


def write_zip(document: DocxDocument, blobs: dict[str, bytes] | None = None) -> bytes:
    """The package as a zip with fixed timestamps and a stable member order: same input, same bytes.

    The members are python-docx's own serialisation (content types, relationships, each part's
    blob), written once straight into the final zip rather than saved and re-zipped. ``blobs``
    gives the bytes of parts already serialised (those of the reference no charter changes).
    """
    blobs = blobs or {}
    package = document.part.package
    parts = list(package.iter_parts())
    members = {
        # python-docx's own [Content_Types].xml, as its save writes it (the class is untyped)
        CONTENT_TYPES_URI.membername: _ContentTypesItem.from_parts(parts).blob,  # type: ignore[no-untyped-call]
        PACKAGE_URI.rels_uri.membername: package.rels.xml,
    }
    for part in parts:
        name = part.partname.membername
        blob = blobs.get(name)  # not .get(name, part.blob): that would serialise the part anyway
        members[name] = part.blob if blob is None else blob
        if len(part.rels):
            members[part.partname.rels_uri.membername] = part.rels.xml
    first = ["[Content_Types].xml", "_rels/.rels"]
    out = io.BytesIO()
    # Deflate level 3: half the time of the default level 6 for a file about a tenth larger (36 KB
    # against 32.5 KB for the largest example); compressing is a tenth of a warm charter's time.
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as target:
        for name in first + sorted(n for n in members if n not in first):
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, members[name], compresslevel=3)  # a ZipInfo ignores the archive's level
    return out.getvalue()
