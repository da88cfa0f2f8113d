"""A walker that steps along a precomputed trajectory, leaving a trail.

The trajectory comes from :func:`gradanim.core.trajectory.descend`; this module only draws
it: a marker at each point, a step arrow for the update ``-lr * grad f`` (the step the
optimiser actually took), and the trail. Steps that leave the plot are not walked: the walker
stops at the last point inside, and ``leave()`` / ``exit_arrow()`` show it heading off the map
along the step that leaves (to the plot's edge, never beyond).
The walker maps points through its axes when it draws, so it stays on its map when a layout
moves or scales axes and walker together.

Example::

    walker = DescentWalker(trajectory, axes)
    self.add(walker)
    for k in range(walker.n_visible_steps):
        self.play(walker.step(k), run_time=0.5)
    if walker.leaves_plot:
        self.play(GrowArrow(walker.exit_arrow()), walker.leave())

For readouts, pacing and the outcome caption use :class:`~gradanim.components.descent_run.DescentRun`.
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
    Mobject,
    Succession,
    VGroup,
    VMobject,
    linear,
    smooth,
)

from ..core.trajectory import Trajectory
from .axes import axes_domain, to_scene
from .claims import RunOnMap
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
    objective
        The function the run descends (optional): with it the run's numbers can be checked
        against the core (``subject``, a :class:`~gradanim.components.claims.RunOnMap`).
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
        objective=None,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.trajectory = trajectory
        self.objective = objective
        self.axes = axes
        self.theme = theme
        self.color = color or theme.path
        self.arrow_color = arrow_color or (theme.ascent if trajectory.maximize else theme.descent)
        self.trail_width = trail_width or theme.path_stroke
        points = np.asarray(trajectory.points, dtype=float)
        self._points_xy = points[:, :2]
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
        # What numbers about this run are about: the run as its marker shows it.
        self.subject = self.claim_subject = RunOnMap(trajectory, axes, self.marker, objective=objective)
        self.add(self.trail, self.marker)

    @property
    def scene_points(self) -> np.ndarray:
        """The trajectory's points in scene coordinates, through the axes where they are now
        (so the walker stays on its map when a layout moves or scales both together)."""
        return to_scene(self.axes, self._points_xy)

    def position(self, k: int) -> np.ndarray:
        return self.scene_points[k]

    def show_partial(self, k: int, t: float = 0.0) -> DescentWalker:
        """Place the walker a fraction ``t`` of the way along step k (trail up to there).

        ``current_step`` is the point it stands on or last left: a walker a hair short of
        point k + 1 (``t`` within 1e-9 of 1, no visible difference) has landed there."""
        if t >= 1 - 1e-9 and k + 1 < len(self._points_xy):
            k, t = k + 1, 0.0
        points = to_scene(self.axes, self._points_xy[: k + 2])
        here = points[k] + t * (points[k + 1] - points[k]) if t else points[k]
        corners = [*points[: k + 1], here]
        self.trail.set_points_as_corners(corners)
        self.marker.move_to(here)
        self.current_step = k
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


    # --- leaving the plot -----------------------------------------------------------------

    @property
    def exit_fraction(self) -> float | None:
        """How far along the first step that leaves the plot the plot's edge is (None: none does).

        Step ``n_visible_steps`` goes from the last point inside to the first point outside;
        the edge is crossed a fraction ``exit_fraction`` in [0, 1) of the way along it.
        """
        if not self.leaves_plot:
            return None
        k = self.n_visible_steps
        (x0, x1), (y0, y1) = axes_domain(self.axes).bounds
        p = np.asarray(self.trajectory.points[k][:2], dtype=float)
        d = np.asarray(self.trajectory.points[k + 1][:2], dtype=float) - p
        t_exit = 1.0
        for lo, hi, start, delta in ((x0, x1, p[0], d[0]), (y0, y1, p[1], d[1])):
            if delta > 0:
                t_exit = min(t_exit, (hi - start) / delta)
            elif delta < 0:
                t_exit = min(t_exit, (lo - start) / delta)
        return float(np.clip(t_exit, 0.0, 1.0))

    @property
    def exit_point(self) -> np.ndarray | None:
        """The scene point where the walker crosses the plot's edge (None when it never does)."""
        t = self.exit_fraction
        if t is None:
            return None
        k = self.n_visible_steps
        points = self.scene_points
        return points[k] + t * (points[k + 1] - points[k])

    def exit_arrow(self, min_length: float = 0.45) -> Arrow | None:
        """An arrow along the step that leaves the plot, ending at the edge, pointing out.

        When the last point inside is closer to the edge than ``min_length``, the arrow starts
        further back along the same line, so it is always long enough to read.
        """
        end = self.exit_point
        if end is None:
            return None
        k = self.n_visible_steps
        points = self.scene_points
        direction = points[k + 1] - points[k]
        direction = direction / np.linalg.norm(direction)
        start = points[k]
        if np.linalg.norm(end - start) < min_length:
            start = end - min_length * direction
        return Arrow(
            start,
            end,
            buff=0,
            color=self.arrow_color,
            stroke_width=self.theme.arrow_stroke,
            max_tip_length_to_length_ratio=0.35,
        )

    def walk(self, k0: int, k1: int, **kwargs) -> Animation:
        """Walk steps k0 .. k1-1 in one animation (one step: eased; several: steady pace)."""
        if k1 - k0 == 1:
            return WalkStep(self, k0, **kwargs)
        return WalkSteps(self, k0, k1, **kwargs)

    def leave(self, **kwargs) -> Animation:
        """The walker heads off the map: it walks to the plot's edge and fades there."""
        return LeavePlot(self, **kwargs)


