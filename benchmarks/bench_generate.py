"""Time `charter generate` against pandoc on the same charter, and the start-up of the CLI.

Run from the repository root (charter installed, pandoc on the PATH):

    python benchmarks/bench_generate.py [--answers FILE] [--runs 15] [--warmup 2] [--json]

Every figure is a whole process, timed from the outside with ``time.perf_counter``: interpreter
start-up and imports included, as a user waits for them. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_ANSWERS = ROOT / "examples" / "fr-group" / "answers.yml"
SPEC_ANSWERS = ROOT / "tests" / "data" / "spec" / "answers-full.yml"
#: LibreOffice's PDF export with the options `charter generate -o .pdf` uses.
PDFA_FILTER = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"},"PDFUACompliance":{"type":"boolean","value":"true"}}'
)
#: Modules `charter --help` and `charter --version` must not import.
HEAVY_MODULES = ("docx", "jinja2", "lxml", "questionary")

# Run in a fresh interpreter: invoke the CLI through charter.cli.main, then report what got imported.
_PROBE = """
import contextlib, io, json, sys
from charter.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    status = main({argv!r})
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print(json.dumps({{"status": status, "imported": heavy}}))
"""


def default_answers() -> Path:
    """The largest example (the French group), or the full spec file until examples/ has it."""
    return EXAMPLE_ANSWERS if EXAMPLE_ANSWERS.is_file() else SPEC_ANSWERS


def charter_command() -> list[str]:
    """The installed console script beside this interpreter (not a pyenv shim), else `python -m`."""
    script = Path(sys.executable).parent / "charter"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "charter"]


def charter_markdown(answers_path: Path) -> str:
    """The charter of ``answers_path`` as pandoc Markdown: the same clauses, titles and text."""
    from charter.answersfile.read import read_answers
    from charter.clauses.context import strings
    from charter.clauses.files import check_custom_dir, load_library
    from charter.clauses.render import Renderer

    answers = read_answers(answers_path)
    data = answers.data
    lang = data["language"]
    words = strings(lang)
    templates = data["clauses"]["templates"]
    custom = None
    if templates:
        custom = Path(templates)
        if not custom.is_absolute():
            custom = answers_path.parent / custom
        check_custom_dir(custom)
    renderer = Renderer(load_library(lang, custom), answers)
    title = data["charter"]["title"] or words["title"]
    parts = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"subtitle: {json.dumps(data['organisation']['name'], ensure_ascii=False)}",
        f"lang: {lang}",
        f"toc-title: {json.dumps(words['contents'], ensure_ascii=False)}",
        "---",
        "",
    ]
    annex = 0
    for clause in renderer.selected(data["clauses"]["exclude"]):
        if clause.part == "annex":
            letter = chr(ord("A") + annex)
            annex += 1
            parts.append(f"# {words['annex']} {letter} – {clause.title} {{.unnumbered}}")
        else:
            parts.append(f"# {clause.title}")
        parts += ["", renderer.render(clause).strip(), ""]
    return "\n".join(parts) + "\n"


def _run_once(command: list[str]) -> tuple[float, int]:
    """Wall time in seconds and peak memory in KiB of one run of ``command``; a failure stops all."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read() if child.stderr else b""
    if child.returncode != 0:
        sys.exit(
            f"bench: `{' '.join(command)}` failed ({child.returncode}):\n{stderr.decode(errors='replace')}"
        )
    return elapsed, usage.ru_maxrss


