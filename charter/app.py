"""The library's front door: what each command does, called with keyword arguments.

The command line only parses options and calls these functions; everything here is usable from
Python as well (`charter.app.generate(answers_path=..., output=...)`).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from charter.answers import Answers, read_answers
from charter.errors import OutputError, TemplateError


@dataclass
class Result:
    """What a command produced, for the command line to report."""

    output: Path | None = None
    warnings: list[str] = field(default_factory=list)
    clauses: list[str] = field(default_factory=list)


def language_tag(language: str, jurisdiction: str) -> str:
    """fr-FR for French; en-US for an English charter under US law, en-GB otherwise."""
    if language == "fr":
        return "fr-FR"
    return "en-US" if jurisdiction == "US" else "en-GB"


def _relative(answers: Answers, value: str | None) -> Path | None:
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_absolute() and answers.source is not None:
        path = answers.source.parent / path
    return path


def check_output(output: Path, *, force: bool) -> None:
    """Refuse, before any work, an output that cannot or must not be written."""
    if output.is_dir():
        raise OutputError(f"{output} is a folder; give the path of the .docx file to write.")
    parent = output.parent if str(output.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"the folder {parent} does not exist; create it first or choose another path.")
    if output.exists() and not force:
        raise OutputError(f"{output} already exists; add --force to replace it.")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write in {parent}: permission denied.")


def write_atomically(output: Path, data: bytes, *, force: bool) -> None:
    """Write to a temporary file beside the target, then rename: never half a file."""
    check_output(output, force=force)
    parent = output.parent if str(output.parent) else Path(".")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write in {parent}: {exc.strerror}.") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp_name, 0o644)
        if not force and output.exists():  # appeared while we worked
            raise OutputError(f"{output} already exists; add --force to replace it.")
        os.replace(temp_name, output)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror}.") from None
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)


def build_document(
    answers: Answers,
    *,
    templates: Path | None = None,
    exclude: list[str] | None = None,
) -> tuple[Any, list[str]]:
    """The DocumentSpec of a charter and the ids of its clauses, in order."""
    from charter.blocks import DocumentSpec, Heading, PageBreak, Run, TitlePage
    from charter.clauses import Renderer, check_custom_dir, load_library, long_date, strings

    data = answers.data
    lang = data["language"]
    words = strings(lang)
    if templates is not None:
        check_custom_dir(templates)
        if not (templates / lang).is_dir():
            raise TemplateError(
                f"{templates} has no {lang}/ folder, and this charter is in {lang}: its custom clauses would "
                f"be ignored. Add {templates / lang}/ (`charter templates eject {templates} --lang {lang}`)."
            )
    renderer = Renderer(load_library(lang, templates), answers)
    rendered = renderer.render_all(exclude or [])
    if not rendered:
        raise TemplateError("no clause applies to these answers: the charter would be empty.")

    blocks: list[Any] = []
    annex = 0
    for item in rendered:
        clause = item.clause
        if clause.page_break and blocks:
            blocks.append(PageBreak())
        if clause.part == "annex":
            letter = chr(ord("A") + annex) if annex < 26 else str(annex + 1)
            annex += 1
            title = f"{words['annex']} {letter} – {clause.title}"
            blocks.append(Heading(1, (Run(title),), numbered=False))
        else:
            blocks.append(Heading(1, (Run(clause.title),)))
        blocks.extend(item.blocks)

    organisation = data["organisation"]["name"]
    charter = data["charter"]
    title = charter["title"] or words["title"]
    owner = charter["owner"] or words["default_owner_title"]
    effective = charter["effective_date"]
    names = [p["name"] for p in renderer.context["platforms"]] + [
        n["name"] for n in renderer.context["enterprise_networks"]
    ]
    labels = {
        "version": words["version"],
        "effective_date": words["effective_date"],
        "owner": words["owner"],
        "to_be_set": words["to_be_set"],
        "contents": words["contents"],
    }
    if effective is not None:
        labels["effective_date_value"] = long_date(effective, lang)
    spec = DocumentSpec(
        title_page=TitlePage(
            organisation=organisation,
            title=title,
            version=charter["version"],
            effective_date=effective,
            owner=owner,
            labels=labels,
        ),
        blocks=tuple(blocks),
        language_tag=language_tag(lang, data["organisation"]["jurisdiction"]),
        header_text=f"{organisation} – {title}",
        page_label=words["page"],
        contents_title=words["contents"],
        properties={
            "title": f"{title} – {organisation}",
            "subject": words["subject"],
            "author": charter["owner"] or organisation,
            "last_modified_by": charter["owner"] or organisation,
            "keywords": ", ".join([*words["keywords_base"], *names]),
            "comments": f"{words['version']} {charter['version']}",
            "category": title,
            "version": charter["version"],
        },
    )
    return spec, [r.clause.id for r in rendered]


def generate(
    *,
    answers_path: Path,
    output: Path,
    force: bool = False,
    templates: Path | None = None,
    reference_doc: Path | None = None,
) -> Result:
    """Build the charter of an answers file and write it to `output` (atomically)."""
    answers = read_answers(answers_path)
    check_output(output, force=force)
    clauses = answers.data["clauses"]
    templates = templates or _relative(answers, clauses["templates"])
    reference_doc = reference_doc or _relative(answers, clauses["reference_doc"])
    spec, ids = build_document(answers, templates=templates, exclude=clauses["exclude"])

    from charter.docx_writer import render_docx

    data = render_docx(spec, reference_doc=reference_doc)
    write_atomically(output, data, force=force)
    return Result(output=output, warnings=answers.warnings, clauses=ids)


def validate(*, answers_path: Path) -> Answers:
    """Check an answers file; raise AnswersError listing every problem."""
    return read_answers(answers_path)


def schema() -> dict[str, Any]:
    from charter.answers import json_schema

    return json_schema()
