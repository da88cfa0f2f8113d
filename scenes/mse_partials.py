"""The MSE gradient by hand: the two partials the regression demo uses, and its first step.

    manim -ql scenes/mse_partials.py MSEPartials

The cost of the first lesson's NumPy demo is J = (1/n) sum (y_i - beta_0 - beta_1 x_i)^2.
Holding the other coefficient constant (x_i, y_i and n are data), the sum rule, the chain
rule and the rest give, one rule per line,

    dJ/dbeta_0 = -(2/n) sum (y_i - yhat_i),      dJ/dbeta_1 = -(2/n) sum x_i (y_i - yhat_i),

the demo's ``db0 = -2 * np.mean(y - y_pred)`` and ``db1 = -2 * np.mean(x * (y - y_pred))``.
With its data (x = 1..4, y = 2x) at its start beta = (0, 0) they are -10 and -30, and with
lr = 0.01 the first step goes to (0.1, 0.3): the first step of ``LinearRegression``. Every
line and number is the core's (:mod:`gradanim.core.regression_derivation`, checked against
the MSE objective's gradient and the demo's own run).
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, FadeIn, FadeOut, Indicate, TransformFromCopy, VGroup, Write

from gradanim.components.captions import num, point
from gradanim.components.claims import AtPoint, Claim, declare
from gradanim.components.derivation import Block, DerivationView, derivation_block, held_names, point_typst, value_block
from gradanim.components.derivation import heading as derivation_heading
from gradanim.components.typeset import latex_to_typst, math, number_typst, text_typst
from gradanim.core.derivation import DerivationError, Rule
from gradanim.core.errors import OptionError
from gradanim.core.regression import LessonDemo, mse_objective
from gradanim.core.regression_derivation import BETA, first_step
from gradanim.options import LR, START, Option, seconds
from gradanim.scene_base import LessonScene, Panel

NAMES = {BETA[0]: r"\beta_{0}", BETA[1]: r"\beta_{1}"}
"""How the coefficients are written: beta_0, beta_1."""


class MSEPartials(LessonScene):
    """dJ/dbeta_0 and dJ/dbeta_1 of the MSE worked out, then the demo's first step in numbers."""

    lesson_type = "mse_partials"
    x = Option(LessonDemo.x, "the feature values (the lesson's x)")
    y = Option(LessonDemo.y, "the targets (the lesson's y)")
    start = START.but(LessonDemo.start, on=None, doc="where the run starts: [beta_0, beta_1]")
    lr = LR.but(LessonDemo.lr)
    line_time = seconds(1.2, "seconds to write each line of a derivation")
    title = "The MSE gradient by hand"
    beat_names = ("cost", "intercept", "slope", "step")

    # --- the mathematics, all from the core, before any frame --------------------------

    def compute(self):
        if len(self.x) != len(self.y) or len(self.x) < 2:
            raise OptionError(f"x and y need the same number of values, at least 2 (got {len(self.x)} and {len(self.y)})")
        self.demo = LessonDemo(x=tuple(self.x), y=tuple(self.y), start=tuple(self.start), lr=self.lr, steps=1)
        try:
            self.step = first_step(self.demo)
        except DerivationError as error:
            raise OptionError(f"the first step cannot be worked out by hand: {error}") from None
        objective = mse_objective(self.demo.data, names=tuple(b.name for b in BETA))
        self.subject = AtPoint(objective, self.demo.start, lr=self.lr, name="J at the start")

    # --- the picture ---------------------------------------------------------------------

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        data = self.data_line(title)
        strip = self.results_strip()

        # 1. The cost and the demo's data.
        self.beat("cost", self.caption("cost"))
        self.play(Write(title), run_time=1.0)
        self.play(FadeIn(data, shift=0.2 * DOWN), run_time=0.9)

        # 2. Each partial: the rules line by line, then the data put in.
        for k in range(2):
            top, view = self.derivation_view(k, below=data)
            self.beat(self.beat_names[1 + k], self.caption("partial", k))
            self.play(FadeIn(top, shift=0.2 * DOWN), run_time=0.8)
            for i in range(len(view.lines)):
                view.play_line(self, i, run_time=self.line_time)
            last = view.lines[-1]
            self.play(Indicate(last, color=theme.highlight, scale_factor=1.08), run_time=0.8)
            self.play(TransformFromCopy(last, strip["gradient"][k]), run_time=1.0)
            view.clear(self)
            self.play(FadeOut(top), run_time=0.4)

        # 3. One step of gradient descent with those numbers.
        top, view = self.update_view(below=data)
        self.beat("step", self.caption("step"))
        self.play(FadeIn(top, shift=0.2 * DOWN), run_time=0.8)
        for i in range(len(view.lines)):
            view.play_line(self, i, run_time=self.line_time)
        ends = VGroup(*(view.lines[j - 1] for j in (*view.block_starts[1:], len(view.lines))))
        self.play(Indicate(ends, color=theme.highlight, scale_factor=1.08), run_time=0.8)
        self.play(FadeIn(strip["step"], shift=0.2 * RIGHT), run_time=1.0)
        self.play(FadeIn(strip["note"]), run_time=0.8)
        self.wait(1.0)

    def caption(self, beat: str, k: int = 0) -> str:
        """What the beat says, from the core's derivation and first step."""
        start = point(self.demo.start)
        if beat == "cost":
            return (f"The cost J(β₀, β₁) is the mean of the squared errors (yᵢ − ŷᵢ)² over the {len(self.x)} "
                    f"data points, with ŷᵢ = β₀ + β₁xᵢ; the data are numbers, the coefficients vary.")
        if beat == "partial":
            forms = ("−(2/n) Σ (yᵢ − ŷᵢ)", "−(2/n) Σ xᵢ(yᵢ − ŷᵢ)")
            other = "β₁" if k == 0 else "β₀"
            return (f"Hold {other} constant and apply the sum and chain rules: ∂J/∂β{'₀₁'[k]} = {forms[k]}, "
                    f"which at the start {start} is {num(float(self.step.gradient[k]))}.")
        new = point(float(v) for v in self.step.updated)
        return (f"One step of gradient descent with α = {num(self.lr)}: β ← β − α∇J takes {start} to {new}, "
                "the regression demo's first step.")

    # --- parts ---------------------------------------------------------------------------

    def data_line(self, title):
        theme = self.theme
        xs = ", ".join(number_typst(v) for v in self.x)
        ys = ", ".join(number_typst(v) for v in self.y)
        line = math(f'"data:" x = ({xs}), quad y = ({ys}) ";" quad hat(y)_i = beta_0 + beta_1 x_i',
                    font_size=theme.label_size, color=theme.muted_text, theme=theme)
        box = self.frame_box
        if line.width > box.width:
            line.scale_to_fit_width(box.width)
        return line.next_to(title, DOWN, buff=0.3).align_to(title, LEFT)

    def results_strip(self):
        """Along the bottom: the partials at the start, then the step they give."""
        theme = self.theme
        size = theme.label_size
        start = point_typst(self.demo.start)
        gradient = VGroup()
        for k, d in enumerate(self.step.derivations):
            value = float(self.step.gradient[k])
            line = math(f"{latex_to_typst(d.lhs_latex(NAMES))} {start} = {number_typst(value)}", font_size=size,
                        theme=theme)
            gradient.add(declare(line, Claim(self.subject, f"gradient.{k}", value)))
        gradient.arrange(RIGHT, buff=0.6)
        new = tuple(float(v) for v in self.step.updated)
        step = math(f"arrow.r quad (beta_0, beta_1) = {point_typst(new)}", font_size=size, color=theme.highlight,
                    theme=theme)
        declare(step, Claim(self.subject, "step", new))
        note = math(text_typst("the first step of the regression demo"), font_size=theme.small_size,
                    color=theme.muted_text, theme=theme)
        row = VGroup(gradient, step).arrange(RIGHT, buff=0.6)
        strip = VGroup(row, note).arrange(DOWN, aligned_edge=RIGHT, buff=0.2)
        box = self.frame_box
        if strip.width > box.width:
            strip.scale_to_fit_width(box.width)
        strip.move_to([box.left, box.bottom, 0], aligned_edge=[-1, -1, 0])
        panel = Panel(*strip.submobjects)
        panel.parts.update(gradient=gradient, step=step, note=note)
        return panel

    def _room(self, heading, below):
        """Where a derivation goes: under ``heading`` (placed under ``below``), above the strip."""
        box = self.frame_box
        heading.next_to(below, DOWN, buff=0.35).align_to(below, LEFT)
        height = heading.get_bottom()[1] - 0.35 - (box.bottom + self.strip_height)
        return box.width, height

    @property
    def strip_height(self) -> float:
        return 1.25

    def derivation_view(self, k: int, below):
        theme = self.theme
        step = self.step
        d = step.derivations[k]
        names = held_names(d, NAMES)
        top = derivation_heading(d, NAMES, 'x_i, y_i, n "are data"', theme=theme)
        width, height = self._room(top, below)
        same = len(set(step.predictions.tolist())) == 1
        predictions = f"hat(y)_i = {number_typst(step.predictions[0])}" if same else 'hat(y)_i = beta_0 + beta_1 x_i'
        blocks = [
            derivation_block(d, names=names, labels={Rule.REWRITE: '"write" hat(y)_i = beta_0 + beta_1 x_i'}),
            value_block(d, self.demo.start, names=names, steps=step.gradient_steps[k], labels={
                Rule.SUBSTITUTE: f'"put in the data," quad {predictions}',
            }),  # the arithmetic lines keep the core's own notes: "add up the sum", then "multiply"
        ]
        view = DerivationView(blocks, names=names, height=height, max_width=width, theme=theme)
        view.next_to(top, DOWN, buff=0.35).align_to(top, LEFT)
        value = float(step.gradient[k])
        declare(view.lines[-1], Claim(self.subject, f"gradient.{k}", value))
        return top, view

    def update_view(self, below):
        theme = self.theme
        step = self.step
        top = math(f'"One step:" quad beta^"new" = beta - alpha (partial J)/(partial beta), quad alpha = '
                   f"{number_typst(self.lr, 4)}", font_size=theme.label_size, theme=theme)
        width, height = self._room(top, below)
        blocks = []
        for k in range(2):
            label = f"beta_{k} - alpha (partial J)/(partial beta_{k})"
            blocks.append(Block(f'beta_{k}^"new"', step.update_steps[k],
                                (label, text_typst("work out the numbers"))))
        view = DerivationView(blocks, names=NAMES, height=height, max_width=width, theme=theme)
        view.next_to(top, DOWN, buff=0.35).align_to(top, LEFT)
        for k, j in enumerate((*view.block_starts[1:], len(view.lines))):
            declare(view.lines[j - 1], Claim(self.subject, f"step.{k}", float(step.updated[k])))
        return top, view
