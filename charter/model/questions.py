"""The questionnaire, read from `templates/questions.yml`.

`templates/questions.yml` defines every key of the answers file once: the interview asks from it,
the answers checker validates against it and `charter schema` prints it.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple

from charter.resources import load_yaml

LANGUAGES = ("fr", "en")


class Choice(NamedTuple):
    value: str
    label: dict[str, str]
    help: dict[str, str] = {}  # noqa: RUF012 - records are never changed, their mappings neither
    # wording for one sector (`label_public`, `help_nonprofit`): sector -> label or help -> language -> text
    variants: dict[str, dict[str, dict[str, str]]] = {}  # noqa: RUF012

    def for_sector(self, sector: Any, jurisdiction: Any = None) -> Choice:
        """The choice as worded for ``sector``, else ``jurisdiction`` (else its own label and help)."""
        return Choice(
            self.value,
            _pick(self.variants, "label", self.label, sector, jurisdiction),
            _pick(self.variants, "help", self.help, sector, jurisdiction),
        )


def _pick(
    variants: dict[str, dict[str, dict[str, str]]], part: str, own: dict[str, str], *keys: Any
) -> dict[str, str]:
    """The first variant of ``part`` among ``keys`` (a sector, a jurisdiction), else ``own``."""
    for key in keys:
        found = variants.get(str(key), {}).get(part)
        if found is not None:
            return found
    return own


class DefaultRule(NamedTuple):
    """`default_when: [{when: <condition>, value: ...}]`: the default shown while ``when`` holds of the
    answers before the question; ``value_of`` takes the answer of an earlier question instead."""

    when: str
    value: Any = None
    value_of: str | None = None


class Question(NamedTuple):
    key: str  # dotted path in the answers file
    section: str
    type: str
    prompt: dict[str, str]
    help: dict[str, str] = {}  # noqa: RUF012
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
    variants: dict[str, dict[str, dict[str, str]]] = {}  # noqa: RUF012
    default_when: tuple[DefaultRule, ...] = ()  # defaults that follow earlier answers (the interview's)
    hint: dict[str, str] = {}  # noqa: RUF012 - how to type it, after the prompt; not in the review

    def for_sector(self, sector: Any, jurisdiction: Any = None) -> Question:
        """The question as worded for ``sector`` (else ``jurisdiction``): prompt, help, choices."""
        return self._replace(
            prompt=self.wording("prompt", sector, jurisdiction),
            help=self.wording("help", sector, jurisdiction),
            choices=tuple(c.for_sector(sector, jurisdiction) for c in self.choices),
        )

    def wording(self, part: str, sector: Any, jurisdiction: Any = None) -> dict[str, str]:
        """The question's ``part`` ("prompt" or "help") as worded for ``sector`` (`prompt_public`), else
        for ``jurisdiction`` (`help_FR`), else its own."""
        own: dict[str, str] = self.prompt if part == "prompt" else self.help
        return _pick(self.variants, part, own, sector, jurisdiction)

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


class Section(NamedTuple):
    id: str
    title: dict[str, str]


class Questionnaire(NamedTuple):
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
            Choice(
                str(value),
                {k: v for k, v in spec.items() if k in LANGUAGES},
                spec.get("help", {}),
                _variants(spec, ("label", "help")),
            )
            for value, spec in (raw.get("choices") or {}).items()
        )
        questions.append(
            Question(
                key=raw["key"],
                section=raw["section"],
                type=raw["type"],
                prompt=raw["prompt"],
                help=raw.get("help", {}),
                hint=raw.get("hint", {}),
                required=raw.get("required", False),
                default=raw.get("default"),
                when=raw.get("when"),
                ask=raw.get("ask", True),
                minimum=raw.get("min"),
                maximum=raw.get("max"),
                max_length=raw.get("max_length"),
                max_items=raw.get("max_items"),
                choices=choices,
                variants=_variants(raw, ("prompt", "help")),
                default_when=tuple(_rule(raw["key"], rule) for rule in raw.get("default_when") or ()),
            )
        )
    _check_rules(questions)
    return Questionnaire(sections, tuple(questions))


def _rule(key: str, raw: Any) -> DefaultRule:
    if not isinstance(raw, dict) or not set(raw) <= {"when", "value", "value_of"} or "when" not in raw:
        raise ValueError(
            f"questions.yml, {key}: default_when: each rule is {{when: <condition>, value: ...}} "
            f"or {{when: <condition>, value_of: <key>}}, not {raw!r}."
        )
    return DefaultRule(str(raw["when"]), raw.get("value"), raw.get("value_of"))


def _check_rules(questions: list[Question]) -> None:
    """A `default_when` rule has a condition and a value, or the key of an earlier question of the
    same type (its condition is compiled where it is used, as a `when` is; its value is checked by
    the question's type in tests/test_questions.py)."""
    seen: dict[str, str] = {}
    for q in questions:
        for rule in q.default_when:
            problem = None
            if not rule.when.strip():
                problem = "a rule needs a `when` condition"
            elif rule.value_of is not None and seen.get(rule.value_of) != q.type:
                problem = f"`value_of: {rule.value_of}` is not an earlier question of type {q.type}"
            if problem:
                raise ValueError(f"questions.yml, {q.key}: default_when: {problem}.")
        seen[q.key] = q.type


def _variants(raw: dict[str, Any], parts: tuple[str, ...]) -> dict[str, dict[str, dict[str, str]]]:
    """`prompt_<sector>` and `help_<sector>` keys of a question (`label_<sector>`, `help_<sector>` of a
    choice), by sector then part."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for name, text in raw.items():
        part, _, sector = str(name).partition("_")
        if part in parts and sector and isinstance(text, dict):
            found.setdefault(sector, {})[part] = text
    return found
