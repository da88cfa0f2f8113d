"""A partial derivative as a picture: cut the surface with a plane, look at the curve, take its slope.

Holding one variable constant (the plane ``y = y0`` or ``x = x0``) leaves an ordinary function of
the other; its graph is where the plane cuts the surface (the core's ``Objective.slice``) and
its slope at the point is the partial derivative (``Slice.slope``). Nothing here differentiates:
curve values and slope come from the core.

Example::

    cut = SliceView(plot, "x", (2, 3))          # x varies, y = 3 held constant
    scene.play(FadeIn(cut.plane), plot.surface.animate.set_face_opacity(0.15, cut.near_side()))
    scene.play(Create(cut.curve), GrowFromCenter(cut.tangent))
    scene.fix(slice_story(cut))                  # "treat y as a constant" typeset for the panel
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, Dot, Line, Polygon, VGroup, VMobject

from ..core.objective import ArrayLike
from .surface import SurfacePlot
from .theme import DEFAULT_THEME, Theme
from .typeset import expr_to_typst, math, name_typst, number_typst


class SliceView(VGroup):
    """The cutting plane, the slice curve, the point and the tangent line of one partial derivative.

    Parameters
    ----------
    plot
        The surface.
    variable
        The variable that varies along the slice (index or name); the other is held at ``point``.
    point
        Where the partial derivative is taken (x, y).
    tangent_half_length
        Half the tangent line's extent, in units of the varying variable (default: 22% of its range).
    color, tangent_color, plane_color, plane_opacity
        Look (defaults: the theme's highlight for the curve, its gradient colour for the tangent
        line and its slope, muted text for the plane).

    Attributes
    ----------
    slice
        The core's :class:`~gradanim.core.objective.Slice`.
    slope
        The partial derivative at the point (``slice.slope()``).
    curve_coords, tangent_coords
        (m, 3) (x, y, value) points of the curve and the tangent segment's two ends.
    slope_label
        "slope 6" above the tangent line's higher end (a label: billboard it in 3D).
    """

    def __init__(
        self,
        plot: SurfacePlot,
        variable: int | str,
        point: ArrayLike,
        *,
        tangent_half_length: float | None = None,
        samples: int = 81,
        color=None,
        tangent_color=None,
        plane_color=None,
        plane_opacity: float = 0.16,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        objective = plot.objective
        self.plot = plot
        self.theme = theme
        self.variable = objective.index(variable)
        self.fixed = 1 - self.variable
        self.point = np.asarray(point, dtype=float).reshape(2)
        self.slice = objective.slice(self.variable, self.point)
        self.slope = self.slice.slope()
        self.value = objective.value(self.point)
        lo, hi = plot.domain.bounds[self.variable]
        t = np.linspace(lo, hi, samples)
        self.curve_coords = self._coords(t, self.slice.value_on(t))
        h = tangent_half_length if tangent_half_length is not None else 0.3 * (hi - lo)
        t0 = self.point[self.variable]
        ends = np.array([t0 - h, t0 + h])
        self.tangent_coords = self._coords(ends, self.value + self.slope * (ends - t0))

        colour = color or theme.highlight
        zlo, zhi = plot.z_range
        corners = self._coords(np.array([lo, hi, hi, lo]), np.array([zlo, zlo, zhi, zhi]))
        self.plane = Polygon(*plot.to_scene(corners), stroke_color=plane_color or theme.muted_text,
                             stroke_width=1.5, stroke_opacity=0.6, fill_color=plane_color or theme.muted_text,
                             fill_opacity=plane_opacity)
        self.curve = VMobject(stroke_color=colour, stroke_width=theme.path_stroke)
        finite = np.all(np.isfinite(self.curve_coords), axis=1)
        self.curve.set_points_smoothly(plot.to_scene(self.curve_coords[finite]))
        self.tangent_color = tangent_color or theme.gradient
        self.tangent = Line(*plot.to_scene(self.tangent_coords), color=self.tangent_color,
                            stroke_width=theme.path_stroke * 1.2)
        self.tangent.depth_bias = 0.08  # drawn over the curve it touches (where the slice is straight, along it)
        top = self.tangent_coords[int(np.argmax(self.tangent_coords[:, 2]))]
        self.slope_label = math(f'"slope" {number_typst(self.slope)}', font_size=theme.label_size,
                                color=self.tangent_color, theme=theme)
        self.slope_label.set_stroke(theme.background, width=4, background=True)
        self.slope_label.move_to(plot.to_scene([top])[0])
        self.slope_label.shift(0.35 * np.array([0.0, 0.0, 1.0]))
        self.dot = Dot(plot.to_scene([[*self.point, self.value]])[0], radius=0.09, color=colour)
        self.dot.set_stroke(theme.background, width=2, background=True)
        self.add(self.plane, self.curve, self.tangent, self.dot)

    def _coords(self, t: np.ndarray, z: np.ndarray) -> np.ndarray:
        out = np.empty((len(t), 3))
        out[:, self.variable] = t
        out[:, self.fixed] = self.point[self.fixed]
        out[:, 2] = z
        return out

    @property
    def variable_name(self) -> str:
        return self.plot.objective.names[self.variable]

    @property
    def fixed_variable_name(self) -> str:
        return self.plot.objective.names[self.fixed]

    def near_side(self, camera_side: float = -1.0) -> np.ndarray:
        """Mask of the surface's faces on one side of the plane (``-1``: fixed variable below the
        plane's value, the side a camera at low values looks from); dim them to see the cut."""
        value = self.point[self.fixed]
        fixed = self.fixed

        def beyond(x, y, z):
            c = (x, y)[fixed]
            return (c - value) * camera_side > 0

        return self.plot.face_mask(beyond)

    def drawn_slope(self) -> float:
        """The tangent line's slope read back from the scene (value per unit of the variable)."""
        a, b = self.plot.from_scene(self.tangent.get_start_and_end())
        return float((b[2] - a[2]) / (b[self.variable] - a[self.variable]))


def slice_story(cut: SliceView, *, font_size: float | None = None, theme: Theme = DEFAULT_THEME) -> VGroup:
    """The panel's lines for one slice, all numbers from the core (the curve's formula a
    little larger: an exponent inside a fraction is a script at fraction size)::

        y = 3  "held constant"
        f(x, 3) = 3/2 x^2
        ∂f/∂x (2, 3) = 6
    """
    size = font_size or theme.label_size
    v, c = name_typst(cut.variable_name), name_typst(cut.fixed_variable_name)
    fixed_value = number_typst(float(cut.point[cut.fixed]))
    args = [v, fixed_value] if cut.variable == 0 else [fixed_value, v]
    at = ", ".join(number_typst(float(p)) for p in cut.point)
    hold = math(f'{c} = {fixed_value} quad "held constant"', font_size=size, color=theme.muted_text, theme=theme)
    curve = math(f"f({', '.join(args)}) = {expr_to_typst(cut.slice.function.expr)}", font_size=size * 1.1,
                 color=theme.highlight, theme=theme)
    slope = math(f"(partial f)/(partial {v}) ({at}) = {number_typst(cut.slope)}", font_size=size,
                 color=cut.tangent_color, theme=theme)
    return VGroup(hold, curve, slope).arrange(DOWN, aligned_edge=LEFT, buff=0.22)


__all__ = ["SliceView", "slice_story"]
