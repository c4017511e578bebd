"""From checked answers and a clause library to the document model (`charter.blocks.DocumentSpec`).

The one place that decides what the document holds around the clauses: the title page, annex letters,
the header, the footer label and the document properties. Every writer (Word today) starts from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from charter.blocks import Block, DocumentSpec, Heading, PageBreak, Paragraph, Run, Table, TitlePage
from charter.clauses.context import long_date, strings
from charter.clauses.files import check_custom_dir, load_library
from charter.clauses.references import load_references
from charter.clauses.render import Renderer
from charter.errors import TemplateError
from charter.model.answers import Answers
from charter.typography import french_ordinals


def language_tag(language: str, jurisdiction: str) -> str:
    """fr-FR for French; en-US for an English charter under US law, en-GB otherwise."""
    if language == "fr":
        return "fr-FR"
    return "en-US" if jurisdiction == "US" else "en-GB"


def renderer(answers: Answers, templates: Path | None) -> Renderer:
    """The renderer of a charter: the built-in library, with the user's clauses over it."""
    lang = answers.language
    if templates is not None:
        check_custom_dir(templates)
        if not (templates / lang).is_dir():
            raise TemplateError(
                f"{templates} has no {lang}/ folder, and this charter is in {lang}: its custom clauses would "
                f"be ignored. Add {templates / lang}/ (`charter templates eject {templates} --lang {lang}`)."
            )
    return Renderer(load_library(lang, templates), answers, references=load_references(lang, templates))


def build_document(
    answers: Answers,
    *,
    templates: Path | None = None,
    exclude: list[str] | None = None,
) -> tuple[DocumentSpec, list[str]]:
    """The DocumentSpec of a charter and the ids of its clauses, in order."""
    data = answers.data
    lang = data["language"]
    words = strings(lang)
    chosen = renderer(answers, templates)
    rendered = chosen.render_all(exclude or [])

    jurisdiction = data["organisation"]["jurisdiction"]
    front = history_blocks(data["charter"]["history"], words, lang, jurisdiction)  # before the first article
    blocks: list[Any] = list(front)
    annex = 0
    for item in rendered:
        clause = item.clause
        if (clause.page_break or clause.part == "annex") and len(blocks) > len(front):
            blocks.append(PageBreak())  # every annex starts a page of its own
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
    names = [p["name"] for p in chosen.context["platforms"]] + [
        n["name"] for n in chosen.context["enterprise_networks"]
    ]
    labels = {
        "version": words["version"],
        "effective_date": words["effective_date"],
        "owner": words["owner"],
        "to_be_set": words["to_be_set"],
        "contents": words["contents"],
    }
    if effective is not None:
        labels["effective_date_value"] = long_date(effective, lang, jurisdiction)
    spec = DocumentSpec(
        title_page=TitlePage(
            organisation=organisation,
            title=title,
            version=charter["version"],
            effective_date=effective,
            owner=owner,
            labels=labels,
        ),
        blocks=french_ordinals(blocks) if lang == "fr" else tuple(blocks),
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


def history_blocks(
    history: list[dict[str, Any]], words: dict[str, Any], lang: str, jurisdiction: Any = None
) -> list[Block]:
    """The revision history as a titled table (version, date, changes), or nothing when there is none.

    These blocks come before the first article: the Word writer prints them after the title page."""
    if not history:
        return []
    header = tuple((Run(words[key]),) for key in ("history_version", "history_date", "history_summary"))
    rows = tuple(
        (
            (Run(entry["version"]),),
            (Run(long_date(entry["date"], lang, jurisdiction)),),
            (Run(entry["summary"] or ""),),
        )
        for entry in history
    )
    return [Paragraph((Run(words["history_title"], bold=True),)), Table(header, rows)]
