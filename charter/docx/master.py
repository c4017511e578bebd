"""The master of a reference: fitted once, kept, and copied for every charter with lxml alone.

Fitting a reference (its styles, numbering, header and footer parts: ``fit``) needs python-docx,
whose import alone is about a fifth of a fresh `charter generate`. What fitting produces is only
bytes: the package's zip members, and what the writer needs to know of the styles. So a master is
kept as those bytes, in memory for the process and in the private cache between runs (a zip of the
members and a JSON record, `Master.to_bytes`), and a charter is written from it with lxml alone:
the parts a charter writes to (document, settings, core properties, numbering, headers and
footers) are parsed once per process, copied per charter, filled and serialised exactly as
python-docx would; every other member (theme, fonts, pictures, relationships, content types) is
written as it was kept. python-docx is imported only when no master is kept for a reference.

A kept master is trusted as the compiled clauses are (`charter.privatecache`: a file of the
private folder, ours and nobody else's to write), and checked as it is read: anything unexpected
and the reference is fitted again.
"""

from __future__ import annotations

import copy
import io
import json
import re
import threading
import zipfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from charter.docx.keptpieces import KeptPieces
from charter.docx.numbering import Level
from charter.docx.properties import set_language
from charter.docx.xml import Element, parse_part, qn, serialize_part
from charter.docx.zipread import MAX_ENTRIES, MAX_TOTAL_BYTES
from charter.docx.zipwrite import Packed, pack, write_zip
from charter.errors import ReferenceDocError

#: The members a package starts with, in this order; the others follow in name order.
_FIRST = ("[Content_Types].xml", "_rels/.rels")
#: The record of a kept master, inside its zip; its format, changed whenever the record changes.
_RECORD, _FORMAT = "charter-master.json", 1
#: The roles of the parts a charter writes to (`headers` names the header and footer ones).
WRITTEN = (
    "document", "settings", "core", "numbering",
    "first_header", "first_footer", "header", "footer", "even_header", "even_footer",
)  # fmt: skip

_lock = threading.Lock()

# Styles the charter needs: logical name -> (style type, accepted names, most preferred first).
# Names are compared case-insensitively, so Word's internal "heading 1" and pandoc's "Heading 1"
# are the same style. The first accepted name is also the one looked up in the built-in reference.
NEEDED_STYLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Normal": ("paragraph", ("Normal",)),
    "Title": ("paragraph", ("Title",)),
    "Subtitle": ("paragraph", ("Subtitle",)),
    "Heading 1": ("paragraph", ("heading 1",)),
    "Heading 2": ("paragraph", ("heading 2",)),
    "Heading 3": ("paragraph", ("heading 3",)),
    "TOC Heading": ("paragraph", ("TOC Heading",)),
    "TOC 1": ("paragraph", ("toc 1",)),
    "TOC 2": ("paragraph", ("toc 2",)),
    "TOC 3": ("paragraph", ("toc 3",)),
    "List Bullet": ("paragraph", ("List Bullet",)),
    "List Bullet 2": ("paragraph", ("List Bullet 2",)),
    "List Number": ("paragraph", ("List Number",)),
    "List Number 2": ("paragraph", ("List Number 2",)),
    # pandoc calls its quotation style "Block Text", LibreOffice "Quotations".
    "Quote": ("paragraph", ("Quote", "Block Text", "Quotations")),
    "Header": ("paragraph", ("header",)),
    "Footer": ("paragraph", ("footer",)),
    # A user's plain "Table Grid" is respected; otherwise the charter's shaded-header table style.
    "Table": ("table", ("Charter Table", "Table Grid")),
}
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")
LIST_STYLES = ("List Bullet", "List Bullet 2", "List Number", "List Number 2")


class FittedStyles(NamedTuple):
    """What the writer needs to know about the reference once its styles are complete."""

    ids: dict[str, str]  # logical name -> styleId in the document
    normal_is_default: bool
    heading_levels: list[Level]  # ilvl 0..8 of the heading numbering
    heading_ilvl: dict[int, int]  # heading level -> ilvl in that numbering
    lists: dict[str, tuple[str, int, int]]  # list style -> (abstractNumId, ilvl, start)
    notes: list[str]  # what the reference lacked, and how the charter made up for it


#: A language tag as a charter writes it (fr-FR, en-GB): what may name a file of kept pieces.
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8}){0,3}")
#: What a kept piece may end with: a paragraph, a table, or nothing (a table without columns).
_PIECE_TAGS = frozenset({qn("w:p"), qn("w:tbl"), ""})


