"""`charter diff OLD NEW`: what changed between two versions of a charter.

Loaded by `charter.cli` when it runs (see COMMANDS there); it calls `charter.app` and prints what it
returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from charter.cli_options import CONTEXT, EXIT_CODES_HELP, PathArg, details, verbosity_options

if TYPE_CHECKING:  # pathlib costs start-up about 5 ms: imported where a command runs
    from pathlib import Path


@click.command("diff", context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("old", type=PathArg())
@click.argument("new", type=PathArg())
@click.option(
    "--to",
    "to",
    type=click.Choice(["text", "md"]),
    default="text",
    show_default=True,
    help="Plain text, or Markdown for a review ticket.",
)
@click.option(
    "--exit-code",
    is_flag=True,
    help="Exit with 1 when the charters differ, 0 when they do not (as git diff).",
)
@verbosity_options
def diff(old: Path, new: Path, to: str, exit_code: bool) -> None:
    """What changed from the charter of OLD to that of NEW, in the charter's language.

    Every answer that changed (the question, the old and the new value), then the articles added,
    removed and reworded. Exit 0 whether or not anything changed; with --exit-code, 1 when it did.
    """
    from charter import app

    result = app.diff(old_path=old, new_path=new, markdown=to == "md")
    details(result.details)
    click.echo(result.text, nl=False)
    if exit_code and result.changed:
        raise click.exceptions.Exit(1)
