"""A whole `charter new` in a real pseudo-terminal: what a user at a keyboard goes through.

Every prompt expected is written out below, word for word, as the user reads it: this test checks
what charter shows, not what charter computes. It is one end-to-end run of the English interview,
keeping the defaults except a name, a refused head count (and Esc back to it once), Facebook with its
account, and two spokespeople (semicolons separate them; a role keeps its commas). A question added to
questions.yml is added here by hand.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from charter.answersfile.read import read_answers

pexpect = pytest.importorskip("pexpect")

ROOT = Path(__file__).resolve().parent.parent
ENTER, SPACE, CLEAR, ESC = "\r", " ", "\x15", "\x1b"

# (what the screen shows, the keys the user then types), in order
SESSION: list[tuple[str, str]] = [
    ("Esc goes back to the previous question; Ctrl-C stops and saves a draft.", ""),
    ("Language of the charter", ENTER),
    ("Legal or usual name, printed on the title page and in the header.", ""),
    ("Name of the organisation", "Pty Test" + ENTER),
    ("Jurisdiction whose law applies", ENTER),
    ("Sector", ENTER),
    ("Head count", "twelve" + ENTER),
    ('✗ Expected a whole number from 1 to 10000000, got "twelve".', ""),
    ("Head count", CLEAR + ENTER),  # asked again with the text to correct; empty is no answer
    (
        "Are there staff representatives (a recognised union or an elected staff forum)?",
        ESC,
    ),  # back: the head count again
    ("Head count", ESC),  # back again: its help line is erased on the way (a real terminal)
    ("Sector", ENTER),
    ("A whole number of people.", ""),
    ("Head count", ENTER),
    ("Are there staff representatives (a recognised union or an elected staff forum)?", ENTER),
    ("Is the organisation a group of several employing entities (a parent and its subsidiaries)?", ENTER),
    ("Why is the organisation on social media?", ENTER),
    ("Public platforms with official accounts", SPACE + ENTER),  # the first one, Facebook
    ("Facebook: official account (URL or @handle; empty if none)", "@ptytest" + ENTER),
    ("Facebook: who runs it (a role or a team; empty if none)", ENTER),
    ("Internal (enterprise) social networks", ENTER),
    ("What kind of document is this policy?", ENTER),
    ("How are the official accounts organised?", ENTER),
    ("Does a dedicated team run the official accounts?", ENTER),  # yes: the accounts are centralised
    ("Name of that team", ENTER),
    (
        "Who may speak for the organisation? (roles separated by semicolons)",
        "Chief Executive; Director of Policy, Research and Campaigns" + ENTER,
    ),
    ("Which official posts need approval before publication?", ENTER),
    ("Must the legal team sign off sensitive posts?", ENTER),
    ("Personal use of social media at work", ENTER),
    ('Disclaimer ("my views are my own") on personal accounts that mention the employer', ENTER),
    ("Employee advocacy or social selling programme", ENTER),
    ("Publish house rules and moderate the official pages?", ENTER),
    ("Target time to answer on official pages (hours)", ENTER),
    ("Watch what is said of the organisation online?", ENTER),
    ("Crisis contact email (empty for none)", ENTER),
    ("Two-factor authentication on official accounts", ENTER),
    ("Keep account passwords in a password manager?", ENTER),
    ("Remove admin rights within how many hours of a departure?", ENTER),
    ("Training", ENTER),
    ("Measure indicators and return on investment?", ENTER),
    ("How often to review the policy (in months)?", ENTER),
    ("Add a signed acknowledgement form as an annex?", ENTER),
    ("Owner of the charter (a role or a department)", ENTER),
    ("Contact email for questions about the charter", ENTER),
    ("Version", ENTER),
    ("Effective date (DD/MM/YYYY)", ENTER),
    ("Governance check-up: Pty Test, against the 2017 barometer", ""),  # `charter assess`, then the review
    ("2. Return on investment", ""),
    ("Review", ""),
    (
        "Who may speak for the organisation: Chief Executive; Director of Policy, Research and Campaigns",
        "",
    ),
    ("Change a section, or confirm?", ENTER),
    ("Wrote pty-test-answers.yml (the answers) and pty-test-charter.docx (the charter, ", ""),
    ("articles and annexes).", ""),
    (
        "To rebuild it after editing the answers: charter generate pty-test-answers.yml -o pty-test-charter.docx",
        "",
    ),
]


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
        for shown, keys in SESSION:
            child.expect(re.escape(shown))
            if keys:
                child.send(keys)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0, child.before

    data = read_answers(tmp_path / "pty-test-answers.yml").data
    assert data["organisation"]["name"] == "Pty Test"
    assert data["organisation"]["employees"] is None
    assert data["platforms"] == [{"id": "facebook", "account": "@ptytest", "owner": None}]
    assert data["governance"]["spokespeople"] == [
        "Chief Executive",
        "Director of Policy, Research and Campaigns",
    ]
    assert (tmp_path / "pty-test-charter.docx").stat().st_size > 10_000
    assert not (tmp_path / "state" / "draft.yml").exists()
