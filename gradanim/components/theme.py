"""One look for every scene: colours, type sizes and stroke widths that all components read.

A lesson changes the look by passing a ``Theme`` (or ``DEFAULT_THEME.replace(...)``) to a
component or scene; nothing else in the package hard-codes a colour or size. A lesson file
sets the same fields in its ``[theme]`` table.

Two palettes (``palette``): ``"default"`` (3Blue1Brown's dark look) and ``"okabe-ito"``
(the colours of Okabe and Ito's palette for colour-blind readers). In both, the colours
that tell things apart (:meth:`Theme.distinct_pairs`: minimum/maximum/saddle, the
learning-rate regimes, the optimisers, ascent/descent, the walker against the contour
colours) stay apart for red-green colour blindness; the tests check it by simulation.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
from manim import ManimColor, interpolate_color


@dataclass(frozen=True)
class Theme:
    background: str = "#0e1016"
    text: str = "#ece6e2"
    muted_text: str = "#9aa0ad"
    axis: str = "#6b7280"
    grid: str = "#2a2f3a"
    # Contours and surfaces: low values dark blue, high values warm (perceptually ordered;
    # no yellow, the walker's colour).
    colormap: tuple[str, ...] = ("#26335e", "#2f6b9a", "#2aa198", "#8fc165", "#f2935c", "#f07a6a")
    gradient: str = "#ff6b6b"  # the gradient vector: "uphill", warm
    descent: str = "#58c4dd"  # negative gradient / descent steps: 3b1b blue
    ascent: str = "#fc6255"
    path: str = "#ffd54f"  # the walker and its trail
    field: str = "#7fb8c9"  # vector-field arrows when not coloured by magnitude
    highlight: str = "#f7e07b"
    minimum: str = "#5cd0b3"  # teal: a green that red-green colour blindness keeps apart from red
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
    optimizer_colors: tuple[str, ...] = ("#ffd54f", "#58c4dd", "#fc6255", "#ece6e2", "#cc79a7", "#c55f73", "#236b8e")
    palette: str = "default"  # "okabe-ito": the colour-blind-safe palette (PALETTES)

    def replace(self, **changes) -> Theme:
        """A copy with ``changes``; ``palette=...`` first takes that palette's colours."""
        name = changes.get("palette")
        if name is not None and name != self.palette:
            if name not in PALETTES:
                raise ValueError(f"unknown palette {name!r}; palettes: {', '.join(PALETTES)}")
            changes = {**PALETTES[name], **changes}
        return replace(self, **changes)

    def distinct_pairs(self) -> list[tuple[str, str, str]]:
        """Colours that tell things apart on screen, as ``(what, colour, colour)`` pairs."""
        groups = {
            "critical points": (self.minimum, self.maximum, self.saddle),
            "learning-rate regimes": (self.field, self.minimum, self.highlight, self.maximum),
            "ascent and descent": (self.ascent, self.descent),
            "gradient and descent": (self.gradient, self.descent),
            "optimisers": self.optimizer_colors,
        }
        pairs = [(what, a, b) for what, colours in groups.items()
                 for i, a in enumerate(colours) for b in colours[i + 1:]]
        # The walker and its trail against every colour of the contour map.
        pairs += [("walker on the contours", self.path, _hex(c)) for c in self.colormap_at(np.linspace(0, 1, 41))]
        return pairs

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


def _hex(color) -> str:
    return ManimColor(color).to_hex().lower()


# Okabe & Ito, "Color Universal Design" (2008): orange, sky blue, bluish green, yellow,
# blue, vermillion, reddish purple (their black is this dark theme's background).
OKABE_ITO = {
    "orange": "#e69f00", "sky_blue": "#56b4e9", "bluish_green": "#009e73", "yellow": "#f0e442",
    "blue": "#0072b2", "vermillion": "#d55e00", "reddish_purple": "#cc79a7",
}

PALETTES: dict[str, dict] = {
    "default": {field.name: field.default for field in fields(Theme)
                if isinstance(field.default, (str, tuple)) and field.name not in ("palette",)},
    "okabe-ito": {
        "gradient": OKABE_ITO["vermillion"],
        "ascent": OKABE_ITO["vermillion"],
        "descent": OKABE_ITO["sky_blue"],
        "path": OKABE_ITO["yellow"],
        "field": OKABE_ITO["sky_blue"],
        "highlight": OKABE_ITO["orange"],
        "minimum": OKABE_ITO["bluish_green"],
        "maximum": OKABE_ITO["vermillion"],
        "saddle": OKABE_ITO["reddish_purple"],
        # Contours: blues, dark to light (far from the yellow walker).
        "colormap": ("#1d2b53", "#2c4f8c", "#0072b2", "#4e8fc9", "#8fb3dd", "#c9d6ee"),
        "optimizer_colors": tuple(OKABE_ITO[k] for k in (
            "orange", "sky_blue", "bluish_green", "yellow", "reddish_purple", "vermillion", "blue")),
    },
}

DEFAULT_THEME = Theme()
