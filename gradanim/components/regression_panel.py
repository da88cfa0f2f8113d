"""Linear regression in two linked pictures: the data with the fitted line, and the MSE
landscape over the parameters with the descent path, both moved by one trajectory.

Every point of the run (b0, b1) is a line y = b0 + b1 x: the walker in parameter space and
the line in data space are two views of the same record, so they move in lockstep
(:func:`gradanim.core.regression_fit.fit_at`). Residuals (y - y_hat) are drawn as vertical
segments from each data point to the line.

Example::

    data, run = LESSON_DEMO.data, LESSON_DEMO.run()
    panel = RegressionPanel(data, run, parameter_domain=Domain(((-0.5, 1.5), (-0.5, 2.5))))
    self.add(panel)
    self.play(panel.run(run_time=8, rate_func=ease_in_quad))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import RIGHT, Animation, Dot, Line, Star, VGroup

from ..core.domain import Domain
from ..core.objective import Objective
from ..core.race import lockstep
from ..core.regression import RegressionData, mse_objective
from ..core.regression_fit import FitState, fit_at
from ..core.trajectory import Trajectory
from .axes import PlotAxes, to_scene
from .contour_map import ContourMap
from .dashes import DashedSegment
from .descent import DescentWalker
from .theme import DEFAULT_THEME, Theme


def padded_domain(points: np.ndarray, pad: float = 0.2, include_origin: bool = True) -> Domain:
    """A box around (m, 2) points with ``pad`` of its size added on every side."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    if include_origin:
        points = np.vstack([points, [0.0, 0.0]])
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = np.maximum(hi - lo, 1e-6)
    lo, hi = lo - pad * span, hi + pad * span
    return Domain(((float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))))


def clip_segment_to_box(p: np.ndarray, q: np.ndarray, domain: Domain) -> tuple[np.ndarray, np.ndarray] | None:
    """The part of segment pq inside the box (Liang-Barsky), or None if it misses it."""
    (x0, x1), (y0, y1) = domain.bounds
    d = q - p
    t0, t1 = 0.0, 1.0
    for delta, low, high, start in ((d[0], x0, x1, p[0]), (d[1], y0, y1, p[1])):
        if abs(delta) < 1e-15:
            if start < low or start > high:
                return None
            continue
        ta, tb = sorted(((low - start) / delta, (high - start) / delta))
        t0, t1 = max(t0, ta), min(t1, tb)
        if t0 > t1:
            return None
    return p + t0 * d, p + t1 * d


