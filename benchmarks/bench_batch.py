"""Time a batch of charters in one `charter generate` against one process per answers file.

    python benchmarks/bench_batch.py [--count 200] [--rounds 1] [--jobs N] [--baseline CHARTER]
                                     [--batches-only]

The answers files are the examples, copied under new names until there are ``--count`` of them.
Both ways write .docx without LibreOffice (`--no-layout`), so what is compared is charter's own work.
The rounds alternate the two ways (batch, processes, batch, ...), so a change in the machine's load
falls on both. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def charter_command() -> list[str]:
    script = Path(sys.executable).parent / "charter"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "charter"]


def answers_files(folder: Path, count: int) -> list[Path]:
    """``count`` answers files, the examples' in turn (those naming no folder of their own)."""
    sources = [
        p for p in sorted((ROOT / "examples").glob("*/answers.yml")) if "templates:" not in p.read_text()
    ]
    made = []
    for index in range(count):
        target = folder / f"entity-{index:03d}.yml"
        shutil.copyfile(sources[index % len(sources)], target)
        made.append(target)
    return made


def unzipped(path: Path) -> list[tuple[str, bytes]]:
    """A .docx's members, in order, as their bytes once inflated."""
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def peak_kib(command: list[str]) -> int:
    """Run ``command``; the peak resident memory (KiB) of its largest process, workers included
    (each is waited for by the batch, so its peak reaches this one's children's figure)."""
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code, *command], check=True, capture_output=True, text=True)
    return int(done.stdout.split()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="another install's console script (a venv of the previous version): its batch is timed "
        "in the same rounds, alternating with this one's, and must write the same documents (unzipped)",
    )
    parser.add_argument(
        "--batches-only", action="store_true", help="skip one process per file (about 0.4 s a file)"
    )
    args = parser.parse_args(argv)
    ways = {"this version": charter_command()}
    if args.baseline is not None:
        ways["baseline"] = [str(args.baseline)]
    batch_times: dict[str, list[float]] = {way: [] for way in ways}
    process_times, peaks = [], []
    with tempfile.TemporaryDirectory(prefix="charter-batch-") as name:
        work = Path(name)
        files = answers_files(work, args.count)
        for round_ in range(args.rounds):
            written: list[Path] = []
            baselines: list[Path] = []
            for index, (way, charter) in enumerate(ways.items()):
                out = work / f"batch-{round_}-{index}"
                command = [*charter, "generate", *map(str, files), "-o", f"{out}/", "--no-layout", "-q"]
                start = time.perf_counter()
                peak = peak_kib([*command, "--jobs", str(args.jobs)])
                batch_times[way].append(time.perf_counter() - start)
                if way == "this version":
                    peaks.append(peak)
                (written if way == "this version" else baselines).append(out)
            if not args.batches_only:
                single = work / f"single-{round_}"
                single.mkdir()
                start = time.perf_counter()
                for path in files:
                    target = single / f"{path.stem}.docx"
                    subprocess.run(
                        [
                            *ways["this version"],
                            "generate",
                            str(path),
                            "-o",
                            str(target),
                            "--no-layout",
                            "-q",
                        ],
                        check=True,
                    )
                process_times.append(time.perf_counter() - start)
                written.append(single)
            same = all(
                len({(folder / f"{p.stem}.docx").read_bytes() for folder in written}) == 1 for p in files
            )
            if not same:
                sys.exit("bench_batch: two ways wrote different bytes.")
            for baseline in baselines:  # another version may deflate otherwise: the same parts, unzipped
                if any(
                    unzipped(baseline / f"{p.stem}.docx") != unzipped(written[0] / f"{p.stem}.docx")
                    for p in files
                ):
                    sys.exit("bench_batch: the baseline wrote different documents.")
    print(f"{args.count} charters, {args.rounds} round(s), --jobs {args.jobs}, {os.cpu_count()} cores")
    for way, times in batch_times.items():
        batch = statistics.median(times)
        print(f"one batch, {way + ':':14} {batch:7.1f} s  {args.count / batch:6.1f} charters/s (median)")
    if args.baseline is not None:
        ratio = statistics.median(batch_times["this version"]) / statistics.median(batch_times["baseline"])
        print(f"this version / baseline: {ratio:.2f} of the time; the same documents both ways")
    if process_times:
        batch, processes = statistics.median(batch_times["this version"]), statistics.median(process_times)
        print(f"one process per file:    {processes:7.1f} s  {args.count / processes:6.1f} charters/s")
        print(f"batch speed-up: {processes / batch:.1f}x; same bytes both ways")
    print(f"peak memory of the batch's largest process: {max(peaks) / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
