"""Writing a file the way a careful user expects: never half a file, never a silent overwrite.

Used for every file charter writes (charters, answers files, drafts). The rules, by what is at the
output path, are below; every refusal is an OutputError (exit 5).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from charter.errors import OutputError

#
# What may be at the output path, and what happens (with --force or not):
# - nothing: a new regular file, mode 0666 minus the umask, written to a temporary file beside it
#   (`.charter-XXXXXXXX.tmp`) and renamed into place: never half a file;
# - a regular file: refused without --force; with it, replaced the same atomic way, keeping its mode
#   and, where allowed, its owner and group;
# - a character device (/dev/null) or a FIFO: written through (opened and written, no temporary file),
#   with or without --force, since nothing is replaced; it stays what it was;
# - /dev/stdout, /dev/stderr, /dev/fd/1, /dev/fd/2: written to that descriptor as the shell set it up;
# - a terminal, a block device, a socket, a folder: refused;
# - a symbolic link: followed to its final target, to which the same rules apply (the link is kept);
#   a link to nothing, or a loop of links, is refused.

_STANDARD_STREAMS = {
    "-": 1,  # `-o -`, as pandoc and most tools write it
    "/dev/stdout": 1,
    "/dev/stderr": 2,
    "/dev/fd/1": 1,
    "/dev/fd/2": 2,
    "/proc/self/fd/1": 1,
    "/proc/self/fd/2": 2,
}
_TOO_LONG = (
    "the file name {name} is too long for the folder {parent} (at most {limit} bytes); choose a shorter one."
)


class _Plan(NamedTuple):
    """How an output is written: "new" or "replace" (atomically at `path`), "through" or "stream" (fd)."""

    how: str
    path: Path
    info: os.stat_result | None = None
    fd: int | None = None


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path(".")


def _os_problem(output: Path, exc: OSError) -> OutputError:
    """An OSError met while looking at or writing `output`, as one sentence a user can act on."""
    if exc.errno == errno.ENAMETOOLONG:
        limit = _name_max(_folder(output))
        return OutputError(_TOO_LONG.format(name=_short(output.name), parent=_folder(output), limit=limit))
    if exc.errno == errno.ELOOP:
        return OutputError(f"{output} leads to a loop of symbolic links; give the path of a file.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return OutputError(f"cannot write {output}: permission denied.")
    return OutputError(f"cannot write {output}: {exc.strerror or exc}.")


def _short(name: str) -> str:
    return name if len(name) <= 40 else name[:40] + "…"


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _final_target(output: Path) -> Path:
    """Where a chain of symbolic links ends (each link read relative to its own folder)."""
    path = output
    for _ in range(40):  # the kernel's own limit on links followed
        try:
            link = os.readlink(path)
        except OSError as exc:
            if exc.errno == errno.EINVAL:  # not a link: the end of the chain
                return path
            if exc.errno == errno.ENOENT:
                return path
            raise
        path = _folder(path) / link
    raise OutputError(f"{output} leads to a loop of symbolic links; give the path of a file.")


def _plan(output: Path, *, force: bool, text: bool = False) -> _Plan:
    """Decide, from what is at `output` now, how to write it; OutputError if it must not be written.
    ``text``: the output is text (HTML, Markdown), which may go to a terminal."""
    try:
        return _decide(output, force=force, text=text)
    except OSError as exc:
        raise _os_problem(output, exc) from None


def _decide(output: Path, *, force: bool, text: bool) -> _Plan:
    name = os.fsencode(output.name)
    if len(name) > _name_max(_folder(output)):
        raise OutputError(
            _TOO_LONG.format(
                name=_short(output.name), parent=_folder(output), limit=_name_max(_folder(output))
            )
        )
    stream = _STANDARD_STREAMS.get(os.path.normpath(str(output)))
    if stream is not None:
        if os.isatty(stream) and not text:
            raise OutputError(
                f"{output} is a terminal, and this document is binary: write it to a file, or redirect "
                "standard output (`-o - > charter.docx`)."
            )
        return _Plan("stream", output, fd=stream)
    target = output
    try:
        if output.is_symlink():
            target = _final_target(output)
            if not os.path.lexists(target):
                raise OutputError(
                    f"{output} is a symbolic link to {target}, which does not exist; charter does not create "
                    f"files through a link: give {target} itself, or remove the link."
                )
        info = os.stat(output)  # follows the links, as the kernel does
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _os_problem(output, exc) from None
    except ValueError as exc:  # a NUL in the name
        raise OutputError(f"{output!r} is not a usable file name ({exc}).") from None
    if info is None:
        parent = _folder(target)
        if not parent.is_dir():
            raise OutputError(f"the folder {parent} does not exist; create it first or choose another path.")
        _check_writable(parent)
        return _Plan("new", target)
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise OutputError(f"{output} is a folder; give the path of the .docx file to write.")
    if stat.S_ISCHR(mode):
        if _is_terminal(info):
            raise OutputError(
                f"{output} is a terminal, and a Word document is binary: write it to a file, or redirect "
                "standard output (`-o /dev/stdout > charter.docx`)."
            )
        return _Plan("through", output, info)
    if stat.S_ISFIFO(mode):
        return _Plan("through", output, info)
    if stat.S_ISBLK(mode):
        raise OutputError(
            f"{output} is a block device (a disk); charter writes only files, pipes and devices "
            "such as /dev/null."
        )
    if stat.S_ISSOCK(mode):
        raise OutputError(f"{output} is a socket; give the path of the .docx file to write.")
    if not stat.S_ISREG(mode):
        raise OutputError(f"{output} is not a regular file; give the path of the .docx file to write.")
    if not force:
        raise OutputError(f"{output} already exists; add --force to replace it.")
    _check_writable(_folder(target))
    return _Plan("replace", target, info)


def _check_writable(folder: Path) -> None:
    if not os.access(folder, os.W_OK):
        raise OutputError(f"cannot write in {folder}: permission denied.")


def _is_terminal(info: os.stat_result) -> bool:
    """A terminal, told by its device number (Linux: 4 tty, 5 tty/console, 136-143 pseudo-terminals)
    rather than by opening it: opening some devices has effects of its own."""
    major = os.major(info.st_rdev)
    return major in (4, 5) or 136 <= major <= 143


def is_standard_output(output: Path) -> bool:
    """Whether writing `output` writes standard output (/dev/stdout, or the very file stdout is)."""
    if _STANDARD_STREAMS.get(os.path.normpath(str(output))) == 1:
        return True
    try:
        return os.path.samestat(os.stat(output), os.fstat(1))
    except (OSError, ValueError):
        return False


def check_output(output: Path, *, force: bool, text: bool = False) -> None:
    """Refuse, before any work, an output that cannot or must not be written (rules above)."""
    _plan(Path(output), force=force, text=text)


def _umask() -> int:
    """The process's umask (read by setting it, as POSIX offers no other way; set back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _write_through(plan: _Plan, output: Path, data: bytes) -> None:
    """Write into a device, a FIFO or an open descriptor: there is no file to replace."""
    if plan.fd is not None:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        try:
            _write_all(plan.fd, data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _os_problem(output, exc) from None
        return
    try:
        fd = os.open(plan.path, os.O_WRONLY | os.O_NOCTTY)
    except OSError as exc:
        raise _os_problem(output, exc) from None
    try:
        _write_all(fd, data)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _os_problem(output, exc) from None
    finally:
        os.close(fd)


def _keep_owner(fd: int, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group where allowed (root; or a group of ours)."""
    for uid, gid in ((info.st_uid, info.st_gid), (-1, info.st_gid)):
        try:
            os.fchown(fd, uid, gid)
            return
        except OSError:
            continue


def write_atomically(
    output: Path,
    data: bytes,
    *,
    force: bool,
    through: bool = True,
    text: bool = False,
    sync_folder: bool = True,
) -> None:
    """Write `data` to `output` by the rules above: a regular file through a temporary file and a rename,
    so never half a file. `through=False` refuses devices, FIFOs and descriptors (for files of our own).
    The data is synced before the rename; `sync_folder=False` leaves syncing the rename itself to the
    caller (a batch syncs its folder once, after its last charter: `fsync_folder`)."""
    output = Path(output)
    plan = _plan(output, force=force, text=text)
    if plan.how in ("through", "stream"):
        if not through:
            raise OutputError(f"{output} is not a regular file; move it away, then try again.")
        _write_through(plan, output, data)
        return
    target = plan.path
    parent = _folder(target)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".charter-", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write in {parent}: {exc.strerror}.") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if plan.info is not None:
                _keep_owner(stream.fileno(), plan.info)
                os.fchmod(stream.fileno(), stat.S_IMODE(plan.info.st_mode))
            else:
                os.fchmod(stream.fileno(), 0o666 & ~_umask())
            os.fsync(stream.fileno())
        if plan.how == "new" and os.path.lexists(target):  # appeared while we worked
            raise OutputError(f"{output} already exists; add --force to replace it.")
        os.replace(temp_name, target)
        if sync_folder:
            fsync_folder(parent)
    except OSError as exc:
        raise _os_problem(output, exc) from None
    finally:
        if os.path.lexists(temp_name):
            os.unlink(temp_name)


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; a folder that cannot be synced (some file systems) is no error."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
