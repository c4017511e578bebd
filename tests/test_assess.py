"""The governance check-up (`charter assess`, `--with-assessment`, the interview before its review).

One test per recommendation of `templates/barometer.yml` (an answers variation that triggers it, and the
article or annex it points to is the one the charter prints under that number and title), the case with
nothing to recommend, both languages, the figures coming from the data file alone, the annex in every
format, the command's exit codes, and the interview showing the same check-up before its review.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import EXAMPLES, ROOT

from charter import app
from charter.answersfile.check import check_answers
from charter.assess import Assessment, Point, barometer, terminal_text
from charter.blocks import Heading
from charter.compose import build_document, check_up, renderer
from charter.limits import bounded
from charter.model.paths import set_path

DATA = ROOT / "templates" / "barometer.yml"

# Nothing to recommend: a binding charter (UK staff handbook), a dedicated team, indicators, yearly
# training, monitoring.
GOOD: dict[str, Any] = {
    "format": 1,
    "language": "en",
    "organisation": {"name": "Northwind Trading Ltd", "jurisdiction": "UK", "sector": "private"},
    "objectives": ["notoriety", "e_reputation"],
    "platforms": ["linkedin", "facebook"],
    "enterprise_networks": ["teams"],
    "governance": {
        "charter_form": "internal_rules",
        "dedicated_team": True,
        "team_name": "Digital team",
        "kpis": True,
        "training": "annual",
        "monitoring": True,
    },
    "charter": {"version": "1.0", "effective_date": "2027-03-01"},
}


def data_of(lang: str = "en", **keys: Any) -> dict[str, Any]:
    """GOOD in ``lang`` with dotted keys changed (`governance__kpis=False`)."""
    data = copy.deepcopy(GOOD)
    data["language"] = lang
    for key, value in keys.items():
        set_path(data, key.replace("__", "."), value)
    return data


def assessed(lang: str = "en", **keys: Any) -> Assessment:
    with bounded():
        return check_up(check_answers(data_of(lang, **keys)))


def write(tmp_path: Path, data: dict[str, Any], name: str = "answers.yml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def headings(lang: str, **keys: Any) -> tuple[list[str], list[str]]:
    """The charter's article titles (in order, numbered from 1) and annex headings, as printed."""
    with bounded():
        spec, _ = build_document(check_answers(data_of(lang, **keys)))
    level1 = [b for b in spec.blocks if isinstance(b, Heading) and b.level == 1]
    return [h.text for h in level1 if h.numbered], [h.text for h in level1 if not h.numbered]


def clause_ids(data: dict[str, Any]) -> list[str]:
    answers = check_answers(data)
    with bounded():
        return [c.id for c in renderer(answers, None).selected(answers.data["clauses"]["exclude"])]


# ----------------------------------------------------------------------------- each recommendation

# (name, answers changed, point, clause pointed to, in the charter?, answer to give)
RECOMMENDATIONS: list[tuple[str, dict[str, Any], str, str, bool, tuple[str, Any] | None]] = [
    (
        "a guide binds no one",
        {"governance__charter_form": "guide"},
        "charter",
        "legal_frame",
        True,
        ("governance.charter_form", "internal_rules"),
    ),
    (
        "French internal rules need their procedure",
        {"organisation__jurisdiction": "FR", "organisation__works_council": True},
        "charter",
        "adoption",
        True,
        None,
    ),
    (
        "a French IT-charter annex binds as that charter does",
        {"organisation__jurisdiction": "FR", "governance__charter_form": "it_charter_annex"},
        "charter",
        "adoption",
        True,
        None,
    ),
    (
        "no dedicated team",
        {"governance__dedicated_team": False},
        "team",
        "official_accounts",
        True,
        ("governance.dedicated_team", True),
    ),
    (
        "a public body's guide binds no one",
        {"organisation__sector": "public", "governance__charter_form": "guide"},
        "charter",
        "legal_frame",
        True,
        ("governance.charter_form", "internal_rules"),
    ),
    (
        "no return on investment",
        {"governance__kpis": False},
        "roi",
        "measurement",
        False,
        ("governance.kpis", True),
    ),
    (
        "a public body measures nothing",
        {"organisation__sector": "public", "governance__kpis": False},
        "roi",
        "measurement",
        False,
        ("governance.kpis", True),
    ),
    (
        "a charity measures nothing",
        {"organisation__sector": "nonprofit", "governance__kpis": False},
        "roi",
        "measurement",
        False,
        ("governance.kpis", True),
    ),
    (
        "training at induction only",
        {"governance__training": "onboarding"},
        "training",
        "training",
        True,
        ("governance.training", "annual"),
    ),
    (
        "no training",
        {"governance__training": "none"},
        "training",
        "training",
        False,
        ("governance.training", "annual"),
    ),
    (
        "online reputation unwatched",
        {"governance__monitoring": False},
        "data",
        "monitoring",
        True,
        ("governance.monitoring", True),
    ),
    (
        "nothing watched",
        {"governance__monitoring": False, "objectives": ["notoriety"]},
        "data",
        "monitoring",
        False,
        ("governance.monitoring", True),
    ),
    (
        "watched but not measured",
        {"governance__kpis": False},
        "data",
        "measurement",
        False,
        ("governance.kpis", True),
    ),
]


