"""The list question types: texts, several choices, internal networks and public platforms."""

from __future__ import annotations

from typing import Any, ClassVar

from charter.model.catalog import Network, aliases, catalog
from charter.model.messages import say
from charter.model.questions import Question
from charter.model.site import Site, shown
from charter.model.suggest import did_you_mean
from charter.model.types.base import MAX_TEXT_LENGTH, ONE_LINE, Option, QuestionType, yaml_scalar
from charter.model.types.scalars import ChoiceType


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
