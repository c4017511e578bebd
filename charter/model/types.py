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

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from charter.model.catalog import Network, aliases, catalog
from charter.model.messages import say
from charter.model.questions import Question
from charter.model.site import Site, shown
from charter.model.suggest import did_you_mean

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


@dataclass(frozen=True)
class Option:
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
        value = value.strip()
        if not value:
            if required:
                site.problem(say(site.lang, "required"))
            return None
        if LINE_BREAKS.search(value):
            site.problem(say(site.lang, "one_line"))
        limit = q.max_length or MAX_TEXT_LENGTH
        if len(value) > limit:
            site.problem(say(site.lang, "too_long", length=len(value), max=limit))
        return value

    # -- the interview --------------------------------------------------------------------------
    def parse(self, q: Question, typed: str, lang: str) -> Any:
        """What the user typed, as the answer; Invalid (a message in ``lang``) when it cannot be one."""
        site = Site.alone(lang, typed)
        value = self.check(q, self.from_text(typed), site)
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
        return digits or None

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


class ListType(QuestionType):
    """A list of short texts (roles): typed one after another, separated by semicolons."""

    name = "list"

    def describe(self, q: Question, lang: str) -> str:
        return say(lang, "list_of_texts")

    def schema(self, q: Question) -> dict[str, Any]:
        return {"type": "array", "items": super().schema(q)}

    def items(self, q: Question, value: Any, site: Site) -> list[Any] | None:
        """The items of a list answer, or None (reported) when it is not a list or is too long."""
        if not isinstance(value, list):
            self.expected(q, value, site)
            return None
        if q.max_items is not None and len(value) > q.max_items:
            site.problem(say(site.lang, "too_many", count=len(value), max=q.max_items))
            return None
        return value

    def check(self, q: Question, value: Any, site: Site) -> Any:
        result = []
        for index, item in enumerate(self.items(q, value, site) or []):
            text = self.text(q, item, site.at(index), required=True)
            if text is not None:
                result.append(text)
        return result

    def from_text(self, typed: str) -> Any:
        return [item.strip() for item in typed.split(";") if item.strip()]

    def to_text(self, value: Any) -> str:
        return "; ".join(map(str, value or []))

    def show(self, q: Question, value: Any, lang: str) -> str:
        return "; ".join(map(str, value)) if value else "—"

    def dump(self, q: Question, value: Any, indent: str) -> list[str]:
        key = q.path[-1]
        if not value:
            return [f"{indent}{key}: []"]
        return [f"{indent}{key}:", *(f"{indent}  - {yaml_scalar(item)}" for item in value)]


class MultichoiceType(ListType, ChoiceType):
    name = "multichoice"
    widget = "checkbox"

    def describe(self, q: Question, lang: str) -> str:
        return say(lang, "list_of", options=", ".join(q.choice_values()))

    def schema(self, q: Question) -> dict[str, Any]:
        return {"type": "array", "items": {"enum": q.choice_values()}, "uniqueItems": True}

    def check(self, q: Question, value: Any, site: Site) -> Any:
        result: list[str] = []
        for index, item in enumerate(self.items(q, value, site) or []):
            chosen = self.one(q, item, site.at(index))
            if chosen is not None and chosen in result:
                site.at(index).problem(say(site.lang, "twice", item=shown(chosen)))
            elif chosen is not None:
                result.append(chosen)
        return result

    def show(self, q: Question, value: Any, lang: str) -> str:
        return ", ".join(q.label(v, lang) for v in value) if value else "—"


class DateType(QuestionType):
    name = "date"

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


