"""The charter as one self-contained, accessible HTML page (for an intranet, or to print).

Same words as the Word document: the title page, the contents (as links), the numbered articles, the
annexes, lists, quotations and tables. Everything a user typed is escaped, and the page loads
nothing: no script, no stylesheet or font from elsewhere, no event attribute, so it can be published
as it is. The bytes depend on the spec only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape

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
from charter.typography import raised

#: Readable on a screen, sober on paper: the title page and the contents each on their own page,
#: a page break wherever the Word document has one (before the annexes), headings kept with their text.
STYLE = """\
:root { color-scheme: light; }
body { margin: 0 auto; max-width: 46rem; padding: 2rem 1.25rem 4rem; color: #1a1a1a; background: #fff;
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.title-page { margin: 3rem 0 4rem; }
.organisation { font-size: 1.25rem; color: #444; margin: 0 0 .5rem; }
h1 { font-size: 2.1rem; line-height: 1.2; margin: 0 0 2rem; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 .75rem; }
h3 { font-size: 1.2rem; margin: 2rem 0 .5rem; }
h4 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
.number { font-variant-numeric: tabular-nums; margin-right: .35em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.5rem; margin: 0; }
dl.facts div { display: contents; }
dt { font-weight: bold; }
dd { margin: 0; }
nav ol { list-style: none; padding-left: 0; }
nav ol ol { padding-left: 1.5rem; }
nav li { margin: .2rem 0; }
a { color: #0b4f8a; }
blockquote { margin: 1rem 0; padding: .25rem 1rem; border-left: .25rem solid #bbb; color: #333;
  font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border: 1px solid #999; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td:empty { height: 2.5rem; }
li > ul, li > ol { margin: .25rem 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  header.title-page, section.front, nav { break-after: page; }
  .page-break { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  tr, blockquote { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"""


def write_html(spec: DocumentSpec, *, contents_depth: int = MAX_LEVEL) -> bytes:
    """The charter as a UTF-8 HTML page; the contents list heading levels 1 to ``contents_depth``.

    Raises OutputError when the text holds a control character.
    """
    check_text(spec, "The HTML page")
    entries = outline(spec.blocks)
    front, rest = split_front(spec.blocks)
    page = spec.title_page
    title = spec.properties.get("title") or " – ".join(t for t in (page.title, page.organisation) if t)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_attr(spec.language_tag)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_text(title)}</title>",
    ]
    for name, key in (("author", "author"), ("description", "subject"), ("keywords", "keywords")):
        if spec.properties.get(key):
            out.append(f'<meta name="{name}" content="{_attr(spec.properties[key])}">')
    out += [f"<style>\n{STYLE}</style>", "</head>", "<body>", *_title_page(spec)]
    if front:  # the revision history, between the title page and the contents as in the Word document
        out += ['<section class="front">', *_Body([]).blocks(front), "</section>"]
    out += _contents(spec, listed(entries, contents_depth))
    out += ["<main>", *_Body(entries).blocks(rest), "</main>", "</body>", "</html>", ""]
    return "\n".join(out).encode("utf-8")


def _attr(text: str) -> str:
    """An attribute value, for double quotes."""
    return escape(text, quote=True)


def _text(text: str) -> str:
    """Element text: &, < and > escaped (quotes need not be, and stay readable in the source)."""
    return escape(text, quote=False)


def inline(runs: Iterable[Run]) -> str:
    """Runs as escaped HTML: <strong>, <em>, <sup>, and <br> at each line break."""
    return "<br>".join("".join(_run(run) for run in line) for line in lines(runs))


def _run(run: Run) -> str:
    text = _text(run.text)
    if run.superscript:
        text = f"<sup>{text}</sup>"
    if run.italic:
        text = f"<em>{text}</em>"
    if run.bold:
        text = f"<strong>{text}</strong>"
    return text


def _title_page(spec: DocumentSpec) -> list[str]:
    """Organisation, title, then version, effective date and owner as a list of terms."""
    page = spec.title_page
    out = ['<header class="title-page">']
    if page.organisation:
        out.append(f'<p class="organisation">{_text(page.organisation)}</p>')
    out.append(f"<h1>{_text(page.title)}</h1>")
    facts = title_lines(spec)
    if facts:
        out.append('<dl class="facts">')
        french = spec.language_tag.startswith("fr")  # "1er mars 2027", the suffix raised as in Word
        for label, value in facts:
            runs = raised((Run(value),)) if french else (Run(value),)
            out.append(f"<div><dt>{_text(label)}</dt><dd>{inline(runs)}</dd></div>")
        out.append("</dl>")
    out.append("</header>")
    return out


def _number(entry: Entry) -> str:
    return f'<span class="number">{_text(entry.number)}</span> ' if entry.number else ""


def _contents(spec: DocumentSpec, entries: list[tuple[Entry, int]]) -> list[str]:
    """The contents as nested lists of links, one per heading listed, each to the heading's id."""
    out = ['<nav aria-labelledby="contents">', f'<h2 id="contents">{_text(spec.contents_title)}</h2>']
    depth = 0
    for entry, nesting in entries:
        if nesting > depth:
            out.append("<ol>")  # entries deepen one level at a time (see Entry.depth)
        else:
            out[-1] += "</li>"
            out += ["</ol></li>"] * (depth - nesting)
        depth = nesting
        text = inline(entry.heading.runs)
        out.append(f'<li><a href="#{entry.anchor}">{_number(entry)}{text}</a>')
    if depth:
        out[-1] += "</li>"
        out += ["</ol></li>"] * (depth - 1) + ["</ol>"]
    out.append("</nav>")
    return out


class _Body:
    """The blocks as HTML, with the page break of the Word document carried to the next element."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = iter(entries)
        self.page_break = False

    def _open(self, tag: str, attributes: str = "") -> str:
        if self.page_break:
            self.page_break = False
            attributes += ' class="page-break"'
        return f"<{tag}{attributes}>"

    def blocks(self, blocks: Iterable[Block]) -> Iterator[str]:
        quotes: list[Paragraph] = []
        for block in blocks:
            if isinstance(block, Paragraph) and block.quote:
                quotes.append(block)
                continue
            if quotes:
                yield self._quote(quotes)
                quotes = []
            if isinstance(block, Heading):
                entry = next(self.entries)
                tag = f"h{entry.depth + 1}"
                opening = self._open(tag, f' id="{entry.anchor}"')
                yield f"{opening}{_number(entry)}{inline(block.runs)}</{tag}>"
            elif isinstance(block, Paragraph):
                yield f"{self._open('p')}{inline(block.runs)}</p>"
            elif isinstance(block, ListBlock):
                yield self._list(block)
            elif isinstance(block, Table):
                yield from self._table(block)
            elif isinstance(block, PageBreak):
                self.page_break = True
            else:  # pragma: no cover - the Block union is closed
                raise CharterError(f"Unknown block {type(block).__name__}: this is a bug, please report it.")
        if quotes:
            yield self._quote(quotes)

    def _quote(self, paragraphs: list[Paragraph]) -> str:
        inner = "".join(f"<p>{inline(p.runs)}</p>" for p in paragraphs)
        return f"{self._open('blockquote')}{inner}</blockquote>"

    def _list(self, block: ListBlock) -> str:
        tag = "ol" if block.ordered else "ul"
        items = []
        for item in block.items:
            nested = "" if item.children is None else self._list(item.children)
            items.append(f"<li>{inline(item.runs)}{nested}</li>")
        return "\n".join([self._open(tag), *items, f"</{tag}>"])

    def _table(self, table: Table) -> Iterator[str]:
        rows = table_rows(table)
        if not rows:
            return
        yield self._open("table")
        yield (
            "<thead><tr>"
            + "".join(f'<th scope="col">{inline(cell)}</th>' for cell in rows[0])
            + "</tr></thead>"
        )
        yield "<tbody>"
        for row in rows[1:]:
            yield "<tr>" + "".join(f"<td>{inline(cell)}</td>" for cell in row) + "</tr>"
        yield "</tbody></table>"
