"""The template sandbox of texts (musforms._templating).

T001: every case of issue 12 item 3 is refused at check time, with its code.
T002: every construct outside the allow-list is refused, named in plain words.
T003: what texts need (variables, a few filters, if) keeps working.
T004: the template text and its rendering are bounded in length and depth.
T005: rendering raises nothing but TextProblem, whatever the text.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from musforms import build_form, preset, presets
from musforms._error_codes import format_message
from musforms._templating import (
    ALLOWED_FILTERS,
    KNOWN_VARIABLES,
    MAX_RENDERED_CHARS,
    MAX_TEMPLATE_CHARS,
    TextProblem,
    check_text,
    render_text,
)
from musforms.bank.questionbank import QuestionBank

VALUES: dict[str, Any] = {
    "organisation": "Eksempel Kommune",
    "theme": "Digitalisering",
    "year": 2027,
    "employee": "_______________",
    "leader": "Lene Leder",
    "department": "Økonomi",
    "date": "2027-03-01",
}

#: Issue 12, item 3: each text that ran unbounded or crashed, and the code it now gets.
ITEM_3 = [
    (
        "nested-range-loops",
        "{% for i in range(10**5) %}{% for j in range(10**5) %}x{% endfor %}{% endfor %}",
        "template.not_allowed",
    ),
    (
        "doubling-macro",
        "{% macro d(x) %}{{ x }}{{ x }}{% endmacro %}{{ d(d(d(d(d(d(organisation)))))) }}",
        "template.not_allowed",
    ),
    ("huge-product", "{{ 'x' * 10**9 }}", "template.not_allowed"),
    ("wordwrap", "{{ organisation|wordwrap(10**9) }}", "template.filter_not_allowed"),
    ("indent", "{{ organisation|indent(10**8) }}", "template.filter_not_allowed"),
    ("truncate-huge", "{{ organisation|truncate(10**9) }}", "template.filter_not_allowed"),
    ("dictsort-on-a-number", "{{ year|dictsort }}", "template.filter_not_allowed"),
    ("truncate-too-short", "{{ year|truncate(1) }}", "template.filter_not_allowed"),
]


def problem_of(text: str, allowed: frozenset[str] = KNOWN_VARIABLES) -> TextProblem:
    with pytest.raises(TextProblem) as info:
        check_text(text, allowed)
    return info.value


# -- T001 the cases of the issue ------------------------------------------------------------


@pytest.mark.parametrize(("text", "code"), [c[1:] for c in ITEM_3], ids=[c[0] for c in ITEM_3])
def test_each_case_of_the_issue_is_refused_before_it_renders(text: str, code: str) -> None:
    problem = problem_of(text)
    assert problem.code == code
    with pytest.raises(TextProblem):
        render_text(text, VALUES)


def test_a_refused_filter_is_named_with_the_filters_that_are_allowed() -> None:
    problem = problem_of("{{ year|dictsort }}")
    assert problem.params["name"] == "dictsort"
    assert problem.message == (
        "the filter 'dictsort' is not allowed in texts. Use one of "
        "upper, lower, capitalize, title, trim, default, replace"
    )


# -- T002 the allow-list ----------------------------------------------------------------------


REFUSED = [
    ("for", "{% for x in [1] %}x{% endfor %}", "a loop ({% for %})", "en løkke ({% for %})"),
    ("macro", "{% macro m() %}x{% endmacro %}", "a macro ({% macro %})", "en makro"),
    ("call-block", "{% call m() %}x{% endcall %}", "a call block ({% call %})", "{% call %}"),
    ("set", "{% set x = 1 %}", "setting a variable ({% set %})", "{% set %}"),
    ("set-block", "{% set x %}a{% endset %}", "setting a variable ({% set %})", "{% set %}"),
    ("with", "{% with x = 1 %}{% endwith %}", "a scope ({% with %})", "{% with %}"),
    ("include", "{% include 'x.html' %}", "another template ({% include %})", "{% include %}"),
    ("import", "{% import 'x.html' as x %}", "another template ({% import %})", "{% import %}"),
    ("from-import", "{% from 'x' import y %}", "another template ({% import %})", "{% import %}"),
    ("extends", "{% extends 'x.html' %}", "another template ({% extends %})", "{% extends %}"),
    ("block", "{% block b %}x{% endblock %}", "a block ({% block %})", "{% block %}"),
    (
        "filter-block",
        "{% filter upper %}x{% endfilter %}",
        "a filter around a block ({% filter %})",
        "et filter om en blok",
    ),
    ("autoescape", "{% autoescape true %}x{% endautoescape %}", "{% autoescape %}", "{%"),
    ("call", "{{ range(3) }}", "a function call such as range()", "et funktionskald"),
    ("method", "{{ organisation.upper() }}", "a function call such as range()", "funktionskald"),
    ("plus", "{{ year + 1 }}", "arithmetic (+ - * / // % **)", "regning"),
    ("minus", "{{ -year }}", "arithmetic (+ - * / // % **)", "regning"),
    ("power", "{{ 2 ** 1000000 }}", "arithmetic (+ - * / // % **)", "regning"),
    ("tilde", "{{ organisation ~ theme }}", "joining with ~", "~"),
    ("list", "{{ [organisation, theme] }}", "a list or a mapping", "en liste"),
    ("tuple", "{% if year in (2026, 2027) %}x{% endif %}", "a list or a mapping", "en liste"),
    ("dict", "{{ {'a': 1} }}", "a list or a mapping", "en liste"),
    ("test", "{% if year is divisibleby 3 %}x{% endif %}", "the test 'is divisibleby'", "is"),
]


@pytest.mark.parametrize(
    ("text", "english", "danish"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_a_construct_outside_the_allow_list_is_named_in_plain_words(
    text: str, english: str, danish: str
) -> None:
    problem = problem_of(text)
    assert problem.code == "template.not_allowed"
    assert problem.params["construct"] == english
    assert danish in format_message(problem.code, "da", problem.params)
    assert problem.params["filters"] == ", ".join(ALLOWED_FILTERS)


@pytest.mark.parametrize(
    "text",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ organisation.__class__ }}",
        "{{ organisation['__class__'] }}",
        "{{ organisation[0:3] }}",
    ],
    ids=["dunder-on-a-literal", "dunder", "item", "slice"],
)
def test_reaching_into_a_value_is_refused(text: str) -> None:
    assert problem_of(text).code == "template.attribute"


@pytest.mark.parametrize(
    "text",
    [
        "{{ organisation|replace(theme, 'x') }}",
        "{{ organisation|replace('a') }}",
        "{{ organisation|replace('a', 'b', 2, 3) }}",
        "{{ organisation|replace('a', 'b', count=2) }}",
        "{{ organisation|upper(3) }}",
        "{{ organisation|trim(theme) }}",
        "{{ organisation|default('a', 'b', 'c') }}",
        "{{ organisation|default(x=1) }}",
        "{{ organisation|replace(*theme) }}",
    ],
    ids=[
        "replace-a-variable",
        "replace-one-argument",
        "replace-four-arguments",
        "replace-keyword",
        "upper-with-an-argument",
        "trim-a-variable",
        "default-three-arguments",
        "default-unknown-keyword",
        "star-arguments",
    ],
)
def test_an_allowed_filter_with_other_arguments_is_refused(text: str) -> None:
    problem = problem_of(text)
    assert problem.code == "template.not_allowed"
    assert problem.params["construct"].startswith("the filter '")


def test_an_unknown_variable_is_still_named() -> None:
    problem = problem_of("{% if nope %}{{ organisation }}{% endif %}")
    assert problem.code == "template.unknown_variable" and problem.params["name"] == "nope"


# -- T003 what texts need -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("Hvordan går det med {{ theme }}?", "Hvordan går det med Digitalisering?"),
        ("{{organisation}} {{ year }}", "Eksempel Kommune 2027"),
        ("{{ theme|upper }} {{ theme|lower }}", "DIGITALISERING digitalisering"),
        ("{{ 'hej verden'|capitalize }}/{{ 'hej verden'|title }}", "Hej verden/Hej Verden"),
        ("[{{ '  x  '|trim }}]", "[x]"),
        ("{{ organisation|replace('Kommune', 'Region') }}", "Eksempel Region"),
        ("{{ organisation|replace('e', 'E', 1) }}", "EksEmpel Kommune"),
        ("{{ leader|default('din leder') }} {{ ''|d('ingen', true) }}", "Lene Leder ingen"),
        ("{% if year > 2026 %}ny{% elif year == 2026 %}nu{% else %}gammel{% endif %}", "ny"),
        ("{% if theme and not department %}a{% else %}b{% endif %}", "b"),
        ("{% if 'Kommune' in organisation or year != 1 %}k{% endif %}", "k"),
        ("{{ 'ja' if employee is string else 'nej' }}", "ja"),
        ("{% if leader is defined and date is not none %}x{% endif %}", "x"),
        ("{# a comment #}{% raw %}{{ not a variable }}{% endraw %}", "{{ not a variable }}"),
        ("{{- theme -}} !", "Digitalisering!"),
        ("Ingen variabler", "Ingen variabler"),
    ],
    ids=[
        "variable",
        "no-spaces-and-a-number",
        "upper-lower",
        "capitalize-title",
        "trim",
        "replace",
        "replace-count",
        "default",
        "if-elif-else",
        "and-not",
        "in-or",
        "inline-if-and-a-test",
        "defined-none",
        "comment-and-raw",
        "whitespace-control",
        "plain-text",
    ],
)
def test_what_texts_need_renders(text: str, rendered: str) -> None:
    check_text(text)
    assert render_text(text, VALUES) == rendered


def test_every_shipped_text_and_preset_still_renders(bank: QuestionBank) -> None:
    for question in bank.questions:
        for text in question.all_texts():
            check_text(text)
            assert "{" not in render_text(text, VALUES), question.id
    for name in presets():
        assert build_form(preset(name)).questions, name


# -- T004 bounds -------------------------------------------------------------------------------


def test_a_template_longer_than_the_limit_is_refused_unparsed() -> None:
    text = "{{ theme }}" + "x" * MAX_TEMPLATE_CHARS
    problem = problem_of(text)
    assert problem.code == "template.too_long"
    assert problem.params["limit"] == MAX_TEMPLATE_CHARS


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("{{ organisation }}" * 40, {"organisation": "o" * 1000}),
        ("{{ organisation|upper }}", {"organisation": "o" * (MAX_RENDERED_CHARS + 1)}),
        ("{{ organisation|replace('', '0123456789') }}", {"organisation": "o" * 3000}),
        ("{{ organisation" + "|replace('o', 'oooo')" * 12 + " }}", {"organisation": "o"}),
        ("{{ organisation|default('x') }}", {"organisation": "o" * (MAX_RENDERED_CHARS + 1)}),
    ],
    ids=["many-outputs", "a-long-value", "replace-empty", "replace-chain", "default"],
)
def test_a_rendering_longer_than_the_limit_is_refused(text: str, values: dict[str, Any]) -> None:
    check_text(text, frozenset(values))
    with pytest.raises(TextProblem) as info:
        render_text(text, values)
    assert info.value.code == "template.too_long"
    assert info.value.params["limit"] == MAX_RENDERED_CHARS


@pytest.mark.parametrize(
    "text",
    [
        "{{ " + "(" * 500 + "theme" + ")" * 500 + " }}",
        "{{ " + "not " * 900 + "theme }}",
        "{% if theme %}" * 40 + "x" + "{% endif %}" * 40,
        "{{ theme" + "|upper" * 60 + " }}",
        "{{ " + "(" * 40 + "theme" + ")" * 40 + " }}",
    ],
    ids=["brackets", "nots", "ifs", "filters", "forty-brackets"],
)
def test_a_text_nesting_too_deeply_is_refused(text: str) -> None:
    assert problem_of(text).code == "template.too_deep"


# -- T005 nothing but TextProblem --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "{{ organisation < year }}",
        "{% if 'a' in year %}x{% endif %}",
        "{{ year|replace('2', '3') }}{{ theme > 3 }}",
    ],
    ids=["compare-a-text-with-a-number", "in-a-number", "after-a-good-part"],
)
def test_a_text_failing_at_render_time_is_a_text_problem(text: str) -> None:
    check_text(text)
    with pytest.raises(TextProblem) as info:
        render_text(text, VALUES)
    assert info.value.code == "template.failed"


#: Pieces of Jinja for the property test: good and bad, balanced or not.
_FRAGMENTS = [
    "{{", "}}", "{%", "%}", "{#", "#}", "{{ ", " }}", "{% if ", "{% elif ", "{% else %}",
    "{% endif %}", "{% for i in ", "{% endfor %}", "{% macro m(x) %}", "{% endmacro %}",
    "{% set x = ", "range(", "10**9", ")", "(", "[", "]", "'x' * ", " ~ ", " not ", ".",
    "__class__", "|", "organisation", "nope", "caller()", "-1", "1.5e308", "\n",
]  # fmt: skip
FRAGMENTS = st.sampled_from(_FRAGMENTS)
_ATOMS = [
    "organisation", "theme", "year", "employee", "leader", "nope", "'x'", '"y"', "''", "0",
    "1", "-1", "99999999999999", "1.5e308", "true", "none", "range(10**5)", "'x' * 10**9",
    "2 ** 1000000", "m(organisation)", "''.__class__", "organisation[0]", "[1, 2]",
    "caller()", "lipsum(9**9)",
]  # fmt: skip
ATOMS = st.sampled_from(_ATOMS)
_FILTERS = [
    "upper", "lower", "title", "trim", "capitalize", "replace('o', 'oooo')",
    "replace('', 'xyz')", "replace('e', 'E', 1)", "default('d')", "d('x', true)",
    "wordwrap(10**9)", "indent(10**8)", "truncate(1)", "truncate(10**9)", "dictsort",
    "center(9**9)", "format(1)", "replace(theme, 'x')", "join", "list", "int", "e",
]  # fmt: skip
FILTERS = st.sampled_from(_FILTERS)
TESTS = st.sampled_from(["defined", "none", "string", "number", "divisibleby 3", "odd"])
OPERATORS = st.sampled_from([" and ", " or ", " == ", " != ", " < ", " in ", " ~ ", " * ", " + "])


def _expressions(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return (
        st.tuples(inner, FILTERS).map("|".join)
        | st.tuples(inner, OPERATORS, inner).map(lambda t: f"({''.join(t)})")
        | inner.map("(not {})".format)
        | st.tuples(inner, inner, inner).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})")
        | st.tuples(inner, TESTS).map(lambda t: f"({t[0]} is {t[1]})")
    )


EXPRESSIONS = st.recursive(ATOMS, _expressions, max_leaves=8)


def _statements(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    many = st.lists(inner, max_size=3).map("".join)
    return (
        st.tuples(EXPRESSIONS, many, many).map(
            lambda t: f"{{% if {t[0]} %}}{t[1]}{{% else %}}{t[2]}{{% endif %}}"
        )
        | st.tuples(EXPRESSIONS, many).map(lambda t: f"{{% for i in {t[0]} %}}{t[1]}{{% endfor %}}")
        | many.map("{{% macro m(x) %}}{}{{{{ x }}}}{{{{ x }}}}{{% endmacro %}}".format)
        | EXPRESSIONS.map("{{% set x = {} %}}".format)
    )


STATEMENTS = st.recursive(
    st.text(max_size=6) | EXPRESSIONS.map("{{{{ {} }}}}".format), _statements, max_leaves=6
)
TEXTS = (
    st.lists(STATEMENTS, max_size=6).map("".join)
    | st.lists(FRAGMENTS | st.text(max_size=8), max_size=30).map("".join)
    | st.text(max_size=200)
)
LONG = {**VALUES, "organisation": "Eksempel Kommune " * 100}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, values=st.sampled_from([VALUES, LONG]))
def test_any_text_renders_within_the_limit_or_is_a_text_problem(
    text: str, values: dict[str, Any]
) -> None:
    try:
        check_text(text)
        rendered = render_text(text, values)
    except TextProblem as problem:
        assert problem.message  # every problem has a message in the catalogue
        return
    assert len(rendered) <= MAX_RENDERED_CHARS


# -- the plain-text fast path -----------------------------------------------------------

_PLAIN_PIECE = st.one_of(
    st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=30),
    st.sampled_from(["{{ organisation }}", "{{year}}", "{{  theme }}", "{{ employee }}"]),
)


@settings(max_examples=200, deadline=None)
@given(pieces=st.lists(_PLAIN_PIECE, max_size=8))
def test_a_plain_text_renders_the_same_with_or_without_the_sandbox(pieces: list[str]) -> None:
    """The regular-expression path for ``{{ name }}`` texts gives what Jinja2 gives."""
    from musforms._sandbox import sandbox_render

    text = "".join(pieces)
    values = {"organisation": "Ærø & Co", "year": 2027, "theme": "<Digital>", "employee": "_" * 15}
    assert render_text(text, values) == sandbox_render(text, values)
