"""Linear regression learned by gradient descent: the first lesson's "Mini Python Demo".

    manim -ql scenes/linear_regression.py LinearRegression

Data x = 1..4, y = 2x; the cost J(b0, b1) = mean((y - (b0 + b1 x))^2); gradient descent
with learning rate 0.01 for 100 steps from (0, 0). Left: the data and the line
y = b0 + b1 x; right: the contours of J over (b0, b1) and the path. Both move together
from one trajectory computed by the core (``LESSON_DEMO.run()``); the end shows the lesson's
printed result "b0=0.45, b1=1.85" and the exact least-squares answer (0, 2), which 100
steps have not reached yet. A variant overrides class attributes::

    class NoisyData(LinearRegression):
        x = (1, 2, 3, 4, 5)
        y = (3, 5, 7.5, 8.5, 11)
        steps = 300
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    AnimationGroup,
    Create,
    FadeIn,
    GrowFromCenter,
    Indicate,
    SurroundingRectangle,
    UpdateFromAlphaFunc,
    VGroup,
    Write,
)
from manim.utils.rate_functions import ease_in_out_sine, linear

from gradanim.components import captions as say
from gradanim.components.regression_panel import RegressionPanel
from gradanim.scene_base import LessonScene
from gradanim.components.typeset import Readout, math, step_counter, text_typst
from gradanim.components.typst_import import TypstMarkup
from gradanim.core.domain import Domain
from gradanim.core.regression import LessonDemo, mse_objective
from gradanim.options import DOMAIN, LEVELS, LR, SLOW_STEPS, SPACING, START, STEPS, Option, seconds


class LinearRegression(LessonScene):
    """The fitted line and the descent path over (b0, b1), moved by one gradient-descent run."""

    beat_names = ('data', 'start', 'descent', 'result')

    x = Option(LessonDemo.x, "the feature values (the lesson's x)")
    y = Option(LessonDemo.y, "the targets (the lesson's y)")
    start = START.but(LessonDemo.start, on=None, doc="where the run starts: [b0, b1]")
    lr = LR.but(LessonDemo.lr)
    steps = STEPS.but(LessonDemo.steps)
    data_domain = DOMAIN.but((0.0, 5.0, 0.0, 10.0), equal_units=False,
                             doc="the data plot's box: [xmin, xmax, ymin, ymax]")
    parameter_domain = DOMAIN.but((-0.5, 1.5, -0.5, 2.5), doc="the cost map's box: [b0min, b0max, b1min, b1max]")
    levels = LEVELS.but(12, doc="contour levels of the cost J")
    spacing = SPACING.but("log")
    slow_steps = SLOW_STEPS.but(3, doc="the first steps, one at a time (the rest in one sweep)")
    slow_step_time = seconds(1.1, "seconds for each of the first steps")
    sweep_time = seconds(6.0, "seconds for the sweep through the remaining steps")
    title = "Linear regression by gradient descent"
    plot_width = 0.68

    def compute(self):
        self.demo = LessonDemo(x=tuple(self.x), y=tuple(self.y), start=tuple(self.start), lr=self.lr, steps=self.steps)
        self.data = self.demo.data
        self.objective = mse_objective(self.data)
        self.trajectory = self.demo.run()
        self.printed = self.demo.printed(self.trajectory)  # "Learned parameters: b0=0.45, b1=1.85"
        self.least_squares = self.data.least_squares()

    def construct(self):
        self.compute()
        theme = self.theme
        box = self.plot_box
        title = self.make_title()
        formulas = self.gradient_formulas()
        plots_height = box.height - formulas.height - 0.9
        panel = RegressionPanel(
            self.data,
            self.trajectory,
            objective=self.objective,
            data_domain=_domain(self.data_domain),
            parameter_domain=_domain(self.parameter_domain),
            data_size=(box.width * 0.44, plots_height),
            parameter_size=(box.width * 0.36, plots_height),
            buff=0.8,
            levels=self.levels,
            spacing=self.spacing,
            theme=theme,
        )
        panel.move_to(box.top_left + np.array([0.45, -0.05, 0]), aligned_edge=UL)
        formulas.next_to(panel, DOWN, buff=0.5).align_to(panel, LEFT)
        readouts = self.readouts()
        for readout, quantity in zip(readouts, ("step", "point.0", "point.1", "value")):
            readout.about(panel.walker.subject, quantity)
        rule = math('"step:" bold(b) <- bold(b) - alpha nabla J', font_size=theme.label_size, theme=theme)
        rate = math(f"alpha = {self.lr:g}", font_size=theme.label_size, color=theme.highlight, theme=theme)
        side = self.arrange_panel(rule, rate, readouts, buff=0.35)

        # 1. The data and the cost landscape.
        self.beat("data", f"{len(self.data.x)} data points, and the mean squared error of the line "
                          "ŷ = b0 + b1·x as a landscape over (b0, b1).")
        self.play(Write(title), Create(panel.data_axes), Create(panel.parameter_axes), run_time=1.2)
        self.play(FadeIn(panel.data_dots, lag_ratio=0.2), Create(panel.contours, lag_ratio=0.1), run_time=1.4)
        self.play(FadeIn(formulas, shift=0.2 * UP), run_time=1.0)
        # 2. The starting line (b0, b1) = (0, 0) and its residuals.
        t = self.trajectory
        self.beat("start", f"The line starts at (b0, b1) = {say.point(t.points[0])}, with MSE {say.num(t.values[0])}; "
                           "the residuals are its misses.")
        self.play(
            GrowFromCenter(panel.walker.marker), Create(panel.line), Create(panel.residuals),
            FadeIn(side), run_time=1.0,
        )
        self.add(panel.walker)
        # 3. Descent: a few single steps, then the rest in one sweep.
        self.beat("descent", f"Gradient descent with α = {say.num(self.lr)} for {t.n_steps} steps: "
                             f"the MSE falls from {say.num(t.values[0])} to {say.num(t.final_value)}.")
        for k in range(min(self.slow_steps, self.trajectory.n_steps)):
            self.play(self.advance(panel, readouts, k + 1, self.slow_step_time, ease_in_out_sine))
        self.play(self.advance(panel, readouts, self.trajectory.n_steps, self.sweep_time, linear))
        # 4. The lesson's printed result and the exact answer not reached yet.
        self.beat("result", f"{self.printed}. The exact least-squares line is (b0, b1) = "
                            f"{say.point(self.least_squares, 2)}: more steps would get there.")
        # The printed line as NumPy prints it, in lines that fit the panel (Typst sets raw
        # text at 0.8 of the size: 1/0.8 brings it to the panel's label size).
        size = theme.label_size / 0.8
        lines = [self.printed]
        if TypstMarkup(f"#raw({text_typst(self.printed)})", font_size=size).width > self.panel_box.width:
            head, _, tail = self.printed.partition(": ")
            lines = [head + ":", tail] if tail else lines
        joined = ' + "\\n" + '.join(text_typst(line) for line in lines)
        printed = TypstMarkup(f"#raw({joined}, block: true)", font_size=size, color=theme.text)
        exact = VGroup(
            math('"least squares:"', font_size=theme.label_size, color=theme.minimum, theme=theme),
            math(f"(b_0, b_1) = ({_short(self.least_squares[0])}, {_short(self.least_squares[1])})",
                 font_size=theme.label_size, color=theme.minimum, theme=theme),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        note = math(f'"not reached after" {self.trajectory.n_steps} "steps"', font_size=theme.small_size, color=theme.muted_text, theme=theme)
        ending = VGroup(printed, exact, note).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        if ending.width > self.panel_box.width:
            ending.scale_to_fit_width(self.panel_box.width)
        ending.next_to(side, DOWN, buff=0.45).align_to(side, LEFT)
        frame = SurroundingRectangle(VGroup(readouts[1], readouts[2]), color=theme.highlight, buff=0.1, corner_radius=0.08)
        self.play(Create(frame), FadeIn(printed, shift=0.1 * UP), run_time=1.0)
        self.play(GrowFromCenter(panel.target), FadeIn(exact, shift=0.1 * UP), run_time=0.9)
        self.play(FadeIn(note), Indicate(panel.target, color=theme.minimum), run_time=1.0)
        self.wait(1.5)

    # --- parts -----------------------------------------------------------------------------

    def gradient_formulas(self) -> VGroup:
        theme = self.theme
        size = theme.label_size
        cost = math(
            'J(b_0, b_1) = "mean"(y - hat(y))^2, quad hat(y) = b_0 + b_1 x', font_size=size, theme=theme
        )
        d0 = math('(partial J)/(partial b_0) = -2 "mean"(y - hat(y))', font_size=size, theme=theme)
        d1 = math('(partial J)/(partial b_1) = -2 "mean"(x (y - hat(y)))', font_size=size, theme=theme)
        row = VGroup(d0, d1).arrange(RIGHT, buff=0.6)
        group = VGroup(cost, row).arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        width = self.plot_box.width - 0.45
        if group.width > width:
            group.scale_to_fit_width(width)
        return group

    def readouts(self) -> VGroup:
        theme = self.theme
        size = theme.label_size
        k = step_counter("k", 0, font_size=size, theme=theme)
        b0 = Readout("b_0", self.trajectory.points[0][0], digits=2, fixed=True, font_size=size, color=theme.path, theme=theme)
        b1 = Readout("b_1", self.trajectory.points[0][1], digits=2, fixed=True, font_size=size, color=theme.path, theme=theme)
        loss = Readout("J", self.trajectory.values[0], digits=3, fixed=True, font_size=size, theme=theme)
        return VGroup(k, b0, b1, loss).arrange(DOWN, aligned_edge=LEFT, buff=0.25)

    def advance(self, panel: RegressionPanel, readouts: VGroup, to_step: float, run_time: float, rate_func):
        """Panel and readouts together from the panel's current step to ``to_step``: the line and
        the marker glide, the numbers are those of the step the marker has landed on (between
        two steps the line is not a step of the run, and no number says it is)."""
        k, b0, b1, loss = readouts
        points, values = self.trajectory.points, self.trajectory.values

        def update(group, alpha):
            landed = panel.walker.current_step  # the panel has moved this frame (it comes first)
            k.set_value(int(landed))
            b0.set_value(float(points[landed][0]))
            b1.set_value(float(points[landed][1]))
            loss.set_value(float(values[landed]))

        return AnimationGroup(
            panel.run(to_step=to_step, run_time=run_time, rate_func=rate_func),
            UpdateFromAlphaFunc(readouts, update, run_time=run_time, rate_func=linear),
        )


def _domain(bounds) -> Domain:
    return Domain(tuple(zip(bounds[0::2], bounds[1::2])))


def _short(value: float) -> str:
    """A coordinate for display: 1.1e-15 from the normal equations reads 0."""
    rounded = round(float(value), 6) + 0.0
    return f"{rounded:g}"
