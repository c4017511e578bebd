"""Properties of the answers format, checked on generated files (hypothesis).

(a) Every answers file the JSON Schema accepts gives a charter that python-docx reads back.
(b) `validate` and `generate` agree on every file: both accept it, or both refuse it (exit 3).
(c) No input, however malformed, gives a traceback (exit 1) or runs past the limits.

Answers are built from the questionnaire (valid ones, then mutated), dumped with PyYAML, and also
written as raw text and bytes. The budget comes from the hypothesis profile of tests/conftest.py:
40 derandomized examples per property by default, 1000 random ones with
CHARTER_HYPOTHESIS_PROFILE=thorough.
"""

from __future__ import annotations

import io
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import MINIMAL

hypothesis = pytest.importorskip("hypothesis")
jsonschema = pytest.importorskip("jsonschema")

from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from charter.answersfile.schema import json_schema  # noqa: E402
from charter.clauses.files import load_library  # noqa: E402
from charter.model.catalog import catalog  # noqa: E402
from charter.model.paths import set_path  # noqa: E402
from charter.model.questions import Question, questionnaire  # noqa: E402

QUESTIONS = questionnaire().questions
# Keys that name files or clauses: what they point to is read only by generate (a custom library,
# a reference document), so the schema cannot tell whether they work. Left out of (a).
FILE_KEYS = ("clauses.templates", "clauses.reference_doc", "clauses.exclude")
SECONDS = 20  # the most one validate or generate may take here, however hostile the file
PROPERTY_SETTINGS = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# --------------------------------------------------------------------------- strategies

# Letters, digits, punctuation, symbols and spaces of every script, with the characters that mean
# something to Markdown, Jinja or XML mixed in: answers are text, never markup.
_LETTERS = st.characters(categories=["L", "N", "P", "S", "Zs"])
_MARKUP = st.sampled_from([*"{}%#*_[]()<>&`|\\-+.!~'\"=", "{{ x }}", "{% if %}", "<w:p>", "&amp;", "1."])
TEXT = (
    st.lists(st.one_of(_LETTERS, _MARKUP), min_size=1, max_size=12)
    .map("".join)
    .filter(lambda t: bool(t.strip()))
)
WORD = st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True)
EMAIL = st.builds(lambda a, b, c: f"{a}@{b}.{c}", WORD, WORD, WORD)


def _networks(kind: str) -> list[Any]:
    return [n for n in catalog().values() if n.kind == kind and n.status != "closed"]


