"""The tangent plane and the quadratic model: what f looks like up close.

    manim -ql scenes/tangent_plane.py TangentPlane

At a point p the plane f(p) + grad f(p) . (x - p) touches the surface (first order) and parts
from it as soon as the surface bends; adding the Hessian's term 1/2 (x - p)^T H (x - p) bends
the model with the surface, so it hugs it much further out. The camera looks across the
plane from low enough to see the gap open under it, and turns slowly while each model is
held. Model values, gradient, Hessian and how far each model is off one unit from p come
from the core (``Objective.tangent_plane`` / ``quadratic_model`` / ``model_error``).
"""

from __future__ import annotations

from manim import DOWN, LEFT, Create, FadeIn, GrowFromCenter, VGroup, Write

from gradanim.components import captions as say
from gradanim.components.formula_card import function_typst
from gradanim.scene_base import SWAY_DEGREES, LessonScene3D
from gradanim.components.surface import SurfacePlot, near_corner_for
from gradanim.components.tangent_plane import TangentPatch, gap_marks, model_formula
from gradanim.components.typeset import math, number_typst
from gradanim.core.domain import Domain
from gradanim.core.objective import Objective
from gradanim.core.surface_mesh import SurfaceMesh, model_patch
from gradanim.options import CONTOUR_LEVELS, DOMAIN, FUNCTION, POINT, RESOLUTION, VARIABLES, Z_LENGTH, Option, seconds


class TangentPlane(LessonScene3D):
    """The tangent plane at p, then the quadratic (second-order Taylor) model at p."""

    beat_names = ('surface', 'plane', 'quadratic')

    function = FUNCTION.but("sin(x) + cos(y)")
    variables = VARIABLES.but()
    domain = DOMAIN.but((-1.2, 2.8, -1.4, 2.6))
    point = POINT.but((0.8, 0.6), doc="the point p the plane and the quadratic model touch (f needs a gradient there)")
    patch_half_width = Option((1.2, 1.2), "half the width of each model's patch around p: [along x, along y]")
    error_radius = Option(1.0, "the panel says how far each model is off at this distance from p",
                          low=0.0, low_open=True, high=100.0)
    resolution = RESOLUTION.but(32)
    z_length = Z_LENGTH.but(3.2)
    contour_levels = CONTOUR_LEVELS.but(8)
    title = "Tangent plane and quadratic model"
    phi = 74.0  # low, across the plane: the gap opens under it on both sides of p
    theta = -129.0  # square to the gradient at p (-39 degrees): the plane's tilt is seen side on
    ambient_rate = 0.06
    plane_hold = seconds(3.5, "seconds the plane is watched (turning) before the quadratic model comes")
    model_hold = seconds(4.5, "seconds the quadratic model is watched (turning)")

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.plane_model = self.objective.tangent_plane(self.point)
        self.quadratic = self.objective.quadratic_model(self.point)
        self.errors = (self.objective.model_error(self.plane_model, self.error_radius),
                       self.objective.model_error(self.quadratic, self.error_radius))

    def value_range(self) -> tuple[float, float]:
        """Values from floor to top: the function's on the domain and both models' on their
        patch, so that neither model is cut off by the plot's box."""
        lo, hi = SurfaceMesh.sample(self.objective, self.plot_domain, self.resolution).value_range()
        for model in (self.plane_model, self.quadratic):
            _, _, z = model_patch(model, self.patch_half_width, 8)
            lo, hi = min(lo, float(z.min())), max(hi, float(z.max()))
        return lo, hi

    def construct(self):
        self.compute()
        theme = self.theme
        plot = SurfacePlot(self.objective, self.plot_domain, z_length=self.z_length, resolution=self.resolution,
                           contour_levels=self.contour_levels, near_corner=near_corner_for(self.theta),
                           z_range=self.value_range(), theme=theme)
        plane = TangentPatch(plot, self.point, order=1, half_width=self.patch_half_width, theme=theme)
        quadratic = TangentPatch(plot, self.point, order=2, half_width=self.patch_half_width, show_point=False,
                                 theme=theme)
        gaps = [gap_marks(plane, self.error_radius, theme=theme), gap_marks(quadratic, self.error_radius, theme=theme)]
        # Where a model passes under the surface it is still drawn, faintly: it parts from f
        # there, it does not vanish.
        for part in [*quadratic.wire, *gaps[0].family_members_with_points(), *gaps[1].family_members_with_points()]:
            part.hidden_opacity = 0.3
        self.fit_camera(plot, thetas=self.turning_thetas(self.plane_hold + self.model_hold + 3.0, sway=SWAY_DEGREES))

        formula = math(function_typst(self.objective), theme=theme)
        first, second = model_formula(plane, theme=theme), model_formula(quadratic, theme=theme)
        heading1 = math('"tangent plane (first order)"', font_size=theme.label_size, color=theme.descent, theme=theme)
        heading2 = math('"quadratic model (second order)"', font_size=theme.label_size, color=theme.saddle,
                        theme=theme)
        r = number_typst(self.error_radius)
        off1 = math(f'"off by up to" {number_typst(self.errors[0], 3)} "at distance" {r} "from" bold(p)',
                    font_size=theme.label_size, color=theme.descent, theme=theme)
        off2 = math(f'"off by up to" {number_typst(self.errors[1], 3)} "at distance" {r}',
                    font_size=theme.label_size, color=theme.saddle, theme=theme)
        panel = self.arrange_panel(
            formula,
            VGroup(heading1, first, off1).arrange(DOWN, aligned_edge=LEFT, buff=0.2),
            VGroup(heading2, second.formula, second.hessian, off2).arrange(DOWN, aligned_edge=LEFT, buff=0.2),
            buff=0.4)

        title = self.make_title()
        self.fix(title, formula)
        p, r = say.point(self.point), say.num(self.error_radius)
        self.beat("surface", f"The surface z = {say.plain_formula(self.objective)} near the point p = {p}, "
                             f"where f = {say.num(self.objective.value(self.point))}.")
        self.play(Write(title), *self.show_plot_animations(plot), FadeIn(formula), run_time=1.6)
        self.play(Create(plot.surface_contours, lag_ratio=0.1), run_time=0.6)
        self.billboard(plane.dot)
        self.fix(panel[1], panel[2])
        self.beat("plane", f"The tangent plane at p uses the gradient {say.point(self.objective.gradient(self.point))}; "
                           f"at distance {r} from p it is off by up to {say.num(self.errors[0])}.")
        self.play(GrowFromCenter(plane.dot), FadeIn(heading1), FadeIn(first.point), run_time=0.8)
        self.wait(0.6)
        self.play(FadeIn(plane.sheet), Create(plane.wire), FadeIn(first.formula), FadeIn(first.gradient),
                  run_time=1.3)
        self.start_turning()
        self.play(Create(gaps[0]), FadeIn(off1), run_time=1.0)
        self.wait(self.plane_hold)
        self.beat("quadratic", f"Adding the Hessian gives the quadratic model: at distance {r} it is off by up to "
                               f"{say.num(self.errors[1])}, much closer.")
        self.play(Create(quadratic.wire, lag_ratio=0.05), plane.sheet.animate.set_opacity(0.2),
                  plane.wire.animate.set_stroke(opacity=0.3), gaps[0].animate.set_stroke(opacity=0.35),
                  FadeIn(heading2), FadeIn(second.formula), FadeIn(second.hessian), run_time=1.5)
        self.play(Create(gaps[1]), FadeIn(off2), run_time=1.0)
        self.wait(self.model_hold)
        self.stop_turning()
        self.idle(self.sway())  # the picture sways while the lecturer talks (a loop on a slide)
