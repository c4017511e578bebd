"""The data files that drive everything: they load everywhere and are complete in both languages."""

from __future__ import annotations

import pytest
import yaml

from charter.model.catalog import aliases, catalog
from charter.model.questions import LANGUAGES, questionnaire
from charter.resources import builtin_dir

KNOWN_TYPES = {
    "text",
    "email",
    "integer",
    "boolean",
    "choice",
    "multichoice",
    "date",
    "list",
    "platforms",
    "networks",
    "format",
    "history",
}


def test_data_files_load_without_libyaml() -> None:
    """PyYAML's pure-Python loader is all some machines have."""
    for name in ("questions.yml", "catalog.yml", "strings.yml"):
        with open(builtin_dir() / name, encoding="utf-8") as handle:
            assert yaml.load(handle, Loader=yaml.SafeLoader)


def test_every_question_is_complete_in_both_languages() -> None:
    sections = {s.id for s in questionnaire().sections}
    keys = set()
    for q in questionnaire().questions:
        assert q.type in KNOWN_TYPES, q.key
        assert q.section in sections, q.key
        assert q.key not in keys, f"{q.key} is defined twice"
        keys.add(q.key)
        for lang in LANGUAGES:
            assert q.prompt.get(lang), f"{q.key} has no {lang} prompt"
            for choice in q.choices:
                assert isinstance(choice.label.get(lang), str), f"{q.key}={choice.value} has no {lang} label"
                if choice.help:  # an unquoted comma in a YAML flow mapping silently splits the text
                    assert set(choice.help) == set(LANGUAGES), f"{q.key}={choice.value} help: {choice.help}"
                    assert all(isinstance(v, str) for v in choice.help.values())
        if q.type == "choice":
            assert q.default in q.choice_values(), q.key
    required = {q.key for q in questionnaire().questions if q.required}
    assert required == {"format", "organisation.name", "platforms"}


def test_catalogue_offers_every_platform_of_the_content_notes() -> None:
    public = {n.id for n in catalog().values() if n.kind == "public"}
    assert public == {
        "facebook",
        "instagram",
        "youtube",
        "pinterest",
        "x",
        "linkedin",
        "tiktok",
        "threads",
        "bluesky",
        "mastodon",
        "whatsapp",
        "snapchat",
        "viadeo",
        "google_plus",
    }
    enterprise = {n.id for n in catalog().values() if n.kind == "enterprise"}
    assert enterprise == {"sharepoint", "teams", "viva_engage", "slack", "workplace"}
    assert aliases() == {"twitter": "x", "yammer": "viva_engage"}
    assert catalog()["google_plus"].status == "closed" and catalog()["google_plus"].reason["fr"]
    assert catalog()["workplace"].status == "closing" and catalog()["workplace"].warning["en"]


def test_readme_documents_every_key_of_the_answers_file() -> None:
    from conftest import ROOT

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for q in questionnaire().questions:
        assert f"| `{q.key}` |" in text, f"README.md does not document {q.key}"


def test_a_question_added_to_the_data_is_checked_and_in_the_schema(monkeypatch) -> None:
    """One source of truth: a new question reaches the checker and `charter schema` with no new code."""

    from conftest import MINIMAL

    from charter.answersfile.read import parse_answers
    from charter.answersfile.schema import json_schema
    from charter.errors import AnswersError
    from charter.model import questions
    from charter.model.questions import Choice, Question

    base = questionnaire()
    extra = Question(
        key="governance.live_streaming",
        section="pages",
        type="choice",
        prompt={"en": "Live streaming", "fr": "Diffusion en direct"},
        default="approved_only",
        choices=(
            Choice("never", {"en": "Never", "fr": "Jamais"}),
            Choice("approved_only", {"en": "A", "fr": "A"}),
        ),
    )
    patched = base._replace(questions=(*base.questions, extra))
    monkeypatch.setattr(questions, "questionnaire", lambda: patched)

    schema = json_schema()
    assert schema["properties"]["governance"]["properties"]["live_streaming"]["enum"] == [
        "never",
        "approved_only",
    ]
    assert parse_answers(MINIMAL).get("governance.live_streaming") == "approved_only"
    assert (
        parse_answers(MINIMAL + "governance: {live_streaming: never}\n").get("governance.live_streaming")
        == "never"
    )
    with pytest.raises(AnswersError, match='Did you mean "never"'):
        parse_answers(MINIMAL + "governance: {live_streaming: nevr}\n")


def test_every_default_rule_is_a_valid_value_and_condition() -> None:
    """Each `default_when` rule: its value passes the question's type, its condition holds or not of the
    table's defaults (it names only earlier keys), and `value_of` names an earlier question."""
    from charter.interview.session import Session
    from charter.model.site import Site
    from charter.model.types import type_of

    session = Session("en")
    rules = 0
    for q in questionnaire().questions:
        for rule in q.default_when:
            rules += 1
            if rule.value_of is None:
                site = Site.alone("en")
                assert type_of(q).check(q, rule.value, site) == rule.value and not site.problems, q.key
        if q.default_when:
            session.default(q, session.context())  # raises CharterError on a condition that fails
    assert rules >= 4


def test_a_broken_rule_is_refused_when_the_table_is_read() -> None:
    from charter.model.questions import _rule

    with pytest.raises(ValueError, match="default_when"):
        _rule("governance.monitoring", {"if": "objectives", "value": True})
