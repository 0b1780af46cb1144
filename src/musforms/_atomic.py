"""Writing output files atomically: all of it or nothing, never a clobbered good file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from musforms.errors import RenderError


def write_atomically(target: str | Path | BinaryIO, data: bytes, *, mode: int = 0o644) -> None:
    """Write ``data`` to a path (via a temporary file and a rename) or a binary file object.

    ``mode`` is the new file's permissions: ``0o600`` for files only their owner
    should read (a pseudonym key, an overview with names).

    Raises:
        RenderError: the folder does not exist or cannot be written.
    """
    if not isinstance(target, str | Path):
        target.write(data)
        return
    # os.path rather than pathlib: a batch writes thousands of files, and pathlib's
    # parsing of each path cost as much as the writing itself.
    name = os.fspath(target)
    folder = os.path.dirname(name) or "."
    if not os.path.isdir(folder):
        raise RenderError(code="render.folder_missing", file=name)
    try:
        handle, temporary = tempfile.mkstemp(
            dir=folder, prefix=f".{os.path.basename(name)}.", suffix=".tmp"
        )
    except OSError as exc:
        raise RenderError(
            code="render.folder_unwritable", params={"why": exc.strerror}, file=name
        ) from None
    try:
        with os.fdopen(handle, "wb") as file:
            if hasattr(os, "fchmod"):
                os.fchmod(file.fileno(), mode)
            file.write(data)
        if not hasattr(os, "fchmod"):  # Windows: only the read-only bit means anything
            os.chmod(temporary, mode)
        os.replace(temporary, name)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise RenderError(
            code="render.unwritable", params={"why": exc.strerror}, file=name
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
