"""Writing output files atomically: all of it or nothing, never a clobbered good file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from musforms.errors import RenderError


def write_atomically(target: str | Path | BinaryIO, data: bytes) -> None:
    """Write ``data`` to a path (via a temporary file and a rename) or a binary file object.

    Raises:
        RenderError: the folder does not exist or cannot be written.
    """
    if not isinstance(target, str | Path):
        target.write(data)
        return
    path = Path(target)
    folder = path.parent if str(path.parent) else Path()
    if not folder.is_dir():
        raise RenderError("the folder does not exist. Create it first", file=path)
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise RenderError(f"cannot write in this folder ({exc.strerror})", file=path) from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise RenderError(f"cannot write the file ({exc.strerror})", file=path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
