"""The check-up as data: each point of the barometer, where this charter stands on it, and what to do.

Pure: it is given what the clauses' conditions see (the answers under their names, `clause_ids`...)
and the charter's clauses in order, as `charter generate` chooses them; it prints nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from charter.assess.barometer import Barometer, Case, barometer
from charter.blocks import annex_letter
from charter.model.conditions import holds
from charter.model.questions import questionnaire
from charter.model.types import type_of
from charter.model.types.base import yaml_scalar


@dataclass(frozen=True)
class Target:
    """An article or an annex of this charter, as the check-up points to it."""

    id: str
    part: str  # article | annex
    number: str  # 5 for an article, C for an annex (as the charter numbers and letters them)
    title: str


@dataclass(frozen=True)
class Change:
    """The answer to give for a recommendation, worded as the interview asks it."""

    key: str  # governance.kpis
    value: str  # as the answers file writes it: true, annual
    question: str  # the interview's question, in the charter's language and the sector's words
    label: str  # the answer in words: Yes, At induction and every year
    adds: str | None  # the title of the article the change brings, when it is not in the charter


@dataclass(frozen=True)
class Point:
    id: str
    title: str
    figure: str  # what the barometer found, with its figures
    mark: str  # ahead | behind | info
    standing: str  # where this organisation stands
    advice: str | None = None  # what to do next
    target: Target | None = None  # the article or annex that answers it, when it is in this charter
    change: Change | None = None  # the answer to give for it


@dataclass(frozen=True)
class Assessment:
    lang: str
    organisation: str
    points: tuple[Point, ...]
    source: Barometer

    @property
    def recommendations(self) -> list[Point]:
        return [point for point in self.points if point.advice is not None]

    def word(self, key: str, /, **values: Any) -> str:
        return self.source.word(key, self.lang, **values)


def assess(
    context: Mapping[str, Any],
    contents: Sequence[tuple[str, str, str]],
    titles: Mapping[str, str],
    data: Barometer | None = None,
) -> Assessment:
    """The check-up of a charter. ``context``: what its clauses' conditions see (the answers, with
    `clause_ids`); ``contents``: its clauses in order, as (id, title, part); ``titles``: the title of
    every clause of its library, by id (for a clause a change would add); ``data``: the barometer
    (the built-in one by default)."""
    data = data or barometer()
    lang = str(context["language"])
    organisation = context["organisation"]
    wording = (organisation["sector"], organisation["jurisdiction"])  # as questions.yml words its questions
    articles = _targets(contents)
    points = []
    for rule in data.points:
        if not holds(rule.when, dict(context)):
            continue
        case = next(c for c in rule.cases if holds(c.when, dict(context)))
        points.append(
            Point(
                id=rule.id,
                title=rule.title.get(lang, *wording),
                figure=data.say(rule.figure, lang, *wording),
                mark=case.mark,
                standing=data.say(case.standing, lang, *wording),
                advice=None if case.advice is None else data.say(case.advice, lang, *wording),
                target=articles.get(case.clause or ""),
                change=_change(case, context, articles, titles),
            )
        )
    name = str(organisation["name"])
    return Assessment(lang, name, tuple(points), data)


def _targets(contents: Sequence[tuple[str, str, str]]) -> dict[str, Target]:
    """Each clause of the charter with its number (articles: 1, 2...) or letter (annexes: A, B...)."""
    found: dict[str, Target] = {}
    for part in ("article", "annex"):
        ours = [(ident, title) for ident, title, kind in contents if kind == part]
        for n, (ident, title) in enumerate(ours):
            number = str(n + 1) if part == "article" else annex_letter(n)
            found[ident] = Target(ident, part, number, title)
    return found


def _change(
    case: Case, context: Mapping[str, Any], articles: Mapping[str, Target], titles: Mapping[str, str]
) -> Change | None:
    """The answer a case's advice asks for, in the interview's words; None when there is none."""
    if case.change is None or case.advice is None:
        return None
    key, value = case.change
    lang = str(context["language"])
    organisation = context["organisation"]
    question = questionnaire().by_key()[key].for_sector(organisation["sector"], organisation["jurisdiction"])
    excluded = case.clause in context["clauses"]["exclude"]
    adds = None if case.clause in articles or excluded else titles.get(case.clause or "")
    return Change(
        key=key,
        value=yaml_scalar(value),
        question=_typography(question.prompt.get(lang, question.prompt["en"]), lang),
        label=_typography(type_of(question).show(question, value, lang), lang),
        adds=adds,
    )


def _typography(text: str, lang: str) -> str:
    """A question quoted in French as the check-up's own words are written: a typographic apostrophe
    and a narrow no-break space before ; : ? !"""
    if lang != "fr":
        return text
    return re.sub(r" ([;:?!])", "\u202f\\1", text.replace("'", "’"))
