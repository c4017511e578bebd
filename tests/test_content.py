"""What the charters say, per combination: the phrases each must hold and must never hold, in one place.

Three parts:

1. The content mechanics every clause relies on: dated facts stated as they stand on the effective date,
   the legal-references annex as the union of the chosen clauses' references, and cross-references
   (`article("id")`) that follow the articles actually chosen.
2. French charters: one row per combination (jurisdiction, sector, a few answers) with the phrases that
   must appear and those that must never appear.
3. English charters: the same table for the English clauses (added by the English side).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from charter.answersfile.read import parse_answers
from charter.blocks import Heading, ListBlock, Paragraph, Table
from charter.clauses.facts import fact_dates
from charter.clauses.files import load_library
from charter.clauses.library import check_library
from charter.clauses.references import load_references
from charter.clauses.render import Renderer
from charter.errors import TemplateError
from charter.limits import bounded
from charter.resources import builtin_dir

# ---------------------------------------------------------------------------------------- helpers


def make_answers(lang: str = "fr", **keys: Any) -> Any:
    """Answers from dotted keys over a rich base (FR private, 250 people, works council, five networks)."""
    data: dict[str, Any] = {
        "format": 1,
        "language": lang,
        "organisation": {
            "name": "Acme",
            "jurisdiction": "FR",
            "sector": "private",
            "employees": 250,
            "works_council": True,
        },
        "objectives": ["customer_relationship", "e_reputation", "notoriety"],
        "platforms": ["facebook", {"id": "linkedin", "account": "acme", "owner": "Comms"}, "tiktok"],
        "enterprise_networks": ["teams"],
        "governance": {
            "dedicated_team": True,
            "team_name": "Comms",
            "crisis_contact": "crisis@acme.example",
            "advocacy": "voluntary",
            "kpis": True,
            "training": "annual",
            "monitoring": True,
        },
        "charter": {"effective_date": date(2027, 3, 1)},
    }
    for dotted, value in keys.items():
        node = data
        *parents, last = dotted.split("__")
        for part in parents:
            node = node.setdefault(part, {})
        if value is DROP:
            node.pop(last, None)
        else:
            node[last] = value
    import yaml

    return parse_answers(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


DROP = object()


def rendered(ans: Any, templates: Path | None = None, exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """Each chosen clause id and its text (headings, paragraphs and table cells)."""
    renderer = Renderer(
        load_library(ans.language, templates), ans, references=load_references(ans.language, templates)
    )
    with bounded():
        items = renderer.render_all(list(exclude))
    result = {}
    for item in items:
        parts = []
        for block in item.blocks:
            if isinstance(block, Heading | Paragraph):
                parts.append("".join(r.text for r in block.runs))
            elif isinstance(block, Table):
                for row in (block.header, *block.rows):
                    parts.append(" | ".join("".join(r.text for r in cell) for cell in row))
            elif isinstance(block, ListBlock):
                parts.extend(_items(block))
        result[item.clause.id] = "\n".join(parts)
    return result


def _items(block: ListBlock) -> list[str]:
    lines = []
    for item in block.items:
        lines.append("".join(r.text for r in item.runs))
        if item.children is not None:
            lines.extend(_items(item.children))
    return lines


def whole(clauses: dict[str, str]) -> str:
    return "\n".join(clauses.values())


def library(tmp_path: Path, files: dict[str, str], references: str | None = None) -> Path:
    """A custom clause library in ``tmp_path``: French clause files, and a references file."""
    folder = tmp_path / "lib"
    (folder / "fr").mkdir(parents=True)
    for name, text in files.items():
        (folder / "fr" / name).write_text(text, encoding="utf-8")
    if references is not None:
        (folder / "references").mkdir()
        (folder / "references" / "fr.yml").write_text(references, encoding="utf-8")
    return folder


# ------------------------------------------------------------------- 1. mechanics: dated facts


def test_every_fact_is_past_from_its_day_on() -> None:
    for ident, when in fact_dates().items():
        for effective, past in ((when - timedelta(days=1), False), (when, True), (when + timedelta(days=1), True)):
            ans = make_answers(charter__effective_date=effective)
            renderer = Renderer(load_library("fr"), ans)
            fact = renderer.context["facts"][ident]
            assert fact["date"] == when and fact["past"] is past, (ident, effective)


def test_facts_are_written_in_the_charters_language() -> None:
    fr = Renderer(load_library("fr"), make_answers()).context["facts"]["workplace_deletion"]
    assert fr["text"] == "1er juin 2026"
    en = Renderer(load_library("en"), make_answers("en")).context["facts"]["workplace_deletion"]
    assert en["text"] == "1 June 2026"


def test_without_an_effective_date_facts_are_stated_as_of_today() -> None:
    ans = make_answers(charter__effective_date=None)
    facts = Renderer(load_library("fr"), ans).context["facts"]
    today = date.today()
    assert all(f["past"] is (f["date"] <= today) for f in facts.values())


WORKPLACE = {
    # effective date: (must appear, must never appear)
    date(2025, 6, 1): (
        ["prendra fin le 31 août 2025", "seront supprimées à partir du 1er juin 2026", "au plus tard le 31 mai 2026"],
        ["a pris fin", "depuis le 1er juin 2026"],
    ),
    date(2026, 1, 15): (
        ["a pris fin le 31 août 2025", "reste accessible", "au plus tard le 31 mai 2026"],
        ["prendra fin", "depuis le 1er juin 2026"],
    ),
    date(2027, 3, 1): (
        ["a pris fin le 31 août 2025", "supprimées depuis le 1er juin 2026", "ne peuvent plus être récupérés"],
        ["prendra fin", "au plus tard le 31 mai 2026", "seront supprimées"],
    ),
}


@pytest.mark.parametrize("effective", list(WORKPLACE))
def test_the_workplace_clause_states_the_closure_as_it_stands(effective: date) -> None:
    text = rendered(make_answers(enterprise_networks=["teams", "workplace"], charter__effective_date=effective))[
        "workplace_migration"
    ]
    present, absent = WORKPLACE[effective]
    for phrase in present:
        assert phrase in text, (effective, phrase)
    for phrase in absent:
        assert phrase not in text, (effective, phrase)


# -------------------------------------------------------------- 1. mechanics: legal references


def _cited(ans: Any, exclude: tuple[str, ...] = ()) -> tuple[set[str], set[str]]:
    """The reference ids the chosen clauses cite (conditions applied) and those the annex lists."""
    from charter.clauses.references import gather

    renderer = Renderer(load_library(ans.language), ans)
    chosen = renderer.selected(list(exclude))
    groups = gather(chosen, renderer.context, renderer.references, ans.language)
    listed = {item.id for group in groups for item in group.items}
    return listed, {f"{item.text}" for group in groups for item in group.items}


@pytest.mark.parametrize(
    "keys",
    [
        {},
        {"organisation__sector": "public", "organisation__public_service": "territoriale"},
        {"organisation__works_council": False, "organisation__employees": 8},
        {"organisation__jurisdiction": "UK"},
        {"organisation__jurisdiction": "US"},
        {"governance__advocacy": "none"},
    ],
)
def test_the_annex_holds_exactly_the_references_of_the_chosen_clauses(keys: dict[str, Any]) -> None:
    ans = make_answers(**keys)
    clauses = rendered(ans)
    annex = clauses["legal_references"]
    known = load_references("fr")
    listed, texts = _cited(ans)
    for ident, ref in known.items():
        assert (ref.text in annex) is (ident in listed), ident
    assert texts <= set(annex.splitlines())


def test_a_reference_goes_when_its_only_clause_goes() -> None:
    with_advocacy = rendered(make_answers(organisation__jurisdiction="FR", governance__advocacy="voluntary"))
    without = rendered(make_answers(governance__advocacy="none"))
    assert "2023-451" in with_advocacy["legal_references"]
    assert "2023-451" not in without["legal_references"]
    excluded = rendered(make_answers(), exclude=("advocacy",))
    assert "2023-451" not in excluded["legal_references"]


def test_the_annex_groups_references_by_kind_in_order() -> None:
    annex = rendered(make_answers())["legal_references"]
    titles = ["Codes et lois", "Règlements", "Jurisprudence", "Recommandations et lignes directrices"]
    positions = [annex.index(t) for t in titles if t in annex]
    assert positions == sorted(positions) and len(positions) >= 3


CITING = """---
id: citing
title: Citing
order: 10
references:
  - known_one
  - {when: organisation.works_council, ids: [known_two]}
