"""A list of records: mappings with the same few fields, each field checked by its own type.

`history` is the revision history of a charter (`charter.history`): each entry a version, a date and
a summary of what changed. The interview does not ask it (`charter new --from` appends to it).
"""

from __future__ import annotations

from typing import Any, ClassVar

from charter.model.messages import say
from charter.model.questions import Question
from charter.model.site import Site, shown
from charter.model.suggest import did_you_mean
from charter.model.types.base import QuestionType, yaml_scalar
from charter.model.types.scalars import DateType, TextType

#: Words of the records' own messages (the shared ones are in templates/messages.yml).
_WORDS = {
    "en": {
        "describe": "a list of entries, each a mapping with {fields}",
        "entry": "a mapping with {fields}",
        "unknown": "unknown key.{hint} An entry may have: {valid}.",
        "missing": "this entry needs a {field}.",
    },
    "fr": {
        "describe": "une liste d'entrées, chacune avec {fields}",
        "entry": "une entrée avec {fields}",
        "unknown": "clé inconnue.{hint} Une entrée peut avoir : {valid}.",
        "missing": "il manque à cette entrée : {field}.",
    },
}


def _say(lang: str, key: str, **values: str) -> str:
    return _WORDS.get(lang, _WORDS["en"])[key].format(**values)


class RecordsType(QuestionType):
    """A list of mappings whose fields are given as (name, type, required, max_length)."""

    name = "records"
    widget = "none"
    FIELDS: ClassVar[tuple[tuple[str, QuestionType, bool, int | None], ...]] = ()

    def field(
        self, q: Question, name: str, kind: QuestionType, required: bool, length: int | None
    ) -> Question:
        """The question a field of an entry answers, so that the field is checked by its own type."""
        return Question(
            key=f"{q.key}.{name}",
            section=q.section,
            type=kind.name,
            prompt={"en": name, "fr": name},
            required=required,
            max_length=length,
        )

    def describe(self, q: Question, lang: str) -> str:
        return _say(lang, "describe", fields=", ".join(name for name, *_ in self.FIELDS))

    def schema(self, q: Question) -> dict[str, Any]:
        properties = {
            name: kind.schema(self.field(q, name, kind, required, length))
            for name, kind, required, length in self.FIELDS
        }
        for name, _, required, _ in self.FIELDS:
            if not required:
                properties[name] = {"anyOf": [properties[name], {"type": "null"}]}
        item = {
            "type": "object",
            "properties": properties,
            "required": [name for name, _, required, _ in self.FIELDS if required],
            "additionalProperties": False,
        }
        return {"type": "array", "items": item}

    def check(self, q: Question, value: Any, site: Site) -> Any:
        if value is None:
            return []
        if not isinstance(value, list):
            self.expected(q, value, site)
            return []
        if q.max_items is not None and len(value) > q.max_items:
            site.problem(say(site.lang, "too_many", count=len(value), max=q.max_items))
            return []
        result = []
        names = [name for name, *_ in self.FIELDS]
        for index, item in enumerate(value):
            here = site.at(index)
            if not isinstance(item, dict):
                what = _say(site.lang, "entry", fields=", ".join(names))
                here.problem(say(site.lang, "expected", what=what, got=shown(item)))
                continue
            for key in item:
                if key not in names:
                    hint = did_you_mean(str(key), names, site.lang)
                    here.at(key).problem(_say(site.lang, "unknown", hint=hint, valid=", ".join(names)))
            entry: dict[str, Any] = {}
            for name, kind, required, length in self.FIELDS:
                field = self.field(q, name, kind, required, length)
                if item.get(name) is None:
                    if required:
                        here.problem(_say(site.lang, "missing", field=name))
                    entry[name] = None
                    continue
                entry[name] = kind.check(field, item[name], here.at(name))
            result.append(entry)
        return result

    def show(self, q: Question, value: Any, lang: str) -> str:
        if not value:
            return "—"
        return "; ".join(self.entry_text(entry) for entry in value)

    def entry_text(self, entry: dict[str, Any]) -> str:
        return ", ".join(str(entry[name]) for name, *_ in self.FIELDS if entry.get(name) is not None)

    def to_text(self, value: Any) -> str:
        return "; ".join(self.entry_text(entry) for entry in value or [])

    def dump(self, q: Question, value: Any, indent: str) -> list[str]:
        key = q.path[-1]
        if not value:
            return [f"{indent}{key}: []"]
        lines = [f"{indent}{key}:"]
        for entry in value:
            first = True
            for name, *_ in self.FIELDS:
                if entry.get(name) is None:
                    continue
                lines.append(f"{indent}  {'- ' if first else '  '}{name}: {yaml_scalar(entry[name])}")
                first = False
        return lines


class HistoryType(RecordsType):
    """The revision history of a charter: version (as text: quote it), date, and what changed."""

    name = "history"
    FIELDS = (
        ("version", TextType(), True, 20),
        ("date", DateType(), True, None),
        ("summary", TextType(), False, 300),
    )

    def show(self, q: Question, value: Any, lang: str) -> str:
        if not value:
            return "—"
        parts = []
        for entry in value:
            head = f"{entry['version']} ({entry['date']})"
            parts.append(f"{head}: {entry['summary']}" if entry.get("summary") else head)
        return "; ".join(parts)


def next_version(version: str, max_length: int = 20) -> str:
    """The version after ``version``: its last number plus one ("3.0" -> "3.1", "2" -> "3", "v1.9" ->
    "v1.10"); "<version>.1" when it holds no number; ``version`` itself when the next is too long."""
    import re

    match = re.search(r"(\d+)(\D*)$", version)
    if match is None:
        proposed = f"{version}.1"
    else:
        proposed = version[: match.start(1)] + str(int(match.group(1)) + 1) + match.group(2)
    return proposed if len(proposed) <= max_length else version
