"""How fast gradient descent with heavy-ball momentum converges on a quadratic, for every
learning rate ``alpha`` and momentum ``beta``: the regime map.

On ``f(x) = 1/2 x^T A x`` (``A`` symmetric positive definite, eigenvalues ``mu .. L``) the
momentum optimiser (``torch.optim.SGD`` with momentum, :class:`gradanim.core.optimizers.SGD`:
``b <- beta b + grad f``, ``x <- x - alpha b``) is the heavy-ball iteration

    x_(k+1) = x_k - alpha A x_k + beta (x_k - x_(k-1)),

which splits along the eigenvectors of ``A``. Along one with eigenvalue ``lambda`` the pair
(error now, error one step ago) is multiplied each step by

    T(lambda) = [[1 + beta - alpha lambda, -beta],
                 [1,                        0   ]],

whose eigenvalues are the roots of ``z^2 - (1 + beta - alpha lambda) z + beta = 0``. The
error shrinks like ``rate^k`` with ``rate`` the largest root size over every eigenvalue of
``A`` (the spectral radius). Each point (alpha, beta) falls in one of three regimes, decided
by the slowest direction's dominant root:

==============  ==========================================================================
``crawl``       real and positive: the error decays without overshooting, held back by a
                step too small for the momentum (``alpha lambda < (1 - sqrt(beta))^2``
                along the slowest direction); rate close to 1 when alpha is small
``oscillate``   complex (the error spirals in, ``rate = sqrt(beta)``) or negative (it
                overshoots and flips sign each step), and ``rate < 1``
``diverge``     ``rate >= 1``: along some direction ``alpha lambda >= 2 (1 + beta)`` (or
                ``beta >= 1``) and the error grows or bounces for ever (``alpha = 0``, where
                nothing moves and the rate is 1 too, counts as a crawl)
==============  ==========================================================================

The best pair (Polyak's) sits where crawl meets oscillate:
``alpha* = 4 / (sqrt(L) + sqrt(mu))^2``, ``beta* = ((sqrt(kappa) - 1)/(sqrt(kappa) + 1))^2``
with ``kappa = L / mu``, giving ``rate* = (sqrt(kappa) - 1)/(sqrt(kappa) + 1)``; plain
gradient descent (``beta = 0``) at its best learning rate ``2/(mu + L)`` manages only
``(kappa - 1)/(kappa + 1)``.

Everything is vectorised: a whole (alpha, beta) grid is a few numpy passes.

>>> ball = HeavyBall.of([1.0, 100.0])
>>> round(ball.optimum.rate, 4), round(ball.rate(2 / 101, 0.0).item(), 4)
(0.8182, 0.9802)
>>> ball.regime(0.001, 0.5).item(), ball.regime(0.03, 0.9).item(), ball.regime(0.05, 0.5).item()
('crawl', 'oscillate', 'diverge')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import ArrayLike

from .domain import Domain
from .errors import OptionError
from .learning_rate import stability_bound
from .objective import Objective

__all__ = ["HeavyBall", "MomentumMap", "MomentumRegime", "Optimum"]


class MomentumRegime(StrEnum):
    """What heavy-ball momentum does at one (alpha, beta) (see the module's table)."""

    CRAWL = "crawl"
    OSCILLATE = "oscillate"
    DIVERGE = "diverge"



REGIMES: tuple[MomentumRegime, ...] = tuple(MomentumRegime)
"""The regimes in the order of :attr:`MomentumMap.codes` (0 crawl, 1 oscillate, 2 diverge)."""


@dataclass(frozen=True)
class Optimum:
    """Polyak's best heavy-ball parameters for eigenvalues in [mu, L], and the rate they give."""

    alpha: float
    beta: float
    rate: float


@dataclass(frozen=True)
class MomentumMap:
    """The rate and regime over a grid: ``rate[j, i]`` and ``codes[j, i]`` at
    ``(alphas[i], betas[j])`` (rows are beta, as an image with beta up). ``codes`` index
    :data:`REGIMES`."""

    alphas: np.ndarray
    betas: np.ndarray
    rate: np.ndarray
    codes: np.ndarray

    def regime(self, i: int, j: int) -> MomentumRegime:
        """The regime at ``(alphas[i], betas[j])``."""
        return REGIMES[int(self.codes[j, i])]

    def fraction(self, regime: MomentumRegime | str) -> float:
        """The share of the grid in ``regime``."""
        return float(np.mean(self.codes == REGIMES.index(MomentumRegime(regime))))


@dataclass(frozen=True)
class HeavyBall:
    """Heavy-ball momentum on a quadratic whose Hessian has these (positive) eigenvalues."""

    eigenvalues: np.ndarray

    @classmethod
    def of(cls, eigenvalues: ArrayLike) -> HeavyBall:
        """From the Hessian's eigenvalues (all finite and > 0: a positive definite quadratic)."""
        values = np.sort(np.asarray(eigenvalues, dtype=float).reshape(-1))
        if values.size == 0 or not np.all(np.isfinite(values)) or not values[0] > 0:
            raise OptionError(
                f"eigenvalues {values.tolist()} are not allowed: the momentum map needs a positive definite "
                "quadratic (every eigenvalue finite and > 0)"
            )
        values.flags.writeable = False
        return cls(values)

    @classmethod
    def of_matrix(cls, matrix: ArrayLike) -> HeavyBall:
        """For ``f(x) = 1/2 x^T A x`` with ``A`` symmetric positive definite."""
        a = np.asarray(matrix, dtype=float)
        if a.ndim != 2 or a.shape[0] != a.shape[1] or not np.allclose(a, a.T):
            raise OptionError(f"the matrix must be square and symmetric, got {a.tolist()}")
        return cls.of(np.linalg.eigvalsh(a))

    @classmethod
    def of_objective(
        cls, objective: Objective, point: Sequence[float] | None = None, *, domain: Domain | None = None
    ) -> HeavyBall:
        """For the quadratic model of ``objective`` at ``point`` (default: its minimum in
        ``domain``; see :func:`~gradanim.core.learning_rate.stability_bound`): exact for a
        quadratic, the behaviour close to the minimum otherwise."""
        return cls.of(stability_bound(objective, point, domain=domain).eigenvalues)

    @property
    def mu(self) -> float:
        return float(self.eigenvalues[0])

    @property
    def L(self) -> float:
        return float(self.eigenvalues[-1])

    @property
    def condition_number(self) -> float:
        return self.L / self.mu

    @property
    def optimum(self) -> Optimum:
        """Polyak's parameters: the smallest rate heavy-ball momentum reaches on [mu, L]."""
        root_l, root_mu = math.sqrt(self.L), math.sqrt(self.mu)
        root_kappa = math.sqrt(self.condition_number)
        rate = (root_kappa - 1) / (root_kappa + 1)
        return Optimum(alpha=4.0 / (root_l + root_mu) ** 2, beta=rate**2, rate=rate)

    @property
    def gd_optimum(self) -> Optimum:
        """Plain gradient descent (beta = 0) at its best learning rate ``2 / (mu + L)``: rate
        ``(kappa - 1) / (kappa + 1)``."""
        kappa = self.condition_number
        return Optimum(alpha=2.0 / (self.mu + self.L), beta=0.0, rate=(kappa - 1) / (kappa + 1))

    def divergence_alpha(self, beta: ArrayLike) -> np.ndarray:
        """The learning rate above which the run diverges, ``2 (1 + beta) / L``, for
        ``0 <= beta < 1`` (at and above it the steepest direction's error no longer shrinks)."""
        return 2.0 * (1.0 + np.asarray(beta, dtype=float)) / self.L

    def roots(self, alpha: ArrayLike, beta: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """The two eigenvalues of ``T(lambda)`` for every eigenvalue ``lambda`` of ``A``:
        complex arrays of shape ``broadcast(alpha, beta).shape + (n,)``, the larger in size first."""
        a, b = self._pairs(alpha, beta)
        t = (1.0 + b - a * self.eigenvalues).astype(complex)
        root = np.sqrt(t * t - 4.0 * b)
        first, second = (t + root) / 2, (t - root) / 2
        swap = np.abs(second) > np.abs(first)
        return np.where(swap, second, first), np.where(swap, first, second)

    def mode_rates(self, alpha: ArrayLike, beta: ArrayLike) -> np.ndarray:
        """The spectral radius of ``T(lambda)`` for each eigenvalue ``lambda``: shape
        ``broadcast(alpha, beta).shape + (n,)``."""
        return self._modes(*self._pairs(alpha, beta))[0]

    def rate(self, alpha: ArrayLike, beta: ArrayLike) -> np.ndarray:
        """The convergence rate: the largest root size over every eigenvalue (the error
        shrinks like ``rate^k``; ``rate >= 1`` diverges)."""
        return self.mode_rates(alpha, beta).max(axis=-1)

    def regime_codes(self, alpha: ArrayLike, beta: ArrayLike) -> np.ndarray:
        """The regime as an index into :data:`REGIMES` (see the module's table)."""
        return self._rate_and_codes(*self._pairs(alpha, beta))[1]

    def _modes(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per eigenvalue: the spectral radius of T(lambda), and whether its dominant root
        oscillates (complex, or real and negative)."""
        s = a * self.eigenvalues
        t = 1.0 + b - s
        disc = (1.0 - b - s) ** 2 - 4.0 * s * b  # = t^2 - 4 beta, without cancellation at s = 0
        real = (np.abs(t) + np.sqrt(np.maximum(disc, 0.0))) / 2
        complex_roots = disc < 0
        return np.where(complex_roots, np.sqrt(b), real), complex_roots | (t < 0)

    def _rate_and_codes(self, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        modes, oscillating = self._modes(a, b)
        slowest = np.argmax(modes, axis=-1)[..., None]
        rate = np.take_along_axis(modes, slowest, axis=-1)[..., 0]
        oscillates = np.take_along_axis(oscillating, slowest, axis=-1)[..., 0]
        # rate 1 with a positive root is alpha = 0 (nothing moves: the limit of a crawl);
        # with an oscillating one the error bounces for ever without shrinking
        diverges = ((rate > 1.0) | ((rate >= 1.0) & oscillates)) & (a[..., 0] > 0)
        return rate, np.where(diverges, 2, np.where(oscillates, 1, 0)).astype(np.int8)

    def regime(self, alpha: ArrayLike, beta: ArrayLike) -> np.ndarray:
        """The regime's name (``"crawl"``, ``"oscillate"``, ``"diverge"``) at each point."""
        names = np.array([r.value for r in REGIMES])
        return names[self.regime_codes(alpha, beta)]

    def map(self, alphas: ArrayLike, betas: ArrayLike) -> MomentumMap:
        """Rate and regime on the grid ``alphas`` x ``betas`` (see :class:`MomentumMap`)."""
        a = np.asarray(alphas, dtype=float).reshape(-1)
        b = np.asarray(betas, dtype=float).reshape(-1)
        rate, codes = self._rate_and_codes(*self._pairs(a[None, :], b[:, None]))
        return MomentumMap(a, b, rate, codes)

    def default_grid(self, size: int = 200) -> tuple[np.ndarray, np.ndarray]:
        """A grid that shows every regime: alpha from 0 to past the divergence boundary of
        beta = 0.9 (``2 * 1.9 / L`` times 1.15), beta from 0 to 0.99."""
        if not 2 <= size <= 2000:
            raise OptionError(f"size={size!r} is not allowed: a map has 2 to 2000 points per side")
        alphas = np.linspace(0.0, 1.15 * float(self.divergence_alpha(0.9)), size)
        return alphas, np.linspace(0.0, 0.99, size)

    def _pairs(self, alpha: ArrayLike, beta: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        a, b = np.broadcast_arrays(np.asarray(alpha, dtype=float), np.asarray(beta, dtype=float))
        if np.any(a < 0) or np.any(b < 0) or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
            raise OptionError("alpha and beta must be finite numbers >= 0")
        return a[..., None], b[..., None]
