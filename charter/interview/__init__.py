"""The interview of `charter new`: ask the questionnaire, check as typed, review, draft and resume.

The interview only produces answers: :func:`run` returns an :class:`Outcome` (the checked answers,
the answers file's text, where to write it and the charter, whether the user agreed to replace
each file, and the draft to delete once they are written). `charter.app.new` writes them; nothing
here imports the clauses, the composer or the Word writer.

- `session`: the state and logic (which questions apply, answers given and put aside, the review);
- `prompts`: the widgets, the only importer of questionary and prompt_toolkit;
- `draft`: the draft of an interrupted interview; `destinations`: where the files go;
- `words`: the interview's own words (`templates/interview.yml`); `environment`: locale, terminal.

Errors are raised as `charter.errors` exceptions; `charter.cli.main` turns them into messages and codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from charter.answersfile.read import read_answers
from charter.answersfile.write import dump_answers
from charter.errors import AnswersError, Interrupted, NoTerminalError, OutputError
from charter.interview import prompts
from charter.interview.destinations import choose_path
from charter.interview.draft import Draft
from charter.interview.environment import has_terminal, slug, state_dir, system_language
from charter.interview.keep import rewrite
from charter.interview.prompts import Prompt
from charter.interview.session import Articles, CheckUp, Session
from charter.interview.words import STYLE, default_name, ui
from charter.model.answers import Answers
from charter.model.paths import get_path
from charter.model.types import Option
from charter.model.types.records import next_version

__all__ = ["Draft", "Outcome", "Session", "has_terminal", "run", "slug", "state_dir", "system_language"]

RESUME = "@resume"


@dataclass
class Outcome:
    """What an interview produced, for `charter.app.new` to write."""

    answers: Answers  # checked as `charter generate` checks a file, defaults applied, with its warnings
    lang: str  # the interview's language (the answers file's comments are in it)
    text: str  # the answers file: only the questions that apply, each as a comment above its answer
    answers_path: Path
    replace_answers: bool  # the user agreed to replace the file already at answers_path
    output: Path
    replace_output: bool  # ... and the one at output
    draft: Draft  # to delete once both files are written

    @property
    def data(self) -> dict[str, Any]:
        return self.answers.data


def run(
    *,
    lang: str | None = None,
    answers_path: Path | None = None,
    output: Path | None = None,
    from_path: Path | None = None,
    resume: bool = False,
    term_input: Any = None,
    term_output: Any = None,
    articles: Articles | None = None,
    check_up: CheckUp | None = None,
) -> Outcome:
    """Run the interview; return the checked answers and where they and the charter go.

    `term_input` / `term_output` (prompt_toolkit Input and Output, such as a pipe input in tests) replace
    the terminal; without them, stdin and stdout must be a terminal or NoTerminalError is raised at once.
    Ctrl-C or the end of input saves a draft and raises Interrupted. ``articles`` gives the titles of
    the articles some answers give (the caller builds it from the clause library, which the interview
    does not import): the review lists them, and an answer that leaves one out says so. ``check_up``
    gives the governance check-up of some answers (`charter assess`), shown just before the review.
    """
    if term_input is None and not has_terminal():
        raise NoTerminalError(ui(lang or system_language(), "no_terminal"))
    with prompts.terminal(term_input, term_output):
        return _interview(lang, answers_path, output, from_path, resume, articles, check_up)


def _interview(
    lang: str | None,
    answers_path: Path | None,
    output: Path | None,
    from_path: Path | None,
    resume: bool,
    articles: Articles | None = None,
    check_up: CheckUp | None = None,
) -> Outcome:
    draft = Draft()
    paths: dict[str, str | None] = {
        "answers_path": str(answers_path) if answers_path else None,
        "output": str(output) if output else None,
    }
    session: Session | None = None
    source = (from_path.read_text(encoding="utf-8"), read_answers(from_path).data) if from_path else None
    try:
        session = _start(lang, from_path, resume, paths, draft)
        session.articles = articles
        session.check_up = check_up
        session.walk()
        while True:
            session.review()
            try:
                checked = session.check()
                break
            except AnswersError as exc:
                prompts.say(ui(session.lang, "problems"), STYLE["warning"])
                for problem in exc.problems or [str(exc)]:
                    prompts.say(f"  - {problem}", STYLE["warning"])
        name = slug(str(get_path(session.answers, "organisation.name") or ""))
        given = {key: Path(value) if value else None for key, value in paths.items()}
        where, replace = choose_path(
            session.lang,
            given["answers_path"],
            default_name(session.lang, "answers_file", name),
            "answers_file",
        )
        paths["answers_path"] = str(where)
        charter, replace_charter = choose_path(
            session.lang, given["output"], default_name(session.lang, "charter_file", name), "charter_file"
        )
    except (KeyboardInterrupt, EOFError):
        if session is None:
            raise Interrupted(ui(lang or system_language(), "stopped")) from None
        try:
            draft.save(session.lang, session.data(), session.answered, paths)
        except OutputError as exc:
            raise Interrupted(ui(session.lang, "unsaved", error=exc)) from None
        message = ui(session.lang, "interrupted", count=len(session.answered), path=draft.path)
        raise Interrupted(message) from None
    text = dump_answers(session.data(), lang=session.lang)
    if source is not None:  # the user's own file: only the answers that changed are rewritten
        text = rewrite(source[0], source[1], session.data())
    return Outcome(checked, session.lang, text, where, replace, charter, replace_charter, draft)


def _start(
    lang: str | None, from_path: Path | None, resume: bool, paths: dict[str, str | None], draft: Draft
) -> Session:
    """A new interview, one reopened from a finished answers file, or the interrupted one."""
    language = lang or system_language()
    if from_path is not None:
        data = read_answers(from_path).data  # every key, defaults applied: it goes straight to the review
        data["charter"]["version"] = next_version(str(data["charter"]["version"]))  # the version proposed
        session = Session(lang or str(data.get("language") or language), data)  # the file's language
        session.answered = [q.key for s in session.sections() for q in session.asked(s.id)]
        paths["answers_path"] = paths["answers_path"] or str(from_path)
        return session
    if not resume and draft.exists():
        options = (Option(True, ui(language, "draft_resume")), Option(False, ui(language, "draft_restart")))
        message = ui(language, "draft_found", path=draft.path)
        resume = bool(prompts.ask(Prompt(RESUME, "select", message, language, True, options)))
    if resume:
        answers, progress = draft.load(language)
        session = Session(lang or progress.get("interview") or language, answers, progress["answered"])
        for key in ("answers_path", "output"):
            paths[key] = paths[key] or progress.get(key)
        prompts.say(ui(session.lang, "resumed", count=len(session.answered)))
        return session
    session = Session(language)
    prompts.say(
        ui(language, "intro", count=session.count()) + ("" if lang else " " + ui(language, "lang_hint"))
    )
    return session
