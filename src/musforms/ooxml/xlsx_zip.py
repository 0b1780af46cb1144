"""Workbooks saved as the same bytes every time, with styles Office's validator accepts.

openpyxl dates zip entries with the clock (and worksheets with their temporary
files' times), so two saves of one workbook differ; and it writes font children
in its own order, which the Open XML SDK reports as errors. :func:`save_workbook`
saves through :class:`FixedTimeZip`, which stamps every entry with one given time
and passes ``xl/styles.xml`` through :func:`~musforms.ooxml.xlsx_styles.in_schema_order`.
Used by the Excel form (``render/xlsx``) and the overview (``collect``).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from musforms.ooxml.xlsx_styles import STYLES_PART, in_schema_order

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["DateTime", "FixedTimeZip", "save_workbook"]

DateTime = tuple[int, int, int, int, int, int]


class FixedTimeZip(ZipFile):
    """A zip writer that stamps every entry with one time and orders the styles part."""

    def __init__(self, file: BinaryIO, date_time: DateTime) -> None:
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        self._date_time = date_time

    def writestr(
        self, zinfo_or_arcname: str | ZipInfo, data: Any, *args: Any, **kwargs: Any
    ) -> None:
        if not isinstance(zinfo_or_arcname, ZipInfo):
            zinfo_or_arcname = ZipInfo(zinfo_or_arcname, date_time=self._date_time)
            zinfo_or_arcname.compress_type = ZIP_DEFLATED
            zinfo_or_arcname.external_attr = 0o600 << 16
        if zinfo_or_arcname.filename == STYLES_PART:
            data = in_schema_order(data if isinstance(data, bytes) else data.encode("utf-8"))
        super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(  # type: ignore[override]
        self, filename: str | Path, arcname: str | None = None, *args: Any, **kwargs: Any
    ) -> None:
        # openpyxl writes worksheets from temporary files: re-dated like the rest.
        self.writestr(arcname or str(filename), Path(filename).read_bytes())


def save_workbook(workbook: Workbook, date_time: DateTime) -> bytes:
    """Return ``workbook`` as .xlsx bytes, every entry dated ``date_time``."""
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    ExcelWriter(workbook, FixedTimeZip(buffer, date_time)).save()
    return buffer.getvalue()
