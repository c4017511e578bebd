"""Every output format, as a user gets it: the format follows the name, PDF for signing, page numbers
that are right without Word, standard input and output, and clear failures without LibreOffice.

LibreOffice, poppler and the fonts are installed by `.ci/run`, so nothing here skips in CI.
"""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import EXAMPLES, MINIMAL, ROOT

from charter.layout.pages import heading_pages

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FR_GROUP = EXAMPLES / "fr-group" / "answers.yml"


def charter(*args: object, cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None):
    inherited = {k: v for k, v in os.environ.items() if k != "CHARTER_LAYOUT"}  # page numbers are the subject
    environment = {**inherited, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "charter", *map(str, args)],
        cwd=cwd,
        env=environment,
        input=stdin,
        capture_output=True,
        timeout=300,
    )


def toc_pages(data: bytes) -> list[tuple[str, str, str]]:
    """(anchor, entry text, stored page) of each contents entry of a .docx."""
    document = docx.Document(io.BytesIO(data))
    entries = []
    for paragraph in document.paragraphs:
        if not paragraph.style.name.lower().startswith("toc ") or paragraph.style.name == "TOC Heading":
            continue
        for link in paragraph._p.iter(f"{W}hyperlink"):
            text = "".join(
                "\t" if n.tag == f"{W}tab" else n.text or "" for n in link.iter(f"{W}t", f"{W}tab")
            )
            entry, _, page = text.rpartition("\t")  # number, tab, title, tab, page
            entries.append((link.get(f"{W}anchor"), entry, page))
    return entries


