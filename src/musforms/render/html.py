"""A standalone HTML preview of a form (also used by the web MUS-automat)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from musforms.form import Form


def render_html(form: Form) -> str:
    """Return the form as one HTML page with its CSS inlined; every text is escaped."""
    from musforms.render._html_env import template

    return template("form.html.j2").render(form=form)
