"""Time a batch of charters in one `charter generate` against one process per answers file.

    python benchmarks/bench_batch.py [--count 200] [--rounds 1] [--jobs N]

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    charter = charter_command()
    batch_times, process_times = [], []
    with tempfile.TemporaryDirectory(prefix="charter-batch-") as name:
        work = Path(name)
        files = answers_files(work, args.count)
        for round_ in range(args.rounds):
            out = work / f"batch-{round_}"
            start = time.perf_counter()
            command = [*charter, "generate", *map(str, files), "-o", f"{out}/", "--no-layout", "-q"]
            subprocess.run([*command, "--jobs", str(args.jobs)], check=True)
            batch_times.append(time.perf_counter() - start)
            single = work / f"single-{round_}"
            single.mkdir()
            start = time.perf_counter()
            for path in files:
                target = single / f"{path.stem}.docx"
                subprocess.run(
                    [*charter, "generate", str(path), "-o", str(target), "--no-layout", "-q"], check=True
                )
            process_times.append(time.perf_counter() - start)
            same = all(
                (out / f"{p.stem}.docx").read_bytes() == (single / f"{p.stem}.docx").read_bytes()
                for p in files
            )
            if not same:
                sys.exit("bench_batch: the batch and the single runs wrote different bytes.")
    batch, processes = statistics.median(batch_times), statistics.median(process_times)
    print(f"{args.count} charters, {args.rounds} round(s), --jobs {args.jobs}, {os.cpu_count()} cores")
    print(f"one batch:            {batch:7.1f} s  {args.count / batch:6.1f} charters/s")
    print(f"one process per file: {processes:7.1f} s  {args.count / processes:6.1f} charters/s")
    print(f"batch speed-up: {processes / batch:.1f}x; same bytes both ways")
    return 0


if __name__ == "__main__":
    sys.exit(main())
