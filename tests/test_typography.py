"""French ordinals are raised in every format that can raise them: "1er mars 2027", "2e alinéa"."""

from __future__ import annotations

import io

import docx
import pytest
from conftest import EXAMPLES

from charter import app
from charter.blocks import Run
from charter.typography import ordinal_runs

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        ("1er mars 2027", ["er"]),
        ("le 2e alinéa et la 1re fois", ["e", "re"]),
        ("du 21e siècle.", ["e"]),
        ("version v1e2, 1ers, https://x.fr/1er, a@1er.fr", []),
        ("L. 1121-1", []),
    ],
)
def test_only_ordinal_suffixes_are_raised(text: str, raised: list[str]) -> None:
    runs = ordinal_runs(Run(text, bold=True))
    assert "".join(r.text for r in runs) == text
    assert [r.text for r in runs if r.superscript] == raised
    assert all(r.bold for r in runs)


def test_a_french_charter_raises_its_ordinals_and_an_english_one_has_none(tmp_path) -> None:
    french = tmp_path / "fr.docx"
    app.generate(answers_path=EXAMPLES / "fr-group" / "answers.yml", output=french)
    document = docx.Document(io.BytesIO(french.read_bytes()))
    raised = [r for p in document.paragraphs for r in p.runs if r.font.superscript]
    assert raised and {r.text for r in raised} <= {"er", "re", "e"}
    title_page = [p for p in document.paragraphs[:8] if "mars 2027" in p.text]
    assert title_page and any(r.font.superscript for r in title_page[0].runs)  # "1er mars 2027"
    html = tmp_path / "fr.html"
    app.generate(answers_path=EXAMPLES / "fr-group" / "answers.yml", output=html)
    assert "1<sup>er</sup> mars 2027" in html.read_text(encoding="utf-8")
    english = tmp_path / "en.docx"
    app.generate(answers_path=EXAMPLES / "uk-midsize" / "answers.yml", output=english)
    document = docx.Document(str(english))
    assert not [r for p in document.paragraphs for r in p.runs if r.font.superscript]
