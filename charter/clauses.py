"""The clause library: find clause files, read their front matter, choose them by condition and
render them in a strict, sandboxed Jinja2 environment.

Built-in clauses live in `templates/clauses/<lang>/`; a user's library has the same layout and
overrides built-in clauses by id. Every error names the file and the line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from pathlib import Path
from typing import Any

from charter import markup
from charter.answers import Answers
from charter.blocks import Block
from charter.errors import TemplateError
from charter.questions import catalog, questionnaire
from charter.resources import builtin_dir, load_yaml

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
FRONT_MATTER_KEYS = ("id", "title", "order", "when", "part", "page_break")
PARTS = ("article", "annex")
DEFAULT_ORDER = 500
RENDER_SECONDS = 10.0  # a clause library that takes longer is stopped
RENDER_MEMORY = 1 << 30  # and one that asks for more than this much memory
MAX_SEQUENCE = 100_000  # the longest string or list a template may build with * or **


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    path: Path
    source: str  # the body, front matter blanked out so that line numbers match the file
    order: int = DEFAULT_ORDER
    when: str | None = None
    when_line: int = 1
    part: str = "article"
    page_break: bool = False
    builtin: bool = True


@dataclass(frozen=True)
class RenderedClause:
    clause: Clause
    blocks: list[Block] = field(default_factory=list)


def strings(lang: str) -> dict[str, Any]:
    data = load_yaml("strings.yml")
    assert isinstance(data, dict)
    return data[lang]


# --------------------------------------------------------------------------- reading clause files


def read_clause(path: Path, *, builtin: bool, problems: list[str]) -> Clause | None:
    """One clause file, or None with its problems appended."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(f"{path}: not UTF-8 text.")
        return None
    except OSError as exc:
        problems.append(f"{path}: cannot be read ({exc.strerror}).")
        return None
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.append(f"{path}, line 1: a clause file starts with front matter between two `---` lines.")
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        problems.append(f"{path}, line 1: the front matter is never closed by a `---` line.")
        return None
    import yaml

    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same result, faster
        meta = yaml.load("".join(lines[1:end]), Loader=loader) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 2 if mark else 1
        problems.append(f"{path}, line {line}: the front matter is not valid YAML ({exc.problem}).")
        return None
    if not isinstance(meta, dict):
        problems.append(f"{path}, line 2: the front matter must be a mapping (id: ..., title: ...).")
        return None
    key_lines = {
        ln.split(":", 1)[0].strip(): number
        for number, ln in enumerate(lines[1:end], start=2)
        if ":" in ln and not ln.startswith((" ", "#"))
    }
    found = len(problems)

    def bad(key: str, message: str) -> None:
        problems.append(f"{path}, line {key_lines.get(key, 2)}: {message}")

    for key in meta:
        if key not in FRONT_MATTER_KEYS:
            match = difflib.get_close_matches(str(key), FRONT_MATTER_KEYS, n=1)
            hint = f' Did you mean "{match[0]}"?' if match else ""
            bad(
                str(key),
                f"unknown front-matter key `{key}`.{hint} Valid keys: {', '.join(FRONT_MATTER_KEYS)}.",
            )
    ident = meta.get("id")
    if ident is None:
        bad("id", "the front matter needs an `id`.")
    elif not isinstance(ident, str) or not ID_PATTERN.match(ident):
        bad("id", f"id {ident!r} must be lowercase letters, digits and _ (starting with a letter).")
    title = meta.get("title")
    if not isinstance(title, str) or not title.strip():
        bad("title", "the front matter needs a `title` (text).")
    order = meta.get("order", DEFAULT_ORDER)
    if isinstance(order, bool) or not isinstance(order, int):
        bad("order", f"order must be a whole number, got {order!r}.")
    when = meta.get("when")
    if when is not None and not isinstance(when, str | bool):
        bad("when", f"when must be a condition written as text, got {when!r}.")
    part = meta.get("part", "article")
    if part not in PARTS:
        bad("part", f"part must be one of {', '.join(PARTS)}, got {part!r}.")
    page_break = meta.get("page_break", False)
    if not isinstance(page_break, bool):
        bad("page_break", f"page_break must be true or false, got {page_break!r}.")
    if len(problems) > found:
        return None
    body = "\n" * (end + 1) + "".join(lines[end + 1 :])
    return Clause(
        id=ident,
        title=title.strip(),
        path=path,
        source=body,
        order=order,
        when=str(when).lower() if isinstance(when, bool) else when,
        when_line=key_lines.get("when", 2),
        part=part,
        page_break=page_break,
        builtin=builtin,
    )


