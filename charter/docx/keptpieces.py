"""The pieces built for one master, in this process and between runs.

A block's piece (`charter.docx.pieces.Piece`) depends only on its key (the block, and what precedes
it or where it stands) and on the master it is built for; and the master's folder in the private
cache is named after charter.docx's code and lxml's version (`writer._fitting_fingerprint`). So the
pieces a charter builds are kept beside the master, one JSON file per language and outline (the
charter's headings: the entities of a group share one), and a later run takes them instead of
building the blocks again: building is a tenth of a single charter's time, and a worker of a batch
that meets a kind of entity for the first time pays it again. A file per outline keeps what a run
reads to about what it uses (a quarter of a megabyte).

In memory, pieces are found by their key. On a miss, the kept ones are looked up by the key's
``repr``: keys are tuples and NamedTuples of text, numbers, flags and bytes, written the same in
every process. The file is read through the private cache's checks (a regular file of this user
that nobody else can write to, within MAX_CACHE_FILE_BYTES) and its shape is checked; anything
unexpected is ignored, and the blocks are built.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from charter.docx.pieces import PARSER, Piece
from charter.privatecache import MAX_CACHE_FILE_BYTES, read_trusted, write_private

#: A charter that builds at least this many blocks afresh (its kind of entity met for the first time)
#: keeps them for the next runs; a few new blocks (an entity's own name) are not worth a write.
SAVE_AFTER = 32


class KeptPieces:
    """The pieces of one master in one language: in memory for every charter of the process, and in
    a file per outline for the next runs (``beside`` None: in memory only). A charter builds with
    the view of its outline (`outline`)."""

    __slots__ = ("_beside", "_declarations", "_memory", "_stores", "_tags")

    def __init__(self, beside: Path | None, tags: frozenset[str]) -> None:
        self._memory: dict[Hashable, Piece] = {}
        self._beside = beside  # the files are named after it: <beside>-<outline>.json
        self._tags = tags  # what a kept piece may end with: a paragraph, a table, or nothing
        self._stores: dict[Path, dict[str, list[str]]] = {}  # each outline's file, once read
        self._declarations: bytes | None = None  # the body's namespaces, to parse kept pieces with

    def outline(self, headings: Iterable[object]) -> OutlinePieces:
        """The view a charter with these headings builds with (its file is named after them)."""
        if self._beside is None:
            return OutlinePieces(self, None)
        digest = hashlib.sha256(repr(tuple(headings)).encode()).hexdigest()[:24]
        return OutlinePieces(self, self._beside.with_name(f"{self._beside.name}-{digest}.json"))

    def check_with(self, declarations: bytes) -> None:
        """The namespace declarations of the body the pieces go into (`pieces.Fragments`): kept pieces
        are read only once they are known, and must parse with them."""
        self._declarations = declarations

    def __len__(self) -> int:
        return len(self._memory)

    def find(self, key: Hashable, path: Path | None) -> Piece | None:
        """The piece of ``key``: in memory, else in the file at ``path`` (read once)."""
        piece = self._memory.get(key)
        if piece is None and path is not None and self._declarations is not None:
            found = self._stored(path).get(repr(key))
            if found is not None:
                piece = self._memory[key] = Piece(found[0].encode(), found[1])
        return piece

    def remember(self, key: Hashable, piece: Piece) -> None:
        self._memory[key] = piece

    def store(self, path: Path, fresh: dict[str, Piece]) -> None:
        """Keep ``fresh`` (by key repr) with what the file at ``path`` holds (``fresh`` alone when both
        do not fit in one cache file); a failure keeps nothing."""
        stored = self._stored(path) if self._declarations is not None else {}
        new = {key: [piece.xml.decode(), piece.tag] for key, piece in fresh.items()}
        for merged in ({**stored, **new}, new):
            data = json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode()
            if len(data) <= MAX_CACHE_FILE_BYTES:
                write_private(path, data)
                self._stores[path] = merged
                return

    def _stored(self, path: Path) -> dict[str, list[str]]:
        store = self._stores.get(path)
        if store is None:
            store = self._stores[path] = self._read(path)
        return store

    def _read(self, path: Path) -> dict[str, list[str]]:
        """The kept pieces, by key: {} when there are none, or the file is not what `store` writes: a
        map of texts to [XML, tag], each XML one or more whole elements that parse with the body's
        namespaces, the last of them of that tag (nothing for ""). A damaged file is never spliced."""
        assert self._declarations is not None
        data = read_trusted(path)
        if data is None:
            return {}
        try:
            kept: Any = json.loads(data)
        except (ValueError, RecursionError):
            return {}
        if not isinstance(kept, dict):
            return {}
        for value in kept.values():
            if not (
                type(value) is list and len(value) == 2 and type(value[0]) is str and value[1] in self._tags
            ):
                return {}
        return kept if _whole(kept, self._declarations) else {}


class OutlinePieces:
    """What a builder keeps its pieces in: the master's pieces, and the file of its outline. ``get``
    and ``keep`` by key; ``save`` keeps what this charter built for the next runs."""

    __slots__ = ("_fresh", "_kept", "_path")

    def __init__(self, kept: KeptPieces, path: Path | None) -> None:
        self._kept = kept
        self._path = path
        self._fresh: dict[str, Piece] = {}  # built by this charter, by key repr

    def check_with(self, declarations: bytes) -> None:
        self._kept.check_with(declarations)

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: Hashable) -> Piece | None:
        return self._kept.find(key, self._path)

    def keep(self, key: Hashable, piece: Piece) -> None:
        self._kept.remember(key, piece)
        if self._path is not None:
            self._fresh[repr(key)] = piece

    def fresh(self) -> int:
        """How many pieces this charter built."""
        return len(self._fresh)

    def save(self) -> None:
        """Keep what this charter built with what its outline's file holds, for the next runs."""
        if self._path is not None and self._fresh:
            self._kept.store(self._path, self._fresh)
            self._fresh = {}


def _whole(kept: dict[str, list[str]], declarations: bytes) -> bool:
    """Whether each kept XML is whole elements and nothing else, the last of its tag: all are parsed at
    once, each inside an element of its own whose name no file can know in advance (a piece that
    closes it early, or leaves an element open, breaks the parse or the count)."""
    wrapper = f"k{os.urandom(8).hex()}".encode()
    parts = [b"<kept", declarations, b">"]
    for xml, _ in kept.values():
        parts += (b"<", wrapper, b">", xml.encode(), b"</", wrapper, b">")
    parts.append(b"</kept>")
    try:
        root = etree.fromstring(b"".join(parts), PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return False
    if len(root) != len(kept) or root.text is not None:
        return False
    for element, (_, tag) in zip(root, kept.values(), strict=True):
        if element.tail is not None or element.text is not None:
            return False
        if any(not isinstance(child.tag, str) or child.tail is not None for child in element):
            return False
        if (element[-1].tag if len(element) else "") != tag:
            return False
    return True