class NetworksType(ListType):
    """Ids of the catalogue's internal networks (old names accepted, written back as the new)."""

    name = "networks"
    widget = "checkbox"
    kind: ClassVar[str] = "enterprise"
    key: ClassVar[str] = "enterprise"  # named in "Remove it from ..."

    def usable(self) -> list[Network]:
        return [n for n in catalog().values() if n.kind == self.kind and n.status != "closed"]

    def describe(self, q: Question, lang: str) -> str:
        return say(lang, f"list_of_{self.kind}")

    def accepted(self) -> list[str]:
        return sorted(name for n in self.usable() for name in (n.id, *n.aliases))

    def once_each(self, *, as_mapping: bool) -> list[dict[str, Any]]:
        """Each network at most once, whether named by id, by an old name or in a mapping."""
        rules = []
        for network in self.usable():
            names = sorted((network.id, *network.aliases))
            forms: list[dict[str, Any]] = [{"enum": names}]
            if as_mapping:
                forms.append({"type": "object", "required": ["id"], "properties": {"id": {"enum": names}}})
            rules.append({"contains": {"anyOf": forms}, "minContains": 0, "maxContains": 1})
        return rules

    def schema(self, q: Question) -> dict[str, Any]:
        return {
            "type": "array",
            "items": {"enum": self.accepted()},
            "uniqueItems": True,
            "allOf": self.once_each(as_mapping=False),
        }

    def network(self, value: Any, site: Site) -> Network | None:
        valid = sorted(n.id for n in self.usable())
        lang = site.lang
        if not isinstance(value, str):
            what = say(lang, "network_id", options=", ".join(valid))
            site.problem(say(lang, "expected", what=what, got=shown(value)))
            return None
        network = catalog().get(aliases().get(value, value))
        if network is None:
            hint = did_you_mean(value, valid + list(aliases()), lang)
            site.problem(say(lang, "unknown_network", got=shown(value), hint=hint, valid=", ".join(valid)))
            return None
        if network.status == "closed":
            site.problem(
                say(
                    lang,
                    "closed_network",
                    reason=network.reason.get(lang, network.reason["en"]),
                    field=self.key,
                )
            )
            return None
        if network.kind != self.kind:
            site.problem(say(lang, f"not_{self.kind}", name=network.name))
            return None
        return network

    def check(self, q: Question, value: Any, site: Site) -> Any:
        result: list[Any] = []
        for index, item in enumerate(self.items(q, [] if value is None else value, site) or []):
            entry = self.item(q, item, site.at(index))
            if entry is None:
                continue
            ident = entry["id"] if isinstance(entry, dict) else entry
            if any((r["id"] if isinstance(r, dict) else r) == ident for r in result):
                where = site.at(index, "id") if isinstance(item, dict) else site.at(index)
                where.problem(say(site.lang, "twice", item=catalog()[ident].name))
                continue
            result.append(entry)
        return result

    def item(self, q: Question, item: Any, site: Site) -> Any:
        network = self.network(item, site)
        return network.id if network else None

    def options(self, q: Question, lang: str) -> list[Option]:
        options = []
        for n in (n for n in catalog().values() if n.kind == self.kind):
            refused = (n.reason.get(lang) or say(lang, "closed")) if n.status == "closed" else None
            status = say(lang, n.status) if n.status in ("closing", "legacy") else None
            hint = "; ".join(filter(None, (n.help.get(lang), status))) or None
            options.append(Option(n.id, n.name, hint, refused))
        return options

    def show(self, q: Question, value: Any, lang: str) -> str:
        return ", ".join(catalog()[v].name for v in value) if value else "—"


class PlatformsType(NetworksType):
    """Public platforms: an id, or a mapping with the id, the account and who runs it."""

    name = "platforms"
    widget = "platforms"
    kind = "public"
    key = "platforms"
    ITEM_KEYS: ClassVar[tuple[str, ...]] = ("id", "account", "owner")

    def schema(self, q: Question) -> dict[str, Any]:
        ids = {"enum": self.accepted()}
        detail = {"anyOf": [{**ONE_LINE, "maxLength": MAX_TEXT_LENGTH}, {"type": "null"}]}
        mapping = {
            "type": "object",
            "properties": {"id": ids, "account": detail, "owner": detail},
            "required": ["id"],
            "additionalProperties": False,
        }
        return {"type": "array", "items": {"anyOf": [ids, mapping]}, "allOf": self.once_each(as_mapping=True)}

    def item(self, q: Question, item: Any, site: Site) -> Any:
        details: dict[str, Any] = {"account": None, "owner": None}
        if isinstance(item, dict):
            for key in item:
                if key not in self.ITEM_KEYS:
                    hint = did_you_mean(key, list(self.ITEM_KEYS), site.lang)
                    site.at(key).problem(
                        say(site.lang, "unknown_item_key", hint=hint, valid=", ".join(self.ITEM_KEYS))
                    )
            if "id" not in item:
                site.problem(say(site.lang, "platform_needs_id"))
                return None
            for key in ("account", "owner"):
                if item.get(key) is not None:
                    details[key] = self.text(q, item[key], site.at(key), required=False)
            item, site = item["id"], site.at("id")
        network = self.network(item, site)
        return {"id": network.id, **details} if network else None

    def show(self, q: Question, value: Any, lang: str) -> str:
        parts = []
        for item in value or []:
            details = ", ".join(filter(None, (item.get("account"), item.get("owner"))))
            parts.append(catalog()[item["id"]].name + (f" ({details})" if details else ""))
        return (" ; " if lang == "fr" else "; ").join(parts) or "—"

    def dump(self, q: Question, value: Any, indent: str) -> list[str]:
        key = q.path[-1]
        if not value:
            return [f"{indent}{key}: []"]
        lines = [f"{indent}{key}:"]
        for item in value:
            if item.get("account") or item.get("owner"):
                lines.append(f"{indent}  - id: {item['id']}")
                lines.extend(
                    f"{indent}    {sub}: {yaml_scalar(item[sub])}"
                    for sub in ("account", "owner")
                    if item.get(sub)
                )
            else:
                lines.append(f"{indent}  - {item['id']}")
        return lines


def yaml_scalar(value: Any) -> str:
    """One value as YAML writes it inline: dates as YYYY-MM-DD, text quoted only when it must be."""
    import yaml

    if isinstance(value, date):
        return value.isoformat()
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000)
    return text.removesuffix("\n...\n").rstrip("\n")


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
    )
}


def type_of(q: Question) -> QuestionType:
    """The type of a question (the questionnaire loader refuses a type missing from the table)."""
    return TYPES[q.type]
