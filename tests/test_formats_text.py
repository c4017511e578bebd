"""The HTML page and the Markdown file: the same charter as the Word document, safe to publish.

Each output is read back the way its readers read it (html.parser for the page; markdown-it and
pandoc for the Markdown) and compared with the document model and with the .docx the Word writer
makes of the same spec.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from html.parser import HTMLParser
from itertools import pairwise
from typing import Any

import pytest
from conftest import EXAMPLES, ROOT
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from charter.answersfile.read import read_answers
from charter.blocks import (
    DocumentSpec,
    Heading,
    ListBlock,
    ListItem,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TitlePage,
)
from charter.compose import build_document
from charter.errors import OutputError
from charter.formats import write_html, write_markdown
from charter.formats.outline import heading_numbers, outline

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NAMES = sorted(p.parent.name for p in EXAMPLES.glob("*/answers.yml"))
HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> [lien](http://evil.example) **gras** _it_ "
    "`code` &amp; &#60; a|b \\ ~~barré~~ $x$ <!-- c --> <http://auto.example>"
)
HOSTILE_STARTS = [
    "# titre",
    "1. liste",
    "2) liste",
    "- liste",
    "+ liste",
    "* liste",
    "> citation",
    "===",
    "---",
    "    code",
    "```",
    "~~~",
    "<div>",
    "[ref]: http://x",
    "| a | b |",
]


# --------------------------------------------------------------------------------------------- specs
@cache
def example(name: str) -> DocumentSpec:
    answers = read_answers(EXAMPLES / name / "answers.yml")
    folder = answers.data["clauses"]["templates"]
    templates = (EXAMPLES / name / folder) if folder else None
    return build_document(answers, templates=templates, exclude=answers.data["clauses"]["exclude"])[0]


def runs(text: str, **flags: bool) -> tuple[Run, ...]:
    return (Run(text, **flags),)


def make_spec(
    *blocks: Any,
    organisation: str = "Northwind & Co",
    title: str = "Charter",
    lang: str = "en-GB",
    effective: date | None = date(2027, 1, 2),
) -> DocumentSpec:
    labels = {
        "version": "Version",
        "effective_date": "Effective date",
        "owner": "Owner",
        "to_be_set": "to be set",
    }
    if effective is not None:
        labels["effective_date_value"] = "2 January 2027"
    return DocumentSpec(
        title_page=TitlePage(organisation, title, "1.0", effective, "Head of People", labels),
        blocks=tuple(blocks),
        language_tag=lang,
        header_text=f"{organisation} – {title}",
        page_label="Page {page} of {pages}",
        contents_title="Contents",
        properties={"title": f"{title} – {organisation}"},
    )


SMALL = make_spec(
    Heading(1, runs("Purpose")),
    Paragraph((Run("Read "), Run("this", bold=True), Run(" and "), Run("that", italic=True), Run("."))),
    Heading(2, runs("Scope")),
    Heading(3, runs("People")),
    ListBlock(
        True,
        (
            ListItem(
                runs("first"), ListBlock(False, (ListItem(runs("inner a")), ListItem(runs("inner b"))), 1)
            ),
            ListItem((Run("second"), Run("", line_break=True), Run("line two"))),
        ),
    ),
    ListBlock(True, (ListItem(runs("another list")),)),
    Heading(3, runs("Tools")),
    Paragraph(runs("Quoted one"), quote=True),
    Paragraph(runs("Quoted two"), quote=True),
    Heading(1, runs("Accounts")),
    Heading(3, runs("A point under an article")),
    PageBreak(),
    Heading(1, runs("Annex A – Matrix"), numbered=False),
    Heading(2, runs("Sources"), numbered=False),
    Table(
        (runs("Platform"), runs("Owner", italic=True), runs("Rule")),
        (
            (runs("LinkedIn"), runs("HR | comms"), (Run("two"), Run("", line_break=True), Run("lines"))),
            (runs("Signature"),),
        ),
    ),
)


# A revision history: the blocks before the first article, printed between title page and contents.
FRONT = make_spec(
    Paragraph(runs("Revision history", bold=True)),
    Table(
        (runs("Version"), runs("Date"), runs("Changes")),
        ((runs("1.0"), runs("1 March 2027"), runs("First")),),
    ),
    Heading(1, runs("Purpose")),
    Heading(2, runs("Aims")),
    Paragraph(runs("Text.")),
)


# ---------------------------------------------------------------------------------------- HTML tree
VOID = {"meta", "br", "link", "img", "input", "hr", "wbr", "source"}
BLOCK = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "tr",
    "div",
    "ul",
    "ol",
    "table",
    "thead",
    "tbody",
    "blockquote",
    "header",
    "main",
    "nav",
    "dl",
    "body",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def iter(self, tag: str | None = None) -> list[Node]:
        found = [self] if tag is None or self.tag == tag else []
        for child in self.children:
            if isinstance(child, Node):
                found += child.iter(tag)
        return found

    def text(self, skip: frozenset[str] = frozenset()) -> str:
        """The text, a newline at each block boundary and <br>; elements of class in ``skip`` left out."""
        if self.attrs.get("class") in skip or self.tag in skip:
            return ""
        inner = "".join(c if isinstance(c, str) else c.text(skip) for c in self.children)
        if self.tag == "br":
            return "\n"
        return f"\n{inner}\n" if self.tag in BLOCK else inner


class TreeBuilder(HTMLParser):
    """A strict tree: every element closed, in order (the writer's output must be well formed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(data: bytes) -> tuple[Node, str | None]:
    builder = TreeBuilder()
    builder.feed(data.decode("utf-8"))
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements: " + ", ".join(
        n.tag for n in builder.stack[1:]
    )
    return builder.root, builder.doctype


