"""Gradient length against contour spacing, checked on quadratics in closed form."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradanim.core.contours import Grid, contour_lines
from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective
from gradanim.core.steepness import steepness

A = np.array([[2.0, 1.0], [1.0, 6.0]])  # f = x^2 + x y + 3 y^2 = 1/2 x^T A x
F = Objective.from_text("x^2 + x*y + 3y^2")


def ray_distance(gradient, level_change):
    """Closed form along the unit gradient u of f = 1/2 x^T A x:
    f(p + t u) = f(p) + t |g| + t^2/2 u^T A u, solved for the given change of f."""
    norm = np.linalg.norm(gradient)
    c = (gradient / norm) @ A @ (gradient / norm)
    return (-norm + math.sqrt(norm**2 + 2 * c * level_change)) / c


def test_crossings_are_the_closed_form_and_lie_on_their_levels():
    p = np.array([1.0, -0.5])
    s = steepness(F, p, step=0.4)
    g = A @ p
    assert s.norm == pytest.approx(np.linalg.norm(g), rel=1e-14)
    assert s.value == pytest.approx(0.5 * p @ A @ p)
    assert s.above.distance == pytest.approx(ray_distance(g, 0.4), rel=1e-12)
    # going down is the same ray backwards: t -> -t, i.e. solve with -|g|
    norm, c = np.linalg.norm(g), (g @ A @ g) / np.linalg.norm(g) ** 2
    assert s.below.distance == pytest.approx((norm - math.sqrt(norm**2 - 2 * c * 0.4)) / c, rel=1e-12)
    for crossing in (s.above, s.below):
        assert F.value(crossing.point) == pytest.approx(crossing.level, abs=1e-12)
        d = crossing.point - p
        assert d[0] * g[1] - d[1] * g[0] == pytest.approx(0, abs=1e-12)  # on the gradient line
    assert s.above.level == pytest.approx(s.value + 0.4) and s.below.level == pytest.approx(s.value - 0.4)


@pytest.mark.parametrize("point", [(1.0, -0.5), (0.3, 0.8), (-2.0, 0.1)])
def test_level_step_over_spacing_tends_to_the_gradient_length_like_the_step_squared(point):
    errors = []
    steps = [0.2, 0.1, 0.05, 0.025]
    for step in steps:
        s = steepness(F, point, step=step)
        errors.append(abs(s.estimate - s.norm) / s.norm)
    # a central difference: halving the step quarters the error (first-order terms cancel)
    ratios = np.array(errors[:-1]) / np.array(errors[1:])
    assert np.all((ratios > 3.5) & (ratios < 4.5)), ratios
    assert errors[-1] < 1e-3
    # one side alone is a one-sided difference: error halves with the step
    one_sided = [abs(0.05 / steepness(F, point, step=0.05).above.distance - np.linalg.norm(A @ point)),
                 abs(0.025 / steepness(F, point, step=0.025).above.distance - np.linalg.norm(A @ point))]
    assert 1.7 < one_sided[0] / one_sided[1] < 2.3


def test_contours_crowd_where_the_gradient_is_long():
    """x^2 + 10 y^2 with levels 1 apart: at (0, 1) the gradient is 10x longer than at (1, 0)
    and the level lines are about 10x closer together."""
    f = Objective.from_text("x^2 + 10y^2")
    levels = np.arange(0.5, 20.0, 1.0)
    steep, gentle = steepness(f, [0.0, 1.0], levels=levels), steepness(f, [1.0, 0.0], levels=levels)
    assert steep.norm / gentle.norm == pytest.approx(20.0 / 2.0)
    assert gentle.spacing / steep.spacing == pytest.approx(10.0, rel=0.05)
    assert (steep.above.level, steep.below.level) == (10.5, 9.5)
    assert (gentle.above.level, gentle.below.level) == (1.5, 0.5)
    # the crossings lie on the contour lines the map draws (contourpy's, refined onto the level)
    lines = contour_lines(Grid.sample(f, Domain(((-2.0, 2.0), (-1.5, 1.5))), 401), [10.5], objective=f)[10.5]
    nearest = min(np.linalg.norm(line - steep.above.point, axis=1).min() for line in lines)
    assert nearest < 0.01


@settings(max_examples=40, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(0.01, 2.0))
def test_each_crossing_is_the_first_along_the_ray(x, y, step):
    p = np.array([x, y])
    if np.linalg.norm(A @ p) < 1e-3:
        return
    s = steepness(F, p, step=step)
    assert s.above.distance == pytest.approx(ray_distance(A @ p, step), rel=1e-9)
    # below: on a bowl the value falls to the bottom of the ray's parabola, then rises again;
    # no crossing when the step is deeper than the ray goes
    g = A @ p
    norm, c = np.linalg.norm(g), (g @ A @ g) / np.linalg.norm(g) ** 2
    if norm**2 - 2 * c * step >= 0:
        assert s.below.distance == pytest.approx((norm - math.sqrt(norm**2 - 2 * c * step)) / c, rel=1e-7)
    else:
        assert s.below is None and math.isnan(s.spacing)
        assert s.estimate == pytest.approx(step / s.above.distance)


def test_levels_missing_on_one_side_and_undefined_regions():
    f = Objective.from_text("x^2 + y^2")
    s = steepness(f, [1.0, 0.0], levels=[4.0])
    assert s.below is None and s.above.point == pytest.approx([2.0, 0.0])
    assert s.estimate == pytest.approx(3.0 / 1.0)
    # log(x) + y falls without bound towards x = 0, where it stops being defined: -3 is
    # reached before
    g = Objective.from_text("log(x) + y")
    s = steepness(g, [1.0, 0.0], levels=[-3.0, 2.0])
    assert s.below is not None and g.value(s.below.point) == pytest.approx(-3.0, abs=1e-9)
    assert 0 < s.below.point[0] < 1
    # sqrt(x) stops being defined at x = 0, where f = 0 > 1 - 2: no crossing below
    h = Objective.from_text("sqrt(x)")
    assert steepness(h, [1.0], step=2.0).below is None


@pytest.mark.parametrize(
    "call, text",
    [
        (lambda: steepness(F, [0.0, 0.0], step=0.1), "gradient is zero"),
        (lambda: steepness(Objective.from_text("abs(x) + y^2"), [0.0, 1.0], step=0.1), "no steepness"),
        (lambda: steepness(F, [1.0, 1.0]), "either"),
        (lambda: steepness(F, [1.0, 1.0], step=0.1, levels=[1.0]), "either"),
        (lambda: steepness(F, [1.0, 1.0], step=-1.0), "step"),
        (lambda: steepness(F, [1.0, 1.0], levels=[math.nan]), "finite"),
    ],
)
def test_bad_input(call, text):
    with pytest.raises(OptionError, match=text):
        call()


def test_docstring_examples():
    import doctest

    from gradanim.core import steepness

    assert doctest.testmod(steepness).failed == 0
