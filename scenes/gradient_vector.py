"""The gradient as a vector of partial derivatives: the lesson's CEO example.

    manim -ql scenes/gradient_vector.py GradientVector

Profit f(x, y) = x^2 y / 2 with x = Price and y = Ad spend. At (2, 3): step east (change
only the price, the ad spend held constant) and the profit climbs at df/dx = xy = 6; step
north (only the ad spend) and it climbs at df/dy = x^2/2 = 2. The gradient is the vector of
those two slopes, (6, 2): increase both, but put 3x more effort into the price.

Every number comes from gradanim.core (value, symbolic and numeric gradient, contours).
A variant is a subclass::

    class OtherPoint(GradientVector):
        point = (3, 1)
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UP, Create, DashedLine, FadeIn, FadeOut, Indicate, VGroup, Write

from gradanim.components.captions import num, plain_formula, point, rises
from gradanim.components.contour_map import ContourMap
from gradanim.components.gradient_at_point import GradientAtPoint
from gradanim.scene_base import LessonScene
from gradanim.components.formula_card import function_typst
from gradanim.components.typeset import expr_to_typst, math, name_typst, number_typst, text_typst
from gradanim.core.domain import Domain
from gradanim.core.objective import Objective
from gradanim.options import DOMAIN, FUNCTION, LEVELS, POINT, VARIABLES, Option


class GradientVector(LessonScene):
    """Partial derivatives as slopes east and north, assembled into the gradient vector."""

    function = FUNCTION.but("x^2*y/2")
    variables = VARIABLES.but(("x", "y"))
    variable_display = Option(("Price", "Ad spend"), "the variables' names on the axes and in the panel")
    quantity = Option("Profit", "what f measures, shown before its formula")
    domain = DOMAIN.but((0.0, 5.0, 0.0, 4.0))
    point = POINT.but((2.0, 3.0))
    scale = Option(0.25, "the gradient arrow is drawn at this fraction of its length", low=0.0, low_open=True,
                   high=10.0)
    levels = LEVELS.but((1, 2, 4, 6, 9, 12, 16, 20, 25, 32, 40), low=None, high=None,
                        doc="the values of f drawn as level lines")
    label_levels = Option((2, 6, 12, 20, 32), "the level lines labelled with their value")
    title = "The gradient: a vector of partial derivatives"
    beat_names = ("landscape", "point", "east", "north", "gradient", "reading")
    plot_width = 0.6

    # --- the mathematics, all from the core, before any frame --------------------------

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.value = self.objective.value(self.point)
        self.grad = self.objective.gradient(self.point)
        self.partials = [self.objective.partial_expr(v) for v in self.objective.names]
        # The reading: how many times more the first lever pays than the second.
        self.ratio = float(self.grad[0] / self.grad[1]) if self.grad[1] != 0 else None

    # --- the picture ---------------------------------------------------------------------

    def construct(self):
        self.compute()
        theme = self.theme
        names = [name_typst(n) for n in self.objective.names]
        p = self.point
        title = self.make_title()
        axes = self.make_axes(self.plot_domain, self.variable_display)
        gradient = GradientAtPoint(self.objective, axes, p, scale=self.scale, theme=theme)
        contours = ContourMap(
            self.objective, axes, levels=self.levels, filled=True, labels=self.label_levels,
            label_near=(self.plot_domain.upper[0], self.plot_domain.lower[1]),
            label_avoid=[gradient.dot, gradient.vector_label, gradient.arrow, *gradient.component_labels],
            theme=theme,
        )
        here = next((group for level, group in contours.level_mobjects.items() if np.isclose(level, self.value)), None)

        # The panel: the function, what the letters mean, then the two partials.
        pt = f"({number_typst(p[0])}, {number_typst(p[1])})"
        small = theme.label_size
        formula = math(f'{text_typst(self.quantity + ":")} quad {function_typst(self.objective)}', theme=theme)
        meaning = math(
            f"{names[0]} = {text_typst(self.variable_display[0])}, quad {names[1]} = {text_typst(self.variable_display[1])}",
            font_size=small, color=theme.muted_text, theme=theme,
        )
        value = math(f"f{pt} = {number_typst(self.value)}", font_size=small, theme=theme)
        x_color, y_color = theme.path, theme.descent
        dx = self._partial_block(0, names, x_color)
        dy = self._partial_block(1, names, y_color)
        vector = math(gradient.readout_typst(), theme=theme, color=theme.gradient)
        reading = self._reading()
        self.arrange_panel(VGroup(formula, meaning).arrange(DOWN, aligned_edge=LEFT, buff=0.15),
                           value, dx, dy, vector, reading, buff=0.32)

        # 1. The landscape.
        self.beat("landscape", self.caption("landscape"))
        self.play(Write(title), Create(axes), run_time=1.0)
        self.play(FadeIn(contours.bands), Create(contours.lines, lag_ratio=0.1), run_time=1.6)
        self.play(FadeIn(contours.labels), FadeIn(formula, shift=0.2 * DOWN), FadeIn(meaning), run_time=0.8)

        # 2. Where we stand: on the level line f = f(p).
        self.beat("point", self.caption("point"))
        self.play(FadeIn(gradient.dot, scale=0.5), FadeIn(value), run_time=0.7)
        if here is not None:
            self.play(Indicate(here, color=theme.highlight, scale_factor=1.0), run_time=0.8)

        # 3. Step east: only the price changes (the ad spend is a constant on this line).
        self.beat("east", self.caption("east"))
        (x0, x1), (y0, y1) = self.plot_domain.bounds
        east = DashedLine(axes.c2p(x0, p[1]), axes.c2p(x1, p[1]), dash_length=0.1, color=x_color, stroke_width=2)
        east.set_opacity(0.6)
        self.play(Create(east), FadeIn(dx[0], shift=0.2 * DOWN), FadeIn(dx[1]), run_time=1.0)
        self.play(gradient.grow_component(0), run_time=1.0)
        self.wait(0.5)

        # 4. Step north: only the ad spend changes.
        self.beat("north", self.caption("north"))
        north = DashedLine(axes.c2p(p[0], y0), axes.c2p(p[0], y1), dash_length=0.1, color=y_color, stroke_width=2)
        north.set_opacity(0.6)
        self.play(FadeOut(east), Create(north), FadeIn(dy[0], shift=0.2 * DOWN), FadeIn(dy[1]), run_time=1.0)
        self.play(gradient.grow_component(1), run_time=1.0)
        self.wait(0.5)

        # 5. The gradient: the vector of both slopes.
        self.beat("gradient", self.caption("gradient"))
        self.play(FadeOut(north), run_time=0.4)
        self.play(gradient.assemble(), run_time=1.6)
        self.play(FadeIn(vector, shift=0.2 * DOWN), run_time=0.8)

        # 6. The reading.
        self.beat("reading", self.caption("reading"))
        self.play(FadeIn(reading, shift=0.2 * UP), run_time=0.9)
        self.play(Indicate(gradient.x_arrow, color=theme.highlight), run_time=0.9)
        self.wait(2.0)

    def caption(self, beat: str) -> str:
        """What the beat says, from the core's numbers."""
        x, y = self.objective.names
        a, b = self.variable_display
        p, g = point(self.point), self.grad
        if beat == "landscape":
            return (f"{self.quantity} f({x}, {y}) = {plain_formula(self.objective)}, with {x} = {a} and {y} = {b}. "
                    "Each contour line joins the points of equal " + self.quantity.lower() + ".")
        if beat == "point":
            return f"We stand at {p}, where f = {num(self.value)}, on the contour line f = {num(self.value)}."
        if beat == "east":
            return (f"Held at {y} = {num(self.point[1])}, f {rises(g[0])} per unit of {x}: "
                    f"∂f/∂{x}{p} = {num(g[0])}.")
        if beat == "north":
            return (f"Held at {x} = {num(self.point[0])}, f {rises(g[1])} per unit of {y}: "
                    f"∂f/∂{y}{p} = {num(g[1])}.")
        if beat == "gradient":
            return f"Together the two slopes make the gradient: ∇f{p} = {point(g)}."
        if self.ratio is None:
            return f"Only {a.lower()} pays here: ∇f{p} = {point(g)}."
        return (f"{num(g[0])} / {num(g[1])} = {num(self.ratio, 2)}: a step in {a.lower()} pays "
                f"{num(self.ratio, 2)} times as much as a step in {b.lower()}.")

    def _partial_block(self, index: int, names, color) -> VGroup:
        """``df/dx = xy = 6`` (symbolic from the core, then its value) over a muted note."""
        theme = self.theme
        other = names[1 - index]
        way = ("east", "north")[index]
        line = math(
            f"(partial f)/(partial {names[index]}) = {expr_to_typst(self.partials[index])}"
            f" = {number_typst(self.grad[index])}",
            font_size=theme.body_size * 0.9, color=color, theme=theme,
        )
        note = math(
            f'"step {way}:" {other} "held constant"',
            font_size=theme.small_size, color=theme.muted_text, theme=theme,
        )
        return VGroup(line, note).arrange(DOWN, aligned_edge=LEFT, buff=0.12)

    def _reading(self) -> VGroup:
        theme = self.theme
        g = self.grad
        size = theme.label_size
        if self.ratio is None:
            return VGroup(math('"only the first lever pays here"', font_size=size, color=theme.highlight, theme=theme))
        a = self.variable_display[0].lower()
        both = "increase both, but" if g[0] > 0 and g[1] > 0 else "move along the gradient:"
        first = math(f'"{both}"', font_size=size, color=theme.highlight, theme=theme)
        ratio = math(
            f'{number_typst(g[0])} \\/ {number_typst(g[1])} = {number_typst(self.ratio, 2)} times'
            f" {text_typst('more effort on ' + a)}",
            font_size=size, color=theme.highlight, theme=theme,
        )
        return VGroup(first, ratio).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