def library_dirs(lang: str, custom: Path | None) -> list[tuple[Path, bool]]:
    dirs = [(builtin_dir() / "clauses" / lang, True)]
    if custom is not None:
        dirs.append((custom / lang, False))
    return dirs


def check_custom_dir(custom: Path) -> None:
    if not custom.is_dir():
        raise TemplateError(f"{custom}: no such folder of custom clauses.")
    if not any((custom / lang).is_dir() for lang in ("fr", "en")):
        raise TemplateError(
            f"{custom} holds no fr/ or en/ folder. A clause library keeps its clauses in "
            f"{custom}/fr/*.md and {custom}/en/*.md (run `charter templates eject` to start one)."
        )


def read_folder(folder: Path, *, builtin: bool, problems: list[str]) -> dict[str, Clause]:
    """The clauses of one folder by id; bad files and duplicate ids are added to `problems`."""
    clauses: dict[str, Clause] = {}
    if not folder.is_dir():
        return clauses
    for path in sorted(folder.glob("*.md")):
        clause = read_clause(path, builtin=builtin, problems=problems)
        if clause is None:
            continue
        if clause.id in clauses:
            problems.append(f"{path}: duplicate id `{clause.id}`, already used by {clauses[clause.id].path}.")
            continue
        clauses[clause.id] = clause
    return clauses


def load_library(lang: str, custom: Path | None = None) -> dict[str, Clause]:
    """Every clause for a language, the user's replacing built-in ones of the same id."""
    problems: list[str] = []
    clauses: dict[str, Clause] = {}
    for folder, builtin in library_dirs(lang, custom):
        clauses.update(read_folder(folder, builtin=builtin, problems=problems))
    if problems:
        raise TemplateError("The clause library has problems; nothing was written:", problems)
    return clauses


# --------------------------------------------------------------------------- context


def build_context(answers: Answers) -> dict[str, Any]:
    """What templates see: the answers under the file's names, plus a few documented helpers."""
    data = answers.data
    lang = data["language"]
    words = strings(lang)
    names = catalog()
    platforms = [{**p, "name": names[p["id"]].name} for p in data["platforms"]]
    networks = [
        {"id": n, "name": names[n].name, "status": names[n].status} for n in data["enterprise_networks"]
    ]
    governance = data["governance"]
    questions = questionnaire().by_key()

    def label(key: str, value: Any) -> str:
        question = questions.get(key)
        if question is None:
            raise ValueError(f"label(): no question {key!r}")
        return question.label(value, lang)

    return {
        **data,
        "platforms": platforms,
        "enterprise_networks": networks,
        "platform_ids": [p["id"] for p in platforms],
        "network_ids": [n["id"] for n in networks],
        "active_networks": [n for n in networks if n["status"] != "closing"],
        "owner": data["charter"]["owner"] or words["default_owner"],
        "team": governance.get("team_name") or words["default_team"],
        "label": label,
    }


# Names a template may use beyond the answers' own keys, and the keys of a platform or network item.
HELPERS = ("platform_ids", "network_ids", "active_networks", "owner", "team", "label")
ITEM_KEYS = ("id", "name", "account", "owner", "status")
JINJA_NAMES = ("loop", "range", "dict", "namespace", "lipsum", "cycler", "joiner")


