"""The words of the checker and the interview, from `templates/messages.yml`, in English or French."""

from __future__ import annotations

from functools import cache
from typing import Any

from charter.resources import load_yaml


@cache
def _messages() -> dict[str, dict[str, str]]:
    data = load_yaml("messages.yml")
    assert isinstance(data, dict)
    return data


def say(lang: str, key: str, **values: Any) -> str:
    """The message ``key`` in ``lang`` (English when it has no such translation), filled in."""
    entry = _messages()[key]
    return entry.get(lang, entry["en"]).format(**values)
