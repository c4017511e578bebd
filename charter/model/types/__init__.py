"""The table of question types: the one place that knows what each type of answer is.

Each type checks a value read from an answers file, parses what a user types in the interview,
describes itself in JSON Schema, shows a value in words (review, diff) and writes a value back as
YAML. The answers checker, `charter schema`, the interview's prompts, the review and the answers
writer all go through :data:`TYPES`: a new question type is one class here, added to the table
(and one widget in `charter/interview/prompts.py` if it needs a new kind of prompt).

Messages come from `templates/messages.yml` in the language of the :class:`Site`: the checker
reports in English (the command line's language), the interview in the interview's.
"""

from __future__ import annotations

from charter.model.questions import Question
from charter.model.types.base import (
    DATE,
    EMAIL,
    FORMAT,
    LINE_BREAKS,
    MAX_TEXT_LENGTH,
    ONE_LINE,
    Invalid,
    Option,
    QuestionType,
    yaml_scalar,
)
from charter.model.types.lists import ListType, MultichoiceType, NetworksType, PlatformsType
from charter.model.types.records import HistoryType
from charter.model.types.scalars import (
    BooleanType,
    ChoiceType,
    DateType,
    EmailType,
    FormatType,
    IntegerType,
    TextType,
)

__all__ = [
    "DATE",
    "EMAIL",
    "FORMAT",
    "LINE_BREAKS",
    "MAX_TEXT_LENGTH",
    "ONE_LINE",
    "TYPES",
    "Invalid",
    "Option",
    "QuestionType",
    "type_of",
    "yaml_scalar",
]

TYPES: dict[str, QuestionType] = {
    t.name: t
    for t in (
        FormatType(),
        TextType(),
        EmailType(),
        IntegerType(),
        BooleanType(),
        ChoiceType(),
        MultichoiceType(),
        ListType(),
        DateType(),
        PlatformsType(),
        NetworksType(),
        HistoryType(),
    )
}


def type_of(q: Question) -> QuestionType:
    """The type of a question (the questionnaire loader refuses a type missing from the table)."""
    return TYPES[q.type]
