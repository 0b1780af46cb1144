"""The ready forms: specs shipped with the package, one YAML file each in ``presets/``.

The YAML files live in the data folder ``musforms/presets/``; this module is
named apart from it so that the folder never shadows the function ``presets``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from musforms._cache import cache_key, read_cache, write_cache
from musforms._located import LocatedData
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
    """Return the preset ``name``, validated; its YAML parsed once and then read from the cache.

    The cache (:mod:`musforms._cache`) holds the parsed data and its line map, not a
    spec: the data is validated again each time, so a cache file can never give a
    spec that the YAML would not.
    """
    raw = resources.files("musforms").joinpath("presets").joinpath(f"{name}.yaml").read_bytes()
    located = _located(name, raw)
    return FormSpec.from_data(located.data, file=f"<preset {name}>", located=located)


def _located(name: str, raw: bytes) -> LocatedData:
    key = cache_key(b"preset", name.encode(), raw)
    content = read_cache("preset", key)
    if isinstance(content, dict) and isinstance(content.get("lines"), list):
        try:
            lines = {tuple(path): int(line) for path, line in content["lines"]}
            return LocatedData(content.get("data"), lines)
        except (TypeError, ValueError):
            pass  # damaged: parse the YAML again
    from musforms._yaml import load_yaml

    located = load_yaml(raw.decode("utf-8"))
    try:
        as_json = json.dumps(located.data, ensure_ascii=False)
    except (TypeError, ValueError):
        return located  # a value JSON cannot hold (a date): no cache for this preset
    if json.loads(as_json) == located.data:
        listed = [[list(path), line] for path, line in located.lines.items()]
        write_cache("preset", key, {"data": located.data, "lines": listed})
    return located


def preset(name: str, language: Language | None = None) -> FormSpec:
    """Return a fresh copy of the ready form ``name``.

    Args:
        name: one of :func:`presets`.
        language: ``"da"`` or ``"en"``; ``None`` keeps the preset's own (Danish).

    Raises:
        SpecError: no preset has that name (the message lists the names).
    """
    if name not in PRESET_NAMES:
        import difflib  # only for a wrong name

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
