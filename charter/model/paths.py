"""Dotted key paths into nested answers (`governance.approval`): the one implementation."""

from __future__ import annotations

from typing import Any

MISSING: Any = object()  # get_path's answer for an absent key (None is a value: `key: null`)


def get_path(data: Any, key: str, default: Any = None) -> Any:
    node = data
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def has_path(data: Any, key: str) -> bool:
    return get_path(data, key, MISSING) is not MISSING


def set_path(data: dict[str, Any], key: str, value: Any) -> None:
    *parents, last = key.split(".")
    node = data
    for part in parents:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[last] = value


def del_path(data: dict[str, Any], key: str) -> None:
    *parents, last = key.split(".")
    node: Any = data
    for part in parents:
        node = node.get(part) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(last, None)


def dotted(path: tuple[Any, ...]) -> str:
    """('platforms', 0, 'id') -> 'platforms[0].id', as error messages name a key."""
    out = ""
    for part in path:
        index = isinstance(part, int) and not isinstance(part, bool)
        out += f"[{part}]" if index else (f".{part}" if out else str(part))
    return out
