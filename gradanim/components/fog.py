"""Fog over a plot: everything is dimmed except a small clear circle that can follow a mobject.

The fog is ``layers`` translucent sheets whose holes grow from ``radius - softness`` to
``radius``, so the edge of the clearing is soft: the total opacity rises in equal steps to
``opacity`` outside the clearing. While the clearing lies inside the rectangle the sheets
do not overlap: one sheet is the rectangle with the outer hole at the full opacity, the
others are the rings between consecutive holes, each at the opacity the stack would have
there. That paints every pixel once (the fog moves with the hiker, so it is drawn every
frame; six stacked full sheets cost six times the fill). A hole is a reversed inner loop
(Cairo fills with the non-zero rule). When the clearing reaches the rectangle's edge the
sheets are stacked full-size sheets instead, each hole a fine polygon clipped to the
rectangle, so nothing is painted outside it. The shapes are computed from one unit circle
and the fixed rectangle: the clearing follows the hiker in an updater, every frame.

Example::

    fog = Fog(axes, center=hiker.feet, theme=theme)
    fog.follow(lambda: hiker.feet)        # the clearing moves with the hiker
    self.add(fog, hiker)
    ...
    self.play(fog.lift())                 # the fog lifts: clearing grows, fog fades
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import Animation, Circle, ManimColor, Mobject, VGroup, VMobject, interpolate_color, smooth

from .theme import DEFAULT_THEME, Theme


def _rectangle_bounds(region) -> tuple[float, float, float, float]:
    """(left, right, bottom, top) of a Box-like object, a Mobject, or a 4-tuple."""
    if isinstance(region, Mobject):
        (left, bottom, _), (right, top, _) = region.get_corner([-1, -1, 0]), region.get_corner([1, 1, 0])
        return float(left), float(right), float(bottom), float(top)
    if hasattr(region, "left"):
        return float(region.left), float(region.right), float(region.bottom), float(region.top)
    left, right, bottom, top = (float(v) for v in region)
    return left, right, bottom, top


class Fog(VGroup):
    """A dimming sheet over ``region`` with a soft clear circle at ``center``.

    Parameters
    ----------
    region
        What the fog covers: an Axes (or any Mobject: its bounding box), a ``Box`` with
        left/right/bottom/top, or a tuple ``(left, right, bottom, top)`` in scene units.
    center
        Centre of the clearing (scene point).
    radius
        Outer radius of the clearing: beyond it the fog is at full ``opacity``.
    softness
        Width of the soft edge (the fog thins from ``radius`` inwards over this width).
    opacity
        Opacity of the fog outside the clearing.
    layers
        Number of sheets making the soft edge (more: smoother edge, slower frames).
    color
        Fog colour (default: the background lifted slightly towards the muted text: a mist).
    pad
        Extra margin around ``region`` (scene units).
    """

    def __init__(
        self,
        region,
        *,
        center=(0.0, 0.0, 0.0),
        radius: float = 1.0,
        softness: float = 0.4,
        opacity: float = 0.98,
        layers: int = 6,
        color=None,
        pad: float = 0.05,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        left, right, bottom, top = _rectangle_bounds(region)
        self.bounds = (left - pad, right + pad, bottom - pad, top + pad)
        self.radius = float(radius)
        self.softness = float(min(softness, radius))
        self.opacity = float(opacity)
        self.n_layers = max(1, int(layers))
        self.fog_color = color or interpolate_color(ManimColor(theme.background), ManimColor(theme.muted_text), 0.10)
        self.visibility = 1.0  # multiplies every layer's opacity (lifting the fog lowers it)
        self.center_point = np.array([*np.asarray(center, dtype=float)[:2], 0.0])
        for _ in range(self.n_layers):
            self.add(VMobject(stroke_width=0, fill_color=self.fog_color))
        self.clear_at(self.center_point)

    # --- geometry ------------------------------------------------------------------------

    @property
    def layer_radii(self) -> np.ndarray:
        """Hole radius of each layer, innermost first."""
        if self.n_layers == 1:
            return np.array([self.radius])
        return np.linspace(self.radius - self.softness, self.radius, self.n_layers)

    @property
    def layer_opacities(self) -> np.ndarray:
        """Opacity of each sheet so that total opacity rises in equal steps to ``opacity``."""
        total = self.opacity * np.arange(1, self.n_layers + 1) / self.n_layers
        previous = np.concatenate([[0.0], total[:-1]])
        return 1.0 - (1.0 - total) / (1.0 - previous)

    def opacity_at(self, point) -> float:
        """The fog's total opacity over a scene point (0 in the clearing)."""
        p = np.asarray(point, dtype=float)[:2]
        left, right, bottom, top = self.bounds
        if not (left <= p[0] <= right and bottom <= p[1] <= top):
            return 0.0
        distance = float(np.linalg.norm(p - self.center_point[:2]))
        covering = self.layer_opacities[self.layer_radii < distance] * self.visibility
        return float(1.0 - np.prod(1.0 - covering))

    def is_clear(self, point) -> bool:
        return self.opacity_at(point) == 0.0

    def _rectangle(self) -> np.ndarray:
        """The fog's rectangle as a closed path of four straight curves, anticlockwise."""
        left, right, bottom, top = self.bounds
        return _polygon_points(np.array([[right, top], [left, top], [left, bottom], [right, bottom]]))

    def _sheet_points(self, rect: np.ndarray, radius: float) -> np.ndarray:
        left, right, bottom, top = self.bounds
        cx, cy = self.center_point[:2]
        if radius <= 0:
            return rect.copy()
        if self._circle_inside(radius):
            return np.vstack([rect, _circle_points(self.center_point, radius)[::-1]])  # reversed loop: a hole
        corners = np.array([[left, bottom], [right, bottom], [right, top], [left, top]])
        if np.all(np.linalg.norm(corners - [cx, cy], axis=1) <= radius):
            return np.zeros((0, 3))  # the hole covers the whole sheet
        hole = _clip_to_box(_circle_polygon(self.center_point[:2], radius), self.bounds)
        if len(hole) < 3:
            return rect.copy()  # the circle misses the rectangle
        return np.vstack([rect, _polygon_points(hole[::-1])])

    def _circle_inside(self, radius: float) -> bool:
        """Whether the circle of ``radius`` around the clearing's centre lies inside the rectangle."""
        left, right, bottom, top = self.bounds
        cx, cy = self.center_point[:2]
        return left < cx - radius and cx + radius < right and bottom < cy - radius and cy + radius < top

    def clear_at(self, point) -> Fog:
        """Move the clearing's centre to ``point`` (scene coordinates)."""
        self.center_point = np.array([*np.asarray(point, dtype=float)[:2], 0.0])
        radii, alphas = self.layer_radii, self.layer_opacities * self.visibility
        # The updater calls this every frame, mostly with the hiker standing still: the
        # shapes are recomputed only when they would change (or something moved them).
        drawn_for = (*self.center_point[:2], self.radius, self.softness, self.n_layers, self.bounds)
        if drawn_for == getattr(self, "_drawn_for", None) and all(
            np.array_equal(sheet.points, points) for sheet, points in zip(self.submobjects, self._drawn_points)
        ):
            self._set_opacities(alphas)
            return self
        rect = self._rectangle()
        if self._circle_inside(self.radius):
            # Rings between consecutive holes, each at the stack's opacity there, and the
            # rectangle outside the outermost hole at the full opacity.
            for k, sheet in enumerate(self.submobjects):
                if k + 1 < len(radii):
                    sheet.set_points(self._ring_points(radii[k], radii[k + 1]))
                else:
                    sheet.set_points(self._sheet_points(rect, radii[k]))
        else:
            for sheet, radius in zip(self.submobjects, radii):
                sheet.set_points(self._sheet_points(rect, radius))
        self._set_opacities(alphas)
        self._drawn_for = drawn_for
        self._drawn_points = [sheet.points.copy() for sheet in self.submobjects]
        return self

    def _set_opacities(self, alphas: np.ndarray) -> None:
        if self._circle_inside(self.radius):
            # rings: each at the opacity the stack of sheets would have there
            alphas = 1.0 - np.cumprod(1.0 - alphas)
        rgb = ManimColor(self.fog_color).to_rgb()
        for sheet, alpha in zip(self.submobjects, alphas):
            rgba = np.array([[*rgb, float(alpha)]])
            if not np.array_equal(sheet.fill_rgbas, rgba):  # (this runs every frame)
                sheet.set_fill(self.fog_color, opacity=float(alpha))

    def _ring_points(self, inner: float, outer: float) -> np.ndarray:
        ring = _circle_points(self.center_point, outer)
        if inner <= 0:
            return ring
        return np.vstack([ring, _circle_points(self.center_point, inner)[::-1]])

    def set_clearing(self, radius: float | None = None, visibility: float | None = None) -> Fog:
        """Change the clearing's radius and/or the fog's overall visibility (0..1)."""
        if radius is not None:
            self.radius = float(radius)
            self.softness = min(self.softness, self.radius)
        if visibility is not None:
            self.visibility = float(np.clip(visibility, 0.0, 1.0))
        return self.clear_at(self.center_point)

    def follow(self, where: Callable[[], np.ndarray] | Mobject) -> Fog:
        """Keep the clearing on a moving target: a callable returning a point, or a Mobject."""
        target = where if callable(where) and not isinstance(where, Mobject) else where.get_center
        self.clear_updaters()
        self.add_updater(lambda fog: fog.clear_at(target()))
        return self

    def stop_following(self) -> Fog:
        self.clear_updaters()
        return self

    def lift(self, **kwargs) -> LiftFog:
        """Animation: the clearing widens past the plot's corners while the fog thins away."""
        return LiftFog(self, **kwargs)


