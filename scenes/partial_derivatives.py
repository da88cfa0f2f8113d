"""Partial derivatives, one variable at a time: slice the surface, read the slope.

    manim -ql scenes/partial_derivatives.py PartialDerivatives

The lesson's CEO example (``gradanim.core.lesson_functions.CEO``: profit f(x, y) = x^2 y / 2
from price x and ad spend y, at price 2 and ad spend 3). Holding y = 3 leaves f(x, 3) = 3x^2/2,
whose slope at x = 2 is the partial derivative 6; holding x = 2 leaves f(2, y) = 2y, slope 2.
Together they are the lesson's gradient (6, 2). Every number comes from the core
(``Objective.slice`` and ``Slice.slope``).

The plot is a close-up around the point, as tall as it is wide, so that both slopes show (6
as a steep rise, 2 as a gentle one); each slice is watched side on from low down, with the
surface on the camera's side of the cut dimmed; the first slice fades before the second.
"""

from __future__ import annotations

import numpy as np
from manim import DEGREES, DOWN, LEFT, UP, Create, FadeIn, FadeOut, GrowFromCenter, VGroup, Write

from gradanim.components import captions as say
from gradanim.components.formula_card import function_typst
from gradanim.components.slice import SliceView, slice_story
from gradanim.scene_base import SWAY_DEGREES, LessonScene3D
from gradanim.components.surface import SurfacePlot, near_corner_for
from gradanim.components.typeset import math, number_typst, vector_typst
from gradanim.core.domain import Domain
from gradanim.core.lesson_functions import CEO
from gradanim.core.objective import Objective
from gradanim.options import CONTOUR_LEVELS, DOMAIN, FUNCTION, POINT, RESOLUTION, VARIABLES, X_LENGTH, Z_LENGTH, Option, seconds


