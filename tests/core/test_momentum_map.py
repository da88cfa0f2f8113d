"""The heavy-ball regime map against closed forms (Polyak's optimum, the divergence boundary,
plain gradient descent at beta = 0), numpy's eigenvalues of the iteration matrix, and real
runs of the core's own momentum optimiser."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradanim.core.errors import OptionError
from gradanim.core.learning_rate import stability_bound
from gradanim.core.momentum_map import REGIMES, HeavyBall, MomentumRegime
from gradanim.core.objective import Objective
from gradanim.core.trajectory import descend

SPECTRA = [(1.0, 10.0), (1.0, 100.0), (0.5, 2.0), (2.0, 20.0, 7.0)]


class Quadratic:
    """f(x) = 1/2 x^T A x with A = R diag(eigenvalues) R^T, R a rotation (not axis-aligned)."""

    def __init__(self, eigenvalues, angle=0.6):
        c, s = math.cos(angle), math.sin(angle)
        self.R = np.array([[c, -s], [s, c]])
        self.A = self.R @ np.diag(eigenvalues) @ self.R.T
        self.n_variables = 2

    def value(self, x):
        return 0.5 * x @ self.A @ x

    def gradient(self, x):
        return self.A @ x

    def hessian(self, x):
        return self.A


def polyak(mu, L):
    kappa = L / mu
    rate = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
    return 4 / (math.sqrt(L) + math.sqrt(mu)) ** 2, rate**2, rate


@pytest.mark.parametrize("spectrum", SPECTRA)
def test_polyak_optimum_is_the_closed_form_and_the_grid_minimum(spectrum):
    ball = HeavyBall.of(spectrum)
    mu, L = min(spectrum), max(spectrum)
    alpha, beta, rate = polyak(mu, L)
    best = ball.optimum
    assert (best.alpha, best.beta, best.rate) == pytest.approx((alpha, beta, rate), rel=1e-12)
    assert ball.rate(alpha, beta) == pytest.approx(rate, rel=1e-7)  # both modes at sqrt(beta)
    # no point of a fine grid does better, and the grid's best is next to Polyak's
    alphas = np.linspace(0.2, 1.8, 401) * alpha
    betas = np.linspace(0.0, 0.999, 401)
    grid = ball.map(alphas, betas)
    assert grid.rate.min() >= rate - 1e-9
    j, i = np.unravel_index(np.argmin(grid.rate), grid.rate.shape)
    assert grid.rate.min() <= rate + 0.003  # the grid's spacing
    assert abs(alphas[i] - alpha) <= 0.03 * alpha and abs(betas[j] - beta) <= 0.01
    # plain gradient descent at its best learning rate is slower: (kappa - 1)/(kappa + 1)
    kappa = L / mu
    assert ball.rate(2 / (mu + L), 0.0) == pytest.approx((kappa - 1) / (kappa + 1), rel=1e-12)
    assert rate < (kappa - 1) / (kappa + 1)


@pytest.mark.parametrize("spectrum", SPECTRA)
@pytest.mark.parametrize("beta", [0.0, 0.2, 0.5, 0.8, 0.95, 0.999])
def test_divergence_boundary_is_alpha_L_equal_two_one_plus_beta(spectrum, beta):
    ball = HeavyBall.of(spectrum)
    edge = 2 * (1 + beta) / max(spectrum)
    assert ball.divergence_alpha(beta) == pytest.approx(edge, rel=1e-15)
    assert ball.rate(edge, beta) == pytest.approx(1.0, rel=1e-12)
    assert ball.rate(edge * (1 - 1e-6), beta) < 1 and ball.regime(edge * (1 - 1e-6), beta) != "diverge"
    assert ball.rate(edge * (1 + 1e-6), beta) > 1 and ball.regime(edge * (1 + 1e-6), beta) == "diverge"
    # the regime map agrees: along each row the first diverging alpha is the boundary
    alphas = np.linspace(0, 2 * edge, 2001)
    codes = ball.map(alphas, [beta]).codes[0]
    first = alphas[np.argmax(codes == REGIMES.index(MomentumRegime.DIVERGE))]
    assert abs(first - edge) <= alphas[1]


def test_beta_at_least_one_never_converges():
    ball = HeavyBall.of([1.0, 4.0])
    assert np.all(ball.rate(np.linspace(1e-4, 0.5, 50), 1.0) >= 1.0)
    assert ball.regime(0.01, 1.0) == "diverge"


@pytest.mark.parametrize("spectrum", SPECTRA)
def test_beta_zero_is_plain_gradient_descent(spectrum):
    ball = HeavyBall.of(spectrum)
    bound = stability_bound(Objective.from_text(f"{spectrum[0] / 2} x^2 + {spectrum[-1] / 2} y^2"))
    L = max(spectrum)
    alphas = np.linspace(0, 3 / L, 301)
    expected = np.max(np.abs(1 - alphas[:, None] * np.asarray(spectrum)), axis=1)
    np.testing.assert_allclose(ball.rate(alphas, 0.0), expected, rtol=1e-13, atol=1e-15)
    if len(spectrum) == 2:
        np.testing.assert_allclose(ball.rate(alphas, 0.0), [bound.contraction(a) for a in alphas], rtol=1e-12)
    assert np.all(ball.regime(alphas[alphas < 2 / L * (1 - 1e-9)], 0.0) != "diverge")
    assert np.all(ball.regime(alphas[alphas > 2 / L * (1 + 1e-9)], 0.0) == "diverge")
    # below 1/L every factor 1 - alpha lambda is positive: crawl; between 1/L and 2/L the
    # steepest direction flips sign, and oscillation is what is left once it is the slowest
    assert ball.regime(0.5 / L, 0.0) == "crawl"
    assert ball.regime(1.99 / L, 0.0) == "oscillate"


@settings(max_examples=60, deadline=None)
@given(
    st.floats(0.01, 100.0), st.floats(1.0, 1000.0), st.floats(0.0, 3.0), st.floats(0.0, 0.999),
)
def test_rates_and_roots_equal_numpy_eigenvalues_of_the_iteration_matrix(mu, kappa, scaled_alpha, beta):
    ball = HeavyBall.of([mu, mu * kappa])
    alpha = scaled_alpha / (mu * kappa)
    expected = []
    for lam in ball.eigenvalues:
        matrix = np.array([[1 + beta - alpha * lam, -beta], [1.0, 0.0]])
        expected.append(np.sort_complex(np.linalg.eigvals(matrix)))
    first, second = ball.roots(alpha, beta)
    for k, pair in enumerate(expected):
        ours = np.sort_complex(np.array([first[k], second[k]]))
        np.testing.assert_allclose(ours, pair, atol=1e-6)  # a double root is sensitive in eig
        assert ball.mode_rates(alpha, beta)[k] == pytest.approx(np.abs(pair).max(), abs=1e-6)
    assert np.abs(first).max() == pytest.approx(float(ball.rate(alpha, beta)), rel=1e-9, abs=1e-12)


def _measured_rate(ball, alpha, beta, steps=700, skip=200):
    """The contraction per step of a real momentum run, over steps skip..steps."""
    run = descend(Quadratic(ball.eigenvalues), [1.0, -0.7], "momentum", lr=alpha, momentum=beta,
                  steps=steps, tol=0.0, bound=math.inf)
    assert run.n_steps == steps, run.message
    pairs = np.hypot(np.linalg.norm(run.points[1:], axis=1), np.linalg.norm(run.points[:-1], axis=1))
    return (pairs[-1] / pairs[skip]) ** (1 / (steps - 1 - skip)), run


@pytest.mark.parametrize(
    "alpha_L, beta, regime",
    [
        (0.05, 0.0, "crawl"), (0.2, 0.5, "crawl"), (0.5, 0.3, "crawl"),
        (1.5, 0.9, "oscillate"), (3.0, 0.8, "oscillate"), (1.0, 0.85, "oscillate"), (1.9, 0.0, "oscillate"),
        (3.1, 0.5, "diverge"), (2.2, 0.0, "diverge"), (4.0, 0.95, "diverge"),
    ],
)
def test_spectral_radius_is_the_measured_contraction_of_real_runs(alpha_L, beta, regime):
    ball = HeavyBall.of([1.0, 10.0])
    alpha = alpha_L / ball.L
    assert ball.regime(alpha, beta) == regime
    measured, run = _measured_rate(ball, alpha, beta)
    assert measured == pytest.approx(float(ball.rate(alpha, beta)), rel=5e-3)
    # the slowest direction's error, in the eigenbasis: a crawl never changes sign at the end,
    # an oscillation keeps changing sign
    slowest = int(np.argmax(ball.mode_rates(alpha, beta)))
    error = (run.points @ Quadratic(ball.eigenvalues).R)[300:, slowest]
    flips = int(np.sum(np.sign(error[1:]) != np.sign(error[:-1])))
    if regime == "crawl":
        assert flips == 0
    elif regime == "oscillate":
        assert flips >= 10


def test_polyak_run_contracts_at_the_optimal_rate():
    ball = HeavyBall.of([1.0, 25.0])
    best = ball.optimum
    measured, _ = _measured_rate(ball, best.alpha, best.beta, steps=400, skip=100)
    # critical damping has a double root: k rate^k, so the measured rate is a little higher
    assert best.rate <= measured <= best.rate * 1.01
    gd, _ = _measured_rate(ball, 2 / (ball.mu + ball.L), 0.0, steps=400, skip=100)
    assert gd == pytest.approx(24 / 26, rel=1e-3) and measured < gd


def test_a_200_by_200_map_is_fast_and_shows_every_regime():
    ball = HeavyBall.of_objective(Objective.from_text("x^2 + 10y^2"))
    assert ball.eigenvalues.tolist() == pytest.approx([2.0, 20.0])
    alphas, betas = ball.default_grid(200)
    ball.map(alphas, betas)  # warm up numpy
    start = time.perf_counter()
    grid = ball.map(alphas, betas)
    assert time.perf_counter() - start < 0.25
    assert grid.rate.shape == grid.codes.shape == (200, 200)
    for regime in REGIMES:
        assert grid.fraction(regime) > 0.1
    assert grid.regime(0, 0) is MomentumRegime.CRAWL  # alpha = 0: nothing moves (rate 1)
    assert grid.rate[0, 0] == 1.0
    assert grid.regime(199, 0) is MomentumRegime.DIVERGE


def test_crawl_rate_goes_to_one_as_alpha_goes_to_zero():
    ball = HeavyBall.of([1.0, 10.0])
    rates = ball.rate(np.geomspace(1e-6, 1e-2, 20), 0.5)
    assert np.all(np.diff(rates) < 0) and rates[0] > 1 - 1e-5
    assert np.all(ball.regime(np.geomspace(1e-6, 1e-2, 20), 0.5) == "crawl")


@pytest.mark.parametrize(
    "build, text",
    [
        (lambda: HeavyBall.of([0.0, 1.0]), "positive definite"),
        (lambda: HeavyBall.of([-1.0, 1.0]), "positive definite"),
        (lambda: HeavyBall.of([math.nan]), "positive definite"),
        (lambda: HeavyBall.of_matrix([[1.0, 2.0], [0.0, 1.0]]), "symmetric"),
        (lambda: HeavyBall.of([1.0, 2.0]).rate(-0.1, 0.5), "alpha and beta"),
        (lambda: HeavyBall.of([1.0, 2.0]).default_grid(1), "size"),
        (lambda: HeavyBall.of_objective(Objective.from_text("x^2 - y^2"), [0.0, 0.0]), "curvature|positive"),
    ],
)
def test_bad_input_is_refused_with_a_reason(build, text):
    with pytest.raises(OptionError, match=text):
        build()


def test_of_matrix_uses_the_eigenvalues():
    ball = HeavyBall.of_matrix([[4.0, 1.5], [1.5, 1.0]])
    np.testing.assert_allclose(ball.eigenvalues, np.linalg.eigvalsh([[4.0, 1.5], [1.5, 1.0]]))
    assert ball.condition_number == pytest.approx(ball.L / ball.mu)


def test_docstring_examples():
    import doctest

    from gradanim.core import momentum_map

    assert doctest.testmod(momentum_map).failed == 0


@pytest.mark.parametrize("spectrum", SPECTRA)
def test_gd_optimum_is_the_best_rate_at_beta_zero(spectrum):
    ball = HeavyBall.of(spectrum)
    kappa = max(spectrum) / min(spectrum)
    best = ball.gd_optimum
    assert best.beta == 0 and best.alpha == pytest.approx(2 / (min(spectrum) + max(spectrum)))
    assert best.rate == pytest.approx((kappa - 1) / (kappa + 1))
    assert float(ball.rate(best.alpha, 0.0)) == pytest.approx(best.rate)
    grid = np.linspace(1e-4, 2 / max(spectrum), 2001)
    assert ball.rate(grid, 0.0).min() >= best.rate - 1e-9
    assert ball.optimum.rate < best.rate  # momentum beats it
