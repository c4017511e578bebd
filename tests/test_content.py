"""What the charters say, per combination: the phrases each must hold and must never hold, in one place.

Three parts:

1. The content mechanics every clause relies on: dated facts stated as they stand on the effective date,
   the legal-references annex as the union of the chosen clauses' references, and cross-references
   (`article("id")`) that follow the articles actually chosen.
2. French charters: one row per combination (jurisdiction, sector, a few answers) with the phrases that
   must appear and those that must never appear.
3. English charters: the same table for the English clauses (added by the English side).

The French articles of issue 8 (essentials, political_expression, employer_use, generative_ai, side_channels,
sector_rules, leaving) have their own table, per article, in test_content_topics_fr.py.
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
        for effective, past in (
            (when - timedelta(days=1), False),
            (when, True),
            (when + timedelta(days=1), True),
        ):
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
        [
            "prendra fin le 31 août 2025",
            "seront supprimées à partir du 1er juin 2026",
            "au plus tard le 31 mai 2026",
        ],
        ["a pris fin", "depuis le 1er juin 2026"],
    ),
    date(2026, 1, 15): (
        ["a pris fin le 31 août 2025", "reste accessible", "au plus tard le 31 mai 2026"],
        ["prendra fin", "depuis le 1er juin 2026"],
    ),
    date(2027, 3, 1): (
        [
            "a pris fin le 31 août 2025",
            "supprimées depuis le 1er juin 2026",
            "ne peuvent plus être récupérés",
        ],
        ["prendra fin", "au plus tard le 31 mai 2026", "seront supprimées"],
    ),
}


@pytest.mark.parametrize("effective", list(WORKPLACE))
def test_the_workplace_clause_states_the_closure_as_it_stands(effective: date) -> None:
    text = rendered(
        make_answers(enterprise_networks=["teams", "workplace"], charter__effective_date=effective)
    )["workplace_migration"]
    present, absent = WORKPLACE[effective]
    for phrase in present:
        assert phrase in text, (effective, phrase)
    for phrase in absent:
        assert phrase not in text, (effective, phrase)


@pytest.mark.parametrize(
    ("effective", "said"),
    [
        (date(2026, 1, 15), "au plus tard le 31 mai 2026"),
        (date(2026, 6, 1), "supprimées depuis le 1er juin 2026"),
    ],
)
def test_the_workplace_warning_follows_the_effective_date_too(effective: date, said: str) -> None:
    warnings = make_answers(enterprise_networks=["workplace"], charter__effective_date=effective).warnings
    assert any(said in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("effective", "said", "not_said"),
    [
        (date(2024, 6, 1), "l’employeur sera en outre tenu", "Depuis le 26 octobre 2024"),
        (date(2024, 10, 26), "Depuis le 26 octobre 2024, l’employeur est", "sera"),
    ],
)
def test_a_law_that_starts_applying_is_future_then_present(effective: date, said: str, not_said: str) -> None:
    text = rendered(make_answers(organisation__jurisdiction="UK", charter__effective_date=effective))[
        "legal_frame"
    ]
    assert said in text.replace("\u00a0", " ") and not_said not in text


@pytest.mark.parametrize(
    ("effective", "verb", "said", "not_said"),
    [
        (
            date(2026, 8, 1),
            "anticipent",
            "dont l’article 50 s’appliquera à partir du 2 août 2026",
            "s’applique depuis",
        ),
        (
            date(2026, 8, 2),
            "mettent en œuvre",
            "dont l’article 50 s’applique depuis le 2 août 2026",
            "s’appliquera",
        ),
    ],
)
def test_the_ai_act_is_stated_as_it_stands(effective: date, verb: str, said: str, not_said: str) -> None:
    # Article 50 applies from 2 August 2026, not the whole regulation: the date is its article's.
    clauses = rendered(make_answers(charter__effective_date=effective))
    raw = clauses["generative_ai"]
    text = raw.replace("\u00a0", " ").replace("\u202f", " ")
    assert (
        said in text
        and f"Ces règles {verb} les obligations de transparence du règlement (UE) 2024/1689" in text
    )
    assert not_said not in text and "applicable" not in text
    assert "l’article\u00a050 s’appl" in raw  # a statute's number is held to its word
    assert whole(clauses).count("2024/1689") == 1 + ("2024/1689" in clauses["legal_references"])


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
    # The law on commercial influence is cited by the advocacy article, or, without one, by side_channels
    # (paid posts on staff's own channels): said once, and gone when neither article says it.
    with_advocacy = rendered(make_answers(organisation__jurisdiction="FR", governance__advocacy="voluntary"))
    assert "2023-451" in with_advocacy["legal_references"] and "2023-451" in with_advocacy["advocacy"]
    assert "2023-451" not in with_advocacy["side_channels"]
    without = rendered(make_answers(governance__advocacy="none"))
    assert "2023-451" in without["side_channels"] and "2023-451" in without["legal_references"]
    excluded = rendered(make_answers(), exclude=("advocacy",))
    assert "2023-451" in excluded["side_channels"] and "2023-451" in excluded["legal_references"]
    neither = rendered(make_answers(), exclude=("advocacy", "side_channels"))
    assert "2023-451" not in whole(neither)
    assert "C-210/16" in rendered(make_answers())["legal_references"]
    assert "C-210/16" not in rendered(make_answers(), exclude=("personal_data",))["legal_references"]


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
    "a.md": '---\nid: a\ntitle: A\norder: 10\n---\nVoir l’article {{ article("c") }}.\n',
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


def test_templates_check_names_an_article_that_no_clause_has(tmp_path: Path) -> None:
    folder = library(tmp_path, {"a.md": CROSS["a.md"].replace('article("c")', 'article("sanctionz")')})
    problems = [str(p) for p in check_library(templates=folder)]
    assert any("a.md, line 6" in p and 'article("sanctionz")' in p and '"sanctions"' in p for p in problems)


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


# --------------------------------------------------------------------------- 2. French charters
#
# One row per combination: the answers (dotted keys over make_answers' rich base: FR, private, 250 people, a works
# council, Facebook/LinkedIn/TikTok, Teams, a named team, effective 1 March 2027), what the whole charter must say,
# and what it must never say. Every French row is also held to FRENCH_ALWAYS / FRENCH_NEVER below.

PRIVATE_WORDS = [
    "comité social et économique",
    "CSE",
    "prud’hommes",
    "cinquante salariés",
    "L. 1311-2",
    "Relation client",
    "Questions des clients",
    "secret des affaires",
    "Secret des affaires",
    "code du travail",
    "salarié",
]

FRENCH = [
    (
        "FR private, internal rules, works council",
        {"governance__charter_form": "internal_rules"},
        [
            "article L. 1121-1 du code du travail",
            "adjonction au règlement intérieur",
            "conseil de prud’hommes",
            "article L. 1321-4",
            "comité social et économique",
            "articles L. 1152-1 et L. 1153-1 du code du travail",
            "article 222-33-2-2 du code pénal",
            "article 9 du code civil",
            "article 226-1 du code pénal",
            "article L. 2242-17, 7°, du code du travail",
            "Relation client",
            "reconnais avoir reçu la charte",
            "qui constitue une adjonction au règlement intérieur, et avoir pris connaissance",
        ],
        ["comité social territorial", "agents publics", "j’en accepte les termes", "Rubrique"],
    ),
    (
        "FR public, territoriale (a mairie)",
        {
            "organisation__name": "Mairie de Saint-Ébène",
            "organisation__sector": "public",
            "organisation__public_service": "territoriale",
            "governance__charter_form": "internal_rules",
            "objectives": ["customer_relationship", "notoriety"],
        },
        [
            "comité social territorial",
            "usagers",
            "Relation avec les usagers",
            "Questions des usagers et du public",
            "article L. 121-1 du code général de la fonction publique",
            "article L. 121-2",
            "article L. 121-6",
            "article L. 121-7",
            "jurisprudence du Conseil d’État",
            "quatre groupes",
            "article L. 52-1, deuxième alinéa, du code électoral",
            "les personnes morales autres que les partis ou groupements politiques",
            "informer les habitants",
            "ne vise pas, en tant que telle, les collectivités territoriales",
            "téléphones professionnels des agents de l’État",
        ],
        [*PRIVATE_WORDS, "par Mairie", "comité social d’administration"],
    ),
    (
        "FR public: no company words (brands, commercial use)",
        {"organisation__sector": "public", "organisation__public_service": "territoriale"},
        [
            "au nom de l’organisation, de l’un de ses services ou de l’un de ses équipements",
            "Nom, logo et identité visuelle",
            "que la plateforme réserve aux comptes d’organisations",
        ],
        [
            "de l’une de ses marques",
            "Éléments de marque",
            "pour un usage commercial",
            "les marques, les slogans",
            "n’engagent pas mon employeur",
            "L’équipe responsable gère l’ensemble des comptes officiels",
        ],
    ),
    (
        "FR, no internal network: the charter does not cover one",
        {"enterprise_networks": [], "organisation__sector": "public"},
        ["qu’il s’agisse de comptes officiels ou de comptes personnels, aucune information"],
        ["réseaux sociaux internes", "réseau interne", "réseaux internes", "Réseau interne"],
    ),
    (
        "FR, internal network chosen: the charter covers it",
        {"enterprise_networks": ["teams"]},
        ["à l’utilisation des réseaux sociaux internes de l’organisation", "Réseau interne"],
        [],
    ),
    (
        "FR, no dedicated team: approval by someone other than the author",
        {
            "governance__dedicated_team": False,
            "governance__team_name": None,
            "governance__approval": "sensitive_only",
            "charter__owner": "Gérance",
        },
        [
            "validées au préalable par une personne autre que leur auteur",
            "le responsable de la charte (Gérance) lorsque le responsable du compte en est lui-même l’auteur",
            "elle décide de leur ouverture et désigne le responsable de chacun d’eux",
        ],
        ["sont validées au préalable par l’équipe responsable"],
    ),
    (
        "FR, every post approved: by someone other than the author",
        {"governance__approval": "every_post"},
        [
            "validée avant sa mise en ligne par une personne autre que son auteur",
            "un autre membre de l’équipe responsable lorsque le responsable du compte en est lui-même l’auteur",
        ],
        ["validée avant sa mise en ligne par l’équipe responsable"],
    ),
    (
        "FR public, État",
        {"organisation__sector": "public", "organisation__public_service": "etat"},
        [
            "comité social d’administration",
            "Cette mesure s’applique aux agents de l’organisation",
            "informer les usagers et le public",
        ],
        [*PRIVATE_WORDS, "comité social territorial", "collectivités territoriales"],
    ),
    (
        "FR public, hospitalière",
        {"organisation__sector": "public", "organisation__public_service": "hospitaliere"},
        [
            "comité social d’établissement",
            "les établissements de la fonction publique hospitalière",
            "les patients, leurs proches et le public",
        ],
        [*PRIVATE_WORDS, "comité social territorial"],
    ),
    (
        "FR public, service not stated",
        {"organisation__sector": "public"},
        ["comité social compétent"],
        PRIVATE_WORDS,
    ),
    (
        "FR finance",
        {"organisation__sector": "finance"},
        ["règlement (UE) n° 596/2014", "Activité financière réglementée"],
        ["agents publics"],
    ),
    (
        "FR health",
        {"organisation__sector": "health"},
        ["article L. 1110-4 du code de la santé publique", "Secret des patients"],
        ["secret médical", "agents publics"],
    ),
    (
        "FR nonprofit with volunteers",
        {"organisation__sector": "nonprofit", "organisation__volunteers": True},
        [
            "les bénévoles",
            "adhérents",
            "donateurs",
            "ne relèvent pas du pouvoir disciplinaire",
            "de l’une de ses campagnes, de l’un de ses projets",
            "Nom, logo et identité visuelle",
            "partenaires, mécènes, financeurs",
            "que la plateforme réserve aux comptes d’organisations",
            "de ses campagnes, de ses actions",
            "Si j’agis en qualité de bénévole",
            "ni contrat de travail ni lien de subordination",
            "n’engagent pas l’organisation pour laquelle je travaille ou je suis bénévole",
            "lui apportent leur concours bénévole",
            "numéro d’adhérent ou de donateur",
        ],
        [
            "Relation client",
            "secret des affaires",
            "agents publics",
            "de l’une de ses marques",
            "Éléments de marque",
            "pour un usage commercial",
            "concurrents",
            "de ses marques, de ses produits",
            "numéro de client",
        ],
    ),
    (
        "FR nonprofit with volunteers, internal rules: volunteers are not under them",
        {
            "organisation__sector": "nonprofit",
            "organisation__volunteers": True,
            "governance__charter_form": "internal_rules",
        },
        ["Le règlement intérieur ne s’applique qu’aux salariés. Les bénévoles"],
        [],
    ),
    (
        "FR nonprofit without volunteers",
        {"organisation__sector": "nonprofit", "organisation__volunteers": False},
        [],
        ["bénévole"],
    ),
    (
        "FR small firm, no team, no approval, a guide",
        {
            "organisation__employees": 8,
            "organisation__works_council": False,
            "governance__dedicated_team": False,
            "governance__team_name": None,
            "governance__approval": "none",
            "charter__owner": "Gérance",
        },
        [
            "Aucune validation préalable",
            "Équipe responsable : le responsable de la charte (Gérance)",
            "l’avoir lu et en avoir compris les règles",
            "Fait à",
            "En l’absence de représentants du personnel",
        ],
        ["service communication", "None", "| Aucune |", "L. 2312-38", "j’en accepte"],
    ),
    (
        "FR, workplace network, charter in 2027",
        {"enterprise_networks": ["teams", "workplace"]},
        ["Meta a fermé Workplace from Meta", "supprimées depuis le 1er juin 2026"],
        ["avant le 31 mai 2026", "seront supprimées"],
    ),
    (
        "FR, no advocacy programme: no programme, and the law on paid posts said by side_channels",
        {"governance__advocacy": "none"},
        ["encadrée par la loi n° 2023-451 du 9 juin 2023 : son intention commerciale est alors signalée"],
        ["ambassadeur", "programme d’ambassadeurs", "selon les règles de transparence de l’article"],
    ),
    (
        "other jurisdiction, in French",
        {"organisation__jurisdiction": "other"},
        ["aucun droit national", "juriste qualifié"],
        ["code du travail", "L. 1121-1", "Equality Act", "RGPD, article"],
    ),
    (
        "a name ending in a full stop",
        {
            "organisation__name": "Bright Owl Labs, Inc.",
            "governance__spokespeople": ["Director of Policy, Research and Campaigns"],
        },
        ["Bright Owl Labs, Inc.", "Director of Policy, Research and Campaigns."],
        ["Inc..", "Campaigns.."],
    ),
]

FRENCH_NEVER = [
    (re.compile(r"\bL\d{3,4}-\d"), "an article cited without Légifrance's point and space (L1121-1)"),
    (re.compile(r"[A-Za-zéèà]'[A-Za-zéèà]"), "a straight apostrophe"),
    (re.compile(r"[^\s\u00a0\u202f][ ][:;!?](\s|$)"), "an ordinary space before : ; ! ?"),
    (re.compile(r"« |[^\u00a0]»"), "« » without non-breaking spaces"),
    (re.compile(r"\.\.(?!\.)"), "a double full stop"),
]


@pytest.mark.parametrize(("name", "keys", "present", "absent"), FRENCH, ids=[row[0] for row in FRENCH])
def test_french_charters(name: str, keys: dict[str, Any], present: list[str], absent: list[str]) -> None:
    assert_french(name, whole(rendered(make_answers("fr", **keys))), present, absent)


@pytest.mark.parametrize("jurisdiction", ["FR", "UK", "US", "other"])
@pytest.mark.parametrize("sector", ["private", "public", "finance", "health", "nonprofit"])
@pytest.mark.parametrize("form", ["guide", "it_charter_annex", "internal_rules"])
def test_every_french_charter_has_french_typography(jurisdiction: str, sector: str, form: str) -> None:
    """Every combination, not only the table's rows: the US branch of an annex once had « at will »."""
    keys = {"organisation__jurisdiction": jurisdiction, "organisation__sector": sector}
    text = whole(
        rendered(make_answers("fr", governance__charter_form=form, organisation__group=True, **keys))
    )
    assert_french(f"{jurisdiction} {sector} {form}", text, [], [])


