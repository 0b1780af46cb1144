"""The Excel (.xlsx) workbook: protected, validated, fillable, with live radar charts.

This module registers the format and stays cheap to import; the workbook is
built by :mod:`musforms.render.xlsx._workbook`, which loads openpyxl.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from musforms.render import Option, register
from musforms.render._base import BytesRenderer
from musforms.render._options import PASSWORD

if TYPE_CHECKING:
    from musforms.form import Form

__all__ = ["XLSX", "build_workbook", "render_xlsx", "xlsx_bytes"]

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Unlike Word's, a workbook is protected unless asked not to be: only answer cells open.
PROTECT_BOOK = Option(
    "protect", "lock everything but the answer cells (on by default)", kind="flag", default=True
)


def _xlsx(form: Form, *, protect: bool | None = True, password: str | None = None) -> bytes:
    from musforms.render.xlsx._workbook import xlsx_bytes

    return xlsx_bytes(form, protect=protect is not False, password=password)


XLSX = register(
    BytesRenderer(
        make=_xlsx,
        name="xlsx",
        suffixes=(".xlsx",),
        media_type=XLSX_MEDIA,
        title={"da": "Excel", "en": "Excel"},
        description={
            "da": "Excel-regneark med låste felter og rullelister, til at udfylde",
            "en": "Excel workbook with locked cells and drop-down lists, to fill in",
        },
        options={option.name: option for option in (PROTECT_BOOK, PASSWORD)},
        personalisable=True,
        fill="ooxml-excel",
    )
)


def __getattr__(name: str) -> Any:
    """Give the workbook builder's public names on first use (openpyxl loads then)."""
    if name in {"build_workbook", "render_xlsx", "xlsx_bytes"}:
        from musforms.render.xlsx import _workbook

        return getattr(_workbook, name)
    raise AttributeError(f"module 'musforms.render.xlsx' has no attribute {name!r}")
