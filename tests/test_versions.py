"""A charter's versions: `charter diff`, the revision history and Word tracked changes (`--previous`).

Tracked documents are read back as XML: the w:ins and w:del runs must hold exactly the words that
changed, accepting every change must give the new charter's text and rejecting every change the old
one's, and LibreOffice must open the file.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, MINIMAL
from lxml import etree

from charter.answersfile.read import read_answers
from charter.docx.writer import write_docx
from charter.versions.documents import document_of

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*/answers.yml"))


def q(name: str) -> str:
    return f"{{{W}}}{name}"


# ------------------------------------------------------------------------------------ helpers
def document_xml(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def resolve(root: etree._Element, keep: str) -> etree._Element:
    """Accept every change (keep="ins") or reject every change (keep="del"), as Word does."""
    drop = "del" if keep == "ins" else "ins"
    for mark in list(root.iter(q(drop))):
        parent = mark.getparent()
        if parent is None:
            continue
        if parent.tag == q("rPr") and parent.getparent().tag == q("pPr"):
            paragraph = parent.getparent().getparent()
            assert not "".join(paragraph.itertext()).strip() or all(
                t.getparent().getparent().tag == q(drop) for t in paragraph.iter(q("t"), q("delText"))
            ), "a paragraph whose mark changed holds only changed runs"
            paragraph.getparent().remove(paragraph)
        elif parent.tag == q("trPr"):
            row = parent.getparent()
            row.getparent().remove(row)
        else:
            parent.remove(mark)
    for mark in list(root.iter(q(keep))):
        parent = mark.getparent()
        if parent is None:
            continue
        if parent.tag in (q("rPr"), q("trPr")):
            parent.remove(mark)
            continue
        index = parent.index(mark)
        for child in list(mark):
            parent.insert(index, child)
            index += 1
        parent.remove(mark)
    for text in root.iter(q("delText")):
        text.tag = q("t")
    return root


def paragraphs(root: etree._Element) -> list[str]:
    """The text of every paragraph but the contents' entries (built from the new version alone)."""
    found = []
    for paragraph in root.iter(q("p")):
        style = paragraph.find(f"{q('pPr')}/{q('pStyle')}")
        if style is not None and style.get(q("val"), "").upper().startswith("TOC"):
            continue
        found.append(
            "".join("\t" if e.tag == q("tab") else e.text or "" for e in paragraph.iter(q("t"), q("tab")))
        )
    return found


def marked(root: etree._Element, kind: str) -> list[str]:
    tag = q("delText") if kind == "del" else q("t")
    return ["".join(t.text or "" for t in mark.iter(tag)) for mark in root.iter(q(kind)) if len(mark)]


def specs(old: Path, new: Path):
    return document_of(read_answers(old))[0], document_of(read_answers(new))[0]


