"""The second-derivative test: the Hessian's eigenvalues decide minimum, maximum or saddle.

    manim -ql scenes/hessian.py MinMaxSaddle
    manim -ql scenes/hessian.py MonkeySaddle

The lesson: "Positive definite -> Local minimum, Negative definite -> Local maximum,
Indefinite -> Saddle point". The maximum is the lesson's Problem 3
(``gradanim.core.lesson_functions.PROBLEM_3``: "Both eigenvalues are negative, so this is
indeed a maximum!"). Critical points, Hessians, eigenvalues, eigenvectors and the verdict all
come from the core (``critical_points``); the monkey saddle x^3 - 3xy^2 is where the test
says nothing: its Hessian at the origin is zero ("degenerate").
"""

from __future__ import annotations

import numpy as np
from manim import DEGREES, DOWN, LEFT, UP, Create, FadeIn, GrowArrow, GrowFromCenter, LaggedStart, VGroup, Write

from gradanim.components.hessian_view import HessianCard, HessianView
from gradanim.components.lesson_scene import Box
from gradanim.components.surface import LessonScene3D, SurfacePlot, near_corner_for
from gradanim.components.formula_card import function_typst
from gradanim.components.typeset import math
from gradanim.core.critical import critical_points
from gradanim.core.domain import Domain
from gradanim.core.lesson_functions import PROBLEM_3
from gradanim.core.objective import Objective


def _domain(bounds) -> Domain:
    return Domain(tuple(zip(bounds[0::2], bounds[1::2])))


class MinMaxSaddle(LessonScene3D):
    """Three surfaces side by side, each with its critical point, Hessian, eigenvalues and verdict."""

    functions = ("x^2 + y^2", PROBLEM_3.text, "x^2 - y^2")
    domains = ((-1.5, 1.5, -1.5, 1.5), (0.0, 4.0, -1.0, 3.0), (-1.5, 1.5, -1.5, 1.5))
    title = "Minimum, maximum, saddle: the Hessian decides"
    phi = 56.0
    theta = -90.0  # world x is screen x: the plots sit side by side
    yaw = -28.0  # each plot turned about its own vertical axis for a three-quarter view
    spacing = 4.6
    resolution = 22
    x_length = 2.6
    z_length = 1.5
    contour_levels = 6
    card_top = -0.85  # scene y where the cards start (below the plots)

    def compute(self):
        self.objectives = [Objective.from_text(text, ("x", "y")) for text in self.functions]
        self.plot_domains = [_domain(b) for b in self.domains]
        self.criticals = []
        for objective, domain in zip(self.objectives, self.plot_domains):
            found = critical_points(objective, domain)
            if len(found) != 1:
                raise ValueError(f"{objective.text}: expected one critical point in the domain, found {len(found)}")
            self.criticals.append(found[0])

    def construct(self):
        self.compute()
        theme = self.theme
        plots, views = [], []
        for i, (objective, domain, critical) in enumerate(zip(self.objectives, self.plot_domains, self.criticals)):
            plot = SurfacePlot(objective, domain, x_length=self.x_length, z_length=self.z_length,
                               resolution=self.resolution, contour_levels=self.contour_levels,
                               near_corner=near_corner_for(self.theta - self.yaw), theme=theme)
            plot.place(np.array([(i - 1) * self.spacing, 0.0, 0.0]), yaw=self.yaw * DEGREES)
            plots.append(plot)
            views.append(HessianView(plot, critical, theme=theme))
        self.plots, self.views = plots, views
        f = self.frame_box
        self.fit_camera(*plots, box=Box(f.left, f.right, self.card_top + 0.15, f.top - self.title_height), fill=0.95)

        cards = []
        for plot, objective, critical in zip(plots, self.objectives, self.criticals):
            formula = math(function_typst(objective, arguments=False), font_size=theme.label_size, theme=theme)
            card = VGroup(formula, HessianCard(critical, theme=theme)).arrange(DOWN, buff=0.25)
            if card.width > self.spacing * 0.95 * self.camera.get_zoom():
                card.scale_to_fit_width(self.spacing * 0.95 * self.camera.get_zoom())
            x = self.camera.project_points(plot.box_center()[None, :])[0, 0]
            card.move_to([x, 0, 0]).align_to([0, self.card_top, 0], UP)
            cards.append(card)

        title = self.make_title()
        self.fix(title)
        self.play(Write(title), *(a for p in plots for a in self.show_plot_animations(p)), run_time=1.6)
        for view, card in zip(views, cards):
            self.billboard(view.dot)
            self.play(GrowFromCenter(view.dot), Create(view.curves), *(GrowArrow(a) for a in view.arrows),
                      run_time=1.0)
            self.fix(card)
            self.play(FadeIn(card, shift=0.15 * UP), run_time=0.8)
        self.wait(2.0)


class MonkeySaddle(LessonScene3D):
    """x^3 - 3xy^2: a flat critical point (zero Hessian) where the second-derivative test is silent."""

    function = "x^3 - 3x*y^2"
    domain = (-1.3, 1.3, -1.3, 1.3)
    title = "Monkey saddle: the test says nothing"
    phi = 60.0
    theta = -70.0
    ambient_rate = 0.1
    turn_time = 4.0
    resolution = 30
    z_length = 2.6
    contour_levels = 10

    def compute(self):
        self.objective = Objective.from_text(self.function, ("x", "y"))
        self.plot_domain = _domain(self.domain)
        self.critical = critical_points(self.objective, self.plot_domain)[0]

    def construct(self):
        self.compute()
        theme = self.theme
        plot = SurfacePlot(self.objective, self.plot_domain, z_length=self.z_length, resolution=self.resolution,
                           contour_levels=self.contour_levels, near_corner=near_corner_for(self.theta), theme=theme)
        view = HessianView(plot, self.critical, theme=theme)
        self.fit_camera(plot, thetas=self.turning_thetas(self.turn_time + 3.0))

        formula = math(function_typst(self.objective), theme=theme)
        at = ", ".join(f"{v:g}" for v in self.critical.point)
        where = math(f'nabla f = bold(0) "at" ({at})', font_size=theme.label_size, color=theme.muted_text, theme=theme)
        card = HessianCard(self.critical, aligned_edge=LEFT, theme=theme)
        silent = math('"no sign to read: neither minimum nor maximum"', font_size=theme.label_size,
                      color=theme.muted_text, theme=theme)
        self.arrange_panel(formula, where, card, silent, buff=0.4)

        title = self.make_title()
        self.fix(title, formula, where)
        self.play(Write(title), *self.show_plot_animations(plot), FadeIn(formula), run_time=1.6)
        self.start_turning()
        self.billboard(view.dot)
        self.play(Create(plot.surface_contours, lag_ratio=0.05), GrowFromCenter(view.dot), FadeIn(where), run_time=1.0)
        self.play(Create(view.curves), LaggedStart(*(GrowArrow(a) for a in view.arrows)), run_time=1.2)
        self.fix(card, silent)
        self.play(FadeIn(card, shift=0.15 * UP), run_time=0.9)
        self.play(FadeIn(silent), run_time=0.7)
        self.wait(self.turn_time)
        self.stop_turning()
        self.wait(0.5)
