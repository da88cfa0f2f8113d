"""Arrows of the gradient (or its negative) on a grid of points.

The vectors are the core's gradients; only their *drawn length* is a presentation choice:
``length = max_length * m / (m + m_ref)`` for magnitude ``m`` (``m_ref`` the median
magnitude), so steep regions do not swamp the picture while direction stays exact. Colour
follows magnitude through the theme's colour map.

Example::

    field = GradientField(objective, axes, negative=True, density=13)
    self.play(LaggedStartMap(GrowArrow, field, lag_ratio=0.01))
"""

from __future__ import annotations

import numpy as np
from manim import VGroup, VMobject

from ..core.domain import Domain
from ..core.objective import Objective
from .axes import axes_domain, to_scene
from .theme import DEFAULT_THEME, Theme


class FieldArrow(VMobject):
    """An arrow drawn as one filled outline (shaft and head), for fields of many arrows.

    Manim's ``Arrow`` is a stroked line plus a filled tip: two shapes to draw, and where
    they overlap a translucent arrow shows a darker knot. Proportions follow ``Arrow``'s
    defaults: a head as long as it is wide, ``tip_ratio`` of the length up to
    ``max_tip_length``; a shaft ``stroke_width`` wide (manim stroke units) up to
    ``max_width_ratio`` of the length. ``GrowArrow`` grows it from its tail.
    """

    def __init__(self, start, end, *, stroke_width: float = 2.45, tip_ratio: float = 0.35,
                 max_tip_length: float = 0.35, max_width_ratio: float = 0.08, color=None,
                 opacity: float = 1.0, **kwargs):
        super().__init__(fill_color=color, fill_opacity=opacity, stroke_width=0, **kwargs)
        start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
        axis = end - start
        length = float(np.linalg.norm(axis))
        if length == 0:
            raise ValueError("a FieldArrow needs distinct start and end points")
        along = axis / length
        across = np.array([-along[1], along[0], 0.0])
        head = min(tip_ratio * length, max_tip_length)
        shaft = 0.5 * min(0.01 * stroke_width, max_width_ratio * length)
        base = end - head * along
        corners = [start + shaft * across, base + shaft * across, base + 0.5 * head * across, end,
                   base - 0.5 * head * across, base - shaft * across, start - shaft * across]
        self.set_points_as_corners([*corners, corners[0]])

    def scale(self, scale_factor: float, scale_tips: bool = True, **kwargs):
        """Scale the whole outline, head included (``scale_tips`` is accepted for ``GrowArrow``)."""
        return super().scale(scale_factor, **kwargs)

    def get_start(self) -> np.ndarray:
        """The middle of the tail."""
        return 0.5 * (self.points[0] + self.points[24])

    def get_end(self) -> np.ndarray:
        """The point of the head."""
        return self.points[12].copy()


class GradientField(VGroup):
    """One :class:`FieldArrow` per grid point, centred on it, along +grad f (or -grad f).

    Attributes
    ----------
    anchors
        (k, 2) domain points of the arrows.
    vectors
        (k, 2) the core's gradient (negated when ``negative``) at each anchor.
    """

    def __init__(
        self,
        objective: Objective,
        axes,
        *,
        negative: bool = True,
        density: int = 13,
        domain: Domain | None = None,
        max_length: float | None = None,
        stroke_width: float | None = None,
        opacity: float = 0.55,
        color_by_magnitude: bool = True,
        color=None,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        domain = domain or axes_domain(axes)
        (x0, x1), (y0, y1) = domain.bounds
        # Anchors at cell centres: arrows never stick out of the plot.
        nx = max(2, int(density))
        ny = max(2, int(round(nx * (y1 - y0) / (x1 - x0))))
        xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
        ys = y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny
        gx, gy = np.meshgrid(xs, ys)
        gradient = objective.gradient_on(gx, gy).reshape(2, -1).T
        sign = -1.0 if negative else 1.0
        anchors = np.column_stack([gx.ravel(), gy.ravel()])
        finite = np.all(np.isfinite(gradient), axis=1)
        self.anchors = anchors[finite]
        self.vectors = sign * gradient[finite]
        self.negative = negative

        cell = min(to_scene(axes, [[xs[1], ys[0]]])[0, 0] - to_scene(axes, [[xs[0], ys[0]]])[0, 0],
                   to_scene(axes, [[xs[0], ys[1]]])[0, 1] - to_scene(axes, [[xs[0], ys[0]]])[0, 1])
        max_length = max_length or 0.9 * cell
        magnitudes = np.linalg.norm(self.vectors, axis=1)
        positive = magnitudes[magnitudes > 0]
        reference = float(np.median(positive)) if positive.size else 1.0
        self.drawn_lengths = max_length * magnitudes / (magnitudes + reference)
        ranks = np.argsort(np.argsort(magnitudes)) / max(len(magnitudes) - 1, 1)
        colors = theme.colormap_at(ranks) if color_by_magnitude else [color or theme.field] * len(magnitudes)

        centres = to_scene(axes, self.anchors)
        origin = to_scene(axes, [[0.0, 0.0]])[0]
        unit_x = to_scene(axes, [[1.0, 0.0]])[0] - origin
        unit_y = to_scene(axes, [[0.0, 1.0]])[0] - origin
        self.shown: list[int] = []  # indices into anchors/vectors of the arrows drawn
        for index, (centre, vector, length, color) in enumerate(zip(centres, self.vectors, self.drawn_lengths, colors)):
            if length < 0.04 * max_length:
                continue  # a flat spot: no arrow rather than a dot-sized one
            self.shown.append(index)
            direction = vector[0] * unit_x + vector[1] * unit_y
            direction = direction / np.linalg.norm(direction)
            half = 0.5 * length * direction
            self.add(FieldArrow(centre - half, centre + half, stroke_width=stroke_width or theme.arrow_stroke * 0.7,
                                color=color, opacity=opacity))

    def scene_directions(self) -> np.ndarray:
        """Unit directions of the drawn arrows in scene space, one per ``shown`` index."""
        out = []
        for arrow in self.submobjects:
            d = arrow.get_end() - arrow.get_start()
            out.append(d[:2] / np.linalg.norm(d[:2]))
        return np.array(out)