class Master:
    """A fitted reference: its zip members, the parts each charter writes to (parsed once), what
    its styles are, and the blocks already built for it (see builder.Builder._copied)."""

    __slots__ = (
        "_fixed",
        "_pieces",
        "_pieces_beside",
        "_styles_packed",
        "_styles_root",
        "kept",
        "members",
        "roles",
        "styles",
        "trees",
    )

    def __init__(self, members: dict[str, bytes], roles: dict[str, str], styles: FittedStyles) -> None:
        self.members = members  # every zip member, as fitted: name -> bytes
        self.roles = roles  # "document", "styles", "settings", ... -> the member that plays it
        self.styles = styles
        written = {name for role, name in roles.items() if role in WRITTEN}
        self.trees = {name: parse_part(members[name]) for name in sorted(written)}
        self._styles_root = parse_part(members[roles["styles"]])
        self._styles_packed: dict[str, Packed] = {}  # the styles part in each language, deflated
        self._fixed: dict[str, Packed] | None = None  # the members no charter changes, deflated
        self._pieces: dict[str, KeptPieces] = {}  # blocks built for this reference, by language
        self._pieces_beside: Path | None = None  # the kept master's file, which its pieces go beside
        self.kept = False  # read back from the private cache (`from_bytes`), not fitted in this process

    def keep_pieces_beside(self, path: Path) -> None:
        """Keep the pieces built for this master beside ``path`` (its file in the private cache)."""
        self._pieces_beside = path

    def pieces(self, language_tag: str) -> KeptPieces:
        """The blocks built for this master in ``language_tag``, as XML (see keptpieces)."""
        with _lock:
            found = self._pieces.get(language_tag)
            if found is None:
                beside = self._pieces_beside
                named = _LANGUAGE_TAG.fullmatch(language_tag) is not None
                path = beside.with_name(f"{beside.stem}.pieces-{language_tag}") if beside and named else None
                found = self._pieces[language_tag] = KeptPieces(path, _PIECE_TAGS)
            return found

    def copy_parts(self) -> dict[str, Element]:
        """A copy of each part a charter writes to, by role (two roles may share one part)."""
        copies = {name: copy.deepcopy(tree) for name, tree in self.trees.items()}
        return {role: copies[name] for role, name in self.roles.items() if name in copies}

    def zip(self, parts: dict[str, Element], language_tag: str, *, document: bytes) -> bytes:
        """The charter's .docx: ``parts`` (by role, from `copy_parts`) serialised over the members,
        the document part as ``document`` (the builder writes it: see pieces). Only those parts are
        deflated for each charter; the styles of each language and the members no charter changes
        are deflated once (see zipwrite)."""
        packed = dict(self._fixed_members())
        for role, root in parts.items():
            packed[self.roles[role]] = pack(document if role == "document" else serialize_part(root))
        packed[self.roles["styles"]] = self._styles(language_tag)
        return write_zip((name, packed[name]) for name in member_order(packed))

    def _fixed_members(self) -> dict[str, Packed]:
        """Every member a charter writes as it is (all but its parts and the styles), deflated."""
        with _lock:
            if self._fixed is None:
                changed = {self.roles["styles"], *self.trees}
                self._fixed = {n: pack(data) for n, data in self.members.items() if n not in changed}
            return self._fixed

    def _styles(self, language_tag: str) -> Packed:
        """The styles part in ``language_tag``, serialised and deflated once per language (a Word-made
        reference carries some 300 KB of styles: copying and writing them was most of a charter's time)."""
        with _lock:
            packed = self._styles_packed.get(language_tag)
            if packed is None:
                root = copy.deepcopy(self._styles_root)
                set_language(root, language_tag)
                packed = self._styles_packed[language_tag] = pack(serialize_part(root))
        return packed

    # ------------------------------------------------------------------------------ kept between runs
    def to_bytes(self) -> bytes:
        """The master as a file of the private cache: its members and a record of roles and styles."""
        styles = self.styles
        record = {
            "format": _FORMAT,
            "roles": self.roles,
            "ids": styles.ids,
            "normal_is_default": styles.normal_is_default,
            "heading_levels": [list(level) for level in styles.heading_levels],
            "heading_ilvl": [[level, ilvl] for level, ilvl in styles.heading_ilvl.items()],
            "lists": styles.lists,
            "notes": styles.notes,
        }
        return zip_members({**self.members, _RECORD: json.dumps(record, sort_keys=True).encode()})

    @classmethod
    def from_bytes(cls, data: bytes) -> Master | None:
        """A master kept by `to_bytes`, or None when the file is not one, whole and within bounds (then
        the reference is fitted again): every part the writer needs, with the root it should have and
        no DTD, and a record of the styles as fitting makes it."""
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                infos = archive.infolist()
                if len(infos) > MAX_ENTRIES or sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
                    return None
                members = {info.filename: archive.read(info) for info in infos}
            record = json.loads(members.pop(_RECORD))
            if not isinstance(record, dict) or record.get("format") != _FORMAT:
                return None
            roles = _roles(record["roles"], members)
            styles = _styles(record)
            if roles is None or styles is None:
                return None
            master = cls(members, roles, styles)
        except Exception:  # a damaged or foreign file: not ours to trust, fit again
            return None
        master.kept = True
        return master if master._sound() else None

    def _sound(self) -> bool:
        """Whether each written part has the root its role wants (and the document a body ending with
        its page setup), and none declares a DTD (its entities would reach the charter unresolved)."""
        for role, name in self.roles.items():
            root = self._styles_root if role == "styles" else self.trees[name]
            if root.tag != qn(_ROOTS[role]) or root.getroottree().docinfo.doctype:
                return False
        body = self.trees[self.roles["document"]].find(qn("w:body"))
        return body is not None and len(body) > 0 and body[-1].tag == qn("w:sectPr")


