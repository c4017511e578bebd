"""The adoption plan (annex `adoption`) and the warning that an effective date comes too soon.

A charter binds only once it is adopted the way its jurisdiction requires. Under French law, a charter
added to the internal rules comes into force no earlier than one month after the filing and posting
formalities (Code du travail L1321-4): the plan works back from the effective date, and `generate`
warns when that date is too close to be met. Other regimes get the steps that fit them; a group is
reminded that each employing company adopts the charter for itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml
from test_content import _cited, make_answers, rendered

import charter.model.answers as answers_model
from charter.model.dates import add_days, add_months
from charter.model.questions import questionnaire

FR_RULES = {"governance__charter_form": "internal_rules"}


def plan(lang: str, **keys: Any) -> str:
    return rendered(make_answers(lang, **keys))["adoption"]


# ------------------------------------------------------------------ the dates


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2027, 3, 1), -1, date(2027, 2, 1)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),  # the month is shorter: its last day
        (date(2028, 3, 31), -1, date(2028, 2, 29)),
        (date(2027, 1, 15), -1, date(2026, 12, 15)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
    ],
)
def test_months_are_counted_as_calendar_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_dates_out_of_the_calendar_are_a_clear_error() -> None:
    with pytest.raises(ValueError, match="out of the calendar"):
        add_days(date(9999, 12, 30), 5)
    with pytest.raises(ValueError, match="out of the calendar"):
        add_months(date(1, 1, 1), -1)


# ------------------------------------------------------------------ France, internal rules


@pytest.mark.parametrize(
    ("lang", "effective", "last", "in_force", "sent"),
    [  # 31 January 2027 is a Sunday, 27 February a Saturday: the Friday before
        (
            "fr",
            date(2027, 3, 1),
            "au plus tard le 29 janvier 2027",
            "le 1er mars 2027",
            "le 29 décembre 2026",
        ),
        ("fr", date(2027, 3, 31), "au plus tard le 26 février 2027", "le 31 mars 2027", "le 26 janvier 2027"),
        ("en", date(2027, 3, 1), "By 29 January 2027", "On 1 March 2027", "By 29 December 2026"),
    ],
)
def test_the_french_timetable_leaves_a_full_month_after_the_last_formality(
    lang: str, effective: date, last: str, in_force: str, sent: str
) -> None:
    text = plan(lang, charter__effective_date=effective, **FR_RULES)
    for step in (
        ("inspection du travail", "greffe du conseil de prud’hommes", "Affichage")
        if lang == "fr"
        else ("labour inspector", "registry of the conseil de prud’hommes", "Posting in the workplace")
    ):
        row = next(line for line in text.splitlines() if step in line)
        assert row.endswith(last), row
    assert in_force in text
    draft = next(
        line for line in text.splitlines() if "Transmission du projet" in line or "Draft sent" in line
    )
    assert draft.endswith(sent)  # a month before the formalities, on a weekday
    assert ("L.\u00a01321-4" if lang == "fr" else "L1321-4") in text


def test_the_french_plan_cites_the_procedure_in_the_references_annex() -> None:
    cited, _ = _cited(make_answers("fr", **FR_RULES))
    assert {"ct_l1321_4", "ct_l1321_5"} <= cited


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_committee_is_consulted_only_where_there_is_or_must_be_one(lang: str) -> None:
    cse = (
        "Transmission du projet au comité social" if lang == "fr" else "Draft sent to the social and economic"
    )
    assert cse in plan(lang, **FR_RULES)
    small = plan(lang, organisation__employees=8, organisation__works_council=False, **FR_RULES)
    assert cse not in small
    assert ("avis du comité" if lang == "fr" else "committee’s opinion") not in small
    unrepresented = plan(lang, organisation__employees=40, organisation__works_council=False, **FR_RULES)
    assert cse in unrepresented
    assert ("doit être mis en place" if lang == "fr" else "one must be set up") in unrepresented


def test_without_an_effective_date_the_plan_states_the_rule_not_a_date() -> None:
    text = plan("fr", charter__effective_date=None, **FR_RULES)
    assert "un mois au moins avant l’entrée en vigueur" in text
    assert "2027" not in text


def test_a_guide_does_not_follow_the_internal_rules_procedure() -> None:
    text = plan("fr", governance__charter_form="guide")
    assert "n’a pas à suivre sa procédure" in text
    assert "prud’hommes" not in text
    assert "Diffusion à chaque salarié" in text


# ------------------------------------------------------------------ other regimes


def test_a_french_public_body_is_adopted_after_its_social_committee() -> None:
    text = plan("fr", organisation__sector="public", organisation__public_service="territoriale", **FR_RULES)
    assert "Avis du comité social territorial" in text
    assert "Autorité territoriale" in text
    for never in ("prud’hommes", "L. 1321-4", "comité social et économique", "salarié"):
        assert never not in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_uk_and_us_plans_have_the_steps_that_fit_them(lang: str) -> None:
    uk = plan(lang, organisation__jurisdiction="UK", organisation__sector="nonprofit")
    us = plan(lang, organisation__jurisdiction="US")
    for text in (uk, us):
        assert "prud’hommes" not in text
        assert "1321" not in text
    assert ("trustees" if lang == "fr" else "approved by the trustees") in uk
    assert ("contrats de travail" if lang == "fr" else "does not form part of any contract") in uk
    assert ("«\u00a0at will\u00a0»" if lang == "fr" else "at-will nature of employment") in us
    assert "National Labor Relations Act" in us
    if lang == "en":
        assert "March 1, 2027" in us  # US dates in a US plan
        assert "organisation" not in us


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_company_of_a_group_adopts_the_charter_for_itself(lang: str) -> None:
    said = "Un groupe n’est pas un employeur" if lang == "fr" else "A group is not an employer"
    assert said in plan(lang, organisation__group=True, **FR_RULES)
    assert said not in plan(lang, **FR_RULES)


def test_the_group_question_is_not_asked_of_a_public_body() -> None:
    question = questionnaire().by_key()["organisation.group"]
    assert question.when is not None and "public" in str(question.when)


# ------------------------------------------------------------------ the warning


def _answers_file(tmp_path: Any, effective: date, form: str = "internal_rules") -> Any:
    data = {
        "format": 1,
        "language": "fr",
        "organisation": {"name": "Acme", "jurisdiction": "FR", "employees": 120, "works_council": True},
        "platforms": ["linkedin"],
        "governance": {"charter_form": form},
        "charter": {"effective_date": effective},
    }
    path = tmp_path / "answers.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("effective", "form", "warned"),
    [
        (date(2027, 3, 1), "internal_rules", True),  # the formalities were due by 29 January
        (date(2027, 3, 11), "internal_rules", False),  # due today (10 February): just in time
        (date(2027, 3, 10), "internal_rules", True),
        (date(2027, 3, 1), "guide", False),  # a guide follows no such procedure
        (date(2027, 2, 1), "internal_rules", False),  # already in force: nothing left to plan
    ],
)
def test_generate_warns_when_the_effective_date_leaves_less_than_a_month(
    tmp_path: Any, run_cli: Any, monkeypatch: pytest.MonkeyPatch, effective: date, form: str, warned: bool
) -> None:
    monkeypatch.setattr(answers_model, "today", lambda: date(2027, 2, 10))
    path = _answers_file(tmp_path, effective, form)
    result = run_cli("generate", path, "-o", tmp_path / "charte.md")
    assert result.code == 0, result.err
    assert ("L. 1321-4" in result.err) is warned, result.err
    if warned:
        assert "11 mars 2027 au plus tôt" in result.err
    assert "L. 1321-4" not in result.out


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_steps_without_a_legal_period_get_planned_dates_before_the_effective_date(lang: str) -> None:
    text = plan(lang, organisation__jurisdiction="UK")
    consult = next(line for line in text.splitlines() if "onsultation" in line)
    tell = next(line for line in text.splitlines() if "Diffusion" in line or "Communication" in line)
    assert consult.endswith("18 janvier 2027" if lang == "fr" else "By 18 January 2027")  # six weeks before
    assert tell.endswith("15 février 2027" if lang == "fr" else "By 15 February 2027")  # two weeks before
    assert ("Seule la date d’entrée en vigueur" if lang == "fr" else "Only the effective date") in text
    assert "réponses" not in text and "answers" not in text  # the signed text never speaks of the tool


def test_a_us_plan_names_counsel_the_monitoring_notice_and_takes_effect() -> None:
    text = plan("en", organisation__jurisdiction="US", governance__monitoring=True)
    assert "Legal review of the policy | Counsel |" in text
    assert "New York Civil Rights Law section 52-c" in text
    assert "Policy takes effect | — | On March 1, 2027" in text
    assert "Entry into force" not in text
    assert "52-c" not in plan(
        "en", organisation__jurisdiction="US", governance__monitoring=False, objectives=["notoriety"]
    )


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_those_who_run_the_accounts_are_trained_before_the_policy_applies(lang: str) -> None:
    answers = make_answers(lang, **FR_RULES)
    clauses = rendered(answers)
    row = next(line for line in clauses["adoption"].splitlines() if "Formation" in line or "Training" in line)
    assert "article" in row and ("avant le 1er mars 2027" in row or "Before 1 March 2027" in row)
    untrained = plan(lang, governance__training="none", **FR_RULES)
    assert "Formation des personnes" not in untrained and "Training of the people" not in untrained


def test_a_date_filter_given_something_else_names_itself() -> None:
    from charter.model.dates import formalities_due, weekday_before

    with pytest.raises(ValueError, match="formalities_due needs a date"):
        formalities_due("Acme")
    with pytest.raises(ValueError, match="weekday_before needs a date"):
        weekday_before(3)
    assert formalities_due(date(2027, 3, 1)) == date(2027, 1, 29)  # 31 January 2027 is a Sunday
