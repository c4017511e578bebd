"""The base of the question types: what every type does, and the words and bounds they share."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar, NamedTuple

from charter.model.messages import say
from charter.model.questions import Question
from charter.model.site import Site, shown

FORMAT = 1
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")  # what ends a line, for texts that must fit on one
MAX_TEXT_LENGTH = 1000  # characters of any text that has no tighter max_length of its own
MAX_DIGITS = 30  # a longer run of digits is refused as such (Python refuses ints past 4,300 digits)
# YAML 1.1 booleans, text under YAML 1.2: named in the message when a boolean question gets one.
BOOLEAN_WORDS = {"yes": "true", "y": "true", "on": "true", "no": "false", "n": "false", "off": "false"}
# A text of one line with something in it, and no character a Word document cannot hold.
ONE_LINE: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "pattern": "^(?=.*\\S)[^\\x00-\\x1f\\x85\\u2028\\u2029\\ufffe\\uffff]*$",
}


class Invalid(ValueError):
    """What the user typed cannot be the answer; the message says what to type instead."""


class Option(NamedTuple):
    """One choice of a select or checkbox prompt."""

    value: Any
    label: str
    help: str | None = None
    refused: str | None = None  # why it cannot be chosen (a closed network)


class QuestionType:
    """A type of answer. Subclasses override what differs; the defaults suit one line of text."""

    name: ClassVar[str]
    widget: ClassVar[str] = "text"  # how the interview asks: text, select, checkbox, platforms

    def describe(self, q: Question, lang: str) -> str:
        """What a valid answer is, in words ("a whole number from 1 to 720")."""
        return say(lang, "text")

    def schema(self, q: Question) -> dict[str, Any]:
        return {**ONE_LINE, "maxLength": q.max_length or MAX_TEXT_LENGTH}

    def check(self, q: Question, value: Any, site: Site) -> Any:
        """The value as the charter uses it; every problem is reported at ``site``."""
        return self.text(q, value, site, required=q.required or q.default is not None)

    def expected(self, q: Question, value: Any, site: Site, hint: str = "") -> None:
        site.problem(
            say(site.lang, "expected", what=self.describe(q, site.lang), got=shown(value, site.raw)) + hint
        )

    def text(self, q: Question, value: Any, site: Site, *, required: bool) -> str | None:
        """One line of text; numbers are taken as written, other values are refused."""
        if isinstance(value, bool | float):
            written = (site.raw or str(value))[:60]
            site.problem(
                say(site.lang, "expected", what=say(site.lang, "text"), got=shown(value, site.raw))
                + say(site.lang, "quote_it", written=written)
            )
            return None
        if isinstance(value, int):
            value = site.raw if site.raw and site.raw.strip() == site.raw else str(value)
        if not isinstance(value, str):
            site.problem(say(site.lang, "expected", what=say(site.lang, "text"), got=shown(value)))
            return None
        text = value.strip()
        if not text:
            if required:
                site.problem(say(site.lang, "required"))
            return None
        if LINE_BREAKS.search(text):
            site.problem(say(site.lang, "one_line"))
        limit = q.max_length or MAX_TEXT_LENGTH
        if len(text) > limit:
            site.problem(say(site.lang, "too_long", length=len(text), max=limit))
        return text

    # -- the interview --------------------------------------------------------------------------
    def parse(self, q: Question, typed: str, lang: str) -> Any:
        """What the user typed, as the answer; Invalid (a message in ``lang``) when it cannot be one.

        Nothing typed is no answer (None) for an optional question with no default, as the answers
        checker takes `key: null` for such a question, and refused for any other.
        """
        value = self.from_text(typed)
        if value is None:
            if q.required or q.default is not None:
                message = say(lang, "required")
                raise Invalid(message[:1].upper() + message[1:])
            return None
        site = Site.alone(lang, typed)
        value = self.check(q, value, site)
        if site.problems:
            message = site.problems[0][1]
            raise Invalid(message[:1].upper() + message[1:])
        return value

    def from_text(self, typed: str) -> Any:
        return typed.strip() or None

    def to_text(self, value: Any) -> str:
        """The answer as a text prompt shows it for editing."""
        return "" if value is None else str(value)

    def options(self, q: Question, lang: str) -> list[Option]:
        return []

    # -- showing and writing --------------------------------------------------------------------
    def show(self, q: Question, value: Any, lang: str) -> str:
        """The answer in words, for the review and the diff."""
        return "—" if value is None or value == [] else self.to_text(value)

    def dump(self, q: Question, value: Any, indent: str) -> list[str]:
        """The YAML lines of the answer, under the question's last key."""
        return [f"{indent}{q.path[-1]}: {yaml_scalar(value)}"]


def yaml_scalar(value: Any) -> str:
    """One value as YAML writes it inline: dates as YYYY-MM-DD, text quoted only when it must be."""
    import yaml

    if isinstance(value, date):
        return value.isoformat()
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000)
    return text.removesuffix("\n...\n").rstrip("\n")
