"""Faults a user can cause without meaning to: a broken draft, Ctrl-C at start-up, a closed pipe.

Each one ends with a message and an exit code, never a traceback, and never loses the user's data.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.plain_text import PlainTextOutput

from charter import interview

ENTER, DOWN, CTRL_C = "\r", "\x1b[B", "\x03"
GOOD_MARKER = (
    '# charter-draft: {"interview": "en", "answered": ["language"], "answers_path": null, "output": null}\n'
)


def env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


# ------------------------------------------------------------------------------ a broken draft


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHARTER_STATE_DIR", str(tmp_path / "state"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(interview, "has_terminal", lambda: True)
    (tmp_path / "state").mkdir()
    return tmp_path / "state"


def new(*args: str, keys: str = "") -> int:
    """`charter new ARGS` through the real entry point, with the terminal faked."""
    from charter.cli import main

    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        with create_app_session(input=pipe, output=PlainTextOutput(io.StringIO())):
            return main(["new", *args])


BROKEN_DRAFTS = {
    "organisation is a number": b"format: 1\norganisation: 5\n" + GOOD_MARKER.encode(),
    "platforms is a number": b"format: 1\nplatforms: 5\n" + GOOD_MARKER.encode(),
    "platform item is a list": b"format: 1\nplatforms: [[1, 2]]\n" + GOOD_MARKER.encode(),
    "platform id unknown": b"format: 1\nplatforms: [{id: 7}]\n" + GOOD_MARKER.encode(),
    "objectives is a mapping": b"format: 1\nobjectives: {a: 1}\n" + GOOD_MARKER.encode(),
    "networks is a string": b"format: 1\nenterprise_networks: slack\n" + GOOD_MARKER.encode(),
    "language is a list": b"format: 1\nlanguage: [en]\n" + GOOD_MARKER.encode(),
    "integer is text": b"format: 1\ngovernance:\n  review_months: soon\n" + GOOD_MARKER.encode(),
    "marker is a list": b"format: 1\n# charter-draft: [1, 2]\n",
    "marker language is a list": b'format: 1\n# charter-draft: {"interview": ["en"], "answered": []}\n',
    "marker answered holds a mapping": b'format: 1\n# charter-draft: {"answered": [{"a": 1}]}\n',
    "marker path is a number": b'format: 1\n# charter-draft: {"answered": [], "output": 5}\n',
    "marker nested too deep": b"format: 1\n# charter-draft: " + b"[" * 100_000 + b"\n",
    "no marker": b"format: 1\n",
    "not a mapping": b"- a\n- b\n" + GOOD_MARKER.encode(),
    "binary": bytes(range(256)) + GOOD_MARKER.encode(),
    "not UTF-8": "format: 1\norganisation:\n  name: Société\n".encode("latin-1") + GOOD_MARKER.encode(),
    "NUL byte": b"format: 1\norganisation:\n  name: A\x00B\n" + GOOD_MARKER.encode(),
    "deeply nested": b"format: 1\nx: " + b"[" * 100_000 + b"\n" + GOOD_MARKER.encode(),
    "huge": b"format: 1\n" + b"# padding\n" * 500_000 + GOOD_MARKER.encode(),
}


@pytest.mark.parametrize("content", BROKEN_DRAFTS.values(), ids=BROKEN_DRAFTS.keys())
def test_a_broken_draft_is_set_aside_with_a_clear_message(
    state: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    (state / "draft.yml").write_bytes(content)
    assert new("--resume", "--lang", "en") == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and "unexpected error" not in err, err
    assert str(state / "draft.yml") in err and "cannot resume" in err, err
    assert str(state / "draft.yml.broken") in err and "charter new" in err, err
    assert not (state / "draft.yml").exists()
    assert (state / "draft.yml.broken").read_bytes() == content  # never lost


def test_a_fifo_draft_is_set_aside_without_waiting(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.mkfifo(state / "draft.yml")
    assert new("--resume", "--lang", "en") == 3
    err = capsys.readouterr().err
    assert "not a regular file" in err and "Traceback" not in err, err
    assert stat_is_fifo(state / "draft.yml.broken")


def stat_is_fifo(path: Path) -> bool:
    import stat

    return stat.S_ISFIFO(os.lstat(path).st_mode)


def test_an_earlier_broken_draft_is_not_overwritten(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (state / "draft.yml.broken").write_bytes(b"the first one")
    (state / "draft.yml").write_bytes(b"- the second one\n")
    assert new("--resume", "--lang", "en") == 3
    err = capsys.readouterr().err
    assert (state / "draft.yml.broken").read_bytes() == b"the first one"
    assert (state / "draft.yml.broken-2").read_bytes() == b"- the second one\n"
    assert str(state / "draft.yml.broken-2") in err


def test_choosing_to_resume_a_broken_draft_is_the_same_clear_error(
    state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (state / "draft.yml").write_bytes(BROKEN_DRAFTS["marker is a list"])
    assert new("--lang", "en", keys=ENTER) == 3  # "go on with it?" Yes
    assert "cannot resume" in capsys.readouterr().err
    assert (state / "draft.yml.broken").is_file()


def test_starting_again_over_a_fifo_draft_sets_it_aside_and_saves(
    state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(state / "draft.yml")
    assert new("--lang", "en", keys=DOWN + ENTER + CTRL_C) == 130  # start again, then stop at once
    assert stat_is_fifo(state / "draft.yml.broken")
    assert (state / "draft.yml").is_file() and "# charter-draft: " in (state / "draft.yml").read_text()


def test_a_draft_that_is_a_folder_is_a_clear_error(state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (state / "draft.yml").mkdir()
    assert new("--resume", "--lang", "en") == 3
    err = capsys.readouterr().err
    assert "Traceback" not in err and "cannot resume" in err
    assert (state / "draft.yml.broken").is_dir()


# ------------------------------------------------------------------------------ Ctrl-C at start-up


def test_the_console_script_is_the_small_entry_module() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["scripts"]["charter"] == "charter.entry:run"


@pytest.mark.parametrize(
    "command",
    [["-m", "charter", "--version"], ["-c", "from charter.entry import run; run()", "--version"]],
    ids=["python -m charter", "console script"],
)
def test_ctrl_c_while_importing_click(tmp_path: Path, command: list[str]) -> None:
    """A `click` that raises KeyboardInterrupt on import stands for Ctrl-C during start-up."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "click.py").write_text("raise KeyboardInterrupt\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, *command],
        env=env(PYTHONPATH=f"{fake}{os.pathsep}{ROOT}"),
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 130, result.stderr
    assert result.stderr == "\nInterrupted; nothing was written.\n"


