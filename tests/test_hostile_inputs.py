"""Hostile answers files, clause files and caches: each is refused with a clear message, never a
traceback, a hang or a run that eats the machine.

The cases that used to hang (alias bombs, FIFOs, /dev/zero) run `charter` in a child process with a
time and memory limit, so that a regression fails the test instead of stalling the suite.
"""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, ROOT

from charter.answersfile.read import parse_answers
from charter.answersfile.schema import json_schema
from charter.errors import AnswersError

# A 352-byte "billion laughs": nine levels of nine aliases, 9**9 strings once expanded.
LAUGHS = """\
format: 1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""

CLAUSE = "---\nid: extra\ntitle: Extra\n{front}---\nSome text.\n"


def charter_process(*args: str | Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """`charter ARGS` in a child process with at most `timeout` seconds and 2 GiB of memory."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run(
            [sys.executable, "-m", "charter", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=limit,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"charter {' '.join(map(str, args))} still ran after {timeout} seconds")


def problems_of(text: str) -> str:
    with pytest.raises(AnswersError) as caught:
        parse_answers(text, name="t.yml")
    assert caught.value.exit_status == 3
    return str(caught.value)


def custom_library(root: Path, files: dict[str, str | bytes]) -> Path:
    folder = root / "lib" / "en"
    folder.mkdir(parents=True)
    for name, text in files.items():
        if isinstance(text, bytes):
            (folder / name).write_bytes(text)
        else:
            (folder / name).write_text(text, encoding="utf-8")
    return root / "lib"


# --------------------------------------------------------------------------- 1. aliases


def test_an_alias_bomb_in_an_answers_file_is_refused_at_once(workdir: Path) -> None:
    path = workdir / "laughs.yml"
    path.write_text(LAUGHS, encoding="utf-8")
    assert len(LAUGHS.encode()) < 512
    result = charter_process("validate", path, timeout=20)
    assert result.returncode == 3, result.stderr
    assert "laughs.yml, line 2" in result.stderr and "alias" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (MINIMAL + "objectives: &a [*a]\n", 7),  # recursive
        (MINIMAL + "governance: {spokespeople: &x [CEO]}\ncharter: {owner: *x}\n", 7),
        (MINIMAL.replace("[linkedin]", "[&p linkedin]"), 6),  # an anchor alone
    ],
)
def test_answers_with_aliases_or_anchors_are_refused_with_the_line(text: str, line: int) -> None:
    message = problems_of(text)
    assert f"t.yml, line {line}" in message and "alias" in message


@pytest.mark.parametrize("front", ["x: &a [*a]\n", LAUGHS.replace("format: 1\n", "")])
def test_an_alias_bomb_in_front_matter_is_refused_at_once(workdir: Path, front: str) -> None:
    lib = custom_library(workdir, {"extra.md": CLAUSE.format(front=front)})
    result = charter_process("templates", "check", lib, timeout=20)
    assert result.returncode == 4, result.stderr
    assert "extra.md, line 4" in result.stderr and "alias" in result.stderr
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- 2. sizes, file kinds


def test_an_answers_file_over_the_size_limit_is_refused(answers_file) -> None:
    from charter.answersfile.read import MAX_ANSWERS_BYTES

    path = answers_file(MINIMAL + "# " + "x" * MAX_ANSWERS_BYTES + "\n")
    result = charter_process("validate", path)
    assert result.returncode == 3, result.stderr
    assert "answers.yml" in result.stderr and "1 MiB" in result.stderr


def test_an_answers_fifo_is_refused_without_waiting(workdir: Path) -> None:
    fifo = workdir / "answers.yml"
    os.mkfifo(fifo)
    result = charter_process("validate", fifo, timeout=20)
    assert result.returncode == 3, result.stderr
    assert "not a regular file" in result.stderr


def test_dev_zero_as_answers_file_is_refused(workdir: Path) -> None:
    result = charter_process("validate", "/dev/zero", timeout=20)
    assert result.returncode == 3, result.stderr
    assert "/dev/zero" in result.stderr and "not a regular file" in result.stderr


