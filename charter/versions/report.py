"""`charter diff` in words: plain text for a terminal, Markdown for a review ticket, one line for a
revision history entry. Every word comes from `templates/strings.yml`, in the charter's language."""

from __future__ import annotations

from pathlib import Path

from charter.clauses.context import strings
from charter.versions.compare import ArticleChange, Changes

#: The longest summary a revision history entry takes (the question's max_length).
MAX_SUMMARY = 300


def _words(changes: Changes) -> dict[str, str]:
    words = {key: str(value) for key, value in strings(changes.lang).items()}
    words[":"] = "\u00a0:" if changes.lang == "fr" else ":"  # French puts a no-break space before a colon
    return words


def _article(change: ArticleChange, words: dict[str, str]) -> str:
    moved = f" ({words['diff_moved'].format(number=change.was)})" if change.was else ""
    return f"{change.label}{moved}"


def as_text(changes: Changes) -> str:
    """The changes as a terminal shows them; "no change" when there is none."""
    words = _words(changes)
    versions = {"old": changes.old_version, "new": changes.new_version}
    if not changes.changed:
        return words["diff_no_change"].format(**versions) + "\n"
    lines = [words["diff_header"].format(**versions)]
    if changes.answers:
        lines += ["", f"{words['diff_answers']} ({len(changes.answers)}){words[':']}"]
        for answer in changes.answers:
            lines.append(f"  - {answer.question}")
            lines.append(f"      {words['diff_was']}{words[':']} {answer.old}")
            lines.append(f"      {words['diff_now']}{words[':']} {answer.new}")
    if changes.articles:
        lines += ["", f"{words['diff_articles']} ({len(changes.articles)}){words[':']}"]
        for change in changes.articles:
            lines.append(f"  {words['diff_' + change.kind]}{words[':']} {_article(change, words)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text safe in a Markdown table cell: pipes escaped, line breaks as spaces."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def as_markdown(changes: Changes) -> str:
    """The changes as Markdown: a heading, a table of the answers, a list of the articles."""
    words = _words(changes)
    versions = {"old": changes.old_version, "new": changes.new_version}
    if not changes.changed:
        return words["diff_no_change"].format(**versions) + "\n"
    lines = [f"## {_cell(words['diff_header'].format(**versions))}"]
    if changes.answers:
        lines += ["", f"### {words['diff_answers']}", ""]
        heads = (words["diff_question"], words["diff_was"].capitalize(), words["diff_now"].capitalize())
        lines.append("| " + " | ".join(heads) + " |")
        lines.append("|---|---|---|")
        for answer in changes.answers:
            lines.append(f"| {_cell(answer.question)} | {_cell(answer.old)} | {_cell(answer.new)} |")
    if changes.articles:
        lines += ["", f"### {words['diff_articles']}", ""]
        for change in changes.articles:
            label = _article(change, words).replace("*", "\\*").replace("_", "\\_")
            lines.append(f"- **{words['diff_' + change.kind]}**{words[':']} {label}")
    return "\n".join(lines) + "\n"


def summary(changes: Changes) -> str:
    """One line for a revision history entry: how many answers changed, then the articles by kind."""
    words = _words(changes)
    parts = []
    count = len(changes.answers)
    if count:
        key = "diff_summary_answer" if count == 1 else "diff_summary_answers"
        parts.append(words[key].format(count=count))
    for kind in ("added", "removed", "reworded"):
        labels = [c.label for c in changes.articles if c.kind == kind]
        if labels:
            parts.append(f"{words['diff_' + kind].lower()}{words[':']} {', '.join(labels)}")
    if not parts:
        return words["diff_no_change"].format(old=changes.old_version, new=changes.new_version)
    text = "; ".join(parts)
    return text if len(text) <= MAX_SUMMARY else text[: MAX_SUMMARY - 1].rstrip() + "…"


def diff_files(old_path: Path, new_path: Path, *, markdown: bool = False) -> tuple[str, bool, list[str]]:
    """`charter diff OLD NEW`: the changes in words (text or Markdown), whether there are any, and
    what was read and how long it took (for -v)."""
    import time

    from charter.answersfile.read import read_answers
    from charter.limits import bounded
    from charter.versions.compare import compare
    from charter.versions.documents import document_of

    start = time.perf_counter()
    old, new = read_answers(old_path), read_answers(new_path)
    details = [
        f"answers file: {path} (format 1, language {a.language})"
        for path, a in ((old_path, old), (new_path, new))
    ]
    with bounded():
        changes = compare(old, new, document_of(old), document_of(new))
    details.append(f"timings: reading and rendering {time.perf_counter() - start:.2f} s")
    return (as_markdown(changes) if markdown else as_text(changes)), changes.changed, details
