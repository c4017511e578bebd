"""Rebuild every example's charter (.docx, .pdf, .html, .md) and outline.txt after a deliberate change.

    python tools/regenerate_examples.py              # every example
    python tools/regenerate_examples.py fr-public    # only the examples named

Then review `git diff examples/*/outline.txt` before committing: the outline is the golden file.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from outline import outline  # noqa: E402

from charter import app  # noqa: E402

#: The formats each example is also published in, beside its .docx.
FORMATS = ("pdf", "html", "md")


def main() -> int:
    only = set(sys.argv[1:])  # example folder names; none: every example
    for answers in sorted((ROOT / "examples").glob("*/answers.yml")):
        if only and answers.parent.name not in only:
            continue
        output = answers.parent / "charter.docx"
        app.generate(answers_path=answers, output=output, force=True, layout=True)
        (answers.parent / "outline.txt").write_text(outline(output), encoding="utf-8")
        for other in FORMATS:
            app.generate(answers_path=answers, output=answers.parent / f"charter.{other}", force=True)
        print(f"rebuilt {output.relative_to(ROOT)} and its .{', .'.join(FORMATS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
