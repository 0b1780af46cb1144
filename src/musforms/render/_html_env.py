"""The Jinja2 environment of musforms' own HTML templates (autoescaped, package-loaded).

The words the preview shares with Word and Excel come from :mod:`musforms.words`;
only the preview's own lines (the length estimate) are here.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, Template, select_autoescape

from musforms import words
from musforms.kinds import WHEEL_PARTS

_OWN = {
    "da": {
        "minutes": "Anslået samtaletid: ca. {n} minutter",
        "too_long": "Skemaet fylder mere end 90 minutters samtale. Overvej at fjerne spørgsmål.",
        "signatures": "Underskrifter",
    },
    "en": {
        "minutes": "Estimated conversation time: about {n} minutes",
        "too_long": "The form needs more than a 90-minute talk. Consider removing questions.",
        "signatures": "Signatures",
    },
}


def labels(language: str) -> dict[str, str]:
    """Return the fixed HTML labels in ``language``: the shared ones and the preview's own."""
    language = words.for_language(language)
    return {**words.labels(language), **words.wheel_parts(language), **_OWN[language]}


def show_date(value: Any, language: str) -> str:
    """Return a date (or an ISO date string, as answers carry it) as Word writes it."""
    from musforms.form import format_date

    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return str(value)  # not a date: shown as written (and escaped)
    if isinstance(value, dt.date):
        return format_date(value, "en" if language == "en" else "da")
    return ""


def wheel_series(question: Any, answer: Any, language: str) -> list[tuple[str, list[int | None]]]:
    """Return a competence wheel's ratings as the chart's lines (none: no answer yet).

    ``answer`` is as read back: competence id -> ``{now: int, wanted: int}``;
    anything else in it is left out rather than drawn.
    """
    if not isinstance(answer, dict) or not answer:
        return []
    titles = words.wheel_parts(language)
    low, high = question.scale.min, question.scale.max
    lines = []
    for part in WHEEL_PARTS:
        values: list[int | None] = []
        for competence in question.competences:
            ratings = answer.get(competence.id)
            value = ratings.get(part) if isinstance(ratings, dict) else None
            ok = isinstance(value, int) and not isinstance(value, bool)
            values.append(value if ok and low <= value <= high else None)
        lines.append((titles[part], values))
    return lines


@cache
def environment() -> Environment:
    """Return the environment; autoescape is on for every template, whatever its name."""
    env = Environment(
        loader=PackageLoader("musforms.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    from musforms.kinds import PLAN_FIELDS
    from musforms.render._faces import faces_for
    from musforms.render._sheet import sheet_sections
    from musforms.render._svg import face_svg, wheel_svg

    env.globals.update(
        labels=labels,
        show_date=show_date,
        person_fields=words.person_fields,
        sheet_name=words.sheet_name,
        sheet_intro=words.sheet_intro,
        signers=words.signers,
        signature_label=words.signature_label,
        face_names=words.faces,
        faces_for=faces_for,
        face_svg=face_svg,
        wheel_svg=wheel_svg,
        sheet_sections=sheet_sections,
        plan_titles=words.plan_fields,
        plan_fields=PLAN_FIELDS,
        wheel_series=wheel_series,
    )
    return env


def template(name: str) -> Template:
    """Return the package template ``name``."""
    return environment().get_template(name)
