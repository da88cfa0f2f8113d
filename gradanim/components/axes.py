"""Axes with equal units on both axes (so perpendicular looks perpendicular) and Typst labels.

Manim's own tick numbers and axis labels go through LaTeX; these use Typst, so no TeX
installation is needed.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Axes, VGroup

from ..core.domain import Domain
from .coordinates import axes_domain, nice_step, to_scene  # noqa: F401 - what maps through axes
from .theme import DEFAULT_THEME, Theme
from .typeset import math, name_typst, number_typst


def _boxes_touch(a, b, margin: float = 0.0) -> bool:
    """Whether two mobjects' bounding boxes overlap (grown by ``margin``)."""
    (al, ab), (ar, at) = a.get_corner([-1, -1, 0])[:2], a.get_corner([1, 1, 0])[:2]
    (bl, bb), (br, bt) = b.get_corner([-1, -1, 0])[:2], b.get_corner([1, 1, 0])[:2]
    return al - margin < br and bl - margin < ar and ab - margin < bt and bb - margin < at


class PlotAxes(Axes):
    """Axes over a 2D domain that fit in ``max_width`` x ``max_height`` with equal units.

    Parameters
    ----------
    domain
        The (x, y) box shown.
    variable_names
        Axis labels (variable names, Typst-typeset: ``b0`` -> b_0).
    equal_units
        Keep one unit the same length on both axes (default). Without it the axes fill the box.
    """

    def __init__(
        self,
        domain: Domain,
        *,
        max_width: float = 7.6,
        max_height: float = 6.4,
        variable_names: tuple[str, str] = ("x", "y"),
        equal_units: bool = True,
        show_numbers: bool = True,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        (x0, x1), (y0, y1) = domain.bounds
        if equal_units:
            unit = min(max_width / (x1 - x0), max_height / (y1 - y0))
            width, height = unit * (x1 - x0), unit * (y1 - y0)
        else:
            width, height = max_width, max_height
        self.domain = domain
        self.theme = theme
        x_step, y_step = nice_step(x1 - x0), nice_step(y1 - y0)
        axis_config = {
            "color": theme.axis,
            "stroke_width": theme.axis_stroke,
            "include_numbers": False,
            "include_tip": False,
            "tick_size": 0.05,
        }
        super().__init__(
            x_range=[x0, x1, x_step],
            y_range=[y0, y1, y_step],
            x_length=width,
            y_length=height,
            axis_config=axis_config,
            tips=False,
            **kwargs,
        )
        # A framed plot: axes lines along the box edges read better than axes through the
        # origin when the domain does not contain it; we keep manim's axes (through 0 when
        # visible) and add numbers on the lower and left edges.
        self.number_labels = VGroup()
        if show_numbers:
            self._add_numbers(x_step, y_step)
        self.axis_labels = self._axis_labels(variable_names)
        # A tick number that would touch an axis name gives way to it.
        for number in list(self.number_labels):
            if any(_boxes_touch(number, name, 0.05) for name in self.axis_labels):
                self.number_labels.remove(number)
        self.add(self.number_labels, self.axis_labels)

    def _ticks(self, lo: float, hi: float, step: float, crossing: float) -> np.ndarray:
        """Tick values to number: inside (lo, hi), not at the ends (where the two axes'
        numbers would meet in a corner) and not where the other axis crosses."""
        first = np.ceil(lo / step - 1e-9) * step
        ticks = np.arange(first, hi + step * 1e-9, step)
        ends = (np.abs(ticks - lo) < 1e-9 * step) | (np.abs(ticks - hi) < 1e-9 * step)
        keep = ~ends
        if np.isfinite(crossing):
            keep &= np.abs(ticks - crossing) > 1e-9 * step
        return ticks[keep]

    def _add_numbers(self, x_step: float, y_step: float):
        (x0, x1), (y0, y1) = self.domain.bounds
        size = self.theme.small_size
        x_cross, y_cross = self.p2c(self.x_axis.get_start())[1], self.p2c(self.y_axis.get_start())[0]
        for x in self._ticks(x0, x1, x_step, y_cross if x0 < y_cross < x1 else np.nan):
            label = math(number_typst(x), font_size=size, color=self.theme.muted_text, theme=self.theme)
            label.skim = True  # looked up when needed, not read as the axes appear
            label.next_to(self.c2p(x, y0), DOWN, buff=0.12)
            self.number_labels.add(label)
        for y in self._ticks(y0, y1, y_step, x_cross if y0 < x_cross < y1 else np.nan):
            label = math(number_typst(y), font_size=size, color=self.theme.muted_text, theme=self.theme)
            label.skim = True
            label.next_to(self.c2p(x0, y), LEFT, buff=0.12)
            self.number_labels.add(label)

    def _axis_labels(self, names: tuple[str, str]) -> VGroup:
        (x0, x1), (y0, y1) = self.domain.bounds
        size = self.theme.label_size
        x_label = math(name_typst(names[0]), font_size=size, color=self.theme.text, theme=self.theme)
        y_label = math(name_typst(names[1]), font_size=size, color=self.theme.text, theme=self.theme)
        x_label.next_to(self.c2p(x1, y0), DOWN, buff=0.15).shift(LEFT * 0.05)
        x_label.align_to(self.c2p(x1, y0), RIGHT)
        y_label.next_to(self.c2p(x0, y1), LEFT, buff=0.15).align_to(self.c2p(x0, y1), UP)
        return VGroup(x_label, y_label)