def test_a_clause_fifo_is_refused_without_waiting(workdir: Path) -> None:
    lib = custom_library(workdir, {})
    os.mkfifo(lib / "en" / "extra.md")
    result = charter_process("templates", "check", lib, timeout=20)
    assert result.returncode == 4, result.stderr
    assert "extra.md" in result.stderr and "not a regular file" in result.stderr


def test_a_clause_symlink_to_dev_zero_is_refused(workdir: Path) -> None:
    lib = custom_library(workdir, {})
    (lib / "en" / "extra.md").symlink_to("/dev/zero")
    result = charter_process("templates", "check", lib, timeout=20)
    assert result.returncode == 4, result.stderr
    assert "not a regular file" in result.stderr


def test_a_clause_file_over_the_size_limit_is_refused(workdir: Path, run_cli) -> None:
    from charter.clauses.files import MAX_CLAUSE_BYTES

    lib = custom_library(workdir, {"extra.md": CLAUSE.format(front="") + "x" * MAX_CLAUSE_BYTES})
    result = run_cli("templates", "check", lib)
    assert result.code == 4, result.err
    assert "extra.md" in result.err and "256 KiB" in result.err


def test_a_library_with_too_many_files_is_refused(workdir: Path, run_cli) -> None:
    from charter.clauses.files import MAX_CLAUSE_FILES

    lib = custom_library(workdir, {})
    for index in range(MAX_CLAUSE_FILES + 1):
        (lib / "en" / f"c{index}.md").write_text(CLAUSE.format(front="").replace("extra", f"c{index}"))
    result = run_cli("templates", "check", lib)
    assert result.code == 4, result.err
    assert f"at most {MAX_CLAUSE_FILES}" in result.err
    answers = workdir / "answers.yml"
    answers.write_text(MINIMAL, encoding="utf-8")
    result = run_cli("generate", answers, "-o", workdir / "c.docx", "--templates", lib)
    assert result.code == 4 and f"at most {MAX_CLAUSE_FILES}" in result.err


# --------------------------------------------------------------------------- 3. the template cache

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")


def _generate(run_cli, workdir: Path, name: str) -> bytes:
    answers = workdir / "answers.yml"
    if not answers.exists():
        answers.write_text(MINIMAL, encoding="utf-8")
    result = run_cli("generate", answers, "-o", workdir / name)
    assert result.code == 0, result.err
    return (workdir / name).read_bytes()


def _cache_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("__jinja2_*"))


