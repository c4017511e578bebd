"""The interview of `charter new`: ask the questionnaire, check as typed, review, draft and resume.

Every question comes from `templates/questions.yml` (wording, type, choices, defaults, `when`), and the
networks from `templates/catalog.yml`; a question added there is asked here with no new code. Only the
interview's own words (headers, hints, validation messages) live in `UI` below.

This is the only module that imports questionary (inside functions, so `charter --help` stays fast).
Errors are raised as `charter.errors` exceptions; `charter.cli.main` turns them into messages and codes.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from charter.answersfile.read import parse_answers, read_answers
from charter.answersfile.write import dump_answers
from charter.app import Result
from charter.errors import AnswersError, CharterError, Interrupted, NoTerminalError, OutputError
from charter.model.catalog import catalog, networks_of_kind
from charter.model.paths import get_path, set_path
from charter.model.questions import Question, Section, questionnaire
from charter.model.types import EMAIL

DRAFT_NAME = "draft.yml"
DRAFT_MARKER = "# charter-draft: "
STYLE = {
    "help": "italic",
    "header": "bold underline",
    "warning": "fg:ansiyellow bold",
    "error": "fg:ansired",
    "done": "bold",
}

# The interview's own words. Everything about a question (prompt, help, choices) comes from questions.yml.
UI: dict[str, dict[str, str]] = {
    "en": {
        "intro": "charter new: at most {count} questions in short groups, about ten minutes. Enter keeps "
        "the answer shown, typing replaces it; Ctrl-C stops and saves a draft.",
        "lang_hint": "(Interview in English; `charter new --lang fr` for French.)",
        "yes": "Yes",
        "no": "No",
        "none": "none",
        "select_hint": "(↑↓, Enter)",
        "checkbox_hint": "(↑↓ to move, space to tick, Enter to confirm)",
        "required": "This answer cannot be empty.",
        "too_long": "At most {max} characters; this is {length}.",
        "integer": "Enter a whole number from {min} to {max}.",
        "integer_or_empty": "Enter a whole number from {min} to {max}, or leave empty.",
        "email": "Enter an email address such as name@example.org, or leave empty.",
        "date": "Enter a date as YYYY-MM-DD, such as 2027-01-01, or leave empty.",
        "need_network": "Choose at least one network: a charter needs a public platform "
        "or an internal network.",
        "account": "{name}: official account (URL or @handle; empty if none)",
        "owner": "{name}: who runs it (a role or a team; empty if none)",
        "refused": "closed",
        "closing": "closing: the charter gets a migration clause",
        "legacy": "status unverified",
        "review": "Review",
        "review_prompt": "Change a section, or confirm?",
        "confirm": "Confirm and write the charter",
        "change": "Change: {section}",
        "problems": "These answers cannot be written yet:",
        "exists": "{path} already exists. Replace it?",
        "another": "Another path for the {what}:",
        "answers_file": "answers file",
        "charter_file": "charter",
        "wrote": "Wrote {answers} (the answers) and {charter} (the charter, {count} clauses).",
        "again": "To rebuild it after editing the answers: charter generate {answers} -o {charter}",
        "resumed": "Going on with the interrupted interview: {count} answers kept.",
        "draft_found": "An interrupted interview was saved in {path}. Go on with it?",
        "draft_resume": "Yes, go on where it stopped",
        "draft_restart": "No, start again (the draft is replaced when this interview ends or stops)",
        "interrupted": "Interrupted. The answers given so far ({count}) are saved in {path}.\n"
        "To go on where you stopped: charter new --resume",
        "stopped": "Interrupted before the first question; no draft was written.",
        "unsaved": "Interrupted, and the draft could not be saved ({error}); nothing was kept.",
        "no_draft": "there is no interrupted interview to resume ({path} does not exist). "
        "Start one with: charter new",
        "bad_draft": "charter cannot resume the draft {path} ({problem}). It was set aside as {kept}, "
        "nothing is lost; start afresh with: charter new",
        "bad_draft_stuck": "charter cannot resume the draft {path} ({problem}), and could not set it aside "
        "({error}). Move or delete it, then run: charter new",
        "no_terminal": "`charter new` asks questions and needs an interactive terminal. "
        "Without one, write an answers file (its format: `charter schema`) and run: "
        "charter generate ANSWERS.yml -o CHARTER.docx",
    },
    "fr": {
        "intro": "charter new : {count} questions au plus, par petits groupes, une dizaine de minutes. "
        "Entrée garde la réponse affichée, la saisie la remplace ; Ctrl-C arrête et enregistre un brouillon.",
        "lang_hint": "(Entretien en français ; `charter new --lang en` pour l'anglais.)",
        "yes": "Oui",
        "no": "Non",
        "none": "aucun",
        "select_hint": "(↑↓, Entrée)",
        "checkbox_hint": "(↑↓ pour se déplacer, espace pour cocher, Entrée pour valider)",
        "required": "Cette réponse ne peut pas être vide.",
        "too_long": "{max} caractères au plus ; il y en a {length}.",
        "integer": "Saisissez un nombre entier de {min} à {max}.",
        "integer_or_empty": "Saisissez un nombre entier de {min} à {max}, ou laissez vide.",
        "email": "Saisissez une adresse électronique comme nom@exemple.fr, ou laissez vide.",
        "date": "Saisissez une date au format AAAA-MM-JJ, par exemple 2027-01-01, ou laissez vide.",
        "need_network": "Choisissez au moins un réseau : une charte porte sur un réseau public ou un réseau "
        "interne.",
        "account": "{name} : compte officiel (URL ou @identifiant ; vide si aucun)",
        "owner": "{name} : qui le gère (une fonction ou une équipe ; vide si personne)",
        "refused": "fermé",
        "closing": "en cours de fermeture : la charte reçoit une clause de migration",
        "legacy": "statut non vérifié",
        "review": "Relecture",
        "review_prompt": "Modifier une section, ou valider ?",
        "confirm": "Valider et écrire la charte",
        "change": "Modifier : {section}",
        "problems": "Ces réponses ne peuvent pas encore être écrites :",
        "exists": "{path} existe déjà. Le remplacer ?",
        "another": "Autre chemin pour le {what} :",
        "answers_file": "fichier de réponses",
        "charter_file": "fichier de la charte",
        "wrote": "Écrit : {answers} (les réponses) et {charter} (la charte, {count} clauses).",
        "again": "Pour la reconstruire après avoir modifié les réponses : "
        "charter generate {answers} -o {charter}",
        "resumed": "Reprise de l'entretien interrompu : {count} réponses conservées.",
        "draft_found": "Un entretien interrompu a été enregistré dans {path}. Le reprendre ?",
        "draft_resume": "Oui, reprendre là où il s'est arrêté",
        "draft_restart": "Non, recommencer (le brouillon sera remplacé à la fin "
        "ou à l'arrêt de cet entretien)",
        "interrupted": "Interrompu. Les réponses déjà données ({count}) sont enregistrées dans {path}.\n"
        "Pour reprendre là où vous vous êtes arrêté : charter new --resume",
        "stopped": "Interrompu avant la première question ; aucun brouillon n'a été écrit.",
        "unsaved": "Interrompu, et le brouillon n'a pas pu être enregistré ({error}) ; "
        "rien n'a été conservé.",
        "no_draft": "aucun entretien interrompu à reprendre ({path} n'existe pas). "
        "Pour en commencer un : charter new",
        "bad_draft": "charter ne peut pas reprendre le brouillon {path} ({problem}). Il a été mis de côté "
        "sous {kept}, rien n'est perdu ; pour recommencer : charter new",
        "bad_draft_stuck": "charter ne peut pas reprendre le brouillon {path} ({problem}), ni le mettre de "
        "côté ({error}). Déplacez-le ou supprimez-le, puis lancez : charter new",
        "no_terminal": "`charter new` pose des questions et a besoin d'un terminal interactif. "
        "Sans terminal, écrivez un fichier de réponses (son format : `charter schema`) puis lancez : "
        "charter generate REPONSES.yml -o CHARTE.docx",
    },
}


def ui(lang: str, key: str, **values: Any) -> str:
    return UI[lang][key].format(**values)


# --------------------------------------------------------------------------- environment


def system_language() -> str:
    """fr when the locale says French (LC_ALL, then LC_MESSAGES, then LANG), en otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def has_terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stdin at all, or a closed one
        return False


