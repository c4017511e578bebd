"""charter writes a package's zip itself (members deflated once where they never change): the bytes
must be exactly those zipfile writes for the same members, and every zip reader must read them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charter.docx import zipwrite
from charter.docx.master import member_order, zip_members
from charter.docx.zipwrite import pack, write_zip

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def zipfile_bytes(members: dict[str, bytes]) -> bytes:
    """The same members as zipfile writes them: dated 1980-01-01, deflated at level 3, in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in member_order(members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            archive.writestr(info, members[name], compresslevel=zipwrite.LEVEL)
    return out.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every CRC checks
        return {info.filename: archive.read(info) for info in archive.infolist()}


@pytest.mark.parametrize("example", ["us-company", "fr-public"])
def test_a_charter_zip_is_byte_for_byte_what_zipfile_writes(example: str) -> None:
    members = members_of((EXAMPLES / example / "charter.docx").read_bytes())
    assert zip_members(members) == zipfile_bytes(members)


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
    assert data == zipfile_bytes(members)
    assert members_of(data) == members


def test_a_member_is_deflated_once_and_reused_as_is() -> None:
    """The master's packed members are plain values: the same packed bytes give the same archive."""
    packed = pack(b"<w:document/>" * 100)
    first = write_zip([("word/document.xml", packed)])
    assert write_zip([("word/document.xml", packed)]) == first
    assert members_of(first) == {"word/document.xml": b"<w:document/>" * 100}
    assert len(packed.deflated) < 100  # deflated, not stored
