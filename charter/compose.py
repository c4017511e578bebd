"""From checked answers and a clause library to the document model (`charter.blocks.DocumentSpec`).

The one place that decides what the document holds around the clauses: the title page, annex letters,
the header, the footer label and the document properties. Every writer (Word today) starts from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from charter.answersfile.check import check_answers
from charter.blocks import (
    Block,
    DocumentSpec,
    Heading,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TitlePage,
    annex_letter,
)
from charter.clauses.context import long_date, strings
from charter.clauses.files import Clause, check_custom_dir, load_library
from charter.clauses.references import load_references
from charter.clauses.render import Renderer
from charter.errors import CharterError, TemplateError
from charter.model.answers import Answers
from charter.typography import french_ordinals

if TYPE_CHECKING:
    from charter.assess import Assessment, Line


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


def check_up(answers: Answers, templates: Path | None = None) -> Assessment:
    """The governance check-up of ``answers`` (`charter assess`), against the charter's clauses chosen
    as `charter generate` chooses them (``templates`` over the built-in library)."""
    chosen = renderer(answers, templates)
    return _check_up(chosen, chosen.selected(answers.data["clauses"]["exclude"]))


def _check_up(chosen: Renderer, clauses: list[Clause]) -> Assessment:
    from charter.assess import assess

    titles = {ident: clause.title for ident, clause in chosen.clauses.items()}
    return assess(chosen.context, [(c.id, c.title, c.part) for c in clauses], titles)


class Preview:
    """What the interview shows of the answers given so far (`charter.app.new` hands it over, so the
    interview never imports the clauses): the titles of the charter's clauses and the check-up. While
    the answers are incomplete: the last titles known, and no check-up."""

    def __init__(self) -> None:
        self.known: list[str] = []

    def articles(self, data: dict[str, Any]) -> list[str]:
        """The titles of the articles and annexes these answers give, in order."""
        try:
            answers = check_answers(data)
            chosen = renderer(answers, None).selected(answers.data["clauses"]["exclude"])
        except CharterError:
            return list(self.known)
        self.known = [clause.title for clause in chosen]
        return list(self.known)

    def check_up(self, data: dict[str, Any]) -> list[Line]:
        """The governance check-up of these answers, as `charter assess` prints it."""
        from charter.assess import terminal_lines

        try:
            return terminal_lines(check_up(check_answers(data)))
        except CharterError:
            return []


def build_document(
    answers: Answers,
    *,
    templates: Path | None = None,
    exclude: list[str] | None = None,
    assessment: bool = False,
) -> tuple[DocumentSpec, list[str]]:
    """The DocumentSpec of a charter and the ids of its clauses, in order; ``assessment`` adds the
    governance check-up as an annex, before the built-in annexes of a higher order (acknowledgement)."""
    data = answers.data
    lang = data["language"]
    words = strings(lang)
    chosen = renderer(answers, templates)
    rendered = chosen.render_all(exclude or [])
    parts = [(r.clause.part, r.clause.title, r.clause.page_break, r.blocks) for r in rendered]
    if assessment:
        from charter.assess import annex_blocks

        found = _check_up(chosen, [r.clause for r in rendered])
        order = found.source.annex_order
        at = next(
            (n for n, r in enumerate(rendered) if r.clause.part == "annex" and r.clause.order > order), None
        )
        parts.insert(
            len(parts) if at is None else at, ("annex", found.word("title"), True, annex_blocks(found))
        )

    jurisdiction = data["organisation"]["jurisdiction"]
    front = history_blocks(data["charter"]["history"], words, lang, jurisdiction)  # before the first article
    blocks: list[Any] = list(front)
    annex = 0
    for part, clause_title, page_break, body in parts:
        if (page_break or part == "annex") and len(blocks) > len(front):
            blocks.append(PageBreak())  # every annex starts a page of its own
        if part == "annex":
            title = f"{words['annex']} {annex_letter(annex)} – {clause_title}"
            annex += 1
            blocks.append(Heading(1, (Run(title),), numbered=False))
        else:
            blocks.append(Heading(1, (Run(clause_title),)))
        blocks.extend(body)

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
