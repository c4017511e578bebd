"""The layout a newcomer relies on: small modules, imports that only go down, each heavy library in one
room, every package shipped, and the code typed (mypy --strict) and lint-clean (ruff).

These run in the README's test command, so CI checks them on every submission.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "charter"
MAX_LINES = 400

# Layers, lowest first: a module may import its own layer and the layers below it, never above.
LAYERS = [
    {
        "charter.errors",
        "charter.resources",
        "charter.privatecache",
        "charter.model",
        "charter.blocks",
        "charter.markup",
        "charter.limits",
        "charter.interrupts",
        "charter.typography",
        "charter.textcheck",
    },
    {"charter.answersfile", "charter.output"},
    {
        "charter.clauses",
        "charter.docx",
        "charter.formats",
        "charter.interview",
        "charter.layout",
        "charter.assess",
    },
    {"charter.compose", "charter.publish"},
    {"charter.versions"},
    {"charter.app"},
    {
        "charter.cli",
        "charter.cli_assess",
        "charter.cli_diff",
        "charter.cli_generate",
        "charter.cli_new",
        "charter.cli_options",
        "charter.cli_templates",
        "charter.cli_versions",
        "charter.entry",
        "charter.__main__",
    },
]
# Each heavy library is imported by one room only.
ROOMS = {
    "questionary": "charter.interview",
    "prompt_toolkit": "charter.interview",
    "docx": "charter.docx",
    "lxml": "charter.docx",
    "pypdf": "charter.layout",
}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> set[str]:
    """Every module an import statement names, at any depth (lazy imports count)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            if node.module == "charter":
                names.update(f"charter.{alias.name}" for alias in node.names)
    return names


def layer_of(name: str) -> int | None:
    for index, layer in enumerate(LAYERS):
        if any(name == room or name.startswith(room + ".") for room in layer):
            return index
    return None


def test_no_module_is_over_400_lines() -> None:
    long = {
        name: n for name, path in modules().items() if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules (over {MAX_LINES} lines): {long}"


def test_every_module_has_a_layer() -> None:
    unplaced = [name for name in modules() if name != "charter" and layer_of(name) is None]
    assert not unplaced, f"add these modules to LAYERS in tests/test_layout.py: {unplaced}"


def test_imports_only_go_down() -> None:
    upward = []
    for name, path in modules().items():
        own = layer_of(name)
        if own is None:
            continue
        for imported in imports(path):
            other = layer_of(imported)
            if other is not None and other > own:
                upward.append(f"{name} imports {imported}")
    assert not upward, "imports must go down the layers:\n" + "\n".join(upward)


def test_the_command_line_calls_the_front_door_alone() -> None:
    charter_imports = {i for i in imports(PACKAGE / "cli.py") if i.startswith("charter")}
    assert charter_imports <= {
        "charter",
        "charter.__version__",
        "charter.app",
        "charter.cli_assess",
        "charter.cli_options",
        "charter.cli_versions",
        "charter.errors",
        "charter.entry",
    }, charter_imports


def test_each_heavy_library_lives_in_one_room() -> None:
    strays = []
    for name, path in modules().items():
        for imported in imports(path):
            library = imported.split(".")[0]
            room = ROOMS.get(library)
            if room is not None and not (name == room or name.startswith(room + ".")):
                strays.append(f"{name} imports {imported} (only {room} may)")
    assert not strays, "\n".join(strays)


def test_every_package_is_shipped() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = set(config["tool"]["setuptools"]["packages"])
    packages = {name for name, path in modules().items() if path.name == "__init__.py"}
    assert packages <= shipped, f"add to [tool.setuptools] packages: {packages - shipped}"


def _tool(module: str) -> None:
    if (
        shutil.which(module) is None
        and subprocess.run([sys.executable, "-m", module, "--version"], capture_output=True).returncode
    ):
        pytest.skip(f"{module} is not installed (pip install '.[test]')")


def test_mypy_strict_passes_on_the_package() -> None:
    _tool("mypy")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "charter"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    _tool("ruff")
    for args in (["check", "."], ["format", "--check", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.split("\n## ", 1)[1].startswith("Quick start\n"), "the README opens with ## Quick start"
    block = readme.split("```sh\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2, block
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == block[1], "'.ci/run' must run the README's test command exactly"
    assert "../shared" not in readme, "a clone has no ../shared: the README must not point there"
