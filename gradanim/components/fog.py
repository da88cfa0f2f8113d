"""Fog over a plot: everything is dimmed except a small clear circle that can follow a mobject.

The fog is a stack of ``layers`` translucent sheets, each the plot's rectangle with a circular
hole; the holes grow from ``radius - softness`` to ``radius`` so the edge of the clearing is
soft. Each layer's opacity is chosen so that the total opacity rises in equal steps to
``opacity`` outside the clearing. A hole inside the rectangle is one path with a reversed inner
loop (Cairo fills it with the non-zero rule, so the loop is a hole); a hole that reaches the
rectangle's edge is cut with manim's boolean ``Difference`` so nothing is painted outside the
rectangle.

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
from manim import Animation, Circle, ManimColor, Mobject, Rectangle, VGroup, VMobject, interpolate_color, smooth
from manim.mobject.geometry.boolean_ops import Difference

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

    def _rectangle(self) -> Rectangle:
        left, right, bottom, top = self.bounds
        rect = Rectangle(width=right - left, height=top - bottom)
        rect.move_to([(left + right) / 2, (bottom + top) / 2, 0])
        return rect

    def _sheet_points(self, rect: Rectangle, radius: float) -> np.ndarray:
        left, right, bottom, top = self.bounds
        cx, cy = self.center_point[:2]
        if radius <= 0:
            return rect.points.copy()
        if left < cx - radius and cx + radius < right and bottom < cy - radius and cy + radius < top:
            hole = Circle(radius=radius, num_components=13).move_to(self.center_point)
            return np.vstack([rect.points, hole.points[::-1]])  # reversed loop: a hole
        corners = np.array([[left, bottom], [right, bottom], [right, top], [left, top]])
        if np.all(np.linalg.norm(corners - [cx, cy], axis=1) <= radius):
            return np.zeros((0, 3))  # the hole covers the whole sheet
        cut = Difference(rect, Circle(radius=radius, num_components=13).move_to(self.center_point))
        return cut.points.copy()

    def clear_at(self, point) -> Fog:
        """Move the clearing's centre to ``point`` (scene coordinates)."""
        self.center_point = np.array([*np.asarray(point, dtype=float)[:2], 0.0])
        rect = self._rectangle()
        for sheet, radius, alpha in zip(self.submobjects, self.layer_radii, self.layer_opacities):
            sheet.set_points(self._sheet_points(rect, radius))
            sheet.set_fill(self.fog_color, opacity=alpha * self.visibility)
        return self

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
