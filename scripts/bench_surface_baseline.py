"""Baseline for 3D scenes in scripts/benchmark.py: a surface drawn with plain Manim only.

A ``Surface`` of 30 x 30 faces (x^2 - y^2, coloured by height) on ThreeDAxes in a
``ThreeDScene``, faded in, then watched while the camera turns: manim's Cairo renderer
sorts and draws every face as its own shape each frame (it draws a single surface with
correct occlusion). No gradanim, no typeset math, so it measures Manim itself.
"""

from manim import BLUE, DEGREES, YELLOW, Create, FadeIn, Surface, ThreeDAxes, ThreeDScene


class PlainManimSurface(ThreeDScene):
    def construct(self):
        axes = ThreeDAxes(x_range=[-2, 2, 1], y_range=[-2, 2, 1], z_range=[-4, 4, 2], x_length=6, y_length=6,
                          z_length=3)
        surface = Surface(lambda u, v: axes.c2p(u, v, u * u - v * v), u_range=[-2, 2], v_range=[-2, 2],
                          resolution=(30, 30))
        surface.set_fill_by_value(axes=axes, colorscale=[(BLUE, -4), (YELLOW, 4)], axis=2)
        self.set_camera_orientation(phi=62 * DEGREES, theta=-60 * DEGREES)
        self.play(Create(axes), FadeIn(surface), run_time=0.5)
        self.begin_ambient_camera_rotation(rate=0.2)
        self.wait(1.5)
