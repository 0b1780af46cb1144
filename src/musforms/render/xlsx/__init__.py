"""The Excel (.xlsx) workbook; see :mod:`musforms.render.xlsx._workbook`."""

from musforms.render.xlsx._workbook import build_workbook, render_xlsx, xlsx_bytes

__all__ = ["build_workbook", "render_xlsx", "xlsx_bytes"]
