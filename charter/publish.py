"""From the document model to the bytes of each output format: .docx, .pdf, .html, .md.

The Word document is the master: the PDF is LibreOffice's layout of it, and the HTML and Markdown
are written from the same blocks. LibreOffice is used to measure and to print, never to write the
.docx: it lays out a copy whose contents are plain paragraphs (their page fields are then computed),
the page of each heading is read back from that PDF, and charter writes the numbers into its own
file. A measure is kept in the private cache, keyed by the exact bytes laid out, so the same charter
is laid out once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from charter.blocks import DocumentSpec
from charter.errors import CharterError

#: Output formats, by the name `--to` takes; the extensions that select each.
FORMATS = {"docx": (".docx",), "pdf": (".pdf",), "html": (".html", ".htm"), "md": (".md", ".markdown")}


class Published(NamedTuple):
    """The bytes of one format, and what the user should know about how they were made."""

    data: bytes
    notes: Sequence[str] = ()
    details: Sequence[str] = ()  # for -v: how the pages were numbered


def format_of(name: str) -> str | None:
    """The format an output name's extension selects, or None when it selects none."""
    suffix = Path(name).suffix.lower()
    return next((fmt for fmt, suffixes in FORMATS.items() if suffix in suffixes), None)


def _not_a_file(path: Path) -> bool:
    """Whether something other than a regular file is at ``path`` (its name then says no format)."""
    import os
    import stat

    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def destination(answers_path: Path, output: Path | None, to: str | None) -> tuple[str, Path]:
    """The format and the path to write: from the output's extension, else ``to``, else Word."""
    from charter.errors import UsageError
    from charter.output import is_standard_output

    if output is not None and (is_standard_output(output) or _not_a_file(output)):
        return to or "docx", output  # standard output, a device or a FIFO; a folder is refused later
    named = format_of(str(output)) if output is not None else None
    if output is not None and named is None and to is None:
        known = ", ".join(ext for exts in FORMATS.values() for ext in exts)
        raise UsageError(
            f"{output}: the extension says no format charter writes ({known}). "
            "Rename the output, or choose the format with --to docx|pdf|html|md."
        )
    if named is not None and to is not None and named != to:
        raise UsageError(f"{output} names a .{named} file but --to asks for {to}: choose one.")
    fmt = named or to or "docx"
    if output is None:
        stem = "charter" if str(answers_path) == "-" else answers_path.stem
        output = Path(f"{stem}{FORMATS[fmt][0]}")
    return fmt, output


def publish(
    spec: DocumentSpec,
    fmt: str,
    *,
    reference_doc: Path | None = None,
    toc_depth: int = 1,
    layout: bool = True,
) -> Published:
    """The charter in ``fmt``. ``layout`` False skips LibreOffice for the .docx (no page numbers)."""
    if fmt == "html":
        from charter.formats.html import write_html

        return Published(write_html(spec, contents_depth=toc_depth))
    if fmt == "md":
        from charter.formats.markdown import write_markdown

        return Published(write_markdown(spec, contents_depth=toc_depth))
    from charter.docx.contents import Contents
    from charter.docx.writer import write_docx

    def printed() -> bytes:
        """The copy LibreOffice lays out: contents as plain paragraphs whose page fields it computes."""
        return write_docx(spec, reference_doc, contents=Contents(depth=toc_depth, field=False)).data

    if fmt == "pdf":
        laid_out = write_docx(spec, reference_doc, contents=Contents(depth=toc_depth, field=False))
        pdf = _pdf(laid_out.data, spec)
        return Published(pdf, notes=laid_out.notes, details=["pages: laid out by LibreOffice"])
    if fmt != "docx":  # pragma: no cover - the command line offers only FORMATS
        raise CharterError(f"Unknown output format {fmt!r}: this is a bug, please report it.")
    pages, how = _measure(printed) if layout else (None, "not laid out (--no-layout)")
    final = write_docx(spec, reference_doc, contents=Contents(depth=toc_depth, pages=pages))
    notes = list(final.notes)
    if pages is None and layout:
        notes.append(how)
    return Published(final.data, notes=notes, details=[f"contents page numbers: {how}"])


def _pdf(docx: bytes, spec: DocumentSpec) -> bytes:
    """PDF/A-2b, tagged, made reproducible (its clock stamps set to the charter's date)."""
    from charter.layout.reproducible import reproducible
    from charter.layout.soffice import convert_to_pdf

    pdf = convert_to_pdf(docx, archive=True, seed=_seed())
    when = spec.title_page.effective_date
    stamp = datetime(when.year, when.month, when.day) if when else datetime(2000, 1, 1)
    return reproducible(pdf, stamp) or pdf


def _measure(printed: Callable[[], bytes]) -> tuple[dict[str, int] | None, str]:
    """The page of each heading bookmark, and how it was found; None when LibreOffice is missing.
    The copy to lay out is written only when LibreOffice is there to lay it out."""
    from charter.layout.soffice import find_soffice, missing_message

    soffice = find_soffice()
    if soffice is None:
        missing = missing_message("Page numbers in the contents")
        return None, f"{missing} Until then, Word fills them in when it opens the document."
    docx = printed()
    key = hashlib.sha256(docx + _version_of(soffice)).hexdigest()
    cached = _cached(key)
    if cached is not None:
        return cached, "measured by LibreOffice (cached)"
    from charter.layout.pages import heading_pages
    from charter.layout.soffice import convert_to_pdf

    pages = heading_pages(convert_to_pdf(docx, archive=False, seed=_seed(soffice)))
    _keep(key, pages)
    return pages, "measured by LibreOffice"


def _seed(soffice: str | None = None) -> Path | None:
    """Where LibreOffice's first profile is kept for the next runs (charter.layout.soffice): in the
    private cache, one per LibreOffice installed; None when caching is off."""
    from charter.clauses.cache import cache_folder
    from charter.layout.soffice import find_soffice

    folder = cache_folder()
    program = soffice or find_soffice()
    if folder is None or program is None:
        return None
    return folder / f"soffice-profile-{hashlib.sha256(_version_of(program)).hexdigest()[:16]}"


def _version_of(soffice: str) -> bytes:
    """What identifies the LibreOffice installed: its path and its program's size and date."""
    import os

    real = os.path.realpath(soffice)
    try:
        info = os.stat(real)
    except OSError:
        return real.encode()
    return f"{real}:{info.st_size}:{info.st_mtime_ns}".encode()


def _cached(key: str) -> dict[str, int] | None:
    from charter.clauses.cache import cache_folder
    from charter.privatecache import read_trusted

    folder = cache_folder()
    if folder is None:
        return None
    data = read_trusted(folder / f"layout-{key}.json")
    if data is None:
        return None
    try:
        found = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(found, dict) or not all(isinstance(v, int) for v in found.values()):
        return None
    return {str(k): int(v) for k, v in found.items()}


def _keep(key: str, pages: dict[str, int]) -> None:
    from charter.clauses.cache import cache_folder
    from charter.privatecache import write_private

    folder = cache_folder()
    if folder is not None:
        write_private(folder / f"layout-{key}.json", json.dumps(pages, sort_keys=True).encode())
