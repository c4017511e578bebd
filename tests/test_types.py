"""The table of question types: every type the questionnaire uses is in it, and a new type is one class.

The second test adds a type in a fixture — a percentage — and a question of that type, and nothing
else: the answers checker, `charter schema`, the answers writer, the interview's parsing and the
review all take it through the table.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from conftest import MINIMAL

from charter.answersfile.read import parse_answers
from charter.answersfile.schema import json_schema
from charter.answersfile.write import dump_answers
from charter.errors import AnswersError
from charter.model import questions, types
from charter.model.questions import Question
from charter.model.site import Site
from charter.model.types import TYPES, Invalid, QuestionType, type_of


def test_every_type_of_the_questionnaire_is_in_the_table() -> None:
    used = {q.type for q in questions.questionnaire().questions}
    assert used <= set(TYPES), f"types missing from charter.model.types.TYPES: {used - set(TYPES)}"


def test_an_integer_with_only_a_minimum_says_so_everywhere() -> None:
    q = Question(key="x.y", section="s", type="integer", prompt={"en": "Y"}, minimum=1)
    assert type_of(q).schema(q) == {"type": "integer", "minimum": 1}
    with pytest.raises(Invalid, match=r"^Expected a whole number of at least 1, got 0"):
        type_of(q).parse(q, "0", "en")
    with pytest.raises(Invalid, match="un nombre entier d'au moins 1"):
        type_of(q).parse(q, "0", "fr")


class Percentage(QuestionType):
    """A whole percentage, typed with or without its % sign."""

    name: ClassVar[str] = "percentage"

    def describe(self, q: Question, lang: str) -> str:
        return "a percentage from 0 to 100" if lang == "en" else "un pourcentage de 0 à 100"

    def schema(self, q: Question) -> dict[str, Any]:
        return {"type": "integer", "minimum": 0, "maximum": 100}

    def check(self, q: Question, value: Any, site: Site) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            self.expected(q, value, site)
            return q.default
        return value

    def from_text(self, typed: str) -> Any:
        text = typed.strip().removesuffix("%").strip()
        return int(text) if text.isdigit() else text

    def show(self, q: Question, value: Any, lang: str) -> str:
        return f"{value} %" if lang == "fr" else f"{value}%"


@pytest.fixture
def with_percentage(monkeypatch: pytest.MonkeyPatch) -> Question:
    """The new type in the table and a question that uses it: the only two things a developer adds."""
    monkeypatch.setitem(types.TYPES, "percentage", Percentage())
    question = Question(
        key="governance.share_of_posts_reviewed",
        section="voice",
        type="percentage",
        prompt={"en": "Share of posts reviewed", "fr": "Part des publications relues"},
        default=100,
    )
    base = questions.questionnaire()
    patched = base._replace(questions=(*base.questions, question))
    monkeypatch.setattr(questions, "questionnaire", lambda: patched)
    return question


def test_a_new_type_reaches_checker_schema_writer_interview_and_review(with_percentage: Question) -> None:
    q = with_percentage
    # the checker: default, a good value, a bad one with the type's own words, at its line
    assert parse_answers(MINIMAL).get(q.key) == 100
    answers = parse_answers(MINIMAL + "governance: {share_of_posts_reviewed: 40}\n")
    assert answers.get(q.key) == 40
    with pytest.raises(AnswersError) as caught:
        parse_answers(MINIMAL + "governance:\n  share_of_posts_reviewed: 140\n", name="a.yml")
    assert "line 8, governance.share_of_posts_reviewed: expected a percentage from 0 to 100, got 140." in str(
        caught.value
    )
    # the schema
    described = json_schema()["properties"]["governance"]["properties"]["share_of_posts_reviewed"]
    assert described["maximum"] == 100 and described["default"] == 100
    # the writer, read back
    text = dump_answers(answers.data, lang="fr")
    assert "  # Part des publications relues\n  share_of_posts_reviewed: 40\n" in text
    assert parse_answers(text).get(q.key) == 40
    # what the interview does with typed text, and what the review shows
    assert type_of(q).parse(q, " 35 % ", "en") == 35
    with pytest.raises(Invalid, match=r"^Attendu : un pourcentage de 0 à 100"):
        type_of(q).parse(q, "beaucoup", "fr")
    assert type_of(q).show(q, 35, "fr") == "35 %"