def state_dir() -> Path:
    """$CHARTER_STATE_DIR, else $XDG_STATE_HOME/charter, else ~/.local/state/charter."""
    if os.environ.get("CHARTER_STATE_DIR"):
        return Path(os.environ["CHARTER_STATE_DIR"])
    if os.environ.get("XDG_STATE_HOME"):
        return Path(os.environ["XDG_STATE_HOME"]) / "charter"
    return Path.home() / ".local" / "state" / "charter"


def slug(name: str) -> str:
    """A file-name stem: "Acme Industries & Fils" -> "acme-industries-fils" ("charter" if nothing is left)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "charter"


# --------------------------------------------------------------------------- small helpers


def _del_path(data: dict[str, Any], key: str) -> None:
    *parents, last = key.split(".")
    node: Any = data
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)


def _has_path(data: dict[str, Any], key: str) -> bool:
    marker = object()
    return get_path(data, key, marker) is not marker


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [dict(v) if isinstance(v, dict) else v for v in value]
    return value


def _platform_items(value: Any) -> list[dict[str, Any]]:
    """Platforms as {id, account, owner} whatever the file used (an id or a mapping)."""
    items = []
    for item in value or []:
        item = item if isinstance(item, dict) else {"id": item}
        items.append({"id": item.get("id"), "account": item.get("account"), "owner": item.get("owner")})
    return items


def _say(text: str, style: str = "") -> None:
    import questionary

    questionary.print(text, style=style)


def _echo(message: str, answer: str) -> None:
    """The line questionary leaves after a prompt, for prompts whose own line we erase."""
    from prompt_toolkit import print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText

    print_formatted_text(
        FormattedText([("fg:#5f819d", "?"), ("bold", f" {message} "), ("fg:#ff9d00 bold", answer)])
    )


def _as_text(value: Any) -> str:
    """A value as a text prompt shows it for editing."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _title(label: str, help_text: str | None) -> Any:
    return [("", label), ("italic", f"  – {help_text}")] if help_text else label


