"""Working with clause libraries as a whole: list, eject (copy the built-in one) and check.

`check_library` finds every problem of a user's library without generating anything: bad front
matter, duplicate ids, template syntax errors, names the answers format does not have (with the
closest valid name), markup that breaks once rendered.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from charter.clauses.context import unknown_names
from charter.clauses.environment import make_environment
from charter.clauses.files import check_custom_dir, folder_entries, load_library, read_folder
from charter.clauses.references import check_citations, load_references
from charter.errors import OutputError, Problem, TemplateError
from charter.model.questions import LANGUAGES
from charter.model.site import printable
from charter.model.suggest import did_you_mean


@dataclass(frozen=True)
class ListedClause:
    lang: str
    id: str
    title: str
    order: int
    part: str
    when: str | None
    origin: str  # built-in | custom (overrides) | custom (new)


def list_clauses(*, lang: str | None = None, templates: Path | None = None) -> list[ListedClause]:
    rows = []
    builtin_ids: dict[str, set[str]] = {}
    for language in [lang] if lang else list(LANGUAGES):
        builtin_ids[language] = set(load_library(language).keys())
        for clause in sorted(
            load_library(language, templates).values(), key=lambda c: (c.part != "article", c.order, c.id)
        ):
            if clause.builtin:
                origin = "built-in"
            elif clause.id in builtin_ids[language]:
                origin = "custom (overrides)"
            else:
                origin = "custom (new)"
            rows.append(
                ListedClause(
                    language, clause.id, clause.title, clause.order, clause.part, clause.when, origin
                )
            )
    return rows


def eject(*, target: Path, lang: str | None = None, ids: Sequence[str] = ()) -> list[Path]:
    """Copy the built-in clauses (all, or only ``ids``) into `target/<lang>/`, refusing to overwrite
    any file; an unknown id is a TemplateError with the closest one, and nothing is copied."""
    languages = [lang] if lang else list(LANGUAGES)
    library = {language: load_library(language) for language in languages}
    known = sorted({ident for clauses in library.values() for ident in clauses})
    unknown = [ident for ident in dict.fromkeys(ids) if ident not in known]
    if unknown:
        noun = "id names" if len(unknown) == 1 else "ids name"
        raise TemplateError(
            f"{len(unknown)} {noun} no built-in clause; nothing was copied "
            "(`charter templates list` shows every id):",
            [f'"{printable(i)}": no built-in clause has this id.{did_you_mean(i, known)}' for i in unknown],
        )
    pairs = []
    for language in languages:
        chosen = [c for c in library[language].values() if not ids or c.id in ids]
        for clause in sorted(chosen, key=lambda c: c.path.name):
            pairs.append((clause.path, target / language / clause.path.name))
    existing = [dest for _, dest in pairs if dest.exists()]
    if existing:
        shown = ", ".join(str(p) for p in existing[:5]) + (", ..." if len(existing) > 5 else "")
        raise OutputError(
            f"{len(existing)} file(s) already exist and would be overwritten ({shown}). "
            "Choose an empty folder; nothing was copied."
        )
    if target.exists() and not target.is_dir():
        raise OutputError(f"{target} exists and is not a folder.")
    try:
        for source, dest in pairs:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
    except OSError as exc:
        raise OutputError(f"cannot write in {target}: {exc.strerror}.") from None
    return [dest for _, dest in pairs]


def check_library(*, templates: Path) -> list[Problem | str]:
    """Every problem of a clause library, in the order of the files and lines; empty: it is fine."""
    import jinja2

    check_custom_dir(templates)
    problems: list[Problem] = []
    trial: list[Problem | str] = []
    for lang in LANGUAGES:
        folder = templates / lang
        if not folder.is_dir():
            continue
        clauses = read_folder(folder, builtin=False, problems=problems)
        for other in folder_entries(folder):
            if other.is_file() and other.suffix != ".md":
                problems.append(
                    Problem.in_file(other, "not a clause (clause files end in .md); it is ignored.")
                )
        if not problems:
            check_citations(clauses.values(), load_references(lang, templates), problems)
        env = make_environment(clauses)
        for clause in clauses.values():
            try:
                ast = env.parse(clause.source, clause.id, str(clause.path))
            except jinja2.TemplateSyntaxError as exc:
                message = (exc.message or "").rstrip(".")
                problems.append(
                    Problem.in_file(clause.path, f"template syntax error: {message}.", exc.lineno)
                )
                continue
            problems.extend(unknown_names(ast, clause.path))
            problems.extend(_cross_references(ast, clause.path, {*clauses, *load_library(lang)}))
            if clause.when:
                try:
                    when_ast = env.parse("{{ " + clause.when + " }}")
                except jinja2.TemplateSyntaxError as exc:
                    problems.append(
                        Problem.in_file(
                            clause.path,
                            f"the `when` condition is not a valid expression ({exc.message}).",
                            clause.when_line,
                        )
                    )
                    continue
                problems.extend(unknown_names(when_ast, clause.path, line_offset=clause.when_line - 1))
        if not problems and not trial:
            trial.extend(_trial_render(lang, templates))
    return [*sorted(problems, key=Problem.sort_key), *trial]


def _cross_references(ast: object, path: Path, ids: set[str]) -> list[Problem]:
    """`article("id")` calls whose id is no clause of the library (built-in or custom)."""
    from jinja2 import nodes

    assert isinstance(ast, nodes.Node)
    found = []
    for call in ast.find_all(nodes.Call):
        named = isinstance(call.node, nodes.Name) and call.node.name == "article"
        if named and call.args and isinstance(call.args[0], nodes.Const) and call.args[0].value not in ids:
            ident = str(call.args[0].value)
            said = f'article("{ident}"): no clause has this id.{did_you_mean(ident, sorted(ids))}'
            found.append(Problem.in_file(path, said, call.lineno))
    return found


def _trial_render(lang: str, templates: Path) -> list[str]:
    """Render the library in memory against rich sample answers: runtime and markup errors show here."""
    from charter.answersfile.read import parse_answers
    from charter.clauses.references import load_references
    from charter.clauses.render import Renderer

    samples = [_SAMPLE.replace("LANG", lang).replace("JURISDICTION", j) for j in ("FR", "UK", "US")]
    samples.append(_SAMPLE_SMALL.replace("LANG", lang))
    for text in samples:
        answers = parse_answers(text, name="sample answers")
        try:
            Renderer(
                load_library(lang, templates), answers, references=load_references(lang, templates)
            ).render_all()
        except TemplateError as exc:
            return [exc.message]
    return []


_SAMPLE = """
format: 1
language: LANG
organisation: {name: "Sample & Co", jurisdiction: JURISDICTION, sector: public, employees: 250,
  works_council: true}
objectives: [customer_relationship, notoriety, e_reputation, prospecting, social_selling, employer_brand]
platforms: [facebook, {id: linkedin, account: sample, owner: Communication}, x, instagram, youtube, tiktok,
  threads, bluesky, mastodon, whatsapp, snapchat, pinterest, viadeo]
enterprise_networks: [sharepoint, teams, slack, viva_engage, workplace]
governance: {dedicated_team: true, team_name: Communication, spokespeople: [CEO], approval: every_post,
  legal_review: true, advocacy: incentivised, monitoring: true, crisis_contact: crisis@sample.example,
  guests_allowed: true, training: annual, kpis: true, charter_form: internal_rules}
charter: {owner: Communication, contact: charter@sample.example, version: "2.0", effective_date: 2027-01-01}
"""

_SAMPLE_SMALL = """
format: 1
language: LANG
organisation: {name: Small, jurisdiction: other}
platforms: [linkedin]
governance: {approval: none, moderation: false, acknowledgement: false, training: none, two_factor: none}
"""


def describe_problems(templates: Path, problems: list[Problem | str]) -> TemplateError:
    count = len(problems)
    return TemplateError(
        f"{templates}: {count} problem{'s' if count != 1 else ''} in the clause library:", problems
    )
