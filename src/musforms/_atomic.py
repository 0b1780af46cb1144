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
    path = Path(target)
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise RenderError(code="render.folder_missing", file=path)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise RenderError(
            code="render.folder_unwritable", params={"why": exc.strerror}, file=path
        ) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise RenderError(
            code="render.unwritable", params={"why": exc.strerror}, file=path
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
