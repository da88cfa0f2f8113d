"""FadeTo: opacities change in place, as set_opacity would leave them, and come back
after a removing fade."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from manim import Arrow, Scene, VGroup  # noqa: E402

from gradanim.components.fade import FadeTo, opacities  # noqa: E402


def _field() -> VGroup:
    return VGroup(*(Arrow([x, 0, 0], [x + 0.5, 0.5, 0], buff=0).set_opacity(0.55) for x in range(3)))


def test_fade_to_ends_where_set_opacity_does_without_moving_a_point():
    field, reference = _field(), _field().set_opacity(0.2)
    points = [m.points.copy() for m in field.family_members_with_points()]
    animation = FadeTo(field, 0.2)
    animation.begin()
    animation.interpolate(0.5)
    halfway = opacities(field)
    assert np.all(halfway[halfway > 0] < 0.55) and np.all(halfway > 0.2 - 1e-9)
    animation.interpolate(1.0)
    assert opacities(field) == pytest.approx(opacities(reference))
    assert all(np.array_equal(m.points, p) for m, p in zip(field.family_members_with_points(), points))


def test_removing_fade_restores_opacities_after_the_scene_drops_the_mobject():
    with manim.tempconfig({"dry_run": True, "quality": "low_quality"}):
        scene = Scene()
        field = _field()
        before = opacities(field).copy()
        scene.add(field)
        scene.play(FadeTo(field, 0.0, remover=True), run_time=0.2)
        assert field not in scene.mobjects
        assert opacities(field) == pytest.approx(before)


def test_opacity_out_of_range_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        FadeTo(_field(), 1.5)
