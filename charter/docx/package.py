"""The package around the document: the built-in reference, opening a reference with python-docx,
clearing what only the reference's body used, and the package's zip members (for ``master``).
"""

from __future__ import annotations

import copy
import io
import zipfile
from functools import cache

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docx.oxml import parse_xml

from charter.docx.master import builtin_reference_bytes
from charter.docx.xml import Element, qn
from charter.errors import CharterError, ReferenceDocError

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
#: Relationships of the main document that only its body could use, dropped when nothing points at them.
_BODY_RELATIONSHIPS = (RT.HEADER, RT.FOOTER, RT.HYPERLINK, RT.IMAGE)
_COMMENTS = ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible")


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


def package_members(document: DocxDocument) -> dict[str, bytes]:
    """Every zip member of the package, as python-docx's save would write it (content types,
    relationships, each part's blob): what a kept master is made of (``master``)."""
    package = document.part.package
    parts = list(package.iter_parts())
    members = {
        # python-docx's own [Content_Types].xml, as its save writes it (the class is untyped)
        CONTENT_TYPES_URI.membername: _ContentTypesItem.from_parts(parts).blob,  # type: ignore[no-untyped-call]
        PACKAGE_URI.rels_uri.membername: package.rels.xml,
    }
    for part in parts:
        members[part.partname.membername] = part.blob
        if len(part.rels):
            members[part.partname.rels_uri.membername] = part.rels.xml
    return members
