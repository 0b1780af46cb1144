"""Keyed pseudonyms: ``HMAC-SHA256(key, name)``, so that a staff list alone cannot reverse them.

An unkeyed hash of a name is no pseudonym: anyone with the staff list hashes
every name and reads the overview. With a secret key, only whoever holds the
key can; and the same key gives the same pseudonym every year, so one year's
overview can be set beside the next.

A pseudonym is ``P-`` and the first 12 hex digits (48 bits) of the HMAC.
Reversing it needs the key whatever its length, so the length only has to
keep different names apart: among 100,000 names the chance that any two share
a pseudonym is about 2 in 100,000 (n² / 2⁴⁹). Twelve digits are still short
enough to read out on the phone.

The key file is text: comment lines starting with ``#`` and the key as hex
(32 random bytes, 64 digits). It is written readable by its owner only, and a
key file others can read is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
import unicodedata
from pathlib import Path

from musforms._atomic import write_atomically
from musforms._files import read_limited
from musforms.errors import MusformsError

__all__ = ["DIGITS", "KEY_BYTES", "Key", "load_key", "make_key", "pseudonym"]

#: Bytes of a new key; a key file with fewer is refused.
KEY_BYTES = 32
#: Hex digits of a pseudonym (48 bits): see the module's docstring for why.
DIGITS = 12
#: A key file is a few lines; anything larger is not one.
_MAX_KEY_FILE = 4096
_HEADER = (
    "# musforms pseudonym key. Keep it secret and keep it safe: whoever has it can turn\n"
    "# the pseudonyms of an overview back into names, and without it next year's\n"
    "# pseudonyms will not match this year's. See docs/da/persondata.md.\n"
)


class Key:
    """A secret key for pseudonyms (its bytes are never shown in its repr)."""

    def __init__(self, secret: bytes) -> None:
        if len(secret) < KEY_BYTES:
            raise MusformsError(code="key.invalid")
        self._secret = secret

    def __repr__(self) -> str:
        return "<musforms pseudonym key>"

    def pseudonym(self, name: str) -> str:
        """Return the pseudonym of ``name``: the same name and key always give the same one.

        Names are compared as people write them: case, spaces around and
        between the words, and Unicode composition do not matter.
        """
        normal = unicodedata.normalize("NFC", " ".join(name.split())).casefold()
        digest = hmac.new(self._secret, normal.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"P-{digest[:DIGITS]}"


def pseudonym(name: str, key: Key) -> str:
    """Return the pseudonym of ``name`` under ``key`` (see :meth:`Key.pseudonym`)."""
    return key.pseudonym(name)


def make_key(path: str | Path, *, force: bool = False) -> Key:
    """Write a new random key to ``path``, readable by its owner only, and return it.

    Raises:
        MusformsError: ``key.exists`` when the file exists and ``force`` is not given
            (a new key changes every pseudonym).
    """
    target = Path(path)
    if (target.exists() or target.is_symlink()) and not force:
        raise MusformsError(code="key.exists", file=target)
    secret = secrets.token_bytes(KEY_BYTES)
    write_atomically(target, (_HEADER + secret.hex() + "\n").encode("ascii"), mode=0o600)
    return Key(secret)


def load_key(path: str | Path) -> Key:
    """Read the key file at ``path``.

    Raises:
        MusformsError: ``key.missing``, ``key.too_open`` (others may read it),
            ``key.invalid`` (not a key of at least 32 bytes in hex), or a
            ``file.*`` code when it is no regular file or too large.
    """
    source = Path(path)
    try:
        status = source.stat()
    except FileNotFoundError:
        raise MusformsError(code="key.missing", params={"path": str(source)}, file=source) from None
    except OSError:
        status = None
    regular = status is not None and stat.S_ISREG(status.st_mode)
    if os.name == "posix" and status is not None and regular and status.st_mode & 0o077:
        mode = oct(stat.S_IMODE(status.st_mode))[2:]
        raise MusformsError(code="key.too_open", params={"mode": mode}, file=source)
    data = read_limited(source, _MAX_KEY_FILE, MusformsError)
    try:
        text = data.decode("ascii")
        digits = "".join(
            line.strip() for line in text.splitlines() if not line.lstrip().startswith("#")
        )
        secret = bytes.fromhex(digits)
    except ValueError:
        raise MusformsError(code="key.invalid", file=source) from None
    if len(secret) < KEY_BYTES:
        raise MusformsError(code="key.invalid", file=source)
    return Key(secret)
