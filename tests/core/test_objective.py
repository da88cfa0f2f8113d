"""Objective: exact derivatives against hand-derived closed forms and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective


def test_ceo_gradient_at_2_3_is_6_2():
    # Lesson 2 ("Let's Solve Your CEO Problem"): the gradient at Price = 2, Ad spend = 3 is (6, 2).
    f = Objective.from_text("x^2*y/2")
    assert f.gradient([2, 3]).tolist() == [6.0, 2.0]


def test_exact_gradient_and_hessian_match_hand_derivation():
    f = Objective.from_text("x^2 + 3y^2 + x*y")
    x, y = f.variables
    assert [sympy.simplify(g - h) for g, h in zip(f.gradient_exprs, (2 * x + y, 6 * y + x))] == [0, 0]
    assert f.hessian_exprs == sympy.Matrix([[2, 1], [1, 6]])
    assert f.hessian([5.0, -7.0]).tolist() == [[2.0, 1.0], [1.0, 6.0]]


def test_constant_hessian_broadcasts_to_grid_shape():
    # lambdify returns a scalar for a constant expression (sympy #18347): shapes must still match.
    f = Objective.from_text("x^2 + 3y^2")
    X, Y = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-2, 2, 4))
    assert f.hessian_on(X, Y).shape == (2, 2, 4, 5)
    assert np.all(f.hessian_on(X, Y)[1, 1] == 6.0)
    assert f.gradient_on(X, Y).shape == (2, 4, 5)
    assert Objective.from_text("3 + 0*x", ["x", "y"]).value_on(X, Y).shape == (4, 5)


def test_undefined_points_give_nan_not_errors():
    f = Objective.from_text("log(x) + 1/y")
    assert np.isnan(f.value([-1.0, 1.0]))
    assert not np.isfinite(f.value([1.0, 0.0]))
    grid = f.value_on(np.array([-1.0, 1.0]), np.array([1.0, 1.0]))
    assert np.isnan(grid[0]) and grid[1] == pytest.approx(1.0)


def test_strings_are_never_sympified():
    with pytest.raises(TypeError):
        Objective("__import__('os').system('echo pwned')", sympy.symbols("x"))


def test_three_variables_gradient():
    f = Objective.from_text("x*y*z + z^2")
    assert f.names == ("x", "y", "z")
    assert f.gradient([1, 2, 3]).tolist() == [6.0, 3.0, 8.0]


def test_directional_derivative_extremes():
    f = Objective.from_text("x^2*y/2")
    p = [2.0, 3.0]
    g = f.gradient(p)
    assert f.directional_derivative(p, g) == pytest.approx(np.linalg.norm(g))  # along the gradient: |grad|
    assert f.directional_derivative(p, [-g[1], g[0]]) == pytest.approx(0.0, abs=1e-12)  # along the contour
    assert f.directional_derivative(p, -g) == pytest.approx(-np.linalg.norm(g))
    assert f.directional_derivative(p, [1, 0]) == pytest.approx(6.0)  # "step east"
    with pytest.raises(OptionError):
        f.directional_derivative(p, [0, 0])


def test_slice_is_f_with_other_variable_fixed_and_slope_is_partial():
    f = Objective.from_text("x^2*y/2 + sin(y)")
    s = f.slice("x", [2.0, 3.0])
    t = np.linspace(-2, 2, 9)
    assert np.allclose(s.value_on(t), f.value_on(t, np.full_like(t, 3.0)))
    assert s.slope() == pytest.approx(f.gradient([2.0, 3.0])[0])
    sy = f.slice(1, [2.0, 3.0])
    assert sy.slope() == pytest.approx(f.gradient([2.0, 3.0])[1])


def test_tangent_plane_and_quadratic_model():
    f = Objective.from_text("exp(x) * cos(y)")
    p = np.array([0.3, -0.4])
    plane, quad = f.tangent_plane(p), f.quadratic_model(p)
    assert plane.value_on(*p) == pytest.approx(f.value(p))
    h = 1e-3
    q = p + np.array([h, -h])
    # Error orders: plane O(h^2), quadratic O(h^3).
    assert abs(plane.value_on(*q) - f.value(q)) < 5 * h**2
    assert abs(quad.value_on(*q) - f.value(q)) < 5 * h**3
    # The quadratic model of a quadratic is the function itself.
    g = Objective.from_text("x^2 + 3x*y - y^2 + 2x")
    m = g.quadratic_model([1.0, 2.0])
    X, Y = np.meshgrid(np.linspace(-3, 3, 7), np.linspace(-3, 3, 7))
    assert np.allclose(m.value_on(X, Y), g.value_on(X, Y))


def test_model_error_on_a_circle_against_closed_forms():
    # x^2 + y^2 at p: the plane misses by exactly r^2 everywhere on the circle of radius r;
    # the quadratic model is the function itself.
    f = Objective.from_text("x^2 + y^2")
    p = [0.7, -0.2]
    for r in (0.1, 0.5, 2.0):
        assert f.model_error(f.tangent_plane(p), r) == pytest.approx(r**2)
        assert f.model_error(f.quadratic_model(p), r) == pytest.approx(0.0, abs=1e-12)
    # sin(x) at 0: plane x, error |sin x - x| largest along the x axis: r - sin r;
    # quadratic model the same (f'' = 0 there).
    g = Objective.from_text("sin(x)", ("x", "y"))
    assert g.model_error(g.tangent_plane([0, 0]), 1.0) == pytest.approx(1 - np.sin(1.0), rel=1e-9)
    # exp(x) at 0 along +x: plane 1 + x misses by e^r - 1 - r, the quadratic by e^r - 1 - r - r^2/2.
    e = Objective.from_text("exp(x)", ("x", "y"))
    assert e.model_error(e.tangent_plane([0, 0]), 0.5) == pytest.approx(np.exp(0.5) - 1.5, rel=1e-9)
    assert e.model_error(e.quadratic_model([0, 0]), 0.5) == pytest.approx(np.exp(0.5) - 1.625, rel=1e-9)


# Finite differences on random smooth functions and points.
TERMS = ["x^2", "y^3", "x*y", "sin(x)", "cos(y)", "exp(x/3)", "x*sin(y)", "y*exp(-x^2)", "sqrt(x^2+1)"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(TERMS), st.integers(-3, 3)), min_size=1, max_size=4),
    st.floats(-2, 2),
    st.floats(-2, 2),
)
def test_gradient_and_hessian_match_finite_differences(terms, px, py):
    text = " + ".join(f"({c})*({t})" for t, c in terms)
    f = Objective.from_text(text, ["x", "y"])
    p = np.array([px, py])
    h = 1e-5
    fd_grad = np.array([(f.value(p + h * e) - f.value(p - h * e)) / (2 * h) for e in np.eye(2)])
    assert np.allclose(f.gradient(p), fd_grad, rtol=1e-5, atol=1e-5)
    fd_hess = np.array([(f.gradient(p + h * e) - f.gradient(p - h * e)) / (2 * h) for e in np.eye(2)])
    assert np.allclose(f.hessian(p), fd_hess, rtol=1e-4, atol=1e-4)
    assert np.allclose(f.hessian(p), f.hessian(p).T)


def test_wrong_point_length_is_a_clear_error():
    f = Objective.from_text("x + y")
    with pytest.raises(OptionError, match="needs 2 coordinates"):
        f.value([1.0])
