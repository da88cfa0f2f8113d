"""The hiker's probe: feel the slope by taking a small step along each axis.

A hiker in the fog cannot see the summit, only how the ground changes under a step. From a
point ``p`` and a step ``h`` the probe records, for each variable ``i`` (east is ``x``, north
is ``y``):

* the rise ``f(p + h e_i) - f(p)`` (positive: uphill, negative: downhill),
* the slope estimate ``rise / h`` (a forward difference, error O(h); ``scheme="central"``
  uses ``(f(p + h e_i) - f(p - h e_i)) / 2h``, error O(h^2)),
* the exact partial derivative ``df/dx_i`` from the objective's gradient,

and the probe-estimated gradient (the slopes together), which tends to the exact gradient,
the direction of steepest ascent, as ``h -> 0``.

>>> from gradanim.core.objective import Objective
>>> p = probe(Objective.from_text("x^2 + 3y^2"), (1.0, 2.0), 0.5)
>>> p.rises.tolist(), p.slopes.tolist(), p.partials.tolist()
([1.25, 6.75], [2.5, 13.5], [2.0, 12.0])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from .errors import OptionError
from .objective import Objective
from .trajectory import Trajectory

__all__ = ["Probe", "Slope", "probe", "probes_along"]

SCHEMES = ("forward", "central")


class Slope(StrEnum):
    """Which way the ground goes under a probe step."""

    UP = "up"
    DOWN = "down"
    FLAT = "flat"



def _frozen(values) -> np.ndarray:
    array = np.array(values, dtype=np.float64)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class Probe:
    """One probe at ``point`` with step ``h``: rises, slope estimates and exact partials.

    Arrays have one entry per variable (for f(x, y): index 0 is east, 1 is north).

    Attributes
    ----------
    point
        Where the hiker stands, shape (n,).
    h
        The probe step (> 0), in the function's units.
    value
        f(point).
    stepped
        ``f(point + h e_i)`` for each axis i: the height after the step.
    rises
        ``stepped - value``: how much the ground rose (negative: fell) over the step.
    slopes
        The finite-difference slope estimates (``rises / h`` for the forward scheme).
    partials
        The exact partial derivatives at ``point`` (the core's gradient).
    scheme
        ``"forward"`` or ``"central"``.
    """

    point: np.ndarray
    h: float
    value: float
    stepped: np.ndarray
    rises: np.ndarray
    slopes: np.ndarray
    partials: np.ndarray
    scheme: str = "forward"
    flat_tolerance: float = 1e-12

    def __copy__(self) -> Probe:
        return self

    def __deepcopy__(self, memo) -> Probe:
        return self

    @property
    def n_variables(self) -> int:
        return int(self.point.shape[0])

    # --- the estimate and the truth ------------------------------------------------------

    @property
    def estimated_gradient(self) -> np.ndarray:
        """The probe's gradient: the slope estimates side by side."""
        return self.slopes

    @property
    def gradient(self) -> np.ndarray:
        """The exact gradient (the partials side by side)."""
        return self.partials

    @property
    def errors(self) -> np.ndarray:
        """``slopes - partials``: the finite-difference error per axis."""
        return self.slopes - self.partials

    @property
    def gradient_norm(self) -> float:
        """|grad f|: the rate of climb in the steepest direction."""
        return float(np.linalg.norm(self.partials))

    @property
    def ascent_direction(self) -> np.ndarray:
        """The unit vector of steepest ascent (zeros at a flat point)."""
        norm = self.gradient_norm
        return self.partials / norm if norm > 0 else np.zeros_like(self.partials)

    # --- up or down ----------------------------------------------------------------------

    def slope_sign(self, axis: int) -> Slope:
        """UP, DOWN or FLAT for the step along ``axis`` (judged by the measured rise)."""
        rise = float(self.rises[axis])
        if abs(rise) <= self.flat_tolerance * max(1.0, abs(self.value)):
            return Slope.FLAT
        return Slope.UP if rise > 0 else Slope.DOWN

    @property
    def signs(self) -> tuple[Slope, ...]:
        return tuple(self.slope_sign(i) for i in range(self.n_variables))

    # --- two-variable names --------------------------------------------------------------

    def _axis(self, axis: int) -> int:
        if axis >= self.n_variables:
            raise OptionError(f"this probe has {self.n_variables} variable(s); it has no axis {axis}")
        return axis

    @property
    def rise_east(self) -> float:
        return float(self.rises[self._axis(0)])

    @property
    def rise_north(self) -> float:
        return float(self.rises[self._axis(1)])

    @property
    def slope_east(self) -> float:
        return float(self.slopes[self._axis(0)])

    @property
    def slope_north(self) -> float:
        return float(self.slopes[self._axis(1)])

    @property
    def partial_east(self) -> float:
        return float(self.partials[self._axis(0)])

    @property
    def partial_north(self) -> float:
        return float(self.partials[self._axis(1)])

    def step_point(self, axis: int) -> np.ndarray:
        """Where the probe step along ``axis`` lands: ``point + h e_axis``."""
        target = np.array(self.point, dtype=float)
        target[self._axis(axis)] += self.h
        return target

    def as_dict(self) -> dict:
        return {
            "point": self.point.tolist(),
            "h": self.h,
            "scheme": self.scheme,
            "value": self.value,
            "stepped": self.stepped.tolist(),
            "rises": self.rises.tolist(),
            "slopes": self.slopes.tolist(),
            "partials": self.partials.tolist(),
            "signs": [s.value for s in self.signs],
        }


def probe(objective: Objective, point: Sequence[float], h: float = 0.1, *, scheme: str = "forward") -> Probe:
    """Probe ``objective`` at ``point`` with a step ``h`` along every axis.

    Raises OptionError for a non-positive or non-finite ``h``, an unknown scheme, or a point
    where f (or a probe step) is undefined.
    """
    if scheme not in SCHEMES:
        raise OptionError(f"scheme={scheme!r} is not allowed: use one of {', '.join(SCHEMES)}")
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)) or not np.isfinite(h) or h <= 0:
        raise OptionError(f"h={h!r} is not allowed: the probe step must be a finite number > 0")
    h = float(h)
    p = np.asarray(point, dtype=float).reshape(-1)
    if p.shape != (objective.n_variables,):
        raise OptionError(f"a point of f({', '.join(objective.names)}) needs {objective.n_variables} coordinates")
    steps = np.eye(objective.n_variables) * h
    with np.errstate(all="ignore"):
        value = objective.value(p)
        stepped = np.array([objective.value(p + e) for e in steps])
        rises = stepped - value
        if scheme == "forward":
            slopes = rises / h
        else:
            behind = np.array([objective.value(p - e) for e in steps])
            slopes = (stepped - behind) / (2 * h)
        partials = objective.gradient(p)
    numbers = np.concatenate([[value], stepped, slopes])
    if not np.all(np.isfinite(numbers)):
        raise OptionError(f"f is not defined (finite) at or around the point {p.tolist()} with step h={h:g}")
    if not np.all(np.isfinite(partials)):
        raise OptionError(f"{objective.smoothness_at(p).reason}: a probe compares its slopes with the gradient")
    return Probe(
        point=_frozen(p),
        h=h,
        value=float(value),
        stepped=_frozen(stepped),
        rises=_frozen(rises),
        slopes=_frozen(slopes),
        partials=_frozen(partials),
        scheme=scheme,
    )


def probes_along(
    objective: Objective, trajectory: Trajectory, indices: Iterable[int], h: float = 0.1, *, scheme: str = "forward"
) -> list[Probe]:
    """Probes at the trajectory's points ``indices`` (negative indices count from the end)."""
    n = len(trajectory.points)
    out = []
    for k in indices:
        if not -n <= int(k) < n:
            raise OptionError(f"index {k} is not a point of the trajectory (it has {n} points)")
        out.append(probe(objective, trajectory.points[int(k)], h, scheme=scheme))
    return out
