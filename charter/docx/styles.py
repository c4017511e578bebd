"""Fitting a reference's styles to what the charter needs.

A reference lends its styles and numbering. When it lacks a style the charter needs, the charter's
own definition (from the built-in ``reference.docx``) is copied into it, along with the numbering
that style uses; heading and list styles that exist but carry no numbering get the charter's
numbering attached. Only a style that cannot be added (its name is taken by a style of another type)
makes the reference unusable. Every such repair is told in a note, for the user.

Styles are found and copied as elements: python-docx's style proxies look a style up by a linear
search on every access and cannot copy a style between documents.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml

from charter.docx.master import HEADING_STYLES, LIST_STYLES, NEEDED_STYLES, FittedStyles
from charter.docx.numbering import (
    Level,
    NumberingImporter,
    find_abstract,
    find_level,
    find_num,
    levels_of,
)
from charter.docx.package import builtin_parts
from charter.docx.xml import LVL_SEQ, Element, element, insert_ordered, qn, to_int, val
from charter.errors import CharterError, ReferenceDocError


def style_name(style: Element) -> str:
    """A style's w:name, the key Word (and this module) identifies built-in styles by."""
    return val(style.find(qn("w:name")), "") or ""


class Styles:
    """A case-insensitive index of the ``w:style`` elements of one styles part."""

    def __init__(self, root: Element) -> None:
        self.root = root
        self.by_id: dict[str, Element] = {}
        self.by_name: dict[str, Element] = {}
        for style in root.findall(qn("w:style")):
            self.add(style)

    def add(self, style: Element) -> None:
        self.by_id.setdefault(style.get(qn("w:styleId"), ""), style)
        self.by_name.setdefault(style_name(style).lower(), style)

    def find(self, kind: str, names: Iterable[str]) -> Element | None:
        for name in names:
            style = self.by_name.get(name.lower())
            if style is not None and style.get(qn("w:type"), "paragraph") == kind:
                return style
        return None

    def default_paragraph(self) -> Element | None:
        for style in self.root.findall(qn("w:style")):
            if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true", "on"):
                return style
        return None