def _network_names(network: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([network.id, *network.aliases])


def _platform(network: Any) -> st.SearchStrategy[Any]:
    name = _network_names(network)
    mapping = st.fixed_dictionaries(
        {"id": name}, optional={"account": st.one_of(st.none(), TEXT), "owner": st.one_of(st.none(), TEXT)}
    )
    return st.one_of(name, mapping)


def _each_once(kind: str, item: Any, max_size: int) -> st.SearchStrategy[list[Any]]:
    """A list of networks of one kind, each at most once (by id or by an old name)."""
    return st.lists(st.sampled_from(_networks(kind)), unique_by=lambda n: n.id, max_size=max_size).flatmap(
        lambda chosen: st.tuples(*(item(n) for n in chosen)).map(list)
    )


_DATE = Question(key="date", section="charter", type="date", prompt={})


def valid_value(q: Question) -> st.SearchStrategy[Any]:
    """A value the checker accepts for question q."""
    kind = q.type
    if kind == "format":
        return st.just(1)
    if kind == "choice":
        return st.sampled_from(q.choice_values())
    if kind == "multichoice":
        return st.lists(st.sampled_from(q.choice_values()), unique=True, max_size=q.max_items)
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(q.minimum, q.maximum)
    if kind == "text":
        return TEXT.map(lambda t: t[: q.max_length] if q.max_length else t).filter(lambda t: bool(t.strip()))
    if kind == "email":
        return EMAIL
    if kind == "date":
        return st.dates(date(1990, 1, 1), date(2100, 12, 31)).map(date.isoformat)
    if kind == "list":
        return st.lists(TEXT, max_size=4)
    if kind == "platforms":
        return _each_once("public", _platform, 6)
    if kind == "networks":
        return _each_once("enterprise", _network_names, 3)
    if kind == "history":
        entry = st.fixed_dictionaries(
            {
                "version": TEXT.map(lambda t: t[:20]).filter(lambda t: bool(t.strip())),
                "date": valid_value(_DATE),
            },
            optional={
                "summary": st.one_of(st.none(), TEXT.map(lambda t: t[:300]).filter(lambda t: bool(t.strip())))
            },
        )
        return st.lists(entry, max_size=3)
    raise AssertionError(f"no strategy for question type {kind}")


@st.composite
def valid_answers(draw: st.DrawFn, *, file_keys: bool = False) -> dict[str, Any]:
    """A valid answers mapping: every required key, some optional ones."""
    data: dict[str, Any] = {}
    for q in QUESTIONS:
        if q.key in FILE_KEYS:
            continue
        if q.required or draw(st.booleans()):
            set_path(data, q.key, draw(valid_value(q)))
    if not data["platforms"] and not data.get("enterprise_networks"):
        data["platforms"] = ["linkedin"]
    if file_keys and draw(st.booleans()):
        ids = sorted(load_library(data.get("language", "en")))
        set_path(data, "clauses.exclude", draw(st.lists(st.sampled_from(ids), unique=True, max_size=30)))
    return data


# Values of every kind, the odd ones first: YAML 1.1 leftovers, control characters, huge texts.
ODD_TEXT = st.sampled_from(
    [
        "yes", "no", "on", "Off", "y", "010", "0o17", "0x1F", "1:30:00", "1_000", "1e3", ".inf",
        "2027-13-01", "20270101", "x@y", "twitter", "yammer", "google_plus", "workplace", "teams",
        "A\x01B", "\x1b[31mred", "\ufffe", "A\x0bB", "A\rB", "A\u2028B", "  ", "", "x" * 300, "1" * 5000,
    ]
)  # fmt: skip
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
JUNK = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), ODD_TEXT, ANY_TEXT, TEXT, st.dates()),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.one_of(ANY_TEXT, WORD), inner, max_size=4),
    max_leaves=12,
)
KEYS = [q.key for q in QUESTIONS] + ["extra", "organisation.extra", "platforms.0", "governance"]


def _mutate(data: dict[str, Any], changes: list[tuple[str, Any, bool]]) -> dict[str, Any]:
    for key, value, delete in changes:
        parts = key.split(".")
        node = data
        for part in parts[:-1]:
            if not isinstance(node.get(part), dict):
                node[part] = {}
            node = node[part]
        if delete:
            node.pop(parts[-1], None)
        else:
            node[parts[-1]] = value
    return data


MUTATED = st.builds(
    _mutate,
    valid_answers(file_keys=True),
    st.lists(st.tuples(st.sampled_from(KEYS), JUNK, st.booleans()), min_size=1, max_size=3),
)
ANSWERS = st.one_of(valid_answers(), valid_answers(file_keys=True), MUTATED)


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _splice(text: str, where: int, insert: str, cut: int) -> str:
    where %= len(text) + 1
    return text[:where] + insert + text[where + cut :]


