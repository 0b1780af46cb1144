"""The Word (.docx) form; see :mod:`musforms.render.docx._document`."""

from musforms.render.docx._document import AUDIENCES, docx_bytes, render_docx

__all__ = ["AUDIENCES", "docx_bytes", "render_docx"]