def recommendation(found: Assessment, point: str) -> Point:
    matches = [p for p in found.recommendations if p.id == point]
    assert len(matches) == 1, [p.id for p in found.recommendations]
    return matches[0]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    ("name", "keys", "point", "clause", "present", "change"),
    RECOMMENDATIONS,
    ids=[r[0] for r in RECOMMENDATIONS],
)
def test_each_recommendation_points_to_the_clause_that_answers_it(
    lang: str, name: str, keys: dict[str, Any], point: str, clause: str, present: bool, change: Any
) -> None:
    found = recommendation(assessed(lang, **keys), point)
    articles, annexes = headings(lang, **keys)
    if present:
        target = found.target
        assert target is not None and target.id == clause, name
        if target.part == "article":  # the number and title the charter prints
            assert articles[int(target.number) - 1] == target.title
        else:
            word = "Annex" if lang == "en" else "Annexe"
            assert f"{word} {target.number} – {target.title}" in annexes
        assert target.title in terminal_text(assessed(lang, **keys))
    else:
        assert found.target is None, f"{clause} is not in this charter: the answer to give is shown instead"
    if change is None:
        assert found.change is None
        return
    assert found.change is not None and (found.change.key, found.change.value) == (
        change[0],
        yaml.safe_dump(change[1], default_flow_style=True).removesuffix("\n...\n").strip(),
    )
    # the answer given brings the clause pointed to (or keeps it), and the gap is closed
    after = data_of(lang, **keys)
    set_path(after, change[0], change[1])
    assert clause in clause_ids(after)
    assert (found.change.adds is not None) is (not present)
    again = check_up(check_answers(after))
    assert found.advice not in [p.advice for p in again.recommendations]


def test_the_cases_above_cover_every_recommendation_of_the_data_file() -> None:
    """A recommendation added to barometer.yml needs its row in RECOMMENDATIONS."""
    data = barometer()
    written = set()
    for rule in data.points:
        for case in rule.cases:
            if case.advice is not None:  # its own wording, and each sector's or jurisdiction's
                written |= {data.say(case.advice, "en")}
                written |= {data.say(case.advice, "en", key) for key in case.advice.variants}
    given = {recommendation(assessed("en", **keys), point).advice for _, keys, point, *_ in RECOMMENDATIONS}
    assert written == given


def test_nothing_to_recommend() -> None:
    for lang, said, unsaid in (
        ("en", "Nothing to recommend:", "What to do next"),
        ("fr", "Rien à recommander\u202f:", "Prochaines étapes"),
    ):
        found = assessed(lang)
        assert found.recommendations == []
        assert all(p.mark in ("ahead", "info") for p in found.points)
        text = terminal_text(found)
        assert said in text and unsaid not in text and "→" not in text


def test_the_points_of_the_barometer_are_all_assessed() -> None:
    found = assessed("en", governance__kpis=False)
    assert [p.id for p in found.points] == ["charter", "team", "roi", "training", "data", "networks"]
    assert [p.mark for p in found.points] == ["ahead", "ahead", "behind", "ahead", "behind", "info"]
    # no public platform: no official accounts, so no dedicated team to assess
    alone = assessed("en", platforms=[])
    assert "team" not in [p.id for p in alone.points]


# ----------------------------------------------------------------------------- language

