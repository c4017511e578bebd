"""Where a value sits in an answers file (or a typed answer): the place problems are reported at."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

MAX_SHOWN = 60  # characters of a wrong value quoted back in a message


def printable(text: str) -> str:
    """Text safe to show on a terminal: control and invisible characters as escapes (\\x1b)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shown(value: Any, raw: str | None = None) -> str:
    """A value as a message quotes it back: short, printable, and numbers as they were written."""
    if isinstance(value, str):
        if len(value) > MAX_SHOWN:
            return f'"{printable(value[:MAX_SHOWN])}..." ({len(value)} characters)'
        return f'"{printable(value)}"'
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int | float) and raw:
        return printable(raw[:MAX_SHOWN])
    return printable(str(value)[:MAX_SHOWN])


def _unknown(path: tuple[Any, ...]) -> str | None:
    return None


class Sink:
    """The problems found so far, as (path, message), and how each value was written.

    A plain class and `Site` a named tuple, not dataclasses: every command imports them, and making a
    dataclass costs about a millisecond at import (see charter.blocks)."""

    __slots__ = ("lang", "problems", "raw")

    def __init__(self, lang: str = "en", raw: Callable[[tuple[Any, ...]], str | None] = _unknown) -> None:
        self.lang = lang
        self.raw = raw
        self.problems: list[tuple[tuple[Any, ...], str]] = []


class Site(NamedTuple):
    """A key path in the answers and the sink its problems go to."""

    sink: Sink
    path: tuple[Any, ...] = ()

    @classmethod
    def alone(cls, lang: str, typed: str | None = None) -> Site:
        """A site for one typed answer (the interview): its text is what the user typed."""
        return cls(Sink(lang, lambda path: typed if not path else None))

    @property
    def lang(self) -> str:
        return self.sink.lang

    @property
    def raw(self) -> str | None:
        """The value as written in the file (`1.10`, not the float 1.1), when it was a scalar."""
        return self.sink.raw(self.path)

    @property
    def problems(self) -> list[tuple[tuple[Any, ...], str]]:
        return self.sink.problems

    def at(self, *sub: Any) -> Site:
        return Site(self.sink, (*self.path, *sub))

    def problem(self, message: str) -> None:
        self.sink.problems.append((self.path, message))
