"""The command line as a user meets it: messages, exit codes, and nothing written on failure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import MINIMAL

EXIT = {"answers": 3, "template": 4, "output": 5, "reference": 6}


def assert_clean_failure(result, code: int, *needles: str) -> None:
    assert result.code == code, (result.code, result.err)
    assert "Traceback" not in result.err
    for needle in needles:
        assert needle in result.err, result.err


def test_generate_writes_a_charter_and_names_it(run_cli, answers_file, workdir: Path) -> None:
    answers = answers_file()
    result = run_cli("generate", answers, "-o", "charter.docx")
    assert result.code == 0, result.err
    assert "Wrote charter.docx" in result.err and result.out == ""  # messages on stderr, stdout for data
    assert (workdir / "charter.docx").stat().st_size > 10_000
    assert [p.name for p in workdir.iterdir()] == sorted(["answers.yml", "charter.docx"]) or set(
        p.name for p in workdir.iterdir()
    ) == {"answers.yml", "charter.docx"}


def test_generate_is_byte_identical_for_identical_answers(run_cli, answers_file, workdir: Path) -> None:
    answers = answers_file()
    assert run_cli("generate", answers, "-o", "a.docx").code == 0
    assert run_cli("generate", answers, "-o", "b.docx").code == 0
    assert (workdir / "a.docx").read_bytes() == (workdir / "b.docx").read_bytes()


def test_existing_output_is_refused_without_force(run_cli, answers_file, workdir: Path) -> None:
    answers = answers_file()
    target = workdir / "charter.docx"
    target.write_bytes(b"precious")
    result = run_cli("generate", answers, "-o", target)
    assert_clean_failure(result, EXIT["output"], "already exists; add --force")
    assert target.read_bytes() == b"precious"
    assert run_cli("generate", answers, "-o", target, "--force").code == 0
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("text", "needle", "says_nothing_written"),
    [
        ("format: 1\norganisation: [\n", "not valid YAML", False),
        (MINIMAL + "colour: blue\n", "colour: unknown key", True),
        (MINIMAL + "governance: {moderation: 3}\n", "expected true or false, got 3", True),
        (MINIMAL.replace("[linkedin]", "[facebok]"), 'Did you mean "facebook"', True),
        ("format: 1\nplatforms: [x]\n", "organisation.name: missing required key", True),
        ("format: 7\n", "unsupported format 7", True),
        ("", "is empty", False),
        (
            MINIMAL.replace("Northwind", "North\x00wind"),
            "U+0000 is a control character that no charter can hold",
            False,
        ),
        (MINIMAL.replace("[linkedin]", "[google_plus]"), "Google+ closed to consumers on 2 April 2019", True),
    ],
)
def test_bad_answers_fail_cleanly_and_write_nothing(
    run_cli, answers_file, workdir: Path, text, needle, says_nothing_written
) -> None:
    """Whatever the message, nothing is written; a checker's report says so in words too."""
    answers = answers_file(text)
    result = run_cli("generate", answers, "-o", "charter.docx")
    assert_clean_failure(result, EXIT["answers"], needle)
    assert ("nothing was written" in result.err) is says_nothing_written, result.err
    assert not (workdir / "charter.docx").exists()
    assert {p.name for p in workdir.iterdir()} == {"answers.yml"}
    assert_clean_failure(run_cli("validate", answers), EXIT["answers"], needle)


def test_output_problems_fail_cleanly(run_cli, answers_file, workdir: Path) -> None:
    answers = answers_file()
    assert_clean_failure(run_cli("generate", answers, "-o", "missing/charter.docx"), 5, "does not exist")
    assert_clean_failure(run_cli("generate", answers, "-o", workdir), 5, "is a folder")
    if os.geteuid() != 0:  # root may write anywhere
        locked = workdir / "locked"
        locked.mkdir(mode=0o500)
        assert_clean_failure(run_cli("generate", answers, "-o", locked / "c.docx"), 5, "permission denied")
    assert_clean_failure(run_cli("generate", workdir / "nope.yml", "-o", "c.docx"), 3, "no such file")


def test_unwritable_location_fails_cleanly(run_cli, answers_file, workdir: Path) -> None:
    """/proc is a folder nobody can create files in, root included."""
    answers = answers_file()
    result = run_cli("generate", answers, "-o", "/proc/charter.docx")
    assert result.code == 5 and "Traceback" not in result.err
    assert "/proc" in result.err


def test_interrupted_write_leaves_no_half_file(answers_file, workdir: Path, monkeypatch) -> None:
    from charter import app

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        app.generate(answers_path=answers_file(), output=workdir / "charter.docx")
    assert {p.name for p in workdir.iterdir()} == {"answers.yml"}