def words(text: str) -> str:
    return " ".join(text.split())


def html_headings(root: Node) -> list[tuple[str, str | None, str, str]]:
    """(tag, id, number, text) of every heading, in document order."""
    found = []
    for node in root.iter():
        if re.fullmatch(r"h[1-6]", node.tag):
            numbers = [n for n in node.iter("span") if n.attrs.get("class") == "number"]
            number = words(numbers[0].text()) if numbers else ""
            found.append((node.tag, node.attrs.get("id"), number, words(node.text(frozenset({"number"})))))
    return found


# ------------------------------------------------------------------------------------- Word read back
@cache
def docx_body(name: str) -> tuple[list[str], list[str]]:
    return docx_read(example(name))


def docx_read(spec: DocumentSpec) -> tuple[list[str], list[str]]:
    """The body text of the spec's .docx, block by block, and its stored contents (TOC) entries."""
    import docx
    from docx.text.paragraph import Paragraph as DocxParagraph

    from charter.docx.writer import write_docx

    document = docx.Document(io.BytesIO(write_docx(spec).data))
    texts, toc = [], []
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            paragraph = DocxParagraph(child, document)
            style = paragraph.style.name.lower() if paragraph.style is not None else ""
            if style.startswith("toc"):
                if style != "toc heading":
                    toc.append(words(paragraph.text))
                continue
            texts.append(paragraph.text)
        elif child.tag == f"{W}tbl":
            texts += [DocxParagraph(p, document).text for p in child.iter(f"{W}p")]
    return texts, toc


# ---------------------------------------------------------------------------------------- Markdown
def md_tokens(text: str, *, html: bool = True) -> list[Any]:
    return MarkdownIt("commonmark", {"html": html}).enable("table").parse(text)


def md_headings(tokens: list[Any]) -> list[tuple[int, str]]:
    return [
        (int(t.tag[1]), inline_text(tokens[i + 1])) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]


def inline_text(token: Any) -> str:
    return "".join(
        c.content if c.type in ("text", "text_special") else "\n" if "break" in c.type else ""
        for c in token.children or []
    )


