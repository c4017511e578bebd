"""The scalar question types: format, text, email, integer, boolean, choice, date."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from charter.model.messages import say
from charter.model.questions import Question
from charter.model.site import Site, shown
from charter.model.suggest import did_you_mean
from charter.model.types.base import (
    BOOLEAN_WORDS,
    DATE,
    EMAIL,
    FORMAT,
    MAX_DIGITS,
    Invalid,
    Option,
    QuestionType,
)


class FormatType(QuestionType):
    name = "format"
    widget = "none"

    def schema(self, q: Question) -> dict[str, Any]:
        return {"const": FORMAT}

    def check(self, q: Question, value: Any, site: Site) -> Any:
        return value  # the checker reads the format before anything else


class TextType(QuestionType):
    name = "text"


class EmailType(QuestionType):
    name = "email"

    def describe(self, q: Question, lang: str) -> str:
        return say(lang, "email")

    def schema(self, q: Question) -> dict[str, Any]:
        return {**super().schema(q), "format": "email", "pattern": EMAIL.pattern}

    def check(self, q: Question, value: Any, site: Site) -> Any:
        text = self.text(q, value, site, required=False)
        if text is not None and not EMAIL.match(text):
            self.expected(q, text, site)
        return text


class IntegerType(QuestionType):
    name = "integer"

    def describe(self, q: Question, lang: str) -> str:
        if q.minimum is not None and q.maximum is not None:
            return say(lang, "integer_between", min=q.minimum, max=q.maximum)
        if q.minimum is not None:
            return say(lang, "integer_from", min=q.minimum)
        if q.maximum is not None:
            return say(lang, "integer_to", max=q.maximum)
        return say(lang, "integer")

    def schema(self, q: Question) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer"}
        if q.minimum is not None:
            schema["minimum"] = q.minimum
        if q.maximum is not None:
            schema["maximum"] = q.maximum
        return schema

    def from_text(self, typed: str) -> Any:
        digits = re.sub(r"[\s_\u00a0\u202f]", "", typed)  # "1 200", "1_200", a French narrow space
        if re.fullmatch(r"-?(?:0|[1-9][0-9]{0,29})", digits):
            return int(digits)
        return typed.strip() or None  # quoted back as typed

    def check(self, q: Question, value: Any, site: Site) -> Any:
        if value is None and not q.required:
            if q.default is None:
                return None
            self.expected(q, value, site)
            return q.default
        if isinstance(value, str) and value.lstrip("+-").isdigit() and len(value) > MAX_DIGITS:
            what = self.describe(q, site.lang)
            site.problem(say(site.lang, "too_many_digits", what=what, count=len(value.lstrip("+-"))))
            return q.default
        if isinstance(value, bool) or not isinstance(value, int):
            zeros = isinstance(value, str) and re.fullmatch(r"[-+]?0[0-9]+", value)
            self.expected(q, value, site, say(site.lang, "leading_zeros") if zeros else "")
            return q.default
        if (q.minimum is not None and value < q.minimum) or (q.maximum is not None and value > q.maximum):
            self.expected(q, value, site)
        return value


class BooleanType(QuestionType):
    name = "boolean"
    widget = "select"

    def describe(self, q: Question, lang: str) -> str:
        return say(lang, "boolean")

    def schema(self, q: Question) -> dict[str, Any]:
        return {"type": "boolean"}

    def check(self, q: Question, value: Any, site: Site) -> Any:
        if not isinstance(value, bool):
            word = BOOLEAN_WORDS.get(value.lower()) if isinstance(value, str) else None
            self.expected(q, value, site, did_you_mean(word, [word], site.lang) if word else "")
            return q.default
        return value

    def options(self, q: Question, lang: str) -> list[Option]:
        return [Option(True, say(lang, "yes")), Option(False, say(lang, "no"))]

    def show(self, q: Question, value: Any, lang: str) -> str:
        return "—" if value is None else say(lang, "yes" if value else "no")


class ChoiceType(QuestionType):
    name = "choice"
    widget = "select"

    def describe(self, q: Question, lang: str) -> str:
        return say(lang, "one_of", options=", ".join(q.choice_values()))

    def schema(self, q: Question) -> dict[str, Any]:
        return {"enum": q.choice_values()}

    def check(self, q: Question, value: Any, site: Site) -> Any:
        return self.one(q, value, site) or q.default

    def one(self, q: Question, value: Any, site: Site) -> str | None:
        options = q.choice_values()
        if isinstance(value, str) and value in options:
            return value
        site.problem(
            say(
                site.lang,
                "expected",
                what=say(site.lang, "one_of", options=", ".join(options)),
                got=shown(value, site.raw),
            )
            + did_you_mean(value, options, site.lang)
        )
        return None

    def options(self, q: Question, lang: str) -> list[Option]:
        return [Option(c.value, c.label.get(lang, c.value), c.help.get(lang)) for c in q.choices]

    def show(self, q: Question, value: Any, lang: str) -> str:
        return "—" if value is None else q.label(value, lang)


LOCAL_DATE = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}
LOCAL_FORM = {"fr": "JJ/MM/AAAA", "en": "DD/MM/YYYY", "en-US": "MM/DD/YYYY"}


class DateType(QuestionType):
    """A date: `YYYY-MM-DD` in a file; typed, also in the local form of the interview's language
    (day/month/year in French and in English outside the US, month/day/year in English under US law)."""

    name = "date"

    def parse(self, q: Question, typed: str, lang: str, jurisdiction: str | None = None) -> Any:
        match = LOCAL_DATE.match(typed.strip())
        if not match:
            try:
                return super().parse(q, typed, lang)
            except Invalid:
                if not typed.strip():
                    raise
        else:
            first, second, year = (int(part) for part in match.groups())
            us = lang == "en" and jurisdiction == "US"
            month, day = (first, second) if us else (second, first)
            try:
                return date(year, month, day)
            except ValueError:
                pass
        # refused: the message names both forms the interview reads, the local one first
        form = self.local_form(lang, jurisdiction)
        what = f"{form} {'ou' if lang == 'fr' else 'or'} {say(lang, 'date')}"
        message = say(lang, "expected", what=what, got=shown(typed.strip()))
        raise Invalid(message[:1].upper() + message[1:])

    def local_form(self, lang: str, jurisdiction: str | None = None) -> str:
        """The local form a date is typed in: JJ/MM/AAAA, DD/MM/YYYY, MM/DD/YYYY (English under US law)."""
        return LOCAL_FORM[
            "en-US" if lang == "en" and jurisdiction == "US" else lang if lang in LOCAL_FORM else "en"
        ]

    def read_as(self, value: date, lang: str, jurisdiction: str | None = None) -> str:
        """A date in words, as the interview says how it read what was typed: 1er mars 2027, 1 March 2027,
        March 1, 2027 (English under US law)."""
        months = MONTHS.get(lang, MONTHS["en"])
        month = months[value.month - 1]
        if lang == "fr":
            return f"{'1er' if value.day == 1 else value.day} {month} {value.year}"
        if jurisdiction == "US":
            return f"{month} {value.day}, {value.year}"
        return f"{value.day} {month} {value.year}"

    def describe(self, q: Question, lang: str) -> str:
        return say(lang, "date")

    def schema(self, q: Question) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": DATE.pattern}

    def check(self, q: Question, value: Any, site: Site) -> Any:
        if value is None or isinstance(value, date):
            return value
        if isinstance(value, str) and DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.expected(q, value, site)
        return None

    def to_text(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, date) else ""
