"""The hiker's probe against hand numbers, closed forms and convergence orders."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective
from gradanim.core.probe import Slope, probe, probes_along
from gradanim.core.trajectory import descend

HILL = "4 - sqrt(1 + (x-1)^2/2 + (y-0.5)^2)"


def test_hand_numbers_for_a_bowl():
    # f = x^2 + 3y^2 at (1, 2), h = 0.5: f = 13, east 1.5^2 + 12 = 14.25, north 1 + 3*2.5^2 = 19.75.
    p = probe(Objective.from_text("x^2 + 3y^2"), (1.0, 2.0), 0.5)
    assert p.value == 13.0
    assert p.stepped.tolist() == [14.25, 19.75]
    assert p.rises.tolist() == [1.25, 6.75]
    assert p.slopes.tolist() == [2.5, 13.5]
    assert p.partials.tolist() == [2.0, 12.0]
    # Forward difference of a quadratic: the error is exactly (f''/2) h = a h per axis.
    assert p.errors.tolist() == pytest.approx([1 * 0.5, 3 * 0.5])
    assert (p.rise_east, p.rise_north, p.slope_east, p.slope_north) == (1.25, 6.75, 2.5, 13.5)
    assert (p.partial_east, p.partial_north) == (2.0, 12.0)
    assert p.step_point(0).tolist() == [1.5, 2.0]
    assert p.step_point(1).tolist() == [1.0, 2.5]


def test_linear_function_is_probed_exactly_for_any_step():
    f = Objective.from_text("3x - 2y + 5")
    for h in (1e-3, 0.1, 0.7, 4.0):
        p = probe(f, (0.3, -1.2), h)
        assert p.slopes == pytest.approx([3.0, -2.0], abs=1e-12)
        assert p.rises == pytest.approx([3 * h, -2 * h], abs=1e-12)
        assert p.estimated_gradient == pytest.approx(p.gradient, abs=1e-12)


@pytest.mark.parametrize("point", [(-2.8, -2.2), (0.0, 1.5), (2.5, -0.4)])
def test_forward_estimate_converges_with_order_one(point):
    f = Objective.from_text(HILL)
    hs = np.array([0.1, 0.05, 0.025, 0.0125])
    errors = np.array([np.abs(probe(f, point, h).errors) for h in hs])  # (4, 2)
    assert np.all(errors[-1] < 2e-2)
    for axis in range(2):
        # error ~ C h: halving h halves the error (ratio -> 2).
        ratios = errors[:-1, axis] / errors[1:, axis]
        assert ratios[-1] == pytest.approx(2.0, rel=0.08)
        # and the error matches the Taylor term f_ii h / 2 (second derivative from the Hessian).
        curvature = f.hessian(point)[axis, axis]
        assert errors[-1, axis] == pytest.approx(abs(curvature) * hs[-1] / 2, rel=0.05)


def test_central_estimate_converges_with_order_two():
    f = Objective.from_text(HILL)
    point = (-1.0, 2.0)
    e1 = np.abs(probe(f, point, 0.02, scheme="central").errors)
    e2 = np.abs(probe(f, point, 0.01, scheme="central").errors)
    assert e1 / e2 == pytest.approx([4.0, 4.0], rel=0.05)


def test_exact_partials_match_closed_form_of_the_hill():
    # d/dx [4 - sqrt(1 + (x-1)^2/2 + (y-1/2)^2)] = -((x-1)/2) / sqrt(...), likewise for y.
    f = Objective.from_text(HILL)
    x, y = -2.8, -2.2
    root = math.sqrt(1 + (x - 1) ** 2 / 2 + (y - 0.5) ** 2)
    p = probe(f, (x, y), 0.3)
    assert p.partials == pytest.approx([-((x - 1) / 2) / root, -(y - 0.5) / root], rel=1e-12)
    assert p.gradient_norm == pytest.approx(math.hypot(*p.partials))
    assert np.linalg.norm(p.ascent_direction) == pytest.approx(1.0)
    # Below and west of the summit (1, 0.5): stepping east and north both climb.
    assert p.signs == (Slope.UP, Slope.UP)


def test_signs_up_down_and_flat():
    f = Objective.from_text("x^2 + 3y^2")
    p = probe(f, (1.0, -2.0), 0.1)  # east climbs, north (towards y = 0) descends
    assert p.rise_east > 0 and p.rise_north < 0
    assert p.signs == (Slope.UP, Slope.DOWN)
    q = probe(Objective.from_text("x^2", ("x", "y")), (1.0, 0.0), 0.1)
    assert q.signs == (Slope.UP, Slope.FLAT)
    assert str(Slope.UP) == "up"


def test_probes_along_a_trajectory_follow_its_points():
    f = Objective.from_text(HILL)
    t = descend(f, (-2.8, -2.2), "gd", lr=0.9, steps=20, tol=1e-2, maximize=True)
    probes = probes_along(f, t, [0, 3, -1], h=0.2)
    assert [pr.point.tolist() for pr in probes] == [t.points[0].tolist(), t.points[3].tolist(), t.points[-1].tolist()]
    for pr, k in zip(probes, [0, 3, len(t.points) - 1]):
        assert pr.partials == pytest.approx(t.gradients[k], rel=1e-12)
    # Gradient ascent steps along +grad f, the direction the probe assembles.
    step = t.steps[0] / np.linalg.norm(t.steps[0])
    assert step == pytest.approx(probes[0].ascent_direction, abs=1e-12)
    with pytest.raises(OptionError):
        probes_along(f, t, [len(t.points)])


@pytest.mark.parametrize("h", [0, -0.1, float("nan"), float("inf"), True, "0.1"])
def test_bad_steps_are_refused(h):
    with pytest.raises(OptionError):
        probe(Objective.from_text("x^2 + y^2"), (0.0, 0.0), h)


def test_bad_scheme_point_or_domain_are_refused():
    f = Objective.from_text("x^2 + y^2")
    with pytest.raises(OptionError):
        probe(f, (0.0, 0.0), 0.1, scheme="backward")
    with pytest.raises(OptionError):
        probe(f, (0.0, 0.0, 1.0), 0.1)
    with pytest.raises(OptionError):
        probe(Objective.from_text("log(x) + y"), (0.0, 1.0), 0.1)  # log(0) is not finite
    one_d = probe(Objective.from_text("x^2"), (1.0,), 0.1)
    assert one_d.rise_east == pytest.approx(0.21)
    with pytest.raises(OptionError):
        _ = one_d.rise_north


def test_records_are_read_only():
    p = probe(Objective.from_text("x^2 + y^2"), (1.0, 1.0), 0.1)
    with pytest.raises(ValueError):
        p.rises[0] = 0.0
    d = p.as_dict()
    assert d["signs"] == ["up", "up"] and d["h"] == 0.1
