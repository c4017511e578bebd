"""Numbering: importing the charter's lists into a reference, restarting ordered lists, and the
numbers Word will print before each heading (for the stored table of contents).

Every numbering element is written with lxml's factory: python-docx has no numbering API beyond
the part itself, which is created through python-docx (``NumberingPart``) when a reference lacks one.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from charter.blocks import Block, Heading
from charter.docx.xml import PPR_SEQ, STYLE_SEQ, Element, element, insert_ordered, qn, sub, to_int, val
from charter.errors import CharterError

if TYPE_CHECKING:  # python-docx is loaded only to fit a reference (NumberingImporter)
    from docx.document import Document as DocxDocument

#: Imported numberings get nsids of their own, derived from their abstractNumId above this base.
_NSID_BASE = 0x5C4B0000
#: Word's numbering definitions have nine levels, ilvl 0 to 8.
_LEVELS = 9


class Level(NamedTuple):
    """One level of a numbering definition, enough to print its number in the stored TOC."""

    fmt: str = "decimal"
    text: str = ""
    start: int = 1


def find_num(root: Element, num_id: str | None) -> Element | None:
    for num in root.findall(qn("w:num")):
        if num.get(qn("w:numId")) == num_id:
            return num
    return None


def find_abstract(root: Element, abstract_id: str | None) -> Element | None:
    for abstract in root.findall(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) == abstract_id:
            return abstract
    return None


def find_level(abstract: Element, ilvl: int) -> Element | None:
    return abstract.find(f"{qn('w:lvl')}[@{qn('w:ilvl')}='{ilvl}']")


def _next_id(root: Element, tag: str, attr: str) -> int:
    return max((to_int(e.get(qn(attr)), 0) for e in root.findall(qn(tag))), default=0) + 1


def _insert_abstract(root: Element, abstract: Element) -> None:
    """abstractNum elements must all precede the num elements."""
    first_num = root.find(qn("w:num"))
    if first_num is None:
        first_num = root.find(qn("w:numIdMacAtCleanup"))
    if first_num is None:
        root.append(abstract)
    else:
        first_num.addprevious(abstract)


def add_num(root: Element, abstract_id: str, restart: tuple[int, int] | None = None) -> str:
    """A new w:num on ``abstract_id``; ``restart`` = (ilvl, start) makes it count afresh."""
    num_id = str(_next_id(root, "w:num", "w:numId"))
    num = element("w:num", numId=num_id)
    sub(num, "w:abstractNumId", abstract_id)
    if restart is not None:
        override = sub(num, "w:lvlOverride", ilvl=str(restart[0]))
        sub(override, "w:startOverride", str(restart[1]))
    cleanup = root.find(qn("w:numIdMacAtCleanup"))
    if cleanup is None:
        root.append(num)
    else:
        cleanup.addprevious(num)
    return num_id


def numbering_root(document: DocxDocument) -> Element | None:
    """The document's w:numbering element, None when it has no numbering part."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.part import XmlPart

    try:
        part = document.part.part_related_by(RT.NUMBERING)
    except KeyError:
        return None
    return part.element if isinstance(part, XmlPart) else None


def set_num_pr(ppr: Element, num_id: str, ilvl: int | None = None) -> None:
    """A w:numPr (numId, and ilvl when given) in a paragraph's or a style's w:pPr."""
    num_pr = element("w:numPr")
    if ilvl is not None:
        sub(num_pr, "w:ilvl", str(ilvl))
    sub(num_pr, "w:numId", num_id)
    insert_ordered(ppr, num_pr, PPR_SEQ)


