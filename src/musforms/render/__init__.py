"""The format registry: every output format of musforms, and the one way to write one.

A format is a :class:`Renderer`: a name, its file suffixes, a media type, a
title and description in Danish and English, the options it takes, and
``render(form, target, **options)``. Renderers register themselves with
:func:`register`; the command line (``build``, ``batch``), the web page's
download buttons and :meth:`Form.write <musforms.form.Form.write>` all ask
this registry, so a new format is one module and one line in
:data:`BUILTIN` (or a call to :func:`register` from a program's own code).

Renderer modules are cheap to import: each imports its heavy libraries
(python-docx, openpyxl, reportlab) inside ``render``, so listing the formats
(``musforms --help``, :func:`musforms.formats`) loads none of them.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, runtime_checkable

from musforms._atomic import write_atomically
from musforms.errors import RenderError

if TYPE_CHECKING:
    from musforms.form import Form

__all__ = [
    "BUILTIN",
    "Option",
    "Renderer",
    "find",
    "format_for",
    "formats",
    "register",
    "registry",
    "render_bytes",
    "unregister",
    "write",
]

#: The modules of the formats musforms ships; importing one registers its format.
BUILTIN = (
    "musforms.render.docx",
    "musforms.render.dotx",
    "musforms.render.xlsx",
    "musforms.render.schema",
    "musforms.render.html",
    "musforms.render.spec_file",
    "musforms.render.pdf",
)


@dataclass(frozen=True)
class Option:
    """An option a format takes: its name, what it does, and the values it may have.

    ``kind`` is ``"choice"`` (one of ``choices``), ``"flag"`` (true or false),
    ``"path"`` (a file) or ``"text"``; ``default`` is the value when it is not given.
    """

    name: str
    help: str
    kind: str = "text"
    choices: tuple[str, ...] = ()
    default: Any = None


@runtime_checkable
class Renderer(Protocol):
    """What a format is: metadata, and a function that writes a form in it.

    Attributes:
        name: the format's id (``docx``), as ``Form.write(..., format=...)`` and
            ``batch -f`` take it.
        suffixes: the file suffixes it writes, the first being its own (``.docx``).
        media_type: the MIME type of a download.
        title: what a person calls it, ``{"da": ..., "en": ...}`` (``Word``).
        description: one line saying what it is for, ``{"da": ..., "en": ...}``.
        options: the options ``render`` takes, by name.
        personalisable: ``batch`` may make one file of it per person.
    """

    @property
    def name(self) -> str: ...
    @property
    def suffixes(self) -> tuple[str, ...]: ...
    @property
    def media_type(self) -> str: ...
    @property
    def title(self) -> Mapping[str, str]: ...
    @property
    def description(self) -> Mapping[str, str]: ...
    @property
    def options(self) -> Mapping[str, Option]: ...
    @property
    def personalisable(self) -> bool: ...

    def render(self, form: Form, target: str | Path | BinaryIO, **options: Any) -> None:
        """Write ``form`` to ``target`` (a path, written atomically, or a binary file)."""
        ...


@dataclass
class _Registry:
    formats: dict[str, Renderer] = field(default_factory=dict)
    loaded: bool = False

    def load(self) -> None:
        if not self.loaded:
            self.loaded = True
            for module in BUILTIN:
                import_module(module)


_REGISTRY = _Registry()


def register(renderer: Renderer) -> Renderer:
    """Add ``renderer`` to the registry (replacing a format of the same name) and return it.

    Raises:
        ValueError: a suffix of ``renderer`` is another format's.
    """
    if not isinstance(renderer, Renderer):
        raise TypeError(f"{renderer!r} is not a Renderer (see musforms.render.Renderer)")
    for other in _REGISTRY.formats.values():
        clash = set(other.suffixes) & set(renderer.suffixes)
        if other.name != renderer.name and clash:
            raise ValueError(f"the suffix {sorted(clash)[0]} is already the {other.name} format's")
    _REGISTRY.formats[renderer.name] = renderer
    return renderer


def unregister(name: str) -> None:
    """Remove the format ``name`` (for tests and plug-ins that replace one)."""
    _REGISTRY.formats.pop(name, None)


#: The built-in formats' names in the order they are offered (buttons, ``musforms formats``),
#: whichever module happened to be imported first; other formats follow in registration order.
BUILTIN_ORDER = ("docx", "dotx", "xlsx", "schema", "html", "spec", "pdf")


def registry() -> dict[str, Renderer]:
    """Return every registered format by name: the built-in ones first, in a fixed order."""
    _REGISTRY.load()
    known = _REGISTRY.formats
    ordered = {name: known[name] for name in BUILTIN_ORDER if name in known}
    return ordered | {name: renderer for name, renderer in known.items() if name not in ordered}


def formats(language: str = "en") -> dict[str, str]:
    """Return every output suffix with a one-line description (PRODUCT.md: ``formats()``)."""
    return {
        suffix: renderer.description.get(language, renderer.description["en"])
        for renderer in registry().values()
        for suffix in renderer.suffixes
    }


def find(name: str) -> Renderer:
    """Return the format called ``name`` (``docx``), or its suffix (``.docx``).

    Raises:
        RenderError: no format has that name (``render.unknown_format_name``).
    """
    formats_by_name = registry()
    if name in formats_by_name:
        return formats_by_name[name]
    if name.startswith("."):
        return format_for(Path(f"x{name}"))
    raise RenderError(
        code="render.unknown_format_name",
        params={"name": name, "names": ", ".join(formats_by_name)},
    )


def format_for(target: str | Path) -> Renderer:
    """Return the format a file name's suffix names (the longest suffix that fits).

    Raises:
        RenderError: no format writes that suffix (``render.unknown_format``).
    """
    name = Path(target).name.lower()
    known = registry().values()
    matches = [
        (len(suffix), renderer)
        for renderer in known
        for suffix in renderer.suffixes
        if name.endswith(suffix)
    ]
    if not matches:
        suffixes = " ".join(s for renderer in known for s in renderer.suffixes)
        raise RenderError(
            code="render.unknown_format",
            params={"suffix": Path(target).suffix or name, "suffixes": suffixes},
            file=str(target),
        )
    return max(matches, key=lambda match: match[0])[1]


def checked_options(renderer: Renderer, options: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``options`` checked against what ``renderer`` takes.

    Raises:
        RenderError: an option the format does not take, or a value not among its choices.
    """
    result: dict[str, Any] = {}
    for name, value in options.items():
        option = renderer.options.get(name)
        if option is None:
            raise RenderError(
                code="render.unknown_option",
                params={
                    "format": renderer.name,
                    "option": name,
                    "options": ", ".join(renderer.options) or "no options",
                },
                fmt=renderer.name,
            )
        if option.kind == "choice" and value is not None and value not in option.choices:
            raise RenderError(
                code="render.bad_option",
                params={
                    "value": value,
                    "option": name,
                    "format": renderer.name,
                    "choices": ", ".join(option.choices),
                },
                fmt=renderer.name,
            )
        result[name] = value
    return result


