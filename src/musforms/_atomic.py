"""Writing output files atomically: all of it or nothing, never a clobbered good file."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from typing import BinaryIO

from musforms.errors import RenderError

#: As tempfile.mkstemp opens its files: a new file only, never through a link, not
#: inherited by child processes. tempfile itself is not imported: with ``random`` and
#: ``shutil`` it costs ~4 ms of every command, for a name that ``os.urandom`` gives.
_NEW_FILE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _new_file(folder: str, name: str) -> tuple[int, str]:
    """Create a hidden temporary file beside ``name`` (readable by its owner only)."""
    for _ in range(100):
        temporary = os.path.join(folder, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temporary, _NEW_FILE, 0o600), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), name)


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
        handle, temporary = _new_file(folder, os.path.basename(name))
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
