"""What a first-time user saw in a real terminal, fixed: defaults that follow earlier answers, the
sector's and the law's words, dates in words, English that is English, the names of the files.

Driven by question id through prompt_toolkit's pipe input (`interview_driver`), and checked on what the
screen shows, the default each prompt offers and the files written.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from interview_driver import KEEP, Several
from test_interview import ACME, new

from charter.answersfile.read import parse_answers, read_answers


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder and state folder; no locale from the machine running the tests."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHARTER_STATE_DIR", str(tmp_path / "state"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def offered(driver: Any, key: str) -> Any:
    """The default the prompt of ``key`` offered the first time it was asked."""
    return next(p.default for p in driver.prompts if p.id == key)


def messages(driver: Any) -> dict[str, str]:
    return {p.id: p.message for p in driver.prompts}


def plain(screen: str) -> str:
    return screen.replace("\r", "")


# ------------------------------------------------------------------------------ 1. defaults


def test_defaults_follow_earlier_answers(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    answers = {
        **ACME,
        "organisation.sector": "nonprofit",
        "objectives": ["e_reputation"],
        "platforms": ["facebook", "linkedin", "x"],
        "platforms.facebook.owner": "Communication",
        "platforms.x.owner": "Digital desk",
        "governance.crisis_contact": "crisis@acme.example",
    }
    _, driver = new(monkeypatch, answers, lang="en")

    assert offered(driver, "organisation.volunteers") is True  # a charity: volunteers, by default
    assert offered(driver, "governance.presence") == "centralised"
    assert offered(driver, "governance.dedicated_team") is True  # centralised: one team runs them
    assert offered(driver, "governance.monitoring") is True  # online reputation is a goal
    assert offered(driver, "charter.contact") == "crisis@acme.example"
    owners = {p.id: p.default for p in driver.prompts if p.id.startswith("platforms.")}
    # in the catalogue's order: Facebook, X, LinkedIn; each new platform offers the owner typed before it
    assert {k: v for k, v in owners.items() if k.endswith(".owner")} == {
        "platforms.facebook.owner": "",
        "platforms.x.owner": "Communication",
        "platforms.linkedin.owner": "Digital desk",
    }
    data = read_answers(isolated / "acme-answers.yml").data
    assert data["organisation"]["volunteers"] is True
    assert data["governance"]["dedicated_team"] is True and data["governance"]["monitoring"] is True
    assert data["charter"]["contact"] == "crisis@acme.example"
    assert [p["owner"] for p in data["platforms"]] == ["Communication", "Digital desk", "Digital desk"]


def test_defaults_stay_as_they_were_when_the_earlier_answers_say_nothing(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    answers = {**ACME, "governance.presence": "decentralised", "objectives": ["notoriety"]}
    _, driver = new(monkeypatch, answers, lang="en")
    assert offered(driver, "governance.dedicated_team") is False
    assert offered(driver, "governance.monitoring") is False
    assert offered(driver, "charter.contact") == ""  # no crisis email: nothing to propose
    # a file without the keys keeps the table's defaults: the rules are the interview's proposals
    data = parse_answers("format: 1\nlanguage: en\norganisation: {name: A}\nplatforms: [x]\n").data
    assert data["governance"]["dedicated_team"] is False


def test_a_default_that_follows_an_answer_changed_at_the_review(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    """The default follows the answers before it until the question is answered; then the answer stays."""
    answers = {
        **ACME,
        "@review": Several("pages"),
        "governance.crisis_contact": Several(KEEP, "c@acme.example"),
    }
    _, driver = new(monkeypatch, answers, lang="en")
    assert offered(driver, "charter.contact") == ""
    assert read_answers(isolated / "acme-answers.yml").data["charter"]["contact"] is None


# ------------------------------------------------------------------------------ 2. the sector's words


@pytest.mark.parametrize("sector", ["public", "nonprofit"])
def test_a_public_body_or_a_charity_sees_no_company_words(
    monkeypatch: pytest.MonkeyPatch, isolated: Path, sector: str
) -> None:
    answers = {**ACME, "organisation.sector": sector, "governance.presence": "hub_and_spoke"}
    _, driver = new(monkeypatch, answers, lang="fr")
    screen = plain(driver.screen)
    for company in (
        "Relation client",
        "trouver de nouveaux clients",
        "Social selling",
        "social selling",
        "retour sur investissement",
        "sites et marques",
        "résultats,",
    ):
        assert company not in screen, company
    words = {"public": "Relation avec les usagers", "nonprofit": "Trouver de nouveaux soutiens"}
    assert words[sector] in screen


def test_english_public_body_words(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    _, driver = new(monkeypatch, {**ACME, "organisation.sector": "public"}, lang="en")
    screen = plain(driver.screen)
    assert "Customer relationship" not in screen and "finding new customers" not in screen
    assert "Serving the public" in screen and "Reaching new audiences" in screen


def test_the_answers_file_comment_uses_the_words_asked(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    answers = {**ACME, "organisation.sector": "public", "objectives": ["customer_relationship"]}
    _, driver = new(monkeypatch, answers, lang="fr")
    asked = messages(driver)["organisation.works_council"]
    text = (isolated / "acme-reponses.yml").read_text(encoding="utf-8")
    assert f"  # {asked}\n" in text
    assert "un CSE" not in text
    assert "Relation avec les usagers" in plain(driver.screen)  # the review, in the same words


# ------------------------------------------------------------------------------ 3. dates


@pytest.mark.parametrize(
    ("lang", "jurisdiction", "typed", "form", "review"),
    [
        (
            "fr",
            "FR",
            "01/03/2027",
            "Date d'entrée en vigueur (JJ/MM/AAAA)",
            "Date d'entrée en vigueur : 1er mars 2027",
        ),
        ("en", "UK", "01/04/2027", "Effective date (DD/MM/YYYY)", "Effective date: 1 April 2027"),
        ("en", "US", "02/15/2027", "Effective date (MM/DD/YYYY)", "Effective date: February 15, 2027"),
    ],
)
def test_the_date_prompt_says_the_local_form_and_the_review_says_it_in_words(
    monkeypatch: pytest.MonkeyPatch,
    isolated: Path,
    lang: str,
    jurisdiction: str,
    typed: str,
    form: str,
    review: str,
) -> None:
    answers = {**ACME, "organisation.jurisdiction": jurisdiction, "charter.effective_date": typed}
    _, driver = new(monkeypatch, answers, lang=lang)
    assert messages(driver)["charter.effective_date"] == form
    screen = plain(driver.screen)
    assert f"  {review}\n" in screen
    assert "AAAA-MM-JJ" not in screen and "YYYY-MM-DD" not in screen


@pytest.mark.parametrize(
    ("lang", "shown", "hidden"),
    [
        ("fr", "  Courriel de contact en cas de crise : —\n", "(vide si aucun)"),
        ("en", "  Crisis contact email: —\n", "(empty for none)"),
    ],
)
def test_the_review_shows_no_typing_hints(
    monkeypatch: pytest.MonkeyPatch, isolated: Path, lang: str, shown: str, hidden: str
) -> None:
    _, driver = new(monkeypatch, ACME, lang=lang)
    assert hidden in messages(driver)["governance.crisis_contact"]  # asked with the hint
    review = plain(driver.screen).split("\nReview\n" if lang == "en" else "\nRelecture\n")[1]
    assert shown in review and hidden not in review
    assert not re.search(r"\?\s*:", review)  # no "question? : answer"


# ------------------------------------------------------------------------------ 4. US dates in the document


def test_long_dates_are_month_first_in_an_american_charter() -> None:
    from charter.clauses.context import build_context, long_date, strings
    from charter.clauses.environment import make_environment
    from charter.compose import build_document, history_blocks

    assert long_date(date(2027, 2, 15), "en", "US") == "February 15, 2027"
    assert long_date(date(2027, 2, 15), "en", "UK") == "15 February 2027"
    assert long_date(date(2027, 3, 1), "fr", "US") == "1er mars 2027"
    answers = parse_answers(
        "format: 1\nlanguage: en\norganisation: {name: Acme Inc, jurisdiction: US}\nplatforms: [x]\n"
        "charter: {effective_date: 2027-02-15}\n"
    )
    spec, _ = build_document(answers)
    assert spec.title_page.labels["effective_date_value"] == "February 15, 2027"
    rows = history_blocks(
        [{"version": "1.0", "date": date(2026, 3, 1), "summary": None}], strings("en"), "en", "US"
    )
    assert "March 1, 2026" in repr(rows)
    context = build_context(answers)
    assert all(re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", f["text"]) for f in context["facts"].values())
    env = make_environment({}, lang="en")
    template = env.from_string("{{ charter.effective_date | long_date }}")
    assert template.render(**context).replace("\\", "") == "February 15, 2027"  # as markup escapes it


# ------------------------------------------------------------------------------ 5. English that is English


def test_english_words_that_are_english(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    _, driver = new(monkeypatch, {**ACME, "organisation.jurisdiction": "UK"}, lang="en")
    screen = plain(driver.screen)
    for french in (
        "Notoriety",
        "E-reputation",
        "Legal form of the charter",
        "IT charter",
        "works council",
        "every how many",
        "must be justified by the job",
        "internal rules from 50 in France",
        "(e-reputation)",
    ):
        assert french not in screen, french
    for english in (
        "Brand awareness",
        "Online reputation",
        "What kind of document is this policy?",
        "An annex to the IT acceptable use policy",
        "Part of the staff handbook and disciplinary rules",
        "How often to review the policy (in months)?",
    ):
        assert english in screen, english


def test_english_under_french_law_keeps_the_french_concept(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    _, driver = new(monkeypatch, {**ACME, "organisation.jurisdiction": "FR"}, lang="en")
    screen = plain(driver.screen)
    assert "An addition to the internal rules (règlement intérieur)" in screen
    assert "internal rules from 50 in France" in screen
    assert "(a CSE, the comité social et économique)" in messages(driver)["organisation.works_council"]


def test_french_words_that_read_naturally(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    answers = {**ACME, "organisation.sector": "public", "platforms": ["viadeo"]}
    _, driver = new(monkeypatch, answers, lang="fr")
    screen = plain(driver.screen)
    asked = messages(driver)
    assert asked["governance.review_months"] == "Fréquence de révision de la charte (en mois)"
    assert "De façon centralisée" in screen and "Centralisée" not in screen
    assert "recommandée, avec codes de secours" in screen
    assert "La fonction publique désigne le comité social" in screen
    assert "statut non vérifié" not in screen and "peut-être plus en activité" in screen
    assert asked["enterprise_networks"] == "Réseaux sociaux d'entreprise (internes)"


def test_the_english_document_words() -> None:
    from charter.clauses.context import strings

    words = strings("en")
    assert words["title"] == "Social media policy" and words["owner"] == "Policy owner"
    assert words["keywords_base"] == ["social media", "social media policy"]


# ------------------------------------------------------------------------------ 6. smaller


def test_french_files_have_french_names_and_counts_say_the_same(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    result, driver = new(monkeypatch, {**ACME, "organisation.name": "Mairie de Test"}, lang="fr")
    assert (isolated / "mairie-de-test-reponses.yml").is_file() and (
        isolated / "mairie-de-test-charte.docx"
    ).is_file()
    count = len(result.clauses)
    assert f"La charte aura ces {count} articles et annexes" in driver.screen
    assert f"(la charte, {count} articles et annexes)" in result.messages[0]


def test_the_head_count_help_follows_the_law(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    _, driver = new(monkeypatch, {**ACME, "organisation.jurisdiction": "UK"}, lang="fr")
    assert "en France" not in plain(driver.screen).split("Effectif")[0].split("Secteur")[-1]
    assert "règlement intérieur dès 50 en France" not in driver.screen


def test_the_back_key_takes_the_help_of_the_question_left(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    """Esc at a question with a help line erases that line (on a terminal), so it does not stay above the
    question asked again."""
    from interview_driver import BACK

    from charter.interview import prompts

    erased: list[str] = []
    monkeypatch.setattr(prompts, "unsay", erased.append)
    _, driver = new(monkeypatch, {**ACME, "organisation.jurisdiction": Several(BACK, KEEP)}, lang="en")
    assert erased == ["  Drives the legal references and the formalities."]
    assert driver.asked[:4] == [
        "language",
        "organisation.name",
        "organisation.jurisdiction",
        "organisation.name",
    ]
