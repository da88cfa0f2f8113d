"""The second-derivative test: the Hessian's eigenvalues decide minimum, maximum or saddle,
except where one of them is zero.

    manim -ql scenes/hessian.py MinMaxSaddle
    manim -ql scenes/hessian.py MonkeySaddle

The lesson: "Positive definite -> Local minimum, Negative definite -> Local maximum,
Indefinite -> Saddle point". The maximum is the lesson's Problem 3
(``gradanim.core.lesson_functions.PROBLEM_3``: "Both eigenvalues are negative, so this is
indeed a maximum!"). Critical points, Hessians, eigenvalues, eigenvectors and the verdict all
come from the core (``critical_points``).

Where the Hessian is zero the test is silent: the monkey saddle x^3 - 3xy^2 and x^4 + y^4
have the same zero Hessian at the origin, yet one rises three ways and falls three ways
around it (neither minimum nor maximum) and the other rises all round (a minimum). A look
around the point on a small circle tells them apart (``gradanim.core.critical.neighbourhood``).
"""

from __future__ import annotations

import numpy as np
from manim import DEGREES, DOWN, UP, Create, FadeIn, GrowFromCenter, VGroup, Write

from gradanim.components import captions as say
from gradanim.components.claims import Claim, FormulaSource, declare
from gradanim.components.formula_card import function_typst, illustrative_tag
from gradanim.components.idling import pulse
from gradanim.components.hessian_view import (KIND_WORDS, Badge, HessianCard, HessianView, NeighbourhoodRing,
                                              kind_color)
from gradanim.scene_base import Box, LessonScene3D
from gradanim.components.surface import SurfacePlot, near_corner_for
from gradanim.components.typeset import math
from gradanim.core.critical import Kind, critical_points, neighbourhood
from gradanim.core.domain import Domain
from gradanim.core.lesson_functions import PROBLEM_3
from gradanim.core.objective import Objective
from gradanim.options import CONTOUR_LEVELS, DOMAIN, FUNCTION, RESOLUTION, X_LENGTH, Z_LENGTH, Option, seconds


def _domain(bounds) -> Domain:
    return Domain(tuple(zip(bounds[0::2], bounds[1::2])))


