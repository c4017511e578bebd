"""Read, check and complete an answers file (format 1), write one back, and describe it as JSON Schema.

Every rule comes from the questionnaire (`templates/questions.yml`) and the catalogue
(`templates/catalog.yml`), so a question added there is checked here with no new code.
All the problems of a file are collected and reported at once, each with its key path and line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from charter.errors import AnswersError
from charter.questions import Network, Question, aliases, catalog, questionnaire

FORMAT = 1
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Characters an XML 1.0 document (and so Word) cannot hold.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
PLATFORM_ITEM_KEYS = ("id", "account", "owner")


@dataclass
class Answers:
    """A checked answers file with every default applied, under the file's own key names."""

    data: dict[str, Any]
    source: Path | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.data["language"]

    def get(self, key: str) -> Any:
        return get_path(self.data, key)


MISSING = object()  # get_path's answer for a key that is absent (None is a value: `key: null`)


def get_path(data: dict[str, Any], key: str, default: Any = None) -> Any:
    node: Any = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def set_path(data: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


# --------------------------------------------------------------------------- reading


class _Lines:
    """Line numbers of every key path of a YAML document, from PyYAML's node tree."""

    def __init__(self) -> None:
        self.lines: dict[tuple[Any, ...], int] = {}
        self.duplicates: list[tuple[tuple[Any, ...], int]] = []

    def walk(self, node: Any, path: tuple[Any, ...] = ()) -> None:
        import yaml

        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, value_node in node.value:
                key = key_node.value
                if key in seen:
                    self.duplicates.append(((*path, key), key_node.start_mark.line + 1))
                seen.add(key)
                self.lines[(*path, key)] = key_node.start_mark.line + 1
                self.walk(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, (*path, index))

    def line(self, path: tuple[Any, ...]) -> int | None:
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def read_answers(path: Path) -> Answers:
    """Read and check an answers file; raise AnswersError naming every problem."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise AnswersError(
            f"{name}: no such file. Give the path of an answers file (format {FORMAT})."
        ) from None
    except IsADirectoryError:
        raise AnswersError(f"{name} is a folder, not an answers file.") from None
    except OSError as exc:
        raise AnswersError(f"{name} cannot be read: {exc.strerror}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersError(
            f"{name} is not UTF-8 text (byte {exc.start}). Save it as UTF-8 and try again."
        ) from None
    return parse_answers(text, name=name, source=path)


def _loader_class() -> type:
    """A safe loader that keeps dates as text, so a bad date is reported by the checker, not by PyYAML."""
    import yaml

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # libyaml: faster
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return Loader


def parse_answers(text: str, *, name: str = "answers", source: Path | None = None) -> Answers:
    import yaml

    if not text.strip() or all(
        line.strip().startswith("#") or not line.strip() for line in text.splitlines()
    ):
        raise AnswersError(
            f"{name} is empty. An answers file needs at least `format: {FORMAT}`, "
            "`organisation.name` and `platforms`; see `charter schema` or run `charter new`."
        )
    bad = _BAD_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise AnswersError(
            f"{name}, line {line}: the character U+{ord(bad.group()):04X} cannot appear in a Word document. "
            "Remove it and try again."
        )
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        lines = _Lines()
        if node is not None:
            lines.walk(node)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise AnswersError(f"{name}{where}: this is not valid YAML ({problem}).") from None
    except yaml.YAMLError as exc:
        raise AnswersError(f"{name}: this is not valid YAML ({exc}).") from None
    finally:
        loader.dispose()
    checker = _Checker(name, lines)
    result = checker.check(data)
    if checker.problems:
        count = len(checker.problems)
        noun = "problem" if count == 1 else "problems"
        raise AnswersError(
            f"{name} does not follow answers format {FORMAT} ({count} {noun}); nothing was written:",
            checker.problems,
        )
    answers = Answers(result, source=source)
    answers.warnings = lifecycle_warnings(result)
    return answers


def _closest(word: Any, options: list[str]) -> str:
    if not isinstance(word, str):
        return ""
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return f' Did you mean "{lowered[word.lower()]}"?'
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f' Did you mean "{match[0]}"?' if match else ""


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


class _Checker:
    def __init__(self, name: str, lines: _Lines) -> None:
        self.name = name
        self.lines = lines
        self._found: list[tuple[int, str]] = []
        self.questions = questionnaire()
        self.catalog = catalog()
        self.aliases = aliases()

    def problem(self, path: tuple[Any, ...], message: str) -> None:
        line = self.lines.line(path)
        where = f"line {line}, " if line else ""
        dotted = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in path).replace(".[", "[")
        self._found.append((line or 0, f"{where}{dotted or '(top level)'}: {message}"))

    @property
    def problems(self) -> list[str]:
        """Every problem found, in the order of the file's lines."""
        return [text for _, text in sorted(self._found, key=lambda item: item[0])]

    def check(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.problem(
                (), f"expected a mapping of keys (format: {FORMAT}, organisation: ...), got {_show(data)}."
            )
            return {}
        for path, line in self.lines.duplicates:
            self._found.append((line, f"line {line}, {'.'.join(map(str, path))}: this key is given twice."))
        fmt = data.get("format")
        if "format" not in data:
            self.problem(("format",), f"missing required key; the first line should be `format: {FORMAT}`.")
        elif fmt != FORMAT or isinstance(fmt, bool):
            self.problem(
                ("format",),
                f"unsupported format {_show(fmt)}; this version of charter reads format {FORMAT} only.",
            )
            return {}
        self._unknown_keys(data)
        result: dict[str, Any] = {}
        for question in self.questions.questions:
            value = get_path(data, question.key, MISSING)
            if value is MISSING:
                if question.required:
                    self.problem(question.path, f"missing required key ({question.prompt['en'].lower()}).")
                    continue
                value = _copy_default(question.default)
            elif not (value is None and question.default is None and not question.required):
                value = self._check_value(question, value)  # null stays null where "no value" is allowed
            set_path(result, question.key, value)
        no_network = not result.get("platforms") and not result.get("enterprise_networks")
        if "platforms" in data and not self.problems and no_network:
            self.problem(
                ("platforms",),
                "is empty while enterprise_networks is empty too: a charter needs at least one network.",
            )
        return result

    def _unknown_keys(self, data: dict[str, Any]) -> None:
        groups = self.questions.groups()
        top = sorted({q.path[0] for q in self.questions.questions})
        for key, value in data.items():
            if key not in top:
                self.problem((key,), f"unknown key.{_closest(str(key), top)} Valid keys: {', '.join(top)}.")
            elif key in groups:
                if value is None:
                    continue
                if not isinstance(value, dict):
                    self.problem(
                        (key,), f"expected a mapping of keys ({', '.join(groups[key])}), got {_show(value)}."
                    )
                    continue
                for sub in value:
                    if sub not in groups[key]:
                        self.problem(
                            (key, sub),
                            f"unknown key.{_closest(str(sub), list(groups[key]))} "
                            f"Valid keys under {key}: {', '.join(groups[key])}.",
                        )

    # -- values --------------------------------------------------------------------------------

    def _check_value(self, q: Question, value: Any) -> Any:
        path = q.path
        checker = getattr(self, f"_type_{q.type}")
        return checker(q, path, value)

    def _type_format(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        return value

    def _text(self, q: Question, path: tuple[Any, ...], value: Any, *, required: bool) -> str | None:
        if isinstance(value, (bool, float)):
            hint = ' Put it in quotes, for example "1.0".' if isinstance(value, float) else ""
            self.problem(path, f"expected text, got {_show(value)}.{hint}")
            return None
        if isinstance(value, int):
            value = str(value)
        if not isinstance(value, str):
            self.problem(path, f"expected text, got {_show(value)}.")
            return None
        value = value.strip()
        if not value:
            if required:
                self.problem(path, "must not be empty.")
            return None
        if "\n" in value:
            self.problem(path, "must fit on one line.")
        if q.max_length and len(value) > q.max_length:
            self.problem(path, f"is {len(value)} characters long; at most {q.max_length} fit.")
        return value

    def _type_text(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        return self._text(q, path, value, required=q.required or q.default is not None)

    def _type_email(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        text = self._text(q, path, value, required=False)
        if text is not None and not EMAIL.match(text):
            self.problem(path, f'expected an email address such as "name@example.org", got {_show(text)}.')
        return text

    def _type_integer(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(path, f"expected a whole number, got {_show(value)}.")
            return q.default
        if (q.minimum is not None and value < q.minimum) or (q.maximum is not None and value > q.maximum):
            self.problem(path, f"expected a whole number from {q.minimum} to {q.maximum}, got {value}.")
        return value

    def _type_boolean(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        if not isinstance(value, bool):
            self.problem(path, f"expected true or false, got {_show(value)}.")
            return q.default
        return value

    def _type_choice(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        options = q.choice_values()
        if not isinstance(value, str) or value not in options:
            self.problem(
                path, f"expected one of {', '.join(options)}, got {_show(value)}.{_closest(value, options)}"
            )
            return q.default
        return value

    def _type_multichoice(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        options = q.choice_values()
        if not isinstance(value, list):
            self.problem(path, f"expected a list of {', '.join(options)}, got {_show(value)}.")
            return []
        result: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or item not in options:
                self.problem(
                    (*path, index),
                    f"expected one of {', '.join(options)}, got {_show(item)}.{_closest(item, options)}",
                )
            elif item in result:
                self.problem((*path, index), f"{_show(item)} is listed twice.")
            else:
                result.append(item)
        return result

    def _type_list(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        if not isinstance(value, list):
            self.problem(path, f"expected a list of texts, got {_show(value)}.")
            return []
        result = []
        for index, item in enumerate(value):
            text = self._text(q, (*path, index), item, required=True)
            if text is not None:
                result.append(text)
        return result

    def _type_date(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.problem(path, f"expected a date written YYYY-MM-DD, such as 2027-01-01, got {_show(value)}.")
        return None

    def _network_id(self, path: tuple[Any, ...], value: Any, kind: str) -> Network | None:
        valid = sorted(n.id for n in self.catalog.values() if n.kind == kind and n.status != "closed")
        if not isinstance(value, str):
            self.problem(path, f"expected a network id ({', '.join(valid)}), got {_show(value)}.")
            return None
        ident = self.aliases.get(value, value)
        network = self.catalog.get(ident)
        if network is None:
            self.problem(
                path,
                f"unknown network {_show(value)}.{_closest(value, valid + list(self.aliases))} "
                f"Valid ids: {', '.join(valid)}.",
            )
            return None
        if network.status == "closed":
            self.problem(
                path, f"{network.reason['en']} Remove it from {'platforms' if kind == 'public' else kind}."
            )
            return None
        if network.kind != kind:
            where = "enterprise_networks" if network.kind == "enterprise" else "platforms"
            self.problem(
                path,
                f"{network.name} is {'an internal' if where == 'enterprise_networks' else 'a public'} "
                f"network: list it under {where}.",
            )
            return None
        return network

    def _type_platforms(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        if value is None:
            value = []
        if not isinstance(value, list):
            self.problem(path, f"expected a list of platforms, got {_show(value)}.")
            return []
        result: list[dict[str, Any]] = []
        for index, item in enumerate(value):
            where = (*path, index)
            details: dict[str, Any] = {"account": None, "owner": None}
            if isinstance(item, dict):
                for key in item:
                    if key not in PLATFORM_ITEM_KEYS:
                        self.problem(
                            (*where, key),
                            f"unknown key.{_closest(str(key), list(PLATFORM_ITEM_KEYS))} "
                            f"A platform may have: {', '.join(PLATFORM_ITEM_KEYS)}.",
                        )
                if "id" not in item:
                    self.problem(where, "a platform given as a mapping needs an `id`.")
                    continue
                for key in ("account", "owner"):
                    if item.get(key) is not None:
                        details[key] = self._text(q, (*where, key), item[key], required=False)
                ident: Any = item["id"]
                where = (*where, "id")
            else:
                ident = item
            network = self._network_id(where, ident, "public")
            if network is None:
                continue
            if any(p["id"] == network.id for p in result):
                self.problem(where, f"{network.name} is listed twice.")
                continue
            result.append({"id": network.id, **details})
        return result

    def _type_networks(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        if value is None:
            value = []
        if not isinstance(value, list):
            self.problem(path, f"expected a list of internal networks, got {_show(value)}.")
            return []
        result: list[str] = []
        for index, item in enumerate(value):
            network = self._network_id((*path, index), item, "enterprise")
            if network is None:
                continue
            if network.id in result:
                self.problem((*path, index), f"{network.name} is listed twice.")
                continue
            result.append(network.id)
        return result


def _copy_default(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def lifecycle_warnings(data: dict[str, Any]) -> list[str]:
    """Warnings from the catalogue: closing or legacy networks, app bans that concern the organisation."""
    lang = data.get("language", "en")
    jurisdiction = get_path(data, "organisation.jurisdiction")
    public = get_path(data, "organisation.sector") == "public"
    found = []
    ids = [p["id"] for p in data.get("platforms", [])] + list(data.get("enterprise_networks", []))
    for ident in ids:
        network = catalog()[ident]
        if not network.warning:
            continue
        if network.gov_device_ban and not (public and jurisdiction in network.gov_device_ban):
            continue
        found.append(network.warning.get(lang, network.warning["en"]))
    return found


# --------------------------------------------------------------------------- writing


def dump_answers(data: dict[str, Any], *, lang: str = "en") -> str:
    """An answers file with each question as a comment above its answer, in the interview's language."""
    import yaml

    def scalar(value: Any) -> str:
        if isinstance(value, date):
            return value.isoformat()
        text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000)
        return text.removesuffix("\n...\n").rstrip("\n")

    header = {
        "en": "# Answers for charter, the social-media usage charter generator (format 1).\n"
        "# Each comment is the question answered below it. Edit freely, then run:\n"
        "#   charter generate THIS-FILE -o CHARTER.docx\n",
        "fr": "# Réponses pour charter, générateur de charte d'utilisation des réseaux sociaux (format 1).\n"
        "# Chaque commentaire est la question posée ; modifiez librement, puis lancez :\n"
        "#   charter generate CE-FICHIER -o CHARTE.docx\n",
    }[lang]
    out = [header]
    current_group: str | None = None
    for q in questionnaire().questions:
        value = get_path(data, q.key, MISSING)
        # An asked question answered with nothing stays visible as `key: null`; optional keys
        # the interview never asks (charter.title, clauses.*) appear only when set.
        if value is MISSING or (not q.ask and value in ([], None)):
            continue
        group = q.path[0] if len(q.path) == 2 else None
        indent = "  " if group else ""
        if group != current_group:
            out.append("")
            if group:
                out.append(f"{group}:")
            current_group = group
        elif not group:
            out.append("")
        if q.key != "format":
            out.append(f"{indent}# {q.prompt.get(lang, q.prompt['en'])}")
            if q.choices and q.type in ("choice", "multichoice"):
                out.append(f"{indent}# {' | '.join(q.choice_values())}")
        key = q.path[-1]
        if q.type == "platforms":
            if not value:
                out.append(f"{indent}{key}: []")
                continue
            out.append(f"{indent}{key}:")
            for item in value:
                if item.get("account") or item.get("owner"):
                    out.append(f"{indent}  - id: {item['id']}")
                    for sub in ("account", "owner"):
                        if item.get(sub):
                            out.append(f"{indent}    {sub}: {scalar(item[sub])}")
                else:
                    out.append(f"{indent}  - {item['id']}")
        elif isinstance(value, list) and value:
            out.append(f"{indent}{key}:")
            out.extend(f"{indent}  - {scalar(item)}" for item in value)
        else:
            out.append(f"{indent}{key}: {scalar(value)}")
    return "\n".join(out).lstrip("\n").replace("\n\n\n", "\n\n") + "\n"


# --------------------------------------------------------------------------- JSON Schema


def json_schema() -> dict[str, Any]:
    """Format 1 as JSON Schema (draft 2020-12), derived from the questionnaire."""
    all_networks = catalog().values()
    public_ids = sorted(
        [n.id for n in all_networks if n.kind == "public" and n.status != "closed"]
        + [a for n in all_networks if n.kind == "public" for a in n.aliases]
    )
    enterprise_ids = sorted(
        [n.id for n in all_networks if n.kind == "enterprise"]
        + [a for n in all_networks if n.kind == "enterprise" for a in n.aliases]
    )

    def nullable(schema: dict[str, Any], q: Question) -> dict[str, Any]:
        if q.default is None and not q.required:
            return {"anyOf": [schema, {"type": "null"}]}
        return schema

    def for_question(q: Question) -> dict[str, Any]:
        schema: dict[str, Any]
        if q.type == "format":
            schema = {"const": FORMAT}
        elif q.type in ("text", "email"):
            schema = {"type": "string", "minLength": 1}
            if q.max_length:
                schema["maxLength"] = q.max_length
            if q.type == "email":
                schema["format"] = "email"
            schema = nullable(schema, q)
        elif q.type == "integer":
            schema = nullable({"type": "integer", "minimum": q.minimum, "maximum": q.maximum}, q)
        elif q.type == "boolean":
            schema = {"type": "boolean"}
        elif q.type == "choice":
            schema = {"enum": q.choice_values()}
        elif q.type == "multichoice":
            schema = {"type": "array", "items": {"enum": q.choice_values()}, "uniqueItems": True}
        elif q.type == "list":
            schema = {"type": "array", "items": {"type": "string", "minLength": 1}}
        elif q.type == "date":
            schema = nullable({"type": "string", "format": "date"}, q)
        elif q.type == "platforms":
            schema = {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"enum": public_ids},
                        {
                            "type": "object",
                            "properties": {
                                "id": {"enum": public_ids},
                                "account": {"type": ["string", "null"]},
                                "owner": {"type": ["string", "null"]},
                            },
                            "required": ["id"],
                            "additionalProperties": False,
                        },
                    ]
                },
            }
        elif q.type == "networks":
            schema = {"type": "array", "items": {"enum": enterprise_ids}, "uniqueItems": True}
        else:  # pragma: no cover - a questionnaire with an unknown type fails its own test
            raise ValueError(f"unknown question type {q.type}")
        schema["description"] = q.prompt["en"] + (f". {q.help['en']}" if q.help.get("en") else "")
        if q.default is not None or (not q.required and q.type != "format"):
            schema["default"] = q.default
        return schema

    properties: dict[str, Any] = {}
    required: list[str] = []
    for q in questionnaire().questions:
        if len(q.path) == 1:
            properties[q.key] = for_question(q)
            if q.required:
                required.append(q.key)
        else:
            group = properties.setdefault(
                q.path[0], {"type": "object", "properties": {}, "additionalProperties": False}
            )
            group["properties"][q.path[1]] = for_question(q)
            if q.required:
                group.setdefault("required", []).append(q.path[1])
                if q.path[0] not in required:
                    required.append(q.path[0])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "charter answers file, format 1",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