_UNIT_CIRCLE: np.ndarray | None = None


def _circle_points(center, radius: float) -> np.ndarray:
    """Bezier points of manim's circle (12 arcs, anticlockwise) of ``radius`` at ``center``."""
    global _UNIT_CIRCLE
    if _UNIT_CIRCLE is None:
        _UNIT_CIRCLE = Circle(radius=1.0, num_components=13).move_to([0.0, 0.0, 0.0]).points.copy()
    return _UNIT_CIRCLE * radius + np.array([center[0], center[1], 0.0])


def _circle_polygon(center, radius: float, corners: int = 180) -> np.ndarray:
    """A circle as an anticlockwise polygon (2D); 180 corners stray < 0.02% of the radius."""
    angles = np.linspace(0.0, 2 * np.pi, corners, endpoint=False)
    return np.column_stack([center[0] + radius * np.cos(angles), center[1] + radius * np.sin(angles)])


def _clip_to_box(polygon: np.ndarray, bounds) -> np.ndarray:
    """The part of a convex polygon inside the box ``(left, right, bottom, top)``
    (Sutherland-Hodgman: one pass per side of the box)."""
    left, right, bottom, top = bounds
    for axis, limit, keep_below in ((0, left, False), (0, right, True), (1, bottom, False), (1, top, True)):
        if len(polygon) == 0:
            break
        values = polygon[:, axis] - limit
        inside = values <= 0 if keep_below else values >= 0
        before = np.arange(-1, len(polygon) - 1)  # index of the previous corner (wraps)
        previous, previous_values = polygon[before], values[before]
        crossing = inside != inside[before]
        with np.errstate(divide="ignore", invalid="ignore"):
            t = np.where(crossing, previous_values / (previous_values - values), 0.0)
        crossings = previous + t[:, None] * (polygon - previous)
        # corner i contributes the crossing on its way in (if any), then itself (if inside)
        polygon = np.stack([crossings, polygon], axis=1)[np.stack([crossing, inside], axis=1)]
    return polygon


