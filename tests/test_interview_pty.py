"""A whole `charter new` in a real pseudo-terminal: what a user at a keyboard goes through.

The prompts expected are read from the questionnaire, so a question added to questions.yml is
expected here too; the path taken accepts every default and ticks the first platform.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from charter import interview
from charter.answersfile.read import read_answers
from charter.model.catalog import catalog, networks_of_kind

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent
ENTER, SPACE, CLEAR = "\r", " ", "\x15"


def test_a_whole_interview_in_a_terminal(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "CHARTER_STATE_DIR": str(tmp_path / "state"),
        "PYTHONPATH": str(ROOT),
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "charter", "new", "--lang", "en"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        dimensions=(50, 250),
        timeout=15,
    )
    child.delaybeforesend = None  # the prompts are awaited before each key anyway
    try:
        child.expect("Ctrl-C stops and saves a draft")
        iv = interview.Interview("en")  # mirrors the answers, to know which questions apply
        first_platform = networks_of_kind("public")[0]
        for section in iv.sections():
            for q in iv.asked(section.id):
                if not iv.applies(q):
                    continue
                child.expect(re.escape(iv.message(q)))
                if q.key == "organisation.name":
                    child.send("Pty Test" + ENTER)
                    value: object = "Pty Test"
                elif q.type == "platforms":
                    child.send(SPACE + ENTER)
                    for label in ("official account", "who runs it"):
                        child.expect(re.escape(f"{first_platform.name}: {label}"))
                        child.send(ENTER)
                    value = [{"id": first_platform.id, "account": None, "owner": None}]
                elif q.type == "integer" and q.default is None:
                    child.send("a dozen" + ENTER)  # refused on the spot, in the interview's language
                    child.expect(re.escape("Enter a whole number from"))
                    child.expect(re.escape(iv.message(q)))  # asked again, with the text to correct
                    child.send(CLEAR + ENTER)
                    value = None
                else:
                    child.send(ENTER)
                    value = iv.current(q)
                iv.keep(q, value)
        child.expect("Change a section, or confirm")
        child.send(ENTER)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before

    data = read_answers(tmp_path / "pty-test-answers.yml").data
    assert data["organisation"]["name"] == "Pty Test"
    assert data["platforms"][0]["id"] == first_platform.id in catalog()
    assert (tmp_path / "pty-test-charter.docx").stat().st_size > 10_000
    assert not (tmp_path / "state" / "draft.yml").exists()
