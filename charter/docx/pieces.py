"""Body elements kept as XML from one charter to the next, and the document written around them.

In a batch most blocks of a charter are the same as in the charters before it (same clause, same
reference). Building such a block again costs Python time, and even copying its kept elements into
the body costs lxml a few microseconds per element (a copy is a new document whose namespaces are
then moved over), for some two hundred blocks per charter. So a block built once is kept as its
serialised XML (a `Piece`), and a later charter takes the bytes as they are: the body holds only
the elements built for this charter, the pieces are noted with their place among them, and the
document part is written by joining the two in order (`Fragments.document`).

The bytes are exactly what lxml writes for the whole tree: lxml serialises a child element with
every namespace in scope declared on it, and those declarations (the same for every child of the
body, read once from a probe) are taken off again; an element whose XML does not begin with them
exactly is never kept, and the document is then written from the tree. Only the builder's own
elements become pieces: nothing read from a file is spliced as bytes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import NamedTuple

from lxml import etree  # type: ignore[import-untyped]

from charter.docx.xml import Element, SubElement, qn, serialize_part
from charter.errors import CharterError

#: What a probe's serialisation may declare: namespaces only (``xmlns:p="uri"``), nothing else.
_DECLARATIONS = re.compile(rb'(?: xmlns(?::[A-Za-z_][\w.-]*)?="[^"<&]*")+')
#: The mark left in the body while its skeleton is written: a processing instruction (none can occur
#: in text or attributes, and a user's reference has none left: sanitize) with a token of this process.
_MARK_TEXT = os.urandom(12).hex()
_MARK = f"<?charter-body {_MARK_TEXT}?>".encode()
#: Materialising: a plain parser (no blank text removed, no entity resolved) for bytes this module
#: wrote itself from elements the builder made, so libxml2's size limits (a text over 10 MB) are
#: lifted: what a fresh build can write, a kept piece can be parsed back from.
PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)


class Piece(NamedTuple):
    """Body elements as XML (one block's paragraphs or table), and the tag of the last of them (a
    paragraph or a table: what may follow depends on it); "" for a block that made no element."""

    xml: bytes
    tag: str


class Fragments:
    """How the children of one body are written as pieces and put back (see the module)."""

    def __init__(self, body: Element) -> None:
        probe = SubElement(body, qn("w:p"))
        try:
            written = bytes(etree.tostring(probe, encoding="UTF-8"))
        finally:
            body.remove(probe)
        name = written.split(b" ", 1)[0]
        declarations = written[len(name) : -2]
        usable = written.endswith(b"/>") and _DECLARATIONS.fullmatch(declarations) is not None
        self.declarations: bytes | None = declarations if usable else None
        self._body = body

    def piece(self, elements: Iterable[Element]) -> Piece | None:
        """``elements`` (children of the body) as one piece; None when one cannot be written as one."""
        parts, tag = [], ""
        for element in elements:
            xml = self.xml(element)
            if xml is None:
                return None
            parts.append(xml)
            tag = element.tag
        return Piece(b"".join(parts), tag)

    def xml(self, element: Element) -> bytes | None:
        """A child of the body as it appears in the whole document's XML; None when its XML does not
        start with the body's declarations exactly."""
        if self.declarations is None:
            return None
        written = bytes(etree.tostring(element, encoding="UTF-8"))
        name = re.match(rb"<[^\s/>]+", written)
        if name is None:
            return None
        end = name.end()
        if written[end : end + len(self.declarations)] != self.declarations:
            return None
        return written[:end] + written[end + len(self.declarations) :]

    def elements(self, xml: bytes) -> list[Element]:
        """The elements of a piece, parsed again (to be changed: a page break into its last paragraph).
        They write the same bytes again: the builder never gives an element an empty text, the one
        thing lxml would write differently once parsed (``<w:t></w:t>`` becomes ``<w:t/>``)."""
        if not xml:
            return []
        wrapped = b"<charter-piece" + (self.declarations or b"") + b">" + xml + b"</charter-piece>"
        wrapper = etree.fromstring(wrapped, PARSER)
        return list(wrapper)

    def document(self, placed: list[tuple[int, bytes]]) -> bytes:
        """The document part: the body's elements, with each piece before the element at its place
        (``placed``: place among the body's children, XML), in order; the body is emptied."""
        root = self._body.getparent()
        children = list(self._body)
        # Writing each built element apart costs about what parsing a piece back costs: with fewer
        # pieces than built elements (a process's first charter), the pieces go into the tree.
        apart = len(placed) >= len(children)
        written = [self.xml(child) for child in children] if apart else []
        if not apart or any(xml is None for xml in written):
            for place, xml in reversed(placed):  # into the tree, then the tree written whole
                for offset, element in enumerate(self.elements(xml)):
                    self._body.insert(place + offset, element)
            return serialize_part(root)
        for child in children:
            self._body.remove(child)
        self._body.append(etree.ProcessingInstruction("charter-body", _MARK_TEXT))
        around = serialize_part(root).split(_MARK)
        if len(around) != 2:  # pragma: no cover - a PI cannot be written by anything else
            raise CharterError("The document's body could not be written: this is a bug, please report it.")
        before: dict[int, list[bytes]] = {}
        for place, xml in placed:
            before.setdefault(place, []).append(xml)
        ordered: list[bytes] = []
        for index, child in enumerate([*written, b""]):  # b"": what was placed after the last child
            ordered += before.get(index, ())
            ordered.append(child or b"")
        return around[0] + b"".join(ordered) + around[1]