def pandoc(markdown: bytes) -> str:
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (.ci/run installs it)")
    done = subprocess.run(
        ["pandoc", "-f", "gfm", "-t", "html", "--wrap=none"], input=markdown, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


# ======================================================================================== the page
def test_the_page_says_its_language_title_and_title_page() -> None:
    data = write_html(example("fr-group"))
    root, doctype = parse_html(data)
    assert data.startswith(b"<!DOCTYPE html>\n") and doctype == "DOCTYPE html"
    (html,) = root.iter("html")
    assert html.attrs["lang"] == "fr-FR"
    assert [m.attrs.get("charset") for m in root.iter("meta") if "charset" in m.attrs] == ["utf-8"]
    assert any(m.attrs.get("name") == "viewport" for m in root.iter("meta"))
    (title,) = root.iter("title")
    assert title.text() == "Charte d'utilisation des réseaux sociaux – Groupe Altéa Industries"
    (header,) = root.iter("header")
    assert [words(n.text()) for n in header.iter("h1")] == ["Charte d'utilisation des réseaux sociaux"]
    assert words(header.iter("p")[0].text()) == "Groupe Altéa Industries"
    facts = [(words(d.iter("dt")[0].text()), words(d.iter("dd")[0].text())) for d in header.iter("div")]
    assert facts == [
        ("Version", "3.0"),
        ("Date d'entrée en vigueur", "1er mars 2027"),
        ("Responsable de la charte", "Direction de la communication"),
    ]
    assert write_html(make_spec(lang="en-US", effective=None)).count(b"<dd>to be set</dd>") == 1
    assert b'<html lang="en-US">' in write_html(make_spec(lang="en-US"))


@pytest.mark.parametrize("name", NAMES)
def test_every_heading_once_in_order_numbered_as_word_and_linked(name: str) -> None:
    spec = example(name)
    root, _ = parse_html(write_html(spec))
    headings = html_headings(root)
    assert headings[0][0] == "h1" and [h[0] for h in headings].count("h1") == 1
    (nav,) = root.iter("nav")
    (main,) = root.iter("main")
    body = html_headings(main)
    expected = [b.text for b in spec.blocks if isinstance(b, Heading)]
    assert [h[3] for h in body] == [words(t) for t in expected]
    # the numbers are those of Word's stored contents, whatever depth it lists
    _, toc = docx_body(name)
    labels = [f"{number} {text}".strip() for _, _, number, text in body]
    levels = [min(b.level, 3) for b in spec.blocks if isinstance(b, Heading)]
    assert toc and toc in [[t for t, lv in zip(labels, levels, strict=True) if lv <= d] for d in (1, 2, 3)]
    # no gap in the heading levels, ids unique, the contents link to every heading in order
    levels = [int(tag[1]) for tag, *_ in headings]
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
    ids = [h[1] for h in body]
    assert len(set(ids)) == len(ids) and all(ids)
    links = [a.attrs["href"] for a in nav.iter("a")]
    assert links == [f"#{i}" for i in ids]
    assert [words(a.text()) for a in nav.iter("a")] == [f"{h[2]} {h[3]}".strip() for h in body]
    assert body[0][1:3] == ("art-1", "1.")


@pytest.mark.parametrize("name", [*NAMES, "small", "hostile", "front"])
def test_the_page_text_is_the_word_documents(name: str) -> None:
    """Word for word what python-docx reads in the .docx body (contents, header and footer aside)."""
    spec = {"small": lambda: SMALL, "hostile": hostile_spec, "front": lambda: FRONT}.get(
        name, lambda: example(name)
    )()
    root, _ = parse_html(write_html(spec))
    (body,) = root.iter("body")
    page = body.text(frozenset({"nav", "number"}))
    texts, _ = docx_body(name) if name in NAMES else docx_read(spec)
    assert words(page) == words("\n".join(texts))


def test_numbers_and_anchors_follow_the_word_numbering() -> None:
    entries = outline(SMALL.blocks)
    assert [(e.number, e.anchor, e.depth) for e in entries] == [
        ("1.", "art-1", 1),
        ("1.1.", "art-1-1", 2),
        ("1.1.1.", "art-1-1-1", 3),
        ("1.1.2.", "art-1-1-2", 3),
        ("2.", "art-2", 1),
        ("2.1.1.", "art-2-1-1", 2),
        ("", "annex-1", 1),
        ("", "annex-1-1", 2),
    ]
    assert heading_numbers(SMALL.blocks) == [e.number for e in entries]
    from charter.docx.numbering import Level
    from charter.docx.numbering import heading_numbers as word_numbers

    levels = [Level(text="%1."), Level(text="%1.%2."), Level(text="%1.%2.%3."), *[Level()] * 6]
    assert word_numbers(SMALL.blocks, levels, {1: 0, 2: 1, 3: 2}) == heading_numbers(SMALL.blocks)
    root, _ = parse_html(write_html(SMALL))
    tags = [(tag, number) for tag, _, number, _ in html_headings(root.iter("main")[0])]
    assert tags == [
        ("h2", "1."),
        ("h3", "1.1."),
        ("h4", "1.1.1."),
        ("h4", "1.1.2."),
        ("h2", "2."),
        ("h3", "2.1.1."),
        ("h2", ""),
        ("h3", ""),
    ]


def test_lists_tables_quotes_and_emphasis_are_real_elements() -> None:
    root, _ = parse_html(write_html(SMALL))
    (main,) = root.iter("main")
    top = [n for n in main.children if isinstance(n, Node)]
    lists = [n for n in top if n.tag in ("ol", "ul")]
    assert [n.tag for n in lists] == ["ol", "ol"]
    first = lists[0].iter("li")[0]
    (inner,) = first.iter("ul")
    assert [words(li.text()) for li in inner.iter("li")] == ["inner a", "inner b"]
    assert "\n" in lists[0].iter("li")[3].text()  # "second" <br> "line two"
    (quote,) = main.iter("blockquote")
    assert [words(p.text()) for p in quote.iter("p")] == ["Quoted one", "Quoted two"]
    (table,) = main.iter("table")
    assert [(th.attrs, words(th.text())) for th in table.iter("th")] == [
        ({"scope": "col"}, "Platform"),
        ({"scope": "col"}, "Owner"),
        ({"scope": "col"}, "Rule"),
    ]
    assert [len(tr.iter("td")) for tr in table.iter("tbody")[0].iter("tr")] == [3, 3]
    assert [words(n.text()) for n in main.iter("strong")] == ["this"]
    assert [words(n.text()) for n in main.iter("em")] == ["that", "Owner"]
    annex = next(h for h in main.iter("h2") if "Annex" in h.text())
    assert annex.attrs.get("class") == "page-break"
    assert "break-before: page" in root.iter("style")[0].text()


def hostile_spec() -> DocumentSpec:
    return make_spec(
        Heading(1, runs("Règles " + HOSTILE)),
        Heading(2, runs("C# ##")),
        Paragraph(runs("#hashtag and C# stay # as typed")),
        Paragraph(runs(HOSTILE)),
        *(Paragraph(runs(start)) for start in HOSTILE_STARTS),
        Paragraph((Run("a"), Run("", line_break=True), Run("# not a heading\n- nor a list\n1. nor this"))),
        ListBlock(False, (ListItem(runs("- nested? " + HOSTILE)),)),
        Table((runs("a|b"), runs(HOSTILE)), ((runs("x\ny"), runs("| ---")),)),
        organisation="<script>alert('org')</script>",
        title='"><svg onload=alert(1)>',
    )


def test_hostile_text_comes_out_as_text_in_the_page() -> None:
    spec = hostile_spec()
    data = write_html(spec)
    root, _ = parse_html(data)
    tags = {n.tag for n in root.iter()}
    assert not tags & {"script", "img", "svg", "iframe", "object", "embed", "link", "a" + "rea"}
    assert b"<script" not in data.lower() and b"<svg" not in data.lower()
    for node in root.iter():
        for name, value in node.attrs.items():
            assert not name.startswith("on"), node
            assert name != "src", node
            if name == "href":
                assert value is not None and value.startswith("#"), value
    assert "url(" not in root.iter("style")[0].text() and "@import" not in root.iter("style")[0].text()
    (main,) = root.iter("main")
    assert words(HOSTILE) in words(main.text())
    assert words(root.iter("h1")[0].text()) == '"><svg onload=alert(1)>'
    assert "<script>alert('org')</script>" in root.iter("header")[0].text()
    assert root.iter("title")[0].text() == "\"><svg onload=alert(1)> – <script>alert('org')</script>"


def test_the_examples_load_nothing_and_run_nothing() -> None:
    for name in NAMES:
        data = write_html(example(name)).decode("utf-8")
        assert not re.search(r"<script|\son\w+=|\ssrc=|url\(|@import|<link|<iframe", data, re.I)
        assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', data))
        assert "http" not in data.split("<body>")[0]


def test_a_revision_history_comes_before_the_contents() -> None:
    root, _ = parse_html(write_html(FRONT))
    (body,) = root.iter("body")
    assert [n.tag for n in body.children if isinstance(n, Node)] == ["header", "section", "nav", "main"]
    (section,) = body.iter("section")
    assert len(section.iter("table")) == 1 and not root.iter("main")[0].iter("table")
    assert words(section.iter("p")[0].text()) == "Revision history"
    text = write_markdown(FRONT).decode("utf-8")
    assert (
        text.index("**Revision history**")
        < text.index("| Version | Date | Changes |")
        < text.index("## Contents")
    )
    assert text.index("## Contents") < text.index("## 1. Purpose")


def test_the_contents_can_stop_at_the_articles() -> None:
    root, _ = parse_html(write_html(SMALL, contents_depth=1))
    (nav,) = root.iter("nav")
    assert [words(a.text()) for a in nav.iter("a")] == ["1. Purpose", "2. Accounts", "Annex A – Matrix"]
    assert len(nav.iter("ol")) == 1
    tokens = md_tokens(write_markdown(SMALL, contents_depth=2).decode("utf-8"))
    close = next(i for i, t in enumerate(tokens) if t.type == "bullet_list_close" and t.level == 0)
    links = [
        inline_text(t) for t in tokens[:close] if t.type == "inline" and t.children[0].type == "link_open"
    ]
    assert links == ["1. Purpose", "1.1. Scope", "2. Accounts", "Annex A – Matrix", "Sources"]


def test_control_characters_are_refused() -> None:
    spec = make_spec(Paragraph(runs("bell \x07 here")))
    for write in (write_html, write_markdown):
        with pytest.raises(OutputError, match="U\\+0007"):
            write(spec)


@pytest.mark.parametrize("write", [write_html, write_markdown])
def test_same_spec_same_bytes(write: Any) -> None:
    spec = example("fr-group")
    assert write(spec) == write(example("fr-group")) == write(spec)
    assert write(spec).endswith(b"\n") and not write(spec).endswith(b"\n\n")


def test_the_bytes_do_not_depend_on_the_process() -> None:
    """Another process, another hash seed: the same bytes (no set or dict order leaks out)."""
    code = (
        "import hashlib, sys; sys.path.insert(0, 'tests'); from test_formats_text import example;"
        "from charter.formats import write_html, write_markdown; s = example('fr-group');"
        "print(hashlib.sha256(write_html(s) + write_markdown(s)).hexdigest())"
    )
    found = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        found.append(done.stdout.strip())
    assert len(found[0]) == 64 and found[0] == found[1]


# ===================================================================================== the Markdown
@pytest.mark.parametrize("name", NAMES)
def test_markdown_headings_are_the_pages(name: str) -> None:
    spec = example(name)
    markdown = write_markdown(spec)
    tokens = md_tokens(markdown.decode("utf-8"))
    assert not [t for t in tokens if t.type == "html_block"]
    headings = md_headings(tokens)
    root, _ = parse_html(write_html(spec))
    page = [(int(tag[1]), f"{number} {text}".strip()) for tag, _, number, text in html_headings(root)]
    assert headings == page  # title, contents, then every heading with its number, same levels


def test_markdown_title_block_and_contents() -> None:
    spec = example("fr-group")
    page = spec.title_page
    text = write_markdown(spec).decode("utf-8")
    date_label = page.labels["effective_date"].replace("*", "\\*")
    assert text.startswith(
        f"Groupe Altéa Industries\n\n# {page.title}\n\n"
        f"**Version**\u00a0: 3.0\\\n**{date_label}**\u00a0: 1er mars 2027\\\n"
    )
    h = [b.text for b in spec.blocks if isinstance(b, Heading)]
    assert (
        f"\n## Sommaire\n\n- [1. {h[0]}](#1-objet)\n- [2. {h[1]}](#2-lessentiel)\n"
        f"  - [2.1. {h[2]}](#21-à-faire)\n" in text
    )
    annex = next(t for t in h if t.startswith("Annexe A"))
    assert "\n## 4. Cadre juridique\n" in text and f"\n## {annex}\n" in text
    assert (
        write_markdown(make_spec()).decode().startswith("Northwind & Co\n\n# Charter\n\n**Version**: 1.0\\\n")
    )


@pytest.mark.parametrize("name", ["fr-group", "uk-midsize"])
def test_pandoc_finds_every_contents_link_and_the_tables(name: str) -> None:
    spec = example(name)
    markdown = write_markdown(spec)
    html = pandoc(markdown)
    ids = re.findall(r'<h[1-6] id="([^"]*)"', html)
    links = re.findall(r'<a href="#([^"]*)"', html)
    count = sum(isinstance(b, Heading) for b in spec.blocks)
    assert len(ids) == count + 2 and len(set(ids)) == len(ids)
    assert links == ids[2:]  # the contents link to every heading after the title and "contents"
    tables = [b for b in spec.blocks if isinstance(b, Table)]
    assert html.count("<table>") == len(tables)
    first = re.findall(r"<th[^>]*>(.*?)</th>", html)[: len(tables[0].header)]
    assert first == ["".join(r.text for r in cell) for cell in tables[0].header]


def test_markdown_lists_nest_and_stay_apart() -> None:
    tokens = md_tokens(write_markdown(SMALL).decode("utf-8"))
    opened = [(t.type, t.level) for t in tokens if t.type.endswith("list_open")]
    # the ordered list, the bullets nested in its first item, then the second ordered list (not merged)
    body = opened[-3:]
    assert [k for k, _ in body] == ["ordered_list_open", "bullet_list_open", "ordered_list_open"]
    assert body[1][1] > body[0][1] and body[2][1] == body[0][1]
    items = [
        inline_text(tokens[i + 2])
        for i, t in enumerate(tokens)
        if t.type == "list_item_open" and tokens[i + 2].type == "inline"
    ]
    assert items[-5:] == ["first", "inner a", "inner b", "second\nline two", "another list"]
    quotes = [t for t in tokens if t.type == "blockquote_open"]
    assert len(quotes) == 1
    strong = [
        tokens[i + 1]
        for i, t in enumerate(tokens)
        if t.type == "inline" and any(c.type == "strong_open" for c in t.children)
    ]
    assert strong  # **this**


def test_markdown_tables_keep_their_cells() -> None:
    text = write_markdown(SMALL).decode("utf-8")
    tokens = md_tokens(text)
    cells = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type in ("th_open", "td_open")]
    assert cells == ["Platform", "Owner", "Rule", "LinkedIn", "HR | comms", "two lines", "Signature", "", ""]
    assert "| LinkedIn | HR \\| comms | two lines |" in text


