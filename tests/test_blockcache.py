"""Parsed markup kept between runs: the same blocks as a fresh parse, never taken from a file nobody
should trust, and a run whose texts are all known does not import the Markdown parser."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT

from charter import markup
from charter.answersfile.read import read_answers
from charter.clauses import blockcache
from charter.clauses.files import load_library
from charter.clauses.render import Renderer
from charter.limits import bounded


def texts(answers_path: Path) -> list[tuple[str, bool]]:
    answers = read_answers(answers_path)
    renderer = Renderer(load_library(answers.language), answers, cached=False)
    with bounded():
        return [
            (renderer.render(c), c.part == "article")
            for c in renderer.selected(answers.data["clauses"]["exclude"])
        ]


@pytest.mark.parametrize("example", ["fr-group", "uk-midsize", "fr-sme-facebook"])
def test_blocks_read_back_equal_a_fresh_parse(tmp_path: Path, example: str) -> None:
    for text, numbered in texts(EXAMPLES / example / "answers.yml"):
        fresh = markup.parse(text, numbered=numbered)
        markup._memory.clear()  # as a new process: only the folder remembers
        blockcache.blocks(text, numbered=numbered, folder=tmp_path)  # parsed and kept
        markup._memory.clear()
        assert blockcache.blocks(text, numbered=numbered, folder=tmp_path) == fresh
    assert list(tmp_path.glob("blocks-*.json")), "nothing was kept"
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in tmp_path.glob("blocks-*.json"))


def planted(folder: Path, text: str, numbered: bool) -> Path:
    """A block file under the name `text` would have, saying something the charter never said."""
    markup._memory.clear()
    blockcache.blocks(text, numbered=numbered, folder=folder)
    (path,) = folder.glob("blocks-*.json")
    path.write_text(json.dumps([["p", [["PLANTED TEXT", False, False, False]], False]]))
    markup._memory.clear()
    return path


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give the file to another user")
def test_a_file_of_another_user_is_not_read(tmp_path: Path) -> None:
    path = planted(tmp_path, "Hello.\n", True)
    os.chown(path, 65534, 65534)
    assert blockcache.blocks("Hello.\n", numbered=True, folder=tmp_path)[0].runs[0].text == "Hello."


def test_a_file_others_can_write_is_not_read(tmp_path: Path) -> None:
    path = planted(tmp_path, "Hello.\n", True)
    path.chmod(0o666)
    assert blockcache.blocks("Hello.\n", numbered=True, folder=tmp_path)[0].runs[0].text == "Hello."


@pytest.mark.parametrize(
    "content",
    ["not json", "[[1, 2]]", '[["h", "1", [], true]]', '[["p", [[1, 0, 0, 0]], 0]]', "[" * 100_000],
)
def test_a_damaged_file_is_parsed_afresh(tmp_path: Path, content: str) -> None:
    path = planted(tmp_path, "Hello.\n", True)
    path.write_text(content)
    assert blockcache.blocks("Hello.\n", numbered=True, folder=tmp_path)[0].runs[0].text == "Hello."


def test_a_second_run_does_not_import_the_markdown_parser(tmp_path: Path) -> None:
    code = (
        "import sys; from charter.cli import main\n"
        "status = main(['generate', sys.argv[1], '-o', sys.argv[2], '--force'])\n"
        "print('markdown_it' in sys.modules); sys.exit(status)\n"
    )
    env = {**os.environ, "CHARTER_CACHE_DIR": str(tmp_path / "cache"), "CHARTER_LAYOUT": "on"}  # as committed
    runs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", code, str(EXAMPLES / "uk-midsize" / "answers.yml"), str(tmp_path / "c.docx")],
            capture_output=True, text=True, env=env, cwd=ROOT,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        runs.append(done.stdout.strip().splitlines()[-1])
        assert (tmp_path / "c.docx").read_bytes() == (EXAMPLES / "uk-midsize" / "charter.docx").read_bytes()
    assert runs == ["True", "False"]
