"""Read, check and complete an answers file (format 1), write one back, and describe it as JSON Schema.

Every rule comes from the questionnaire (`templates/questions.yml`) and the catalogue
(`templates/catalog.yml`), so a question added there is checked here with no new code.
All the problems of a file are collected and reported at once, each with its key path and line.
An answers file may come from anyone: its size, its YAML and every string in it are bounded and
checked before use, so a hostile file ends in a message (exit 3), never a hang or a traceback.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from charter.errors import AnswersError
from charter.questions import Network, Question, aliases, catalog, questionnaire

FORMAT = 1
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Characters an XML 1.0 document (and so Word) cannot hold.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Characters that end a line, for texts that must fit on one.
_LINE_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
PLATFORM_ITEM_KEYS = ("id", "account", "owner")
# YAML 1.1 booleans, text under YAML 1.2: named in the message when a boolean question gets one.
_BOOLEAN_WORDS = {"yes": "true", "y": "true", "on": "true", "no": "false", "n": "false", "off": "false"}

MAX_ANSWERS_BYTES = 1 << 20  # 1 MiB: a full answers file is about 4 KiB
MAX_TEXT_LENGTH = 1000  # characters of any text that has no tighter max_length of its own
MAX_PROBLEMS = 50  # problems listed one by one in a message; the others are counted
MAX_SHOWN = 60  # characters of a wrong value quoted back in a message


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
    """Line numbers of every key path of a YAML document, from PyYAML's node tree, and the text of
    each scalar as written (so that `1.10` is quoted back as 1.10, not as the float 1.1)."""

    def __init__(self, key: Callable[[Any], Any] | None = None) -> None:
        self.key = key or (lambda node: node.value)  # a key node -> the key as the data has it
        self.lines: dict[tuple[Any, ...], int] = {}
        self.raw: dict[tuple[Any, ...], str] = {}
        self.duplicates: list[tuple[tuple[Any, ...], int]] = []

    def walk(self, node: Any, path: tuple[Any, ...] = ()) -> None:
        import yaml

        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            self.raw[path] = node.value
        elif isinstance(node, yaml.MappingNode):
            seen: set[Any] = set()
            for key_node, value_node in node.value:
                key = self.key(key_node)  # hashable: the strict loader refuses lists and mappings as keys
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
    """Read and check an answers file; raise AnswersError naming every problem.

    Only a regular file of at most MAX_ANSWERS_BYTES is read: a FIFO, a device or a huge file is
    refused before it can block or fill memory.
    """
    from charter.resources import Refused, read_limited

    name = str(path)
    try:
        raw = read_limited(path, MAX_ANSWERS_BYTES, "an answers file")
    except FileNotFoundError:
        raise AnswersError(
            f"{name}: no such file. Give the path of an answers file (format {FORMAT})."
        ) from None
    except Refused as exc:
        raise AnswersError(f"{name} {exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AnswersError(
            f"{name} is not UTF-8 text (byte {exc.start}). Save it as UTF-8 and try again."
        ) from None
    return parse_answers(text, name=name, source=path)


def parse_answers(text: str, *, name: str = "answers", source: Path | None = None) -> Answers:
    """Check the text of an answers file; raise AnswersError naming every problem.

    The YAML is read strictly (`charter.resources.load_strict_yaml`): no aliases or anchors,
    YAML 1.2's booleans and numbers (`no`, `010` and `1:30` are text), bounded nesting. Every
    string in it, keys included, is then checked for characters a Word document cannot hold, so
    that `validate` refuses whatever `generate` could not write.
    """
    from charter.resources import StrictYAMLError, load_strict_yaml, size_text

    if not text.strip() or all(
        line.strip().startswith("#") or not line.strip() for line in text.splitlines()
    ):
        raise AnswersError(
            f"{name} is empty. An answers file needs at least `format: {FORMAT}`, "
            "`organisation.name` and `platforms`; see `charter schema` or run `charter new`."
        )
    if len(text) > MAX_ANSWERS_BYTES:
        raise AnswersError(
            f"{name} is larger than {size_text(MAX_ANSWERS_BYTES)}, the most an answers file may hold."
        )
    bad = _BAD_CHARS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise AnswersError(
            f"{name}, line {line}: the character U+{ord(bad.group()):04X} cannot appear in a Word document. "
            "Remove it and try again."
        )
    try:
        document = load_strict_yaml(text)
    except StrictYAMLError as exc:
        where = f", line {exc.line}" if exc.line else ""
        where += f", column {exc.column}" if exc.line and exc.column else ""
        raise AnswersError(f"{name}{where}: {_printable(exc.problem)}.") from None
    lines = _Lines(document.key)
    if document.node is not None:
        lines.walk(document.node)
    checker = _Checker(name, lines)
    result = checker.check(document.data)
    if checker.problems:
        problems = checker.problems
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        if count > MAX_PROBLEMS:
            problems = [*problems[:MAX_PROBLEMS], f"... and {count - MAX_PROBLEMS} more."]
        raise AnswersError(
            f"{name} does not follow answers format {FORMAT} ({count} {noun}); nothing was written:",
            problems,
        )
    answers = Answers(result, source=source)
    answers.warnings = lifecycle_warnings(result)
    return answers


def _printable(text: str) -> str:
    """Text safe to show on a terminal: control and invisible characters as escapes (\\x1b)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _dotted(path: tuple[Any, ...]) -> str:
    """`governance.spokespeople[1]`, printable."""
    text = ".".join(f"[{p}]" if isinstance(p, int) and not isinstance(p, bool) else str(p) for p in path)
    return _printable(text.replace(".[", "["))


