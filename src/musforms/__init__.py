"""musforms: the MUS-automat.

A bank of questions for the Danish employee development conversation (MUS),
a builder that ticks them into a form, and the form as Word, Excel, JSON
Schema and HTML; filled forms are read back and collected.

Public names are imported lazily, so that ``import musforms`` (and
``musforms --help``) stay fast: pydantic, python-docx and openpyxl load only
when something needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from musforms._version import __version__

__all__ = [
    "AnswersError",
    "BankError",
    "Form",
    "FormBuilder",
    "FormSpec",
    "MusformsError",
    "QuestionBank",
    "RenderError",
    "SpecError",
    "__version__",
    "build_form",
    "formats",
    "load_bank",
    "preset",
    "presets",
    "read_answers",
    "redraw",
]

_WHERE = {
    "load_bank": "musforms.bank.load",
    "QuestionBank": "musforms.bank.questionbank",
    "FormSpec": "musforms.spec",
    "FormBuilder": "musforms.builder",
    "Form": "musforms.form",
    "build_form": "musforms.builder",
    "preset": "musforms._presets",
    "presets": "musforms._presets",
    "MusformsError": "musforms.errors",
    "BankError": "musforms.errors",
    "SpecError": "musforms.errors",
    "RenderError": "musforms.errors",
    "AnswersError": "musforms.errors",
    "AnswerError": "musforms.errors",
    "PeopleError": "musforms.errors",
    "ConfigError": "musforms.errors",
    "read_answers": "musforms.answers.read",
    "redraw": "musforms._redraw",
    "formats": "musforms.render",
}

if TYPE_CHECKING:
    from musforms._presets import preset, presets
    from musforms._redraw import redraw
    from musforms.answers.read import read_answers
    from musforms.bank.load import load_bank
    from musforms.bank.questionbank import QuestionBank
    from musforms.builder import FormBuilder, build_form
    from musforms.errors import AnswersError, BankError, MusformsError, RenderError, SpecError
    from musforms.form import Form
    from musforms.render import formats
    from musforms.spec import FormSpec


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'musforms' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