FRENCH_NEVER = [
    (re.compile(r"[A-Za-zéèà]'[A-Za-zéèà]"), "a straight apostrophe"),
    (re.compile(r"[^\s\u00a0\u202f][ ][:;!?%](\s|$)"), "an ordinary space before : ; ! ? %"),
    (re.compile(r"\d%"), "a percentage without its space"),
    (re.compile(r"« |[^\u00a0]»"), "« » without non-breaking spaces"),
]


@pytest.mark.parametrize(
    "keys", [row[1] for row in RECOMMENDATIONS] + [{}], ids=[r[0] for r in RECOMMENDATIONS] + ["good"]
)
def test_french_and_english(keys: dict[str, Any]) -> None:
    french = terminal_text(assessed("fr", **keys), width=1000)
    english = terminal_text(assessed("en", **keys), width=1000)
    assert french.startswith(
        "Bilan de gouvernance\u202f: Northwind Trading Ltd au regard du baromètre 2017\n"
    )
    assert english.startswith("Governance check-up: Northwind Trading Ltd, against the 2017 barometer\n")
    assert "Baromètre 2017\u202f: 30\u202f% des entreprises" in french
    assert "2017 barometer: 30% of firms" in english
    for pattern, what in FRENCH_NEVER:
        found = pattern.search(french)
        assert found is None, f"{what}: …{french[max(0, found.start() - 40) : found.end() + 40]}…"
    assert not re.search(r"\b(the|of|firms|you)\b", french)
    assert not re.search(r"\b(des|les|vous|entreprises)\b", english)


@pytest.mark.parametrize("sector", ["public", "nonprofit"])
def test_a_public_body_or_a_charity_is_not_spoken_to_in_company_words(sector: str) -> None:
    for lang, words in (("fr", "retour sur investissement"), ("en", "return on investment")):
        for kpis in (True, False):
            text = terminal_text(
                assessed(lang, organisation__sector=sector, governance__kpis=kpis), width=1000
            )
            assert words not in text.lower()
            assert "32" in text  # the figure is still there


def test_the_barometer_is_cited_with_its_source() -> None:
    text = terminal_text(assessed("en", governance__kpis=False), width=1000)
    assert "2017 social-media barometer by HootSuite, Adetem, Visionary Marketing and Toluna" in text
    assert text.count("2017 barometer: ") == len(assessed("en", governance__kpis=False).points)


# ----------------------------------------------------------------------------- figures: one data file


def test_every_percentage_printed_is_a_figure_of_the_data_file() -> None:
    figures = {
        str(v)
        for v in yaml.safe_load(DATA.read_text(encoding="utf-8"))["figures"].values()
        if isinstance(v, int)
    }
    for lang in ("en", "fr"):
        for _, keys, *_ in RECOMMENDATIONS:
            text = terminal_text(assessed(lang, **keys))
            printed = set(re.findall(r"(\d+)[\u202f ]?%", text))
            assert printed and printed <= figures, printed - figures


def test_the_figures_come_from_the_data_file_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Any
) -> None:
    """Change every figure in a copy of barometer.yml: the output says the new figures and no old one."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    old = {ident: value for ident, value in raw["figures"].items() if isinstance(value, int)}
    raw["figures"] = {
        ident: (value + 1 if isinstance(value, int) else value) for ident, value in raw["figures"].items()
    }
    raw["figures"]["data_unused"] = {"en": "three quarters", "fr": "trois quarts"}
    edited = tmp_path / "barometer.yml"
    edited.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr("charter.assess.points.barometer", lambda: barometer(edited))

    answers = write(tmp_path, data_of("en", governance__kpis=False))
    result = run_cli("assess", answers)
    assert result.code == 0, result.err
    printed = {int(n) for n in re.findall(r"(\d+)%", result.out)}
    assert printed == {value + 1 for value in old.values()}
    assert "three quarters of firms" in result.out and "two thirds" not in result.out


def test_the_data_file_is_sound() -> None:
    """Conditions compile and use names the clauses know; clauses exist in both languages and come
    before the check-up's annex; changes are answers keys with valid values."""
    import jinja2

    from charter.clauses.context import unknown_names
    from charter.clauses.files import load_library
    from charter.model.conditions import compile_condition
    from charter.model.questions import questionnaire

    data = barometer()
    questions = questionnaire().by_key()
    libraries = {lang: load_library(lang) for lang in ("en", "fr")}
    for rule in data.points:
        for case in rule.cases:
            for condition in (rule.when, case.when):
                if condition:
                    compile_condition(condition)
                    parsed = jinja2.Environment().parse("{{ " + condition + " }}")
                    assert not unknown_names(parsed, DATA), (condition, unknown_names(parsed, DATA))
            if case.clause:
                for lang, library in libraries.items():
                    clause = library[case.clause]
                    assert clause.part == "article" or clause.order < data.annex_order, (lang, case.clause)
            if case.change:
                key, value = case.change
                check_answers(data_of("en", **{key.replace(".", "__"): value}))
                assert key in questions


