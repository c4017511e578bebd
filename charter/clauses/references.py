"""Legal references: defined once per language, declared by each clause, gathered into the annex.

`templates/references/<lang>.yml` maps an id to `{kind: statute | regulation | case_law | guidance,
text: ...}` (a custom library may add or replace ids in `<library>/references/<lang>.yml`). A clause
declares in its front matter the references it relies on:

    references:
      - some_id                                   # always, when the clause is in the charter
      - {when: organisation.works_council, ids: [other_id, third_id]}

The `legal_references` annex sees `references`: the union of the references of the charter's
clauses whose conditions hold, grouped by kind in the order of `reference_kinds` (strings.yml), each
group in the order of the references file. A language without a references file, or a clause
without the key, simply cites nothing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from charter.errors import Problem, TemplateError
from charter.model.suggest import did_you_mean

MAX_REFERENCES_BYTES = 512 << 10


class Reference(NamedTuple):
    id: str
    kind: str
    text: str


class Group(NamedTuple):
    """One heading of the annex: a kind of reference, its title, the cited references of that kind."""

    kind: str
    title: str
    items: tuple[Reference, ...]


class Citation(NamedTuple):
    """One entry of a clause's `references`: ids, cited when the condition holds (always when None)."""

    ids: tuple[str, ...]
    when: str | None
    line: int


def kinds(lang: str) -> dict[str, str]:
    """The kinds of reference, in the annex's order, with their titles in ``lang``."""
    from charter.clauses.context import strings

    found = strings(lang).get("reference_kinds") or {}
    return {str(k): str(v) for k, v in found.items()}


def load_references(lang: str, custom: Path | None = None) -> dict[str, Reference]:
    """The references of ``lang``: the built-in file, then the custom library's over it."""
    from charter.resources import builtin_dir

    found = dict(_read(builtin_dir() / "references" / f"{lang}.yml", lang))
    if custom is not None:
        found.update(_read(custom / "references" / f"{lang}.yml", lang))
    return found


@lru_cache(maxsize=16)
def _read(path: Path, lang: str) -> tuple[tuple[str, Reference], ...]:
    from charter.resources import Refused, StrictYAMLError, read_limited, strict_yaml_data

    if not path.is_file():
        return ()
    try:
        text = read_limited(path, MAX_REFERENCES_BYTES, "a references file").decode("utf-8")
        data = strict_yaml_data(text)
    except (UnicodeDecodeError, Refused, OSError, StrictYAMLError) as exc:
        raise TemplateError(f"{path}: cannot be read as a references file ({exc}).") from None
    if data is None:
        return ()
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: must map reference ids to {{kind: ..., text: ...}}.")
    known = kinds(lang)
    problems = []
    result = []
    for ident, spec in data.items():
        kind = spec.get("kind") if isinstance(spec, dict) else None
        words = spec.get("text") if isinstance(spec, dict) else None
        if kind not in known:
            problems.append(
                Problem.in_file(path, f"`{ident}`: kind {kind!r} is not one of {', '.join(known) or 'none'}.")
            )
        elif not isinstance(words, str) or not words.strip():
            problems.append(Problem.in_file(path, f"`{ident}` needs a `text`."))
        else:
            plain = re.sub(r"[ \t\r\n]+", " ", words.strip())  # non-breaking spaces stay
            result.append((str(ident), Reference(str(ident), str(kind), plain)))
    if problems:
        raise TemplateError(f"{path} has problems:", problems)
    return tuple(result)


def parse_citations(value: Any, line_of: Any, problems: list[tuple[str, int]]) -> tuple[Citation, ...]:
    """A clause's `references` front matter, checked for shape; ``problems`` gets what is wrong, with
    its line (``line_of(index)`` is the line of an item, ``line_of(None)`` that of the key)."""
    if not isinstance(value, list):
        problems.append(
            ("references must be a list of reference ids (or of {when: ..., ids: [...]}).", line_of(None))
        )
        return ()
    found = []
    for index, item in enumerate(value):
        line = line_of(index)
        if isinstance(item, str):
            found.append(Citation((item,), None, line))
        elif (
            isinstance(item, dict)
            and set(item) <= {"when", "ids"}
            and isinstance(item.get("when"), str)
            and isinstance(item.get("ids"), list)
            and all(isinstance(i, str) for i in item["ids"])
        ):
            found.append(Citation(tuple(item["ids"]), item["when"], line))
        else:
            said = f"references item {index + 1} must be a reference id or {{when: <condition>, ids: [...]}}."
            problems.append((said, line))
    return tuple(found)


def check_citations(clauses: Any, known: dict[str, Reference], problems: list[Problem]) -> None:
    """An unknown reference id in a clause is a problem naming the clause file and line."""
    for clause in clauses:
        for citation in clause.references:
            for ident in citation.ids:
                if ident not in known:
                    problems.append(
                        Problem.in_file(
                            clause.path,
                            f"unknown reference `{ident}`.{did_you_mean(ident, list(known))} "
                            "References are defined in references/<language>.yml.",
                            citation.line,
                        )
                    )


def gather(
    chosen: Any, context: dict[str, Any], known: dict[str, Reference], lang: str, bytecode: Any = None
) -> list[Group]:
    """The `references` the annex sees: the cited references of ``chosen`` clauses, by kind
    (``bytecode``: where compiled conditions are kept, as for `compile_condition`)."""
    import jinja2

    from charter.model.conditions import compile_condition, condition_scope

    scope = condition_scope(context)
    cited: set[str] = set()
    for clause in chosen:
        for citation in clause.references:
            if citation.when is not None:
                try:
                    holds = bool(compile_condition(citation.when, bytecode).evaluate(scope))
                except (jinja2.TemplateError, TypeError, ValueError) as exc:
                    raise TemplateError(
                        f"{clause.path}, line {citation.line}: the references condition "
                        f"{citation.when!r} fails ({exc})."
                    ) from None
                if not holds:
                    continue
            for ident in citation.ids:
                if ident not in known:
                    raise TemplateError(
                        f"{clause.path}, line {citation.line}: unknown reference `{ident}`."
                        f"{did_you_mean(ident, list(known))}"
                    )
                cited.add(ident)
    groups = []
    for kind, title in kinds(lang).items():
        items = tuple(ref for ref in known.values() if ref.kind == kind and ref.id in cited)
        if items:
            groups.append(Group(kind, title, items))
    return groups
