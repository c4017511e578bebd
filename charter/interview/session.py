"""The interview's state and logic: which questions apply, the answers given, the walk, the review.

Every question comes from `templates/questions.yml` (wording, type, choices, defaults, `when`) and
is asked, parsed and shown through its type (`charter.model.types`): a question added there is
asked here with no new code. This module decides what to ask; `prompts` asks it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from charter.answersfile.check import check_answers
from charter.errors import CharterError
from charter.interview import prompts
from charter.interview.prompts import Prompt
from charter.interview.words import CHECK_UP_STYLE, STYLE, language_defaults, ui
from charter.model import questions
from charter.model.answers import Answers
from charter.model.catalog import catalog
from charter.model.paths import del_path, get_path, has_path, set_path
from charter.model.questions import Question, Section
from charter.model.types import Option, type_of
from charter.model.types.scalars import DateType

REVIEW = "@review"
Articles = Callable[[dict[str, Any]], list[str]]  # the titles of the articles some answers give, in order
CheckUp = Callable[[dict[str, Any]], list[Any]]  # the check-up of some answers: lines with a text and a kind
STAND_INS = {"email": "someone@example.org", "text": "…"}  # "any answer", for an answer left empty
NETWORK_TYPES = ("platforms", "networks")  # at least one network between them; their help is the file's


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return [dict(v) if isinstance(v, dict) else v for v in value]
    return value


def holds(q: Question, expression: str | None, context: dict[str, Any], what: str) -> bool:
    """Whether a condition of ``q`` (its `when`, a `default_when` rule's) holds of ``context``."""
    if not expression:
        return True
    from charter.model.conditions import compile_condition

    try:
        condition = compile_condition(expression)
    except Exception as exc:
        raise CharterError(
            f"questions.yml, {q.key}: the `{what}` is not a valid expression ({exc})."
        ) from None
    try:
        return bool(condition(**context))
    except Exception as exc:
        raise CharterError(f"questions.yml, {q.key}: the `{what}` condition fails ({exc}).") from None


def parser(q: Question, lang: str) -> Callable[[str], Any]:
    """What the user types, as the answer of ``q``, through its type; Invalid when it cannot be one."""
    kind = type_of(q)
    return lambda typed: kind.parse(q, typed, lang)


class Session:
    """The answers given so far, the answers put aside, and which questions apply."""

    def __init__(
        self,
        lang: str,
        answers: dict[str, Any] | None = None,
        answered: list[str] | None = None,
        articles: Articles | None = None,
    ) -> None:
        self.lang = lang
        self.articles = articles  # from the clause library, through charter.app: never imported here
        self.check_up: CheckUp | None = None  # `charter assess` of the answers, shown before the review
        self.questions = questions.questionnaire()  # through the module: tests replace it
        self.answers: dict[str, Any] = answers or {}
        self.answers["format"] = 1
        self.answered: list[str] = [str(key) for key in answered or []]
        self.shelf: dict[str, Any] = {}  # answers put aside while their question does not apply

    # -- the questionnaire, in order -------------------------------------------------------------

    def sections(self) -> list[Section]:
        declared = list(self.questions.sections)
        known = {s.id for s in declared}
        extra = [q.section for q in self.questions.questions if q.section not in known]
        return declared + [Section(s, {"en": s, "fr": s}) for s in dict.fromkeys(extra)]

    def asked(self, section: str) -> list[Question]:
        return [
            q
            for q in self.questions.questions
            if q.section == section and q.ask and type_of(q).widget != "none"
        ]

    def count(self) -> int:
        return sum(len(self.asked(s.id)) for s in self.sections())

    def title(self, section: Section) -> str:
        return section.title.get(self.lang, section.id)

    def worded(self, q: Question) -> Question:
        """``q`` worded for the sector so far (`prompt_public`, `label_nonprofit`), else for the
        jurisdiction (`help_FR`)."""
        context = self.context()
        sector = get_path(context, "organisation.sector", None)
        return q.for_sector(sector, get_path(context, "organisation.jurisdiction", None))

    def message(self, q: Question) -> str:
        """The question as asked: its prompt, and how to type the answer (a date's local form)."""
        prompt = self.label(q)
        hint = q.hint.get(self.lang, q.hint.get("en", ""))
        kind = type_of(q)
        if isinstance(kind, DateType):
            hint = kind.local_form(self.lang, self.jurisdiction())
        return f"{prompt} ({hint})" if hint else prompt

    def label(self, q: Question) -> str:
        """The question's prompt, as the review and the answers file show it (no typing hint)."""
        prompt = self.worded(q).prompt
        return prompt.get(self.lang, prompt["en"])

    # -- values and conditions ---------------------------------------------------------------------

    def value(self, q: Question) -> Any:
        return get_path(self.answers, q.key, None)

    def current(self, q: Question) -> Any:
        """The default shown: the answer given, else one put aside, else the questionnaire's default."""
        if has_path(self.answers, q.key) or q.key in self.answered:
            return self.value(q)
        if q.key in self.shelf:
            return self.shelf[q.key]
        if q.key == "language":
            return self.lang
        return _copy(get_path(self.context(), q.key, None))

    def default(self, q: Question, before: dict[str, Any]) -> Any:
        """The default of ``q`` given the answers ``before`` it: the first `default_when` rule that
        holds, else the one that follows the charter's language (interview.yml), else the table's."""
        for rule in q.default_when:
            if holds(q, rule.when, before, "default_when"):
                return get_path(before, rule.value_of, None) if rule.value_of else rule.value
        language = get_path(self.answers, "language", None) or self.lang
        return language_defaults(str(language)).get(q.key, q.default)

    def context(self) -> dict[str, Any]:
        """The answers so far with defaults applied, in the table's order (a default may follow the
        answers before it), as the `when` expressions see them."""
        ctx: dict[str, Any] = {}
        for q in self.questions.questions:
            known = has_path(self.answers, q.key) or q.key in self.answered
            set_path(ctx, q.key, self.value(q) if known else _copy(self.default(q, ctx)))
        return ctx

    def applies(self, q: Question) -> bool:
        return holds(q, q.when, self.context(), "when")

    def keep(self, q: Question, value: Any) -> None:
        set_path(self.answers, q.key, value)
        self.shelf.pop(q.key, None)
        if q.key not in self.answered:
            self.answered.append(q.key)

    def shelve(self, q: Question) -> None:
        """Put aside the answer of a question that no longer applies: the default if it comes back."""
        if has_path(self.answers, q.key):
            self.shelf[q.key] = self.value(q)
            del_path(self.answers, q.key)
        if q.key in self.answered:
            self.answered.remove(q.key)

    # -- walking the sections ----------------------------------------------------------------------

    def walk(self, only: str | None = None, *, only_new: bool = True) -> None:
        """Ask the questions that apply (all of section `only`, or those not answered yet).

        The back key re-asks the previous question asked in this walk, its answer as the default;
        going forward again re-asks the ones after it the same way."""
        order = [(s, q) for s in self.sections() if only in (None, s.id) for q in self.asked(s.id)]
        self.ask_in_turn(order, only_new=only_new)

    def ask_in_turn(
        self, order: list[tuple[Section, Question]], *, only_new: bool, back_out: bool = False
    ) -> bool:
        """Ask ``order``'s questions that apply; False if the back key left it at its first question
        (allowed when ``back_out``: the review's changes), True once all are answered."""
        history: list[int] = []  # positions in `order` asked in this walk, in order
        here: set[str] = set()  # the keys asked in this walk: asked again when the walk comes back
        header: str | None = None
        position = 0
        while position < len(order):
            section, q = order[position]
            if not self.applies(q):
                self.shelve(q)
            elif not only_new or q.key not in self.answered or q.key in here:
                if header != section.id:
                    prompts.say(f"\n{self.title(section)}", STYLE["header"])
                    header = section.id
                before = self.current(q)
                try:
                    self.keep(q, self.ask(q))
                except prompts.GoBack:
                    if not history and back_out:
                        return False
                    if not history:
                        prompts.say(f"  {ui(self.lang, 'first')}", STYLE["help"])
                        continue
                    position = history.pop()
                    continue
                self.tell_vanished(q, before)
                here.add(q.key)
                history.append(position)
            position += 1
        return True

    def ask(self, q: Question) -> Any:
        help_text = self.worded(q).help.get(self.lang) if q.type not in NETWORK_TYPES else None
        if help_text:
            prompts.say(f"  {help_text}", STYLE["help"])
        try:
            value = prompts.ask(self.prompt(q))
        except prompts.GoBack:
            if help_text:  # the question is left: its help goes with it
                prompts.unsay(f"  {help_text}")
            raise
        kind = type_of(q)
        if isinstance(kind, DateType) and isinstance(value, date):  # how the typed date was read
            read = kind.read_as(value, self.lang, self.jurisdiction())
            prompts.say(f"  {ui(self.lang, 'read_as', date=read)}", STYLE["help"])
        return value

    def jurisdiction(self) -> Any:
        """The jurisdiction so far: a date typed in English is month/day/year under US law."""
        return get_path(self.context(), "organisation.jurisdiction", None)

    def prompt(self, q: Question) -> Prompt:
        """How question ``q`` is asked: its type's widget, options, text and parser."""
        kind, lang, current = type_of(q), self.lang, self.current(q)
        if kind.widget == "text":
            return Prompt(
                q.key,
                "text",
                self.message(q),
                lang,
                kind.to_text(current),
                parse=self.date_parser(q, kind) if isinstance(kind, DateType) else parser(q, lang),
                back=True,
            )
        options = tuple(kind.options(self.worded(q), lang))
        prompt = Prompt(q.key, kind.widget, self.message(q), lang, current, options, back=True)
        if q.type not in NETWORK_TYPES:
            return prompt
        names = catalog()
        notes = {
            o.value: names[o.value].warning.get(lang, names[o.value].warning["en"])
            for o in prompt.options
            if names[o.value].warning
        }
        detail = q._replace(type="text", required=False, default=None)  # an account or owner: any text
        return replace(
            prompt,
            default=list(current or []),
            notes=notes,
            validate=self.needs_network("networks" if q.type == "platforms" else "platforms"),
            parse=parser(detail, lang),
        )

    def date_parser(self, q: Question, kind: DateType) -> Callable[[str], Any]:
        """A date typed in the local form of the interview's language (the type table knows how)."""
        lang, jurisdiction = self.lang, self.jurisdiction()
        return lambda typed: kind.parse(q, typed, lang, jurisdiction)

    def needs_network(self, other_type: str) -> Callable[[list[Any]], str | None]:
        """A network checkbox may be left empty only if the other kind was chosen (or not asked yet)."""
        other = next((x.key for x in self.questions.questions if x.type == other_type), "")

        def validate(selected: list[Any]) -> str | None:
            if selected or other not in self.answered or get_path(self.answers, other):
                return None
            return ui(self.lang, "need_network")

        return validate

    # -- the articles the answers give -------------------------------------------------------------

    def tell_vanished(self, q: Question, before: Any) -> None:
        """Say which articles the answer just given leaves out that the one before (or, for an empty
        answer, any answer: the type's stand-in in interview.yml) would have given."""
        if self.articles is None:
            return
        data = self.data()
        now = self.articles(data)
        value = self.value(q)
        alternatives = [before]
        stand_in = STAND_INS.get(type_of(q).name)
        if value in (None, "", []) and stand_in is not None:
            alternatives.append(stand_in)
        gone: list[str] = []
        for other in alternatives:
            if other == value or (other in (None, "", []) and value in (None, "", [])):
                continue
            changed = copy.deepcopy(data)
            set_path(changed, q.key, _copy(other))
            if changed.get("language") != data.get("language"):
                continue  # the titles are in another language: nothing to compare
            gone += [title for title in self.articles(changed) if title not in now and title not in gone]
        for title in gone:
            prompts.say(f"  ⓘ {ui(self.lang, 'article_gone', title=title)}", STYLE["warning"])

    def contents(self) -> list[str]:
        """The titles of the articles and annexes the charter will have, when it can be told."""
        return self.articles(self.data()) if self.articles is not None else []

    # -- the review ------------------------------------------------------------------------------

    def summary(self) -> list[tuple[Section, list[tuple[str, str]]]]:
        """Each section with questions that apply, and each of its answers as (question, answer shown)."""
        shown = []
        for section in self.sections():
            rows = [self.row(q) for q in self.asked(section.id) if self.applies(q)]
            if rows:
                shown.append((section, rows))
        return shown

    def row(self, q: Question) -> tuple[str, str]:
        """A question as the review shows it (its prompt without hint or question mark) and its answer
        in words: the sector's labels, a date as 1er mars 2027, 1 March 2027 or March 1, 2027."""
        kind, value = type_of(q), self.value(q)
        if isinstance(kind, DateType) and isinstance(value, date):
            answer = kind.read_as(value, self.lang, self.jurisdiction())
        else:
            answer = kind.show(self.worded(q), value, self.lang)
        return self.label(q).rstrip(" ?:"), answer

    def review(self) -> None:
        """Show the answers; let the user change sections until they confirm."""
        colon = " : " if self.lang == "fr" else ": "
        while True:
            for n, line in enumerate(self.check_up(self.data()) if self.check_up else []):  # `charter assess`
                prompts.say("\n" * (n == 0) + line.text, CHECK_UP_STYLE.get(line.kind, ""))
            summary = self.summary()
            prompts.say(f"\n{ui(self.lang, 'review')}", STYLE["header"])
            for section, rows in summary:
                prompts.say(f"\n{self.title(section)}", STYLE["done"])
                for question, answer in rows:
                    prompts.say(f"  {question}{colon}{answer}")
            titles = self.contents()
            if titles:
                prompts.say(f"\n{ui(self.lang, 'contents', count=len(titles))}", STYLE["done"])
                for title in titles:  # one a line: a title may hold commas
                    prompts.say(f"  – {title}")
            options = [Option("", ui(self.lang, "confirm"))] + [
                Option(s.id, ui(self.lang, "change", section=self.title(s))) for s, _ in summary
            ]
            choice = prompts.ask(
                Prompt(REVIEW, "select", ui(self.lang, "review_prompt"), self.lang, "", tuple(options))
            )
            if not choice:
                return
            if self.change(next(s for s, _ in summary if s.id == choice)):
                self.walk()  # follow-ups elsewhere that now apply

    def change(self, section: Section) -> bool:
        """At the review: change one answer of ``section``, or all of it; False if the user went back."""
        colon = " : " if self.lang == "fr" else ": "
        applying = [q for q in self.asked(section.id) if self.applies(q)]
        options = [Option("", ui(self.lang, "whole_section", section=self.title(section)))] + [
            Option(q.key, colon.join(self.row(q))) for q in applying
        ]
        message = ui(self.lang, "which_answer", section=self.title(section))
        try:
            key = prompts.ask(
                Prompt(f"{REVIEW}:{section.id}", "select", message, self.lang, "", tuple(options), back=True)
            )
        except prompts.GoBack:
            return False
        chosen = [q for q in self.asked(section.id) if not key or q.key == key]
        return self.ask_in_turn([(section, q) for q in chosen], only_new=False, back_out=True)

    # -- the result --------------------------------------------------------------------------------

    def data(self) -> dict[str, Any]:
        """The answers as the answers file holds them: only questions that apply, `format` first."""
        return {**self.answers, "format": 1}

    def check(self) -> Answers:
        """The answers checked exactly as `charter generate` checks a file; AnswersError otherwise."""
        return check_answers(self.data())
