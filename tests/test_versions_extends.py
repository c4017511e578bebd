"""`extends:` in an answers file: a group writes its policy once, each entity only what differs."""

from __future__ import annotations

from pathlib import Path

from charter.answersfile.extends import MAX_EXTENDS
from charter.answersfile.read import read_answers

GROUP = """\
format: 1
language: en
organisation: {name: Harbour Group, jurisdiction: UK, employees: 5000}
platforms: [linkedin, x]
governance:
  approval: every_post
  review_months: 12
  kpis: true  # the measurement clause applies, and clauses.exclude drops it
  spokespeople: [Group CEO, Group Communications]
charter: {owner: Group Communications, version: "4.0", effective_date: 2027-01-01}
clauses: {exclude: [measurement], templates: clauses}
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_every_key_not_set_comes_from_the_chain(tmp_path: Path) -> None:
    write(tmp_path / "group.yml", GROUP)
    write(tmp_path / "clauses" / "en" / ".keep", "")
    write(
        tmp_path / "region" / "uk.yml",
        "format: 1\nextends: ../group.yml\ngovernance: {review_months: 6}\ncharter: {version: '4.1'}\n",
    )
    entity = write(
        tmp_path / "region" / "entities" / "north.yml",
        "format: 1\nextends: ../uk.yml\norganisation: {name: Harbour North}\nplatforms: [facebook]\n"
        "governance: {spokespeople: [Site Director]}\n",
    )
    data = read_answers(entity).data
    assert data["organisation"]["name"] == "Harbour North"  # the entity's own
    assert data["organisation"]["jurisdiction"] == "UK" and data["organisation"]["employees"] == 5000  # group
    assert [p["id"] for p in data["platforms"]] == ["facebook"]  # a list is taken whole, not merged
    assert data["governance"]["spokespeople"] == ["Site Director"]
    assert data["governance"]["review_months"] == 6  # the region's, over the group's 12
    assert data["governance"]["approval"] == "every_post"  # the group's, through the region
    assert data["charter"]["version"] == "4.1" and data["charter"]["owner"] == "Group Communications"
    # a folder the group names stays relative to the group's file
    assert Path(data["clauses"]["templates"]).resolve() == (tmp_path / "clauses").resolve()
    assert data["clauses"]["exclude"] == ["measurement"]


def test_an_entity_generates_its_charter(run_cli, tmp_path: Path) -> None:
    write(tmp_path / "group.yml", GROUP.replace(", templates: clauses", ""))
    entity = write(
        tmp_path / "north.yml", "format: 1\nextends: group.yml\norganisation: {name: Harbour North}\n"
    )
    out = tmp_path / "north.docx"
    result = run_cli("generate", entity, "-o", out)
    assert result.code == 0, result.err
    import docx

    texts = [p.text for p in docx.Document(str(out)).paragraphs]
    assert "Harbour North" in texts and all("Harbour Group" not in t for t in texts)
    from charter.clauses.files import load_library

    excluded = load_library("en")["measurement"].title
    assert excluded not in texts  # the group's clauses.exclude applies


def test_a_loop_is_an_error_naming_both_files(run_cli, tmp_path: Path) -> None:
    a = write(tmp_path / "a.yml", "format: 1\nextends: b.yml\norganisation: {name: A}\nplatforms: [x]\n")
    write(tmp_path / "b.yml", "format: 1\nextends: a.yml\n")
    result = run_cli("validate", a)
    assert result.code == 3 and "Traceback" not in result.err
    assert "b.yml, line 2: " in result.err and "extends" in result.err and "a loop" in result.err
    assert str(a) in result.err and str(tmp_path / "b.yml") in result.err
    alone = write(tmp_path / "self.yml", "format: 1\nextends: self.yml\n")
    assert "a loop" in run_cli("validate", alone).err


def test_a_missing_parent_is_an_error_naming_both_files(run_cli, tmp_path: Path) -> None:
    entity = write(tmp_path / "entity.yml", "format: 1\nextends: ../nowhere/group.yml\n")
    result = run_cli("validate", entity)
    assert result.code == 3
    assert (
        f"{entity}, line 2: {entity} extends {tmp_path / '..' / 'nowhere' / 'group.yml'}, which does not exist"
        in (result.err)
    )
    wrong = write(tmp_path / "wrong.yml", "format: 1\nextends: [group.yml]\n")
    assert "line 2: extends: expected the path of another answers file" in run_cli("validate", wrong).err


def test_a_problem_inherited_is_named_after_the_file_that_has_it(run_cli, tmp_path: Path) -> None:
    write(tmp_path / "group.yml", "format: 1\nplatforms: [facebok]\ngovernance: {approval: sometimes}\n")
    entity = write(tmp_path / "entity.yml", "format: 1\nextends: group.yml\norganisation: {name: E}\n")
    result = run_cli("validate", entity)
    assert result.code == 3
    group = tmp_path / "group.yml"
    assert f'{group}, line 2: platforms[0]: unknown network "facebok"' in result.err
    assert f"{group}, line 3: governance.approval: expected one of" in result.err
    # the entity can fix what it inherits, and --set over both
    fixed = write(
        tmp_path / "fixed.yml", "format: 1\nextends: group.yml\norganisation: {name: E}\nplatforms: [x]\n"
    )
    assert run_cli("validate", fixed, "--set", "governance.approval=none").code == 0


def test_the_chain_is_bounded(run_cli, tmp_path: Path) -> None:
    write(tmp_path / "f0.yml", "format: 1\norganisation: {name: Deep}\nplatforms: [x]\n")
    for index in range(1, MAX_EXTENDS + 2):
        write(tmp_path / f"f{index}.yml", f"format: 1\nextends: f{index - 1}.yml\n")
    assert run_cli("validate", tmp_path / f"f{MAX_EXTENDS - 1}.yml").code == 0
    result = run_cli("validate", tmp_path / f"f{MAX_EXTENDS + 1}.yml")
    assert result.code == 3 and f"at most {MAX_EXTENDS} files" in result.err


def test_extends_is_in_the_schema_and_files_without_it_are_unchanged(run_cli) -> None:
    import json

    schema = json.loads(run_cli("schema").out)
    assert schema["properties"]["extends"]["type"] == "string"


def test_a_hostile_parent_is_refused_like_any_answers_file(run_cli, tmp_path: Path) -> None:
    import os

    os.mkfifo(tmp_path / "fifo.yml")
    entity = write(tmp_path / "entity.yml", "format: 1\nextends: fifo.yml\n")
    result = run_cli("validate", entity)  # a FIFO would block for ever: it is never opened for reading
    assert result.code == 3 and "fifo.yml" in result.err and "Traceback" not in result.err
    write(tmp_path / "anchors.yml", "format: 1\norganisation: &o {name: A}\ncharter: *o\n")
    aliased = write(tmp_path / "aliased.yml", "format: 1\nextends: anchors.yml\n")
    result = run_cli("validate", aliased)
    assert result.code == 3 and f"{tmp_path / 'anchors.yml'}, line 2" in result.err
    write(tmp_path / "twice.yml", "format: 1\nplatforms: [x]\nplatforms: [facebook]\n")
    twice = write(tmp_path / "t.yml", "format: 1\nextends: twice.yml\norganisation: {name: T}\n")
    result = run_cli("validate", twice)
    assert (
        result.code == 3
        and f"{tmp_path / 'twice.yml'}, line 3: platforms: this key is given twice." in result.err
    )
