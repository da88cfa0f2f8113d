"""The learning-rate trade-off: one bowl, one start, four learning rates, stepped together.

    manim -ql scenes/learning_rate.py LearningRateTradeoff

From the lesson "Gradients & Partial Derivatives": the intern carrying coffee down a slope --
too low a learning rate and they never reach the cafe, too high and they fall into a ravine --
and the lesson's Common Mistakes table. The core decides everything shown: the largest
curvature L of the bowl and its bound 2/L (``stability_bound``), the four learning rates and
their regimes (``comparison_lrs``), each run (``descend``) and how it ended.
"""

from __future__ import annotations

from manim import DOWN, UP, Create, FadeIn, GrowFromCenter, LaggedStart, VGroup, Write

from gradanim.components import captions as say
from gradanim.components.learning_rate_panels import LearningRatePanels, regime_color
from gradanim.scene_base import Box, LessonScene
from gradanim.components.formula_card import function_typst
from gradanim.components.typeset import math, text_typst
from gradanim.components.typst_import import TypstMarkup
from gradanim.core.domain import Domain
from gradanim.core.learning_rate import COMPARISON_FACTORS, Regime, comparison_lrs, stability_bound
from gradanim.core.objective import Objective
from gradanim.core.trajectory import descend
from gradanim.options import DOMAIN, FUNCTION, LEVELS, START, STEPS, TOLERANCE, VARIABLES, Option, seconds