class NumberingImporter:
    """Copies numbering definitions of the built-in reference into a document, each once."""

    def __init__(self, document: DocxDocument, source: Element, notes: list[str]) -> None:
        self.document = document
        self.source = source  # the built-in w:numbering root
        self.notes = notes
        self.root: Element | None = numbering_root(document)
        self.imported_abstracts: set[str] = set()
        self._imported_nums: dict[str, str] = {}  # built-in numId -> numId in the document

    def ensure_root(self) -> Element:
        """The document's w:numbering element, creating the part (LibreOffice's files may lack it)."""
        if self.root is not None:
            return self.root
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.parts.numbering import NumberingPart

        part = self.document.part
        used = {str(p.partname) for p in part.package.iter_parts()}
        index, name = 1, "/word/numbering.xml"
        while name in used:
            index += 1
            name = f"/word/numbering{index}.xml"
        root = element("w:numbering")
        part.relate_to(NumberingPart(PackURI(name), CT.WML_NUMBERING, root, part.package), RT.NUMBERING)
        self.root = root
        self.notes.append("No numbering definitions: the charter's own are added.")
        return root

    def import_num(self, source_num_id: str) -> str:
        """Copy a built-in numbering (w:num and its w:abstractNum) into the document; its numId."""
        if source_num_id in self._imported_nums:
            return self._imported_nums[source_num_id]
        source_num = find_num(self.source, source_num_id)
        source_abstract = None
        if source_num is not None:
            source_abstract = find_abstract(self.source, val(source_num.find(qn("w:abstractNumId"))))
        if source_abstract is None:  # pragma: no cover - tests/test_docx_writer.py checks the built-in file
            raise CharterError(f"The built-in reference lacks numbering {source_num_id}: this is a bug.")
        root = self.ensure_root()
        abstract = copy.deepcopy(source_abstract)
        abstract_id = str(_next_id(root, "w:abstractNum", "w:abstractNumId"))
        abstract.set(qn("w:abstractNumId"), abstract_id)
        nsid = abstract.find(qn("w:nsid"))
        if nsid is not None:
            nsid.set(qn("w:val"), f"{(_NSID_BASE + int(abstract_id)) & 0xFFFFFFFF:08X}")
        for unwanted in abstract.findall(qn("w:tmpl")) + abstract.findall(f"{qn('w:lvl')}/{qn('w:pStyle')}"):
            unwanted.getparent().remove(unwanted)
        _insert_abstract(root, abstract)
        self.imported_abstracts.add(abstract_id)
        num_id = add_num(root, abstract_id)
        self._imported_nums[source_num_id] = num_id
        return num_id

    def attach(self, style: Element, source_num_id: str, ilvl: int) -> None:
        """Give a document style the built-in numbering ``source_num_id`` at level ``ilvl``."""
        num_id = self.import_num(source_num_id)
        ppr = style.find(qn("w:pPr"))
        if ppr is None:
            ppr = element("w:pPr")
            insert_ordered(style, ppr, STYLE_SEQ)
        old = ppr.find(qn("w:numPr"))
        if old is not None:
            ppr.remove(old)
        set_num_pr(ppr, num_id, ilvl)


def levels_of(abstract: Element | None) -> list[Level]:
    """The nine levels of a numbering definition (decimal from 1 where it says nothing)."""
    levels = []
    for ilvl in range(_LEVELS):
        lvl = None if abstract is None else find_level(abstract, ilvl)
        if lvl is None:
            levels.append(Level())
            continue
        levels.append(
            Level(
                fmt=val(lvl.find(qn("w:numFmt")), "decimal") or "decimal",
                text=val(lvl.find(qn("w:lvlText")), "") or "",
                start=to_int(val(lvl.find(qn("w:start"))), 1),
            )
        )
    return levels


def clamp_level(level: int) -> int:
    """A heading level the charter styles: 1 to 3."""
    return min(max(level, 1), 3)


_ROMAN = tuple(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        "M CM D CD C XC L XL X IX V IV I".split(),
        strict=True,
    )
)


#: A level's reference in a w:lvlText ("%1.%2."): the counter of that level.
_LEVEL_REFERENCE = re.compile(r"%([1-9])")


def _roman(number: int) -> str:
    values = _ROMAN
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


def _format_counter(number: int, fmt: str) -> str:
    """A counter as Word prints it for a level's w:numFmt (decimal for formats we do not know)."""
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (number - 1) % 26) * ((number - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(number) if fmt == "upperRoman" else _roman(number).lower()
    if fmt == "decimalZero":
        return f"{number:02d}"
    return str(number)


def heading_numbers(blocks: Sequence[Block], levels: list[Level], heading_ilvl: dict[int, int]) -> list[str]:
    """The number Word will print before each heading ("" when un-numbered), for the stored TOC."""
    shape = tuple((block.level, block.numbered) for block in blocks if isinstance(block, Heading))
    return list(_numbers(shape, tuple(levels), tuple(sorted(heading_ilvl.items()))))


@lru_cache(maxsize=256)
def _numbers(
    headings: tuple[tuple[int, bool], ...],
    levels: tuple[Level, ...],
    heading_ilvl: tuple[tuple[int, int], ...],
) -> tuple[str, ...]:
    """The numbers of ``headings`` (level, numbered), worked out once for each outline: the charters
    of a batch share a few outlines of a hundred headings each."""
    ilvl_of = dict(heading_ilvl)
    counters = [level.start - 1 for level in levels]
    numbers = []
    for level, numbered in headings:
        if not numbered:
            numbers.append("")
            continue
        ilvl = ilvl_of.get(clamp_level(level), 0)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, len(counters)):
            counters[deeper] = levels[deeper].start - 1
        printed = []
        for part in _level_text(levels[ilvl].text or f"%{ilvl + 1}."):
            if isinstance(part, str):
                printed.append(part)
            elif part < len(levels):
                printed.append(_format_counter(max(counters[part], levels[part].start), levels[part].fmt))
        numbers.append("".join(printed))
    return tuple(numbers)


@lru_cache(maxsize=64)
def _level_text(text: str) -> tuple[str | int, ...]:
    """A level's w:lvlText as its literal parts and the indexes of the levels it prints ("%1.%2." is
    0, ".", 1, "."): read once, for the hundred headings of every charter."""
    parts: list[str | int] = []
    last = 0
    for match in _LEVEL_REFERENCE.finditer(text):
        parts += (text[last : match.start()], int(match.group(1)) - 1)
        last = match.end()
    parts.append(text[last:])
    return tuple(parts)
