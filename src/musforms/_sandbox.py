"""Jinja2 in texts, held to an allow-list: the sandbox behind :mod:`musforms._templating`.

Bank texts, intros and custom questions may say ``{{ organisation }}`` or
``{{ theme }}``. Those texts come from files and web forms that nobody vetted.
A MUS text needs variables, a few filters and perhaps ``if``; it never needs a
loop, a macro, arithmetic or a call, and each of those can keep a process busy
for hours or build a gigabyte string. So every text is parsed
(``Environment.parse``) and its tree checked against an explicit allow-list of
node types, filters and tests before anything is compiled or rendered; what
remains is bounded in nesting, in the length of the text and in the length of
its rendering, which is counted piece by piece as it is made.

Everything refused is a :class:`TextProblem` with a code of the catalogue;
callers turn it into a located error. Rendering raises nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, nodes
from jinja2 import filters as jinja_filters
from jinja2 import tests as jinja_tests
from jinja2.exceptions import SecurityError, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from musforms._templating import (
    ALLOWED_FILTERS,
    ALLOWED_TESTS,
    MAX_DEPTH,
    MAX_NESTING,
    MAX_RENDERED_CHARS,
    MAX_TEMPLATE_CHARS,
    TextProblem,
)

# -- the allow-list ----------------------------------------------------------------

#: Nodes allowed as they are; their children are checked in turn.
_PLAIN: frozenset[type[nodes.Node]] = frozenset(
    {
        nodes.Template,
        nodes.Output,
        nodes.TemplateData,
        nodes.Const,
        nodes.If,
        nodes.And,
        nodes.Or,
        nodes.Not,
        nodes.Compare,
        nodes.Operand,
        nodes.Keyword,  # only reachable as a filter's or test's argument, both checked
    }
)
_ARITHMETIC = ("arithmetic (+ - * / // % **)", "regning (+ - * / // % **)")
_TEMPLATE = ("another template ({{% {tag} %}})", "en anden skabelon ({{% {tag} %}})")
_SETTING = ("setting a variable ({% set %})", "at sætte en variabel ({% set %})")
_COLLECTION = ("a list or a mapping", "en liste eller en tabel")
#: Refused nodes, named in plain words (English, Danish).
_REFUSED: dict[type[nodes.Node], tuple[str, str]] = {
    nodes.For: ("a loop ({% for %})", "en løkke ({% for %})"),
    nodes.Macro: ("a macro ({% macro %})", "en makro ({% macro %})"),
    nodes.CallBlock: ("a call block ({% call %})", "en kaldeblok ({% call %})"),
    nodes.Call: ("a function call such as range()", "et funktionskald som range()"),
    nodes.Assign: _SETTING,
    nodes.AssignBlock: _SETTING,
    nodes.With: ("a scope ({% with %})", "et virkefelt ({% with %})"),
    nodes.Include: (_TEMPLATE[0].format(tag="include"), _TEMPLATE[1].format(tag="include")),
    nodes.Import: (_TEMPLATE[0].format(tag="import"), _TEMPLATE[1].format(tag="import")),
    nodes.FromImport: (_TEMPLATE[0].format(tag="import"), _TEMPLATE[1].format(tag="import")),
    nodes.Extends: (_TEMPLATE[0].format(tag="extends"), _TEMPLATE[1].format(tag="extends")),
    nodes.Block: ("a block ({% block %})", "en blok ({% block %})"),
    nodes.FilterBlock: (
        "a filter around a block ({% filter %})",
        "et filter om en blok ({% filter %})",
    ),
    nodes.Scope: ("{% autoescape %}", "{% autoescape %}"),  # what the parser wraps it in
    nodes.ScopedEvalContextModifier: ("{% autoescape %}", "{% autoescape %}"),
    nodes.EvalContextModifier: ("{% autoescape %}", "{% autoescape %}"),
    nodes.Concat: ("joining with ~", "sammensætning med ~"),
    nodes.Tuple: _COLLECTION,
    nodes.List: _COLLECTION,
    nodes.Dict: _COLLECTION,
    nodes.Pair: _COLLECTION,
    **dict.fromkeys(
        (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow),
        _ARITHMETIC,
    ),
    nodes.Neg: _ARITHMETIC,
    nodes.Pos: _ARITHMETIC,
}
_REACHING = (nodes.Getattr, nodes.Getitem, nodes.Slice)

#: Block tags that open a block closed by ``end<tag>``, for the nesting count.
_OPENERS = frozenset({"if", "for", "macro", "call", "filter", "block", "with", "autoescape"})


def _not_allowed(construct: tuple[str, str], node: nodes.Node | None = None) -> TextProblem:
    params = {
        "construct": construct[0],
        "construct_da": construct[1],
        "filters": ", ".join(ALLOWED_FILTERS),
    }
    return TextProblem("template.not_allowed", params, getattr(node, "lineno", None))


def _const(node: nodes.Node | None, *types: type) -> bool:
    """Return whether ``node`` is a literal of one of ``types`` (``True`` is no number)."""
    if not isinstance(node, nodes.Const) or isinstance(node.value, bool) is not (bool in types):
        return False
    return isinstance(node.value, types)


def _no_arguments(node: nodes.Filter) -> bool:
    return not node.args and not node.kwargs


def _default_arguments(node: nodes.Filter) -> bool:
    """``default``, ``default(value)``, ``default(value, true)``, ``default(value, boolean=…)``."""
    if len(node.args) > 2 or (len(node.args) == 2 and not _const(node.args[1], bool)):
        return False
    if not node.kwargs:
        return True
    (keyword, *more) = node.kwargs
    alone = not more and len(node.args) < 2
    return alone and keyword.key == "boolean" and _const(keyword.value, bool)


def _replace_arguments(node: nodes.Filter) -> bool:
    """``replace('old', 'new')`` or ``replace('old', 'new', count)``, all literals."""
    args = node.args
    if node.kwargs or len(args) not in (2, 3):
        return False
    texts = _const(args[0], str) and _const(args[1], str)
    return texts and (len(args) == 2 or _const(args[2], int))


_NO_ARGUMENTS = ("none", "ingen")
#: How each allowed filter may be written, and how to say so (English, Danish).
_FILTER_ARGUMENTS: dict[str, tuple[Callable[[nodes.Filter], bool], tuple[str, str]]] = {
    "upper": (_no_arguments, _NO_ARGUMENTS),
    "lower": (_no_arguments, _NO_ARGUMENTS),
    "capitalize": (_no_arguments, _NO_ARGUMENTS),
    "title": (_no_arguments, _NO_ARGUMENTS),
    "trim": (_no_arguments, _NO_ARGUMENTS),
    "default": (
        _default_arguments,
        ("one value and perhaps true, as in default('text')", "én værdi og måske true, som i "
         "default('tekst')"),
    ),
    "replace": (
        _replace_arguments,
        (
            "two quoted texts and perhaps a number, as in replace('a', 'b')",
            "to tekster i anførselstegn og måske et tal, som i replace('a', 'b')",
        ),
    ),
}  # fmt: skip
_FILTER_ARGUMENTS["d"] = _FILTER_ARGUMENTS["default"]


def _check_filter(node: nodes.Filter) -> None:
    rule = _FILTER_ARGUMENTS.get(node.name)
    if rule is None:
        filters = ", ".join(ALLOWED_FILTERS)
        raise TextProblem(
            "template.filter_not_allowed", {"name": node.name, "filters": filters}, node.lineno
        )
    arguments_ok, (usage, usage_da) = rule
    if node.dyn_args is not None or node.dyn_kwargs is not None or not arguments_ok(node):
        raise _not_allowed(
            (
                f"the filter '{node.name}' with other arguments than {usage}",
                f"filteret «{node.name}» med andre argumenter end {usage_da}",
            ),
            node,
        )


def _check_node(node: nodes.Node) -> None:
    """Raise a TextProblem unless the node itself (not its children) is allowed."""
    kind = type(node)
    if kind in _PLAIN:
        return
    if kind is nodes.Name and isinstance(node, nodes.Name):
        if node.ctx != "load":
            raise _not_allowed(_SETTING, node)
    elif kind is nodes.Filter and isinstance(node, nodes.Filter):
        _check_filter(node)
    elif kind is nodes.Test and isinstance(node, nodes.Test):
        if node.name not in ALLOWED_TESTS or node.args or node.kwargs or node.dyn_args:
            raise _not_allowed((f"the test 'is {node.name}'", f"testen «is {node.name}»"), node)
    elif kind is nodes.CondExpr and isinstance(node, nodes.CondExpr):
        if node.expr2 is None:
            raise _not_allowed(("an inline if without else", "et indlejret if uden else"), node)
    elif isinstance(node, _REACHING):
        raise TextProblem("template.attribute", line=node.lineno)
    else:
        name = kind.__name__
        raise _not_allowed(_REFUSED.get(kind, (f"'{name}'", f"«{name}»")), node)


def _names_in(tree: nodes.Template) -> frozenset[str]:
    """Check every node of a parsed text, in the order of the text; return its variables.

    Nothing a text may contain declares a variable, so every name is one it uses.
    The walk keeps its own stack: a deep tree is a refusal, not a RecursionError.
    """
    names: set[str] = set()
    stack: list[tuple[nodes.Node, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TextProblem("template.too_deep", line=getattr(node, "lineno", None))
        _check_node(node)
        if isinstance(node, nodes.Name):
            names.add(node.name)
        children = list(node.iter_child_nodes())
        stack.extend((child, depth + 1) for child in reversed(children))
    return frozenset(names)


def _check_nesting(text: str) -> None:
    """Refuse deep nesting from the tokens, before the (recursive) parser sees it.

    Raises:
        TextProblem: ``template.too_deep``, or ``template.syntax`` from the lexer.
    """
    brackets = blocks = unary = 0
    after_block_begin = False
    for line, kind, value in _tokens(text):
        if kind == "whitespace":
            continue
        if kind == "operator" and value in ("(", "[", "{"):
            brackets += 1
        elif kind == "operator" and value in (")", "]", "}"):
            brackets -= 1
        if after_block_begin and kind == "name":
            blocks += value in _OPENERS
            blocks -= value.startswith("end") and value[3:] in _OPENERS
        after_block_begin = kind == "block_begin"
        is_unary = (kind == "operator" and value in ("+", "-")) or (
            kind == "name" and value == "not"
        )
        unary = unary + 1 if is_unary else 0
        if max(brackets, blocks, unary) > MAX_NESTING:
            raise TextProblem("template.too_deep", line=line)


def _tokens(text: str) -> Iterator[tuple[int, str, str]]:
    try:
        yield from environment().lex(text)
    except TemplateSyntaxError as exc:
        raise _syntax(exc) from None


def _syntax(exc: TemplateSyntaxError) -> TextProblem:
    return TextProblem("template.syntax", {"problem": exc.message}, exc.lineno)


@lru_cache(maxsize=1024)
def _checked_names(text: str) -> frozenset[str]:
    """Check a template text all the way; return the variables it uses (cached per text)."""
    if len(text) > MAX_TEMPLATE_CHARS:
        raise TextProblem("template.too_long", {"limit": MAX_TEMPLATE_CHARS})
    _check_nesting(text)
    try:
        tree = environment().parse(text)
    except TemplateSyntaxError as exc:
        raise _syntax(exc) from None
    except RecursionError:
        raise TextProblem("template.too_deep") from None
    except (ValueError, OverflowError) as exc:  # a literal Python will not read as a number
        raise TextProblem("template.syntax", {"problem": exc.__class__.__name__}) from None
    return _names_in(tree)


# -- the bounded filters -------------------------------------------------------------


def _too_long() -> TextProblem:
    return TextProblem("template.too_long", {"limit": MAX_RENDERED_CHARS})


def _bounded(value: Any) -> str:
    """Return a filter's input as text, refusing one longer than any rendering may be."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > MAX_RENDERED_CHARS:
        raise _too_long()
    return text


