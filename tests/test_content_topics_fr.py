"""The French articles of issue 8, per jurisdiction and sector: what each must say and never say.

Articles: essentials (one page of rules, each pointing to its article), political_expression,
employer_use, generative_ai, side_channels, sector_rules (finance, health, charities) and leaving.

1. One row per combination: the answers (dotted keys over test_content.make_answers' rich base: FR,
   private, 250 people, works council, Facebook/LinkedIn/TikTok, Teams, advocacy, effective 1 March 2027),
   the article, the phrases it must hold and those it must never hold. Every phrase is looked for in that
   article's own text, and the article must be in the charter: each row fails if its article went missing.
2. What moved out of legal_frame, official_accounts, personal_accounts and confidentiality: said once,
   where it now lives, and pointed to by number.
3. The summary page: one line per rule of an article actually in the charter, with that article's number,
   and no line saying more than its article.
4. The annex and the text agree, both ways, for every reference these articles cite.
5. Form: no article with a lone sub-part ("9.1" alone), statute numbers held to their word by no-break spaces.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from test_content import _cited, assert_french, make_answers, rendered, whole

from charter.clauses.files import load_library
from charter.clauses.render import Renderer
from charter.limits import bounded

FR_PUBLIC = {"organisation__sector": "public", "organisation__public_service": "territoriale"}
UK = {"organisation__jurisdiction": "UK"}
US = {"organisation__jurisdiction": "US"}


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# ------------------------------------------------------------------------------ 1. the table

TOPICS = [
    # ------------------------------------------------------------------ political_expression
    (
        "FR private: in one's own name, the company's means never for a campaign (L. 52-8)",
        {},
        "political_expression",
        [
            "Les règles de l’article 8 sur l’expression en son nom propre valent aussi pour les sujets politiques",
            "ne sont jamais mis au service d’un parti, d’un candidat, d’une pétition ou d’une campagne",
            "ne servent à aucune campagne électorale ou militante.",
            "Aucun responsable ne sollicite les membres de son équipe",
            "Ces règles ne font obstacle ni au droit syndical ni aux missions des représentants du personnel.",
            "seuls les partis ou groupements politiques échappant à cette interdiction (article L. 52-8 du code électoral)",
        ],
        [
            "réserve",
            "agent",
            "L. 52-1",
            "Conseil d’État",
            "New York Labor Law",
            "CC9",
            "neutres",
            "sans laisser croire",
            "aucune campagne.",
        ],
    ),
    (
        "FR mairie: neutral accounts, duty of restraint (case law), L. 52-1 then L. 52-8",
        {**FR_PUBLIC, "governance__duty_of_restraint": True},
        "political_expression",
        [
            "ils restent neutres en toutes circonstances",
            "aucune conviction politique, religieuse ou philosophique",
            "Devoir de réserve",
            "Cette obligation n’est pas inscrite dans le code général de la fonction publique : elle résulte de la "
            "jurisprudence du Conseil d’État",
            "y compris sur ses comptes personnels",
            "du sixième mois précédant le mois d’une élection générale",
            "sur le territoire des collectivités intéressées par le scrutin (article L. 52-1, deuxième alinéa",
            "ni le logo de la collectivité",
            "Les moyens de la collectivité, comptes officiels compris",
            "(article L. 52-1, deuxième alinéa, du code électoral)",
            "les personnes morales autres que les partis ou groupements politiques",
            "(article L. 52-8 du même code)",
        ],
        [
            "salarié",
            "code du travail",
            "Personne morale, l’organisation",
            "Human Rights Act",
            "aucun article de code",
            "sur son territoire",
            "l’organisation",
        ],
    ),
    (
        "FR State service: L. 52-8 in full, no pre-election rule for local authorities",
        {"organisation__sector": "public", "organisation__public_service": "etat"},
        "political_expression",
        ["(article L. 52-8 du code électoral)", "Devoir de réserve"],
        ["L. 52-1", "collectivité", "du même code"],
    ),
    (
        "FR public, no reminder of the duty of restraint",
        {**FR_PUBLIC, "governance__duty_of_restraint": False},
        "political_expression",
        ["ils restent neutres en toutes circonstances", "L. 52-1"],
        ["réserve", "Conseil d’État"],
    ),
    (
        "UK public body: restraint in plain words, Human Rights Act article 10, no French law",
        {**UK, "organisation__sector": "public"},
        "political_expression",
        [
            "Mesure dans l’expression publique",
            "Human Rights Act 1998, annexe 1, article 10",
            "À l’approche d’une élection",
        ],
        ["Devoir de réserve", "Conseil d’État", "code électoral", "L. 52"],
    ),
    (
        "UK charity with volunteers: CC9, no party politics",
        {**UK, "organisation__sector": "nonprofit", "organisation__volunteers": True},
        "political_expression",
        [
            "Charity Commission, CC9, « Speaking out »",
            "jamais une activité politique partisane",
            "ne soutient ni ne finance aucun parti ni aucun candidat",
            "Les publications d’un salarié ou d’un bénévole",
            "L’organisation peut défendre publiquement les causes qui relèvent de son objet",
        ],
        ["code électoral", "New York"],
    ),
    (
        "UK charity without volunteers: no volunteers named",
        {**UK, "organisation__sector": "nonprofit", "organisation__volunteers": False},
        "political_expression",
        ["CC9"],
        ["bénévole"],
    ),
    (
        "US firm: state laws on off-duty political activity, NLRA section 7 untouched",
        US,
        "political_expression",
        [
            "New York Labor Law, section 201-d",
            "California Labor Code, sections 1101 et 1102",
            "elle ne prend aucune mesure contre un salarié en raison d’une telle activité",
            "restent protégés par la section 7 du National Labor Relations Act (voir l’article 4)",
        ],
        ["code électoral", "réserve", "CC9"],
    ),
    (
        "US public body: neutrality, no NLRA, no private-employer state laws",
        {**US, "organisation__sector": "public"},
        "political_expression",
        ["ils restent neutres en toutes circonstances"],
        ["National Labor Relations Act", "201-d", "1101", "code électoral"],
    ),
    # ------------------------------------------------------------------------- employer_use
    (
        "FR private employer: L. 1221-6, L. 1221-8, L. 1221-9, CNIL; no password, no pressure from managers",
        {},
        "employer_use",
        [
            "(article L. 1221-6 du code du travail)",
            "(article L. 1221-8)",
            "(article L. 1221-9)",
            "recommandations de la CNIL relatives au recrutement",
            "ses identifiants ou son mot de passe",
            "Un refus n’a aucune conséquence.",
            "un responsable ne sollicite pas les membres de son équipe",
            "n’est utilisé ni pour l’évaluer ni pour décider de ses missions ; il ne peut fonder une suite que s’il "
            "révèle un danger pour une personne ou un manquement aux articles",
            "ne sont jamais exprimés sur un réseau social public ni dans un espace collectif d’un réseau interne.",
            "dont les accès relèvent de l’article 18",
        ],
        [
            "concours",
            "Fair Credit Reporting Act",
            "section 980",
            "UK GDPR",
            "agent",
            "procédure disciplinaire",
            "faits de harcèlement est signalé",
        ],
    ),
    (
        "FR public employer: agents and competitive examinations, no Code du travail",
        FR_PUBLIC,
        "employer_use",
        [
            "Lorsqu’un concours est organisé, aucune recherche n’est faite sur la présence en ligne",
            "recommandations de la CNIL relatives au recrutement",
            "une décision qui concerne un agent",
            "Comme employeur, la collectivité croise",
            "La collectivité ne demande jamais à un candidat ni à un agent ses identifiants",
            "Supérieurs hiérarchiques et agents",
            "un supérieur hiérarchique ne sollicite pas les agents placés sous son autorité",
            "Ce qu’un supérieur hiérarchique voit de la vie d’un agent placé sous son autorité",
        ],
        [
            "code du travail",
            "L. 1221",
            "salarié",
            "responsable",
            "membre du personnel",
            "membres de son équipe",
            "l’organisation",
        ],
    ),
    (
        "FR State service and public hospital: the administration, the establishment (he)",
        {"organisation__sector": "public", "organisation__public_service": "hospitaliere"},
        "employer_use",
        [
            "Comme employeur, l’établissement croise sur les réseaux sociaux les personnes qu’il recrute et celles qui "
            "travaillent pour lui. Le présent article fixe les limites qu’il s’impose"
        ],
        ["qu’elle", "l’organisation"],
    ),
    (
        "FR State service: the administration",
        {"organisation__sector": "public", "organisation__public_service": "etat"},
        "employer_use",
        ["Comme employeur, l’administration croise", "L’administration ne demande jamais"],
        ["l’organisation", "collectivité"],
    ),
    (
        "FR firm without internal networks: what a manager must not say, on public networks",
        {"enterprise_networks": []},
        "employer_use",
        ["ne sont jamais exprimés sur un réseau social public."],
        ["réseau interne"],
    ),
    (
        "UK employer: UK GDPR and the ICO's recruitment guidance",
        UK,
        "employer_use",
        [
            "UK GDPR et au Data Protection Act 2018",
            "Information Commissioner’s Office sur les pratiques d’emploi",
        ],
        ["L. 1221", "CNIL", "Fair Credit", "section 980"],
    ),
    (
        "US employer: FCRA for third-party screening, state password laws",
        US,
        "employer_use",
        [
            "elle respecte le Fair Credit Reporting Act",
            "environ la moitié des États interdisent expressément ces demandes",
            "California Labor Code, section 980",
            "n’est pas celle qui décide du recrutement",
        ],
        ["L. 1221", "CNIL", "UK GDPR"],
    ),
    (
        "other jurisdiction: the rules without any national text",
        {"organisation__jurisdiction": "other"},
        "employer_use",
        ["ses identifiants ou son mot de passe", "dans le respect du droit applicable"],
        ["L. 1221", "CNIL", "Fair Credit", "UK GDPR", "section 980"],
    ),
    # ------------------------------------------------------------------------ generative_ai
    (
        "FR, the day before the AI Act's article 50 applies: to come",
        {"charter__effective_date": date(2026, 8, 1)},
        "generative_ai",
        [
            "Ces règles anticipent les obligations de transparence du règlement (UE) 2024/1689",
            "dont l’article 50 s’appliquera à partir du 2 août 2026",
            "est relu et vérifié par une personne avant sa mise en ligne",
            "La personne qui publie répond du contenu",
            "outil d’intelligence artificielle ouvert au public",
            "hypertrucage (deepfake)",
            "Hors publication officielle validée selon l’article 6 avec l’accord écrit de la personne représentée, "
            "nul ne crée ni ne diffuse un hypertrucage",
            "il est traité comme une crise, selon l’article 16",
        ],
        ["applicable", "mettent en œuvre", "Nul ne crée"],
    ),
    (
        "FR, from the day article 50 applies: in force",
        {"charter__effective_date": date(2026, 8, 2)},
        "generative_ai",
        ["Ces règles mettent en œuvre", "dont l’article 50 s’applique depuis le 2 août 2026"],
        ["à partir du 2 août 2026", "anticipent", "applicable"],
    ),
    (
        "UK: labelling is the organisation's own rule, no EU regulation",
        UK,
        "generative_ai",
        ["Cette règle est propre à l’organisation", "n’est publié qu’accompagné d’une mention"],
        ["2024/1689", "2 août 2026", "règlement (UE)"],
    ),
    (
        "US: labelling is the organisation's own rule, no EU regulation",
        US,
        "generative_ai",
        ["Cette règle est propre à l’organisation"],
        ["2024/1689", "règlement (UE)"],
    ),
    (
        "FR without a crisis contact: a deepfake goes to the team, no crisis article",
        {"governance__crisis_contact": None},
        "generative_ai",
        ["le signale immédiatement à l’équipe responsable"],
        ["traité comme une crise", "crisis@"],
    ),
    (
        "FR public: usagers, not clients",
        FR_PUBLIC,
        "generative_ai",
        [
            "concernant des usagers ou des collègues",
            "un collègue, un usager, un élu ou un responsable de la collectivité",
            "Seuls les outils autorisés par la collectivité",
            "sous la responsabilité éditoriale de la collectivité",
        ],
        ["client", "l’organisation"],
    ),
    (
        "FR without official accounts: no official publication, so no exception for deepfakes",
        {"platforms": [], "governance__advocacy": "none"},
        "generative_ai",
        ["Nul ne crée ni ne diffuse un hypertrucage"],
        ["Hors publication officielle", "accord écrit"],
    ),
    # ------------------------------------------------------------------------ side_channels
    (
        "FR with advocacy: the rule on commercial influence is the advocacy article's, by number",
        {"governance__advocacy": "voluntary"},
        "side_channels",
        [
            "blog, chaîne vidéo, podcast, lettre d’information",
            "son auteur en informe son responsable hiérarchique",
            "n’est pas une demande d’autorisation",
            "signale clairement son intention commerciale : la règle sur l’influence commerciale rappelée à "
            "l’article 20 vaut pour toute offre",
            "Nul ne publie d’avis fictif",
            "Conflits d’intérêts",
        ],
        ["2023-451", "Publicité", "règles de transparence"],
    ),
    (
        "UK with advocacy: the advocacy article holds no advertising rule, so none is pointed to",
        {**UK, "governance__advocacy": "voluntary"},
        "side_channels",
        ["reconnaissable comme telle"],
        ["règles de transparence", "rappelée à l’article", "rappelés à l’article", "en outre"],
    ),
    (
        "US with advocacy: the FTC's guides, pointed to in the advocacy article",
        {**US, "governance__advocacy": "voluntary"},
        "side_channels",
        [
            "tout lien important avec l’annonceur : les guides de la Federal Trade Commission rappelés à l’article"
        ],
        ["16 CFR", "règles de transparence"],
    ),
    (
        "FR without advocacy: the law on commercial influence is said here",
        {"governance__advocacy": "none"},
        "side_channels",
        ["loi n° 2023-451 du 9 juin 2023", "« Publicité » ou « Collaboration commerciale »"],
        ["programme d’ambassadeurs", "règles de transparence de l’article"],
    ),
    (
        "US without advocacy: the FTC's endorsement guides",
        {**US, "governance__advocacy": "none"},
        "side_channels",
        ["16 CFR Part 255", "qu’il s’agisse d’une relation de travail, d’un paiement ou d’un produit offert"],
        ["2023-451"],
    ),
    (
        "UK: advertising must be recognisable, with no unsourced code number",
        {**UK, "governance__advocacy": "none"},
        "side_channels",
        ["reconnaissable comme telle"],
        ["2023-451", "16 CFR", "CAP", "rule"],
    ),
    (
        "FR public: outside activities of agents, gifts refused",
        FR_PUBLIC,
        "side_channels",
        [
            "La création de contenus relève en principe de la production d’œuvres de l’esprit, libre sous réserve du "
            "secret et de la discrétion professionnels ; une activité commerciale distincte relève des règles de "
            "cumul d’activités.",
            "refuse l’offre et en informe son supérieur hiérarchique",
            "un usager",
            "l’agent saisit son supérieur hiérarchique, qui confie le cas échéant le dossier à une autre personne ; "
            "il peut consulter le référent déontologue.",
            "Certains agents tiennent",
            "ni le logo de la collectivité",
        ],
        [
            "concurrent",
            "salarié",
            "client",
            "activité accessoire",
            "déclarée ou autorisée",
            "L. 121",
            "L. 123",
            "aménagements proportionnés",
            "l’organisation",
        ],
    ),
    (
        "UK public body: no French civil-service rules",
        {**UK, "organisation__sector": "public"},
        "side_channels",
        ["refuse l’offre et en informe son supérieur hiérarchique", "aménagements proportionnés"],
        ["cumul d’activités", "œuvres de l’esprit", "référent déontologue"],
    ),
    (
        "FR charity: partners and patrons, never competitors",
        {"organisation__sector": "nonprofit", "organisation__volunteers": True},
        "side_channels",
        ["un partenaire, un fournisseur, un mécène"],
        ["concurrent", "client"],
    ),
    # -------------------------------------------------------------------------- sector_rules
    (
        "FR finance: market abuse regulation, promotions, record keeping",
        {"organisation__sector": "finance"},
        "sector_rules",
        [
            "Activité financière réglementée",
            "au sens de l’article 7 du règlement (UE) n° 596/2014 sur les abus de marché",
            "interdite par ses articles 10 et 14",
            "sans les commenter",
            "Promotion des produits financiers",
            "Conservation des communications professionnelles",
            "Les messageries personnelles, les messages privés des réseaux sociaux",
        ],
        ["FINRA", "Financial Services and Markets Act", "UK MAR", "17a-4", "patient"],
    ),
    (
        "UK finance: FSMA section 21, FCA FG24/1, UK MAR",
        {**UK, "organisation__sector": "finance"},
        "sector_rules",
        [
            "Financial Services and Markets Act 2000, section 21",
            "(FG24/1, 2024)",
            "chaque publication doit se suffire à elle-même",
            "règlement britannique sur les abus de marché (UK MAR)",
        ],
        ["596/2014", "FINRA", "17a-4"],
    ),
    (
        "US finance: FINRA Rule 2210 and Notice 17-18, SEC Rule 17a-4",
        {**US, "organisation__sector": "finance"},
        "sector_rules",
        ["règle 2210 de la FINRA", "Regulatory Notice 17-18", "SEC Rule 17a-4", "depuis 2021"],
        ["596/2014", "UK MAR", "section 21"],
    ),
    (
        "FR health: patients' secrecy, the doctors' council",
        {"organisation__sector": "health"},
        "sector_rules",
        [
            "Secret des patients",
            "Relations avec les patients et déontologie",
            "(article L. 1110-4 du code de la santé publique)",
            "punie par l’article 226-13 du code pénal",
            "même lorsqu’elle paraît anonyme",
            "ne confirme jamais qu’il est ou a été pris en charge",
            "Conseil national de l’ordre des médecins",
        ],
        ["HIPAA", "General Medical Council", "secret médical", "FINRA"],
    ),
    (
        "UK health: GMC, NMC, Caldicott, common-law confidentiality",
        {**UK, "organisation__sector": "health"},
        "sector_rules",
        [
            "General Medical Council",
            "Nursing and Midwifery Council",
            "principes Caldicott",
            "devoir de confidentialité reconnu par la common law",
        ],
        ["L. 1110-4", "HIPAA", "ordre des médecins"],
    ),
    (
        "US health: the HIPAA Privacy Rule",
        {**US, "organisation__sector": "health"},
        "sector_rules",
        ["HIPAA Privacy Rule (45 CFR Part 164)", "sans l’autorisation écrite du patient"],
        ["L. 1110-4", "Caldicott"],
    ),
    (
        "FR charity with volunteers: fundraising, people helped, local pages",
        {"organisation__sector": "nonprofit", "organisation__volunteers": True},
        "sector_rules",
        [
            "Dons et personnes accompagnées",
            "Pages locales, campagnes et engagement",
            "Nul ne crée de cagnotte en ligne au nom de l’organisation",
            "dans le respect de leur dignité",
            "Une page ou un groupe créé par des bénévoles",
            "obéissent aux règles de l’article 9",
        ],
        ["Charity Commission", "client", "patient"],
    ),
    (
        "FR charity without volunteers: no volunteers",
        {"organisation__sector": "nonprofit", "organisation__volunteers": False},
        "sector_rules",
        ["Dons et personnes accompagnées", "Campagnes et engagement"],
        ["bénévole", "Pages locales"],
    ),
    (
        "UK charity: the Charity Commission's 2023 guidance, trustees answerable",
        {**UK, "organisation__sector": "nonprofit"},
        "sector_rules",
        ["« Charities and social media » (2023)", "les administrateurs (trustees) répondent"],
        ["CC9"],
    ),
    # ------------------------------------------------------------------------------ leaving
    (
        "FR firm: what stays, what to do when leaving, access removal by the security article",
        {},
        "leaving",
        [
            "Les abonnés, les contenus et les messages des comptes officiels restent à l’organisation",
            "à qui ces comptes appartiennent (article 5)",
            "Les groupes, pages et listes de diffusion créés pour le compte de l’organisation lui restent",
            "leur administration est transmise à l’équipe responsable avant le départ",
            "des clients, des prospects ou des partenaires",
            "Les relations qu’une personne a nouées en son nom propre sur un réseau professionnel restent les siennes",
            "Mettre à jour la présentation de ses profils dès le départ",
            "Au-delà du départ demeurent les obligations légales, notamment le secret des affaires (article L. 151-1 "
            "du code de commerce) ; l’article 10 précise ce qui reste confidentiel après le départ.",
            "Les droits sont ensuite retirés selon l’article 18",
        ],
        [
            "Hays",
            "PhoneDog",
            "Cass.",
            "n°",
            "heures",
            "contacts créés",
            "et contacts",
            "Ne plus utiliser",
            "Continuer à respecter",
        ],
    ),
    (
        "UK: Hays v Ions and Whitmar v Gamage",
        UK,
        "leaving",
        [
            "Hays Specialist Recruitment v Ions [2008] EWHC 745 (Ch)",
            "Whitmar Publications v Gamage [2013] EWHC 1881 (Ch)",
        ],
        ["PhoneDog"],
    ),
    (
        "US: PhoneDog v. Kravitz, settled",
        US,
        "leaving",
        ["PhoneDog v. Kravitz, N.D. Cal. 2011, clos par une transaction en 2012"],
        ["Hays", "Whitmar"],
    ),
    (
        "FR public: usagers, no employment words",
        FR_PUBLIC,
        "leaving",
        [
            "des usagers ou des partenaires",
            "quitte la collectivité",
            "Ce qui reste à la collectivité",
            "Au-delà du départ demeurent les obligations légales, notamment le secret professionnel",
        ],
        ["client", "salarié", "Hays", "secret des affaires", "151-1", "l’organisation"],
    ),
    (
        "FR charity with volunteers: the end of a volunteer's mission",
        {"organisation__sector": "nonprofit", "organisation__volunteers": True},
        "leaving",
        [
            "ou met fin à sa mission bénévole",
            "où l’on travaille ou où l’on est bénévole",
            "notamment celles qui protègent les informations confidentielles",
        ],
        ["client", "secret des affaires"],
    ),
    (
        "no official account: no followers to keep, access removed at once",
        {"platforms": [], "enterprise_networks": ["teams"]},
        "leaving",
        ["Les droits sont ensuite retirés sans délai"],
        ["abonnés", "article 18"],
    ),
]


@pytest.mark.parametrize(
    ("name", "keys", "clause", "present", "absent"), TOPICS, ids=[row[0] for row in TOPICS]
)
def test_each_new_article_says_what_it_must(
    name: str, keys: dict[str, Any], clause: str, present: list[str], absent: list[str]
) -> None:
    clauses = rendered(make_answers("fr", **keys))
    assert clause in clauses, f"{name}: no article {clause}"
    assert_french(f"{name} ({clause})", clauses[clause], present, absent)


@pytest.mark.parametrize("sector", ["private", "public"])
def test_sector_rules_only_for_finance_health_and_charities(sector: str) -> None:
    for jurisdiction in ("FR", "UK", "US", "other"):
        clauses = rendered(make_answers(organisation__jurisdiction=jurisdiction, organisation__sector=sector))
        assert "sector_rules" not in clauses
        assert {"essentials", "political_expression", "employer_use", "generative_ai"} <= set(clauses)
        assert {"side_channels", "leaving"} <= set(clauses)


# ------------------------------------------------------- 2. moved, said once, pointed to by number


def _numbers(ans: Any, exclude: tuple[str, ...] = ()) -> dict[str, int]:
    renderer = Renderer(load_library("fr"), ans)
    with bounded():
        chosen = renderer.selected(list(exclude))
    articles = [c.id for c in chosen if c.part == "article"]
    return {ident: n for n, ident in enumerate(articles, 1)}


def _body(clauses: dict[str, str]) -> str:
    return _plain(whole({k: v for k, v in clauses.items() if k != "legal_references"}))


def test_public_sector_rules_moved_to_political_expression() -> None:
    ans = make_answers(**FR_PUBLIC, governance__duty_of_restraint=True)
    clauses = rendered(ans)
    number = _numbers(ans)["political_expression"]
    frame = _plain(clauses["legal_frame"])
    # the duty of restraint is set out in political_expression only; elsewhere, its number
    assert f"Le devoir de réserve fait l’objet de l’article {number}." in frame
    assert "soumis à un devoir de réserve" not in frame
    assert f"(article L. 121-2 du même code), dont l’article {number} précise la portée" in frame
    assert "Conseil d’État" not in frame and "code électoral" not in frame
    official = _plain(clauses["official_accounts"])
    assert "code électoral" not in official and "Neutralité" not in official
    personal = _plain(clauses["personal_accounts"])
    assert f"; pour le devoir de réserve, voir l’article {number}." in personal
    assert "au devoir de réserve" not in personal
    body = _body(clauses)
    assert body.count("faire preuve de mesure dans l’expression publique") == 1
    for once in (
        "n’est pas inscrite dans le code général de la fonction publique",
        "article L. 52-1",
        "L. 52-8",
        "restent neutres en toutes circonstances",
    ):
        assert body.count(once) == 1, once


def test_without_political_expression_the_duty_of_restraint_is_still_said() -> None:
    clauses = rendered(
        make_answers(**FR_PUBLIC, governance__duty_of_restraint=True), exclude=("political_expression",)
    )
    frame = _plain(clauses["legal_frame"])
    assert "Ils sont enfin soumis à un devoir de réserve, qui leur impose de faire preuve de mesure" in frame
    assert "et au devoir de réserve." in _plain(clauses["personal_accounts"])


def test_speaking_in_ones_own_name_is_said_once_then_pointed_to() -> None:
    ans = make_answers()
    clauses = rendered(ans)
    number = _numbers(ans)["personal_accounts"]
    political = _plain(clauses["political_expression"])
    assert f"Les règles de l’article {number} sur l’expression en son nom propre valent aussi" in political
    assert "sans laisser croire" not in political and "le fait en son nom propre" not in political
    alone = _plain(rendered(ans, exclude=("personal_accounts",))["political_expression"])
    assert "le fait en son nom propre, sans laisser croire que l’organisation prend parti" in alone


@pytest.mark.parametrize(
    ("keys", "exclude", "said"),
    [
        ({}, (), "aux articles {confidentiality} ou {respect}."),
        (FR_PUBLIC, (), "aux articles {political_expression}, {confidentiality} ou {respect}."),
        ({}, ("respect",), "à l’article {confidentiality}."),
        (FR_PUBLIC, ("confidentiality",), "aux articles {political_expression} ou {respect}."),
        (
            {},
            ("confidentiality", "respect"),
            "aux règles de la présente charte relatives à la confidentialité ou",
        ),
    ],
)
def test_what_a_manager_sees_grounds_nothing_but_a_danger_or_a_breach(
    keys: dict[str, Any], exclude: tuple[str, ...], said: str
) -> None:
    ans = make_answers(**keys)
    text = _plain(rendered(ans, exclude=exclude)["employer_use"])
    numbers = _numbers(ans, exclude)
    expected = said.format(
        **{k: numbers.get(k) for k in ("political_expression", "confidentiality", "respect")}
    )
    assert (
        "n’est utilisé ni pour l’évaluer ni pour décider de ses missions ; il ne peut fonder une suite que s’il "
        "révèle un danger pour une personne ou un manquement " + expected
    ) in text, text
    assert "procédure disciplinaire" not in text


def test_leaving_points_to_confidentiality_instead_of_saying_it_again() -> None:
    ans = make_answers()
    clauses = rendered(ans)
    number = _numbers(ans)["confidentiality"]
    leaving = _plain(clauses["leaving"])
    assert f"l’article {number} précise ce qui reste confidentiel après le départ" in leaving
    assert "confidentialité des informations" not in leaving
    assert "après la fin de la relation" in _plain(clauses["confidentiality"])
    listed, _ = _cited(ans, exclude=("confidentiality",))
    assert "code_commerce_l151_1" in listed  # leaving cites the trade-secret article on its own


def test_sector_sections_moved_to_sector_rules() -> None:
    for sector, said in (("finance", "596/2014"), ("health", "L. 1110-4")):
        ans = make_answers(organisation__sector=sector)
        clauses = rendered(ans)
        number = _numbers(ans)["sector_rules"]
        assert said not in clauses["legal_frame"] and "Activité" not in clauses["legal_frame"]
        assert said in _plain(clauses["sector_rules"])
        assert f"(voir l’article {number})" in _plain(clauses["confidentiality"])
        body = _body(clauses)
        assert body.count(said) == 1, sector
        assert body.count("même lorsqu’elle paraît anonyme") == (sector == "health")
    finance = rendered(make_answers(organisation__sector="finance", governance__advocacy="voluntary"))
    number = _numbers(make_answers(organisation__sector="finance"))["sector_rules"]
    assert f"appliquer les règles de l’article {number}" in _plain(finance["advocacy"])
    assert _body(finance).count("sans les commenter") == 1


def test_ai_labelling_moved_to_generative_ai() -> None:
    clauses = rendered(make_answers())
    assert "intelligence artificielle" not in clauses["official_accounts"]
    body = _body(clauses)
    assert body.count("2024/1689") == 1 and body.count("origine artificielle") == 1


def test_employer_access_to_personal_accounts_said_once() -> None:
    ans = make_answers(**US, governance__advocacy="voluntary")
    clauses = rendered(ans)
    number = _numbers(ans)["employer_use"]
    assert f"n’accède pas à leurs comptes personnels (voir l’article {number})" in _plain(clauses["advocacy"])
    body = _body(clauses)
    assert body.count("ses identifiants ou son mot de passe") == 1
    assert "identifiants" not in clauses["advocacy"] and "identifiants" not in clauses["personal_accounts"]
    assert body.count("section 980") == 1 and body.count("n’exige aucun accès") == 0


@pytest.mark.parametrize("advocacy", ["voluntary", "none"])
def test_the_law_on_paid_posts_is_said_once(advocacy: str) -> None:
    body = _body(rendered(make_answers(governance__advocacy=advocacy)))
    assert body.count("2023-451") == 1


def test_linkedin_departure_points_to_leaving() -> None:
    ans = make_answers()
    notes = _plain(rendered(ans)["platform_notes"])
    assert f"(pour le départ, voir l’article {_numbers(ans)['leaving']})" in notes
    assert "qu’il quitte l’organisation" not in notes


# ------------------------------------------------------------------------------ 3. the summary page

SUMMARY = {
    # a word of each line, and the article it must point to
    "son propre nom": "personal_accounts",
    "compte piraté": "crisis",
    "intelligence artificielle": "generative_ai",
    "partenariat proposé": "side_channels",
    "publication rémunérée": "side_channels",
    "En partant": "leaving",
    "Ouvrir une page": "official_accounts",
    "pour soutenir un candidat": "political_expression",
    "au service d’un parti": "political_expression",
    "information interne": "confidentiality",
    "Insulter": "respect",
    "la photo ou la vidéo": "ip_and_image",
    "comptes personnels d’autrui": "employer_use",
    "produits financiers": "sector_rules",
    "Évoquer un patient": "sector_rules",
    "cagnotte": "sector_rules",
}


@pytest.mark.parametrize(
    "keys",
    [
        {},
        FR_PUBLIC,
        {"organisation__sector": "finance"},
        {"organisation__sector": "health", "governance__crisis_contact": None},
        {**UK, "organisation__sector": "nonprofit", "platforms": []},
        {**US, "governance__advocacy": "none"},
    ],
)
def test_the_summary_lists_only_articles_in_the_charter_with_their_numbers(keys: dict[str, Any]) -> None:
    ans = make_answers(**keys)
    clauses = rendered(ans)
    numbers = _numbers(ans)
    assert numbers["essentials"] == numbers["purpose"] + 1  # right after the purpose
    lines = _plain(clauses["essentials"]).splitlines()
    rules = [line for line in lines if re.search(r"\(article \d+\)\.$", line)]
    assert 6 <= len(rules) <= 13  # a page at most
    pointed = set()
    for rule in rules:
        targets = [ident for word, ident in SUMMARY.items() if word in rule]
        assert len(targets) == 1, rule
        assert rule.endswith(f"(article {numbers[targets[0]]}).") and targets[0] in clauses, rule
        pointed.add(targets[0])
        # said in other words than the article's own
        words = rule.rsplit(" (article", 1)[0]
        assert not any(words in _plain(v) for k, v in clauses.items() if k != "essentials"), rule
    expected = {ident for ident in SUMMARY.values() if ident in clauses}
    assert pointed == expected
    if "crisis" not in clauses:
        assert "piraté" not in clauses["essentials"]
    if "official_accounts" not in clauses:
        assert "Ouvrir une page" not in clauses["essentials"]


# Each line says no more than its article: the line, then what the article says that bears it out.
SUMMARY_LINES = {
    "private": [
        (
            "personal_accounts",
            "Parler en son propre nom sur ses comptes personnels, et dire son lien avec l’organisation dès que l’on "
            "parle de ses produits ou services",
            "Lorsqu’une personne évoque les produits ou les services de l’organisation",
        ),
        (
            "crisis",
            "Alerter sans délai à l’adresse crisis@acme.example en cas d’erreur de publication",
            "",
        ),
        (
            "generative_ai",
            "Faire relire par une personne tout contenu officiel préparé avec un outil d’intelligence artificielle",
            "est relu et vérifié par une personne avant sa mise en ligne",
        ),
        (
            "side_channels",
            "Informer son responsable hiérarchique, avant d’accepter, de toute offre de publication rémunérée venant "
            "d’une personne en relation avec l’organisation",
            "en informe son responsable hiérarchique avant d’accepter",
        ),
        (
            "respect",
            "Insulter, menacer, harceler ou discriminer quiconque, y compris hors du temps de travail lorsque les "
            "propos visent des collègues ou se rattachent à la vie professionnelle",
            "propos tenus en dehors du temps de travail, dès lors qu’ils visent des collègues ou se rattachent à la "
            "vie professionnelle",
        ),
        (
            "employer_use",
            "Demander l’accès aux comptes personnels d’autrui ; pour un responsable, solliciter un membre de son "
            "équipe comme contact personnel",
            "un responsable ne sollicite pas les membres de son équipe pour devenir leur contact",
        ),
    ],
    "public": [
        (
            "personal_accounts",
            "Parler en son propre nom sur ses comptes personnels, et dire son lien avec la collectivité dès que l’on "
            "parle de ses services ou de ses projets",
            "Lorsqu’une personne évoque les services ou les projets de l’organisation",
        ),
        (
            "side_channels",
            "Refuser tout cadeau, rémunération ou partenariat proposé, en raison de ses fonctions, pour publier un "
            "contenu, et en informer son supérieur hiérarchique",
            "parce qu’il exerce ses fonctions, refuse l’offre et en informe son supérieur hiérarchique",
        ),
        (
            "respect",
            "Insulter, menacer, harceler ou discriminer quiconque, y compris hors du temps de travail lorsque les "
            "propos visent des collègues ou se rattachent à la vie professionnelle",
            "dès lors qu’ils visent des collègues ou se rattachent à la vie professionnelle",
        ),
        (
            "employer_use",
            "Demander l’accès aux comptes personnels d’autrui ; pour un supérieur hiérarchique, solliciter un agent "
            "placé sous son autorité comme contact personnel",
            "un supérieur hiérarchique ne sollicite pas les agents placés sous son autorité pour devenir leur contact",
        ),
        ("official_accounts", "Ouvrir une page ou un compte au nom de la collectivité sans l’accord", ""),
    ],
}


@pytest.mark.parametrize("sector", ["private", "public"])
def test_each_summary_line_says_no_more_than_its_article(sector: str) -> None:
    ans = make_answers(**(FR_PUBLIC if sector == "public" else {}))
    clauses = rendered(ans)
    numbers = _numbers(ans)
    summary = _plain(clauses["essentials"])
    for ident, line, backing in SUMMARY_LINES[sector]:
        assert any(rule.startswith(line) for rule in summary.splitlines()), line
        if ident != "official_accounts" and ident != "crisis":
            assert f"{line} (article {numbers[ident]})." in summary, line
        assert backing in _plain(clauses[ident]), (ident, backing)
    for never in (
        "qui que ce soit",
        "heures de travail",
        "Prévenir tout de suite",
        "avec une IA",
        "ouvrir ses comptes personnels",
        "insister pour devenir son contact",
        "dès que l’on évoque ses activités",
        "Déclarer à son responsable",
        "son responsable" if sector == "public" else "supérieur hiérarchique",
    ):
        assert never not in summary, never


def test_without_official_accounts_the_summary_speaks_of_public_ai_tools() -> None:
    ans = make_answers(platforms=[], governance__advocacy="none")
    summary = _plain(rendered(ans)["essentials"])
    number = _numbers(ans)["generative_ai"]
    assert (
        "Ne saisir aucune information confidentielle ni aucune donnée personnelle dans un outil d’intelligence "
        f"artificielle ouvert au public (article {number})."
    ) in summary
    assert "contenu officiel" not in summary


def test_the_summary_keeps_us_employees_rights_in_view() -> None:
    private = _plain(rendered(make_answers(**US))["essentials"])
    assert "préserve notamment le droit des salariés d’échanger entre eux" in private
    public = _plain(rendered(make_answers(**US, organisation__sector="public"))["essentials"])
    assert "salariés" not in public and "cadre juridique rappelé à l’article 4" in public


# ---------------------------------------------------------------- 4. the annex agrees with the text

# Each reference the new or moved articles cite, and a phrase only its citation puts in the articles.
CITED_AS = {
    "ct_l1221_6": "L. 1221-6",
    "ct_l1221_8": "L. 1221-8",
    "ct_l1221_9": "L. 1221-9",
    "cnil_recrutement": "CNIL relatives au recrutement",
    "code_electoral_l52_1": "L. 52-1",
    "code_electoral_l52_8": "L. 52-8",
    "devoir_de_reserve": "jurisprudence du Conseil d’État",
    "ai_act_50": "2024/1689",
    "mar_7_10_14": "596/2014",
    "csp_l1110_4": "L. 1110-4",
    "ordre_medecins": "ordre des médecins",
    "loi_2023_451": "2023-451",
    "code_commerce_l151_1": "L. 151-1",
    "uk_hra": "Human Rights Act",
    "uk_fsma_21": "Financial Services and Markets Act",
    "uk_mar": "UK MAR",
    "uk_fca_fg24_1": "FG24/1",
    "uk_gmc": "General Medical Council",
    "uk_nmc": "Nursing and Midwifery Council",
    "uk_caldicott": "Caldicott",
    "uk_cc9": "CC9",
    "uk_charities_sm": "Charities and social media",
    "uk_hays_ions": "Hays Specialist Recruitment",
    "uk_whitmar": "Whitmar Publications",
    "uk_ico_employment": "pratiques d’emploi",
    "us_fcra": "Fair Credit Reporting Act",
    "us_cal_980": "section 980",
    "us_ny_201d": "201-d",
    "us_cal_1101": "sections 1101 et 1102",
    "us_hipaa": "HIPAA",
    "us_sec_17a4": "17a-4",
    "us_finra_2210": "2210",
    "us_finra_17_18": "Notice 17-18",
    "us_phonedog": "PhoneDog",
    "us_ftc_255": "16 CFR Part 255",
}

COMBINATIONS = [
    {"organisation__jurisdiction": j, "organisation__sector": s, **extra}
    for j in ("FR", "UK", "US", "other")
    for s in ("private", "public", "finance", "health", "nonprofit")
    for extra in (
        {},
        {"governance__advocacy": "none", "platforms": []},
        *([{"governance__duty_of_restraint": False}] if s == "public" else []),
    )
]


@pytest.mark.parametrize("keys", COMBINATIONS, ids=lambda k: "-".join(str(v) for v in k.values()))
def test_the_annex_lists_what_the_articles_cite(keys: dict[str, Any]) -> None:
    if keys["organisation__sector"] == "public" and keys["organisation__jurisdiction"] == "FR":
        keys = {**keys, "organisation__public_service": "territoriale"}
    ans = make_answers(**keys)
    clauses = rendered(ans)
    listed, _ = _cited(ans)
    body = _body(clauses)
    for ident, phrase in CITED_AS.items():
        assert (ident in listed) is (phrase in body), (ident, phrase)


# ------------------------------------------------------------------------------ 5. form

FORM_COMBINATIONS = [
    {},
    {"enterprise_networks": [], "governance__crisis_contact": None},
    {**FR_PUBLIC, "governance__duty_of_restraint": True},
    {**FR_PUBLIC, "governance__duty_of_restraint": False},
    {"organisation__sector": "finance"},
    {"organisation__sector": "health"},
    {"organisation__sector": "nonprofit", "organisation__volunteers": True},
    {
        "organisation__sector": "nonprofit",
        "organisation__volunteers": False,
        "platforms": [],
        "governance__advocacy": "none",
    },
    {**UK, "organisation__sector": "public"},
    {**US},
    {"organisation__jurisdiction": "other"},
]


@pytest.mark.parametrize(
    "keys", FORM_COMBINATIONS, ids=lambda k: "-".join(str(v) for v in k.values()) or "base"
)
def test_no_article_has_a_lone_sub_part(keys: dict[str, Any]) -> None:
    """A single "9.1" under article 9 numbers nothing: an article has no sub-part, or at least two."""
    from charter.blocks import Heading

    renderer = Renderer(load_library("fr"), make_answers(**keys))
    with bounded():
        items = renderer.render_all()
    for item in items:
        if item.clause.part != "article":
            continue
        levels = [block.level for block in item.blocks if isinstance(block, Heading)]
        if levels:
            assert levels.count(min(levels)) != 1, item.clause.id


NEW_ARTICLES = (
    "essentials",
    "political_expression",
    "employer_use",
    "generative_ai",
    "side_channels",
    "sector_rules",
    "leaving",
)
# A statute's number is held to "article" and to "L." by no-break spaces, as in the older articles
# ("article\u00a0L.\u00a01121-1", "article\u00a029"); a cross-reference to another article of the charter keeps
# the plain space every clause gives it ("article {{ article(...) }}").
LOOSE_NUMBER = re.compile(
    r"\barticles? L\.|\bL\. \d|\barticles? \d[\d-]* (?:du|de|des) |\barticle 50\b|\barticles 10 et"
)


@pytest.mark.parametrize(
    "keys", FORM_COMBINATIONS, ids=lambda k: "-".join(str(v) for v in k.values()) or "base"
)
def test_statute_numbers_keep_to_their_word(keys: dict[str, Any]) -> None:
    clauses = rendered(make_answers(**keys, charter__effective_date=date(2026, 9, 1)))
    for ident in NEW_ARTICLES:
        if ident in clauses:
            found = LOOSE_NUMBER.search(clauses[ident])
            assert found is None, (ident, clauses[ident][max(0, found.start() - 40) : found.end() + 40])
