"""Gradient ascent on the CEO's revenue landscape: climb to the flat top where grad R = 0.

    manim -ql scenes/gradient_ascent.py GradientAscent

From the lesson "Gradients & Multivariable Calculus", Example 1 "Optimizing your business":
revenue R(a, q) from a = advertising budget and q = product-quality investment (both in
$1000s). The lesson states that at (20, 15) the gradient is (52.5, 40.0) and that the optimum
is where the gradient is zero, found by solving a linear system. Its formula was lost; this
concave quadratic (with a cross term, so that the system is a real one) reproduces the numbers:

    R(a, q) = 90a + 65q - 3/4 a^2 - 1/2 a q - 1/2 q^2,   grad R(20, 15) = (52.5, 40),
    grad R = 0  <=>  3/2 a + 1/2 q = 90,  1/2 a + q = 65  <=>  (a, q) = (46, 42),  R = 3435.

Every number on screen comes from gradanim.core: the gradient (``Objective.gradient``), the
ascent run (``descend(..., maximize=True)``), the optimum (``critical_points``, kind maximum).
"""

from __future__ import annotations

import numpy as np
import sympy
from manim import DOWN, LEFT, RIGHT, UL, UP, Arrow, Create, Dot, FadeIn, FadeOut, GrowArrow, GrowFromCenter, Star, VGroup, Write

from gradanim.components.claims import Claim, FormulaSource, declare
from gradanim.components.captions import num, plain_formula, point, run_caption
from gradanim.components.contour_map import ContourMap
from gradanim.components.formula_card import illustrative_tag
from gradanim.components.descent_run import DescentRun
from gradanim.scene_base import LessonScene
from gradanim.components.typeset import expr_to_typst, latex_to_typst, math, name_typst, number_typst
from gradanim.core.contours import Grid
from gradanim.core.critical import Kind, critical_points
from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError
from gradanim.core.lesson_functions import REVENUE
from gradanim.core.objective import Objective
from gradanim.core.trajectory import descend
from gradanim.options import DOMAIN, FUNCTION, ILLUSTRATIVE, LEVELS, LR, START, STEPS, TOLERANCE, VARIABLES, Option


def polynomial_typst(expr: sympy.Expr, variables) -> str:
    """A polynomial as Typst with its terms in reading order: constant, then by degree (a before q);
    any other formula as sympy orders it."""
    if not expr.is_polynomial(*variables):
        return expr_to_typst(expr)
    poly = sympy.Poly(expr, *variables)
    terms = sorted(poly.terms(), key=lambda term: (sum(term[0]), [-e for e in term[0]]))
    parts = [coefficient * sympy.Mul(*(v**e for v, e in zip(variables, exps))) for exps, coefficient in terms]
    return latex_to_typst(sympy.latex(sympy.Add(*parts, evaluate=False), order="none"))


def decimals_typst(values, digits: int = 1) -> str:
    """A point with a fixed number of decimals, as the lesson prints it: (52.5, 40.0)."""
    return "(" + ", ".join(f"{v:.{digits}f}" for v in values) + ")"


