"""The interview of `charter new`, driven through the real prompts and prompt_toolkit's pipe input.

Tests answer by question id (`interview_driver`): each prompt gets the keys of the answer the test
gave for its id, and Enter (the default) for any other, so a question added to questions.yml breaks
no test here. Whole interviews go through `charter.app.new`, the front door, and are checked on the
answers file written (read back with `read_answers`) and on the charter.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from interview_driver import (
    BACK,
    BACKSPACE,
    CTRL_C,
    ENTER,
    EOF,
    KEEP,
    SPACE,
    UP,
    Keys,
    Several,
    Typed,
    answering,
)
from prompt_toolkit.application import create_app_session
from prompt_toolkit.output.plain_text import PlainTextOutput

from charter import app, interview
from charter.answersfile.read import read_answers
from charter.app import Result
from charter.errors import AnswersError, ExitStatus, Interrupted
from charter.interview import prompts
from charter.interview.session import Session
from charter.model import questions
from charter.model.questions import Choice, Question

# The two answers with no usable default; Enter keeps every other default.
ACME = {"organisation.name": "Acme", "platforms": ["facebook"]}


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder and state folder; no locale from the machine running the tests."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHARTER_STATE_DIR", str(tmp_path / "state"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def new(monkeypatch: pytest.MonkeyPatch, answers: dict[str, Any], **options: Any) -> tuple[Result, Any]:
    """`charter new` through the front door, answered by id; the result and the driver (asked, screen)."""
    with answering(monkeypatch, answers) as driver:
        result = app.new(**driver.term, **options)
    return result, driver


def interrupted(monkeypatch: pytest.MonkeyPatch, answers: dict[str, Any], **options: Any) -> Interrupted:
    with answering(monkeypatch, answers) as driver, pytest.raises(Interrupted) as stopped:
        app.new(**driver.term, **options)
    return stopped.value


def ask(monkeypatch: pytest.MonkeyPatch, session: Session, key: str, answer: Any = None) -> tuple[Any, str]:
    """Ask one question of the questionnaire; the value and what the screen showed."""
    with (
        answering(monkeypatch, {} if answer is None else {key: answer}) as driver,
        create_app_session(input=driver.pipe, output=PlainTextOutput(driver.output)),
    ):
        value = session.ask(questions.questionnaire().by_key()[key])
    return value, driver.screen


def draft() -> Path:
    return interview.Draft().path


def heading_texts(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


# ------------------------------------------------------------------------------ whole interviews


def test_defaults_then_review_changes_earlier_answers(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    answers = {
        **ACME,
        "@review": Several("organisation", "pages"),  # then Enter: confirm
        "organisation.sector": Several(KEEP, "public"),  # kept, then changed at the review
        "governance.moderation": Several(KEEP, False),
    }
    result, driver = new(monkeypatch, answers, lang="en")

    # the public-sector follow-up, in another section, is asked once the sector is public; the response
    # time, once moderation is off, is not asked again
    assert driver.asked.count("governance.duty_of_restraint") == 1
    assert driver.asked.index("governance.duty_of_restraint") > driver.asked.index("@review")
    assert driver.asked.count("governance.response_time_hours") == 1
    assert driver.asked.count("@review") == 3 and "enterprise_networks" in driver.asked
    assert "governance.guests_allowed" not in driver.asked
    assert "governance.team_name" in driver.asked  # centralised: a dedicated team is the default

    answers_path = isolated / "acme-answers.yml"
    data = read_answers(answers_path).data
    assert data["organisation"]["sector"] == "public"
    assert data["governance"]["duty_of_restraint"] is True
    assert data["governance"]["moderation"] is False
    text = answers_path.read_text(encoding="utf-8")
    assert "response_time_hours" not in text  # a follow-up that no longer applies is not written
    assert "retention_months" not in text and "guests_allowed" not in text
    assert "# Sector\n" in text  # every question as a comment above its answer
    assert data["platforms"] == [{"id": "facebook", "account": None, "owner": None}]

    assert result.output == Path("acme-charter.docx")
    assert heading_texts(isolated / "acme-charter.docx")
    assert result.messages == [
        f"Wrote acme-answers.yml (the answers) and acme-charter.docx (the charter, {len(result.clauses)} "
        "articles and annexes).",
        "To rebuild it after editing the answers: charter generate acme-answers.yml -o acme-charter.docx",
    ]
    assert "Review" in driver.screen and "Governance: official pages" in driver.screen
    assert re.search(
        r"at most \d+ questions, and the account and owner of each platform you choose", driver.screen
    )
    assert not draft().exists()


def test_french_interview_every_type_condition_and_check(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    answers = {
        "organisation.name": Typed("", "Mairie de Saint-Ours"),  # empty: refused
        "organisation.jurisdiction": "FR",
        "organisation.sector": "public",
        "organisation.employees": Typed("beaucoup", "0", "1 200"),  # refused twice; spaces allowed
        "organisation.works_council": True,
        "organisation.public_service": "territoriale",  # asked of a French public employer
        "objectives": ["customer_relationship", "e_reputation"],
        "platforms": ["facebook", "tiktok"],
        "platforms.facebook.account": "https://facebook.com/saintours",
        "platforms.facebook.owner": "Service communication",
        "enterprise_networks": ["workplace"],
        "governance.dedicated_team": True,  # ... so its name is asked
        "governance.team_name": "Cellule web",
        "governance.spokespeople": "Maire; Directeur de la communication, des relations presse et du numérique; ",
        "governance.approval": "none",  # so no legal review question
        "governance.moderation": False,  # so no response time
        "governance.crisis_contact": Typed("crise", "crise@saint-ours.fr"),
        "governance.retention_months": Typed("500", "36"),  # at most 240
        "charter.owner": "Direction générale des services",
        "charter.effective_date": Typed("2027-13-01", "2027-01-01"),
    }
    result, driver = new(monkeypatch, answers, lang="fr")

    assert "governance.legal_review" not in driver.asked
    assert "governance.response_time_hours" not in driver.asked
    assert {"governance.duty_of_restraint", "governance.guests_allowed"} <= set(driver.asked)
    assert "platforms.tiktok.account" in driver.asked  # left empty
    data = read_answers(isolated / "mairie-de-saint-ours-reponses.yml").data
    assert data["language"] == "fr"
    assert data["organisation"] == {
        "name": "Mairie de Saint-Ours",
        "jurisdiction": "FR",
        "sector": "public",
        "employees": 1200,
        "works_council": True,
        "public_service": "territoriale",
        "group": False,  # not asked of a public body: its default
        "volunteers": False,  # asked of a charity only: its default
    }
    assert "organisation.volunteers" not in driver.asked
    assert "organisation.group" not in driver.asked
    assert data["objectives"] == ["customer_relationship", "e_reputation"]
    assert data["platforms"] == [
        {"id": "facebook", "account": "https://facebook.com/saintours", "owner": "Service communication"},
        {"id": "tiktok", "account": None, "owner": "Service communication"},  # the owner before it, kept
    ]
    assert data["enterprise_networks"] == ["workplace"]
    governance = data["governance"]
    assert governance["dedicated_team"] is True and governance["team_name"] == "Cellule web"
    assert governance["spokespeople"] == [
        "Maire",
        "Directeur de la communication, des relations presse et du numérique",  # its commas kept
    ]
    assert governance["approval"] == "none" and governance["duty_of_restraint"] is True
    assert governance["moderation"] is False and governance["crisis_contact"] == "crise@saint-ours.fr"
    assert governance["guests_allowed"] is False and governance["retention_months"] == 36
    assert data["charter"]["effective_date"] == date(2027, 1, 1)
    text = (isolated / "mairie-de-saint-ours-reponses.yml").read_text(encoding="utf-8")
    assert "legal_review" not in text and "response_time_hours" not in text
    assert "# Nom de l'organisation" in text  # comments in the interview's language

    # refused entries are explained at once, in the interview's language, and corrected on the spot
    screen = driver.screen
    assert "✗ Cette réponse ne peut pas être vide." in screen
    assert '✗ Attendu : un nombre entier de 1 à 10000000 ; reçu : "beaucoup".' in screen
    assert "✗ Attendu : un nombre entier de 1 à 10000000 ; reçu : 0." in screen
    assert "✗ Attendu : un nombre entier de 1 à 240 ; reçu : 500." in screen
    assert '✗ Attendu : une adresse électronique comme nom@exemple.fr ; reçu : "crise".' in screen
    assert (
        '✗ Attendu : JJ/MM/AAAA ou une date au format AAAA-MM-JJ, par exemple 2027-01-01 ; reçu : "2027-13-01".'
        in screen
    )
    # the warnings of the chosen networks appear at once
    assert "TikTok : en France, depuis le 24 mars 2023" in screen  # the measure, exactly as it is
    assert screen.count("Workplace from Meta ferme") == 1
    assert not any("Workplace" in w for w in result.warnings)  # said in the interview: not again at the end
    assert result.messages[0].startswith("Écrit : mairie-de-saint-ours-reponses.yml (les réponses)")
    assert heading_texts(isolated / "mairie-de-saint-ours-charte.docx")


def test_ctrl_c_saves_a_draft_and_resume_goes_on(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    stopped = interrupted(monkeypatch, {**ACME, "organisation.sector": CTRL_C}, lang="en")
    assert stopped.exit_status == ExitStatus.INTERRUPTED
    message = str(stopped)
    assert str(draft()) in message and "charter new --resume" in message and "so far (3)" in message
    saved = draft().read_text(encoding="utf-8")
    assert "name: Acme" in saved and "# charter-draft: " in saved

    _, driver = new(monkeypatch, ACME, resume=True)  # the draft remembers the interview's language
    assert driver.asked[0] == "organisation.sector"  # on from where it stopped
    assert "3 answers kept" in driver.screen
    data = read_answers(isolated / "acme-answers.yml").data
    assert data["organisation"]["name"] == "Acme" and data["platforms"][0]["id"] == "facebook"
    assert (isolated / "acme-charter.docx").is_file()
    assert not draft().exists()


def test_end_of_input_saves_a_draft_that_a_new_interview_offers_to_resume(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    interrupted(monkeypatch, {**ACME, "organisation.jurisdiction": EOF}, lang="en")
    answers, progress = interview.Draft().load("en")
    assert answers["organisation"]["name"] == "Acme"
    assert progress["answered"] == ["language", "organisation.name"]

    # `charter new` without --resume asks first; starting again and stopping at once replaces the draft
    stopped = interrupted(monkeypatch, {"@resume": False, "language": CTRL_C}, lang="en")
    assert "so far (0)" in str(stopped)
    assert interview.Draft().load("en")[1]["answered"] == []


def test_resume_without_a_draft_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(AnswersError, match=r"no interrupted interview.*charter new"):
        new(monkeypatch, {}, resume=True, lang="en")


def test_the_back_key_asks_again_the_previous_question_asked(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    answers = {
        **ACME,
        "language": Several(BACK, KEEP),  # nothing before the first question: said, and asked again
        "platforms.facebook.owner": Several(BACK, "Comms"),  # back to the account, within the platforms
        "platforms.facebook.account": Several("@acme", KEEP),
        "governance.dedicated_team": Several(False, True),  # no team: the team name is skipped ...
        "governance.spokespeople": Several(BACK, KEEP),  # ... so back goes to the dedicated team
        "governance.team_name": "Social desk",  # which, now yes, asks the team name
    }
    _, driver = new(monkeypatch, answers, lang="en")

    assert driver.asked[:2] == ["language", "language"]
    assert "This is the first question: there is none before it." in driver.screen
    assert driver.asked.count("platforms.facebook.account") == 2
    voice = driver.asked[driver.asked.index("governance.dedicated_team") :][:5]
    assert voice == [
        "governance.dedicated_team",
        "governance.spokespeople",
        "governance.dedicated_team",
        "governance.team_name",
        "governance.spokespeople",
    ]
    again = [p for p in driver.prompts if p.id == "platforms.facebook.account"][1]
    assert again.default == "@acme"  # the answer given, shown as the default
    data = read_answers(isolated / "acme-answers.yml").data
    assert data["platforms"] == [{"id": "facebook", "account": "@acme", "owner": "Comms"}]
    assert data["governance"]["team_name"] == "Social desk"
    assert "Esc goes back to the previous question" in driver.screen


def test_the_review_changes_one_answer_and_asks_its_new_follow_ups(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    answers = {
        **ACME,
        "governance.approval": Several("none", "every_post"),
        "@review": Several("voice", "voice"),  # then Enter: confirm
        "@review:voice": Several(BACK, "governance.approval"),  # back to the review, then one answer
    }
    _, driver = new(monkeypatch, answers, lang="en")

    after = driver.asked[driver.asked.index("@review") :]
    assert after == [
        "@review",
        "@review:voice",
        "@review",
        "@review:voice",
        "governance.approval",
        "governance.legal_review",  # newly applies: asked
        "@review",
    ]
    data = read_answers(isolated / "acme-answers.yml").data
    assert data["governance"]["approval"] == "every_post"
    assert data["governance"]["legal_review"] is False


def test_an_answer_that_drops_an_article_says_so_and_the_review_lists_the_articles(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    answers = {
        **ACME,
        "governance.acknowledgement": False,  # the default was yes: the form's annex goes
        "@review": Several("pages", "pages"),
        "@review:pages": Several("governance.crisis_contact", "governance.crisis_contact"),
        # blank: no crisis article (said); then given at the review, then blank again (said again)
        "governance.crisis_contact": Several("", "crisis@acme.example", ""),
    }
    _, driver = new(monkeypatch, answers, lang="en")

    screen = driver.screen
    assert screen.count("With this answer the charter has no article “Crisis management”.") == 2
    assert "With this answer the charter has no article “Acknowledgement”." in screen
    assert "The charter will have these 26 articles and annexes:" in screen
    assert "The charter will have these 27 articles and annexes:" in screen  # with the crisis contact
    assert "  – Purpose\n  – The essentials\n  – Scope\n  – Legal framework\n" in screen.replace("\r", "")
    data = read_answers(isolated / "acme-answers.yml").data
    assert data["governance"]["crisis_contact"] is None


def test_the_articles_come_from_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    """`interview.run` takes the articles as a callable: it never imports the clause library."""
    seen: list[dict[str, Any]] = []

    def articles(data: dict[str, Any]) -> list[str]:
        seen.append(data)
        moderation = data.get("governance", {}).get("moderation", True)
        return ["Purpose"] + (["Moderation"] if moderation else [])

    with answering(monkeypatch, {**ACME, "governance.moderation": False}) as driver:
        interview.run(lang="en", articles=articles, **driver.term)
    assert "With this answer the charter has no article “Moderation”." in driver.screen
    assert "The charter will have these 1 articles and annexes:" in driver.screen
    assert seen and all(isinstance(data, dict) for data in seen)


def test_a_long_choice_help_is_wrapped_not_cut() -> None:
    """A select line is cut at the terminal's width: a help that does not fit goes on lines below."""
    from charter.model.types import Option

    long_help = "a help text of many words " * 6
    with create_app_session(output=PlainTextOutput(io.StringIO())):  # 80 columns
        title = prompts._title(Option("x", "Label", help=long_help.strip()))
        short = prompts._title(Option("y", "Label", help="short"))
    text = "".join(part for _, part in title)
    lines = text.split("\n")
    assert len(lines) > 2 and all(len(line) < 80 for line in lines)
    assert " ".join(line.strip() for line in lines[1:]) == long_help.strip()
    assert short == [("", "Label"), ("italic", "  – short")]


