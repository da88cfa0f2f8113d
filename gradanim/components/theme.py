"""One look for every scene: colours, type sizes and stroke widths that all components read.

A lesson changes the look by passing a ``Theme`` (or ``DEFAULT_THEME.replace(...)``) to a
component or scene; nothing else in the package hard-codes a colour or size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from manim import ManimColor, interpolate_color


@dataclass(frozen=True)
class Theme:
    background: str = "#0e1016"
    text: str = "#ece6e2"
    muted_text: str = "#9aa0ad"
    axis: str = "#6b7280"
    grid: str = "#2a2f3a"
    # Contours and surfaces: low values dark blue, high values warm (perceptually ordered).
    colormap: tuple[str, ...] = ("#26335e", "#2f6b9a", "#2aa198", "#8fc165", "#f0c75e", "#f2935c")
    gradient: str = "#ff6b6b"  # the gradient vector: "uphill", warm
    descent: str = "#58c4dd"  # negative gradient / descent steps: 3b1b blue
    ascent: str = "#fc6255"
    path: str = "#ffd54f"  # the walker and its trail
    field: str = "#7fb8c9"  # vector-field arrows when not coloured by magnitude
    highlight: str = "#f7e07b"
    minimum: str = "#83c167"
    maximum: str = "#fc6255"
    saddle: str = "#c792ea"
    panel: str = "#171a22"
    # Type sizes (manim font_size units) and strokes (pixels at 1080p).
    title_size: float = 40
    body_size: float = 30
    label_size: float = 28
    small_size: float = 27
    contour_stroke: float = 2.0
    axis_stroke: float = 2.0
    path_stroke: float = 4.0
    arrow_stroke: float = 3.5
    # A label drawn over a picture (filled contour bands, lines) gets an outline of the
    # background colour this wide behind its glyphs, so what is behind it is the background.
    halo_stroke: float = 6.0
    optimizer_colors: tuple[str, ...] = ("#ffd54f", "#58c4dd", "#fc6255", "#83c167", "#c792ea", "#f2935c", "#ece6e2")

    def replace(self, **changes) -> Theme:
        return replace(self, **changes)

    def colormap_at(self, t: float | np.ndarray) -> ManimColor | list[ManimColor]:
        """The colour map at t in [0, 1] (clipped); an array gives a list."""
        colors = [ManimColor(c) for c in self.colormap]
        ts = np.clip(np.atleast_1d(np.asarray(t, dtype=float)), 0.0, 1.0)
        out = []
        for v in ts:
            position = v * (len(colors) - 1)
            i = min(int(position), len(colors) - 2)
            out.append(interpolate_color(colors[i], colors[i + 1], position - i))
        return out if np.ndim(t) else out[0]


DEFAULT_THEME = Theme()