# ----------------------------------------------------------------------------- --with-assessment


def test_the_annex_in_word(tmp_path: Path, run_cli: Any) -> None:
    import docx

    answers = write(tmp_path, data_of("en", governance__training="none"))
    plain, annexed = tmp_path / "plain.docx", tmp_path / "annexed.docx"
    assert run_cli("generate", answers, "-o", plain).code == 0
    result = run_cli("generate", answers, "-o", annexed, "--with-assessment")
    assert result.code == 0, result.err

    def titles(path: Path) -> list[str]:
        document = docx.Document(str(path))
        return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]

    before, after = titles(plain), titles(annexed)
    assert not [t for t in before if "Governance check-up" in t]
    letter = chr(ord("A") + sum(t.startswith("Annex ") for t in before) - 1)  # the acknowledgement's, before
    assert before[-1] == f"Annex {letter} – Acknowledgement"
    assert after == [
        *before[:-1],
        f"Annex {letter} – Governance check-up",
        f"Annex {chr(ord(letter) + 1)} – Acknowledgement",
    ]
    document = docx.Document(str(annexed))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "2017 barometer")
    assert [row.cells[0].text for row in table.rows[1:]] == [
        "Usage policy",
        "Dedicated team",
        "Return on investment",
        "Training",
        "Use of the data collected",
        "Networks",
    ]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "What to do next" in text and "Train staff at induction and every year" in text
    cells = " ".join(c.text for row in table.rows for c in row.cells)
    assert "charter" not in f"{text} {cells}".replace("IT charter", "")  # an English policy says policy


def test_the_annex_in_markdown_and_html_and_without_the_flag(tmp_path: Path, run_cli: Any) -> None:
    answers = write(tmp_path, data_of("fr", organisation__jurisdiction="FR", governance__kpis=False))
    for suffix in ("md", "html"):
        plain, annexed = tmp_path / f"plain.{suffix}", tmp_path / f"annexed.{suffix}"
        assert run_cli("generate", answers, "-o", plain).code == 0
        assert run_cli("generate", answers, "-o", annexed, "--with-assessment").code == 0
        without, with_ = plain.read_text(encoding="utf-8"), annexed.read_text(encoding="utf-8")
        assert "Bilan de gouvernance" not in without and "Bilan de gouvernance" in with_
        assert with_.index("Bilan de gouvernance") < with_.rindex("Accusé de réception")
        assert "Prochaines étapes" in with_ and re.search(r"Annexe [A-Z] – Plan d’adoption", with_)
    markdown = (tmp_path / "annexed.md").read_text(encoding="utf-8")
    assert re.search(r"^## Annexe [A-Z] – Bilan de gouvernance$", markdown, re.MULTILINE)
    assert "| Point | Baromètre 2017 | L’organisation |" in markdown


def test_the_flag_adds_the_annex_and_nothing_else(tmp_path: Path, run_cli: Any) -> None:
    """Without the flag the charter is the one it always was (test_examples checks the committed
    examples byte for byte); with it, the same charter plus the annex, the acknowledgement one letter on."""
    answers = write(tmp_path, data_of("en", governance__kpis=False))
    plain, annexed = tmp_path / "plain.md", tmp_path / "annexed.md"
    assert run_cli("generate", answers, "-o", plain).code == 0
    assert run_cli("generate", answers, "-o", annexed, "--with-assessment").code == 0
    without, with_ = plain.read_text(encoding="utf-8"), annexed.read_text(encoding="utf-8")
    letter = re.search(r"^## Annex ([A-Z]) – Governance check-up$", with_, re.MULTILINE)
    assert letter is not None and "check-up" not in without.lower()
    ours, theirs = letter.group(1), chr(ord(letter.group(1)) + 1)
    start = with_.index(f"## Annex {ours} – Governance check-up")
    removed = with_[:start] + with_[with_.index(f"## Annex {theirs} – Acknowledgement") :]
    removed = re.sub(r"^- \[Annex . – Governance check-up\].*\n", "", removed, flags=re.MULTILINE)
    removed = removed.replace(f"Annex {theirs} – Acknowledgement", f"Annex {ours} – Acknowledgement")
    removed = removed.replace(
        f"annex-{theirs.lower()}--acknowledgement", f"annex-{ours.lower()}--acknowledgement"
    )
    assert removed == without