@pytest.mark.parametrize(("lang", "jurisdiction"), [("fr", "FR"), ("en", "other")])
def test_the_jurisdiction_defaults_to_the_language(
    monkeypatch: pytest.MonkeyPatch, isolated: Path, lang: str, jurisdiction: str
) -> None:
    _, driver = new(monkeypatch, ACME, lang=lang)
    shown = next(p for p in driver.prompts if p.id == "organisation.jurisdiction")
    assert shown.default == jurisdiction  # the pointer starts there; Enter keeps it
    data = read_answers(isolated / ("acme-reponses.yml" if lang == "fr" else "acme-answers.yml")).data
    assert data["organisation"]["jurisdiction"] == jurisdiction


def test_a_public_body_is_asked_in_public_sector_words(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    _, driver = new(monkeypatch, {**ACME, "organisation.sector": "public"}, lang="fr")
    screen = driver.screen
    asked = {p.id: p.message for p in driver.prompts}
    assert asked["organisation.works_council"] == (
        "Existe-t-il des représentants du personnel (comité social territorial ou d'administration) ?"
    )
    assert "Un nombre entier d'agents, titulaires et contractuels." in screen
    assert "CSE" not in screen and "règlement intérieur dès 50" not in screen


def test_a_company_keeps_the_works_council_words(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    _, driver = new(monkeypatch, ACME, lang="fr")
    asked = {p.id: p.message for p in driver.prompts}
    assert asked["organisation.works_council"] == "Existe-t-il des représentants du personnel (un CSE) ?"
    assert "règlement intérieur dès 50 en France" in driver.screen


@pytest.mark.parametrize(
    ("lang", "jurisdiction", "typed", "read"),
    [
        ("fr", "FR", "01/03/2027", "lu comme 1er mars 2027"),
        ("fr", "US", "1/3/2027", "lu comme 1er mars 2027"),  # French: day first whatever the law
        ("en", "US", "3/1/2027", "read as March 1, 2027"),
        ("en", "UK", "1/3/2027", "read as 1 March 2027"),
        ("en", "US", "2027-03-01", "read as March 1, 2027"),  # ISO always
    ],
)
def test_dates_are_typed_in_the_local_form_and_said_as_read(
    monkeypatch: pytest.MonkeyPatch, isolated: Path, lang: str, jurisdiction: str, typed: str, read: str
) -> None:
    answers = {
        **ACME,
        "organisation.jurisdiction": jurisdiction,
        "charter.effective_date": Typed("31/02/2027", typed),  # no 31 February: refused, then corrected
    }
    _, driver = new(monkeypatch, answers, lang=lang)
    assert read in driver.screen
    assert re.search(r"31/02/2027", driver.screen)
    data = read_answers(isolated / ("acme-reponses.yml" if lang == "fr" else "acme-answers.yml")).data
    assert data["charter"]["effective_date"] == date(2027, 3, 1)


def test_from_reopens_in_the_language_of_the_file(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    source = isolated / "mairie.yml"
    source.write_text(
        "format: 1\nlanguage: fr\norganisation:\n  name: Mairie\n  jurisdiction: FR\nplatforms: [facebook]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("LANG", "en_GB.UTF-8")  # the system says English: the file's French wins
    _, driver = new(monkeypatch, {"@replace:answers_file": True}, from_path=source)
    assert "Modifier une section, ou valider ?" in driver.screen
    assert read_answers(source).data["language"] == "fr"


def test_from_keeps_the_users_file_comments_and_order(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    source = isolated / "french-answers.yml"
    source.write_text(
        "# Charte de la mairie, relue par le service juridique\n"
        "format: 1\n"
        "platforms: [facebook]  # la page officielle seulement\n"
        "organisation:\n"
        "  name: Mairie de Villeneuve\n"
        "  jurisdiction: FR\n"
        "language: fr\n"
        "charter:\n"
        '  version: "1.0"  # à changer à chaque révision\n',
        encoding="utf-8",
    )
    answers = {
        "@review": Several("charter"),
        "@review:charter": "charter.version",
        "charter.version": "2.0",
        "@replace:answers_file": True,
    }
    _, driver = new(monkeypatch, answers, from_path=source)

    text = source.read_text(encoding="utf-8")
    assert "Modifier une section, ou valider ?" in driver.screen  # the file's language, French
    assert text.startswith("# Charte de la mairie, relue par le service juridique\nformat: 1\n")
    assert "platforms: [facebook]  # la page officielle seulement\n" in text
    assert '  version: "2.0"  # à changer à chaque révision\n' in text
    assert [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()] == [
        "format",
        "platforms",
        "organisation",
        "language",
        "charter",
    ]
    data = read_answers(source).data
    assert data["language"] == "fr" and data["charter"]["version"] == "2.0"


def test_from_reopens_a_finished_file_at_the_review(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    source = isolated / "northwind.yml"
    source.write_text(
        "format: 1\nlanguage: en\norganisation:\n  name: Northwind Trading Ltd\n  jurisdiction: UK\n"
        "platforms: [linkedin]\ncharter:\n  title: Northwind social media rules\n",
        encoding="utf-8",
    )
    before = source.read_text(encoding="utf-8")
    answers = {
        "@review": Several("charter"),
        "charter.owner": "Communications",
        "charter.version": "2.0",
        "@replace:answers_file": False,  # northwind.yml exists: not replaced ...
        "@path:answers_file": "northwind-2.yml",  # ... so another path is asked
    }
    _, driver = new(monkeypatch, answers, lang="en", from_path=source)

    assert driver.asked[:3] == ["@review", "@review:charter", "charter.owner"]  # straight to the review
    assert driver.asked[-3:] == ["@review", "@replace:answers_file", "@path:answers_file"]
    assert source.read_text(encoding="utf-8") == before  # never replaced without a yes
    assert "northwind.yml already exists" in driver.screen
    data = read_answers(isolated / "northwind-2.yml").data
    assert data["charter"]["version"] == "2.0" and data["charter"]["owner"] == "Communications"
    assert data["charter"]["title"] == "Northwind social media rules"  # keys not asked are kept
    assert data["organisation"]["jurisdiction"] == "UK"
    assert (isolated / "northwind-trading-ltd-charter.docx").is_file()


def test_replacing_existing_files_needs_a_yes(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    (isolated / "kept.yml").write_text("x", encoding="utf-8")
    (isolated / "kept.docx").write_bytes(b"x")
    answers = {**ACME, "@replace:answers_file": True, "@replace:charter_file": True}
    new(monkeypatch, answers, lang="en", answers_path=Path("kept.yml"), output=Path("kept.docx"))
    assert read_answers(isolated / "kept.yml").data["organisation"]["name"] == "Acme"
    assert heading_texts(isolated / "kept.docx")


def test_a_path_that_cannot_be_written_asks_for_another(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    answers = {**ACME, "@path:charter_file": Typed("", "charter.docx")}  # empty: refused
    _, driver = new(monkeypatch, answers, lang="en", output=Path("no-such-folder/charter.docx"))
    assert "✗ Must not be empty." in driver.screen
    assert (isolated / "charter.docx").is_file()


def test_cli_without_a_terminal_refuses_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    from charter.cli import main

    assert main(["new", "--lang", "en"]) == ExitStatus.NO_TERMINAL  # pytest's stdin is not a terminal
    err = capsys.readouterr().err
    assert "interactive terminal" in err and "charter generate ANSWERS.yml -o CHARTER.docx" in err


def test_cli_ctrl_c_exits_130_with_a_draft(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from charter.cli import main

    monkeypatch.setattr(interview, "has_terminal", lambda: True)
    with (
        answering(monkeypatch, {"organisation.name": CTRL_C}) as driver,
        create_app_session(driver.pipe, PlainTextOutput(driver.output)),
    ):
        code = main(["new", "--lang", "fr"])
    assert code == 130
    err = capsys.readouterr().err
    assert "Traceback" not in err and "charter new --resume" in err and "données (1)" in err
    assert draft().is_file()


def test_cli_new_says_what_it_wrote(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from charter.cli import main

    monkeypatch.setattr(interview, "has_terminal", lambda: True)
    answers = {**ACME, "platforms": ["viadeo"]}
    with (
        answering(monkeypatch, answers) as driver,
        create_app_session(driver.pipe, PlainTextOutput(driver.output)),
    ):
        assert main(["new", "--lang", "en"]) == 0
    out, err = capsys.readouterr()
    assert out == ""  # standard output is kept for data; what was written is said on standard error
    said = [line for line in err.splitlines() if not line.startswith("warning:")]
    assert re.fullmatch(
        r"Wrote acme-answers.yml \(the answers\) and acme-charter.docx \(the charter, \d+ articles and annexes\).",
        said[0],
    )
    assert said[1:] == [
        "To rebuild it after editing the answers: charter generate acme-answers.yml -o acme-charter.docx",
    ]
    # said once, in the interview as Viadeo was ticked, not again at the end
    assert driver.screen.count("Viadeo went into receivership") == 1
    assert "Viadeo went into receivership" not in err


# ------------------------------------------------------------------------------ one question at a time


def test_each_type_is_asked_and_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    iv = Session("en")
    assert ask(monkeypatch, iv, "language")[0] == "en"  # the interview's language is the default
    assert ask(monkeypatch, iv, "organisation.employees")[0] is None  # optional
    value, screen = ask(
        monkeypatch, iv, "governance.response_time_hours", Typed("0", "721", Keys(BACKSPACE * 3 + "72\r"))
    )
    assert value == 72
    assert screen.count("✗ Expected a whole number from 1 to 720, got 0.") == 1
    assert screen.count("✗ Expected a whole number from 1 to 720, got 721.") == 1
    assert ask(monkeypatch, iv, "governance.response_time_hours")[0] == 48  # the default is shown and kept
    assert ask(monkeypatch, iv, "governance.response_time_hours", Keys("24\r"))[0] == 24  # typing replaces it
    assert (
        ask(monkeypatch, iv, "governance.response_time_hours", Keys(BACKSPACE + "6\r"))[0] == 46
    )  # or edits
    contact = ask(monkeypatch, iv, "charter.contact", Typed("not-an-email", "web@acme.example"))
    assert contact[0] == "web@acme.example"
    assert ask(monkeypatch, iv, "charter.effective_date", Typed("2027-02-30", "2027-02-28"))[0] == date(
        2027, 2, 28
    )
    spokespeople = ask(
        monkeypatch, iv, "governance.spokespeople", "CEO ; Head of Policy, Research and Campaigns;;"
    )
    assert spokespeople[0] == ["CEO", "Head of Policy, Research and Campaigns"]  # semicolons separate
    value, screen = ask(monkeypatch, iv, "charter.version", Typed("", "2"))
    assert value == "2" and "✗ Must not be empty." in screen  # it has a default, so it needs a value
    assert ask(monkeypatch, iv, "governance.kpis", True)[0] is True
    value, screen = ask(monkeypatch, iv, "governance.two_factor", "sms")
    assert value == "sms" and "weaker; open to SIM swapping" in screen  # one-line explanations
    assert ask(monkeypatch, iv, "objectives", ["notoriety"])[0] == ["notoriety"]


def test_earlier_answers_are_shown_for_editing() -> None:
    iv = Session("en")
    by_key = questions.questionnaire().by_key()
    iv.keep(by_key["governance.spokespeople"], ["CEO", "Director of Policy, Research and Campaigns"])
    iv.keep(by_key["charter.effective_date"], date(2027, 1, 1))
    assert (
        iv.prompt(by_key["governance.spokespeople"]).default
        == "CEO; Director of Policy, Research and Campaigns"
    )
    assert iv.prompt(by_key["charter.effective_date"]).default == "2027-01-01"
    assert iv.prompt(by_key["governance.response_time_hours"]).default == "48"


@pytest.mark.parametrize(
    ("lang", "key", "typed", "message"),
    [
        ("en", "organisation.name", "  ", "Must not be empty."),
        ("fr", "organisation.name", "x" * 201, "201 caractères ; 200 au plus."),
        ("en", "governance.response_time_hours", "721", "Expected a whole number from 1 to 720, got 721."),
        (
            "fr",
            "governance.retention_months",
            "douze",
            'Attendu : un nombre entier de 1 à 240 ; reçu : "douze".',
        ),
        (
            "en",
            "charter.contact",
            "web@",
            'Expected an email address such as "name@example.org", got "web@".',
        ),
        (
            "fr",
            "charter.effective_date",
            "01.01.2027",
            "Attendu : JJ/MM/AAAA ou une date au format AAAA-MM-JJ",
        ),
    ],
)
def test_what_the_prompt_says_when_an_entry_is_refused(lang: str, key: str, typed: str, message: str) -> None:
    prompt = Session(lang).prompt(questions.questionnaire().by_key()[key])
    assert prompt.parse is not None
    with pytest.raises(ValueError) as refused:
        prompt.parse(typed)
    assert str(refused.value).startswith(message)


def test_empty_optional_answers_are_no_answer() -> None:
    iv = Session("en")
    by_key = questions.questionnaire().by_key()
    for key in ("organisation.employees", "charter.contact", "charter.owner", "charter.effective_date"):
        parse = iv.prompt(by_key[key]).parse
        assert parse is not None and parse("  ") is None, key


def test_platforms_and_networks_need_one_network_between_them(monkeypatch: pytest.MonkeyPatch) -> None:
    iv = Session("en")
    iv.keep(questions.questionnaire().by_key()["platforms"], [])
    prompt = iv.prompt(questions.questionnaire().by_key()["enterprise_networks"])
    assert prompt.validate is not None
    assert (
        prompt.validate([])
        == "Choose at least one network: a charter needs a public platform or an internal network."
    )
    assert prompt.validate(["slack"]) is None
    value, _ = ask(monkeypatch, iv, "enterprise_networks", Keys(ENTER + SPACE + ENTER))  # empty: refused
    assert value == ["sharepoint"]


def test_viadeo_warns_and_google_plus_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    iv = Session("en")
    prompt = iv.prompt(questions.questionnaire().by_key()["platforms"])
    assert [o.value for o in prompt.options if o.refused] == ["google_plus"]
    value, screen = ask(monkeypatch, iv, "platforms", Keys(UP + SPACE + ENTER))  # up wraps past Google+
    assert value == [{"id": "viadeo", "account": None, "owner": None}]
    assert "Viadeo went into receivership" in screen
    assert "Google+ closed to consumers on 2 April 2019" in screen


def test_platform_follow_ups_keep_earlier_details(monkeypatch: pytest.MonkeyPatch) -> None:
    iv = Session("en")
    platforms = questions.questionnaire().by_key()["platforms"]
    iv.keep(platforms, [{"id": "x", "account": "@acme", "owner": "Comms"}])
    answer = {
        "platforms": ["x", "linkedin"],
        "platforms.x.owner": "",
        "platforms.linkedin.account": "acme-ltd",
    }
    value, _ = ask(monkeypatch, iv, "platforms", None)
    assert value == [{"id": "x", "account": "@acme", "owner": "Comms"}]  # Enter keeps them
    with (
        answering(monkeypatch, answer) as driver,
        create_app_session(input=driver.pipe, output=PlainTextOutput(driver.output)),
    ):
        value = iv.ask(platforms)
    assert value == [  # in the catalogue's order
        {"id": "x", "account": "@acme", "owner": None},
        {"id": "linkedin", "account": "acme-ltd", "owner": None},
    ]
    assert driver.asked == [
        "platforms",
        *(f"platforms.{p}.{d}" for p in ("x", "linkedin") for d in ("account", "owner")),
    ]


# ------------------------------------------------------------------------------ adding to the data


@pytest.mark.parametrize("kind", ["boolean", "choice"])
def test_a_question_added_to_the_questionnaire_is_asked_and_written(
    monkeypatch: pytest.MonkeyPatch, isolated: Path, kind: str
) -> None:
    extra = Question(
        key="governance.live_streaming",
        section="pages",
        type=kind,
        prompt={"en": "Live streaming from official accounts", "fr": "Diffusion en direct"},
        default=False if kind == "boolean" else "approved_only",
        when="platforms",
        choices=()
        if kind == "boolean"
        else (
            Choice("never", {"en": "Never", "fr": "Jamais"}),
            Choice("approved_only", {"en": "Approved streams only", "fr": "Sur accord"}),
        ),
    )
    base = questions.questionnaire()
    monkeypatch.setattr(questions, "questionnaire", lambda: base._replace(questions=(*base.questions, extra)))
    answer = True if kind == "boolean" else "never"
    _, driver = new(monkeypatch, {**ACME, extra.key: answer}, lang="en")

    assert driver.asked.index(extra.key) > driver.asked.index("governance.crisis_contact")  # in its section
    assert "Live streaming from official accounts" in driver.screen
    text = (isolated / "acme-answers.yml").read_text(encoding="utf-8")
    assert "  # Live streaming from official accounts\n" in text
    assert f"\n  live_streaming: {str(answer).lower()}\n" in text
    assert read_answers(isolated / "acme-answers.yml").get(extra.key) == answer


# ------------------------------------------------------------------------------ layers and helpers


def test_the_interview_only_produces_answers() -> None:
    """Importing the interview loads neither the front door, nor the composer, clauses or Word writer."""
    code = (
        "import sys, pkgutil, importlib, charter.interview as i\n"
        "for m in pkgutil.iter_modules(i.__path__): importlib.import_module('charter.interview.' + m.name)\n"
        "print(' '.join(sorted(n for n in sys.modules if n.startswith('charter'))))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout.split()
    for forbidden in ("charter.app", "charter.compose", "charter.clauses", "charter.docx", "charter.cli"):
        assert not [n for n in loaded if n == forbidden or n.startswith(forbidden + ".")], forbidden
    assert "questionary" not in loaded  # imported only when a prompt is shown
    # and no lazy import inside a function either
    for path in (ROOT / "charter" / "interview").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("charter.app", "charter.compose", "charter.clauses")), path
                assert not node.module.startswith("charter.docx"), path


def test_only_the_prompts_module_imports_questionary() -> None:
    for path in (ROOT / "charter").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        heavy = {n for n in names if n.split(".")[0] in ("questionary", "prompt_toolkit")}
        assert not heavy or path == ROOT / "charter" / "interview" / "prompts.py", path


def test_every_prompt_goes_through_the_one_entry_point() -> None:
    assert set(prompts.WIDGETS) == {"text", "select", "checkbox", "platforms"}


def test_slug_names_default_files() -> None:
    assert interview.slug("Acme Industries & Fils") == "acme-industries-fils"
    assert interview.slug("Société Générale d'Été") == "societe-generale-d-ete"
    assert interview.slug("中文") == "charter"


def test_language_comes_from_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    assert interview.system_language() == "en"
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert interview.system_language() == "fr"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert interview.system_language() == "en"


def test_state_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CHARTER_STATE_DIR")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert interview.state_dir() == tmp_path / "xdg" / "charter"
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert interview.state_dir() == tmp_path / "home" / ".local" / "state" / "charter"
