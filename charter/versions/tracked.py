"""`charter generate NEW.yml -o new.docx --previous OLD.yml`: the new charter with Word tracked changes
against the charter the old answers give (see `charter.docx.revisions`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from charter.answersfile.read import read_answers
from charter.blocks import DocumentSpec
from charter.errors import CharterError, ExitStatus
from charter.versions.documents import document_of


class PreviousUsageError(CharterError):
    """--previous asked for an output that cannot show tracked changes."""

    exit_status = ExitStatus.USAGE


@dataclass
class Tracked:
    data: bytes
    notes: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)


def previous_document(previous: Path, fmt: str, *, assessment: bool = False) -> DocumentSpec:
    """The document model of the previous version's answers file (its own custom clauses, if any; its
    check-up annex when ``assessment``); run it under `charter.limits.bounded`."""
    if fmt != "docx":
        raise PreviousUsageError(
            f"--previous writes Word tracked changes: the output must be a .docx file, not {fmt}."
        )
    spec, _ = document_of(read_answers(previous), assessment=assessment)
    return spec


def tracked_docx(
    spec: DocumentSpec, previous: DocumentSpec, reference_doc: Path | None, toc_depth: int = 1
) -> Tracked:
    """The new charter with tracked changes; its contents list ``toc_depth`` levels of headings and
    get their page numbers when Word refreshes them (a layout would count the deleted text too)."""
    from charter.docx.contents import Contents
    from charter.docx.writer import write_docx

    written = write_docx(spec, reference_doc, contents=Contents(depth=toc_depth), previous=previous)
    return Tracked(written.data, list(written.notes), ["tracked changes: against the previous version"])
