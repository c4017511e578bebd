"""Choose the clauses of one charter by their conditions and render them, naming file and line on error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from charter import limits, markup
from charter.answersfile.check import BAD_CHARS
from charter.blocks import Block
from charter.clauses import blockcache
from charter.clauses.cache import cache_folder, safe_cache
from charter.clauses.context import (
    ITEM_KEYS,
    JINJA_NAMES,
    CrossReferenceError,
    build_context,
    known_names,
    unknown_names,
)
from charter.clauses.environment import NoneValue, NotText, make_environment
from charter.clauses.files import Clause
from charter.clauses.references import Reference, gather, load_references
from charter.errors import AnswersError, Problem, TemplateError
from charter.limits import Timeout
from charter.model.answers import Answers
from charter.model.conditions import compile_condition, condition_scope
from charter.model.site import shown
from charter.model.suggest import closest, did_you_mean


class RenderedClause(NamedTuple):
    clause: Clause
    blocks: list[Block]


def _template_line(exc: BaseException, filename: str) -> int | None:
    """The line of `filename` where a render error happened, from Jinja's rewritten traceback."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _describe(exc: BaseException) -> str:
    import jinja2

    if isinstance(exc, CrossReferenceError):
        return str(exc)
    if isinstance(exc, NoneValue):
        return "prints a value that is empty (none); test it with {% if ... %} first"
    if isinstance(exc, NotText):
        return (
            f"prints {exc.what}; print its items one by one ({{% for ... %}}) "
            "or join them ({{ ...|join(', ') }})"
        )
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message}" + _suggest(exc.message or "")
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return f"refused by the sandbox: {exc}"
    if isinstance(exc, MemoryError):
        return "used more memory than a clause may"
    return f"{type(exc).__name__}: {exc}"


def _suggest(message: str) -> str:
    match = re.search(r"'([^']+)' is undefined", message)
    if match:
        close = closest(match.group(1), [*known_names(), *JINJA_NAMES])
        if close:
            return f' (did you mean "{close}"?)'
    match = re.search(r"has no attribute '([^']+)'", message)
    if match:
        keys = [key for group in known_names().values() for key in group or ()] + list(ITEM_KEYS)
        close = closest(match.group(1), keys)
        if close:
            return f' (did you mean "{close}"?)'
    return ""


def _missing(message: str) -> str | None:
    """The name or key an UndefinedError is about."""
    match = re.search(r"'([^']+)' is undefined", message) or re.search(r"has no attribute '([^']+)'", message)
    return match.group(1) if match else None


def _undefined(exc: BaseException, source: str, path: Path, line: int, offset: int = 0) -> str | None:
    """What `templates check` says of the undefined name or key `exc` is about, at ``line`` of the
    template ``source``: the expression as written and the closest valid name, or None."""
    import jinja2
    from jinja2 import nodes

    if not isinstance(exc, jinja2.UndefinedError):
        return None
    missing = _missing(exc.message or "")
    try:
        ast = make_environment({}).parse(source)
    except jinja2.TemplateSyntaxError:
        return None
    found = [p for p in unknown_names(ast, path, offset) if p.line == line or offset]
    found.sort(key=lambda p: missing is None or f"{missing}`" not in p.message)
    if found:
        return found[0].message
    for attr in ast.find_all(nodes.Getattr):  # a key of a loop variable (`p.acount`): not checked statically
        if attr.attr == missing and attr.lineno + offset == line:
            keys = sorted({k for group in known_names().values() for k in group or ()} | set(ITEM_KEYS))
            written = f"{attr.node.name}.{missing}" if isinstance(attr.node, nodes.Name) else missing
            return f'`{written}` is undefined: there is no key "{missing}".{did_you_mean(missing, keys)}'
    return None


