"""The library's front door: what each command does, called with keyword arguments.

The command line only parses options and calls these functions; everything here is usable from
Python as well (`charter.app.generate(answers_path=..., output=...)`). This is also the one place
that owns the process: it sets the time and memory bounds around every run of a clause library.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

from charter.answersfile.read import read_answers, read_standard_input
from charter.model.answers import Answers
from charter.output import check_output, is_standard_output, write_atomically

__all__ = [
    "Result",
    "answer_keys",
    "assess",
    "clause_ids",
    "diff",
    "generate",
    "generate_batch",
    "is_standard_output",
    "new",
    "review_reminder",
    "schema",
    "templates_check",
    "templates_eject",
    "templates_list",
    "templates_render",
    "validate",
    "write_atomically",
]


class Result(NamedTuple):
    """What a command produced, for the command line to report."""

    output: Path | None = None
    warnings: Sequence[str] = ()
    clauses: Sequence[str] = ()
    messages: Sequence[str] = ()  # what to tell the user, in their language
    details: Sequence[str] = ()  # what was read and how long it took (`-v`)
    files: Sequence[Path] = ()  # the files a command wrote (`templates eject`)
    rows: Sequence[Any] = ()  # the clauses `templates list` shows
    text: str = ""  # what `templates render` prints
    changed: bool = False  # `diff`: the two versions differ


@contextmanager
def _timed(timings: list[str], what: str) -> Iterator[None]:
    """Append ``what`` and the seconds the block took to ``timings``."""
    start = time.perf_counter()
    yield
    timings.append(f"{what} {time.perf_counter() - start:.2f} s")


def _read(answers_path: Path, overrides: Sequence[tuple[str, str]], details: list[str]) -> Answers:
    """The checked answers, with what was read noted in ``details``; ``-`` reads standard input."""
    if str(answers_path) == "-":
        answers = read_standard_input(overrides)
    else:
        answers = read_answers(answers_path, overrides=overrides)
    details.append(f"answers file: {answers_path} (format 1, language {answers.language})")
    details.extend(f"  --set {key}={text}" for key, text in overrides)
    return answers


def _layout(asked: bool | None) -> bool:
    """Whether to lay a .docx out with LibreOffice: as asked, else unless ``CHARTER_LAYOUT=off``
    (for a server or a script that never wants LibreOffice started)."""
    import os

    return asked if asked is not None else os.environ.get("CHARTER_LAYOUT", "").lower() != "off"


def _library(answers: Answers, given: Path | None, details: list[str]) -> Path | None:
    """The custom clause folder (``given`` on the command line, else the answers file's), noted for `-v`."""
    from_file = _relative(answers, answers.data["clauses"]["templates"])
    templates = given or from_file
    how = _origin(given, from_file, "--templates", "clauses.templates", answers)
    details.append(_library_words(answers.language, templates, how))
    return templates


def _library_words(lang: str, templates: Path | None, how: str) -> str:
    """The clause library used, in words, for `-v`."""
    if templates is None:
        return f"clause library: built-in ({lang})"
    return f"clause library: built-in ({lang}) with the custom clauses of {templates / lang} ({how})"


def _origin(given: Path | None, from_file: Path | None, option: str, key: str, answers: Answers) -> str:
    """Where a path came from: the command line, or a key of the answers file."""
    if given is not None:
        return option
    return f"{key} in {answers.name}" if from_file is not None else ""


def _relative(answers: Answers, value: str | None) -> Path | None:
    """A path from the answers file, relative to that file."""
    from charter.versions.documents import relative_to_answers

    return relative_to_answers(answers, value)


def generate(
    *,
    answers_path: Path,
    output: Path | None = None,
    to: str | None = None,
    force: bool = False,
    templates: Path | None = None,
    reference_doc: Path | None = None,
    overrides: Sequence[tuple[str, str]] = (),
    toc_depth: int = 1,
    layout: bool | None = None,
    previous: Path | None = None,
    with_assessment: bool = False,
    sync_folder: bool = True,
) -> Result:
    """Build the charter of an answers file and write it to ``output`` (atomically).

    The format follows the output's extension (.docx, .pdf, .html, .md), else ``to``, else Word.
    ``output`` None writes ANSWERS-STEM.EXT in the current folder; ``-`` is standard output, and an
    ``answers_path`` of ``-`` is read from standard input. ``overrides`` are `(dotted key, YAML text)`
    pairs (`--set KEY=VALUE`) applied over the file. ``layout`` False skips LibreOffice for a .docx
    (None: unless the environment says ``CHARTER_LAYOUT=off``). ``with_assessment`` adds the governance
    check-up (`assess`) as an annex. ``sync_folder`` False leaves syncing the output's folder to the
    caller (a batch syncs it once, after its last charter).
    """
    details: list[str] = []
    timings: list[str] = []
    from charter.publish import destination

    fmt, output = destination(answers_path, output, to)
    with _timed(timings, "reading"):
        answers = _read(answers_path, overrides, details)
    check_output(output, force=force, text=fmt in ("html", "md"))
    clauses = answers.data["clauses"]
    templates = _library(answers, templates, details)
    ref_from_file = _relative(answers, clauses["reference_doc"])
    ref_how = _origin(reference_doc, ref_from_file, "--reference-doc", "clauses.reference_doc", answers)
    reference_doc = reference_doc or ref_from_file
    details.append(
        f"reference document: {reference_doc} ({ref_how})"
        if reference_doc
        else "reference document: built-in"
    )
    from charter.compose import build_document
    from charter.limits import bounded

    with _timed(timings, "rendering"), bounded():
        spec, ids = build_document(
            answers, templates=templates, exclude=clauses["exclude"], assessment=with_assessment
        )
    before = None  # --previous (charter.versions): tracked changes against the previous version
    if previous is not None:
        from charter.versions.tracked import previous_document, tracked_docx

        with _timed(timings, "rendering the previous version"), bounded():
            before = previous_document(previous, fmt, assessment=with_assessment)
        details.append(f"previous version: {previous}")

    from charter.publish import publish

    with _timed(timings, f"writing {fmt}"):
        if before is not None:
            written: Any = tracked_docx(spec, before, reference_doc, toc_depth)
        else:
            written = publish(
                spec, fmt, reference_doc=reference_doc, toc_depth=toc_depth, layout=_layout(layout)
            )
        write_atomically(
            output, written.data, force=force, text=fmt in ("html", "md"), sync_folder=sync_folder
        )
    details.extend(written.details)
    details.append(f"clauses: {len(ids)} ({', '.join(ids)})")
    details.append(f"timings: {', '.join(timings)}")
    return Result(output=output, warnings=[*answers.warnings, *written.notes], clauses=ids, details=details)


def validate(*, answers_path: Path, overrides: Sequence[tuple[str, str]] = ()) -> Result:
    """Check an answers file as `generate` would, writing nothing; AnswersError lists every problem."""
    from charter.compose import renderer
    from charter.limits import bounded

    details: list[str] = []
    timings: list[str] = []
    with _timed(timings, "reading"):
        answers = _read(answers_path, overrides, details)
    clauses = answers.data["clauses"]
    templates = _library(answers, None, details)
    with _timed(timings, "choosing clauses"), bounded():
        chosen = renderer(answers, templates).selected(clauses["exclude"])
    details.append(f"clauses: {len(chosen)} ({', '.join(c.id for c in chosen)})")
    details.append(f"timings: {', '.join(timings)}")
    return Result(warnings=answers.warnings, clauses=[c.id for c in chosen], details=details)


def assess(
    *,
    answers_path: Path,
    templates: Path | None = None,
    overrides: Sequence[tuple[str, str]] = (),
    width: int = 88,
) -> Result:
    """The governance check-up of an answers file, in its language: where it stands on each point of
    the 2017 barometer, and what to do next (the article, or the answer, that does it). ``rows``: the
    lines for a terminal of ``width`` columns (`charter.assess.Line`); ``text``: the same as text."""
    from charter.assess import terminal_lines
    from charter.compose import check_up
    from charter.limits import bounded

    details: list[str] = []
    answers = _read(answers_path, overrides, details)
    templates = _library(answers, templates, details)
    with bounded():
        found = check_up(answers, templates)
    lines = terminal_lines(found, width)
    details.append(f"recommendations: {len(found.recommendations)}")
    text = "".join(f"{line.text}\n" for line in lines)
    return Result(warnings=answers.warnings, rows=lines, text=text, details=details)


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
    from charter.compose import Preview
    from charter.interview.words import ui

    preview = Preview()  # the articles and the check-up of the answers given so far
    outcome = interview.run(
        lang=lang,
        answers_path=answers_path,
        output=output,
        from_path=from_path,
        resume=resume,
        term_input=term_input,
        term_output=term_output,
        articles=preview.articles,
        check_up=preview.check_up,
    )
    text = outcome.text
    if from_path is not None:  # the history gains the entry of the version replaced (charter.versions)
        from charter.versions.history import history_text

        text = history_text(from_path, outcome.answers, text)
    write_atomically(outcome.answers_path, text.encode("utf-8"), force=outcome.replace_answers)
    result = generate(answers_path=outcome.answers_path, output=outcome.output, force=outcome.replace_output)
    outcome.draft.delete()
    said = set(outcome.answers.warnings)  # the interview said each as its network was ticked: not twice
    where = {"answers": outcome.answers_path, "charter": outcome.output}
    return result._replace(
        warnings=[warning for warning in result.warnings if warning not in said],
        messages=[
            ui(outcome.lang, "wrote", count=len(result.clauses), **where),
            ui(outcome.lang, "again", **where),
        ],
    )


def templates_list(*, lang: str | None = None, templates: Path | None = None) -> Result:
    """Every clause of the built-in library (and of ``templates``), in order, with its origin (``rows``)."""
    from charter.clauses.files import check_custom_dir
    from charter.clauses.library import list_clauses

    if templates is not None:
        check_custom_dir(templates)
    rows = list_clauses(lang=lang, templates=templates)
    details = [
        _library_words(language, templates, "--templates") for language in dict.fromkeys(r.lang for r in rows)
    ]
    details.append(f"clauses: {len(rows)}")
    return Result(rows=rows, details=details)


def answer_keys() -> list[str]:
    """The keys `--set` accepts (every dotted answers key, and each group), for shell completion."""
    from charter.answersfile.read import override_keys

    return override_keys()


def clause_ids() -> list[str]:
    """The ids of the built-in clauses, for shell completion."""
    from charter.clauses.files import load_library
    from charter.model.questions import LANGUAGES

    return sorted({ident for lang in LANGUAGES for ident in load_library(lang)})


def templates_eject(*, target: Path, lang: str | None = None, ids: Sequence[str] = ()) -> Result:
    """Copy the built-in clauses (only ``ids``, if given) into ``target``, refusing to overwrite any file;
    ``files`` are the files written."""
    from charter.clauses.library import eject

    written = eject(target=target, lang=lang, ids=ids)
    return Result(files=written, details=[f"wrote {path}" for path in written])


def templates_check(*, target: Path) -> Result:
    """Check a clause library without generating; TemplateError listing every problem."""
    from charter.clauses.library import check_library, describe_problems
    from charter.limits import bounded

    timings: list[str] = []
    with _timed(timings, "checking"), bounded():
        problems = check_library(templates=target)
    if problems:
        raise describe_problems(target, problems)
    found = sorted(str(p) for p in target.glob("*/*.md") if p.parent.name in ("fr", "en"))
    return Result(
        details=[f"clause files: {len(found)}", *(f"  {p}" for p in found), f"timings: {timings[0]}"]
    )


def templates_render(
    *, answers_path: Path, templates: Path | None = None, overrides: Sequence[tuple[str, str]] = ()
) -> Result:
    """The markup every chosen clause renders to for these answers (``text``): what the writers receive."""
    from charter.compose import renderer
    from charter.limits import bounded

    details: list[str] = []
    timings: list[str] = []
    with _timed(timings, "reading"):
        answers = _read(answers_path, overrides, details)
    clauses = answers.data["clauses"]
    templates = _library(answers, templates, details)
    chosen = renderer(answers, templates)
    parts = []
    with _timed(timings, "rendering"), bounded():
        selected = chosen.selected(clauses["exclude"])
        for clause in selected:
            parts.append(f"===== {clause.id} ({clause.part}, order {clause.order}): {clause.title}\n")
            parts.append(chosen.render(clause))
    details.append(f"clauses: {len(selected)}")
    details.append(f"timings: {', '.join(timings)}")
    return Result(text="".join(parts), clauses=[c.id for c in selected], details=details)


# ------------------------------------------------------------------ versions (diff, batch, reminder)
def diff(*, old_path: Path, new_path: Path, markdown: bool = False) -> Result:
    """The changes from ``old_path`` to ``new_path`` in words (``text``; ``changed``: whether any)."""
    from charter.versions.report import diff_files

    text, changed, details = diff_files(old_path, new_path, markdown=markdown)
    return Result(text=text, changed=changed, details=details)


def generate_batch(
    *,
    answers_paths: Sequence[Path],
    output: Path | None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> Result:
    """One charter per answers file into the folder ``output``, ``jobs`` at a time; ``rows``: outcomes."""
    from charter.versions.batch import prepare, run

    outcomes = run(prepare(answers_paths, output, options), generate, jobs=jobs, progress=progress)
    return Result(output=output, files=[o.output for o in outcomes if not o.status], rows=outcomes)


def review_reminder(
    *, answers_path: Path, output: Path, force: bool = False, overrides: Sequence[tuple[str, str]] = ()
) -> Result:
    """A calendar event (.ics) for the charter's next review, addressed to its contact."""
    from charter.versions.calendar import write_reminder

    warnings, details = write_reminder(answers_path, output, force=force, overrides=overrides)
    return Result(output=output, warnings=warnings, details=details)
