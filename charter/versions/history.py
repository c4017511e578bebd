"""`charter new --from OLD.yml`: the revision history gains the entry of the version it replaces.

The interview proposes the next version number (`charter.model.types.records.next_version`); once
the new answers are confirmed, the entry of the old version (its number, its effective date, and the
summary of what changed as `charter diff` says it) is appended to `charter.history` in the answers
file, keeping the user's comments and key order.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from charter.limits import bounded
from charter.model.answers import Answers
from charter.versions.compare import compare
from charter.versions.documents import document_of
from charter.versions.report import summary


def replaced_entry(old: Answers, new: Answers, today: date | None = None) -> dict[str, Any] | None:
    """The history entry of the version ``old`` was, now that ``new`` replaces it; None when the
    version number did not change or the history already holds that version."""
    before, after = old.data["charter"], new.data["charter"]
    if before["version"] == after["version"]:
        return None
    if any(entry["version"] == before["version"] for entry in after["history"]):
        return None
    with bounded():
        changes = compare(old, new, document_of(old), document_of(new))
    when = before["effective_date"] or today or date.today()
    return {"version": before["version"], "date": when, "summary": summary(changes)}


def with_entry(text: str, new: Answers, entry: dict[str, Any]) -> str:
    """The answers file ``text`` (holding ``new``) with ``entry`` appended to `charter.history`."""
    from charter.interview.keep import rewrite

    after = {
        **new.data,
        "charter": {**new.data["charter"], "history": [*new.data["charter"]["history"], entry]},
    }
    return rewrite(text, new.data, after)


def history_text(previous: Path, new: Answers, text: str) -> str:
    """The answers file ``text`` of ``new``, reopened from ``previous``, with the entry of the
    version ``previous`` was appended to its history (unchanged when there is none to add)."""
    from charter.answersfile.read import read_answers

    entry = replaced_entry(read_answers(previous), new)
    return text if entry is None else with_entry(text, new, entry)
