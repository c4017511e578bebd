"""A package's zip, written from members deflated once where they do not change.

zipfile deflates every member each time it writes an archive; most members of a charter (the
theme, the fonts, the relationships, the styles of its language) are the same in every charter of
a reference, so the master deflates them once (`pack`) and each charter deflates only the parts it
wrote. The archive is laid out exactly as zipfile lays out ``writestr`` of a ZipInfo into a
seekable file (no data descriptor, no extra field, no zip64), so its bytes are zipfile's own: the
tests compare the two. Every member is dated 1980-01-01, the earliest date a zip can hold.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from typing import NamedTuple

#: Deflate level 1: a quarter of the time of zlib's default level 6 (document.xml: 1.5 against 5.8 ms)
#: for a file about a fifth larger (27 against 22 KB): a charter is written far more often than sent.
#: zlib, not a faster deflate such as ISA-L (four times faster here): ISA-L picks its kernels by CPU
#: (AVX2, AVX-512, arm64) and does not promise the same bytes from each, and a charter must be the
#: same bytes on every machine.
LEVEL = 1
#: The most a member or the archive may hold here: far beyond a charter, and no zip64 is needed.
LIMIT = 0xFFFFFFFF - 1

_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20  # "2.0": deflate, what zipfile writes
_DEFLATED = 8
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 00:00:00 on 1980-01-01
_MODE = 0o600 << 16  # what zipfile writes: the member's mode once unzipped, read-write for its owner


class Packed(NamedTuple):
    """One member as the zip holds it: the CRC-32 and size of its bytes, and its deflated bytes."""

    crc: int
    size: int
    deflated: bytes


def pack(data: bytes) -> Packed:
    """``data`` deflated as zipfile deflates it (raw deflate at LEVEL), with its CRC-32 and size."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15)
    return Packed(zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def write_zip(members: Iterable[tuple[str, Packed]]) -> bytes:
    """The archive of ``members`` (name, packed), in the order given."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for name, member in members:
        encoded = name.encode("ascii")  # part names of a package are ASCII (OPC, section 9.1.1)
        if member.size > LIMIT or len(member.deflated) > LIMIT:
            raise ValueError(f"the member {name} is too large for a zip without zip64")
        fields = (_DEFLATED, _DOS_TIME, _DOS_DATE, member.crc, len(member.deflated), member.size)
        local = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, 0, *fields, len(encoded), 0)
        out += (local, encoded, member.deflated)
        central.append(
            _CENTRAL.pack(
                b"PK\x01\x02", _VERSION, 0, _VERSION, 0, 0, *fields, len(encoded), 0, 0, 0, 0, _MODE, offset
            )
            + encoded
        )
        offset += len(local) + len(encoded) + len(member.deflated)
        count += 1
    directory = b"".join(central)
    if offset + len(directory) > LIMIT or count > 0xFFFF:
        raise ValueError("the archive is too large for a zip without zip64")
    out += (directory, _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0))
    return b"".join(out)
