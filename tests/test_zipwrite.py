"""charter writes a package's zip itself (members deflated once where they never change, by ISA-L):
every header must be the one zipfile writes for the same members, and every zip reader must read it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charter.docx.master import member_order, zip_members
from charter.docx.zipwrite import pack, write_zip

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def zipfile_bytes(members: dict[str, bytes]) -> bytes:
    """The same members as zipfile writes them: dated 1980-01-01, deflated (by zlib), in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in member_order(members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            archive.writestr(info, members[name])
    return out.getvalue()


#: Every field of a member's headers but the size of its deflated bytes (zlib's and ISA-L's differ).
FIELDS = (
    "filename", "date_time", "compress_type", "comment", "extra", "create_system", "create_version",
    "extract_version", "reserved", "flag_bits", "volume", "internal_attr", "external_attr", "CRC",
    "file_size",
)  # fmt: skip


def layout(data: bytes) -> list[tuple[object, ...]]:
    """Each member's header fields, and where its local header starts less the deflated bytes
    before it: equal for two archives laid out alike whatever deflated their members."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        deflated_before = [sum(i.compress_size for i in infos[:n]) for n in range(len(infos))]
        return [
            (*(getattr(info, field) for field in FIELDS), info.header_offset - before)
            for info, before in zip(infos, deflated_before, strict=True)
        ]


def same_as_zipfile(data: bytes, members: dict[str, bytes]) -> None:
    expected = zipfile_bytes(members)
    assert layout(data) == layout(expected)
    deflated = sum(i.compress_size for i in zipfile.ZipFile(io.BytesIO(data)).infolist())
    assert len(data) - deflated == len(expected) - sum(
        i.compress_size for i in zipfile.ZipFile(io.BytesIO(expected)).infolist()
    ), "the same headers, directory and end record around the deflated bytes"
    assert members_of(data) == members


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every CRC checks
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.mark.parametrize("example", ["us-company", "fr-public"])
def test_a_charter_zip_is_laid_out_as_zipfile_writes_it(example: str) -> None:
    members = members_of((EXAMPLES / example / "charter.docx").read_bytes())
    same_as_zipfile(zip_members(members), members)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="abcdefghij/._[]ABC", min_size=1, max_size=20).filter(lambda n: not n.endswith("/")),
        st.binary(max_size=3000),
        max_size=8,
    )
)
def test_any_members_read_back_as_written(members: dict[str, bytes]) -> None:
    data = write_zip((name, pack(members[name])) for name in member_order(members))
    same_as_zipfile(data, members)


def test_a_member_is_deflated_once_and_reused_as_is() -> None:
    """The master's packed members are plain values: the same packed bytes give the same archive."""
    packed = pack(b"<w:document/>" * 100)
    first = write_zip([("word/document.xml", packed)])
    assert write_zip([("word/document.xml", packed)]) == first
    assert members_of(first) == {"word/document.xml": b"<w:document/>" * 100}
    assert len(packed.deflated) < 100  # deflated, not stored