class PartialDerivatives(LessonScene3D):
    """Cut the surface with y = y0, then with x = x0: each cut is a curve whose slope is a partial."""

    beat_names = ('surface', 'slice_x', 'slice_y', 'gradient')

    function = FUNCTION.but(CEO.text)
    variables = VARIABLES.but(CEO.variables)
    domain = DOMAIN.but((0.8, 3.2, 1.8, 4.2))  # a close-up around the point: slopes read at this scale
    point = POINT.but(CEO.point, doc="the point [x0, y0] both cuts go through (f needs a gradient there)")
    resolution = RESOLUTION.but(28)
    x_length = X_LENGTH.but(4.0)
    z_length = Z_LENGTH.but(4.0)  # as tall as wide: a slope of 6 rises steeply, one of 2 gently
    contour_levels = CONTOUR_LEVELS.but(7)
    title = "Partial derivatives: one variable at a time"
    phi = 70.0  # low: each slice is seen side on
    theta = -90.0  # looking along +y: the cut y = y0 face on, x to the right
    second_theta = Option(0.0, "camera angle around the vertical for the second cut, x = x0, in degrees",
                          low=-360.0, high=360.0)  # looking along -x: the cut face on, y to the right
    final_phi = Option(58.0, "camera angle down from above at the end, both tangent lines in view, in degrees",
                       low=0.0, high=180.0)
    final_theta = Option(-120.0, "camera angle around the vertical at the end, in degrees", low=-360.0, high=360.0)
    dim_opacity = Option(0.06, "opacity of the surface on the camera's side of each cut", low=0.0, high=1.0)
    step_time = seconds(1.0, "seconds for each part of a cut: the plane, the curve, the tangent line",
                        low=0.02, high=10.0)
    hold_time = seconds(2.5, "seconds each slope is held once drawn")
    turn_time = seconds(3.0, "seconds for each turn of the camera")

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.gradient = self.objective.gradient(self.point)

    def construct(self):
        self.compute()
        theme = self.theme
        plot = SurfacePlot(self.objective, self.plot_domain, x_length=self.x_length, z_length=self.z_length,
                           resolution=self.resolution, contour_levels=self.contour_levels,
                           near_corner=near_corner_for(self.theta), theme=theme)
        cuts = [SliceView(plot, 0, self.point, tangent_color=theme.gradient, theme=theme),
                SliceView(plot, 1, self.point, tangent_color=theme.descent, theme=theme)]
        self.fit_camera(plot, thetas=np.array([*np.linspace(self.final_theta, self.second_theta, 9),
                                                self.final_theta - SWAY_DEGREES, self.final_theta + SWAY_DEGREES]) * DEGREES)

        formula = math(function_typst(self.objective), theme=theme)
        at = ", ".join(number_typst(float(v)) for v in self.point)
        where = math(f'"at" ({at})', font_size=theme.label_size, color=theme.muted_text, theme=theme)
        stories = [slice_story(cut, theme=theme) for cut in cuts]
        partials = [number_typst(float(c.slope)) for c in cuts]
        gradient = math(f"nabla f({at}) = {vector_typst(partials)}", color=theme.gradient, theme=theme)
        panel = self.arrange_panel(VGroup(formula, where).arrange(DOWN, aligned_edge=LEFT, buff=0.15),
                                   *stories, gradient, buff=0.45)

        title = self.make_title()
        self.fix(title, panel[0])
        self.beat("surface", f"The surface z = {say.plain_formula(self.objective)} and the point "
                             f"{say.point(self.point)} on it.")
        self.play(Write(title), *self.show_plot_animations(plot), FadeIn(panel[0]), run_time=1.6)
        self.billboard(cuts[0].dot)
        self.play(Create(plot.surface_contours, lag_ratio=0.1), GrowFromCenter(cuts[0].dot), run_time=0.8)
        self.wait(0.6)

        for i, (cut, story) in enumerate(zip(cuts, stories)):
            held, free = self.objective.names[1 - i], self.objective.names[i]
            self.beat(("slice_x", "slice_y")[i],
                      f"Held at {held} = {say.num(self.point[1 - i])}, the surface is a curve in {free}: "
                      f"f {say.rises(cut.slope)} per unit of {free}, ∂f/∂{free}{say.point(self.point)} = "
                      f"{say.num(cut.slope)}.")
            if i:  # the second beat begins by turning to its slice, the first slice fading
                previous = cuts[0]
                self.move_camera(theta=self.second_theta * DEGREES, run_time=self.turn_time, added_anims=[
                    plot.surface.animate.set_face_opacity(1.0), FadeOut(previous.curve), FadeOut(previous.tangent),
                    FadeOut(previous.slope_label)])
            near = cut.near_side(camera_side=-1.0 if i == 0 else 1.0)
            self.fix(story)  # registered only: each line appears with its FadeIn
            extra = [FadeOut(plot.surface_contours)] if i == 0 else []
            self.play(FadeIn(cut.plane), *extra, plot.surface.animate.set_face_opacity(self.dim_opacity, near),
                      FadeIn(story[0], shift=0.15 * DOWN), run_time=self.step_time)
            self.play(Create(cut.curve), FadeIn(story[1], shift=0.15 * DOWN), run_time=self.step_time)
            self.add_labels(cut.slope_label)
            self.play(GrowFromCenter(cut.tangent), FadeIn(cut.slope_label), FadeIn(story[2], shift=0.15 * DOWN),
                      run_time=self.step_time)
            self.wait(self.hold_time)
            self.play(FadeOut(cut.plane), run_time=0.5)
        # Both slopes at the point: the two tangent lines, and the gradient made of them.
        self.beat("gradient", f"The two slopes together: ∇f{say.point(self.point)} = "
                              f"{say.point([c.slope for c in cuts])}.")
        self.fix(gradient)
        self.move_camera(phi=self.final_phi * DEGREES, theta=self.final_theta * DEGREES, run_time=self.turn_time,
                         added_anims=[plot.surface.animate.set_face_opacity(1.0), FadeOut(cuts[1].curve),
                                      FadeIn(cuts[0].tangent), FadeIn(cuts[0].slope_label)])
        self.play(FadeIn(gradient, shift=0.15 * UP), run_time=0.9)
        self.idle(self.sway())  # the picture sways while the lecturer talks (a loop on a slide)
