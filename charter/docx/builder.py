"""The body of the charter: the title page, the contents, then the blocks in order.

The builder fills a cleared copy of the fitted reference (see ``writer``). Paragraphs, runs,
bookmarks and numbering references are made with lxml's factory straight into the body
(``SubElement`` on python-docx's elements): they are the thousands of elements of a charter,
and python-docx's ``add_paragraph``/``add_run`` proxies cost about seven times as much per element
(``add_paragraph(style=...)`` far more: it searches the styles by name on each call). The page
break goes through python-docx's ``Run.add_break``; tables are in ``tables``, header and footer in
``headers``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.text.paragraph import Paragraph as DocxParagraph

from charter.blocks import Block, DocumentSpec, Heading, ListBlock, PageBreak, Paragraph, Run, Table
from charter.docx.fields import TOC_CACHED_LEVELS, wrap_in_toc
from charter.docx.numbering import add_num, clamp_level, heading_numbers, numbering_root
from charter.docx.runs import add_runs, add_text_run, plain
from charter.docx.styles import FittedStyles
from charter.docx.tables import add_table, table_columns, text_width
from charter.docx.xml import PPR_SEQ, VAL, Element, SubElement, insert_ordered, qn, sub
from charter.errors import CharterError

#: Space above the first line of the title page (the organisation, else the title): 5 cm, in twips.
TITLE_SPACE_BEFORE = 2835
#: The tab stop that lines up the version, date and owner values on the title page: 5.5 cm.
TITLE_VALUE_TAB = 3119
#: Space above a paragraph that follows a table (Word adds none after a table): 10 pt, in twips.
AFTER_TABLE_SPACE = 200
#: Bookmark names of the headings, as Word names its TOC anchors: _Toc100000001, _Toc100000002...
TOC_ANCHOR_BASE = 100000001

_FALLBACK_LABELS = {
    "version": "Version",
    "effective_date": "Effective date",
    "owner": "Owner",
    "to_be_set": "to be set",
}
_P, _PPR, _PSTYLE, _TBL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:tbl")
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

    def __init__(self, document: DocxDocument, styles: FittedStyles, spec: DocumentSpec) -> None:
        self.document = document
        self.styles = styles
        self.spec = spec
        self.body = document.element.body
        self.last: Element | None = None
        self._bookmark = 0
        self._numbering = numbering_root(document)
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
        self._contents(headings, numbers, anchors)
        self._blocks(self.spec.blocks, anchors, sect_pr)
        self.body.append(sect_pr)

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
        self.last = self.paragraph(self.body, logical, runs)
        return self.last

    def _page_break(self) -> None:
        """A page break at the end of the last paragraph, so no empty line opens the next page."""
        if self.last is None or self.last.tag != _P:
            self.last = SubElement(self.body, _P)
        DocxParagraph(self.last, self.document).add_run().add_break(WD_BREAK.PAGE)

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
        page = self.spec.title_page
        labels = {**_FALLBACK_LABELS, **page.labels}
        if page.effective_date is None:
            when = labels["to_be_set"]
        else:
            when = page.labels.get("effective_date_value") or page.effective_date.isoformat()
        first = True
        if page.organisation:
            self._space_before(self._body_paragraph("Subtitle", [Run(page.organisation)]), TITLE_SPACE_BEFORE)
            first = False
        title = self._body_paragraph("Title", [Run(page.title)])
        if first:
            self._space_before(title, TITLE_SPACE_BEFORE)
        for key, value in (("version", page.version), ("effective_date", when), ("owner", page.owner)):
            if not value:
                continue
            line = self._body_paragraph("Normal", [Run(labels[key], bold=True), Run("\t" + value)])
            tabs = sub(ppr_of(line), "w:tabs")
            sub(tabs, "w:tab", "left", pos=str(TITLE_VALUE_TAB))
            insert_ordered(tabs.getparent(), tabs, PPR_SEQ)
        self._page_break()

    # ------------------------------------------------------------------------------------- contents
    def _contents(self, headings: list[Heading], numbers: list[str], anchors: list[str]) -> None:
        """A TOC field whose stored result already lists the headings, numbered as Word will."""
        self._no_numbering(self._body_paragraph("TOC Heading", [Run(self.spec.contents_title)]))
        paragraphs = []
        for entry, number, anchor in zip(headings, numbers, anchors, strict=True):
            if entry.level > TOC_CACHED_LEVELS:
                continue
            paragraph = self._body_paragraph("TOC 1" if entry.level <= 1 else "TOC 2")
            link = SubElement(paragraph, _HYPERLINK, {_ANCHOR: anchor, _HISTORY: "1"})
            add_text_run(link, f"{number}\t{plain(entry.runs)}" if number else plain(entry.runs))
            paragraphs.append(paragraph)
        if not paragraphs:
            paragraphs.append(self._body_paragraph("TOC 1"))
        wrap_in_toc(paragraphs)
        self._page_break()

    # --------------------------------------------------------------------------------------- blocks
    def _blocks(self, blocks: Sequence[Block], anchors: Iterable[str], sect_pr: Element) -> None:
        """Each block in order; ``anchors`` gives the bookmark of each heading, in order."""
        anchor_iter = iter(anchors)
        previous: Block | None = None
        for block in blocks:
            if isinstance(block, Heading):
                self._heading(block, next(anchor_iter))
            elif isinstance(block, Paragraph):
                paragraph = self._body_paragraph("Quote" if block.quote else "Normal", block.runs)
                if isinstance(previous, Table):  # Word puts no space after a table; the text would touch it
                    self._space_before(paragraph, AFTER_TABLE_SPACE)
            elif isinstance(block, ListBlock):
                self._list(block, block.depth)
            elif isinstance(block, Table):
                self._table(block, sect_pr)
            elif isinstance(block, PageBreak):
                self._page_break()
            else:  # pragma: no cover - the Block union is closed
                raise CharterError(f"Unknown block {type(block).__name__}: this is a bug, please report it.")
            previous = block

    def _table(self, table: Table, sect_pr: Element) -> None:
        if not table_columns(table):
            return
        if self.last is not None and self.last.tag == _TBL:
            self._body_paragraph("Normal")  # two adjacent tables would merge into one
        self.last = add_table(self.body, table, text_width(sect_pr), self.styles.ids["Table"], self.paragraph)

    def _heading(self, heading: Heading, anchor: str) -> None:
        """A heading with the bookmark its TOC entry links to."""
        paragraph = self._body_paragraph(f"Heading {clamp_level(heading.level)}")
        if not heading.numbered:
            self._no_numbering(paragraph)
        self._bookmark += 1
        bookmark_id = str(self._bookmark)
        SubElement(paragraph, _BOOKMARK_START, {_ID: bookmark_id, _NAME: anchor})
        add_runs(paragraph, heading.runs)
        SubElement(paragraph, _BOOKMARK_END, {_ID: bookmark_id})

    def _list(self, block: ListBlock, depth: int) -> None:
        """Bullets number through their style; every ordered list gets its own w:num from 1."""
        logical = ("List Number" if block.ordered else "List Bullet") + (" 2" if depth >= 1 else "")
        restart: tuple[str, str] | None = None
        if block.ordered and self._numbering is not None:
            abstract_id, ilvl, start = self.styles.lists[logical]
            restart = (add_num(self._numbering, abstract_id, (ilvl, start)), str(ilvl))
        for item in block.items:
            paragraph = self._body_paragraph(logical)
            if restart is not None:
                num_pr = SubElement(ppr_of(paragraph), _NUM_PR)
                SubElement(num_pr, _ILVL, {VAL: restart[1]})
                SubElement(num_pr, _NUM_ID, {VAL: restart[0]})
                insert_ordered(num_pr.getparent(), num_pr, PPR_SEQ)
            add_runs(paragraph, item.runs)
            if item.children is not None:
                self._list(item.children, max(item.children.depth, depth + 1))
