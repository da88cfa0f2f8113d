"""The turning unit vector and the D_u f plot, checked by geometry against the core."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.axes import PlotAxes  # noqa: E402
from gradanim.components.directional import DirectionalPlot, DirectionDial, TurnDirection  # noqa: E402
from gradanim.core.directional import TAU, directional_profile, unit_vector  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.lesson_functions import CEO, NORTHEAST  # noqa: E402


@pytest.fixture(scope="module")
def objective():
    return CEO.objective()


@pytest.fixture(scope="module")
def profile(objective):
    return directional_profile(objective, CEO.point, extra={"northeast": NORTHEAST})


@pytest.fixture(scope="module")
def axes():
    return PlotAxes(Domain(((0, 4), (1, 5))), max_width=6, max_height=6)


@pytest.fixture(scope="module")
def plot(profile):
    return DirectionalPlot(profile, width=5.0, height=2.4)


def test_plotted_curve_is_the_cores_directional_derivative(plot, profile, objective):
    pts = plot.curve_points()
    xy = np.array([plot.axes.p2c(p)[:2] for p in pts])
    assert xy[:, 0] == pytest.approx(profile.angles)
    expected = [objective.directional_derivative(CEO.point, u) for u in unit_vector(profile.angles)]
    assert xy[:, 1] == pytest.approx(expected, abs=1e-9)
    # The drawn curve passes through those points (smooth interpolation keeps the anchors).
    anchors = np.array([plot.axes.p2c(p)[:2] for p in plot.curve.get_anchors()])
    for a in xy[::37]:
        assert np.min(np.linalg.norm(anchors - a, axis=1)) < 1e-9


def test_maximum_at_the_gradient_angle_with_value_norm_of_gradient(plot, profile, objective):
    g = objective.gradient(CEO.point)
    dot = plot.marks["gradient"][0]
    theta, value = plot.axes.p2c(dot.get_center())[:2]
    assert theta == pytest.approx(np.arctan2(g[1], g[0]))
    assert value == pytest.approx(np.linalg.norm(g))
    # ...and no point of the curve is higher.
    ys = [plot.axes.p2c(p)[1] for p in plot.curve_points()]
    assert max(ys) == pytest.approx(np.linalg.norm(g))
    low = plot.marks["opposite"][0]
    assert plot.axes.p2c(low.get_center())[1] == pytest.approx(-np.linalg.norm(g))
    for zero in plot.marks["contour"]:
        assert plot.axes.p2c(zero.get_center())[1] == pytest.approx(0, abs=1e-12)


def test_tracker_and_readouts_follow_the_angle(plot, profile):
    ne = profile.mark("northeast")[0]
    plot.set_angle(ne.angle)
    theta, value = plot.axes.p2c(plot.tracker_dot.get_center())[:2]
    assert theta == pytest.approx(np.pi / 4)
    assert value == pytest.approx(8 / np.sqrt(2))
    assert plot.value_readout.text == "5.657"
    assert plot.angle_readout.text == "45.0"
    plot.set_angle(ne.angle + TAU)  # a whole turn later: the same place
    assert plot.axes.p2c(plot.tracker_dot.get_center())[0] == pytest.approx(np.pi / 4)
    plot.set_angle(profile.contour_marks[0].angle)
    assert plot.value_readout.text == "0.000"
    # The angle to a tenth of a degree: the level line of x^2 y / 2 at (2, 3) is at 108.4, not 108
    # (where D_u f = 0.047).
    assert plot.angle_readout.text == "108.4"


def test_plot_labels_stay_clear_of_each_other(plot):
    boxes = [(m.get_left()[0], m.get_bottom()[1], m.get_right()[0], m.get_top()[1]) for m in plot.mark_labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    left, right = plot.axes.c2p(0, 0)[0], plot.axes.c2p(TAU, 0)[0]
    for lab in plot.mark_labels:
        assert lab.get_left()[0] >= left - 1e-9 and lab.get_right()[0] <= right + 1e-9


def test_dial_arrow_points_along_u_and_projection_foot_is_d_u_f_to_scale(profile, axes):
    dial = DirectionDial(profile, axes, angle=np.pi / 4, radius=0.9)
    centre = np.asarray(axes.c2p(*CEO.point))
    assert dial.dot.get_center() == pytest.approx(centre)
    for theta in (np.pi / 4, 1.0, 2.5, profile.minimum.angle):
        dial.set_angle(theta)
        d = dial.u_arrow.get_end() - dial.u_arrow.get_start()
        assert d[:2] / np.linalg.norm(d[:2]) == pytest.approx(unit_vector(theta), abs=1e-9)
        assert np.linalg.norm(d) == pytest.approx(0.9 * dial.unit)
        foot = dial.foot(theta) - centre
        assert foot[:2] / dial.scale_factor == pytest.approx(profile.value_at(theta) * unit_vector(theta), abs=1e-9)
        # The foot is the orthogonal projection of the gradient arrow's tip onto u's line
        # (up to interpolating between the core's half-degree samples at theta = 1.0, 2.5).
        tip = dial.gradient_tip - centre
        assert (tip - foot) @ np.append(unit_vector(theta), 0) == pytest.approx(0, abs=1e-4)
    g = dial.gradient_arrow.get_end() - dial.gradient_arrow.get_start()
    assert g[:2] / np.linalg.norm(g[:2]) == pytest.approx(profile.gradient / profile.magnitude)


def test_turn_animation_ends_at_its_target(profile, axes, plot):
    dial = DirectionDial(profile, axes, angle=0.0)
    animation = TurnDirection([dial, plot], 0.0, 1.2)
    animation.begin()
    animation.interpolate(1.0)
    assert dial.angle == pytest.approx(1.2) and plot.angle == pytest.approx(1.2)