HOSTILE = st.sampled_from(
    [
        "a: &a [*a]\n",
        "a: &a [x, x]\nb: [*a, *a]\n",
        "? [a, b]\n: 1\n",
        "{[1]: x}: 2\n",
        "x: !!python/object/apply:os.system [true]\n",
        "x: !!binary aGk=\n",
        "%YAML 1.1\n---\nformat: 1\n",
        "format: 1\n---\nformat: 1\n",
        "format: 1\n\tname: x\n",
        "organisation: {employees: " + "9" * 5000 + "}\n",
        "x: " + "[" * 2000 + "]" * 2000 + "\n",
        "x: " + "{a: " * 500 + "1" + "}" * 500 + "\n",
        '"\\e": "\\x01\\uFFFE"\n',
        "<<: {format: 1}\n",
        "format: !!int abc\n",
        "format: 1.0\n",
    ]
)
RAW = st.one_of(
    ANY_TEXT,
    HOSTILE,
    st.builds(lambda base, extra: base + extra, st.just(MINIMAL), HOSTILE),
    st.builds(_splice, ANSWERS.map(dump), st.integers(0, 5000), ANY_TEXT, st.integers(0, 20)),
    st.integers(1, 3000).map(lambda n: "x: " + "[" * n + "]" * n + "\n"),
    st.integers(1, 6000).map(lambda n: MINIMAL.replace("UK", "UK\n  employees: " + "7" * n)),
)


# --------------------------------------------------------------------------- helpers


def charter(*args: str | Path) -> tuple[int, str]:
    """`charter ARGS` through the real entry point; its exit code and standard error."""
    from charter.cli import main

    err = io.StringIO()
    start = time.monotonic()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = main([str(a) for a in args])
    assert time.monotonic() - start < SECONDS, f"charter {args[0]} took more than {SECONDS} s"
    return code, err.getvalue()


def _integer(checker: Any, instance: Any) -> bool:
    # In YAML, 5.0 is a float, not the whole number JSON Schema's "integer" lets it be.
    return isinstance(instance, int) and not isinstance(instance, bool)


VALIDATOR = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _integer),
)(json_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def not_a_bug(code: int, err: str) -> None:
    assert code != 1 and "unexpected error" not in err and "Traceback" not in err, err
    assert code in (0, 3), f"exit {code}: {err}"


# --------------------------------------------------------------------------- properties


@PROPERTY_SETTINGS
@given(ANSWERS)
def test_every_file_the_schema_accepts_gives_a_charter(data: dict[str, Any]) -> None:
    """(a) The schema is never looser than the checker and the clauses."""
    from docx import Document

    from charter.app import generate

    clauses = data.get("clauses") if isinstance(data.get("clauses"), dict) else {}
    if not VALIDATOR.is_valid(data) or any(clauses.get(k.split(".")[1]) for k in FILE_KEYS):
        event("the schema refuses it, or it names files or clauses")
        return
    event("the schema accepts it")
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yml"
        answers.write_text(dump(data), encoding="utf-8")
        result = generate(answers_path=answers, output=Path(folder) / "charter.docx")
        document = Document(str(result.output))
    assert document.core_properties.title
    headings = [p for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert len(headings) > 0


@PROPERTY_SETTINGS
@given(st.one_of(ANSWERS.map(dump), RAW))
def test_validate_and_generate_agree(text: str) -> None:
    """(b) Whatever validate accepts, generate writes; whatever it refuses, generate refuses too."""
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yml"
        answers.write_text(text, encoding="utf-8", errors="surrogatepass")
        checked, check_err = charter("validate", answers)
        built, build_err = charter("generate", answers, "-o", Path(folder) / "charter.docx")
    not_a_bug(checked, check_err)
    not_a_bug(built, build_err)
    event(f"validate exit {checked}")
    assert checked == built, f"validate gave {checked}, generate gave {built}:\n{check_err}\n{build_err}"


@PROPERTY_SETTINGS
@given(st.one_of(RAW.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=2000)))
def test_no_input_gives_a_traceback(raw: bytes) -> None:
    """(c) Text, bytes, deep nesting, huge numbers, control characters: a message, never a crash."""
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yml"
        answers.write_bytes(raw)
        code, err = charter("validate", answers)
        not_a_bug(code, err)
        if code == 3:
            assert err.startswith("charter: error: ") and str(answers) in err
            assert len(err) < 20_000, "one message, of bounded size"
            assert all(c.isprintable() or c == "\n" for c in err), "no control character reaches the terminal"
