""" "Did you mean …?": the one place that suggests the closest valid word."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: object, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The option closest to ``word`` (same letters in another case first), or None."""
    if not isinstance(word, str) or len(word) > 60:  # a long value is no typo of a short key
        return None
    options = list(options)
    lowered = {o.lower(): o for o in options}
    if word.lower() in lowered:
        return lowered[word.lower()]
    import difflib  # only when a word is wrong: no run that goes well pays for it

    match = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
    return match[0] if match else None


def did_you_mean(word: object, options: Iterable[str], lang: str = "en") -> str:
    """' Did you mean "x"?' to append to a message, or an empty string."""
    match = closest(word, options)
    if match is None:
        return ""
    return f" Vouliez-vous dire « {match} » ?" if lang == "fr" else f' Did you mean "{match}"?'