def _replace(value: Any, old: str, new: str, count: int = -1) -> str:
    """``str.replace``, refused before it runs when the result would be too long."""
    text = _bounded(value)
    places = text.count(old) if old else len(text) + 1
    if count >= 0:
        places = min(places, count)
    if len(text) + places * (len(new) - len(old)) > MAX_RENDERED_CHARS:
        raise _too_long()
    return text.replace(old, new, count)


_FILTERS: dict[str, Callable[..., Any]] = {
    "upper": lambda value: _bounded(value).upper(),
    "lower": lambda value: _bounded(value).lower(),
    "capitalize": lambda value: _bounded(value).capitalize(),
    "title": lambda value: jinja_filters.do_title(_bounded(value)),
    "trim": lambda value: _bounded(value).strip(),
    "default": jinja_filters.do_default,
    "d": jinja_filters.do_default,
    "replace": _replace,
}
_TESTS: dict[str, Callable[..., bool]] = {
    "defined": jinja_tests.test_defined,
    "undefined": jinja_tests.test_undefined,
    "none": jinja_tests.test_none,
    "number": jinja_tests.test_number,
    "string": jinja_tests.test_string,
}


@lru_cache(maxsize=1)
def environment() -> SandboxedEnvironment:
    """Return the one environment all texts render in.

    It is Jinja2's sandbox with no globals (no ``range``, ``cycler``, ...) and
    only the allowed, bounded filters and tests: a second wall behind the
    allow-list, should a construct ever slip past it.
    """
    env = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,  # renderers escape for their own format (HTML, XML)
        keep_trailing_newline=False,
    )
    env.globals.clear()
    env.filters = dict(_FILTERS)
    env.tests = dict(_TESTS)
    return env


