"""Stopping too early: a run that stops at a loose tolerance, and how far it still is from the
minimum it was heading for.

A run stops as *converged* once ``|grad f| < tol`` (see
:func:`gradanim.core.trajectory.descend`). A small gradient is not the same as being at the
minimum: where the valley is flat (a small curvature ``mu``) the gradient is small long
before the point arrives. Near a minimum ``x*`` with Hessian ``H``, ``grad f(x) ~ H (x - x*)``,
so the distance left obeys

    |grad f| / L  <=  |x - x*|  <=  |grad f| / mu

(``mu``, ``L`` the smallest and largest eigenvalue of ``H``; exact for a quadratic).
:func:`remaining` measures it on a finished run, with the minimum from
:func:`~gradanim.core.critical.critical_points`; :func:`stopping_comparison` runs the same
optimiser with a loose and a tight tolerance, for a scene that shows both.

>>> from gradanim.core.objective import Objective
>>> f = Objective.from_text("x^2 + 10y^2")
>>> loose, tight = stopping_comparison(f, [3.0, 1.0], "gd", tolerances=(1.0, 1e-6), lr=0.05)
>>> loose.run.n_steps < tight.run.n_steps and loose.distance > 1000 * tight.distance
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from .critical import CriticalPoint, Kind, critical_points
from .domain import Domain
from .errors import OptionError
from .objective import Objective
from .trajectory import Trajectory, descend

__all__ = ["EarlyStop", "remaining", "stopping_comparison"]


@dataclass(frozen=True)
class EarlyStop:
    """Where a run stopped, and what was left to go to ``target`` (the minimum it was heading
    for; the maximum for gradient ascent)."""

    run: Trajectory
    target: CriticalPoint
    tol: float | None  # the run's tolerance, when known

    @property
    def stop(self) -> np.ndarray:
        return self.run.final_point

    @property
    def gradient_norm(self) -> float:
        """|grad f| where the run stopped (below ``tol`` when it converged)."""
        return float(np.linalg.norm(self.run.gradients[-1]))

    @property
    def offset(self) -> np.ndarray:
        """From the stop to the target: the way still to go."""
        return np.asarray(self.target.point, dtype=float) - self.stop

    @property
    def distance(self) -> float:
        """|x_stop - x*|: how far from the minimum the run stopped."""
        return float(np.linalg.norm(self.offset))

    @property
    def value_gap(self) -> float:
        """|f(x_stop) - f(x*)|: how much lower (higher, for ascent) f still goes."""
        return abs(self.run.final_value - float(self.target.value))

    @property
    def distance_bounds(self) -> tuple[float, float]:
        """``(|grad f| / L, |grad f| / mu)`` from the target's Hessian: where the distance
        must lie near the target (exactly, for a quadratic)."""
        curvatures = np.abs(np.asarray(self.target.eigenvalues, dtype=float))
        low, high = float(curvatures.min()), float(curvatures.max())
        norm = self.gradient_norm
        return norm / high, (norm / low if low > 0 else math.inf)


def remaining(
    objective: Objective,
    run: Trajectory,
    *,
    domain: Domain | None = None,
    tol: float | None = None,
    critical: Sequence[CriticalPoint] | None = None,
) -> EarlyStop:
    """How far ``run`` stopped from the minimum (maximum, when it maximised) nearest to its
    last point, among the critical points of ``objective`` in ``domain`` (or among
    ``critical``, when the caller has them already).

    OptionError when there is no minimum (maximum) there.
    """
    wanted = Kind.MAXIMUM if run.maximize else Kind.MINIMUM
    if critical is None:
        critical = critical_points(objective, domain)
    found = [c for c in critical if c.kind is wanted]
    if not found:
        raise OptionError(f"f has no {wanted.value} in the domain: there is nothing to measure the remaining distance to")
    stop = run.final_point
    target = min(found, key=lambda c: float(np.linalg.norm(np.asarray(c.point, dtype=float) - stop)))
    return EarlyStop(run=run, target=target, tol=tol)


def stopping_comparison(
    objective: Objective,
    start: ArrayLike,
    optimizer: str = "gd",
    *,
    tolerances: Sequence[float] = (1.0, 1e-6),
    steps: int = 10_000,
    maximize: bool = False,
    domain: Domain | None = None,
    **hyperparameters: Any,
) -> tuple[EarlyStop, ...]:
    """The same run stopped at each tolerance (loosest first): each with the distance it left.

    The runs share everything but ``tol``, so the loose one is the tight one cut short: the
    tight run passes through every point of the loose one.
    """
    if not tolerances:
        raise OptionError("give at least one tolerance")
    ordered = sorted((float(t) for t in tolerances), reverse=True)
    critical = critical_points(objective, domain)
    results = []
    for tol in ordered:
        run = descend(objective, start, optimizer, steps=steps, tol=tol, maximize=maximize, **hyperparameters)
        results.append(remaining(objective, run, tol=tol, critical=critical))
    return tuple(results)
