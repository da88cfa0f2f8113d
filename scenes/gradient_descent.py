"""Gradient descent on a contour map: the default gradanim lesson.

    manim -ql scenes/gradient_descent.py GradientDescent

Every number on screen comes from gradanim.core: the trajectory is computed completely
before the first frame (``descend``), the minimum from ``critical_points``.
To make a variant, subclass and override class attributes::

    class SteepValley(GradientDescent):
        function = "x^2 + 10y^2"
        lr = 0.09
"""

from __future__ import annotations

from manim import DOWN, LEFT, UP, Create, Cross, FadeIn, GrowArrow, GrowFromCenter, LaggedStart, VGroup, Write

from gradanim.components.captions import num, plain_formula, point, run_caption
from gradanim.components.contour_map import ContourMap
from gradanim.components.descent_run import DescentRun
from gradanim.components.fade import FadeTo
from gradanim.components.formula_card import breaks_typst, function_typst, update_rule_typst
from gradanim.components.gradient_field import GradientField
from gradanim.components.idling import pulse
from gradanim.scene_base import LessonScene
from gradanim.components.typeset import math
from gradanim.core.critical import Kind, critical_points
from gradanim.core.domain import Domain
from gradanim.core.objective import Objective
from gradanim.core.trajectory import descend
from gradanim.options import (DOMAIN, FIELD_DENSITY, FUNCTION, HYPERPARAMETERS, LEVELS, LR, MAXIMIZE, OPTIMIZER, START,
                              STEPS, TOLERANCE, VARIABLES, Option)


