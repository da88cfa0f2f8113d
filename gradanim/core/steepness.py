"""How steep f is at a point, read two ways: the gradient's length, and how close together
the contour lines are there.

Walk from ``p`` along the gradient (the steepest way up) until f has risen by one level
step, and against it until f has fallen by one: if the walk is short, the contours crowd and
the hill is steep. To first order ``f(p + t u) = f(p) + t |grad f(p)|`` along the unit
gradient ``u``, so

    |grad f(p)|  ~  level step / distance to the next level,

and with the levels on both sides, ``(level above - level below) / (distance up + distance
down)`` is a central difference: its error shrinks like the square of the level step (the
one-sided ``step / distance up`` only like the step). :func:`steepness` measures both sides on
f itself (no linearisation), for a scene that puts the gradient arrow beside the gap between
two contour lines.

>>> from gradanim.core.objective import Objective
>>> s = steepness(Objective.from_text("x^2 + y^2"), [3.0, 4.0], step=1.0)
>>> round(s.norm, 6), round(s.estimate, 3)
(10.0, 9.998)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .errors import OptionError
from .objective import Objective

__all__ = ["LevelCrossing", "Steepness", "steepness"]

SAMPLES = 256
"""Points per stretch of the ray searched for the first crossing of a level."""


@dataclass(frozen=True)
class LevelCrossing:
    """Where the ray from the point along (or against) the gradient first reaches ``level``."""

    level: float
    distance: float  # along the ray, > 0
    point: np.ndarray


@dataclass(frozen=True)
class Steepness:
    """The gradient at ``point`` and the neighbouring contour levels along it.

    ``above`` is where the ray along ``direction`` (the unit gradient) first reaches the next
    level up, ``below`` where the ray against it first reaches the next level down; either
    is None when f never gets there along the ray (within ``max_distance``, or before f is
    undefined).
    """

    point: np.ndarray
    value: float
    gradient: np.ndarray
    above: LevelCrossing | None
    below: LevelCrossing | None

    @property
    def norm(self) -> float:
        """|grad f| at the point: the slope along the steepest direction."""
        return float(np.linalg.norm(self.gradient))

    @property
    def direction(self) -> np.ndarray:
        """The unit gradient: the steepest way up."""
        return self.gradient / self.norm

    @property
    def spacing(self) -> float:
        """The gap between the level below and the level above, measured through the point
        along the gradient (nan when a side is missing)."""
        if self.above is None or self.below is None:
            return math.nan
        return self.above.distance + self.below.distance

    @property
    def estimate(self) -> float:
        """``(level above - level below) / spacing``: the slope the contours show, ~ |grad f|
        (from one side only when the other is missing; nan when both are)."""
        if self.above is not None and self.below is not None:
            return (self.above.level - self.below.level) / self.spacing
        side = self.above or self.below
        return math.nan if side is None else abs(side.level - self.value) / side.distance


def steepness(
    objective: Objective,
    point: ArrayLike,
    *,
    levels: Sequence[float] | None = None,
    step: float | None = None,
    max_distance: float | None = None,
) -> Steepness:
    """The gradient at ``point`` and how far it is, along it, to the neighbouring levels.

    Give either the contour ``levels`` a map draws (the nearest level strictly above f(p) and
    the nearest strictly below are used) or a level ``step`` (the levels f(p) + step and
    f(p) - step). ``max_distance`` bounds the search along each ray (default: 1000 times the
    linear estimate of the distance). OptionError where f has no gradient at ``point`` or
    the gradient is zero (no way up to measure along).
    """
    p = objective._point(point)
    value = objective.value(p)
    gradient = objective.gradient(p)
    if not (math.isfinite(value) and np.all(np.isfinite(gradient))):
        reason = objective.smoothness_at(p).reason if math.isfinite(value) else "f is not defined there"
        raise OptionError(f"no steepness at {tuple(p.tolist())}: {reason or 'f has no gradient there'}")
    norm = float(np.linalg.norm(gradient))
    if norm == 0.0:
        raise OptionError(f"the gradient is zero at {tuple(p.tolist())}: no way up to measure the contours along")
    if (levels is None) == (step is None):
        raise OptionError("give either the contour levels or a level step")
    if step is not None:
        if not (isinstance(step, int | float) and math.isfinite(step) and step > 0):
            raise OptionError(f"step={step!r} is not allowed: the level step must be a finite number > 0")
        up, down = value + step, value - step
    else:
        ordered = np.sort(np.asarray(levels, dtype=float).reshape(-1))
        if not np.all(np.isfinite(ordered)):
            raise OptionError("contour levels must be finite numbers")
        higher, lower = ordered[ordered > value], ordered[ordered < value]
        up = float(higher[0]) if higher.size else None
        down = float(lower[-1]) if lower.size else None
    direction = gradient / norm
    above = None if up is None else _first_crossing(objective, p, value, direction, norm, up, max_distance)
    below = None if down is None else _first_crossing(objective, p, value, -direction, norm, down, max_distance)
    return Steepness(point=p, value=value, gradient=gradient, above=above, below=below)


def _first_crossing(objective, p, value, direction, norm, level, max_distance) -> LevelCrossing | None:
    """The first t > 0 with f(p + t direction) = level (f(p) is on the other side), by
    sampling stretches of growing length and bisecting the first sign change."""
    sign = 1.0 if level > value else -1.0
    guess = abs(level - value) / norm  # the linear model's distance
    limit = 1000.0 * guess if max_distance is None else float(max_distance)
    reach = min(2.0 * guess, limit)
    start = 0.0
    while start < limit:
        t = np.linspace(start, reach, SAMPLES + 1)[1:]
        xs = p[:, None] + direction[:, None] * t[None, :]
        gap = sign * (objective.value_on(*xs) - level)
        undefined = ~np.isfinite(gap)
        crossed = gap >= 0
        first = int(np.argmax(crossed | undefined))
        if crossed[first] and not undefined[first]:
            low = start if first == 0 else float(t[first - 1])
            return _bisect(objective, p, direction, level, sign, low, float(t[first]))
        if undefined[first]:
            return None  # f stops being defined before it reaches the level
        start, reach = reach, min(2.0 * reach, limit)
    return None


def _bisect(objective, p, direction, level, sign, low, high) -> LevelCrossing:
    for _ in range(100):
        middle = 0.5 * (low + high)
        if middle in (low, high):
            break
        if sign * (objective.value(p + middle * direction) - level) >= 0:
            high = middle
        else:
            low = middle
    return LevelCrossing(level=float(level), distance=high, point=p + high * direction)
