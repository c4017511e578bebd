"""Where the built-in data lives: inside the installed package, or beside it in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def builtin_dir() -> Path:
    """The built-in library folder (`templates/` in the repository, `charter/templates` once installed)."""
    try:
        from importlib.resources import files

        path = Path(str(files("charter.templates")))
        if (path / "questions.yml").is_file():
            return path
    except ModuleNotFoundError:  # running from a checkout that was never installed
        pass
    return Path(__file__).resolve().parent.parent / "templates"


@cache
def load_yaml(name: str) -> object:
    """A built-in YAML data file, parsed once per process."""
    import yaml

    with open(builtin_dir() / name, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # same result, faster