@cache
def known_names() -> dict[str, tuple[str, ...] | None]:
    """Each top-level name of the context and, for a group of the answers, the keys under it."""
    names: dict[str, tuple[str, ...] | None] = {}
    for q in questionnaire().questions:
        if len(q.path) == 1:
            names[q.key] = None
        else:
            names[q.path[0]] = (*(names.get(q.path[0]) or ()), q.path[1])
    names.update(dict.fromkeys(HELPERS))
    return names


def join_and(items: Any, lang: str) -> str:
    """`a, b and c` / `a, b et c`."""
    items = [str(i) for i in items]
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {strings(lang)['and']} {items[-1]}"


def long_date(value: Any, lang: str) -> str:
    if not isinstance(value, date):
        raise ValueError(f"long_date needs a date, got {value!r}")
    month = strings(lang)["months"][value.month - 1]
    day = "1er" if lang == "fr" and value.day == 1 else str(value.day)
    return f"{day} {month} {value.year}"


# --------------------------------------------------------------------------- the environment


def _finalize(value: Any) -> Any:
    """Every printed value is text: escaped so it can never become markup, and never a silent blank."""
    if value is None:
        raise _NoneValue()
    return markup.escape(value if isinstance(value, str) else str(value))


class _NoneValue(Exception):
    pass


class _Timeout(Exception):
    pass


# Part of the bytecode cache's folder name: change it whenever the environment's settings change,
# since Jinja keys cached code on the template's source only.
_ENVIRONMENT_SETTINGS = "sandbox-strict-trim-lstrip-finalize-1"


def _bytecode_cache() -> Any:
    """Compiled clauses kept between runs (Jinja's own cache, checked against each source)."""
    import os

    from jinja2 import FileSystemBytecodeCache

    from charter import __version__

    root = os.environ.get("CHARTER_CACHE_DIR")
    if root == "":  # caching switched off
        return None
    if root is None:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = os.path.join(base, "charter")
    folder = Path(root) / f"jinja-{__version__}-{_ENVIRONMENT_SETTINGS}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def make_environment(clauses: dict[str, Clause]) -> Any:
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Environment(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > 64:
                raise jinja2.exceptions.SecurityError("powers are limited to an exponent of 64")
            if operator == "*":
                for seq, count in ((left, right), (right, left)):
                    too_long = isinstance(seq, str | list | tuple) and isinstance(count, int)
                    if too_long and len(seq) * count > MAX_SEQUENCE:
                        raise jinja2.exceptions.SecurityError(
                            f"a repeated string or list is limited to {MAX_SEQUENCE} items"
                        )
            return super().call_binop(context, operator, left, right)

    by_name = {c.id: c for c in clauses.values()}

    def load(name: str) -> tuple[str, str, Any] | None:
        clause = by_name.get(name.removesuffix(".md"))
        if clause is None:
            return None
        return clause.source, str(clause.path), lambda: True

    env = Environment(
        loader=jinja2.FunctionLoader(load),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
        bytecode_cache=_bytecode_cache(),
    )
    return env


@contextmanager
def _limits(seconds: float, memory: int) -> Iterator[None]:
    """Bound a render's time (SIGALRM, main thread only) and address space (RLIMIT_AS)."""
    import signal
    import threading

    restore: list[Any] = []
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):

        def expire(signum: int, frame: Any) -> None:
            raise _Timeout()

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        restore.append(
            lambda: (signal.setitimer(signal.ITIMER_REAL, 0), signal.signal(signal.SIGALRM, previous))
        )
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * resource.getpagesize()
        cap = used + memory
        if soft == resource.RLIM_INFINITY or soft > cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
            restore.append(lambda: resource.setrlimit(resource.RLIMIT_AS, (soft, hard)))
    except (ImportError, OSError, ValueError):
        pass
    try:
        yield
    finally:
        for undo in reversed(restore):
            undo()


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

    if isinstance(exc, _NoneValue):
        return "prints a value that is empty (none); test it with {% if ... %} first"
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
        close = difflib.get_close_matches(match.group(1), [*known_names(), *JINJA_NAMES], n=1)
        if close:
            return f' (did you mean "{close[0]}"?)'
    match = re.search(r"has no attribute '([^']+)'", message)
    if match:
        keys = [key for group in known_names().values() for key in group or ()] + list(ITEM_KEYS)
        close = difflib.get_close_matches(match.group(1), keys, n=1)
        if close:
            return f' (did you mean "{close[0]}"?)'
    return ""


