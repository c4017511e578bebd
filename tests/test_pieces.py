"""Blocks kept as XML between charters (charter.docx.pieces): a document written from the body's
elements and kept pieces is byte for byte the document lxml writes for the whole tree."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from charter.docx.pieces import Fragments
from charter.docx.xml import serialize_part

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSMAP = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def document(texts: list[str]) -> tuple[etree._Element, etree._Element]:
    root = etree.Element(q("document"), nsmap=NSMAP)
    body = etree.SubElement(root, q("body"))
    for text in texts:
        paragraph = etree.SubElement(body, q("p"))
        run = etree.SubElement(etree.SubElement(paragraph, q("r")), q("t"))
        run.text = text
        run.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    table = etree.SubElement(body, q("tbl"))
    etree.SubElement(etree.SubElement(table, q("tr")), q("tc"))
    etree.SubElement(etree.SubElement(body, q("sectPr")), q("pgSz"), {q("w"): "11906"})
    return root, body


# No empty text: the builder never writes one (a w:t with "" would parse back as <w:t/>).
TEXTS = ["Charte d'utilisation", '  é & <b> "quoted" ', "\t\r tab", "Last — line"]


@pytest.mark.parametrize(
    ("pieces", "apart"),
    [
        ((0, 2, 3), True),  # as many pieces as built elements: each element is written apart
        ((1,), False),  # fewer pieces (a process's first charter): they are parsed into the tree
        ((), False),
        ((0, 1, 2, 3), True),
    ],
)
def test_pieces_and_built_elements_write_the_same_bytes_as_the_whole_tree(
    pieces: tuple[int, ...], apart: bool
) -> None:
    root, body = document(TEXTS)
    whole = serialize_part(root)
    fragments = Fragments(body)
    assert fragments.declarations is not None
    placed = []
    for index in pieces:  # these become pieces; the others stay built, as in a charter
        child = body[index - len(placed)]
        piece = fragments.piece([child])
        assert piece is not None and piece.tag == q("p")
        placed.append((index - len(placed), piece.xml))
        body.remove(child)
    assert fragments.document(placed) == whole
    if apart:
        assert len(body) == 1  # only the mark of where the body's children went
    else:
        assert len(body) == len(TEXTS) + 2  # the pieces went back into the tree


def test_a_piece_parses_back_to_its_elements() -> None:
    _, body = document(TEXTS)
    fragments = Fragments(body)
    piece = fragments.piece(list(body)[:4])
    assert piece is not None
    again = fragments.elements(piece.xml)
    assert [etree.tostring(e) for e in again] == [etree.tostring(e) for e in list(body)[:4]]
    assert fragments.elements(b"") == []


def test_an_element_declaring_a_namespace_of_its_own_is_never_a_piece() -> None:
    """Its XML does not start with the body's declarations alone: it is written with the tree."""
    root, body = document(TEXTS)
    whole_before = serialize_part(root)
    odd = body[1]
    odd.set("{urn:example:other}mark", "1")  # lxml declares this namespace on the element itself
    whole = serialize_part(root)
    assert whole != whole_before
    fragments = Fragments(body)
    assert fragments.piece([odd]) is None
    first = fragments.piece([body[0]])
    assert first is not None
    body.remove(body[0])
    assert fragments.document([(0, first.xml)]) == whole  # the piece is put back into the tree


def test_a_piece_with_a_very_long_text_parses_back() -> None:
    """What a fresh build can write (a text over libxml2's 10 MB default limit), a kept piece can be
    parsed back from, for a page break into it."""
    _, body = document(["x" * 11_000_000])
    fragments = Fragments(body)
    piece = fragments.piece([body[0]])
    assert piece is not None
    (again,) = fragments.elements(piece.xml)
    assert len("".join(again.itertext())) == 11_000_000


def test_kept_pieces_are_found_again_by_an_equal_key_in_a_later_run(tmp_path: Path) -> None:
    """Pieces a charter built (`save`) are found by a later run under an equal key (another object:
    keys are compared by their repr between runs), in the file of the charter's outline; a damaged
    file is never spliced, whatever it holds."""
    from charter.blocks import Paragraph, Run
    from charter.docx.keptpieces import SAVE_AFTER, KeptPieces
    from charter.docx.pieces import Piece

    _, body = document(TEXTS)
    declarations = Fragments(body).declarations
    assert declarations is not None
    tags = frozenset({q("p"), q("tbl"), ""})
    beside = tmp_path / "builtin-x.pieces-fr-FR"
    outline = [(1, True, "Objet"), (1, True, "Champ")]

    def view(headings: list[tuple[int, bool, str]] = outline) -> object:
        pieces = KeptPieces(beside, tags).outline(headings)
        pieces.check_with(declarations)
        return pieces

    first = view()
    keys = [(Paragraph((Run(f"Article {n} — « texte »"),)), (False, False)) for n in range(SAVE_AFTER)]
    for n, key in enumerate(keys):
        assert first.get(key) is None
        first.keep(key, Piece(f'<w:p><w:r><w:t>{n} &amp; "x"</w:t></w:r></w:p>'.encode(), q("p")))
    first.keep(("table without columns",), Piece(b"", ""))
    assert first.fresh() == SAVE_AFTER + 1
    first.save()
    (kept,) = tmp_path.glob("builtin-x.pieces-fr-FR-*.json")

    later = view()
    equal = (Paragraph((Run("Article 3 — « texte »"),)), (False, False))
    assert equal is not keys[3]
    assert later.get(equal) == Piece(b'<w:p><w:r><w:t>3 &amp; "x"</w:t></w:r></w:p>', q("p"))
    assert later.get(("table without columns",)) == Piece(b"", "")
    assert later.get((Paragraph((Run("never kept"),)), (False, False))) is None
    assert view([(1, True, "Autre plan")]).get(equal) is None, "another outline, another file"
    assert KeptPieces(None, tags).outline(outline).get(equal) is None, "nowhere to keep: this process only"

    good = kept.read_text(encoding="utf-8")
    damaged = [
        good.replace("</w:p>", "", 1),  # an element left open
        good.replace(
            "</w:t></w:r></w:p>", "</w:t></w:r></w:p><w:p>", 1
        ),  # one piece opens what the next closes
        good.replace('"<w:p>', '"text<w:p>', 1),  # text outside any element
        good.replace('"<w:p>', '"<!-- x --><w:p>', 1),  # anything but elements
        good.replace('"<w:p>', '"<x:p xmlns:x=\\"u\\"/><w:p>', 1).replace(
            f'"{q("p")}"', '"x"', 1
        ),  # a tag not allowed
        "[" * 100_000,  # nested beyond what the JSON reader takes
        '{"k": ["<w:p/>"]}',
    ]
    for text in damaged:
        kept.write_text(text, encoding="utf-8")
        assert view().get(equal) is None, text[:80]
