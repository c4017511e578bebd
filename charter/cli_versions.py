"""`charter generate` for several charters at once (-o OUTDIR/) and for the review reminder (-o x.ics).

Kept apart from `charter.cli_generate`, whose `generate` hands over to :func:`other_outputs` first; like every
command, these call `charter.app` and report what it returns.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from charter.cli_options import QUIET, details, say, warn
from charter.errors import ExitStatus

if TYPE_CHECKING:  # pathlib costs `charter --help` about 5 ms: imported where a command runs
    from pathlib import Path


def other_outputs(answers: Sequence[Path], output_text: str | None, **options: Any) -> bool:
    """Write a batch or a review reminder when that is what was asked, and say so (True); exits with
    the batch's code when one of its files failed. ``output_text`` is -o as typed (OUTDIR/)."""
    from pathlib import Path

    output = None if output_text is None else Path(output_text)
    if is_batch(answers, output_text):
        code = batch(answers, output, **options)
        if code:
            raise click.exceptions.Exit(code)
        return True
    if output is not None and output.suffix.lower() == ".ics":
        if options.get("previous") is not None or options.get("to") not in (None, "ics"):
            raise click.UsageError(
                "a .ics output is the review reminder: it takes no --previous and no --to."
            )
        if options.get("with_assessment"):
            raise click.UsageError("a .ics output is the review reminder: it takes no --with-assessment.")
        reminder(answers[0], output, force=options["force"], overrides=options["overrides"])
        return True
    return False


def reminder(answers: Path, output: Path, *, force: bool, overrides: Sequence[tuple[str, str]]) -> None:
    from charter import app

    result = app.review_reminder(answers_path=answers, output=output, force=force, overrides=overrides)
    details(result.details)
    for warning in result.warnings:
        warn(warning)
    say(f"Wrote {output} (the next review, as a calendar event).")


def is_batch(answers: Sequence[Path], output: str | None) -> bool:
    """Whether `charter generate` was given several answers files, a folder, a glob, or one answers
    file and `-o OUTDIR/` (``output`` as typed: the final slash says a folder). Decided here, from
    the arguments alone: a single charter does not import the batch's machinery."""
    if len(answers) != 1:
        return True
    only = str(answers[0])
    if only != "-" and (answers[0].is_dir() or (set("*?[") & set(only) and not answers[0].exists())):
        return True
    return output is not None and output.endswith(("/", os.sep))


def batch(answers: Sequence[Path], output: Path | None, *, jobs: int | None, **options: Any) -> int:
    """One charter per answers file into OUTDIR; the exit code: 0 when every one was written, else 9."""
    from charter import app

    bar: Any = None
    quiet = click.get_current_context().meta.get(QUIET)

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if quiet or not sys.stderr.isatty():  # a progress bar only on a terminal
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Writing charters", file=sys.stderr)
            bar.__enter__()
        bar.update(1)

    try:
        result = app.generate_batch(
            answers_paths=answers, output=output, jobs=jobs, progress=progress, **options
        )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    outcomes = result.rows
    failed = [o for o in outcomes if o.status]
    for outcome in outcomes:
        for warning in outcome.warnings:
            warn(f"{outcome.answers}: {warning}")
    for outcome in failed:
        message = (
            outcome.message
            if str(outcome.answers) in outcome.message
            else f"{outcome.answers}: {outcome.message}"
        )
        click.secho(f"charter: error: {message}", fg="red", err=True)
    written = len(outcomes) - len(failed)
    noun = "charter" if len(outcomes) == 1 else "charters"
    summary = f"Wrote {written} of {len(outcomes)} {noun} into {output}"
    if failed:
        names = ", ".join(str(o.answers) for o in failed[:10]) + (", ..." if len(failed) > 10 else "")
        click.echo(f"{summary}; {len(failed)} failed ({names}).", err=True)
        return int(ExitStatus.BATCH_FAILED)
    say(f"{summary}.")
    return 0
