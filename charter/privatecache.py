"""charter's private cache: a folder only its owner can write, whose files are read only when ours.

What is kept there (compiled clauses, parsed markup and data, page measures, LibreOffice's first
profile) is loaded as code or trusted as data, so the folder is used only when the effective user
owns it, it is no symbolic link and no one else can write to it, and a file is read only when,
opened without following links, it is a regular file with the same properties. Anything else is
simply not used: the cache makes charter faster, never different.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any

MAX_CACHE_FILE_BYTES = 4 << 20  # 4 MiB: a compiled clause is about 20 KiB; a larger file is not ours


def private_folder(name: str) -> Path | None:
    """The folder ``name`` of the private cache, made if need be; None when caching is off
    (``CHARTER_CACHE_DIR=""``) or no safe folder is at hand. Checked on every call: a folder that
    became unsafe is dropped at once (a run reads some 150 cache files: once made, a folder is only
    checked again, two `lstat` calls, rather than looked for and made again)."""
    import os

    root = os.environ.get("CHARTER_CACHE_DIR")
    if root == "":  # caching switched off
        return None
    place = (root, os.environ.get("XDG_CACHE_HOME"), name)
    made = _made.get(place)
    if made is None:
        if root is None:
            base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
            root = os.path.join(base, "charter")
        root_path = Path(os.path.abspath(root))
        made = (root_path, root_path / name)
        if not _make_private_folders(made[0]) or not _private_folder(made[0], ours=False):
            return None  # nothing is made inside a folder that is not safe
        if not _make_private_folders(made[1]):
            return None
        _made[place] = made
    root_path, folder = made
    if not _private_folder(root_path, ours=False) or not _private_folder(folder, ours=True):
        return None
    return folder


#: The folders `private_folder` made (or found) in this process, by where it was asked to look.
_made: dict[tuple[str | None, str | None, str], tuple[Path, Path]] = {}


def _private_folder(path: Path, *, ours: bool) -> bool:
    """Whether `path` is a real folder of the effective user that nobody else can write to.

    A folder charter made for itself (`ours`) that has become group- or world-writable is made
    private again; anyone else's folder is left alone and simply not used.
    """
    import os
    import stat

    try:
        info = os.lstat(path)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
            return False
        if info.st_mode & 0o022:
            if not ours:
                return False
            os.chmod(path, 0o700, follow_symlinks=False)
        return True
    except (OSError, NotImplementedError):
        return False


def _make_private_folders(folder: Path) -> bool:
    """Create `folder` and any missing parent with mode 0700; True when each one made is private."""
    import os

    missing = []
    path = folder
    while not os.path.lexists(path) and path != path.parent:
        missing.append(path)
        path = path.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError:
            return False
        if not _private_folder(path, ours=True):
            return False
    return True


def read_trusted(path: Path) -> bytes | None:
    """A cache file's bytes, or None unless, opened without following links, it is a regular file of
    the effective user that no one else can write to, of at most MAX_CACHE_FILE_BYTES."""
    import os
    import stat

    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        trusted = (
            stat.S_ISREG(info.st_mode)
            and info.st_uid == os.geteuid()
            and not info.st_mode & 0o022
            and info.st_size <= MAX_CACHE_FILE_BYTES
        )
        data = b""
        while trusted and len(data) <= MAX_CACHE_FILE_BYTES:  # a read may return less than asked
            chunk = os.read(fd, MAX_CACHE_FILE_BYTES + 1 - len(data))
            if not chunk:
                break
            data += chunk
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if data and len(data) <= MAX_CACHE_FILE_BYTES else None


def write_private(path: Path, data: bytes) -> None:
    """Write a cache file with mode 0600, under a temporary name then renamed; failures are ignored
    (a cache that cannot be written is simply not kept)."""
    import os
    import tempfile

    try:
        fd, temp = tempfile.mkstemp(prefix=".tmp-", suffix=".cache", dir=path.parent)  # mode 0600
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        os.replace(temp, path)
    except OSError:
        with suppress(OSError):
            os.unlink(temp)


def plain_within(
    value: Any,
    *,
    max_nodes: int,
    max_depth: int,
    containers: tuple[type, ...] = (dict, list, tuple),
) -> bool:
    """Whether ``value`` holds only ``containers``, text, numbers, booleans, None and dates, within
    ``max_nodes`` values (a value met twice counts twice) and ``max_depth`` levels. Walked without
    recursion, and stopped at the bound: a list that holds itself twice, forty levels down, is
    refused at once rather than walked a trillion times."""
    from datetime import date

    scalars = (str, int, float, bool, type(None), date)  # a datetime is not a date here
    level, depth, visits = [value], 0, 0
    while level:  # one level at a time: each is listed by C code, not pushed value by value
        visits += len(level)
        if visits > max_nodes or depth > max_depth:
            return False
        following: list[Any] = []
        for item in level:
            kind = type(item)
            if kind in containers:
                size = len(item) * (2 if kind is dict else 1)  # counted before it is listed
                if visits + len(following) + size > max_nodes:
                    return False
                following.extend(item)
                if kind is dict:
                    following.extend(item.values())
            elif kind not in scalars:
                return False
        level, depth = following, depth + 1
    return True


def code_fingerprint(files: Iterable[Path], *, packages: Iterable[str] = (), text: str = "") -> str:
    """A short hash of what decides what a cache folder holds, for its name: ``text`` (versions),
    the first module of each of ``packages`` (its version is written there: the package need not be
    imported for it) and ``files`` (charter's own code; one that cannot be read counts as unknown)."""
    import hashlib
    from importlib.util import find_spec

    digest = hashlib.sha256(text.encode())
    found = [find_spec(package) for package in packages]
    for source in [Path(spec.origin) for spec in found if spec is not None and spec.origin] + [*files]:
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(b"unknown")
    return digest.hexdigest()[:12]
