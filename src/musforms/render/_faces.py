"""The five faces of a smiley scale as shapes, one geometry for every format.

Word draws them as PNG pictures (:mod:`musforms.render.docx._faces`), the
HTML preview as inline SVG (:mod:`musforms.render._svg`); both take their
circles, eyes and mouths from here, so that a face looks the same on paper,
in Word and in a browser. Plain Python, no imports: any renderer may use it.

A face is drawn in a square ``size`` units wide (pixels for a PNG, the
``viewBox`` of an SVG); the mouth is a circular arc through two end points,
bent down for a frown and up for a smile.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EMOJI", "FILLS", "INK", "Face", "face", "faces_for"]

#: Fill colours from unhappy to happy; the lines stay dark so that a
#: black-and-white print reads as well.
FILLS: tuple[tuple[int, int, int], ...] = (
    (0xF4, 0x9A, 0x8C),
    (0xF7, 0xC0, 0x8A),
    (0xF9, 0xE0, 0x8B),
    (0xC5, 0xE1, 0x9A),
    (0x9C, 0xD3, 0x9E),
)
INK: tuple[int, int, int] = (0x33, 0x33, 0x33)

#: The emoji nearest each face, for where no picture can go (an Excel drop-down).
#: All five are Unicode 6.0 faces that DejaVu Sans has too (U+1F641 and U+1F642,
#: the slight frown and smile, are missing from it and print as empty boxes).
EMOJI: tuple[str, ...] = ("\U0001f61e", "\U0001f615", "\U0001f610", "\U0001f60a", "\U0001f604")


def faces_for(count: int) -> tuple[int, ...]:
    """Return which of the five faces (0 saddest .. 4 happiest) a ``count``-face scale shows."""
    return (0, 2, 4) if count == 3 else tuple(range(5))


@dataclass(frozen=True)
class Face:
    """The shapes of one face in a square ``size`` wide.

    Attributes:
        centre: the centre of the head (the same on both axes).
        radius: the head's radius, to the middle of its outline.
        stroke: the width of the outline and the mouth.
        eye_radius, eye_dx, eye_y: the two eyes, filled, at ``centre ± eye_dx``.
        half_chord, end_y: the mouth's end points at ``centre ± half_chord``.
        sagitta: how far the middle of the mouth lies below its ends (< 0: above,
            a frown; 0: a straight line).
        fill: the head's colour.
    """

    size: float
    centre: float
    radius: float
    stroke: float
    eye_radius: float
    eye_dx: float
    eye_y: float
    half_chord: float
    end_y: float
    sagitta: float
    fill: tuple[int, int, int]

    @property
    def mouth_radius(self) -> float:
        """The radius of the mouth's arc (0 for a straight mouth)."""
        if not self.sagitta:
            return 0.0
        return (self.half_chord**2 + self.sagitta**2) / (2 * abs(self.sagitta))

    @property
    def mouth_centre_y(self) -> float:
        """The height of the mouth arc's centre: above the mouth for a smile, below for a frown."""
        middle = self.end_y + self.sagitta
        return middle - self.mouth_radius if self.sagitta > 0 else middle + self.mouth_radius


def face(mood: int, size: float = 72) -> Face:
    """Return face ``mood`` (0 saddest .. 4 happiest) in a square ``size`` wide."""
    centre = size / 2
    radius = size / 2 - 2.0 * size / 72
    return Face(
        size=size,
        centre=centre,
        radius=radius,
        stroke=size / 22,
        eye_radius=radius * 0.1,
        eye_dx=radius * 0.34,
        eye_y=centre - radius * 0.22,
        half_chord=radius * 0.42,
        end_y=centre + radius * 0.33,
        sagitta=(mood - 2) / 2 * radius * 0.2,
        fill=FILLS[mood],
    )