def edited(tmp_path: Path, source: Path, name: str, *changes: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for before, after in changes:
        assert before in text, before
        text = text.replace(before, after)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


FR_GROUP = EXAMPLES / "fr-group" / "answers.yml"


# ------------------------------------------------------------------------------------ history
HISTORY = (
    MINIMAL
    + """\
charter:
  version: "2.0"
  effective_date: 2027-03-01
  history:
    - version: "1.0"
      date: 2025-03-01
      summary: First version
    - version: "1.1"
      date: 2026-03-01
"""
)


def test_history_is_checked_and_in_the_schema(run_cli, answers_file) -> None:
    import json

    import jsonschema

    good = answers_file(HISTORY)
    assert run_cli("validate", good).code == 0
    schema = json.loads(run_cli("schema").out)
    import yaml

    jsonschema.validate(
        yaml.safe_load(re.sub(r"(\d{4}-\d{2}-\d{2})", r'"\1"', HISTORY)),
        schema,
    )
    bad = answers_file(
        MINIMAL + "charter:\n  history:\n    - {version: 1.1, date: 2025-13-01, sumary: x}\n    - 3\n",
        "bad.yml",
    )
    result = run_cli("validate", bad)
    assert result.code == 3
    for needle in (
        'charter.history[0].sumary: unknown key. Did you mean "summary"?',
        "charter.history[0].version: expected text, got 1.1. Put it in quotes",
        "charter.history[0].date: expected a date",
        "line 10, charter.history[1]: expected a mapping with version, date, summary, got 3.",
    ):
        assert needle in result.err, result.err


def test_history_prints_as_a_table_after_the_title_page(answers_file) -> None:
    import docx

    spec, _ = document_of(read_answers(answers_file(HISTORY)))
    document = docx.Document(io.BytesIO(write_docx(spec).data))
    body = document.element.body
    table = document.tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows == [
        ["Version", "Date", "Changes"],
        ["1.0", "1 March 2025", "First version"],
        ["1.1", "1 March 2026", ""],
    ]
    texts = [p.text for p in document.paragraphs]
    assert texts.index("Revision history") < texts.index("Contents")
    children = list(body)
    assert children.index(table._tbl) < children.index(
        next(p._p for p in document.paragraphs if p.text == "Contents")
    )


# ---------------------------------------------------------------------------- tracked changes
def tracked_pair(old: Path, new: Path) -> tuple[bytes, bytes, bytes]:
    """The tracked charter, and the plain old and new ones, all from the same writer."""
    old_spec, new_spec = specs(old, new)
    return write_docx(new_spec, previous=old_spec).data, write_docx(old_spec).data, write_docx(new_spec).data


def test_tracked_changes_hold_exactly_the_changed_words(tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        FR_GROUP,
        "new.yml",
        ("response_time_hours: 24", "response_time_hours: 48"),
        ("effective_date: 2027-03-01", "effective_date: 2028-03-01"),
        ("owner: Direction de la communication\n  contact", "owner: Direction juridique\n  contact"),
    )
    tracked, old_plain, new_plain = tracked_pair(FR_GROUP, new)
    root = document_xml(tracked)
    inserted, deleted = marked(root, "ins"), marked(root, "del")
    assert "48" in inserted and "24" in deleted
    assert "2028" in inserted and "2027" in deleted
    # the adoption plan's dates follow the effective date: the draft to the CSE by 29 December 2026, then
    # 31 December 2027; the formalities by 29 January 2027, then 31 January 2028
    assert set(inserted) <= {"48", "2028", "juridique", "31", "2027"} and set(deleted) <= {
        "24",
        "2027",
        "de la communication",
        "29",
        "2026",
    }
    for mark in [*root.iter(q("ins")), *root.iter(q("del"))]:
        assert mark.get(q("author")) == "Direction juridique"
        assert mark.get(q("date")) == "2028-03-01T00:00:00Z"
        assert mark.get(q("id")).isdigit()
    ids = [m.get(q("id")) for m in [*root.iter(q("ins")), *root.iter(q("del"))]]
    assert len(ids) == len(set(ids))
    with zipfile.ZipFile(io.BytesIO(tracked)) as archive:  # the reviewers' own edits are tracked too
        assert b"<w:trackRevisions/>" in archive.read("word/settings.xml")
    with zipfile.ZipFile(io.BytesIO(new_plain)) as archive:
        assert b"trackRevisions" not in archive.read("word/settings.xml")
    assert paragraphs(resolve(document_xml(tracked), "ins")) == paragraphs(document_xml(new_plain))
    assert paragraphs(resolve(document_xml(tracked), "del")) == paragraphs(document_xml(old_plain))


def test_whole_articles_and_paragraph_marks(tmp_path: Path) -> None:
    """An article removed is deleted whole, its paragraph marks with it; one added is inserted whole."""
    new = edited(
        tmp_path,
        FR_GROUP,
        "new.yml",
        ("  monitoring: true", "  monitoring: false"),
        ("  kpis: true", "  kpis: false"),
    )
    newer = edited(tmp_path, FR_GROUP, "newer.yml", ("  advocacy: incentivised", "  advocacy: none"))
    for old, changed in ((FR_GROUP, new), (new, FR_GROUP), (FR_GROUP, newer)):
        tracked, old_plain, new_plain = tracked_pair(old, changed)
        root = document_xml(tracked)
        marks = {kind: root.findall(f".//{q('pPr')}/{q('rPr')}/{q(kind)}") for kind in ("ins", "del")}
        assert marks["ins"] or marks["del"]
        assert paragraphs(resolve(document_xml(tracked), "ins")) == paragraphs(document_xml(new_plain))
        assert paragraphs(resolve(document_xml(tracked), "del")) == paragraphs(document_xml(old_plain))


SAME_LANGUAGE_PAIRS = [
    (a, b)
    for a, b in itertools.permutations(EXAMPLE_FILES, 2)
    if read_answers(a).language == read_answers(b).language
]


@pytest.mark.parametrize(("old", "new"), SAME_LANGUAGE_PAIRS, ids=lambda p: p.parent.name)
def test_accept_all_gives_the_new_charter_and_reject_all_the_old(old: Path, new: Path) -> None:
    tracked, old_plain, new_plain = tracked_pair(old, new)
    assert paragraphs(resolve(document_xml(tracked), "ins")) == paragraphs(document_xml(new_plain))
    assert paragraphs(resolve(document_xml(tracked), "del")) == paragraphs(document_xml(old_plain))


def test_libreoffice_opens_a_tracked_charter(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI")
        pytest.skip("LibreOffice is not installed")
    new = edited(
        tmp_path,
        FR_GROUP,
        "new.yml",
        ("  monitoring: true", "  monitoring: false"),
        ("approval: sensitive_only", "approval: every_post"),
    )
    tracked, _, _ = tracked_pair(FR_GROUP, new)
    source = tmp_path / "tracked.docx"
    source.write_bytes(tracked)
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "tracked.pdf"
    assert done.returncode == 0 and pdf.is_file() and pdf.stat().st_size > 10_000, done.stderr
    if shutil.which("pdftotext"):
        text = " ".join(
            subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
        )
        root = document_xml(tracked)
        for kind in ("ins", "del"):  # the longest insertion and the longest deletion are both shown
            longest = max(marked(root, kind), key=len)
            assert len(longest) > 40 and " ".join(longest.split()[:6]) in text, (kind, longest)
    # LibreOffice reads the same changes: saved again as Word, they are still insertions and deletions
    again = tmp_path / "again"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(again),
            str(source),
        ],
        capture_output=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    ours, theirs = document_xml(tracked), document_xml((again / "tracked.docx").read_bytes())
    for kind in ("ins", "del"):
        assert "".join(marked(ours, kind)).split() == "".join(marked(theirs, kind)).split()
