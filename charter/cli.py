"""The command line: parse options, call `charter.app`, and turn errors into messages and exit codes.

`main` is the one place where exceptions become exit codes. Heavy libraries (Jinja2, python-docx,
questionary) are imported inside the commands that need them, so `charter --help` stays fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from charter import __version__
from charter.errors import CharterError, ExitStatus, Interrupted

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 unexpected error; 2 usage; 3 invalid answers file; 4 clause template "
    "error; 5 output cannot be written; 6 unusable reference document; 7 no terminal; 130 interrupted."
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


def _complete_keys(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of `--set KEY=`: the answers keys."""
    from click.shell_completion import CompletionItem

    from charter import app

    return [CompletionItem(f"{key}=") for key in app.answer_keys() if key.startswith(incomplete)]


def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
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
    shell_complete=_complete_keys,
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


def _meta(key: str) -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.meta.get(key))


def _say(message: str, *, err: bool = True) -> None:
    """A message for the user (what was written): standard error, silent with -q."""
    if not _meta(QUIET):
        click.echo(message, err=err)


def _warn(message: str) -> None:
    if not _meta(QUIET):
        click.secho(f"warning: {message}", fg="yellow", err=True)


def _details(details: list[str]) -> None:
    """What was read and how long it took, from the front door: standard error, only with -v."""
    if _meta(VERBOSE):
        for line in details:
            click.secho(line, dim=True, err=True)


@click.group(context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "-V", "--version", prog_name="charter")
@verbosity_options
def cli() -> None:
    """Write an organisation's social-media usage charter as a Word document.

    \b
    Start with an interview:      charter new
    Or from an answers file:      charter generate ANSWERS.yml -o CHARTER.docx
    """


@cli.command(context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("answers", type=click.Path(path_type=Path, dir_okay=True))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="The .docx file to write."
)
@click.option("-f", "--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--templates",
    type=click.Path(path_type=Path),
    help="A folder of custom clauses (fr/*.md, en/*.md) overriding or adding to the built-in ones.",
)
@click.option(
    "--reference-doc",
    type=click.Path(path_type=Path),
    help="A Word file (.docx or .dotx) whose styles, page setup, header and footer the charter takes.",
)
@SET_OPTION
@verbosity_options
def generate(
    answers: Path,
    output: Path,
    force: bool,
    templates: Path | None,
    reference_doc: Path | None,
    overrides: list[tuple[str, str]],
) -> None:
    """Build the charter of an answers file, with no prompt.

    The same answers always give the same document, byte for byte.
    """
    from charter import app

    result = app.generate(
        answers_path=answers,
        output=output,
        force=force,
        templates=templates,
        reference_doc=reference_doc,
        overrides=overrides,
    )
    _details(result.details)
    for warning in result.warnings:
        _warn(warning)
    _say(f"Wrote {result.output} ({len(result.clauses)} clauses).")


@cli.command(context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("answers", type=click.Path(path_type=Path))
@SET_OPTION
@verbosity_options
def validate(answers: Path, overrides: list[tuple[str, str]]) -> None:
    """Check an ANSWERS file against format 1; write nothing."""
    from charter import app

    checked = app.validate(answers_path=answers, overrides=overrides)
    _details(checked.details)
    for warning in checked.warnings:
        _warn(warning)
    given = " with the --set values" if overrides else ""
    _say(f"{answers}{given} is a valid answers file (format 1).")


@cli.command(context_settings=CONTEXT)
@verbosity_options
def schema() -> None:
    """Print the answers format as JSON Schema."""
    import json  # here: no other command needs it at start-up

    from charter import app

    click.echo(json.dumps(app.schema(), indent=2, ensure_ascii=False))


@cli.command(context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.option(
    "--lang", type=click.Choice(["fr", "en"]), help="Language of the interview (default: the system's)."
)
@click.option(
    "--answers",
    "answers_path",
    type=click.Path(path_type=Path),
    help="Where to save the answers file (default: named after the organisation).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Where to write the charter (default: named after it).",
)
@click.option(
    "--from",
    "from_path",
    type=click.Path(path_type=Path),
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
    _details(result.details)
    for message in result.messages:  # the interview's last words, on the terminal it spoke on
        _say(message, err=False)
    for warning in result.warnings:
        _warn(warning)


@cli.group(context_settings=CONTEXT)
@verbosity_options
def templates() -> None:
    """List, copy and check clause libraries.

    Your own wording for a clause, clauses of your own, clauses dropped.
    """


@templates.command("list", context_settings=CONTEXT)
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Only this language.")
@click.option(
    "--templates", "templates_dir", type=click.Path(path_type=Path), help="Include a custom library."
)
@verbosity_options
def templates_list(lang: str | None, templates_dir: Path | None) -> None:
    """Every clause with its id, title, condition and origin (built-in or custom)."""
    from charter import app

    listed = app.templates_list(lang=lang, templates=templates_dir)
    _details(listed.details)
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
@click.argument("target", type=click.Path(path_type=Path))
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=_complete_ids)
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Only this language.")
@verbosity_options
def templates_eject(target: Path, ids: tuple[str, ...], lang: str | None) -> None:
    """Copy the built-in clause library, or only the clauses IDs, into TARGET, ready to edit."""
    from charter import app

    result = app.templates_eject(target=target, lang=lang, ids=ids)
    _details(result.details)
    _say(f"Copied {len(result.files)} clause files into {target}. Edit them, then run:")
    _say(f"  charter templates check {target}")
    _say(f"  charter generate ANSWERS.yml -o CHARTER.docx --templates {target}")


@templates.command("check", context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("target", type=click.Path(path_type=Path))
@verbosity_options
def templates_check(target: Path) -> None:
    """Check a clause library without generating anything; report every problem at once."""
    from charter import app

    result = app.templates_check(target=target)
    _details(result.details)
    _say(f"{target}: the clause library is fine.")


@templates.command("render", context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("answers", type=click.Path(path_type=Path))
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path), help="A custom library.")
@SET_OPTION
@verbosity_options
def templates_render(answers: Path, templates_dir: Path | None, overrides: list[tuple[str, str]]) -> None:
    """Print the markup each clause renders to for ANSWERS: what the document is built from."""
    from charter import app

    result = app.templates_render(answers_path=answers, templates=templates_dir, overrides=overrides)
    _details(result.details)
    click.echo(result.text, nl=False)


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
    try:
        cli.main(args=argv, prog_name="charter", standalone_mode=False)
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
    return int(ExitStatus.OK)
