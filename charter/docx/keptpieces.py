"""The pieces built for one master, in this process and between runs.

A block's piece (`charter.docx.pieces.Piece`) depends only on its key (the block, and what precedes
it or where it stands) and on the master it is built for; and the master's folder in the private
cache is named after charter.docx's code and lxml's version (`writer._fitting_fingerprint`). So the
pieces a run builds are kept beside the master, one JSON file per language, and a later run takes
them instead of building the blocks again: building is a tenth of a single charter's time, and a
worker of a batch that meets a kind of entity for the first time pays it again.

In memory, pieces are found by their key. On a miss, the kept ones are looked up by the key's
``repr``: keys are tuples and NamedTuples of text, numbers, flags and bytes, written the same in
every process. The file is read through the private cache's checks (a regular file of this user
that nobody else can write to, within MAX_CACHE_FILE_BYTES) and its shape is checked; anything
unexpected is ignored, and the blocks are built.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from pathlib import Path
from typing import Any

from charter.docx.pieces import Piece
from charter.privatecache import MAX_CACHE_FILE_BYTES, read_trusted, write_private

#: A charter that builds at least this many blocks afresh (its kind of entity met for the first time)
#: keeps what was built for the next runs; a few new blocks (an entity's own name) wait for such a save.
SAVE_AFTER = 32


class KeptPieces:
    """The pieces of one master in one language: ``get`` and ``keep`` by key, ``save`` for later runs
    (``path`` None: kept in this process only)."""

    __slots__ = ("_fresh", "_memory", "_path", "_stored", "_tags")

    def __init__(self, path: Path | None, tags: frozenset[str]) -> None:
        self._memory: dict[Hashable, Piece] = {}
        self._path = path
        self._tags = tags  # what a kept piece may end with: a paragraph, a table, or nothing
        self._stored: dict[str, list[str]] | None = None  # the file's pieces, read on the first miss
        self._fresh: dict[str, Piece] = {}  # built in this process since the last save

    def __len__(self) -> int:
        return len(self._memory)

    def get(self, key: Hashable) -> Piece | None:
        piece = self._memory.get(key)
        if piece is None and self._path is not None:
            if self._stored is None:
                self._stored = self._read()
            found = self._stored.get(repr(key)) if self._stored else None
            if found is not None:
                piece = self._memory[key] = Piece(found[0].encode(), found[1])
        return piece

    def keep(self, key: Hashable, piece: Piece) -> None:
        self._memory[key] = piece
        if self._path is not None:
            self._fresh[repr(key)] = piece

    def fresh(self) -> int:
        """How many pieces were built since the last save."""
        return len(self._fresh)

    def save(self) -> None:
        """Keep the pieces built since the last save with those already kept, for the next runs (when
        both do not fit in one cache file, the new ones alone); a failure keeps nothing."""
        if self._path is None or not self._fresh:
            return
        if self._stored is None:
            self._stored = self._read()
        fresh = {key: [piece.xml.decode(), piece.tag] for key, piece in self._fresh.items()}
        self._fresh = {}
        merged = {**self._stored, **fresh}
        data = json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode()
        if len(data) > MAX_CACHE_FILE_BYTES:
            merged = fresh
            data = json.dumps(merged, ensure_ascii=False, separators=(",", ":")).encode()
            if len(data) > MAX_CACHE_FILE_BYTES:
                return
        write_private(self._path, data)
        self._stored = merged

    def _read(self) -> dict[str, list[str]]:
        """The kept pieces, by key: {} when there are none, or the file is not what `save` writes."""
        assert self._path is not None
        data = read_trusted(self._path)
        if data is None:
            return {}
        try:
            kept: Any = json.loads(data)
        except ValueError:
            return {}
        if not isinstance(kept, dict):
            return {}
        for value in kept.values():
            if not (
                type(value) is list
                and len(value) == 2
                and type(value[0]) is str
                and value[1] in self._tags
                and (value[0].startswith("<") if value[1] else value[0] == "")  # "": no element
            ):
                return {}
        return kept
