"""Critical points and their classification against known results."""

from __future__ import annotations

import numpy as np
import pytest

from gradanim.core.critical import Kind, classify, critical_points, neighbourhood
from gradanim.core.domain import Domain
from gradanim.core.objective import Objective


def kinds(text, domain=None, **kw):
    cps = critical_points(Objective.from_text(text), domain, **kw)
    return [(np.round(c.point, 6).tolist(), c.kind) for c in cps]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("x^2 + 3y^2", [([0, 0], Kind.MINIMUM)]),
        ("-x^2 - y^2 + x*y", [([0, 0], Kind.MAXIMUM)]),
        ("x^2 - y^2", [([0, 0], Kind.SADDLE)]),
        ("x^3 - 3x*y^2", [([0, 0], Kind.DEGENERATE)]),  # the monkey saddle: the test says nothing
        ("x^4 + y^4", [([0, 0], Kind.DEGENERATE)]),  # a minimum the Hessian cannot see
        ("(1-x)^2 + 100(y-x^2)^2", [([1, 1], Kind.MINIMUM)]),  # Rosenbrock
    ],
)
def test_standard_functions(text, expected):
    assert kinds(text) == expected


def test_himmelblau_has_four_minima_of_value_zero_numerically_and_exactly():
    f = Objective.from_text("(x^2 + y - 11)^2 + (x + y^2 - 7)^2")
    box = Domain(((-5, 5), (-5, 5)))
    for exact in (True, False):
        cps = critical_points(f, box, exact=exact)
        minima = [c for c in cps if c.kind == Kind.MINIMUM]
        assert len(minima) == 4
        assert all(abs(c.value) < 1e-9 for c in minima)
        assert any(np.allclose(c.point, [3, 2], atol=1e-8) for c in minima)
        assert sum(c.kind == Kind.MAXIMUM for c in cps) == 1
        assert sum(c.kind == Kind.SADDLE for c in cps) == 4


def test_transcendental_function_solved_numerically():
    cps = critical_points(Objective.from_text("sin(x)*cos(y)"), Domain(((-3, 3), (-3, 3))))
    found = {(round(c.point[0], 6), round(c.point[1], 6)): c.kind for c in cps}
    h = round(np.pi / 2, 6)
    assert found == {(h, 0): Kind.MAXIMUM, (-h, 0): Kind.MINIMUM, (0, h): Kind.SADDLE, (0, -h): Kind.SADDLE}


def test_domain_filters_points():
    f = Objective.from_text("x*exp(-x^2 - y^2)")
    assert len(critical_points(f, Domain(((-3, 3), (-3, 3))))) == 2
    only = critical_points(f, Domain(((0, 3), (-3, 3))))
    assert [c.kind for c in only] == [Kind.MAXIMUM]
    assert only[0].point == pytest.approx([np.sqrt(0.5), 0])


def test_line_of_critical_points_is_reported_as_not_isolated():
    (c,) = critical_points(Objective.from_text("x^2", ["x", "y"]))
    assert c.kind == Kind.DEGENERATE and not c.isolated


def test_three_variables():
    (c,) = critical_points(Objective.from_text("x^2 + 2y^2 + 3z^2 - 2x"))
    assert c.point == pytest.approx([1, 0, 0]) and c.kind == Kind.MINIMUM


def test_classify_with_tolerance():
    assert classify(np.diag([1.0, 2.0]))[0] == Kind.MINIMUM
    assert classify(np.diag([-1.0, -2.0]))[0] == Kind.MAXIMUM
    assert classify(np.diag([-1.0, 2.0]))[0] == Kind.SADDLE
    assert classify(np.diag([0.0, 2.0]))[0] == Kind.DEGENERATE
    assert classify(np.diag([1e-12, 2.0]))[0] == Kind.DEGENERATE
    assert classify(np.diag([-1.0, 0.0, 1.0]))[0] == Kind.SADDLE  # indefinite despite a zero
    kind, values, vectors = classify(np.array([[2.0, 1.0], [1.0, 2.0]]))
    assert values == pytest.approx([1.0, 3.0])
    assert np.allclose(np.array([[2.0, 1.0], [1.0, 2.0]]) @ vectors, vectors * values)


@pytest.mark.parametrize("text,rises,falls,kind", [
    ("x^4 + y^4", 1, 0, Kind.MINIMUM),  # zero Hessian, yet a minimum: f > 0 = f(0) off 0
    ("-(x^4 + y^4)", 0, 1, Kind.MAXIMUM),
    ("x^3 - 3x*y^2", 3, 3, Kind.SADDLE),  # Re (x + iy)^3: up at 0, 120, 240 degrees, down between
    ("x^2 - y^2", 2, 2, Kind.SADDLE),
    ("x^2*y", 2, 2, Kind.SADDLE),  # r^3 cos^2 sin: sign of sin, zero at 90 and 270 degrees
    ("x^4 - 6x^2*y^2 + y^4", 4, 4, Kind.SADDLE),  # Re (x + iy)^4: four up, four down
    ("x^2", 2, 0, Kind.MINIMUM),  # a valley floor: never below; equal to f(0) on the y axis, between two arcs
])
def test_neighbourhood_counts_the_ways_up_and_down(text, rises, falls, kind):
    f = Objective.from_text(text, ("x", "y"))
    n = neighbourhood(f, [0, 0], 0.5)
    assert (n.rises, n.falls, n.kind) == (rises, falls, kind)


def test_neighbourhood_where_the_hessian_test_is_silent():
    """Both have a zero Hessian at 0 (degenerate for the second-derivative test); the
    circle tells them apart."""
    for text, expected in (("x^3 - 3x*y^2", Kind.SADDLE), ("x^4 + y^4", Kind.MINIMUM)):
        f = Objective.from_text(text, ("x", "y"))
        (point,) = critical_points(f, Domain(((-1, 1), (-1, 1))))
        assert point.kind == Kind.DEGENERATE and np.allclose(point.hessian, 0)
        assert neighbourhood(f, point.point, 0.3).kind == expected


def test_neighbourhood_of_a_constant_and_bad_radius():
    f = Objective.from_text("0*x + 0*y + 2", ("x", "y"))
    assert neighbourhood(f, [0, 0], 1.0).kind == Kind.DEGENERATE
    with pytest.raises(Exception, match="radius"):
        neighbourhood(Objective.from_text("x*y"), [0, 0], 0.0)
