"""The clause library: which clauses the answers switch on, how they are shaped, and strict, safe rendering."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from conftest import MINIMAL

from charter.answersfile.read import parse_answers
from charter.blocks import Heading, Paragraph, Table
from charter.clauses.files import load_library
from charter.clauses.render import Renderer
from charter.errors import AnswersError, TemplateError
from charter.limits import bounded

RICH = """\
format: 1
language: {lang}
organisation: {{name: "Acme", jurisdiction: {jurisdiction}, sector: {sector}, employees: 250, works_council: true}}
objectives: [customer_relationship, e_reputation]
platforms: [facebook, {{id: linkedin, account: acme, owner: Comms}}, tiktok]
enterprise_networks: [{networks}]
governance: {{dedicated_team: true, team_name: Comms, crisis_contact: crisis@acme.example, advocacy: voluntary,
  kpis: true, training: annual}}
"""


def answers(
    lang: str = "en", jurisdiction: str = "FR", sector: str = "private", networks: str = "teams", **extra
):
    text = RICH.format(lang=lang, jurisdiction=jurisdiction, sector=sector, networks=networks)
    for key, value in extra.items():
        text += f"{key}: {value}\n"
    return parse_answers(text)


def render(ans, templates: Path | None = None, exclude=()) -> dict[str, str]:
    """Each selected clause id and its text (headings and paragraphs, tables flattened)."""
    renderer = Renderer(load_library(ans.language, templates), ans)
    result = {}
    with bounded():  # as charter.app runs every clause library
        rendered = renderer.render_all(list(exclude))
    for item in rendered:
        parts = []
        for block in item.blocks:
            if isinstance(block, Heading | Paragraph):
                parts.append("".join(r.text for r in block.runs))
            elif isinstance(block, Table):
                for row in (block.header, *block.rows):
                    parts.append(" | ".join("".join(r.text for r in cell) for cell in row))
            else:
                parts.append(repr(block))
        result[item.clause.id] = "\n".join(parts)
    return result


def test_both_languages_have_the_same_clauses_switched_on_the_same_way() -> None:
    fr, en = load_library("fr"), load_library("en")
    # one `legal_references` annex per language, or (until a language moves to it) one per jurisdiction
    annexes = {"legal_references", *(f"legal_references_{j}" for j in ("fr", "uk", "us", "other"))}
    assert set(fr) - annexes == set(en) - annexes
    for ident in set(fr) & set(en):
        a, b = fr[ident], en[ident]
        assert (a.order, a.part, a.when, a.page_break) == (b.order, b.part, b.when, b.page_break), ident


def test_catalogue_clauses_all_exist() -> None:
    catalogue = {
        "purpose",
        "scope",
        "legal_frame",
        "official_accounts",
        "spokespeople",
        "moderation",
        "personal_accounts",
        "confidentiality",
        "respect",
        "ip_and_image",
        "personal_data",
        "monitoring",
        "crisis",
        "security",
        "working_hours",
        "advocacy",
        "internal_networks",
        "platform_notes",
        "training",
        "measurement",
        "sanctions",
        "governance_and_review",
        "responsibility_matrix",
        "acknowledgement",
    }
    for lang in ("fr", "en"):
        ids = set(load_library(lang))
        assert catalogue <= ids
        assert (
            "legal_references" in ids
            or {
                "legal_references_fr",
                "legal_references_uk",
                "legal_references_us",
                "legal_references_other",
            }
            <= ids
        )


@pytest.mark.parametrize(
    ("lang", "jurisdiction", "sector"),
    list(
        itertools.product(
            ["fr", "en"], ["FR", "UK", "US", "other"], ["private", "public", "finance", "health", "nonprofit"]
        )
    ),
)
def test_every_combination_renders(lang: str, jurisdiction: str, sector: str) -> None:
    clauses = render(answers(lang, jurisdiction, sector))
    if "legal_references" in load_library(lang):  # one annex, holding what the chosen clauses cite
        assert "legal_references" in clauses
        return
    assert f"legal_references_{jurisdiction.lower()}" in clauses
    others = {"FR", "UK", "US", "other"} - {jurisdiction}
    assert not any(f"legal_references_{j.lower()}" in clauses for j in others)


def test_jurisdiction_shapes_the_references() -> None:
    fr = render(answers("en", "FR"))["legal_references"]
    assert "L1121-1" in fr and "C-210/16" in fr and "16-11.690" in fr
    uk = render(answers("en", "UK"))["legal_references"]
    assert "Equality Act 2010" in uk and "UKEAT/0188/14" in uk and "L1121-1" not in uk
    us = render(answers("en", "US"))["legal_references"]
    assert "29 USC 157" in us and "16 CFR Part 255" in us and "1833(b)" in us
    other = render(answers("en", "other"))
    assert "qualified in the applicable law" in other["legal_references"]
    assert "L1121-1" not in "\n".join(other.values()) and "Equality Act" not in "\n".join(other.values())
    us_confidentiality = render(answers("en", "US"))["confidentiality"]
    assert "Section 7" in us_confidentiality or "section 7" in us_confidentiality


def test_public_sector_duties_only_for_the_public_sector() -> None:
    public = render(answers("fr", "FR", "public"))["legal_frame"]
    private = render(answers("fr", "FR", "private"))["legal_frame"]
    assert "réserve" in public and "réserve" not in private


def test_each_platform_and_network_gets_its_own_section() -> None:
    clauses = render(answers("en", networks="teams, slack"))
    notes = clauses["platform_notes"].splitlines()
    assert {"Facebook", "LinkedIn", "TikTok"} <= set(notes)
    internal = clauses["internal_networks"].splitlines()
    assert {"Microsoft Teams", "Slack"} <= set(internal)
    assert "Slack Connect" in clauses["internal_networks"]
    matrix = clauses["responsibility_matrix"]
    assert "LinkedIn | acme | Comms" in matrix


def test_workplace_gets_a_migration_clause_not_a_usage_section() -> None:
    only = render(answers("en", networks="workplace"))
    assert "workplace_migration" in only and "internal_networks" not in only
    assert "Workvivo" in only["workplace_migration"] and "31 May 2026" in only["workplace_migration"]
    both = render(answers("fr", networks="workplace, slack"))
    assert "Workplace from Meta" not in both["internal_networks"].splitlines()
    assert "31 mai 2026" in both["workplace_migration"]


def test_governance_choices_switch_clauses() -> None:
    base = parse_answers(
        MINIMAL + "governance: {advocacy: none, kpis: false, training: none, acknowledgement: false}\n"
    )
    clauses = render(base)
    for absent in (
        "advocacy",
        "measurement",
        "training",
        "acknowledgement",
        "crisis",
        "monitoring",
        "internal_networks",
    ):
        assert absent not in clauses
    rich = render(answers("en"))
    for present in ("advocacy", "measurement", "training", "acknowledgement", "crisis", "monitoring"):
        assert present in rich
    assert "crisis@acme.example" in rich["crisis"]
    no_moderation = parse_answers(MINIMAL + "governance: {moderation: false}\n")
    assert "moderation" not in render(no_moderation)


def test_values_are_text_never_template_code_or_markup() -> None:
    weird = parse_answers(MINIMAL.replace("Northwind Trading Ltd", "'{{ x }} & <Co> **bold** # 1.'"))
    clauses = render(weird)
    assert (
        "{{ x }} & <Co> **bold** # 1." in clauses["scope"]
        or "{{ x }} & <Co> **bold** # 1." in clauses["purpose"]
    )


def library(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / "lib" / "en" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "lib"


def test_undefined_variable_names_template_and_line(tmp_path: Path) -> None:
    lib = library(
        tmp_path, {"extra.md": "---\nid: extra\ntitle: Extra\n---\nLine one.\n\n{{ organisation.nmae }}\n"}
    )
    with pytest.raises(TemplateError) as caught:
        render(parse_answers(MINIMAL), lib)
    message = str(caught.value)
    assert f"{lib / 'en' / 'extra.md'}, line 7" in message
    assert '`organisation.nmae` is not in the answers format. Did you mean "name"?' in message


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        (
            "{% if governance.moderatoin %}x{% endif %}",
            7,
            '`governance.moderatoin` is not in the answers format. Did you mean "moderation"?',
        ),
        ("{{ organisation.name }} {{ governance.moderatoin }}", 7, "`governance.moderatoin` is not in the"),
        (
            "{{ platfroms|length }}",
            7,
            '`platfroms` is not a name templates can use. Did you mean "platforms"?',
        ),
        (
            "{% for p in platforms %}\n{{ p.acount }}\n{% endfor %}",
            8,
            '`p.acount` is undefined: there is no key "acount". Did you mean "account"?',
        ),
    ],
)
def test_generate_names_an_unknown_name_as_templates_check_does(
    tmp_path: Path, body: str, line: int, expected: str
) -> None:
    """The render error names the expression as written, its file and line, and the closest valid name,
    in the words `templates check` uses; never Jinja's "'dict object' has no attribute"."""
    lib = library(tmp_path, {"moderation.md": f"---\nid: house\ntitle: House\n---\nLine one.\n\n{body}\n"})
    with pytest.raises(TemplateError) as caught:
        render(parse_answers(MINIMAL), lib)
    message = str(caught.value)
    assert message.startswith(f"{lib / 'en' / 'moderation.md'}, line {line}: {expected}"), message
    assert "dict object" not in message


