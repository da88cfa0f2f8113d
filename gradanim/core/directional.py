"""Directional derivatives all the way round a point: D_u f for u at every angle.

A scene that turns a unit vector u around a point and plots D_u f = grad f . u against the
angle needs the whole curve before the first frame, plus the special directions a lesson
names: the gradient (steepest ascent, D_u f = |grad f|), the two contour directions (D_u f = 0)
and the opposite of the gradient (steepest descent, D_u f = -|grad f|).

>>> from gradanim.core.objective import Objective
>>> p = directional_profile(Objective.from_text("x^2*y/2"), [2, 3])
>>> round(p.magnitude, 4), round(p.value_at(p.gradient_angle), 4)
(6.3246, 6.3246)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import OptionError
from .objective import Objective

TAU = 2.0 * np.pi


def unit_vector(theta: float | np.ndarray) -> np.ndarray:
    """The unit vector (cos theta, sin theta); an array of angles gives shape (m, 2)."""
    theta = np.asarray(theta, dtype=float)
    return np.stack([np.cos(theta), np.sin(theta)], axis=-1)


def angle_of(vector) -> float:
    """The angle of a nonzero 2D vector, in [0, 2 pi)."""
    v = np.asarray(vector, dtype=float).reshape(-1)
    if v.shape != (2,) or not np.all(np.isfinite(v)) or not np.any(v):
        raise OptionError("an angle needs a finite, nonzero 2D vector")
    return float(np.arctan2(v[1], v[0]) % TAU)


@dataclass(frozen=True)
class DirectionMark:
    """A named direction: its angle in [0, 2 pi), the unit vector and D_u f along it."""

    name: str  # "gradient", "contour", "opposite", or a lesson's own name
    angle: float
    direction: np.ndarray
    value: float


@dataclass(frozen=True, eq=False)
class DirectionalProfile:
    """D_u f at ``point`` for u = (cos theta, sin theta), sampled over one turn.

    ``angles`` runs from 0 to 2 pi inclusive (the last sample repeats the first) and includes
    every marked angle; ``values`` holds ``objective.directional_derivative(point, u(theta))``
    at each one.
    """

    point: np.ndarray
    gradient: np.ndarray
    magnitude: float
    gradient_angle: float
    angles: np.ndarray
    values: np.ndarray
    marks: tuple[DirectionMark, ...]

    def value_at(self, theta: float | np.ndarray) -> float | np.ndarray:
        """D_u f at any angle, interpolated between the core's samples (periodic)."""
        t = np.mod(np.asarray(theta, dtype=float), TAU)
        out = np.interp(t, self.angles, self.values)
        return float(out) if np.ndim(out) == 0 else out

    def slope_at(self, theta: float | np.ndarray) -> float | np.ndarray:
        """D_u f = grad f . u at any angle, exactly (``value_at`` interpolates the sampled
        curve, for drawing it; a number shown is this)."""
        out = unit_vector(theta) @ np.asarray(self.gradient, dtype=float)
        return float(out) if np.ndim(out) == 0 else out

    def mark(self, name: str) -> list[DirectionMark]:
        return [m for m in self.marks if m.name == name]

    @property
    def maximum(self) -> DirectionMark:
        return self.mark("gradient")[0]

    @property
    def minimum(self) -> DirectionMark:
        return self.mark("opposite")[0]

    @property
    def contour_marks(self) -> list[DirectionMark]:
        return self.mark("contour")


def directional_profile(
    objective: Objective,
    point,
    *,
    samples: int = 720,
    extra: dict[str, object] | None = None,
) -> DirectionalProfile:
    """The directional derivative of a 2-variable ``objective`` at ``point`` for every angle.

    ``samples`` angles are spaced evenly over one turn (720: every half degree, so whole and
    half degrees are sampled exactly), plus the marked angles. ``extra`` names further
    directions to mark, e.g. ``{"northeast": (1, 1)}``. A point where the gradient is zero has no gradient direction:
    that raises :class:`OptionError`.
    """
    if objective.n_variables != 2:
        raise OptionError("a directional profile needs a function of two variables")
    if int(samples) < 8:
        raise OptionError("samples must be at least 8")
    p = np.asarray(point, dtype=float).reshape(-1)
    g = objective.gradient(p)
    magnitude = float(np.hypot(*g))
    if not np.isfinite(magnitude) or magnitude == 0.0:
        raise OptionError(f"the gradient at {p.tolist()} is zero or undefined: no direction is special")
    theta_g = angle_of(g)

    def mark(name: str, theta: float) -> DirectionMark:
        theta = float(theta % TAU)
        u = unit_vector(theta)
        value = objective.directional_derivative(p, u)
        if abs(value) <= 1e-12 * magnitude:
            value = 0.0  # along a contour: rounding noise, not a slope
        return DirectionMark(name, theta, u, value)

    marks = [
        mark("gradient", theta_g),
        mark("contour", theta_g + np.pi / 2),
        mark("opposite", theta_g + np.pi),
        mark("contour", theta_g + 3 * np.pi / 2),
    ]
    for name, direction in (extra or {}).items():
        marks.append(mark(name, angle_of(direction)))
    # The even samples plus every marked angle, so the curve passes exactly through the marks.
    even = np.linspace(0.0, TAU, int(samples) + 1)
    marked = {m.angle: m.value for m in marks}
    angles = np.unique(np.concatenate([even, list(marked)]))
    values = np.array([
        marked[a] if a in marked else objective.directional_derivative(p, u)
        for a, u in zip(angles, unit_vector(angles))
    ])
    values[-1] = values[0]  # exactly periodic: 2 pi is 0
    return DirectionalProfile(p, g, magnitude, theta_g, angles, values, tuple(marks))


__all__ = ["DirectionMark", "DirectionalProfile", "angle_of", "directional_profile", "unit_vector"]
