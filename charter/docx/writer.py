"""The public entry: a :class:`~charter.blocks.DocumentSpec` in, a finished .docx (and notes) out.

Work done once per reference: it is opened, fitted (its styles and numbering completed, see
``styles``) and cleared of its body by python-docx (``fit``), and the result is kept as a master
(``master``): in memory for the process, and in the private cache between runs, so that a charter
is written with lxml alone and python-docx is not even imported once a master is kept. Each
charter copies the master's few written parts (lxml copies a tree far faster than it parses one),
builds its body and header into the copies, and writes the zip once. A user's reference is known
by its content (a SHA-256 of its bytes, which are read through ``zipread``'s bounds each time, and,
within a process, its path, size and mtime), so an edited reference is never served stale.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import NamedTuple

from charter.blocks import DocumentSpec, Heading
from charter.docx.builder import Builder
from charter.docx.contents import Contents
from charter.docx.headers import FIRST_PAGE, PAIRS, add_header_footer, describe_pictures
from charter.docx.keptpieces import SAVE_AFTER
from charter.docx.master import Master, builtin_reference_bytes
from charter.docx.properties import set_core_properties, set_paper, set_settings
from charter.docx.xml import qn
from charter.docx.zipread import read_regular_file_stat
from charter.errors import CharterError, OutputError
from charter.textcheck import check_spec_text

#: References kept fitted in one process: the built-in one and users' (a server may style for a few clients).
_CACHED_REFERENCES = 8


class DocxOutput(NamedTuple):
    """A finished charter: the .docx bytes, and what the reference lacked and how it was made up for."""

    data: bytes
    notes: list[str]


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
    master = _master(reference_doc)
    try:
        try:
            data = _written(master, spec, reference_doc, contents, previous)
        except CharterError:
            raise
        except Exception:
            if not master.kept:
                raise
            # a kept master this code cannot write from (damaged in a way its checks missed): fit the
            # reference again, keep the new master instead, and write once more
            master = _master(reference_doc, refit=True)
            data = _written(master, spec, reference_doc, contents, previous)
    except (ValueError, UnicodeError) as error:  # a safety net: the text was checked above
        raise OutputError(f"The Word document cannot be built: {error}") from error
    return DocxOutput(data=data, notes=list(master.styles.notes))


def _written(
    master: Master,
    spec: DocumentSpec,
    reference_doc: Path | None,
    contents: Contents,
    previous: DocumentSpec | None,
) -> bytes:
    """The .docx of ``spec`` from a copy of ``master``'s parts."""
    parts = master.copy_parts()
    body = parts["document"].find(qn("w:body"))
    headings = [(b.level, b.numbered, b.runs) for b in spec.blocks if isinstance(b, Heading)]
    pieces = master.pieces(spec.language_tag).outline(headings)
    builder = Builder(
        body,
        master.styles,
        spec,
        previous,
        built=pieces,
        settings=parts["settings"],
        numbering=parts.get("numbering"),
    )
    builder.contents = contents
    if reference_doc is None:
        set_paper(body, spec.language_tag)
    builder.build()
    pairs = [(parts[header], parts[footer]) for header, footer in PAIRS if header in parts]
    add_header_footer(pairs, builder.paragraph, spec.header_text, spec.page_label)
    described = [parts[role] for role in FIRST_PAGE] + [root for pair in pairs for root in pair]
    describe_pictures(described, spec.title_page.organisation or spec.title_page.title)
    set_settings(parts["settings"], spec.language_tag, refresh_fields=contents.refresh_on_open)
    set_core_properties(parts["core"], spec)
    data = master.zip(parts, spec.language_tag, document=builder.document_xml())
    if pieces.fresh() >= SAVE_AFTER:  # a kind of charter met for the first time, and written:
        pieces.save()  # its blocks are kept for the next runs
    return data


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
    return list(_master(path).styles.notes)


# ---------------------------------------------------------------------------------------- the cache
_references: OrderedDict[tuple[str, int, int, bytes], Master] = OrderedDict()
_lock = threading.Lock()
_BUILTIN = ("", 0, 0, b"")  # the key of the built-in reference among the masters of this process


def _master(path: Path | None, *, refit: bool = False) -> Master:
    """The master of a reference (None: the built-in one): fitted once, then served while the file
    stays the same; ``refit`` fits it again, whatever is kept, and keeps that instead."""
    if path is None:
        key, data, where = _BUILTIN, builtin_reference_bytes(), "the built-in reference document"
    else:
        where = f"The reference document {path}"
        data, info = read_regular_file_stat(path, where)
        key = (os.path.abspath(path), info.st_size, info.st_mtime_ns, hashlib.sha256(data).digest())
    with _lock:
        found = None if refit else _references.get(key)
        if found is not None:
            _references.move_to_end(key)
            return found
    master = _kept(data, where, clean=path is not None, refit=refit)
    with _lock:
        _references[key] = master
        while len(_references) > _CACHED_REFERENCES:
            _references.popitem(last=False)
    return master


def _kept(data: bytes, where: str, *, clean: bool, refit: bool = False) -> Master:
    """The master of reference ``data``: kept from an earlier run (unless ``refit``), else fitted (a
    user's reference made clean first, ``clean``) and kept for the next runs."""
    from charter.privatecache import MAX_CACHE_FILE_BYTES, private_folder, read_trusted, write_private

    folder = private_folder(f"docx-{_fitting_fingerprint()}")
    name = f"{'reference' if clean else 'builtin'}-{hashlib.sha256(data).hexdigest()}.zip"
    path = None if folder is None else folder / name
    found = None if path is None or refit else read_trusted(path)
    master = None if found is None else Master.from_bytes(found)
    if master is not None:
        assert path is not None
        master.keep_pieces_beside(path)
        return master
    from charter.docx.fit import fit_reference

    if clean:
        from charter.docx.reference import clean_reference_data

        master = fit_reference(clean_reference_data(data, where), where)
    else:
        master = fit_reference(data, where)
    if path is not None:
        kept = master.to_bytes()
        if len(kept) <= MAX_CACHE_FILE_BYTES:  # a larger one would never be read back
            write_private(path, kept)
            master.keep_pieces_beside(path)
    return master


@cache
def _fitting_fingerprint() -> str:
    """charter's version, python-docx's, lxml's and libxml2's, and the writer's code (all of
    charter.docx): what decides what a master holds. python-docx is not imported for it."""
    from lxml import etree  # type: ignore[import-untyped]

    from charter import __version__
    from charter.privatecache import code_fingerprint

    versions = f"{__version__}\0{etree.__version__}\0{etree.LIBXML_VERSION}"
    return code_fingerprint(sorted(Path(__file__).parent.glob("*.py")), packages=["docx"], text=versions)
