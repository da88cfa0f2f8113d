"""Directional derivatives: "What if you can't go that way? What if you want to go Northeast?"

    manim -ql scenes/directional_derivative.py DirectionalDerivative

The CEO's profit f(x, y) = x^2 y / 2 at price 2, ad spend 3: the gradient is (6, 2). Going
northeast instead climbs at D_u f = grad f . u = 8 / sqrt(2) ~ 5.657. Then u turns all the way
round while a plot beside it traces D_u f against the angle: a cosine, largest along the
gradient (|grad f|), zero along the contour, most negative opposite the gradient. While u
turns, the northeast arrow stays behind, faded, with the panel's numbers about it; the live
theta and D_u f above the plot follow the turning u.
Every number comes from gradanim.core (``directional_profile``) before the first frame.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, Create, FadeIn, FadeOut, FadeTransform, Flash, GrowArrow, GrowFromCenter, VGroup, Write, \
    linear

from gradanim.components import captions as say
from gradanim.components.claims import Claim, declare
from gradanim.components.contour_map import ContourMap
from gradanim.components.directional import DirectionalPlot, DirectionDial, TurnDirection
from gradanim.scene_base import LessonScene
from gradanim.components.formula_card import function_typst
from gradanim.components.typeset import math, number_typst, text_typst, vector_typst
from gradanim.core.directional import TAU, directional_profile
from gradanim.core.domain import Domain
from gradanim.core.lesson_functions import CEO, NORTHEAST
from gradanim.core.objective import Objective
from gradanim.options import DOMAIN, FUNCTION, LEVELS, POINT, VARIABLES, Option, seconds


class DirectionalDerivative(LessonScene):
    """u turns around the CEO's point; D_u f = grad f . u is traced against its angle."""

    beat_names = ('gradient', 'direction', 'turn')

    function = FUNCTION.but(CEO.text)
    variables = VARIABLES.but(CEO.variables)
    domain = DOMAIN.but((0.0, 4.0, 1.0, 5.0))
    point = POINT.but(CEO.point)
    direction = Option(NORTHEAST, "the direction u first looked along, [dx, dy] (any length: it is normalised)")
    direction_name = Option("northeast", "what that direction is called on screen")
    levels = LEVELS.but(10)
    radius = Option(0.9, "drawn length of u, in axes units", low=0.0, low_open=True, high=100.0)
    title = "Directional derivative: what if you go northeast?"
    plot_width = 0.5
    turn_time = seconds(2.0, "seconds for each quarter of u's turn")

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.profile = directional_profile(self.objective, self.point, extra={self.direction_name: self.direction})
        self.chosen = self.profile.mark(self.direction_name)[0]
        self.point_value = self.objective.value(self.point)
        # Contour levels: an even spread that includes the level through the point.
        values = self.objective.value_on(*self.plot_domain.grid(41))
        values = values[np.isfinite(values)]  # a pole's infinities are no level
        spread = np.linspace(values.min(), values.max(), self.levels + 2)[1:-1]
        keep = spread[np.abs(spread - self.point_value) > 0.4 * (spread[1] - spread[0])]
        self.contour_levels = np.sort(np.append(keep, self.point_value))

    def construct(self):
        self.compute()
        theme = self.theme
        p = self.profile
        title = self.make_title()
        axes = self.make_axes(self.plot_domain, self.objective.names)
        contours = ContourMap(self.objective, axes, levels=self.contour_levels, opacity=0.55, theme=theme)
        level_line = contours.level_mobjects[float(self.point_value)]
        dial = DirectionDial(p, axes, angle=self.chosen.angle, radius=self.radius, objective=self.objective,
                             theme=theme)

        point_typst = ", ".join(number_typst(v) for v in self.point)
        formula = math(function_typst(self.objective), theme=theme)
        gradient = math(
            f"nabla f({point_typst}) = {vector_typst([number_typst(v) for v in p.gradient])}",
            color=theme.gradient, theme=theme,
        )
        u = math(
            f"bold(u)_{text_typst(self.direction_name)} = {vector_typst([number_typst(v) for v in self.chosen.direction])}",
            color=theme.path, font_size=theme.label_size, theme=theme,
        )
        value = math(
            f"D_(bold(u)) f = nabla f dot bold(u) = {number_typst(self.chosen.value)}",
            font_size=theme.label_size, theme=theme,
        )
        declare(u, Claim(dial.subject, "direction", tuple(self.chosen.direction)))
        declare(value, Claim(dial.subject, "slope", self.chosen.value))
        top_rows = VGroup(formula, gradient, VGroup(u, value).arrange(DOWN, aligned_edge=LEFT, buff=0.22))
        # The plot's axes are as wide as the panel leaves beside its labels (shrinking the
        # whole plot would shrink its labels below a legible size).
        width = self.panel_box.width - 0.9
        plot = DirectionalPlot(p, width=width, height=1.9, angle=self.chosen.angle, theme=theme)
        overhang = plot.width + 0.55 - self.panel_box.width  # labels and ticks beside the axes
        if overhang > 0:
            plot = DirectionalPlot(p, width=width - overhang, height=1.9, angle=self.chosen.angle, theme=theme)
        plot.angle_readout.about(dial.subject, "angle")
        plot.value_readout.about(dial.subject, "slope")
        self.arrange_panel(*top_rows, plot, buff=0.3)
        plot.shift(0.55 * np.array([1, 0, 0]))  # room for the D_u f axis label on its left

        self.beat("gradient", f"At {say.point(self.point)} on f = {say.plain_formula(self.objective)}, the gradient "
                              f"is ∇f = {say.point(p.gradient)}.")
        self.play(Write(title), Create(axes), run_time=1.0)
        self.play(Create(contours, lag_ratio=0.1), FadeIn(formula, shift=0.2 * DOWN), run_time=1.4)
        self.play(level_line.animate.set_stroke(theme.text, width=3.5, opacity=0.9), run_time=0.5)
        self.play(GrowFromCenter(dial.dot), run_time=0.4)
        self.play(GrowArrow(dial.gradient_arrow), FadeIn(dial.gradient_label), FadeIn(gradient, shift=0.2 * DOWN),
                  run_time=1.0)
        self.beat("direction", f"In the direction u = {say.point(self.chosen.direction)} ({self.direction_name}), "
                               f"f {say.rises(self.chosen.value)} per unit: D_u f = ∇f · u = "
                               f"{say.num(self.chosen.value)}.")
        self.play(GrowArrow(dial.u_arrow), FadeIn(dial.u_label), FadeIn(u, shift=0.2 * DOWN), run_time=0.9)
        self.play(Create(dial.drop), Create(dial.projection), FadeIn(value, shift=0.2 * DOWN), run_time=1.0)
        self.wait(0.8)

        # The whole turn: the plot traces every direction at once.
        steepest = float(np.linalg.norm(p.gradient))
        self.beat("turn", f"Turning u all the way round: D_u f is largest, {say.num(steepest)} = |∇f|, along the "
                          f"gradient, {say.num(-steepest)} against it, and 0 along the level line.")
        self.play(Create(dial.circle), FadeIn(plot.axes), FadeIn(plot.frame_lines), FadeIn(plot.tick_labels),
                  FadeIn(plot.y_label), FadeIn(plot.x_label), run_time=0.8)
        self.play(Create(plot.curve), run_time=1.2)
        # u is about to turn: the chosen direction stays behind as a faded arrow, and the panel's
        # numbers name it (the live ones, theta and D_u f above the plot, follow the turning u).
        kept, kept_subject = dial.keep_direction(f"bold(u)_{text_typst(self.direction_name)}")
        kept_value = math(f"{text_typst(self.direction_name + ':')} quad D_(bold(u)) f = {number_typst(self.chosen.value)}",
                          font_size=theme.label_size, theme=theme).move_to(value, aligned_edge=LEFT)
        declare(kept_value, Claim(kept_subject, "slope", self.chosen.value))
        self.play(*(FadeIn(m, scale=0.5) for m in plot.marks.values()), FadeIn(plot.mark_labels),
                  FadeIn(plot.tracker_dot), FadeIn(plot.tracker_line), FadeIn(plot.readouts), FadeIn(kept),
                  FadeTransform(value, kept_value), run_time=0.8)
        declare(u, Claim(kept_subject, "direction", tuple(self.chosen.direction)))  # from now on, the kept one
        self.adopt(dial, plot)

        # Stop at each special direction on the way round, starting from the chosen one.
        stops = sorted(((m.angle - self.chosen.angle) % TAU, m) for m in p.marks if m.name != self.direction_name)
        stops = [(offset, mark) for offset, mark in stops if offset > 1e-6]  # the chosen one is where it starts
        angle = self.chosen.angle
        for offset, mark in stops:
            target = self.chosen.angle + offset
            self.play(TurnDirection([dial, plot], angle, target, run_time=self.turn_time * (target - angle) / (TAU / 4)))
            color = {"gradient": theme.gradient, "opposite": theme.descent}.get(mark.name, theme.highlight)
            self.play(Flash(plot.tracker_dot, color=color, flash_radius=0.25), run_time=0.5)
            angle = target
        # On past the chosen direction (u on top of the kept arrow, their labels on each other)
        # to rest along the level line, where D_u f = 0: the caption's last words.
        end = self.chosen.angle + TAU + min(offset for offset, mark in stops if mark.name == "contour")
        self.play(TurnDirection([dial, plot], angle, end, run_time=self.turn_time * (end - angle) / (TAU / 4)))
        # u turns on, at an even speed, while the lecturer talks (a loop on a slide); the
        # panel's numbers still name the chosen direction, kept faded under it.
        self.idle(TurnDirection([dial, plot], end, end + TAU, rate_func=linear), run_time=3 * self.turn_time)

    def adopt(self, *groups):
        """Put whole groups in the scene in place of the parts of them animated in one by one
        (a part left at the top level too would be drawn twice, once frozen)."""
        family = {id(m) for g in groups for m in g.get_family()}
        self.remove(*[m for m in self.mobjects if id(m) in family])
        self.add(*groups)