def time_commands(commands: dict[str, list[str]], *, runs: int, warmup: int) -> dict[str, dict[str, float]]:
    """Median, min, max wall time (s) and peak memory (MiB) of each command, the runs interleaved
    (a, b, c, a, b, c...) so that a change in the machine's load falls on every command alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, int] = dict.fromkeys(commands, 0)
    for index in range(warmup + runs):
        for name, command in commands.items():
            elapsed, peak = _run_once(command)
            if index >= warmup:
                samples[name].append(elapsed)
                memory[name] = max(memory[name], peak)
    return {
        name: {
            "median": statistics.median(values),
            "min": min(values),
            "max": max(values),
            "runs": runs,
            "peak_mib": memory[name] / 1024,
        }
        for name, values in samples.items()
    }


def in_process(answers_paths: list[Path], count: int, *, unseen: bool = False) -> dict[str, float]:
    """One more charter inside a warm process (what a batch pays: read, built, written to a file):
    median and best, and charters/s.
    With several answers files, the charters cycle through them (a batch of different entities).
    ``unseen``: each charter reads a file of its own (a copy with a comment line of its own, written
    before the timing), whose parse the private cache cannot hold, as in a batch of new files."""
    if unseen:
        folder = Path(tempfile.mkdtemp(prefix="charter-bench-"))
        try:
            copies = []
            for index in range(count + 1):
                source = answers_paths[index % len(answers_paths)]
                beside = folder / f"{index % len(answers_paths)}"  # what the file names, found as beside it
                if not beside.exists():
                    beside.mkdir()
                    for item in source.parent.iterdir():
                        (beside / item.name).symlink_to(item)
                copy = beside / f"entry-{index}.yml"
                copy.write_text(source.read_text(encoding="utf-8") + f"\n# entry {index}\n", encoding="utf-8")
                copies.append(copy)
            return in_process(copies, count)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    import inspect

    from charter import app

    # What a batch pays for each charter: `app.generate` read, built and written to a file of its own
    # (Word, no LibreOffice), its folder synced once at the end as a batch does, where supported.
    batch_like: dict[str, Any] = (
        {"sync_folder": False} if "sync_folder" in inspect.signature(app.generate).parameters else {}
    )
    folder = Path(tempfile.mkdtemp(prefix="charter-warm-"))
    written = iter(range(count + 1))

    def one(answers_path: Path) -> None:
        target = folder / f"{next(written)}.docx"
        app.generate(answers_path=answers_path, output=target, layout=False, **batch_like)

    try:
        one(answers_paths[0])  # the first charter pays for the imports and the caches
        times = []
        start = time.perf_counter()
        for index in range(count):
            began = time.perf_counter()
            one(answers_paths[index % len(answers_paths)])
            times.append(time.perf_counter() - began)
        total = time.perf_counter() - start
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "median": statistics.median(times),
        "min": min(times),
        "per_second": count / total,
        "count": count,
        "files": len(answers_paths),
    }


def example_answers() -> list[Path]:
    """Every example's answers file: the mixed batch of the warm figure."""
    return sorted((ROOT / "examples").glob("*/answers.yml"))


def _baseline_commands(baseline: Path | None, answers: Path, tmp: Path) -> dict[str, list[str]]:
    """The same generate and --help with another install of charter (``--baseline``), timed in the
    same interleaved run: the before and after of a change, on the same machine in the same minutes."""
    if baseline is None:
        return {}
    command = [str(baseline)]
    return {
        "baseline_generate": [*command, "generate", str(answers), "-o", str(tmp / "base.docx"), "--force",
                              "--no-layout"],
        "baseline_help": [*command, "--help"],
    }  # fmt: skip


