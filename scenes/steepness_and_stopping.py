"""Steepness and stopping: the gradient's length is how steep the hill is, and a small
gradient is not the minimum.

    manim -ql scenes/steepness_and_stopping.py SteepnessAndStopping

Part 1. Contour lines drawn every Delta f apart crowd where f changes fast. At two points
the gradient arrow (drawn to scale) and the gap between the contour lines around the point,
measured along the gradient, are compared: the long arrow goes with the short gap, and
|grad f| ~ Delta f / gap, the gap running from the line below the point to the line above
(:func:`gradanim.core.steepness.steepness`).

Part 2. "Stopping too early" (the first lesson's common mistake): gradient descent that
stops once |grad f| < tol, with a loose tol, stops on the flat valley floor far from the
minimum; the distance left, f's gap and the bound |x - x*| <= |grad f| / mu are shown
(:mod:`gradanim.core.stopping`); then the same run with a tight tol walks on to the minimum.
"""

from __future__ import annotations

import numpy as np
from manim import (DOWN, LEFT, UP, Create, Cross, DashedLine, Dot, FadeIn, FadeOut, GrowArrow, GrowFromCenter,
                   Indicate, VGroup, Write)

from gradanim.components.captions import num, plain_formula, point
from gradanim.components.claims import Claim, RemainingTo, declare
from gradanim.components.contour_map import ContourMap
from gradanim.components.descent_run import DescentRun, pacing
from gradanim.components.formula_card import function_typst
from gradanim.components.steepness_mark import SteepnessMark
from gradanim.components.typeset import Readout, math, number_typst, text_typst
from gradanim.core.contours import Grid
from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective
from gradanim.core.steepness import steepness
from gradanim.core.stopping import stopping_comparison
from gradanim.options import DOMAIN, FUNCTION, LR, START, STEPS, TOLERANCE, VARIABLES, Option
from gradanim.scene_base import LessonScene