def test_an_unknown_name_in_an_included_clause_names_that_clause(tmp_path: Path) -> None:
    lib = library(
        tmp_path,
        {
            "outer.md": "---\nid: outer\ntitle: Outer\n---\nText.\n\n{% include 'inner' %}\n",
            "inner.md": "---\nid: inner\ntitle: Inner\nwhen: 'false'\n---\n{{ governance.aproval }}\n",
        },
    )
    with pytest.raises(TemplateError) as caught:
        render(parse_answers(MINIMAL), lib)
    assert f"{lib / 'en' / 'inner.md'}, line 6: `governance.aproval` is not in the answers format." in str(
        caught.value
    )


def test_printing_nothing_is_an_error_not_a_blank(tmp_path: Path) -> None:
    lib = library(
        tmp_path, {"extra.md": "---\nid: extra\ntitle: Extra\n---\nContact: {{ charter.contact }}\n"}
    )
    with pytest.raises(TemplateError, match=r"extra.md, line 5: prints a value that is empty"):
        render(parse_answers(MINIMAL), lib)


def test_custom_clause_overrides_adds_and_is_excluded(tmp_path: Path) -> None:
    lib = library(
        tmp_path,
        {
            "purpose.md": "---\nid: purpose\ntitle: Our purpose\norder: 10\n---\nWe say it our way.\n",
            "brand.md": "---\nid: brand\ntitle: Brand voice\norder: 45\nwhen: platforms\n---\nBe kind.\n",
        },
    )
    clauses = render(parse_answers(MINIMAL), lib, exclude=["respect"])
    assert clauses["purpose"] == "We say it our way."
    assert clauses["brand"] == "Be kind."
    assert "respect" not in clauses
    assert list(clauses).index("brand") == list(clauses).index("official_accounts") + 1
    with pytest.raises(AnswersError, match=r'no clause has the id "respekt"\. Did you mean "respect"'):
        render(parse_answers(MINIMAL), lib, exclude=["respekt"])


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{{ ''.__class__.__mro__ }}", "sandbox"),
        ("{{ label.__globals__ }}", "sandbox"),
        ("{{ platforms.append(1) }}", "sandbox"),
        ("{{ 'x' * 10000000 }}", "limited to 100000"),
        ("{{ 9 ** 999999 }}", "exponent"),
        ("{% include '/etc/passwd' %}", "/etc/passwd"),
        ("{% import 'os' as os %}", "os"),
    ],
)
def test_the_sandbox_refuses_harmful_templates(tmp_path: Path, body: str, expected: str) -> None:
    lib = library(tmp_path, {"evil.md": f"---\nid: evil\ntitle: Evil\n---\n{body}\n"})
    with pytest.raises(TemplateError) as caught:
        render(parse_answers(MINIMAL), lib)
    assert "evil.md" in str(caught.value) and expected in str(caught.value)