def accepted(renderer: Renderer, options: Mapping[str, Any]) -> dict[str, Any]:
    """Return the ``options`` ``renderer`` takes, leaving out the others and unset ones.

    The command line offers every format's options at once (``--audience``,
    ``--protect``, ...) and gives each output only what its format takes.
    """
    return {k: v for k, v in options.items() if k in renderer.options and v is not None}


def render_bytes(form: Form, format: str | Renderer, **options: Any) -> bytes:
    """Return ``form`` in ``format`` (a name, a suffix or a renderer) as bytes."""
    renderer = format if isinstance(format, Renderer) else find(format)
    buffer = io.BytesIO()
    renderer.render(form, buffer, **checked_options(renderer, options))
    return buffer.getvalue()


def write(
    form: Form, target: str | Path | BinaryIO, format: str | None = None, **options: Any
) -> None:
    """Write ``form`` to ``target`` in ``format``, or the format its suffix names.

    A path is written atomically: a failed render leaves no file and keeps an
    old one.

    Raises:
        RenderError: no format fits, an option does not, or the renderer refused.
    """
    if format is not None:
        renderer = find(format)
    elif isinstance(target, str | Path):
        renderer = format_for(target)
    else:
        raise RenderError(code="render.no_format")
    if isinstance(target, str | Path):
        write_atomically(target, render_bytes(form, renderer, **options))
    else:
        renderer.render(form, target, **checked_options(renderer, options))