def test_a_batch_takes_the_flag(tmp_path: Path, run_cli: Any) -> None:
    first = write(tmp_path, data_of("en"), "north.yml")
    second = write(tmp_path, data_of("fr"), "nord.yml")
    result = run_cli(
        "generate", first, second, "-o", f"{tmp_path / 'out'}/", "--to", "md", "--with-assessment", "-j", "1"
    )
    assert result.code == 0, result.err
    assert "Governance check-up" in (tmp_path / "out" / "north.md").read_text(encoding="utf-8")
    assert "Bilan de gouvernance" in (tmp_path / "out" / "nord.md").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- the command


def test_assess_prints_on_standard_output(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    answers = write(tmp_path, data_of("en", governance__kpis=False))
    result = run_cli("assess", answers)
    assert result.code == 0 and result.err == ""
    assert result.out == app.assess(answers_path=answers).text
    assert "What to do next" in result.out
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yml"]  # nothing written


def test_assess_reads_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    text = yaml.safe_dump(data_of("fr"), allow_unicode=True)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert "Rien à recommander" in app.assess(answers_path=Path("-")).text


def test_assess_takes_set_values(tmp_path: Path, run_cli: Any) -> None:
    answers = write(tmp_path, data_of("en"))
    result = run_cli("assess", answers, "--set", "governance.training=none")
    assert result.code == 0 and "1. Training" in result.out


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("format: 1\norganisation: [\n", "not valid YAML"),
        (
            "format: 1\nlanguage: en\norganisation: {name: A}\nplatforms: [facebok]\n",
            'Did you mean "facebook"',
        ),
        ("", "is empty"),
    ],
)
def test_a_bad_answers_file_fails_as_generate_does(
    tmp_path: Path, run_cli: Any, text: str, needle: str
) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(text, encoding="utf-8")
    assessed_ = run_cli("assess", answers)
    generated = run_cli("generate", answers, "-o", tmp_path / "x.docx")
    assert assessed_.code == generated.code == 3
    assert assessed_.err == generated.err and needle in assessed_.err and "Traceback" not in assessed_.err
    assert assessed_.out == ""


def test_assess_usage_errors(tmp_path: Path, run_cli: Any) -> None:
    assert run_cli("assess").code == 2
    missing = run_cli("assess", tmp_path / "nowhere.yml")
    assert missing.code == 3 and "no such file" in missing.err
    answers = write(tmp_path, data_of("en"))
    ics = run_cli("generate", answers, "-o", tmp_path / "review.ics", "--with-assessment")
    assert ics.code == 2 and "--with-assessment" in ics.err


def test_the_examples(run_cli: Any) -> None:
    """The French group has a binding charter to adopt; the US company has gaps."""
    group = run_cli("assess", EXAMPLES / "fr-group" / "answers.yml").out
    assert group.count("✗") == 0 and "1. Charte d’utilisation" in group and "2. " not in group
    company = run_cli("assess", EXAMPLES / "us-company" / "answers.yml").out
    assert "✗ Dedicated team" in company and "governance.kpis: true" in company


# ----------------------------------------------------------------------------- the interview


def test_the_interview_shows_the_check_up_before_its_review(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview_driver import answering

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHARTER_STATE_DIR", str(tmp_path / "state"))
    answers = {"organisation.name": "Acme", "platforms": ["facebook"], "governance.training": "none"}
    with answering(monkeypatch, answers) as driver:
        app.new(lang="en", **driver.term)
    screen = driver.screen
    heading = "Governance check-up: Acme, against the 2017 barometer"
    assert heading in screen
    assert screen.index(heading) < screen.index("\nReview")
    assert screen.index(heading) > screen.index("Add a signed acknowledgement form as an annex?")
    # the same check-up as `charter assess` of the answers file written
    printed = app.assess(answers_path=tmp_path / "acme-answers.yml").text
    for line in printed.splitlines():
        assert line.strip() in screen, line
    assert "Train staff at induction and every year" in screen