def _select(lang: str, message: str, options: list[tuple[Any, str, str | None]], default: Any) -> Any:
    """One of `options` (value, label, one-line help); the pointer starts on the default."""
    import questionary

    choices = [questionary.Choice(_title(label, hint), value=value) for value, label, hint in options]
    values = [value for value, _, _ in options]
    value = questionary.select(
        message,
        choices,
        default=default if default in values else None,
        instruction=ui(lang, "select_hint"),
        erase_when_done=True,
    ).unsafe_ask()
    _echo(message, next(label for v, label, _ in options if v == value))
    return value


def _yes_no(lang: str, message: str, default: bool) -> bool:
    return bool(
        _select(lang, message, [(True, ui(lang, "yes"), None), (False, ui(lang, "no"), None)], default)
    )


def _checkbox(
    lang: str,
    message: str,
    options: list[tuple[Any, str, str | None, str | None]],
    checked: list[Any],
    validate: Callable[[list[Any]], bool | str] | None = None,
) -> list[Any]:
    """Some of `options` (value, label, one-line help, why it cannot be chosen)."""
    import questionary

    choices = [
        questionary.Choice(
            _title(label, hint), value=value, checked=value in checked and not refused, disabled=refused
        )
        for value, label, hint, refused in options
    ]
    values = questionary.checkbox(
        message,
        choices,
        instruction=ui(lang, "checkbox_hint"),
        validate=validate or (lambda _: True),
        erase_when_done=True,
    ).unsafe_ask()
    labels = [label for value, label, _, _ in options if value in values]
    _echo(message, ", ".join(labels) or ui(lang, "none"))
    return values


def _text(message: str, shown: str, *, replace: bool = True) -> str:
    """A line of text showing `shown`: Enter keeps it; arrows or Backspace edit it; typing replaces it
    (when `replace`: a default or an earlier answer, not text the user is correcting)."""
    import questionary
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys

    untouched = [bool(shown) and replace]
    bindings = KeyBindings()

    @bindings.add(Keys.Any, filter=Condition(lambda: untouched[0]))
    @bindings.add(Keys.BracketedPaste, filter=Condition(lambda: untouched[0]))
    def replace(event: Any) -> None:
        untouched[0] = False
        event.current_buffer.text = ""
        event.current_buffer.insert_text(" ".join(event.data.splitlines()))

    def edited(_: Any) -> None:
        untouched[0] = False

    question = questionary.text(message, default=shown, key_bindings=bindings)
    question.application.current_buffer.on_cursor_position_changed += edited
    question.application.current_buffer.on_text_changed += edited
    return question.unsafe_ask()


def _typed(message: str, shown: str, convert: Callable[[str], Any]) -> Any:
    """A typed answer, checked at once: `convert` raises ValueError(what to type) and the user corrects it."""
    raw = _text(message, shown)
    while True:
        try:
            return convert(raw)
        except ValueError as exc:
            _say(f"  ✗ {exc}", STYLE["error"])
        raw = _text(message, raw, replace=False)  # the text typed, to correct


# --------------------------------------------------------------------------- the interview


