"""The Word template (.dotx): the same form, saved so that Word offers it under File > New.

A municipality puts its default MUS form in the organisation's template
library; each leader then starts a fresh document from it. A .dotx differs
from a .docx in one place only: the main part's content type says
``template.main+xml``. So this format renders the Word document and changes
that one line, and a new format is this one module.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from musforms.render import register
from musforms.render._base import BytesRenderer
from musforms.render._options import AUDIENCE, PROTECT_WORD, TEMPLATE

if TYPE_CHECKING:
    from musforms.form import Form

__all__ = ["DOTX", "as_template"]

_DOCUMENT = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def as_template(docx: bytes) -> bytes:
    """Return a .docx's bytes as a .dotx: the main part typed as a template's."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(_DOCUMENT, _TEMPLATE)
            target.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()


def _dotx(
    form: Form,
    *,
    audience: str | None = None,
    template: str | Path | None = None,
    protect: bool = False,
) -> bytes:
    from musforms.render.docx._document import docx_bytes

    return as_template(
        docx_bytes(form, audience=audience, template=template, protect=bool(protect))
    )


DOTX = register(
    BytesRenderer(
        make=_dotx,
        name="dotx",
        suffixes=(".dotx",),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.template",
        title={"da": "Word-skabelon", "en": "Word template"},
        description={
            "da": "Word-skabelon til organisationens skabelonbibliotek (Filer > Ny)",
            "en": "Word template for the organisation's template library (File > New)",
        },
        options={option.name: option for option in (AUDIENCE, TEMPLATE, PROTECT_WORD)},
    )
)
