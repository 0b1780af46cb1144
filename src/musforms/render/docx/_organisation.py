"""The organisation a Word form's header names: the spec's, else the template's.

A spec says ``organisation:``; an organisation's own template (.docx or
.dotx) says it in its document properties (File › Info › Company, the
``Company`` of ``docProps/app.xml``), where Word puts it for every file the
organisation makes. A form without either names none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from musforms.errors import AnswersError
from musforms.ooxml.safezip import parse_xml

if TYPE_CHECKING:
    from musforms.form import Form
    from musforms.render.docx._opc import Package

__all__ = ["organisation_of"]

_APP = "/docProps/app.xml"
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
#: A company name longer than this is not a name (and would not fit the header).
_MAX_NAME = 200


def organisation_of(form: Form, document: Package) -> str:
    """Return the organisation the header of ``form``'s document names; ``""`` for none.

    Args:
        document: the package of the document built from the template.
    """
    if form.organisation.strip():
        return form.organisation.strip()
    return _company(document)


def _company(document: Package) -> str:
    for part in document.iter_parts():
        if part.name != _APP:
            continue
        try:
            root = parse_xml(part.blob, label="template", member="docProps/app.xml")
        except AnswersError:
            return ""  # a damaged property part names no one; the form still renders
        name = " ".join((root.findtext(f"{{{_EXTENDED}}}Company") or "").split())
        return name if len(name) <= _MAX_NAME else ""
    return ""
