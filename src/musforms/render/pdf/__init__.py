"""The fillable PDF form: print it, or fill it in a PDF reader (Adobe Reader, a browser, Preview).

This module registers the format and stays cheap to import; the document is
drawn by :mod:`musforms.render.pdf._document`, which loads reportlab.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from musforms.render import register
from musforms.render._base import BytesRenderer
from musforms.render._options import AUDIENCE

if TYPE_CHECKING:
    from musforms.form import Form

__all__ = ["PDF", "pdf_bytes"]


def _pdf(form: Form, *, audience: str | None = None) -> bytes:
    from musforms.render.pdf._document import pdf_bytes

    return pdf_bytes(form, audience=audience)


PDF = register(
    BytesRenderer(
        make=_pdf,
        name="pdf",
        suffixes=(".pdf",),
        media_type="application/pdf",
        title={"da": "PDF", "en": "PDF"},
        description={
            "da": "PDF-skema til at printe eller udfylde i en PDF-læser",
            "en": "PDF form to print or fill in in a PDF reader",
        },
        options={AUDIENCE.name: AUDIENCE},
        personalisable=True,
        fill="pdf",
    )
)


def __getattr__(name: str) -> Any:
    """Give ``pdf_bytes`` on first use (reportlab loads then)."""
    if name == "pdf_bytes":
        from musforms.render.pdf._document import pdf_bytes

        return pdf_bytes
    raise AttributeError(f"module 'musforms.render.pdf' has no attribute {name!r}")