class Interview:
    """The answers given so far, which questions apply, and how each type is asked."""

    def __init__(self, lang: str, answers: dict[str, Any] | None = None, answered: list[str] | None = None):
        self.lang = lang
        self.questions = questionnaire()
        self.answers: dict[str, Any] = answers or {}
        self.answers["format"] = 1
        self.answered: list[str] = [str(key) for key in answered or []]
        self.shelf: dict[str, Any] = {}  # answers put aside while their question does not apply
        self._conditions: dict[str, Callable[..., Any]] = {}
        self._env: Any = None

    # -- the questionnaire, in order -------------------------------------------------------------

    def sections(self) -> list[Section]:
        declared = list(self.questions.sections)
        known = {s.id for s in declared}
        extra = [q.section for q in self.questions.questions if q.section not in known]
        return declared + [Section(s, {"en": s, "fr": s}) for s in dict.fromkeys(extra)]

    def asked(self, section: str) -> list[Question]:
        return [q for q in self.questions.questions if q.section == section and q.ask and q.type != "format"]

    def count(self) -> int:
        return sum(len(self.asked(s.id)) for s in self.sections())

    # -- values and conditions ---------------------------------------------------------------------

    def value(self, q: Question) -> Any:
        return get_path(self.answers, q.key, None)

    def current(self, q: Question) -> Any:
        """The default shown: the answer given, else one put aside, else the questionnaire's default."""
        if _has_path(self.answers, q.key) or q.key in self.answered:
            return self.value(q)
        if q.key in self.shelf:
            return self.shelf[q.key]
        if q.key == "language":
            return self.lang
        return _copy(q.default)

    def context(self) -> dict[str, Any]:
        """The answers so far with defaults applied, as the `when` expressions see them."""
        ctx: dict[str, Any] = {}
        for q in self.questions.questions:
            known = _has_path(self.answers, q.key) or q.key in self.answered
            set_path(ctx, q.key, self.value(q) if known else _copy(q.default))
        return ctx

    def applies(self, q: Question) -> bool:
        if not q.when:
            return True
        if q.when not in self._conditions:
            from charter.model.conditions import compile_condition

            try:
                self._conditions[q.when] = compile_condition(q.when)
            except Exception as exc:
                raise CharterError(
                    f"questions.yml, {q.key}: the `when` is not a valid expression ({exc})."
                ) from None
        try:
            return bool(self._conditions[q.when](**self.context()))
        except Exception as exc:
            raise CharterError(f"questions.yml, {q.key}: the `when` condition fails ({exc}).") from None

    def keep(self, q: Question, value: Any) -> None:
        set_path(self.answers, q.key, value)
        self.shelf.pop(q.key, None)
        if q.key not in self.answered:
            self.answered.append(q.key)

    def shelve(self, q: Question) -> None:
        """Put aside the answer of a question that no longer applies: the default if it comes back."""
        if _has_path(self.answers, q.key):
            self.shelf[q.key] = self.value(q)
            _del_path(self.answers, q.key)
        if q.key in self.answered:
            self.answered.remove(q.key)

    # -- walking the sections ----------------------------------------------------------------------

    def walk(self, only: str | None = None, *, only_new: bool = True) -> None:
        """Ask the questions that apply (all of section `only`, or those not answered yet)."""
        for section in self.sections():
            if only is not None and section.id != only:
                continue
            header = False
            for q in self.asked(section.id):
                if not self.applies(q):
                    self.shelve(q)
                    continue
                if only_new and q.key in self.answered:
                    continue
                if not header:
                    _say(f"\n{section.title.get(self.lang, section.id)}", STYLE["header"])
                    header = True
                self.keep(q, self.ask(q))

    # -- asking, one function per type -------------------------------------------------------------

    def ask(self, q: Question) -> Any:
        help_text = q.help.get(self.lang) if q.type not in ("platforms", "networks") else None
        if help_text:
            _say(f"  {help_text}", STYLE["help"])
        current = self.current(q)
        convert = self.converter(q)
        if convert is not None:
            return _typed(self.message(q), _as_text(current), convert)
        return getattr(self, f"_ask_{q.type}")(q, current)

    def message(self, q: Question) -> str:
        return q.prompt.get(self.lang, q.prompt["en"])

    # Typed answers: a converter turns the text into the value or raises ValueError(what to type).

    def converter(self, q: Question) -> Callable[[str], Any] | None:
        make = getattr(self, f"_convert_{q.type}", None)
        return make(q) if make else None

    def _convert_text(self, q: Question, *, required: bool | None = None) -> Callable[[str], str | None]:
        must = (q.required or q.default is not None) if required is None else required

        def convert(raw: str) -> str | None:
            text = raw.strip()
            if not text:
                if must:
                    raise ValueError(ui(self.lang, "required"))
                return None
            if q.max_length and len(text) > q.max_length:
                raise ValueError(ui(self.lang, "too_long", max=q.max_length, length=len(text)))
            return text

        return convert

    def _convert_email(self, q: Question) -> Callable[[str], str | None]:
        def convert(raw: str) -> str | None:
            text = raw.strip()
            if text and not EMAIL.match(text):
                raise ValueError(ui(self.lang, "email"))
            return text or None

        return convert

    def _convert_integer(self, q: Question) -> Callable[[str], int | None]:
        optional = q.default is None
        bounds = {"min": q.minimum if q.minimum is not None else "-∞", "max": q.maximum or "∞"}
        message = ui(self.lang, "integer_or_empty" if optional else "integer", **bounds)

        def convert(raw: str) -> int | None:
            text = re.sub(r"[\s_]", "", raw)  # "1 200", "1_200"
            if not text and optional:
                return None
            if not re.fullmatch(r"-?[0-9]+", text):
                raise ValueError(message)
            number = int(text)
            too_small = q.minimum is not None and number < q.minimum
            if too_small or (q.maximum is not None and number > q.maximum):
                raise ValueError(message)
            return number

        return convert

    def _convert_date(self, q: Question) -> Callable[[str], date | None]:
        def convert(raw: str) -> date | None:
            text = raw.strip()
            if not text:
                return None
            try:
                return date.fromisoformat(text)
            except ValueError:
                raise ValueError(ui(self.lang, "date")) from None

        return convert

    def _convert_list(self, q: Question) -> Callable[[str], list[str]]:
        def convert(raw: str) -> list[str]:
            return [item.strip() for item in raw.split(",") if item.strip()]

        return convert

    # Answers chosen from a list.

    def _ask_boolean(self, q: Question, current: Any) -> Any:
        return _yes_no(self.lang, self.message(q), bool(current))

    def _ask_choice(self, q: Question, current: Any) -> Any:
        options = [(c.value, c.label.get(self.lang, c.value), c.help.get(self.lang)) for c in q.choices]
        return _select(self.lang, self.message(q), options, current)

    def _ask_multichoice(self, q: Question, current: Any) -> Any:
        options = [(c.value, c.label.get(self.lang, c.value), c.help.get(self.lang), None) for c in q.choices]
        return _checkbox(self.lang, self.message(q), options, list(current or []))

    def _network_options(self, kind: str) -> list[tuple[Any, str, str | None, str | None]]:
        options = []
        for n in networks_of_kind(kind):
            refused = None
            if n.status == "closed":
                refused = n.reason.get(self.lang) or ui(self.lang, "refused")
            status = ui(self.lang, n.status) if n.status in ("closing", "legacy") else None
            hint = "; ".join(filter(None, (n.help.get(self.lang), status))) or None
            options.append((n.id, n.name, hint, refused))
        return options

    def _warn_chosen(self, ids: list[str]) -> None:
        for ident in ids:
            warning = catalog()[ident].warning
            if warning:
                _say(f"  ⚠ {warning.get(self.lang, warning['en'])}", STYLE["warning"])

    def _needs_network(self, other_key: str) -> Callable[[list[Any]], bool | str]:
        """A checkbox may be left empty only if the other kind of network was chosen (or not asked yet)."""

        def validate(selected: list[Any]) -> bool | str:
            if selected or other_key not in self.answered or get_path(self.answers, other_key):
                return True
            return ui(self.lang, "need_network")

        return validate

    def _ask_platforms(self, q: Question, current: Any) -> Any:
        before = {item["id"]: item for item in _platform_items(current)}
        networks_key = next((x.key for x in self.questions.questions if x.type == "networks"), "")
        ids = _checkbox(
            self.lang,
            self.message(q),
            self._network_options("public"),
            list(before),
            self._needs_network(networks_key),
        )
        self._warn_chosen(ids)
        items = []
        for ident in ids:
            name = catalog()[ident].name
            item = {"id": ident, "account": None, "owner": None, **before.get(ident, {})}
            for field in ("account", "owner"):
                convert = self._convert_text(q, required=False)
                prompt = ui(self.lang, field, name=name)
                item[field] = _typed(prompt, item[field] or "", convert)
            items.append(item)
        return items

    def _ask_networks(self, q: Question, current: Any) -> Any:
        platforms_key = next((x.key for x in self.questions.questions if x.type == "platforms"), "")
        ids = _checkbox(
            self.lang,
            self.message(q),
            self._network_options("enterprise"),
            list(current or []),
            self._needs_network(platforms_key),
        )
        self._warn_chosen(ids)
        return ids

    # -- the review ------------------------------------------------------------------------------

    def shown(self, q: Question, value: Any) -> str:
        """An answer as the review shows it, in the interview's language."""
        names = catalog()
        if value is None or value == []:
            return "—"
        if isinstance(value, bool):
            return ui(self.lang, "yes" if value else "no")
        if q.type == "choice":
            return q.label(value, self.lang)
        if q.type == "multichoice":
            return ", ".join(q.label(v, self.lang) for v in value)
        if q.type == "networks":
            return ", ".join(names[v].name for v in value)
        if q.type == "platforms":
            parts = []
            for item in _platform_items(value):
                details = ", ".join(filter(None, (item["account"], item["owner"])))
                parts.append(names[item["id"]].name + (f" ({details})" if details else ""))
            return (" ; " if self.lang == "fr" else "; ").join(parts)
        if isinstance(value, list):
            return ", ".join(map(str, value))
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    def summary(self) -> list[Section]:
        """Print every answer grouped by section; return the sections shown."""
        _say(f"\n{ui(self.lang, 'review')}", STYLE["header"])
        colon = " : " if self.lang == "fr" else ": "
        shown = []
        for section in self.sections():
            questions = [q for q in self.asked(section.id) if self.applies(q)]
            if not questions:
                continue
            shown.append(section)
            _say(f"\n{section.title.get(self.lang, section.id)}", STYLE["done"])
            for q in questions:
                _say(f"  {self.message(q).rstrip(' ?:')}{colon}{self.shown(q, self.value(q))}")
        return shown

    def review(self) -> None:
        """Show the answers; let the user change sections until they confirm."""
        while True:
            sections = self.summary()
            options = [("", ui(self.lang, "confirm"), None)] + [
                (s.id, ui(self.lang, "change", section=s.title.get(self.lang, s.id)), None) for s in sections
            ]
            choice = _select(self.lang, ui(self.lang, "review_prompt"), options, "")
            if not choice:
                return
            self.walk(choice, only_new=False)
            self.walk()  # follow-ups elsewhere that now apply

    def data(self) -> dict[str, Any]:
        data = dict(self.answers)
        data["format"] = 1
        return data

    def check(self) -> str:
        """The answers file text, checked exactly as `charter generate` will check it."""
        text = dump_answers(self.data(), lang=self.lang)
        parse_answers(text, name="the answers")
        return text


