"""`charter diff` and `charter generate --previous` through the command line (see test_versions for the
document model and the tracked-changes writer)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES
from test_versions import EXAMPLE_FILES, FR_GROUP, document_xml, edited, marked, q

from charter.answersfile.read import read_answers
from charter.model.questions import questionnaire
from charter.versions.documents import document_of


# --------------------------------------------------------------------------------------- diff
def test_diff_says_each_changed_answer_in_words_and_the_articles(run_cli, tmp_path: Path) -> None:
    new = edited(
        tmp_path,
        FR_GROUP,
        "new.yml",
        ("approval: sensitive_only", "approval: every_post"),
        ("  kpis: true", "  kpis: false"),
        ('version: "3.0"', 'version: "3.1"'),
    )
    result = run_cli("diff", FR_GROUP, new)
    assert result.code == 0, result.err
    out = result.out
    assert out.startswith("Modifications de la version 3.0 à la version 3.1\n")
    approval = questionnaire().by_key()["governance.approval"]
    block = f"  - {approval.prompt['fr']}\n      avant\u00a0: {approval.label('sensitive_only', 'fr')}\n"
    assert block + f"      après\u00a0: {approval.label('every_post', 'fr')}\n" in out
    assert "sensitive_only" not in out and "every_post" not in out  # words, not ids
    assert "      avant\u00a0: 3.0\n      après\u00a0: 3.1\n" in out
    # the measurement article leaves; the approval article is reworded
    from charter.clauses.files import load_library

    titles = {ident: clause.title for ident, clause in load_library("fr").items()}
    assert re.search(rf"^  Supprimé\u00a0: Article \d+ – {re.escape(titles['measurement'])}$", out, re.M), out
    assert re.search(rf"^  Reformulé\u00a0: Article \d+ – {re.escape(titles['spokespeople'])}$", out, re.M), (
        out
    )
    assert run_cli("diff", FR_GROUP, new, "--exit-code").code == 1


def test_diff_of_identical_charters_says_no_change(run_cli) -> None:
    result = run_cli("diff", FR_GROUP, FR_GROUP)
    assert (result.code, result.out) == (0, "Aucun changement entre la version 3.0 et la version 3.0.\n")
    assert run_cli("diff", FR_GROUP, FR_GROUP, "--exit-code").code == 0
    english = EXAMPLES / "uk-midsize" / "answers.yml"
    assert run_cli("diff", english, english).out.startswith("No change between version")


def test_diff_as_markdown(run_cli, tmp_path: Path) -> None:
    new = edited(tmp_path, FR_GROUP, "new.yml", ("response_time_hours: 24", "response_time_hours: 48"))
    out = run_cli("diff", FR_GROUP, new, "--to", "md").out
    assert out.startswith("## Modifications de la version 3.0 à la version 3.0\n")
    assert "| Question | Avant | Après |\n|---|---|---|\n" in out
    assert re.search(r"^\| Délai de réponse[^|]* \| 24 \| 48 \|$", out, re.M), out
    assert "- **Reformulé**\u00a0: Article" in out


@pytest.mark.parametrize(
    ("old", "new"), list(itertools.permutations(EXAMPLE_FILES, 2)), ids=lambda p: p.parent.name
)
def test_diff_of_every_pair_of_examples(run_cli, old: Path, new: Path) -> None:
    """Every answer that differs is said (question and both values in words); every article each
    side alone has is said added or removed; the reworded ones are the clauses whose text changed."""
    from charter.model.paths import get_path
    from charter.model.types import type_of

    result = run_cli("diff", old, new)
    assert result.code == 0, result.err
    a, b = read_answers(old), read_answers(new)
    lang = b.language
    sector = get_path(b.data, "organisation.sector")
    said = 0
    for question in questionnaire().questions:
        before, after = get_path(a.data, question.key), get_path(b.data, question.key)
        if question.key == "format" or before == after:
            continue
        said += 1
        kind = type_of(question)
        prompt = question.wording("prompt", sector)[lang]
        was, now = ("avant\u00a0", "après\u00a0") if lang == "fr" else ("was", "now")
        expected = f"  - {prompt}\n      {was}: {kind.show(question, before, lang)}\n      {now}: {kind.show(question, after, lang)}\n"
        assert expected in result.out
    colon = "\u00a0:" if lang == "fr" else ":"
    assert f"({said}){colon}" in result.out
    (_, old_ids), (_, new_ids) = document_of(a), document_of(b)
    added = [line for line in result.out.splitlines() if re.match(r"  (Added|Ajouté\u00a0): ", line)]
    removed = [line for line in result.out.splitlines() if re.match(r"  (Removed|Supprimé\u00a0): ", line)]
    assert len(added) == len(set(new_ids) - set(old_ids))
    assert len(removed) == len(set(old_ids) - set(new_ids))
    assert run_cli("diff", old, new, "--exit-code").code == 1


def test_diff_of_a_broken_file_names_it(run_cli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("format: 1\nplatforms: [facebok]\n", encoding="utf-8")
    result = run_cli("diff", FR_GROUP, broken)
    assert result.code == 3 and "broken.yml" in result.err and "Traceback" not in result.err
    assert run_cli("diff", FR_GROUP, tmp_path / "missing.yml").code == 3


def test_tracked_changes_through_the_command_line(run_cli, tmp_path: Path) -> None:
    new = edited(tmp_path, FR_GROUP, "new.yml", ("response_time_hours: 24", "response_time_hours: 48"))
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for output in (first, second):
        result = run_cli("generate", new, "-o", output, "--previous", FR_GROUP)
        assert result.code == 0, result.err
    assert first.read_bytes() == second.read_bytes()  # byte-identical for identical inputs
    root = document_xml(first.read_bytes())
    assert marked(root, "ins") == ["48", "48"] and marked(root, "del") == ["24", "24"]
    same = run_cli("generate", FR_GROUP, "-o", tmp_path / "same.docx", "--previous", FR_GROUP)
    assert same.code == 0
    untouched = document_xml((tmp_path / "same.docx").read_bytes())
    assert not list(untouched.iter(q("ins"))) and not list(untouched.iter(q("del")))
    refused = run_cli("generate", new, "-o", tmp_path / "x.md", "--previous", FR_GROUP)
    assert refused.code == 2 and ".docx" in refused.err and not (tmp_path / "x.md").exists()
    missing = run_cli("generate", new, "-o", tmp_path / "y.docx", "--previous", tmp_path / "nope.yml")
    assert missing.code == 3 and "nope.yml" in missing.err and not (tmp_path / "y.docx").exists()