class Renderer:
    """Chooses and renders the clauses of one charter."""

    def __init__(self, clauses: dict[str, Clause], answers: Answers) -> None:
        self.clauses = clauses
        self.answers = answers
        self.context = build_context(answers)
        self.env = make_environment(clauses)
        lang = answers.language
        self.env.filters["join_and"] = partial(join_and, lang=lang)
        self.env.filters["long_date"] = partial(long_date, lang=lang)

    def selected(self, exclude: list[str] | tuple[str, ...] = ()) -> list[Clause]:
        import jinja2

        unknown = [i for i in exclude if i not in self.clauses]
        if unknown:
            problems = [f"`{i}` is not a clause id.{_hint(i, list(self.clauses))}" for i in unknown]
            raise TemplateError("clauses.exclude names clauses that do not exist:", problems)
        chosen = []
        for clause in self.clauses.values():
            if clause.id in exclude:
                continue
            if clause.when is not None:
                try:
                    test = self.env.compile_expression(clause.when, undefined_to_none=False)
                    keep = bool(test(**self.context))
                except jinja2.TemplateSyntaxError as exc:
                    raise TemplateError(
                        f"{clause.path}, line {clause.when_line}: the `when` condition is not a valid "
                        f"expression ({exc.message})."
                    ) from None
                except Exception as exc:
                    raise TemplateError(
                        f"{clause.path}, line {clause.when_line}: "
                        f"the `when` condition fails: {_describe(exc)}."
                    ) from None
                if not keep:
                    continue
            chosen.append(clause)
        return sorted(chosen, key=lambda c: (c.part != "article", c.order, c.id))

    def render(self, clause: Clause) -> str:
        import jinja2

        try:
            template = self.env.get_template(clause.id)
            return template.render(self.context)
        except jinja2.TemplateSyntaxError as exc:
            where = f"{exc.filename or clause.path}, line {exc.lineno}"
            raise TemplateError(f"{where}: template syntax error: {exc.message.rstrip('.')}.") from None
        except _Timeout:
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
            raise TemplateError(f"{where}: {_describe(exc)}.") from None

    def render_all(self, exclude: list[str] | tuple[str, ...] = ()) -> list[RenderedClause]:
        rendered: list[RenderedClause] = []
        current: Clause | None = None
        try:
            with _limits(RENDER_SECONDS, RENDER_MEMORY):
                for clause in self.selected(exclude):
                    current = clause
                    text = self.render(clause)
                    try:
                        blocks = markup.parse(text, numbered=clause.part == "article")
                    except markup.MarkupError as exc:
                        where = f"{clause.path}, near line {exc.line}" if exc.line else str(clause.path)
                        raise TemplateError(
                            f"{where}: the rendered clause breaks the markup: {exc.message}."
                        ) from None
                    rendered.append(RenderedClause(clause, blocks))
        except _Timeout:
            name = current.path if current else "the clause library"
            raise TemplateError(
                f"{name}: rendering was stopped after {RENDER_SECONDS:g} seconds. Does a loop run for ever?"
            ) from None
        except MemoryError:
            name = current.path if current else "the clause library"
            raise TemplateError(
                f"{name}: rendering was stopped: it used more memory than a clause may."
            ) from None
        return rendered


def _hint(word: str, options: list[str]) -> str:
    match = difflib.get_close_matches(word, options, n=1)
    return f' Did you mean "{match[0]}"?' if match else ""
