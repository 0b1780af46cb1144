"""The WordprocessingML basics both directions need: namespaces, element builders, clean text.

Only lxml: a reader must not pay for python-docx (about 40 ms of import) to
find the answers in a filled document. The renderer's richer builders
(:mod:`musforms.render.docx._xml`) sit on these.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

__all__ = ["NSMAP", "add", "clean", "el", "escape", "nsdecls", "qn"]

#: The namespaces musforms writes in Word parts, by their usual prefix.
NSMAP = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}

#: Characters XML 1.0 forbids or that Word chokes on: C0 controls but tab and
#: newlines, C1 controls, lone surrogates and the two non-characters. Also the
#: bidi embeddings, overrides and isolates: one left open in a user's text
#: would reverse the rest of the paragraph, printed text included (right-to-left
#: text itself needs none of them).
_ILLEGAL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_NEWLINES = re.compile("\r\n?")


def clean(text: str) -> str:
    """Return ``text`` without characters that XML cannot hold; newlines become ``\\n``."""
    return _ILLEGAL.sub("", _NEWLINES.sub("\n", text))


def escape(text: str) -> str:
    """Return ``text`` with ``&``, ``<`` and ``>`` as entities, for XML text written as a string.

    As ``xml.sax.saxutils.escape``, whose module imports ``urllib.request`` (and
    with it ``ssl`` and ``http.client``: ~8 ms of every build) for no use here.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=1024)
def qn(name: str) -> str:
    """Return ``{uri}local`` (Clark notation) for ``prefix:local``."""
    prefix, local = name.split(":", 1)
    return f"{{{NSMAP[prefix]}}}{local}"


def nsdecls(*prefixes: str) -> str:
    """Return the ``xmlns:`` declarations of ``prefixes``, for XML written as a string."""
    return " ".join(f'xmlns:{prefix}="{NSMAP[prefix]}"' for prefix in prefixes)


def _attrs(attrs: dict[str, str] | None) -> dict[str, str]:
    return {qn(key): value for key, value in attrs.items()} if attrs else {}


def el(tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """Return a new element ``tag`` (``"w:p"``) with prefixed ``attrs``."""
    prefix = tag.split(":", 1)[0]
    return etree.Element(qn(tag), _attrs(attrs), nsmap={prefix: NSMAP[prefix]})


def add(parent: etree._Element, tag: str, attrs: dict[str, str] | None = None) -> etree._Element:
    """Append a new element ``tag`` with ``attrs`` to ``parent`` and return it."""
    return etree.SubElement(parent, qn(tag), _attrs(attrs))
