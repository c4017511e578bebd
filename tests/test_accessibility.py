"""The checks an accessibility checker makes on a Word document, on every example: a title, the
language on the default style, headings without gaps, table header rows, and alt text on pictures."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES

from charter import app

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
EXAMPLE_DIRS = sorted(p.parent for p in EXAMPLES.glob("*/answers.yml"))
TAGS = {"fr": "fr-FR", "en": "en-GB"}


@pytest.fixture(scope="module", params=[d.name for d in EXAMPLE_DIRS])
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    output = tmp_path_factory.mktemp("a11y") / f"{request.param}.docx"
    app.generate(answers_path=EXAMPLES / request.param / "answers.yml", output=output, layout=False)
    return request.param, docx.Document(io.BytesIO(output.read_bytes()))


def test_the_document_has_a_title(example) -> None:
    _, document = example
    assert document.core_properties.title.strip()


def test_the_default_style_carries_the_language(example) -> None:
    name, document = example
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    text = (EXAMPLES / name / "answers.yml").read_text(encoding="utf-8")
    expected = "en-US" if "jurisdiction: US" in text else TAGS["fr" if "language: fr" in text else "en"]
    assert lang is not None and lang.get(f"{W}val") == expected


def test_headings_go_down_one_level_at_a_time(example) -> None:
    _, document = example
    levels = [
        int(p.style.name.rsplit(" ", 1)[1])
        for p in document.paragraphs
        if p.style.name.startswith("Heading ")
    ]
    assert levels and levels[0] == 1
    jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not jumps


def test_every_table_has_a_header_row_repeated_on_each_page(example) -> None:
    _, document = example
    assert document.tables
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.find(f"{W}trPr/{W}tblHeader") is not None
        assert all(cell.text.strip() for cell in table.rows[0].cells)


def test_every_picture_has_alt_text(example) -> None:
    name, document = example
    section = document.sections[-1]
    parts = [section.header, section.footer, section.first_page_header, section.first_page_footer]
    pictures = [d for part in parts for d in part._element.iter(f"{WP}docPr")]
    pictures += list(document.element.body.iter(f"{WP}docPr"))
    assert all((d.get("descr") or "").strip() for d in pictures)
    if name == "custom":  # the brand reference has a logo in its header
        assert pictures


def test_a_logo_without_alt_text_gets_the_organisations_name(tmp_path: Path) -> None:
    import zipfile

    source = EXAMPLES / "custom" / "brand-reference.docx"
    stripped = tmp_path / "no-alt.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("word/header"):
                data = data.replace(b'descr="', b'data-descr="')
            new.writestr(item, data)
    output = tmp_path / "c.docx"
    app.generate(
        answers_path=EXAMPLES / "custom" / "answers.yml", output=output, reference_doc=stripped, layout=False
    )
    document = docx.Document(str(output))
    header = document.sections[-1].header._element
    descriptions = [d.get("descr") for d in header.iter(f"{WP}docPr")]
    assert descriptions and all(d == "Wrenfield Logistics Ltd" for d in descriptions), descriptions


def test_title_page_labels_are_apart_from_their_values(example) -> None:
    """The label, a tab, then the value, on a tab stop past the longest label."""
    _, document = example
    lines = [p for p in document.paragraphs[:8] if p.runs and p.runs[0].bold and "\t" in p.text]
    assert len(lines) >= 2
    for paragraph in lines:
        label, value = paragraph.text.split("\t")
        assert label.strip() and value.strip()
