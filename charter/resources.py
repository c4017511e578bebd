"""Where the built-in data lives: inside the installed package, or beside it in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def builtin_dir() -> Path:
    """The built-in library: `charter/templates` once installed, `templates/` in a source checkout."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "templates", package.parent / "templates"):
        if (candidate / "questions.yml").is_file():
            return candidate
    raise FileNotFoundError(f"charter's built-in templates are missing beside {package}; reinstall charter.")


@cache
def load_yaml(name: str) -> object:
    """A built-in YAML data file, parsed once per process."""
    import yaml

    with open(builtin_dir() / name, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # same result, faster
