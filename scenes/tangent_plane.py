"""The tangent plane and the quadratic model: what f looks like up close.

    manim -ql scenes/tangent_plane.py TangentPlane

At a point p the plane f(p) + grad f(p) . (x - p) touches the surface (first order); adding
the Hessian's term 1/2 (x - p)^T H (x - p) bends it into the quadratic model, which hugs the
surface much further out. Model values, gradient and Hessian come from the core
(``Objective.tangent_plane`` / ``quadratic_model``).
"""

from __future__ import annotations

from manim import DOWN, LEFT, Create, FadeIn, GrowFromCenter, VGroup, Write

from gradanim.components.surface import LessonScene3D, SurfacePlot, near_corner_for
from gradanim.components.tangent_plane import TangentPatch, model_formula
from gradanim.components.formula_card import function_typst
from gradanim.components.typeset import math
from gradanim.core.domain import Domain
from gradanim.core.objective import Objective


class TangentPlane(LessonScene3D):
    """The tangent plane at p, then the quadratic (second-order Taylor) model at p."""

    function = "sin(x) + cos(y)"
    variables: tuple[str, str] | None = None
    domain = (-3.0, 3.0, -3.0, 3.0)
    point = (0.3, 1.2)
    patch_half_width = (1.5, 1.5)
    resolution = 30
    z_length = 2.4
    contour_levels = 8
    title = "Tangent plane and quadratic model"
    phi = 60.0
    theta = -128.0  # across the gradient at the point: the plane's tilt is seen side on
    ambient_rate = 0.12
    turn_time = 3.0

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))

    def construct(self):
        self.compute()
        theme = self.theme
        plot = SurfacePlot(self.objective, self.plot_domain, z_length=self.z_length, resolution=self.resolution,
                           contour_levels=self.contour_levels, near_corner=near_corner_for(self.theta), theme=theme)
        plane = TangentPatch(plot, self.point, order=1, half_width=self.patch_half_width, theme=theme)
        quadratic = TangentPatch(plot, self.point, order=2, half_width=self.patch_half_width, show_point=False,
                                 theme=theme)
        self.fit_camera(plot, thetas=self.turning_thetas(self.turn_time + 0.5))

        formula = math(function_typst(self.objective), theme=theme)
        first, second = model_formula(plane, theme=theme), model_formula(quadratic, theme=theme)
        heading1 = math('"tangent plane (first order)"', font_size=theme.label_size, color=theme.descent, theme=theme)
        heading2 = math('"quadratic model (second order)"', font_size=theme.label_size, color=theme.saddle,
                        theme=theme)
        panel = self.arrange_panel(formula, VGroup(heading1, first).arrange(DOWN, aligned_edge=LEFT, buff=0.2),
                                   VGroup(heading2, second.formula, second.hessian).arrange(DOWN, aligned_edge=LEFT,
                                                                                            buff=0.2),
                                   buff=0.45)

        title = self.make_title()
        self.fix(title, formula)
        self.play(Write(title), *self.show_plot_animations(plot), FadeIn(formula), run_time=1.6)
        self.play(Create(plot.surface_contours, lag_ratio=0.1), run_time=0.6)
        self.billboard(plane.dot)
        self.fix(panel[1])
        self.play(GrowFromCenter(plane.dot), FadeIn(heading1), FadeIn(first.point), run_time=0.7)
        self.play(FadeIn(plane.sheet), Create(plane.wire), FadeIn(first.formula), FadeIn(first.gradient),
                  run_time=1.3)
        self.bring_to_front(plane.dot)
        self.wait(0.8)
        self.fix(panel[2])
        self.play(Create(quadratic.wire, lag_ratio=0.05), plane.sheet.animate.set_opacity(0.35),
                  FadeIn(panel[2], shift=0.15 * DOWN), run_time=1.5)
        self.bring_to_front(plane.dot)
        self.start_turning()
        self.wait(self.turn_time)
        self.stop_turning()
        self.wait(0.8)
