"""The body of the charter: the title page, the contents, then the blocks in order.

The builder fills a cleared copy of the fitted reference (see ``writer``). Paragraphs, runs,
bookmarks and numbering references are made with lxml's factory straight into the body
(``SubElement``): they are the thousands of elements of a charter,
and python-docx's ``add_paragraph``/``add_run`` proxies cost about seven times as much per element
(``add_paragraph(style=...)`` far more: it searches the styles by name on each call), and the
charter's parts are copies of a kept master that python-docx has no proxies for (see ``master``).
Tables are in ``tables``, header and footer in ``headers``. A block built for one charter is kept
as XML for the next ones styled by the same reference (``pieces``): in a batch, most of a
charter's blocks are taken as they were written, not built again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from functools import partial
from typing import Any

from charter.blocks import (
    Block,
    DocumentSpec,
    Heading,
    ListBlock,
    PageBreak,
    Paragraph,
    Run,
    Table,
    TitlePage,
)
from charter.docx.contents import Contents, add_contents
from charter.docx.keptpieces import OutlinePieces
from charter.docx.master import FittedStyles
from charter.docx.numbering import add_num, clamp_level, heading_numbers
from charter.docx.pieces import Fragments, Piece
from charter.docx.runs import ParagraphMaker, add_runs
from charter.docx.tables import add_table, table_columns, text_width
from charter.docx.xml import PPR_SEQ, VAL, Element, SubElement, insert_ordered, qn, sub
from charter.errors import CharterError
from charter.typography import raised

#: Space above the first line of the title page (the organisation, else the title): 5 cm, in twips.
TITLE_SPACE_BEFORE = 2835
#: The tab stop that lines up the version, date and owner values on the title page: 5.5 cm.
TITLE_VALUE_TAB = 3119
#: Space above a paragraph that follows a table (Word adds none after a table): 10 pt, in twips.
AFTER_TABLE_SPACE = 200
#: The most blocks a fitted reference keeps built (about 2 KB each); past it, blocks are built afresh.
MAX_BUILT = 4096
#: Bookmark names of the headings, as Word names its TOC anchors: _Toc100000001, _Toc100000002...
TOC_ANCHOR_BASE = 100000001

_P, _PPR, _PSTYLE, _TBL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:tbl")
_R, _BR, _BR_TYPE = qn("w:r"), qn("w:br"), qn("w:type")
_NUM_PR, _ILVL, _NUM_ID = qn("w:numPr"), qn("w:ilvl"), qn("w:numId")
_BOOKMARK_START, _BOOKMARK_END, _ID, _NAME = (
    qn("w:bookmarkStart"),
    qn("w:bookmarkEnd"),
    qn("w:id"),
    qn("w:name"),
)
_HYPERLINK, _ANCHOR, _HISTORY = qn("w:hyperlink"), qn("w:anchor"), qn("w:history")


def ppr_of(paragraph: Element) -> Element:
    """A paragraph's w:pPr, made (as its first child) when it has none."""
    if len(paragraph) and paragraph[0].tag == _PPR:
        return paragraph[0]
    ppr = SubElement(paragraph, _PPR)
    paragraph.insert(0, ppr)  # moved to the front
    return ppr


