"""Inline SVG for the HTML preview: smiley faces and competence wheels.

Drawn as markup rather than pictures or emoji: no emoji font is needed (two of
the five faces have none on many machines), the faces are the ones Word prints
(their shapes come from :mod:`musforms.render._faces`), and the preview stays
one self-contained file. Every picture has an accessible name; every text in
it is escaped. Only presentation attributes are used, no ``style``, so the
web page's Content-Security-Policy (``style-src 'self'``) lets them through.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from markupsafe import Markup, escape

from musforms.render._faces import INK, face

__all__ = ["face_svg", "wheel_svg"]

#: The two ratings' colours and dashes, as Word's chart draws them.
SERIES_LOOK = (("#1F4E79", ""), ("#C55A11", "6 4"))
_GRID = "#BFBFBF"
_LABEL = "#404040"
_MUTED = "#7F7F7F"


def _hex(colour: tuple[int, int, int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*colour)


def _n(value: float) -> str:
    """Return a coordinate with at most two decimals and no trailing zeros."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def face_svg(mood: int, label: str, size: str = "1.6em") -> Markup:
    """Return face ``mood`` (0 saddest .. 4 happiest) as an SVG image named ``label``."""
    shape = face(mood)
    ink = _hex(INK)
    mouth = _mouth_path(mood)
    parts = [
        f'<svg class="mus-face" role="img" aria-label="{escape(label)}" width="{size}" '
        f'height="{size}" viewBox="0 0 {_n(shape.size)} {_n(shape.size)}">',
        f"<title>{escape(label)}</title>",
        f'<circle cx="{_n(shape.centre)}" cy="{_n(shape.centre)}" r="{_n(shape.radius)}" '
        f'fill="{_hex(shape.fill)}" stroke="{ink}" stroke-width="{_n(shape.stroke)}"/>',
    ]
    for dx in (-shape.eye_dx, shape.eye_dx):
        parts.append(
            f'<circle cx="{_n(shape.centre + dx)}" cy="{_n(shape.eye_y)}" '
            f'r="{_n(shape.eye_radius)}" fill="{ink}"/>'
        )
    parts.append(
        f'<path d="{mouth}" fill="none" stroke="{ink}" stroke-width="{_n(shape.stroke)}" '
        'stroke-linecap="round"/></svg>'
    )
    return Markup("".join(parts))


def _mouth_path(mood: int) -> str:
    """Return the SVG path of a face's mouth: an arc between its two ends, or a line."""
    shape = face(mood)
    left, right = shape.centre - shape.half_chord, shape.centre + shape.half_chord
    start = f"M{_n(left)} {_n(shape.end_y)}"
    if not shape.sagitta:
        return f"{start} L{_n(right)} {_n(shape.end_y)}"
    rho = _n(shape.mouth_radius)
    # Left to right through a middle below the ends (a smile) runs anticlockwise on screen.
    sweep = 0 if shape.sagitta > 0 else 1
    return f"{start} A{rho} {rho} 0 0 {sweep} {_n(right)} {_n(shape.end_y)}"


# -- competence wheels ------------------------------------------------------------

_WIDTH, _HEIGHT = 540.0, 425.0
_LEGEND = 30.0  # the height of the key under a chart with ratings
_CX, _CY, _RADIUS = 270.0, 200.0, 140.0
_WRAP = 17  # characters of a competence's name per line
#: Where a rating lies: spoke (0 at the top, then clockwise) and value -> x, y.
_Point = Callable[[int, float], tuple[float, float]]