class SteepnessAndStopping(LessonScene):
    """Arrow length against contour spacing; then a run stopped by a loose tolerance."""

    lesson_type = "steepness_and_stopping"
    function = FUNCTION.but("0.1x^2 + 2y^2")
    variables = VARIABLES.but()
    domain = DOMAIN.but((-4.0, 4.0, -2.5, 2.5))
    level_step = Option(1.0, "the contour lines are drawn every level_step apart in f", low=0.0, low_open=True,
                        high=1e6)
    points = Option(((3.2, 0.0), (1.5, 1.2)), "the points whose steepness is compared, flat one first",
                    kind="list")
    arrow_scale = Option(0.3, "gradient arrows are drawn at this fraction of their length", low=0.0, low_open=True,
                         high=10.0)
    start = START.but((-3.6, 2.0))
    lr = LR.but(0.2)
    tolerance = TOLERANCE.but(0.5, doc="the loose tolerance: the run stops once |grad f| is below it")
    tight_tolerance = TOLERANCE.but(1e-3, doc="the tight tolerance the run is finished with")
    steps = STEPS.but(1000)
    title = "How steep, and when to stop"
    beat_names = ("map", "steepness", "stopped_early", "finished")
    plot_width = 0.6

    # --- the mathematics, all from the core, before any frame --------------------------

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        values = Grid.sample(self.objective, self.plot_domain).finite_values
        step = float(self.level_step)
        first = (np.floor(values.min() / step - 0.5) + 0.5) * step
        self.levels = [v for v in np.arange(first, values.max(), step) if values.min() < v < values.max()]
        if len(self.levels) < 2 or len(self.levels) > 60:
            raise OptionError(f"level_step: {step:g} gives {len(self.levels)} contour lines over the domain "
                              "(2 to 60 are drawn)")
        self.records = [steepness(self.objective, p, levels=self.levels) for p in self.points]
        if self.tight_tolerance >= self.tolerance:
            raise OptionError("tight_tolerance: must be smaller than tolerance")
        self.loose, self.tight = stopping_comparison(
            self.objective, self.start, "gd", tolerances=(self.tolerance, self.tight_tolerance), steps=self.steps,
            domain=self.plot_domain, lr=self.lr)

    # --- the picture ---------------------------------------------------------------------

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        axes = self.make_axes(self.plot_domain, self.objective.names)
        contours = ContourMap(self.objective, axes, levels=self.levels, theme=theme)
        formula = math(function_typst(self.objective), theme=theme)
        spacing = math(f'"contours every" Delta f = {number_typst(self.level_step)}', font_size=theme.label_size,
                       color=theme.muted_text, theme=theme)
        intro = VGroup(formula, spacing).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

        # 1. The map: contour lines at equal steps of f.
        self.beat("map", self.caption("map"))
        self.play(Write(title), Create(axes), run_time=1.0)
        self.play(Create(contours, lag_ratio=0.1), run_time=1.6)
        marks = [SteepnessMark(r, axes, self.objective, self.levels, scale=self.arrow_scale, theme=theme)
                 for r in self.records]
        rows = [self.steepness_rows(i, mark) for i, mark in enumerate(marks)]
        names = [self.map_label(i, mark) for i, mark in enumerate(marks)]
        reading = VGroup(*(math(text_typst(line), font_size=theme.label_size, color=theme.highlight, theme=theme)
                           for line in ("crowded contours:", "a long arrow, a steep hill")))
        reading.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        panel = self.arrange_panel(intro, *rows, reading)
        self.play(FadeIn(intro, shift=0.2 * DOWN), run_time=0.9)

        # 2. Steepness at each point: the arrow, the gap, the numbers.
        self.beat("steepness", self.caption("steepness"))
        for mark, row, name in zip(marks, rows, names):
            self.play(FadeIn(mark.dot, scale=0.5), FadeIn(name), FadeIn(row[0]), run_time=0.7)
            self.play(GrowArrow(mark.arrow), FadeIn(row[1]), run_time=1.0)
            self.play(Create(mark.gap), FadeIn(row[2]), run_time=1.0)
        self.play(FadeIn(reading, shift=0.2 * UP), run_time=0.9)
        self.wait(1.0)

        # 3. Stopping too early: the same map, a run with a loose tolerance.
        self.play(FadeOut(VGroup(*marks, *names)), FadeOut(VGroup(*rows, reading)), run_time=0.8)
        self.stopping_part(axes, intro)

    def caption(self, beat: str) -> str:
        """What the beat says, from the core's steepness records and runs."""
        if beat == "map":
            return (f"f = {plain_formula(self.objective)}, with a contour line every Δf = {num(self.level_step)}: "
                    "where the lines crowd, f changes fast.")
        if beat == "steepness":
            parts = [f"at {_name(i)} {point(r.point)} |∇f| = {num(r.norm, 2)}" for i, r in enumerate(self.records)]
            return "The gradient's length is the hill's steepness: " + "; ".join(parts) + ". Crowded contours, a long arrow."
        loose, tight = self.loose, self.tight
        if beat == "stopped_early":
            return (f"Stopping once |∇f| < {num(self.tolerance)} halts after {loose.run.n_steps} steps, still "
                    f"{num(loose.distance, 2)} from the minimum: where f is flat, a small gradient is no sign of "
                    "being close.")
        return (f"With tol = {num(self.tight_tolerance)} the same run goes on and converges after "
                f"{tight.run.n_steps} steps.")

    # --- part 1 ---------------------------------------------------------------------------

    def steepness_rows(self, index: int, mark: SteepnessMark) -> VGroup:
        """``A = (3.2, 0)``, ``|grad f| = 0.64``, ``gap = 1.64, Delta f / gap = 0.61``."""
        theme = self.theme
        size = theme.label_size
        record = mark.record
        where = math(f'{_name(index)} = ({", ".join(number_typst(v) for v in record.point)})', font_size=size,
                     color=theme.highlight, theme=theme)
        norm = math(f"|nabla f| = {number_typst(record.norm, 2)}", font_size=size, color=theme.gradient, theme=theme)
        declare(norm, Claim(mark.subject, "norm", record.norm, 2))
        if np.isfinite(record.spacing):
            # The gap runs from the line below the point to the line above: one level step
            # apart, or two when the point is on a line itself.
            steps = round((record.above.level - record.below.level) / float(self.level_step))
            rise = "Delta f" if steps == 1 else f"{steps} Delta f"
            gap = math(f'"gap" = {number_typst(record.spacing, 2)}, quad ({rise}) / "gap" = '
                       f"{number_typst(record.estimate, 2)}", font_size=size, theme=theme)
            declare(gap, Claim(mark.subject, "spacing", record.spacing, 2), Claim(mark.subject, "estimate",
                                                                                  record.estimate, 2))
        else:
            gap = math(text_typst("no contour line on one side"), font_size=size, color=theme.muted_text, theme=theme)
        return VGroup(where, norm, gap).arrange(DOWN, aligned_edge=LEFT, buff=0.14)

    def map_label(self, index: int, mark: SteepnessMark):
        theme = self.theme
        label = math(_name(index), font_size=theme.label_size, color=theme.highlight, theme=theme)
        label.next_to(mark.dot, DOWN + LEFT, buff=0.08)
        label.set_stroke(theme.background, width=theme.halo_stroke, background=True)
        return label

    # --- part 2 ---------------------------------------------------------------------------

    def stopping_part(self, axes, intro) -> None:
        theme = self.theme
        size = theme.label_size
        loose, tight = self.loose, self.tight
        run = DescentRun(tight.run, axes, objective=self.objective, show_value=False, show_lr=False,
                         font_size=size, theme=theme)
        gradient_readout = Readout("|nabla f|", float(np.linalg.norm(tight.run.gradients[0])), digits=3,
                                   font_size=size, theme=theme).about(run.subject, "gradient_norm")
        rule = math(f'alpha = {number_typst(self.lr)} ";" quad "stop when" |nabla f| < "tol" = '
                    f"{number_typst(self.tolerance)}", font_size=size, color=theme.highlight, theme=theme)
        declare(rule, Claim(run.subject, "lr", float(self.lr)))
        readouts = VGroup(run.counter, gradient_readout).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        stop = Dot(axes.c2p(*loose.stop), radius=0.08, color=theme.path)
        stop.set_stroke(theme.background, width=2, background=True)
        target = Cross(scale_factor=0.12, stroke_color=theme.minimum, stroke_width=4).move_to(
            axes.c2p(*loose.target.point[:2]))
        left = RemainingTo(loose, axes, stop, self.objective, name="loose stop")
        stopped = math(f'"stopped after" {loose.run.n_steps} "steps"', font_size=size, color=theme.path, theme=theme)
        declare(stopped, Claim(left, "steps", loose.run.n_steps))
        distance = math(f'"still" {number_typst(loose.distance, 2)} "from the minimum"', font_size=size,
                        color=theme.minimum, theme=theme)
        declare(distance, Claim(left, "distance", loose.distance, 2))
        gap = math(f"f - f^* = {number_typst(loose.value_gap, 2)}", font_size=size, theme=theme)
        declare(gap, Claim(left, "value_gap", loose.value_gap, 2))
        low, high = loose.distance_bounds
        bound = math(f'"flat floor:" |bold(x) - bold(x)^*| <= (|nabla f|) / mu = {number_typst(high, 2)}',
                     font_size=size, theme=theme)
        declare(bound, Claim(left, "bound", high, 2))
        tight_rule = math(f'"tol" = {number_typst(self.tight_tolerance)}: "converged after" {tight.run.n_steps} '
                          '"steps"', font_size=size, color=theme.minimum, theme=theme)
        declare(tight_rule, Claim(run.subject, "outcome", (tight.run.status, tight.run.n_steps)))
        panel = self.arrange_panel(intro, rule, readouts, VGroup(stopped, distance, gap, bound).arrange(
            DOWN, aligned_edge=LEFT, buff=0.14), tight_rule)

        # The loose run: the walker drops off the steep wall, then crawls along the floor.
        self.beat("stopped_early", self.caption("stopped_early"))
        self.play(FadeIn(rule, shift=0.2 * DOWN), run_time=0.9)
        self.play(GrowFromCenter(run.marker), FadeIn(readouts), run_time=0.7)
        self.add(run)
        updater = _follow_norm(gradient_readout, run, tight.run)
        gradient_readout.add_updater(updater)
        for segment in pacing(loose.run.n_steps, arrow_steps=3):
            self.play(run.segment_animation(segment.k0, segment.k1, show_arrow=segment.show_arrow,
                                            run_time=segment.run_time))
        self.add(stop)
        self.play(FadeIn(stopped), Indicate(gradient_readout, color=theme.highlight), run_time=0.9)

        # What was left: the way to the minimum, and why a flat floor hides it.
        way = DashedLine(stop.get_center(), target.get_center(), color=theme.minimum, dash_length=0.12)
        self.play(FadeIn(target, scale=0.5), Create(way), FadeIn(distance), run_time=1.0)
        self.play(FadeIn(gap), run_time=0.8)
        self.play(FadeIn(bound, shift=0.1 * UP), run_time=0.9)
        self.wait(1.0)

        # The same run with a tight tolerance walks on to the minimum.
        self.beat("finished", self.caption("finished"))
        self.play(FadeOut(way), run_time=0.5)
        rest = pacing(tight.run.n_steps - loose.run.n_steps, arrow_steps=0, max_total_time=5.0)
        for segment in rest:
            k0, k1 = segment.k0 + loose.run.n_steps, segment.k1 + loose.run.n_steps
            self.play(run.segment_animation(k0, k1, run_time=segment.run_time))
        gradient_readout.remove_updater(updater)
        self.play(FadeIn(tight_rule, shift=0.1 * UP), run_time=0.9)
        self.wait(1.0)


def _name(index: int) -> str:
    return "ABCDEFGH"[index] if index < 8 else f"P_{index + 1}"


def _follow_norm(readout, run: DescentRun, trajectory):
    """|grad f| of the step the run's readouts show."""
    norms = np.linalg.norm(np.asarray(trajectory.gradients, dtype=float), axis=1)

    def update(mob):
        mob.set_value(float(norms[run.shown_step]))

    return update
