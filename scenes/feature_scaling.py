"""Feature scaling: the same gradient descent on raw and on standardised features.

    manim -ql scenes/feature_scaling.py FeatureScaling

From the lesson "Gradients & Partial Derivatives", Common Mistakes: "Forgetting to normalize
data". On the lesson's data (x = 1, 2, 3, 4 and y = 2x) the MSE over (b0, b1) has the Hessian
[[2, 5], [5, 15]]: contours 56 times longer than wide (condition number L/mu), so the largest
stable step is set by the steep direction and gradient descent zig-zags across the valley while
it crawls along it. Standardising x (x' = (x - mean)/std) makes the Hessian 2I: round contours,
and the same learning rate walks straight in. Step counts, Hessians, condition numbers and bounds
all come from gradanim.core (``descend``, ``Objective.hessian``, ``stability_bound``).
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UL, UP, Create, FadeIn, GrowFromCenter, VGroup, Write

from gradanim.components import captions as say
from gradanim.components.contour_map import ContourMap
from gradanim.components.descent_run import DescentRun, play_in_lockstep
from gradanim.scene_base import Box, LessonScene
from gradanim.components.typeset import math, matrix_typst, number_typst
from gradanim.core.domain import Domain
from gradanim.core.learning_rate import stability_bound, standardized_mse_objective
from gradanim.core.regression import LESSON_DEMO, RegressionData, mse_objective
from gradanim.core.trajectory import descend
from gradanim.options import DOMAIN, LEVELS, LR, SLOW_STEPS, START, STEPS, TOLERANCE, Option, seconds


class FeatureScaling(LessonScene):
    """Raw features zig-zag and crawl for 174 steps; standardised ones walk straight in, in 42."""

    beat_names = ('landscapes', 'runs', 'bound')

    x = Option(LESSON_DEMO.x, "the feature values (the lesson's x)")
    y = Option(LESSON_DEMO.y, "the targets (the lesson's y)")
    start = START.but((0.0, 0.0), on=None, doc="where both runs start: [b0, b1]")
    lr = LR.but(0.1)  # above 1/L = 0.06 of the raw MSE: it zig-zags; each bounce a third smaller, so each one shows
    steps = STEPS.but(400)
    tolerance = TOLERANCE.but(1e-3)
    raw_domain = DOMAIN.but((-1.5, 2.5, -0.5, 3.5),  # holds the whole run (its first step reaches b1 = 3)
                            doc="the box shown for the raw-feature MSE: [b0min, b0max, b1min, b1max]")
    scaled_domain = DOMAIN.but((-0.75, 7.25, -2.0, 6.0), doc="the box shown for the standardised-feature MSE")
    levels = LEVELS.but(10, doc="contour levels of each map")
    title = "Feature scaling: why raw features zig-zag"
    runs_time = seconds(9.0, "seconds for both runs, stepped together")
    slow_steps = SLOW_STEPS.but(6, doc="the first steps, shown one at a time with their update arrows (the zig-zag)")

    def compute(self):
        data = RegressionData.of(self.x, self.y)
        self.raw = mse_objective(data)
        self.scaled, self.mean, self.std = standardized_mse_objective(data)
        self.domains = [Domain(tuple(zip(d[0::2], d[1::2]))) for d in (self.raw_domain, self.scaled_domain)]
        self.objectives = [self.raw, self.scaled]
        self.bounds = [stability_bound(f) for f in self.objectives]
        self.hessians = [f.hessian(b.point) for f, b in zip(self.objectives, self.bounds)]
        self.trajectories = [
            descend(f, self.start, "gd", lr=self.lr, steps=self.steps, tol=self.tolerance) for f in self.objectives
        ]

    def halves(self) -> list[Box]:
        f = self.frame_box
        top = f.top - self.title_height - 0.6
        middle = (f.left + f.right) / 2
        bottom = f.bottom + 0.55  # the caption's line
        return [Box(f.left, middle - 0.2, bottom, top), Box(middle + 0.2, f.right, bottom, top)]

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        data_line = math(
            f'"Same gradient descent on the lesson\'s data:" quad alpha = {number_typst(self.lr)}, quad '
            f'"start" ({", ".join(number_typst(v) for v in self.start)}), quad y = 2x',
            font_size=theme.label_size, color=theme.muted_text, theme=theme,
        )
        data_line.next_to(title, DOWN, buff=0.25).align_to(title, LEFT)
        headers = [
            math(f'"raw" x = {", ".join(number_typst(v) for v in self.x)}', font_size=theme.label_size, theme=theme),
            math(f'"standardised" x\' = (x - {number_typst(self.mean)}) \\/ {number_typst(self.std)}',
                 font_size=theme.label_size, theme=theme),
        ]
        sides = []
        for half, objective, domain, trajectory, bound, hessian, header in zip(
            self.halves(), self.objectives, self.domains, self.trajectories, self.bounds, self.hessians, headers
        ):
            sides.append(self.side(half, objective, domain, trajectory, bound, hessian, header))
        caption = math(
            f'"Largest stable step" 2/L: quad "raw" {number_typst(self.bounds[0].bound)}, quad '
            f'"standardised" {number_typst(self.bounds[1].bound)}',
            font_size=theme.label_size, color=theme.highlight, theme=theme,
        )
        caption.move_to([0, self.frame_box.bottom, 0], aligned_edge=DOWN)

        raw, scaled = self.bounds
        self.beat("landscapes", f"The same data and the same gradient descent, α = {say.num(self.lr)}: on raw x the "
                                f"cost's valley is stretched, κ = L/μ = {say.num(raw.condition_number, 1)}; "
                                f"on standardised x, κ = {say.num(scaled.condition_number, 1)}.")
        self.play(Write(title), FadeIn(data_line, shift=0.1 * DOWN), run_time=1.0)
        self.play(*(Create(s["axes"]) for s in sides), *(FadeIn(s["header"]) for s in sides), run_time=0.9)
        self.play(*(Create(s["contours"], lag_ratio=0.1) for s in sides), run_time=1.4)
        self.play(*(FadeIn(s["curvature"], shift=0.1 * DOWN) for s in sides), run_time=0.8)
        self.play(*(GrowFromCenter(s["run"].marker) for s in sides), *(FadeIn(s["run"].readouts) for s in sides),
                  *(FadeIn(s["run"].regime_label) for s in sides if s["run"].regime_label is not None), run_time=0.6)
        runs = [s["run"] for s in sides]
        self.beat("runs", "Raw x: " + say.outcome_words(self.trajectories[0]) + "; standardised x: "
                          + say.outcome_words(self.trajectories[1]) + ".")
        play_in_lockstep(self, runs, max_total_time=self.runs_time, arrow_steps=self.slow_steps)
        self.play(*(a for r in runs for a in r.reveal_outcome(shift=0.1 * UP)), run_time=0.8)
        self.beat("bound", f"The largest stable step 2/L is {say.num(raw.bound)} on raw x and "
                           f"{say.num(scaled.bound)} on standardised x.")
        self.play(FadeIn(caption, shift=0.1 * UP), run_time=0.8)
        self.wait(2.0)

    def side(self, half: Box, objective, domain, trajectory, bound, hessian, header) -> dict:
        """One half: header above, the contour map with its run, its numbers in a column to the
        right of the map and the outcome under it."""
        theme = self.theme
        column_width = 2.05
        header_room, outcome_room = 0.5, 0.5
        map_box = Box(half.left, half.right - column_width - 0.25, half.bottom + outcome_room, half.top - header_room)
        axes = self.make_axes(domain, objective.names, box=map_box)
        axes.align_to([half.left, half.top - header_room, 0], UL)
        contours = ContourMap(objective, axes, levels=self.levels, theme=theme)
        run = DescentRun(trajectory, axes, lr=self.lr, value_label="J", show_lr=False, readout_width=column_width,
                         trail_width=theme.path_stroke * 0.6, objective=objective, regime_stacked=True, theme=theme)  # thin: the zig-zag stays legible
        h = [[number_typst(v) for v in row] for row in hessian]
        curvature = VGroup(
            math(f"H = {matrix_typst(h)}", font_size=theme.label_size, theme=theme),
            math(f"kappa = L / mu = {number_typst(bound.condition_number, 1)}", font_size=theme.label_size,
                 color=theme.highlight, theme=theme),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        # The regime the core classifies for this alpha here ("oscillates: alpha > 1/L = 0.06").
        regime = [run.regime_label] if run.regime_label is not None else []
        column = VGroup(curvature, *regime, run.readouts).arrange(DOWN, aligned_edge=LEFT, buff=0.45)
        if column.width > column_width:
            column.scale_to_fit_width(column_width)
        column.next_to(axes, RIGHT, buff=0.25).align_to(axes, UP)
        header.next_to(axes, UP, buff=0.2).align_to(axes, LEFT)
        if header.width > half.width:
            header.scale_to_fit_width(half.width)
        run.outcome_label.next_to(axes, DOWN, buff=0.15).align_to(axes, LEFT)
        return {"axes": axes, "contours": contours, "run": run, "curvature": curvature, "header": header}
