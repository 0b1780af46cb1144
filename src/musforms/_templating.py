"""Jinja2 in texts, sandboxed.

Bank texts, intros and custom questions may say ``{{ organisation }}`` or
``{{ theme }}``. Those texts come from files and web forms that nobody vetted,
so they run in Jinja2's sandbox with every variable required to be known, and
with limits on what arithmetic may allocate: a text can neither reach Python
internals nor make the process build a gigabyte string.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Set
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from musforms.errors import Problem

#: The variables every text may use (PRODUCT.md); a spec may declare more.
FORM_VARIABLES: frozenset[str] = frozenset({"organisation", "theme", "year"})
#: Variables about the person, which render as a blank to fill in when unknown.
PERSON_VARIABLES: frozenset[str] = frozenset({"employee", "leader", "department", "date"})
KNOWN_VARIABLES: frozenset[str] = FORM_VARIABLES | PERSON_VARIABLES

#: What an unknown person renders as: a line to write on.
BLANK = "_______________"

#: No rendered text is longer than this; MUS texts are a few sentences.
MAX_RENDERED_CHARS = 20_000


class TextProblem(Problem):
    """A text cannot be used as a template; ``code`` and ``params`` say why."""


class _LimitedSandbox(SandboxedEnvironment):
    """The sandbox, plus size limits on ``*``, ``**`` and ranges."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        if operator_ == "**":
            if isinstance(right, int | float) and abs(right) > 100:
                raise SecurityError("powers above 100 are not allowed in texts")
            return operator.pow(left, right)
        for value, other in ((left, right), (right, left)):
            sized = isinstance(value, str | list | tuple) and isinstance(other, int)
            if sized and len(value) * other > MAX_RENDERED_CHARS:
                raise SecurityError("the text would become too long")
        return operator.mul(left, right)


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """Return the one sandboxed environment all texts render in."""
    return _LimitedSandbox(
        undefined=StrictUndefined,
        autoescape=False,  # renderers escape for their own format (HTML, XML)
        keep_trailing_newline=False,
    )


def variables_used(text: str) -> set[str]:
    """Return the names of the variables a text refers to.

    Raises:
        TextProblem: the text is not valid Jinja2.
    """
    if "{" not in text:
        return set()
    try:
        ast = environment().parse(text)
    except RecursionError:
        raise TextProblem("template.too_deep") from None
    except TemplateSyntaxError as exc:
        raise TextProblem("template.syntax", {"problem": exc.message}, exc.lineno) from None
    names = set(meta.find_undeclared_variables(ast))
    # Attribute access on strings is how sandbox escapes start; refuse it up front.
    if next(ast.find_all((nodes.Getattr, nodes.Getitem)), None) is not None:
        raise TextProblem("template.attribute")
    return names


def check_text(text: str, allowed: Set[str] = KNOWN_VARIABLES) -> None:
    """Check that a text is a valid template using only ``allowed`` variables.

    Raises:
        TextProblem: naming the unknown variable and the known ones.
    """
    unknown = sorted(variables_used(text) - set(allowed))
    if unknown:
        known = ", ".join(f"{{{{ {name} }}}}" for name in sorted(allowed))
        raise TextProblem("template.unknown_variable", {"name": unknown[0], "known": known})


def render_text(text: str, values: Mapping[str, Any]) -> str:
    """Render a text with ``values`` in the sandbox.

    Raises:
        TextProblem: the text is invalid, uses an unknown variable or tries
            something the sandbox forbids.
    """
    if "{" not in text:
        return text
    check_text(text, set(values))
    try:
        result = environment().from_string(text).render(**values)
    except SecurityError as exc:
        raise TextProblem("template.refused", {"why": str(exc)}) from None
    except UndefinedError as exc:
        raise TextProblem("template.failed", {"why": exc.message or "unknown value"}) from None
    except TemplateError as exc:
        raise TextProblem("template.failed", {"why": str(exc)}) from None
    except RecursionError:
        raise TextProblem("template.too_deep") from None
    except (ArithmeticError, TypeError, ValueError, OverflowError) as exc:
        raise TextProblem("template.failed", {"why": exc.__class__.__name__}) from None
    if len(result) > MAX_RENDERED_CHARS:
        raise TextProblem("template.too_long", {"limit": MAX_RENDERED_CHARS})
    return result
