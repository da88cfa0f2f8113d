"""Optimisers race down the Rosenbrock valley from one start, in lockstep, each on a map of
its own.

    manim -ql scenes/optimizers.py OptimizersCompared

Every run is computed completely by the core before the first frame (``descend``), the
true minimum by ``critical_points``; the race replays them step for step. Each run has its
own small contour map, so no path hides another at the end. A run whose settings give no
``lr`` gets one by the core's rule (:func:`gradanim.core.race.best_learning_rate`): of the
grid ``lr_grid``, the rate whose run ends lowest after ``steps`` steps without diverging or
leaving the map; the scene says so. A run that gives its ``lr`` keeps it (the scene says
which were set by hand). With the tuned rates the lesson's story shows: plain gradient
descent crawls along the curved valley floor (a larger rate would blow up on the steep
walls), momentum and Nesterov roll along it, and the adaptive methods (RMSprop, Adam) take
steps of similar size whatever the slope. To make a variant, subclass and override class
attributes::

    class HimmelblauRace(OptimizersCompared):
        function = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"
        domain = (-5.0, 5.0, -5.0, 5.0)
        start = (0.0, -4.0)
"""

from __future__ import annotations

import math as pymath

from manim import DOWN, LEFT, RIGHT, UP, Create, FadeIn, LaggedStart, VGroup, Write
from manim.utils.rate_functions import ease_in_quad

from gradanim.components import captions as say
from gradanim.components.axes import PlotAxes
from gradanim.components.bounds import Box
from gradanim.components.contour_map import ContourMap
from gradanim.components.formula_card import function_typst
from gradanim.components.optimizer_race import OptimizerRace
from gradanim.components.typeset import math, name_typst, step_counter, text_typst
from gradanim.core.critical import Kind, critical_points
from gradanim.core.domain import Domain
from gradanim.core.objective import Objective
from gradanim.core.race import LR_GRID, best_learning_rate
from gradanim.core.trajectory import descend
from gradanim.options import DOMAIN, FUNCTION, LEVELS, SPACING, START, STEPS, TOLERANCE, Option, seconds
from gradanim.scene_base import LessonScene