def _text_map(value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise TypeError("a mapping of text expected")
    return {str(key): item for key, item in value.items()}


def builtin_reference_path() -> Path:
    """The house style shipped with the package (see charter.resources for where that is)."""
    from charter.resources import builtin_dir

    return builtin_dir() / "reference.docx"


@cache
def builtin_reference_bytes() -> bytes:
    """Read once per process: every render and every fallback starts from it."""
    path = builtin_reference_path()
    try:
        return path.read_bytes()
    except OSError as error:
        raise ReferenceDocError(
            f"The built-in Word reference document is missing ({path}): reinstall charter, or run "
            "`python tools/build_reference.py` in a source checkout."
        ) from error


#: The root element of the part each role names.
_ROOTS = {
    "document": "w:document", "styles": "w:styles", "settings": "w:settings", "numbering": "w:numbering",
    "core": "cp:coreProperties", "first_header": "w:hdr", "header": "w:hdr", "even_header": "w:hdr",
    "first_footer": "w:ftr", "footer": "w:ftr", "even_footer": "w:ftr",
}  # fmt: skip
#: Roles every master has; "numbering" and the even pages' pair are there when the reference has them.
_REQUIRED_ROLES = {
    "document",
    "styles",
    "settings",
    "core",
    "first_header",
    "first_footer",
    "header",
    "footer",
}


def _roles(value: Any, members: dict[str, bytes]) -> dict[str, str] | None:
    roles = _text_map(value)
    known, given = set(_ROOTS), set(roles)
    even = {"even_header", "even_footer"} & given
    if not _REQUIRED_ROLES <= given <= known or even not in (set(), {"even_header", "even_footer"}):
        return None
    return roles if set(roles.values()) <= set(members) else None


def _styles(record: dict[str, Any]) -> FittedStyles | None:
    """The record's styles as `fit` makes them, or None: every style the charter needs, nine numbering
    levels, each heading's level among them, each list's numbering."""
    ids = _text_map(record["ids"])
    levels = record["heading_levels"]
    ilvl = record["heading_ilvl"]
    lists = record["lists"]
    notes = record["notes"]
    shapes = (
        set(NEEDED_STYLES) <= set(ids),
        type(record["normal_is_default"]) is bool,
        isinstance(levels, list) and len(levels) == 9 and all(_level(level) for level in levels),
        isinstance(ilvl, list) and all(_pair(pair, range(1, 4), range(9)) for pair in ilvl),
        isinstance(lists, dict) and set(LIST_STYLES) <= set(lists) and all(_list(v) for v in lists.values()),
        isinstance(notes, list) and all(isinstance(note, str) for note in notes),
    )
    if not all(shapes):
        return None
    return FittedStyles(
        ids=ids,
        normal_is_default=record["normal_is_default"],
        heading_levels=[Level(fmt, text, start) for fmt, text, start in levels],
        heading_ilvl=dict(tuple(pair) for pair in ilvl),
        lists={name: (number, level, start) for name, (number, level, start) in lists.items()},
        notes=notes,
    )


def _level(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 3 and _types(value, (str, str, int))


def _pair(value: Any, first: range, second: range) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and _types(value, (int, int))
        and (value[0] in first and value[1] in second)
    )


def _list(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 3 and _types(value, (str, int, int))


def _types(values: list[Any], kinds: tuple[type, ...]) -> bool:
    return all(type(value) is kind for value, kind in zip(values, kinds, strict=True))


def member_order(names: Iterable[str]) -> list[str]:
    """The order members are written in: _FIRST, then the others by name (same members, same bytes)."""
    present = set(names)
    return [n for n in _FIRST if n in present] + sorted(present.difference(_FIRST))


def zip_members(members: dict[str, bytes]) -> bytes:
    """A zip of ``members`` (name -> bytes), in `member_order`, each deflated (see zipwrite)."""
    return write_zip((name, pack(members[name])) for name in member_order(members))
