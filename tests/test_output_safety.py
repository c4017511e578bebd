"""What `--force` may replace, and how: regular files atomically, devices and pipes written through.

Everything here happens inside the test's own folder: a private character device made with mknod,
a FIFO, a socket, links; never /dev/null itself, which a regression would destroy when run as root.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT

from charter import app
from charter.errors import OutputError

DATA = b"charter bytes\n" * 100


def make_device(path: Path, kind: int = stat.S_IFCHR, major: int = 1, minor: int = 3) -> Path:
    """A device node in the test folder (the null device by default); skipped where mknod is not allowed."""
    try:
        os.mknod(path, kind | 0o666, os.makedev(major, minor))
        if kind == stat.S_IFCHR:
            os.close(os.open(path, os.O_WRONLY))  # a folder mounted nodev refuses to open it
    except OSError as exc:
        pytest.skip(f"cannot make a device node here: {exc.strerror}")
    return path


@pytest.fixture
def umask() -> object:
    """Set a umask for one test and restore the previous one."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield lambda mask: os.umask(mask)
    os.umask(previous)


def run_charter(*args: str, cwd: Path, **options: object) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **options}
    return subprocess.run([sys.executable, "-m", "charter", *args], cwd=cwd, env=env, **streams)


# ------------------------------------------------------------------------------ symbolic links


def test_force_through_a_symlink_replaces_its_target_and_keeps_the_link(workdir: Path) -> None:
    (workdir / "real").mkdir()
    target = workdir / "real" / "charter.docx"
    target.write_bytes(b"old")
    link = workdir / "charter.docx"
    link.symlink_to(target)
    with pytest.raises(OutputError, match="already exists; add --force"):
        app.write_atomically(link, DATA, force=False)
    app.write_atomically(link, DATA, force=True)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == DATA
    assert sorted(p.name for p in (workdir / "real").iterdir()) == ["charter.docx"]  # no temp file left


def test_relative_symlink_chain_is_followed_to_the_end(workdir: Path) -> None:
    (workdir / "a").mkdir()
    (workdir / "a" / "final.docx").write_bytes(b"old")
    (workdir / "a" / "middle.docx").symlink_to("final.docx")  # relative to a/
    (workdir / "first.docx").symlink_to("a/middle.docx")
    app.write_atomically(workdir / "first.docx", DATA, force=True)
    assert (workdir / "a" / "final.docx").read_bytes() == DATA
    assert (workdir / "a" / "middle.docx").is_symlink() and (workdir / "first.docx").is_symlink()


@pytest.mark.parametrize("force", [False, True])
def test_dangling_symlink_is_refused_and_kept(workdir: Path, force: bool) -> None:
    link = workdir / "charter.docx"
    link.symlink_to(workdir / "elsewhere.docx")
    with pytest.raises(OutputError, match=r"symbolic link to .*elsewhere\.docx, which does not exist"):
        app.write_atomically(link, DATA, force=force)
    assert link.is_symlink() and not (workdir / "elsewhere.docx").exists()


def test_symlink_loop_is_refused(workdir: Path) -> None:
    (workdir / "a.docx").symlink_to("b.docx")
    (workdir / "b.docx").symlink_to("a.docx")
    with pytest.raises(OutputError, match="loop of symbolic links"):
        app.write_atomically(workdir / "a.docx", DATA, force=True)
    assert (workdir / "a.docx").is_symlink() and (workdir / "b.docx").is_symlink()


def test_cli_refuses_a_dangling_symlink_with_a_message(run_cli, answers_file, workdir: Path) -> None:
    (workdir / "charter.docx").symlink_to("gone.docx")
    for extra in ([], ["--force"]):
        result = run_cli("generate", answers_file(), "-o", "charter.docx", *extra)
        assert result.code == 5 and "Traceback" not in result.err
        assert "which does not exist" in result.err
    assert (workdir / "charter.docx").is_symlink()


# ------------------------------------------------------------------------------ devices, FIFOs, sockets


@pytest.mark.parametrize("force", [False, True])
def test_character_device_is_written_through_and_stays_a_device(workdir: Path, force: bool) -> None:
    null = make_device(workdir / "null")
    app.write_atomically(null, DATA, force=force)
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert [p.name for p in workdir.iterdir()] == ["null"]


def test_link_to_a_character_device_is_written_through(workdir: Path) -> None:
    null = make_device(workdir / "null")
    link = workdir / "charter.docx"
    link.symlink_to(null)
    app.write_atomically(link, DATA, force=True)
    assert link.is_symlink() and stat.S_ISCHR(os.lstat(null).st_mode)


@pytest.mark.parametrize("force", [False, True])
def test_fifo_is_written_through(workdir: Path, force: bool) -> None:
    fifo = workdir / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so the writer does not wait
    try:
        app.write_atomically(fifo, DATA, force=force)
        assert os.read(reader, len(DATA) + 1) == DATA
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in workdir.iterdir()] == ["pipe"]


