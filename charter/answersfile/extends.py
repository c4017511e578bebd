"""`extends: ../group.yml` in an answers file: every key the file does not set comes from that file.

A group writes its policy once and each entity only what differs. The chain is followed (a parent
may extend another file) up to :data:`MAX_EXTENDS` files; a loop, a missing file or a parent that
is not an answers file is an error naming both files. A group's keys (organisation, governance,
charter, clauses) are merged key by key; any other value (a list, say) is taken whole from the
nearest file that sets it. The folders a parent names (`clauses.templates`, `clauses.reference_doc`)
stay relative to that parent.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from charter.errors import AnswersError
from charter.model.site import printable, shown

if TYPE_CHECKING:
    from charter.answersfile.read import Chain, Lines

#: The most files a chain of extends may hold, the first one included.
MAX_EXTENDS = 10
#: Keys whose value is a path relative to the answers file that gives it.
_RELATIVE = (("clauses", "templates"), ("clauses", "reference_doc"))

Origin = Callable[[tuple[Any, ...]], "tuple[str, Lines] | None"]


def with_parents(
    data: dict[str, Any],
    lines: Lines,
    name: str,
    source: Path | None,
    *,
    load: Callable[[str, str], tuple[Any, Lines]],
    read: Callable[[Path, str, str], str],
) -> tuple[dict[str, Any], Chain]:
    """The answers of ``data`` with every key it does not set taken from the files it extends, and
    the lookups that find each inherited key's line in its own file."""
    from charter.answersfile.read import Chain

    seen = [(_real(source), name)] if source is not None else []
    merged, origin = _resolve(data, lines, name, source, seen, load, read)
    return merged, Chain(lines, origin)


def _real(path: Path) -> str:
    return os.path.realpath(path)


def _resolve(
    data: dict[str, Any],
    lines: Lines,
    name: str,
    source: Path | None,
    seen: list[tuple[str, str]],
    load: Callable[[str, str], tuple[Any, Lines]],
    read: Callable[[Path, str, str], str],
) -> tuple[dict[str, Any], Origin]:
    own = {key: value for key, value in data.items() if key != "extends"}
    if "extends" not in data:
        return own, lambda path: None
    target = data["extends"]
    where = f"{name}, line {lines.line(('extends',))}"
    if not isinstance(target, str) or not target.strip():
        raise AnswersError(
            f"{where}: extends: expected the path of another answers file (extends: ../group.yml), "
            f"got {shown(target)}."
        )
    parent = Path(target.strip()).expanduser()
    if not parent.is_absolute():
        parent = (source.parent if source is not None else Path.cwd()) / parent
    parent_name = str(parent)
    real = _real(parent)
    if any(earlier == real for earlier, _ in seen):
        chain = " -> ".join(printable(n) for n in [*(n for _, n in seen), parent_name])
        raise AnswersError(
            f"{where}: {name} extends {printable(parent_name)}, which is already in the chain ({chain}): "
            "a loop of extends. Remove one of them."
        )
    if len(seen) >= MAX_EXTENDS:
        raise AnswersError(
            f"{where}: {name} extends {printable(parent_name)}, but a chain of extends may hold at most "
            f"{MAX_EXTENDS} files."
        )
    text = read(
        parent,
        parent_name,
        f"{where}: {name} extends {printable(parent_name)}, which does not exist. "
        "Give the path of an answers file, relative to the file that names it.",
    )
    parent_data, parent_lines = load(text, parent_name)
    if parent_lines.duplicates:
        path, line = parent_lines.duplicates[0]
        raise AnswersError(
            f"{parent_name}, line {line}: {'.'.join(map(str, path))}: this key is given twice."
        )
    if not isinstance(parent_data, dict):
        raise AnswersError(
            f"{parent_name} (extended by {name}): expected a mapping of keys, got {shown(parent_data)}."
        )
    inherited, grand = _resolve(
        parent_data, parent_lines, parent_name, parent, [*seen, (real, parent_name)], load, read
    )
    _rebase(inherited, parent_data, parent)
    merged, mine = _inherit(own, inherited)

    def origin(path: tuple[Any, ...]) -> tuple[str, Lines] | None:
        if mine(path):
            return None
        return grand(path) or (parent_name, parent_lines)

    return merged, origin


def _rebase(data: dict[str, Any], own: dict[str, Any], folder_of: Path) -> None:
    """The relative folders a parent itself names, made relative to where it lives."""
    for group, key in _RELATIVE:
        value = own.get(group, {}).get(key) if isinstance(own.get(group), dict) else None
        if isinstance(value, str) and value.strip() and not Path(value).expanduser().is_absolute():
            data[group] = {**data[group], key: str(folder_of.parent / value)}


def _inherit(
    own: dict[str, Any], parent: dict[str, Any]
) -> tuple[dict[str, Any], Callable[[tuple[Any, ...]], bool]]:
    """``own`` over ``parent``, group by group; and whether a key path holds a value of ``own``."""
    merged = dict(parent)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value

    def mine(path: tuple[Any, ...]) -> bool:
        if not path:
            return True
        if path[0] not in own:
            return False
        value = own[path[0]]
        if len(path) > 1 and isinstance(value, dict) and isinstance(parent.get(path[0]), dict):
            return path[1] in value
        return True

    return merged, mine
