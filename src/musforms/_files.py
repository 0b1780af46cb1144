"""Reading files from outside, bounded: nothing but a regular file, never more than a limit.

Specs, bank files, people files, Word templates and filled forms all come
from people. A path may name a FIFO (``open`` would wait for a writer for
ever), ``/dev/zero`` (``read`` would never end), a symlink to either, or a
file of gigabytes. So a file is opened without blocking, checked to be a
regular file on the opened descriptor (no race with a swapped path),
refused unread if its size is over the limit, and otherwise read up to one
byte past the limit, whatever its size claims (a file may grow while read).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from musforms.errors import MusformsError

__all__ = ["describe_size", "read_limited"]


def describe_size(limit: int) -> str:
    """Return a size limit as people read it: ``1 MB``, ``50 MB``, ``200 KB``."""
    if limit >= 1_000_000:
        return f"{limit // 1_000_000} MB"
    return f"{limit // 1000} KB"


def read_limited(
    path: str | Path,
    limit: int,
    error: type[MusformsError],
    *,
    label: str | Path | None = None,
    hint: tuple[str, str] | None = None,
) -> bytes:
    """Return the bytes of the regular file at ``path``, refusing more than ``limit``.

    Args:
        error: the error class to raise (``SpecError`` for a spec, ...).
        label: how to name the file in messages (default: the path).
        hint: what to say after "larger than ..." in English and Danish.

    Raises:
        error: ``file.missing``, ``file.not_regular``, ``file.unreadable`` or
            ``file.too_large``.
    """
    name = label if label is not None else path
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise error(code="file.missing", file=name) from None
    except IsADirectoryError:
        raise error(code="file.not_regular", file=name) from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO with no writer, opened without blocking
            raise error(code="file.not_regular", file=name) from None
        raise error(code="file.unreadable", params={"why": exc.strerror}, file=name) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise error(code="file.not_regular", file=name)
        if status.st_size > limit:  # too large by its size: refused unread
            raise _too_large(error, limit, name, hint)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise error(code="file.unreadable", params={"why": exc.strerror}, file=name) from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > limit:  # it grew, or its size said less than it holds
        raise _too_large(error, limit, name, hint)
    return data


def _too_large(
    error: type[MusformsError], limit: int, name: str | Path, hint: tuple[str, str] | None
) -> MusformsError:
    en, da = hint or ("", "")
    return error(
        code="file.too_large",
        params={"limit": describe_size(limit), "hint": en, "hint_da": da},
        file=name,
    )
