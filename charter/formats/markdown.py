"""The charter as one Markdown file: CommonMark with GFM tables, for a git forge, a wiki or pandoc.

Same words as the Word document, numbers written out ("## 3. Official accounts") since Markdown
cannot number headings, and contents as links to the anchors GitHub and pandoc give the headings.
Every text is escaped so that what a user typed prints as itself: it never becomes a heading, a
list, a link, a table cell break or raw HTML. The bytes depend on the spec only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import groupby, takewhile
from typing import Any

from charter.blocks import Block, DocumentSpec, Heading, ListBlock, PageBreak, Paragraph, Run, Table
from charter.errors import CharterError
from charter.formats.outline import (
    MAX_LEVEL,
    Entry,
    check_text,
    lines,
    listed,
    outline,
    split_front,
    table_rows,
    title_lines,
)

# Characters that are markup anywhere in a line (code, emphasis, links, raw HTML, table cells,
# strikethrough, math), and "&" where it would start an entity. (# only matters where a line starts,
# and at the end of a heading: see heading().)
_SPECIAL = re.compile(r"([\\`*_\[\]<|~$])|&(?=#?[0-9A-Za-z]+;)")
# Markup only at the start of a line: heading, quotation, bullet, setext underline, ordered list.
_LINE_START = re.compile(r"([#>+=-])|(\d+)([.)])")
_BOLD, _ITALIC = 1, 2


def write_markdown(spec: DocumentSpec, *, contents_depth: int = MAX_LEVEL) -> bytes:
    """The charter as UTF-8 Markdown ending with a newline; the contents list heading levels 1 to
    ``contents_depth``. Raises OutputError when the text holds a control character."""
    check_text(spec, "The Markdown file")
    entries = outline(spec.blocks)
    front, rest = split_front(spec.blocks)
    page = spec.title_page
    slugs = _Slugs()
    slugs.add(_heading_text([Run(page.title)]))
    slugs.add(_heading_text([Run(spec.contents_title)]))
    out: list[str] = []
    if page.organisation:
        out.append(paragraph([Run(page.organisation)]))
    out.append("# " + heading([Run(page.title)]))
    colon = "\u00a0: " if spec.language_tag.startswith("fr") else ": "
    facts = [[Run(label, bold=True), Run(colon + value)] for label, value in title_lines(spec)]
    if facts:
        out.append("\\\n".join(_line(fact) for fact in facts))
    out += _blocks(front, [])  # the revision history, before the contents as in the Word document
    out.append("## " + heading([Run(spec.contents_title)]))
    anchors = {entry.anchor: slugs.add(_heading_text(_numbered(entry))) for entry in entries}
    contents = []
    for entry, nesting in listed(entries, contents_depth):
        text = _line(_heading_runs(_numbered(entry)), start=False)
        link = f"[{text}](#{anchors[entry.anchor]})" if anchors[entry.anchor] else text
        contents.append("  " * (nesting - 1) + "- " + link)
    if contents:
        out.append("\n".join(contents))
    out += _blocks(rest, entries)
    return ("\n\n".join(part for part in out if part) + "\n").encode("utf-8")


# ------------------------------------------------------------------------------------- inline text
def escape(text: str, *, start: bool = False) -> str:
    """``text`` with every Markdown-special character backslash-escaped; ``start`` when it opens a
    line, where a quotation, list or underline marker would otherwise start a block."""
    escaped = _SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    if start:
        escaped = _LINE_START.sub(_escape_start, escaped, count=1) if _LINE_START.match(escaped) else escaped
    return escaped


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def _flags(run: Run) -> int:
    return (_BOLD if run.bold else 0) | (_ITALIC if run.italic else 0)


def _punctuation(char: str) -> bool:
    """Punctuation as CommonMark counts it when it decides whether * opens or closes (P and S)."""
    return unicodedata.category(char)[0] in "PS"


def _loose(char: str | None) -> bool:
    """Whether a delimiter next to ``char`` may open or close whatever the other side holds."""
    return char is None or char.isspace() or _punctuation(char)


def _chars(line: Sequence[Run]) -> tuple[str, list[int]]:
    """The text of a line without its outer spaces, and each character's flags, each emphasis moved
    off the spaces and punctuation at its edges where CommonMark would not see it open or close."""
    text = "".join(run.text for run in line)
    flags = [_flags(run) for run in line for _ in run.text]
    begin, end = len(text) - len(text.lstrip()), len(text.rstrip())
    text, flags = text[begin:end], flags[begin:end]
    for bit in (_BOLD, _ITALIC):
        index = 0
        while index < len(text):
            if not flags[index] & bit:
                index += 1
                continue
            stop = index
            while stop < len(text) and flags[stop] & bit:
                stop += 1
            first, last = index, stop
            while first < last and (
                text[first].isspace()
                or (_punctuation(text[first]) and not _loose(text[first - 1] if first else None))
            ):
                first += 1
            while last > first and (
                text[last - 1].isspace()
                or (_punctuation(text[last - 1]) and not _loose(text[last] if last < len(text) else None))
            ):
                last -= 1
            for position in [*range(index, first), *range(last, stop)]:
                flags[position] &= ~bit
            index = stop
    return text, flags


def _emphasised(segments: list[tuple[str, int]], italic: str, start: bool) -> str:
    """Segments as Markdown, bold as ** and italic as ``italic``, the inner emphasis closed first."""
    out: list[str] = []
    open_: list[int] = []  # the bits open, outermost first
    for index, (text, now) in enumerate([*segments, ("", 0)]):
        while any(not now & bit for bit in open_):
            out.append("**" if open_.pop() == _BOLD else italic)
        opening = [bit for bit in (_BOLD, _ITALIC) if now & bit and bit not in open_]
        # the emphasis that lasts longer opens first, so the shorter one is inside it
        opening.sort(key=lambda bit: -_span(segments, index, bit))
        for bit in opening:
            out.append("**" if bit == _BOLD else italic)
            open_.append(bit)
        out.append(escape(text, start=start and index == 0 and not now))
    return "".join(out)


def _span(segments: list[tuple[str, int]], index: int, bit: int) -> int:
    """How many characters from segment ``index`` on keep ``bit``."""
    return sum(len(text) for text, _ in takewhile(lambda segment: bool(segment[1] & bit), segments[index:]))


def _line(line: Sequence[Run], *, start: bool = True) -> str:
    """One line of runs as Markdown; ``start``: it opens a line of the file (see :func:`escape`).

    The emphasis is checked by parsing it back; when CommonMark would read it otherwise (two
    emphases touching, say), _ is tried for italic, then the text goes out without emphasis.
    """
    if not any(run.bold or run.italic for run in line):
        return escape("".join(run.text for run in line).strip(), start=start)
    text, flags = _chars(line)
    expected = _merged(text, flags)
    if len(expected) > 1 or (expected and expected[0][1]):
        for italic in ("*", "_"):
            rendered = _emphasised(expected, italic, start)
            if _read_back(rendered) == expected:
                return rendered
    return escape(text, start=start)


def _merged(text: str, flags: list[int]) -> list[tuple[str, int]]:
    """The text cut where its flags change: (text, flags) segments."""
    merged: list[tuple[str, int]] = []
    position = 0
    for flag, group in groupby(flags):
        size = len(list(group))
        merged.append((text[position : position + size], flag))
        position += size
    return merged


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def _read_back(rendered: str) -> list[tuple[str, int]]:
    """The text and emphasis CommonMark reads in one rendered line (markdown-it, as the clauses)."""
    text, flags, now = "", [], 0
    for token in _parser().parseInline(rendered)[0].children or []:
        if token.type in ("text", "text_special"):
            text += token.content
            flags += [now] * len(token.content)
        elif token.type in ("strong_open", "strong_close"):
            now ^= _BOLD
        elif token.type in ("em_open", "em_close"):
            now ^= _ITALIC
        else:
            return []  # anything else (a link, code, HTML) is not what was meant
    return _merged(text, flags)


def _text_lines(runs: Iterable[Run]) -> list[str]:
    """Runs as Markdown lines, to be joined by hard breaks; no empty line at either end."""
    found = [_line(line) for line in lines(runs)]
    while found and not found[-1]:
        found.pop()
    while found and not found[0]:
        found.pop(0)
    return found


def paragraph(runs: Iterable[Run], prefix: str = "") -> str:
    """A paragraph: its lines joined by backslash hard breaks, each after ``prefix``."""
    return ("\\\n" + prefix).join(_text_lines(runs))


# ---------------------------------------------------------------------------------------- headings
def _heading_runs(runs: Iterable[Run]) -> list[Run]:
    """A heading's runs on one line, every space a plain one: GitHub and pandoc make the same anchor
    of "a b" but not of "a\u00a0b"."""
    flat: list[Run] = []
    for line in lines(runs):
        if flat:
            flat.append(Run(" "))
        flat += [Run(re.sub(r"\s+", " ", run.text), run.bold, run.italic) for run in line]
    return flat


def _heading_text(runs: Iterable[Run]) -> str:
    return re.sub(r" +", " ", "".join(run.text for run in _heading_runs(runs))).strip()


def heading(runs: Iterable[Run]) -> str:
    """A heading's text: every # escaped, as a trailing one would close the heading and vanish (the
    rendered line holds no # of its own: emphasis is * or _)."""
    return _line(_heading_runs(runs), start=False).replace("#", "\\#")


