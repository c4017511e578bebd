"""The compiled-clause cache: Jinja's bytecode kept between runs, in a folder only its owner can write.

Jinja's cache files hold pickled and marshalled data: loading one runs it as code. So the cache is
used only in a folder that the effective user owns, that is no symbolic link and that no one else
can write to, and only files with the same properties are loaded.
"""

from __future__ import annotations

from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

MAX_CACHE_FILE_BYTES = 4 << 20  # 4 MiB: a compiled clause is about 20 KiB; a larger file is not ours

# Part of the bytecode cache's folder name: change it whenever the environment's settings change,
# since Jinja keys cached code on the template's source only.
_ENVIRONMENT_SETTINGS = "sandbox-strict-trim-lstrip-finalize-1"


@cache
def _code_fingerprint() -> str:
    """A short hash of what decides the code Jinja generates: the modules that define the
    environments (a filter that takes the context, an operator the sandbox intercepts, are compiled
    differently) and Jinja's version, since its bucket files name only their format, not the release
    that wrote them. Neither changes between two builds of one charter version."""
    import hashlib

    import jinja2

    digest = hashlib.sha256(jinja2.__version__.encode())
    for source in (
        Path(__file__).with_name("environment.py"),
        Path(__file__).parent.parent / "model" / "conditions.py",
    ):
        try:
            digest.update(source.read_bytes())
        except OSError:
            digest.update(b"unknown")
    return digest.hexdigest()[:12]


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


@cache
def safe_cache(folder: Path) -> Any:
    """The cache of a folder that `cache_folder` found safe: one per folder and process, shared by the
    clauses' environment and their conditions."""
    return _safe_cache_class()(folder)


def cache_folder() -> Path | None:
    """The folder of compiled clauses, or None when caching is off or no safe folder is at hand.

    Jinja's cache files hold pickled and marshalled data: loading one runs it as code. So the cache
    is used only in a folder that the effective user owns, that is no symbolic link and that no one
    else can write to, and only files with the same properties are loaded (_safe_cache_class).
    Checked on every call: a folder that became unsafe is dropped at once.
    """
    import os

    from charter import __version__

    root = os.environ.get("CHARTER_CACHE_DIR")
    if root == "":  # caching switched off
        return None
    if root is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "charter")
    root_path = Path(os.path.abspath(root))
    folder = root_path / f"jinja-{__version__}-{_ENVIRONMENT_SETTINGS}-{_code_fingerprint()}"
    if not _make_private_folders(root_path) or not _private_folder(root_path, ours=False):
        return None
    if not _make_private_folders(folder) or not _private_folder(folder, ours=True):
        return None
    return folder


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
        data = os.read(fd, MAX_CACHE_FILE_BYTES + 1) if trusted else b""
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


@cache
def _safe_cache_class() -> type:
    """The class below, built on first use so that importing this module does not import Jinja."""
    from jinja2.bccache import BytecodeCache

    class SafeBytecodeCache(BytecodeCache):
        """Jinja's file-system bytecode cache, minus trust in whatever lies in the folder.

        A cache file is loaded only when, opened without following symbolic links, it is a regular
        file of the effective user that no one else can write to, and of at most
        MAX_CACHE_FILE_BYTES. Files are written with mode 0600 under a temporary name, then renamed.
        """

        def __init__(self, folder: Path) -> None:
            self.folder = folder

        def _path(self, bucket: Any) -> Path:
            return self.folder / f"__jinja2_{bucket.key}.cache"

        def load_bytecode(self, bucket: Any) -> None:
            import io

            data = read_trusted(self._path(bucket))
            if data is None:
                return
            try:
                bucket.load_bytecode(io.BytesIO(data))
            except Exception:  # a damaged file of ours: compile again
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                data = bucket.bytecode_to_string()
            except TypeError:
                return
            write_private(self._path(bucket), data)

    return SafeBytecodeCache
