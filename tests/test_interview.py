"""The interview of `charter new`, driven through prompt_toolkit's pipe input.

Keys are sent up front; the pipe is then closed, so a test that sends too few keys ends with the
interview's own end-of-input handling (a draft and `Interrupted`) instead of hanging.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from charter import interview
from charter.answersfile.read import read_answers
from charter.errors import AnswersError, ExitStatus, Interrupted
from charter.model.questions import Question, questionnaire

ENTER, DOWN, UP, SPACE, CTRL_C, CLEAR, BACKSPACE = "\r", "\x1b[B", "\x1b[A", " ", "\x03", "\x15", "\x7f"


def line(text: str) -> str:
    """Replace whatever a text prompt shows (its default) with `text`, then Enter."""
    return CLEAR + text + ENTER


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder and state folder; no locale from the machine running the tests."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHARTER_STATE_DIR", str(tmp_path / "state"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


@contextmanager
def terminal(*keys: str) -> Iterator[tuple[Any, io.StringIO]]:
    """A pipe input holding `keys` and a plain-text output collecting everything shown."""
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()
        yield pipe, screen


def run(*keys: str, **options: Any) -> tuple[Any, str]:
    with terminal(*keys) as (pipe, screen):
        result = interview.run(term_input=pipe, term_output=PlainTextOutput(screen), **options)
    return result, screen.getvalue()


def ask(iv: interview.Interview, key: str, *keys: str) -> tuple[Any, str]:
    """Ask one question of the questionnaire."""
    with terminal(*keys) as (pipe, screen), create_app_session(input=pipe, output=PlainTextOutput(screen)):
        value = iv.ask(questionnaire().by_key()[key])
    return value, screen.getvalue()


def draft() -> Path:
    return interview.Draft().path


def heading_texts(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


# Accepting every default of the English interview, with Facebook as the one platform.
START = [ENTER, line("Acme")]  # charter language, organisation name
ORGANISATION_REST = [ENTER] * 4  # jurisdiction, sector, head count, staff representatives
THROUGH_NETWORKS = [
    ENTER,
    SPACE + ENTER,
    ENTER,
    ENTER,
    ENTER,
]  # objectives, Facebook + account/owner, networks
GOVERNANCE = [ENTER] * 6 + [ENTER] * 3 + [ENTER] * 4 + [ENTER] * 3 + [ENTER] * 4  # voice .. training
CHARTER = [ENTER] * 4  # owner, contact, version, effective date
DEFAULTS = [*START, *ORGANISATION_REST, *THROUGH_NETWORKS, *GOVERNANCE, *CHARTER]


# ------------------------------------------------------------------------------ whole interviews


def test_defaults_then_review_changes_earlier_answers(isolated: Path) -> None:
    keys = [
        *DEFAULTS,
        DOWN * 2 + ENTER,  # review: change "Organisation"
        ENTER,
        ENTER,
        DOWN + ENTER,  # name kept, jurisdiction kept, sector: public
        ENTER,
        ENTER,  # head count, staff representatives
        ENTER,  # the public-sector follow-up, in another section, is now asked
        DOWN * 8 + ENTER,  # review: change "Governance: official pages"
        DOWN + ENTER,  # moderation: no, so no response time
        ENTER,
        ENTER,  # monitoring, crisis contact
        ENTER,  # review: confirm
    ]
    result, screen = run(*keys, lang="en")

    answers_path = isolated / "acme-answers.yml"
    data = read_answers(answers_path).data
    assert data["organisation"]["sector"] == "public"
    assert data["governance"]["duty_of_restraint"] is True
    assert data["governance"]["moderation"] is False
    text = answers_path.read_text(encoding="utf-8")
    assert "response_time_hours" not in text  # a follow-up that no longer applies is not written
    assert "team_name" not in text and "retention_months" not in text and "guests_allowed" not in text
    assert "# Sector\n" in text  # every question as a comment above its answer
    assert data["platforms"] == [{"id": "facebook", "account": None, "owner": None}]

    assert result.output == Path("acme-charter.docx")
    assert (isolated / "acme-charter.docx").is_file()
    assert heading_texts(isolated / "acme-charter.docx")
    assert "Review" in screen and "Governance: official pages" in screen
    assert "charter generate acme-answers.yml -o acme-charter.docx" in screen
    assert not draft().exists()


def test_french_interview_every_type_condition_and_check(isolated: Path) -> None:
    keys = [
        ENTER,  # langue de la charte: français (the interview's language)
        ENTER,  # empty name: refused
        "Mairie de Saint-Ours" + ENTER,
        DOWN + ENTER,  # droit applicable: other -> FR (the list wraps)
        DOWN + ENTER,  # secteur: public
        "beaucoup" + ENTER,  # head count: refused
        line("0"),  # refused: out of range
        line("1 200"),  # accepted, spaces allowed
        UP + ENTER,  # représentants du personnel: oui
        SPACE + DOWN + DOWN + SPACE + ENTER,  # objectives: relation client, e-réputation
        SPACE + DOWN * 6 + SPACE + ENTER,  # Facebook, TikTok (Google+ is listed, disabled)
        "https://facebook.com/saintours" + ENTER,
        "Service communication" + ENTER,
        ENTER,
        ENTER,  # TikTok account and owner left empty
        DOWN * 4 + SPACE + ENTER,  # internal networks: Workplace
        ENTER,
        ENTER,  # forme, organisation des comptes
        UP + ENTER,  # équipe dédiée: oui ...
        "Cellule web" + ENTER,  # ... so its name is asked
        "Maire, Directeur de la communication, " + ENTER,  # a list
        DOWN + ENTER,  # validation: aucune, so no legal review question
        ENTER,
        ENTER,
        ENTER,  # usage personnel, mention, ambassadeurs
        ENTER,  # devoir de réserve (public sector only)
        DOWN + ENTER,  # modération: non, so no response time
        ENTER,  # veille
        "crise" + ENTER,  # refused
        line("crise@saint-ours.fr"),
        ENTER,
        ENTER,
        ENTER,  # sécurité
        ENTER,  # invités externes (there is an internal network)
        line("500"),  # refused: at most 240
        line("36"),
        ENTER,
        ENTER,
        ENTER,
        ENTER,  # formation et révision
        "Direction générale des services" + ENTER,
        ENTER,
        ENTER,  # contact, version
        "2027-13-01" + ENTER,  # refused
        line("2027-01-01"),
        ENTER,  # relecture: valider
    ]
    result, screen = run(*keys, lang="fr")

    data = read_answers(isolated / "mairie-de-saint-ours-answers.yml").data
    assert data["language"] == "fr"
    assert data["organisation"] == {
        "name": "Mairie de Saint-Ours",
        "jurisdiction": "FR",
        "sector": "public",
        "employees": 1200,
        "works_council": True,
    }
    assert data["objectives"] == ["customer_relationship", "e_reputation"]
    assert data["platforms"] == [
        {"id": "facebook", "account": "https://facebook.com/saintours", "owner": "Service communication"},
        {"id": "tiktok", "account": None, "owner": None},
    ]
    assert data["enterprise_networks"] == ["workplace"]
    governance = data["governance"]
    assert governance["dedicated_team"] is True and governance["team_name"] == "Cellule web"
    assert governance["spokespeople"] == ["Maire", "Directeur de la communication"]
    assert governance["approval"] == "none" and governance["duty_of_restraint"] is True
    assert governance["moderation"] is False and governance["crisis_contact"] == "crise@saint-ours.fr"
    assert governance["guests_allowed"] is False and governance["retention_months"] == 36
    assert data["charter"]["effective_date"] == date(2027, 1, 1)
    text = (isolated / "mairie-de-saint-ours-answers.yml").read_text(encoding="utf-8")
    assert "legal_review" not in text and "response_time_hours" not in text
    assert "# Nom de l'organisation" in text  # comments in the interview's language

    # refused entries are explained at once, in the interview's language, and corrected on the spot
    assert "✗ Cette réponse ne peut pas être vide." in screen
    assert "✗ Saisissez un nombre entier de 1 à 10000000, ou laissez vide." in screen
    assert "✗ Saisissez un nombre entier de 1 à 240." in screen
    assert "✗ Saisissez une adresse électronique" in screen
    assert "✗ Saisissez une date au format AAAA-MM-JJ" in screen
    # the warnings of the chosen networks appear at once
    assert "TikTok est interdit sur les appareils professionnels" in screen
    assert "Workplace from Meta ferme" in screen
    assert any("Workplace" in w for w in result.warnings)
    assert heading_texts(isolated / "mairie-de-saint-ours-charter.docx")


def test_ctrl_c_saves_a_draft_and_resume_goes_on(isolated: Path) -> None:
    with pytest.raises(Interrupted) as stopped:
        run(*START, ENTER, CTRL_C, lang="en")  # stopped at the sector question
    assert stopped.value.exit_status == ExitStatus.INTERRUPTED
    message = str(stopped.value)
    assert str(draft()) in message and "charter new --resume" in message and "so far (3)" in message
    saved = draft().read_text(encoding="utf-8")
    assert "name: Acme" in saved and "# charter-draft: " in saved

    rest = [ENTER, ENTER, ENTER, *THROUGH_NETWORKS, *GOVERNANCE, *CHARTER, ENTER]
    _, screen = run(*rest, resume=True)  # the draft remembers the interview's language
    assert "3 answers kept" in screen
    data = read_answers(isolated / "acme-answers.yml").data
    assert data["organisation"]["name"] == "Acme" and data["platforms"][0]["id"] == "facebook"
    assert (isolated / "acme-charter.docx").is_file()
    assert not draft().exists()


def test_end_of_input_saves_a_draft_that_a_new_interview_offers_to_resume() -> None:
    with pytest.raises(Interrupted):
        run(*START, lang="en")  # the keys run out at the jurisdiction
    answers, progress = interview.Draft().load("en")
    assert answers["organisation"]["name"] == "Acme"
    assert progress["answered"] == ["language", "organisation.name"]

    # `charter new` without --resume asks first; starting again and stopping at once replaces the draft
    with pytest.raises(Interrupted) as stopped:
        run(DOWN + ENTER, CTRL_C, lang="en")
    assert "so far (0)" in str(stopped.value)
    assert interview.Draft().load("en")[1]["answered"] == []


def test_resume_without_a_draft_is_a_clear_error() -> None:
    with pytest.raises(AnswersError, match=r"no interrupted interview.*charter new"):
        run(resume=True, lang="en")


def test_from_reopens_a_finished_file_at_the_review(isolated: Path) -> None:
    source = isolated / "northwind.yml"
    source.write_text(
        "format: 1\nlanguage: en\norganisation:\n  name: Northwind Trading Ltd\n  jurisdiction: UK\n"
        "platforms: [linkedin]\ncharter:\n  title: Northwind social media rules\n",
        encoding="utf-8",
    )
    before = source.read_text(encoding="utf-8")
    keys = [
        UP + ENTER,  # review: the last section, "The charter itself"
        line("Communications"),
        ENTER,
        line("2.0"),
        ENTER,
        ENTER,  # review: confirm
        ENTER,  # northwind.yml exists: replace it? No (the default) ...
        line("northwind-2.yml"),  # ... so another path is asked
    ]
    _, screen = run(*keys, lang="en", from_path=source)

    assert source.read_text(encoding="utf-8") == before  # never replaced without a yes
    assert "northwind.yml already exists" in screen
    data = read_answers(isolated / "northwind-2.yml").data
    assert data["charter"]["version"] == "2.0" and data["charter"]["owner"] == "Communications"
    assert data["charter"]["title"] == "Northwind social media rules"  # keys not asked are kept
    assert data["organisation"]["jurisdiction"] == "UK"
    assert (isolated / "northwind-trading-ltd-charter.docx").is_file()


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
    with terminal(ENTER, CTRL_C) as (pipe, screen), create_app_session(pipe, PlainTextOutput(screen)):
        code = main(["new", "--lang", "fr"])
    assert code == 130
    err = capsys.readouterr().err
    assert "Traceback" not in err and "charter new --resume" in err and "données (1)" in err
    assert draft().is_file()


# ------------------------------------------------------------------------------ one question at a time


def test_each_type_is_asked_and_checked() -> None:
    iv = interview.Interview("en")
    assert ask(iv, "language", ENTER)[0] == "en"  # the interview's language is the default
    assert ask(iv, "organisation.employees", ENTER)[0] is None  # optional
    value, screen = ask(
        iv, "governance.response_time_hours", "0" + ENTER, line("721"), BACKSPACE * 3 + "72\r"
    )
    assert value == 72 and screen.count("✗ Enter a whole number from 1 to 720.") == 2
    assert ask(iv, "governance.response_time_hours", ENTER)[0] == 48  # the default is shown and kept
    assert ask(iv, "governance.response_time_hours", "24" + ENTER)[0] == 24  # typing replaces it
    assert ask(iv, "governance.response_time_hours", BACKSPACE + "6" + ENTER)[0] == 46  # or edits it
    assert (
        ask(iv, "charter.contact", "not-an-email" + ENTER, line("web@acme.example"))[0] == "web@acme.example"
    )
    assert ask(iv, "charter.effective_date", "2027-02-30" + ENTER, line("2027-02-28"))[0] == date(2027, 2, 28)
    assert ask(iv, "governance.spokespeople", "CEO , Head of PR,," + ENTER)[0] == ["CEO", "Head of PR"]
    assert ask(iv, "charter.version", CLEAR + ENTER, "2" + ENTER)[0] == "2"  # not empty: it has a default
    assert ask(iv, "governance.kpis", UP + ENTER)[0] is True
    value, screen = ask(iv, "governance.two_factor", DOWN + ENTER)
    assert value == "sms" and "weaker; open to SIM swapping" in screen  # one-line explanations
    assert ask(iv, "objectives", DOWN + SPACE + ENTER)[0] == ["notoriety"]


@pytest.mark.parametrize(
    ("lang", "key", "typed", "message"),
    [
        ("en", "organisation.name", "  ", "This answer cannot be empty."),
        ("fr", "organisation.name", "x" * 201, "200 caractères au plus ; il y en a 201."),
        ("en", "governance.response_time_hours", "721", "Enter a whole number from 1 to 720."),
        ("fr", "governance.retention_months", "douze", "Saisissez un nombre entier de 1 à 240."),
        ("fr", "organisation.employees", "0", "Saisissez un nombre entier de 1 à 10000000, ou laissez vide."),
        ("en", "charter.contact", "web@", "Enter an email address such as name@example.org, or leave empty."),
        ("fr", "charter.effective_date", "01/01/2027", "Saisissez une date au format AAAA-MM-JJ"),
    ],
)
def test_what_the_prompt_says_when_an_entry_is_refused(lang: str, key: str, typed: str, message: str) -> None:
    convert = interview.Interview(lang).converter(questionnaire().by_key()[key])
    assert convert is not None
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        convert(typed)


def test_platforms_and_networks_need_one_network_between_them() -> None:
    iv = interview.Interview("en")
    iv.keep(questionnaire().by_key()["platforms"], [])
    assert ask(iv, "enterprise_networks", ENTER, SPACE + ENTER)[0] == ["sharepoint"]  # empty was refused
    assert "Choose at least one network" in str(iv._needs_network("platforms")([]))
    assert iv._needs_network("platforms")(["slack"]) is True


def test_viadeo_warns_and_google_plus_is_refused() -> None:
    iv = interview.Interview("en")
    value, screen = ask(iv, "platforms", UP + SPACE + ENTER, ENTER, ENTER)  # up wraps past Google+
    assert value == [{"id": "viadeo", "account": None, "owner": None}]
    assert "Viadeo went into receivership" in screen
    assert "Google+ closed to consumers on 2 April 2019" in screen


def test_a_question_added_to_the_data_is_asked_without_new_code(monkeypatch: pytest.MonkeyPatch) -> None:
    base = questionnaire()
    extra = Question(
        key="organisation.website",
        section="organisation",
        type="text",
        prompt={"en": "Website of the organisation", "fr": "Site web de l'organisation"},
        when='organisation.sector == "public"',
    )
    patched = replace(base, questions=(*base.questions, extra))
    monkeypatch.setattr(interview, "questionnaire", lambda: patched)
    iv = interview.Interview("en")
    assert extra in iv.asked("organisation")
    assert not iv.applies(extra)
    iv.keep(base.by_key()["organisation.sector"], "public")
    assert iv.applies(extra)
    with (
        terminal("https://example.org" + ENTER) as (pipe, screen),
        create_app_session(pipe, PlainTextOutput(screen)),
    ):
        assert iv.ask(extra) == "https://example.org"
    assert "Website of the organisation" in screen.getvalue()


def test_replacing_an_existing_file_needs_a_yes(isolated: Path) -> None:
    (isolated / "kept.yml").write_text("x", encoding="utf-8")
    with terminal(UP + ENTER) as (pipe, screen), create_app_session(pipe, PlainTextOutput(screen)):
        chosen = interview._choose_path("en", None, Path("kept.yml"), "answers_file")
    assert chosen == (Path("kept.yml"), True)


# ------------------------------------------------------------------------------ small helpers


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