class Builder:
    """Fills the body of a cleared, fitted reference with the title page, contents and blocks."""

    contents = Contents()  # how the table of contents is written; the writer sets it per charter

    def __init__(
        self,
        body: Element,
        styles: FittedStyles,
        spec: DocumentSpec,
        previous: DocumentSpec | None = None,
        built: OutlinePieces | None = None,
        *,
        settings: Element,
        numbering: Element | None,
    ) -> None:
        """``body``, ``settings`` and ``numbering``: the w:body, w:settings and w:numbering (None
        when the reference has none) of the charter's copy of the master's parts."""
        self.settings = settings
        # blocks already built for this reference, by block and place (see _copied); None: none kept
        self.built = built if previous is None else None
        self.styles = styles
        self.spec = spec
        self.tracker: Any = None  # with a previous version: a revisions.Tracker, which marks the changes
        if previous is not None:
            from charter.docx.tracker import Tracker

            self.tracker = Tracker(self, previous)
        self.body = body
        self.last: Element | Piece | None = None  # the body's last element or piece: what may follow
        self._fragments = Fragments(body)
        if self._fragments.declarations is None:
            self.built = None  # a body whose elements cannot be written apart: every block is built
        elif self.built is not None:
            self.built.check_with(self._fragments.declarations)
        self._placed: list[tuple[int, bytes]] = []  # pieces, with their place among the built elements
        self._bookmark = 0
        self._numbering = numbering
        # logical style -> its w:pStyle value, None for a Normal that stays implicit, as Word writes it
        self._pstyle = {
            logical: None if logical == "Normal" and styles.normal_is_default else style_id
            for logical, style_id in styles.ids.items()
        }

    def build(self) -> None:
        """Title page, contents, then the blocks, before the body's final sectPr."""
        sect_pr = self.body.find(qn("w:sectPr"))
        self.body.remove(sect_pr)  # appended again at the end: it must stay the body's last child
        self._title_page()
        headings = [b for b in self.spec.blocks if isinstance(b, Heading)]
        numbers = heading_numbers(self.spec.blocks, self.styles.heading_levels, self.styles.heading_ilvl)
        anchors = [f"_Toc{TOC_ANCHOR_BASE + index}" for index in range(len(headings))]
        front, rest = split_front(self.spec.blocks)
        if self.tracker is not None:
            self.tracker.body(
                front, rest, anchors, sect_pr, lambda: self._contents(headings, numbers, anchors)
            )
        else:
            if front:  # what comes before the first article (the revision history): its own page
                self._blocks(front, (), sect_pr)
                self._page_break()
            self._contents(headings, numbers, anchors)
            self._blocks(rest, anchors, sect_pr)
        self.body.append(sect_pr)

    def document_xml(self) -> bytes:
        """The document part, once built: its elements and pieces in order (the body is emptied)."""
        return self._fragments.document(self._placed)

    # ---------------------------------------------------------------------------------- scaffolding
    def paragraph(
        self, parent: Element, logical: str, runs: Iterable[Run] = (), *, bold: bool = False
    ) -> Element:
        """A w:p at the end of ``parent`` in the document's style for ``logical``."""
        paragraph = SubElement(parent, _P)
        style_id = self._pstyle[logical]
        if style_id is not None:
            SubElement(SubElement(paragraph, _PPR), _PSTYLE, {VAL: style_id})
        add_runs(paragraph, runs, bold)
        return paragraph

    def _body_paragraph(self, logical: str, runs: Iterable[Run] = ()) -> Element:
        paragraph = self.last = self.paragraph(self.body, logical, runs)
        return paragraph

    def _page_break(self) -> None:
        """A page break at the end of the last paragraph, so no empty line opens the next page."""
        if isinstance(self.last, Piece) and self.last.tag == _P:
            place, xml = self._placed.pop()  # the last piece placed: nothing was built after it
            key = ("page break", xml)
            broken = None if self.built is None else self.built.get(key)
            if broken is not None:  # that piece with its break, as an earlier charter made it
                self._placed.append((place, broken.xml))
                self.last = broken
                return
            for element in self._fragments.elements(xml):  # that paragraph, parsed to be changed
                self.body.append(element)
            self.last = self.body[-1]
            SubElement(SubElement(self.last, _R), _BR, {_BR_TYPE: "page"})
            self._keep(key, self.body[place:])
            return
        if self.last is None or self.last.tag != _P:  # after a table: a paragraph of the body's style
            self.last = self.paragraph(self.body, "Normal")
        SubElement(SubElement(self.last, _R), _BR, {_BR_TYPE: "page"})

    @staticmethod
    def _no_numbering(paragraph: Element) -> None:
        """numId 0 switches off the numbering a paragraph would inherit from its style."""
        num_pr = SubElement(ppr_of(paragraph), _NUM_PR)
        SubElement(num_pr, _NUM_ID, {VAL: "0"})
        insert_ordered(num_pr.getparent(), num_pr, PPR_SEQ)

    @staticmethod
    def _space_before(paragraph: Element, twips: int) -> None:
        spacing = sub(ppr_of(paragraph), "w:spacing", before=str(twips))
        insert_ordered(spacing.getparent(), spacing, PPR_SEQ)

    # ----------------------------------------------------------------------------------- title page
    def _title_page(self) -> None:
        """Organisation, title, then version / effective date / owner aligned on one tab stop."""
        lines = title_lines(self.spec.title_page, french=self.spec.language_tag.startswith("fr"))
        first = True
        if "organisation" in lines:
            self._space_before(self._title_line("Subtitle", "organisation", lines), TITLE_SPACE_BEFORE)
            first = False
        title = self._title_line("Title", "title", lines)
        if first:
            self._space_before(title, TITLE_SPACE_BEFORE)
        for key in ("version", "effective_date", "owner"):
            if key not in lines:
                continue
            line = self._title_line("Normal", key, lines)
            tabs = sub(ppr_of(line), "w:tabs")
            sub(tabs, "w:tab", "left", pos=str(TITLE_VALUE_TAB))
            insert_ordered(tabs.getparent(), tabs, PPR_SEQ)
        self._page_break()

    def _title_line(self, logical: str, key: str, lines: dict[str, tuple[Run, ...]]) -> Element:
        if self.tracker is None:
            return self._body_paragraph(logical, lines[key])
        line = self._body_paragraph(logical)
        self.tracker.title_line(line, key, lines[key])
        return line

    # ------------------------------------------------------------------------------------- contents
    def _contents(self, headings: list[Heading], numbers: list[str], anchors: list[str]) -> None:
        """The contents title, then one entry per heading down to the chosen depth (``contents``)."""
        self._no_numbering(self._body_paragraph("TOC Heading", [Run(self.spec.contents_title)]))
        add_contents(self.contents, headings, numbers, anchors, self._body_paragraph, self._copied)
        self._page_break()

    # --------------------------------------------------------------------------------------- blocks
    def _blocks(self, blocks: Sequence[Block], anchors: Iterable[str], sect_pr: Element) -> None:
        """Each block in order; ``anchors`` gives the bookmark of each heading, in order."""
        anchor_iter = iter(anchors)
        previous: Block | None = None
        width = text_width(sect_pr)
        for block in blocks:
            after_table = isinstance(previous, Table), self.last is not None and self.last.tag == _TBL
            if isinstance(block, Heading):
                self._kept_heading(block, next(anchor_iter))
            elif isinstance(block, Paragraph):
                self._copied((block, after_table), partial(self._paragraph_block, block, previous))
            elif isinstance(block, ListBlock):
                if _ordered(block):  # numbered from 1 by a w:num of its own: built for each charter
                    self._list(block, block.depth)
                else:
                    self._copied((block, after_table), partial(self._list, block, block.depth))
            elif isinstance(block, Table):
                self._copied((block, after_table, width), partial(self._table, block, sect_pr))
            elif isinstance(block, PageBreak):
                self._page_break()
            else:  # pragma: no cover - the Block union is closed
                raise CharterError(f"Unknown block {type(block).__name__}: this is a bug, please report it.")
            previous = block

    def _paragraph_block(self, block: Paragraph, previous: Block | None) -> None:
        paragraph = self._body_paragraph("Quote" if block.quote else "Normal", block.runs)
        if isinstance(previous, Table):  # Word puts no space after a table; the text would touch it
            self._space_before(paragraph, AFTER_TABLE_SPACE)

    def _copied(self, key: Hashable, build: Callable[[], object]) -> None:
        """``build`` the body's next elements, or take those it built for the same ``key`` in an
        earlier charter styled by the same reference, kept as XML (see pieces). What a paragraph, a
        bulleted list or a table becomes depends only on the block, the reference and what precedes
        it (all in ``key``): in a batch, most blocks are the same from one charter to the next."""
        piece = None if self.built is None else self.built.get(key)
        if piece is None:
            start = len(self.body)
            build()
            self._keep(key, self.body[start:])
        else:
            self._place(piece)

    def _place(self, piece: Piece) -> None:
        """A kept piece at the end of the body."""
        if piece.tag:  # a table without columns made nothing
            self._placed.append((len(self.body), piece.xml))
            self.last = piece

    def _keep(self, key: Hashable, elements: Iterable[Element]) -> None:
        """Keep ``elements`` as a piece for the next charters (see _copied), while there is room."""
        if self.built is not None and len(self.built) < MAX_BUILT:
            piece = self._fragments.piece(elements)
            if piece is not None:
                self.built.keep(key, piece)

    def _table(
        self, table: Table, sect_pr: Element, paragraph: ParagraphMaker | None = None
    ) -> Element | None:
        """The table (None for one without columns); ``paragraph`` makes each cell's paragraph."""
        if not table_columns(table):
            return None
        if self.last is not None and self.last.tag == _TBL:
            self._body_paragraph("Normal")  # two adjacent tables would merge into one
        maker = paragraph or self.paragraph
        made = self.last = add_table(self.body, table, text_width(sect_pr), self.styles.ids["Table"], maker)
        return made

    def _kept_heading(self, heading: Heading, anchor: str | None) -> None:
        """A heading and its bookmark, or the piece kept for the same heading at the same place (its
        bookmark's name and number depend on the place; in a batch, so do most headings)."""
        key = ("heading", heading, anchor, self._bookmark + 1)
        piece = None if self.built is None else self.built.get(key)
        if piece is None:
            self._keep(key, (self._heading(heading, anchor),))
            return
        self._bookmark += anchor is not None
        self._place(piece)

    def _heading(
        self, heading: Heading, anchor: str | None, fill: Callable[[Element], None] | None = None
    ) -> Element:
        """A heading with the bookmark its TOC entry links to (none for a deleted heading); ``fill``
        adds its runs instead of the heading's own (the tracker's marked ones)."""
        paragraph = self._body_paragraph(f"Heading {clamp_level(heading.level)}")
        if not heading.numbered:
            self._no_numbering(paragraph)
        if fill is None:
            add_runs(paragraph, heading.runs)
        else:
            fill(paragraph)
        if anchor is not None:
            self._bookmark += 1
            bookmark_id = str(self._bookmark)
            start = paragraph.makeelement(_BOOKMARK_START, {_ID: bookmark_id, _NAME: anchor})
            paragraph.insert(1 if len(paragraph) and paragraph[0].tag == _PPR else 0, start)  # after pPr
            SubElement(paragraph, _BOOKMARK_END, {_ID: bookmark_id})
        return paragraph

    def _list(self, block: ListBlock, depth: int) -> None:
        """Bullets number through their style; every ordered list gets its own w:num from 1."""
        logical, restart = self.list_style(block, depth)
        for item in block.items:
            add_runs(self.list_item(logical, restart), item.runs)
            if item.children is not None:
                self._list(item.children, max(item.children.depth, depth + 1))

    def list_style(self, block: ListBlock, depth: int) -> tuple[str, tuple[str, str] | None]:
        """The style of a list's items, and the w:num (and level) an ordered list restarts from 1."""
        logical = ("List Number" if block.ordered else "List Bullet") + (" 2" if depth >= 1 else "")
        restart: tuple[str, str] | None = None
        if block.ordered and self._numbering is not None:
            abstract_id, ilvl, start = self.styles.lists[logical]
            restart = (add_num(self._numbering, abstract_id, (ilvl, start)), str(ilvl))
        return logical, restart

    def list_item(self, logical: str, restart: tuple[str, str] | None) -> Element:
        """The (empty) paragraph of one list item."""
        paragraph = self._body_paragraph(logical)
        if restart is not None:
            num_pr = SubElement(ppr_of(paragraph), _NUM_PR)
            SubElement(num_pr, _ILVL, {VAL: restart[1]})
            SubElement(num_pr, _NUM_ID, {VAL: restart[0]})
            insert_ordered(num_pr.getparent(), num_pr, PPR_SEQ)
        return paragraph


def _ordered(block: ListBlock) -> bool:
    """Whether ``block`` or a list nested in it is numbered (1., 2., ...)."""
    return block.ordered or any(item.children is not None and _ordered(item.children) for item in block.items)


def split_front(blocks: Sequence[Block]) -> tuple[Sequence[Block], Sequence[Block]]:
    """The blocks before the first heading (the revision history, printed after the title page) and
    the rest (the articles)."""
    first = next((index for index, block in enumerate(blocks) if isinstance(block, Heading)), len(blocks))
    return blocks[:first], blocks[first:]


def title_lines(page: TitlePage, *, french: bool = False) -> dict[str, tuple[Run, ...]]:
    """The runs of each line of the title page, by key: organisation (when given), title, then
    version, effective_date and owner (label, tab, value), each when it has a value. ``french``
    raises ordinal suffixes ("1er mars 2027"), as in the body (charter.typography)."""
    lines: dict[str, tuple[Run, ...]] = {}
    if page.organisation:
        lines["organisation"] = (Run(page.organisation),)
    lines["title"] = (Run(page.title),)
    for key, label, value in page.facts():
        lines[key] = (Run(label, bold=True), Run("\t" + value))
    return {key: raised(runs) for key, runs in lines.items()} if french else lines