def _numbered(entry: Entry) -> list[Run]:
    return [Run(entry.number + " "), *entry.heading.runs] if entry.number else list(entry.heading.runs)


class _Slugs:
    """The anchors GitHub and pandoc (gfm_auto_identifiers) give headings: lower case, letters,
    digits, _ and -, spaces as -, and -1, -2... after a repeated one."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def add(self, text: str) -> str:
        base = "".join(c if c.isalnum() or c in "_-" else "-" if c == " " else "" for c in text.lower())
        if not base:
            return ""
        slug, suffix = base, 0
        while slug in self.used:
            suffix += 1
            slug = f"{base}-{suffix}"
        self.used.add(slug)
        return slug


# ------------------------------------------------------------------------------------------ blocks
def _blocks(blocks: Sequence[Block], entries: list[Entry]) -> list[str]:
    """Each block as a Markdown chunk; quotations grouped, consecutive lists kept apart."""
    out: list[str] = []
    headings = iter(entries)
    quotes: list[str] = []
    previous: ListBlock | None = None
    alternate = False
    for block in blocks:
        if isinstance(block, Paragraph) and block.quote:
            quotes.append(paragraph(block.runs, "> "))
            previous = None
            continue
        if quotes:
            out.append("\n>\n".join("> " + q for q in quotes if q))
            quotes = []
        if isinstance(block, PageBreak):
            continue  # nothing to print; a list after it still changes marker
        if isinstance(block, Heading):
            entry = next(headings)
            out.append("#" * (entry.depth + 1) + " " + heading(_numbered(entry)))
        elif isinstance(block, Paragraph):
            out.append(paragraph(block.runs))
        elif isinstance(block, ListBlock):
            # Two lists in a row with the same marker would read as one: the second changes marker.
            alternate = previous is not None and previous.ordered == block.ordered and not alternate
            out.append("\n".join(_list(block, "", alternate)))
        elif isinstance(block, Table):
            out.append(_table(block))
        else:  # pragma: no cover - the Block union is closed
            raise CharterError(f"Unknown block {type(block).__name__}: this is a bug, please report it.")
        previous = block if isinstance(block, ListBlock) else None
    if quotes:
        out.append("\n>\n".join("> " + q for q in quotes if q))
    return out


def _list(block: ListBlock, indent: str, alternate: bool = False) -> list[str]:
    """A list, each item's later lines and nested list indented to the item's text."""
    out = []
    for number, item in enumerate(block.items, start=1):
        marker = (f"{number}" + (")" if alternate else ".")) if block.ordered else ("*" if alternate else "-")
        inner = indent + " " * (len(marker) + 1)
        text = paragraph(item.runs, inner)
        out.append(f"{indent}{marker} {text}".rstrip())
        if item.children is not None:
            out += _list(item.children, inner)
    return out


def _table(table: Table) -> str:
    """A GFM table: a line break in a cell becomes a space (a cell holds one line), | is escaped."""
    rows = table_rows(table)
    if not rows:
        return ""
    cells = [
        [" ".join(_line(line, start=False) for line in lines(cell)).strip() for cell in row] for row in rows
    ]
    out = ["|" + "|".join(f" {cell} " if cell else " " for cell in row) + "|" for row in cells]
    out.insert(1, "|" + "|".join(" --- " for _ in cells[0]) + "|")
    return "\n".join(out)
