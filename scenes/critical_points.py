"""Critical points: where grad f = 0, and what the Hessian says about each one.

    manim -ql scenes/critical_points.py CriticalPoints

First Himmelblau's function, whose map has every kind at once (4 minima, 1 maximum,
4 saddles); then the lesson's practice "Problem 3: Find the optimum": a concave quadratic,
its one critical point and the Hessian check ("Both eigenvalues are negative, so this is
indeed a maximum!"). Points, kinds, Hessians and eigenvalues all come from
``gradanim.core.critical.critical_points``.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, Create, FadeIn, GrowFromCenter, LaggedStart, VGroup, Write

from gradanim.components import captions as say
from gradanim.components.claims import Claim, FormulaSource, declare
from gradanim.components.contour_map import ContourMap
from gradanim.components.critical_map import CriticalPointMarkers, KIND_ORDER
from gradanim.scene_base import LessonScene
from gradanim.components.formula_card import function_typst, illustrative_tag
from gradanim.components.typeset import expr_to_typst, math, matrix_typst, name_typst, number_typst
from gradanim.core.critical import Kind, critical_points
from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError
from gradanim.core.lesson_functions import HIMMELBLAU, PROBLEM_3
from gradanim.core.objective import Objective
from gradanim.options import DOMAIN, FUNCTION, ILLUSTRATIVE, LEVELS, TITLE, Option


PLURALS = {"minimum": "minima", "maximum": "maxima", "degenerate": "degenerate points"}


class CriticalPoints(LessonScene):
    """Himmelblau's critical points by kind, then Problem 3's maximum and its Hessian check."""

    beat_names = ('survey', 'rule', 'problem', 'hessian')

    title = "Critical points: where the gradient is zero"
    survey_function = FUNCTION.but(HIMMELBLAU.text, on="survey_domain",
                                   doc="the first map's function, with critical points of every kind")
    survey_domain = DOMAIN.but((-5.0, 5.0, -5.0, 5.0), doc="the first map's box: [xmin, xmax, ymin, ymax]")
    survey_levels = LEVELS.but(14, doc="contour levels of the first map (log-spaced)")
    survey_exact = Option(False, "solve grad f = 0 on the first map exactly with sympy (slow for cubics) instead "
                                 "of numerically")
    problem_title = TITLE.but("Problem 3: find the optimum", doc="title of the second part, Problem 3")
    problem_function = FUNCTION.but(PROBLEM_3.text, on="problem_domain",
                                    doc="the second map's function: its critical point gets the Hessian check")
    problem_domain = DOMAIN.but((-1.0, 5.0, -2.0, 4.0), doc="the second map's box: [xmin, xmax, ymin, ymax]")
    problem_levels = LEVELS.but(12, doc="contour levels of the second map")
    problem_illustrative = ILLUSTRATIVE.but(doc="tag Problem 3's function \"illustrative\" (the built-in one is tagged "
                                                "anyway)")
    plot_width = 0.52

    def compute(self):
        self.survey = Objective.from_text(self.survey_function)
        self.survey_box = Domain(tuple(zip(self.survey_domain[0::2], self.survey_domain[1::2])))
        self.survey_points = critical_points(self.survey, self.survey_box, exact=self.survey_exact)
        self.problem = Objective.from_text(self.problem_function)
        self.problem_box = Domain(tuple(zip(self.problem_domain[0::2], self.problem_domain[1::2])))
        self.problem_points = critical_points(self.problem, self.problem_box)
        if not self.problem_points:
            raise OptionError("the problem's function has no critical point in its domain (where f has a gradient): "
                              "the Hessian check needs one")

    def construct(self):
        self.compute()
        self.survey_part()
        self.problem_part()

    # --- part 1: every kind on one map -------------------------------------------------------

    def survey_part(self):
        theme = self.theme
        title = self.make_title()
        axes = self.make_axes(self.survey_box, self.survey.names)
        contours = ContourMap(self.survey, axes, levels=self.survey_levels, spacing="log", opacity=0.6, theme=theme)
        marks = CriticalPointMarkers(self.survey_points, axes, theme=theme)
        formula = math(function_typst(self.survey, arguments=False), font_size=theme.label_size, theme=theme)
        condition = math(f'nabla f = bold(0) "  at {len(marks.critical)} points"', theme=theme)
        legend = marks.legend()
        rule = VGroup(
            math('"Hessian eigenvalues:"', font_size=theme.label_size, color=theme.muted_text, theme=theme),
            math('"all" > 0 => "minimum"', font_size=theme.label_size, color=theme.minimum, theme=theme),
            math('"all" < 0 => "maximum"', font_size=theme.label_size, color=theme.maximum, theme=theme),
            math('"mixed signs" => "saddle"', font_size=theme.label_size, color=theme.saddle, theme=theme),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        self.arrange_panel(formula, condition, legend, rule, buff=0.5)

        counts = {kind.value: len(group) for kind, group in marks.by_kind.items()}
        self.beat("survey", f"f = {say.plain_formula(self.survey)} has ∇f = 0 at {len(marks.critical)} points: "
                            + ", ".join(f"{n} {kind if n == 1 else PLURALS.get(kind, kind + 's')}"
                                        for kind, n in counts.items()) + ".")
        self.play(Write(title), Create(axes), run_time=1.0)
        self.play(Create(contours, lag_ratio=0.08), FadeIn(formula, shift=0.2 * DOWN), run_time=1.6)
        self.play(FadeIn(condition, shift=0.2 * DOWN), run_time=0.7)
        for kind, row in zip([k for k in KIND_ORDER if k in marks.by_kind], legend):
            group = marks.by_kind[kind]
            self.play(LaggedStart(*(GrowFromCenter(m) for m in group), lag_ratio=0.25), FadeIn(row, shift=0.15 * RIGHT),
                      run_time=1.0)
        self.beat("rule", "The Hessian's eigenvalues tell them apart: all positive, a minimum; all negative, "
                          "a maximum; mixed signs, a saddle.")
        self.play(FadeIn(rule, shift=0.2 * DOWN), run_time=0.8)
        self.wait(1.5)
        self.fade_out_under_curtain(axes, contours, marks, formula, condition, legend, rule, title,
                                    run_time=0.8, keep_title=False)

    # --- part 2: Problem 3, the Hessian check --------------------------------------------------

    def problem_part(self):
        theme = self.theme
        f = self.problem
        title = self.make_title(self.problem_title)
        axes = self.make_axes(self.problem_box, f.names)
        contours = ContourMap(f, axes, levels=self.problem_levels, spacing="linear", opacity=0.6, theme=theme)
        marks = CriticalPointMarkers(self.problem_points, axes, show_eigenvalues=True, theme=theme)
        c = marks.critical[0]
        names = [name_typst(n) for n in f.names]
        small = theme.label_size
        formula = math(function_typst(f), font_size=small, theme=theme)
        source = FormulaSource(self.problem_function, illustrative=self.problem_illustrative or None)
        if source.illustrative:  # made up where the lesson's formula was lost: say so beside it
            formula = VGroup(formula, illustrative_tag(formula, source, theme=theme))
        else:
            declare(formula, Claim(source, "formula", source.text))
        partials = VGroup(*(
            math(f"(partial f)/(partial {n}) = {expr_to_typst(g)} = 0", font_size=small, theme=theme)
            for n, g in zip(names, f.gradient_exprs)
        )).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        point = math(f'"critical point" ({", ".join(number_typst(v) for v in c.point)})', font_size=small,
                     color=theme.highlight, theme=theme)
        hessian = math(
            "H = " + matrix_typst([[number_typst(v) for v in row] for row in c.hessian])
            + ", quad lambda = " + ", ".join(number_typst(v) for v in c.eigenvalues),
            font_size=small, theme=theme,
        )
        verdict_text = {
            Kind.MAXIMUM: '"Both eigenvalues are negative,"',
            Kind.MINIMUM: '"Both eigenvalues are positive,"',
        }.get(c.kind, '"The eigenvalues have mixed signs,"')
        verdict = VGroup(
            math(verdict_text, font_size=small, color=theme.maximum if c.kind == Kind.MAXIMUM else theme.text,
                 theme=theme),
            math(f'"so this is indeed a {c.kind.value}!"', font_size=small,
                 color=theme.maximum if c.kind == Kind.MAXIMUM else theme.text, theme=theme),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        value = math(f"f({', '.join(number_typst(v) for v in c.point)}) = {number_typst(c.value)}", font_size=small,
                     theme=theme)
        self.arrange_panel(formula, partials, point, hessian, verdict, value, buff=0.4)

        self.beat("problem", f"f = {say.plain_formula(f)}: setting both partial derivatives to 0 gives the critical "
                             f"point {say.point(c.point)}.")
        self.play(Write(title), Create(axes), run_time=1.0)
        self.play(Create(contours, lag_ratio=0.08), FadeIn(formula, shift=0.2 * DOWN), run_time=1.4)
        self.play(FadeIn(partials, shift=0.2 * DOWN), run_time=1.0)
        self.play(GrowFromCenter(marks.markers), FadeIn(point, shift=0.2 * DOWN), run_time=0.9)
        self.beat("hessian", f"There the Hessian has eigenvalues {', '.join(say.num(v) for v in c.eigenvalues)}, "
                             f"so {say.point(c.point)} is a {c.kind.value}, where f = {say.num(c.value)}.")
        self.play(FadeIn(hessian, shift=0.2 * DOWN), FadeIn(marks.labels), run_time=1.0)
        self.play(FadeIn(verdict, shift=0.2 * DOWN), run_time=0.9)
        self.play(FadeIn(value, shift=0.2 * DOWN), run_time=0.7)
        self.wait(2.0)
