"""Answering the interview by question id, through the real prompts and prompt_toolkit's pipe input.

`answering(monkeypatch, {"organisation.name": "Acme", "platforms": ["facebook"]})` wraps
`charter.interview.prompts.ask`, the one entry point of every prompt. Each time a prompt is about
to be asked, the driver looks at its id (a question's key, `platforms.<id>.account`, or the
interview's own `@review`, `@resume`, `@replace:<what>`, `@path:<what>`) and sends into the pipe the
keys that give the answer the test chose for that id, then lets the real prompt read them. An id
the test gives no answer for gets Enter: the default shown is kept. So a question added to
questions.yml is simply answered with its default, and no test breaks.

Answers, by widget:
- text: the text to type (it replaces the default; "" clears it); `Typed("bad", "good")` types
  several attempts, each refused one corrected on the spot;
- select: the value to choose (True, "public", a section id at the review);
- checkbox, platforms: the values to tick, exactly (the platforms' accounts and owners are their
  own ids: `platforms.facebook.account`);
- any widget: `Keys("...")` sends raw keys, `CTRL_C` presses Ctrl-C, `BACK` the back key (Esc),
  `EOF` ends the input;
- `Several(a, b)`: the answers of successive prompts with the same id (the review, a question asked
  again after the review), then Enter.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from charter.interview import prompts
from charter.interview.prompts import Prompt

ENTER, DOWN, UP, SPACE, CLEAR, BACKSPACE, ESC = "\r", "\x1b[B", "\x1b[A", " ", "\x15", "\x7f", "\x1b"
REAL_ASK = prompts.ask
MAX_PROMPTS = 300  # more than any interview asks: a test that loops fails instead of hanging
WATCHDOG_SECONDS = 60  # then the input is closed: the interview saves a draft and stops


@dataclass(frozen=True)
class Keys:
    keys: str


class Typed:
    """Several attempts at a text prompt, in order."""

    def __init__(self, *attempts: str | Keys) -> None:
        self.attempts = attempts


class Several:
    """The answers of successive prompts with the same id."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)


CTRL_C = Keys("\x03")
BACK = Keys(ESC)  # the back key: the previous question asked, again
EOF = object()
KEEP = Keys(ENTER)


class Driver:
    def __init__(self, pipe: Any, answers: dict[str, Any]) -> None:
        self.pipe = pipe
        self.answers = {k: list(v.answers) if isinstance(v, Several) else [v] for k, v in answers.items()}
        self.output = io.StringIO()
        self.asked: list[str] = []  # every prompt's id, in order
        self.prompts: list[Prompt] = []

    @property
    def term(self) -> dict[str, Any]:
        """The keyword arguments that point the interview at this driver's pipe and screen."""
        return {"term_input": self.pipe, "term_output": PlainTextOutput(self.output)}

    @property
    def screen(self) -> str:
        return self.output.getvalue()

    def ask(self, prompt: Prompt) -> Any:
        assert len(self.asked) < MAX_PROMPTS, f"the interview keeps asking: {self.asked[-10:]}"
        self.asked.append(prompt.id)
        self.prompts.append(prompt)
        queue = self.answers.get(prompt.id)
        answer = queue.pop(0) if queue else KEEP
        if answer is EOF:
            self.pipe.close()
        else:
            self.pipe.send_text(keys_for(prompt, answer))
        return REAL_ASK(prompt)

    def close(self) -> None:
        self.pipe.close()


def keys_for(prompt: Prompt, answer: Any) -> str:
    """The keys that give ``answer`` at ``prompt``."""
    if isinstance(answer, Keys):
        return answer.keys
    if prompt.widget == "text":
        attempts = answer.attempts if isinstance(answer, Typed) else (answer,)
        return "".join(a.keys if isinstance(a, Keys) else CLEAR + str(a) + ENTER for a in attempts)
    values = [o.value for o in prompt.options]
    if prompt.widget == "select":
        assert answer in values, f"{prompt.id}: {answer!r} is not one of {values}"
        start = values.index(prompt.default) if prompt.default in values else 0
        move = values.index(answer) - start
        return (DOWN * move if move > 0 else UP * -move) + ENTER
    # checkbox and platforms: from the first option that can be ticked, tick or untick each in turn
    wanted = list(answer)
    ticked = {item["id"] if isinstance(item, dict) else item for item in prompt.default or []}
    usable = [o for o in prompt.options if not o.refused]
    unknown = set(wanted) - {o.value for o in usable}
    assert not unknown, f"{prompt.id}: {unknown} cannot be ticked; choose from {[o.value for o in usable]}"
    keys = ""
    for option in usable:
        if (option.value in wanted) != (option.value in ticked):
            keys += SPACE
        keys += DOWN
    return keys + ENTER


@contextmanager
def answering(monkeypatch: pytest.MonkeyPatch, answers: dict[str, Any] | None = None) -> Iterator[Driver]:
    """A driver answering by id, installed as the prompts' entry point for the `with` block."""
    with create_pipe_input() as pipe:
        driver = Driver(pipe, answers or {})
        monkeypatch.setattr(prompts, "ask", driver.ask)
        watchdog = threading.Timer(WATCHDOG_SECONDS, driver.close)
        watchdog.start()
        try:
            yield driver
        finally:
            watchdog.cancel()
            monkeypatch.setattr(prompts, "ask", REAL_ASK)
