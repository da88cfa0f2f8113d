"""Critical points on a map: every point where grad f = 0, marked by its kind, with a legend.

The points and their kinds come from :func:`gradanim.core.critical.critical_points` (the
Hessian's eigenvalues decide: all positive a minimum, all negative a maximum, both signs a
saddle, a zero eigenvalue degenerate). This module only draws them: a shape and colour per
kind (a dot for a minimum, a triangle for a maximum, a diamond for a saddle, a hollow ring
when the test is silent), so the kinds differ in shape as well as colour.

Example::

    points = critical_points(objective, domain)
    marks = CriticalPointMarkers(points, axes, show_eigenvalues=True)
    legend = marks.legend()
    self.play(LaggedStart(*(GrowFromCenter(m) for m in marks.markers), lag_ratio=0.2))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Circle,
    Dot,
    Square,
    Triangle,
    VGroup,
    VMobject,
)

from ..core.critical import CriticalPoint, Kind
from .bounds import Box
from .theme import DEFAULT_THEME, Theme
from .typeset import math, number_typst

KIND_ORDER = (Kind.MINIMUM, Kind.MAXIMUM, Kind.SADDLE, Kind.DEGENERATE)
PLURALS = {Kind.MINIMUM: "minima", Kind.MAXIMUM: "maxima", Kind.SADDLE: "saddles", Kind.DEGENERATE: "degenerate"}


def kind_color(kind: Kind, theme: Theme = DEFAULT_THEME):
    return {
        Kind.MINIMUM: theme.minimum,
        Kind.MAXIMUM: theme.maximum,
        Kind.SADDLE: theme.saddle,
    }.get(kind, theme.muted_text)


def kind_marker(kind: Kind, size: float = 0.13, theme: Theme = DEFAULT_THEME) -> VMobject:
    """The marker of one kind, ``size`` scene units across, centred at the origin."""
    color = kind_color(kind, theme)
    if kind == Kind.MINIMUM:
        mark = Dot(radius=size / 2, color=color)
    elif kind == Kind.MAXIMUM:
        mark = Triangle(fill_color=color, fill_opacity=1, stroke_width=0)
        mark.scale_to_fit_width(size * 1.2)
        mark.move_to(np.zeros(3))
    elif kind == Kind.SADDLE:
        mark = Square(side_length=size * 0.78, fill_color=color, fill_opacity=1, stroke_width=0).rotate(np.pi / 4)
    else:
        mark = Circle(radius=size / 2, stroke_color=color, stroke_width=3, fill_opacity=0)
    # A dark outline keeps the marker readable on any contour colour.
    mark.set_stroke(theme.background, width=3, background=True)
    return mark


class CriticalPointMarkers(VGroup):
    """One marker per critical point (drawn on ``axes``), and optional eigenvalue labels.

    Parameters
    ----------
    points
        The core's critical points (those outside the axes are skipped).
    axes
        Where to draw.
    show_eigenvalues
        Label each point with its Hessian eigenvalues, ``lambda = a, b``.
    size, label_size, digits
        Marker size (scene units), label font size, decimals of the eigenvalues.

    Attributes: ``critical`` (the points drawn), ``markers`` (VGroup, same order), ``by_kind``
    (Kind -> VGroup of markers), ``labels`` (VGroup, same order as ``critical`` when shown).
    """

    def __init__(
        self,
        points: Sequence[CriticalPoint],
        axes,
        *,
        show_eigenvalues: bool = False,
        size: float = 0.2,
        label_size: float | None = None,
        digits: int = 2,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.axes = axes
        self.theme = theme
        (x0, x1), (y0, y1) = axes.x_range[:2], axes.y_range[:2]
        self.critical = [
            c for c in points if x0 <= c.point[0] <= x1 and y0 <= c.point[1] <= y1
        ]
        self.markers = VGroup()
        self.by_kind: dict[Kind, VGroup] = {}
        for c in self.critical:
            mark = kind_marker(c.kind, size, theme).move_to(axes.c2p(*c.point[:2]))
            self.markers.add(mark)
            self.by_kind.setdefault(c.kind, VGroup()).add(mark)
        self.labels = VGroup()
        if show_eigenvalues:
            for c, mark in zip(self.critical, self.markers):
                values = ", ".join(number_typst(float(v), digits) for v in c.eigenvalues)
                label = math(f"lambda = {values}", font_size=label_size or theme.small_size,
                             color=kind_color(c.kind, theme), theme=theme)
                self._place(label, mark)
                self.labels.add(label)
        self.add(self.markers, self.labels)

    def _place(self, label: VMobject, mark: VMobject) -> None:
        """Beside the marker, in the first direction where it stays inside the axes and
        overlaps no marker and no label placed before it."""
        lower_left = self.axes.c2p(self.axes.x_range[0], self.axes.y_range[0])
        upper_right = self.axes.c2p(self.axes.x_range[1], self.axes.y_range[1])
        box = Box(lower_left[0], upper_right[0], lower_left[1], upper_right[1])
        taken = [Box.of(m) for m in self.markers] + [Box.of(lab) for lab in self.labels]
        best, best_cost = None, None
        for direction in (UR, DR, UL, DL, RIGHT, LEFT, UP, DOWN):
            label.next_to(mark, direction, buff=0.06)
            b = Box.of(label)
            cost = 10 * box.outside_by(b) + sum(b.overlap_area(t) for t in taken)
            if cost == 0:
                return
            if best_cost is None or cost < best_cost:
                best, best_cost = direction, cost
        label.next_to(mark, best, buff=0.06)

    def legend(self, *, counts: bool = True, kinds: Sequence[Kind] | None = None, font_size: float | None = None,
               size: float = 0.2) -> VGroup:
        """Rows ``marker  name (count)`` for the kinds present (or ``kinds``), in a fixed order."""
        theme = self.theme
        shown = [k for k in KIND_ORDER if (k in self.by_kind if kinds is None else k in kinds)]
        rows = VGroup()
        for kind in shown:
            n = len(self.by_kind.get(kind, []))
            name = (kind.value if n == 1 else PLURALS[kind]) if counts else kind.value
            text = f'{n} "{name}"' if counts else f'"{name}"'
            words = math(text, font_size=font_size or theme.label_size, color=kind_color(kind, theme), theme=theme)
            row = VGroup(kind_marker(kind, size, theme), words).arrange(RIGHT, buff=0.2)
            rows.add(row)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        return rows


__all__ = ["CriticalPointMarkers", "KIND_ORDER", "kind_color", "kind_marker"]
