"""Run LibreOffice on a Word document: the one place that starts it.

LibreOffice is optional (the Word output works without it). Each run gets its own throw-away
profile, so the user's is never touched and parallel runs never share a lock; its own process
group, so a hung run is stopped whole after a bounded time; and its output is read with a bound.

A profile LibreOffice has just made for itself costs it a few tenths of a second on its first start.
So the caller may name a seed (in charter's private cache): the first run keeps a copy of the profile
it made there, and later runs start from a fresh copy of that seed, still throw-away and their own.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from charter.errors import LayoutError

#: The Debian package that provides what charter needs of LibreOffice.
PACKAGE = "libreoffice-writer-nogui"
#: A charter converts in about 2 s here; a run past this is hung (``$CHARTER_SOFFICE_TIMEOUT`` changes it).
TIMEOUT_SECONDS = 120.0
#: The largest PDF read back (a charter is well under 1 MiB).
MAX_PDF_BYTES = 64 * 1024 * 1024

#: A seed profile larger than this, or with more files, is not ours: it is neither used nor kept.
MAX_SEED_BYTES = 16 * 1024 * 1024
MAX_SEED_FILES = 4000

#: Export options: bookmarks as named destinations, so that each heading's page can be read back.
_MEASURE = {"ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"}}
#: For signing and archiving: PDF/A-2b, tagged for accessibility (PDF/UA), contents as bookmarks.
_ARCHIVE = {
    **_MEASURE,
    "SelectPdfVersion": {"type": "long", "value": "2"},
    "UseTaggedPDF": {"type": "boolean", "value": "true"},
    "PDFUACompliance": {"type": "boolean", "value": "true"},
    "ExportBookmarks": {"type": "boolean", "value": "true"},
}


def find_soffice() -> str | None:
    """The LibreOffice program: ``$CHARTER_SOFFICE`` when set, else ``soffice`` on the PATH."""
    given = os.environ.get("CHARTER_SOFFICE")
    if given:
        found = shutil.which(given)
        if found is None:
            raise LayoutError(f"CHARTER_SOFFICE is set to {given!r}, which is not a program that can be run.")
        return found
    return shutil.which("soffice") or shutil.which("libreoffice")


def missing_message(what: str) -> str:
    return (
        f"{what} needs LibreOffice, which was not found. Install it (Debian and Ubuntu: "
        f"`sudo apt install {PACKAGE}`), or set CHARTER_SOFFICE to the soffice program."
    )


def timeout_seconds() -> float:
    """The time LibreOffice is given: ``$CHARTER_SOFFICE_TIMEOUT`` seconds when set, else TIMEOUT_SECONDS."""
    given = os.environ.get("CHARTER_SOFFICE_TIMEOUT", "")
    try:
        value = float(given) if given else TIMEOUT_SECONDS
    except ValueError:
        raise LayoutError(f"CHARTER_SOFFICE_TIMEOUT must be a number of seconds, not {given!r}.") from None
    if not 0 < value <= 3600:
        raise LayoutError(f"CHARTER_SOFFICE_TIMEOUT must be between 0 and 3600 seconds, not {given!r}.")
    return value


def convert_to_pdf(
    docx: bytes, *, archive: bool, timeout: float | None = None, seed: Path | None = None
) -> bytes:
    """The PDF LibreOffice makes of ``docx``: PDF/A-2b and tagged when ``archive``.

    The run's throw-away profile starts as a copy of ``seed`` when that folder holds one, and is kept
    there for the next runs when it does not (see the module's docstring).
    Raises LayoutError when LibreOffice is missing, fails, or runs past ``timeout`` seconds.
    """
    soffice = find_soffice()
    if soffice is None:
        raise LayoutError(missing_message("A PDF"))
    timeout = timeout_seconds() if timeout is None else timeout
    options = json.dumps(_ARCHIVE if archive else _MEASURE, separators=(",", ":"), sort_keys=True)
    with tempfile.TemporaryDirectory(prefix="charter-layout-") as folder:
        work = Path(folder)
        source = work / "charter.docx"
        source.write_bytes(docx)
        profile = work / "profile"
        seeded = seed is not None and _copy_profile(seed, profile)
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", f"pdf:writer_pdf_Export:{options}",
            "--outdir", str(work / "out"),
            str(source),
        ]  # fmt: skip
        _run(command, timeout, work)
        pdf = _read_pdf(work / "out" / "charter.pdf")
        if seed is not None and not seeded:
            _keep_profile(profile, seed)
        return pdf


def _files(folder: Path) -> list[Path] | None:
    """The regular files under ``folder`` (symbolic links left out), or None when it is not a real
    folder of the effective user that no one else can write to, or is larger than a profile can be."""
    import stat

    try:
        info = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        return None
    found, size = [], 0
    for root, _dirs, names in os.walk(folder):  # does not follow links to folders
        for name in names:
            path = Path(root, name)
            entry = os.lstat(path)
            if stat.S_ISREG(entry.st_mode):
                found.append(path)
                size += entry.st_size
        if len(found) > MAX_SEED_FILES or size > MAX_SEED_BYTES:
            return None
    return found


def _copy_tree(files: list[Path], source: Path, target: Path) -> None:
    for path in files:
        copy = target / path.relative_to(source)
        copy.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copyfile(path, copy, follow_symlinks=False)


def _copy_profile(seed: Path, profile: Path) -> bool:
    """Start ``profile`` as a copy of the seed; False (and no profile) when there is no usable seed."""
    try:
        files = _files(seed)
        if not files:
            return False
        _copy_tree(files, seed, profile)
        return True
    except OSError:
        shutil.rmtree(profile, ignore_errors=True)
        return False


def _keep_profile(profile: Path, seed: Path) -> None:
    """Keep a copy of the profile a run made as the seed, atomically; another run's seed wins."""
    temporary = seed.with_name(f".{seed.name}.{os.getpid()}.tmp")
    try:
        files = _files(profile)
        if not files:
            return
        temporary.mkdir(mode=0o700)
        _copy_tree(files, profile, temporary)
        os.rename(temporary, seed)
    except OSError:
        shutil.rmtree(temporary, ignore_errors=True)


def _run(command: list[str], timeout: float, home: Path) -> None:
    """Run LibreOffice in its own session; kill the whole group when it runs past ``timeout``."""
    env = {**os.environ, "HOME": str(home), "SAL_USE_VCLPLUGIN": "svp"}
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
    except OSError as error:
        raise LayoutError(f"LibreOffice ({command[0]}) could not be started: {error.strerror}.") from error
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(process)
        raise LayoutError(
            f"LibreOffice did not finish laying out the charter within {timeout:g} seconds and was "
            "stopped. Try again; if it keeps happening, check that LibreOffice runs on this machine "
            "(`soffice --headless --version`)."
        ) from None
    except BaseException:  # Ctrl-C: leave no LibreOffice behind
        _kill(process)
        raise
    if process.returncode != 0:
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise LayoutError(f"LibreOffice failed (exit code {process.returncode}): {last[0][:300]}")


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _read_pdf(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError:
        raise LayoutError(
            "LibreOffice finished without writing the PDF (is its Writer component installed?)."
        ) from None
    if size > MAX_PDF_BYTES:
        raise LayoutError(f"LibreOffice wrote a PDF of {size} bytes, over the {MAX_PDF_BYTES} bytes allowed.")
    return path.read_bytes()
