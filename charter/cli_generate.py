"""`charter generate`, `charter validate` and `charter schema`: the commands that read an answers file
and ask nothing.

Loaded by `charter.cli` when one of them runs (see COMMANDS there); like every command, they call
`charter.app` and report what it returns.
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
    say,
    verbosity_options,
    warn,
)

if TYPE_CHECKING:  # pathlib costs start-up about 5 ms: imported where a command runs
    from pathlib import Path


@click.command(context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
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
    help="Heading levels in the contents: 1 lists articles and annexes, 2 adds sub-articles, 3 their points.",
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
    details(result.details)
    for warning in result.warnings:
        warn(warning)
    where = "standard output" if str(result.output) == "-" else result.output
    say(f"Wrote {where} ({len(result.clauses)} clauses).")


@click.command(context_settings=CONTEXT, epilog=EXIT_CODES_HELP)
@click.argument("answers", type=PathArg())
@SET_OPTION
@verbosity_options
def validate(answers: Path, overrides: list[tuple[str, str]]) -> None:
    """Check an ANSWERS file against format 1; write nothing."""
    from charter import app

    checked = app.validate(answers_path=answers, overrides=overrides)
    details(checked.details)
    for warning in checked.warnings:
        warn(warning)
    given = " with the --set values" if overrides else ""
    say(f"{answers}{given} is a valid answers file (format 1).")


@click.command(context_settings=CONTEXT)
@verbosity_options
def schema() -> None:
    """Print the answers format as JSON Schema."""
    import json  # here: no other command needs it at start-up

    from charter import app

    click.echo(json.dumps(app.schema(), indent=2, ensure_ascii=False))
