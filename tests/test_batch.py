"""Every entity of a group: `charter generate A.yml B.yml ... -o OUTDIR/`, and the review reminder (.ics).

The big test runs the real command on 200 generated answers files, two of them broken, in worker
processes: exit code 9, a summary that counts, 198 documents that open, nothing half-written, and the
same bytes on a second run and as a charter written alone.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from charter.versions.calendar import add_months

SECTORS = ("private", "public", "finance", "health")
APPROVALS = ("every_post", "sensitive_only", "none")
PLATFORMS = ("linkedin", "facebook", "x", "instagram", "youtube")


def entity(index: int) -> str:
    """A valid answers file, different for each index (language, sector, platforms, governance)."""
    lang = "fr" if index % 3 == 0 else "en"
    jurisdiction = ("FR", "UK", "US", "other")[index % 4]
    platforms = ", ".join(PLATFORMS[: 1 + index % len(PLATFORMS)])
    return (
        f"format: 1\nlanguage: {lang}\n"
        f"organisation: {{name: Entity {index:03d}, jurisdiction: {jurisdiction}, sector: {SECTORS[index % 4]}}}\n"
        f"platforms: [{platforms}]\n"
        f"governance: {{approval: {APPROVALS[index % 3]}, review_months: {1 + index % 24}, kpis: {str(index % 2 == 0).lower()}}}\n"
        f"charter: {{version: '{index}.0', effective_date: 2027-0{1 + index % 9}-1{index % 10}, contact: e{index}@group.example}}\n"
    )


def make_batch(folder: Path, count: int, broken: tuple[int, ...] = ()) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"entity-{index:03d}.yml"
        text = entity(index)
        if index in broken:
            text = text.replace("platforms: [", "platforms: [facebok, ")
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def charter(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "charter", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=900,
    )


def test_a_batch_of_200_with_two_broken_files(tmp_path: Path) -> None:
    make_batch(tmp_path / "entities", 200, broken=(17, 154))
    out = tmp_path / "out"
    done = charter("generate", tmp_path / "entities", "-o", f"{out}/", "--no-layout", "--jobs", "2")
    assert done.returncode == 9, done.stderr
    assert "Traceback" not in done.stderr
    assert f"Wrote 198 of 200 charters into {out}" in done.stderr
    assert "2 failed" in done.stderr
    assert "Writing charters" not in done.stderr  # no progress bar when not on a terminal
    for index in (17, 154):
        name = tmp_path / "entities" / f"entity-{index:03d}.yml"
        assert f"charter: error: {name} does not follow answers format 1" in done.stderr
        assert 'unknown network "facebok"' in done.stderr
    written = sorted(out.iterdir())
    assert len(written) == 198, [p.name for p in written if not p.name.endswith(".docx")]
    assert all(p.suffix == ".docx" for p in written)  # no temporary file left behind
    assert not (out / "entity-017.docx").exists() and not (out / "entity-154.docx").exists()
    for path in written:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None and "word/document.xml" in archive.namelist()
    # the same bytes on a second run, and as each charter written on its own
    again = tmp_path / "again"
    second = charter("generate", tmp_path / "entities", "-o", f"{again}/", "--no-layout", "--jobs", "2")
    assert second.returncode == 9
    assert all(path.read_bytes() == (again / path.name).read_bytes() for path in written)
    alone = tmp_path / "alone.docx"
    assert (
        charter("generate", tmp_path / "entities" / "entity-042.yml", "-o", alone, "--no-layout").returncode
        == 0
    )
    assert alone.read_bytes() == (out / "entity-042.docx").read_bytes()


def test_ctrl_c_stops_a_batch_and_leaves_only_whole_charters(tmp_path: Path) -> None:
    import signal
    import time

    make_batch(tmp_path / "in", 200)
    out = tmp_path / "out"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "charter",
            "generate",
            str(tmp_path / "in"),
            "-o",
            f"{out}/",
            "--no-layout",
            "-j",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(out.glob("*.docx"))) < 3:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    written = sorted(out.iterdir())
    assert 3 <= len(written) < 200
    assert f"Interrupted: {len(written)} of 200 charters were written into {out}" in err
    assert "Traceback" not in err
    for path in written:
        assert path.suffix == ".docx"  # no temporary file left
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None


def test_batch_in_one_process_and_its_summary(run_cli, tmp_path: Path) -> None:
    paths = make_batch(tmp_path / "in", 3)
    out = tmp_path / "out"
    result = run_cli("generate", *paths, "-o", out, "--no-layout", "--jobs", "1")
    assert result.code == 0, result.err
    assert f"Wrote 3 of 3 charters into {out}." in result.err
    assert sorted(p.name for p in out.iterdir()) == ["entity-000.docx", "entity-001.docx", "entity-002.docx"]
    # nothing is overwritten without --force: each existing charter is a failure of its own
    before = (out / "entity-001.docx").read_bytes()
    again = run_cli("generate", *paths, "-o", f"{out}/", "--no-layout", "--jobs", "1")
    assert again.code == 9 and again.err.count("already exists; add --force") == 3
    assert "Wrote 0 of 3 charters" in again.err
    assert run_cli("generate", *paths, "-o", out, "--no-layout", "-j", "1", "--force").code == 0
    assert (out / "entity-001.docx").read_bytes() == before


def test_a_glob_and_other_formats(run_cli, tmp_path: Path) -> None:
    make_batch(tmp_path / "in", 4)
    out = tmp_path / "md"
    result = run_cli(
        "generate", str(tmp_path / "in" / "entity-00[12].yml"), "-o", f"{out}/", "--to", "md", "-j", "1"
    )
    assert result.code == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["entity-001.md", "entity-002.md"]
    assert "Entity 001" in (out / "entity-001.md").read_text(encoding="utf-8")


def test_a_name_clash_is_refused_before_anything_is_written(run_cli, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "north.yml").write_text(entity(1), encoding="utf-8")
    (tmp_path / "b" / "north.yml").write_text(entity(2), encoding="utf-8")
    (tmp_path / "b" / "south.yml").write_text(entity(3), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(
        "generate", tmp_path / "b" / "south.yml", tmp_path / "a", tmp_path / "b", "-o", f"{out}/"
    )
    assert result.code == 2
    assert f"{tmp_path / 'a' / 'north.yml'} and {tmp_path / 'b' / 'north.yml'} would both write" in result.err
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["IN/entity-000.yml", "IN/entity-001.yml"], 2, "need a folder to write into: -o OUTDIR/"),
        (["IN/entity-000.yml", "IN/entity-001.yml", "-o", "IN/entity-000.yml"], 5, "is not a folder"),
        (["IN/nothing-*.yml", "-o", "OUT/"], 2, "matches no file"),
        (
            ["IN/entity-000.yml", "IN/entity-001.yml", "-o", "OUT/", "--previous", "IN/entity-000.yml"],
            2,
            "give one",
        ),
        (["IN/entity-000.yml", "IN/entity-001.yml", "-o", "NOWHERE/deeper/"], 5, "does not exist"),
        (["IN/entity-000.yml", "-", "-o", "OUT/"], 2, "not standard input"),
    ],
)
def test_batch_usage_errors(run_cli, tmp_path: Path, args: list[str], code: int, needle: str) -> None:
    make_batch(tmp_path / "in", 2)
    args = [a.replace("IN", str(tmp_path / "in")).replace("OUT", str(tmp_path / "out")) for a in args]
    args = [a.replace("NOWHERE", str(tmp_path / "nowhere")) for a in args]
    result = run_cli("generate", *args)
    assert result.code == code and needle in result.err, result.err
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------------------------ reminder
def unfold(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def test_review_reminder(run_cli, tmp_path: Path) -> None:
    answers = tmp_path / "north.yml"
    answers.write_text(entity(5).replace("review_months: 6", "review_months: 13"), encoding="utf-8")
    ics = tmp_path / "review.ics"
    result = run_cli("generate", answers, "-o", ics)
    assert result.code == 0, result.err
    lines = unfold(ics.read_bytes())
    assert lines[:2] == ["BEGIN:VCALENDAR", "VERSION:2.0"] and lines[-1] == "END:VCALENDAR"
    fields = dict(line.split(":", 1) for line in lines)
    assert fields["DTSTART;VALUE=DATE"] == "20280715"  # 2027-06-15 + 13 months
    assert fields["DTEND;VALUE=DATE"] == "20280716"
    assert fields["DTSTAMP"] == "20270615T000000Z"
    from charter.clauses.context import strings

    title = strings("en")["title"]
    assert fields["SUMMARY"] == f"Review of the {title[0].lower()}{title[1:]} (Entity 005)"
    assert 'ATTENDEE;CN="Senior management";ROLE=REQ-PARTICIPANT;RSVP=FALSE' in fields
    assert (
        fields['ATTENDEE;CN="Senior management";ROLE=REQ-PARTICIPANT;RSVP=FALSE'] == "mailto:e5@group.example"
    )
    assert fields["TRIGGER"] == "-P14D"
    first = ics.read_bytes()
    assert run_cli("generate", answers, "-o", ics).code == 5  # never overwritten without --force
    assert run_cli("generate", answers, "-o", ics, "--force").code == 0
    assert ics.read_bytes() == first  # deterministic: the UID and DTSTAMP come from the answers
    refused = run_cli("generate", answers, "-o", tmp_path / "r2.ics", "--previous", answers)
    assert refused.code == 2 and "takes no --previous" in refused.err and not (tmp_path / "r2.ics").exists()


def test_review_reminder_needs_an_effective_date(run_cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.yml"
    answers.write_text("format: 1\norganisation: {name: A}\nplatforms: [x]\n", encoding="utf-8")
    result = run_cli("generate", answers, "-o", tmp_path / "r.ics")
    assert result.code == 3 and "charter.effective_date is not set" in result.err
    assert not (tmp_path / "r.ics").exists()
    dated = tmp_path / "b.yml"
    dated.write_text(
        "format: 1\norganisation: {name: A}\nplatforms: [x]\ncharter: {effective_date: 2027-01-31}\n"
    )
    result = run_cli("generate", dated, "-o", tmp_path / "r.ics")
    assert result.code == 0 and "addressed to no one" in result.err
    assert "ATTENDEE" not in (tmp_path / "r.ics").read_text(encoding="utf-8")


def test_add_months_keeps_the_day_or_the_month_end() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2027, 3, 1), 12) == date(2028, 3, 1)
    assert add_months(date(2027, 3, 1), 60) == date(2032, 3, 1)


def test_exit_code_9_is_documented() -> None:
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| 9 |" in readme
    assert os.path.exists(ROOT / "charter" / "cli_versions.py")


def test_a_batch_is_bounded(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from charter.versions import batch

    monkeypatch.setattr(batch, "MAX_BATCH", 3)
    make_batch(tmp_path / "in", 4)
    for named in ([tmp_path / "in"], [str(tmp_path / "in" / "*.yml")], sorted((tmp_path / "in").iterdir())):
        result = run_cli("generate", *named, "-o", f"{tmp_path / 'out'}/")
        assert result.code == 2 and "a batch takes at most 3 answers files" in result.err, result.err
    assert not (tmp_path / "out").exists()


def test_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    make_batch(tmp_path / "in", 3)
    child = pexpect.spawn(
        sys.executable,
        [
            "-m",
            "charter",
            "generate",
            str(tmp_path / "in"),
            "-o",
            f"{tmp_path / 'out'}/",
            "--no-layout",
            "-j",
            "1",
        ],
        encoding="utf-8",
        timeout=120,
        dimensions=(24, 120),
    )
    child.expect("Writing charters")
    child.expect(r"Wrote 3 of 3 charters")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_workers_take_the_jobs_a_few_at_a_time_in_order() -> None:
    """The jobs after the first go to the workers in consecutive chunks of at most CHUNK, small enough
    that every worker has some until the end; once the batch is stopped (Ctrl-C), a worker starts no
    further job of its chunk."""
    from charter.versions import batch

    for count, processes in ((199, 2), (9, 2), (3, 8), (10_000, 64)):
        chunks = list(batch._chunks(range(1, count + 1), processes))
        assert [i for chunk in chunks for i in chunk] == list(range(1, count + 1))
        assert all(1 <= len(chunk) <= batch.CHUNK for chunk in chunks)
        assert len(chunks) >= min(count, processes * 4)

    class Stop:
        def __init__(self) -> None:
            self.set_after = 2
            self.seen = 0

        def is_set(self) -> bool:
            self.seen += 1
            return self.seen > self.set_after

    ran: list[str] = []

    def worker(job: batch.Job) -> batch.Outcome:
        ran.append(job.answers.name)
        return batch.Outcome(job.answers, job.output, 0)

    jobs = [batch.Job(Path(f"{n}.yml"), Path(f"{n}.docx")) for n in "abcd"]
    previous, batch._stop = batch._stop, Stop()
    try:
        outcomes = batch._run_chunk(worker, jobs)
    finally:
        batch._stop = previous
    assert ran == ["a.yml", "b.yml"]
    assert [o is None for o in outcomes] == [False, False, True, True]


def test_a_ctrl_c_lost_on_its_way_still_stops_the_batch(tmp_path: Path) -> None:
    """Python drops a KeyboardInterrupt raised inside a weakref callback (as imports run them): the
    Ctrl-C is noted all the same (charter.interrupts), and the batch stops after the charter under way."""
    from charter import interrupts
    from charter.errors import Interrupted
    from charter.versions import batch

    written: list[str] = []

    def generate(*, answers_path: Path, output: Path, **options: object) -> object:
        written.append(answers_path.name)
        if len(written) == 2:
            with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C during this charter, lost on its
                interrupts.handler(2, None)  # way (as in a weakref callback)
        return type("Result", (), {"warnings": [], "clauses": []})()

    jobs = [batch.Job(tmp_path / f"{n}.yml", tmp_path / f"{n}.docx") for n in range(6)]
    try:
        with pytest.raises(Interrupted, match="2 of 6 charters were written"):
            batch.run(jobs, generate, jobs=1)
    finally:
        interrupts.clear()
    assert written == ["0.yml", "1.yml"]


def _dies_on_j10(*, answers_path: Path, output: Path, **options: object) -> object:
    """A generate whose worker dies (killed, out of memory) on j10; the others write their file."""
    import time

    time.sleep(0.02)
    if answers_path.stem == "j10":
        os._exit(3)
    output.write_text("whole", encoding="utf-8")
    return type("Result", (), {"warnings": [], "clauses": []})()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers are forked (Linux)")
def test_a_dead_worker_fails_only_what_it_did_not_write(tmp_path: Path) -> None:
    """A worker that dies takes its chunk down with it: the chunk's charters already written are
    reported written, the others (and those never started, the pool being broken) failed."""
    from charter.versions import batch

    jobs = [batch.Job(tmp_path / f"j{n:02d}.yml", tmp_path / f"j{n:02d}.docx") for n in range(40)]
    outcomes = batch.run(jobs, _dies_on_j10, jobs=2)
    written = {path.name for path in tmp_path.glob("*.docx")}
    assert "j10.docx" not in written and {"j00.docx", "j09.docx"} <= written
    assert {o.output.name for o in outcomes if o.status == 0} == written
    failed = [o for o in outcomes if o.status]
    assert failed and all("the worker process failed" in o.message for o in failed)
