"""Texts with ``{{ variables }}``: checked and rendered, fast where they are plain.

Bank texts, intros and custom questions may say ``{{ organisation }}`` or
``{{ theme }}``. Almost every text is plain text with such variables and
nothing else: those are checked and filled here by a regular expression,
with no template engine at all (importing Jinja2 alone costs a command about
40 ms). Anything more (a filter, an ``if``, braces that are no variable) goes
to the sandbox, :mod:`musforms._sandbox`, which parses the text with Jinja2 and
holds it to an allow-list. Both give the same result for a plain text; a test
compares them.

Everything refused is a :class:`TextProblem` with a code of the catalogue;
callers turn it into a located error. Rendering raises nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from functools import lru_cache
from typing import Any

from musforms.errors import Problem

__all__ = [
    "BLANK",
    "FORM_VARIABLES",
    "KNOWN_VARIABLES",
    "MAX_RENDERED_CHARS",
    "PERSON_VARIABLES",
    "TextProblem",
    "check_text",
    "render_text",
    "variables_used",
]

#: The variables every text may use (PRODUCT.md); a spec may declare more.
FORM_VARIABLES: frozenset[str] = frozenset({"organisation", "theme", "year"})
#: Variables about the person, which render as a blank to fill in when unknown.
PERSON_VARIABLES: frozenset[str] = frozenset({"employee", "leader", "department", "date"})
KNOWN_VARIABLES: frozenset[str] = FORM_VARIABLES | PERSON_VARIABLES

#: What an unknown person renders as: a line to write on.
BLANK = "_______________"

#: No template text is longer than this: the longest text a bank or spec holds.
MAX_TEMPLATE_CHARS = 4_000
#: No rendered text is longer than this; MUS texts are a few sentences.
MAX_RENDERED_CHARS = 20_000
#: How deep brackets, unary ``not``/``-`` and ``{% if %}`` blocks may nest in a text.
MAX_NESTING = 8
#: How deep the parsed tree may be (a chain of filters, of ``and``, of ``if``).
MAX_DEPTH = 30

#: The filters a text may use, as the messages list them (``d`` is ``default``).
ALLOWED_FILTERS: tuple[str, ...] = (
    "upper",
    "lower",
    "capitalize",
    "title",
    "trim",
    "default",
    "replace",
)
#: The tests ``is ...`` a text may use; none takes an argument.
ALLOWED_TESTS: tuple[str, ...] = ("defined", "undefined", "none", "number", "string")


class TextProblem(Problem):
    """A text cannot be used as a template; ``code`` and ``params`` say why."""


#: ``{{ name }}``: the whole of what a plain text may hold in braces.
_VARIABLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_NEWLINES = re.compile("\r\n?")
#: Words Jinja2 reads as constants or operators, not as variables: the sandbox's to judge.
_NOT_NAMES = frozenset(
    {"true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is", "if"}
)


@lru_cache(maxsize=2048)
def _plain_names(text: str) -> tuple[str, ...] | None:
    """Return the variables of a text that is plain text and ``{{ name }}``s; else ``None``."""
    if len(text) > MAX_TEMPLATE_CHARS:
        return None
    names = tuple(_VARIABLE.findall(text))
    if any(name in _NOT_NAMES for name in names) or "{" in _VARIABLE.sub("", text):
        return None
    return names


def variables_used(text: str) -> set[str]:
    """Return the names of the variables a text refers to.

    Raises:
        TextProblem: the text is not valid Jinja2, or uses what texts may not.
    """
    if "{" not in text:
        return set()
    names = _plain_names(text)
    if names is not None:
        return set(names)
    from musforms._sandbox import sandbox_variables

    return sandbox_variables(text)


def check_text(text: str, allowed: Set[str] = KNOWN_VARIABLES) -> None:
    """Check that a text is a template texts may be, using only ``allowed`` variables.

    Raises:
        TextProblem: ``template.too_long``, ``.syntax``, ``.too_deep``,
            ``.not_allowed``, ``.filter_not_allowed``, ``.attribute`` or
            ``.unknown_variable`` (naming it and the known ones).
    """
    unknown = sorted(variables_used(text) - set(allowed))
    if unknown:
        known = ", ".join(f"{{{{ {name} }}}}" for name in sorted(allowed))
        raise TextProblem("template.unknown_variable", {"name": unknown[0], "known": known})


def render_text(text: str, values: Mapping[str, Any]) -> str:
    """Render a text with ``values``, checked first and bounded as it renders.

    Raises:
        TextProblem: the text is refused (see :func:`check_text`), its rendering
            would be longer than :data:`MAX_RENDERED_CHARS`, or it fails on
            these values (comparing a text with a number); never anything else.
    """
    if "{" not in text:
        return text
    check_text(text, set(values))
    if _plain_names(text) is None:
        from musforms._sandbox import sandbox_render

        return sandbox_render(text, values)
    # As Jinja2 does: its template's line breaks become \n, and one final one goes.
    template = _NEWLINES.sub("\n", text)
    if template.endswith("\n"):
        template = template[:-1]
    rendered = _VARIABLE.sub(lambda match: str(values[match.group(1)]), template)
    if len(rendered) > MAX_RENDERED_CHARS:
        raise TextProblem("template.too_long", {"limit": MAX_RENDERED_CHARS})
    return rendered
