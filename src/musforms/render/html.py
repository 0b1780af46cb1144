"""A standalone HTML preview of a form (also drawn inside the web MUS-automat)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from musforms.render import register
from musforms.render._base import BytesRenderer

if TYPE_CHECKING:
    from musforms.form import Form

__all__ = ["HTML", "render_body", "render_html"]


def render_html(form: Form, *, answers: Mapping[str, Any] | None = None) -> str:
    """Return the form as one HTML page with its CSS inlined; every text is escaped.

    The page shows the main sheet of the form's type of conversation (the
    conversation form; the colleague's sheet for colleague input). With
    ``answers`` (question id -> answer, as :func:`musforms.read_answers` gives
    them) it shows a filled form: boxes ticked, texts written, wheels drawn.
    """
    from musforms.render._html_env import template

    return template("form.html.j2").render(form=form, answers=answers)


def render_body(
    form: Form, *, heading_level: int = 1, answers: Mapping[str, Any] | None = None
) -> str:
    """Return the form's body alone, its title at ``heading_level`` (the web preview's h3).

    Headings below the title follow one level down each, so a page that holds
    the preview keeps its heading order. ``answers`` as for :func:`render_html`.
    """
    from musforms.render._html_env import template

    return template("form_body.html.j2").render(form=form, level=heading_level, answers=answers)


def _html(form: Form) -> bytes:
    return render_html(form).encode("utf-8")


HTML = register(
    BytesRenderer(
        make=_html,
        name="html",
        suffixes=(".html", ".htm"),
        media_type="text/html; charset=utf-8",
        title={"da": "Forhåndsvisning", "en": "Preview"},
        description={
            "da": "HTML-forhåndsvisning til en browser",
            "en": "HTML preview for a browser",
        },
    )
)