def test_block_device_is_refused(workdir: Path) -> None:
    disk = make_device(workdir / "disk", stat.S_IFBLK, 7, 0)
    with pytest.raises(OutputError, match="block device"):
        app.write_atomically(disk, DATA, force=True)
    assert stat.S_ISBLK(os.lstat(disk).st_mode)


def test_socket_is_refused(workdir: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("sock")
        with pytest.raises(OutputError, match="socket"):
            app.write_atomically(workdir / "sock", DATA, force=True)
        assert stat.S_ISSOCK(os.lstat(workdir / "sock").st_mode)
    finally:
        server.close()


@pytest.mark.parametrize("force", [False, True])
def test_terminal_is_refused(workdir: Path, force: bool) -> None:
    """A Word document is binary: written to a terminal it is garbage on screen."""
    primary, secondary = os.openpty()
    try:
        with pytest.raises(OutputError, match="is a terminal"):
            app.write_atomically(Path(os.ttyname(secondary)), DATA, force=force)
    finally:
        os.close(primary)
        os.close(secondary)


def test_dev_stdout_gets_the_document_and_the_message_goes_to_stderr(workdir: Path) -> None:
    (workdir / "answers.yml").write_text(MINIMAL, encoding="utf-8")
    reference = run_charter("generate", "answers.yml", "-o", "file.docx", cwd=workdir)
    assert reference.returncode == 0, reference.stderr
    expected = (workdir / "file.docx").read_bytes()

    piped = run_charter("generate", "answers.yml", "-o", "/dev/stdout", cwd=workdir)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == expected
    assert b"Wrote /dev/stdout" in piped.stderr and b"Traceback" not in piped.stderr

    with open(workdir / "redirected.docx", "wb") as stdout:  # `charter ... -o /dev/stdout > redirected.docx`
        redirected = run_charter("generate", "answers.yml", "-o", "/dev/stdout", cwd=workdir, stdout=stdout)
    assert redirected.returncode == 0, redirected.stderr
    assert (workdir / "redirected.docx").read_bytes() == expected
    assert sorted(p.name for p in workdir.iterdir()) == ["answers.yml", "file.docx", "redirected.docx"]


# ------------------------------------------------------------------------------ modes and owners


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_honours_the_umask(workdir: Path, umask, mask: int, mode: int) -> None:
    umask(mask)
    app.write_atomically(workdir / "charter.docx", DATA, force=False)
    assert stat.S_IMODE(os.stat(workdir / "charter.docx").st_mode) == mode


def test_force_keeps_the_mode_of_the_file_it_replaces(workdir: Path, umask) -> None:
    umask(0o022)
    target = workdir / "charter.docx"
    target.write_bytes(b"old")
    target.chmod(0o600)
    app.write_atomically(target, DATA, force=True)
    assert target.read_bytes() == DATA
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another owner")
def test_force_as_root_keeps_the_owner_and_group(workdir: Path) -> None:
    target = workdir / "charter.docx"
    target.write_bytes(b"old")
    os.chown(target, 1234, 5678)
    target.chmod(0o640)
    app.write_atomically(target, DATA, force=True)
    info = os.stat(target)
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o640)


# ------------------------------------------------------------------------------ names


def test_a_long_name_is_written_with_a_short_temporary_name(workdir: Path, monkeypatch) -> None:
    renamed: list[str] = []
    real_replace = os.replace

    def replace(source, destination):
        renamed.append(Path(source).name)
        return real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)
    name = "c" * 245 + ".docx"  # 250 characters: allowed, but `.{name}.XXXXXXXX.tmp` is not
    app.write_atomically(workdir / name, DATA, force=False)
    assert (workdir / name).read_bytes() == DATA
    assert renamed and renamed[0].startswith(".charter-") and len(renamed[0]) < 30


def test_a_name_too_long_is_a_clear_error(run_cli, answers_file, workdir: Path) -> None:
    name = "c" * 300 + ".docx"
    with pytest.raises(OutputError, match=r"file name c+… is too long"):
        app.check_output(workdir / name, force=False)
    result = run_cli("generate", answers_file(), "-o", name)
    assert result.code == 5 and "Traceback" not in result.err and "is too long" in result.err
    assert [p.name for p in workdir.iterdir()] == ["answers.yml"]


def test_a_file_that_appears_while_we_work_is_not_replaced(workdir: Path, monkeypatch) -> None:
    target = workdir / "charter.docx"
    real_fsync = os.fsync

    def fsync(fd):
        real_fsync(fd)
        if not target.exists():
            target.write_bytes(b"someone else's")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OutputError, match="already exists"):
        app.write_atomically(target, DATA, force=False)
    assert target.read_bytes() == b"someone else's"
    assert [p.name for p in workdir.iterdir()] == ["charter.docx"]
