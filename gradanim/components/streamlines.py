"""Curves of steepest ascent / descent (gradient-flow lines) on Axes, optionally flowing.

The curves are :class:`gradanim.core.flow.FlowLine` records (RK4 on the core's gradient);
this module only draws them: one polyline per curve, a small arrowhead at the middle of
each pointing the way the line runs (uphill for ascent lines), and a "flowing" animation
(flashes running along the curves).

Example::

    lines = StreamLines.from_objective(objective, axes, density=(12, 8), separation=0.3)
    self.play(Create(lines.curves, lag_ratio=0.05), FadeIn(lines.heads))
    self.play(lines.flow(cycles=2))
    self.play(lines.turn_around())   # the same curves, walked downhill
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    PI,
    Animation,
    AnimationGroup,
    LaggedStart,
    Polygon,
    ShowPassingFlash,
    Succession,
    Transform,
    VGroup,
    VMobject,
    linear,
)

from ..core.domain import Domain
from ..core.flow import FlowLine, grid_seeds, streamlines_through, thin_lines
from ..core.flow import flow_lines as integrate_flow_lines
from ..core.objective import Objective
from .axes import axes_domain, to_scene
from .theme import DEFAULT_THEME, Theme


class StreamLines(VGroup):
    """Flow lines drawn as curves with direction arrowheads.

    Parameters
    ----------
    lines
        The core's flow lines (axes coordinates).
    axes
        Where to draw.
    color
        Curve colour; default ``theme.ascent`` for ascent lines, ``theme.descent`` otherwise.
    stroke_width, opacity
        Curve look (default width ``0.6 * theme.path_stroke``, thinner than a descent path).
    arrowheads, head_size
        A filled triangle at each curve's middle (arc length), pointing along the curve.

    Attributes
    ----------
    flow_lines
        The records drawn (one per curve, same order).
    curves, heads
        ``VGroup`` of the curves and of the arrowheads (``heads[k]`` belongs to ``curves[k]``).
    """

    def __init__(
        self,
        lines: Sequence[FlowLine],
        axes,
        *,
        color=None,
        stroke_width: float | None = None,
        opacity: float = 0.85,
        arrowheads: bool = True,
        head_size: float = 0.13,
        min_points: int = 3,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.axes = axes
        self.theme = theme
        self.stroke_width_ = stroke_width or theme.path_stroke * 0.6
        self.flow_lines: list[FlowLine] = []
        self.curves = VGroup()
        self.heads = VGroup()
        for line in lines:
            if len(line.points) < min_points:
                continue
            line_color = color or (theme.ascent if line.ascent else theme.descent)
            pts = to_scene(axes, line.points)
            curve = VMobject(stroke_color=line_color, stroke_width=self.stroke_width_, stroke_opacity=opacity)
            curve.set_points_as_corners(pts)
            self.flow_lines.append(line)
            self.curves.add(curve)
            if arrowheads:
                self.heads.add(_head(pts, head_size, line_color, opacity))
        self.add(self.curves)
        if arrowheads:
            self.add(self.heads)

    @classmethod
    def from_objective(
        cls,
        objective: Objective,
        axes,
        *,
        seeds=None,
        density: int | tuple[int, int] = (12, 8),
        separation: float | None = None,
        mode: str = "through",
        domain: Domain | None = None,
        step: float | None = None,
        **kwargs,
    ) -> StreamLines:
        """Ask the core for flow lines and draw them.

        ``mode``: ``"through"`` (whole curves through each seed, drawn uphill), ``"ascent"``
        or ``"descent"`` (from each seed only). ``seeds`` default to a ``density`` grid;
        ``separation`` (axes units) thins the curves to evenly spaced ones.
        """
        domain = domain or axes_domain(axes)
        seeds = grid_seeds(domain, density) if seeds is None else np.asarray(seeds, dtype=float)
        if mode == "through":
            lines = streamlines_through(objective, seeds, domain=domain, step=step)
        elif mode in ("ascent", "descent"):
            lines = integrate_flow_lines(objective, seeds, ascent=mode == "ascent", domain=domain, step=step)
        else:
            raise ValueError(f"mode must be 'through', 'ascent' or 'descent', got {mode!r}")
        if separation:
            lines = thin_lines(lines, separation)
        return cls(lines, axes, **kwargs)

    # --- animations --------------------------------------------------------------------

    def flow(
        self,
        *,
        reverse: bool = False,
        color=None,
        time_width: float = 0.4,
        cycles: int = 1,
        lag_ratio: float = 0.02,
        width_factor: float = 2.2,
    ) -> Animation:
        """Bright flashes run along every curve (``reverse``: from its end to its start)."""
        flashes = []
        for curve in self.curves:
            flash = curve.copy()
            if reverse:
                flash.reverse_points()
            flash.set_stroke(color or curve.get_stroke_color(), width=self.stroke_width_ * width_factor, opacity=1.0)
            flashes.append(flash)
        one = [
            LaggedStart(*(ShowPassingFlash(f.copy(), time_width=time_width, rate_func=linear) for f in flashes),
                        lag_ratio=lag_ratio)
            for _ in range(max(1, cycles))
        ]
        return one[0] if len(one) == 1 else Succession(*one)

    def turn_around(self, *, color=None) -> Animation:
        """Every arrowhead turns round and the curves recolour: ascent read as descent."""
        theme = self.theme
        new_color = color or (theme.descent if all(line.ascent for line in self.flow_lines) else theme.ascent)
        turns = []
        for head in self.heads:
            target = head.copy().rotate(PI, about_point=_head_mid(head))
            target.set_fill(new_color).set_stroke(new_color)
            turns.append(Transform(head, target))
        return AnimationGroup(*turns, self.curves.animate.set_stroke(color=new_color))

    def head_directions(self) -> np.ndarray:
        """Unit scene directions of the arrowheads (base centre to tip), shape (k, 2)."""
        out = []
        for head in self.heads:
            tip, left, right = head.get_vertices()[:3]
            d = tip - (left + right) / 2
            out.append(d[:2] / np.linalg.norm(d[:2]))
        return np.array(out)


def _head(pts: np.ndarray, size: float, color, opacity: float) -> Polygon:
    """A filled triangle at the curve's half arc length, pointing along the curve."""
    seg = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    arc = np.concatenate([[0.0], np.cumsum(seg)])
    s = arc[-1] / 2
    k = int(np.clip(np.searchsorted(arc, s), 1, len(pts) - 1))
    direction = pts[k] - pts[k - 1]
    direction = direction / np.linalg.norm(direction)
    centre = pts[k - 1] + (s - arc[k - 1]) * direction
    normal = np.array([-direction[1], direction[0], 0.0])
    tip = centre + 0.5 * size * direction
    base = centre - 0.5 * size * direction
    head = Polygon(tip, base + 0.45 * size * normal, base - 0.45 * size * normal,
                   stroke_color=color, stroke_width=1, fill_color=color, fill_opacity=opacity)
    return head


def _head_mid(head: Polygon) -> np.ndarray:
    """The middle of the arrowhead's axis (it turns round about this point)."""
    tip, left, right = head.get_vertices()[:3]
    return (tip + (left + right) / 2) / 2


__all__ = ["StreamLines"]
