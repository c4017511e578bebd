"""The compiled-clause cache: Jinja's bytecode kept between runs, in a folder only its owner can write.

Jinja's cache files hold pickled and marshalled data: loading one runs it as code. So the cache is
used only in a folder that the effective user owns, that is no symbolic link and that no one else
can write to, and only files with the same properties are loaded.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from charter.privatecache import private_folder, read_trusted, write_private

# Part of the bytecode cache's folder name: change it whenever the environment's settings change,
# since Jinja keys cached code on the template's source only.
_ENVIRONMENT_SETTINGS = "sandbox-strict-trim-lstrip-finalize-1"


@cache
def _code_fingerprint() -> str:
    """A short hash of what decides the code Jinja generates: the modules that define the
    environments (a filter that takes the context, an operator the sandbox intercepts, are compiled
    differently) and Jinja's version, since its bucket files name only their format, not the release
    that wrote them. Neither changes between two builds of one charter version."""
    from charter.privatecache import code_fingerprint

    here = Path(__file__)
    return code_fingerprint(
        [here.with_name("environment.py"), here.parent.parent / "model" / "conditions.py"],
        packages=["jinja2"],
    )


@cache
def safe_cache(folder: Path) -> Any:
    """The cache of a folder that `cache_folder` found safe: one per folder and process, shared by the
    clauses' environment and their conditions."""
    return _safe_cache_class()(folder)


def cache_folder() -> Path | None:
    """The folder of compiled clauses (and of what is kept beside them), or None when caching is off
    or no safe folder is at hand (`charter.privatecache.private_folder`).

    Jinja's cache files hold pickled and marshalled data: loading one runs it as code, hence the
    private folder, and a bytecode cache that loads only trusted files (_safe_cache_class).
    """
    from charter import __version__

    return private_folder(f"jinja-{__version__}-{_ENVIRONMENT_SETTINGS}-{_code_fingerprint()}")


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