class _SideBySide(LessonScene3D):
    """Surfaces side by side, each with one critical point and a card of numbers below it."""

    functions = FUNCTION.but((), kind="list", on="domains", doc="the functions of x and y, one per surface, each "
                                                                  "with one critical point in its box")
    domains = DOMAIN.but((), kind="list", doc="each surface's box: [[xmin, xmax, ymin, ymax], ...]")
    theta = -90.0  # world x is screen x: the plots sit side by side
    yaw = Option(-28.0, "each surface's turn about its own vertical axis, in degrees (a three-quarter view)",
                 low=-180.0, high=180.0)
    spacing = Option(4.6, "distance between the surfaces' centres, in scene units", low=0.5, high=20.0)
    resolution = RESOLUTION.but(24)
    x_length = X_LENGTH.but(2.6, doc="width of each surface's box, in scene units")
    z_length = Z_LENGTH.but(1.5)
    contour_levels = CONTOUR_LEVELS.but(6, doc="contour levels under each surface")
    card_top = Option(-0.85, "height in the frame (scene y) where the cards under the surfaces start",
                      low=-4.0, high=4.0)

    def compute(self):
        if len(self.domains) != len(self.functions):
            raise ValueError(f"{len(self.functions)} functions need as many domains, got {len(self.domains)}")
        self.objectives = [Objective.from_text(text, ("x", "y")) for text in self.functions]
        self.plot_domains = [_domain(b) for b in self.domains]
        self.criticals = []
        for objective, domain in zip(self.objectives, self.plot_domains):
            found = critical_points(objective, domain)
            if len(found) != 1:
                raise ValueError(f"{objective.text}: expected one critical point in the domain, found {len(found)}")
            self.criticals.append(found[0])

    def make_plots(self) -> list[SurfacePlot]:
        plots = []
        count = len(self.objectives)
        for i, (objective, domain) in enumerate(zip(self.objectives, self.plot_domains)):
            plot = SurfacePlot(objective, domain, x_length=self.x_length, z_length=self.z_length,
                               resolution=self.resolution, contour_levels=self.contour_levels,
                               near_corner=near_corner_for(self.theta - self.yaw), theme=self.theme)
            plot.place(np.array([(i - (count - 1) / 2) * self.spacing, 0.0, 0.0]), yaw=self.yaw * DEGREES)
            plots.append(plot)
        f = self.frame_box
        self.fit_camera(*plots, box=Box(f.left, f.right, self.card_top + 0.15, f.top - self.title_height), fill=0.95)
        return plots

    def card_under(self, plot: SurfacePlot, *parts) -> VGroup:
        """Parts stacked in a column centred under ``plot``, within its share of the frame's
        width (never shrunk: a card that does not fit is a layout to change, and the layout
        test says so)."""
        card = VGroup(*parts).arrange(DOWN, buff=0.22)
        share = self.frame_box.width / len(self.objectives)
        x = self.camera.project_points(plot.box_center()[None, :])[0, 0]
        left = self.frame_box.left + share * int((x - self.frame_box.left) // share)
        x = float(np.clip(x, left + card.width / 2, left + share - card.width / 2))
        return card.move_to([x, 0, 0]).align_to([0, self.card_top, 0], UP)


class MinMaxSaddle(_SideBySide):
    """Three surfaces side by side, each with its critical point, Hessian, eigenvalues and verdict."""

    beat_names = ('surfaces', 'verdicts')

    functions = ("x^2 + y^2", PROBLEM_3.text, "x^2 - y^2")
    domains = ((-1.5, 1.5, -1.5, 1.5), (0.0, 4.0, -1.0, 3.0), (-1.5, 1.5, -1.5, 1.5))
    title = "Minimum, maximum, saddle: the Hessian decides"
    phi = 40.0  # from above the rims: the bottom of the minimum's bowl is in view
    resolution = 22
    card_top = -0.65
    card_time = seconds(2.5, "seconds each card is held before the next surface's point appears")

    def construct(self):
        self.compute()
        theme = self.theme
        plots = self.make_plots()
        views = [HessianView(plot, critical, theme=theme) for plot, critical in zip(plots, self.criticals)]
        self.plots, self.views = plots, views
        cards = []
        for plot, objective, critical, text in zip(plots, self.objectives, self.criticals, self.functions):
            formula = math(function_typst(objective, arguments=False), font_size=theme.label_size, theme=theme)
            source = FormulaSource(text, ("x", "y"))
            if source.illustrative:  # made up where the lesson's formula was lost: say so under it
                tag = illustrative_tag(formula, source, theme=theme)
                formula = VGroup(formula, tag.next_to(formula, DOWN, buff=0.12))
            else:
                declare(formula, Claim(source, "formula", text))
            cards.append(self.card_under(plot, formula, HessianCard(critical, theme=theme)))

        title = self.make_title()
        self.fix(title)
        self.beat("surfaces", f"{len(plots)} surfaces, each with one point where ∇f = 0: "
                              + "; ".join(f"f = {say.plain_formula(o)} at {say.point(c.point)}"
                                          for o, c in zip(self.objectives, self.criticals)) + ".")
        self.play(Write(title), *(a for p in plots for a in self.show_plot_animations(p)), run_time=1.6)
        self.wait(0.8)
        self.beat("verdicts", "The Hessian's eigenvalues decide: " + "; ".join(
            f"{', '.join(say.num(v) for v in c.eigenvalues)}: a {c.kind.value}" for c in self.criticals) + ".")
        for view, card in zip(views, cards):
            self.billboard(view.dot)
            self.play(GrowFromCenter(view.dot), Create(view.curves), run_time=1.0)
            self.fix(card)
            self.play(FadeIn(card, shift=0.15 * UP), run_time=0.8)
            self.wait(self.card_time)
        self.idle(pulse(*(view.dot for view in views)), run_time=2.0)  # the points pulse (a loop on a slide)


class MonkeySaddle(_SideBySide):
    """Two zero Hessians: the monkey saddle (neither minimum nor maximum) and x^4 + y^4 (a
    minimum). The second-derivative test is silent at both; a look around each point on a
    small circle tells them apart."""

    beat_names = ('surfaces', 'hessians', 'around')

    functions = ("x^3 - 3x*y^2", "x^4 + y^4")
    domains = ((-1.3, 1.3, -1.3, 1.3), (-1.3, 1.3, -1.3, 1.3))
    title = "Where the Hessian test is silent"
    phi = 44.0  # from high up: the monkey saddle's three valleys and three ridges all show
    yaw = -20.0
    spacing = 6.8
    x_length = 3.4
    z_length = 1.8
    resolution = 34
    contour_levels = 8
    radius = Option(0.6, "radius of the circle each point's neighbourhood is looked at on", low=0.0, low_open=True,
                    high=10.0)
    hold_time = seconds(2.5, "seconds each verdict is held")
    card_top = -1.12

    def compute(self):
        super().compute()
        self.around = [neighbourhood(objective, critical.point, self.radius)
                       for objective, critical in zip(self.objectives, self.criticals)]

    def construct(self):
        self.compute()
        theme = self.theme
        plots = self.make_plots()
        views = [HessianView(plot, critical, theme=theme) for plot, critical in zip(plots, self.criticals)]
        rings = [NeighbourhoodRing(plot, around, theme=theme) for plot, around in zip(plots, self.around)]
        for ring in rings:
            for arc in ring:
                arc.depth_bias = 0.08  # over the level lines it crosses
        hessian_cards, verdicts = [], []
        for plot, objective, critical, around in zip(plots, self.objectives, self.criticals, self.around):
            formula = math(function_typst(objective, arguments=False), font_size=theme.label_size, theme=theme)
            hessian = HessianCard(critical, theme=theme)  # compact: two rows of its parts
            first = VGroup(formula, hessian.matrix).arrange(buff=0.5)
            second = VGroup(hessian.eigenvalues, math("arrow", font_size=theme.label_size, color=theme.muted_text,
                                                      theme=theme), hessian.badge).arrange(buff=0.25)
            verdict = self.neighbourhood_verdict(around)
            card = self.card_under(plot, first, second, verdict)
            hessian_cards.append(card[:2])
            verdicts.append(card[2])
        self.plots, self.views, self.rings = plots, views, rings

        title = self.make_title()
        self.fix(title)
        self.beat("surfaces", f"{len(plots)} surfaces, each flat at one point: " + " and ".join(
            f"f = {say.plain_formula(o)} at {say.point(c.point)}" for o, c in zip(self.objectives, self.criticals)) + ".")
        self.play(Write(title), *(a for p in plots for a in self.show_plot_animations(p)), run_time=1.6)
        self.play(*(Create(p.surface_contours, lag_ratio=0.05) for p in plots), run_time=1.0)
        self.beat("hessians", "Both Hessians there have eigenvalues " + " and ".join(
            ", ".join(say.num(v) for v in c.eigenvalues) for c in self.criticals)
            + ": the second-derivative test is silent.")
        # The same verdict from the Hessian for both: zero, the test is silent.
        for view, card in zip(views, hessian_cards):
            self.billboard(view.dot)
            self.fix(card)
            self.play(GrowFromCenter(view.dot), FadeIn(card, shift=0.15 * UP), run_time=1.0)
        self.wait(self.hold_time)
        # A look around each point tells them apart.
        self.beat("around", "A look around each point on a circle tells them apart: " + "; ".join(
            f"{say.plain_formula(o)}: " + self.around_words(a)
            for o, a in zip(self.objectives, self.around)) + ".")
        for ring, verdict in zip(rings, verdicts):
            self.fix(verdict)
            self.play(Create(ring), FadeIn(verdict, shift=0.15 * UP), run_time=1.4)
            self.wait(self.hold_time)
        self.idle(pulse(*(view.dot for view in views)), run_time=2.0)  # the points pulse (a loop on a slide)

    @staticmethod
    def around_words(around) -> str:
        """The neighbourhood's verdict in words, from the core."""
        if around.kind == Kind.SADDLE:
            return f"up {around.rises} ways and down {around.falls}, neither minimum nor maximum"
        if around.kind in (Kind.MINIMUM, Kind.MAXIMUM):
            return f"{'up' if around.kind == Kind.MINIMUM else 'down'} all round, a {around.kind.value}"
        return "flat all round"

    def neighbourhood_verdict(self, around) -> VGroup:
        """``at distance 0.6:`` over ``up 3 ways, down 3 -> [neither]``, from the core's
        neighbourhood."""
        theme = self.theme
        r = f"{around.radius:g}"
        if around.kind == Kind.SADDLE:
            words = f'"up" {around.rises} "ways, down" {around.falls} arrow'
            badge = _word_badge("neither", theme.saddle, theme)
        elif around.kind in (Kind.MINIMUM, Kind.MAXIMUM):
            words = f'"{"up" if around.kind == Kind.MINIMUM else "down"} all round" arrow'
            badge = Badge(around.kind, theme=theme)
        else:
            words = '"flat all round" arrow'
            badge = Badge(Kind.DEGENERATE, theme=theme)
        size = dict(font_size=theme.label_size, color=theme.muted_text, theme=theme)
        # Two lines: on one, the two columns' verdicts read as one sentence.
        return VGroup(math(f'"at distance {r}:"', **size),
                      VGroup(math(words, **size), badge).arrange(buff=0.2)).arrange(DOWN, buff=0.12)


def _word_badge(word: str, colour, theme) -> Badge:
    """A badge with its own word ("neither"), in the frame a kind's badge has."""
    badge = Badge(Kind.SADDLE, theme=theme)
    text = math(f'"{word}"', font_size=theme.label_size, color=colour, theme=theme).move_to(badge.word)
    frame = badge[0]
    frame.stretch_to_fit_width(text.width + 0.35).move_to(text)
    badge.remove(badge.word)
    badge.word = text
    badge.add(text)
    return badge


__all__ = ["MinMaxSaddle", "MonkeySaddle", "KIND_WORDS", "kind_color"]