class StyleFitter:
    """Complete a reference's styles and numbering so that every block has a style to use."""

    def __init__(self, document: DocxDocument) -> None:
        self.styles = Styles(document.styles.element)
        _, builtin_styles, builtin_numbering = builtin_parts()
        self.source = Styles(parse_xml(builtin_styles))
        self.notes: list[str] = []
        self.numbering = NumberingImporter(document, parse_xml(builtin_numbering), self.notes)

    # ---------------------------------------------------------------------------------- entry point
    def fit(self) -> FittedStyles:
        ids = self._resolve_styles()
        heading_levels, heading_ilvl = self._fit_heading_numbering(ids)
        lists = self._fit_list_numbering(ids)
        self._link_levels(ids)
        return FittedStyles(
            ids=ids,
            normal_is_default=self.styles.default_paragraph() is self.styles.by_id.get(ids["Normal"]),
            heading_levels=heading_levels,
            heading_ilvl=heading_ilvl,
            lists=lists,
            notes=self.notes,
        )

    # --------------------------------------------------------------------------------------- styles
    def _resolve_styles(self) -> dict[str, str]:
        """Find every needed style by name; copy in the missing ones unless a name is taken."""
        ids: dict[str, str] = {}
        missing: list[str] = []
        for logical, (kind, names) in NEEDED_STYLES.items():
            style = self.styles.find(kind, names)
            if style is None and logical == "Normal":
                style = self.styles.default_paragraph()
            if style is None:
                missing.append(logical)
            else:
                ids[logical] = style.get(qn("w:styleId"))
        clashes = []
        for logical in missing:
            kind, names = NEEDED_STYLES[logical]
            source = self.source.find(kind, names)
            taken = self.styles.by_name.get(style_name(source).lower())
            if taken is not None:
                clashes.append(
                    f"'{style_name(source)}' is a {taken.get(qn('w:type'), 'paragraph')} style, "
                    f"the charter needs a {kind} style"
                )
        if clashes:
            raise ReferenceDocError(
                "The reference document cannot style the charter: "
                + "; ".join(clashes)
                + ". Rename or delete these styles in Word, or use another reference document."
            )
        for logical in missing:
            kind, names = NEEDED_STYLES[logical]
            source = self.source.find(kind, names)
            ids[logical] = self._copy_style(source)
        if missing:
            shown = ", ".join(f"'{logical}'" for logical in missing)
            plural = "styles" if len(missing) > 1 else "style"
            self.notes.append(f"Missing {plural} {shown}: the charter's own definitions are added.")
        return ids

    def _copy_style(self, source: Element) -> str:
        """Copy a built-in style (and the styles it is based on) into the document; its new id."""
        name = style_name(source)
        existing = self.styles.by_name.get(name.lower())
        if existing is not None:
            existing_id: str = existing.get(qn("w:styleId"))
            return existing_id
        style = copy.deepcopy(source)
        style_id: str = source.get(qn("w:styleId"))
        candidate, counter = style_id, 1
        while candidate in self.styles.by_id:
            counter += 1
            candidate = f"Charter{style_id}{counter if counter > 2 else ''}"
        style.set(qn("w:styleId"), candidate)
        style.attrib.pop(qn("w:default"), None)
        self.styles.root.append(style)
        self.styles.add(style)
        for tag in ("w:basedOn", "w:next"):
            link = style.find(qn(tag))
            if link is None:
                continue
            target = self.source.by_id.get(link.get(qn("w:val"), ""))
            if target is None:
                style.remove(link)
            else:
                link.set(qn("w:val"), self._copy_style(target))
        for link in style.findall(qn("w:link")):
            style.remove(link)
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is not None and val(num_id, "0") != "0":
            num_id.set(qn("w:val"), self.numbering.import_num(val(num_id, "0") or "0"))
        return candidate

    # ------------------------------------------------------------------------------------ numbering
    def _style_numbering(self, style_id: str) -> tuple[str, int] | None:
        """(numId, ilvl) a paragraph style numbers with, following basedOn; None when unnumbered."""
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        current = self.styles.by_id.get(style_id)
        while current is not None and style_id not in seen:
            seen.add(style_id)
            num_pr = current.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                if num_id is None and num_pr.find(qn("w:numId")) is not None:
                    num_id = val(num_pr.find(qn("w:numId")))
                if ilvl is None and num_pr.find(qn("w:ilvl")) is not None:
                    ilvl = to_int(val(num_pr.find(qn("w:ilvl"))), 0)
            style_id = val(current.find(qn("w:basedOn"))) or ""
            current = self.styles.by_id.get(style_id)
        if not num_id or num_id == "0":
            return None
        return num_id, ilvl or 0

    def _numbered_level(self, style_id: str) -> tuple[Element, int, Element] | None:
        """(abstractNum, ilvl, lvl) when the style really prints a number or a bullet."""
        found = self._style_numbering(style_id)
        root = self.numbering.root
        if found is None or root is None:
            return None
        num_id, ilvl = found
        num = find_num(root, num_id)
        if num is None:
            return None
        abstract = find_abstract(root, val(num.find(qn("w:abstractNumId"))))
        if abstract is not None and abstract.find(qn("w:numStyleLink")) is not None:
            abstract = self._linked_abstract(root, val(abstract.find(qn("w:numStyleLink"))) or "")
        if abstract is None:
            return None
        lvl = find_level(abstract, ilvl)
        if lvl is None or val(lvl.find(qn("w:numFmt")), "decimal") == "none":
            return None
        if not val(lvl.find(qn("w:lvlText")), ""):
            return None
        return abstract, ilvl, lvl

    def _linked_abstract(self, root: Element, style_id: str) -> Element | None:
        """Follow a numbering style link (w:numStyleLink) to the definition that holds the levels."""
        found = self._style_numbering(style_id)
        if found is None:
            return None
        num = find_num(root, found[0])
        if num is None:
            return None
        abstract = find_abstract(root, val(num.find(qn("w:abstractNumId"))))
        if abstract is None or abstract.find(qn("w:numStyleLink")) is not None:
            return None
        return abstract

    def _source_numbering(self, logical: str) -> tuple[str, int]:
        """(numId, ilvl) the built-in reference gives the style ``logical``."""
        kind, names = NEEDED_STYLES[logical]
        style = self.source.find(kind, names)
        num_pr = None if style is None else style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:  # pragma: no cover - tests/test_docx_writer.py checks the built-in file
            raise CharterError(f"The built-in style '{logical}' has no numbering: this is a bug.")
        return val(num_pr.find(qn("w:numId"))) or "0", to_int(val(num_pr.find(qn("w:ilvl"))), 0)

    def _fit_heading_numbering(self, ids: dict[str, str]) -> tuple[list[Level], dict[int, int]]:
        """Keep the reference's heading outline if all three levels share one; else attach ours."""
        found = [self._numbered_level(ids[h]) for h in HEADING_STYLES]
        abstracts = {f[0].get(qn("w:abstractNumId")) for f in found if f is not None}
        if None in found or len(abstracts) != 1:
            self.notes.append(
                "The heading styles are not numbered as one outline: the charter's "
                "'1.', '1.1.', '1.1.1.' numbering is attached to them."
            )
            for heading in HEADING_STYLES:
                num_id, ilvl = self._source_numbering(heading)
                self.numbering.attach(self.styles.by_id[ids[heading]], num_id, ilvl)
            found = [self._numbered_level(ids[h]) for h in HEADING_STYLES]
        levels = levels_of(found[0][0] if found[0] is not None else None)
        heading_ilvl = {n + 1: (f[1] if f is not None else n) for n, f in enumerate(found)}
        return levels, heading_ilvl

    def _fit_list_numbering(self, ids: dict[str, str]) -> dict[str, tuple[str, int, int]]:
        """Every list style must number or bullet; the ones that do not get the charter's lists."""
        lists: dict[str, tuple[str, int, int]] = {}
        bare = []
        for logical in LIST_STYLES:
            found = self._numbered_level(ids[logical])
            if found is None:
                bare.append(logical)
                num_id, ilvl = self._source_numbering(logical)
                self.numbering.attach(self.styles.by_id[ids[logical]], num_id, ilvl)
                found = self._numbered_level(ids[logical])
            abstract, ilvl, lvl = found  # type: ignore[misc]  # attached just above
            start = to_int(val(lvl.find(qn("w:start"))), 1)
            lists[logical] = (abstract.get(qn("w:abstractNumId")), ilvl, start)
        if bare:
            names = ", ".join(f"'{style_name(self.styles.by_id[ids[b]])}'" for b in bare)
            self.notes.append(
                f"List styles without numbering ({names}): the charter's bullets and numbers are attached."
            )
        return lists

    def _link_levels(self, ids: dict[str, str]) -> None:
        """Point the levels of the numberings we imported back at their styles, as Word does."""
        root = self.numbering.root
        imported = self.numbering.imported_abstracts
        if root is None or not imported:
            return
        linked: dict[tuple[str, int], str] = {}
        for logical in (*HEADING_STYLES, *LIST_STYLES):
            found = self._style_numbering(ids[logical])
            if found is None:
                continue
            num = find_num(root, found[0])
            abstract_id = val(num.find(qn("w:abstractNumId"))) if num is not None else None
            if abstract_id in imported:
                linked[(abstract_id, found[1])] = ids[logical]
        targets = set(linked.values())
        for abstract in root.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for lvl in abstract.findall(qn("w:lvl")):
                pstyle = lvl.find(qn("w:pStyle"))
                if abstract_id not in imported:
                    # another list claiming one of our styles would fight over it in Word
                    if pstyle is not None and val(pstyle) in targets:
                        lvl.remove(pstyle)
                    continue
                style_id = linked.get((abstract_id, to_int(lvl.get(qn("w:ilvl")), 0)))
                if style_id is not None:
                    insert_ordered(lvl, element("w:pStyle", style_id), LVL_SEQ)
