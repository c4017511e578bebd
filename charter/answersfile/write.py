"""Write an answers file: each question as a comment above its answer, in the interview's language."""

from __future__ import annotations

from typing import Any

from charter.model import questions
from charter.model.paths import MISSING, get_path
from charter.model.types import type_of

HEADER = {
    "en": "# Answers for charter, the social-media usage charter generator (format 1).\n"
    "# Each comment is the question answered below it. Edit freely, then run:\n"
    "#   charter generate THIS-FILE -o CHARTER.docx\n",
    "fr": "# Réponses pour charter, générateur de charte d'utilisation des réseaux sociaux (format 1).\n"
    "# Chaque commentaire est la question posée ; modifiez librement, puis lancez :\n"
    "#   charter generate CE-FICHIER -o CHARTE.docx\n",
}


def dump_answers(data: dict[str, Any], *, lang: str = "en") -> str:
    """The text of an answers file holding ``data``."""
    out = [HEADER[lang]]
    wording = (get_path(data, "organisation.sector"), get_path(data, "organisation.jurisdiction"))
    current_group: str | None = None
    # Questions grouped under their top-level key, in the order each key first appears: a question
    # added at the end of questions.yml still goes under its group, which YAML allows only once.
    ordered = sorted(questions.questionnaire().questions, key=_first_appearance())
    for q in ordered:
        value = get_path(data, q.key, MISSING)
        # An asked question answered with nothing stays visible as `key: null`; optional keys
        # the interview never asks (charter.title, clauses.*) appear only when set.
        if value is MISSING or (not q.ask and value in ([], None)):
            continue
        group = q.path[0] if len(q.path) == 2 else None
        indent = "  " if group else ""
        if group != current_group:
            out.append("")
            if group:
                out.append(f"{group}:")
            current_group = group
        elif not group:
            out.append("")
        if q.key != "format":
            prompt = q.wording("prompt", *wording)  # the words the interview asked it in
            out.append(f"{indent}# {prompt.get(lang, prompt['en'])}")
            if q.choices and q.type in ("choice", "multichoice"):
                out.append(f"{indent}# {' | '.join(q.choice_values())}")
        out.extend(type_of(q).dump(q, value, indent))
    return "\n".join(out).lstrip("\n").replace("\n\n\n", "\n\n") + "\n"


def _first_appearance() -> Any:
    firsts: dict[str, int] = {}
    for index, q in enumerate(questions.questionnaire().questions):
        firsts.setdefault(q.path[0], index)
    return lambda q: firsts[q.path[0]]
