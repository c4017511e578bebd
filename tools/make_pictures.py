"""Make the README's pictures: three pages of an example charter, and the interview as it reads.

    python tools/make_pictures.py

Needs what the tests need (pip install '.[test]') and poppler's pdftoppm; the PDF is the example's
committed `charter.pdf` (tools/regenerate_examples.py). The interview is answered by question id,
through the real prompts, as the tests do; the picture shows the lines the terminal keeps once each
question is answered. Writes docs/pictures/.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

OUT = ROOT / "docs" / "pictures"
PAGES_OF = ROOT / "examples" / "fr-public" / "charter.pdf"
INTERVIEW = {
    "organisation.name": "Mairie de Saint-Ébène",
    "organisation.sector": "public",
    "organisation.employees": "140",
    "organisation.public_service": "territoriale",
    "platforms": ["facebook", "instagram", "linkedin"],
    "platforms.facebook.account": "facebook.com/saintebene",
    "platforms.facebook.owner": "Service communication",
    "platforms.instagram.account": "@saintebene",
    "platforms.instagram.owner": "Service communication",
    "platforms.linkedin.account": "linkedin.com/company/saintebene",
    "platforms.linkedin.owner": "Direction générale des services",
}
#: questionary's own last line of a checkbox, erased on a real terminal but kept in a transcript.
_ERASED = re.compile(r" done( \(\d+ selections\))?$")
_ANSWERED = re.compile(r"(?:^|\s{2,})\? (.+)$")


def pages() -> list[Path]:
    """Pages 1 to 3 (title, contents, first article) as PNG, 60 dots per inch."""
    if shutil.which("pdftoppm") is None:
        sys.exit("make_pictures: pdftoppm is missing (sudo apt install poppler-utils).")
    prefix = OUT / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(PAGES_OF), str(prefix)], check=True
    )
    return sorted(OUT.glob("page-*.png"))


def interview_lines() -> list[str]:
    """The interview in French, answered by id: its opening line, section titles and answered questions."""
    import pytest
    from interview_driver import answering

    from charter import app

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        patch.setenv("CHARTER_STATE_DIR", os.path.join(folder, "state"))
        patch.setenv("CHARTER_LAYOUT", "off")
        with answering(patch, INTERVIEW) as driver:
            result = app.new(lang="fr", **driver.term)
    found = [
        "? " + " ".join(match.group(1).split())
        for raw in driver.screen.splitlines()
        if (match := _ANSWERED.search(raw)) and "(↑↓" not in raw and not _ERASED.search(raw)
    ]
    # a question shown before its answer is a prefix of the line that answers it: keep the answered one
    lines = [
        line for index, line in enumerate(found) if not any(o.startswith(line) for o in found[index + 1 :])
    ]
    messages = sorted({" ".join(p.message.split()) for p in driver.prompts}, key=len, reverse=True)
    return [*(_marked(line, messages) for line in lines[:20]), "…", *result.messages]


def _marked(line: str, messages: list[str]) -> str:
    """``? question<TAB>answer``: the longest question asked that the line starts with."""
    text = line[2:]
    for message in messages:
        if message and text.startswith(message + " "):
            return f"? {message}\t{text[len(message) + 1 :]}"
    return line


def svg(lines: list[str], width: int = 100) -> str:
    """A terminal window holding ``lines``: questions in one colour, answers in another."""
    height = 24 + 20 * len(lines)
    rows = []
    for index, line in enumerate(lines):
        y = 40 + 20 * index
        line = line if len(line) <= width else line[: width - 1] + "…"
        if line.startswith("? "):
            question, answer = _split_answer(line[2:])
            rows.append(
                f'<text x="16" y="{y}"><tspan fill="#5fd7af">?</tspan> <tspan font-weight="bold">'
                f'{html.escape(question)}</tspan> <tspan fill="#ffd75f">{html.escape(answer)}</tspan></text>'
            )
        else:
            rows.append(f'<text x="16" y="{y}" fill="#bcbcbc">{html.escape(line)}</text>')
    body = "\n".join(rows)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * 8 + 32}" height="{height + 16}" '
        'font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="13">\n'
        f'<rect width="100%" height="100%" rx="8" fill="#1c1c1c"/>\n'
        '<circle cx="18" cy="14" r="5" fill="#ff5f56"/><circle cx="34" cy="14" r="5" fill="#ffbd2e"/>'
        '<circle cx="50" cy="14" r="5" fill="#27c93f"/>\n'
        f'<g fill="#e4e4e4" xml:space="preserve">\n{body}\n</g>\n</svg>\n'
    )


def _split_answer(text: str) -> tuple[str, str]:
    """The question and the answer questionary printed after it (marked by a tab)."""
    question, _, answer = text.partition("\t")
    return question, answer


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("page-*.png"):
        old.unlink()
    made = pages()
    (OUT / "interview.svg").write_text(svg(interview_lines()), encoding="utf-8")
    for path in [*made, OUT / "interview.svg"]:
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