def assert_french(name: str, text: str, present: list[str], absent: list[str]) -> None:
    """Each phrase of ``present`` is in ``text``, none of ``absent``, and none of FRENCH_NEVER's patterns;
    phrases are written with plain spaces, the text has non-breaking ones."""
    plain = text.replace("\u00a0", " ").replace("\u202f", " ")
    for phrase in present:
        assert phrase in plain, f"{name}: missing {phrase!r}"
    for phrase in absent:
        assert phrase not in plain, f"{name}: must not say {phrase!r}"
    for pattern, what in FRENCH_NEVER:
        found = pattern.search(text)
        assert found is None, f"{name}: {what}: …{text[max(0, found.start() - 40) : found.end() + 40]}…"


@pytest.mark.parametrize(
    ("keys", "warned"),
    [
        ({"organisation__employees": 30, "organisation__works_council": False}, True),
        (
            {
                "organisation__employees": 30,
                "organisation__works_council": False,
                "organisation__sector": "nonprofit",
            },
            True,
        ),
        ({"organisation__employees": 10, "organisation__works_council": False}, False),
        ({"organisation__employees": 30, "organisation__works_council": True}, False),
        (
            {
                "organisation__employees": 30,
                "organisation__works_council": False,
                "organisation__sector": "public",
            },
            False,
        ),
        (
            {
                "organisation__employees": 30,
                "organisation__works_council": False,
                "organisation__jurisdiction": "UK",
            },
            False,
        ),
    ],
)
def test_a_french_employer_of_eleven_without_representatives_is_warned(
    keys: dict[str, Any], warned: bool
) -> None:
    for lang in ("fr", "en"):
        warnings = make_answers(lang, **keys).warnings
        assert any("L. 2311-2" in w and "CSE" in w for w in warnings) is warned, (lang, keys)


# -------------------------------------------------------------------------- 3. English charters
#
# The English side adds its table here (ENGLISH = [...]), in the same shape as FRENCH.