def _polygon_points(corners: np.ndarray) -> np.ndarray:
    """A closed path of straight cubic curves through 2D ``corners`` (manim's point layout)."""
    a = np.column_stack([corners, np.zeros(len(corners))])
    b = np.roll(a, -1, axis=0)
    return np.stack([a, a + (b - a) / 3, a + 2 * (b - a) / 3, b], axis=1).reshape(-1, 3)


class LiftFog(Animation):
    """The fog lifts: its clearing grows to cover ``region`` and its opacity falls to 0."""

    def __init__(self, fog: Fog, *, run_time: float = 2.0, **kwargs):
        left, right, bottom, top = fog.bounds
        cx, cy = fog.center_point[:2]
        corners = np.array([[left, bottom], [right, bottom], [right, top], [left, top]])
        self.start_radius = fog.radius
        self.end_radius = float(np.max(np.linalg.norm(corners - [cx, cy], axis=1))) + fog.softness
        kwargs.setdefault("rate_func", smooth)
        super().__init__(fog, run_time=run_time, **kwargs)

    def begin(self) -> None:
        self.mobject.stop_following()
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        radius = self.start_radius + (self.end_radius - self.start_radius) * t
        self.mobject.set_clearing(radius=radius, visibility=1.0 - t)

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        scene.remove(self.mobject)


__all__ = ["Fog", "LiftFog"]
