"""Smiley faces as small PNG pictures, drawn in pure Python.

No font has the same five faces in Word and LibreOffice (emoji faces are
missing from LibreOffice's fonts here, and U+2639/U+263A give only two), so
the faces are pictures: the same in every program, on screen and on paper.
They are drawn with anti-aliasing from distances to the face's shapes and
written as PNG with :mod:`zlib`; no imaging library needed.

Drawing the five faces costs ~100 ms of pure Python, a third of a whole
``musforms build``, so the drawn PNGs are shipped in ``faces/`` and read from
there; a test checks that they are exactly what :func:`draw_face_png` draws,
and ``python -m musforms.render.docx._faces`` draws them again after a change.
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

__all__ = ["draw_face_png", "face_png", "faces_for"]

#: Pixels per side; shown at about 7.5 mm this prints at ~240 dpi.
SIZE = 72
#: Fill colours from unhappy to happy; the lines stay dark so that a
#: black-and-white print reads as well.
_FILLS = (
    (0xF4, 0x9A, 0x8C),
    (0xF7, 0xC0, 0x8A),
    (0xF9, 0xE0, 0x8B),
    (0xC5, 0xE1, 0x9A),
    (0x9C, 0xD3, 0x9E),
)
_INK = (0x33, 0x33, 0x33)


def faces_for(count: int) -> tuple[int, ...]:
    """Return which of the five faces (0 saddest .. 4 happiest) a ``count``-face scale shows."""
    return (0, 2, 4) if count == 3 else tuple(range(5))


@lru_cache(maxsize=5)
def face_png(mood: int) -> bytes:
    """Return the PNG of face ``mood`` (0 saddest .. 4 happiest), as shipped in ``faces/``."""
    shipped = files("musforms.render.docx").joinpath("faces", _file_name(mood))
    try:
        return shipped.read_bytes()
    except OSError:  # a checkout whose faces were deleted: draw them (slower, same bytes)
        return draw_face_png(mood)


def draw_face_png(mood: int) -> bytes:
    """Draw the PNG of face ``mood`` (what ``faces/face-N.png`` holds)."""
    return _png(SIZE, SIZE, _draw(mood))


def _file_name(mood: int) -> str:
    if mood not in range(5):
        raise ValueError(f"no face {mood}: the faces are 0 (saddest) to 4 (happiest)")
    return f"face-{mood}.png"


def _draw(mood: int) -> bytes:
    size = SIZE
    centre = size / 2
    radius = size / 2 - 2.0
    stroke = size / 22
    eye_radius = radius * 0.1
    eye_dx, eye_y = radius * 0.34, centre - radius * 0.22
    # The mouth: a circular arc through two end points, bent by the mood.
    half_chord = radius * 0.42
    end_y = centre + radius * 0.33
    sagitta = (mood - 2) / 2 * radius * 0.2  # > 0 smiles (middle lower), < 0 frowns
    arc: tuple[float, float, float] | None = None
    if sagitta:
        rho = (half_chord**2 + sagitta**2) / (2 * abs(sagitta))
        middle_y = end_y + sagitta
        arc = (middle_y - rho if sagitta > 0 else middle_y + rho, rho, sagitta)
    fill = _FILLS[mood]
    reach = stroke + 1.0
    mouth_top = end_y - abs(sagitta) - reach if sagitta < 0 else end_y - reach
    mouth_bottom = end_y + sagitta + reach if sagitta > 0 else end_y + reach
    eyes = (centre - eye_dx, centre + eye_dx)
    transparent = b"\0\0\0\0"
    solid = bytes((*fill, 255))
    plain_inside = radius - stroke - 1
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # PNG filter type 0 for the row
        py = y + 0.5
        near_eyes = abs(py - eye_y) < eye_radius + 1
        near_mouth = mouth_top <= py <= mouth_bottom
        for x in range(size):
            px = x + 0.5
            from_centre = math.hypot(px - centre, py - centre)
            if from_centre > radius + stroke:
                rows += transparent
                continue
            line = _cover(abs(from_centre - radius) - stroke / 2)
            if near_eyes:
                for ex in eyes:
                    line = max(line, _cover(math.hypot(px - ex, py - eye_y) - eye_radius))
            if near_mouth and abs(px - centre) < half_chord + reach:
                mouth = _mouth_distance(px - centre, py, half_chord, end_y, arc)
                line = max(line, _cover(mouth - stroke / 2))
            if line == 0 and from_centre < plain_inside:
                rows += solid
                continue
            inside = _cover(from_centre - radius)
            alpha = line + inside * (1 - line)
            if alpha <= 0:
                rows += transparent
                continue
            under = inside * (1 - line)
            rows += bytes(
                (
                    round((_INK[0] * line + fill[0] * under) / alpha),
                    round((_INK[1] * line + fill[1] * under) / alpha),
                    round((_INK[2] * line + fill[2] * under) / alpha),
                    round(alpha * 255),
                )
            )
    return bytes(rows)


def _cover(distance: float) -> float:
    """Return how much of a pixel a shape covers, from the signed distance to its edge."""
    return min(1.0, max(0.0, 0.5 - distance))


def _mouth_distance(
    dx: float, py: float, half_chord: float, end_y: float, arc: tuple[float, float, float] | None
) -> float:
    if arc is None:
        return math.hypot(max(abs(dx) - half_chord, 0.0), py - end_y)
    centre_y, rho, sagitta = arc
    length = math.hypot(dx, py - centre_y) or 1.0
    on_x = dx * rho / length
    on_y = centre_y + (py - centre_y) * rho / length
    on_arc = abs(on_x) <= half_chord and ((on_y >= end_y) if sagitta > 0 else (on_y <= end_y))
    if on_arc:
        return abs(length - rho)
    return math.hypot(abs(dx) - half_chord, py - end_y)


def _png(width: int, height: int, rgba_rows: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    # pHYs: 9449 pixels per metre (240 dpi), so programs size the picture sensibly.
    phys = struct.pack(">IIB", 9449, 9449, 1)
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", header),
            chunk(b"pHYs", phys),
            chunk(b"IDAT", zlib.compress(rgba_rows, 9)),
            chunk(b"IEND", b""),
        )
    )


def _write_shipped_faces(folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for mood in range(5):
        (folder / _file_name(mood)).write_bytes(draw_face_png(mood))


if __name__ == "__main__":
    _write_shipped_faces(
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("faces")
    )
