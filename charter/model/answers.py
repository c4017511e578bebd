"""A checked answers file: every key present, every default applied, under the file's own names."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from charter.model.catalog import Network, catalog
from charter.model.dates import add_days, add_months, formalities_due
from charter.model.paths import get_path


def _no_line(path: tuple[Any, ...]) -> int | None:
    return None


class Answers(NamedTuple):
    """Checked answers (a named tuple rather than a dataclass: cheaper to import, see charter.blocks)."""

    data: dict[str, Any]
    warnings: list[str]  # what the user should know (a closing network, a missing CSE...)
    source: Path | None = None  # the file it was read from: custom clauses and references are relative to it
    name: str = "the answers"  # how messages name it: the file's path, or "the answers"
    line: Callable[[tuple[Any, ...]], int | None] = _no_line  # the line of a key in the file

    @property
    def language(self) -> str:
        return str(self.data["language"])

    def get(self, key: str) -> Any:
        return get_path(self.data, key)


CSE_THRESHOLD = 11  # French private employers: a comité social et économique from 11 employees (L. 2311-2)

CSE_WARNING = {
    "fr": (
        "avec {count} salariés et aucun représentant du personnel, l'organisation doit mettre en place un "
        "comité social et économique (CSE), obligatoire dans les entreprises d'au moins onze salariés "
        "(article L. 2311-2 du code du travail) ; son avis est requis pour adjoindre la charte au règlement "
        "intérieur et avant tout dispositif de contrôle de l'activité des salariés."
    ),
    "en": (
        "with {count} employees and no staff representatives, the organisation must set up a comité social "
        "et économique (CSE), mandatory in French firms of 11 or more employees (Code du travail, article "
        "L. 2311-2); its opinion is needed to add the charter to the internal rules and before any "
        "monitoring of staff."
    ),
}


ADOPTION_WARNING = {
    "fr": (
        "la charte complète le règlement intérieur : elle ne peut entrer en vigueur qu'un mois au moins "
        "après les formalités de dépôt et de publicité (article L. 1321-4 du code du travail), qu'il aurait "
        "fallu accomplir au plus tard le {last} pour une entrée en vigueur le {effective}. Accomplies "
        "aujourd'hui, elles permettent une entrée en vigueur le {earliest} au plus tôt : reportez "
        "charter.effective_date."
    ),
    "en": (
        "the policy is an addition to the French internal rules: it can only come into force a full "
        "month after the filing and posting formalities (Code du travail, article L1321-4), which had to "
        "be done by {last} for it to take effect on {effective}. Done today, they allow {earliest} at the "
        "earliest: move charter.effective_date."
    ),
}


def today() -> date:
    """The day terminal advice is given on (never printed in a charter: its bytes depend on the answers)."""
    return date.today()


def adoption_warning(data: dict[str, Any]) -> str | None:
    """A French private charter added to the internal rules whose effective date leaves less than the
    month after the formalities that L. 1321-4 requires (with the adoption plan's day of margin)."""
    effective = get_path(data, "charter.effective_date")
    if (
        get_path(data, "organisation.jurisdiction") != "FR"
        or get_path(data, "organisation.sector") == "public"
        or get_path(data, "governance.charter_form") != "internal_rules"
        or not isinstance(effective, date)
    ):
        return None
    now = today()
    last = formalities_due(effective)  # as the adoption plan says
    if not last < now < effective:
        return None
    lang = data.get("language", "en")
    from charter.model.types.scalars import DateType

    words = DateType().read_as
    return ADOPTION_WARNING.get(lang, ADOPTION_WARNING["en"]).format(
        last=words(last, lang),
        effective=words(effective, lang),
        earliest=words(add_months(add_days(now, 1), 1), lang),
    )


def _dated(network: Network, data: dict[str, Any]) -> dict[str, str]:
    """A network's warning as it stands on the charter's effective date (today without one)."""
    if network.warning_fact is None or not network.warning_before:
        return network.warning
    from charter.model.facts import fact_dates, reference_day

    effective = get_path(data, "charter.effective_date")
    day = reference_day(effective if isinstance(effective, date) else None)
    return network.warning if fact_dates()[network.warning_fact] <= day else network.warning_before


def lifecycle_warnings(data: dict[str, Any]) -> list[str]:
    """Warnings from the catalogue (closing or legacy networks, app bans that concern the organisation),
    and a French private employer of 11 or more with no staff representatives (a CSE is mandatory)."""
    lang = data.get("language", "en")
    jurisdiction = get_path(data, "organisation.jurisdiction")
    public = get_path(data, "organisation.sector") == "public"
    found = []
    ids = [p["id"] for p in data.get("platforms", [])] + list(data.get("enterprise_networks", []))
    for ident in ids:
        network = catalog()[ident]
        if not network.warning:
            continue
        if network.gov_device_ban and not (public and jurisdiction in network.gov_device_ban):
            continue
        found.append(_dated(network, data).get(lang, network.warning["en"]))
    count = get_path(data, "organisation.employees")
    if (
        jurisdiction == "FR"
        and not public
        and isinstance(count, int)
        and count >= CSE_THRESHOLD
        and not get_path(data, "organisation.works_council")
    ):
        found.append(CSE_WARNING.get(lang, CSE_WARNING["en"]).format(count=count))
    adoption = adoption_warning(data)
    if adoption:
        found.append(adoption)
    return found
