"""What every built-in format shares: its metadata, and writing through bytes.

Every built-in renderer makes the whole file in memory and then writes it
(atomically, for a path), so a failed render never leaves half a file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from musforms._atomic import write_atomically

if TYPE_CHECKING:
    from musforms.form import Form
    from musforms.render import Option

__all__ = ["BytesRenderer"]


@dataclass(frozen=True)
class BytesRenderer:
    """A format whose file is made as bytes by its ``make`` function (see :class:`Renderer`).

    ``make(form, **options)`` returns the file's bytes; its keyword parameters
    are the format's options.
    """

    make: Callable[..., bytes]
    name: str
    suffixes: tuple[str, ...]
    media_type: str
    title: Mapping[str, str]
    description: Mapping[str, str]
    options: Mapping[str, Option] = field(default_factory=dict)
    personalisable: bool = False
    #: How batch may fill names into a once-rendered file (see musforms.batch):
    #: ``"ooxml"`` (XML in a zip, names as UTF-8), ``"ooxml-excel"`` (names as
    #: character references, with Excel's header codes), ``None`` (render each).
    fill: str | None = None

    def render(self, form: Form, target: str | Path | BinaryIO, **options: Any) -> None:
        """Write ``form`` to ``target``: a path atomically, or a binary file object."""
        write_atomically(target, self.to_bytes(form, **options))

    def to_bytes(self, form: Form, **options: Any) -> bytes:
        """Return the file's bytes."""
        return self.make(form, **options)
