"""Components checked by geometry before anything is rendered."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from manim import GrowArrow  # noqa: E402

from gradanim.components.axes import PlotAxes, to_scene  # noqa: E402
from gradanim.components.contour_map import ContourMap  # noqa: E402
from gradanim.components.descent import DescentWalker  # noqa: E402
from gradanim.components.gradient_field import FieldArrow, GradientField  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.trajectory import descend  # noqa: E402

DOMAIN = Domain(((-3, 3), (-2, 2)))


@pytest.fixture(scope="module")
def axes():
    return PlotAxes(DOMAIN, max_width=7, max_height=6)


@pytest.fixture(scope="module")
def bowl():
    return Objective.from_text("x^2 + 3y^2")


def scene_to_xy(axes, points):
    return np.array([axes.p2c(p)[:2] for p in points])


def test_axes_have_equal_units(axes):
    ox = axes.c2p(0, 0)
    assert np.linalg.norm(axes.c2p(1, 0) - ox) == pytest.approx(np.linalg.norm(axes.c2p(0, 1) - ox))
    assert axes.width <= 7.8  # labels included, close to the requested box


def test_contour_points_lie_on_their_level(axes, bowl):
    contours = ContourMap(bowl, axes, levels=6)
    assert len(contours.level_mobjects) == 6
    for level, group in contours.level_mobjects.items():
        assert len(group) > 0
        for line in group:
            xy = scene_to_xy(axes, line.get_anchors())
            assert np.allclose(bowl.value_on(xy[:, 0], xy[:, 1]), level, rtol=5e-3, atol=5e-3)


def test_field_arrows_point_along_negative_gradient_and_cross_contours_at_right_angles(axes, bowl):
    field = GradientField(bowl, axes, negative=True, density=9)
    assert len(field) > 20
    directions = field.scene_directions()
    for index, direction in zip(field.shown, directions):
        anchor = field.anchors[index]
        expected = -bowl.gradient(anchor)
        expected = expected / np.linalg.norm(expected)
        assert direction == pytest.approx(expected, abs=1e-6)
        # Perpendicular to the level set through the anchor: the tangent (-gy, gx) is orthogonal.
        gx, gy = bowl.gradient(anchor)
        assert abs(direction @ np.array([-gy, gx])) < 1e-6 * np.hypot(gx, gy)


def test_field_lengths_are_tamed_but_ordered(axes):
    steep = Objective.from_text("(1-x)^2 + 100(y-x^2)^2")
    field = GradientField(steep, axes, density=9)
    lengths = field.drawn_lengths
    magnitudes = np.linalg.norm(field.vectors, axis=1)
    order = np.argsort(magnitudes)
    assert np.all(np.diff(lengths[order]) >= -1e-12)  # longer arrow = steeper, always
    assert lengths.max() < 1.0  # but none swamps the picture


def test_walker_positions_are_trajectory_points_through_axes(axes, bowl):
    trajectory = descend(bowl, [-2.5, 1.5], "gd", lr=0.25, steps=30, tol=1e-4)
    walker = DescentWalker(trajectory, axes)
    assert np.allclose(walker.scene_points, to_scene(axes, trajectory.points))
    walker.jump_to(3)
    assert np.allclose(walker.marker.get_center(), axes.c2p(*trajectory.points[3]))
    corners = scene_to_xy(axes, walker.trail.get_anchors())
    for p in trajectory.points[:4]:
        assert np.min(np.linalg.norm(corners - p, axis=1)) < 1e-9


def test_walker_stops_at_the_plot_edge_when_a_run_diverges(axes, bowl):
    trajectory = descend(bowl, [-2.5, 1.5], "gd", lr=0.4, steps=60)
    assert trajectory.diverged
    walker = DescentWalker(trajectory, axes)
    assert walker.leaves_plot
    visible = trajectory.points[: walker.n_visible_steps + 1]
    assert all(DOMAIN.contains(p) for p in visible)
    assert not DOMAIN.contains(trajectory.points[walker.n_visible_steps + 1])


def test_tick_numbers_never_touch_the_axis_names():
    for domain in (Domain(((0, 5), (0, 10))), Domain(((-0.5, 1.5), (-0.5, 2.5))), DOMAIN):
        axes = PlotAxes(domain, max_width=7, max_height=5, variable_names=("b0", "b1"))
        for number in axes.number_labels:
            for name in axes.axis_labels:
                assert not (
                    number.get_left()[0] < name.get_right()[0] and name.get_left()[0] < number.get_right()[0]
                    and number.get_bottom()[1] < name.get_top()[1] and name.get_bottom()[1] < number.get_top()[1]
                )


def test_field_arrow_runs_from_tail_to_head_with_arrow_proportions():
    start, end = np.array([1.0, -0.5, 0.0]), np.array([1.6, 0.3, 0.0])
    arrow = FieldArrow(start, end, stroke_width=2.45)
    assert arrow.get_start() == pytest.approx(start) and arrow.get_end() == pytest.approx(end)
    along = (end - start) / np.linalg.norm(end - start)
    across = np.array([-along[1], along[0], 0.0])
    offsets = (arrow.get_anchors() - start) @ across
    # head as wide as it is long (0.35 of the length), shaft 0.0245 units wide
    assert offsets.max() - offsets.min() == pytest.approx(0.35)
    assert sorted(set(np.round(np.abs(offsets), 6)) - {0.0}) == pytest.approx([0.01225, 0.175])
    # one filled outline, no stroke: a single shape to draw
    assert arrow.get_stroke_width() == 0 and not arrow.submobjects


def test_field_arrow_grows_from_its_tail():
    arrow = FieldArrow(np.array([0.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
    grow = GrowArrow(arrow)
    grow.begin()
    assert np.allclose(grow.starting_mobject.points, arrow.get_start())
    grow.finish()
    assert arrow.get_end() == pytest.approx([0.0, 1.0, 0.0])