def test_hostile_text_comes_out_as_text_in_the_markdown() -> None:
    spec = hostile_spec()
    text = write_markdown(spec).decode("utf-8")
    tokens = md_tokens(text)
    # the title-page labels are bold, the contents entry is a link: what follows is the user's text
    body = tokens[next(i for i, t in enumerate(tokens) if t.type == "bullet_list_close") :]
    kinds = {t.type for t in body} | {c.type for t in body for c in t.children or []}
    markup = {"html_block", "html_inline", "code_block", "fence", "code_inline", "hr", "blockquote_open"}
    assert not kinds & (markup | {"link_open", "image", "s_open", "em_open", "strong_open", "table_open"}) - {
        "table_open"
    }
    assert not {c.type for t in tokens for c in t.children or []} & markup
    inlines = [inline_text(t) for t in tokens if t.type == "inline"]
    assert "Règles " + HOSTILE in " ".join(inlines)
    assert HOSTILE in inlines
    for start in HOSTILE_STARTS:
        assert start.strip() in inlines, start
    assert "a\n# not a heading\n- nor a list\n1. nor this" in inlines
    # the contents (an article, its sub-article nested) and the one list of the body
    assert [t.type for t in tokens if t.type.endswith("list_open")] == ["bullet_list_open"] * 3
    assert "- nested? " + HOSTILE in inlines
    cells = [inline_text(tokens[i + 1]) for i, t in enumerate(tokens) if t.type in ("th_open", "td_open")]
    assert cells == ["a|b", HOSTILE, "x y", "| ---"]
    assert md_headings(tokens)[0] == (1, '"><svg onload=alert(1)>')
    assert (3, "1.1. C# ##") in md_headings(tokens) and "\n### 1.1. C\\# \\#\\#\n" in text
    assert "#hashtag and C# stay # as typed" in inlines and "\n\\#hashtag and C# stay # as typed\n" in text
    html = pandoc(text.encode("utf-8"))
    assert "<script" not in html and "<img" not in html and "<svg" not in html and "<del>" not in html
    assert html.count("<table>") == 1 and html.count("<h2") == 2 and "<code>" not in html


