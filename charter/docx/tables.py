"""Tables: full width, in the table style, the header row bold and repeated on every page.

Built with lxml's factory: python-docx's ``add_table`` writes a fixed ``tblLook``, auto widths and
a cell proxy per cell, none of which the charter wants.
"""

from __future__ import annotations

from collections.abc import Sequence

from charter.blocks import Run, Table
from charter.docx.runs import ParagraphMaker, plain
from charter.docx.xml import Element, qn, sub

#: The text width of the built-in page (A4, 11906 twips, less two 2.5 cm margins of 1418), used
#: when a reference's page setup cannot be read.
DEFAULT_TEXT_WIDTH = 9070
#: A text width under one inch (1440 twips) is not a real page setup: the default is used instead.
MIN_TEXT_WIDTH = 1440
#: About the width of one character of body text, and a cell's left and right padding, in twips.
CHAR_TWIPS = 120
CELL_PADDING = 260
#: The height of a row to fill in by hand (a signature, a date): 1.2 cm, in twips.
HANDWRITTEN_ROW_HEIGHT = 680
#: A table's width as a share of the text width, in fiftieths of a percent: 5000 is 100 %.
FULL_WIDTH_PCT = 5000
#: The most characters of a cell counted when sharing the spare width between columns.
MAX_WEIGHT = 60


def table_columns(table: Table) -> int:
    return max([len(table.header), *(len(row) for row in table.rows)], default=0)


def text_width(sect_pr: Element) -> int:
    """The width between the margins, in twips, from the reference's page setup."""
    size = sect_pr.find(qn("w:pgSz"))
    margins = sect_pr.find(qn("w:pgMar"))
    try:
        width = int(size.get(qn("w:w")))
        width -= int(margins.get(qn("w:left"))) + int(margins.get(qn("w:right")))
        width -= int(margins.get(qn("w:gutter"), "0"))
    except (AttributeError, TypeError, ValueError):
        return DEFAULT_TEXT_WIDTH
    return width if width > MIN_TEXT_WIDTH else DEFAULT_TEXT_WIDTH


def column_widths(rows: Sequence[Sequence[Sequence[Run]]], columns: int, total: int) -> list[int]:
    """Widths that never break a word inside a cell, then share the rest by the length of the text.

    When the longest words do not all fit (a long web address, say), the columns whose words fit keep
    them whole and the overlong ones share what is left (their word breaks, as it must somewhere):
    one long account name never squeezes "Platform" into "Platfor|m".
    """
    minimum, weights = [], []
    for column in range(columns):
        texts = [plain(row[column]) for row in rows if column < len(row)]
        longest_word = max((len(word) for text in texts for word in text.split()), default=1)
        minimum.append(longest_word * CHAR_TWIPS + CELL_PADDING)
        weights.append(min(max((len(text) for text in texts), default=1), MAX_WEIGHT) or 1)
    cap = _cap(minimum, total)
    if cap is not None:
        widths = [min(m, cap) for m in minimum]
    else:
        spare = total - sum(minimum)
        widths = [m + spare * w // sum(weights) for m, w in zip(minimum, weights, strict=True)]
    widths[-1] += total - sum(widths)
    return widths


def _cap(minimum: Sequence[int], total: int) -> int | None:
    """The width the widest columns are held to so that every other column keeps its minimum
    (water-filling), or None when every minimum fits."""
    if sum(minimum) <= total:
        return None
    remaining, count = total, len(minimum)
    for index, width in enumerate(sorted(minimum)):
        if width * (count - index) > remaining:
            return remaining // (count - index)
        remaining -= width
    return None  # pragma: no cover - the sum exceeded the total, so a column stops the loop


def add_table(parent: Element, table: Table, width: int, style_id: str, paragraph: ParagraphMaker) -> Element:
    """The w:tbl of ``table`` at the end of ``parent``; ``paragraph`` makes each cell's paragraph."""
    columns = table_columns(table)
    rows = [table.header, *table.rows]
    widths = column_widths(rows, columns, width)
    tbl = sub(parent, "w:tbl")
    tbl_pr = sub(tbl, "w:tblPr")
    sub(tbl_pr, "w:tblStyle", style_id)
    sub(tbl_pr, "w:tblW", w=str(FULL_WIDTH_PCT), type="pct")
    look = {"firstRow": "1", "lastRow": "0", "firstColumn": "0", "lastColumn": "0"}
    sub(tbl_pr, "w:tblLook", "0620", **look, noHBand="1", noVBand="1")
    grid = sub(tbl, "w:tblGrid")
    for column_width in widths:
        sub(grid, "w:gridCol", w=str(column_width))
    for index, row in enumerate(rows):
        tr = sub(tbl, "w:tr")
        tr_pr = sub(tr, "w:trPr")
        sub(tr_pr, "w:cantSplit")
        if index == 0:
            sub(tr_pr, "w:tblHeader")
        elif columns > 1 and all(not plain(cell).strip() for cell in row[1:]):
            # A row to fill in by hand (a signature, a date): give the pen some room.
            sub(tr_pr, "w:trHeight", val=str(HANDWRITTEN_ROW_HEIGHT), hRule="atLeast")
        for column in range(columns):
            tc = sub(tr, "w:tc")
            sub(sub(tc, "w:tcPr"), "w:tcW", w=str(widths[column]), type="dxa")
            runs = row[column] if column < len(row) else ()
            paragraph(tc, "Normal", runs, bold=index == 0)
    return tbl
