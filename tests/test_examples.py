"""Every committed example: it still matches what the code generates, and reads back as a real charter."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES
from outline import outline

from charter import app

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXAMPLE_DIRS = sorted(p.parent for p in EXAMPLES.glob("*/answers.yml"))
NAMES = [p.name for p in EXAMPLE_DIRS]


def test_the_three_required_examples_exist() -> None:
    assert {"fr-sme-facebook", "uk-midsize", "fr-group", "fr-public"} <= set(NAMES)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("examples")
    result = {}
    for folder in EXAMPLE_DIRS:
        target = out / f"{folder.name}.docx"
        app.generate(answers_path=folder / "answers.yml", output=target, layout=True)  # as committed
        result[folder.name] = target
    return result


@pytest.mark.parametrize("name", NAMES)
def test_committed_example_matches_the_code(name: str, generated: dict[str, Path]) -> None:
    folder = EXAMPLES / name
    assert outline(generated[name]) == (folder / "outline.txt").read_text(encoding="utf-8"), (
        "the outline changed: review it, then run tools/regenerate_examples.py"
    )
    assert generated[name].read_bytes() == (folder / "charter.docx").read_bytes(), (
        f"examples/{name}/charter.docx is stale: run tools/regenerate_examples.py"
    )


def fields(element) -> list[str]:
    return [" ".join(t.text.split()) for t in element.iter(f"{W}instrText") if t.text and t.text.strip()]


@pytest.mark.parametrize(
    ("name", "tag", "organisation", "title"),
    [
        ("fr-sme-facebook", "fr-FR", "Boulangeries Martin SARL", "Charte d'utilisation des réseaux sociaux"),
        ("uk-midsize", "en-GB", "Harbour & Vale Engineering Ltd", "Social media policy"),
        ("fr-group", "fr-FR", "Groupe Altéa Industries", "Charte d'utilisation des réseaux sociaux"),
        ("fr-public", "fr-FR", "Mairie de Saint-Ébène", "Charte d'utilisation des réseaux sociaux"),
    ],
)
def test_example_reads_back_as_a_charter(name: str, tag: str, organisation: str, title: str) -> None:
    document = docx.Document(str(EXAMPLES / name / "charter.docx"))
    paragraphs = document.paragraphs

    # Title page.
    titles = [p for p in paragraphs if p.style.name == "Title"]
    assert [p.text for p in titles] == [title]
    first_page = "\n".join(p.text for p in paragraphs[: paragraphs.index(titles[0]) + 8])
    assert organisation in first_page and "Version" in first_page

    # Table of contents: a real field whose stored result already lists the headings.
    body = document.element.body
    assert any(f.startswith('TOC \\o "1-') for f in fields(body))  # depth: --toc-depth
    toc = [
        p.text
        for p in paragraphs
        if p.style.name.lower().startswith("toc ") and p.style.name.lower() != "toc heading"
    ]
    headings = [p for p in paragraphs if p.style.name == "Heading 1"]
    assert len(toc) >= len(headings) > 15
    assert toc[0].startswith("1.\t")

    # Numbered articles in real heading styles, numbered by the style's own numbering.
    heading_style = document.styles["Heading 1"]
    assert heading_style.element.find(f"{W}pPr/{W}numPr") is not None
    annexes = [h for h in headings if h.text.startswith(("Annex", "Annexe"))]
    assert annexes and annexes[0].text.split()[1] == "A"
    assert any(p.style.name == "Heading 2" for p in paragraphs)

    # Header and footer with the page fields; no header on the title page.
    section = document.sections[0]
    assert section.different_first_page_header_footer
    assert f"{organisation} – {title}" in "\n".join(p.text for p in section.header.paragraphs)
    footer_fields = fields(section.footer._element)
    assert footer_fields == ["PAGE", "NUMPAGES"]
    footer_text = "".join(t.text or "" for t in section.footer._element.iter(f"{W}t"))
    assert ("Page 1 of 1" if tag.startswith("en") else "Page 1 sur 1") in footer_text

    # Responsibility matrix as a real table.
    matrix = document.tables[0]
    assert matrix.style.name == "Charter Table"
    header = [c.text for c in matrix.rows[0].cells]
    assert header in (
        ["Platform", "Account", "Owner", "Approval rule"],
        ["Platform", "Account", "Owner", "Approval before publication"],
        ["Plateforme", "Compte", "Responsable", "Règle de validation"],
    )
    assert matrix.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None

    # Acknowledgement form on its own page.
    last = headings[-1]
    assert "Acknowledgement" in last.text or "Accusé de réception" in last.text
    previous = last._p.getprevious()
    assert any(br.get(f"{W}type") == "page" for br in previous.iter(f"{W}br"))
    form = document.tables[-1]
    across = [c.text for c in form.rows[0].cells]  # a plain name / role / date / signature table
    down = [r.cells[0].text for r in form.rows][1:]  # (or one row per field)
    assert across in (
        ["Name", "Role", "Date", "Signature"],
        ["Nom et prénom", "Fonction", "Date", "Signature"],
    ) or (down in (["Name", "Role", "Date", "Signature"], ["Nom", "Fonction", "Date", "Signature"]))

    # Properties: the charter's own, nothing of python-docx's defaults.
    props = document.core_properties
    assert organisation in props.title and props.subject and props.keywords
    assert props.author and "python-docx" not in (
        props.author + props.comments + (props.last_modified_by or "")
    )
    assert props.created is not None and props.created.year == 2027
    assert props.language == tag
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == tag


def test_english_us_charter_uses_us_proofing(tmp_path: Path) -> None:
    answers = tmp_path / "us.yml"
    answers.write_text(
        "format: 1\nlanguage: en\norganisation: {name: Contoso Inc, jurisdiction: US}\nplatforms: [x]\n",
        encoding="utf-8",
    )
    out = tmp_path / "us.docx"
    app.generate(answers_path=answers, output=out)
    document = docx.Document(str(out))
    assert document.core_properties.language == "en-US"
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(f"{W}val") == "en-US"


def test_no_date_is_invented_when_none_is_given(tmp_path: Path) -> None:
    import zipfile

    answers = tmp_path / "a.yml"
    answers.write_text("format: 1\norganisation: {name: A}\nplatforms: [x]\n", encoding="utf-8")
    out = tmp_path / "a.docx"
    app.generate(answers_path=answers, output=out)
    core = zipfile.ZipFile(out).read("docProps/core.xml").decode()
    assert "dcterms:created" not in core and "2013" not in core
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs[:12])
    assert "to be set" in text


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_converts_each_example_to_pdf(name: str, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is missing in CI: .ci/run must install libreoffice-writer-nogui")
        pytest.skip("LibreOffice is not installed (CI installs it)")
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(EXAMPLES / name / "charter.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "charter.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 20_000, result.stderr
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert text.count("\f") >= 10, "a charter runs to at least ten pages"
        assert "Page 2" in text
