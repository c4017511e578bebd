"""What clause templates see: the answers under the file's own names, plus documented helpers."""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from charter.clauses.facts import fact_dates, facts_context
from charter.errors import Problem
from charter.model.answers import Answers
from charter.model.catalog import catalog
from charter.model.questions import questionnaire
from charter.model.suggest import did_you_mean
from charter.resources import load_yaml


def strings(lang: str) -> dict[str, Any]:
    data = load_yaml("strings.yml")
    assert isinstance(data, dict)
    words: dict[str, Any] = data[lang]
    return words


def build_context(answers: Answers) -> dict[str, Any]:
    """What templates see: the answers under the file's names, plus a few documented helpers."""
    data = answers.data
    lang = data["language"]
    words = strings(lang)
    names = catalog()
    platforms = [{**p, "name": names[p["id"]].name} for p in data["platforms"]]
    networks = [
        {"id": n, "name": names[n].name, "status": names[n].status} for n in data["enterprise_networks"]
    ]
    governance = data["governance"]
    questions = questionnaire().by_key()

    def label(key: str, value: Any) -> str:
        question = questions.get(key)
        if question is None:
            raise ValueError(f"label(): no question {key!r}")
        worded = question.for_sector(data["organisation"]["sector"], data["organisation"]["jurisdiction"])
        return worded.label(value, lang)  # in the sector's words, as the interview showed it

    return {
        **data,
        "platforms": platforms,
        "enterprise_networks": networks,
        "platform_ids": [p["id"] for p in platforms],
        "network_ids": [n["id"] for n in networks],
        "active_networks": [n for n in networks if n["status"] != "closing"],
        "owner": data["charter"]["owner"] or words["default_owner"],
        "team": governance.get("team_name") or words["default_team"],
        "label": label,
        "facts": facts_context(lang, data["charter"]["effective_date"], data["organisation"]["jurisdiction"]),
        # Set once the clauses are chosen (Renderer.selected): see charter.clauses.render.
        "clause_ids": [],
        "references": [],
        "article": _no_article,
    }


def _no_article(ident: str) -> str:
    raise CrossReferenceError(f'article("{ident}"): the charter\'s clauses are not chosen yet')


class CrossReferenceError(Exception):
    """`article(id)` names a clause that is not an article of this charter."""


# Names a template may use beyond the answers' own keys, and the keys of a platform or network item.
# facts: `facts.<id>` (charter.clauses.facts); references: the annex's groups (charter.clauses.references);
# article("id"): the number of another article of the charter; clause_ids: the ids of its clauses.
HELPERS = (
    "platform_ids",
    "network_ids",
    "active_networks",
    "owner",
    "team",
    "label",
    "facts",
    "references",
    "article",
    "clause_ids",
)
ITEM_KEYS = ("id", "name", "account", "owner", "status", "date", "past", "text", "kind", "title", "items")
JINJA_NAMES = ("loop", "range", "dict", "namespace", "lipsum", "cycler", "joiner")


@cache
def known_names() -> dict[str, tuple[str, ...] | None]:
    """Each top-level name of the context and, for a group of the answers, the keys under it."""
    names: dict[str, tuple[str, ...] | None] = {}
    for q in questionnaire().questions:
        if len(q.path) == 1:
            names[q.key] = None
        else:
            names[q.path[0]] = (*(names.get(q.path[0]) or ()), q.path[1])
    names.update(dict.fromkeys(HELPERS))
    names["facts"] = tuple(fact_dates())
    return names


def unknown_names(ast: Any, path: Path, line_offset: int = 0) -> list[Problem]:
    """The names and attributes of a parsed template that the answers format does not have, each with
    its line and the closest valid name: what `templates check` reports, and `generate` on failing."""
    from jinja2 import nodes

    known = known_names()
    problems = []
    assigned = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    builtins = {*JINJA_NAMES, "true", "false", "none"}
    for name in ast.find_all(nodes.Name):
        if name.ctx != "load" or name.name in assigned or name.name in builtins:
            continue
        if name.name not in known:
            problems.append(
                Problem.in_file(
                    path,
                    f"`{name.name}` is not a name templates can use.{did_you_mean(name.name, known)}",
                    name.lineno + line_offset,
                )
            )
    for attr in ast.find_all(nodes.Getattr):
        if isinstance(attr.node, nodes.Name) and attr.node.ctx == "load" and attr.node.name not in assigned:
            keys = known.get(attr.node.name)
            if keys is not None and attr.attr not in keys:
                problems.append(
                    Problem.in_file(
                        path,
                        f"`{attr.node.name}.{attr.attr}` is not in the answers format."
                        f"{did_you_mean(attr.attr, keys)} Valid keys: {', '.join(keys)}.",
                        attr.lineno + line_offset,
                    )
                )
    return problems


def join_and(items: Any, lang: str) -> str:
    """`a, b and c` / `a, b et c`."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {strings(lang)['and']} {items[-1]}"


def long_date(value: Any, lang: str, jurisdiction: Any = None) -> str:
    """A date in words: 1er mars 2027, 1 March 2027, and March 1, 2027 in English under US law."""
    if not isinstance(value, date):
        raise ValueError(f"long_date needs a date, got {value!r}")
    month = strings(lang)["months"][value.month - 1]
    if lang == "en" and jurisdiction == "US":
        return f"{month} {value.day}, {value.year}"
    day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
    return f"{day} {month} {value.year}"
