"""Shared fixtures: paths to the contract and the examples, an isolated working folder, a CLI runner."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))

# The answers contract (format 1), copied verbatim from the project's shared/spec so that a clone
# tests itself; test_answers checks the copy against shared/spec wherever that folder is present.
SPEC = TESTS / "data" / "spec"
SHARED_SPEC = ROOT.parent / "shared" / "spec"
EXAMPLES = ROOT / "examples"

# Hypothesis budgets (tests/test_properties.py): a small, fixed one by default so that CI is quick
# and deterministic; CHARTER_HYPOTHESIS_PROFILE=thorough for a long, random search.
try:
    from hypothesis import settings as _hypothesis_settings
except ImportError:  # pragma: no cover - hypothesis is in the test extra
    pass
else:
    import os as _os

    _hypothesis_settings.register_profile(
        "charter", max_examples=40, deadline=None, derandomize=True, database=None, print_blob=True
    )
    _hypothesis_settings.register_profile("thorough", max_examples=1000, deadline=None, print_blob=True)
    _hypothesis_settings.load_profile(_os.environ.get("CHARTER_HYPOTHESIS_PROFILE", "charter"))

MINIMAL = """\
format: 1
language: en
organisation:
  name: Northwind Trading Ltd
  jurisdiction: UK
platforms: [linkedin]
"""


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled clauses go to a folder of the test session, never to the user's own cache."""
    import os

    os.environ["CHARTER_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True, scope="session")
def _no_layout_unless_asked() -> None:
    """LibreOffice lays out a .docx in about 2 s: tests whose subject is not the page numbers write
    the .docx without it (`CHARTER_LAYOUT=off`, as a server may). test_outputs and test_examples,
    whose subject they are, switch it back on."""
    import os

    os.environ["CHARTER_LAYOUT"] = "off"


@pytest.fixture
def with_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHARTER_LAYOUT", raising=False)


@pytest.fixture
def spec_file() -> Callable[[str], Path]:
    """A file of the answers contract; the test fails loudly if it is missing."""

    def find(name: str) -> Path:
        path = SPEC / name
        assert path.is_file(), f"the answers contract {path} is missing"
        return path

    return find


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside an empty folder, so nothing it writes can touch the repository."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def answers_file(workdir: Path) -> Callable[..., Path]:
    def write(text: str = MINIMAL, name: str = "answers.yml") -> Path:
        path = workdir / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run `charter ARGS...` through the real entry point and its exception funnel."""
    from charter.cli import main

    def run(*args: str) -> CliResult:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
