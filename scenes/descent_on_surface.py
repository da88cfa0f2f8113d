"""Gradient descent seen twice: a ball rolling down the surface and the same steps on the map.

    manim -ql scenes/descent_on_surface.py DescentOnSurface

The same function, start, optimiser and learning rate as ``scenes/gradient_descent.py``: the
trajectory is computed once by the core (``descend``) before the first frame; the surface lifts
each iterate to its recorded value, the contour map beside it replays the very same points.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UP, AnimationGroup, Create, FadeIn, GrowFromCenter, VGroup, Write

from gradanim.components import captions as say
from gradanim.components.claims import Claim, declare
from gradanim.components.contour_map import ContourMap
from gradanim.components.descent import DescentWalker
from gradanim.scene_base import Box
from gradanim.components.axes import PlotAxes
from gradanim.scene_base import SWAY_DEGREES, LessonScene3D
from gradanim.components.surface import SurfacePlot, near_corner_for
from gradanim.components.surface_path import SurfacePath
from gradanim.components.formula_card import function_typst
from gradanim.components.typeset import math, number_typst
from gradanim.core.domain import Domain
from gradanim.core.objective import Objective
from gradanim.core.learning_rate import outcome
from gradanim.core.trajectory import Status, descend
from gradanim.options import (CONTOUR_LEVELS, DOMAIN, FUNCTION, LR, MAX_STEPS, OPTIMIZER, RESOLUTION, START, STEPS,
                              TOLERANCE, VARIABLES, Z_LENGTH, Option)


class DescentOnSurface(LessonScene3D):
    """A ball rolls down the graph of f while its shadow walks the contour map."""

    beat_names = ('surface', 'roll', 'outcome')

    function = FUNCTION.but("x^2 + 3y^2")
    variables = VARIABLES.but()
    domain = DOMAIN.but((-3.0, 3.0, -2.0, 2.0))
    start = START.but((-2.5, 1.5))
    optimizer = OPTIMIZER.but("gd")
    lr = LR.but(0.15)  # below 1/L = 1/6 for x^2 + 3y^2: straight in, no zig-zag
    steps = STEPS.but(40)
    tolerance = TOLERANCE.but(1e-4)
    shown_steps = Option(12, "steps animated one by one; the rest play quickly", low=0, high=MAX_STEPS)
    resolution = RESOLUTION.but(30)
    z_length = Z_LENGTH.but(2.2)
    contour_levels = CONTOUR_LEVELS.but(8, doc="contour levels under the surface and on the map beside it")
    title = "Gradient descent on the surface"
    phi = 36.0  # from above the rim: the bottom of the bowl, where the ball ends, stays in view
    theta = -100.0
    ambient_rate = 0.05  # radians per second while the ball rolls
    plot_width = 0.6

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.trajectory = descend(self.objective, self.start, self.optimizer, lr=self.lr,
                                  steps=self.steps, tol=self.tolerance)

    def construct(self):
        self.compute()
        theme = self.theme
        plot = SurfacePlot(self.objective, self.plot_domain, z_length=self.z_length, resolution=self.resolution,
                           contour_levels=self.contour_levels, near_corner=near_corner_for(self.theta), theme=theme)
        path = SurfacePath(self.trajectory, plot, show_shadow=False, theme=theme)
        n = path.n_visible_steps
        fast = max(n - self.shown_steps, 0)
        run_times = [max(0.3, 0.8 * 0.88**k) for k in range(min(n, self.shown_steps))] + [0.12] * fast
        self.fit_camera(plot, thetas=self.turning_thetas(3.0 + sum(run_times), sway=SWAY_DEGREES))

        title = self.make_title()
        panel = self.side_panel()
        self.fix(title)
        self.beat("surface", f"The surface z = f(x, y) = {say.plain_formula(self.objective)}, with its contour lines "
                             "drawn on it and on the map beside it.")
        self.play(Write(title), *self.show_plot_animations(plot), run_time=1.6)
        self.fix(panel["formula"], panel["rule"], panel["map"])
        self.play(Create(plot.surface_contours, lag_ratio=0.1), FadeIn(panel["formula"], shift=0.2 * DOWN), run_time=0.9)
        self.play(FadeIn(panel["map"]), FadeIn(panel["rule"]), run_time=0.9)

        walker = self.panel_walker = panel["walker"]
        self.billboard(path.ball)
        self.fix(walker, panel["readouts"])
        self.add(walker.trail)
        t = self.trajectory
        self.beat("roll", f"From {say.point(t.points[0])}, where f = {say.num(t.values[0])}, each step goes "
                          f"{say.num(self.lr)} times −∇f downhill, on the surface and on the map at once.")
        self.play(GrowFromCenter(path.ball), GrowFromCenter(walker.marker), FadeIn(panel["readouts"]), run_time=0.5)
        self.add(walker, path.trail)
        self.start_turning()
        for k in range(n):
            self.play(AnimationGroup(path.step(k), walker.step(k, show_arrow=False)), run_time=run_times[k])
            self.show_state(panel["readouts"], k + 1)
        self.stop_turning()
        self.beat("outcome", say.run_caption(t))
        caption = self.outcome_caption()
        caption.next_to(panel["readouts"], DOWN, buff=0.35, aligned_edge=LEFT)
        self.fix(caption)
        self.play(FadeIn(caption, shift=0.15 * UP), run_time=0.7)
        self.idle(self.sway())  # the picture sways while the lecturer talks (a loop on a slide)

    # --- the panel: formula, rule, a contour map of the same run, readouts ---------------

    def side_panel(self) -> dict:
        theme = self.theme
        formula = math(function_typst(self.objective), theme=theme)
        rule = math(f"bold(x)_(k+1) = bold(x)_k - {number_typst(self.lr)} nabla f(bold(x)_k)",
                    font_size=theme.label_size, theme=theme)
        box = self.panel_box
        map_box = Box(box.left, box.right, box.bottom + 1.3, box.top - 1.45)
        axes = PlotAxes(self.plot_domain, max_width=map_box.width - 0.45, max_height=map_box.height - 0.45,
                        variable_names=self.objective.names, theme=theme)
        axes.move_to(map_box.center + np.array([0.2, 0.2, 0]))
        contours = ContourMap(self.objective, axes, levels=self.contour_levels, theme=theme)
        walker = DescentWalker(self.trajectory, axes, objective=self.objective, theme=theme)
        small = dict(font_size=theme.label_size)
        step = self.make_readout("k", 0, **small).about(walker.subject, "step")
        value = self.make_readout("f(bold(x)_k)", float(self.trajectory.values[0]), **small).about(
            walker.subject, "value")
        readouts = VGroup(step, value).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        column = VGroup(formula, rule).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        column.move_to(box.top_left, aligned_edge=LEFT + UP)
        readouts.next_to(axes, DOWN, buff=0.5).align_to(column, LEFT)
        return {"formula": formula, "rule": rule, "map": VGroup(axes, contours), "walker": walker,
                "readouts": readouts}

    def show_state(self, readouts: VGroup, k: int):
        step, value = readouts
        self.set_readout(step, int(k))
        self.set_readout(value, float(self.trajectory.values[k]))

    def outcome_caption(self):
        """How the run ended, in the core's words ("converged after 31 steps")."""
        theme = self.theme
        ended = outcome(self.trajectory)
        color = {Status.CONVERGED: theme.minimum, Status.DIVERGED: theme.maximum}.get(ended.status, theme.highlight)
        words = " ".join(f'"{w}"' if not w.isdigit() else w for w in ended.text.split(" "))
        caption = math(words, font_size=theme.label_size, color=color, theme=theme)
        return declare(caption, Claim(self.panel_walker.subject, "outcome", (ended.status, ended.step)))
