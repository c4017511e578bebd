"""Clause files: find them (built-in, then the user's), read and check their front matter.

Built-in clauses live in `templates/clauses/<lang>/`; a user's library has the same layout and
overrides built-in clauses by id. A custom library may come from anyone: only regular files of a
bounded size are read, and front matter goes through the strict YAML reader. Every problem names the
file and the line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from charter.answersfile.check import BAD_CHARS
from charter.answersfile.read import Lines
from charter.clauses.references import Citation, parse_citations
from charter.errors import Problem, TemplateError
from charter.model.suggest import did_you_mean
from charter.resources import builtin_dir

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

FRONT_MATTER_KEYS = ("id", "title", "order", "when", "part", "page_break", "references")

PARTS = ("article", "annex")

DEFAULT_ORDER = 500
MAX_CLAUSE_BYTES = 256 << 10  # 256 KiB: the longest built-in clause is about 5 KiB

MAX_CLAUSE_FILES = 300  # entries in one language folder of a library (the built-in one has 29 clauses)

MAX_FRONT_MATTER_NODES = 1_000  # values in a clause's front matter (7 keys, a list of references)


class Clause(NamedTuple):
    """One clause file, read and checked (a named tuple: cheaper to import, see charter.blocks)."""

    id: str
    title: str
    path: Path
    source: str  # the body, front matter blanked out so that line numbers match the file
    order: int = DEFAULT_ORDER
    when: str | None = None
    when_line: int = 1
    part: str = "article"
    page_break: bool = False
    builtin: bool = True
    references: tuple[Citation, ...] = ()  # the legal references it relies on (charter.clauses.references)


def read_clause(path: Path, *, builtin: bool, problems: list[Problem]) -> Clause | None:
    """One clause file, or None with its problems appended.

    Only a regular file of at most MAX_CLAUSE_BYTES is read, and its front matter goes through the
    strict YAML reader (no aliases, bounded size): a custom library may come from anyone.
    """
    from charter.resources import Refused, read_limited

    try:
        text = read_limited(path, MAX_CLAUSE_BYTES, "a clause file").decode("utf-8")
    except UnicodeDecodeError:
        problems.append(Problem.in_file(path, "not UTF-8 text."))
        return None
    except Refused as exc:
        problems.append(Problem.in_file(path, str(exc)))
        return None
    except OSError as exc:
        problems.append(Problem.in_file(path, f"cannot be read ({exc.strerror})."))
        return None
    found, issues = _parse_clause(str(path), builtin, text)
    problems.extend(issues)
    return found


@lru_cache(maxsize=1024)
def _parse_clause(where: str, builtin: bool, text: str) -> tuple[Clause | None, tuple[Problem, ...]]:
    """A clause file's text, checked: once per process for the same text (a batch reads each clause
    file again, but parses it once; an edited file is a new text, so it is parsed afresh)."""
    path = Path(where)
    problems: list[Problem] = []
    clause = _checked_clause(path, builtin, text, problems)
    return clause, tuple(problems)


def _checked_clause(path: Path, builtin: bool, text: str, problems: list[Problem]) -> Clause | None:
    from charter.resources import (
        MISSING,
        StrictYAMLError,
        keep_yaml,
        kept_path,
        load_strict_yaml,
        recall_yaml,
    )

    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.append(
            Problem.in_file(path, "a clause file starts with front matter between two `---` lines.", 1)
        )
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.append(Problem.in_file(path, "the front matter is never closed by a `---` line.", 1))
        return None
    front = "".join(lines[1:end])
    path_kept = kept_path(front, f"strict-{MAX_FRONT_MATTER_NODES}")
    kept = recall_yaml(path_kept)  # parsed in an earlier run: the values, and the lines of the keys
    if isinstance(kept, tuple) and len(kept) == 3 and all(isinstance(part, dict) for part in kept):
        return _clause_of(path, builtin, lines, end, *kept, problems)
    try:
        document = load_strict_yaml(front, max_nodes=MAX_FRONT_MATTER_NODES)
    except StrictYAMLError as exc:
        line = exc.line + 1 if exc.line else 1
        problem = exc.problem.replace("this is not valid YAML", "the front matter is not valid YAML")
        problems.append(Problem.in_file(path, f"{problem}.", line))
        return None
    meta = document.data if document.data is not None else {}
    if not isinstance(meta, dict):
        problems.append(Problem.in_file(path, "the front matter must be a mapping (id: ..., title: ...).", 2))
        return None
    # The line of each top-level key, as the answers file's are found (the front matter starts on line 2).
    mapper = Lines(document.key)
    if document.node is not None:
        mapper.walk(document.node)
    key_lines = {str(path[0]): line + 1 for path, line in mapper.lines.items() if len(path) == 1}
    item_lines = {p[1]: line + 1 for p, line in mapper.lines.items() if len(p) == 2 and p[0] == "references"}
    if kept is MISSING:
        keep_yaml(path_kept, (meta, key_lines, item_lines))
    return _clause_of(path, builtin, lines, end, meta, key_lines, item_lines, problems)


def _clause_of(
    path: Path,
    builtin: bool,
    lines: list[str],
    end: int,
    meta: dict[Any, Any],
    key_lines: dict[str, int],
    item_lines: dict[Any, int],
    problems: list[Problem],
) -> Clause | None:
    """The clause of a checked front matter (``meta``; ``end``: the index of its closing line), or
    None with its problems appended, each at its key's line in ``key_lines``."""
    found = len(problems)

    def bad(key: str, message: str) -> None:
        problems.append(Problem.in_file(path, message, key_lines.get(key, 2)))

    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            hint = did_you_mean(str(key), FRONT_MATTER_KEYS)
            bad(
                str(key),
                f"unknown front-matter key {_shown(key)}.{hint} Valid keys: {', '.join(FRONT_MATTER_KEYS)}.",
            )
    ident = meta.get("id")
    if ident is None:
        bad("id", "the front matter needs an `id`.")
    elif not isinstance(ident, str) or not ID_PATTERN.match(ident):
        bad("id", f"id {_shown(ident)} must be lowercase letters, digits and _ (starting with a letter).")
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        bad("title", "the front matter needs a `title` (text).")
    elif BAD_CHARS.search(title) or "\n" in title.strip():
        bad("title", f"the title {_shown(title)} must be one line of text a Word document can hold.")
    order = meta.get("order", DEFAULT_ORDER)
    if isinstance(order, bool) or not isinstance(order, int):
        bad("order", f"order must be a whole number, got {_shown(order)}.")
    when = meta.get("when")
    if when is not None and not isinstance(when, str | bool):
        bad("when", f"when must be a condition written as text, got {_shown(when)}.")
    part = meta.get("part", "article")
    if part not in PARTS:
        bad("part", f"part must be one of {', '.join(PARTS)}, got {_shown(part)}.")
    page_break = meta.get("page_break", False)
    if not isinstance(page_break, bool):
        bad("page_break", f"page_break must be true or false, got {_shown(page_break)}.")
    shape: list[tuple[str, int]] = []
    references_line = key_lines.get("references", 2)
    citations = parse_citations(
        meta.get("references", []), lambda index: item_lines.get(index, references_line), shape
    )
    problems.extend(Problem.in_file(path, message, line) for message, line in shape)
    if len(problems) > found:
        return None
    assert isinstance(ident, str) and isinstance(title, str)  # checked above
    body = "\n" * (end + 1) + "".join(lines[end + 1 :])
    return Clause(
        id=ident,
        title=title.strip(),
        path=path,
        source=body,
        order=order,
        when=str(when).lower() if isinstance(when, bool) else when,
        when_line=key_lines.get("when", 2),
        part=part,
        page_break=page_break,
        builtin=builtin,
        references=citations,
    )


