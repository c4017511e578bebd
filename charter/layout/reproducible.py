"""Make LibreOffice's PDF the same bytes for the same charter.

LibreOffice stamps the clock into three places (the document information's creation date, the XMP
metadata's, and the header of the embedded ICC colour profile that PDF/A requires) and derives the
file identifier from it. Each is set from the charter's own date, the identifier is derived from
the content, and the cross-reference table is rewritten with the shifted offsets. The edits are made
on the original bytes: nothing else of LibreOffice's file changes, so it stays valid PDF/A.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from datetime import datetime

_XREF = re.compile(rb"\nxref\n0 (\d+)\n")
_STARTXREF = re.compile(rb"\nstartxref\n(\d+)\n%%EOF\s*$")
_INFO_DATE = re.compile(rb"/(?:CreationDate|ModDate)\(D:[0-9]{14}[^)]{0,8}\)")
_XMP_DATE = re.compile(rb"<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]{1,40}</xmp:\1>")
_ICC = re.compile(rb"\n(\d+) 0 obj\n<</N 3/Length (\d+) 0 R/Filter/FlateDecode>>\nstream\n")
_ID = re.compile(rb"/ID \[\s?<([0-9A-Fa-f]{32})>\s?<([0-9A-Fa-f]{32})>\s?\]")
_CHECKSUM = re.compile(rb"/DocChecksum /[0-9A-Fa-f]{32}")
_MAX_ICC = 1 << 20


def reproducible(pdf: bytes, when: datetime) -> bytes | None:
    """``pdf`` with every clock stamp set to ``when`` and a content-derived identifier, or None when
    the file is not laid out as LibreOffice writes it (then it cannot be made reproducible)."""
    xref = _XREF.search(pdf)
    start = _STARTXREF.search(pdf)
    if xref is None or start is None or int(start.group(1)) != xref.start() + 1:
        return None
    edits: list[tuple[int, int, bytes]] = []
    stamp = when.strftime("%Y%m%d%H%M%S").encode()
    for found in _INFO_DATE.finditer(pdf, 0, xref.start()):
        name = found.group().split(b"(")[0]
        edits.append((found.start(), found.end(), name + b"(D:" + stamp + b"Z)"))
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    for found in _XMP_DATE.finditer(pdf, 0, xref.start()):
        tag = found.group(1)
        value = b"<xmp:" + tag + b">" + iso + b"</xmp:" + tag + b">"
        if len(value) != len(found.group()):  # the XMP stream's length is written directly: keep it
            return None
        edits.append((found.start(), found.end(), value))
    icc = _icc_edits(pdf, when)
    if icc is None:
        return None
    edits.extend(icc)
    return _apply(pdf, sorted(edits), xref)


def _icc_edits(pdf: bytes, when: datetime) -> list[tuple[int, int, bytes]] | None:
    """The ICC profile stream recompressed with ``when`` in its header, and its length object."""
    found = _ICC.search(pdf)
    if found is None:
        return []
    length_object = re.compile(rb"\n" + found.group(2) + rb" 0 obj\n(\d+)\nendobj")
    length = length_object.search(pdf)
    if length is None:
        return None
    begin = found.end()
    size = int(length.group(1))
    try:
        profile = bytearray(zlib.decompressobj().decompress(pdf[begin : begin + size], _MAX_ICC))
    except zlib.error:
        return None
    if len(profile) < 128 or profile[36:40] != b"acsp":
        return None
    profile[24:36] = struct.pack(">6H", when.year, when.month, when.day, when.hour, when.minute, when.second)
    packed = zlib.compress(bytes(profile), 9)
    number = length.group(1)
    return [
        (begin, begin + size, packed),
        (length.start(1), length.start(1) + len(number), str(len(packed)).encode()),
    ]


def _apply(pdf: bytes, edits: list[tuple[int, int, bytes]], xref: re.Match[bytes]) -> bytes | None:
    """The edits applied, object offsets shifted, the table and ``startxref`` rewritten, the ID set."""
    count = int(xref.group(1))
    table_start = xref.end()
    entries = pdf[table_start : table_start + 20 * count]
    if len(entries) != 20 * count or not pdf[table_start + 20 * count :].startswith(b"trailer"):
        return None
    offsets = [(int(entries[i * 20 : i * 20 + 10]), entries[i * 20 + 10 : i * 20 + 20]) for i in range(count)]
    body = bytearray()
    position = 0
    shifts: list[tuple[int, int]] = []  # (original position, cumulative shift after it)
    shift = 0
    for begin, end, text in edits:
        if begin < position:
            return None  # overlapping edits: not a file this knows
        body += pdf[position:begin] + text
        shift += len(text) - (end - begin)
        shifts.append((end, shift))
        position = end
    body += pdf[position : xref.start()]

    def moved(offset: int) -> int:
        return offset + max((s for end, s in shifts if end <= offset), default=0)

    table = b"".join(
        (b"%010d" % moved(offset) if rest.endswith(b"n\r\n") or rest.endswith(b"n \n") else b"%010d" % offset)
        + rest
        for offset, rest in offsets
    )
    trailer = pdf[table_start + 20 * count : _STARTXREF.search(pdf).start()]  # type: ignore[union-attr]
    head = bytes(body) + b"\nxref\n0 %d\n" % count + table
    unstamped = head + _CHECKSUM.sub(b"", _ID.sub(b"", trailer))
    digest = hashlib.md5(unstamped, usedforsecurity=False).hexdigest().upper().encode()
    trailer = _CHECKSUM.sub(b"/DocChecksum /" + digest, trailer)
    trailer, replaced = _ID.subn(b"/ID [ <" + digest + b"> <" + digest + b"> ]", trailer)
    if replaced != 1:
        return None
    return head + trailer + b"\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1)
