"""The options several commands share, and how they talk to the user: --set, -q/-v, completion.

Kept apart from `charter.cli` so that each command there reads as what it does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Any

import click

#: click's settings for every command (`main` sets the terminal's width in it before parsing).
CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 unexpected error; 2 usage; 3 invalid answers file; 4 clause template "
    "error; 5 output cannot be written; 6 unusable reference document; 7 no terminal; 8 LibreOffice "
    "missing, failed or too slow (PDF); 9 a batch where some answers files failed; 130 interrupted."
)


def _parse_set(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[tuple[str, str]]:
    """`--set KEY=VALUE` -> (KEY, VALUE); the value is read as YAML later, with the answers file."""
    pairs = []
    for value in values:
        key, equals, text = value.partition("=")
        if not equals or not key.strip():
            raise click.BadParameter(
                f"{value!r} is not KEY=VALUE (for example governance.approval=none).", ctx, param
            )
        pairs.append((key.strip(), text))
    return pairs


def complete_keys(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of `--set KEY=`: the answers keys."""
    from click.shell_completion import CompletionItem

    from charter import app

    return [CompletionItem(f"{key}=") for key in app.answer_keys() if key.startswith(incomplete)]


def complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of `templates eject DIR ID...`: the built-in clause ids."""
    from click.shell_completion import CompletionItem

    from charter import app

    return [CompletionItem(ident) for ident in app.clause_ids() if ident.startswith(incomplete)]


SET_OPTION = click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    callback=_parse_set,
    shell_complete=complete_keys,
    help="Override one answer (repeatable): a dotted key and a YAML value, "
    "e.g. governance.approval=none or 'platforms=[linkedin, x]'.",
)


QUIET, VERBOSE = "charter.quiet", "charter.verbose"  # keys of click's context meta, shared by all commands


def _verbosity(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """-q and -v, before or after the command name; both at once is a usage error."""
    if not value or param.name is None:
        return
    ctx.meta["charter." + param.name] = True
    if ctx.meta.get(QUIET) and ctx.meta.get(VERBOSE):
        raise click.UsageError("-q/--quiet and -v/--verbose cannot be used together.", ctx)


def verbosity_options(command: Any) -> Any:
    """Add -q/--quiet and -v/--verbose to a command or group."""
    command = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=_verbosity,
        help="Also say what was read (answers, clause library, reference document) and how long it took.",
    )(command)
    return click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_verbosity,
        help="Only errors; data (schema, lists, markup) still goes to standard output.",
    )(command)


class PathArg(click.Path):
    """click.Path whose value is a pathlib.Path; pathlib is imported when a command runs, not when
    `charter --help` starts (it costs about 15 ms, a sixth of the start-up)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path

        converted = super().convert(value, param, ctx)
        return Path(converted) if isinstance(converted, str) else converted


def _meta(key: str) -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(key))


def say(message: str, *, err: bool = True) -> None:
    """A message for the user (what was written): standard error, silent with -q."""
    if not _meta(QUIET):
        click.echo(message, err=err)


def warn(message: str) -> None:
    if not _meta(QUIET):
        click.secho(f"warning: {message}", fg="yellow", err=True)


def details(lines: Sequence[str]) -> None:
    """What was read and how long it took, from the front door: standard error, only with -v."""
    if _meta(VERBOSE):
        for line in lines:
            click.secho(line, dim=True, err=True)


def terminal_width() -> int | None:
    """The terminal's width (None in a pipe), read the cheap way: click would import shutil (and its
    compression modules) for it, a twentieth of `charter --help`'s time."""
    if os.environ.get("COLUMNS", "").isdigit():
        return int(os.environ["COLUMNS"])
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else None
    except (OSError, ValueError):
        return None