def test_a_heading_s_anchor_is_the_same_with_a_non_breaking_space() -> None:
    spec = make_spec(Heading(2, runs("Mention « mes propos »")), Heading(1, runs("Été\u00a0: bilan")))
    text = write_markdown(spec)
    html = pandoc(text)
    assert re.findall(r'<h[1-6] id="([^"]*)"', html)[2:] == re.findall(r'<a href="#([^"]*)"', html)


TEXT = st.text(
    alphabet=st.sampled_from([*"ab1. -*_#>[]()`!|\\<&;~$=+:\n\t", "é", "«", "\u00a0"]), max_size=12
)
RUN = st.builds(
    Run, TEXT, st.booleans(), st.booleans(), line_break=st.just(False), superscript=st.just(False)
)


def merged(runs: list[Run]) -> list[tuple[str, bool, bool]]:
    out: list[tuple[str, bool, bool]] = []
    for run in runs:
        if out and out[-1][1:] == (run.bold, run.italic):
            out[-1] = (out[-1][0] + run.text, run.bold, run.italic)
        elif run.text:
            out.append((run.text, run.bold, run.italic))
    return out


def read_inline(token: Any) -> list[Run]:
    found, bold, italic = [], False, False
    for child in token.children or []:
        if child.type in ("strong_open", "strong_close"):
            bold = not bold
        elif child.type in ("em_open", "em_close"):
            italic = not italic
        elif child.type in ("text", "text_special"):
            if child.content:
                found.append(Run(child.content, bold, italic))
        elif child.type == "hardbreak":
            found.append(Run("\n"))
        else:
            raise AssertionError(f"{child.type} in {token.content!r}")
    return found