def _baseline_results(
    args: argparse.Namespace, answers: Path, timings: dict[str, dict[str, float]]
) -> dict[str, Any] | None:
    """The baseline's ratios, and its warm figure measured in its own interpreter (the python beside
    its console script), right after this install's."""
    if args.baseline is None:
        return None
    warm = None
    if args.in_process:
        python = args.baseline.parent / "python"
        done = subprocess.run(
            [str(python), __file__, "--warm-only", str(args.in_process), "--answers", str(answers)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        warm = json.loads(done.stdout)
    return {
        "command": str(args.baseline),
        "ratio_generate_over_pandoc": timings["baseline_generate"]["median"] / timings["pandoc"]["median"],
        "ratio_help_over_import_click": timings["baseline_help"]["median"]
        / timings["python_import_click"]["median"],
        "in_process": warm,
    }


def probe_imports(argv: list[str]) -> dict[str, object]:
    """Run charter.cli.main(argv) in a fresh interpreter; which heavy modules it imported."""
    code = _PROBE.format(argv=argv, heavy=HEAVY_MODULES)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"bench: the import probe for {argv} failed:\n{done.stderr}")
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def import_time_cli() -> float:
    """Cumulative import time of charter.cli in seconds, as `python -X importtime` reports it."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import charter.cli"],
        capture_output=True,
        text=True,
        check=True,
    )
    imported = set()
    total = None
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        fields = [f.strip() for f in line[len("import time:") :].split("|")]
        if len(fields) != 3 or not fields[1].isdigit():
            continue
        name = fields[2]
        imported.add(name.split(".")[0])
        if name == "charter.cli":
            total = int(fields[1]) / 1e6
    heavy = sorted(set(HEAVY_MODULES) & imported)
    if heavy:
        sys.exit(f"bench: `import charter.cli` imports {', '.join(heavy)}.")
    if total is None:
        sys.exit("bench: `python -X importtime` did not report charter.cli.")
    return total


def _layout_timings(charter: list[str], answers: Path, tmp: Path, runs: int) -> dict[str, object] | None:
    """`-o .pdf` and a laid-out .docx against LibreOffice's own conversion of the same .docx, interleaved.

    charter runs as a user's does, with its private cache (compiled clauses, parsed markup, LibreOffice's
    seed profile) warmed by the untimed first run, as the soffice rows reuse a warmed profile. The
    laid-out .docx row deletes the cached page measures before each run, so every run lays the
    charter out; `-o .pdf` lays it out once whatever the cache holds."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    docx = tmp / "plain.docx"
    subprocess.run([*charter, "generate", str(answers), "-o", str(docx), "--no-layout", "-q"], check=True)
    profile = (tmp / "lo-profile").as_uri()
    cache = tmp / "charter-cache"
    env_cache = ["env", f"CHARTER_CACHE_DIR={cache}"]
    forget_pages = f'rm -f {shlex.quote(str(cache))}/*/layout-*.json; exec "$@"'
    timings = time_commands(
        {
            "charter_pdf": [
                *env_cache, *charter, "generate", str(answers), "-o", str(tmp / "c.pdf"), "--force", "-q",
            ],
            "charter_docx_laid_out": [
                *env_cache, "sh", "-c", forget_pages, "sh",
                *charter, "generate", str(answers), "-o", str(tmp / "c.docx"), "--force", "-q",
            ],
            "soffice_convert": [
                soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                "--outdir", str(tmp / "lo"), str(docx),
            ],
            "soffice_convert_pdfa": [  # the export options charter asks for: PDF/A-2b, tagged, PDF/UA
                soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", PDFA_FILTER,
                "--outdir", str(tmp / "lo"), str(docx),
            ],
        },
        runs=runs,
        warmup=1,
    )  # fmt: skip
    convert = timings["soffice_convert"]["median"]
    return {
        "timings": timings,
        "pdf_over_soffice": timings["charter_pdf"]["median"] / convert,
        "pdf_extra_over_one_conversion": (timings["charter_pdf"]["median"] - convert) / convert,
        "laid_out_docx_over_soffice": timings["charter_docx_laid_out"]["median"] / convert,
        "pdf_over_soffice_pdfa": timings["charter_pdf"]["median"] / timings["soffice_convert_pdfa"]["median"],
    }


