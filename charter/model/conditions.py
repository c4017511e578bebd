"""`when` conditions (of questions and of clauses), compiled once per process in a bounded sandbox.

A condition is a Jinja expression over the answers (`governance.moderation and platforms`). The
questionnaire's and the built-in clauses' conditions are trusted, a custom clause's are not: all run
in the same immutable sandbox as the clause templates, with repetition and powers bounded.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

MAX_SEQUENCE = 100_000  # the longest string or list a template or condition may build with * or **
MAX_EXPONENT = 64  # the largest power a template or condition may compute


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

    return BoundedSandbox


@cache
def _environment() -> Any:
    import jinja2

    return sandbox_class()(undefined=jinja2.StrictUndefined, autoescape=False)


@cache
def compile_condition(expression: str) -> Callable[..., Any]:
    """The compiled expression; jinja2.TemplateSyntaxError when it is not one. Cached per process."""
    return _environment().compile_expression(expression, undefined_to_none=False)  # type: ignore[no-any-return]


def holds(expression: str | None, context: dict[str, Any]) -> bool:
    """Whether ``expression`` is true of ``context`` (no expression: always)."""
    if not expression:
        return True
    return bool(compile_condition(expression)(**context))
