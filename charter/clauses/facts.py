"""Dated facts as clause templates see them: `facts.<id>` with `.date`, `.past` and `.text`.

A platform that closes, a ban, a law that starts applying: each is dated once, in
`templates/facts.yml` (read by charter.model.facts), and every clause states it as it stands on the
charter's effective date (today's date when the charter has none), in the past tense once the date
has come.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from charter.model.facts import fact_dates, reference_day

__all__ = ["fact_dates", "facts_context", "reference_day"]


def facts_context(lang: str, effective: date | None, jurisdiction: Any = None) -> dict[str, dict[str, Any]]:
    """`facts.<id>` for a charter: its `date`, whether it is `past` on the reference day, its `text`."""
    from charter.clauses.context import long_date

    day = reference_day(effective)
    return {
        ident: {"date": when, "past": when <= day, "text": long_date(when, lang, jurisdiction)}
        for ident, when in fact_dates().items()
    }
