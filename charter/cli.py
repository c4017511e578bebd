"""The command line: parse options, call `charter.app`, and turn errors into messages and exit codes.

`main` is the one place where exceptions become exit codes. Heavy libraries (Jinja2, python-docx,
questionary) are imported inside the commands that need them, so `charter --help` stays fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, Any

import click

from charter import __version__
from charter.cli_assess import assess_command
from charter.cli_options import SET_OPTION, PathArg, complete_ids, terminal_width, verbosity_options
from charter.cli_options import details as _details
from charter.cli_options import say as _say
from charter.cli_options import warn as _warn
from charter.cli_versions import diff_command
from charter.errors import CharterError, ExitStatus, Interrupted

if TYPE_CHECKING:
    from pathlib import Path

CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 unexpected error; 2 usage; 3 invalid answers file; 4 clause template "
    "error; 5 output cannot be written; 6 unusable reference document; 7 no terminal; 8 LibreOffice "
    "missing, failed or too slow (PDF); 9 a batch where some answers files failed; 130 interrupted."
)


@click.group(context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, "-V", "--version", prog_name="charter")
@verbosity_options
def cli() -> None:
    """Write an organisation's social-media usage charter: Word, PDF, HTML or Markdown.

    \b
    Start with an interview:      charter new
    Or from an answers file:      charter generate ANSWERS.yml -o CHARTER.docx
    """


@cli.command(context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("answers", nargs=-1, required=True, type=PathArg(allow_dash=True))
@click.option(
    "-o",
    "--output",
    "output_text",
    type=click.Path(allow_dash=True),  # text: a batch's OUTDIR/ keeps its final slash
    help="The file to write; its extension chooses the format (.docx, .pdf, .html, .md). "
    "'-' writes to standard output. Default: ANSWERS-NAME.docx in the current folder. "
    "A folder (OUTDIR/) writes one charter per answers file, named after it; .ics writes the review date.",
)
@click.option(
    "-t",
    "--to",
    type=click.Choice(["docx", "pdf", "html", "md"]),
    help="The format, when the output name does not say it (with -o -, or no -o).",
)
@click.option("-f", "--force", is_flag=True, help="Replace the output file if it exists.")
@click.option(
    "--toc-depth",
    type=click.IntRange(1, 3),
    default=1,
    show_default=True,
    help="Heading levels in the contents: 1 lists articles and annexes, 2 adds sub-articles.",
)
@click.option(
    "--no-layout",
    "no_layout",
    is_flag=True,
    help="Do not lay the .docx out with LibreOffice: the contents get their page numbers when Word "
    "refreshes them.",
)
@click.option(
    "--templates",
    type=PathArg(),
    help="A folder of custom clauses (fr/*.md, en/*.md) overriding or adding to the built-in ones.",
)
@click.option(
    "--reference-doc",
    type=PathArg(),
    help="A Word file (.docx or .dotx) whose styles, page setup, header and footer the charter takes.",
)
@click.option(
    "--previous",
    type=PathArg(),
    metavar="OLD.yml",
    help="Write Word tracked changes against the charter of this earlier answers file (.docx only).",
)
@click.option(
    "--with-assessment",
    is_flag=True,
    help="Add the governance check-up (charter assess) to the charter as an annex.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    help="With several answers files (-o OUTDIR/): how many charters at once (default: one per core).",
)
@SET_OPTION
@verbosity_options
def generate(
    answers: tuple[Path, ...],
    output_text: str | None,
    to: str | None,
    force: bool,
    toc_depth: int,
    no_layout: bool,
    templates: Path | None,
    reference_doc: Path | None,
    overrides: list[tuple[str, str]],
    previous: Path | None,
    with_assessment: bool,
    jobs: int | None,
) -> None:
    """Build the charter of an ANSWERS file ('-': standard input), with no prompt.

    \b
    charter generate answers.yml                  # answers.docx
    charter generate answers.yml -o charter.pdf   # PDF/A for signing (needs LibreOffice)
    charter generate answers.yml -o intranet.html
    charter generate answers.yml -o - --to md     # Markdown on standard output

    \b
    charter generate a.yml b.yml -o out/          # one charter per answers file (a folder, a glob)
    charter generate answers.yml -o review.ics    # the next review as a calendar event

    The same answers always give the same document, byte for byte.
    """
    from pathlib import Path

    from charter import app
    from charter.cli_versions import other_outputs

    output = None if output_text is None else Path(output_text)
    shared: dict[str, Any] = {
        "to": to,
        "force": force,
        "templates": templates,
        "reference_doc": reference_doc,
    }
    layout = False if no_layout else None
    shared |= {"overrides": overrides, "toc_depth": toc_depth, "layout": layout, "previous": previous}
    shared["with_assessment"] = with_assessment
    if other_outputs(answers, output_text, jobs=jobs, **shared):  # a batch (-o OUTDIR/), a reminder (.ics)
        return
    result = app.generate(
        answers_path=answers[0],
        output=output,
        to=to,
        force=force,
        templates=templates,
        reference_doc=reference_doc,
        overrides=overrides,
        toc_depth=toc_depth,
        layout=False if no_layout else None,
        previous=previous,
        with_assessment=with_assessment,
    )
    _details(result.details)
    for warning in result.warnings:
        _warn(warning)
    where = "standard output" if str(result.output) == "-" else result.output
    _say(f"Wrote {where} ({len(result.clauses)} clauses).")


@cli.command(context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("answers", type=PathArg())
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
    _details(result.details)
    for message in result.messages:  # what was written: on standard error, as every command says it
        _say(message)
    for warning in result.warnings:
        _warn(warning)


cli.add_command(diff_command(CONTEXT, EXIT_CODES_HELP))  # `charter diff` (charter.versions)
cli.add_command(assess_command(CONTEXT, EXIT_CODES_HELP))  # `charter assess` (charter.assess)


@cli.group(context_settings=CONTEXT)
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
@click.argument("target", type=PathArg())
@click.argument("ids", nargs=-1, metavar="[ID]...", shell_complete=complete_ids)
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
@click.argument("target", type=PathArg())
@verbosity_options
def templates_check(target: Path) -> None:
    """Check a clause library without generating anything; report every problem at once."""
    from charter import app

    result = app.templates_check(target=target)
    _details(result.details)
    _say(f"{target}: the clause library is fine.")


@templates.command("render", context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("answers", type=PathArg())
@click.option("--templates", "templates_dir", type=PathArg(), help="A custom library.")
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
