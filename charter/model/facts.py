"""Dated facts (`templates/facts.yml`): each fact's date, read once; the day facts are stated as of.

Clause templates see them as `facts.<id>` (charter.clauses.facts); terminal warnings use them too
(charter.model.answers), which is why they live in the model layer.
"""

from __future__ import annotations

from datetime import date
from functools import cache

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
