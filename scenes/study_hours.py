"""Three variables without a 4D plot: "Optimizing your grades".

    manim -ql scenes/study_hours.py StudyHours

GPA depends on hours/week of Math (x), English (y) and Science (z). Its gradient at the
current allocation is (-0.042, -0.096, +0.017): more Math lowers the GPA (burnout), more
English lowers it a lot (over-studying), more Science raises it. One step of gradient
ascent moves every subject's hours by alpha times its partial derivative. The GPA function
and the step come from gradanim.core (``lesson_functions.STUDY``, ``descend``).
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Create, FadeIn, GrowArrow, GrowFromEdge, LaggedStart, VGroup, Write

from gradanim.components import captions as say
from gradanim.components.claims import Claim, FormulaSource, declare
from gradanim.components.formula_card import illustrative_tag
from gradanim.components.gradient_bars import AllocationBars, GradientBars
from gradanim.scene_base import LessonScene
from gradanim.components.typeset import math, name_typst, number_typst, text_typst, vector_typst
from gradanim.core.lesson_functions import STUDY, STUDY_LR
from gradanim.core.trajectory import descend
from gradanim.options import ILLUSTRATIVE, LR, Option


class StudyHours(LessonScene):
    """The gradient of GPA(Math, English, Science hours) as three signed bars, then one ascent step."""

    beat_names = ('hours', 'gradient', 'step')

    plan = STUDY  # the GPA model (gradanim.core.lesson_functions.StudyPlan): a subclass may give another
    lr = LR.but(STUDY_LR, doc="learning rate of the one ascent step")
    notes = Option(("burnout", "over-studying", "shift time here"), "a note beside each subject's gradient bar")
    hours_range = Option((0.0, 14.0, 2.0), "the hours axis: [min, max, step]", role="ticks")
    title = "Optimizing your grades: three variables, one gradient"
    illustrative = ILLUSTRATIVE.but(doc="tag the GPA model \"illustrative\" (the built-in one is tagged anyway)")
    plot_width = 0.4

    def compute(self):
        self.objective = self.plan.objective()
        self.start = np.array(self.plan.current, dtype=float)
        self.gradient = self.objective.gradient(self.start)
        self.trajectory = descend(self.objective, self.start, "gd", lr=self.lr, steps=1, tol=0, maximize=True)

    def formula_typst(self, per_line: int | None = None) -> str:
        """GPA as the plan writes it (base - sum of weighted squared distances to the sweet
        spots); with ``per_line``, the terms in lines of that many, aligned after "="."""
        terms = [
            f"- {number_typst(w, 4)}({name_typst(v)} - {number_typst(c)})^2"
            for w, v, c in zip(self.plan.weights, self.plan.variables, self.plan.sweet_spots)
        ]
        names = ", ".join(name_typst(v) for v in self.plan.variables)
        if not per_line:
            return f'"GPA"({names}) = {number_typst(self.plan.base)} {" ".join(terms)}'
        lines = [" ".join(terms[i:i + per_line]) for i in range(0, len(terms), per_line)]
        return f'"GPA"({names}) &= {number_typst(self.plan.base)} ' + " \\ & quad ".join(lines)

    def construct(self):
        self.compute()
        theme = self.theme
        t = self.trajectory
        subjects = self.plan.subjects
        small = theme.label_size
        title = self.make_title()

        # Left: hours per subject as columns.
        box = self.plot_box
        room = box.width - 0.7  # tick numbers on the left
        gap = 0.5
        hours = AllocationBars(self.start, subjects, value_range=self.hours_range, height=box.height - 1.6,
                               column_gap=gap, column_width=(room - (len(subjects) + 1) * gap) / len(subjects),
                               digits=3, unit_label="hours/week", theme=theme)
        hours.move_to(box.center + 0.15 * UP + 0.3 * RIGHT)

        # Right: formula, gradient vector, signed bars with their meaning, the step.
        # Formula and legend break into lines rather than shrink below a legible size.
        formula = math(self.formula_typst(), font_size=small, theme=theme)
        if formula.width > self.panel_box.width:
            formula = math(self.formula_typst(per_line=2), font_size=small, theme=theme)
        # The GPA model is made up (the lesson gives its gradient, not its formula): say so.
        source = FormulaSource(self.plan.text, self.plan.variables, illustrative=self.illustrative or None)
        tag = illustrative_tag(formula, source, theme=theme) if source.illustrative else VGroup()
        if not source.illustrative:
            declare(formula, Claim(source, "formula", source.text))
        entries = [f"{name_typst(v)} = {text_typst(s)}" for v, s in zip(self.plan.variables, subjects)]
        legend = math(", ".join(entries) + text_typst(" hours"), font_size=theme.small_size,
                      color=theme.muted_text, theme=theme)
        if legend.width > self.panel_box.width:
            half = (len(entries) + 1) // 2
            legend = VGroup(*(math(line, font_size=theme.small_size, color=theme.muted_text, theme=theme) for line in (
                ", ".join(entries[:half]) + ",", ", ".join(entries[half:]) + text_typst(" hours"),
            ))).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        point = ", ".join(number_typst(v) for v in self.start)
        gradient = math(
            f'nabla"GPA"({point}) = {vector_typst([number_typst(g) for g in self.gradient])}', theme=theme
        )
        bars = GradientBars(self.gradient, subjects, notes=self.notes, bar_length=1.5, theme=theme)
        rule = math(f'bold(h) <- bold(h) + alpha nabla"GPA", quad alpha = {number_typst(self.lr)}', font_size=small,
                    theme=theme)
        change = math(
            f"Delta bold(h) = {vector_typst([number_typst(d) for d in t.steps[0]])}", font_size=small,
            theme=theme,
        )
        gpa_before = math(f'"GPA" = {number_typst(t.values[0])}', font_size=small, theme=theme)
        gpa_after = math(f'"GPA" = {number_typst(t.values[0])} -> {number_typst(t.values[1])}', font_size=small,
                         color=theme.minimum, theme=theme)
        step_row = VGroup(change, VGroup(rule, gpa_before).arrange(DOWN, aligned_edge=LEFT, buff=0.25))
        step_row.arrange(RIGHT, buff=0.5, aligned_edge=UP)
        if len(tag):  # beside the title: the panel has no room left
            tag.next_to(title, RIGHT, buff=0.4)
            legend = VGroup(legend, tag)
        self.arrange_panel(VGroup(formula, legend[0] if len(tag) else legend).arrange(DOWN, aligned_edge=LEFT,
                                                                                    buff=0.15), gradient, bars,
                           step_row, buff=0.42)
        gpa_after.move_to(gpa_before, aligned_edge=LEFT)

        subjects = self.plan.subjects
        self.beat("hours", "Hours of study now: " + ", ".join(
            f"{s} {say.num(h)}" for s, h in zip(subjects, self.start)) + ".")
        self.play(Write(title), run_time=0.9)
        self.play(Create(hours.axis), FadeIn(hours.ticks), FadeIn(hours.unit_label), FadeIn(hours.name_labels),
                  run_time=0.9)
        self.play(LaggedStart(*(GrowFromEdge(c, DOWN) for c in hours.columns), lag_ratio=0.2),
                  FadeIn(hours.value_labels), run_time=1.2)
        self.play(FadeIn(formula, shift=0.2 * DOWN), FadeIn(legend, shift=0.2 * DOWN), run_time=1.0)
        self.beat("gradient", f"The gradient of GPA there is {say.point(self.gradient)}: " + ", ".join(
            f"{s} {'pays' if g > 0 else 'costs'} {say.num(abs(g))} GPA per hour"
            for s, g in zip(subjects, self.gradient)) + ".")
        self.play(FadeIn(gradient, shift=0.2 * DOWN), run_time=1.0)
        self.play(Create(bars.zero_line), FadeIn(bars.name_labels), run_time=0.6)
        for i in range(len(subjects)):
            direction = LEFT if self.gradient[i] >= 0 else RIGHT
            self.play(GrowFromEdge(bars.bars[i], direction), FadeIn(bars.value_labels[i]), run_time=0.7)
            if i < len(bars.note_labels):
                self.play(FadeIn(bars.note_labels[i], shift=0.1 * RIGHT), run_time=0.6)
        self.wait(0.5)

        # One step of gradient ascent: every subject moves by alpha times its partial.
        self.beat("step", f"One step of gradient ascent with α = {say.num(self.lr)} moves the hours to "
                          f"{say.point(t.points[1])}; GPA goes from {say.num(t.values[0])} to {say.num(t.values[1])}.")
        arrows = hours.step_arrows(t.points[1])
        self.play(FadeIn(rule, shift=0.2 * DOWN), FadeIn(gpa_before, shift=0.2 * DOWN), run_time=0.9)
        self.play(FadeIn(change, shift=0.2 * DOWN), LaggedStart(*(GrowArrow(a) for a in arrows), lag_ratio=0.2),
                  run_time=1.2)
        self.play(hours.change_to(t.points[1]), run_time=1.4)
        self.play(FadeIn(gpa_after), gpa_before.animate.set_opacity(0), run_time=0.8)
        self.wait(2.0)