class Renderer:
    """Chooses and renders the clauses of one charter."""

    def __init__(
        self,
        clauses: dict[str, Clause],
        answers: Answers,
        *,
        cached: bool = True,
        references: dict[str, Reference] | None = None,
    ) -> None:
        self.clauses = clauses
        self.answers = answers
        self.context = build_context(answers)
        # the library's references; by default the built-in ones of the charter's language
        self.references = load_references(answers.language) if references is None else references
        self.folder = cache_folder() if cached else None  # compiled clauses and parsed markup, between runs
        self.env = make_environment(clauses, folder=self.folder, lang=answers.language)
        self.bytecode = safe_cache(self.folder) if self.folder is not None else None  # for the conditions
        self._scope: dict[str, Any] | None = None  # what every clause reads (see render)

    def selected(self, exclude: list[str] | tuple[str, ...] = ()) -> list[Clause]:
        """The clauses whose condition holds, less ``exclude``, in the charter's order.

        An excluded id that is no clause, or an exclusion that leaves nothing, is a problem of the
        answers file (exit 3), reported at its key and line, by `validate` and `generate` alike.
        """
        import jinja2

        problems = [
            Problem(
                ("clauses", "exclude", index),
                f"no clause has the id {shown(ident)}.{did_you_mean(ident, list(self.clauses))} "
                "`charter templates list` shows them.",
                self.answers.line(("clauses", "exclude", index)),
            )
            for index, ident in enumerate(exclude)
            if ident not in self.clauses
        ]
        if problems:
            raise AnswersError(f"{self.answers.name} names clauses that do not exist:", list(problems))
        chosen = []
        scope = condition_scope(self.context)
        for clause in self.clauses.values():
            if clause.id in exclude:
                continue
            if clause.when is not None:
                try:
                    keep = bool(compile_condition(clause.when, self.bytecode).evaluate(scope))
                except jinja2.TemplateSyntaxError as exc:
                    raise TemplateError(
                        f"{clause.path}, line {clause.when_line}: the `when` condition is not a valid "
                        f"expression ({exc.message})."
                    ) from None
                except Exception as exc:
                    said = _undefined(
                        exc, "{{ " + clause.when + " }}", clause.path, clause.when_line, clause.when_line - 1
                    )
                    raise TemplateError(
                        f"{clause.path}, line {clause.when_line}: "
                        + (said or f"the `when` condition fails: {_describe(exc)}.")
                    ) from None
                if not keep:
                    continue
            chosen.append(clause)
        if not chosen:
            where = Problem(
                ("clauses", "exclude"),
                "leaves no clause in the charter; keep at least one.",
                self.answers.line(("clauses", "exclude")),
            )
            if exclude:
                raise AnswersError(f"{self.answers.name} leaves the charter empty:", [where])
            raise TemplateError("no clause applies to these answers: the charter would be empty.")
        ordered = sorted(chosen, key=lambda c: (c.part != "article", c.order, c.id))
        self._settle(ordered)
        return ordered

    def _settle(self, chosen: list[Clause]) -> None:
        """What templates see once the clauses are chosen: `clause_ids`, `article(id)` and the
        `references` of the annex (the union of the chosen clauses' references)."""
        numbers = {c.id: str(n) for n, c in enumerate((c for c in chosen if c.part == "article"), 1)}
        library = self.clauses

        def article(ident: str) -> str:
            if ident in numbers:
                return numbers[ident]
            if ident not in library:
                raise CrossReferenceError(
                    f'article("{ident}"): no clause has the id "{ident}".{did_you_mean(ident, list(library))}'
                )
            if library[ident].part != "article":
                raise CrossReferenceError(f'article("{ident}"): "{ident}" is an annex, not an article')
            raise CrossReferenceError(
                f'article("{ident}"): the clause "{ident}" is not in this charter (its condition does not '
                f'hold, or clauses.exclude leaves it out); test it first: {{% if "{ident}" in clause_ids %}}'
            )

        self._scope = None  # the names change: the clauses will read them afresh
        self.context["clause_ids"] = [c.id for c in chosen]
        self.context["article"] = article
        self.context["references"] = gather(
            chosen, self.context, self.references, self.answers.language, self.bytecode
        )

    def render(self, clause: Clause) -> str:
        import jinja2

        try:
            template = self.env.get_template(clause.id)
            if self._scope is None:
                self._scope = {**template.globals, **self.context}
            # what Template.render does, but every clause of the charter reads the same names (never
            # changed by a template: a `set` goes to the clause's own variables), not a copy of them
            context = template.new_context(self._scope, shared=True)
            try:
                text: str = self.env.concat(template.root_render_func(context))
            except Exception:
                self.env.handle_exception()  # raises the error with the template's own lines
            return text
        except jinja2.TemplateSyntaxError as exc:
            where = f"{exc.filename or clause.path}, line {exc.lineno}"
            raise TemplateError(
                f"{where}: template syntax error: {(exc.message or '').rstrip('.')}."
            ) from None
        except Timeout:
            raise
        except Exception as exc:
            filename = str(clause.path)
            line = _template_line(exc, filename)
            # An error inside an included clause: report the innermost clause file.
            for other in self.clauses.values():
                other_line = _template_line(exc, str(other.path))
                if other_line is not None and other is not clause:
                    filename, line = str(other.path), other_line
            where = f"{filename}, line {line}" if line else filename
            failed = next((c for c in self.clauses.values() if str(c.path) == filename), clause)
            said = _undefined(exc, failed.source, failed.path, line) if line else None
            raise TemplateError(f"{where}: {said or _describe(exc) + '.'}") from None

    def render_all(self, exclude: list[str] | tuple[str, ...] = ()) -> list[RenderedClause]:
        rendered: list[RenderedClause] = []
        current: Clause | None = None
        try:  # the caller bounds time and memory (charter.limits.bounded)
            for clause in self.selected(exclude):
                current = clause
                text = self.render(clause)
                numbered = clause.part == "article"
                # a text this process knows was checked when first met (it is kept only once checked)
                bad = None if markup.known(text, numbered) else BAD_CHARS.search(text)
                if bad:  # written in the template, as `{{ "\x01" }}`: the answers cannot hold one
                    line = text.count("\n", 0, bad.start()) + 1
                    raise TemplateError(
                        f"{clause.path}, near line {line}: the rendered clause holds the character "
                        f"U+{ord(bad.group()):04X}, a control character that no charter can hold."
                    )
                try:
                    blocks = blockcache.blocks(text, numbered=numbered, folder=self.folder)
                except markup.MarkupError as exc:
                    where = f"{clause.path}, near line {exc.line}" if exc.line else str(clause.path)
                    raise TemplateError(
                        f"{where}: the rendered clause breaks the markup: {exc.message}."
                    ) from None
                rendered.append(RenderedClause(clause, blocks))
        except Timeout:
            name = current.path if current else "the clause library"
            raise TemplateError(
                f"{name}: rendering was stopped after {limits.RENDER_SECONDS:g} seconds, the most a whole "
                "clause library may take. Answers files are small (their lists are bounded), so a loop or "
                "filter in this clause, or in one rendered before it, does too much work."
            ) from None
        except MemoryError:
            name = current.path if current else "the clause library"
            raise TemplateError(
                f"{name}: rendering was stopped: it used more memory than a clause may."
            ) from None
        return rendered
