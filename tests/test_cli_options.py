"""The command line as people use it: `--set`, `-q`/`-v`, ejecting chosen clauses, shell completion."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import MINIMAL
from test_cli import assert_clean_failure

from charter.answersfile.read import parse_answers
from charter.errors import AnswersError

# ------------------------------------------------------------------------------ --set KEY=VALUE


def test_set_overrides_one_answer_without_editing_the_file(run_cli, answers_file) -> None:
    answers = answers_file(MINIMAL + "governance: {approval: sometimes}\n")
    assert_clean_failure(run_cli("validate", answers), 3, "line 7, governance.approval")
    result = run_cli("validate", answers, "--set", "governance.approval=none")
    assert result.code == 0, result.err
    assert answers.read_text() == MINIMAL + "governance: {approval: sometimes}\n"


def test_set_values_are_read_as_strict_yaml() -> None:
    answers = parse_answers(
        MINIMAL,
        overrides=[
            ("platforms", "[linkedin, x]"),
            ("organisation.name", "no"),
            ("governance.moderation", "false"),
            ("charter.version", '"2.0"'),
        ],
    )
    assert [p["id"] for p in answers.get("platforms")] == ["linkedin", "x"]
    assert answers.get("organisation.name") == "no"  # YAML 1.2: `no` is text
    assert answers.get("governance.moderation") is False
    assert answers.get("charter.version") == "2.0"
    assert answers.get("organisation.jurisdiction") == "UK"  # the rest of the file stays


def test_a_later_set_wins_and_a_group_can_be_set_whole() -> None:
    answers = parse_answers(
        MINIMAL,
        overrides=[("governance", "{approval: none}"), ("governance.approval", "every_post")],
    )
    assert answers.get("governance.approval") == "every_post"


@pytest.mark.parametrize(
    ("pair", "needle"),
    [
        ("governance.approval=sometimes", "--set governance.approval: expected one of every_post"),
        (
            "governance.aproval=none",
            '--set governance.aproval: unknown key. Did you mean "governance.approval"?',
        ),
        ("platforms=[facebok]", '--set platforms[0]: unknown network "facebok". Did you mean "facebook"?'),
        ("platforms=[linkedin", "--set platforms: this is not valid YAML"),
        ("platforms=[]", "--set platforms: is empty while enterprise_networks is empty too"),
        ("charter.version=1.10", 'Put it in quotes, for example "1.10"'),
        ("governance.moderation=no", '--set governance.moderation: expected true or false, got "no"'),
    ],
)
def test_a_bad_set_is_named_by_its_key_and_writes_nothing(
    run_cli, answers_file, workdir: Path, pair: str, needle: str
) -> None:
    answers = answers_file()
    assert_clean_failure(run_cli("validate", answers, "--set", pair), 3, needle, "nothing was written")
    assert_clean_failure(run_cli("generate", answers, "-o", "c.docx", "--set", pair), 3, needle)
    assert not (workdir / "c.docx").exists()


def test_set_needs_key_equals_value(run_cli, answers_file) -> None:
    result = run_cli("validate", answers_file(), "--set", "governance.approval")
    assert result.code == 2
    assert "is not KEY=VALUE" in result.err


def test_file_problems_keep_their_lines_beside_set_problems() -> None:
    with pytest.raises(AnswersError) as caught:
        parse_answers(MINIMAL + "colour: blue\n", name="a.yml", overrides=[("governance.approval", "x")])
    message = str(caught.value)
    assert "line 7, colour: unknown key" in message
    assert "--set governance.approval: expected one of" in message


def test_generate_uses_the_set_values(run_cli, answers_file, workdir: Path) -> None:
    result = run_cli(
        "generate",
        answers_file(),
        "-o",
        "c.docx",
        "--set",
        "organisation.name=Set & Co",
        "--set",
        "language=fr",
    )
    assert result.code == 0, result.err
    import docx

    text = "\n".join(p.text for p in docx.Document(str(workdir / "c.docx")).paragraphs)
    assert "Set & Co" in text and "Northwind" not in text
    assert "Objet" in text or "charte" in text.lower()


# ------------------------------------------------------------------------------ -q / -v


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_says_what_was_read_on_stderr(run_cli, answers_file, workdir: Path, where: str) -> None:
    args = ["generate", answers_file(), "-o", "c.docx", "--set", "governance.approval=none"]
    result = run_cli("-v", *args) if where == "before" else run_cli(*args, "--verbose")
    assert result.code == 0, result.err
    assert result.out == ""
    err = result.err
    assert "answers file: " in err and "answers.yml (format 1, language en)" in err
    assert "  --set governance.approval=none" in err
    assert "clause library: built-in (en)" in err
    assert "reference document: built-in" in err
    assert "clauses: 27 (purpose, essentials, scope," in err
    assert "timings: reading " in err and "rendering " in err and "writing " in err
    assert err.rstrip().endswith("Wrote c.docx (27 clauses).")


def test_verbose_names_a_custom_library_and_reference_from_the_answers_file(
    run_cli, answers_file, workdir: Path
) -> None:
    assert run_cli("templates", "eject", "lib", "purpose", "--lang", "en").code == 0
    from conftest import EXAMPLES

    reference = next((EXAMPLES / "custom").glob("*.docx"))
    answers = answers_file(MINIMAL + f"clauses: {{templates: lib, reference_doc: '{reference}'}}\n")
    result = run_cli("-v", "generate", answers, "-o", "c.docx")
    assert result.code == 0, result.err
    assert (
        f"with the custom clauses of {workdir / 'lib' / 'en'} (clauses.templates in {answers})" in result.err
    )
    assert f"reference document: {reference} (clauses.reference_doc in {answers})" in result.err


def test_without_verbose_no_details(run_cli, answers_file) -> None:
    result = run_cli("generate", answers_file(), "-o", "c.docx")
    assert result.code == 0
    assert "timings" not in result.err and "clause library" not in result.err


@pytest.mark.parametrize("where", ["before", "after"])
def test_quiet_shows_errors_only(run_cli, answers_file, workdir: Path, where: str) -> None:
    answers = answers_file(MINIMAL.replace("[linkedin]", "[linkedin]\nenterprise_networks: [workplace]"))
    args = ["generate", answers, "-o", "c.docx"]
    result = run_cli("-q", *args) if where == "before" else run_cli(*args, "--quiet")
    assert (result.code, result.out, result.err) == (0, "", "")  # no "Wrote", no warning
    assert (workdir / "c.docx").is_file()
    for command in (["validate", answers], ["templates", "eject", "lib"], ["templates", "check", "lib"]):
        quiet = run_cli("-q", *command)
        assert (quiet.code, quiet.out, quiet.err) == (0, "", ""), command
    failed = run_cli("-q", "generate", answers, "-o", "c.docx")
    assert failed.code == 5 and "already exists" in failed.err


def test_quiet_keeps_the_data_on_stdout(run_cli, answers_file) -> None:
    assert run_cli("-q", "schema").out.startswith("{")
    assert "[en]" in run_cli("-q", "templates", "list").out
    assert run_cli("templates", "render", answers_file(), "-q").out.startswith("===== purpose")


def test_messages_go_to_stderr_and_data_to_stdout(run_cli, answers_file) -> None:
    answers = answers_file()
    for command in (["validate", answers], ["templates", "eject", "lib"], ["templates", "check", "lib"]):
        result = run_cli(*command)
        assert result.code == 0 and result.out == "" and result.err, command
    listed = run_cli("-v", "templates", "list", "--lang", "en")
    assert "[en]" in listed.out and "clause library: built-in (en)" in listed.err
    assert "clause library" not in listed.out


def test_quiet_and_verbose_together_is_a_usage_error(run_cli, answers_file) -> None:
    result = run_cli("-q", "validate", answers_file(), "-v")
    assert result.code == 2
    assert "-q/--quiet and -v/--verbose cannot be used together" in result.err


def test_every_command_takes_quiet_and_verbose(run_cli) -> None:
    for command in (
        ["generate"],
        ["validate"],
        ["schema"],
        ["new"],
        ["templates"],
        ["templates", "list"],
        ["templates", "eject"],
        ["templates", "check"],
        ["templates", "render"],
        [],
    ):
        text = run_cli(*command, "--help").out
        assert "-q, --quiet" in text and "-v, --verbose" in text, command


# ------------------------------------------------------------------------------ templates eject DIR [ID]...


def test_eject_only_the_named_clauses(run_cli, workdir: Path) -> None:
    result = run_cli("templates", "eject", "lib", "moderation", "purpose")
    assert result.code == 0, result.err
    assert "Copied 4 clause files into lib" in result.err
    found = sorted(str(p.relative_to(workdir / "lib")) for p in (workdir / "lib").rglob("*.md"))
    assert found == ["en/moderation.md", "en/purpose.md", "fr/moderation.md", "fr/purpose.md"]
    assert run_cli("templates", "eject", "lib2", "purpose", "--lang", "fr").code == 0
    assert [p.name for p in (workdir / "lib2").rglob("*.md")] == ["purpose.md"]
    assert run_cli("templates", "check", "lib").code == 0


def test_eject_of_an_unknown_id_suggests_and_copies_nothing(run_cli, workdir: Path) -> None:
    result = run_cli("templates", "eject", "lib", "purpose", "moderaton", "zzz")
    assert_clean_failure(
        result,
        4,
        "2 ids name no built-in clause; nothing was copied",
        '"moderaton": no built-in clause has this id. Did you mean "moderation"?',
        '"zzz": no built-in clause has this id.',
    )
    assert not (workdir / "lib").exists()


def test_eject_without_ids_copies_everything(run_cli, workdir: Path) -> None:
    assert run_cli("templates", "eject", "lib", "--lang", "en").code == 0
    from charter.clauses.files import load_library

    assert len(list((workdir / "lib" / "en").glob("*.md"))) == len(load_library("en"))


# ------------------------------------------------------------------------------ generate and templates check agree


def test_generate_and_check_name_an_unknown_key_alike(run_cli, answers_file, workdir: Path) -> None:
    folder = workdir / "my-clauses" / "en"
    folder.mkdir(parents=True)
    (folder / "moderation.md").write_text(
        "---\nid: moderation\ntitle: Moderation\n---\nLine.\n\n{% if governance.moderatoin %}x{% endif %}\n"
    )
    expected = (
        "my-clauses/en/moderation.md, line 7: `governance.moderatoin` is not in the answers format. "
        'Did you mean "moderation"?'
    )
    generated = run_cli("generate", answers_file(), "-o", "c.docx", "--templates", "my-clauses")
    assert_clean_failure(generated, 4, expected)
    assert "dict object" not in generated.err
    assert_clean_failure(run_cli("templates", "check", "my-clauses"), 4, expected)


def test_a_clause_file_may_be_named_unlike_its_id(run_cli, answers_file, workdir: Path) -> None:
    folder = workdir / "lib" / "en"
    folder.mkdir(parents=True)
    (folder / "our-purpose.md").write_text("---\nid: purpose\ntitle: Our purpose\norder: 10\n---\nOurs.\n")
    (folder / "Brand Voice.md").write_text("---\nid: brand\ntitle: Brand voice\norder: 45\n---\nKind.\n")
    checked = run_cli("templates", "check", "lib")
    assert checked.code == 0, checked.err
    assert run_cli("generate", answers_file(), "-o", "c.docx", "--templates", "lib").code == 0
    rendered = run_cli("templates", "render", answers_file(), "--templates", "lib").out
    assert "===== purpose (article, order 10): Our purpose\n" in rendered and "Ours.\n" in rendered
    assert "===== brand (article, order 45): Brand voice" in rendered


def test_two_files_with_one_id_are_refused_by_check_and_generate(
    run_cli, answers_file, workdir: Path
) -> None:
    folder = workdir / "lib" / "en"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("---\nid: brand\ntitle: A\n---\nA.\n")
    (folder / "b.md").write_text("---\nid: brand\ntitle: B\n---\nB.\n")
    needle = "lib/en/b.md: duplicate id `brand`, already used by lib/en/a.md."
    assert_clean_failure(run_cli("templates", "check", "lib"), 4, needle)
    assert_clean_failure(run_cli("generate", answers_file(), "-o", "c.docx", "--templates", "lib"), 4, needle)
    assert not (workdir / "c.docx").exists()


# ------------------------------------------------------------------------------ shell completion


def complete(words: str, *, shell: str = "bash") -> str:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "_CHARTER_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split(" ")) - 1),
    }
    done = subprocess.run(
        [sys.executable, "-m", "charter"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_shell_completion_script_and_answers() -> None:
    import os
    import subprocess
    import sys

    script = subprocess.run(
        [sys.executable, "-m", "charter"],
        env={**os.environ, "_CHARTER_COMPLETE": "bash_source"},
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "complete -o nosort -F _charter_completion charter" in script
    assert complete("charter gen") == "plain,generate\n"
    assert "plain,eject" in complete("charter templates ")
    assert "plain,--set" in complete("charter generate a.yml --")
    assert complete("charter templates eject lib moder") == "plain,moderation\n"
    assert complete("charter validate a.yml --set governance.appr") == "plain,governance.approval=\n"
