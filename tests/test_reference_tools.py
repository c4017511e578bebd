"""`--reference-doc` with reference files made by the real tools people use: pandoc, LibreOffice, Word."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing in CI: .ci/run must install it")
        pytest.skip(f"{tool} is not installed (CI installs it)")
    return path


def pandoc_reference(tmp_path: Path) -> Path:
    target = tmp_path / "pandoc-reference.docx"
    subprocess.run(
        [need("pandoc"), "-o", str(target), "--print-default-data-file", "reference.docx"],
        check=True,
        timeout=60,
    )
    return target


def libreoffice_reference(tmp_path: Path) -> Path:
    """A .docx that LibreOffice itself writes, from an HTML page with a heading and a list."""
    source = tmp_path / "house.html"
    source.write_text("<h1>House style</h1><p>Body text.</p><ul><li>one</li></ul>", encoding="utf-8")
    subprocess.run(
        [
            need("soffice"),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    return tmp_path / "house.docx"


def word_reference(tmp_path: Path) -> Path:
    """python-docx's default template was saved by Microsoft Word; its styles are Word's own."""
    target = tmp_path / "word.docx"
    document = docx.Document()
    document.add_paragraph("Text of the template that must not travel.")
    document.save(str(target))
    return target


@pytest.mark.parametrize("make", [pandoc_reference, libreoffice_reference, word_reference])
def test_real_reference_documents_style_a_whole_charter(make, tmp_path: Path, run_cli) -> None:
    reference = make(tmp_path)
    output = tmp_path / "charter.docx"
    result = run_cli(
        "generate", EXAMPLES / "uk-midsize" / "answers.yml", "-o", output, "--reference-doc", reference
    )
    assert result.code == 0, result.err
    document = docx.Document(str(output))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "must not travel" not in text and "House style" not in text
    headings = [p for p in document.paragraphs if p.style.name.lower() == "heading 1"]
    assert len(headings) > 15
    assert headings[0].text == "Purpose"
    # The heading style carries outline numbering, wherever the reference's own styles came from.
    style = headings[0].style
    assert (
        style.element.find(f"{W}pPr/{W}numPr") is not None
        or headings[0]._p.find(f"{W}pPr/{W}numPr") is not None
    )
    assert document.tables and document.tables[0].rows[0].cells[0].text == "Platform"
    assert document.core_properties.language == "en-GB"
    # What the reference lacked is told, once per note, as a warning; the built-in one tells nothing.
    notes = [line for line in result.err.splitlines() if line.startswith("warning: ")]
    if make is pandoc_reference:
        assert any("heading styles are not numbered" in line for line in notes), result.err
    if make is libreoffice_reference:
        assert any("numbering" in line for line in notes), result.err
    assert len(notes) == len(set(notes))


def test_the_builtin_reference_gives_no_warnings(tmp_path: Path, run_cli) -> None:
    result = run_cli("generate", EXAMPLES / "uk-midsize" / "answers.yml", "-o", tmp_path / "charter.docx")
    assert result.code == 0, result.err
    assert "warning:" not in result.err
