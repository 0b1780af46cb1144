"""The Jinja2 environment of musforms' own HTML templates (autoescaped, package-loaded)."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, Template, select_autoescape

_LABELS = {
    "da": {
        "employee": "Medarbejder",
        "leader": "Leder",
        "department": "Afdeling",
        "date": "Dato",
        "theme": "Årets tema",
        "yes": "Ja",
        "no": "Nej",
        "now": "Nu",
        "wanted": "Ønsket",
        "competence": "Kompetence",
        "minutes": "Anslået samtaletid: ca. {n} minutter",
        "too_long": "Skemaet fylder mere end 90 minutters samtale. Overvej at fjerne spørgsmål.",
        "required": "skal besvares",
    },
    "en": {
        "employee": "Employee",
        "leader": "Leader",
        "department": "Department",
        "date": "Date",
        "theme": "Annual theme",
        "yes": "Yes",
        "no": "No",
        "now": "Now",
        "wanted": "Wanted",
        "competence": "Competence",
        "minutes": "Estimated conversation time: about {n} minutes",
        "too_long": "The form needs more than a 90-minute talk. Consider removing questions.",
        "required": "required",
    },
}

#: Faces for smiley scales, worst to best, as symbols that common fonts have.
SMILEYS = {3: ("🙁", "😐", "🙂"), 5: ("😞", "🙁", "😐", "🙂", "😄")}


def labels(language: str) -> dict[str, str]:
    """Return the fixed HTML labels in ``language``."""
    return _LABELS["en" if language == "en" else "da"]


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
    from musforms.words import plan_fields as plan_titles

    env.globals["labels"] = labels
    env.globals["smileys"] = SMILEYS
    env.globals["plan_titles"] = plan_titles
    env.globals["plan_fields"] = PLAN_FIELDS
    return env


def template(name: str) -> Template:
    """Return the package template ``name``."""
    return environment().get_template(name)