# --------------------------------------------------------------------------- the draft


DRAFT_LIMIT = 1 << 20  # a draft is a few kilobytes; anything much larger is not one of ours


def _fits(q: Question, value: Any) -> bool:
    """Whether a draft's value has the shape the interview gives answers of this question."""
    names = catalog()
    if q.type == "format":
        return True
    if q.type == "boolean":
        return isinstance(value, bool)
    if q.type == "choice":
        return isinstance(value, str) and value in q.choice_values()
    if q.type in ("text", "email"):
        return isinstance(value, str | int | float) and not isinstance(value, bool)
    if q.type == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if q.type == "date":
        return isinstance(value, date | str)
    if not isinstance(value, list):
        return False
    if q.type == "list":
        return all(isinstance(v, str) for v in value)
    if q.type == "multichoice":
        return all(isinstance(v, str) and v in q.choice_values() for v in value)
    if q.type == "networks":
        return all(isinstance(v, str) and v in names and names[v].kind == "enterprise" for v in value)
    if q.type == "platforms":
        for item in value:
            item = item if isinstance(item, dict) else {"id": item}
            ident = item.get("id")
            if not isinstance(ident, str) or ident not in names or names[ident].kind != "public":
                return False
            if any(not isinstance(item.get(k), str | None) for k in ("account", "owner")):
                return False
        return True
    return True  # a type this check does not know: the final check of the answers still applies


