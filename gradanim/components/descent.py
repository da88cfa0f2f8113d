"""A walker that steps along a precomputed trajectory, leaving a trail.

The trajectory comes from :func:`gradanim.core.trajectory.descend`; this module only draws
it: a marker at each point, a step arrow for the update ``-lr * grad f`` (the step the
optimiser actually took), and the trail. Steps that leave the plot are not drawn: the
walker stops at the edge and the scene says the run diverged.

Example::

    walker = DescentWalker(trajectory, axes)
    self.add(walker)
    for k in range(walker.n_visible_steps):
        self.play(walker.step(k), run_time=0.5)
"""

from __future__ import annotations

import numpy as np
from manim import (
    Animation,
    AnimationGroup,
    Arrow,
    Dot,
    FadeOut,
    GrowArrow,
    Succession,
    VGroup,
    VMobject,
    linear,
    smooth,
)

from ..core.trajectory import Trajectory
from .axes import axes_domain, to_scene
from .theme import DEFAULT_THEME, Theme


class DescentWalker(VGroup):
    """Marker, trail and step arrows for one trajectory on an Axes.

    Parameters
    ----------
    trajectory
        The core's trajectory; its points are mapped through ``axes``.
    color
        Marker and trail colour (default: the theme's path colour).
    arrow_color
        Step arrows (default: descent blue, or the ascent colour when maximising).
    marker_radius, trail_width
        Sizes in scene units / pixels.
    """

    def __init__(
        self,
        trajectory: Trajectory,
        axes,
        *,
        color=None,
        arrow_color=None,
        marker_radius: float = 0.09,
        trail_width: float | None = None,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.trajectory = trajectory
        self.axes = axes
        self.theme = theme
        self.color = color or theme.path
        self.arrow_color = arrow_color or (theme.ascent if trajectory.maximize else theme.descent)
        self.trail_width = trail_width or theme.path_stroke
        points = np.asarray(trajectory.points, dtype=float)
        self.scene_points = to_scene(axes, points[:, :2])
        domain = axes_domain(axes)
        inside = [domain.contains(p[:2], 1e-9) for p in points]
        # Draw steps up to the first point outside the plot.
        self.n_visible_steps = next((k - 1 for k, ok in enumerate(inside) if not ok), len(points) - 1)
        self.n_visible_steps = max(self.n_visible_steps, 0)
        self.leaves_plot = self.n_visible_steps < len(points) - 1
        self.marker = Dot(self.scene_points[0], radius=marker_radius, color=self.color)
        self.marker.set_stroke(theme.background, width=2, background=True)
        self.trail = VMobject(stroke_color=self.color, stroke_width=self.trail_width, stroke_opacity=0.85)
        self.trail.set_points_as_corners([self.scene_points[0], self.scene_points[0]])
        self.current_step = 0
        self.add(self.trail, self.marker)

    def position(self, k: int) -> np.ndarray:
        return self.scene_points[k]

    def show_partial(self, k: int, t: float = 0.0) -> DescentWalker:
        """Place the walker a fraction ``t`` of the way along step k (trail up to there)."""
        here = self.scene_points[k] + t * (self.scene_points[k + 1] - self.scene_points[k]) if t else self.scene_points[k]
        corners = [*self.scene_points[: k + 1], here]
        self.trail.set_points_as_corners(corners)
        self.marker.move_to(here)
        self.current_step = k + 1 if t >= 1 else k
        return self

    def jump_to(self, k: int) -> DescentWalker:
        """Show the walker at point k with the trail of every step before it (no animation)."""
        k = int(np.clip(k, 0, self.n_visible_steps))
        return self.show_partial(k, 0.0)

    def step_arrow(self, k: int) -> Arrow:
        """The update taken at step k, from point k to point k+1."""
        return Arrow(
            self.scene_points[k],
            self.scene_points[k + 1],
            buff=0,
            color=self.arrow_color,
            stroke_width=self.theme.arrow_stroke,
            max_tip_length_to_length_ratio=0.3,
        )

    def step(self, k: int, *, show_arrow: bool = True) -> Animation:
        """Animate step k: (optionally) the step arrow grows, then the marker walks it."""
        walk = WalkStep(self, k)
        start, end = self.scene_points[k], self.scene_points[k + 1]
        if not show_arrow or np.linalg.norm(end - start) < 1e-3:
            return walk
        arrow = self.step_arrow(k)
        return Succession(GrowArrow(arrow, rate_func=smooth), AnimationGroup(walk, FadeOut(arrow, rate_func=linear)))


class WalkStep(Animation):
    """The walker moves along step k; its trail follows it."""

    def __init__(self, walker: DescentWalker, k: int, **kwargs):
        if not 0 <= k < len(walker.scene_points) - 1:
            raise IndexError(f"step {k} does not exist (the trajectory has {len(walker.scene_points) - 1} steps)")
        self.k = k
        kwargs.setdefault("rate_func", smooth)
        super().__init__(walker, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        self.mobject.show_partial(self.k, self.rate_func(alpha))
