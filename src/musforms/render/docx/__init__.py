"""The Word (.docx) form: fillable on screen, printable on A4.

This module registers the format and stays cheap to import; the document is
built by :mod:`musforms.render.docx._document`, which loads python-docx.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from musforms.render import register
from musforms.render._base import BytesRenderer
from musforms.render._options import AUDIENCE, PROTECT_WORD, TEMPLATE

if TYPE_CHECKING:
    from musforms.form import Form

__all__ = ["AUDIENCES", "DOCX", "docx_bytes", "render_docx"]

DOCX_MEDIA = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx(
    form: Form,
    *,
    audience: str | None = None,
    template: str | Path | None = None,
    protect: bool = False,
) -> bytes:
    from musforms.render.docx._document import docx_bytes

    return docx_bytes(form, audience=audience, template=template, protect=bool(protect))


DOCX = register(
    BytesRenderer(
        make=_docx,
        name="docx",
        suffixes=(".docx",),
        media_type=DOCX_MEDIA,
        title={"da": "Word", "en": "Word"},
        description={
            "da": "Word-dokument til at printe eller udfylde på skærmen",
            "en": "Word document to print or fill in on screen",
        },
        options={option.name: option for option in (AUDIENCE, TEMPLATE, PROTECT_WORD)},
        personalisable=True,
        fill="ooxml",
    )
)


def __getattr__(name: str) -> Any:
    """Give the document builder's public names on first use (python-docx loads then)."""
    if name in {"AUDIENCES", "docx_bytes", "render_docx"}:
        from musforms.render.docx import _document

        return getattr(_document, name)
    raise AttributeError(f"module 'musforms.render.docx' has no attribute {name!r}")
