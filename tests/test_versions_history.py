"""`charter new --from OLD.yml`: the next version is proposed, and the revision history gains the entry
of the version replaced (its number, its effective date, what changed as `charter diff` says it)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from interview_driver import Several, answering

from charter import app
from charter.answersfile.read import read_answers
from charter.model.types.records import next_version

SOURCE = """\
# Our charter, reviewed by Legal
format: 1
language: en
organisation:
  name: Northwind Trading Ltd
  jurisdiction: UK
platforms: [linkedin]
governance:
  approval: sensitive_only  # Legal asked for this
charter:
  version: "2.4"
  effective_date: 2026-03-01
  history:
    - version: "2.3"
      date: 2025-03-01
      summary: Yearly review
"""


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHARTER_STATE_DIR", str(tmp_path / "state"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def reopen(monkeypatch: pytest.MonkeyPatch, source: Path, answers: dict[str, Any]) -> Any:
    with answering(monkeypatch, answers) as driver:
        app.new(**driver.term, from_path=source, lang="en")
    return driver


def test_next_version() -> None:
    assert [next_version(v) for v in ("3.0", "2", "v1.9", "1.0.9", "draft")] == [
        "3.1",
        "3",
        "v1.10",
        "1.0.10",
        "draft.1",
    ]
    assert next_version("x" * 20) == "x" * 20  # never past the question's 20 characters


def test_reopening_proposes_the_next_version_and_records_the_one_replaced(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    source = isolated / "northwind.yml"
    source.write_text(SOURCE, encoding="utf-8")
    answers = {
        "@review": Several("voice", "charter"),
        "governance.approval": "every_post",
        "charter.effective_date": "2027-03-01",
        "@replace:answers_file": True,
    }
    driver = reopen(monkeypatch, source, answers)
    assert "2.5" in driver.screen  # the version proposed at the review
    text = source.read_text(encoding="utf-8")
    assert text.startswith("# Our charter, reviewed by Legal\n")  # the user's file, comments kept
    data = read_answers(source).data
    assert data["charter"]["version"] == "2.5"
    assert data["charter"]["history"][0] == {
        "version": "2.3",
        "date": date(2025, 3, 1),
        "summary": "Yearly review",
    }
    entry = data["charter"]["history"][1]
    assert entry["version"] == "2.4" and entry["date"] == date(2026, 3, 1)
    assert entry["summary"].startswith("3 answers changed; reworded: Article")  # approval, version, date
    assert len(data["charter"]["history"]) == 2
    # the charter written with it prints the history after the title page
    import docx

    charter = next(isolated.glob("*.docx"))
    rows = [[c.text for c in row.cells] for row in docx.Document(str(charter)).tables[0].rows]
    assert rows[0] == ["Version", "Date", "Changes"] and rows[2][:2] == ["2.4", "1 March 2026"]


def test_keeping_the_version_adds_no_entry(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    source = isolated / "northwind.yml"
    source.write_text(SOURCE, encoding="utf-8")
    answers = {"@review": Several("charter"), "charter.version": "2.4", "@replace:answers_file": True}
    reopen(monkeypatch, source, answers)
    assert len(read_answers(source).data["charter"]["history"]) == 1
