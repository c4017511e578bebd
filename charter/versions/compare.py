"""What changed between two versions of a charter: the answers, in words, then the articles.

Both sides are already checked answers and their document models (`charter.compose.build_document`);
nothing here reads a file. Answers are compared question by question, in the questionnaire's order,
and shown by their question type (choice labels, not ids); articles are matched by clause id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from charter.blocks import Block, DocumentSpec, Heading
from charter.clauses.context import strings
from charter.model.answers import Answers
from charter.model.paths import get_path
from charter.model.questions import questionnaire
from charter.model.types import type_of

#: Keys a reader of the charter does not care about: the file's format number.
_SKIPPED = frozenset({"format"})


@dataclass(frozen=True)
class AnswerChange:
    key: str
    question: str  # as the interview asks it, in the charter's language
    old: str  # the value in words
    new: str


@dataclass(frozen=True)
class Article:
    id: str
    label: str  # "Article 3 – Moderation", "Annex B – Responsibility matrix"
    number: str  # "3", "B"
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ArticleChange:
    kind: str  # added, removed, reworded
    label: str
    was: str | None = None  # the old number, when a reworded article moved


@dataclass(frozen=True)
class Changes:
    lang: str
    old_version: str
    new_version: str
    answers: tuple[AnswerChange, ...]
    articles: tuple[ArticleChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.answers or self.articles)


def answer_changes(old: Answers, new: Answers) -> list[AnswerChange]:
    """Every answer that differs, in the questionnaire's order, worded in the new charter's language."""
    lang = new.language
    sector = get_path(new.data, "organisation.sector")
    found = []
    for q in questionnaire().questions:
        if q.key in _SKIPPED:
            continue
        before, after = get_path(old.data, q.key), get_path(new.data, q.key)
        if before == after:
            continue
        kind = type_of(q)
        prompt = q.wording("prompt", sector)
        found.append(
            AnswerChange(
                key=q.key,
                question=prompt.get(lang) or prompt["en"],
                old=kind.show(q, before, lang),
                new=kind.show(q, after, lang),
            )
        )
    return found


def articles(spec: DocumentSpec, ids: Sequence[str], lang: str) -> list[Article]:
    """The articles and annexes of a document model, each with its blocks (its heading included).

    Every clause opens with exactly one level-1 heading (clause bodies may not hold one), so the
    level-1 headings cut the blocks into clauses, in the order of ``ids``.
    """
    word = strings(lang)["article"]
    found: list[Article] = []
    current: list[Block] = []
    heads: list[tuple[str, Heading]] = []
    number = 0
    id_iter = iter(ids)

    def close() -> None:
        if heads:
            ident, heading = heads[-1]
            title = heading.text
            if heading.numbered:
                label, num = f"{word} {number} – {title}", str(number)
            else:
                num = title.split(" – ", 1)[0].split(" ")[-1] if " – " in title else ""
                label = title
                title = title.split(" – ", 1)[-1]
            found.append(Article(ident, label, num, title, tuple(current)))

    for block in spec.blocks:
        if isinstance(block, Heading) and block.level == 1:
            close()
            current = []
            if block.numbered:
                number += 1
            heads.append((next(id_iter, f"#{len(heads)}"), block))
        if heads:
            current.append(block)
    close()
    return found


def article_changes(old: list[Article], new: list[Article]) -> list[ArticleChange]:
    """Articles added, removed and reworded (same clause, other blocks), in the new charter's order,
    removed ones last in the old charter's order."""
    before = {a.id: a for a in old}
    after = {a.id for a in new}
    found = []
    for article in new:
        was = before.get(article.id)
        if was is None:
            found.append(ArticleChange("added", article.label))
        elif _body(was) != _body(article):
            moved = was.number if was.number != article.number else None
            found.append(ArticleChange("reworded", article.label, moved))
    found.extend(ArticleChange("removed", a.label) for a in old if a.id not in after)
    return found


def _body(article: Article) -> tuple[Any, ...]:
    """What a reader reads of an article: its title and blocks (not its number or annex letter)."""
    return (article.title, article.blocks[1:])


def compare(
    old: Answers,
    new: Answers,
    old_document: tuple[DocumentSpec, list[str]],
    new_document: tuple[DocumentSpec, list[str]],
) -> Changes:
    lang = new.language
    return Changes(
        lang=lang,
        old_version=str(get_path(old.data, "charter.version")),
        new_version=str(get_path(new.data, "charter.version")),
        answers=tuple(answer_changes(old, new)),
        articles=tuple(
            article_changes(
                articles(*old_document, old.language),
                articles(*new_document, lang),
            )
        ),
    )