# ------------------------------------------------------------------------- the name chooses the format
@pytest.fixture(scope="module")
def fr_group(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    made = {}
    for name in ("charter.docx", "charter.pdf", "charter.html", "charter.md"):
        result = charter("generate", FR_GROUP, "-o", name, cwd=folder)
        assert result.returncode == 0, result.stderr.decode()
        assert f"Wrote {name}".encode() in result.stderr
        made[name.rsplit(".", 1)[1]] = folder / name
    return made


def test_each_file_is_what_its_name_says(fr_group: dict[str, Path]) -> None:
    assert zipfile.is_zipfile(fr_group["docx"])
    assert fr_group["pdf"].read_bytes().startswith(b"%PDF-")
    assert fr_group["html"].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    markdown = fr_group["md"].read_text(encoding="utf-8")
    assert not markdown.startswith("PK") and "Groupe Altéa Industries" in markdown


def test_the_pdf_is_tagged_pdf_a_in_the_charters_language_with_its_title(fr_group: dict[str, Path]) -> None:
    reader = pypdf.PdfReader(fr_group["pdf"])
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr-FR"
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged for accessibility
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert reader.metadata.title == "Charte d'utilisation des réseaux sociaux – Groupe Altéa Industries"
    assert reader.metadata["/CreationDate"] == "D:20270301000000Z"  # the effective date, not the clock
    assert len(reader.outline) > 10  # the headings as bookmarks


def test_every_contents_entry_gives_the_page_its_heading_is_printed_on(fr_group: dict[str, Path]) -> None:
    pdf = fr_group["pdf"].read_bytes()
    printed = heading_pages(pdf)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    contents_page = reader.pages[1].extract_text()
    entries = toc_pages(fr_group["docx"].read_bytes())
    assert len(entries) >= 20  # articles and annexes, not sub-articles
    for anchor, text, page in entries:
        assert page == str(printed[anchor]), (text, page, printed[anchor])  # the .docx agrees with the PDF
        title = text.split("\t")[-1]
        assert len(title) > 4, text
        # the PDF's own contents print the same number at the end of the entry's line
        line = next(line for line in contents_page.splitlines() if title[:25] in line)
        assert re.search(rf"{page}\s*$", line), (line, page)
    # the contents fit on one page: the first article starts on page 3
    assert printed[entries[0][0]] == 3


@pytest.mark.parametrize("name", ["fr-group", "us-company"])  # the longest contents; A4 and US Letter
def test_the_contents_and_the_essentials_each_fit_on_one_page(name: str, tmp_path: Path) -> None:
    result = charter("generate", EXAMPLES / name / "answers.yml", "-o", "c.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    pdf = (tmp_path / "c.pdf").read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    annexes = [line for line in pages[1].splitlines() if line.startswith(("Annexe D", "Annex D"))]
    assert annexes, "the last annex is listed on the contents page itself"
    essentials = next(
        i
        for i, text in enumerate(pages)
        if i > 1 and re.search(r"^2\.\s*(L’essentiel|The essentials)", text, re.M)  # after the contents
    )
    assert essentials == 3  # page 4: a page of its own after the purpose
    assert len(re.findall(r"\(article \d+\)", pages[essentials])) >= 10  # the rules, each with its article
    scope = re.compile(r"^3\.\s*(Champ d’application|Scope)", re.M)
    next_page = pages[essentials + 1].splitlines()[1:]  # below the running header
    # the essentials end on their page: the scope article starts there, or at the top of the next page
    assert scope.search(pages[essentials]) or scope.match("\n".join(next_page[:2]))


def test_the_laid_out_docx_opens_without_a_refresh_prompt(fr_group: dict[str, Path]) -> None:
    with zipfile.ZipFile(fr_group["docx"]) as archive:
        settings = archive.read("word/settings.xml")
    assert b"updateFields" not in settings


def test_every_format_gives_the_same_bytes_twice(fr_group: dict[str, Path], tmp_path: Path) -> None:
    for fmt, first in fr_group.items():
        again = tmp_path / f"again.{fmt}"
        result = charter("generate", FR_GROUP, "-o", again, cwd=tmp_path)
        assert result.returncode == 0, result.stderr.decode()
        assert again.read_bytes() == first.read_bytes(), fmt


def test_the_pdf_cross_reference_table_points_at_every_object(fr_group: dict[str, Path]) -> None:
    """The PDF is made reproducible by editing LibreOffice's file: every offset must still be right."""
    pdf = fr_group["pdf"].read_bytes()
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", pdf).group(1))
    assert pdf[start : start + 4] == b"xref"
    count = int(re.match(rb"xref\n0 (\d+)\n", pdf[start:]).group(1))
    table = pdf[start:].split(b"\n", 2)[2]
    for number in range(1, count):
        entry = table[number * 20 : number * 20 + 20]
        if entry[17:18] == b"n":
            offset = int(entry[:10])
            assert pdf[offset : offset + 20].startswith(b"%d 0 obj" % number), number


def test_toc_depth_2_lists_sub_articles(tmp_path: Path) -> None:
    result = charter("generate", FR_GROUP, "-o", "deep.docx", "--toc-depth", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    entries = toc_pages((tmp_path / "deep.docx").read_bytes())
    assert any(text.startswith("2.1.\t") for _, text, _ in entries)
    assert all(page.isdigit() for _, _, page in entries)


def test_toc_depth_3_lists_the_third_level_in_its_own_style(tmp_path: Path) -> None:
    """The deepest depth the option takes: the French group's shared-drive rules (22.1.1, ...) are listed,
    styled "toc 3", with their pages."""
    result = charter("generate", FR_GROUP, "-o", "deeper.docx", "--toc-depth", "3", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    data = (tmp_path / "deeper.docx").read_bytes()
    third = [e for e in toc_pages(data) if re.match(r"\d+\.\d+\.\d+\.\t", e[1])]
    assert third and all(page.isdigit() for _, _, page in third)
    styles = {
        p.style.name for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.startswith(third[0][1])
    }
    assert styles == {"toc 3"}


# --------------------------------------------------------------------------- names, pipes and refusals
def test_without_o_the_charter_is_named_after_the_answers_file(tmp_path: Path) -> None:
    (tmp_path / "acme.yml").write_text(MINIMAL, encoding="utf-8")
    result = charter("generate", "acme.yml", "--no-layout", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert zipfile.is_zipfile(tmp_path / "acme.docx")
    result = charter("generate", "acme.yml", "--to", "md", cwd=tmp_path)
    assert result.returncode == 0
    assert "\n# Social media" in (tmp_path / "acme.md").read_text(encoding="utf-8")


def test_dash_reads_standard_input_and_writes_standard_output(tmp_path: Path) -> None:
    result = charter("generate", "-", "-o", "-", "--to", "md", cwd=tmp_path, stdin=MINIMAL.encode())
    assert result.returncode == 0, result.stderr.decode()
    assert "Northwind Trading Ltd" in result.stdout.decode("utf-8")
    assert b"Wrote standard output" in result.stderr
    assert os.listdir(tmp_path) == []  # no file named "-"
    word = charter("generate", "-", "-o", "-", "--no-layout", cwd=tmp_path, stdin=MINIMAL.encode())
    assert word.returncode == 0 and zipfile.is_zipfile(io.BytesIO(word.stdout))


def test_an_unknown_extension_or_a_contradiction_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(MINIMAL, encoding="utf-8")
    for args, needle in (
        (("-o", "charter.txt"), b".docx, .pdf, .html"),
        (("-o", "charter.pdf", "--to", "html"), b"choose one"),
    ):
        result = charter("generate", "a.yml", *args, cwd=tmp_path)
        assert result.returncode == 2 and needle in result.stderr and b"Traceback" not in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["a.yml"]


def test_an_existing_output_of_any_format_needs_force(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "a.html").write_text("mine", encoding="utf-8")
    result = charter("generate", "a.yml", "-o", "a.html", cwd=tmp_path)
    assert result.returncode == 5 and b"--force" in result.stderr
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == "mine"


# ----------------------------------------------------------------------------------- no LibreOffice
def fake_soffice(folder: Path, body: str) -> Path:
    program = folder / "soffice"
    program.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


def test_without_libreoffice_the_docx_is_written_and_says_so_once(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(MINIMAL, encoding="utf-8")
    env = {"PATH": str(Path(sys.executable).parent), "CHARTER_CACHE_DIR": ""}
    result = charter("generate", "a.yml", "-o", "a.docx", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr.count(b"libreoffice-writer-nogui") == 1
    with zipfile.ZipFile(tmp_path / "a.docx") as archive:
        assert b'w:updateFields w:val="true"' in archive.read("word/settings.xml")  # Word fills them in
    off = charter("generate", "a.yml", "-o", "b.docx", cwd=tmp_path, env={**env, "CHARTER_LAYOUT": "off"})
    assert off.returncode == 0 and b"LibreOffice" not in off.stderr  # asked for: nothing to say
    pdf = charter("generate", "a.yml", "-o", "a.pdf", cwd=tmp_path, env=env)
    assert pdf.returncode == 8 and b"apt install libreoffice-writer-nogui" in pdf.stderr
    assert not (tmp_path / "a.pdf").exists()


def test_a_hung_libreoffice_is_stopped_with_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(MINIMAL, encoding="utf-8")
    marker = tmp_path / "still-running"
    program = fake_soffice(tmp_path, f"sleep 30; touch {marker}")
    env = {"CHARTER_SOFFICE": str(program), "CHARTER_SOFFICE_TIMEOUT": "1"}
    result = charter("generate", "a.yml", "-o", "a.pdf", cwd=tmp_path, env=env)
    assert result.returncode == 8 and b"within 1 seconds" in result.stderr, result.stderr
    assert b"Traceback" not in result.stderr and not (tmp_path / "a.pdf").exists()
    ps = subprocess.run(["pgrep", "-f", "sleep 30"], capture_output=True)
    assert str(program).encode() not in ps.stdout  # the whole group was stopped


def test_a_failing_libreoffice_is_reported_with_its_message(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(MINIMAL, encoding="utf-8")
    program = fake_soffice(tmp_path, "echo 'Error: source file could not be loaded' >&2; exit 1")
    result = charter("generate", "a.yml", "-o", "a.pdf", cwd=tmp_path, env={"CHARTER_SOFFICE": str(program)})
    assert result.returncode == 8 and b"source file could not be loaded" in result.stderr
    missing = charter(
        "generate", "a.yml", "-o", "a.pdf", cwd=tmp_path, env={"CHARTER_SOFFICE": "/nowhere/soffice"}
    )
    assert missing.returncode == 8 and b"CHARTER_SOFFICE" in missing.stderr


# ----------------------------------------------------------------------------- LibreOffice's profile
def recording_soffice(folder: Path) -> Path:
    """The real soffice, behind a script that lists the files of the profile each run starts with."""
    return fake_soffice(
        folder,
        'for a; do case "$a" in -env:UserInstallation=file://*) p="${a#-env:UserInstallation=file://}";; esac; '
        f'done; (cd "$p" 2>/dev/null && find . -type f | sort) > "{folder}/profile-$$.txt"; exec soffice "$@"',
    )


def test_each_run_starts_from_a_copy_of_the_first_runs_profile_with_the_same_bytes(
    fr_group: dict[str, Path], tmp_path: Path
) -> None:
    program = recording_soffice(tmp_path)
    env = {"CHARTER_SOFFICE": str(program), "CHARTER_CACHE_DIR": str(tmp_path / "cache")}
    for name in ("first.pdf", "second.pdf"):
        result = charter("generate", FR_GROUP, "-o", name, cwd=tmp_path, env=env)
        assert result.returncode == 0, result.stderr.decode()
        assert (tmp_path / name).read_bytes() == fr_group["pdf"].read_bytes()  # same bytes, seeded or not
    starts = [p.read_text() for p in sorted(tmp_path.glob("profile-*.txt"), key=lambda p: p.stat().st_mtime)]
    assert starts[0] == ""  # the very first run makes its profile
    assert all("registrymodifications.xcu" in listing for listing in starts[1:]) and len(starts) >= 2
    (seed,) = (tmp_path / "cache").glob("*/soffice-profile-*")
    assert stat.S_IMODE(seed.stat().st_mode) == 0o700


def test_a_seed_profile_that_is_not_private_or_holds_links_is_not_trusted(tmp_path: Path) -> None:
    from charter.layout.soffice import _copy_profile

    seed = tmp_path / "seed"
    (seed / "user").mkdir(parents=True, mode=0o700)
    seed.chmod(0o700)
    (seed / "user" / "registrymodifications.xcu").write_text("<x/>", encoding="utf-8")
    (tmp_path / "secret").write_text("not for LibreOffice", encoding="utf-8")
    (seed / "user" / "link").symlink_to(tmp_path / "secret")
    assert _copy_profile(seed, tmp_path / "run1")
    assert (tmp_path / "run1" / "user" / "registrymodifications.xcu").exists()
    assert not (tmp_path / "run1" / "user" / "link").exists()  # a link is never copied, nor followed
    seed.chmod(0o777)
    assert not _copy_profile(seed, tmp_path / "run2") and not (tmp_path / "run2").exists()
    seed.chmod(0o700)
    (tmp_path / "alias").symlink_to(seed)
    assert not _copy_profile(tmp_path / "alias", tmp_path / "run3")
