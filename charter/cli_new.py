"""`charter new`: the interview, then the answers file and the charter.

Loaded by `charter.cli` when it runs (see COMMANDS there); it calls `charter.app`, which asks the
questions, and reports what was written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from charter.cli_options import CONTEXT, EXIT_CODES_HELP, PathArg, details, say, verbosity_options, warn

if TYPE_CHECKING:  # pathlib costs start-up about 5 ms: imported where a command runs
    from pathlib import Path


@click.command(context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.option(
    "--lang", type=click.Choice(["fr", "en"]), help="Language of the interview (default: the system's)."
)
@click.option(
    "--answers",
    "answers_path",
    type=PathArg(),
    help="Where to save the answers file (default: named after the organisation).",
)
@click.option(
    "-o",
    "--output",
    type=PathArg(),
    help="Where to write the charter (default: named after it).",
)
@click.option(
    "--from",
    "from_path",
    type=PathArg(),
    help="Reopen a finished answers file: its answers become the defaults.",
)
@click.option("--resume", is_flag=True, help="Go on with the interview that was interrupted.")
@verbosity_options
def new(
    lang: str | None, answers_path: Path | None, output: Path | None, from_path: Path | None, resume: bool
) -> None:
    """Interview, review, then write the answers file and the charter.

    About ten minutes of questions; Ctrl-C saves a draft that --resume continues.
    """
    if from_path is not None and resume:
        raise click.UsageError("--from and --resume cannot be used together.")
    from charter import app

    result = app.new(lang=lang, answers_path=answers_path, output=output, from_path=from_path, resume=resume)
    details(result.details)
    for message in result.messages:  # what was written: on standard error, as every command says it
        say(message)
    for warning in result.warnings:
        warn(warning)
