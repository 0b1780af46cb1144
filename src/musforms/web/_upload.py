"""Reading an uploaded spec file safely.

``FormSpec.from_text`` already refuses YAML aliases (the "billion laughs"
bomb) and any tag that builds Python objects. Two things remain for a server
that must not fall over on a hostile file: nesting deep enough to exhaust the
parser (PyYAML's C composer recurses without a limit and crashes the whole
process on about 100,000 ``[``; the Python side raises RecursionError at a
few hundred levels), and text that is not UTF-8. Both are refused here before
the spec parser sees the file.
"""

from __future__ import annotations

import re

from musforms._yaml import MAX_NESTING
from musforms.errors import SpecError
from musforms.spec import FormSpec

__all__ = ["MAX_NESTING", "parse_upload", "safe_name"]

_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*]+")


def safe_name(filename: str | None) -> str:
    """Return an uploaded file's name fit to show: no folders, no control characters."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE_NAME.sub("_", name).strip(" .")
    return name[:80] or "spec.yaml"


def parse_upload(data: bytes, filename: str) -> FormSpec:
    """Parse an uploaded spec (YAML or JSON) of at most the app's body limit.

    Raises:
        SpecError: the file is not UTF-8, nests too deeply, or is not a valid
            spec; the message names the line where known.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpecError(code="file.not_text", file=filename) from None
    try:
        return FormSpec.from_text(text, file=filename, json=filename.lower().endswith(".json"))
    except RecursionError:
        raise SpecError(code="yaml.too_deep", params={"levels": 40}, file=filename) from None