def test_a_template_that_runs_for_ever_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("charter.limits.RENDER_SECONDS", 0.5)
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    lib = library(tmp_path, {"slow.md": f"---\nid: slow\ntitle: Slow\n---\n{loop}\n"})
    with pytest.raises(TemplateError, match=r"slow.md: rendering was stopped after 0.5 seconds"):
        render(parse_answers(MINIMAL), lib)


def test_a_template_that_fills_memory_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("charter.limits.RENDER_MEMORY", 200 << 20)
    grow = "{% set ns = namespace(x='ab') %}{% for i in range(64) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}"
    lib = library(tmp_path, {"big.md": f"---\nid: big\ntitle: Big\n---\n{grow}{{{{ ns.x|length }}}}\n"})
    with pytest.raises(TemplateError, match=r"big.md, line 5: used more memory than a clause may"):
        render(parse_answers(MINIMAL), lib)


def test_markup_errors_in_rendered_clauses_name_the_file(tmp_path: Path) -> None:
    lib = library(tmp_path, {"bad.md": "---\nid: bad\ntitle: Bad\n---\nText\n\n# Title\n"})
    with pytest.raises(TemplateError, match=r"bad.md, near line 7: .*level-1 heading"):
        render(parse_answers(MINIMAL), lib)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("title: No id", "needs an `id`"),
        ("id: Bad-Id\ntitle: T", "must be lowercase letters"),
        ("id: x\ntitel: T", 'Did you mean "title"'),
        ("id: x\ntitle: T\npart: appendix", "part must be one of article, annex"),
        ("id: x\ntitle: T\nwhen: 'governance.('", "not a valid expression"),
        ("id: x\ntitle: T\nwhen: governance.moderatoin", 'Did you mean "moderation"'),
    ],
)
def test_bad_front_matter_is_named(tmp_path: Path, front: str, expected: str) -> None:
    lib = library(tmp_path, {"x.md": f"---\n{front}\n---\nBody\n"})
    with pytest.raises(TemplateError) as caught:
        render(parse_answers(MINIMAL), lib)
    assert "x.md, line" in str(caught.value) and expected in str(caught.value)


