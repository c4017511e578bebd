"""The sandboxed Jinja2 environment clause templates render in.

Jinja2's immutable sandbox (no file access, no imports, no Python internals), strict undefined
names, repetition and powers bounded (`charter.model.conditions.sandbox_class`), and a finalize
hook: every printed value is text, escaped so it can never become markup, and never a silent blank.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from charter import markup
from charter.clauses.cache import safe_cache
from charter.clauses.context import join_and, long_date
from charter.clauses.files import Clause
from charter.model.conditions import sandbox_class
from charter.model.dates import add_days, add_months, formalities_due, weekday_before

_PRINTABLE = (str, int, float, date)  # what `{{ ... }}` may print; bool is an int


def finalize(value: Any) -> Any:
    """Every printed value is text: escaped so it can never become markup, and never a silent blank.

    Only scalars print: a list, a mapping or a function would print as Python's own notation
    (`['a', Undefined]`), which no charter should contain.
    """
    if value is None:
        raise NoneValue()
    if not isinstance(value, _PRINTABLE):
        import jinja2

        if isinstance(value, jinja2.Undefined):
            str(value)  # StrictUndefined raises its own error, naming what is undefined
        raise NotText(value)
    return markup.escape(value if isinstance(value, str) else str(value))


class NoneValue(Exception):
    pass


class NotText(Exception):
    """A template prints something that is not a scalar."""

    def __init__(self, value: Any) -> None:
        import jinja2

        super().__init__()
        if isinstance(value, list | tuple | set | frozenset):
            self.what = "a list"
            if any(isinstance(item, jinja2.Undefined) for item in value):
                self.what += " holding undefined values (is an attribute or key misspelt?)"
        elif isinstance(value, dict):
            self.what = "a mapping"
        else:
            self.what = f"a {type(value).__name__}, which cannot be printed"


def make_environment(
    clauses: dict[str, Clause], *, folder: Path | None = None, lang: str | None = None
) -> Any:
    """The sandboxed environment of a library (with the filters of ``lang``), keeping compiled clauses
    in ``folder`` (`charter.clauses.cache.cache_folder`), or nowhere when it is None.

    One environment per library and process: it keeps each clause compiled, so a batch compiles (or
    loads from the cache) each template once. The key is the clauses themselves, sources included, and
    the cache folder in use: an edited clause is another library, and gets an environment of its own.
    """
    return _environment(tuple(clauses.values()), folder, lang)


def _long_date_filter(lang: str) -> Any:
    """`{{ day | long_date }}`: the date in words of the charter's language, month first in English
    under US law (the jurisdiction is read from the answers the template is rendered with)."""
    import jinja2

    @jinja2.pass_context
    def long_date_filter(context: Any, value: Any) -> str:
        organisation = context.get("organisation")
        jurisdiction = organisation.get("jurisdiction") if isinstance(organisation, dict) else None
        return long_date(value, lang, jurisdiction)

    return long_date_filter


@lru_cache(maxsize=16)
def _environment(clauses: tuple[Clause, ...], folder: Path | None, lang: str | None) -> Any:
    import jinja2

    by_name = {c.id: c for c in clauses}

    def load(name: str) -> tuple[str, str, Any] | None:
        clause = by_name.get(name.removesuffix(".md"))
        if clause is None:
            return None
        return clause.source, str(clause.path), lambda: True

    env = sandbox_class()(
        loader=jinja2.FunctionLoader(load),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
        bytecode_cache=safe_cache(folder) if folder is not None else None,
    )
    env.filters["add_months"] = add_months  # dates of a timetable (the adoption plan)
    env.filters["add_days"] = add_days
    env.filters["weekday_before"] = weekday_before
    env.filters["formalities_due"] = formalities_due
    if lang is not None:
        env.filters["join_and"] = partial(join_and, lang=lang)
        env.filters["long_date"] = _long_date_filter(lang)
    return env
