"""RegressionPanel: the line in data space and the walker in parameter space come from the
same step of one trajectory; the lesson's demo ends at b0 = 0.45, b1 = 1.85."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.regression_panel import RegressionPanel, clip_segment_to_box, padded_domain  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.regression import LESSON_DEMO  # noqa: E402

DATA_DOMAIN = Domain(((0, 5), (0, 10)))
PARAMETER_DOMAIN = Domain(((-0.5, 1.5), (-0.5, 2.5)))


@pytest.fixture(scope="module")
def run():
    return LESSON_DEMO.run()


@pytest.fixture()
def panel(run):
    return RegressionPanel(
        LESSON_DEMO.data, run, data_domain=DATA_DOMAIN, parameter_domain=PARAMETER_DOMAIN, levels=6
    )


def on_line(panel, b0, b1, point) -> bool:
    x, y = panel.data_axes.p2c(point)[:2]
    return abs(y - (b0 + b1 * x)) < 1e-6


def test_line_and_walker_show_the_same_step(panel, run):
    for s in (0, 1, 2.5, 37, 100):
        panel.show_step(s)
        k = int(np.floor(s))
        b0, b1 = run.points[k] if s == k else run.points[k] + (s - k) * (run.points[k + 1] - run.points[k])
        assert panel.walker.marker.get_center() == pytest.approx(panel.parameter_axes.c2p(b0, b1), abs=1e-9)
        assert (panel.fit.b0, panel.fit.b1) == pytest.approx((b0, b1), abs=1e-12)
        assert on_line(panel, b0, b1, panel.line.get_start()) and on_line(panel, b0, b1, panel.line.get_end())


def test_residuals_run_from_each_point_to_the_line(panel, run):
    panel.show_step(1)
    data = LESSON_DEMO.data
    for segment, x, y, y_hat in zip(panel.residuals, data.x, data.y, panel.fit.predictions):
        ends = sorted([panel.data_axes.p2c(segment.get_start())[:2], panel.data_axes.p2c(segment.get_end())[:2]], key=lambda p: p[1])
        assert ends[0] == pytest.approx([x, y_hat], abs=1e-6)
        assert ends[1] == pytest.approx([x, y], abs=1e-6)
    # Step 1 by hand: (b0, b1) = (0.1, 0.3), so y_hat = 0.4, 0.7, 1.0, 1.3.
    assert panel.fit.predictions == pytest.approx([0.4, 0.7, 1.0, 1.3])


def test_the_demo_ends_at_the_lessons_numbers_short_of_least_squares(panel, run):
    panel.show_step(run.n_steps)
    assert f"{panel.fit.b0:.2f}, {panel.fit.b1:.2f}" == "0.45, 1.85"
    assert panel.least_squares == pytest.approx([0.0, 2.0], abs=1e-9)
    assert panel.target.get_center() == pytest.approx(panel.parameter_axes.c2p(0, 2), abs=1e-9)
    assert np.linalg.norm(panel.walker.marker.get_center() - panel.target.get_center()) > 0.2


def test_the_two_views_sit_side_by_side_and_follow_a_move(panel, run):
    assert panel.data_view.get_right()[0] < panel.parameter_view.get_left()[0]
    panel.scale(0.8).shift([0.5, -1.0, 0])
    panel.show_step(10)
    assert panel.walker.marker.get_center() == pytest.approx(panel.parameter_axes.c2p(*run.points[10]), abs=1e-9)
    assert on_line(panel, *run.points[10], panel.line.get_end())


def test_clip_segment_to_box():
    box = Domain(((0, 5), (0, 10)))
    start, end = clip_segment_to_box(np.array([0.0, -2.0]), np.array([5.0, 18.0]), box)  # y = 4x - 2
    assert start == pytest.approx([0.5, 0.0]) and end == pytest.approx([3.0, 10.0])
    assert clip_segment_to_box(np.array([0.0, 11.0]), np.array([5.0, 12.0]), box) is None
    inside = clip_segment_to_box(np.array([1.0, 1.0]), np.array([2.0, 2.0]), box)
    assert inside[0] == pytest.approx([1, 1]) and inside[1] == pytest.approx([2, 2])


def test_default_domains_hold_the_data_and_the_path(run):
    data = LESSON_DEMO.data
    box = padded_domain(np.column_stack([data.x, data.y]))
    assert all(box.contains(p) for p in np.column_stack([data.x, data.y]))
    panel = RegressionPanel(data, run, levels=4)
    assert all(panel.parameter_domain.contains(p) for p in run.points)
    assert panel.parameter_domain.contains(panel.least_squares)


def test_the_scene_shows_the_printed_result():
    from gradanim.scenes.linear_regression import LinearRegression

    scene = LinearRegression.__new__(LinearRegression)
    scene.compute()
    assert scene.printed == "Learned parameters: b0=0.45, b1=1.85"
    assert scene.trajectory.n_steps == 100
