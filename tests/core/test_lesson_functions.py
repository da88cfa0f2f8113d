"""The lesson's named functions reproduce the numbers the lesson prints."""

from __future__ import annotations

import numpy as np
import pytest

from gradanim.core.critical import Kind, critical_points
from gradanim.core.lesson_functions import (
    CEO,
    HIMMELBLAU,
    NORTHEAST,
    PROBLEM_3,
    REVENUE,
    STUDY,
    STUDY_GRADIENT,
    STUDY_LR,
    is_illustrative,
    rounded,
)
from gradanim.core.trajectory import descend


def test_ceo_gradient_at_price_2_ads_3_is_6_2():
    f = CEO.objective()
    assert f.gradient(CEO.point).tolist() == [6.0, 2.0]
    # "focus 3x more effort on raising price"
    gx, gy = f.gradient(CEO.point)
    assert gx / gy == pytest.approx(3.0)


def test_ceo_northeast_directional_derivative_is_8_over_root_2():
    f = CEO.objective()
    assert f.directional_derivative(CEO.point, NORTHEAST) == pytest.approx(8 / np.sqrt(2), rel=1e-14)
    # Finite difference along the unit northeast vector, independent of the gradient.
    u = np.array(NORTHEAST) / np.linalg.norm(NORTHEAST)
    h = 1e-6
    p = np.array(CEO.point)
    fd = (f.value(p + h * u) - f.value(p - h * u)) / (2 * h)
    assert fd == pytest.approx(8 / np.sqrt(2), rel=1e-8)


def test_problem_3_has_one_critical_point_a_maximum_with_both_eigenvalues_negative():
    f = PROBLEM_3.objective()
    cps = critical_points(f, PROBLEM_3.domain)
    assert len(cps) == 1
    c = cps[0]
    assert c.kind == Kind.MAXIMUM
    assert c.point.tolist() == list(PROBLEM_3.point)
    # Hand computation: H = [[-2, -1], [-1, -2]], eigenvalues -3 and -1; f(2, 1) = 10 + 4 - 4 - 2 - 1.
    assert c.hessian.tolist() == [[-2.0, -1.0], [-1.0, -2.0]]
    assert c.eigenvalues == pytest.approx([-3.0, -1.0])
    assert c.value == pytest.approx(7.0)


def test_himmelblau_has_four_minima_one_maximum_four_saddles():
    cps = critical_points(HIMMELBLAU.objective(), HIMMELBLAU.domain, exact=False)
    kinds = [c.kind for c in cps]
    assert kinds.count(Kind.MINIMUM) == 4
    assert kinds.count(Kind.MAXIMUM) == 1
    assert kinds.count(Kind.SADDLE) == 4
    assert any(np.allclose(c.point, [3, 2]) for c in cps if c.kind == Kind.MINIMUM)


def test_study_gradient_is_the_lessons_to_three_decimals():
    f = STUDY.objective()
    g = f.gradient(STUDY.current)
    assert rounded(g) == STUDY_GRADIENT
    assert g == pytest.approx(STUDY_GRADIENT, abs=1e-12)  # in fact exactly
    # Signs tell the story: Math and English negative (burnout), Science positive.
    assert g[0] < 0 and g[1] < 0 and g[2] > 0
    assert g[1] < g[0]  # English is the most negative


def test_study_gradient_matches_finite_differences():
    f = STUDY.objective()
    p = np.array(STUDY.current)
    h = 1e-5
    for i, expected in enumerate(STUDY_GRADIENT):
        e = np.zeros(3)
        e[i] = h
        assert (f.value(p + e) - f.value(p - e)) / (2 * h) == pytest.approx(expected, abs=1e-9)


def test_study_gpa_is_concave_with_its_maximum_at_the_sweet_spots():
    f = STUDY.objective()
    cps = critical_points(f, None)
    assert len(cps) == 1 and cps[0].kind == Kind.MAXIMUM
    assert cps[0].point == pytest.approx(STUDY.sweet_spots)
    assert cps[0].value == pytest.approx(STUDY.base)
    assert np.all(np.linalg.eigvalsh(f.hessian(STUDY.current)) < 0)
    # Hand value at the current allocation: 3.9 - 0.007*9 - 0.008*36 - 0.0017*25.
    assert f.value(STUDY.current) == pytest.approx(3.5065)


def test_one_ascent_step_moves_hours_by_lr_times_gradient_and_raises_gpa():
    f = STUDY.objective()
    t = descend(f, STUDY.current, "gd", lr=STUDY_LR, steps=1, tol=0, maximize=True)
    assert t.n_steps == 1
    assert t.steps[0] == pytest.approx(STUDY_LR * np.array(STUDY_GRADIENT))
    assert t.points[1] == pytest.approx([10.95, 7.6, 4.425])
    assert t.values[1] > t.values[0]


def test_revenue_reproduces_the_lessons_numbers():
    # grad R(20, 15) = (52.5, 40.0) as the lesson prints it; by hand 90 - 30 - 7.5 and 65 - 15 - 10.
    f = REVENUE.objective()
    assert f.gradient(REVENUE.point).tolist() == [52.5, 40.0]
    peak = [c for c in critical_points(f, REVENUE.domain) if c.kind == Kind.MAXIMUM]
    assert len(peak) == 1 and peak[0].point.tolist() == [46.0, 42.0] and peak[0].value == pytest.approx(3435.0)


def test_made_up_functions_are_known_as_such_however_written():
    assert REVENUE.illustrative and PROBLEM_3.illustrative and STUDY.illustrative
    assert not CEO.illustrative and not HIMMELBLAU.illustrative
    assert is_illustrative(REVENUE.text, REVENUE.variables)
    assert is_illustrative("65q + 90a - 0.75a^2 - q^2/2 - a*q/2", ("a", "q"))  # rewritten, same function
    assert is_illustrative(PROBLEM_3.text) and is_illustrative(STUDY.text, STUDY.variables)
    assert not is_illustrative(CEO.text) and not is_illustrative("5x + 4y - x^2 - y^2")
    assert not is_illustrative(PROBLEM_3.text, ("y", "x"))  # another function of (x, y)
    assert not is_illustrative("not a formula (")
