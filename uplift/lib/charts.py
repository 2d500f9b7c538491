"""Server-side SVG charts: no JavaScript, no inline styles (the CSP forbids them), printable in PDFs.

Every chart is an ``<svg role="img">`` with a title and a description; pages always show the same
numbers in a table beside it, which is what screen-reader users read.

Written by hand rather than with a charting library because the libraries that draw radar charts
(pygal, matplotlib) emit inline ``<style>`` or scripts that the Content Security Policy blocks, and a
radar chart is a little trigonometry.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

LABEL_OVERHANG = 70


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]  # one per axis; None = no value (drawn at the centre, marked in the table)
    colour: str  # any SVG colour, e.g. "#1d70b8"
    dashed: bool = False
    filled: bool = False


def _point(centre: float, radius: float, index: int, count: int, value: float, maximum: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = radius * (value / maximum)
    return centre + distance * math.cos(angle), centre + distance * math.sin(angle)


def radar_svg(
    *,
    axes: list[str],
    series: list[Series],
    maximum: float = 5,
    size: int = 460,
    title: str,
    description: str,
    chart_id: str = "radar",
) -> SafeString:
    """An accessible SVG radar chart of ``series`` over ``axes`` (values 0..maximum)."""
    count = len(axes)
    centre = size / 2
    radius = size / 2 - 90  # room for the axis labels
    parts = [
        # The viewBox reaches LABEL_OVERHANG past each side: long axis labels would otherwise be clipped.
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{-LABEL_OVERHANG} 0 {size + 2 * LABEL_OVERHANG} {size + 30 * len(series)}" '
        f'width="100%" class="u-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    for ring in range(1, int(maximum) + 1):
        points = " ".join(
            f"{x:.1f},{y:.1f}" for x, y in (_point(centre, radius, i, count, ring, maximum) for i in range(count))
        )
        parts.append(f'<polygon points="{points}" fill="none" stroke="#b1b4b6" stroke-width="1"/>')
        x, y = _point(centre, radius, 0, count, ring, maximum)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="11" fill="#505a5f">{ring}</text>')
    for i, label in enumerate(axes):
        x, y = _point(centre, radius, i, count, maximum, maximum)
        parts.append(f'<line x1="{centre}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="#b1b4b6" stroke-width="1"/>')
        lx, ly = _point(centre, radius + 18, i, count, maximum * (radius + 18) / radius, maximum)
        anchor = "middle" if abs(lx - centre) < 10 else ("start" if lx > centre else "end")
        lines = _wrap(label, 18)
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" font-size="12" fill="#0b0c0c" text-anchor="{anchor}">')
        for n, line in enumerate(lines):
            dy = 0 if n == 0 else 14
            parts.append(f'<tspan x="{lx:.1f}" dy="{dy}">{escape(line)}</tspan>')
        parts.append("</text>")
    for s in series:
        points = " ".join(
            f"{x:.1f},{y:.1f}"
            for x, y in (_point(centre, radius, i, count, v or 0, maximum) for i, v in enumerate(s.values))
        )
        fill = s.colour if s.filled else "none"
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(
            f'<polygon points="{points}" fill="{fill}" fill-opacity="0.15" '
            f'stroke="{s.colour}" stroke-width="2.5"{dash}/>'
        )
        for i, v in enumerate(s.values):
            if v is not None:
                x, y = _point(centre, radius, i, count, v, maximum)
                parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{s.colour}"/>')
    for n, s in enumerate(series):
        y = size + 30 * n + 10
        dash = ' stroke-dasharray="6 4"' if s.dashed else ""
        parts.append(f'<line x1="20" y1="{y}" x2="56" y2="{y}" stroke="{s.colour}" stroke-width="3"{dash}/>')
        parts.append(f'<text x="66" y="{y + 4}" font-size="13" fill="#0b0c0c">{escape(s.name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines
