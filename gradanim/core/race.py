"""Several optimiser runs compared in lockstep: where each run is at race time ``s``, how
each one ended, and which hyper-parameters name it.

A race replays precomputed :class:`~gradanim.core.trajectory.Trajectory` records side by
side. At race time ``s`` (a real number of steps) every run has taken ``s`` steps, except
one that stopped earlier (converged or diverged): it waits at its last point.

>>> from gradanim.core.objective import Objective
>>> from gradanim.core.trajectory import descend
>>> f = Objective.from_text("x^2 + 3y^2")
>>> run = descend(f, [1.0, 1.0], "gd", lr=0.1, steps=5, tol=0.0)
>>> lockstep(run, 2.5)
(2, 0.5)
>>> lockstep(run, 99)
(5, 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .domain import Domain
from .errors import OptionError
from .optimizers import get_optimizer
from .trajectory import Status, Trajectory, descend

__all__ = [
    "KEY_HYPERPARAMETERS",
    "LR_GRID",
    "TunedRate",
    "best_learning_rate",
    "RaceOutcome",
    "lockstep",
    "lockstep_point",
    "outcome",
    "race_length",
    "shown_hyperparameters",
]

# The hyper-parameters that give each optimiser its character; a legend always names these
# (plus any other one set away from its default).
KEY_HYPERPARAMETERS: dict[str, tuple[str, ...]] = {
    "gd": ("lr",),
    "momentum": ("lr", "momentum"),
    "nesterov": ("lr", "momentum"),
    "adagrad": ("lr",),
    "rmsprop": ("lr", "alpha"),
    "adam": ("lr", "betas"),
    "newton": ("lr",),
}


def race_length(trajectories: Sequence[Trajectory]) -> int:
    """The number of steps of the longest run: the race is over after this many."""
    if not trajectories:
        raise OptionError("a race needs at least one trajectory")
    return max(t.n_steps for t in trajectories)


def lockstep(trajectory: Trajectory, s: float, limit: int | None = None) -> tuple[int, float]:
    """Where ``trajectory`` is at race time ``s``: ``(k, t)`` = a fraction ``t`` in [0, 1) of
    the way from point ``k`` to point ``k + 1``.

    ``s`` is clamped to ``[0, last]`` with ``last = n_steps`` (or ``min(n_steps, limit)``,
    e.g. the last step shown inside a plot); at or past ``last`` the run waits at point
    ``last`` (``t = 0``).
    """
    if not math.isfinite(s):
        raise OptionError(f"race time must be a finite number, got {s!r}")
    last = trajectory.n_steps if limit is None else max(0, min(trajectory.n_steps, int(limit)))
    if s >= last:
        return last, 0.0
    if s <= 0:
        return 0, 0.0
    k = int(math.floor(s))
    return k, float(s - k)


def lockstep_point(trajectory: Trajectory, s: float, limit: int | None = None) -> np.ndarray:
    """The point of ``trajectory`` at race time ``s`` (linear between recorded points)."""
    k, t = lockstep(trajectory, s, limit)
    p = trajectory.points[k]
    return p if t == 0 else p + t * (trajectory.points[k + 1] - p)


@dataclass(frozen=True)
class RaceOutcome:
    """How one run ended: status, steps taken, final point and value, gap to the target."""

    status: Status
    steps: int
    final_point: np.ndarray
    final_value: float
    distance: float | None  # to the nearest target point (None without targets)

    @property
    def finished_early(self) -> bool:
        return self.status is not Status.MAX_STEPS


def outcome(trajectory: Trajectory, targets: Sequence[Sequence[float]] = ()) -> RaceOutcome:
    """The outcome of one run; ``targets`` (e.g. the true minima) give ``distance``."""
    final = np.asarray(trajectory.final_point, dtype=float)
    distance = None
    if len(targets):
        gaps = [float(np.linalg.norm(final - np.asarray(p, dtype=float)[: final.size])) for p in targets]
        distance = min(gaps)
    return RaceOutcome(trajectory.status, trajectory.n_steps, final, trajectory.final_value, distance)


def shown_hyperparameters(
    trajectory: Trajectory, keys: Sequence[str] | None = None
) -> list[tuple[str, float | tuple | bool]]:
    """The hyper-parameters a legend names, in the optimiser's own order: the key ones
    (``keys``, default :data:`KEY_HYPERPARAMETERS`) and every other one set away from its
    default."""
    spec = get_optimizer(trajectory.optimizer)
    keys = tuple(KEY_HYPERPARAMETERS.get(spec.name, ("lr",)) if keys is None else keys)
    defaults = spec.defaults
    shown = []
    for name, value in trajectory.hyperparameters.items():
        if name in keys or (name in defaults and value != defaults[name]):
            shown.append((name, value))
    return shown


LR_GRID: tuple[float, ...] = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0)
"""The learning rates a race tries for each optimiser: 1 and 3 times each power of ten
from 10^-4 to 1 (about half a decade apart)."""


@dataclass(frozen=True)
class TunedRate:
    """The learning rate :func:`best_learning_rate` chose, and what every rate tried gave:
    ``tried[i] = (lr, final value)``, the value None for a run that was ruled out (it
    diverged or left the box)."""

    lr: float
    tried: tuple[tuple[float, float | None], ...]
    steps: int

    @property
    def grid(self) -> tuple[float, ...]:
        return tuple(lr for lr, _ in self.tried)


def best_learning_rate(
    function,
    start: Sequence[float],
    optimizer: str,
    *,
    grid: Sequence[float] = LR_GRID,
    steps: int = 500,
    tol: float = 0.0,
    domain: Domain | None = None,
    **hyperparameters,
) -> TunedRate:
    """The best learning rate of ``grid`` for ``optimizer`` from ``start``: the rule a race
    uses to choose its rates, the same for every optimiser.

    Each rate runs ``steps`` steps (stopping early when the gradient norm falls below
    ``tol``); a run that diverges, or with a point outside ``domain`` (the map a scene
    draws), is ruled out. Of the rest the one that ends lowest wins; a tie (values within
    1e-12 of each other, relatively) goes to the smaller rate. OptionError when every rate
    is ruled out.
    """
    rates = sorted({float(lr) for lr in grid})
    if not rates or not all(math.isfinite(lr) and lr > 0 for lr in rates):
        raise OptionError(f"a learning-rate grid needs positive finite rates, got {list(grid)}")
    tried: list[tuple[float, float | None]] = []
    for lr in rates:
        run = descend(function, start, optimizer, lr=lr, steps=steps, tol=tol, **hyperparameters)
        inside = domain is None or all(domain.contains(p, 1e-9) for p in np.asarray(run.points)[:, :2])
        tried.append((lr, run.final_value if not run.diverged and inside else None))
    kept = [(value, lr) for lr, value in tried if value is not None]
    if not kept:
        raise OptionError(f"every learning rate of {rates} makes {optimizer} diverge or leave the map")
    best = min(value for value, _ in kept)
    close = 1e-12 * max(abs(best), 1e-300)
    chosen = min(lr for value, lr in kept if value - best <= close)
    return TunedRate(chosen, tuple(tried), int(steps))
