"""The library's front door: what each command does, called with keyword arguments.

The command line only parses options and calls these functions; everything here is usable from
Python as well (`charter.app.generate(answers_path=..., output=...)`). This is also the one place
that owns the process: it sets the time and memory bounds around every run of a clause library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charter.answersfile.read import read_answers
from charter.model.answers import Answers
from charter.output import check_output, is_standard_output, write_atomically

__all__ = [
    "Result",
    "generate",
    "is_standard_output",
    "new",
    "schema",
    "templates_check",
    "templates_eject",
    "templates_list",
    "templates_render",
    "validate",
    "write_atomically",
]


@dataclass
class Result:
    """What a command produced, for the command line to report."""

    output: Path | None = None
    warnings: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # what to tell the user, in their language


def _relative(answers: Answers, value: str | None) -> Path | None:
    """A path from the answers file, relative to that file."""
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_absolute() and answers.source is not None:
        path = answers.source.parent / path
    return path


def generate(
    *,
    answers_path: Path,
    output: Path,
    force: bool = False,
    templates: Path | None = None,
    reference_doc: Path | None = None,
    overrides: Sequence[tuple[str, str]] = (),
) -> Result:
    """Build the charter of an answers file and write it to `output` (atomically).

    ``overrides`` are `(dotted key, YAML text)` pairs (`--set KEY=VALUE`) applied over the file.
    """
    answers = read_answers(answers_path, overrides=overrides)
    check_output(output, force=force)
    clauses = answers.data["clauses"]
    templates = templates or _relative(answers, clauses["templates"])
    reference_doc = reference_doc or _relative(answers, clauses["reference_doc"])
    from charter.compose import build_document
    from charter.limits import bounded

    with bounded():
        spec, ids = build_document(answers, templates=templates, exclude=clauses["exclude"])

    from charter.docx.writer import write_docx

    written = write_docx(spec, reference_doc=reference_doc)
    write_atomically(output, written.data, force=force)
    return Result(output=output, warnings=[*answers.warnings, *written.notes], clauses=ids)


def validate(*, answers_path: Path, overrides: Sequence[tuple[str, str]] = ()) -> Result:
    """Check an answers file as `generate` would, writing nothing; AnswersError lists every problem."""
    from charter.compose import renderer
    from charter.limits import bounded

    answers = read_answers(answers_path, overrides=overrides)
    clauses = answers.data["clauses"]
    with bounded():
        renderer(answers, _relative(answers, clauses["templates"])).selected(clauses["exclude"])
    return Result(warnings=answers.warnings)


def schema() -> dict[str, Any]:
    from charter.answersfile.schema import json_schema

    return json_schema()


def new(
    *,
    lang: str | None = None,
    answers_path: Path | None = None,
    output: Path | None = None,
    from_path: Path | None = None,
    resume: bool = False,
    term_input: Any = None,
    term_output: Any = None,
) -> Result:
    """The interview, then the answers file and the charter it describes.

    The interview (`charter.interview.run`) only produces the checked answers and the paths chosen;
    this writes the answers file, builds the charter from it as `generate` does, then deletes the
    interview's draft. ``messages`` say, in the interview's language, what was written.
    """
    from charter import interview
    from charter.interview.words import ui

    outcome = interview.run(
        lang=lang,
        answers_path=answers_path,
        output=output,
        from_path=from_path,
        resume=resume,
        term_input=term_input,
        term_output=term_output,
    )
    write_atomically(outcome.answers_path, outcome.text.encode("utf-8"), force=outcome.replace_answers)
    result = generate(answers_path=outcome.answers_path, output=outcome.output, force=outcome.replace_output)
    outcome.draft.delete()
    where = {"answers": outcome.answers_path, "charter": outcome.output}
    result.messages = [
        ui(outcome.lang, "wrote", count=len(result.clauses), **where),
        ui(outcome.lang, "again", **where),
    ]
    return result


def templates_list(*, lang: str | None = None, templates: Path | None = None) -> list[Any]:
    """Every clause of the built-in library (and of ``templates``), in order, with its origin."""
    from charter.clauses.files import check_custom_dir
    from charter.clauses.library import list_clauses

    if templates is not None:
        check_custom_dir(templates)
    return list_clauses(lang=lang, templates=templates)


def templates_eject(*, target: Path, lang: str | None = None) -> list[Path]:
    """Copy the built-in clauses into ``target``, refusing to overwrite any file."""
    from charter.clauses.library import eject

    return eject(target=target, lang=lang)


def templates_check(*, target: Path) -> None:
    """Check a clause library without generating; TemplateError listing every problem."""
    from charter.clauses.library import check_library, describe_problems
    from charter.limits import bounded

    with bounded():
        problems = check_library(templates=target)
    if problems:
        raise describe_problems(target, problems)


def templates_render(*, answers_path: Path, templates: Path | None = None) -> str:
    """The markup every chosen clause renders to for these answers: what the writers receive."""
    from charter.compose import renderer
    from charter.limits import bounded

    answers = read_answers(answers_path)
    clauses = answers.data["clauses"]
    chosen = renderer(answers, templates or _relative(answers, clauses["templates"]))
    parts = []
    with bounded():
        for clause in chosen.selected(clauses["exclude"]):
            parts.append(f"===== {clause.id} ({clause.part}, order {clause.order}): {clause.title}\n")
            parts.append(chosen.render(clause))
    return "".join(parts)