class GradientAscent(LessonScene):
    """The CEO climbs the revenue landscape from (20, 15) to the peak where the gradient vanishes."""

    ascends = True  # the story climbs: lesson checks run gradient ascent

    function = FUNCTION.but(REVENUE.text)  # made up (the lesson's formula was lost): tagged "illustrative"
    variables = VARIABLES.but(REVENUE.variables)
    domain = DOMAIN.but((0.0, 60.0, 0.0, 50.0))
    start = START.but((20.0, 15.0), doc="where the climb starts, [a, q] (the gradient is drawn there)")
    lr = LR.but(0.3)
    steps = STEPS.but(60)
    tolerance = TOLERANCE.but(1e-2)
    levels = LEVELS.but(11, doc="contour levels, packed towards the peak")
    gradient_arrow_length = Option(1.5, "drawn length of the gradient arrow at the start, in scene units (its "
                                        "direction is exact)", low=0.0, low_open=True, high=10.0)
    title = "Gradient ascent: the CEO's revenue"
    beat_names = ("landscape", "gradient", "climb", "peak")
    legend = Option('a = "advertising budget," quad q = "quality investment (in $1000s)"',
                    "what the variables mean, under the title (strings in quotes)", typst_math=True)
    plot_width = 0.56
    illustrative = ILLUSTRATIVE.but(doc="tag the revenue \"illustrative\" (the built-in one is tagged anyway)")

    @property
    def title_height(self) -> float:
        """The title and, below it, the legend's line."""
        return super().title_height + (0.5 if self.legend else 0.0)

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.start_gradient = self.objective.gradient(self.start)
        if not np.all(np.isfinite(self.start_gradient)):
            raise OptionError(f"{self.objective.smoothness_at(self.start).reason}; this scene draws the gradient at its start")
        self.trajectory = descend(self.objective, self.start, "gd", lr=self.lr, steps=self.steps,
                                  tol=self.tolerance, maximize=True)
        peaks = [c for c in critical_points(self.objective, self.plot_domain) if c.kind == Kind.MAXIMUM]
        self.peak = peaks[-1] if peaks else None

    def contour_levels(self) -> np.ndarray:
        """Levels packed towards the peak (quadratic in the distance from it), so the summit shows
        rings instead of one flat patch: R_max - (R_max - R_min) (k / (n + 1/2))^2."""
        values = Grid.sample(self.objective, self.plot_domain, 81).finite_values
        low = float(values.min())
        high = float(self.peak.value) if self.peak is not None else float(values.max())
        fractions = (np.arange(1, self.levels + 1) / (self.levels + 0.5)) ** 2
        return np.sort(high - (high - low) * fractions)

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        axes = self.make_axes(self.plot_domain, self.objective.names)
        contours = ContourMap(self.objective, axes, levels=self.contour_levels(), theme=theme)
        run = DescentRun(self.trajectory, axes, lr=self.lr, value_label="R", show_point=True,
                         point_label="(a_k, q_k)", readout_width=self.panel_box.width, point_digits=2,
                         objective=self.objective, theme=theme)

        names = [name_typst(n) for n in self.objective.names]
        args = ", ".join(names)
        legend = math(self.legend, font_size=theme.small_size, color=theme.muted_text, theme=theme)
        legend.next_to(title, DOWN, buff=0.18, aligned_edge=LEFT)  # a line of its own (title_height)
        formula = math(f"R({args}) = {polynomial_typst(self.objective.expr, self.objective.variables)}",
                       font_size=theme.label_size, theme=theme)
        source = FormulaSource(self.function, self.variables, illustrative=self.illustrative or None)
        if source.illustrative:  # made up where the lesson's formula was lost: say so, at the legend's end
            tag = illustrative_tag(formula, source, theme=theme)  # (the panel has no room left)
            legend = VGroup(legend, tag.next_to(legend, RIGHT, buff=0.35))
        else:
            declare(formula, Claim(source, "formula", source.text))
        # The gradient one partial derivative per line, as the lesson's Step 1 computes it.
        partials = [
            math(f"(partial R)/(partial {name}) = {polynomial_typst(g, self.objective.variables)}",
                 font_size=theme.label_size, theme=theme)
            for name, g in zip(names, self.objective.gradient_exprs)
        ]
        gradient = VGroup(*partials).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        start_args = ", ".join(number_typst(v) for v in self.start)
        at_start = math(f"nabla R({start_args}) = {decimals_typst(self.start_gradient)}",
                        font_size=theme.label_size, color=theme.gradient, theme=theme)
        rule = math("bold(x)_(k+1) = bold(x)_k + alpha nabla R(bold(x)_k)", font_size=theme.label_size, theme=theme)
        run.lr_readout.scale(theme.label_size / theme.body_size, about_edge=LEFT)
        lr_and_rule = VGroup(rule, run.lr_readout).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        if run.zigzags:  # the core says alpha overshoots: name the regime under it
            run.regime_label.scale(theme.small_size / theme.label_size)
            lr_and_rule.add(run.regime_label.next_to(run.lr_readout, DOWN, buff=0.12, aligned_edge=LEFT))
        self.arrange_panel(formula, gradient, at_start, lr_and_rule, run.readouts, buff=0.32)
        # After the climb the rule makes way: readouts and outcome move up, the optimum goes below.
        peak_panel = self.peak_panel(names)
        # (the gradient at the start and the rule make way too: the system repeats the partials)
        finale = VGroup(run.readouts.copy(), run.outcome_label.copy(), peak_panel)
        finale.arrange(DOWN, aligned_edge=LEFT, buff=0.25).move_to(gradient.get_corner(UL), aligned_edge=UL)

        start_dot = Dot(axes.c2p(*self.start), radius=0.07, color=theme.path)
        direction = self.start_gradient / np.linalg.norm(self.start_gradient)  # equal units: same in scene
        tail = axes.c2p(*self.start)
        arrow = Arrow(tail, tail + self.gradient_arrow_length * np.array([*direction, 0.0]), buff=0,
                      color=theme.gradient, stroke_width=theme.arrow_stroke * 1.3, max_tip_length_to_length_ratio=0.2)

        self.beat("landscape", f"The revenue R({', '.join(self.objective.names)}) = {plain_formula(self.objective)} "
                               "on a contour map: each line joins the budgets that earn the same revenue.")
        self.play(Write(title), Create(axes), FadeIn(legend), run_time=1.0)
        self.play(Create(contours, lag_ratio=0.15), run_time=1.6)
        self.play(FadeIn(formula, shift=0.15 * DOWN), run_time=0.7)
        self.beat("gradient", f"At the start {point(self.start)} the gradient is ∇R = {point(self.start_gradient, 2)}: "
                              "the direction in which revenue rises fastest.")
        self.play(FadeIn(gradient, shift=0.15 * DOWN), GrowFromCenter(start_dot), run_time=0.8)
        self.play(GrowArrow(arrow), FadeIn(at_start, shift=0.15 * DOWN), run_time=1.0)
        self.wait(1.0)
        t = self.trajectory
        self.beat("climb", f"Each step climbs along the gradient with α = {num(self.lr)}: "
                           f"R goes from {num(t.values[0], 2)} at the start to {num(t.final_value, 2)}.")
        self.play(FadeIn(lr_and_rule, shift=0.15 * DOWN), FadeIn(run.readouts), run_time=0.8)
        self.play(FadeOut(arrow), GrowFromCenter(run.marker), run_time=0.5)
        self.remove(start_dot)
        self.add(run)
        run.play_steps(self, arrow_steps=3)
        # The rule and the gradient's derivation make way for the outcome and the optimum.
        peak = ("" if self.peak is None else
                f" Setting ∇R = 0 gives the {self.peak.kind.value} {point(self.peak.point, 2)}, "
                f"where R = {num(self.peak.value, 2)}.")
        self.beat("peak", run_caption(t, "R") + peak)
        ending = run.reveal_outcome(shift=0.1 * UP)  # [] when the outcome showed as the run ended
        moves = [run.readouts.animate.move_to(finale[0].get_corner(UL), aligned_edge=UL)]
        if ending:
            run.outcome_label.move_to(finale[1].get_corner(UL), aligned_edge=UL)
        else:
            moves.append(run.outcome_label.animate.move_to(finale[1].get_corner(UL), aligned_edge=UL))
        self.play(FadeOut(lr_and_rule), FadeOut(gradient), FadeOut(at_start), *moves, run_time=0.7)
        if ending:
            self.play(*ending, run_time=0.6)
        self.wait(0.5)
        if self.peak is not None:
            star = Star(n=5, outer_radius=0.17, inner_radius=0.08, color=theme.maximum, fill_opacity=1)
            star.set_stroke(theme.background, width=2, background=True)
            star.move_to(axes.c2p(*self.peak.point[:2]))
            self.play(FadeIn(star, scale=0.4), FadeIn(peak_panel, shift=0.1 * UP), run_time=1.0)
        self.wait(2.0)

    def peak_panel(self, names) -> VGroup:
        """The optimum from the core: where grad R = 0 (the linear system) and R there."""
        theme = self.theme
        if self.peak is None:
            return VGroup()
        equations = [f"display({polynomial_typst(g, self.objective.variables)}) = 0" for g in self.objective.gradient_exprs]
        system = math(f"cases({', '.join(equations)})", font_size=theme.label_size, theme=theme)
        point = ", ".join(number_typst(v) for v in self.peak.point)
        where = math(f'arrow.double ({", ".join(names)}) = ({point})', font_size=theme.label_size,
                     color=theme.maximum, theme=theme)
        value = math(f'R = {number_typst(self.peak.value)} quad "({self.peak.kind.value})"',
                     font_size=theme.label_size, color=theme.maximum, theme=theme)
        group = VGroup(system, where, value).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        if group.width > self.panel_box.width:
            group.scale_to_fit_width(self.panel_box.width)
        return group