def _draft_problem(answers: Any, progress: Any) -> str | None:
    """What makes a draft unusable, in a few words; None if the interview can go on from it."""
    if not isinstance(answers, dict):
        return "its answers are not a mapping"
    if not isinstance(progress, dict):
        return "its progress line is not a mapping"
    answered = progress.get("answered")
    if not isinstance(answered, list) or not all(isinstance(k, str) for k in answered):
        return "its progress line has no list of answered questions"
    if progress.get("interview") not in (None, "fr", "en"):
        return "its progress line names no known language"
    for key in ("answers_path", "output"):
        if not isinstance(progress.get(key), str | None):
            return f"its progress line has an unusable {key}"
    for q in questionnaire().questions:
        if len(q.path) > 1 and q.path[0] in answers and not isinstance(answers[q.path[0]], dict):
            return f"{q.path[0]} is not a mapping"
        value = get_path(answers, q.key, None)
        if value is not None and not _fits(q, value):
            return f"{q.key} holds {_short_repr(value)}, not a {q.type} answer"
    return None


def _short_repr(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


class Draft:
    """The answers of an interrupted interview, with a comment saying how far it went.

    A draft charter cannot read (damaged, edited by hand, not a file) is never deleted: it is renamed
    `draft.yml.broken` (or `.broken-2`...) beside it, and the message says where it went.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or state_dir()) / DRAFT_NAME

    def exists(self) -> bool:
        return os.path.lexists(self.path)

    def save(self, interview: Interview, paths: dict[str, str | None]) -> None:
        from charter.app import write_atomically

        where = {key: str(Path(value).absolute()) if value else None for key, value in paths.items()}
        progress = {"interview": interview.lang, "answered": interview.answered, **where}
        text = dump_answers(interview.data(), lang=interview.lang)
        text += f"\n{DRAFT_MARKER}{json.dumps(progress, ensure_ascii=False)}\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        if self.exists() and not self.path.is_file():  # a FIFO, a folder, a dangling link: keep it aside
            try:
                self.set_aside()
            except OSError as exc:
                raise OutputError(
                    f"{self.path} is not a regular file and cannot be moved: {exc.strerror}"
                ) from None
        write_atomically(self.path, text.encode("utf-8"), force=True, through=False)

    def set_aside(self) -> Path:
        """Rename the draft to the first free `draft.yml.broken[-N]`; return the new path."""
        for number in range(1, 1000):
            kept = self.path.with_name(f"{DRAFT_NAME}.broken" + (f"-{number}" if number > 1 else ""))
            if not os.path.lexists(kept):
                os.rename(self.path, kept)
                return kept
        raise OSError(errno.EEXIST, "too many broken drafts beside it")

    def _unusable(self, lang: str, problem: str) -> AnswersError:
        """The error for a draft that cannot be resumed, once the draft is safely set aside."""
        try:
            kept = self.set_aside()
        except OSError as exc:
            return AnswersError(
                ui(lang, "bad_draft_stuck", path=self.path, problem=problem, error=exc.strerror)
            )
        return AnswersError(ui(lang, "bad_draft", path=self.path, problem=problem, kept=kept))

    def _read(self) -> str:
        """The draft's text; ValueError(what is wrong) for anything but a small UTF-8 regular file."""
        info = os.stat(self.path)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("it is not a regular file")
        if info.st_size > DRAFT_LIMIT:
            raise ValueError(f"it is {info.st_size} bytes, far more than any draft")
        fd = os.open(self.path, os.O_RDONLY | os.O_NONBLOCK)  # never wait on whatever it has become
        with os.fdopen(fd, "rb") as stream:
            data = stream.read(DRAFT_LIMIT + 1)
        if len(data) > DRAFT_LIMIT:
            raise ValueError("it is far larger than any draft")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"it is not UTF-8 text: {exc.reason} at byte {exc.start}") from None

    def load(self, lang: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The answers and the progress marker; AnswersError if there is no usable draft."""
        import yaml

        if not self.exists():
            raise AnswersError(ui(lang, "no_draft", path=self.path))
        try:
            text = self._read()
            marker = next((line for line in text.splitlines() if line.startswith(DRAFT_MARKER)), None)
            if marker is None:
                raise ValueError("no progress marker")
            progress = json.loads(marker.removeprefix(DRAFT_MARKER))
            answers = yaml.safe_load(text)
        except OSError as exc:
            if isinstance(exc, FileNotFoundError) and not self.path.is_symlink():
                raise AnswersError(ui(lang, "no_draft", path=self.path)) from None
            raise self._unusable(lang, exc.strerror or str(exc)) from None
        except (ValueError, RecursionError, yaml.YAMLError) as exc:  # JSON, YAML and our own ValueErrors
            raise self._unusable(lang, " ".join(str(exc).split())[:200]) from None
        problem = _draft_problem(answers, progress)
        if problem:
            raise self._unusable(lang, problem)
        for q in questionnaire().questions:
            if q.type == "platforms" and _has_path(answers, q.key):
                set_path(answers, q.key, _platform_items(get_path(answers, q.key)))
        return answers, progress

    def delete(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


# --------------------------------------------------------------------------- writing


def _not_empty(lang: str) -> Callable[[str], str]:
    def convert(raw: str) -> str:
        if not raw.strip():
            raise ValueError(ui(lang, "required"))
        return raw.strip()

    return convert


def _choose_path(lang: str, given: Path | None, default: Path, what: str) -> tuple[Path, bool]:
    """A path to write to, and whether the user agreed to replace the file already there."""

    from charter.app import check_output

    path = given or default
    while True:
        problem = None
        if path.exists() and not path.is_dir():
            if _yes_no(lang, ui(lang, "exists", path=path), False):
                return path, True
        else:
            try:
                check_output(path, force=False)
                return path, False
            except OutputError as exc:
                problem = str(exc)
        if problem:
            _say(f"  {problem}", STYLE["warning"])
        answer = _typed(ui(lang, "another", what=ui(lang, what)), str(path), _not_empty(lang))
        path = Path(answer).expanduser()


def _write(interview: Interview, text: str, answers_path: Path | None, output: Path | None) -> Result:
    from charter.app import generate, write_atomically

    lang = interview.lang
    name = slug(str(get_path(interview.answers, "organisation.name") or ""))
    answers_path, replace = _choose_path(lang, answers_path, Path(f"{name}-answers.yml"), "answers_file")
    output, replace_output = _choose_path(lang, output, Path(f"{name}-charter.docx"), "charter_file")
    write_atomically(answers_path, text.encode("utf-8"), force=replace)
    result = generate(answers_path=answers_path, output=output, force=replace_output)
    _say(ui(lang, "wrote", answers=answers_path, charter=output, count=len(result.clauses)), STYLE["done"])
    _say(ui(lang, "again", answers=answers_path, charter=output))
    return result


# --------------------------------------------------------------------------- entry point


def _start(
    lang: str | None, from_path: Path | None, resume: bool, paths: dict[str, str | None], draft: Draft
) -> Interview:
    """A new interview, one reopened from a finished answers file, or the interrupted one."""
    language = lang or system_language()
    if from_path is not None:
        data = read_answers(from_path).data  # every key, defaults applied: it goes straight to the review
        keys = [q.key for q in questionnaire().questions if q.ask and q.type != "format"]
        paths["answers_path"] = paths["answers_path"] or str(from_path)
        return Interview(language, data, keys)
    if not resume and draft.exists():
        options = [(True, ui(language, "draft_resume"), None), (False, ui(language, "draft_restart"), None)]
        resume = _select(language, ui(language, "draft_found", path=draft.path), options, True)
    if resume:
        answers, progress = draft.load(language)
        interview = Interview(lang or progress.get("interview") or language, answers, progress["answered"])
        for key in ("answers_path", "output"):
            paths[key] = paths[key] or progress.get(key)
        _say(ui(interview.lang, "resumed", count=len(interview.answered)))
        return interview
    interview = Interview(language)
    _say(ui(language, "intro", count=interview.count()) + ("" if lang else " " + ui(language, "lang_hint")))
    return interview


def _interview(
    lang: str | None, answers_path: Path | None, output: Path | None, from_path: Path | None, resume: bool
) -> Result:
    draft = Draft()
    paths: dict[str, str | None] = {
        "answers_path": str(answers_path) if answers_path else None,
        "output": str(output) if output else None,
    }
    interview: Interview | None = None
    try:
        interview = _start(lang, from_path, resume, paths, draft)
        interview.walk()
        while True:
            interview.review()
            try:
                text = interview.check()
                break
            except AnswersError as exc:
                _say(ui(interview.lang, "problems"), STYLE["warning"])
                for problem in exc.problems or [str(exc)]:
                    _say(f"  - {problem}", STYLE["warning"])
        chosen = {key: Path(value) if value else None for key, value in paths.items()}
        result = _write(interview, text, chosen["answers_path"], chosen["output"])
    except (KeyboardInterrupt, EOFError):
        if interview is None:
            raise Interrupted(ui(lang or system_language(), "stopped")) from None
        try:
            draft.save(interview, paths)
        except OutputError as exc:
            raise Interrupted(ui(interview.lang, "unsaved", error=exc)) from None
        message = ui(interview.lang, "interrupted", count=len(interview.answered), path=draft.path)
        raise Interrupted(message) from None
    draft.delete()
    return result


@contextlib.contextmanager
def _terminal(term_input: Any, term_output: Any) -> Iterator[None]:
    if term_input is None:
        yield
        return
    from prompt_toolkit.application import create_app_session

    with create_app_session(input=term_input, output=term_output):
        yield


def run(
    *,
    lang: str | None = None,
    answers_path: Path | None = None,
    output: Path | None = None,
    from_path: Path | None = None,
    resume: bool = False,
    term_input: Any = None,
    term_output: Any = None,
) -> Result:
    """Run the interview and write the answers file and the charter; return the `charter.app.Result`.

    `term_input` / `term_output` (prompt_toolkit Input and Output, such as a pipe input in tests) replace
    the terminal; without them, stdin and stdout must be a terminal or NoTerminalError is raised at once.
    """
    if term_input is None and not has_terminal():
        raise NoTerminalError(ui(lang or system_language(), "no_terminal"))
    with _terminal(term_input, term_output):
        return _interview(lang, answers_path, output, from_path, resume)
