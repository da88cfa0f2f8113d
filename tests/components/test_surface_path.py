"""SurfacePath: iterates lifted to z = f(x, y) from the core, in step with the 2D walker."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.axes import PlotAxes  # noqa: E402
from gradanim.components.descent import DescentWalker, WalkStep  # noqa: E402
from gradanim.components.surface import SurfacePlot  # noqa: E402
from gradanim.components.surface_path import RollStep, SurfacePath  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.trajectory import descend  # noqa: E402

BOWL = Objective.from_text("x^2 + 3y^2")
DOMAIN = Domain(((-3, 3), (-2, 2)))


@pytest.fixture(scope="module")
def plot():
    return SurfacePlot(BOWL, DOMAIN, resolution=8, contour_levels=0)


@pytest.fixture(scope="module")
def trajectory():
    return descend(BOWL, [-2.5, 1.5], "gd", lr=0.25, steps=40, tol=1e-4)


def test_iterates_are_lifted_to_the_recorded_values(plot, trajectory):
    path = SurfacePath(trajectory, plot)
    xyz = plot.from_scene(path.points3d)
    assert np.allclose(xyz[:, :2], trajectory.points)
    assert np.allclose(xyz[:, 2], trajectory.values)
    assert np.allclose(xyz[:, 2], xyz[:, 0] ** 2 + 3 * xyz[:, 1] ** 2)  # z = f(x, y), by hand


def test_ball_rolls_over_the_graph_and_lands_on_each_iterate(plot, trajectory):
    path = SurfacePath(trajectory, plot, samples_per_step=16)
    path.jump_to(3)
    assert np.allclose(path.ball.get_center(), path.points3d[3])
    anim = RollStep(path, 3)
    anim.interpolate_mobject(0.5)
    x, y, z = plot.from_scene(path.ball.get_center()[None, :])[0]
    assert z == pytest.approx(x**2 + 3 * y**2, rel=0.02)  # on the surface between iterates
    anim.interpolate_mobject(1.0)
    assert np.allclose(path.ball.get_center(), path.points3d[4])
    trail = plot.from_scene(path.trail.get_anchors())
    for p in trajectory.points[:5]:
        assert np.min(np.linalg.norm(trail[:, :2] - p, axis=1)) < 1e-9
    shadow = plot.from_scene(path.shadow.get_center()[None, :])[0]
    assert shadow == pytest.approx([*trajectory.points[4], plot.floor])


def test_in_step_with_the_2d_walker(plot, trajectory):
    axes = PlotAxes(DOMAIN, max_width=4, max_height=3)
    walker = DescentWalker(trajectory, axes)
    path = SurfacePath(trajectory, plot)
    assert path.n_visible_steps == walker.n_visible_steps
    roll, walk = RollStep(path, 2), WalkStep(walker, 2)
    for alpha in (0.25, 0.5, 0.8):
        roll.interpolate_mobject(alpha)
        walk.interpolate_mobject(alpha)
        on_map = axes.p2c(walker.marker.get_center())
        on_surface = plot.from_scene(path.ball.get_center()[None, :])[0, :2]
        assert on_surface == pytest.approx(on_map, abs=1e-9)


def test_a_diverging_run_stops_at_the_edge(plot):
    wild = descend(BOWL, [-2.5, 1.5], "gd", lr=0.4, steps=60)
    path = SurfacePath(wild, plot)
    assert path.leaves_plot
    assert all(DOMAIN.contains(p) for p in wild.points[: path.n_visible_steps + 1])
    with pytest.raises(IndexError):
        RollStep(path, path.n_visible_steps)
