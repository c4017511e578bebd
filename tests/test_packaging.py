"""The package as pip installs it: clause library inside it, found without the source checkout."""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from conftest import EXAMPLES, ROOT


def test_package_data_globs_ship_every_template_file() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert config["package-dir"]["charter.templates"] == "templates"
    globs = config["package-data"]["charter.templates"]
    for path in (ROOT / "templates").rglob("*"):
        if path.is_file():
            relative = path.relative_to(ROOT / "templates").as_posix()
            assert any(fnmatch.fnmatch(relative, g) for g in globs), f"{relative} would not be installed"


def test_installed_layout_generates_without_the_checkout(tmp_path: Path) -> None:
    """Lay the package out as the wheel does (charter/templates inside charter/) away from the repository."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "charter", site / "charter", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", site / "charter" / "templates")
    out = tmp_path / "out.docx"
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import charter, charter.resources as r\n"
        "assert charter.__file__.startswith(sys.argv[1]), charter.__file__\n"
        "print(r.builtin_dir())\n"
        "from charter.cli import main\n"
        "sys.exit(main(['generate', sys.argv[2], '-o', sys.argv[3]]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code, str(site), str(EXAMPLES / "uk-midsize" / "answers.yml"), str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={k: v for k, v in os.environ.items() if k != "CHARTER_LAYOUT"},  # laid out, as committed
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == str(site / "charter" / "templates")
    assert out.read_bytes() == (EXAMPLES / "uk-midsize" / "charter.docx").read_bytes()
