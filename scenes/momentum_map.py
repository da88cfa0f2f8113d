"""The momentum regime map: how fast gradient descent with momentum converges on a quadratic,
for every learning rate alpha and momentum beta, and what a run at each looks like.

    manim -ql scenes/momentum_map.py MomentumRegimeMap

The heat map is the convergence rate r (the error shrinks by r each step) from the spectral
radius of the heavy-ball iteration (``gradanim.core.momentum_map.HeavyBall``), with the
crawl, oscillate and diverge regions named and Polyak's best (alpha, beta) starred. A marker
tours the map; beside it, the run of the core's momentum optimiser at the marker's (alpha,
beta) is recomputed for every frame, so the path changes as the marker moves. To make a
variant::

    class Narrower(MomentumRegimeMap):
        function = "x^2/2 + 25y^2"    # condition number 50
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Create, Dot, FadeIn, GrowFromCenter, UpdateFromAlphaFunc, VGroup, \
    VMobject, Write

from gradanim.components.axes import PlotAxes
from gradanim.components.bounds import Box
from gradanim.components.captions import num, plain_formula, point
from gradanim.components.claims import Claim, declare
from gradanim.components.contour_map import ContourMap
from gradanim.components.formula_card import function_typst
from gradanim.components.momentum_map_view import RegimeMapView
from gradanim.components.typeset import Readout, math, number_typst, text_typst
from gradanim.core.domain import Domain
from gradanim.core.momentum_map import REGIMES, HeavyBall
from gradanim.core.objective import Objective
from gradanim.core.trajectory import descend
from gradanim.options import DOMAIN, FUNCTION, LEVELS, START, STEPS, Option, seconds
from gradanim.scene_base import LessonScene


class MomentumRegimeMap(LessonScene):
    """Heat map of momentum's rate over (alpha, beta); a marker tours it while the run beside it changes."""

    function = FUNCTION.but("x^2/2 + 5y^2")
    domain = DOMAIN.but((-3.0, 3.0, -1.5, 1.5))
    start = START.but((-2.5, 1.0))
    steps = STEPS.but(40, doc="steps of each run drawn beside the map")
    levels = LEVELS.but(10)
    resolution = Option(200, "heat-map cells per side", low=20, high=800)
    tour = Option(((0.04, 0.1), (0.04, 0.85), (0.45, 0.85), (0.5, 0.3), (0.95, 0.3)),
                  "the marker's stops: [alpha as a fraction of the map's alpha range, beta], ...",
                  entries=(0.0, 0.99))
    move_time = seconds(2.5, "seconds the marker takes from one stop to the next")
    stop_hold = seconds(1.5, "seconds the marker rests at each stop")
    title = "Momentum: the regime map"
    plot_width = 0.47
    beat_names = ("map", "run", "tour", "best")

    def compute(self):
        self.objective = Objective.from_text(self.function)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.ball = HeavyBall.of_objective(self.objective, domain=self.plot_domain)
        self.alphas, self.betas = self.ball.default_grid(2)
        self.alpha_max = float(self.alphas[-1])

    def caption(self, beat: str, stops=()) -> str:
        """What the beat says, from the core's rates and regimes."""
        ball = self.ball
        if beat == "map":
            return (f"For f = {plain_formula(self.objective)} (κ = {num(ball.condition_number)}), each (α, β) is "
                    "coloured by momentum's rate r: the error shrinks by a factor r per step, and r ≥ 1 diverges.")
        if beat == "run":
            return (f"Beside the map: momentum's run from {point(self.start)} with the marker's α and β, "
                    f"{self.steps} steps.")
        if beat == "tour":
            return "As the marker moves, the run changes: " + "; ".join(
                f"α = {num(a)}, β = {num(b)}: {ball.regime(a, b)}" for a, b in stops) + "."
        best = ball.optimum
        return (f"The best pair, α* = {num(best.alpha)} and β* = {num(best.beta)}, gives r* = {num(best.rate)}; "
                f"plain gradient descent at best reaches r = {num(ball.gd_optimum.rate)}.")

    def run_at(self, alpha: float, beta: float):
        """The core's momentum run at (alpha, beta) (alpha 0: nothing moves; a run of no steps)."""
        return descend(self.objective, self.start, "momentum", lr=max(alpha, 1e-12), momentum=beta, steps=self.steps,
                       tol=0.0)

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        box = self.plot_box
        map_box = Box(box.left + 0.5, box.right - 1.4, box.bottom + 0.5, box.top - 0.45)
        side = min(map_box.width, map_box.height)
        rate_axes = PlotAxes(Domain(((0.0, self.alpha_max), (0.0, 0.99))), max_width=side, max_height=side,
                             equal_units=False, variable_names=("alpha", "beta"), theme=theme)
        rate_axes.move_to(map_box.center)
        view = RegimeMapView(self.ball, rate_axes, resolution=self.resolution, theme=theme)

        # Right: the function and its run at the marker's (alpha, beta).
        panel = self.panel_box
        kappa = self.ball.condition_number
        formula = math(function_typst(self.objective), font_size=theme.label_size, theme=theme)
        condition = math(f'kappa = L \\/ mu = {number_typst(kappa, 3)}', font_size=theme.label_size, theme=theme)
        top = VGroup(formula, condition).arrange(RIGHT, buff=0.5)
        top.move_to(panel.top_left, aligned_edge=UP + LEFT)
        run_box = Box(panel.left, panel.right, panel.bottom + 2.1, top.get_bottom()[1] - 0.2)
        axes = self.make_axes(self.plot_domain, self.objective.names, box=run_box)
        contours = ContourMap(self.objective, axes, levels=self.levels, opacity=0.7, theme=theme)
        path = VMobject(stroke_color=theme.path, stroke_width=theme.path_stroke * 0.8)
        head = Dot(radius=0.07, color=theme.path)

        marker = view.marker
        subject = view.subject
        alpha_r = Readout("alpha", 0.0, digits=3, fixed=True, font_size=theme.label_size, theme=theme).about(subject, "alpha")
        beta_r = Readout("beta", 0.0, digits=2, fixed=True, font_size=theme.label_size, theme=theme).about(subject, "beta")
        rate_r = Readout("r", 1.0, digits=3, fixed=True, font_size=theme.label_size, theme=theme).about(subject, "rate")
        words = VGroup(*(declare(math(text_typst(r.value), font_size=theme.label_size, color=theme.highlight, theme=theme),
                                 Claim(subject, "regime", r.value)) for r in REGIMES))
        readouts = VGroup(VGroup(alpha_r, beta_r).arrange(RIGHT, buff=0.5), VGroup(rate_r, words[0]).arrange(RIGHT, buff=0.5))
        readouts.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        readouts.next_to(axes, DOWN, buff=0.45).align_to(axes, LEFT)
        for word in words[1:]:
            word.move_to(words[0], aligned_edge=LEFT)
        readouts.add(*words[1:])
        caption = math(text_typst(f"the run at the marker's (α, β): {self.steps} steps"), font_size=theme.small_size,
                       color=theme.muted_text, theme=theme)
        caption.next_to(readouts, DOWN, buff=0.3, aligned_edge=LEFT)

        def show(alpha: float, beta: float) -> None:
            """Everything that follows the marker: readouts, regime word, the run beside."""
            alpha_r.set_value(alpha)
            beta_r.set_value(beta)
            alpha, beta = max(alpha, 0.0), max(beta, 0.0)
            rate_r.set_value(float(self.ball.rate(alpha, beta)))
            shown = str(self.ball.regime(alpha, beta))
            for word, regime in zip(words, REGIMES):
                word.set_opacity(1.0 if regime.value == shown else 0.0)
            run = self.run_at(alpha, beta)
            points = np.asarray(run.points)[:, :2]
            inside = [self.plot_domain.contains(p, 1e-9) for p in points]
            n = next((k for k, ok in enumerate(inside) if not ok), len(points))
            kept = list(points[:max(n, 1)])
            if n < len(points):  # the step that leaves the map, drawn to its edge
                kept.append(self.plot_domain.clip_segment(points[n - 1], points[n]))
            corners = [axes.c2p(*p) for p in kept]
            path.set_points_as_corners(corners if len(corners) > 1 else corners * 2)
            head.move_to(corners[-1])

        def place(alpha: float, beta: float) -> None:
            marker.move_to(rate_axes.c2p(alpha, beta))
            show(*subject.place())  # what the marker's drawn place says (as the truth check reads it)

        stops = [(a * self.alpha_max, b) for a, b in self.tour]
        place(*stops[0])

        # Phase 1: the map and what its colours mean.
        self.beat("map", self.caption("map"))
        self.play(Write(title), Create(rate_axes), run_time=1.0)
        self.play(FadeIn(view.image), FadeIn(view.colour_bar), run_time=1.2)
        # Phase 2: the three regions named.
        self.play(FadeIn(view.region_labels, lag_ratio=0.4), run_time=1.5)
        # Phase 3: a quadratic and the run at the marker's (alpha, beta).
        self.beat("run", self.caption("run"))
        self.play(FadeIn(top), Create(axes), Create(contours, lag_ratio=0.1), run_time=1.5)
        self.play(GrowFromCenter(marker), FadeIn(readouts), FadeIn(caption), Create(path), FadeIn(head), run_time=1.0)
        # Phase 4: the tour; the run changes with the marker.
        self.beat("tour", self.caption("tour", stops))
        for (a0, b0), (a1, b1) in zip(stops, stops[1:]):
            self.play(UpdateFromAlphaFunc(VGroup(marker, path, head, readouts),
                                          lambda _, t, a0=a0, b0=b0, a1=a1, b1=b1: place(a0 + t * (a1 - a0), b0 + t * (b1 - b0))),
                      run_time=self.move_time)
            self.wait(self.stop_hold)
        # Phase 5: the best pair, and what plain gradient descent manages at best.
        self.beat("best", self.caption("best"))
        best = self.ball.optimum
        a_end, b_end = stops[-1]
        self.play(UpdateFromAlphaFunc(VGroup(marker, path, head, readouts),
                                      lambda _, t: place(a_end + t * (best.alpha - a_end), b_end + t * (best.beta - b_end))),
                  run_time=self.move_time)
        verdict = VGroup(
            declare(math(f'"best:" alpha^* = {number_typst(best.alpha, 3)}, beta^* = {number_typst(best.beta, 3)}',
                         font_size=theme.label_size, color=theme.minimum, theme=theme),
                    Claim(view.optimum_subject, "optimum.alpha", best.alpha, 3),
                    Claim(view.optimum_subject, "optimum.beta", best.beta, 3)),
            declare(math(f'r^* = {number_typst(best.rate, 3)} ' + text_typst("; plain gradient descent at best: ")
                         + f'r = {number_typst(self.ball.gd_optimum.rate, 3)}', font_size=theme.small_size,
                         color=theme.text, theme=theme),
                    Claim(view.optimum_subject, "optimum.rate", best.rate, 3), Claim(view.optimum_subject, "gd_rate",
                                                                               self.ball.gd_optimum.rate, 3)),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        verdict.next_to(rate_axes, DOWN, buff=0.3).align_to(rate_axes, LEFT)
        if verdict.get_right()[0] > panel.left - 0.2:
            verdict.scale_to_fit_width(panel.left - 0.2 - verdict.get_left()[0])
        self.play(FadeIn(view.optimum_star, scale=0.5), FadeIn(verdict, shift=0.1 * UP), run_time=0.8)
        self.add(marker)  # on top of the star it sits on
        self.wait(2.0)