---
Body.
"""
ANNEX = """---
id: legal_references
title: Références
order: 900
part: annex
---
{% for group in references %}
## {{ group.title }}

{% for item in group.items %}
- {{ item.text }}
{% endfor %}

{% endfor %}
"""
REFS = """\
known_one: {kind: statute, text: "Texte un."}
known_two: {kind: guidance, text: "Texte deux."}
never_cited: {kind: statute, text: "Texte jamais cité."}
"""


def test_a_custom_library_cites_its_own_references_with_conditions(tmp_path: Path) -> None:
    folder = library(tmp_path, {"citing.md": CITING, "legal_references.md": ANNEX}, REFS)
    with_council = rendered(make_answers(), folder)["legal_references"]
    assert "Texte un." in with_council and "Texte deux." in with_council
    assert "jamais" not in with_council
    without = rendered(make_answers(organisation__works_council=False), folder)["legal_references"]
    assert "Texte un." in without and "Texte deux." not in without
    assert check_library(templates=folder) == []


def test_an_unknown_reference_names_the_clause_file_and_line(tmp_path: Path) -> None:
    bad = CITING.replace("known_two", "knwon_two")
    folder = library(tmp_path, {"citing.md": bad}, REFS)
    with pytest.raises(TemplateError) as caught:
        load_library("fr", folder)
    said = str(caught.value)
    assert "citing.md, line 7" in said and "knwon_two" in said and "known_two" in said
    problems = check_library(templates=folder)
    assert any("citing.md" in str(p) and "knwon_two" in str(p) for p in problems)


def test_a_malformed_references_entry_is_named(tmp_path: Path) -> None:
    bad = CITING.replace("  - known_one\n", "  - {id: known_one}\n")
    folder = library(tmp_path, {"citing.md": bad}, REFS)
    with pytest.raises(TemplateError, match=r"citing.md, line 6: references item 1"):
        load_library("fr", folder)


def test_clauses_without_references_and_languages_without_a_file_still_render(tmp_path: Path) -> None:
    plain = "---\nid: plain\ntitle: Plain\n---\nNothing cited.\n"
    folder = library(tmp_path, {"plain.md": plain})
    assert "plain" in rendered(make_answers(), folder)
    if not (builtin_dir() / "references" / "en.yml").is_file():
        assert "purpose" in rendered(make_answers("en"))


# ---------------------------------------------------------------- 1. mechanics: cross-references

CROSS = {
    "a.md": "---\nid: a\ntitle: A\norder: 10\n---\nVoir l’article {{ article(\"c\") }}.\n",
    "b.md": "---\nid: b\ntitle: B\norder: 20\n---\nB.\n",
    "c.md": "---\nid: c\ntitle: C\norder: 30\n---\nC.\n",
    "d.md": (
        "---\nid: d\ntitle: D\norder: 40\n---\n"
        '{% if "b" in clause_ids %}Voir l’article {{ article("b") }}.{% else %}Sans B.{% endif %}\n'
    ),
}


def test_article_numbers_follow_the_chosen_articles(tmp_path: Path) -> None:
    folder = library(tmp_path, CROSS)
    exclude = tuple(c for c in load_library("fr") if c not in {"a", "b", "c", "d"})
    full = rendered(make_answers(), folder, exclude)
    assert "Voir l’article 3." in full["a"] and "Voir l’article 2." in full["d"]
    fewer = rendered(make_answers(), folder, (*exclude, "b"))
    assert "Voir l’article 2." in fewer["a"] and "Sans B." in fewer["d"]


def test_an_article_left_out_is_a_clear_error(tmp_path: Path) -> None:
    folder = library(tmp_path, CROSS)
    exclude = tuple(c for c in load_library("fr") if c not in {"a", "b", "c", "d"})
    with pytest.raises(TemplateError) as caught:
        rendered(make_answers(), folder, (*exclude, "c"))
    said = str(caught.value)
    assert "a.md, line" in said and 'article("c")' in said and "clause_ids" in said


def _builtin_targets(lang: str) -> set[str]:
    found = set()
    for clause in load_library(lang).values():
        found.update(re.findall(r"article\(\"([a-z_]+)\"\)", clause.source))
    return found


@pytest.mark.parametrize("target", sorted(_builtin_targets("fr")))
def test_every_french_cross_reference_survives_its_target_left_out(target: str) -> None:
    for keys in ({}, {"organisation__sector": "public"}, {"governance__charter_form": "internal_rules"}):
        clauses = rendered(make_answers(**keys), exclude=(target,))
        assert target not in clauses


def test_every_french_cross_reference_gives_the_number_of_its_article() -> None:
    ans = make_answers(governance__charter_form="internal_rules", organisation__sector="public")
    renderer = Renderer(load_library("fr"), ans)
    with bounded():
        items = renderer.render_all()
    articles = [item.clause.id for item in items if item.clause.part == "article"]
    article = renderer.context["article"]
    for target in _builtin_targets("fr") & set(articles):
        assert article(target) == str(articles.index(target) + 1)
