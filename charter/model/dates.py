"""Date arithmetic for timetables: the adoption plan's dates (clause filters) and the warning that
an effective date comes too soon (charter.model.answers) count the same way."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

__all__ = ["add_days", "add_months", "formalities_due", "weekday_before"]


def add_months(value: Any, months: int) -> date:
    """`{{ day | add_months(-1) }}`: the same day ``months`` later (earlier when negative), on the
    month's last day when the month is shorter (31 March less one month is 28 or 29 February)."""
    if not isinstance(value, date) or not isinstance(months, int):
        raise ValueError(f"add_months needs a date and a whole number of months, got {value!r}, {months!r}")
    year, month = divmod(value.year * 12 + value.month - 1 + months, 12)
    if not 1 <= year <= 9998:
        raise ValueError(f"add_months: {value.isoformat()} and {months} months is out of the calendar")
    last = (date(year, month + 1, 1) + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return date(year, month + 1, min(value.day, last.day))


def add_days(value: Any, days: int) -> date:
    """`{{ day | add_days(-7) }}`: the date ``days`` later (earlier when negative)."""
    if not isinstance(value, date) or not isinstance(days, int):
        raise ValueError(f"add_days needs a date and a whole number of days, got {value!r}, {days!r}")
    try:
        return value + timedelta(days=days)
    except OverflowError:
        raise ValueError(f"add_days: {value.isoformat()} and {days} days is out of the calendar") from None


def weekday_before(value: Any) -> date:
    """`{{ day | weekday_before }}`: the day itself, or the Friday before when it falls on a weekend (a
    registry or an office is closed then; public holidays vary by place and are left to the reader)."""
    if not isinstance(value, date):
        raise ValueError(f"weekday_before needs a date, got {value!r}")
    return value - timedelta(days=max(0, value.weekday() - 4))


def formalities_due(effective: Any) -> date:
    """`{{ day | formalities_due }}`: the last day for the filing and posting formalities of a French
    addition to the internal rules that comes into force on ``effective``. L1321-4 wants a month at
    least between them; the adoption plan keeps a day more, and no weekend. The plan's dates and the
    warning that an effective date comes too soon (charter.model.answers) both count from here."""
    if not isinstance(effective, date):
        raise ValueError(f"formalities_due needs a date, got {effective!r}")
    return weekday_before(add_days(add_months(effective, -1), -1))