class OptimizersCompared(LessonScene):
    """Five optimisers race from one start, each on its own map; each ends with its steps and
    final value."""

    beat_names = ('landscape', 'race')

    function = FUNCTION.but("(1-x)^2 + 100(y-x^2)^2")
    domain = DOMAIN.but((-2.0, 2.0, -1.0, 3.0))
    start = START.but((-1.5, 2.0), doc="where every run starts [x, y] (inside the domain)")
    # (optimizer, settings): one entry per run, in order; without "lr" the core chooses it.
    runs = Option((
        ("gd", {}),
        ("momentum", {"momentum": 0.9}),
        ("nesterov", {"momentum": 0.9}),
        ("rmsprop", {}),
        ("adam", {}),
    ), "the runs: [[optimizer, { lr = ..., other settings }], ...]; no lr: the best of lr_grid")
    lr_grid = Option(LR_GRID, "the learning rates tried for a run without lr (the best one is used)",
                     entries=(1e-8, 1e3))
    steps = STEPS.but(500)
    tolerance = TOLERANCE.but(1e-2)
    levels = LEVELS.but(10)
    spacing = SPACING.but("log")
    race_time = seconds(12.0, "seconds of animation for the whole race")
    title = "Optimisers race down the Rosenbrock valley"

    def compute(self):
        self.objective = Objective.from_text(self.function)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.tuned = []  # per run: the core's TunedRate, or None when the lesson set the rate
        self.trajectories = []
        for name, options in self.runs:
            options = dict(options)
            tuned = None
            if "lr" not in options:
                tuned = best_learning_rate(self.objective, self.start, name, grid=self.lr_grid, steps=self.steps,
                                           tol=self.tolerance, domain=self.plot_domain, **options)
                options["lr"] = tuned.lr
            self.tuned.append(tuned)
            self.trajectories.append(descend(self.objective, self.start, name, steps=self.steps, tol=self.tolerance,
                                             **options))
        self.minima = [c for c in critical_points(self.objective, self.plot_domain) if c.kind == Kind.MINIMUM]

    # --- layout: one cell per run and one for the notes ------------------------------------

    def cells(self, count: int) -> list[Box]:
        """``count`` equal cells filling the frame below the title, row by row."""
        columns = 3 if count > 4 else 2
        rows = pymath.ceil(count / columns)
        f = self.frame_box
        top = f.top - self.title_height
        width, height = f.width / columns, (top - f.bottom) / rows
        return [Box(f.left + c * width, f.left + (c + 1) * width, top - (r + 1) * height, top - r * height)
                for r in range(rows) for c in range(columns)][:count]

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        n = len(self.trajectories)
        cells = self.cells(n + 1)
        # Room over each map for its legend and under it for its outcome, enough that a map's
        # outcome and the legend of the map below stay apart (about 15 px at 480p).
        label_room, outcome_room = 0.5, 0.5
        maps = [Box(c.left + 0.15, c.right - 0.15, c.bottom + outcome_room, c.top - label_room) for c in cells[:n]]
        all_axes = [self.small_map(b) for b in maps]
        contours = VGroup(*(ContourMap(self.objective, a, levels=self.levels, spacing=self.spacing, opacity=0.7,
                                       theme=theme) for a in all_axes))
        race = OptimizerRace(self.trajectories, all_axes, targets=[c.point for c in self.minima],
                             objective=self.objective, legend_font_size=theme.small_size, regimes_in_legend=False,
                             theme=theme)
        for entry, outcome, axes, cell in zip(race.legend.entries, race.legend.outcomes, all_axes, cells):
            if entry.width > cell.width - 0.1:
                entry.scale_to_fit_width(cell.width - 0.1)
            entry.next_to(axes, UP, buff=0.12)
            outcome.next_to(axes, DOWN, buff=0.1)
        # A run the core says oscillates is named so in the notes, behind its colour.
        tags = VGroup(*(VGroup(race.legend.entries[i][0].copy(), tag).arrange(RIGHT, buff=0.15, aligned_edge=UP)
                        for i, tag in race.regime_tag_of.items()))
        notes = self.notes(cells[n], tags)

        low = f" Its minimum is {say.point(self.minima[0].point)}." if self.minima else ""
        self.beat("landscape", f"f = {say.plain_formula(self.objective)}, the same start {say.point(self.start)} "
                               f"for {len(self.trajectories)} optimisers, each on its own map.{low} "
                               f"{self.rate_sentence()}")
        self.play(Write(title), LaggedStart(*(Create(a) for a in all_axes), lag_ratio=0.1), run_time=1.0)
        self.play(Create(contours, lag_ratio=0.05), FadeIn(notes["formula"], shift=0.2 * DOWN), run_time=1.5)
        self.play(FadeIn(race.target_marks, scale=0.5), FadeIn(notes["minimum"]), run_time=0.6)
        self.play(FadeIn(notes["rates"], shift=0.1 * DOWN), run_time=0.8)
        walkers = [w.marker for w in race.walkers]
        self.play(
            LaggedStart(*(FadeIn(entry, shift=0.15 * LEFT) for entry in race.legend.entries), lag_ratio=0.15),
            FadeIn(notes["regimes"]),
            LaggedStart(*(FadeIn(m, scale=0.5) for m in walkers), lag_ratio=0.15),
            FadeIn(notes["counter"]),
            run_time=1.2,
        )
        # the race binds the shared clock to its runs (so the counter is true from its first frame)
        running = race.run(counter=notes["counter"], run_time=self.race_time, rate_func=ease_in_quad)
        self.beat("race", "; ".join(f"{t.optimizer} (lr {say.num(t.hyperparameters['lr'])}): {say.outcome_words(t)}"
                                    for t in self.trajectories) + ".")
        self.add(race)
        self.play(running)  # outcomes as runs end
        self.wait(3.4)

    def small_map(self, box: Box) -> PlotAxes:
        """Axes filling ``box``, without numbers or names (the notes give f(x, y) and its box)."""
        axes = PlotAxes(self.plot_domain, max_width=box.width, max_height=box.height, show_numbers=False,
                        variable_names=self.objective.names, theme=self.theme)
        axes.remove(axes.axis_labels)
        return axes.move_to(box.center)

    def notes(self, cell: Box, regimes: VGroup) -> dict:
        """The last cell: the function, its minimum, how the rates were chosen, the regimes the
        core names (``regimes``, placed here), the step count."""
        theme = self.theme
        formula = math(function_typst(self.objective), font_size=theme.label_size, theme=theme)
        points = ", ".join("(" + ", ".join(f"{v:g}" for v in c.point[:2]) + ")" for c in self.minima)
        minimum = math('"true minimum" ' + points, font_size=theme.small_size, color=theme.minimum, theme=theme)
        (x0, x1), (y0, y1) = self.plot_domain.bounds
        x, y = (name_typst(v) for v in self.objective.names)
        box = math(f'"each map:" {x0:g} <= {x} <= {x1:g}, med {y0:g} <= {y} <= {y1:g}', font_size=theme.small_size,
                   color=theme.muted_text, theme=theme)
        formula = VGroup(formula, box).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        rates = VGroup(*(math(text_typst(line), font_size=theme.small_size, color=theme.muted_text, theme=theme)
                         for line in self.rate_note()))
        rates.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        counter = step_counter("k", 0, font_size=theme.label_size, theme=theme)
        regimes.arrange(DOWN, aligned_edge=LEFT, buff=0.1)
        column = VGroup(formula, minimum, rates, *([regimes] if len(regimes) else []))
        for part in column:
            if part.width > cell.width - 0.3:
                part.scale_to_fit_width(cell.width - 0.3)
        column.arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        column.move_to([cell.left + 0.3, cell.top - 0.1, 0], aligned_edge=LEFT + UP)
        # the race's clock: top right, level with the title
        counter.set_value(max(t.n_steps for t in self.trajectories))  # its widest, to place it
        counter.move_to([self.frame_box.right, self.frame_box.top - self.title_height / 2, 0], aligned_edge=RIGHT)
        counter.set_value(0)
        return {"formula": formula, "minimum": minimum, "rates": rates, "regimes": regimes, "counter": counter}

    def rate_sentence(self) -> str:
        """How the learning rates were chosen, as the landscape beat's caption says it."""
        tuned = [t for t in self.tuned if t is not None]
        hand = [name for (name, _), t in zip(self.runs, self.tuned) if t is None]
        if not tuned:
            return "The learning rates are the lesson's."
        grid = tuned[0].grid
        sentence = (f"Each learning rate is the best of {len(grid)} rates from {grid[0]:g} to {grid[-1]:g}: the lowest "
                    f"f after {self.steps} steps without leaving the map.")
        return sentence + (f" Set by hand: {', '.join(hand)}." if hand else "")

    def rate_note(self) -> list[str]:
        """How the learning rates were chosen, in a few short lines."""
        tuned = [t for t in self.tuned if t is not None]
        if not tuned:
            return ["learning rates: set by the lesson"]
        grid = tuned[0].grid
        lines = [f"each lr: the best of {len(grid)} rates",
                 f"from {grid[0]:g} to {grid[-1]:g}: lowest f",
                 f"after {self.steps} steps, on the map"]
        hand = [name for (name, _), t in zip(self.runs, self.tuned) if t is None]
        if hand:
            lines.append("set by hand: " + ", ".join(hand))
        return lines