class LearningRateTradeoff(LessonScene):
    """Too small crawls, good converges, too large oscillates, larger still diverges."""

    beat_names = ('rates', 'runs', 'mistakes')

    function = FUNCTION.but("x^2 + 3y^2")
    variables = VARIABLES.but()
    domain = DOMAIN.but((-3.0, 3.0, -2.0, 2.0))
    start = START.but((-2.5, 0.8))
    factors = Option(COMPARISON_FACTORS, "the learning rates compared, in units of 1/L (L = largest curvature at "
                                         "the minimum)", entries=(0.0, 100.0))
    steps = STEPS.but(80)
    tolerance = TOLERANCE.but(1e-3)
    divergence_bound = Option(100.0, "a run counts as diverged once a coordinate exceeds this",
                              low=0.0, low_open=True, high=1e6)
    levels = LEVELS.but(9, doc="contour levels of each map")
    title = "The learning-rate trade-off"
    # The lesson's intern carrying coffee, one line per regime (crawls, good, oscillates, diverges).
    analogies = Option({
        "crawls": '"never reaches the café"',
        "good": '"walks down to the café"',
        "oscillates": '"overshoots: chaotic dancing"',
        "diverges": '"falls into a ravine"',
    }, "one caption per regime: crawls, good, oscillates, diverges (strings in quotes)", typst_math=True)
    # The lesson's Common Mistakes table (Mistake, Description, Result), verbatim.
    mistakes = Option((
        ("Learning rate too high", "Overshoots minimum", "Chaotic dancing"),
        ("Learning rate too low", "Slow learning", "Eternal training loops"),
        ("Forgetting to normalize data", "Gradients explode", "RIP model"),
        ("Ignoring convergence", "Stops too soon", 'Model "gives up" too early'),
    ), "rows of the closing table: [mistake, description, result], shown as written")
    runs_time = seconds(9.0, "seconds for the runs, all stepped together")
    about_divergence = True  # one run diverges on purpose: no lesson-file warning

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.bound = stability_bound(self.objective, domain=self.plot_domain)
        self.choices = comparison_lrs(self.bound, self.factors)
        self.trajectories = [
            descend(self.objective, self.start, "gd", lr=c.lr, steps=self.steps, tol=self.tolerance,
                    bound=self.divergence_bound)
            for c in self.choices
        ]

    @property
    def content_box(self) -> Box:
        f = self.frame_box
        return Box(f.left, f.right, f.bottom + 0.55, f.top - self.title_height - 0.55)

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        formula = math(f"{function_typst(self.objective)}, quad "
                       f"bold(x)_(k+1) = bold(x)_k - alpha nabla f(bold(x)_k)",
                       font_size=theme.body_size * 0.9, theme=theme)
        formula.next_to(title, DOWN, buff=0.3).align_to(title, direction=[-1, 0, 0])
        box = self.content_box
        panels = LearningRatePanels(
            self.objective, self.plot_domain, self.trajectories, self.choices, self.bound, box=box,
            levels=self.levels, theme=theme,
        )
        analogies = VGroup()
        for panel in panels.panels:
            line = math(self.analogies.get(panel.choice.regime.value, '""'), font_size=theme.label_size,
                        color=regime_color(panel.choice.regime, theme), theme=theme)
            line.next_to(panel.run.outcome_label, DOWN, buff=0.2)
            if line.width > panels.text_width:
                line.scale_to_fit_width(panels.text_width)
            analogies.add(line)

        self.beat("rates", f"The same gradient descent on f = {say.plain_formula(self.objective)} with "
                           f"{len(self.choices)} learning rates; the curvature L = {say.num(self.bound.L)} "
                           f"makes 2/L = {say.num(2 / self.bound.L)} the largest stable step.")
        self.play(Write(title), FadeIn(formula, shift=0.15 * DOWN), run_time=1.0)
        self.play(LaggedStart(*(Create(m) for m in panels.maps), lag_ratio=0.15), run_time=1.6)
        self.play(FadeIn(panels.bound_line), FadeIn(panels.headers, lag_ratio=0.1), run_time=0.9)
        self.play(*(GrowFromCenter(m) for m in panels.markers), FadeIn(panels.readouts), FadeIn(panels.counter),
                  run_time=0.6)
        self.beat("runs", "; ".join(f"α = {say.num(c.lr)} ({c.label}): {say.outcome_words(t)}"
                                    for c, t in zip(self.choices, self.trajectories)) + ".")
        panels.play_runs(self, max_total_time=self.runs_time, arrow_steps=3)
        self.play(panels.reveal_badges(), run_time=1.0)
        self.play(panels.reveal_outcomes(), LaggedStart(*(FadeIn(a, shift=0.1 * UP) for a in analogies),
                                                        lag_ratio=0.15), run_time=1.0)
        self.wait(1.5)

        table = self.mistakes_table()
        self.beat("mistakes", "The common mistakes with the learning rate, and what each looks like.")
        self.fade_out_under_curtain(panels, analogies, formula, run_time=0.7)
        self.play(FadeIn(table["header"], shift=0.1 * DOWN), run_time=0.5)
        self.play(LaggedStart(*(FadeIn(r, shift=0.1 * UP) for r in table["rows"]), lag_ratio=0.35), run_time=1.8)
        self.wait(2.0)

    def mistakes_table(self) -> dict:
        """The lesson's Common Mistakes table, the learning-rate rows in their regimes' colours."""
        theme = self.theme
        colors = {0: regime_color(Regime.DIVERGES, theme), 1: regime_color(Regime.CRAWLS, theme)}
        header = ("Mistake", "Description", "Result")

        def cell(text: str, label: str, color: str | None, bold: bool = False) -> str:
            # A string literal, never markup: a lesson's "*" or "$" is shown as written.
            body = f"strong({text_typst(text)})" if bold else text_typst(text)
            fill = f'text(fill: rgb("{color}"), {body})' if color else body
            return f"[#box[#{fill}] <{label}>]"

        cells = [cell(h, "header", theme.text, bold=True) for h in header]
        for i, row in enumerate(self.mistakes):
            color = colors.get(i)
            cells += [cell(text, f"row{i}", str(color) if color else None) for text in row]
        source = (
            f'#set text(font: "New Computer Modern", fill: rgb("{theme.text}"))\n'
            f"#table(columns: 3, stroke: none, inset: (x: 10pt, y: 7pt), align: left,\n"
            + ",\n".join(cells[:3]) + ",\n"
            f'table.hline(stroke: rgb("{theme.axis}")),\n'
            + ",\n".join(cells[3:]) + ")"
        )
        table = TypstMarkup(source, font_size=theme.body_size)
        box = self.frame_box
        width = box.width * 0.92
        if table.width > width:
            table.scale_to_fit_width(width)
        caption = math('"Common mistakes"', font_size=theme.body_size, color=theme.highlight, theme=theme)
        group = VGroup(caption, table).arrange(DOWN, buff=0.4)
        group.move_to(box.center + DOWN * self.title_height / 2)
        rule = table.submobjects  # everything drawn; the labelled cells below are what we animate
        rows = [table.select(f"row{i}") for i in range(len(self.mistakes))]
        header_group = VGroup(caption, table.select("header"))
        drawn = set(header_group.get_family())
        for r in rows:
            drawn |= set(r.get_family())
        lines = VGroup(*(m for m in rule if m not in drawn))  # the rule under the header
        header_group.add(lines)
        return {"header": header_group, "rows": rows, "table": table}
