"""The local models of f at a point on the surface: the tangent plane and the quadratic model.

Both come from the core (``Objective.tangent_plane`` / ``Objective.quadratic_model``, a
:class:`~gradanim.core.objective.TaylorModel`), evaluated on a square patch around the point by
:func:`gradanim.core.surface_mesh.model_patch`. The plane is a translucent :class:`FaceMesh`
with an outline and grid lines; the quadratic model is a wireframe, so the surface stays visible
under it: where the model lies on the surface its lines show, where it sinks below they hide.

Example::

    plane = TangentPatch(plot, (0.9, 0.5))                     # first order
    bowl = TangentPatch(plot, (0.9, 0.5), order=2, style="wire")
    scene.play(FadeIn(plane), Create(bowl.wire))
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, Dot, Line, ManimColor, VGroup, VMobject

from ..core.objective import ArrayLike
from ..core.surface_mesh import model_patch
from .surface import FaceMesh, SurfacePlot
from .theme import DEFAULT_THEME, Theme
from .typeset import math, matrix_typst, number_typst, vector_typst


class TangentPatch(VGroup):
    """A Taylor model of f at ``point`` drawn over a patch of the surface.

    Parameters
    ----------
    plot
        The surface.
    point
        Where the model is taken (x, y).
    order
        1: the tangent plane; 2: the quadratic (second-order Taylor) model.
    half_width
        Half the patch's side in x and y (default: 25% of the domain's widths).
    style
        ``"sheet"`` (translucent faces and an outline) or ``"wire"`` (grid lines only).
    resolution, color, opacity
        Look (default colours: the theme's descent blue for planes, the saddle violet for
        quadratic models).

    Attributes
    ----------
    model
        The core's TaylorModel.
    X, Y, Z
        The patch grid (domain coordinates and model values).
    """

    def __init__(
        self,
        plot: SurfacePlot,
        point: ArrayLike,
        *,
        order: int = 1,
        half_width: tuple[float, float] | None = None,
        style: str | None = None,
        resolution: int = 8,
        color=None,
        opacity: float = 0.7,
        show_point: bool = True,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if order not in (1, 2):
            raise ValueError(f"order must be 1 (tangent plane) or 2 (quadratic model), got {order}")
        objective = plot.objective
        self.plot = plot
        self.order = order
        self.point = np.asarray(point, dtype=float).reshape(2)
        self.model = objective.tangent_plane(self.point) if order == 1 else objective.quadratic_model(self.point)
        widths = plot.domain.widths
        hw = half_width or (0.25 * widths[0], 0.25 * widths[1])
        self.X, self.Y, self.Z = model_patch(self.model, hw, resolution)
        lo, hi = plot.z_range
        pad = 0.15 * (hi - lo)
        self.inside = (self.Z >= lo - pad) & (self.Z <= hi + pad)  # what is drawn of the patch
        colour = ManimColor(color or (theme.descent if order == 1 else theme.saddle))
        self.colour = colour
        style = style or ("sheet" if order == 1 else "wire")
        grid = plot.to_scene(np.column_stack([self.X.ravel(), self.Y.ravel(), np.clip(self.Z, lo - pad, hi + pad).ravel()]))
        grid = grid.reshape(*self.X.shape, 3)
        self.sheet = VGroup()
        self.wire = VGroup()
        if style == "sheet":
            quads = np.stack([grid[:-1, :-1], grid[:-1, 1:], grid[1:, 1:], grid[1:, :-1]], axis=2).reshape(-1, 4, 3)
            keep = (self.inside[:-1, :-1] & self.inside[1:, 1:]).ravel()
            rgba = np.tile([*colour.to_rgb(), opacity], (int(keep.sum()), 1))
            self.sheet = FaceMesh(quads[keep], rgba, seam_width=0)
            outline = VMobject(stroke_color=colour, stroke_width=theme.axis_stroke * 1.2)
            ring = [*grid[0, :], *grid[1:, -1], *grid[-1, -2::-1], *grid[-2::-1, 0]]
            outline.set_points_as_corners(ring)
            self.wire = VGroup(outline)
            # A few straight grid lines: the sheet reads as flat from any side.
            for line_points in [grid[j, :] for j in range(2, grid.shape[0] - 1, 2)] + [
                    grid[:, i] for i in range(2, grid.shape[1] - 1, 2)]:
                line = VMobject(stroke_color=colour, stroke_width=theme.contour_stroke, stroke_opacity=0.6)
                line.set_points_as_corners(line_points)
                self.wire.add(line)
            self.add(self.sheet, self.wire)
        else:
            lines = [grid[j, :] for j in range(0, grid.shape[0], 2)] + [grid[:, i] for i in range(0, grid.shape[1], 2)]
            for line_points in lines:
                line = VMobject(stroke_color=colour, stroke_width=theme.contour_stroke * 1.6, stroke_opacity=0.95)
                line.set_points_smoothly(line_points)
                self.wire.add(line)
            self.add(self.wire)
        self.dot = Dot(plot.to_scene([[*self.point, self.model.value]])[0], radius=0.08, color=theme.highlight)
        self.dot.set_stroke(theme.background, width=2, background=True)
        if show_point:
            self.add(self.dot)


def gap_marks(patch: TangentPatch, radius: float, *, count: int = 8, stroke_width: float | None = None,
              theme: Theme = DEFAULT_THEME) -> VGroup:
    """How far a model has parted from the surface at ``radius`` from its point: the circle
    of that radius drawn on the model, and vertical segments from the model down (or up) to
    the surface at ``count`` points of it. Heights are the core's (the model's value and f).

    Attributes: ``ring`` (the circle on the model) and ``gaps`` (the segments).
    """
    plot, model = patch.plot, patch.model
    colour = patch.colour
    angle = np.linspace(0.0, 2 * np.pi, 97)
    x = model.point[0] + radius * np.cos(angle)
    y = model.point[1] + radius * np.sin(angle)
    ring = VMobject(stroke_color=colour, stroke_width=stroke_width or theme.contour_stroke * 1.5)
    ring.set_points_as_corners(plot.to_scene(np.column_stack([x, y, model.value_on(x, y)])))
    at = angle[:-1][:: max(1, 96 // count)][:count]
    gx, gy = model.point[0] + radius * np.cos(at), model.point[1] + radius * np.sin(at)
    tops = plot.to_scene(np.column_stack([gx, gy, model.value_on(gx, gy)]))
    bottoms = plot.to_scene(np.column_stack([gx, gy, plot.objective.value_on(gx, gy)]))
    gaps = VGroup(*(Line(a, b, stroke_color=colour, stroke_width=stroke_width or theme.contour_stroke * 1.5)
                    for a, b in zip(tops, bottoms)))
    group = VGroup(ring, gaps)
    group.ring, group.gaps = ring, gaps
    return group


def model_formula(patch: TangentPatch, *, font_size: float | None = None, theme: Theme = DEFAULT_THEME) -> VGroup:
    """The model's formula and its numbers from the core, for a panel.

    Returns a VGroup with parts ``formula``, ``point`` (p and f(p)), ``gradient`` and, for the
    quadratic model, ``hessian`` (the attribute is None for the tangent plane).
    """
    size = font_size or theme.label_size
    m = patch.model
    p = vector_typst([number_typst(v, 2) for v in m.point])
    if m.hessian is None:
        text = "f(bold(x)) approx f(bold(p)) + nabla f(bold(p)) dot (bold(x) - bold(p))"
    else:  # the plane's terms are shown just above it in a panel: name them instead of repeating
        text = 'f(bold(x)) approx "plane" + 1/2 (bold(x) - bold(p))^T H (bold(x) - bold(p))'
    group = VGroup()
    group.formula = math(text, font_size=size, theme=theme)
    group.point = math(f"bold(p) = {p}, quad f(bold(p)) = {number_typst(m.value, 3)}", font_size=size,
                       color=theme.highlight, theme=theme)
    group.gradient = math(f"nabla f(bold(p)) = {vector_typst([number_typst(v, 3) for v in m.gradient])}",
                          font_size=size, color=theme.gradient, theme=theme)
    group.hessian = None
    group.add(group.formula, group.point, group.gradient)
    if m.hessian is not None:
        rows = [[number_typst(v, 3) for v in row] for row in m.hessian]
        group.hessian = math(f"H = {matrix_typst(rows)}", font_size=size, color=theme.saddle, theme=theme)
        group.add(group.hessian)
    return group.arrange(DOWN, aligned_edge=LEFT, buff=0.25)


__all__ = ["TangentPatch", "gap_marks", "model_formula"]
