"""StreamLines draw the core's flow lines: points through the axes, heads along the gradient."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from manim import Animation  # noqa: E402

from gradanim.components.axes import PlotAxes, to_scene  # noqa: E402
from gradanim.components.streamlines import StreamLines  # noqa: E402
from gradanim.components.theme import DEFAULT_THEME  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.flow import flow_lines, grid_seeds  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402

HILL = Objective.from_text("2*x*exp(-(x^2 + y^2)/2) + y/4")
DOMAIN = Domain(((-3, 3), (-2, 2)))


@pytest.fixture(scope="module")
def axes():
    return PlotAxes(DOMAIN, max_width=7.5, max_height=5.5)


@pytest.fixture(scope="module")
def through(axes):
    return StreamLines.from_objective(HILL, axes, density=(8, 6), separation=0.35)


def test_curves_are_the_core_points_through_the_axes(axes, through):
    assert len(through.curves) == len(through.flow_lines) == len(through.heads) >= 5
    for curve, line in zip(through.curves, through.flow_lines):
        anchors = np.asarray(curve.get_anchors())
        expected = to_scene(axes, line.points)
        assert anchors[0] == pytest.approx(expected[0]) and anchors[-1] == pytest.approx(expected[-1])
        assert len(np.unique(np.round(anchors, 9), axis=0)) == len(np.unique(np.round(expected, 9), axis=0))
        # Drawn uphill: values increase from the curve's start to its end.
        assert line.ascent and line.values[-1] > line.values[0]


def test_heads_point_along_the_gradient_for_ascent_lines(axes, through):
    for head, direction in zip(through.heads, through.head_directions()):
        xy = axes.p2c(head.get_center())[:2]
        g = HILL.gradient(xy)
        cos = direction @ (g / np.linalg.norm(g))
        assert cos > 0.98


def test_descent_lines_are_blue_and_their_heads_point_downhill(axes):
    lines = flow_lines(HILL, grid_seeds(DOMAIN, (4, 3)), ascent=False, domain=DOMAIN)
    drawn = StreamLines(lines, axes, min_points=3)
    assert len(drawn.curves) > 0
    for curve in drawn.curves:
        assert curve.get_stroke_color().to_hex().lower() == DEFAULT_THEME.descent.lower()
    for head, direction in zip(drawn.heads, drawn.head_directions()):
        g = HILL.gradient(axes.p2c(head.get_center())[:2])
        assert direction @ (g / np.linalg.norm(g)) < -0.98


def test_turn_around_flips_every_head(axes):
    lines = StreamLines.from_objective(HILL, axes, density=(5, 4), separation=0.5)
    before = lines.head_directions()
    animation = lines.turn_around()
    animation.begin()
    animation.interpolate(1.0)
    animation.finish()
    after = lines.head_directions()
    assert after == pytest.approx(-before, abs=1e-6)
    assert lines.curves[0].get_stroke_color().to_hex().lower() == DEFAULT_THEME.descent.lower()


def test_flow_animations_build_and_leave_no_trace(through):
    count = len(through.family_members_with_points())
    for animation in (through.flow(), through.flow(reverse=True, cycles=2, color=DEFAULT_THEME.highlight)):
        assert isinstance(animation, Animation) and animation.run_time > 0
    assert len(through.family_members_with_points()) == count  # flashes are copies


def test_modes_and_arguments(axes):
    up = StreamLines.from_objective(HILL, axes, seeds=[(-1.0, 1.0)], mode="ascent", arrowheads=False)
    assert len(up.heads) == 0 and len(up.curves) == 1 and up.flow_lines[0].ascent
    down = StreamLines.from_objective(HILL, axes, seeds=[(-1.0, 1.0)], mode="descent")
    assert not down.flow_lines[0].ascent
    with pytest.raises(ValueError):
        StreamLines.from_objective(HILL, axes, mode="sideways")
