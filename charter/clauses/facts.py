"""Dated facts (`templates/facts.yml`): what clause templates see as `facts.<id>`.

A platform that closes, a ban, a law that starts applying: each is dated once, in the data file,
and every clause states it as it stands on the charter's effective date (today's date when the
charter has none), in the past tense once the date has come.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from charter.errors import TemplateError
from charter.resources import load_yaml

FACTS_FILE = "facts.yml"


@cache
def fact_dates() -> dict[str, date]:
    """Each fact's id and date, in the file's order; a malformed file is a TemplateError."""
    data = load_yaml(FACTS_FILE)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TemplateError(f"templates/{FACTS_FILE}: must map fact ids to {{date: YYYY-MM-DD}}.")
    dates: dict[str, date] = {}
    for ident, spec in data.items():
        when = spec.get("date") if isinstance(spec, dict) else None
        if not isinstance(ident, str) or not isinstance(when, date):
            raise TemplateError(f"templates/{FACTS_FILE}: fact {ident!r} needs a `date: YYYY-MM-DD`.")
        dates[ident] = when
    return dates


def reference_day(effective: date | None) -> date:
    """The day facts are stated as of: the effective date, or today when the charter has none."""
    return effective if effective is not None else date.today()


def facts_context(lang: str, effective: date | None) -> dict[str, dict[str, Any]]:
    """`facts.<id>` for a charter: its `date`, whether it is `past` on the reference day, its `text`."""
    from charter.clauses.context import long_date

    day = reference_day(effective)
    return {
        ident: {"date": when, "past": when <= day, "text": long_date(when, lang)}
        for ident, when in fact_dates().items()
    }
