"""Vector drawings of the PDF form: smiley faces and the competence wheel's radar grid.

Drawn with lines and curves, never with emoji or images, so that they print
sharp, look the same in every viewer and need no font.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from musforms.render.pdf._fonts import REGULAR, width
from musforms.render.pdf._layout import Flow, lines_of

__all__ = ["face", "moods", "radar"]


def moods(count: int) -> list[float]:
    """Return the mouths of a smiley scale, worst first: -1 (sad) to +1 (happy)."""
    if count == 3:
        return [-1.0, 0.0, 1.0]
    return [-1.0, -0.5, 0.0, 0.5, 1.0]


def face(canvas: Any, cx: float, cy: float, r: float, mood: float) -> None:
    """Draw a face of radius ``r`` centred on ``(cx, cy)``; ``mood`` bends its mouth."""
    canvas.saveState()
    canvas.setStrokeGray(0.2)
    canvas.setLineWidth(r * 0.09)
    canvas.setFillGray(1)
    canvas.circle(cx, cy, r, stroke=1, fill=1)
    canvas.setFillGray(0.2)
    for dx in (-r * 0.35, r * 0.35):
        canvas.circle(cx + dx, cy + r * 0.28, r * 0.1, stroke=0, fill=1)
    mouth = cy - r * 0.38 + mood * r * 0.1
    path = canvas.beginPath()
    path.moveTo(cx - r * 0.45, mouth)
    bend = mood * r * 0.35
    path.curveTo(cx - r * 0.2, mouth - bend, cx + r * 0.2, mouth - bend, cx + r * 0.45, mouth)
    canvas.setLineWidth(r * 0.1)
    canvas.setLineCap(1)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def radar(flow: Flow, cx: float, cy: float, r: float, labels: Sequence[str], levels: int) -> None:
    """Draw an empty radar grid: ``levels`` rings, a spoke and a label per competence.

    It stays empty while a form is filled on screen: a PDF would need
    JavaScript to draw the ratings, and musforms writes none. People draw
    their marks on paper; the ratings themselves are the radio buttons.
    """
    canvas = flow.canvas
    count = len(labels)
    angles = [math.pi / 2 - 2 * math.pi * i / count for i in range(count)]
    canvas.saveState()
    canvas.setLineWidth(0.5)
    for level in range(1, levels + 1):
        radius = r * level / levels
        path = canvas.beginPath()
        for i, angle in enumerate(angles):
            point = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
            if i == 0:
                path.moveTo(*point)
            else:
                path.lineTo(*point)
        path.close()
        canvas.setStrokeGray(0.78 if level < levels else 0.45)
        canvas.drawPath(path, stroke=1, fill=0)
    canvas.setStrokeGray(0.78)
    for label, angle in zip(labels, angles, strict=True):
        cos, sin = math.cos(angle), math.sin(angle)
        canvas.line(cx, cy, cx + r * cos, cy + r * sin)
        lines = lines_of(label, REGULAR, 7.5, 96)[:2]
        lx, ly = cx + (r + 7) * cos, cy + (r + 7) * sin
        lift = 5 if sin > 0.3 else -7 if sin < -0.3 else -2
        for j, line in enumerate(lines):
            w = width(line, REGULAR, 7.5)
            x = lx - w / 2 if abs(cos) < 0.3 else (lx if cos > 0 else lx - w)
            y = ly + lift + (len(lines) - 1) * 4 - j * 8
            if sin > 0.3:
                y += (len(lines) - 1) * 4
            flow.draw(x, y, line, REGULAR, 7.5, 0.25)
    canvas.restoreState()