class RegressionPanel(VGroup):
    """Data space (left) and parameter space (right), driven by one gradient-descent run.

    Parameters
    ----------
    data
        The regression data (x, y).
    trajectory
        A run over (b0, b1) on the MSE of ``data`` (e.g. ``LESSON_DEMO.run()``).
    objective
        The MSE objective for the contours (default ``mse_objective(data)``).
    data_domain, parameter_domain
        The boxes shown (defaults: the data / the path and the least-squares point, padded).
    data_size, parameter_size
        (max width, max height) of each plot; the parameter plot keeps equal units.
    buff
        Gap between the two plots.
    show_residuals, show_least_squares
        Draw the residual segments / a star at the exact least-squares solution.
    levels, spacing
        Contour levels of the MSE.
    theme
        Colours: data points ``text``, the line and the walker ``path``, residuals ``gradient``.

    Attributes
    ----------
    data_axes, data_dots, line, residuals, parameter_axes, contours, walker, target, fit
        The parts; ``fit`` is the :class:`~gradanim.core.regression_fit.FitState` shown.
    """

    def __init__(
        self,
        data: RegressionData,
        trajectory: Trajectory,
        *,
        objective: Objective | None = None,
        data_domain: Domain | None = None,
        parameter_domain: Domain | None = None,
        data_size: tuple[float, float] = (4.0, 4.0),
        parameter_size: tuple[float, float] = (3.6, 4.0),
        buff: float = 0.9,
        variable_names: tuple[str, str] = ("b0", "b1"),
        data_names: tuple[str, str] = ("x", "y"),
        show_residuals: bool = True,
        show_least_squares: bool = True,
        levels: int | Sequence[float] = 10,
        spacing: str = "auto",
        point_radius: float = 0.08,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.data, self.trajectory, self.theme = data, trajectory, theme
        self.objective = objective or mse_objective(data, variable_names)
        self.least_squares = np.asarray(data.least_squares(), dtype=float)
        self.data_domain = data_domain or padded_domain(np.column_stack([data.x, data.y]), pad=0.15)
        path = np.vstack([np.asarray(trajectory.points)[:, :2], self.least_squares[None, :]])
        self.parameter_domain = parameter_domain or padded_domain(path, pad=0.25)

        self.data_axes = PlotAxes(
            self.data_domain, max_width=data_size[0], max_height=data_size[1], equal_units=False,
            variable_names=data_names, theme=theme,
        )
        self.parameter_axes = PlotAxes(
            self.parameter_domain, max_width=parameter_size[0], max_height=parameter_size[1],
            variable_names=variable_names, theme=theme,
        )
        self.parameter_axes.next_to(self.data_axes, RIGHT, buff=buff)
        # Align the two plots' bottoms (x axes) for a tidy pair.
        self.parameter_axes.shift(
            (self.data_axes.c2p(self.data_domain.bounds[0][0], self.data_domain.bounds[1][0])[1]
             - self.parameter_axes.c2p(*self.parameter_domain.lower)[1]) * np.array([0, 1, 0])
        )
        self.data_dots = VGroup(
            *(Dot(p, radius=point_radius, color=theme.text) for p in to_scene(self.data_axes, np.column_stack([data.x, data.y])))
        )
        self.line = Line(color=theme.path, stroke_width=theme.path_stroke)
        self.residuals = VGroup(
            *(
                DashedSegment(color=theme.gradient, stroke_width=2.5, dash_length=0.06, dashed_ratio=0.55)
                for _ in data.x
            )
        )
        self.contours = ContourMap(self.objective, self.parameter_axes, levels=levels, spacing=spacing, opacity=0.75, theme=theme)
        self.walker = DescentWalker(trajectory, self.parameter_axes, objective=self.objective, theme=theme)
        self.target = Star(n=5, outer_radius=0.13, inner_radius=0.055, color=theme.minimum, fill_opacity=1.0, stroke_width=1)
        self.target.move_to(to_scene(self.parameter_axes, [self.least_squares])[0])
        self.data_view = VGroup(self.data_axes, self.residuals, self.line, self.data_dots)
        self.parameter_view = VGroup(self.parameter_axes, self.contours, self.walker)
        if show_least_squares:
            self.parameter_view.add(self.target)
        if not show_residuals:
            self.data_view.remove(self.residuals)
        self.step_time = 0.0
        self.add(self.data_view, self.parameter_view)
        self.show_step(0.0)

    def show_step(self, s: float) -> RegressionPanel:
        """Both views after ``s`` steps (fractional: between recorded points)."""
        self.step_time = float(s)
        k, t = lockstep(self.trajectory, s, self.walker.n_visible_steps)
        self.walker.show_partial(k, t)
        self.fit: FitState = fit_at(self.data, self.trajectory, s)
        (x0, x1), _ = self.data_domain.bounds
        ends = self.fit.line(x0, x1)
        clipped = clip_segment_to_box(ends[0], ends[1], self.data_domain)
        if clipped is None:  # the line is outside the plot: collapse it out of sight
            self.line.set_stroke(opacity=0)
        else:
            start, end = to_scene(self.data_axes, np.array(clipped))
            if np.linalg.norm(end - start) > 1e-6:
                self.line.put_start_and_end_on(start, end)
                self.line.set_stroke(opacity=1)
            else:
                self.line.set_stroke(opacity=0)
        fitted = to_scene(self.data_axes, np.column_stack([self.data.x, self.fit.predictions]))
        observed = to_scene(self.data_axes, np.column_stack([self.data.x, self.data.y]))
        for segment, a, b in zip(self.residuals, observed, fitted):
            segment.put_start_and_end_on(a, b)  # hidden while it has no length
        return self

    def run(self, *, to_step: float | None = None, run_time: float = 8.0, rate_func=None, **kwargs) -> Animation:
        """Animate both views from the current step to ``to_step`` (default: the last)."""
        end = float(self.walker.n_visible_steps if to_step is None else to_step)
        if rate_func is not None:
            kwargs["rate_func"] = rate_func
        return RegressionProgress(self, self.step_time, end, run_time=run_time, **kwargs)


class RegressionProgress(Animation):
    """Moves a :class:`RegressionPanel` from step ``start`` to ``end``."""

    def __init__(self, panel: RegressionPanel, start: float, end: float, **kwargs):
        self.panel = panel
        self.start_step, self.end_step = start, end
        # Only the moving parts: playing this must not add the panel's other parts (the
        # least-squares star, say) to the scene before the scene shows them.
        super().__init__(VGroup(panel.walker, panel.line, panel.residuals), **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        self.panel.show_step(self.start_step + self.rate_func(alpha) * (self.end_step - self.start_step))


__all__ = ["RegressionPanel", "RegressionProgress", "clip_segment_to_box", "padded_domain"]
