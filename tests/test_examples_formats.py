"""Every example's PDF, HTML and Markdown match what the code makes now, byte for byte, and say the
same as its Word document (`tools/regenerate_examples.py` rebuilds them)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import EXAMPLES

from charter import app

EXAMPLE_DIRS = sorted(p.parent for p in EXAMPLES.glob("*/answers.yml"))


@pytest.fixture(scope="module", params=[d.name for d in EXAMPLE_DIRS])
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp(request.param)
    for fmt in ("pdf", "html", "md"):
        app.generate(answers_path=EXAMPLES / request.param / "answers.yml", output=out / f"charter.{fmt}")
    app.generate(
        answers_path=EXAMPLES / request.param / "answers.yml", output=out / "charter.docx", layout=False
    )
    return EXAMPLES / request.param, out


@pytest.mark.parametrize("fmt", ["pdf", "html", "md"])
def test_the_committed_output_is_what_the_code_makes(example: tuple[Path, Path], fmt: str) -> None:
    committed, fresh = example
    assert (committed / f"charter.{fmt}").read_bytes() == (fresh / f"charter.{fmt}").read_bytes(), (
        f"{committed.name}/charter.{fmt} is stale: run tools/regenerate_examples.py"
    )


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("’", "'"))


def test_every_format_holds_the_words_of_the_word_document(example: tuple[Path, Path]) -> None:
    _, fresh = example
    document = docx.Document(str(fresh / "charter.docx"))
    body = [p.text for p in document.paragraphs if not p.style.name.lower().startswith("toc")]
    body += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    expected = set(words(" ".join(body)))
    pdf_text = " ".join(
        page.extract_text()
        for page in pypdf.PdfReader(io.BytesIO((fresh / "charter.pdf").read_bytes())).pages
    )
    for fmt, text in (
        ("pdf", pdf_text),
        (
            "html",
            re.sub(
                r"<[^>]+>", " ", re.sub(r"</?sup>", "", (fresh / "charter.html").read_text(encoding="utf-8"))
            ),
        ),
        ("md", (fresh / "charter.md").read_text(encoding="utf-8")),
    ):
        missing = expected - set(
            words(text.replace("&#x27;", "'").replace("&amp;", "&").replace("&quot;", '"'))
        )
        assert not missing, (fmt, sorted(missing)[:20])
