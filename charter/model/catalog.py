"""The network catalogue, read from `templates/catalog.yml`: names, old names, kind and lifecycle."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from charter.resources import load_yaml


class Network(NamedTuple):
    """A public platform or an enterprise network from the catalogue (a named tuple: cheap to import)."""

    id: str
    kind: str  # public | enterprise
    name: str
    aliases: tuple[str, ...]
    status: str  # active | legacy | closing | closed
    warning: dict[str, str]
    reason: dict[str, str]
    help: dict[str, str]
    gov_device_ban: tuple[str, ...]
    warning_fact: str | None  # a fact of templates/facts.yml: before its date, warning_before applies
    warning_before: dict[str, str]


@cache
def catalog() -> dict[str, Network]:
    data = load_yaml("catalog.yml")
    assert isinstance(data, dict)
    return {
        key: Network(
            id=key,
            kind=spec["kind"],
            name=spec["name"],
            aliases=tuple(spec.get("aliases", ())),
            status=spec.get("status", "active"),
            warning=spec.get("warning", {}),
            reason=spec.get("reason", {}),
            help=spec.get("help", {}),
            gov_device_ban=tuple(spec.get("gov_device_ban", ())),
            warning_fact=spec.get("warning_fact"),
            warning_before=spec.get("warning_before", {}),
        )
        for key, spec in data.items()
    }


def aliases() -> dict[str, str]:
    """Old names that still work (`twitter` -> `x`, `yammer` -> `viva_engage`)."""
    return {alias: n.id for n in catalog().values() for alias in n.aliases}


def networks_of_kind(kind: str) -> list[Network]:
    return [n for n in catalog().values() if n.kind == kind]
