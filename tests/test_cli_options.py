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
