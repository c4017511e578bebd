"""The interview's own words, from `templates/interview.yml`, and the styles it shows them in.

Everything about a question (prompt, help, choices) comes from `questions.yml`; what a typed answer
must look like, and the words of the question types, from `messages.yml` through the type table.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from charter.resources import load_yaml

STYLE = {
    "help": "italic",
    "header": "bold underline",
    "warning": "fg:ansiyellow bold",
    "error": "fg:ansired",
    "done": "bold",
}
# The governance check-up (`charter assess`, before the review): the style of each kind of line.
CHECK_UP_STYLE = {
    "heading": STYLE["header"],
    "ahead": STYLE["done"],
    "behind": STYLE["warning"],
    "next": STYLE["done"],
    "pointer": STYLE["help"],
}


@cache
def _words() -> dict[str, dict[str, Any]]:
    data = load_yaml("interview.yml")
    assert isinstance(data, dict)
    return data


def ui(lang: str, key: str, **values: Any) -> str:
    """The interview's words ``key`` in ``lang`` (English when there is no such translation), filled in."""
    entry = _words()[key]
    return str(entry.get(lang, entry["en"])).format(**values)


def language_defaults(lang: str) -> dict[str, Any]:
    """The defaults that follow the charter's language (French: the law of France), by question key."""
    found = _words().get("defaults", {}).get(lang, {})
    return dict(found) if isinstance(found, dict) else {}


def default_name(lang: str, what: str, name: str) -> Path:
    """The default path of the ``what`` (answers_file, charter_file) for the organisation ``name`` (a
    slug), in the interview's language: acme-answers.yml, mairie-charte.docx."""
    names = _words()["default_names"]
    return Path(str(names.get(lang, names["en"])[what]).format(name=name))
