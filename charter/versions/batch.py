"""Every entity of a group: one charter per answers file, written into one folder, in parallel.

The answers files are named one by one, as folders (their *.yml and *.yaml files) or as globs. Each
output is named after its answers file (`north.yml` -> `OUTDIR/north.docx`); two answers files with
the same name are refused before anything is written. Each file is then read, checked and written on
its own (atomically, by the same `generate` as a single charter), in worker processes: a broken file
is reported with its name and the others are still written. The results come back in the order the
files were named, whatever order the workers finish in, so the summary is the same on every run.
"""

from __future__ import annotations

import glob
import itertools
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from charter import interrupts
from charter.errors import CharterError, Interrupted, OutputError, UsageError
from charter.output import fsync_folder

if TYPE_CHECKING:  # the pool (multiprocessing, logging, sockets) is imported where a batch runs
    from concurrent.futures import Future

#: The most answers files one batch takes.
MAX_BATCH = 10_000
#: The most worker processes a batch starts, whatever --jobs asks.
MAX_JOBS = 64
_GLOB = frozenset("*?[")
_ANSWERS_SUFFIXES = (".yml", ".yaml")


@dataclass(frozen=True)
class Job:
    """One charter of a batch: where its answers are, where it goes, and the shared options."""

    answers: Path
    output: Path
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What became of one job: written (status 0) or not, with the message and exit status."""

    answers: Path
    output: Path
    status: int
    message: str = ""
    warnings: tuple[str, ...] = ()
    clauses: int = 0


def answers_files(named: Sequence[Path]) -> list[Path]:
    """The answers files named: files as given, folders as their answers files (*.yml, *.yaml), globs
    expanded; each once, in the order named (a folder's and a glob's in name order). At most
    MAX_BATCH in all: a folder or a glob is read no further than that."""
    found: list[Path] = []
    for path in named:
        text = str(path)
        room = MAX_BATCH + 1 - len(found)
        if text == "-":
            raise UsageError("a batch reads answers files, not standard input ('-').")
        if path.is_dir():
            members = _bounded(
                p for p in path.iterdir() if p.suffix.lower() in _ANSWERS_SUFFIXES and p.is_file()
            )
            if not members:
                raise UsageError(f"{path} holds no answers file (*.yml, *.yaml).")
            found.extend(members[:room])
        elif _GLOB & set(text) and not path.exists():
            matches = _bounded(Path(m) for m in glob.iglob(text))
            if not matches:
                raise UsageError(f"{text} matches no file.")
            found.extend(matches[:room])
        else:
            found.append(path)
        if len(found) > MAX_BATCH:
            raise UsageError(f"a batch takes at most {MAX_BATCH} answers files.")
    return list(dict.fromkeys(found))


def _bounded(paths: Iterator[Path]) -> list[Path]:
    """At most MAX_BATCH + 1 of ``paths``, sorted (one more than allowed says there are too many)."""
    return sorted(itertools.islice(paths, MAX_BATCH + 1))


def plan(named: Sequence[Path], output: Path | None, suffix: str, options: dict[str, Any]) -> list[Job]:
    """The jobs of a batch; UsageError without an OUTDIR and for two answers files that would write
    the same charter, OutputError for an OUTDIR that is a file or whose folder is missing."""
    if output is None:
        raise UsageError("several answers files need a folder to write into: -o OUTDIR/.")
    if output.exists() and not output.is_dir():
        raise OutputError(
            f"{output} is not a folder: a batch writes one charter per answers file into -o OUTDIR/."
        )
    if not output.exists() and not output.parent.is_dir():
        raise OutputError(f"{output}: its folder {output.parent} does not exist.")
    jobs: list[Job] = []
    taken: dict[str, Path] = {}
    for answers in answers_files(named):
        name = answers.stem + suffix
        key = os.path.normcase(name)
        if key in taken:
            raise UsageError(
                f"{taken[key]} and {answers} would both write {output / name}: rename one of them. "
                "Nothing was written."
            )
        taken[key] = answers
        jobs.append(Job(answers, output / name, options))
    return jobs


def run(
    batch: list[Job],
    generate: Callable[..., Any],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Outcome]:
    """Each job of ``batch`` through ``generate`` (`charter.app.generate`), in ``jobs`` worker
    processes (default: one per core; in this process for 1), and the outcomes in the order of
    ``batch``; ``progress`` hears (done, total) as each one ends.

    The first charter is written in this process before any worker starts: it fills the caches
    every charter uses (the fitted master, the compiled clauses, the blocks already built), and the
    workers, forked after it, start with them instead of each paying a first charter of its own.
    Each charter's data is synced before its rename; the folder is synced once, at the end.

    Ctrl-C stops the batch: the charters being written are finished (each is whole or absent), the
    others are not started, and Interrupted says how many were written."""
    if not batch:
        return []
    folder = batch[0].output.parent
    if not folder.exists():
        folder.mkdir()
    worker = partial(work, generate)
    results: dict[int, Outcome] = {}

    def done(index: int, outcome: Outcome) -> None:
        results[index] = outcome
        if progress is not None:
            progress(len(results), len(batch))

    try:
        try:
            done(0, worker(batch[0]))
            _stop_if_interrupted()
            processes = max(1, min(jobs or os.cpu_count() or 1, MAX_JOBS, len(batch) - 1))
            if processes == 1:
                for index in range(1, len(batch)):
                    done(index, worker(batch[index]))
                    _stop_if_interrupted()
            else:
                _in_workers(batch, worker, processes, done, results)
        except KeyboardInterrupt:
            raise _interrupted(results, batch) from None
    finally:
        fsync_folder(folder)
    return [results[i] for i in range(len(batch))]


def _in_workers(
    batch: list[Job],
    worker: Callable[[Job], Outcome],
    processes: int,
    done: Callable[[int, Outcome], None],
    results: dict[int, Outcome],
) -> None:
    """The jobs after the first in ``processes`` forked workers, a few at a time (`_chunks`); on
    Ctrl-C, those under way are finished and recorded in ``results``, the rest of their chunks is not
    started, and KeyboardInterrupt goes on."""
    import multiprocessing
    import time
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    # fork (Linux's default until Python 3.14, spelled out here) is what hands the warm caches over
    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    stop = context.Event()  # set on Ctrl-C: a worker starts no further charter of its chunk
    pool = ProcessPoolExecutor(
        max_workers=processes, initializer=_start_worker, initargs=(stop,), mp_context=context
    )
    futures: dict[Future[list[Outcome | None]], list[int]] = {}
    started = time.time_ns()

    def record(future: Future[list[Outcome | None]]) -> None:
        indexes = futures[future]
        outcomes = _outcomes(future, [batch[i] for i in indexes], started)
        for index, outcome in zip(indexes, outcomes, strict=True):
            if outcome is not None and index not in results:
                done(index, outcome)

    try:
        # Ctrl-C is held while the workers start (the first submit starts them all): a worker must
        # not meet it before it ignores it, halfway through its own start (it would hang, and the
        # batch with it); the parent meets it as soon as they are started.
        with _interrupts_held():
            for indexes in _chunks(range(1, len(batch)), processes):
                futures[pool.submit(_run_chunk, worker, [batch[i] for i in indexes])] = indexes
        pending = set(futures)
        while pending:  # asked every tenth of a second: a Ctrl-C lost on its way stops the batch soon
            finished, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in finished:
                record(future)
            _stop_if_interrupted()
    except KeyboardInterrupt:
        stop.set()
        pool.shutdown(wait=True, cancel_futures=True)  # the charters under way are finished
        for future in futures:
            if future.done() and not future.cancelled():
                record(future)
        raise
    finally:
        pool.shutdown(wait=True)


#: The most charters one task of a worker holds: each task costs the parent and the worker about a
#: millisecond of hand-over (pickling, queues, wake-ups), a tenth of a charter's own time on 2 cores.
CHUNK = 4


def _chunks(indexes: range, processes: int) -> Iterator[list[int]]:
    """``indexes`` in consecutive chunks of up to CHUNK, smaller when there are few jobs for each
    worker, so that the last chunks still keep every worker busy."""
    size = max(1, min(CHUNK, len(indexes) // (processes * 4)))
    for start in range(0, len(indexes), size):
        yield list(indexes[start : start + size])


_stop: Any = None  # in a worker: the batch's stop event (see _start_worker)


def _start_worker(stop: Any) -> None:
    """In a worker: Ctrl-C is the batch's to handle (the charter under way is finished, the next of
    its chunk is not started once ``stop`` is set). The worker starts with Ctrl-C held (see
    _interrupts_held): ignored first, then let through."""
    import signal

    global _stop
    _stop = stop
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _run_chunk(worker: Callable[[Job], Outcome], jobs: list[Job]) -> list[Outcome | None]:
    """Each of ``jobs`` in turn; None for those not started because the batch was stopped."""
    outcomes: list[Outcome | None] = []
    for job in jobs:
        outcomes.append(None if _stop is not None and _stop.is_set() else worker(job))
    return outcomes


def _stop_if_interrupted() -> None:
    """Ctrl-C whose KeyboardInterrupt was lost on its way (see charter.interrupts) stops the batch here."""
    if interrupts.noted():
        raise KeyboardInterrupt


def _outcomes(future: Future[list[Outcome | None]], jobs: list[Job], started: int) -> list[Outcome | None]:
    """The outcomes of a chunk. When its worker died (killed, out of memory), the chunk's charters
    whose file was written since the batch started are written (each is whole: written atomically);
    the others failed."""
    try:
        return future.result()
    except Exception as exc:
        return [
            Outcome(job.answers, job.output, 0)
            if _written_since(job.output, started)
            else Outcome(job.answers, job.output, 1, f"the worker process failed: {exc}")
            for job in jobs
        ]


def _written_since(path: Path, started: int) -> bool:
    try:
        return os.stat(path).st_mtime_ns >= started
    except OSError:
        return False


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT blocked inside (where the platform can block it), delivered on the way out."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _interrupted(results: dict[int, Outcome], batch: list[Job]) -> Interrupted:
    written = sum(1 for outcome in results.values() if not outcome.status)
    folder = batch[0].output.parent if batch else "the folder"
    return Interrupted(
        f"Interrupted: {written} of {len(batch)} charters were written into {folder}, each whole; "
        "the others were not written."
    )


def prepare(named: Sequence[Path], output: Path | None, options: dict[str, Any]) -> list[Job]:
    """The jobs of `charter generate A.yml B.yml -o OUTDIR/`: each output in the format --to asks
    (Word by default), named after its answers file."""
    fmt = options.get("to") or "docx"
    if options.get("previous") is not None:
        raise UsageError("--previous compares two versions of one charter: give one answers file.")
    from charter.publish import FORMATS

    return plan(named, output, FORMATS[fmt][0], {**options, "to": fmt})


def work(generate: Callable[..., Any], job: Job) -> Outcome:
    """One job, run by ``generate`` (`charter.app.generate`); its failure is its outcome, not an error."""
    try:
        result = generate(answers_path=job.answers, output=job.output, sync_folder=False, **job.options)
    except CharterError as exc:
        return Outcome(job.answers, job.output, int(exc.exit_status), str(exc))
    except Exception as exc:  # a bug in charter: say so for this file, and go on with the others
        message = f"unexpected error: {type(exc).__name__}: {exc} (a bug in charter; please report it)"
        return Outcome(job.answers, job.output, 1, message)
    return Outcome(job.answers, job.output, 0, "", tuple(result.warnings), len(result.clauses))