def run(args: argparse.Namespace) -> dict[str, object]:
    answers = args.answers.resolve()
    if not answers.is_file():
        sys.exit(f"bench: {answers} does not exist.")
    if shutil.which("pandoc") is None:
        sys.exit("bench: pandoc is not on the PATH.")
    charter = charter_command()
    pandoc_version = subprocess.run(
        ["pandoc", "--version"], capture_output=True, text=True, check=True
    ).stdout.splitlines()[0]

    with tempfile.TemporaryDirectory(prefix="charter-bench-") as folder:
        tmp = Path(folder)
        markdown = tmp / "charter.md"
        markdown.write_text(charter_markdown(answers), encoding="utf-8")
        timings = time_commands(
            {
                "charter_generate": [
                    *charter,
                    "generate",
                    str(answers),
                    "-o",
                    str(tmp / "charter.docx"),
                    "--force",
                    "--no-layout",  # as pandoc: no page numbers (the layout is timed below, with LibreOffice)
                ],
                "pandoc": [
                    "pandoc",
                    str(markdown),
                    "--toc",
                    "--number-sections",
                    "-o",
                    str(tmp / "pandoc.docx"),
                ],
                "charter_version": [*charter, "--version"],
                "charter_help": [*charter, "--help"],
                "python_import_click": [sys.executable, "-c", "import click"],
                **_baseline_commands(args.baseline, answers, tmp),
            },
            runs=args.runs,
            warmup=args.warmup,
        )
        layout = _layout_timings(charter, answers, tmp, args.lo_runs) if args.lo_runs else None
        sizes = {
            "markdown_bytes": markdown.stat().st_size,
            "charter_docx_bytes": (tmp / "charter.docx").stat().st_size,
            "pandoc_docx_bytes": (tmp / "pandoc.docx").stat().st_size,
        }

    laziness = {" ".join(argv): probe_imports(argv) for argv in (["--help"], ["--version"])}
    lazy_problems = [
        f"charter {argv} imports {', '.join(result['imported'])}"  # type: ignore[arg-type]
        for argv, result in laziness.items()
        if result["imported"] or result["status"] != 0
    ]
    if lazy_problems:
        sys.exit("bench: " + "; ".join(lazy_problems) + ".")

    return {
        "date": date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "pandoc": pandoc_version,
        },
        "answers": str(answers),
        "charter_command": charter,
        "timings": timings,
        "ratio_charter_over_pandoc": timings["charter_generate"]["median"] / timings["pandoc"]["median"],
        "ratio_help_over_import_click": timings["charter_help"]["median"]
        / timings["python_import_click"]["median"],
        "in_process": in_process([answers], args.in_process) if args.in_process else None,
        "in_process_mixed": in_process(example_answers(), args.in_process)
        if args.in_process and example_answers()
        else None,
        "in_process_unseen": in_process(example_answers(), args.in_process, unseen=True)
        if args.in_process and example_answers()
        else None,
        "baseline": _baseline_results(args, answers, timings),
        "layout": layout,
        "import_charter_cli_seconds": import_time_cli(),
        "heavy_modules_imported": {argv: r["imported"] for argv, r in laziness.items()},
        "sizes": sizes,
    }


