"""Reading and checking answers files: the format-1 contract, defaults, and messages for every mistake."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import yaml
from conftest import MINIMAL, SHARED_SPEC, SPEC

from charter.answersfile.read import parse_answers, read_answers
from charter.answersfile.schema import json_schema
from charter.answersfile.write import dump_answers
from charter.errors import AnswersError


def problems_of(text: str) -> list[str]:
    with pytest.raises(AnswersError) as caught:
        parse_answers(text, name="t.yml")
    return [str(p) for p in caught.value.problems]


def test_full_contract_file_is_accepted_as_is(spec_file) -> None:
    answers = read_answers(spec_file("answers-full.yml"))
    assert answers.language == "fr"
    assert answers.get("organisation.name") == "Acme Industries & Fils"
    assert answers.get("charter.effective_date") == date(2027, 1, 1)
    assert answers.get("governance.retention_months") == 36
    assert [p["id"] for p in answers.data["platforms"]] == ["facebook", "linkedin", "x", "instagram"]
    assert answers.data["platforms"][1] == {
        "id": "linkedin",
        "account": "acme-industries",
        "owner": "Direction de la communication",
    }


def test_minimal_contract_file_gets_documented_defaults(spec_file) -> None:
    answers = read_answers(spec_file("answers-minimal.yml"))
    assert answers.get("organisation.sector") == "private"
    assert answers.get("governance.approval") == "sensitive_only"
    assert answers.get("governance.acknowledgement") is True
    assert answers.get("charter.version") == "1.0"
    assert answers.get("charter.effective_date") is None
    assert answers.get("enterprise_networks") == []
    assert answers.data["platforms"] == [{"id": "linkedin", "account": None, "owner": None}]


def test_aliases_become_canonical_ids() -> None:
    answers = parse_answers(MINIMAL.replace("[linkedin]", "[twitter]") + "enterprise_networks: [yammer]\n")
    assert answers.data["platforms"][0]["id"] == "x"
    assert answers.data["enterprise_networks"] == ["viva_engage"]
    written = dump_answers(answers.data)
    assert "twitter" not in written and "yammer" not in written
    assert "- x" in written and "- viva_engage" in written


def test_platforms_may_be_empty_only_with_internal_networks() -> None:
    parse_answers(MINIMAL.replace("[linkedin]", "[]") + "enterprise_networks: [teams]\n")
    (problem,) = problems_of(MINIMAL.replace("[linkedin]", "[]"))
    assert "line 6, platforms" in problem and "at least one network" in problem


def test_every_problem_is_reported_at_once_with_path_line_and_closest_name() -> None:
    found = problems_of(
        """format: 1
language: en
organisation:
  name: ""
  jurisdction: UK
  sector: privat
  employees: -3
platforms: [facebok, google_plus, teams, {id: x, acount: a}]
governance:
  approval: sensitve_only
  crisis_contact: nope
  moderation: maybe
charter:
  version: 1.0
  effective_date: 2027-13-01
