"""Where a password comes from: a file, or the environment, never the command line.

A password given as an argument is in the shell's history and, while the
command runs, in every other user's ``ps``. So it comes from a file (its
first line; the line break is not part of it) or from ``MUSFORMS_PASSWORD``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from musforms._files import read_limited
from musforms.errors import MusformsError

__all__ = ["ENVIRONMENT", "password_from"]

ENVIRONMENT = "MUSFORMS_PASSWORD"
#: A password file holds one line; anything larger is not one.
_MAX_PASSWORD_FILE = 4096


def password_from(
    file: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> str | None:
    """Return the password of ``file``, else of ``MUSFORMS_PASSWORD``; ``None`` means none given.

    Raises:
        MusformsError: ``password.empty``, ``password.not_text``, or a
            ``file.*`` code when the file is missing, no regular file or too large.
    """
    if file is not None:
        data = read_limited(file, _MAX_PASSWORD_FILE, MusformsError)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MusformsError(code="password.not_text", file=file) from None
        lines = text.splitlines()
        password = lines[0] if lines else ""
        if not password:
            raise MusformsError(code="password.empty", file=file)
        return password
    value = (os.environ if environ is None else environ).get(ENVIRONMENT)
    if value is None:
        return None
    if not value:
        raise MusformsError(code="password.empty")
    return value