def wheel_svg(
    names: Sequence[str],
    *,
    low: int,
    high: int,
    series: Sequence[tuple[str, Sequence[int | None]]] = (),
    label: str,
) -> Markup:
    """Return a radar chart of a competence wheel, as Word's: clockwise from the top.

    Args:
        names: the competences, one spoke each, the first at the top.
        low, high: the scale; the centre is one below ``low``, so that the lowest
            rating is a ring, not the centre point, and is left unlabelled.
        series: ``(name, ratings)`` per line (now, wanted); a rating ``None`` is
            not drawn. Empty: the axes alone, to mark on paper.
        label: the chart's accessible name.
    """
    count = max(len(names), 1)
    centre_value = low - 1

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        distance = _RADIUS * (value - centre_value) / (high - centre_value)
        return _CX + distance * math.cos(angle), _CY + distance * math.sin(angle)

    def polygon(value: float) -> str:
        return " ".join(f"{_n(x)},{_n(y)}" for x, y in (point(i, value) for i in range(count)))

    height = _HEIGHT if series else _HEIGHT - _LEGEND
    parts = [
        f'<svg class="mus-wheel" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {_n(_WIDTH)} {_n(height)}">',
        f"<title>{escape(label)}</title>",
        f'<g fill="none" stroke="{_GRID}" stroke-width="1">',
    ]
    parts += [f'<polygon points="{polygon(value)}"/>' for value in range(low, high + 1)]
    for index in range(count):
        x, y = point(index, high)
        parts.append(f'<line x1="{_n(_CX)}" y1="{_n(_CY)}" x2="{_n(x)}" y2="{_n(y)}"/>')
    parts.append("</g>")
    parts.append(f'<g font-size="10" fill="{_MUTED}" text-anchor="start">')
    for value in range(low, high + 1):
        x, y = point(0, value)
        parts.append(f'<text x="{_n(x + 4)}" y="{_n(y + 3.5)}">{value}</text>')
    parts.append("</g>")
    parts.append(f'<g font-size="12" fill="{_LABEL}">')
    for index, name in enumerate(names):
        parts.append(_spoke_label(point(index, high + (high - centre_value) * 0.1), name))
    parts.append("</g>")
    for (title, values), (colour, dash) in zip(series, SERIES_LOOK, strict=False):
        parts.append(_series(values, point, colour, dash, title))
    if series:
        parts.append(_legend([title for title, _ in series]))
    parts.append("</svg>")
    return Markup("".join(parts))


def _spoke_label(at: tuple[float, float], name: str) -> str:
    """Return a competence's name beside the end of its spoke, wrapped, anchored away from it."""
    x, y = at
    anchor = "middle" if abs(x - _CX) < 1 else ("start" if x > _CX else "end")
    lines = _wrap(name)
    top = y - (len(lines) - 1) * 14 / 2 + 4
    if y < _CY - _RADIUS * 0.9:  # the top spoke: the name sits above it
        top = y - (len(lines) - 1) * 14
    elif y > _CY + _RADIUS * 0.9:  # the bottom spoke: below it
        top = y + 10
    spans = "".join(
        f'<tspan x="{_n(x)}" y="{_n(top + 14 * number)}">{escape(line)}</tspan>'
        for number, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}">{spans}</text>'


def _wrap(name: str) -> list[str]:
    """Return ``name`` in lines of about ``_WRAP`` characters, split at spaces."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= _WRAP:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines[:3] or [""]


def _series(values: Sequence[int | None], at: _Point, colour: str, dash: str, title: str) -> str:
    """Return one rating's line and markers (the line only when every rating is given)."""
    given = [(index, value) for index, value in enumerate(values) if value is not None]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [f'<g class="mus-series" fill="{colour}" stroke="{colour}">']
    if given and len(given) == len(values):
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in (at(i, v) for i, v in given))
        parts.append(
            f'<polygon points="{points}" fill="none" stroke-width="2.25"{dashes}>'
            f"<title>{escape(title)}</title></polygon>"
        )
    for index, value in given:
        x, y = at(index, value)
        parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5"/>')
    parts.append("</g>")
    return "".join(parts)


def _legend(titles: Sequence[str]) -> str:
    """Return the key of the lines, centred under the chart."""
    step = 120.0
    left = _CX - step * len(titles) / 2
    parts = [f'<g font-size="12" fill="{_LABEL}">']
    for index, (title, (colour, dash)) in enumerate(zip(titles, SERIES_LOOK, strict=False)):
        x = left + step * index
        y = _HEIGHT - 14
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + 28)}" y2="{_n(y - 4)}" '
            f'stroke="{colour}" stroke-width="2.25"{dashes}/>'
            f'<text x="{_n(x + 34)}" y="{_n(y)}">{escape(title)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)