class WalkStep(Animation):
    """The walker moves along step k; its trail follows it."""

    def __init__(self, walker: DescentWalker, k: int, **kwargs):
        if not 0 <= k < len(walker.scene_points) - 1:
            raise IndexError(f"step {k} does not exist (the trajectory has {len(walker.scene_points) - 1} steps)")
        self.k = k
        kwargs.setdefault("rate_func", smooth)
        super().__init__(walker, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()  # interpolation places the walker from the trajectory; no copy needed

    def interpolate_mobject(self, alpha: float) -> None:
        self.mobject.show_partial(self.k, self.rate_func(alpha))


class WalkSteps(Animation):
    """The walker moves along steps k0 .. k1-1 at one step per equal share of the time."""

    def __init__(self, walker: DescentWalker, k0: int, k1: int, **kwargs):
        if not 0 <= k0 < k1 <= len(walker.scene_points) - 1:
            raise IndexError(f"steps {k0}..{k1 - 1} do not exist (the trajectory has {len(walker.scene_points) - 1} steps)")
        self.k0, self.k1 = k0, k1
        kwargs.setdefault("rate_func", linear)
        super().__init__(walker, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()

    def interpolate_mobject(self, alpha: float) -> None:
        position = self.k0 + self.rate_func(alpha) * (self.k1 - self.k0)
        k = min(int(np.floor(position)), self.k1 - 1)
        self.mobject.show_partial(k, position - k)


class LeavePlot(Animation):
    """The walker walks the step that leaves the plot up to the edge, fading out over the end."""

    def __init__(self, walker: DescentWalker, *, fade_from: float = 0.6, **kwargs):
        if walker.exit_fraction is None:
            raise ValueError("this trajectory never leaves the plot")
        self.k = walker.n_visible_steps
        self.t_exit = walker.exit_fraction
        self.fade_from = fade_from
        self.opacity = walker.marker.get_fill_opacity()
        kwargs.setdefault("rate_func", linear)
        super().__init__(walker, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        self.mobject.show_partial(self.k, self.t_exit * t)
        fade = np.clip((t - self.fade_from) / max(1e-9, 1 - self.fade_from), 0.0, 1.0)
        self.mobject.marker.set_opacity(self.opacity * (1 - fade))