def test_validate_and_schema(run_cli, answers_file, workdir: Path) -> None:
    result = run_cli("validate", answers_file())
    assert result.code == 0 and "is a valid answers file" in result.err
    assert list(workdir.iterdir()) == [workdir / "answers.yml"]
    schema = run_cli("schema")
    assert schema.code == 0
    data = json.loads(schema.out)
    assert data["required"] == ["format", "organisation", "platforms"]
    assert "clauses" in data["properties"]


def test_workplace_warns_on_the_terminal(run_cli, answers_file) -> None:
    result = run_cli("generate", answers_file(MINIMAL + "enterprise_networks: [workplace]\n"), "-o", "c.docx")
    assert result.code == 0
    assert "warning: Workplace from Meta is closing" in result.err


def test_usage_errors_exit_2(run_cli) -> None:
    assert run_cli("generate").code == 2
    assert run_cli("frobnicate").code == 2
    assert run_cli("--version").out.startswith("charter, version ")


def test_exit_codes_are_documented(run_cli) -> None:
    result = run_cli("generate", "--help")
    for code in ("3 invalid answers file", "4 clause template", "5 output", "6 unusable reference", "130"):
        assert code in result.out.replace("\n", " ")


def test_help_and_version_do_not_import_heavy_libraries() -> None:
    code = (
        "import sys; from charter.cli import main\n"
        "for args in (['--help'], ['--version'], ['templates', '--help']):\n"
        "    try: main(args)\n"
        "    except SystemExit: pass\n"
        "heavy = [m for m in ('docx', 'jinja2', 'questionary', 'markdown_it', 'yaml') if m in sys.modules]\n"
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_the_list_of_commands_says_what_each_command_says_of_itself() -> None:
    """`charter --help` lists the commands from a table, without defining them: each summary there is
    the first paragraph of the command's own help, so both say the same."""
    import inspect

    from charter.cli import COMMANDS, cli

    ctx = click.Context(cli)
    assert sorted(COMMANDS) == sorted(cli.list_commands(ctx))
    for name, (_module, _attribute, summary) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
        first = inspect.cleandoc(command.help or "").split("\n\n")[0].replace("\n", " ")
        assert first == summary, name


def test_help_defines_no_command_and_a_command_defines_only_itself() -> None:
    modules = ("cli_generate", "cli_new", "cli_templates", "cli_assess", "cli_diff", "cli_versions")
    code = (
        "import sys; from charter.cli import main\n"
        "for args in ({args}):\n"
        "    try: main(args)\n"
        "    except SystemExit: pass\n"
        f"print([m for m in {modules!r} if 'charter.' + m in sys.modules])"
    )

    def loaded(args: str) -> str:
        run = subprocess.run([sys.executable, "-c", code.format(args=args)], capture_output=True, text=True)
        return run.stdout.strip().splitlines()[-1]

    assert loaded("['--help'], ['--version']") == "[]"
    assert loaded("['validate', '--help'],") == "['cli_generate']"
    assert loaded("['templates', 'list', '--help'],") == "['cli_templates']"


def test_generate_imports_neither_questionary_nor_dataclasses(answers_file, workdir: Path) -> None:
    """The interview's libraries are not loaded to write a charter; nor are dataclasses once the cache
    holds the parsed clauses (the Markdown parser uses them), as their classes cost about a millisecond
    each to make: records on this path are named tuples (see charter.blocks)."""
    answers = answers_file()
    code = (
        "import sys; from charter.cli import main\n"
        f"main(['generate', {str(answers)!r}, '-o', 'x.docx', '--force'])\n"
        "print('questionary' in sys.modules, 'prompt_toolkit' in sys.modules, 'dataclasses' in sys.modules)"
    )
    for run in ("cold cache", "warm cache"):
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=workdir
        )
        shown = out.stdout.strip().splitlines()[-1]
        assert shown.startswith("False False"), run
    assert shown == "False False False"


# ------------------------------------------------------------------------------ templates commands


def test_templates_list(run_cli) -> None:
    result = run_cli("templates", "list", "--lang", "fr")
    assert result.code == 0
    assert "[fr]" in result.out and "[en]" not in result.out
    assert "purpose" in result.out and "built-in" in result.out
    assert (
        "when: governance.moderation" in result.out
        or "when: platforms and governance.moderation" in result.out
    )


def test_templates_eject_then_check_then_generate(run_cli, answers_file, workdir: Path) -> None:
    result = run_cli("templates", "eject", "lib", "--lang", "en")
    assert result.code == 0
    assert (workdir / "lib" / "en" / "purpose.md").is_file()
    assert not (workdir / "lib" / "fr").exists()
    again = run_cli("templates", "eject", "lib", "--lang", "en")
    assert_clean_failure(again, 5, "already exist", "nothing was copied")
    assert run_cli("templates", "check", "lib").code == 0
    purpose = workdir / "lib" / "en" / "purpose.md"
    purpose.write_text(purpose.read_text().replace("---\n", "---\n", 1) + "\nOur own closing words.\n")
    result = run_cli("generate", answers_file(), "-o", "c.docx", "--templates", "lib")
    assert result.code == 0, result.err
    import docx

    text = "\n".join(p.text for p in docx.Document(str(workdir / "c.docx")).paragraphs)
    assert "Our own closing words." in text


