"""`charter assess ANSWERS.yml`: the governance check-up on the terminal (standard output).

Loaded by `charter.cli` when it runs (see COMMANDS there); like every command, it calls `charter.app`
and prints what it returns. Nothing heavy is imported before the command runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from charter.cli_options import (
    CONTEXT,
    EXIT_CODES_HELP,
    SET_OPTION,
    PathArg,
    details,
    terminal_width,
    verbosity_options,
    warn,
)

if TYPE_CHECKING:  # pathlib costs `charter --help` about 5 ms: only annotations need it here
    from pathlib import Path

#: How each kind of line is shown on a terminal (click drops the colours in a pipe or a file).
STYLES: dict[str, dict[str, Any]] = {
    "heading": {"bold": True},
    "ahead": {"fg": "green", "bold": True},
    "behind": {"fg": "yellow", "bold": True},
    "info": {"bold": True},
    "next": {"bold": True},
    "pointer": {"dim": True},
}


@click.command("assess", context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("answers", type=PathArg(allow_dash=True))
@click.option(
    "--templates",
    type=PathArg(),
    help="A folder of custom clauses, as for generate (articles numbered alike).",
)
@SET_OPTION
@verbosity_options
def assess(answers: Path, templates: Path | None, overrides: list[tuple[str, str]]) -> None:
    """A governance check-up of an ANSWERS file ('-': standard input), in its language.

    Where the organisation stands against the 2017 social-media barometer (a charter, a dedicated
    team, return on investment, training, the use of the data collected, networks), and what to
    do next: the article of the charter that answers each gap, or the answer to change. Advice on
    the terminal; `charter generate --with-assessment` adds it to the charter as an annex.
    """
    from charter import app

    result = app.assess(
        answers_path=answers,
        templates=templates,
        overrides=overrides,
        width=min(terminal_width() or 88, 100),
    )
    details(result.details)
    for warning in result.warnings:
        warn(warning)
    for line in result.rows:
        click.secho(line.text, **STYLES.get(line.kind, {}))
