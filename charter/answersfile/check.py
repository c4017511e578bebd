"""Check parsed answers against format 1 and apply the defaults; collect every problem at once.

The structure (unknown keys, the format number, required keys, characters a Word document cannot
hold) is checked here; each answer's value is checked by its question type (`charter.model.types`).
The interview checks its answers with the same function, so both report the same problems.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from charter.errors import AnswersError, Problem
from charter.model import questions
from charter.model.answers import Answers, lifecycle_warnings
from charter.model.paths import MISSING, get_path, set_path
from charter.model.site import Sink, Site, shown
from charter.model.suggest import did_you_mean
from charter.model.types import FORMAT, type_of

# Characters an XML 1.0 document (and so Word) cannot hold.
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
MAX_PROBLEMS = 50  # problems listed one by one in a message; the others are counted


def check_answers(
    data: Any,
    *,
    name: str = "the answers",
    lines: Callable[[tuple[Any, ...]], int | None] = lambda path: None,
    raw: Callable[[tuple[Any, ...]], str | None] = lambda path: None,
    duplicates: list[tuple[tuple[Any, ...], int]] | None = None,
) -> Answers:
    """The checked answers with defaults applied; AnswersError listing every problem otherwise.

    ``lines`` and ``raw`` give the line and the written text of a key path when the answers come
    from a file; the interview's answers have neither.
    """
    sink = Sink("en", raw)
    result = _Checker(Site(sink)).check(data)
    problems = [Problem(path, message, lines(path)) for path, message in sink.problems]
    problems += [Problem(path, "this key is given twice.", line) for path, line in duplicates or []]
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        count = len(problems)
        shown_problems: list[Problem | str] = list(problems[:MAX_PROBLEMS])
        if count > MAX_PROBLEMS:
            shown_problems.append(f"... and {count - MAX_PROBLEMS} more.")
        noun = "problem" if count == 1 else "problems"
        raise AnswersError(
            f"{name} does not follow answers format {FORMAT} ({count} {noun}); nothing was written:",
            shown_problems,
        )
    return Answers(result, lifecycle_warnings(result))


class _Checker:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.questions = questions.questionnaire()

    def check(self, data: Any) -> dict[str, Any]:
        self.characters(data, self.site)
        if not isinstance(data, dict):
            self.site.problem(
                f"expected a mapping of keys (format: {FORMAT}, organisation: ...), got {shown(data)}."
            )
            return {}
        fmt = data.get("format")
        if "format" not in data:
            self.site.at("format").problem(
                f"missing required key; the first line should be `format: {FORMAT}`."
            )
        elif fmt != FORMAT or isinstance(fmt, bool):
            self.site.at("format").problem(
                f"unsupported format {shown(fmt)}; this version of charter reads format {FORMAT} only."
            )
            return {}
        self.unknown_keys(data)
        result: dict[str, Any] = {}
        for question in self.questions.questions:
            value = get_path(data, question.key, MISSING)
            if value is MISSING:
                if question.required:
                    self.site.at(*question.path).problem(
                        f"missing required key ({question.prompt['en'].lower()})."
                    )
                    continue
                value = list(question.default) if isinstance(question.default, list) else question.default
            elif not (value is None and question.default is None and not question.required):
                value = type_of(question).check(question, value, self.site.at(*question.path))
            set_path(result, question.key, value)
        no_network = not result.get("platforms") and not result.get("enterprise_networks")
        if "platforms" in data and not self.site.problems and no_network:
            self.site.at("platforms").problem(
                "is empty while enterprise_networks is empty too: a charter needs at least one network."
            )
        return result

    def characters(self, value: Any, site: Site) -> None:
        """Every string, keys included, must be one a Word document can hold."""

        def bad(text: str, where: Site, what: str) -> None:
            found = BAD_CHARS.search(text)
            if found:
                where.problem(
                    f"{what} the character U+{ord(found.group()):04X}, a control character that "
                    "no charter can hold (Word, PDF, HTML or Markdown); remove it."
                )

        if isinstance(value, str):
            bad(value, site, "holds")
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str):
                    bad(key, site.at(key), "this key holds")
                self.characters(item, site.at(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.characters(item, site.at(index))

    def unknown_keys(self, data: dict[str, Any]) -> None:
        groups = self.questions.groups()
        top = sorted({q.path[0] for q in self.questions.questions})
        for key, value in data.items():
            if key not in top:
                self.site.at(key).problem(
                    f"unknown key.{did_you_mean(key, top)} Valid keys: {', '.join(top)}."
                )
            elif key in groups and value is not None:
                if not isinstance(value, dict):
                    self.site.at(key).problem(
                        f"expected a mapping of keys ({', '.join(groups[key])}), got {shown(value)}."
                    )
                    continue
                for sub in value:
                    if sub not in groups[key]:
                        self.site.at(key, sub).problem(
                            f"unknown key.{did_you_mean(sub, list(groups[key]))} "
                            f"Valid keys under {key}: {', '.join(groups[key])}."
                        )