def _closest(word: Any, options: list[str]) -> str:
    if not isinstance(word, str) or len(word) > MAX_SHOWN:
        return ""
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return f' Did you mean "{lowered[word.lower()]}"?'
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f' Did you mean "{match[0]}"?' if match else ""


def _show(value: Any, raw: str | None = None) -> str:
    """A value as a message quotes it back: short, printable, and numbers as they were written."""
    if isinstance(value, str):
        if len(value) > MAX_SHOWN:
            return f'"{_printable(value[:MAX_SHOWN])}..." ({len(value)} characters)'
        return f'"{_printable(value)}"'
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float) and raw:
        return _printable(raw[:MAX_SHOWN])
    return _printable(str(value)[:MAX_SHOWN])


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
        self._found.append((line or 0, f"{where}{_dotted(path) or '(top level)'}: {message}"))

    @property
    def problems(self) -> list[str]:
        """Every problem found, in the order of the file's lines."""
        return [text for _, text in sorted(self._found, key=lambda item: item[0])]

    def check(self, data: Any) -> dict[str, Any]:
        self._characters(data, ())
        if not isinstance(data, dict):
            self.problem(
                (), f"expected a mapping of keys (format: {FORMAT}, organisation: ...), got {_show(data)}."
            )
            return {}
        for path, line in self.lines.duplicates:
            self._found.append((line, f"line {line}, {_dotted(path)}: this key is given twice."))
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
        if "clauses" in data and not self._found:
            self._excluded_clauses(result)
        return result

    def _excluded_clauses(self, result: dict[str, Any]) -> None:
        """With the built-in library, `clauses.exclude` is checked here, as generation would.

        Each id must be a built-in clause of the charter's language, and at least one clause must
        remain; so `validate` refuses what `generate` would. A custom library (clauses.templates)
        is read only by generate, which checks its ids itself.
        """
        exclude = get_path(result, "clauses.exclude") or []
        if not exclude or get_path(result, "clauses.templates") is not None:
            return
        from charter.clauses import Renderer, load_library

        library = load_library(result["language"])
        ids = sorted(library)
        for index, ident in enumerate(exclude):
            if ident not in library:
                self.problem(
                    ("clauses", "exclude", index),
                    f"no built-in clause has the id {_show(ident)}.{_closest(ident, ids)} "
                    "`charter templates list` shows them.",
                )
        if not self._found and not Renderer(library, Answers(result), cached=False).selected(exclude):
            self.problem(("clauses", "exclude"), "leaves no clause in the charter; keep at least one.")

    def _characters(self, value: Any, path: tuple[Any, ...]) -> None:
        """Every string of the file, keys included, must be one a Word document can hold."""

        def bad(text: str, where: tuple[Any, ...], what: str) -> None:
            found = _BAD_CHARS.search(text)
            if found:
                self.problem(
                    where,
                    f"{what} the character U+{ord(found.group()):04X}, which cannot appear in a Word "
                    "document; remove it.",
                )

        if isinstance(value, str):
            bad(value, path, "holds")
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    bad(key, (*path, key), "this key holds")
                self._characters(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self._characters(item, (*path, index))

    def _unknown_keys(self, data: dict[str, Any]) -> None:
        groups = self.questions.groups()
        top = sorted({q.path[0] for q in self.questions.questions})
        for key, value in data.items():
            if key not in top:
                self.problem((key,), f"unknown key.{_closest(key, top)} Valid keys: {', '.join(top)}.")
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
                            f"unknown key.{_closest(sub, list(groups[key]))} "
                            f"Valid keys under {key}: {', '.join(groups[key])}.",
                        )

    # -- values --------------------------------------------------------------------------------

    def _check_value(self, q: Question, value: Any) -> Any:
        path = q.path
        checker = getattr(self, f"_type_{q.type}")
        return checker(q, path, value)

    def _type_format(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        return value

    def _too_many(self, q: Question, path: tuple[Any, ...], value: list[Any]) -> bool:
        """A list longer than the question's max_items is refused whole, before its items are read."""
        if q.max_items is not None and len(value) > q.max_items:
            self.problem(path, f"has {len(value)} items; at most {q.max_items} are allowed.")
            return True
        return False

    def _text(self, q: Question, path: tuple[Any, ...], value: Any, *, required: bool) -> str | None:
        raw = self.lines.raw.get(path)
        if isinstance(value, bool | float):
            self.problem(
                path,
                f"expected text, got {_show(value, raw)}. "
                f'Put it in quotes, for example "{_printable(raw or str(value))[:MAX_SHOWN]}".',
            )
            return None
        if isinstance(value, int):
            value = raw if raw and raw.strip() == raw else str(value)
        if not isinstance(value, str):
            self.problem(path, f"expected text, got {_show(value)}.")
            return None
        value = value.strip()
        if not value:
            if required:
                self.problem(path, "must not be empty.")
            return None
        if _LINE_BREAKS.search(value):
            self.problem(path, "must fit on one line.")
        limit = q.max_length or MAX_TEXT_LENGTH
        if len(value) > limit:
            self.problem(path, f"is {len(value)} characters long; at most {limit} fit.")
        return value

    def _type_text(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        return self._text(q, path, value, required=q.required or q.default is not None)

    def _type_email(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        text = self._text(q, path, value, required=False)
        if text is not None and not EMAIL.match(text):
            self.problem(path, f'expected an email address such as "name@example.org", got {_show(text)}.')
        return text

    def _type_integer(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        from charter.resources import YAML_MAX_DIGITS

        bounds = (
            f" from {q.minimum} to {q.maximum}" if q.minimum is not None and q.maximum is not None else ""
        )
        if isinstance(value, str) and value.lstrip("+-").isdigit() and len(value) > YAML_MAX_DIGITS:
            self.problem(
                path, f"expected a whole number{bounds}, got one of {len(value.lstrip('+-'))} digits."
            )
            return q.default
        if isinstance(value, bool) or not isinstance(value, int):
            hint = ""
            if isinstance(value, str) and re.fullmatch(r"[-+]?0[0-9]+", value):
                hint = " Write it without leading zeros."
            self.problem(
                path, f"expected a whole number, got {_show(value, self.lines.raw.get(path))}.{hint}"
            )
            return q.default
        if (q.minimum is not None and value < q.minimum) or (q.maximum is not None and value > q.maximum):
            self.problem(path, f"expected a whole number{bounds}, got {value}.")
        return value

    def _type_boolean(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        if not isinstance(value, bool):
            word = _BOOLEAN_WORDS.get(value.lower()) if isinstance(value, str) else None
            hint = f' Did you mean "{word}"?' if word else ""
            self.problem(path, f"expected true or false, got {_show(value, self.lines.raw.get(path))}.{hint}")
            return q.default
        return value

    def _type_choice(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        options = q.choice_values()
        if not isinstance(value, str) or value not in options:
            self.problem(
                path,
                f"expected one of {', '.join(options)}, got {_show(value, self.lines.raw.get(path))}."
                f"{_closest(value, options)}",
            )
            return q.default
        return value

    def _type_multichoice(self, q: Question, path: tuple[Any, ...], value: Any) -> Any:
        options = q.choice_values()
        if not isinstance(value, list):
            self.problem(path, f"expected a list of {', '.join(options)}, got {_show(value)}.")
            return []
        if self._too_many(q, path, value):
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
        if self._too_many(q, path, value):
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
        if isinstance(value, str) and DATE.match(value.strip()):
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
        if self._too_many(q, path, value):
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
                            f"unknown key.{_closest(key, list(PLATFORM_ITEM_KEYS))} "
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
        if self._too_many(q, path, value):
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

# A text of one line with something in it, and no character a Word document cannot hold.
ONE_LINE: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "pattern": "^(?=.*\\S)[^\\x00-\\x1f\\x85\\u2028\\u2029\\ufffe\\uffff]*$",
}


def json_schema() -> dict[str, Any]:
    """Format 1 as JSON Schema (draft 2020-12), derived from the questionnaire."""
    usable = [n for n in catalog().values() if n.status != "closed"]
    public_ids = sorted(name for n in usable if n.kind == "public" for name in (n.id, *n.aliases))
    enterprise_ids = sorted(name for n in usable if n.kind == "enterprise" for name in (n.id, *n.aliases))

    def once_each(kind: str, *, as_mapping: bool) -> list[dict[str, Any]]:
        """Each network at most once, whether named by id, by an old name or in a mapping."""
        rules = []
        for network in usable:
            if network.kind != kind:
                continue
            names = sorted((network.id, *network.aliases))
            forms: list[dict[str, Any]] = [{"enum": names}]
            if as_mapping:
                forms.append({"type": "object", "required": ["id"], "properties": {"id": {"enum": names}}})
            rules.append({"contains": {"anyOf": forms}, "minContains": 0, "maxContains": 1})
        return rules

    def nullable(schema: dict[str, Any], q: Question) -> dict[str, Any]:
        if q.default is None and not q.required:
            return {"anyOf": [schema, {"type": "null"}]}
        return schema

    def for_question(q: Question) -> dict[str, Any]:
        schema: dict[str, Any]
        if q.type == "format":
            schema = {"const": FORMAT}
        elif q.type in ("text", "email"):
            schema = {**ONE_LINE, "maxLength": q.max_length or MAX_TEXT_LENGTH}
            if q.type == "email":
                schema.update(format="email", pattern=EMAIL.pattern)
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
            schema = {"type": "array", "items": {**ONE_LINE, "maxLength": q.max_length or MAX_TEXT_LENGTH}}
        elif q.type == "date":
            schema = nullable({"type": "string", "format": "date", "pattern": DATE.pattern}, q)
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
                                "account": {
                                    "anyOf": [{**ONE_LINE, "maxLength": MAX_TEXT_LENGTH}, {"type": "null"}]
                                },
                                "owner": {
                                    "anyOf": [{**ONE_LINE, "maxLength": MAX_TEXT_LENGTH}, {"type": "null"}]
                                },
                            },
                            "required": ["id"],
                            "additionalProperties": False,
                        },
                    ]
                },
                "allOf": once_each("public", as_mapping=True),
            }
        elif q.type == "networks":
            schema = {
                "type": "array",
                "items": {"enum": enterprise_ids},
                "uniqueItems": True,
                "allOf": once_each("enterprise", as_mapping=False),
            }
        else:  # pragma: no cover - a questionnaire with an unknown type fails its own test
            raise ValueError(f"unknown question type {q.type}")
        if q.max_items is not None:
            schema["maxItems"] = q.max_items
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
        # A charter needs at least one network: a public platform or an internal one.
        "anyOf": [
            {"properties": {"platforms": {"minItems": 1}}},
            {"required": ["enterprise_networks"], "properties": {"enterprise_networks": {"minItems": 1}}},
        ],
    }