@given(st.lists(RUN, min_size=1, max_size=5))
def test_any_paragraph_reads_back_as_its_text(runs_: list[Run]) -> None:
    """Whatever the runs, the paragraph reads back as the same text; each character's emphasis kept
    or, where CommonMark cannot say it, dropped, never spilling onto another character."""
    chars = [(" " if c == "\t" else c, (r.bold, r.italic)) for r in runs_ for c in r.text]
    lines_: list[list[tuple[str, tuple[bool, bool]]]] = [[]]
    for char, flags in chars:
        if char == "\n":
            lines_.append([])
        else:
            lines_[-1].append((char, flags))
    kept = []
    for line in lines_:
        text = "".join(c for c, _ in line)
        begin = len(text) - len(text.lstrip())
        kept.append(line[begin : begin + len(text.strip())])
    while kept and not kept[-1]:
        kept.pop()
    while kept and not kept[0]:
        kept.pop(0)
    expected = [item for line in kept for item in [*line, ("\n", (False, False))]][:-1]
    markdown = write_markdown(make_spec(Heading(1, runs("x")), Paragraph(tuple(runs_))))
    tokens = md_tokens(markdown.decode("utf-8"))
    after = [i for i, t in enumerate(tokens) if t.type == "heading_close"][-1]
    rest = [t for t in tokens[after + 1 :] if t.type == "inline"]
    if not expected:
        assert rest == []
        return
    (token,) = rest
    back = [(c, (r.bold, r.italic)) for r in read_inline(token) for c in r.text]
    assert "".join(c for c, _ in back) == "".join(c for c, _ in expected)
    for (char, (bold, italic)), (_, (was_bold, was_italic)) in zip(back, expected, strict=True):
        assert bold <= was_bold and italic <= was_italic, (char, back, expected)
