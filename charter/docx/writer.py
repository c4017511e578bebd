"""The public entry: a :class:`~charter.blocks.DocumentSpec` in, a finished .docx (and notes) out.

Work done once per process: a reference (the built-in one, or a user's) is opened, fitted (its
styles and numbering completed, see ``styles``) and cleared of its body once, then kept. Each
charter deep-copies that package (lxml copies a tree far faster than it parses one), builds its body
and header into the copy, and writes the zip once. A user's reference is cached by its path and its
content (size, mtime and a SHA-256 of its bytes, which are read each time), so an edited reference
is never served stale, and the file is read through ``zipread``'s bounds every time.
"""

from __future__ import annotations

import copy
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Hashable
from functools import cache
from pathlib import Path
from typing import NamedTuple

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part

from charter.blocks import DocumentSpec
from charter.docx.builder import Builder
from charter.docx.contents import Contents
from charter.docx.headers import add_header_footer, describe_pictures, prepare_header_footer
from charter.docx.package import builtin_reference_bytes, clear_body, open_package, write_zip
from charter.docx.properties import set_core_properties, set_language, set_paper, set_settings
from charter.docx.styles import FittedStyles, StyleFitter
from charter.docx.xml import Element
from charter.docx.zipread import read_regular_file_stat
from charter.errors import OutputError
from charter.textcheck import check_spec_text

#: Parts a charter writes to; every other part of a fitted reference is shared by all its charters.
_WRITTEN_TYPES = frozenset(
    {
        CT.WML_DOCUMENT_MAIN,
        CT.WML_SETTINGS,
        CT.WML_NUMBERING,
        CT.WML_HEADER,
        CT.WML_FOOTER,
        CT.OPC_CORE_PROPERTIES,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    }
)
#: Users' references kept fitted in one process (a server may style charters for a few clients).
_CACHED_REFERENCES = 8


class DocxOutput(NamedTuple):
    """A finished charter: the .docx bytes, and what the reference lacked and how it was made up for."""

    data: bytes
    notes: list[str]


class _Fitted:
    """A reference opened, fitted and cleared: the master every charter is copied from, never written.

    Records here are named tuples or plain classes, not dataclasses: `charter generate` imports this
    module, and making a dataclass costs about a millisecond at import (see charter.blocks)."""

    __slots__ = ("_styles_blobs", "blobs", "built", "document", "shared", "styles", "styles_part")

    def __init__(
        self,
        document: DocxDocument,
        styles: FittedStyles,
        shared: dict[int, Part],
        blobs: dict[str, bytes],
        styles_part: Part,
    ) -> None:
        self.document = document
        self.styles = styles
        self.shared = shared  # parts no charter writes to (theme, fonts, pictures): not copied
        self.blobs = blobs  # their serialised bytes, by zip member name: not serialised again
        self.styles_part = styles_part  # shared too: a charter changes only its language, see styles_blob
        self._styles_blobs: dict[str, bytes] = {}
        self.built: dict[Hashable, tuple[Element, ...]] = {}  # blocks, see Builder._copied

    def styles_blob(self, language_tag: str) -> dict[str, bytes]:
        """The styles part in ``language_tag``, serialised once per language (a Word-made reference
        carries some 300 KB of styles: copying and writing them was most of a charter's time)."""
        with _lock:
            blob = self._styles_blobs.get(language_tag)
            if blob is None:
                root = copy.deepcopy(self.document.styles.element)
                set_language(root, language_tag)
                blob = self._styles_blobs[language_tag] = serialize_part_xml(root)
        return {**self.blobs, self.styles_part.partname.membername: blob}


def write_docx(
    spec: DocumentSpec,
    reference_doc: Path | None = None,
    *,
    contents: Contents = Contents(),  # noqa: B008 - frozen, never changed
    previous: DocumentSpec | None = None,  # tracked changes against this version (docx.revisions)
) -> DocxOutput:
    """The finished .docx for ``spec``, styled by ``reference_doc`` or the built-in house style.

    Identical input gives identical bytes: nothing depends on the clock or on dict order. The notes
    say what a user's reference lacked and how the charter made up for it (none for the built-in
    one). ``contents`` says how the table of contents is written (depth, measured pages).
    Raises ReferenceDocError when the reference cannot be used, OutputError when the text holds
    characters a Word document cannot store.
    """
    check_spec_text(spec)
    fitted = _fitted(reference_doc)
    # The copy shares the parts no charter writes to: deepcopy takes what its memo holds as copied.
    package = copy.deepcopy(fitted.document.part.package, memo=dict(fitted.shared))
    document = package.main_document_part.document
    try:
        builder = Builder(document, fitted.styles, spec, previous, built=fitted.built)
        builder.contents = contents
        if reference_doc is None:
            set_paper(document, spec.language_tag)
        builder.build()
        add_header_footer(document, builder.paragraph, spec.header_text, spec.page_label)
        describe_pictures(document, spec.title_page.organisation or spec.title_page.title)
        set_settings(document, spec.language_tag, refresh_fields=contents.refresh_on_open)
        set_core_properties(document, spec)
        data = write_zip(document, fitted.styles_blob(spec.language_tag))
    except (ValueError, UnicodeError) as error:  # a safety net: the text was checked above
        raise OutputError(f"The Word document cannot be built: {error}") from error
    return DocxOutput(data=data, notes=list(fitted.styles.notes))


def render_docx(
    spec: DocumentSpec,
    reference_doc: Path | None = None,
    *,
    contents: Contents = Contents(),  # noqa: B008 - frozen, never changed
) -> bytes:
    """The bytes of :func:`write_docx`, without the notes."""
    return write_docx(spec, reference_doc, contents=contents).data


def check_reference_doc(path: Path) -> list[str]:
    """What the reference at ``path`` lacks and how the charter makes up for it (empty: nothing).

    Raises ReferenceDocError when the file cannot be used at all. Nothing is written.
    """
    return list(_fitted(path).styles.notes)


# ---------------------------------------------------------------------------------------- the cache
def _prepare(data: bytes, where: str) -> _Fitted:
    document = open_package(data, where)
    styles = StyleFitter(document).fit()
    clear_body(document)
    prepare_header_footer(document)
    package = document.part.package
    shared = [part for part in package.iter_parts() if part.content_type not in _WRITTEN_TYPES]
    styles_part = document.part.part_related_by(RT.STYLES)
    return _Fitted(
        document=document,
        styles=styles,
        shared={id(part): part for part in shared},
        blobs={part.partname.membername: part.blob for part in shared if part is not styles_part},
        styles_part=styles_part,
    )


@cache
def _builtin() -> _Fitted:
    return _prepare(builtin_reference_bytes(), "the built-in reference document")


_references: OrderedDict[tuple[str, int, int, bytes], _Fitted] = OrderedDict()
_lock = threading.Lock()


def _fitted(path: Path | None) -> _Fitted:
    """The fitted master of a reference: built once, then served while the file stays the same."""
    if path is None:
        return _builtin()
    where = f"The reference document {path}"
    data, info = read_regular_file_stat(path, where)
    key = (os.path.abspath(path), info.st_size, info.st_mtime_ns, hashlib.sha256(data).digest())
    with _lock:
        found = _references.get(key)
        if found is not None:
            _references.move_to_end(key)
            return found
    from charter.docx.reference import clean_reference_data  # only for a user's reference

    fitted = _prepare(clean_reference_data(data, where), where)
    with _lock:
        _references[key] = fitted
        while len(_references) > _CACHED_REFERENCES:
            _references.popitem(last=False)
    return fitted
