"""The files the page downloads: one button per registered format (and sheet).

The buttons come from the format registry (:mod:`musforms.render`), so a new
format appears on the page with no edit here. A format that takes an
``audience`` gets one button per sheet of the form's type (the conversation
form, the employee's and the leader's preparation), keyed ``docx-employee``;
others are keyed by their name (``xlsx``). Each download is made by the same
renderer and options ``musforms build`` uses, so the web gives byte for byte
what the command line gives.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from musforms import words
from musforms.kinds import SHEETS_OF_TYPE
from musforms.render import Renderer, registry, render_bytes

if TYPE_CHECKING:
    from musforms.form import Form
    from musforms.spec import FormSpec

__all__ = ["SAVE", "Download", "choices", "content_disposition", "file_name", "find", "render"]

#: The key of the "save the form" button: the spec format, shown apart from the others.
SAVE = "spec"
#: The formats shown as buttons: the documents an HR consultant hands out. Every other
#: format of the registry (a Word template, a JSON Schema, the HTML preview) is listed
#: under "Flere formater", as a quiet link.
_MAIN = frozenset({"docx", "xlsx", "pdf"})


@dataclass(frozen=True)
class Download:
    """A download button: its key, its format and options, and its words per language."""

    key: str
    renderer: Renderer
    options: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None
    conversation_type: str = "mus"

    @property
    def quiet(self) -> bool:
        """Tell whether the button goes under "more formats" (a template, a schema, a preview)."""
        return self.renderer.name not in _MAIN

    def label(self, language: str) -> str:
        """Return the button's words: ``Word: samtaleskema``, ``Excel``."""
        lang = words.for_language(language)
        title = self.renderer.title.get(lang, self.renderer.name)
        if self.sheet is None:
            return title
        return f"{title}: {words.sheet_name(self.conversation_type, self.sheet, lang).lower()}"

    def suffix(self, language: str) -> str:
        """Return the ending of the file name: `` - forberedelse leder.docx``, ``.xlsx``."""
        ending = self.renderer.suffixes[0]
        if self.sheet is None or self.sheet == SHEETS_OF_TYPE[_type(self.conversation_type)][0]:
            return ending
        name = words.sheet_name(self.conversation_type, self.sheet, language)
        return f" - {name.replace(' · ', ' ').lower()}{ending}"


def _type(conversation_type: str) -> Any:
    return conversation_type if conversation_type in SHEETS_OF_TYPE else "mus"


def choices(conversation_type: str = "mus") -> list[Download]:
    """Return the download buttons for a form of ``conversation_type``, the main one first."""
    result: list[Download] = []
    kind = _type(conversation_type)
    for renderer in registry().values():
        if renderer.name == SAVE:
            continue
        if "audience" in renderer.options:
            result.extend(
                Download(f"{renderer.name}-{sheet}", renderer, {"audience": sheet}, sheet, kind)
                for sheet in SHEETS_OF_TYPE[kind]
            )
        else:
            result.append(Download(renderer.name, renderer, conversation_type=kind))
    return result


def find(key: str, conversation_type: str = "mus") -> Download | None:
    """Return the download ``key`` names, or the save button's; ``None`` if there is none."""
    if key == SAVE:
        spec_format = registry().get(SAVE)
        return Download(SAVE, spec_format) if spec_format is not None else None
    return next((d for d in choices(conversation_type) if d.key == key), None)


# Characters Windows, macOS or a Content-Disposition header cannot take in a name.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f<>:\"/\\|?*;%]+")
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def file_name(title: str, download: Download, language: str) -> str:
    """Return a safe file name for ``download`` from the form's title (``MUS 2027.docx``).

    No folders, no characters a file system refuses, no leading dots; at most
    100 characters before the ending; ``MUS`` when nothing is left.
    """
    base = _UNSAFE.sub(" ", unicodedata.normalize("NFC", title))
    base = " ".join(base.split()).strip(" .")[:100].strip(" .") or "MUS"
    return _UNSAFE.sub(" ", base + download.suffix(language))


def content_disposition(name: str) -> str:
    """Return an ``attachment`` header with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    plain = unicodedata.normalize("NFKD", name.translate(_DANISH))
    ascii_name = plain.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{ascii_name or 'MUS'}\"; filename*=UTF-8''{quote(name)}"


def render(form: Form, spec: FormSpec, download: Download) -> bytes:
    """Return the bytes of ``form`` for ``download``, as ``musforms build`` writes them.

    ``spec`` is the spec to save: the form's own, with ``template:`` kept (the
    page builds its forms without it: it never reads a file a spec names).

    Raises:
        RenderError, SpecError: the renderer refused the form.
    """
    options = dict(download.options)
    if download.key == SAVE:
        options["spec"] = spec
    return render_bytes(form, download.renderer, **options)