extra: 1
"""
    )
    text = "\n".join(found)
    assert len(found) == 14
    assert 'line 5, organisation.jurisdction: unknown key. Did you mean "jurisdiction"?' in text
    assert "line 4, organisation.name: must not be empty." in text
    assert (
        'line 6, organisation.sector: expected one of private, public, finance, health, nonprofit, got "privat". '
        in text
    )
    assert "from 1 to 10000000, got -3" in text
    assert 'platforms[0]: unknown network "facebok". Did you mean "facebook"?' in text
    assert "Google+ closed to consumers on 2 April 2019" in text
    assert "Microsoft Teams is an internal network: list it under enterprise_networks" in text
    assert 'platforms[3].acount: unknown key. Did you mean "account"?' in text
    assert 'Did you mean "sensitive_only"?' in text
    assert "line 11, governance.crisis_contact: expected an email address" in text
    assert 'line 12, governance.moderation: expected true or false, got "maybe"' in text
    assert 'line 14, charter.version: expected text, got 1.0. Put it in quotes, for example "1.0".' in text
    assert "line 15, charter.effective_date: expected a date written YYYY-MM-DD" in text
    assert "line 16, extra: unknown key." in text
    lines = [int(p.split(",")[0].removeprefix("line ")) for p in found]
    assert lines == sorted(lines), "problems are listed in the order of the file"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("format: 2\n", "unsupported format 2; this version of charter reads format 1 only"),
        ("organisation: {name: A}\nplatforms: [x]\n", "format: missing required key"),
        ("format: 1\nplatforms: [x]\n", "organisation.name: missing required key"),
        ("format: 1\norganisation: {name: A}\n", "platforms: missing required key"),
        (
            "format: 1\nformat: 1\norganisation: {name: A}\nplatforms: [x]\n",
            "line 2, format: this key is given twice",
        ),
        ("- a\n- b\n", "expected a mapping of keys"),
        (MINIMAL + "language: de\n", 'expected one of fr, en, got "de"'),
        (MINIMAL.replace("jurisdiction: UK", "jurisdiction: uk"), 'Did you mean "UK"?'),
        (MINIMAL + "objectives: [notoriety, notoriety]\n", '"notoriety" is listed twice'),
        (MINIMAL.replace("[linkedin]", "[linkedin, linkedin]"), "LinkedIn is listed twice"),
        (MINIMAL + "governance: {response_time_hours: 0}\n", "from 1 to 720, got 0"),
        (MINIMAL + "governance: {review_months: true}\n", "expected a whole number from 1 to 60, got true"),
        (MINIMAL + "governance: {spokespeople: CEO}\n", 'expected a list of texts, got "CEO"'),
        (MINIMAL + "governance: 3\n", "expected a mapping of keys"),
        (MINIMAL.replace("Northwind Trading Ltd", "'A\\nB'").replace("'", '"'), "must fit on one line"),
    ],
)
def test_bad_answers_are_named(text: str, expected: str) -> None:
    assert any(expected in p for p in problems_of(text)), problems_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "is empty"),
        ("# only a comment\n\n", "is empty"),
        ("format: 1\norganisation: [\n", "line 3, column 1: this is not valid YAML"),
        ("format: 1\n\tname: x\n", "this is not valid YAML"),
        (
            MINIMAL.replace("Northwind", "North\x0bwind"),
            "line 4: the character U+000B is a control character that no charter can hold",
        ),
        (MINIMAL.replace("Northwind", "North\x1bwind"), "U+001B"),
    ],
)
def test_unreadable_files_get_one_clear_message(text: str, expected: str) -> None:
    with pytest.raises(AnswersError) as caught:
        parse_answers(text, name="t.yml")
    assert expected in str(caught.value)
    assert caught.value.exit_status == 3


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match="no such file"):
        read_answers(tmp_path / "missing.yml")
    with pytest.raises(AnswersError, match="is a folder"):
        read_answers(tmp_path)
    latin1 = tmp_path / "latin1.yml"
    latin1.write_bytes(MINIMAL.replace("Northwind", "Nördwind").encode("latin-1"))
    with pytest.raises(AnswersError, match="not UTF-8"):
        read_answers(latin1)


def test_dates_may_be_quoted() -> None:
    answers = parse_answers(MINIMAL + 'charter: {effective_date: "2027-05-01"}\n')
    assert answers.get("charter.effective_date") == date(2027, 5, 1)


def test_warnings_for_closing_and_banned_apps() -> None:
    assert parse_answers(MINIMAL).warnings == []
    closing = parse_answers(MINIMAL + "enterprise_networks: [workplace]\n")
    assert any("Workplace from Meta is closing" in w for w in closing.warnings)
    private_tiktok = parse_answers(MINIMAL.replace("[linkedin]", "[tiktok]"))
    assert private_tiktok.warnings == []
    public_tiktok = parse_answers(
        MINIMAL.replace("[linkedin]", "[tiktok]").replace(
            "jurisdiction: UK", "jurisdiction: UK\n  sector: public"
        )
    )
    assert any("banned on government work devices" in w for w in public_tiktok.warnings)


def test_dump_round_trips_and_comments_every_question(spec_file) -> None:
    answers = read_answers(spec_file("answers-full.yml"))
    for lang, question in (("en", "# Name of the organisation"), ("fr", "# Nom de l'organisation")):
        text = dump_answers(answers.data, lang=lang)
        assert question in text
        again = parse_answers(text)
        assert again.data == answers.data


def test_schema_descriptions_read_as_sentences() -> None:
    """An editor shows these as hover help: the prompt, then its help, punctuated once."""

    def descriptions(node: object) -> list[str]:
        if isinstance(node, dict):
            own = [node["description"]] if isinstance(node.get("description"), str) else []
            return own + [d for value in node.values() for d in descriptions(value)]
        return []

    found = descriptions(json_schema())
    assert len(found) > 30
    for text in found:
        assert not any(bad in text for bad in ("?.", "..", ":.")), text
    assert any(t.startswith("Is the organisation a group") and "? Each entity" in t for t in found)


def test_schema_is_valid_json_schema_and_agrees_with_the_checker(spec_file) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for name in ("answers-full.yml", "answers-minimal.yml"):
        data = yaml.safe_load(spec_file(name).read_text(encoding="utf-8"))
        data["charter"] = {**data.get("charter", {})}
        if "effective_date" in data["charter"]:
            data["charter"]["effective_date"] = str(data["charter"]["effective_date"])
        assert list(validator.iter_errors(data)) == []
    for bad in (
        MINIMAL + "extra: 1\n",
        MINIMAL.replace("[linkedin]", "[facebok]"),
        MINIMAL + "governance: {approval: sometimes}\n",
        "format: 2\n",
    ):
        assert list(validator.iter_errors(yaml.safe_load(bad))), bad
        with pytest.raises(AnswersError):
            parse_answers(bad)
    assert schema["properties"]["governance"]["properties"]["approval"]["default"] == "sensitive_only"
    assert "twitter" in schema["properties"]["platforms"]["items"]["anyOf"][0]["enum"]
    assert "google_plus" not in schema["properties"]["platforms"]["items"]["anyOf"][0]["enum"]


def test_the_contract_copy_matches_the_shared_spec() -> None:
    """tests/data/spec is a verbatim copy of the public contract; it must never drift from it."""
    if not SHARED_SPEC.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED_SPEC} is missing in CI")
        pytest.skip("no shared/spec beside this clone to compare with")
    for name in ("answers-full.yml", "answers-minimal.yml"):
        assert (SPEC / name).read_bytes() == (SHARED_SPEC / name).read_bytes(), (
            f"{name} differs from shared/spec"
        )


def test_a_parse_kept_between_runs_names_the_same_lines_and_values(tmp_path: Path, monkeypatch) -> None:
    """An answers file's parse is kept in the private cache, keyed on its text, so that reading it
    again needs no YAML parser: read back (or damaged and parsed again), it gives the same lines,
    values as written (2.0, not 2) and keys given twice as a fresh parse."""
    monkeypatch.setenv("CHARTER_CACHE_DIR", str(tmp_path / "cache"))
    text = (
        "format: 1\nlanguage: en\norganisation:\n  name: A\n  jurisdction: UK\nplatforms: [linkedin]\n"
        "charter:\n  version: 1.0\n  version: 2.0\n  effective_date: 2027-03-01\n"
    )
    fresh = problems_of(text)
    assert any(p.startswith("line 5, organisation.jurisdction") for p in fresh)
    assert any("line 9" in p and "given twice" in p for p in fresh)
    assert any("got 2.0" in p for p in fresh), "as written, not the float 2"
    kept = sorted((tmp_path / "cache").glob("data-*/yaml-*.pickle"))
    assert kept, "the parse was kept"
    assert problems_of(text) == fresh
    for path in kept:
        path.write_bytes(b"\x80\x05not a pickle")
    assert problems_of(text) == fresh
    fixed = text.replace("jurisdction", "jurisdiction").replace("  version: 1.0\n  version: 2.0\n", "")
    valid, again = parse_answers(fixed), parse_answers(fixed)
    assert valid.data == again.data and again.data["charter"]["effective_date"] == date(2027, 3, 1)


@pytest.mark.parametrize("planted", ["shared forty levels", "nested fifty deep", "a tuple", "duplicates"])
def test_a_kept_parse_that_no_yaml_could_give_is_parsed_again(tmp_path: Path, planted: str) -> None:
    """A kept parse is plain data read by a restricted unpickler, but a pickle can still share one list
    many times over (a few KB that a walk would take a trillion steps over), nest deeper than strict
    YAML allows, or hold tuples: any of these is not used, and the file is parsed afresh, at once."""
    import pickle
    import subprocess
    import sys

    env = {**os.environ, "CHARTER_CACHE_DIR": str(tmp_path / "cache")}
    answers = tmp_path / "answers.yml"
    answers.write_text(MINIMAL + "objectives: [notoriety]\n", encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from charter.answersfile.read import read_answers\n"
        "print(sorted(read_answers(Path(sys.argv[1])).data['objectives']))"
    )

    def objectives() -> str:
        run = subprocess.run(
            [sys.executable, "-c", code, str(answers)], capture_output=True, text=True, env=env, timeout=60
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert objectives() == "['notoriety']"
    (kept,) = [p for p in (tmp_path / "cache").glob("data-*/yaml-*.pickle") if b"Northwind" in p.read_bytes()]
    data, lines, raw, duplicates = pickle.loads(kept.read_bytes())  # the answers file's, with its lines
    if planted == "shared forty levels":
        shared: list = ["x"]
        for _ in range(40):
            shared = [shared, shared]
        data["objectives"] = shared
    elif planted == "nested fifty deep":
        nested: list = ["x"]
        for _ in range(50):
            nested = [nested]
        data["objectives"] = nested
    elif planted == "a tuple":
        data["objectives"] = ("notoriety",)
    else:
        duplicates = [1]
    kept.write_bytes(pickle.dumps((data, lines, raw, duplicates), protocol=5))  # still ours, still 0600
    assert objectives() == "['notoriety']"