def _shown(value: Any) -> str:
    """A front-matter value quoted back in a message: printable, and short."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:60]}... ({len(text)} characters)"


def library_dirs(lang: str, custom: Path | None) -> list[tuple[Path, bool]]:
    dirs = [(builtin_dir() / "clauses" / lang, True)]
    if custom is not None:
        dirs.append((custom / lang, False))
    return dirs


def check_custom_dir(custom: Path) -> None:
    if not custom.is_dir():
        raise TemplateError(f"{custom}: no such folder of custom clauses.")
    if not any((custom / lang).is_dir() for lang in ("fr", "en")):
        raise TemplateError(
            f"{custom} holds no fr/ or en/ folder. A clause library keeps its clauses in "
            f"{custom}/fr/*.md and {custom}/en/*.md (run `charter templates eject` to start one)."
        )


def folder_entries(folder: Path) -> list[Path]:
    """The entries of a library folder, sorted; more than MAX_CLAUSE_FILES is a TemplateError.

    The folder is listed lazily and the listing stops at the limit, so a folder of a million
    files costs no more than one of MAX_CLAUSE_FILES.
    """
    import os

    entries: list[Path] = []
    count = 0
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                count += 1
                if count > MAX_CLAUSE_FILES:
                    raise TemplateError(
                        f"{folder} holds more than {MAX_CLAUSE_FILES} files; a clause library may hold at "
                        f"most {MAX_CLAUSE_FILES} per language. Is it the right folder?"
                    )
                if not entry.name.startswith("."):  # editors' lock and swap files
                    entries.append(Path(entry.path))
    except OSError as exc:
        raise TemplateError(f"{folder} cannot be read: {exc.strerror}.") from None
    return sorted(entries)


def read_folder(folder: Path, *, builtin: bool, problems: list[Problem]) -> dict[str, Clause]:
    """The clauses of one folder by id; bad files and duplicate ids are added to `problems`.

    The built-in library ships inside the package and does not change while a process runs: a batch
    reads it once. A user's folder is read again for every charter, so an edit is always seen.
    """
    if builtin:
        found, issues = _builtin_folder(folder)
        problems.extend(issues)
        return dict(found)
    return _read_folder(folder, builtin=False, problems=problems)


@lru_cache(maxsize=8)
def _builtin_folder(folder: Path) -> tuple[tuple[tuple[str, Clause], ...], tuple[Problem, ...]]:
    problems: list[Problem] = []
    clauses = _read_folder(folder, builtin=True, problems=problems)
    return tuple(clauses.items()), tuple(problems)


def _read_folder(folder: Path, *, builtin: bool, problems: list[Problem]) -> dict[str, Clause]:
    clauses: dict[str, Clause] = {}
    if not folder.is_dir():
        return clauses
    for path in folder_entries(folder):
        if path.suffix != ".md":
            continue
        clause = read_clause(path, builtin=builtin, problems=problems)
        if clause is None:
            continue
        if clause.id in clauses:
            problems.append(
                Problem.in_file(
                    path, f"duplicate id `{clause.id}`, already used by {clauses[clause.id].path}."
                )
            )
            continue
        clauses[clause.id] = clause
    return clauses


def load_library(lang: str, custom: Path | None = None) -> dict[str, Clause]:
    """Every clause for a language, the user's replacing built-in ones of the same id."""
    problems: list[Problem] = []
    clauses: dict[str, Clause] = {}
    for folder, builtin in library_dirs(lang, custom):
        clauses.update(read_folder(folder, builtin=builtin, problems=problems))
    if not problems:
        from charter.clauses.references import check_citations, load_references

        check_citations(clauses.values(), load_references(lang, custom), problems)
    if problems:
        raise TemplateError("The clause library has problems; nothing was written:", problems)
    return clauses
