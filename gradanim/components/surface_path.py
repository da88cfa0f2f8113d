"""A ball rolling along a precomputed trajectory on a :class:`SurfacePlot`.

The trajectory comes from :func:`gradanim.core.trajectory.descend`; its points are lifted onto
the graph with the core's own values (``trajectory.values``), and between two iterates the ball
follows the graph above the straight step, sampled once by the core
(:func:`gradanim.core.surface_mesh.lift_polyline`) before any frame. A shadow walks the same
path on the floor, over the projected contours. ``step(k)`` has the same timing as
``DescentWalker.step(k)``, so a 2D map beside the surface can move in sync.

Example::

    path = SurfacePath(trajectory, plot)
    scene.billboard(path.ball)          # a round ball from every camera angle
    scene.beneath(path.floor)           # the shadow on the floor, under the surface
    scene.add(path)
    for k in range(path.n_visible_steps):
        scene.play(path.step(k), walker.step(k, show_arrow=False), run_time=0.5)
"""

from __future__ import annotations

import numpy as np
from manim import Animation, AnimationGroup, Dot, VGroup, VMobject, smooth

from ..core.surface_mesh import lift_polyline
from ..core.trajectory import Trajectory
from .surface import SurfacePlot
from .theme import DEFAULT_THEME, Theme


class SurfacePath(VGroup):
    """Ball, trail on the surface and shadow trail on the floor for one trajectory.

    Parameters
    ----------
    trajectory
        The core's trajectory (two variables).
    plot
        The surface it runs on.
    samples_per_step
        Points per step along which the ball follows the graph (precomputed).
    ball_radius, trail_width, color, show_shadow
        Look (colours default to the theme's path colour).

    Attributes
    ----------
    points3d
        (k + 1, 3) scene points of the iterates: (x, y, trajectory.values) through the plot.
    dense, index
        The densified path in scene points; ``dense[index[k]]`` is iterate k.
    """

    def __init__(
        self,
        trajectory: Trajectory,
        plot: SurfacePlot,
        *,
        samples_per_step: int = 12,
        ball_radius: float = 0.1,
        trail_width: float | None = None,
        color=None,
        show_shadow: bool = True,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.trajectory = trajectory
        self.plot = plot
        self.theme = theme
        self.color = color or theme.path
        points = np.asarray(trajectory.points, dtype=float)[:, :2]
        values = np.asarray(trajectory.values, dtype=float)
        self.points3d = plot.to_scene(np.column_stack([points, values]))
        inside = [plot.domain.contains(p, 1e-9) for p in points]
        self.n_visible_steps = max(next((k - 1 for k, ok in enumerate(inside) if not ok), len(points) - 1), 0)
        self.leaves_plot = self.n_visible_steps < len(points) - 1
        visible = points[: self.n_visible_steps + 1]
        lifted, self.index = lift_polyline(plot.objective, visible, samples_per_step)
        self.samples_per_step = int(samples_per_step)
        self.dense = plot.to_scene(lifted)
        self.dense[self.index] = self.points3d[: len(self.index)]  # the iterates exactly as recorded
        self.floor_dense = plot.floor_to_scene(lifted[:, :2])

        width = trail_width or theme.path_stroke
        self.trail = VMobject(stroke_color=self.color, stroke_width=width, stroke_opacity=0.95)
        self.trail.set_points_as_corners([self.dense[0], self.dense[0]])
        self.shadow_trail = VMobject(stroke_color=self.color, stroke_width=width * 0.6, stroke_opacity=0.55)
        self.shadow_trail.set_points_as_corners([self.floor_dense[0], self.floor_dense[0]])
        self.shadow = Dot(self.floor_dense[0], radius=ball_radius * 0.6, color=self.color, fill_opacity=0.6)
        self.ball = Dot(self.dense[0], radius=ball_radius, color=self.color)
        self.ball.set_stroke(theme.background, width=2, background=True)
        self.current_step = 0
        self.show_shadow = show_shadow
        # The floor parts are a separate group: a scene puts them beneath the surface
        # (``scene.beneath(path.floor)``) while the ball and its trail stay on top.
        self.floor = VGroup(self.shadow_trail, self.shadow) if show_shadow else VGroup()
        self.add(self.trail, self.ball)

    # --- placing ---------------------------------------------------------------------------

    def _along(self, k: int, t: float) -> int | float:
        """Position in ``dense`` (fractional) a fraction t along step k."""
        return self.index[k] + t * (self.index[k + 1] - self.index[k])

    def show_partial(self, k: int, t: float = 0.0) -> SurfacePath:
        """Ball a fraction ``t`` of the way along step k, trails up to there."""
        s = self._along(k, t) if k < self.n_visible_steps else float(self.index[k])
        i = int(np.floor(s))
        frac = s - i
        if i + 1 < len(self.dense):
            here = self.dense[i] + frac * (self.dense[i + 1] - self.dense[i])
            floor = self.floor_dense[i] + frac * (self.floor_dense[i + 1] - self.floor_dense[i])
        else:
            here, floor = self.dense[-1], self.floor_dense[-1]
        self.trail.set_points_as_corners([*self.dense[: i + 1], here])
        self.shadow_trail.set_points_as_corners([*self.floor_dense[: i + 1], floor])
        self.ball.move_to(here)
        self.shadow.move_to(floor)
        self.current_step = k + 1 if t >= 1 else k
        return self

    def jump_to(self, k: int) -> SurfacePath:
        """Show the ball at iterate k with the trail of every step before it (no animation)."""
        return self.show_partial(int(np.clip(k, 0, self.n_visible_steps)), 0.0)

    def step(self, k: int, **kwargs) -> Animation:
        """Animate step k: the ball rolls from iterate k to k + 1 over the graph, its shadow
        below it (the floor group is marked as moving so Cairo redraws it every frame)."""
        roll = RollStep(self, k, **kwargs)
        if not self.show_shadow:
            return roll
        return AnimationGroup(roll, Animation(self.floor, run_time=roll.run_time))


class RollStep(Animation):
    """The ball moves along step k of a :class:`SurfacePath`; trails follow."""

    def __init__(self, path: SurfacePath, k: int, **kwargs):
        if not 0 <= k < path.n_visible_steps:
            raise IndexError(f"step {k} is not drawn (the path shows {path.n_visible_steps} steps)")
        self.k = k
        kwargs.setdefault("rate_func", smooth)
        super().__init__(path, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        self.mobject.show_partial(self.k, self.rate_func(alpha))


__all__ = ["RollStep", "SurfacePath"]
