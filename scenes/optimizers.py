"""Optimisers race down the Rosenbrock valley from one start, in lockstep.

    manim -ql scenes/optimizers.py OptimizersCompared

Every run is computed completely by the core before the first frame (``descend``), the
true minimum by ``critical_points``; the race replays them step for step. The settings make
the lesson's learning-rate trade-off visible: plain gradient descent with a small rate
crawls (its rate is below 1/L at the minimum: the valley floor is flat, not the step too large),
the same method with a rate a little too large blows up (named so: alpha > 2/L), momentum rolls along the
curved valley floor, and the adaptive methods (RMSprop, Adam) take steps of similar size
whatever the slope. To make a variant, subclass and override class attributes::

    class HimmelblauRace(OptimizersCompared):
        function = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
        domain = (-5.0, 5.0, -5.0, 5.0)
        start = (0.0, -4.0)
"""

from __future__ import annotations

from manim import DOWN, LEFT, Create, FadeIn, LaggedStart, Write
from manim.utils.rate_functions import ease_in_quad

from gradanim.components import captions as say
from gradanim.components.contour_map import ContourMap
from gradanim.components.formula_card import FormulaCard
from gradanim.scene_base import LessonScene
from gradanim.components.optimizer_race import OptimizerRace
from gradanim.components.typeset import math, step_counter
from gradanim.core.critical import Kind, critical_points
from gradanim.core.domain import Domain
from gradanim.core.objective import Objective
from gradanim.core.trajectory import descend
from gradanim.options import DOMAIN, FUNCTION, LEVELS, SPACING, START, STEPS, TOLERANCE, Option, seconds


class OptimizersCompared(LessonScene):
    """Four optimisers (five runs) race from one start; each ends with its steps and final value."""

    beat_names = ('landscape', 'race')

    function = FUNCTION.but("(1-x)^2 + 100(y-x^2)^2")
    domain = DOMAIN.but((-2.0, 2.0, -1.0, 3.0))
    start = START.but((-1.5, 2.0), doc="where every run starts [x, y] (inside the domain)")
    # (optimizer, hyper-parameters): one entry per run, in legend order.
    runs = Option((
        ("gd", {"lr": 0.0009}),  # below 1/L = 0.000998 at the minimum: it crawls along the flat floor
        ("gd", {"lr": 0.0025}),
        ("momentum", {"lr": 0.002, "momentum": 0.9}),
        ("rmsprop", {"lr": 0.01}),
        ("adam", {"lr": 0.1}),
    ), "the runs, in legend order: [[optimizer, { lr = ..., other settings }], ...]")
    steps = STEPS.but(500)
    tolerance = TOLERANCE.but(1e-2)
    levels = LEVELS.but(14)
    spacing = SPACING.but("log")
    race_time = seconds(12.0, "seconds of animation for the whole race")
    title = "Optimisers race down the Rosenbrock valley"
    plot_width = 0.47

    def compute(self):
        self.objective = Objective.from_text(self.function)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.trajectories = [
            descend(self.objective, self.start, name, steps=self.steps, tol=self.tolerance, **options)
            for name, options in self.runs
        ]
        self.minima = [c for c in critical_points(self.objective, self.plot_domain) if c.kind == Kind.MINIMUM]

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        axes = self.make_axes(self.plot_domain, self.objective.names)
        contours = ContourMap(self.objective, axes, levels=self.levels, spacing=self.spacing, opacity=0.7, theme=theme)
        race = OptimizerRace(self.trajectories, axes, targets=[c.point for c in self.minima], objective=self.objective,
                             theme=theme)
        card = FormulaCard(self.objective, parts=("function",), max_width=self.panel_box.width, theme=theme)
        minimum = math(
            '"true minimum" ' + self._minimum_typst(), font_size=theme.small_size, color=theme.minimum, theme=theme
        )
        counter = step_counter("k", 0, font_size=theme.label_size, theme=theme)
        legend = race.legend
        self.arrange_panel(card, legend, counter, buff=0.4)
        minimum.next_to(card, DOWN, buff=0.12, aligned_edge=LEFT)
        legend.shift(DOWN * (minimum.height + 0.12))
        counter.shift(DOWN * (minimum.height + 0.12))

        low = f" Its minimum is {say.point(self.minima[0].point)}." if self.minima else ""
        self.beat("landscape", f"f = {say.plain_formula(self.objective)}, the same start {say.point(self.start)} "
                               f"for {len(self.trajectories)} optimisers.{low}")
        self.play(Write(title), Create(axes), run_time=1.0)
        self.play(Create(contours, lag_ratio=0.1), FadeIn(card, shift=0.2 * DOWN), run_time=1.5)
        self.play(FadeIn(race.target_marks, scale=0.5), FadeIn(minimum), run_time=0.6)
        walkers = [w.marker for w in race.walkers]
        self.play(
            LaggedStart(*(FadeIn(entry, shift=0.15 * LEFT) for entry in legend.entries), lag_ratio=0.15),
            LaggedStart(*(FadeIn(m, scale=0.5) for m in walkers), lag_ratio=0.15),
            run_time=1.2,
        )
        self.beat("race", "; ".join(f"{t.optimizer} (lr {say.num(t.hyperparameters['lr'])}): {say.outcome_words(t)}" for t in self.trajectories) + ".")
        self.add(race, counter)
        self.play(race.run(counter=counter, run_time=self.race_time, rate_func=ease_in_quad))  # each outcome shows as its run ends
        self.wait(3.4)

    def _minimum_typst(self) -> str:
        points = ", ".join("(" + ", ".join(f"{v:g}" for v in c.point[:2]) + ")" for c in self.minima)
        return points
