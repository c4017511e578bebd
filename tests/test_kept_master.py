"""The fitted reference kept between runs (charter/docx/master.py): same bytes, no python-docx once
kept, and nothing kept is trusted beyond what it is.

Each run here is a process of its own: within one process a master is also kept in memory, which
would hide what the private cache does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import MINIMAL
from docx.shared import Pt

#: Writes the charter, then says whether python-docx (and PyYAML) were imported to write it.
_GENERATE = (
    "import sys; from charter.cli import main\n"
    "code = main(['generate', sys.argv[1], '-o', sys.argv[2], '--force', '--no-layout', *sys.argv[3:]])\n"
    "print('python-docx' if 'docx' in sys.modules else 'lxml alone', end='')\n"
    "print(', PyYAML' if 'yaml' in sys.modules else ''); sys.exit(code)\n"
)


def _generate(workdir: Path, cache: str, name: str, *extra: str) -> tuple[bytes, str]:
    answers = workdir / "answers.yml"
    if not answers.exists():
        answers.write_text(MINIMAL, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _GENERATE, str(answers), str(workdir / name), *extra],
        capture_output=True, text=True, cwd=workdir, env={**os.environ, "CHARTER_CACHE_DIR": cache},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return (workdir / name).read_bytes(), done.stdout.strip().splitlines()[-1]


def _masters(cache: Path) -> list[Path]:
    return sorted(cache.glob("docx-*/*.zip"))


def test_a_kept_master_gives_the_same_charter_without_python_docx(workdir: Path) -> None:
    cache = workdir / "cache"
    first, how_first = _generate(workdir, str(cache), "first.docx")
    again, how_again = _generate(workdir, str(cache), "again.docx")
    uncached, how_uncached = _generate(workdir, "", "uncached.docx")
    # kept too: the parsed answers file and data files, so that a run as the last one loads no PyYAML
    assert (how_first, how_again, how_uncached) == (
        "python-docx, PyYAML",
        "lxml alone",
        "python-docx, PyYAML",
    )
    assert first == again == uncached
    assert [p.name.split("-")[0] for p in _masters(cache)] == ["builtin"]
    assert oct(_masters(cache)[0].stat().st_mode & 0o777) == "0o600"


def _rewrite(kept: Path, change: Callable[[dict[str, bytes]], None]) -> None:
    """Change the members of a kept master in place (still ours, still 0600)."""
    with zipfile.ZipFile(kept) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    change(members)
    with zipfile.ZipFile(kept, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _record(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, bytes]], None]:
    def edit(members: dict[str, bytes]) -> None:
        record = json.loads(members["charter-master.json"])
        change(record)
        members["charter-master.json"] = json.dumps(record).encode()

    return edit


#: Masters that are whole zips, well typed, but not what fitting makes: each is fitted again.
_UNSOUND = {
    "a style missing": _record(lambda r: r["ids"].pop("Normal")),
    "a list numbering missing": _record(lambda r: r.update(lists={})),
    "no heading levels": _record(lambda r: r.update(heading_levels=[])),
    "a level out of range": _record(lambda r: r.update(heading_ilvl=[[1, 99]])),
    "text for a flag": _record(lambda r: r.update(normal_is_default="false")),
    "notes not a list": _record(lambda r: r.update(notes="abc")),
    "a header role missing": _record(lambda r: r["roles"].pop("first_header")),
    "a part with another root": lambda m: m.update({"word/settings.xml": b"<foo/>"}),
    "a document without a body": lambda m: m.update(
        {
            "word/document.xml": b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'
        }
    ),
    "a part with a DTD": lambda m: m.update(
        {"word/settings.xml": b'<!DOCTYPE x [<!ENTITY e "boo">]>' + m["word/settings.xml"].split(b"?>", 1)[1]}
    ),
    "sixty-five MiB unpacked": lambda m: m.update({"word/media/big.bin": bytes(65 << 20)}),
}


@pytest.mark.parametrize("damage", ["garbage", "not-a-master", "missing-part", "world-writable", *_UNSOUND])
def test_a_damaged_or_unsafe_master_is_fitted_again(workdir: Path, damage: str) -> None:
    cache = workdir / "cache"
    first, _ = _generate(workdir, str(cache), "first.docx")
    (kept,) = _masters(cache)
    if damage in _UNSOUND:
        _rewrite(kept, _UNSOUND[damage])
    elif damage == "garbage":
        kept.write_bytes(b"PK\x03\x04 not a zip at all")
    elif damage == "not-a-master":  # a zip, but a Word file rather than a kept master
        kept.write_bytes(first)
    elif damage == "missing-part":  # a master whose record names a part it does not hold
        _rewrite(kept, lambda members: members.pop("word/settings.xml"))
    else:
        kept.chmod(0o666)
    again, how = _generate(workdir, str(cache), "again.docx")
    assert how.startswith("python-docx"), "the damaged master was used"
    assert again == first
    if damage != "world-writable":  # fitted again and kept again, whole
        assert _generate(workdir, str(cache), "third.docx") == (first, "lxml alone")


def _reference(path: Path, size: int) -> Path:
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(size)
    document.save(str(path))
    return path


def test_a_reference_edited_between_runs_is_fitted_again(workdir: Path) -> None:
    """A master is named after the reference's bytes: an edited reference is never served stale."""
    cache = str(workdir / "cache")
    reference = _reference(workdir / "house.docx", 11)
    eleven, _ = _generate(workdir, cache, "11.docx", "--reference-doc", str(reference))
    kept_eleven, how = _generate(workdir, cache, "11-again.docx", "--reference-doc", str(reference))
    assert (kept_eleven, how) == (eleven, "lxml alone")
    _reference(reference, 14)
    fourteen, how = _generate(workdir, cache, "14.docx", "--reference-doc", str(reference))
    assert how.startswith("python-docx") and fourteen != eleven
    assert fourteen == _generate(workdir, "", "14-uncached.docx", "--reference-doc", str(reference))[0]
    assert docx.Document(str(workdir / "11.docx")).styles["Normal"].font.size == Pt(11)
    assert docx.Document(str(workdir / "14.docx")).styles["Normal"].font.size == Pt(14)


def test_blocks_built_in_one_run_are_kept_for_the_next(workdir: Path) -> None:
    """The blocks a run built are kept beside the master, one file per language; the next run writes
    the same bytes from them (and a run without any cache the same again), even with a damaged file."""
    cache = workdir / "cache"
    first, _ = _generate(workdir, str(cache), "first.docx")
    (kept,) = sorted(cache.glob("docx-*/*.pieces-*.json"))
    assert kept.name.startswith(f"{_masters(cache)[0].stem}.pieces-en-GB-")  # the language, then the outline
    pieces = json.loads(kept.read_text(encoding="utf-8"))
    assert len(pieces) > 20 and all(xml.startswith("<w:") for xml, _ in pieces.values())
    again, _ = _generate(workdir, str(cache), "again.docx")
    uncached, _ = _generate(workdir, "", "uncached.docx")
    assert first == again == uncached
    unclosed = kept.read_text(encoding="utf-8").replace("</w:p>", "", 1)  # well-formed JSON, broken XML
    for damage in (
        "{not json",
        '{"k": ["<w:p/>", "w:script"]}',
        '["<w:p/>"]',
        '{"k": ["text", ""]}',
        unclosed,
    ):
        kept.write_text(damage, encoding="utf-8")
        damaged, _ = _generate(workdir, str(cache), "damaged.docx")
        assert damaged == first, damage
