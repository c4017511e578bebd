"""examples/custom: a custom clause library and a branded reference document, read back from the
committed charter.docx with python-docx (issue 4: your own wording, added and dropped clauses, house
style)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from charter import app

ROOT = Path(__file__).resolve().parent.parent
CUSTOM = ROOT / "examples" / "custom"
ANSWERS = CUSTOM / "answers.yml"
CHARTER = CUSTOM / "charter.docx"
REFERENCE = CUSTOM / "brand-reference.docx"
CLAUSES = CUSTOM / "clauses"

NEW_HEADING = "Brand voice and tone"  # clauses/en/brand_voice.md
REWORDED_HEADING = "Why we are on social media"  # clauses/en/purpose.md, overriding "Purpose"
REWORDED_SENTENCE = "the way we speak at the loading bay: plainly, politely and with the facts to hand"
EXCLUDED_HEADING = "Measurement"  # built-in measurement.md, in clauses.exclude
NUMBER = re.compile(r"^(\d+(\.\d+)*\.)?\s*")


@pytest.fixture(scope="module")
def charter() -> Any:
    assert CHARTER.is_file(), "examples/custom/charter.docx is missing: see examples/custom/README.md"
    return docx.Document(str(CHARTER))


@pytest.fixture(scope="module")
def reference() -> Any:
    return docx.Document(str(REFERENCE))


def _texts(document: Any, style_id: str | None = None) -> list[str]:
    """Paragraph texts, without their stored numbers; only one style's when ``style_id`` is given."""
    return [
        NUMBER.sub("", p.text).strip()
        for p in document.paragraphs
        if style_id is None or (p.style is not None and p.style.style_id == style_id)
    ]


def test_heading_style_comes_from_the_reference(charter: Any, reference: Any) -> None:
    brand, output = reference.styles["Heading 1"], charter.styles["Heading 1"]
    assert brand.font.name == "Caladea"
    assert str(brand.font.color.rgb) == "0E5C63"
    assert output.font.name == brand.font.name
    assert output.font.color.rgb == brand.font.color.rgb
    assert output.font.size == brand.font.size
    assert charter.styles["Title"].font.color.rgb == reference.styles["Title"].font.color.rgb
    # The body font is the brand's, from the document defaults, not the built-in house style.
    fonts = charter.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}"
    )
    assert fonts.get(qn("w:ascii")) == "Carlito"


def test_page_setup_comes_from_the_reference(charter: Any, reference: Any) -> None:
    ours, theirs = charter.sections[-1], reference.sections[-1]
    for attribute in ("page_width", "page_height", "top_margin", "left_margin", "right_margin"):
        assert getattr(ours, attribute) == getattr(theirs, attribute), attribute


def test_the_logo_is_in_the_header_of_the_pages_after_the_first(charter: Any) -> None:
    section = charter.sections[-1]
    assert section.different_first_page_header_footer
    header = section.header  # the default header: every page but the title page
    assert not header.is_linked_to_previous
    assert header._element.xpath(".//w:drawing | .//pic:pic")
    assert any("Wrenfield Logistics Ltd" in p.text for p in header.paragraphs)


def test_new_clause_is_there(charter: Any) -> None:
    assert NEW_HEADING in _texts(charter, "Heading1")
    assert NEW_HEADING in _texts(charter)  # and in the table of contents


def test_excluded_clause_is_absent(charter: Any) -> None:
    assert EXCLUDED_HEADING not in _texts(charter)
    assert "Governance and review" in _texts(charter, "Heading1")  # a neighbour is still there


def test_reworded_clause_replaces_the_builtin_one(charter: Any) -> None:
    headings = _texts(charter, "Heading1")
    assert headings[0] == REWORDED_HEADING
    assert "Purpose" not in headings
    assert any(REWORDED_SENTENCE in text for text in _texts(charter))


def test_regenerating_gives_the_committed_bytes(tmp_path: Path) -> None:
    output = tmp_path / "charter.docx"
    result = app.generate(answers_path=ANSWERS, output=output, layout=True)  # as committed
    assert "brand_voice" in result.clauses and "measurement" not in result.clauses
    assert output.read_bytes() == CHARTER.read_bytes(), (
        "examples/custom/charter.docx is out of date: rebuild it as examples/custom/README.md says"
    )


def test_the_custom_library_checks(run_cli: Callable[..., Any]) -> None:
    result = run_cli("templates", "check", CLAUSES)
    assert result.code == 0, result.err
    assert "fine" in result.err  # a message, on stderr: stdout is for data


def test_the_custom_library_is_listed_with_its_origins(run_cli: Callable[..., Any]) -> None:
    result = run_cli("templates", "list", "--templates", CLAUSES)
    assert result.code == 0, result.err
    rows = [line.split() for line in result.out.splitlines()]
    origins: dict[str, list[str]] = {}
    for row in rows:
        if row and row[0] in ("purpose", "brand_voice", "measurement"):
            origins.setdefault(row[0], []).append(" ".join(row[3:5]))
    assert origins["purpose"] == ["custom (overrides)"] * 2  # fr and en
    assert origins["brand_voice"] == ["custom (new)"] * 2
    assert all(origin.startswith("built-in") for origin in origins["measurement"])