@pytest.mark.parametrize("after", ["charter.entry", "click", "charter.cli"])
def test_sigint_during_a_real_generate(tmp_path: Path, after: str) -> None:
    """Ctrl-C once the process has imported `after` (seen through -X importtime, so no guessing at delays)."""
    (tmp_path / "answers.yml").write_text(MINIMAL, encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            "from charter.entry import run; run()",
            "generate",
            "answers.yml",
            "-o",
            "charter.docx",
        ],
        env=env(),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    deadline = time.monotonic() + 30
    for line in process.stderr:
        if line.rsplit("|", 1)[-1].strip() == after or time.monotonic() > deadline:
            break
    process.send_signal(signal.SIGINT)
    rest = process.stderr.read()
    process.wait(timeout=60)
    assert process.returncode == 130, rest
    assert "Traceback" not in rest and "Interrupted" in rest
    assert not (tmp_path / "charter.docx").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yml"]  # no temporary file left either


# ------------------------------------------------------------------------------ a closed pipe


@pytest.mark.parametrize(
    "args", [["schema"], ["templates", "list"], ["--help"], ["generate", "answers.yml", "-o", "/dev/stdout"]]
)
def test_output_into_head_is_quiet(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "answers.yml").write_text(MINIMAL, encoding="utf-8")
    command = " ".join([sys.executable, "-m", "charter", *args])
    result = subprocess.run(
        ["bash", "-c", f"{command} | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}} >&2"],
        env=env(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    *messages, status = result.stderr.splitlines()
    assert status in ("0", "1"), result.stderr
    assert [m for m in messages if not m.startswith("Wrote ")] == []  # no traceback, no "Exception ignored"


@pytest.mark.parametrize("args", [["schema"], ["generate", "answers.yml", "-o", "/dev/stdout"]])
def test_a_closed_stdout_is_quiet(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "answers.yml").write_text(MINIMAL, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "charter", *args],
        env=env(),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before anything is written
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in err and "Exception ignored" not in err and "BrokenPipe" not in err, err


def test_a_closed_stderr_keeps_the_exit_code(tmp_path: Path) -> None:
    """The message cannot be shown, but the exit code still says what went wrong."""
    process = subprocess.Popen(
        [sys.executable, "-m", "charter", "validate", "missing.yml"],
        env=env(),
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None and process.stdout is not None
    process.stderr.close()
    process.stdout.read()
    assert process.wait(timeout=60) == 3
