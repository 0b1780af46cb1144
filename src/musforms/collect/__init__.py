"""collect: many filled forms into one overview workbook for HR.

Every file that can be read goes into the overview; every file that cannot
is listed on its own sheet with the reason and its error code, and a fault of
musforms while reading one file is that file's failure, marked as a bug
(:mod:`._read`). What the overview shows of people is chosen by
:class:`Privacy` (:mod:`._write`): names; keyed pseudonyms, ``HMAC-SHA256(key,
name)`` (:mod:`._pseudonym`); or, anonymous, figures per group only, with
small groups folded into "Øvrige / Other" (:mod:`._stats`, :mod:`._groups`).
With a password the file is encrypted (:mod:`._book`). docs/da/persondata.md
says what each mode holds and what it does not promise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from musforms.collect._password import ENVIRONMENT, password_from
from musforms.collect._pseudonym import Key, load_key, make_key, pseudonym
from musforms.collect._read import PARALLEL_FROM, Failure, Overview, read_many
from musforms.collect._stats import GroupBy
from musforms.collect._write import Privacy, overview_bytes, write_overview
from musforms.errors import MusformsError

__all__ = [
    "ENVIRONMENT",
    "MIN_GROUP",
    "PARALLEL_FROM",
    "Failure",
    "Key",
    "Overview",
    "Privacy",
    "collect",
    "load_key",
    "make_key",
    "overview_bytes",
    "password_from",
    "pseudonym",
    "read_many",
    "write_overview",
]

#: The default smallest group an anonymous overview shows.
MIN_GROUP = 5
#: A smaller group than this is no protection (two people read each other by subtraction).
LEAST_MIN_GROUP = 3
_GROUP_BY = ("department", "department+leader")


def collect(
    sources: Sequence[str | Path],
    target: str | Path | BinaryIO,
    *,
    anonymous: bool = False,
    pseudonyms: Key | str | Path | None = None,
    min_group: int = MIN_GROUP,
    group_by: GroupBy = "department",
    include_text: bool = False,
    password: str | None = None,
    language: str = "da",
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    jobs: int = 0,
) -> Overview:
    """Read ``sources`` and write the overview workbook to ``target``.

    Args:
        anonymous: figures per group only: no row per person, no names,
            pseudonyms, free text or dates.
        pseudonyms: a :class:`Key` or the path of a key file: a row per person
            under ``HMAC-SHA256(key, name)`` instead of the name.
        min_group: anonymous only: a group (or figure) of fewer forms is not
            shown on its own but folded into "Øvrige / Other" (at least 3).
        group_by: anonymous only: ``department`` or ``department+leader``.
        include_text: free-text answers are shown (not with ``anonymous``).
        password: encrypted filled forms are opened with it, and the overview
            is encrypted with it (Office's agile encryption).
        jobs: worker processes (0: one per CPU, for large runs).

    Returns:
        The :class:`Overview`; its ``failed`` lists the files that could not be
        read (they are also on the workbook's last sheet).

    Raises:
        MusformsError: the options do not fit together, or the key file is
            missing or malformed: before any file is read.
    """
    key = pseudonyms if isinstance(pseudonyms, Key) or pseudonyms is None else load_key(pseudonyms)
    privacy = _privacy(anonymous, key, include_text, min_group, group_by)
    overview = read_many(sources, progress=progress, jobs=jobs, password=password)
    write_overview(
        overview,
        target,
        privacy,
        language=language,
        today=today or dt.date.today(),
        password=password,
    )
    return overview


def _privacy(
    anonymous: bool, key: Key | None, include_text: bool, min_group: int, group_by: str
) -> Privacy:
    if anonymous and key is not None:
        raise MusformsError(code="collect.anonymous_and_pseudonyms")
    if anonymous and include_text:
        raise MusformsError(code="collect.anonymous_text")
    if min_group < LEAST_MIN_GROUP:
        raise MusformsError(
            code="collect.min_group", params={"least": LEAST_MIN_GROUP, "value": min_group}
        )
    if group_by not in _GROUP_BY:
        raise MusformsError(
            code="collect.group_by", params={"value": group_by, "known": ", ".join(_GROUP_BY)}
        )
    return Privacy(
        anonymous=anonymous,
        key=key,
        include_text=include_text,
        least=min_group,
        group_by="department+leader" if group_by == "department+leader" else "department",
    )
