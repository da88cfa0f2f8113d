"""Level lines of a two-variable function on manim Axes.

The lines come from :mod:`gradanim.core.contours` (contourpy on a numpy grid): smooth,
without the false gaps of one ``ImplicitFunction`` per level, and about two orders of
magnitude faster to build.

Optional extras: filled bands between the levels (``filled=True``, drawn under the lines in
the theme's colour map) and level labels placed on the lines (``labels=True``): each label
sits on its level line, in a gap cut in the line, where the line is nearly straight and no
other label is; labels never collide with each other or leave the plot.

Example::

    axes = Axes(x_range=[-3, 3, 1], y_range=[-2, 2, 1], x_length=6, y_length=4)
    contours = ContourMap(Objective.from_text("x^2 + 3y^2"), axes, levels=10)
    self.play(Create(contours))

    nice = ContourMap(f, axes, levels=8, spacing="nice", filled=True, labels=True)
    self.play(FadeIn(nice.bands), Create(nice.lines), FadeIn(nice.labels))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Axes, ManimColor, Mobject, VGroup, VMobject, interpolate_color

from ..core.contours import Grid, auto_levels, contour_bands, contour_lines
from ..core.domain import Domain
from ..core.objective import Objective
from .axes import axes_domain, to_scene
from .bounds import Box
from .theme import DEFAULT_THEME, Theme
from .typeset import math, number_typst


class ContourMap(VGroup):
    """One ``VMobject`` per level line, coloured from low (dark) to high (warm).

    Parameters
    ----------
    objective
        A function of two variables.
    axes
        Where to draw; the domain defaults to the axes' ranges.
    levels
        A number of automatic levels, or the levels themselves.
    spacing
        ``"auto"``, ``"linear"`` or ``"log"`` for automatic levels (see ``auto_levels``).
    resolution
        Grid points per axis for contourpy.
    stroke_width, opacity, theme
        Look; colours come from ``theme.colormap``.
    filled, fill_opacity
        Fill the bands between consecutive levels (under the lines), coloured between the
        colours of the levels that bound them.
    labels
        Label level lines with their values: ``True`` for every level, or the levels to label.
    label_digits, label_size
        Decimals shown and type size (default ``theme.small_size``).
    label_near
        A point (axes coordinates) that labels prefer to sit close to; default the middle
        of each line.
    label_avoid
        Mobjects or (x, y) axes points whose neighbourhood labels keep clear of.

    Attributes
    ----------
    levels, lines_by_level, level_mobjects
        The levels, the core's polylines per level, the drawn lines per level.
    bands
        ``VGroup`` of filled bands (empty unless ``filled``); ``band_levels`` their bounds.
    labels, level_labels
        ``VGroup`` of the labels and ``{level: label}``; ``label_boxes`` their scene boxes
        (left, right, bottom, top).
    lines
        All level lines in one ``VGroup`` (not added: the level groups are the children).
    """

    def __init__(
        self,
        objective: Objective,
        axes: Axes,
        *,
        levels: int | Sequence[float] = 12,
        spacing: str = "auto",
        domain: Domain | None = None,
        resolution: int = 161,
        stroke_width: float | None = None,
        opacity: float = 0.9,
        filled: bool = False,
        fill_opacity: float = 0.3,
        labels: bool | Sequence[float] = False,
        label_digits: int = 2,
        label_size: float | None = None,
        label_near=None,
        label_avoid: Sequence = (),
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.objective = objective
        self.axes = axes
        self.theme = theme
        self.domain = domain or axes_domain(axes)
        self.grid = Grid.sample(objective, self.domain, resolution)
        self.levels = (
            auto_levels(self.grid, levels, spacing) if isinstance(levels, (int, np.integer)) else np.asarray(levels, float)
        )
        self.lines_by_level = contour_lines(self.grid, self.levels)
        count = max(len(self.levels) - 1, 1)
        self.level_colors = {float(level): theme.colormap_at(rank / count) for rank, level in enumerate(self.levels)}

        self.bands = VGroup()
        self.band_levels: list[tuple[float, float]] = []
        if filled and len(self.levels):
            self._add_bands(fill_opacity, count)
            self.add(self.bands)

        self.labels = VGroup()
        self.level_labels: dict[float, Mobject] = {}
        self.label_boxes: list[Box] = []
        gaps: dict[float, list[tuple[float, float, float, float]]] = {}
        if labels is not False and len(self.levels):
            wanted = self.levels if labels is True else np.asarray(labels, float)
            gaps = self._place_labels(wanted, label_digits, label_size or theme.small_size, label_near, label_avoid)

        self.level_mobjects: dict[float, VGroup] = {}
        for level in self.levels:
            level = float(level)
            group = VGroup()
            for polyline in self.lines_by_level[level]:
                for piece in self._cut(to_scene(self.axes, polyline), gaps.get(level, [])):
                    group.add(self._polyline(piece, self.level_colors[level], stroke_width or theme.contour_stroke, opacity))
            self.level_mobjects[level] = group
            self.add(group)
        self.lines = VGroup(*self.level_mobjects.values())
        if len(self.labels):
            self.add(self.labels)

    def _polyline(self, points: np.ndarray, color, stroke_width: float, opacity: float) -> VMobject:
        line = VMobject(stroke_color=color, stroke_width=stroke_width, stroke_opacity=opacity)
        # contourpy's points are dense (one per grid cell crossed): corners look smooth and,
        # unlike smoothing, never overshoot a level near a sharp bend.
        line.set_points_as_corners(points)
        return line

    # --- filled bands ----------------------------------------------------------------------

    def _add_bands(self, fill_opacity: float, count: int):
        for rank, band in enumerate(contour_bands(self.grid, self.levels)):
            # Band k lies between levels k-1 and k: the colour half-way between theirs.
            color = self.theme.colormap_at((rank - 0.5) / count)
            rings = [ring for polygon in band.polygons for ring in polygon]
            if not rings:
                continue
            shape = VMobject(fill_color=color, fill_opacity=fill_opacity, stroke_width=0)
            shape.set_points(np.vstack([_corner_curves(to_scene(self.axes, ring)) for ring in rings]))
            self.bands.add(shape)
            self.band_levels.append((band.lower, band.upper))

    # --- labels ----------------------------------------------------------------------------

    def _place_labels(self, wanted, digits, size, near, avoid) -> dict[float, list]:
        theme = self.theme
        (x0, x1), (y0, y1) = self.domain.bounds
        lo_corner, hi_corner = to_scene(self.axes, [[x0, y0], [x1, y1]])
        inset = 0.05
        plot = Box(lo_corner[0] + inset, hi_corner[0] - inset, lo_corner[1] + inset, hi_corner[1] - inset)
        blocked = [box for box in (_box_of(item, self.axes) for item in avoid) if box is not None]
        near_scene = None if near is None else to_scene(self.axes, [near])[0, :2]
        gaps: dict[float, list] = {}
        for level in wanted:
            level = min(self.lines_by_level, key=lambda known: abs(known - float(level)))
            label = math(
                number_typst(level, digits),
                font_size=size,
                color=interpolate_color(self.level_colors[level], ManimColor(theme.text), 0.7),
                theme=theme,
            )
            label.skim = True  # a level's value: looked up when needed, not read as it appears
            half = np.array([label.width / 2 + 0.06, label.height / 2 + 0.05])
            spot = self._find_spot(level, half, plot, blocked + self.label_boxes, near_scene)
            if spot is None:
                continue
            label.move_to([spot[0], spot[1], 0.0])
            box = Box.around(spot, half[0], half[1])
            self.label_boxes.append(box)
            gaps.setdefault(level, []).append(box)
            self.level_labels[level] = label
            self.labels.add(label)
        return gaps

    def _find_spot(self, level, half, plot, taken, near_scene):
        """The best point on the level's lines for a label of half-size ``half``, or None."""
        candidates = []
        for polyline in self.lines_by_level[level]:
            pts = to_scene(self.axes, polyline)[:, :2]
            seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
            arc = np.concatenate([[0.0], np.cumsum(seg)])
            total = arc[-1]
            if total < 5 * half[0]:
                continue  # a line too short to carry a label readably
            for s in np.arange(2 * half[0], total - 2 * half[0] + 1e-9, 0.08):
                centre = np.array([np.interp(s, arc, pts[:, 0]), np.interp(s, arc, pts[:, 1])])
                # Straight enough: the line within the label's width stays near the centre's chord.
                window = (arc > s - 1.2 * half[0]) & (arc < s + 1.2 * half[0])
                a = np.array([np.interp(s - 1.2 * half[0], arc, pts[:, 0]), np.interp(s - 1.2 * half[0], arc, pts[:, 1])])
                b = np.array([np.interp(s + 1.2 * half[0], arc, pts[:, 0]), np.interp(s + 1.2 * half[0], arc, pts[:, 1])])
                chord = b - a
                normal = np.array([-chord[1], chord[0]]) / max(np.linalg.norm(chord), 1e-12)
                bend = np.max(np.abs((pts[window] - a) @ normal), initial=0.0)
                if bend > 0.6 * half[1]:
                    continue
                if near_scene is not None:
                    score = float(np.linalg.norm(centre - near_scene))
                else:
                    score = abs(s / total - 0.5) * total
                candidates.append((score, centre))
        candidates.sort(key=lambda c: c[0])
        for _, centre in candidates:
            box = Box.around(centre, half[0], half[1])
            if not plot.contains(box):
                continue
            if any(box.overlaps(other, gap=0.08) for other in taken):
                continue
            return centre
        return None

    @staticmethod
    def _cut(points: np.ndarray, boxes) -> list[np.ndarray]:
        """The polyline with the parts inside ``boxes`` (label gaps) removed."""
        if not boxes:
            return [points]
        inside = np.zeros(len(points), dtype=bool)
        for left, right, bottom, top in boxes:
            inside |= (points[:, 0] > left) & (points[:, 0] < right) & (points[:, 1] > bottom) & (points[:, 1] < top)
        pieces, current = [], []
        for point, hidden in zip(points, inside):
            if hidden:
                if len(current) >= 2:
                    pieces.append(np.array(current))
                current = []
            else:
                current.append(point)
        if len(current) >= 2:
            pieces.append(np.array(current))
        if len(pieces) > 1 and np.allclose(points[0], points[-1]) and not inside[0]:
            pieces[0] = np.vstack([pieces.pop(), pieces[0]])  # a closed line: rejoin across the seam
        return pieces


def _corner_curves(points: np.ndarray) -> np.ndarray:
    """Cubic Bezier control points (4 per segment) of a closed polygon with straight sides."""
    if not np.allclose(points[0], points[-1]):
        points = np.vstack([points, points[:1]])
    a, b = points[:-1], points[1:]
    return np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1).reshape(-1, 3)


def _box_of(item, axes) -> Box | None:
    """A scene box around a mobject, or a small box around an (x, y) axes point."""
    if isinstance(item, Mobject):
        return Box.of(item)
    return Box.around(to_scene(axes, [item])[0, :2], 0.15)
