"""`charter generate ANSWERS.yml -o review.ics`: the charter's next review as a calendar event.

An iCalendar file (RFC 5545) with one all-day event on the effective date plus
`governance.review_months`, addressed to `charter.contact`, with a reminder two weeks before. It is
the same bytes for the same answers: the UID is a digest of what identifies the review (organisation,
title, version, dates) and DTSTAMP is the effective date, never the clock.
"""

from __future__ import annotations

import calendar
import hashlib
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from charter import __version__
from charter.clauses.context import long_date, strings
from charter.errors import AnswersError
from charter.model.answers import Answers

#: RFC 5545 folds content lines longer than 75 octets.
_FOLD = 75
#: The reminder, before the review date.
REMINDER = "-P14D"


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, the day kept or moved back to the month's last."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 says: backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _param(value: str) -> str:
    """A parameter value (CN=...): quoted, with the characters a quoted value cannot hold removed."""
    return '"' + "".join(c for c in value if c not in '"\r\n' and (c >= " " or c == "\t")) + '"'


def _fold(line: str) -> bytes:
    """One content line in UTF-8, folded at 75 octets without cutting a character, ending in CRLF."""
    data = line.encode("utf-8")
    parts = []
    limit = _FOLD
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # not inside a multi-byte character
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = _FOLD - 1  # continuation lines begin with a space
    parts.append(data)
    return b"\r\n ".join(parts) + b"\r\n"


def review_event(answers: Answers) -> tuple[bytes, list[str]]:
    """The .ics bytes of the next review of the charter of ``answers``, and notes for the user.

    AnswersError when the charter has no effective date: the review date cannot be known."""
    data = answers.data
    charter = data["charter"]
    effective = charter["effective_date"]
    if effective is None:
        raise AnswersError(
            f"{answers.name}: charter.effective_date is not set, so the date of the next review cannot be "
            "known. Set it (YYYY-MM-DD), then write the reminder again."
        )
    lang = answers.language
    words = strings(lang)
    months = int(data["governance"]["review_months"])
    review = add_months(effective, months)
    organisation = data["organisation"]["name"]
    title = charter["title"] or words["title"][:1].lower() + words["title"][1:]
    values = {
        "title": title,
        "organisation": organisation,
        "version": charter["version"],
        "months": str(months),
    }
    summary = words["review_summary"].format(**values)
    description = words["review_description"].format(
        **values, date=long_date(effective, lang, data["organisation"]["jurisdiction"])
    )
    identity = "\n".join(
        [organisation, title, str(charter["version"]), effective.isoformat(), review.isoformat()]
    )
    uid = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//charter//charter {__version__}//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        f"UID:{uid}@charter.invalid",
        f"DTSTAMP:{effective.strftime('%Y%m%d')}T000000Z",
        f"DTSTART;VALUE=DATE:{review.strftime('%Y%m%d')}",
        f"DTEND;VALUE=DATE:{(review + timedelta(days=1)).strftime('%Y%m%d')}",
        f"SUMMARY:{_text(summary)}",
        f"DESCRIPTION:{_text(description)}",
        "TRANSP:TRANSPARENT",
    ]
    notes = []
    contact = charter["contact"]
    if contact:
        name = charter["owner"] or words["default_owner_title"]
        lines.append(f"ORGANIZER;CN={_param(name)}:mailto:{contact}")
        lines.append(f"ATTENDEE;CN={_param(name)};ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:{contact}")
    else:
        notes.append("charter.contact is not set: the review reminder is addressed to no one.")
    lines += [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{_text(summary)}",
        f"TRIGGER:{REMINDER}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return b"".join(_fold(line) for line in lines), notes


def write_reminder(
    answers_path: Path, output: Path, *, force: bool, overrides: Sequence[tuple[str, str]]
) -> tuple[list[str], list[str]]:
    """Read the answers, then write their review event to ``output`` atomically (never over a file
    without ``force``); the warnings and what was read (for -v)."""
    from charter.answersfile.read import read_answers
    from charter.output import check_output, write_atomically

    answers = read_answers(answers_path, overrides=overrides)
    check_output(output, force=force)
    data, notes = review_event(answers)
    write_atomically(output, data, force=force)
    return [*answers.warnings, *notes], [
        f"answers file: {answers_path} (format 1, language {answers.language})"
    ]
