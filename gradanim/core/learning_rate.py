"""How large a step gradient descent can take: the stability bound 2/L and learning-rate regimes.

Near a minimiser ``x*`` every smooth function looks like its quadratic model
``f(x) ~ f(x*) + 1/2 (x - x*)^T H (x - x*)``. On that model one gradient-descent step is

    x_(k+1) - x* = (I - lr H) (x_k - x*),

so along an eigenvector of ``H`` with eigenvalue ``lambda`` the error is multiplied by
``1 - lr * lambda`` each step. With ``L`` the largest eigenvalue (the steepest curvature):

=============  ==========================  =================================================
regime         learning rate               what the walker does along the steepest direction
=============  ==========================  =================================================
crawls         ``lr < CRAWL_FRACTION / L`` shrinks the error by less than 10 % per step: it
                                           creeps ("never reaches the cafe")
good           ``CRAWL_FRACTION/L <= lr    heads straight in, no sign flip
               <= 1/L``
oscillates     ``1/L < lr <= 2/L``         ``1 - lr L < 0``: overshoots, the sign flips every
                                           step (zig-zag); still converges below 2/L (at
                                           exactly 2/L it bounces forever)
diverges       ``lr > 2/L``                ``|1 - lr L| > 1``: every bounce is larger
=============  ==========================  =================================================

``CRAWL_FRACTION = 0.1`` is a teaching choice (a factor 10 below the no-overshoot step), the
other two thresholds are exact for a quadratic. For gradient *ascent* the same holds for
``-f``: ``L`` is then the largest eigenvalue of ``-H``.

The module also gives the picks of the classic four-panel comparison (:func:`comparison_lrs`)
and, for the feature-scaling lesson, the mean squared error on standardised features built
exactly (:func:`standardized_mse_objective`), whose Hessian is ``2 I``: round contours.

>>> from gradanim.core.objective import Objective
>>> bound = stability_bound(Objective.from_text("x^2 + 3y^2"))
>>> bound.L, bound.bound
(6.0, 0.3333333333333333)
>>> bound.classify(0.25).value
'oscillates'
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import sympy

from .critical import Kind, critical_points
from .domain import Domain
from .errors import OptionError
from .objective import Objective
from .regression import RegressionData
from .trajectory import Status, Trajectory

__all__ = [
    "CRAWL_FRACTION",
    "COMPARISON_FACTORS",
    "LearningRateChoice",
    "Outcome",
    "Regime",
    "RunRegime",
    "StabilityBound",
    "classify_lr",
    "comparison_lrs",
    "outcome",
    "run_regime",
    "stability_bound",
    "standardized_mse_objective",
]

CRAWL_FRACTION = 0.1
"""A learning rate below ``CRAWL_FRACTION / L`` crawls."""

COMPARISON_FACTORS = (0.05, 0.9, 1.8, 2.2)
"""The classic comparison in units of 1/L: too small, good, too large, too large still."""


class Regime(StrEnum):
    """What gradient descent does with a learning rate (see the module's table)."""

    CRAWLS = "crawls"
    GOOD = "good"
    OSCILLATES = "oscillates"
    DIVERGES = "diverges"

    @property
    def badge(self) -> str:
        """The words a status badge shows: crawls / no overshoot / oscillates / diverges. (Not
        "converges" for the good regime: an oscillating run below 2/L converges too.)"""
        return "no overshoot" if self is Regime.GOOD else self.value



def classify_lr(lr: float, L: float) -> Regime:
    """The regime of learning rate ``lr`` for largest curvature ``L > 0`` (thresholds above)."""
    if not (_finite(lr) and lr > 0):
        raise OptionError(f"lr={lr!r} is not allowed: a learning rate must be a finite number > 0")
    if not (_finite(L) and L > 0):
        raise OptionError(f"L={L!r} is not allowed: the largest curvature must be a finite number > 0")
    scaled = lr * L  # lr in units of 1/L
    if scaled > 2.0:
        return Regime.DIVERGES
    if scaled > 1.0:
        return Regime.OSCILLATES
    if scaled < CRAWL_FRACTION:
        return Regime.CRAWLS
    return Regime.GOOD


@dataclass(frozen=True)
class StabilityBound:
    """The curvature of f (or of -f when maximising) at ``point`` and what it allows.

    ``eigenvalues`` are those of the Hessian of the function being *descended* (``-f`` for
    ascent), ascending; ``L`` is the largest, ``mu`` the smallest.
    """

    point: np.ndarray
    eigenvalues: np.ndarray
    maximize: bool = False

    @property
    def L(self) -> float:
        return float(self.eigenvalues[-1])

    @property
    def mu(self) -> float:
        return float(self.eigenvalues[0])

    @property
    def bound(self) -> float:
        """2/L: gradient descent diverges for any larger learning rate."""
        return 2.0 / self.L

    @property
    def oscillation_threshold(self) -> float:
        """1/L: above it the steepest direction overshoots (sign flips every step)."""
        return 1.0 / self.L

    @property
    def crawl_threshold(self) -> float:
        """CRAWL_FRACTION/L: below it the walker crawls."""
        return CRAWL_FRACTION / self.L

    @property
    def condition_number(self) -> float:
        """L / mu (inf when the smallest curvature is not positive): how elongated the contours are."""
        return self.L / self.mu if self.mu > 0 else math.inf

    @property
    def best_lr(self) -> float:
        """2 / (mu + L): the learning rate with the smallest worst-case contraction."""
        return 2.0 / (self.mu + self.L)

    def contraction(self, lr: float) -> float:
        """max |1 - lr lambda| over the eigenvalues: the error's worst factor per step."""
        return float(np.max(np.abs(1.0 - lr * self.eigenvalues)))

    def step_factors(self, lr: float) -> np.ndarray:
        """1 - lr lambda for each eigenvalue: a negative factor flips sign every step."""
        return 1.0 - lr * self.eigenvalues

    def classify(self, lr: float) -> Regime:
        return classify_lr(lr, self.L)


def stability_bound(
    objective: Objective,
    point: Sequence[float] | None = None,
    *,
    domain: Domain | None = None,
    maximize: bool = False,
) -> StabilityBound:
    """The curvature that limits gradient descent (or ascent) on ``objective``.

    At ``point`` when given, else at the minimiser (the maximiser when ``maximize``) that
    :func:`~gradanim.core.critical.critical_points` finds in ``domain`` (the lowest minimum /
    highest maximum when there are several). Raises OptionError when there is no such point or
    the curvature there is not positive (no bound exists).
    """
    if point is None:
        wanted = Kind.MAXIMUM if maximize else Kind.MINIMUM
        found = [c for c in critical_points(objective, domain) if c.kind == wanted]
        if not found:
            where = "in the domain" if domain is not None else "in [-10, 10] per variable"
            smooth = "" if objective.smooth else " where it has a gradient"
            raise OptionError(f"f has no {wanted.value}{smooth} {where}, so there is no curvature there to bound "
                              "the learning rate by (give the point to measure it at)")
        chosen = found[-1] if maximize else found[0]
        at, hessian = np.asarray(chosen.point, dtype=float), np.asarray(chosen.hessian, dtype=float)
    else:
        at = np.asarray(point, dtype=float).reshape(-1)
        hessian = objective.hessian(at)
    if not np.all(np.isfinite(hessian)):
        raise OptionError(f"the Hessian of f is not finite at {tuple(at.tolist())}")
    sign = -1.0 if maximize else 1.0
    h = sign * hessian
    eigenvalues = np.linalg.eigvalsh((h + h.T) / 2)
    if not eigenvalues[-1] > 0:
        raise OptionError(
            f"f has no positive curvature to {'ascend' if maximize else 'descend'} at "
            f"{tuple(at.tolist())}: no learning-rate bound exists there"
        )
    return StabilityBound(point=at, eigenvalues=eigenvalues, maximize=bool(maximize))


@dataclass(frozen=True)
class LearningRateChoice:
    """One learning rate of a comparison, with its role and regime."""

    lr: float
    label: str  # "too small", "good", "too large", "too large still"
    regime: Regime


COMPARISON_LABELS = ("too small", "good", "too large", "too large still")


def comparison_lrs(
    bound: StabilityBound,
    factors: Sequence[float] = COMPARISON_FACTORS,
    *,
    significant: int | None = 2,
) -> tuple[LearningRateChoice, ...]:
    """The classic comparison's learning rates: ``factor / L`` for each factor.

    With ``significant`` the rates are rounded to that many significant digits for display,
    but only where rounding keeps the regime (a rate never changes class by rounding).
    """
    labels = COMPARISON_LABELS if len(factors) == len(COMPARISON_LABELS) else tuple(f"{f:g}/L" for f in factors)
    choices = []
    for factor, label in zip(factors, labels):
        lr = float(factor) / bound.L
        regime = bound.classify(lr)
        if significant:
            rounded = float(f"{lr:.{significant}g}")
            if rounded > 0 and bound.classify(rounded) is regime:
                lr = rounded
        choices.append(LearningRateChoice(lr, label, regime))
    return tuple(choices)


@dataclass(frozen=True)
class Outcome:
    """How a recorded run ended, in the words a caption uses.

    ``step`` is the step count of the run for ``converged``/``max_steps`` and, for
    ``diverged``, the step at which it failed (the failing point is not recorded, so this is
    ``n_steps + 1``).
    """

    status: Status
    step: int
    message: str
    at_break: str = ""  # "kink" or "jump" when the last point is one (f has no gradient there)

    @property
    def text(self) -> str:
        at = f" at a {self.at_break}" if self.at_break and self.status is not Status.DIVERGED else ""
        if self.status is Status.CONVERGED:
            return f"converged{at} after {self.step} step{'s' if self.step != 1 else ''}"
        if self.status is Status.DIVERGED:
            return f"diverged at step {self.step}"
        return f"stopped{at} after {self.step} step{'s' if self.step != 1 else ''}"


def outcome(trajectory: Trajectory) -> Outcome:
    """The :class:`Outcome` of a trajectory (from its status and message)."""
    step = trajectory.n_steps + 1 if trajectory.status is Status.DIVERGED else trajectory.n_steps
    return Outcome(trajectory.status, step, trajectory.message, trajectory.breaks[-1])


@dataclass(frozen=True)
class RunRegime:
    """The regime of one plain gradient-descent run and the numbers that decide it: its
    learning rate against the curvature ``bound.L`` where the run is headed."""

    regime: Regime
    lr: float
    bound: StabilityBound

    @property
    def zigzags(self) -> bool:
        """Overshoots the steepest direction every step (it oscillates or diverges)."""
        return self.regime in (Regime.OSCILLATES, Regime.DIVERGES)

    @property
    def threshold(self) -> tuple[str, str, float]:
        """The comparison that decides the regime: ``(relation, name, value)``, e.g.
        ``(">", "2/L", 0.333)`` for a run that diverges."""
        if self.regime is Regime.DIVERGES:
            return ">", "2/L", self.bound.bound
        if self.regime is Regime.OSCILLATES:
            return ">", "1/L", self.bound.oscillation_threshold
        if self.regime is Regime.CRAWLS:
            return "<", f"{CRAWL_FRACTION:g}/L", self.bound.crawl_threshold
        return "<=", "1/L", self.bound.oscillation_threshold


def run_regime(objective: Objective, trajectory: Trajectory, domain: Domain | None = None) -> RunRegime | None:
    """What the core calls a plain gradient-descent run (``optimizer == "gd"``): its learning
    rate classified (:func:`classify_lr`) against the largest curvature of f (of -f when the
    run climbs) at the minimum (maximum) it is headed for, plus any weight decay.

    The point is the minimum of ``domain`` (default [-10, 10] per variable) nearest the run's
    last point, or nearest its start for a run that diverged. None for other optimisers, and
    where no bound exists (no such point, or no positive curvature there).
    """
    if trajectory.optimizer != "gd":
        return None
    found = _optima(objective, domain, bool(trajectory.maximize))
    if not found:
        return None
    towards = trajectory.points[0] if trajectory.diverged else trajectory.final_point
    chosen = min(found, key=lambda c: float(np.linalg.norm(np.asarray(c.point, dtype=float) - towards)))
    try:
        bound = stability_bound(objective, chosen.point, maximize=trajectory.maximize)
    except OptionError:
        return None
    decay = float(trajectory.hyperparameters.get("weight_decay", 0.0) or 0.0)
    if decay:
        bound = StabilityBound(point=bound.point, eigenvalues=bound.eigenvalues + decay, maximize=bound.maximize)
    lr = float(trajectory.hyperparameters["lr"])
    return RunRegime(bound.classify(lr), lr, bound)


@lru_cache(maxsize=32)
def _optima(objective: Objective, domain: Domain | None, maximize: bool) -> tuple:
    """The minima (maxima) of ``objective`` in ``domain``, once per objective and domain: a
    scene and its checks ask for the same ones (they can take seconds to find)."""
    wanted = Kind.MAXIMUM if maximize else Kind.MINIMUM
    try:
        return tuple(c for c in critical_points(objective, domain) if c.kind == wanted)
    except OptionError:
        return ()


def standardized_mse_objective(
    data: RegressionData, names: tuple[str, str] = ("b0", "b1")
) -> tuple[Objective, float, float]:
    """The MSE of ``y ~ b0 + b1 x'`` on standardised ``x' = (x - mean) / std``, built exactly.

    Returns ``(objective, mean, std)`` (population std, as ``numpy.std``). Because ``x'`` has
    mean 0 and mean square 1, the Hessian is exactly ``2 I``: round contours, condition number 1.
    """
    xs = [sympy.nsimplify(float(v), rational=True) for v in data.x]
    ys = [sympy.nsimplify(float(v), rational=True) for v in data.y]
    n = len(xs)
    mean = sum(xs) / n
    std = sympy.sqrt(sum((x - mean) ** 2 for x in xs) / n)
    if std == 0:
        raise OptionError("standardising needs x values that are not all equal")
    b0, b1 = (sympy.Symbol(name, real=True) for name in names)
    expr = sympy.Rational(1, n) * sum((y - (b0 + b1 * (x - mean) / std)) ** 2 for x, y in zip(xs, ys))
    objective = Objective(sympy.expand(expr), (b0, b1), text=f"MSE({names[0]}, {names[1]}) on standardised x")
    return objective, float(mean), float(std)


def _finite(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) and math.isfinite(x)