def print_table(results: dict[str, object]) -> None:
    timings: dict[str, dict[str, float]] = results["timings"]  # type: ignore[assignment]
    labels = {
        "charter_generate": "charter generate",
        "pandoc": "pandoc md -> docx --toc",
        "charter_version": "charter --version",
        "charter_help": "charter --help",
        "python_import_click": 'python -c "import click"',
        "baseline_generate": "baseline: charter generate",
        "baseline_help": "baseline: charter --help",
    }
    labels = {key: label for key, label in labels.items() if key in timings}
    runs = next(iter(timings.values()))["runs"]
    print(f"answers: {results['answers']}")
    print(f"{runs} runs each after warm-up; wall time of the whole process, in milliseconds\n")
    print(f"{'command':<28}{'median':>9}{'min':>9}{'max':>9}{'peak MiB':>10}")
    for key, label in labels.items():
        row = timings[key]
        print(
            f"{label:<28}{row['median'] * 1000:>9.0f}{row['min'] * 1000:>9.0f}{row['max'] * 1000:>9.0f}"
            f"{row['peak_mib']:>10.0f}"
        )
    print(f"\ncharter generate / pandoc (medians): {results['ratio_charter_over_pandoc']:.2f}")
    print(
        f"charter --help / python -c 'import click' (medians): {results['ratio_help_over_import_click']:.2f}"
    )
    warm = results.get("in_process")
    if warm:
        print(
            f"one more charter in a warm process: median {warm['median'] * 1000:.1f} ms, "  # type: ignore[index]
            f"best {warm['min'] * 1000:.1f} ms; {warm['per_second']:.0f} charters/s on one core "  # type: ignore[index]
            f"({warm['count']} charters)"  # type: ignore[index]
        )
    mixed: dict[str, Any] | None = results.get("in_process_mixed")  # type: ignore[assignment]
    if mixed:
        print(
            f"the same, cycling through the {mixed['files']} examples: "
            f"median {mixed['median'] * 1000:.1f} ms, "
            f"best {mixed['min'] * 1000:.1f} ms; {mixed['per_second']:.0f} charters/s on one core"
        )
    unseen: dict[str, Any] | None = results.get("in_process_unseen")  # type: ignore[assignment]
    if unseen:
        print(
            f"the same, each answers file new (its parse not kept): median {unseen['median'] * 1000:.1f} ms, "
            f"best {unseen['min'] * 1000:.1f} ms; {unseen['per_second']:.0f} charters/s on one core"
        )
    base: dict[str, Any] | None = results.get("baseline")  # type: ignore[assignment]
    if base:
        print(
            f"baseline ({base['command']}): generate / pandoc {base['ratio_generate_over_pandoc']:.2f}, "
            f"--help / import click {base['ratio_help_over_import_click']:.2f}"
        )
        warm_base = base["in_process"]
        if warm_base:
            print(
                f"baseline: one more charter in a warm process: median {warm_base['median'] * 1000:.1f} ms, "
                f"best {warm_base['min'] * 1000:.1f} ms; {warm_base['per_second']:.0f} charters/s"
            )
    layout = results.get("layout")
    if layout:
        rows: dict[str, dict[str, float]] = layout["timings"]  # type: ignore[index]
        names = {
            "charter_pdf": "charter generate -o .pdf",
            "charter_docx_laid_out": "charter generate (page nos)",
            "soffice_convert": "soffice --convert-to pdf",
            "soffice_convert_pdfa": "soffice, same PDF/A options",
        }
        runs = next(iter(rows.values()))["runs"]
        print(f"\nwith LibreOffice ({runs} runs each; charter's cache warm, no page measures kept):")
        for key, label in names.items():
            row = rows[key]
            print(
                f"{label:<28}{row['median'] * 1000:>9.0f}{row['min'] * 1000:>9.0f}{row['max'] * 1000:>9.0f}"
                f"{row['peak_mib']:>10.0f}"
            )
        figures: dict[str, float] = layout  # type: ignore[assignment]
        print(
            f"-o .pdf / LibreOffice's own conversion: {figures['pdf_over_soffice']:.2f} (the page numbering "
            f"costs {figures['pdf_extra_over_one_conversion']:.2f} of a conversion on top); "
            f"against the same PDF/A export: {figures['pdf_over_soffice_pdfa']:.2f}"
        )
    seconds = float(results["import_charter_cli_seconds"])  # type: ignore[arg-type]
    print(f"import charter.cli: {seconds * 1000:.0f} ms (python -X importtime)")
    print(f"--help and --version import none of: {', '.join(HEAVY_MODULES)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--answers",
        type=Path,
        default=default_answers(),
        help="answers file to generate (default: examples/fr-group/answers.yml, else the spec's full file)",
    )
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed runs first (default 2)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--lo-runs", type=int, default=5, help="timed runs of the LibreOffice commands (default 5; 0: none)"
    )
    parser.add_argument(
        "--in-process", type=int, default=0, metavar="N", help="also time N more charters in one warm process"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="CHARTER",
        help="another install's console script (a venv of the previous version): its generate and --help "
        "are timed in the same interleaved run, and its warm figure in its own interpreter",
    )
    parser.add_argument("--warm-only", type=int, default=0, help=argparse.SUPPRESS)  # the baseline's warm run
    args = parser.parse_args(argv)
    if args.warm_only:
        print(json.dumps(in_process([args.answers.resolve()], args.warm_only)))
        return 0
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")
    results = run(args)
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
