"""The 2017 social-media barometer and the check-up's wording: `templates/barometer.yml`, the one file
that holds a figure about other firms. Read once per process; a copy may be read from a path (tests)."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from charter.model.questions import LANGUAGES
from charter.resources import load_yaml

MARKS = ("ahead", "behind", "info")
Words = dict[str, str]  # one text in each language


@dataclass(frozen=True)
class Text:
    """A text in each language, and its wording for a sector or a jurisdiction (`title_public`,
    `advice_nonprofit`, `standing_FR`), as questions.yml words its questions."""

    words: Words
    variants: dict[str, Words] = field(default_factory=dict)

    def get(self, lang: str, *keys: Any) -> str:
        """The text in ``lang``; the wording of the first of ``keys`` (sector, jurisdiction) with one."""
        for key in keys:
            if str(key) in self.variants:
                return self.variants[str(key)][lang]
        return self.words[lang]


@dataclass(frozen=True)
class Case:
    """One standing of a point: it applies when ``when`` holds (None: always)."""

    when: str | None
    mark: str  # ahead | behind | info
    standing: Text
    advice: Text | None = None
    clause: str | None = None  # the article that answers the advice
    change: tuple[str, Any] | None = None  # (dotted key, value): the answer to give for it


@dataclass(frozen=True)
class PointRule:
    id: str
    title: Text
    figure: Text
    cases: tuple[Case, ...]
    when: str | None = None  # the point applies only when this holds


@dataclass(frozen=True)
class Barometer:
    source: dict[str, Words]  # short, long
    figures: dict[str, int | Words]
    words: dict[str, Words]
    annex_order: int
    points: tuple[PointRule, ...]

    def figure(self, ident: str, lang: str) -> str:
        """A figure as printed: 30 % (a narrow no-break space in French), 30%, or its words."""
        value = self.figures[ident]
        if isinstance(value, dict):
            return value[lang]
        return f"{value}\u202f%" if lang == "fr" else f"{value}%"

    def say(self, text: Text, lang: str, *keys: Any) -> str:
        """``text`` in ``lang`` (worded for the first of ``keys`` that has a wording), its {figure}
        fields filled in."""
        return text.get(lang, *keys).format(**{ident: self.figure(ident, lang) for ident in self.figures})

    def word(self, key: str, lang: str, /, **values: Any) -> str:
        """One of the check-up's own words, filled in (``short`` and ``long`` name the source)."""
        named = {"short": self.source["short"][lang], "long": self.source["long"][lang], **values}
        return self.words[key][lang].format(**named)


def barometer(path: Path | None = None) -> Barometer:
    """The built-in barometer (parsed once), or the file at ``path``; ValueError names what is wrong."""
    if path is None:
        return _builtin()
    import yaml

    return parse(yaml.safe_load(path.read_text(encoding="utf-8")))


@cache
def _builtin() -> Barometer:
    return parse(load_yaml("barometer.yml"))


def parse(raw: Any) -> Barometer:
    """The barometer of a parsed data file, its wording checked against its figures."""
    if not isinstance(raw, dict):
        raise ValueError("barometer.yml: expected a mapping")
    figures = raw["figures"]
    for ident, value in figures.items():
        if not (isinstance(value, int) and 0 <= value <= 100) and not _words(value):
            raise ValueError(f"barometer.yml, figures.{ident}: a percentage (0-100) or words in fr and en")
    points = tuple(_point(item, set(figures)) for item in raw["points"])
    if len({p.id for p in points}) != len(points):
        raise ValueError("barometer.yml: two points have the same id")
    return Barometer(
        source={key: _text(raw["source"][key], f"source.{key}", set()) for key in ("short", "long")},
        figures=figures,
        words={key: _text(value, f"words.{key}", None) for key, value in raw["words"].items()},
        annex_order=int(raw["annex"]["order"]),
        points=points,
    )


def _point(raw: dict[str, Any], figures: set[str]) -> PointRule:
    where = f"points.{raw.get('id')}"
    cases = tuple(_case(item, figures, f"{where}.cases[{n}]") for n, item in enumerate(raw["cases"]))
    if not cases or cases[-1].when is not None:
        raise ValueError(f"barometer.yml, {where}: the last case must have no `when` (it is the otherwise)")
    return PointRule(
        id=str(raw["id"]),
        title=_worded(raw, "title", where, set()),
        figure=_worded(raw, "figure", where, figures),
        cases=cases,
        when=raw.get("when"),
    )


def _case(raw: dict[str, Any], figures: set[str], where: str) -> Case:
    if raw.get("mark") not in MARKS:
        raise ValueError(f"barometer.yml, {where}: `mark` is one of {', '.join(MARKS)}")
    advice = raw.get("advice")
    change = raw.get("change")
    if change is not None and (not isinstance(change, dict) or len(change) != 1):
        raise ValueError(f"barometer.yml, {where}: `change` is one {{key: value}}")
    if advice is not None and not raw.get("clause"):
        raise ValueError(f"barometer.yml, {where}: advice points to the `clause` that answers it")
    return Case(
        when=raw.get("when"),
        mark=raw["mark"],
        standing=_worded(raw, "standing", where, figures),
        advice=None if advice is None else _worded(raw, "advice", where, figures),
        clause=raw.get("clause"),
        change=None if change is None else next(iter(change.items())),
    )


def _worded(raw: dict[str, Any], name: str, where: str, fields: set[str]) -> Text:
    """The text ``name`` of a point or a case, and its wordings ``name_<sector>``, ``name_<jurisdiction>``."""
    variants = {
        key.removeprefix(f"{name}_"): _text(value, f"{where}.{key}", fields)
        for key, value in raw.items()
        if key.startswith(f"{name}_")
    }
    return Text(_text(raw[name], f"{where}.{name}", fields), variants)


def _words(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(lang), str) for lang in LANGUAGES)


def _text(value: Any, where: str, fields: set[str] | None) -> Words:
    """Words in every language; ``fields``: the only {names} they may hold (None: any)."""
    if not _words(value):
        raise ValueError(f"barometer.yml, {where}: a text in {' and '.join(LANGUAGES)}")
    for lang in LANGUAGES:
        named = {name for _, name, _, _ in string.Formatter().parse(value[lang]) if name is not None}
        if fields is not None and named - fields:
            raise ValueError(f"barometer.yml, {where}.{lang}: no figure {', '.join(sorted(named - fields))}")
    return {lang: value[lang] for lang in LANGUAGES}
