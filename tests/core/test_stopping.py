"""Stopping too early: the remaining distance to the minimum, against closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError
from gradanim.core.lesson_functions import PROBLEM_3
from gradanim.core.objective import Objective
from gradanim.core.stopping import remaining, stopping_comparison
from gradanim.core.trajectory import Status, descend

# f = (x - 1)^2 + 10 (y + 2)^2 = 1/2 e^T diag(2, 20) e with e = (x - 1, y + 2): minimum (1, -2)
F = Objective.from_text("(x - 1)^2 + 10(y + 2)^2")
H = np.diag([2.0, 20.0])
MINIMUM = np.array([1.0, -2.0])


def closed_form_stop(start, lr, tol):
    """gd on the quadratic: e_k = (I - lr H)^k e_0; the first k with |H e_k| < tol."""
    e = np.asarray(start, dtype=float) - MINIMUM
    k = 0
    while np.linalg.norm(H @ e) >= tol:
        e = (np.eye(2) - lr * H) @ e
        k += 1
    return k, MINIMUM + e


@pytest.mark.parametrize("tol", [2.0, 0.5, 1e-3])
def test_a_loose_tolerance_stops_where_the_closed_form_says(tol):
    run = descend(F, [4.0, -1.0], "gd", lr=0.04, steps=5000, tol=tol)
    stop = remaining(F, run, tol=tol)
    k, point = closed_form_stop([4.0, -1.0], 0.04, tol)
    assert run.status is Status.CONVERGED and run.n_steps == k
    np.testing.assert_allclose(stop.stop, point, rtol=1e-12)
    np.testing.assert_allclose(stop.target.point, MINIMUM, atol=1e-12)
    assert stop.distance == pytest.approx(np.linalg.norm(point - MINIMUM), rel=1e-12)
    np.testing.assert_allclose(stop.offset, MINIMUM - point, atol=1e-12)
    assert stop.value_gap == pytest.approx(F.value(point) - 0.0, rel=1e-12)
    assert stop.gradient_norm < tol
    low, high = stop.distance_bounds
    assert (low, high) == pytest.approx((stop.gradient_norm / 20, stop.gradient_norm / 2))
    assert low <= stop.distance <= high  # |g|/L <= |x - x*| <= |g|/mu, exact for a quadratic


def test_the_flat_direction_keeps_the_run_far_away():
    """With tol 0.5, the run stops with |grad f| < 0.5 but up to 0.25 from the minimum along
    the flat x direction (curvature 2), while the steep y direction is already settled."""
    loose, tight = stopping_comparison(F, [4.0, -1.0], "gd", tolerances=(1e-6, 0.5), lr=0.04)
    assert loose.tol == 0.5 and tight.tol == 1e-6  # loosest first
    assert loose.distance > 0.1 and abs(loose.offset[1]) < 0.05 * abs(loose.offset[0])
    assert tight.distance < 1e-6 and tight.run.n_steps > 3 * loose.run.n_steps
    # the loose run is the tight run cut short
    np.testing.assert_array_equal(tight.run.points[: loose.run.n_steps + 1], loose.run.points)


def test_the_target_is_the_minimum_the_run_was_heading_for():
    """A double well (x^2 - 1)^2 + y^2: minima (-1, 0) and (1, 0), a saddle between."""
    f = Objective.from_text("(x^2 - 1)^2 + y^2")
    domain = Domain(((-2.0, 2.0), (-2.0, 2.0)))
    for start, minimum in (([-1.8, 1.5], -1.0), ([0.2, -1.5], 1.0), ([1.9, 1.9], 1.0)):
        loose, tight = stopping_comparison(f, start, "gd", tolerances=(0.5, 1e-8), lr=0.05, domain=domain)
        assert tight.distance < 1e-7  # the tight run arrives
        np.testing.assert_allclose(loose.target.point, [minimum, 0.0], atol=1e-12)
        np.testing.assert_allclose(tight.target.point, [minimum, 0.0], atol=1e-12)
        assert loose.distance > 0.01


def test_ascent_measures_the_distance_to_the_maximum():
    f = PROBLEM_3.objective()
    run = descend(f, [0.0, 0.0], "gd", lr=0.1, steps=1000, tol=0.5, maximize=True)
    stop = remaining(f, run, domain=PROBLEM_3.domain)
    np.testing.assert_allclose(stop.target.point, PROBLEM_3.point, atol=1e-12)
    assert stop.target.kind.value == "maximum"
    assert stop.value_gap == pytest.approx(stop.target.value - run.final_value)
    low, high = stop.distance_bounds
    assert low <= stop.distance <= high


def test_no_minimum_to_measure_to():
    saddle = Objective.from_text("x^2 - y^2")
    run = descend(saddle, [1.0, 0.0], "gd", lr=0.1, steps=10, tol=0.5)
    with pytest.raises(OptionError, match="no minimum"):
        remaining(saddle, run, domain=Domain(((-2.0, 2.0), (-2.0, 2.0))))
    with pytest.raises(OptionError, match="tolerance"):
        stopping_comparison(F, [4.0, -1.0], tolerances=())


def test_docstring_examples():
    import doctest

    from gradanim.core import stopping

    assert doctest.testmod(stopping).failed == 0
