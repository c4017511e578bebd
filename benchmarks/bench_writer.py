"""Time the Word writer alone in a warm process: one more charter, from its spec to its bytes.

    python benchmarks/bench_writer.py [answers.yml] [--reference REF.docx] [-n 50] [--profile]

The spec is built once, as ``charter.app.generate`` builds it (answers, clauses and markup are not
timed); then ``write_docx`` runs ``-n`` times after one warm-up call, and the median and best times
per charter are printed.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from charter.answersfile.read import read_answers  # noqa: E402
from charter.app import _relative  # noqa: E402
from charter.compose import build_document  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "answers", nargs="?", type=Path, default=ROOT / "examples" / "fr-group" / "answers.yml"
    )
    parser.add_argument("--reference", type=Path, default=None)
    parser.add_argument("-n", type=int, default=50)
    parser.add_argument("--profile", action="store_true", help="print the 25 costliest functions")
    args = parser.parse_args()

    from charter.docx.writer import write_docx

    answers = read_answers(args.answers)
    clauses = answers.data["clauses"]
    templates = _relative(answers, clauses["templates"])
    spec, _ = build_document(answers, templates=templates, exclude=clauses["exclude"])
    first = time.perf_counter()
    write_docx(spec, args.reference)
    cold = time.perf_counter() - first
    times = []
    profiler = cProfile.Profile() if args.profile else None
    for _ in range(args.n):
        start = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        write_docx(spec, args.reference)
        if profiler is not None:
            profiler.disable()
        times.append(time.perf_counter() - start)
    median, best = statistics.median(times) * 1000, min(times) * 1000
    print(
        f"{args.answers.parent.name}: first {cold * 1000:.1f} ms, then median {median:.1f} ms, "
        f"best {best:.1f} ms per charter ({args.n} runs)"
    )
    if profiler is not None:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
