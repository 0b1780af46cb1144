"""The ready forms: specs shipped with the package, one YAML file each in ``presets/``.

The YAML files live in the data folder ``musforms/presets/``; this module is
named apart from it so that the folder never shadows the function ``presets``.
"""

from __future__ import annotations

import difflib
from functools import cache
from importlib import resources

from musforms.bank.model import Language
from musforms.errors import SpecError
from musforms.spec import FormSpec

__all__ = ["PRESET_NAMES", "preset", "presets"]

#: The presets in the order they are listed (PRODUCT.md): the general MUS forms and their
#: colleague sheet, the MUS for a particular moment in working life, then LUS and GRUS.
#: Others follow by name.
_ORDER = (
    "standard",
    "kommune",
    "smiley",
    "anerkendende",
    "kompetencespind",
    "kollega-input",
    "tre-delt",
    "ny-medarbejder",
    "efter-fravaer",
    "senior",
    "leder",
    "grus",
)


def _shipped() -> tuple[str, ...]:
    root = resources.files("musforms").joinpath("presets")
    names = {e.name.removesuffix(".yaml") for e in root.iterdir() if e.name.endswith(".yaml")}
    ordered = [name for name in _ORDER if name in names]
    return (*ordered, *sorted(names - set(ordered)))


PRESET_NAMES: tuple[str, ...] = _shipped()


@cache
def _parsed(name: str) -> FormSpec:
    text = (
        resources.files("musforms")
        .joinpath("presets")
        .joinpath(f"{name}.yaml")
        .read_text(encoding="utf-8")
    )
    return FormSpec.from_text(text, file=f"<preset {name}>")


def preset(name: str, language: Language | None = None) -> FormSpec:
    """Return a fresh copy of the ready form ``name``.

    Args:
        name: one of :func:`presets`.
        language: ``"da"`` or ``"en"``; ``None`` keeps the preset's own (Danish).

    Raises:
        SpecError: no preset has that name (the message lists the names).
    """
    if name not in PRESET_NAMES:
        close = difflib.get_close_matches(name, PRESET_NAMES, n=1)
        raise SpecError(
            code="spec.unknown_preset",
            params={
                "name": name,
                "hint": close[0] if close else "",
                "names": ", ".join(PRESET_NAMES),
            },
        )
    spec = _parsed(name).model_copy(deep=True)
    if language is not None:
        spec.language = language
    return spec


def presets(language: Language = "da") -> dict[str, str]:
    """Return the ready forms' names and one-line descriptions, in a sensible order."""
    result = {}
    for name in PRESET_NAMES:
        spec = _parsed(name)
        spec_in_language = spec.model_copy(update={"language": language})
        result[name] = spec_in_language.localized("description") or ""
    return result
