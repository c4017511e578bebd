"""The command line: parse options, call `charter.app`, and turn errors into messages and exit codes.

`main` is the one place where exceptions become exit codes. Each command lives in its own module
(`charter.cli_generate`, `cli_new`, `cli_templates`, `cli_assess`, `cli_diff`), loaded only when it
runs: `charter --help` lists them from COMMANDS without defining their options, and a command defines
only its own. Heavy libraries (Jinja2, python-docx, questionary) are imported inside the commands that
need them, so start-up stays close to click's own.
"""

from __future__ import annotations

import contextlib
import os
import sys

import click

from charter import __version__
from charter.cli_options import CONTEXT, EXIT_CODES_HELP, terminal_width, verbosity_options
from charter.errors import CharterError, ExitStatus, Interrupted

#: Every command: the module and the name it is defined under, and its summary (the first paragraph
#: of its help, as `charter --help` lists it; tests/test_cli.py keeps the two equal).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "assess": (
        "charter.cli_assess",
        "assess",
        "A governance check-up of an ANSWERS file ('-': standard input), in its language.",
    ),
    "diff": (
        "charter.cli_diff",
        "diff",
        "What changed from the charter of OLD to that of NEW, in the charter's language.",
    ),
    "generate": (
        "charter.cli_generate",
        "generate",
        "Build the charter of an ANSWERS file ('-': standard input), with no prompt.",
    ),
    "new": ("charter.cli_new", "new", "Interview, review, then write the answers file and the charter."),
    "schema": ("charter.cli_generate", "schema", "Print the answers format as JSON Schema."),
    "templates": ("charter.cli_templates", "templates", "List, copy and check clause libraries."),
    "validate": (
        "charter.cli_generate",
        "validate",
        "Check an ANSWERS file against format 1; write nothing.",
    ),
}


class Commands(click.Group):
    """charter's group: a command is defined (its module imported) when it runs, not at start-up."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            from importlib import import_module

            module, name, _summary = COMMANDS[cmd_name]
            self.add_command(getattr(import_module(module), name), cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in COMMANDS:  # a typo: define them all, so that click suggests one
            for name in COMMANDS:
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The list of commands as click writes it, from COMMANDS: each summary goes through a bare
        command of that name (no options), so that click shortens it as it would the real one's."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, click.Command(name, help=summary).get_short_help_str(limit))
            for name, (_module, _attribute, summary) in sorted(COMMANDS.items())
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=Commands, context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "-V", "--version", prog_name="charter")
@verbosity_options
def cli() -> None:
    """Write an organisation's social-media usage charter: Word, PDF, HTML or Markdown.

    \b
    Start with an interview:      charter new
    Or from an answers file:      charter generate ANSWERS.yml -o CHARTER.docx
    """


def _report(message: str, status: int, *, colour: str | None = None) -> int:
    """Show `message` on stderr and return `status`; a closed stderr does not change the exit code."""
    with contextlib.suppress(OSError, ValueError):  # stderr closed or a broken pipe: the code still tells
        click.secho(message, fg=colour, err=True)
    return status


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: list[str] | None = None) -> int:
    """Run the command line; the only place where errors become messages and exit codes."""
    columns = terminal_width() or 80
    CONTEXT["terminal_width"] = max(min(columns, CONTEXT["max_content_width"]) - 2, 50)  # as click does
    try:
        returned = cli.main(args=argv, prog_name="charter", standalone_mode=False)
    except Interrupted as exc:  # not an error: the user stopped, and the message says how to go on
        return _report(f"\n{exc}", int(exc.exit_status))
    except CharterError as exc:
        return _report(f"charter: error: {exc}", int(exc.exit_status), colour="red")
    except click.exceptions.Abort:
        return _report("\nInterrupted.", int(ExitStatus.INTERRUPTED))
    except click.ClickException as exc:
        with contextlib.suppress(OSError, ValueError):
            exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        return _report("\nInterrupted; nothing was written.", int(ExitStatus.INTERRUPTED))
    except BrokenPipeError:  # the reader went away (`charter schema | head`): quiet, as other tools
        _silence_stdout()
        return int(ExitStatus.ERROR)
    except Exception as exc:
        if os.environ.get("CHARTER_DEBUG"):
            raise
        return _report(
            f"charter: unexpected error: {type(exc).__name__}: {exc}\n"
            "This is a bug in charter; run again with CHARTER_DEBUG=1 to see the traceback, "
            "and please report it.",
            int(ExitStatus.ERROR),
            colour="red",
        )
    # a command that exits on purpose with a code (`diff --exit-code`, a batch with failures)
    return returned if isinstance(returned, int) else int(ExitStatus.OK)
