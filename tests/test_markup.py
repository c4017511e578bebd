"""The clause markup: what authors write and the blocks the Word writer receives."""

from __future__ import annotations

import pytest

from charter.blocks import Heading, ListBlock, Paragraph, Run, Table
from charter.markup import MarkupError, escape, parse


def test_every_construct_of_the_markup() -> None:
    blocks = parse(
        "A **bold** and *italic* line\ncontinued.\n\n## Sub-article\n\n### Point\n\n- one\n- two\n  1. nested\n\n"
        "1. first\n2. second\n\n| Platform | Owner |\n|---|---|\n| X | **Comms** |\n\n> my views are my own\n"
    )
    paragraph, sub, point, bullets, numbers, table, quote = blocks
    assert paragraph == Paragraph(
        (Run("A "), Run("bold", bold=True), Run(" and "), Run("italic", italic=True), Run(" line continued."))
    )
    assert sub == Heading(2, (Run("Sub-article"),)) and point == Heading(3, (Run("Point"),))
    assert isinstance(bullets, ListBlock) and not bullets.ordered
    assert bullets.items[1].children is not None and bullets.items[1].children.ordered
    assert bullets.items[1].children.depth == 1
    assert isinstance(numbers, ListBlock) and numbers.ordered and len(numbers.items) == 2
    assert isinstance(table, Table)
    assert table.header == ((Run("Platform"),), (Run("Owner"),))
    assert table.rows == (((Run("X"),), (Run("Comms", bold=True),)),)
    assert quote == Paragraph((Run("my views are my own"),), quote=True)


def test_annex_headings_are_not_numbered() -> None:
    (heading,) = parse("## Case law", numbered=False)
    assert heading == Heading(2, (Run("Case law"),), numbered=False)


@pytest.mark.parametrize(
    "value",
    [
        "{{ x }} & <Co>",
        "**Acme** _Ltd_",
        "# Not a heading",
        "1. Not a list",
        "- no",
        "a | b",
        "[link](x)",
        "\\back",
    ],
)
def test_escaped_values_print_as_themselves(value: str) -> None:
    (paragraph,) = parse(f"Name: {escape(value)}")
    assert paragraph == Paragraph((Run(f"Name: {value}"),))


def test_long_and_repeated_values_escape_alike() -> None:
    """Short values are remembered once escaped (a charter prints the same names again and again):
    a value escapes the same the first time, the second time, and past the remembered length."""
    for value in ("A*B_C", "x" * 199 + "*", "x" * 5000 + "*", "a\nb"):
        first, second = escape(value), escape(value)
        assert first == second
        (paragraph,) = parse(f"Name: {first}")
        assert paragraph == Paragraph((Run("Name: " + " ".join(value.splitlines())),))


def test_escaped_value_cannot_open_a_new_block() -> None:
    value = escape("line one\n\n## two")
    (paragraph,) = parse(f"Name: {value}")
    assert paragraph == Paragraph((Run("Name: line one  ## two"),))


def test_raw_html_is_text() -> None:
    (paragraph,) = parse("Keep <b>this</b> as text")
    assert paragraph == Paragraph((Run("Keep <b>this</b> as text"),))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Intro\n\n# Title", 3, "level-1 heading"),
        ("#### Too deep", 1, "headings go down to ### only"),
        ("text\n\n---\n", 3, "horizontal rule"),
        ("text\n\n    indented code", 3, "code blocks"),
        ("```\ncode\n```", 1, "code blocks"),
        ("- a\n  - b\n    - c", None, "two levels deep"),
    ],
)
def test_markup_outside_the_small_language_is_refused(text: str, line: int | None, message: str) -> None:
    with pytest.raises(MarkupError) as caught:
        parse(text)
    assert message in caught.value.message
    if line is not None:
        assert caught.value.line == line
