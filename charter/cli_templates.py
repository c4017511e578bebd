"""`charter templates list|eject|check|render`: the clause libraries.

Loaded by `charter.cli` when `charter templates` runs (see COMMANDS there); like every command, these
call `charter.app` and print what it returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from charter.cli_options import (
    CONTEXT,
    EXIT_CODES_HELP,
    SET_OPTION,
    PathArg,
    complete_ids,
    details,
    say,
    verbosity_options,
)

if TYPE_CHECKING:  # pathlib costs start-up about 5 ms: imported where a command runs
    from pathlib import Path


@click.group(context_settings=CONTEXT)
@verbosity_options
def templates() -> None:
    """List, copy and check clause libraries.

    Your own wording for a clause, clauses of your own, clauses dropped.
    """


@templates.command("list", context_settings=CONTEXT)
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Only this language.")
@click.option("--templates", "templates_dir", type=PathArg(), help="Include a custom library.")
@verbosity_options
def templates_list(lang: str | None, templates_dir: Path | None) -> None:
    """Every clause with its id, title, condition and origin (built-in or custom)."""
    from charter import app

    listed = app.templates_list(lang=lang, templates=templates_dir)
    details(listed.details)
    rows = listed.rows
    width = max(len(r.id) for r in rows)
    current = None
    for row in rows:
        if row.lang != current:
            current = row.lang
            click.secho(f"{'' if row is rows[0] else chr(10)}[{row.lang}]", bold=True)
        place = f"{row.part} {row.order}"
        click.echo(f"  {row.id:<{width}}  {place:<12} {row.origin:<19} {row.title}")
        if row.when:
            click.echo(f"  {'':<{width}}  when: {row.when}")


@templates.command("eject", context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("target", type=PathArg())
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=complete_ids)
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Only this language.")
@verbosity_options
def templates_eject(target: Path, ids: tuple[str, ...], lang: str | None) -> None:
    """Copy the built-in clause library, or only the clauses IDs, into TARGET, ready to edit."""
    from charter import app

    result = app.templates_eject(target=target, lang=lang, ids=ids)
    details(result.details)
    say(f"Copied {len(result.files)} clause files into {target}. Edit them, then run:")
    say(f"  charter templates check {target}")
    say(f"  charter generate ANSWERS.yml -o CHARTER.docx --templates {target}")


@templates.command("check", context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("target", type=PathArg())
@verbosity_options
def templates_check(target: Path) -> None:
    """Check a clause library without generating anything; report every problem at once."""
    from charter import app

    result = app.templates_check(target=target)
    details(result.details)
    say(f"{target}: the clause library is fine.")


@templates.command("render", context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("answers", type=PathArg())
@click.option("--templates", "templates_dir", type=PathArg(), help="A custom library.")
@SET_OPTION
@verbosity_options
def templates_render(answers: Path, templates_dir: Path | None, overrides: list[tuple[str, str]]) -> None:
    """Print the markup each clause renders to for ANSWERS: what the document is built from."""
    from charter import app

    result = app.templates_render(answers_path=answers, templates=templates_dir, overrides=overrides)
    details(result.details)
    click.echo(result.text, nl=False)
