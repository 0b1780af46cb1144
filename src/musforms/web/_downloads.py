"""The files the page downloads, made by the library's own renderers.

Each format calls the same method ``musforms build`` calls (``Form.to_docx``,
``Form.to_xlsx``, ``Form.json_schema``, ``FormSpec.to_yaml``), with the same
options, so that the web gives byte-for-byte the content the command line
gives. python-docx and openpyxl load inside those methods, on the first download.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote

from musforms.form import Form
from musforms.spec import FormSpec

__all__ = ["FORMATS", "Download", "content_disposition", "file_name", "render"]


@dataclass(frozen=True)
class Download:
    """A download format: its file-name ending (per form language) and media type."""

    suffix: dict[str, str]
    media_type: str


_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMATS: Final[dict[str, Download]] = {
    "docx-conversation": Download({"da": ".docx", "en": ".docx"}, _DOCX),
    "docx-employee": Download(
        {"da": " - forberedelse medarbejder.docx", "en": " - employee preparation.docx"}, _DOCX
    ),
    "docx-leader": Download(
        {"da": " - forberedelse leder.docx", "en": " - leader preparation.docx"}, _DOCX
    ),
    "xlsx": Download({"da": ".xlsx", "en": ".xlsx"}, _XLSX),
    "schema": Download({"da": ".schema.json", "en": ".schema.json"}, "application/schema+json"),
    "spec": Download({"da": ".yaml", "en": ".yaml"}, "application/yaml; charset=utf-8"),
}

# Characters Windows, macOS or a Content-Disposition header cannot take in a name.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f<>:\"/\\|?*;%]+")
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def file_name(title: str, fmt: str, language: str) -> str:
    """Return a safe file name for ``fmt`` from the form's title (``MUS 2027.docx``).

    No folders, no characters a file system refuses, no leading dots; at most
    100 characters before the ending; ``MUS`` when nothing is left.
    """
    base = _UNSAFE.sub(" ", unicodedata.normalize("NFC", title))
    base = " ".join(base.split()).strip(" .")[:100].strip(" .") or "MUS"
    return base + FORMATS[fmt].suffix["en" if language == "en" else "da"]


def content_disposition(name: str) -> str:
    """Return an ``attachment`` header with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    plain = unicodedata.normalize("NFKD", name.translate(_DANISH))
    ascii_name = plain.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{ascii_name or 'MUS'}\"; filename*=UTF-8''{quote(name)}"


def render(form: Form, spec: FormSpec, fmt: str) -> bytes:
    """Return the bytes of ``form`` in ``fmt``, as ``musforms build`` writes them.

    ``spec`` is the spec to save: the form's own, with ``template:`` kept.

    Raises:
        RenderError: the renderer refused the form.
        KeyError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt == "spec":
        return spec.to_yaml().encode("utf-8")
    if fmt == "schema":
        return (json.dumps(form.json_schema(), ensure_ascii=False, indent=2) + "\n").encode()
    buffer = io.BytesIO()
    if fmt == "xlsx":
        form.to_xlsx(buffer, protect=True)
    elif fmt.startswith("docx-"):
        audience = fmt.removeprefix("docx-")
        if audience not in {"conversation", "employee", "leader"}:
            raise KeyError(fmt)
        form.to_docx(buffer, audience=audience)  # type: ignore[arg-type]
    else:
        raise KeyError(fmt)
    return buffer.getvalue()