class GradientDescent(LessonScene):
    """A marker walks downhill on the contour map of f, one gradient step at a time."""

    function = FUNCTION.but("x^2 + 3y^2")
    variables = VARIABLES.but()
    domain = DOMAIN.but((-3.0, 3.0, -2.0, 2.0))
    start = START.but((-2.5, 1.5))
    optimizer = OPTIMIZER.but("gd")
    lr = LR.but(0.15)  # below 1/L = 1/6 of x^2 + 3y^2: the walker heads straight in (0.25 would zig-zag)
    hyperparameters = HYPERPARAMETERS.but()
    steps = STEPS.but(40)
    tolerance = TOLERANCE.but(1e-4)
    maximize = MAXIMIZE.but()
    levels = LEVELS.but(12)
    show_field = Option(True, "draw the gradient field first (arrows of -grad f; +grad f when maximizing)")
    field_density = FIELD_DENSITY.but(15)
    arrow_steps = Option(6, "how many first steps show their update arrow (later ones just walk)", low=0, high=1000)
    title = "Gradient descent"
    beat_names = ("landscape", "rule", "walk", "outcome")

    # --- the mathematics, all from the core, before any frame --------------------------

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.trajectory = descend(
            self.objective,
            self.start,
            self.optimizer,
            lr=self.lr,
            steps=self.steps,
            tol=self.tolerance,
            maximize=self.maximize,
            **self.hyperparameters,
        )
        wanted = Kind.MAXIMUM if self.maximize else Kind.MINIMUM
        self.targets = [c for c in critical_points(self.objective, self.plot_domain) if c.kind == wanted]

    # --- the picture ---------------------------------------------------------------------

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        axes = self.make_axes(self.plot_domain, self.objective.names)
        contours = ContourMap(self.objective, axes, levels=self.levels, theme=theme)
        run = self.make_run(axes)
        panel = self.info_panel(run)

        self.beat("landscape", self.landscape_caption())
        self.play(Write(title), Create(axes), run_time=1.0)
        self.play(Create(contours, lag_ratio=0.15), run_time=1.6)
        if self.show_field:
            field = GradientField(
                self.objective, axes, negative=not self.maximize, density=self.field_density, theme=theme
            )
            self.play(LaggedStart(*(GrowArrow(a) for a in field), lag_ratio=0.004), run_time=1.4)
            self.play(FadeTo(field, 0.3), run_time=0.5)
        self.beat("rule", self.rule_caption())
        self.play(FadeIn(panel["formula"], shift=0.2 * DOWN), run_time=0.8)
        regime = [FadeIn(panel["regime"])] if "regime" in panel.parts else []
        self.play(FadeIn(panel["rule"], shift=0.2 * DOWN), FadeIn(panel["lr"]), *regime, run_time=0.8)
        self.play(GrowFromCenter(run.marker), FadeIn(panel["readouts"]), run_time=0.6)
        self.add(run)

        self.beat("walk", self.walk_caption())
        run.play_steps(self, arrow_steps=self.arrow_steps)

        self.beat("outcome", run_caption(self.trajectory))
        ending = [*run.reveal_outcome(shift=0.15 * UP), *self.target_markers(axes)]
        if ending:
            self.play(*ending, run_time=0.8)
        self.idle(pulse(run.marker), run_time=2.0)  # where the run ended pulses (a loop on a slide)

    # --- what each beat says, from the core's numbers -------------------------------------

    def landscape_caption(self) -> str:
        f = self.objective
        way = "uphill, along +∇f" if self.maximize else "downhill, along −∇f"
        field = f" The arrows point {way}." if self.show_field else ""
        lowest = "highest" if self.maximize else "lowest"
        target = (f" The {lowest} point is {point(self.targets[0].point)}, where f = {num(self.targets[0].value)}."
                  if self.targets else "")
        return f"The contour map of f({', '.join(f.names)}) = {plain_formula(f)}: each line joins points of equal height.{field}{target}"

    def rule_caption(self) -> str:
        sign = "+" if self.maximize else "−"
        return (f"Each step moves {'with' if self.maximize else 'against'} the gradient: "
                f"xₖ₊₁ = xₖ {sign} {num(self.lr)} ∇f(xₖ), starting from {point(self.trajectory.points[0])}.")

    def walk_caption(self) -> str:
        t = self.trajectory
        if len(t.points) < 2:
            return f"The run takes no step: at {point(t.points[0])} the gradient is already below the tolerance."
        return (f"Step 1 goes from {point(t.points[0])} to {point(t.points[1])}; "
                f"f changes from {num(t.values[0])} to {num(t.values[1])}.")

    def make_run(self, axes) -> DescentRun:
        """The run with its readouts: step k, point x_k and f(x_k), and the learning rate."""
        width = self.panel_box.width
        return DescentRun(self.trajectory, axes, lr=float(self.lr), show_point=True, readout_width=width,
                          objective=self.objective, theme=self.theme)

    def info_panel(self, run: DescentRun) -> VGroup:
        theme = self.theme
        formula = math(function_typst(self.objective), theme=theme)
        rule = math(update_rule_typst(self.optimizer, self.maximize), theme=theme)
        breaks = breaks_typst(self.objective)  # kinks and jumps: where there is no gradient
        if breaks:
            formula = VGroup(formula, math(breaks, font_size=theme.label_size, color=theme.muted_text, theme=theme))
            formula.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        # The regime the core classifies for plain gradient descent ("alpha > 1/L: oscillates").
        regime = {"regime": run.regime_label} if run.regime_label is not None else {}
        panel = self.arrange_panel(formula=formula, rule=rule, lr=run.lr_readout, **regime, readouts=run.readouts)
        if regime:  # the regime reads as a note on alpha: close under it
            run.regime_label.next_to(run.lr_readout, DOWN, buff=0.18, aligned_edge=LEFT)
        run.outcome_label.next_to(run.readouts, DOWN, buff=0.45, aligned_edge=LEFT)
        return panel

    def target_markers(self, axes) -> list:
        marks = []
        for c in self.targets:
            cross = Cross(scale_factor=0.12, stroke_color=self.theme.minimum, stroke_width=4)
            cross.move_to(axes.c2p(*c.point[:2]))
            marks.append(FadeIn(cross, scale=0.5))
        return marks
