"""The organisation a Word form's header names: the spec's, else the template's.

A spec says ``organisation:``; an organisation's own template (.docx or
.dotx) says it in its document properties (File › Info › Company, the
``Company`` of ``docProps/app.xml``), where Word puts it for every file the
organisation makes. A form without either names none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from musforms.errors import AnswersError
from musforms.ooxml.safezip import parse_xml

if TYPE_CHECKING:
    from musforms.form import Form

__all__ = ["organisation_of"]

_APP = "/docProps/app.xml"
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
#: A company name longer than this is not a name (and would not fit the header).
_MAX_NAME = 200


def organisation_of(form: Form, document: Any) -> str:
    """Return the organisation the header of ``form``'s document names; ``""`` for none.

    Args:
        document: the python-docx document built from the template.
    """
    if form.organisation.strip():
        return form.organisation.strip()
    return _company(document)


def _company(document: Any) -> str:
    for part in document.part.package.iter_parts():
        if str(part.partname) != _APP:
            continue
        try:
            root = parse_xml(part.blob, label="template", member="docProps/app.xml")
        except AnswersError:
            return ""  # a damaged property part names no one; the form still renders
        name = " ".join((root.findtext(f"{{{_EXTENDED}}}Company") or "").split())
        return name if len(name) <= _MAX_NAME else ""
    return ""
