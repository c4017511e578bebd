"""Read a user's file and its zip entries without trusting either: regular files only, every size bounded.

A reference document is a file someone sent us. It may be a device (``/dev/zero`` never ends), a
FIFO (opening it blocks until a writer comes), or a zip bomb (2 MB on disk, gigabytes inside). Every
read here is bounded before it starts, and every limit is a named constant far above what a real
Word reference needs (a styles part, a theme, a logo: a few hundred KiB). Entries are read with a
bounded read: the size a zip header declares is checked first but never trusted alone.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
import zlib
from pathlib import Path

from charter.errors import ReferenceDocError

MIB = 1024 * 1024

#: Largest reference file read at all. Word's own Normal.dotm is ~50 KiB, a branded template with
#: logos a few MiB; anything bigger is refused before a byte is read.
MAX_FILE_BYTES = 20 * MIB
#: Most entries a reference's zip may list. Word writes about 20; a template with many pictures
#: a few hundred. A long central directory costs memory before any entry is opened.
MAX_ENTRIES = 1000
#: Most bytes of central directory per allowed entry (46 fixed bytes + name + extra fields).
_MAX_DIRECTORY_BYTES = MAX_ENTRIES * 1024
#: Largest unpacked size of one entry. The styles part of a large corporate template is ~1 MiB.
MAX_ENTRY_BYTES = 16 * MIB
#: Largest unpacked size of all entries together, as declared and as actually read.
MAX_TOTAL_BYTES = 64 * MIB
#: Highest unpacked/packed ratio of one entry. Word's XML packs about 10:1 (a verbose styles part
#: about 30:1); a zip bomb packs about 1000:1.
MAX_RATIO = 200
#: Entries smaller than this are not held to MAX_RATIO: a small entry cannot hurt, whatever it packs to.
RATIO_FLOOR = 1 * MIB

_EOCD = b"PK\x05\x06"
_CHUNK = 64 * 1024


def _mib(size: int) -> str:
    return f"{size / MIB:.1f} MiB" if size < 10 * MIB else f"{size // MIB} MiB"


def read_regular_file(path: Path, where: str) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most MAX_FILE_BYTES; ReferenceDocError else."""
    return read_regular_file_stat(path, where)[0]