def test_templates_check_reports_every_problem(run_cli, workdir: Path) -> None:
    folder = workdir / "lib" / "en"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(
        "---\nid: a\ntitle: A\nwhen: governance.moderatoin\n---\n{{ organisation.nmae }}\n"
    )
    (folder / "b.md").write_text("---\nid: a\ntitle: B\n---\nText\n")
    (folder / "c.md").write_text("---\nid: c\ntitle: C\n---\n{% if x %}\n")
    (folder / "d.md").write_text("no front matter\n")
    (folder / "e.md").write_text("---\nid: e\ntitle: E\n---\n{{ platfroms }}\n")
    result = run_cli("templates", "check", workdir / "lib")
    assert_clean_failure(
        result,
        4,
        'a.md, line 4: `governance.moderatoin` is not in the answers format. Did you mean "moderation"?',
        'a.md, line 6: `organisation.nmae` is not in the answers format. Did you mean "name"?',
        "b.md: duplicate id `a`",
        "c.md, line 5: template syntax error",
        "d.md, line 1: a clause file starts with front matter",
        'e.md, line 5: `platfroms` is not a name templates can use. Did you mean "platforms"?',
    )
    assert "6 problems" in result.err


def test_templates_check_on_a_folder_without_language(run_cli, workdir: Path) -> None:
    (workdir / "empty").mkdir()
    assert_clean_failure(run_cli("templates", "check", "empty"), 4, "holds no fr/ or en/ folder")
    assert_clean_failure(run_cli("templates", "check", "missing"), 4, "no such folder")


def test_answers_file_paths_are_relative_to_it(run_cli, workdir: Path) -> None:
    project = workdir / "project"
    (project / "lib" / "en").mkdir(parents=True)
    (project / "lib" / "en" / "house.md").write_text(
        "---\nid: house\ntitle: House rules\norder: 12\n---\nBe nice.\n"
    )
    (project / "answers.yml").write_text(MINIMAL + "clauses: {templates: lib, exclude: [respect]}\n")
    result = run_cli("generate", project / "answers.yml", "-o", "c.docx")
    assert result.code == 0, result.err
    import docx

    headings = [
        p.text for p in docx.Document(str(workdir / "c.docx")).paragraphs if p.style.name == "Heading 1"
    ]
    assert headings[1] == "House rules"
    assert "Respect for others" not in headings


def test_bad_reference_doc_fails_cleanly(run_cli, answers_file, workdir: Path) -> None:
    (workdir / "ref.docx").write_text("not a word file")
    result = run_cli("generate", answers_file(), "-o", "c.docx", "--reference-doc", "ref.docx")
    assert_clean_failure(result, 6)
    assert not (workdir / "c.docx").exists()


@pytest.mark.parametrize("cache", ["", "blocked"])
def test_generate_works_without_a_usable_cache(
    run_cli, answers_file, workdir: Path, monkeypatch, cache
) -> None:
    if cache == "blocked":
        (workdir / "blocked").write_text("a file where the cache folder should be")
        cache = str(workdir / "blocked")
    monkeypatch.setenv("CHARTER_CACHE_DIR", cache)
    result = run_cli("generate", answers_file(), "-o", "c.docx")
    assert result.code == 0, result.err
    assert (workdir / "c.docx").is_file()


def test_cached_and_fresh_renders_are_identical(run_cli, answers_file, workdir: Path, monkeypatch) -> None:
    answers = answers_file()
    monkeypatch.setenv("CHARTER_CACHE_DIR", str(workdir / "cache"))
    assert run_cli("generate", answers, "-o", "first.docx").code == 0
    assert list((workdir / "cache").glob("*/__jinja2_*.cache")), "the first run fills the cache"
    assert run_cli("generate", answers, "-o", "second.docx").code == 0
    assert (workdir / "first.docx").read_bytes() == (workdir / "second.docx").read_bytes()


def test_custom_library_without_the_charter_language_is_refused(run_cli, answers_file, workdir: Path) -> None:
    (workdir / "lib" / "fr").mkdir(parents=True)
    result = run_cli("generate", answers_file(), "-o", "c.docx", "--templates", "lib")
    assert_clean_failure(result, 4, "has no en/ folder, and this charter is in en")
    assert not (workdir / "c.docx").exists()


def test_templates_render_prints_each_chosen_clause_markup(run_cli, answers_file) -> None:
    """What the writers receive, for clause authors: each chosen clause, its place and its markup."""
    result = run_cli("templates", "render", answers_file())
    assert result.code == 0, result.err
    assert result.out.startswith("===== purpose (article, order 10): Purpose\n")
    assert "===== workplace_migration" not in result.out  # its condition does not hold here
    assert "Northwind Trading Ltd" in result.out
