"""LessonScene: which mobjects are redrawn while something moves, the curtain that clears
the frame, and the typesetting cache (fresh, light copies)."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from manim import Dot, FadeIn, Square  # noqa: E402

from gradanim.scene_base import LessonScene  # noqa: E402
from gradanim.components.typeset import math  # noqa: E402


class _Scene(LessonScene):
    title = "A title"

    def construct(self):
        pass


def _scene() -> _Scene:
    scene = _Scene()
    scene.setup()
    return scene


def _ids(mobjects) -> set[int]:
    return {id(m) for m in mobjects}


def test_only_mobjects_near_motion_are_redrawn():
    with manim.tempconfig({"dry_run": True, "quality": "low_quality"}):
        scene = _scene()
        plot, panel = scene.plot_box, scene.panel_box
        walker = Dot(plot.center)
        on_plot = Square(0.5).move_to(plot.center + np.array([1.0, 0.5, 0]))  # anywhere on the plot side
        in_panel = math("f(x) = x^2").move_to(panel.center)
        title = scene.make_title()
        scene.add(walker, on_plot, in_panel, title)
        animation = walker.animate.shift(0.3 * np.array([1.0, 0, 0])).build()
        animation.begin()
        moving = _ids(scene.get_moving_mobjects(animation))
        assert id(walker) in moving
        assert id(on_plot) in moving  # above the walker where it roams: drawn over it every frame
        assert not _ids(in_panel.get_family()) & moving  # the panel's formula stays in the static image
        assert not _ids(title.get_family()) & moving

        # A change in the panel redraws what overlaps it there, and nothing on the plot side.
        neighbour = math("y").next_to(in_panel, np.array([1.0, 0, 0]), buff=0.02)
        scene.add(neighbour)
        fade = FadeIn(in_panel)
        fade.begin()
        moving = _ids(scene.get_moving_mobjects(fade))
        assert _ids(in_panel.family_members_with_points()) <= moving
        assert _ids(neighbour.family_members_with_points()) <= moving
        assert id(on_plot) not in moving


def test_manims_rule_when_asked():
    with manim.tempconfig({"dry_run": True, "quality": "low_quality"}):
        scene = _scene()
        scene.redraw_by_zone = False
        walker = Dot(scene.plot_box.center)
        in_panel = math("f").move_to(scene.panel_box.center)
        scene.add(walker, in_panel)
        animation = walker.animate.shift(np.array([0.3, 0, 0])).build()
        animation.begin()
        assert _ids(in_panel.family_members_with_points()) <= _ids(scene.get_moving_mobjects(animation))


def test_curtain_removes_every_part_and_keeps_the_title():
    with manim.tempconfig({"dry_run": True, "quality": "low_quality"}):
        scene = _scene()
        title = scene.make_title()
        a, b = Dot(scene.plot_box.center), math("x").move_to(scene.panel_box.center)
        group = manim.VGroup(a, b)
        scene.add(title, a, b)  # the parts were added one by one, not the group
        scene.fade_out_under_curtain(group, run_time=0.1)
        assert scene.mobjects == [title]


def test_typeset_math_is_a_fresh_light_copy():
    first, second = math("x^2 + y"), math("x^2 + y")
    assert first is not second
    assert all(getattr(m, "path_obj", None) is None for m in first.get_family())
    before = second.get_center().copy()
    first.shift(np.array([1.0, 2.0, 0])).set_color("#ff0000")
    assert np.allclose(second.get_center(), before)
    assert math("x^2 + y").get_center() == pytest.approx(before)
