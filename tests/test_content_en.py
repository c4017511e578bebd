"""What the English charters say, per combination: the phrases each must hold and must never hold, in one place.

One row per combination (jurisdiction, sector, a few answers): what must appear and what must never appear
in the whole charter. Then the points that hold for every English charter: nothing invented, names and
lists that read correctly, the acknowledgement, rules said once, cross-references, dated facts and the
legal-references annex. The helpers come from test_content.py (a rich base of answers, rendered clauses).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from test_content import _cited, make_answers, rendered, whole

from charter.clauses.files import load_library
from charter.clauses.references import load_references
from charter.clauses.render import Renderer
from charter.limits import bounded


def en(jurisdiction: str, sector: str = "private", **keys: Any) -> dict[str, str]:
    return rendered(
        make_answers("en", organisation__jurisdiction=jurisdiction, organisation__sector=sector, **keys)
    )


# ------------------------------------------------------------------ what no English charter says

# French concepts and word-for-word translations (issue 7), in any English charter.
NEVER_IN_ENGLISH = [
    "usage charter",
    "Notoriety",
    "E-reputation",
    "is present on social media",
    "medical secrecy",
    "the communication team",
    "I have read and accept",
    "Rubrique",
    "À compléter",
    "To be completed by",
    "disparaging",
    "| None",
    "..",
]
# ... and, outside French law, the French legal forms.
NEVER_OUTSIDE_FRANCE = [
    "IT charter",
    "internal rules",
    "règlement intérieur",
    "scale of sanctions",
    "rights of defence",
    "reasoned and notified",
    "CSE",
    "Labour Code",
    "L1121-1",
]
BRITISH_ONLY = ["organization", "program ", "license ", "defense", "trademarks", "authorized", "at-will"]
AMERICAN_ONLY = ["organisation", "programme", "licence", "defence", "trade mark", "authorised", "recognised"]

US_PRIVATE_MUST = [
    "Section 7 of the National Labor Relations Act (29 USC 157)",
    "wages, hours and all other terms and conditions of employment with co-workers",
    "Stericycle, 372 NLRB No. 113 (2023)",
    "consistently with the law in force",
    "Examples of what employees remain free to do",
    "their own and their co-workers' pay",
    "not a contract of employment",
    "at-will nature of employment",
    "Defend Trade Secrets Act (18 USC 1833(b))",
    "is not confidential information under this policy",
    "California Labor Code section 980",
    "New York Labor Law section 201-d",
    "PhoneDog v. Kravitz (N.D. Cal. 2011; settled 2012)",
    "organization",
    "March 1, 2027",
]
US_NEVER = [
    *NEVER_OUTSIDE_FRANCE,
    *AMERICAN_ONLY,
    "their own pay",
    "insults",
    "recordings of colleagues",
    "posts from internal channels",
    "information about colleagues",
    "1 March 2027",
    "2024/1689",
    "duty of restraint",
    "employees's",
]
UK_MUST = [
    "Part IVA of the Employment Rights Act 1996",
    "Investigatory Powers (Interception by Businesses etc. for Monitoring and Record-keeping Purposes) Regulations 2018",
    "Acas Code of Practice on disciplinary and grievance procedures",
    "does not form part of any employee's contract of employment",
    "Equality Act 2010, section 109",
    "section 40A",
    "staff handbook",
    "organisation",
    "1 March 2027",
    "This labelling is a rule of Acme",
]
UK_NEVER = [
    *NEVER_OUTSIDE_FRANCE,
    *BRITISH_ONLY,
    "National Labor Relations",
    "Human Rights Act",
    "2024/1689",
    "duty of restraint",
]

# (jurisdiction, sector, extra answers) -> (must appear, must never appear)
CASES: list[tuple[str, str, dict[str, Any], list[str], list[str]]] = [
    (
        "UK",
        "private",
        {"governance__charter_form": "internal_rules"},
        [*UK_MUST, "Whitmar Publications v Gamage [2013] EWHC 1881 (Ch)"],
        UK_NEVER,
    ),
    (
        "UK",
        "public",
        {"governance__charter_form": "internal_rules"},
        [*UK_MUST, "Human Rights Act 1998", "(article 8)", "(article 10)", "As a public authority"],
        [x for x in UK_NEVER if x != "Human Rights Act"] + ["duty of restraint", "public servants"],
    ),
    (
        "UK",
        "health",
        {"governance__charter_form": "internal_rules"},
        [
            *UK_MUST,
            "common law duty of confidence, the UK GDPR and the Data Protection Act 2018",
            "Caldicott principles",
            "General Medical Council",
            "Nursing and Midwifery Council",
        ],
        [*UK_NEVER, "health care secrecy"],
    ),
    (
        "UK",
        "finance",
        {"governance__charter_form": "internal_rules"},
        [
            *UK_MUST,
            "section 21 of the Financial Services and Markets Act 2000",
            "FG24/1",
            "UK Market Abuse Regulation",
        ],
        UK_NEVER,
    ),
    (
        "UK",
        "nonprofit",
        {"governance__charter_form": "internal_rules", "organisation__volunteers": True},
        [
            *UK_MUST,
            "Charity Commission",
            "CC9",
            "trustees",
            "volunteers",
            "supporters, donors",
            "Speaking out: guidance on campaigning and political activity by charities",
        ],
        [*UK_NEVER, "customers"],
    ),
    (
        "UK",
        "nonprofit",
        {"organisation__volunteers": True, "objectives": ["prospecting", "notoriety"]},
        [
            "in the name of Acme or one of its campaigns, projects or local branches",
            "its campaigns and its work",
            "a donation reference",
            "clears for organisations' accounts",
            "internal information that has not been published",
            "budgets, funding bids",
            "Other organisations' trade marks",
            "for another organisation",
            "Name, logo and visual identity",
            "partners, other organisations or public figures",
            "everyone who works or volunteers for Acme",
            "Volunteers are not subject to the disciplinary procedure",
            "if I volunteer for Acme, that it creates no contract between Acme and me",
            "New supporters",
            "do not necessarily reflect those of Acme.",
            "they say that they work or volunteer for it",
            '"I volunteer for Acme" or a hashtag such as #employee or #volunteer',
            "promotional content",
        ],
        [
            "one of its brands, sites or departments",
            "its brands, its products and services",
            "Competitors'",
            "competitor",
            "an order number",
            "commercial value",
            "trade secrets:",
            "business accounts",
            "licensed for commercial use",
            "does not form part of my contract of employment",
            "Brand assets",
            "Brand or product pages",
            "Lead generation",
            "new customers",
            "those of my employer",
            "recommend the organisation's services",
            "commercial content",
        ],
    ),
    (
        "UK",
        "nonprofit",
        {"platforms": ["facebook", "instagram"], "enterprise_networks": []},
        ["On official accounts and on personal accounts when they are linked to work"],
        ["Hays Specialist Recruitment", "such as LinkedIn", "internal network", "Internal network"],
    ),
    (
        "UK",
        "nonprofit",
        {
            "platforms": [{"id": "facebook", "owner": "Communications Officer"}],
            "governance__dedicated_team": False,
            "governance__team_name": None,
            "governance__approval": "sensitive_only",
            "charter__owner": "Chief Executive",
        },
        [
            "the policy owner (Chief Executive) decides which accounts exist and who owns and runs each of them",
            "Facebook | — | Communications Officer | Sensitive topics approved by someone other than the author",
            "approved before publication by someone other than their author",
            "the policy owner (Chief Executive) when the owner of the account writes it",
        ],
        [
            "All official accounts are run by",
            "approved before publication by the owner of the account",
            "volunteer",
        ],
    ),
    (
        "UK",
        "public",
        {"governance__approval": "every_post"},
        [
            "one of its services or departments",
            "its services and projects",
            "a case reference",
            "by someone other than its author",
            "another member of Comms when the owner of the account writes it",
        ],
        ["its brands", "an order number", "Competitors'", "trade secrets:", "business accounts"],
    ),
    ("US", "private", {}, US_PRIVATE_MUST, US_NEVER),
    (
        "US",
        "private",
        {
            "platforms": [{"id": "youtube", "account": "@acme"}],
            "governance__dedicated_team": False,
            "governance__team_name": None,
            "charter__owner": "Vice President, People",
        },
        ["(owner: the policy owner, Vice President, People)", "a parent or legal guardian"],
        ["(owner: the policy owner (", "parental responsibility"],
    ),
    (
        "UK",
        "health",
        {"governance__approval": "every_post", "governance__legal_review": True},
        [
            "one of its sites, services or departments",
            "politics or anything touching on patients, are also reviewed by the legal team",
            "Health data is never asked for through social media",
            "the Information Commissioner's Office and the people concerned",
            "race, colour, nationality or ethnic or national origin",
        ],
        [
            "one of its brands",
            "politics or health, are",
            "never collected or processed through social media",
            "notify the data protection authority",
        ],
    ),
    (
        "US",
        "public",
        {},
        ["This policy is not a contract", "organization", "Examples of what staff remain free to do"],
        [*US_NEVER, "National Labor Relations", "at-will", "First Amendment", "duty of restraint"],
    ),
    (
        "US",
        "finance",
        {},
        [*US_PRIVATE_MUST, "FINRA Rule 2210", "Regulatory Notice 17-18", "SEC Rule 17a-4"],
        US_NEVER,
    ),
    (
        "US",
        "health",
        {},
        [*US_PRIVATE_MUST, "HIPAA Privacy Rule (45 CFR Part 164)", "protected health information"],
        US_NEVER,
    ),
    (
        "US",
        "nonprofit",
        {"organisation__volunteers": True},
        [
            *US_PRIVATE_MUST,
            "board members",
            "volunteers",
            "If I am a volunteer, I understand that it creates no contract",
        ],
        [*US_NEVER, "trustees"],
    ),
    (
        "FR",
        "private",
        {"governance__charter_form": "internal_rules"},
        [
            "article L1121-1",
            "règlement intérieur",
            "article L1321-4",
            "social and economic committee (CSE)",
            "organisation",
            "article L1221-6 of the Labour Code",
            "Regulation (EU) 2024/1689",
        ],
        ["National Labor Relations", "Equality Act", "organization", "medical secrecy", "duty of restraint"],
    ),
    (
        "FR",
        "public",
        {"organisation__public_service": "territoriale", "governance__charter_form": "internal_rules"},
        [
            "Code général de la fonction publique",
            "comité social territorial",
            "article L52-1",
            "legal persons other than political parties",
            "four groups",
            "case law of the Conseil d'État",
            "duty of restraint (obligation de réserve)",
        ],
        [
            "filed with the registry",
            "L1311-2",
            "L1321",
            "scale of sanctions",
            "L1121-1",
            "L2312-38",
            "medical secrecy",
        ],
    ),
    (
        "FR",
        "health",
        {},
        ["article L1110-4 of the Public Health Code", "Ordre des médecins"],
        ["medical secrecy", "HIPAA", "General Medical Council"],
    ),
    (
        "other",
        "private",
        {"governance__charter_form": "internal_rules"},
        [
            "qualified in the applicable law",
            "organisation",
            "staff handbook",
            "does not form part of any contract",
        ],
        [
            *NEVER_OUTSIDE_FRANCE,
            *BRITISH_ONLY,
            "Equality Act",
            "National Labor Relations",
            "Employment Rights Act",
        ],
    ),
    (
        "other",
        "health",
        {},
        ["patient confidentiality", "qualified in the applicable law"],
        [*NEVER_OUTSIDE_FRANCE, "HIPAA", "General Medical Council", "Caldicott"],
    ),
]


@pytest.mark.parametrize(
    ("jurisdiction", "sector", "keys", "present", "absent"),
    CASES,
    ids=[f"{c[0]}-{c[1]}" for c in CASES],
)
def test_each_combination_says_what_it_must_and_never_what_it_must_not(
    jurisdiction: str, sector: str, keys: dict[str, Any], present: list[str], absent: list[str]
) -> None:
    text = whole(en(jurisdiction, sector, **keys))
    for phrase in present:
        assert phrase in text, (jurisdiction, sector, phrase)
    for phrase in [*NEVER_IN_ENGLISH, *absent]:
        assert phrase not in text, (jurisdiction, sector, phrase)


@pytest.mark.parametrize("jurisdiction", ["UK", "US", "FR", "other"])
@pytest.mark.parametrize("form", ["guide", "it_charter_annex", "internal_rules"])
def test_no_english_charter_reads_as_a_translation(jurisdiction: str, form: str) -> None:
    text = whole(en(jurisdiction, governance__charter_form=form, governance__dedicated_team=False))
    for phrase in NEVER_IN_ENGLISH:
        assert phrase not in text, (jurisdiction, form, phrase)
    if jurisdiction != "FR":
        for phrase in NEVER_OUTSIDE_FRANCE:
            assert phrase not in text, (jurisdiction, form, phrase)
    if jurisdiction in ("UK", "other"):
        assert "IT acceptable use policy" in text or form != "it_charter_annex"
    words = re.findall(r"[A-Za-z]+", text)
    spelling = (
        AMERICAN_ONLY if jurisdiction == "US" else ["organization", "authorized", "defense", "trademarks"]
    )
    for word in spelling:
        assert word not in words, (jurisdiction, word)


# ------------------------------------------------------------------ nothing invented


def test_without_a_dedicated_team_no_team_is_named() -> None:
    clauses = en(
        "UK", governance__dedicated_team=False, governance__team_name=None, charter__owner="Head of People"
    )
    text = whole(clauses)
    assert "the communication team" not in text and "communication team" not in text.lower()
    assert "the policy owner (Head of People)" in text
    assert "Policy owner (Head of People)" in clauses["responsibility_matrix"]


@pytest.mark.parametrize(
    ("approval", "legal", "rule"),
    [
        ("none", False, "No prior approval"),
        ("sensitive_only", False, "Sensitive topics approved by someone other than the author"),
        (
            "sensitive_only",
            True,
            "Sensitive topics approved by someone other than the author; also reviewed by the legal team",
        ),
        (
            "every_post",
            True,
            "Every post approved by someone other than its author; sensitive topics also by the legal team",
        ),
    ],
)
def test_the_matrix_says_the_approval_rule_in_words(approval: str, legal: bool, rule: str) -> None:
    matrix = en("UK", governance__approval=approval, governance__legal_review=legal)["responsibility_matrix"]
    assert f"| {rule}" in matrix
    assert "| None" not in matrix


# ------------------------------------------------------------------ names, roles and lists


def test_a_name_ending_in_a_full_stop_never_gets_a_second_one() -> None:
    text = whole(en("US", organisation__name="Bright Owl Labs, Inc.", enterprise_networks=["slack"]))
    assert "Bright Owl Labs, Inc." in text
    assert "Inc.." not in text


def test_roles_with_commas_stay_whole() -> None:
    roles = ["Chief Executive", "Director of Nursing, Quality and Patient Safety", "Medical Director"]
    clauses = en("UK", "health", governance__spokespeople=roles, charter__owner=roles[1])
    lines = clauses["spokespeople"].splitlines()
    assert "Director of Nursing, Quality and Patient Safety;" in lines
    assert "Medical Director." in lines
    assert "policy owner (Director of Nursing, Quality and Patient Safety)" in clauses["crisis"]


# ------------------------------------------------------------------ the acknowledgement


@pytest.mark.parametrize(
    ("jurisdiction", "form", "present", "absent"),
    [
        (
            "UK",
            "guide",
            ["I confirm that I have received and read", "and that I understand it."],
            ["applies to me"],
        ),
        ("UK", "it_charter_annex", ["forms part of the IT acceptable use policy"], ["IT charter"]),
        ("UK", "internal_rules", ["does not form part of my contract of employment"], []),
        (
            "US",
            "internal_rules",
            ["does not change the at-will nature of my employment", "February 15, 2027"],
            [],
        ),
        ("FR", "internal_rules", ["addition to the internal rules (règlement intérieur)"], []),
    ],
)
def test_the_acknowledgement_follows_the_charters_form(
    jurisdiction: str, form: str, present: list[str], absent: list[str]
) -> None:
    form_text = en(jurisdiction, governance__charter_form=form, charter__effective_date=date(2027, 2, 15))[
        "acknowledgement"
    ]
    for phrase in present:
        assert phrase in form_text, phrase
    for phrase in [*absent, "I accept", "accept the", "Item |", "To be completed"]:
        assert phrase not in form_text, phrase
    assert "Name | Role | Date | Signature" in form_text.splitlines()


# ------------------------------------------------------------------ said once, referred to by number


@pytest.mark.parametrize("jurisdiction", ["UK", "US", "FR", "other"])
def test_a_rule_is_said_once(jurisdiction: str) -> None:
    clauses = en(jurisdiction, enterprise_networks=["teams", "slack"], governance__monitoring=True)
    body = whole({k: v for k, v in clauses.items() if k != "legal_references"})
    assert body.count("at least two, so that access is never lost") == 1
    assert body.count("outside their working hours") == 1
    assert body.count("Investigatory Powers") == (1 if jurisdiction == "UK" else 0)
    assert body.count("Section 7 of the National Labor Relations Act (29 USC 157)") == (jurisdiction == "US")
    consulted = len(
        re.findall(r"(staff representatives|social and economic committee \(CSE\)) (are|is) consulted", body)
    )
    assert consulted <= 1


def _targets() -> set[str]:
    found = set()
    for clause in load_library("en").values():
        found.update(re.findall(r"article\(\"([a-z_]+)\"\)", clause.source))
    return found


def test_english_clauses_refer_to_articles_by_number() -> None:
    assert {"legal_frame", "sanctions", "spokespeople"} <= _targets()
    ans = make_answers("en", organisation__jurisdiction="US", enterprise_networks=["slack", "workplace"])
    renderer = Renderer(load_library("en"), ans)
    with bounded():
        items = renderer.render_all()
    articles = [item.clause.id for item in items if item.clause.part == "article"]
    article = renderer.context["article"]
    for target in _targets() & set(articles):
        assert article(target) == str(articles.index(target) + 1)
    text = whole(rendered(ans))
    assert f"(see article {articles.index('legal_frame') + 1})" in text
    assert 'the article "' not in text


@pytest.mark.parametrize("target", sorted(_targets()))
def test_every_english_cross_reference_survives_its_target_left_out(target: str) -> None:
    for jurisdiction in ("UK", "US", "FR", "other"):
        ans = make_answers(
            "en", organisation__jurisdiction=jurisdiction, enterprise_networks=["teams", "workplace"]
        )
        clauses = rendered(ans, exclude=(target,))
        assert target not in clauses


# ------------------------------------------------------------------ dated facts

WORKPLACE = {
    # effective date: (must appear, must never appear)
    date(2025, 6, 1): (
        ["will end on 31 August 2025", "will be deleted from 1 June 2026", "At the latest on 31 May 2026"],
        ["ended on", "has been deleted"],
    ),
    date(2026, 1, 15): (
        ["ended on 31 August 2025", "can still be read and downloaded until 31 May 2026"],
        ["will end on", "has been deleted"],
    ),
    date(2027, 3, 1): (
        ["ended on 31 August 2025", "deleted since 1 June 2026", "can no longer be recovered"],
        ["will end", "At the latest on", "will be deleted", "before 31 May 2026"],
    ),
}


@pytest.mark.parametrize("effective", list(WORKPLACE))
def test_the_workplace_article_states_the_closure_as_it_stands(effective: date) -> None:
    text = en("UK", enterprise_networks=["teams", "workplace"], charter__effective_date=effective)[
        "workplace_migration"
    ]
    present, absent = WORKPLACE[effective]
    for phrase in present:
        assert phrase in text, (effective, phrase)
    for phrase in absent:
        assert phrase not in text, (effective, phrase)


def test_us_dates_are_written_the_american_way() -> None:
    clauses = en("US", enterprise_networks=["workplace"], charter__effective_date=date(2027, 2, 15))
    assert "February 15, 2027" in clauses["governance_and_review"]
    assert "deleted since June 1, 2026" in clauses["workplace_migration"]
    assert "15 February 2027" not in whole(clauses)


# ------------------------------------------------------------------ the legal-references annex


@pytest.mark.parametrize(
    "keys",
    [
        {"organisation__jurisdiction": "UK"},
        {"organisation__jurisdiction": "UK", "organisation__sector": "health"},
        {
            "organisation__jurisdiction": "UK",
            "organisation__sector": "public",
            "governance__advocacy": "none",
        },
        {"organisation__jurisdiction": "US"},
        {"organisation__jurisdiction": "US", "organisation__sector": "public"},
        {"organisation__jurisdiction": "FR"},
        {"organisation__jurisdiction": "other"},
        {"organisation__jurisdiction": "UK", "organisation__sector": "finance"},
        {"organisation__jurisdiction": "UK", "organisation__sector": "nonprofit"},
        {"organisation__jurisdiction": "UK", "platforms": ["facebook"]},
        {"organisation__jurisdiction": "US", "organisation__sector": "finance"},
        {"organisation__jurisdiction": "US", "organisation__sector": "health"},
        {"organisation__jurisdiction": "US", "governance__advocacy": "none"},
        {"organisation__jurisdiction": "FR", "organisation__sector": "finance"},
        {"organisation__jurisdiction": "FR", "organisation__sector": "health"},
        {
            "organisation__jurisdiction": "FR",
            "organisation__sector": "public",
            "organisation__public_service": "territoriale",
        },
        {"organisation__jurisdiction": "other", "organisation__sector": "nonprofit"},
    ],
)
def test_the_english_annex_holds_exactly_the_references_of_the_chosen_clauses(keys: dict[str, Any]) -> None:
    ans = make_answers("en", **keys)
    annex = rendered(ans)["legal_references"]
    listed, _ = _cited(ans)
    for ident, ref in load_references("en").items():
        assert (ref.text in annex) is (ident in listed), ident


def test_references_follow_the_text() -> None:
    uk_firm = rendered(make_answers("en", organisation__jurisdiction="UK"))["legal_references"]
    uk_health = rendered(make_answers("en", organisation__jurisdiction="UK", organisation__sector="health"))[
        "legal_references"
    ]
    assert "General Medical Council" in uk_health and "General Medical Council" not in uk_firm
    assert "Hays Specialist Recruitment" in uk_firm
    us_public = rendered(make_answers("en", organisation__jurisdiction="US", organisation__sector="public"))
    assert "National Labor Relations Act" not in whole(us_public)
    # Without advocacy the FTC's guides are still cited, by the article on sponsored content; with that
    # article left out too, they leave the annex.
    us_no_advocacy = make_answers("en", organisation__jurisdiction="US", governance__advocacy="none")
    no_advocacy = rendered(us_no_advocacy)
    assert "16 CFR Part 255" in no_advocacy["side_channels"]
    assert "16 CFR Part 255" in no_advocacy["legal_references"]
    neither = rendered(us_no_advocacy, exclude=("side_channels",))
    assert "16 CFR Part 255" not in neither["legal_references"]
    with_advocacy = rendered(make_answers("en", organisation__jurisdiction="US"))
    assert "16 CFR Part 255" not in with_advocacy["side_channels"]
