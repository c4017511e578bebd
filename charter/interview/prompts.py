"""The prompts: the only module of charter that imports questionary and prompt_toolkit.

Every prompt of the interview goes through :func:`ask`, which picks the widget a :class:`Prompt`
names: a line of text checked as it is typed, a select, a checkbox, or the platforms (a checkbox
and then the account and owner of each one chosen, each asked through :func:`ask` again). The
session decides what to ask (from the questionnaire and the type table); this module only asks.
questionary is imported inside the functions, so `charter --help` stays fast.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from charter.interview.words import STYLE, ui
from charter.model.types import Invalid, Option

FOLLOW_UPS = ("account", "owner")  # what is asked of each platform chosen
POINTER_WIDTH, HELP_INDENT = 5, 2  # a select's or checkbox's pointer and box; help lines below a label
BACK_KEY = "escape"  # goes back to the previous question: free in text, select and checkbox prompts


class GoBack(Exception):
    """The user pressed the back key at a prompt that allows it (``Prompt.back``)."""


@dataclass(frozen=True)
class Prompt:
    """One thing to ask.

    ``id`` is the question's key in the answers file (`organisation.name`), `platforms.<id>.account`
    for a follow-up, or `@review`, `@resume`, `@replace:<what>`, `@path:<what>` for the interview's
    own prompts. ``default`` is the text shown (text), the value pointed at (select), or the values
    ticked (checkbox, platforms: their items).
    """

    id: str
    widget: str  # text | select | checkbox | platforms
    message: str
    lang: str
    default: Any = None
    options: tuple[Option, ...] = ()
    parse: Callable[[str], Any] | None = None  # text, and the platforms' follow-ups: raises Invalid
    validate: Callable[[list[Any]], str | None] | None = None  # checkbox: why this choice is refused
    notes: Mapping[Any, str] = field(default_factory=dict)  # said at once for each value chosen
    back: bool = False  # the back key raises GoBack (the session then asks the previous question)


def ask(prompt: Prompt) -> Any:
    """The one entry point: ask ``prompt`` with its widget and return the answer."""
    return WIDGETS[prompt.widget](prompt)


def say(text: str, style: str = "") -> None:
    import questionary

    questionary.print(text, style=style)


def unsay(text: str) -> None:
    """Erase ``text``, the last thing said (a question's help, when the back key leaves the question)."""
    import math

    from prompt_toolkit.application import get_app_session

    output = get_app_session().output
    stdout = getattr(output, "stdout", None)
    if stdout is None or not stdout.isatty():
        return  # a pipe or a log keeps every line
    columns = max(output.get_size().columns, 1)
    lines = sum(max(1, math.ceil(len(line) / columns)) for line in text.split("\n"))
    output.cursor_up(lines)
    output.erase_down()
    output.flush()


def echo(message: str, answer: str) -> None:
    """The line questionary leaves after a prompt, for prompts whose own line is erased."""
    from prompt_toolkit import print_formatted_text
    from prompt_toolkit.formatted_text import FormattedText

    print_formatted_text(
        FormattedText([("fg:#5f819d", "?"), ("bold", f" {message} "), ("fg:#ff9d00 bold", answer)])
    )


# --------------------------------------------------------------------------- the widgets


def text(prompt: Prompt) -> Any:
    """A typed answer, parsed at once: what cannot be the answer is explained (✗) and corrected."""
    if prompt.parse is None:
        raise ValueError(f"the text prompt {prompt.id} has no parser")
    raw = _line(prompt.message, str(prompt.default or ""), back=prompt.back)
    while True:
        try:
            value = prompt.parse(raw)
            echo(prompt.message, raw.strip())  # the prompt's own line is erased, as a select's
            return value
        except Invalid as exc:
            say(f"  ✗ {exc}", STYLE["error"])
        raw = _line(prompt.message, raw, replace=False, back=prompt.back)  # the text typed, to correct


def select(prompt: Prompt) -> Any:
    """One of the options; the pointer starts on the default."""
    import questionary

    values = [option.value for option in prompt.options]
    question = questionary.select(
        prompt.message,
        [questionary.Choice(_title(o), value=o.value) for o in prompt.options],
        default=prompt.default if prompt.default in values else None,
        instruction=ui(prompt.lang, "select_hint"),
        erase_when_done=True,
    )
    value = _with_back(question, prompt.back).unsafe_ask()
    echo(prompt.message, next(o.label for o in prompt.options if o.value == value))
    return value


def checkbox(prompt: Prompt) -> list[Any]:
    """Some of the options (those refused cannot be ticked); then the notes of those chosen."""
    import questionary

    ticked = list(prompt.default or [])
    check = prompt.validate or (lambda chosen: None)
    choices = [
        questionary.Choice(
            _title(o), value=o.value, checked=o.value in ticked and not o.refused, disabled=o.refused
        )
        for o in prompt.options
    ]
    question = questionary.checkbox(
        prompt.message,
        choices,
        instruction=ui(prompt.lang, "checkbox_hint"),
        validate=lambda chosen: check(chosen) or True,
        erase_when_done=True,
    )
    values: list[Any] = _with_back(question, prompt.back).unsafe_ask()
    labels = [o.label for o in prompt.options if o.value in values]
    echo(prompt.message, ", ".join(labels) or ui(prompt.lang, "none"))
    for value in values:
        if prompt.notes.get(value):
            say(f"  ⚠ {prompt.notes[value]}", STYLE["warning"])
    return values


def platforms(prompt: Prompt) -> list[dict[str, Any]]:
    """Platforms ticked in a checkbox, then the account and the owner of each one (Enter: none).

    The back key at a follow-up goes back to the one before it, and from the first to the checkbox."""
    before = {item["id"]: item for item in prompt.default or []}
    given = set(before)  # platforms chosen earlier keep their own owner, even none
    names = {o.value: o.label for o in prompt.options}
    while True:
        chosen = checkbox(replace(prompt, default=list(before)))
        items = [{"id": i, "account": None, "owner": None, **before.get(i, {})} for i in chosen]
        steps = [(item, detail) for item in items for detail in FOLLOW_UPS]
        step = 0
        while 0 <= step < len(steps):
            item, detail = steps[step]
            shown = item[detail]
            if detail == "owner" and not shown and item["id"] not in given and step > 2:
                shown = steps[step - 2][0]["owner"]  # a new platform: the owner typed for the one before
            follow_up = Prompt(
                id=f"{prompt.id}.{item['id']}.{detail}",
                widget="text",
                message=ui(prompt.lang, detail, name=names[item["id"]]),
                lang=prompt.lang,
                default=shown or "",
                parse=prompt.parse,
                back=prompt.back,
            )
            try:
                item[detail] = ask(follow_up)
                step += 1
            except GoBack:
                step -= 1
        if step >= 0:
            return items
        before = {item["id"]: item for item in items}  # back to the checkbox, keeping what was typed


WIDGETS: dict[str, Callable[[Prompt], Any]] = {
    "text": text,
    "select": select,
    "checkbox": checkbox,
    "platforms": platforms,
}


# --------------------------------------------------------------------------- helpers


def _title(option: Option) -> Any:
    """An option's label and its help; help too long for the terminal goes on indented lines below,
    since a select or checkbox line is cut at the terminal's width, never wrapped."""
    if not option.help:
        return option.label
    import textwrap

    from prompt_toolkit.application import get_app_session

    width = get_app_session().output.get_size().columns - POINTER_WIDTH
    help_text = f"  – {option.help}"
    if len(option.label) + len(help_text) <= width:
        return [("", option.label), ("italic", help_text)]
    lines = textwrap.wrap(option.help, max(width - HELP_INDENT - 1, 20))
    indent = "\n" + " " * (POINTER_WIDTH + HELP_INDENT)
    return [("", option.label), ("italic", "".join(indent + line for line in lines))]


def _with_back(question: Any, back: bool) -> Any:
    """``question`` (a questionary Question) where the back key, if ``back``, raises GoBack."""
    if not back:
        return question
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings

    bindings = KeyBindings()

    @bindings.add(BACK_KEY, eager=True)
    def _back(event: KeyPressEvent) -> None:
        event.app.exit(exception=GoBack(), style="class:aborting")

    application = question.application
    application.key_bindings = merge_key_bindings([b for b in (application.key_bindings, bindings) if b])
    return question


def _line(message: str, shown: str, *, replace: bool = True, back: bool = False) -> str:
    """A line of text showing `shown`: Enter keeps it; arrows or Backspace edit it; typing replaces it
    (when `replace`: a default or an earlier answer, not text the user is correcting)."""
    import questionary
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
    from prompt_toolkit.keys import Keys

    untouched = [bool(shown) and replace]
    bindings = KeyBindings()

    @bindings.add(Keys.Any, filter=Condition(lambda: untouched[0]))
    @bindings.add(Keys.BracketedPaste, filter=Condition(lambda: untouched[0]))
    def _replace(event: KeyPressEvent) -> None:
        untouched[0] = False
        event.current_buffer.text = ""
        event.current_buffer.insert_text(" ".join(event.data.splitlines()))

    def edited(_: object) -> None:
        untouched[0] = False

    question = questionary.text(message, default=shown, key_bindings=bindings, erase_when_done=True)
    question.application.current_buffer.on_cursor_position_changed += edited
    question.application.current_buffer.on_text_changed += edited
    return str(_with_back(question, back).unsafe_ask())


@contextlib.contextmanager
def terminal(term_input: Any = None, term_output: Any = None) -> Iterator[None]:
    """Prompts read ``term_input`` and write ``term_output`` (prompt_toolkit Input and Output, such as
    a pipe input in tests) instead of the terminal, when given."""
    if term_input is None:
        yield
        return
    from prompt_toolkit.application import create_app_session

    with create_app_session(input=term_input, output=term_output):
        yield