def read_regular_file_stat(path: Path, where: str) -> tuple[bytes, os.stat_result]:
    """The bytes of ``path`` and the status of the descriptor they were read from (size, mtime...).

    The type is checked with stat before opening, and again on the open descriptor: a FIFO is never
    opened (opening one blocks), and O_NONBLOCK makes sure a swapped-in one cannot block either.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ReferenceDocError(f"{where} does not exist. Check the path and try again.") from None
    except OSError as error:
        raise ReferenceDocError(f"{where} cannot be read: {error.strerror or error}.") from error
    if stat.S_ISDIR(info.st_mode):
        raise ReferenceDocError(f"{where} is a folder, not a Word document. Give the path of a .docx file.")
    _check_regular(info, where)
    flags = (
        os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    )
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise ReferenceDocError(f"{where} cannot be read: {error.strerror or error}.") from error
    with os.fdopen(descriptor, "rb", buffering=0) as stream:
        opened = os.fstat(stream.fileno())
        _check_regular(opened, where)  # the file may have been swapped since stat
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = stream.read(min(MIB, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    if size > MAX_FILE_BYTES:
        _too_big(where, size)
    return b"".join(chunks), opened


def _check_regular(info: os.stat_result, where: str) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise ReferenceDocError(
            f"{where} is not a regular file (it is a device, a pipe or a socket), so it cannot be a Word "
            "document. Give the path of a .docx or .dotx file saved on disk."
        )
    if info.st_size > MAX_FILE_BYTES:
        _too_big(where, info.st_size)


def _too_big(where: str, size: int) -> None:
    raise ReferenceDocError(
        f"{where} is too large ({_mib(size)}; the limit is {_mib(MAX_FILE_BYTES)}). A reference document "
        "only needs its styles, page setup and header: save a copy without the body's pictures and use that."
    )


class BoundedZip:
    """The entries of a zip held in memory, each read at most once and never beyond the limits above."""

    def __init__(self, data: bytes, where: str) -> None:
        self.where = where
        self._read_total = 0
        _check_directory(data, where)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
            raise ReferenceDocError(f"{where} is not a Word document (.docx or .dotx): {error}.") from error
        if len(infos) > MAX_ENTRIES:
            self._refuse(f"it lists {len(infos)} entries, more than the limit of {MAX_ENTRIES}")
        self._infos: dict[str, zipfile.ZipInfo] = {}
        declared = 0
        for info in infos:
            key = info.filename.lower()
            if key in self._infos:
                self._refuse(f"it holds the entry {info.filename} twice")
            self._infos[key] = info
            if info.flag_bits & 0x1:
                raise ReferenceDocError(
                    f"{where} is encrypted: save it again in Word without a password, then try again."
                )
            self._check_size(info.filename, info.file_size)
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                self._refuse(
                    f"its entry {info.filename} unpacks to {_mib(info.file_size)} from "
                    f"{info.compress_size} bytes, a ratio above the limit of {MAX_RATIO}:1 (a zip bomb)"
                )
            declared += info.file_size
            if declared > MAX_TOTAL_BYTES:
                self._refuse(f"its entries unpack to more than the limit of {_mib(MAX_TOTAL_BYTES)} in all")

    @property
    def names(self) -> list[str]:
        """Every entry name, as stored."""
        return [info.filename for info in self._infos.values()]

    def name(self, name: str) -> str | None:
        """The stored name of ``name`` (part names are case-insensitive), or None when absent."""
        info = self._infos.get(name.lower())
        return None if info is None else info.filename

    def read(self, name: str) -> bytes:
        """The unpacked bytes of entry ``name``: at most MAX_ENTRY_BYTES + 1 bytes are ever unpacked."""
        info = self._infos[name.lower()]
        try:
            with self._zip.open(info) as stream:
                chunks, size = [], 0
                while size <= MAX_ENTRY_BYTES:  # small reads: zipfile unpacks as much as asked at once
                    chunk = stream.read(min(_CHUNK, MAX_ENTRY_BYTES + 1 - size))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    size += len(chunk)
            data = b"".join(chunks)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, zlib.error) as error:
            raise ReferenceDocError(
                f"{self.where} is damaged (its entry {info.filename} cannot be unpacked: {error}). "
                "Open it in Word and save it again, or use another reference document."
            ) from error
        self._check_size(info.filename, len(data))
        self._read_total += len(data)
        if self._read_total > MAX_TOTAL_BYTES:
            self._refuse(f"its entries unpack to more than the limit of {_mib(MAX_TOTAL_BYTES)} in all")
        return data

    def _check_size(self, name: str, size: int) -> None:
        if size > MAX_ENTRY_BYTES:
            self._refuse(f"its entry {name} unpacks to more than the limit of {_mib(MAX_ENTRY_BYTES)}")

    def _refuse(self, why: str) -> None:
        raise ReferenceDocError(
            f"{self.where} cannot be used safely: {why}. A Word reference document is far smaller; "
            "open it in Word and save it again, or use another reference document."
        )


def _check_directory(data: bytes, where: str) -> None:
    """Refuse a central directory too long to list, before zipfile builds an object per entry."""
    end = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return  # not a zip: zipfile says so below
    entries, directory_size = struct.unpack("<HI", data[end + 10 : end + 16])
    if entries > MAX_ENTRIES or directory_size > _MAX_DIRECTORY_BYTES:
        shown = "more than 65535" if entries == 0xFFFF else str(entries)
        raise ReferenceDocError(
            f"{where} cannot be used safely: it lists {shown} entries (or a directory of "
            f"{directory_size} bytes), more than the limit of {MAX_ENTRIES} entries. A Word reference "
            "document is far smaller; open it in Word and save it again, or use another reference document."
        )
