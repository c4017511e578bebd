"""The questionnaire, read from `templates/questions.yml`.

`templates/questions.yml` defines every key of the answers file once: the interview asks from it,
the answers checker validates against it and `charter schema` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from charter.resources import load_yaml

LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class Choice:
    value: str
    label: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    key: str  # dotted path in the answers file
    section: str
    type: str
    prompt: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)
    required: bool = False
    default: Any = None
    when: str | None = None
    ask: bool = True
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    max_items: int | None = None  # the longest list a list question takes (a bound on hostile files)
    choices: tuple[Choice, ...] = ()
    # wording for one sector (`prompt_public`, `help_public`): sector -> prompt or help -> language -> text
    variants: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def wording(self, part: str, sector: Any) -> dict[str, str]:
        """The question's ``part`` ("prompt" or "help") as worded for ``sector``, else its own."""
        own: dict[str, str] = self.prompt if part == "prompt" else self.help
        return self.variants.get(str(sector), {}).get(part, own)

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))

    def choice_values(self) -> list[str]:
        return [c.value for c in self.choices]

    def label(self, value: str, lang: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label.get(lang, value)
        return value


@dataclass(frozen=True)
class Section:
    id: str
    title: dict[str, str]


@dataclass(frozen=True)
class Questionnaire:
    sections: tuple[Section, ...]
    questions: tuple[Question, ...]

    def by_key(self) -> dict[str, Question]:
        return {q.key: q for q in self.questions}

    def groups(self) -> dict[str, tuple[str, ...]]:
        """Top-level mapping keys and the sub-keys they hold (organisation -> name, jurisdiction...)."""
        groups: dict[str, list[str]] = {}
        for q in self.questions:
            if len(q.path) == 2:
                groups.setdefault(q.path[0], []).append(q.path[1])
        return {k: tuple(v) for k, v in groups.items()}


@cache
def questionnaire() -> Questionnaire:
    data = load_yaml("questions.yml")
    assert isinstance(data, dict)
    sections = tuple(Section(s["id"], s["title"]) for s in data["sections"])
    questions = []
    for raw in data["questions"]:
        choices = tuple(
            Choice(str(value), {k: v for k, v in spec.items() if k in LANGUAGES}, spec.get("help", {}))
            for value, spec in (raw.get("choices") or {}).items()
        )
        questions.append(
            Question(
                key=raw["key"],
                section=raw["section"],
                type=raw["type"],
                prompt=raw["prompt"],
                help=raw.get("help", {}),
                required=raw.get("required", False),
                default=raw.get("default"),
                when=raw.get("when"),
                ask=raw.get("ask", True),
                minimum=raw.get("min"),
                maximum=raw.get("max"),
                max_length=raw.get("max_length"),
                max_items=raw.get("max_items"),
                choices=choices,
                variants=_variants(raw),
            )
        )
    return Questionnaire(sections, tuple(questions))


def _variants(raw: dict[str, Any]) -> dict[str, dict[str, dict[str, str]]]:
    """`prompt_<sector>` and `help_<sector>` keys of a question, by sector then part."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for name, text in raw.items():
        part, _, sector = str(name).partition("_")
        if part in ("prompt", "help") and sector and isinstance(text, dict):
            found.setdefault(sector, {})[part] = text
    return found