def test_a_file_named_unlike_its_id_is_fine_for_check_and_render(tmp_path: Path) -> None:
    """An id comes from the front matter; a file's name is its author's choice."""
    from charter.clauses.library import check_library

    lib = library(tmp_path, {"our-purpose.md": "---\nid: purpose\ntitle: Ours\norder: 10\n---\nOurs.\n"})
    assert check_library(templates=lib) == []
    assert render(parse_answers(MINIMAL), lib)["purpose"] == "Ours."


def test_two_files_with_one_id_are_refused_by_check_and_render(tmp_path: Path) -> None:
    from charter.clauses.library import check_library

    lib = library(
        tmp_path,
        {"a.md": "---\nid: brand\ntitle: A\n---\nA.\n", "b.md": "---\nid: brand\ntitle: B\n---\nB.\n"},
    )
    needle = f"{lib / 'en' / 'b.md'}: duplicate id `brand`, already used by {lib / 'en' / 'a.md'}."
    assert [str(p) for p in check_library(templates=lib)] == [needle]
    with pytest.raises(TemplateError, match="duplicate id `brand`"):
        render(parse_answers(MINIMAL), lib)


def test_conditions_are_kept_compiled_between_runs_and_stay_sandboxed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clause's `when` is compiled once, then loaded from the private cache: loaded code gives the
    same answer, still runs in the bounded sandbox, and an edited condition is compiled afresh."""
    from charter.clauses.cache import safe_cache
    from charter.model import conditions

    cache = safe_cache(tmp_path)
    grow = "'x' * width > 'w'"
    assert conditions.compile_condition(grow, cache)(width=3) is True
    assert conditions.compile_condition("platforms | length > 1", cache)(platforms=[1, 2]) is True
    assert len(list(tmp_path.glob("__jinja2_*.cache"))) == 2

    conditions.compile_condition.cache_clear()  # a new process: only the folder remembers
    monkeypatch.setattr(conditions, "_as_template", lambda *args: pytest.fail("compiled again"))
    loaded = conditions.compile_condition(grow, cache)
    assert loaded(width=3) is True and loaded(width=0) is False
    import jinja2

    with pytest.raises(jinja2.exceptions.SecurityError, match="limited to 100000"):
        loaded(width=10_000_000)

    monkeypatch.undo()
    conditions.compile_condition.cache_clear()
    assert conditions.compile_condition("platforms | length > 2", cache)(platforms=[1, 2]) is False
    with pytest.raises(jinja2.TemplateSyntaxError):
        conditions.compile_condition("governance.(", cache)
    assert len(list(tmp_path.glob("__jinja2_*.cache"))) == 3, "nothing is kept of a broken condition"


def test_conditions_share_one_scope_and_see_what_a_call_sees() -> None:
    """Many conditions are evaluated in one scope built once per charter: each sees Jinja's globals
    and the answers over them, as a call with the answers does, and none can change the scope."""
    import jinja2

    from charter.model.conditions import compile_condition, condition_scope

    answers = {"platforms": ["x", "linkedin"], "range": "the answers win over a global of that name"}
    scope = condition_scope(answers)
    before = dict(scope)
    cases = {
        "platforms | length > 1": True,
        "'linkedin' in platforms": True,
        "range is string": True,  # the answers' own value, as in compile_condition(...)(**answers)
        "dict(a=1).a == 1": True,  # a Jinja global
        "platforms.append('y') or true": jinja2.exceptions.SecurityError,  # the immutable sandbox
        "missing_name > 1": jinja2.exceptions.UndefinedError,
    }
    for expression, expected in cases.items():
        condition = compile_condition(expression)
        if isinstance(expected, bool):
            assert condition.evaluate(scope) is expected, expression
            assert condition(**answers) is expected, expression
        else:
            with pytest.raises(expected):
                condition.evaluate(scope)
    assert scope == before and answers["platforms"] == ["x", "linkedin"]


def test_dotted_names_read_a_mapping_as_the_sandbox_does() -> None:
    """`a.b` on a mapping looks the key up at once (the sandbox's own getattr tries an attribute
    first): the same value for every name, a dict's own methods still winning over a key of theirs,
    and no attribute of a mapping the sandbox forbids becoming reachable."""
    import jinja2

    from charter.model.conditions import compile_condition

    data = {"name": "Acme", "items": "a key named like a method", "__class__": "a key", "mro": 1}
    assert compile_condition("m.name")(m=data) == "Acme"
    assert compile_condition("m.items is callable")(m=data) is True, "Jinja's order: the method first"
    assert compile_condition("m.mro")(m=data) == 1
    assert compile_condition("m['items']")(m=data) == "a key named like a method"
    assert compile_condition("m.__class__ is string")(m=data) is False, "never the key, nor the class"
    with pytest.raises(jinja2.exceptions.UndefinedError):
        compile_condition("m.absent == 1")(m=data)
    with pytest.raises(jinja2.exceptions.SecurityError):
        compile_condition("m.update(name='x')")(m=data)
    assert data["name"] == "Acme"


def test_front_matter_kept_between_runs_keeps_its_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A clause's front matter, parsed once, is read back in the next run with the line of each key:
    a condition that fails later is still reported at its own line."""
    from charter import resources
    from charter.clauses import files

    monkeypatch.setenv("CHARTER_CACHE_DIR", str(tmp_path / "cache"))
    text = (
        "---\nid: brand\ntitle: Brand voice\n\norder: 45\nwhen: platforms\nreferences:\n"
        "  - {when: organisation.jurisdiction == 'US', ids: [us_ftc_255]}\n  - fr_loi_2023_451\n"
        "---\nBe kind.\n"
    )
    path = tmp_path / "brand.md"
    files._parse_clause.cache_clear()
    parsed, problems = files._parse_clause(str(path), False, text)
    assert parsed is not None and not problems
    assert parsed.when_line == 6 and [c.line for c in parsed.references] == [8, 9]

    files._parse_clause.cache_clear()  # a new run: only the private cache remembers
    monkeypatch.setattr(resources, "load_strict_yaml", lambda *a, **k: pytest.fail("parsed again"))
    assert files._parse_clause(str(path), False, text) == (parsed, ())
    files._parse_clause.cache_clear()