@needs_root
def test_a_cache_folder_owned_by_another_user_is_not_used(run_cli, workdir: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHARTER_CACHE_DIR", "")
    fresh = _generate(run_cli, workdir, "fresh.docx")
    cache = workdir / "theirs"
    cache.mkdir(mode=0o755)
    os.chown(cache, 65534, 65534)
    monkeypatch.setenv("CHARTER_CACHE_DIR", str(cache))
    assert _generate(run_cli, workdir, "a.docx") == fresh
    assert list(cache.iterdir()) == [], "nothing is written in another user's folder"


def test_a_world_writable_cache_folder_is_not_used(run_cli, workdir: Path, monkeypatch) -> None:
    monkeypatch.setenv("CHARTER_CACHE_DIR", "")
    fresh = _generate(run_cli, workdir, "fresh.docx")
    cache = workdir / "open"
    cache.mkdir()
    cache.chmod(0o777)
    monkeypatch.setenv("CHARTER_CACHE_DIR", str(cache))
    assert _generate(run_cli, workdir, "a.docx") == fresh
    assert _cache_files(cache) == []
    assert stat.S_IMODE(cache.stat().st_mode) == 0o777, "a folder we did not create keeps its mode"


def test_a_cache_folder_symlink_is_not_used(run_cli, workdir: Path, monkeypatch) -> None:
    real = workdir / "real"
    real.mkdir(mode=0o700)
    (workdir / "link").symlink_to(real)
    monkeypatch.setenv("CHARTER_CACHE_DIR", str(workdir / "link"))
    _generate(run_cli, workdir, "a.docx")
    assert _cache_files(real) == []


def test_the_cache_is_private(run_cli, workdir: Path, monkeypatch) -> None:
    cache = workdir / "deep" / "cache"
    monkeypatch.setenv("CHARTER_CACHE_DIR", str(cache))
    _generate(run_cli, workdir, "a.docx")
    files = _cache_files(cache)
    assert files
    for folder in (workdir / "deep", cache, files[0].parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for path in files:
        info = path.lstat()
        assert stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o600
        assert info.st_uid == os.geteuid()


def test_a_group_writable_cache_subfolder_of_ours_is_made_private(
    run_cli, workdir: Path, monkeypatch
) -> None:
    cache = workdir / "cache"
    monkeypatch.setenv("CHARTER_CACHE_DIR", str(cache))
    _generate(run_cli, workdir, "a.docx")
    subs = sorted(cache.iterdir())  # compiled clauses, parsed data (the answers file at least)
    assert subs
    for sub in subs:
        sub.chmod(0o777)
    _generate(run_cli, workdir, "b.docx")
    assert [stat.S_IMODE(sub.stat().st_mode) for sub in subs] == [0o700] * len(subs)


class _Plant:
    """A pickle that, once loaded, writes a marker file: the proof that cached data ran as code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


@pytest.mark.parametrize("how", ["other-owner", "world-writable", "symlink", "fifo"])
def test_planted_cache_files_are_never_loaded(run_cli, workdir: Path, monkeypatch, how: str) -> None:
    if how == "other-owner" and os.geteuid() != 0:
        pytest.skip("chown to another user needs root")
    from jinja2.bccache import bc_magic

    cache = workdir / "cache"
    monkeypatch.setenv("CHARTER_CACHE_DIR", str(cache))
    first = _generate(run_cli, workdir, "first.docx")
    marker = workdir / "PWNED"
    payload = bc_magic + pickle.dumps(_Plant(marker), 2)
    elsewhere = workdir / "elsewhere"
    elsewhere.mkdir()
    for index, path in enumerate(_cache_files(cache)):
        path.unlink()
        if how == "symlink":
            target = elsewhere / f"{index}.cache"
            target.write_bytes(payload)
            target.chmod(0o600)
            path.symlink_to(target)
        elif how == "fifo":
            os.mkfifo(path, 0o600)
        else:
            path.write_bytes(payload)
            if how == "other-owner":
                path.chmod(0o644)
                os.chown(path, 65534, 65534)
            else:
                path.chmod(0o666)
    assert _generate(run_cli, workdir, "second.docx") == first
    assert not marker.exists(), "a planted cache file was loaded"


def test_parsed_data_kept_between_runs_is_never_run_as_code(workdir: Path) -> None:
    """The parsed YAML kept in the cache (questions, strings, each clause's front matter, references)
    is read back as plain data only: a pickle that would call a function is refused, even in a file
    of ours with the right mode, and the charter is the same."""
    cache = workdir / "cache"
    answers = workdir / "answers.yml"
    answers.write_text(MINIMAL, encoding="utf-8")
    env = {**os.environ, "CHARTER_CACHE_DIR": str(cache)}

    def generate(name: str) -> bytes:
        done = subprocess.run(
            [sys.executable, "-m", "charter", "generate", str(answers), "-o", str(workdir / name), "--no-layout"],
            capture_output=True, text=True, env=env, cwd=workdir,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return (workdir / name).read_bytes()

    first = generate("first.docx")
    kept = sorted(cache.glob("data-*/yaml-*.pickle"))
    assert len(kept) > 20, "the questionnaire, the strings, the references and each clause's front matter"
    marker = workdir / "PWNED"
    for path in kept:
        path.write_bytes(pickle.dumps(_Plant(marker), 2))  # still ours, still 0600
    assert generate("second.docx") == first
    assert not marker.exists(), "a planted pickle was run"


def test_a_corrupt_cache_file_of_ours_is_ignored(run_cli, workdir: Path, monkeypatch) -> None:
    cache = workdir / "cache"
    monkeypatch.setenv("CHARTER_CACHE_DIR", str(cache))
    first = _generate(run_cli, workdir, "first.docx")
    from jinja2.bccache import bc_magic

    for path in _cache_files(cache):
        path.write_bytes(bc_magic + b"\x80garbage")
    assert _generate(run_cli, workdir, "second.docx") == first


# --------------------------------------------------------------------------- 4. tracebacks


@pytest.mark.parametrize(
    "extra",
    [
        "? [a, b] : 1\n",
        "? {a: 1} : 1\n",
        "x: {[1]: x}\n",
        "governance: {[1]: x}\n",
    ],
)
def test_a_list_or_mapping_as_a_key_is_refused(extra: str) -> None:
    message = problems_of(MINIMAL + extra)
    assert "t.yml, line 7" in message and "key" in message


@pytest.mark.parametrize("front", ["? [a, b] : 1\n", "x: {[1]: x}\n", "{[1]: x}: 2\n"])
def test_a_list_or_mapping_as_a_front_matter_key_is_refused(tmp_path: Path, run_cli, front: str) -> None:
    lib = custom_library(tmp_path, {"extra.md": CLAUSE.format(front=front)})
    result = run_cli("templates", "check", lib)
    assert result.code == 4, result.err
    assert "extra.md, line 4" in result.err and "key" in result.err


def test_a_huge_number_in_answers_is_refused() -> None:
    message = problems_of(MINIMAL.replace("UK", "UK\n  employees: " + "1" * 5000))
    assert "t.yml does not follow" in message and "organisation.employees" in message
    assert "5000 digits" in message and len(message) < 1000


@pytest.mark.parametrize(
    "front", ["order: " + "1" * 5000 + "\n", "order: !!int abc\n", "order: !!float abc\n"]
)
def test_bad_numbers_in_front_matter_are_refused(tmp_path: Path, run_cli, front: str) -> None:
    lib = custom_library(tmp_path, {"extra.md": CLAUSE.format(front=front)})
    result = run_cli("templates", "check", lib)
    assert result.code == 4, result.err
    assert "extra.md, line 4" in result.err and "order" in result.err and len(result.err) < 1000


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("governance: {review_months: !!int abc}\n", "governance.review_months: expected a whole number"),
        ("governance: {review_months: !!float abc}\n", "governance.review_months: expected a whole number"),
        ("governance: {kpis: !!bool abc}\n", "governance.kpis: expected true or false"),
        ("governance: {kpis: !!binary aGVsbG8=}\n", "tag"),
        ("governance: !!set {a, b}\n", "tag"),
        ("governance: {kpis: !!timestamp 2020-01-01}\n", "tag"),
        ("governance: {kpis: !!python/name:os.system }\n", "tag"),
        ("charter: {version: !!str 2.0}\n", None),
        ("<<: {language: fr}\n", "unknown key"),
        ("governance:\n" + "  spokespeople: [" + "[" * 60 + "]" * 60 + "]\n", "nests lists and mappings"),
    ],
)
def test_odd_yaml_gets_a_message_not_a_traceback(extra: str, expected: str | None) -> None:
    if expected is None:
        assert parse_answers(MINIMAL + extra).get("charter.version") == "2.0"
        return
    assert expected in problems_of(MINIMAL + extra)


def test_too_many_problems_are_summed_up() -> None:
    text = MINIMAL + "".join(f"extra{i}: 1\n" for i in range(500))
    message = problems_of(text)
    assert "500 problems" in message and "and 450 more" in message and message.count("\n") < 60


# --------------------------------------------------------------------------- 5. control characters


@pytest.mark.parametrize(
    ("value", "code"),
    [(r'"A\x01B"', "U+0001"), (r'"\e"', "U+001B"), (r'"A\uFFFE"', "U+FFFE"), (r'"A\x0bB"', "U+000B")],
)
def test_escaped_control_characters_are_refused_by_validate_and_generate(
    answers_file, run_cli, workdir: Path, value: str, code: str
) -> None:
    path = answers_file(MINIMAL.replace("Northwind Trading Ltd", value))
    for args in (["validate", path], ["generate", path, "-o", workdir / "c.docx"]):
        result = run_cli(*args)
        assert result.code == 3, result.err
        assert "line 4, organisation.name" in result.err and code in result.err
        assert "\x1b" not in result.err and "\x01" not in result.err, "messages show escapes, not raw bytes"


@pytest.mark.parametrize(
    ("extra", "where"),
    [
        ('governance: {spokespeople: [CEO, "C\\x02O"]}\n', "line 7, governance.spokespeople[1]"),
        ('"bad\\x01key": 1\n', "line 7, bad\\x01key"),
        ('platforms: [{id: linkedin, account: "a\\x07"}]\n', "platforms[0].account"),
    ],
)
def test_control_characters_anywhere_name_their_key(extra: str, where: str) -> None:
    text = MINIMAL.replace("platforms: [linkedin]\n", "") if extra.startswith("platforms") else MINIMAL
    message = problems_of(text + extra)
    assert where in message and "no charter can hold" in message


def test_line_breaks_of_every_kind_are_refused_in_one_line_texts() -> None:
    for escape in (r"\r", r"\u2028", r"\x85"):
        message = problems_of(MINIMAL.replace("Northwind Trading Ltd", f'"A{escape}B"'))
        assert "organisation.name: must fit on one line" in message


# --------------------------------------------------------------------------- 6. unclear or wrong


def test_a_list_over_its_bound_is_refused_plainly(workdir: Path) -> None:
    people = ", ".join(f"P{i}" for i in range(100_000))  # under the 1 MiB limit
    path = workdir / "many.yml"
    path.write_text(MINIMAL + f"governance:\n  spokespeople: [{people}]\n", encoding="utf-8")
    result = charter_process("validate", path)
    assert result.returncode == 3, result.stderr
    assert "line 8, governance.spokespeople: has 100000 items; at most" in result.stderr


def test_list_bounds_are_in_the_schema() -> None:
    from charter.model.questions import questionnaire

    schema = json_schema()
    spokespeople = schema["properties"]["governance"]["properties"]["spokespeople"]
    assert spokespeople["maxItems"] == questionnaire().by_key()["governance.spokespeople"].max_items
    for q in questionnaire().questions:
        if q.type in ("list", "multichoice", "platforms", "networks"):
            assert q.max_items, f"{q.key} has no max_items"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1:30:00", 'expected a whole number from 1 to 10000000, got "1:30:00"'),
        ("010", 'expected a whole number from 1 to 10000000, got "010"'),
        ("0o17", 'expected a whole number from 1 to 10000000, got "0o17"'),
        ("0x1F", 'expected a whole number from 1 to 10000000, got "0x1F"'),
        ("1_000", 'expected a whole number from 1 to 10000000, got "1_000"'),
    ],
)
def test_yaml_1_1_numbers_are_text(value: str, expected: str) -> None:
    assert expected in problems_of(MINIMAL.replace("UK", f"UK\n  employees: {value}"))


@pytest.mark.parametrize("word", ["no", "No", "yes", "on", "off", "y", "n", "Off"])
def test_yes_and_no_are_text(word: str) -> None:
    answers = parse_answers(MINIMAL.replace("Northwind Trading Ltd", word))
    assert answers.get("organisation.name") == word
    message = problems_of(MINIMAL + f"governance: {{kpis: {word}}}\n")
    assert f'governance.kpis: expected true or false, got "{word}".' in message
    hint = "true" if word.lower() in ("yes", "on", "y") else "false"
    assert f'Did you mean "{hint}"?' in message


def test_a_version_written_as_a_number_is_shown_as_written() -> None:
    message = problems_of(MINIMAL + "charter: {version: 1.10}\n")
    assert 'charter.version: expected text, got 1.10. Put it in quotes, for example "1.10".' in message


def test_dates_are_written_yyyy_mm_dd() -> None:
    for value in ("20270101", "2027-W01-1", "2027-1-1"):
        message = problems_of(MINIMAL + f"charter: {{effective_date: '{value}'}}\n")
        assert "expected a date written YYYY-MM-DD" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{ platforms|map(attribute='typo')|list }}", "undefined"),
        ("{{ platforms }}", "a list"),
        ("{{ organisation }}", "a mapping"),
        ("{{ label }}", "cannot be printed"),
    ],
)
def test_printing_a_list_or_mapping_is_a_template_error(
    workdir: Path, run_cli, body: str, expected: str
) -> None:
    lib = custom_library(workdir, {"extra.md": f"---\nid: extra\ntitle: Extra\n---\nText\n\n{body}\n"})
    answers = workdir / "answers.yml"
    answers.write_text(MINIMAL, encoding="utf-8")
    result = run_cli("generate", answers, "-o", workdir / "c.docx", "--templates", lib)
    assert result.code == 4, result.err
    assert "extra.md, line 7" in result.err and expected in result.err


# --------------------------------------------------------------------------- validate, generate, schema agree


@pytest.mark.parametrize(
    ("exclude", "expected"),
    [
        ("[purpose, measurment]", 'clauses.exclude[1]: no clause has the id "measurment"'),
        (None, "clauses.exclude: leaves no clause in the charter"),
    ],
)
def test_clauses_exclude_is_checked_by_validate_as_generate_would(
    answers_file, run_cli, workdir: Path, exclude: str | None, expected: str
) -> None:
    from charter.clauses.files import load_library

    exclude = exclude or "[" + ", ".join(sorted(load_library("en"))) + "]"
    path = answers_file(MINIMAL + f"clauses: {{exclude: {exclude}}}\n")
    for args in (["validate", path], ["generate", path, "-o", workdir / "c.docx"]):
        result = run_cli(*args)
        assert result.code == 3 and expected in result.err, result.err


def test_the_schema_knows_what_the_checker_refuses() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    validator = jsonschema.Draft202012Validator(json_schema())
    base = yaml.safe_load(MINIMAL)
    assert validator.is_valid(base)
    for change in (
        {"platforms": ["x", "twitter"]},
        {"platforms": ["linkedin", {"id": "linkedin", "account": "a"}]},
        {"platforms": []},
        {"platforms": ["google_plus"]},
        {"organisation": {"name": "A\nB"}},
        {"organisation": {"name": "A\x01B"}},
        {"organisation": {"name": "   "}},
        {"governance": {"spokespeople": ["x"] * 51}},
        {"charter": {"effective_date": "20270101"}},
    ):
        assert not validator.is_valid({**base, **change}), change
    assert validator.is_valid({**base, "platforms": [], "enterprise_networks": ["teams"]})


def test_an_invisible_character_in_an_excluded_id_is_shown_escaped(answers_file, run_cli) -> None:
    """Found by the thorough property run: a soft hyphen (U+00AD) reached the terminal as it was."""
    path = answers_file(MINIMAL + 'clauses:\n  exclude: ["\\u00ad"]\n')
    result = run_cli("validate", path)
    assert result.code == 3, result.err
    assert '"\\xad"' in result.err and "\u00ad" not in result.err


def test_kept_data_is_used_only_when_plain_and_within_bounds() -> None:
    """What the private cache hands back (an unpickled answers file, a parsed data file) is checked as
    plain data, every key and value counted, before it is used; a pickle sharing one list a thousand
    times over, or holding itself, is refused without being walked to the end."""
    from datetime import date, datetime

    from charter.privatecache import plain_within

    kept = {"a": [1, 2, {"b": "x", "c": None, "d": date(2026, 1, 1)}], "e": (1.5, True)}
    assert plain_within(kept, max_nodes=16, max_depth=3)  # 16 values, keys included; 3 levels down
    assert not plain_within(kept, max_nodes=15, max_depth=3)
    assert not plain_within(kept, max_nodes=16, max_depth=2)
    assert not plain_within(kept, max_nodes=16, max_depth=3, containers=(dict, list))  # the tuple
    assert not plain_within({"x": datetime(2026, 1, 1)}, max_nodes=10, max_depth=5)
    assert not plain_within({"x": object()}, max_nodes=10, max_depth=5)
    itself: list[object] = []
    itself += [itself, itself]
    assert not plain_within(itself, max_nodes=1000, max_depth=1000)
    shared = [0] * 1000
    assert not plain_within([shared] * 1000, max_nodes=100_000, max_depth=10)
