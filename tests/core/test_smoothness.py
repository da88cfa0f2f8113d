"""Non-smooth formulas (abs, sign, floor, ceil, min, max, atan2): the gradient where it
exists, and a kink or a jump where it does not, against hand-derived truth and one-sided
finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gradanim.core.critical import critical_points
from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective
from gradanim.core.smoothness import Smoothness, shortest_in_hull
from gradanim.core.trajectory import MAX_STEPS, Status, descend

KINK, JUMP, SMOOTH, UNDEFINED = Smoothness.KINK, Smoothness.JUMP, Smoothness.DIFFERENTIABLE, Smoothness.UNDEFINED


@pytest.mark.parametrize("text, point, kind, gradient", [
    # by hand: d|x|/dx = sign(x) off x = 0; |x| has a kink at 0
    ("abs(x) + abs(y)", (1, -2), SMOOTH, (1, -1)),
    ("abs(x) + abs(y)", (0, 1), KINK, None),
    ("abs(x) + abs(y)", (0, 0), KINK, None),
    # x|x| = x^2 sign(x): derivative 2|x|, 0 at 0 -- differentiable, though abs is in it
    ("x*abs(x) + y", (0, 3), SMOOTH, (0, 1)),
    ("abs(x^2) + y", (0, 0), SMOOTH, (0, 1)),  # |x^2| = x^2
    ("abs(x)^3", (0, 0), SMOOTH, (0, 0)),
    # floor is constant between whole numbers and jumps at them
    ("floor(x) + y^2", (0.5, 3), SMOOTH, (0, 6)),
    ("floor(x) + y^2", (1, 3), JUMP, None),
    ("floor(x^2) + y", (0, 0), SMOOTH, (0, 1)),  # x^2 < 1 near 0: floor(x^2) = 0 there
    ("ceil(x*y)", (1, 2), JUMP, None),
    ("ceil(x*y)", (0.5, 0.5), SMOOTH, (0, 0)),
    ("sign(x)*y", (0, 2), JUMP, None),
    ("sign(x^2)", (0, 1), JUMP, None),  # 0 at x = 0, 1 around it
    ("sign(x)*x", (0, 1), KINK, None),  # = |x|
    # max/min: the gradient of the argument that wins; a kink where two tie
    ("max(x, y)", (2, 1), SMOOTH, (1, 0)),
    ("max(x, y)", (1, 1), KINK, None),
    ("min(x, y, 0)", (1, 2), SMOOTH, (0, 0)),
    ("min(x, y, 0)", (0, 0), KINK, None),
    ("max(x^2, y)", (0.5, 0.25), KINK, None),
    # atan2 jumps by 2 pi across the negative x-axis
    ("atan2(y, x)", (-1, 0), JUMP, None),
    ("atan2(y, x)", (1, 0), SMOOTH, (0, 1)),
    # no formula for the gradient there: read from around the point
    ("sqrt(x^2 + y^2)", (0, 0), KINK, None),
    ("1/(x^2 + y^2)", (0, 0), UNDEFINED, None),
    ("cbrt(x) + y", (0, 0), UNDEFINED, None),  # a vertical tangent
])
def test_kinds_and_gradients_by_hand(text, point, kind, gradient):
    f = Objective.from_text(text, ["x", "y"])
    local = f.smoothness_at(point)
    assert local.kind is kind, local.reason
    if gradient is None:
        assert np.all(np.isnan(f.gradient(point)))
        assert local.reason.startswith({KINK: "f has a kink at", JUMP: "f jumps at"}.get(kind, "f "))
    else:
        assert f.gradient(point).tolist() == list(map(float, gradient))
        assert local.reason == ""


def test_the_reason_names_the_piece_and_its_break():
    f = Objective.from_text("abs(x - 1) + floor(y)")
    assert set(f.nonsmooth_description()) == {"abs(x - 1) has a kink where x - 1 = 0",
                                              "floor(y) jumps where y is a whole number"}
    assert f.smoothness_at([1, 0.5]).reason == ("f has a kink at (1, 0.5): no gradient there "
                                                "(abs(x - 1) has a kink where x - 1 = 0)")
    assert "floor(y) jumps where y is a whole number" in f.smoothness_at([3, 2]).reason
    assert Objective.from_text("x^2 + y").nonsmooth_description() == []


def test_hessian_exists_only_where_the_gradient_is_smooth():
    f = Objective.from_text("x*abs(x)", ["x", "y"])  # gradient 2|x|: a kink at 0
    assert f.gradient([0, 0]).tolist() == [0.0, 0.0]
    assert np.all(np.isnan(f.hessian([0, 0])))
    assert f.hessian([-1, 0]).tolist() == [[-2.0, 0.0], [0.0, 0.0]]


def test_grids_have_nan_exactly_on_the_breaks():
    f = Objective.from_text("abs(x) + abs(y)")
    X, Y = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(-1, 1, 5))
    g = f.gradient_on(X, Y)
    assert np.all(np.isnan(g[:, :, 2])) and np.all(np.isnan(g[:, 2, :]))
    off = (X != 0) & (Y != 0)
    assert np.array_equal(g[0][off], np.sign(X[off])) and np.array_equal(g[1][off], np.sign(Y[off]))
    assert np.all(np.isnan(f.hessian_on(X, Y)[:, :, 2, 2]))
    assert np.all(f.hessian_on(X, Y)[:, :, 0, 0] == 0)


# --- independent truth: one-sided finite differences ---------------------------------------

NONSMOOTH_X = ["abs(x)", "x*abs(x)", "floor(x)", "ceil(x)", "max(x, 0)", "min(x, 0)", "abs(x)^3", "sign(x)",
               "sign(x)*x", "abs(x)*y", "max(x, -x)", "abs(x) + abs(x)^2", "floor(x + 1)", "abs(sin(x))"]
SMOOTH_TERMS = ["y^2", "x*y", "sin(y)", "x^2", "exp(y/3)", "cos(x)"]
DIRECTIONS = [np.array(d) / np.linalg.norm(d) for d in ((1, 0), (0, 1), (1, 1), (1, -1), (2, 1), (1, 3))]


def _one_sided_truth(f: Objective, p: np.ndarray, h: float = 1e-6) -> Smoothness:
    """Jump if f's value moves by a step, kink if a one-sided derivative differs from minus
    the opposite one, else differentiable: from values of f only."""
    value = f.value(p)
    for d in DIRECTIONS:
        forward, backward = f.value(p + h * d), f.value(p - h * d)
        if abs(forward - value) > 1e-3 or abs(backward - value) > 1e-3:
            return JUMP
        if abs((forward - value) / h + (backward - value) / h) > 1e-3:
            return KINK
    return SMOOTH


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(NONSMOOTH_X), st.integers(-3, 3).filter(bool)), min_size=1, max_size=3),
       st.lists(st.tuples(st.sampled_from(SMOOTH_TERMS), st.integers(-2, 2)), max_size=2),
       st.floats(-2, 2).filter(lambda v: abs(v) > 1e-3), st.floats(-2, 2))
def test_on_a_break_the_kind_matches_one_sided_differences(rough, smooth, py, px):
    text = " + ".join(f"({c})*({t})" for t, c in rough + smooth)
    f = Objective.from_text(text, ["x", "y"])
    on_break = np.array([0.0, py])  # every rough term breaks at x = 0 (and nowhere near)
    local = f.smoothness_at(on_break)
    assert local.kind is _one_sided_truth(f, on_break), (text, local.reason)
    if local.differentiable:  # then its gradient is the two-sided difference
        h = 1e-6
        fd = [(f.value(on_break + h * e) - f.value(on_break - h * e)) / (2 * h) for e in np.eye(2)]
        assert np.allclose(local.gradient, fd, atol=1e-4)
    # Off the break (x = px, not near 0 or a whole number) the formula is the gradient.
    off = np.array([px, py])
    assume(min(abs(px - round(px)), abs(px)) > 1e-3)
    h = 1e-6
    fd = [(f.value(off + h * e) - f.value(off - h * e)) / (2 * h) for e in np.eye(2)]
    assert f.smoothness_at(off).differentiable
    assert np.allclose(f.gradient(off), fd, atol=1e-4)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(-5, 5), st.floats(-5, 5)), min_size=1, max_size=6))
def test_the_shortest_vector_in_the_hull_is_optimal(vectors):
    vectors = np.array(vectors)
    z = shortest_in_hull(vectors)
    # z is in the hull's plane of candidates and optimal: z . (v - z) >= 0 for every v (the
    # first-order condition of minimising |z|^2 over a convex set), and no vertex is shorter.
    assert all(z @ (v - z) >= -1e-9 * (1 + np.abs(vectors).max() ** 2) for v in vectors)
    assert np.linalg.norm(z) <= np.linalg.norm(vectors, axis=1).min() + 1e-12
    weights = np.random.default_rng(0).dirichlet(np.ones(len(vectors)), 2000)
    assert np.linalg.norm(weights @ vectors, axis=1).min() >= np.linalg.norm(z) - 1e-9


# --- descent through kinks -----------------------------------------------------------------


def test_descent_on_abs_steps_through_the_kinks_to_the_corner():
    # By hand, with d|u|/du = sign(u) and, on the kink u = 0, the shortest subgradient 0
    # (torch.autograd's choice too): x climbs from -2.5 by 0.25 a step and reaches 0 at
    # step 10; y falls from 1.5 and reaches 0 at step 6, where it stays.
    run = descend(Objective.from_text("abs(x) + abs(y)"), (-2.5, 1.5), lr=0.25, steps=40)
    expected = [[-2.5 + 0.25 * k, max(1.5 - 0.25 * k, 0.0)] for k in range(11)]
    assert run.points.tolist() == expected
    assert run.status is Status.CONVERGED and "reached a kink where 0 is a subgradient" in run.message
    assert run.breaks == ("",) * 6 + ("kink",) * 5
    assert run.gradients[5].tolist() == [-1.0, 1.0] and run.gradients[6].tolist() == [-1.0, 0.0]
    assert not run.differentiable_at(6) and run.differentiable_at(5)
    assert run.as_dict()["breaks"][-1] == "kink"


def test_a_tie_of_max_steps_with_the_average_gradient():
    run = descend(Objective.from_text("max(x, y)"), (1, 1), lr=0.5, steps=1, tol=0)
    assert run.breaks[0] == "kink" and run.gradients[0] == pytest.approx([0.5, 0.5], abs=1e-14)
    assert run.points[1] == pytest.approx([0.75, 0.75], abs=1e-14)


def test_descent_starts_on_a_jump_and_ignores_what_has_no_slope():
    run = descend(Objective.from_text("floor(x) + y^2"), (1, 2), lr=0.25, steps=3, tol=0)
    assert run.breaks[0] == "jump" and run.points[:, 0].tolist() == [1.0] * 4
    assert run.points[:, 1].tolist() == [2.0, 1.0, 0.5, 0.25]


def test_a_pole_is_still_no_place_to_start():
    with pytest.raises(OptionError, match="not defined there"):
        descend(Objective.from_text("1/(x^2 + y^2)"), (0, 0), lr=0.1)


def test_step_counts_are_bounded():
    f = Objective.from_text("x^2 + y^2")
    with pytest.raises(OptionError, match=f"at most {MAX_STEPS} steps"):
        descend(f, (1, 1), steps=MAX_STEPS + 1)
    assert descend(f, (1, 1), lr=0.1, steps=MAX_STEPS).converged


def test_critical_points_skip_points_without_a_gradient():
    # sign(x) + y^2: grad f = (0, 2y) = 0 on the line y = 0, except at x = 0 (a jump)
    (point,) = critical_points(Objective.from_text("sign(x) + y^2"), Domain(((-2, 2), (-1, 1))))
    assert point.point[1] == 0 and point.point[0] != 0 and not point.isolated
    assert critical_points(Objective.from_text("abs(x) + abs(y)"), Domain(((-2, 2), (-1, 1)))) == []


@pytest.mark.parametrize("text, gradient", [
    ("max(x, 0) + min(x, 0)", (1.0, 0.0)),  # = x: the two kinks cancel
    ("max(x, 0) - min(x, 0) - max(x, -x)", (0.0, 0.0)),  # = |x| - |x| = 0
    ("abs(x) - max(x, -x) + y", (0.0, 1.0)),
])
def test_kinks_that_cancel_leave_a_gradient(text, gradient):
    """Several pieces break at the same place, but f is smooth there: a probe that moves
    along the break (a tie that holds on) is not a side of it."""
    f = Objective.from_text(text, ("x", "y"))
    local = f.smoothness_at([0.0, 1.0])
    assert local.kind is Smoothness.DIFFERENTIABLE
    assert np.allclose(local.gradient, gradient)
