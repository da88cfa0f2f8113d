"""The stability bound of gradient descent, checked against closed forms and real runs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError
from gradanim.core.learning_rate import (
    CRAWL_FRACTION,
    Regime,
    classify_lr,
    comparison_lrs,
    outcome,
    run_regime,
    stability_bound,
    standardized_mse_objective,
)
from gradanim.core.objective import Objective
from gradanim.core.regression import RegressionData, mse_objective
from gradanim.core.trajectory import Status, descend


def quadratic(a11: float, a12: float, a22: float) -> Objective:
    """f = 1/2 x^T A x with A = [[a11, a12], [a12, a22]]."""
    return Objective.from_text(f"{a11 / 2}*x^2 + {a12}*x*y + {a22 / 2}*y^2")


def test_bound_of_a_diagonal_bowl_is_two_over_the_largest_coefficient():
    # x^2 + 3y^2 = 1/2 x^T diag(2, 6) x: L = 6 by hand.
    bound = stability_bound(Objective.from_text("x^2 + 3y^2"))
    assert bound.L == pytest.approx(6.0)
    assert bound.mu == pytest.approx(2.0)
    assert bound.bound == pytest.approx(1 / 3)
    assert bound.oscillation_threshold == pytest.approx(1 / 6)
    assert bound.crawl_threshold == pytest.approx(CRAWL_FRACTION / 6)
    assert bound.condition_number == pytest.approx(3.0)
    assert bound.best_lr == pytest.approx(0.25)  # 2/(2+6)
    assert np.allclose(bound.point, [0, 0])


def test_bound_with_a_cross_term_uses_the_eigenvalue_not_the_diagonal():
    # A = [[2, 1], [1, 2]] has eigenvalues 1 and 3 (closed form: 2 -+ 1).
    bound = stability_bound(quadratic(2, 1, 2))
    assert bound.eigenvalues == pytest.approx([1.0, 3.0])
    assert bound.bound == pytest.approx(2 / 3)


def test_bound_at_a_given_point_of_a_non_quadratic():
    # f = x^4 + y^2: Hessian diag(12 x^2, 2); at (1, 0) L = 12.
    f = Objective.from_text("x^4 + y^2")
    assert stability_bound(f, (1.0, 0.0)).L == pytest.approx(12.0)


def test_ascent_uses_the_curvature_of_minus_f():
    # R = 90a + 65q - 3/4 a^2 - 1/2 q^2 - 1/2 a q: -H = [[3/2, 1/2], [1/2, 1]].
    revenue = Objective.from_text("90a + 65q - 3/4 a^2 - 1/2 q^2 - 1/2 a q", ("a", "q"))
    bound = stability_bound(revenue, maximize=True, domain=Domain(((0, 100), (0, 100))))
    expected = np.linalg.eigvalsh([[1.5, 0.5], [0.5, 1.0]])  # (5 -+ sqrt 5)/4
    assert bound.eigenvalues == pytest.approx(expected)
    assert bound.L == pytest.approx((5 + 5**0.5) / 4)
    assert bound.point == pytest.approx([46.0, 42.0])


def test_no_bound_without_positive_curvature():
    with pytest.raises(OptionError, match="no minimum"):
        stability_bound(Objective.from_text("x^2 - y^2"))
    with pytest.raises(OptionError, match="no positive curvature"):
        stability_bound(Objective.from_text("-x^2 - y^2"), (0.0, 0.0))


@pytest.mark.parametrize(
    "scaled, regime",
    [(0.05, Regime.CRAWLS), (0.1, Regime.GOOD), (0.5, Regime.GOOD), (1.0, Regime.GOOD),
     (1.01, Regime.OSCILLATES), (2.0, Regime.OSCILLATES), (2.01, Regime.DIVERGES)],
)
def test_classification_thresholds(scaled, regime):
    assert classify_lr(scaled / 4.0, 4.0) is regime


def test_classification_refuses_nonsense():
    with pytest.raises(OptionError):
        classify_lr(-0.1, 2.0)
    with pytest.raises(OptionError):
        classify_lr(0.1, 0.0)


@settings(max_examples=25, deadline=None)
@given(
    a=st.floats(0.5, 5.0).map(lambda v: round(v, 3)),
    c=st.floats(0.5, 5.0).map(lambda v: round(v, 3)),
    b=st.floats(-0.9, 0.9).map(lambda v: round(v, 3)),
    side=st.sampled_from([0.95, 1.05]),
)
def test_gd_on_a_quadratic_diverges_exactly_beyond_two_over_lambda_max(a, c, b, side):
    """For f = 1/2 x^T A x, descend() converges just below 2/lambda_max and diverges just above."""
    off = round(b * (a * c) ** 0.5, 4)  # |off| < sqrt(ac): A stays positive definite
    f = quadratic(a, off, c)
    lam_max = float(np.linalg.eigvalsh([[a, off], [off, c]])[-1])
    bound = stability_bound(f)
    assert bound.bound == pytest.approx(2 / lam_max)
    lr = side * bound.bound
    # A start with a component along every eigenvector (not (1, -1): an eigenvector when a = c).
    run = descend(f, [1.0, 0.3], "gd", lr=lr, steps=3000, tol=1e-8)
    if side < 1:
        assert bound.classify(lr) is Regime.OSCILLATES
        assert run.status is Status.CONVERGED
    else:
        assert bound.classify(lr) is Regime.DIVERGES
        assert run.status is Status.DIVERGED


@pytest.mark.parametrize("lam", [0.5, 2.0, 7.0])
def test_sign_flips_exactly_when_lr_exceeds_one_over_lambda(lam):
    f = Objective.from_text(f"{lam / 2}*x^2")
    bound = stability_bound(f)
    for scaled in (0.5, 0.95, 1.05, 1.5):
        lr = scaled / lam
        run = descend(f, [1.0], "gd", lr=lr, steps=6, tol=0.0)
        signs = np.sign(run.points[:, 0])
        flips = np.all(signs[1:] == -signs[:-1])
        assert flips == (scaled > 1), (lam, scaled)
        # The closed form: each step multiplies x by 1 - lr * lambda.
        assert run.points[1, 0] == pytest.approx(1 - lr * lam)
        assert bound.step_factors(lr) == pytest.approx([1 - lr * lam])
        assert bound.classify(lr) is (Regime.OSCILLATES if scaled > 1 else Regime.GOOD)


def test_contraction_is_the_worst_step_factor():
    bound = stability_bound(Objective.from_text("x^2 + 3y^2"))  # eigenvalues 2, 6
    assert bound.contraction(0.1) == pytest.approx(max(abs(1 - 0.2), abs(1 - 0.6)))
    assert bound.contraction(bound.best_lr) == pytest.approx((3 - 1) / (3 + 1))  # (kappa-1)/(kappa+1)


def test_comparison_picks_one_rate_per_regime_and_runs_behave_so():
    f = Objective.from_text("x^2 + 3y^2")
    bound = stability_bound(f)
    choices = comparison_lrs(bound)
    assert [c.regime for c in choices] == [Regime.CRAWLS, Regime.GOOD, Regime.OSCILLATES, Regime.DIVERGES]
    assert [c.label for c in choices] == ["too small", "good", "too large", "too large still"]
    assert choices[1].lr == pytest.approx(0.15)  # 0.9/6, already 2 significant digits
    assert choices[0].lr == pytest.approx(0.0083)  # 0.05/6 rounded
    runs = [descend(f, [-2.5, 1.5], "gd", lr=c.lr, steps=200, tol=1e-4) for c in choices]
    assert runs[0].status is Status.MAX_STEPS  # still crawling after 200 steps
    assert runs[1].converged and runs[2].converged
    assert runs[1].n_steps < runs[2].n_steps
    assert runs[3].diverged
    # The oscillating run flips the sign of y every step; the good one never does.
    assert np.all(np.sign(runs[2].points[1:6, 1]) == -np.sign(runs[2].points[:5, 1]))
    assert np.all(np.sign(runs[1].points[:6, 1]) == 1)


def test_rounding_never_changes_a_regime():
    bound = stability_bound(quadratic(1.0, 0.0, 1.0 / 0.999))  # L just above 1
    for choice in comparison_lrs(bound, (1.0, 2.0), significant=1):
        assert bound.classify(choice.lr) is choice.regime
    assert comparison_lrs(bound, (2.0,), significant=1)[0].regime is Regime.OSCILLATES


def test_outcome_words_follow_the_status():
    f = Objective.from_text("x^2 + 3y^2")
    converged = descend(f, [-2.5, 1.5], "gd", lr=0.15, steps=100, tol=1e-4)
    assert outcome(converged).text == f"converged after {converged.n_steps} steps"
    diverged = descend(f, [-2.5, 1.5], "gd", lr=0.4, steps=200)
    o = outcome(diverged)
    assert o.status is Status.DIVERGED and o.step == diverged.n_steps + 1
    assert f"at step {o.step}" in diverged.message and o.text == f"diverged at step {o.step}"
    stopped = descend(f, [-2.5, 1.5], "gd", lr=0.001, steps=5)
    assert outcome(stopped).text == "stopped after 5 steps"


def test_standardised_mse_is_round_and_has_the_same_fit():
    data = RegressionData.of([1, 2, 3, 4], [2, 4, 6, 8])
    raw = mse_objective(data)
    scaled, mean, std = standardized_mse_objective(data)
    assert (mean, std) == pytest.approx((2.5, np.std([1, 2, 3, 4])))
    assert np.allclose(scaled.hessian([0.3, -1.0]), 2 * np.eye(2))
    # The raw Hessian is 2 [[1, mean x], [mean x, mean x^2]] = [[2, 5], [5, 15]]: elongated.
    assert np.allclose(raw.hessian([0, 0]), [[2, 5], [5, 15]])
    assert stability_bound(scaled).condition_number == pytest.approx(1.0)
    assert stability_bound(raw).condition_number > 50
    # Same predictions at the optimum: b0' = mean y, b1' = slope * std.
    assert stability_bound(scaled).point == pytest.approx([5.0, 2 * std])
    # Same lr, same start: the round problem converges in far fewer steps.
    fast = descend(scaled, [0, 0], "gd", lr=0.1, steps=2000, tol=1e-3)
    slow = descend(raw, [0, 0], "gd", lr=0.1, steps=2000, tol=1e-3)
    assert fast.converged and slow.converged and 3 * fast.n_steps < slow.n_steps


@pytest.mark.parametrize("lr, regime", [(0.01, Regime.CRAWLS), (0.15, Regime.GOOD), (0.25, Regime.OSCILLATES),
                                        (0.4, Regime.DIVERGES)])
def test_run_regime_of_gd_on_a_bowl(lr, regime):
    # x^2 + 3y^2: L = 6 by hand, so 1/L = 0.1667 and 2/L = 0.3333.
    f = Objective.from_text("x^2 + 3y^2")
    run = descend(f, (-2.5, 1.5), "gd", lr=lr, steps=40, tol=1e-4)
    found = run_regime(f, run)
    assert found.regime is regime and found.lr == lr and found.bound.L == pytest.approx(6.0)
    assert found.zigzags == (regime in (Regime.OSCILLATES, Regime.DIVERGES))
    relation, name, value = found.threshold
    assert {Regime.DIVERGES: (">", "2/L"), Regime.OSCILLATES: (">", "1/L"), Regime.GOOD: ("<=", "1/L"),
            Regime.CRAWLS: ("<", "0.1/L")}[regime] == (relation, name)
    assert value == pytest.approx({"2/L": 1 / 3, "1/L": 1 / 6, "0.1/L": 1 / 60}[name])


def test_run_regime_says_what_the_run_does():
    # The classification is the behaviour: y flips sign every step exactly when it says oscillates.
    f = Objective.from_text("x^2 + 3y^2")
    for lr in (0.15, 0.25):
        run = descend(f, (-2.5, 1.5), "gd", lr=lr, steps=10, tol=0)
        flips = np.all(np.sign(run.points[1:, 1]) == -np.sign(run.points[:-1, 1]))
        assert flips == (run_regime(f, run).regime is Regime.OSCILLATES)


def test_run_regime_of_ascent_uses_minus_f_and_weight_decay_adds_curvature():
    # -(x^2 + 3y^2) climbed: the same L = 6.
    f = Objective.from_text("-(x^2 + 3y^2)")
    run = descend(f, (1.0, 1.0), "gd", lr=0.25, steps=5, tol=0, maximize=True)
    assert run_regime(f, run).regime is Regime.OSCILLATES
    bowl = Objective.from_text("x^2 + 3y^2")
    decayed = descend(bowl, (1.0, 1.0), "gd", lr=0.15, steps=5, tol=0, weight_decay=1.0)
    assert run_regime(bowl, decayed).bound.L == pytest.approx(7.0)  # H + 1 I
    assert run_regime(bowl, decayed).regime is Regime.OSCILLATES  # 0.15 > 1/7


def test_run_regime_is_none_where_the_core_cannot_classify():
    bowl = Objective.from_text("x^2 + 3y^2")
    assert run_regime(bowl, descend(bowl, (1.0, 1.0), "momentum", lr=0.1, steps=5)) is None
    pole = Objective.from_text("1/(x^2 + y^2)")  # no minimum anywhere
    assert run_regime(pole, descend(pole, (1.0, 1.0), "gd", lr=0.25, steps=5)) is None


def test_run_regime_picks_the_minimum_the_run_heads_for():
    # Two wells, at x = 1 and x = -1: with g = (x^2 - 1)^2 (g = g' = 0 there, g'' = 8) and
    # h = 1 + (x - 1)^2, f_xx = g'' h = 8 at x = 1 and 40 at x = -1 (f_yy = 2): L = 8 and 40.
    f = Objective.from_text("(x^2 - 1)^2 * (1 + (x - 1)^2) + y^2")
    right = descend(f, (1.2, 0.5), "gd", lr=0.01, steps=200, tol=1e-8)
    left = descend(f, (-1.2, 0.5), "gd", lr=0.01, steps=200, tol=1e-8)
    a, b = run_regime(f, right), run_regime(f, left)
    assert a.bound.point[0] == pytest.approx(1.0, abs=1e-6) and b.bound.point[0] == pytest.approx(-1.0, abs=1e-6)
    assert a.bound.L == pytest.approx(8.0) and b.bound.L == pytest.approx(40.0)
