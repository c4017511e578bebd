"""`python -m charter.devrender LANG ANSWERS.yml [TEMPLATES_DIR]`: print the rendered clause markup.

A tool for clause authors: it shows exactly what the Word writer will receive, clause by clause.
"""

from __future__ import annotations

import sys
from pathlib import Path

from charter.answers import read_answers
from charter.clauses import Renderer, load_library
from charter.errors import CharterError


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    lang, answers_path = argv[0], Path(argv[1])
    custom = Path(argv[2]) if len(argv) == 3 else None
    try:
        answers = read_answers(answers_path)
        answers.data["language"] = lang
        renderer = Renderer(load_library(lang, custom), answers)
        renderer.render_all()  # first under the time and memory bounds: a runaway clause stops here
        for clause in renderer.selected():
            print(f"===== {clause.id} ({clause.part}, order {clause.order}): {clause.title}")
            print(renderer.render(clause))
    except CharterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
