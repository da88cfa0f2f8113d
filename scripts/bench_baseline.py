"""Baseline for scripts/benchmark.py: gradient descent drawn with plain Manim only.

Axes, ellipses for the level sets of x^2 + 3y^2, a 15x15 ArrowVectorField, and a dot with a
traced path stepping through the same gradient-descent points as the default lesson.
No gradanim, no typeset math (Text only), so it measures Manim itself.
"""

import numpy as np
from manim import (
    Axes, ArrowVectorField, Create, Dot, Ellipse, FadeIn, Scene, Text, TracedPath, VGroup, YELLOW, BLUE, UL,
)


class PlainManimDescent(Scene):
    def construct(self):
        axes = Axes(x_range=[-3, 3, 1], y_range=[-2, 2, 1], x_length=7.5, y_length=5).to_edge(0.6 * np.array([-1, 0, 0]))
        unit = axes.c2p(1, 0)[0] - axes.c2p(0, 0)[0]
        levels = np.linspace(0.5, 14, 10)
        ellipses = VGroup(*(Ellipse(width=2 * np.sqrt(c) * unit, height=2 * np.sqrt(c / 3) * unit, color=BLUE).move_to(axes.c2p(0, 0)) for c in levels))
        field = ArrowVectorField(lambda p: -np.array([2 * axes.p2c(p)[0], 6 * axes.p2c(p)[1], 0]) * 0.1,
                                 x_range=[-6, 1.5, 0.5], y_range=[-2.5, 2.5, 0.5])
        title = Text("Gradient descent", font_size=36).to_corner(UL)
        self.play(Create(axes), FadeIn(title), run_time=1)
        self.play(Create(ellipses), run_time=1.6)
        self.play(FadeIn(field), run_time=1.4)
        point = np.array([-2.5, 1.5])
        dot = Dot(axes.c2p(*point), color=YELLOW)
        trail = TracedPath(dot.get_center, stroke_color=YELLOW, stroke_width=4)
        self.add(trail, dot)
        for k in range(17):
            point = point - 0.25 * np.array([2 * point[0], 6 * point[1]])
            self.play(dot.animate.move_to(axes.c2p(*point)), run_time=max(0.18, 0.75 * 0.86**k) * (1.6 if k < 6 else 1))
        self.wait(2.3)
