"""`when` conditions (of questions and of clauses), compiled once per process in a bounded sandbox.

A condition is a Jinja expression over the answers (`governance.moderation and platforms`). The
questionnaire's and the built-in clauses' conditions are trusted, a custom clause's are not: all run
in the same immutable sandbox as the clause templates, with repetition and powers bounded.
"""

from __future__ import annotations

from functools import cache
from typing import Any

MAX_SEQUENCE = 100_000  # the longest string or list a template or condition may build with * or **
MAX_EXPONENT = 64  # the largest power a template or condition may compute


_DICT_ATTRIBUTES = frozenset(dir(dict))


@cache
def sandbox_class() -> type:
    """Jinja2's immutable sandbox with `*` and `**` bounded, for conditions and clause templates."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise jinja2.exceptions.SecurityError(f"powers are limited to an exponent of {MAX_EXPONENT}")
            if operator == "*":
                for seq, count in ((left, right), (right, left)):
                    too_long = isinstance(seq, str | list | tuple) and isinstance(count, int)
                    if too_long and len(seq) * count > MAX_SEQUENCE:
                        raise jinja2.exceptions.SecurityError(
                            f"a repeated string or list is limited to {MAX_SEQUENCE} items"
                        )
            return super().call_binop(context, operator, left, right)

        def make_globals(self, d: Any) -> Any:
            # A template's globals as one plain dict, not Jinja's ChainMap over the environment's:
            # every render and condition lists them, and a ChainMap lists its keys in Python. The
            # environment's globals are set before any template is loaded, and never changed after.
            return {**self.globals, **(d or {})}

        def getattr(self, obj: Any, attribute: str) -> Any:
            # `answers.organisation.name`: Jinja tries the attribute first, fails, then the key. For a
            # plain dict, whose attributes are exactly its type's, the key is looked up at once when
            # no attribute has that name: the same value, without an exception (a charter makes some
            # 350 such lookups). Anything else goes the sandbox's own way.
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
                return obj[attribute]
            return super().getattr(obj, attribute)

    return BoundedSandbox


@cache
def _environment() -> Any:
    import jinja2

    return sandbox_class()(undefined=jinja2.StrictUndefined, autoescape=False)


@cache
def compile_condition(expression: str, bytecode: Any = None) -> Condition:
    """The compiled expression; jinja2.TemplateSyntaxError when it is not one. Cached per process and,
    with ``bytecode`` (the private folder's Jinja bytecode cache, `charter.clauses.cache`), between
    runs: compiling the three dozen conditions of a charter was a tenth of a run's time."""
    env = _environment()
    if bytecode is None:
        code = env.compile(_as_template(env, expression))
    else:
        bucket = bytecode.get_bucket(env, f"when:{expression}", None, expression)
        if bucket.code is None:
            bucket.code = env.compile(_as_template(env, expression))
            bytecode.set_bucket(bucket)
        code = bucket.code
    return Condition(env.template_class.from_code(env, code, env.make_globals(None), None))


def condition_scope(context: dict[str, Any]) -> dict[str, Any]:
    """The names a condition sees: the sandbox's globals with ``context`` over them, as Jinja merges
    them for each call; made once for many conditions (`Condition.evaluate`)."""
    return {**_environment().globals, **context}


class Condition:
    """A compiled condition: ``condition(**context)`` is its value, as Jinja's `compile_expression`
    gives it (an undefined name raises; no value is turned into None)."""

    __slots__ = ("_template",)

    def __init__(self, template: Any) -> None:
        self._template = template  # `result = <expression>`, compiled

    def __call__(self, **context: Any) -> Any:
        return self.evaluate(condition_scope(context))

    def evaluate(self, scope: dict[str, Any]) -> Any:
        """The value in ``scope`` (`condition_scope`), which is read, not copied: a charter evaluates
        some sixty conditions, and copying its names for each was most of their time."""
        context = self._template.new_context(scope, shared=True)
        for _ in self._template.root_render_func(context):
            pass
        return context.vars["result"]


def _as_template(env: Any, expression: str) -> Any:
    """The tree Jinja's `compile_expression` compiles (``result = <expression>``), with its errors."""
    from jinja2 import nodes
    from jinja2.exceptions import TemplateSyntaxError
    from jinja2.parser import Parser

    parser = Parser(env, expression, state="variable")
    try:
        expr = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno, None, None)
        expr.set_environment(env)
    except TemplateSyntaxError:
        env.handle_exception(source=expression)
    return nodes.Template([nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)], lineno=1)


def holds(expression: str | None, context: dict[str, Any]) -> bool:
    """Whether ``expression`` is true of ``context`` (no expression: always)."""
    if not expression:
        return True
    return bool(compile_condition(expression)(**context))
