"""A per-user cache of what musforms derives from its own shipped files (bank, presets).

Every command reads the shipped bank and, often, a preset. Parsing their YAML
(and importing PyYAML to do it) costs more than the rest of a small command's
start, so the result is kept as JSON in the user's cache folder, keyed by a
hash of the files' bytes and of the versions of musforms, Python and pydantic.

The cache is trusted no further than it must be. JSON, not pickle: a file in a
cache folder must never be able to run code. A file not owned by this user is
ignored. Anything wrong with it (missing, unreadable, stale, from another
version, damaged) just means parsing the YAML again, and a cache that cannot be
written (a read-only home, a full disk) is no error. Only musforms' own shipped
files are cached, never a user's spec or bank.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
from pathlib import Path
from typing import Any

from musforms._version import __version__

__all__ = ["cache_folder", "cache_key", "read_cache", "write_cache"]

#: The layout of every cache file; a change of it makes old files stale.
FORMAT = 1


def cache_folder() -> Path | None:
    """Return the user's cache folder for musforms; ``None`` if caching is off.

    ``MUSFORMS_NO_CACHE=1`` turns it off; ``XDG_CACHE_HOME`` (on Windows
    ``LOCALAPPDATA``) is honoured, else ``~/.cache``.
    """
    if os.environ.get("MUSFORMS_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or (
        os.environ.get("LOCALAPPDATA") if sys.platform == "win32" else None
    )
    root = Path(base) if base else Path.home() / ".cache"
    return root / "musforms"


def cache_key(*parts: bytes) -> str:
    """Return the hash naming a cache made of ``parts`` by this musforms, Python and pydantic."""
    import pydantic

    digest = hashlib.sha256(
        f"{FORMAT}|{__version__}|{platform.python_version()}|{pydantic.VERSION}".encode()
    )
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()[:32]


def cache_path(kind: str, key: str) -> Path | None:
    """Return the file of the cache ``kind`` (``bank``, ``preset``) with ``key``; ``None``: off."""
    folder = cache_folder()
    return folder / f"{kind}-{key}.json" if folder is not None else None


def read_cache(kind: str, key: str) -> Any | None:
    """Return the content of a cache file this user wrote for ``key``; ``None`` if there is none.

    The content's ``format`` and ``key`` must be this module's and ``key``: a file
    renamed onto another's name, or left by another version, is not used.
    """
    path = cache_path(kind, key)
    if path is None:
        return None
    try:
        if os.name == "posix" and path.stat().st_uid != os.getuid():
            return None  # not written by this user: do not trust it
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != key:
        return None
    return data.get("content")


def write_cache(kind: str, key: str, content: Any) -> None:
    """Write a cache file atomically, readable by its owner only; never fail."""
    path = cache_path(kind, key)
    if path is None:
        return
    data = {"format": FORMAT, "key": key, "content": content}
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        temporary.chmod(0o600)
        temporary.replace(path)
    except OSError:
        return  # a read-only home or a full disk: the next command parses again
