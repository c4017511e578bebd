"""What the interview takes from its surroundings: the locale, the terminal, the state folder."""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from pathlib import Path


def system_language() -> str:
    """fr when the locale says French (LC_ALL, then LC_MESSAGES, then LANG), en otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def has_terminal() -> bool:
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stdin at all, or a closed one
        return False


def state_dir() -> Path:
    """$CHARTER_STATE_DIR, else $XDG_STATE_HOME/charter, else ~/.local/state/charter."""
    if os.environ.get("CHARTER_STATE_DIR"):
        return Path(os.environ["CHARTER_STATE_DIR"])
    if os.environ.get("XDG_STATE_HOME"):
        return Path(os.environ["XDG_STATE_HOME"]) / "charter"
    return Path.home() / ".local" / "state" / "charter"


def slug(name: str) -> str:
    """A file-name stem: "Acme Industries & Fils" -> "acme-industries-fils" ("charter" if nothing is left)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-") or "charter"