@lru_cache(maxsize=512)
def _compiled(text: str) -> Template:
    """Return a checked text compiled (cached: a bank text renders in every form)."""
    try:
        return environment().from_string(text)
    except TemplateError as exc:
        raise TextProblem("template.failed", {"why": str(exc)}) from None
    except (RecursionError, SyntaxError, MemoryError):
        raise TextProblem("template.too_deep") from None


# -- the public helpers ----------------------------------------------------------------


def sandbox_variables(text: str) -> set[str]:
    """Return the names of the variables a text refers to.

    Raises:
        TextProblem: the text is not valid Jinja2, or uses what texts may not.
    """
    if "{" not in text:
        return set()
    return set(_checked_names(text))


def sandbox_render(text: str, values: Mapping[str, Any]) -> str:
    """Render a text with ``values``, checked first and bounded as it renders.

    Raises:
        TextProblem: the text is refused (see :func:`check_text`), its rendering
            would be longer than :data:`MAX_RENDERED_CHARS`, or it fails on
            these values (comparing a text with a number); never anything else.
    """
    if "{" not in text:
        return text
    unknown = sorted(sandbox_variables(text) - set(values))
    if unknown:
        raise TextProblem("template.unknown_variable", {"name": unknown[0], "known": ""})
    parts: list[str] = []
    size = 0
    try:
        for piece in _compiled(text).generate(**values):
            size += len(piece)
            if size > MAX_RENDERED_CHARS:
                raise _too_long()
            parts.append(piece)
    except TextProblem:
        raise
    except SecurityError as exc:
        raise TextProblem("template.refused", {"why": str(exc)}) from None
    except UndefinedError as exc:
        raise TextProblem("template.failed", {"why": exc.message or "unknown value"}) from None
    except TemplateError as exc:
        raise TextProblem("template.failed", {"why": str(exc)}) from None
    except RecursionError:
        raise TextProblem("template.too_deep") from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        raise TextProblem("template.failed", {"why": exc.__class__.__name__}) from None
    return "".join(parts)
