"""The document model of a checked answers file, with the clause library the file names."""

from __future__ import annotations

from pathlib import Path

from charter.blocks import DocumentSpec
from charter.compose import build_document
from charter.model.answers import Answers


def relative_to_answers(answers: Answers, value: str | None) -> Path | None:
    """A path written in the answers file, relative to that file."""
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_absolute() and answers.source is not None:
        path = answers.source.parent / path
    return path


def document_of(
    answers: Answers, templates: Path | None = None, *, assessment: bool = False
) -> tuple[DocumentSpec, list[str]]:
    """The DocumentSpec and clause ids of ``answers``: ``templates``, else the file's own
    `clauses.templates`, over the built-in library (run it under `charter.limits.bounded`); with the
    check-up annex when ``assessment``."""
    clauses = answers.data["clauses"]
    library = templates or relative_to_answers(answers, clauses["templates"])
    return build_document(answers, templates=library, exclude=clauses["exclude"], assessment=assessment)
