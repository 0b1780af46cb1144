"""Every error has a code, and every code is in the catalogue and in docs/errors.md.

E001 every code the source raises is in the catalogue, with an English and a Danish message
E002 docs/errors.md lists the catalogue exactly (``--update-golden`` rewrites it)
E004 a message's parameters all exist in its other language too, and every template fills
E005 every code of the catalogue is raised somewhere (no dead codes)
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from musforms._error_codes import CODES, catalogue_markdown, fill

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "musforms"
DOCS = ROOT / "docs" / "errors.md"
AREAS = {code.split(".", 1)[0] for code in CODES}
CODE = re.compile(r"^[a-z]+\.[a-z_0-9]+$")
#: File names look like codes (``spec.yaml``); no code ends in a file suffix.
SUFFIXES = {"yaml", "yml", "json", "docx", "dotx", "xlsx", "pdf", "html", "toml", "csv"}


def codes_in_source() -> dict[str, str]:
    """Return every code-looking string literal of the source and where it first is."""
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name == "_error_codes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                value = node.value
                area, _, tail = value.partition(".")
                if CODE.match(value) and area in AREAS and tail not in SUFFIXES:
                    found.setdefault(value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_code_raised_is_in_the_catalogue() -> None:  # E001
    assert {c: w for c, w in codes_in_source().items() if c not in CODES} == {}
    assert all(message.en and message.da for message in CODES.values())


def test_docs_list_every_code(update_golden: bool) -> None:  # E002
    expected = catalogue_markdown()
    if update_golden:
        DOCS.write_text(expected, encoding="utf-8")
    assert DOCS.read_text(encoding="utf-8") == expected


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CODES))
def test_both_languages_take_the_same_parameters(code: str) -> None:  # E004
    message = CODES[code]
    en, da = _names(message.en), _names(message.da)
    # Danish may say less; it may not need a parameter English does not give.
    assert da - {"hint_da", "expected_da", "construct_da"} <= en
    params = dict.fromkeys(en | da, "x")
    assert fill(message.en, params) and fill(message.da, params)


#: The one code no call site names: the base class's own, for an error made without a code.
UNNAMED = {"error"}


def test_every_catalogue_code_is_raised_somewhere() -> None:  # E005
    """A code nothing raises is a promise in docs/errors.md that no user ever sees."""
    named = codes_in_source()
    assert sorted(code for code in CODES if code not in named and code not in UNNAMED) == []
