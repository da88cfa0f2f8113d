"""Critical points (grad f = 0) inside a domain, classified by the Hessian's eigenvalues.

Exact where sympy can solve the system (polynomial gradients of modest degree), numeric
otherwise: Newton's method on the gradient from a grid of starts, roots deduplicated.
Classification from the Hessian's eigenvalues, with a tolerance for "zero":

* all positive  -> minimum   (positive definite)
* all negative  -> maximum   (negative definite)
* both signs    -> saddle    (indefinite; whatever else)
* otherwise     -> degenerate (a zero eigenvalue decides nothing: the test is silent)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import sympy

from .domain import Domain
from .errors import OptionError
from .objective import Objective
from .time_limit import time_limit as _time_limit


class Kind(StrEnum):
    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    SADDLE = "saddle"
    DEGENERATE = "degenerate"



@dataclass(frozen=True)
class CriticalPoint:
    point: np.ndarray
    value: float
    hessian: np.ndarray
    eigenvalues: np.ndarray  # ascending
    eigenvectors: np.ndarray  # columns, matching eigenvalues
    kind: Kind
    exact: tuple[sympy.Expr, ...] | None = None  # the exact coordinates, when sympy solved it
    isolated: bool = True  # False for a point picked from a line/plane of critical points

    def as_dict(self) -> dict:
        return {
            "point": [float(v) for v in self.point],
            "value": float(self.value),
            "kind": self.kind.value,
            "eigenvalues": [float(v) for v in self.eigenvalues],
            "eigenvectors": [[float(v) for v in col] for col in self.eigenvectors.T],
            "exact": None if self.exact is None else [sympy.sstr(v) for v in self.exact],
            "isolated": self.isolated,
        }


def classify(hessian: np.ndarray, tolerance: float = 1e-8) -> tuple[Kind, np.ndarray, np.ndarray]:
    """Kind, eigenvalues and eigenvectors of a symmetric Hessian.

    An eigenvalue counts as zero when ``|lambda| <= tolerance * max(1, max |lambda|)``.
    """
    h = np.asarray(hessian, dtype=float)
    h = (h + h.T) / 2
    values, vectors = np.linalg.eigh(h)
    scale = max(1.0, float(np.max(np.abs(values)))) if values.size else 1.0
    zero = np.abs(values) <= tolerance * scale
    positive = np.any((values > 0) & ~zero)
    negative = np.any((values < 0) & ~zero)
    if positive and negative:
        kind = Kind.SADDLE
    elif np.any(zero):
        kind = Kind.DEGENERATE
    elif positive:
        kind = Kind.MINIMUM
    else:
        kind = Kind.MAXIMUM
    values = np.where(zero, 0.0, values)
    return kind, values, vectors


def critical_points(
    objective: Objective,
    domain: Domain | None = None,
    *,
    exact: bool = True,
    tolerance: float = 1e-8,
    starts_per_axis: int | None = None,
) -> list[CriticalPoint]:
    """The critical points of ``objective`` inside ``domain`` (default: [-10, 10] per variable).

    Sorted by value, then coordinates. Exact solving is tried for polynomial gradients of
    total degree <= 4 with at most 3 variables (time-limited); everything else is numeric.
    """
    domain = domain or Domain.square(10.0, objective.n_variables)
    if domain.n_variables != objective.n_variables:
        raise OptionError(
            f"the domain has {domain.n_variables} intervals but f has {objective.n_variables} variables"
        )
    found = _exact_points(objective, domain) if exact else None
    if found is None:
        found = _numeric_points(objective, domain, starts_per_axis)
    results = []
    for point, exact_coords, isolated in found:
        if not objective.smooth and not objective.smoothness_at(point).differentiable:
            continue  # grad f = 0 from one side only: f has no gradient here
        h = objective.hessian(point)
        if exact_coords is not None:
            h = np.array(
                objective.hessian_exprs.subs(dict(zip(objective.variables, exact_coords))).evalf(), dtype=float
            )
        if not np.all(np.isfinite(h)):
            continue
        kind, values, vectors = classify(h, tolerance)
        value = objective.value(point)
        results.append(CriticalPoint(point, value, h, values, vectors, kind, exact_coords, isolated))
    results.sort(key=lambda c: (c.value, *c.point))
    return results


@dataclass(frozen=True)
class Neighbourhood:
    """How f behaves on a small circle around a point p (two variables): the arcs where it
    rises above f(p) and where it falls below. Where the Hessian is silent (a zero
    eigenvalue) this still tells a minimum (f rises all round), a maximum (falls all round)
    and a point that is neither (both), and how many ways up and down there are: a monkey
    saddle rises three times and falls three times around its centre.

    It is a look at one radius, not a proof for every smaller one: ``radius`` says which.
    """

    point: np.ndarray
    radius: float
    rises: int  # arcs of the circle where f > f(p)
    falls: int  # arcs where f < f(p)
    kind: Kind  # MINIMUM, MAXIMUM, SADDLE (both: neither minimum nor maximum) or DEGENERATE (flat)
    angles: np.ndarray | None = None  # where the circle was sampled (radians)
    signs: np.ndarray | None = None  # sign of f - f(p) there (-1, 0, 1)


def neighbourhood(objective: Objective, point, radius: float, samples: int = 720,
                  tolerance: float = 1e-12) -> Neighbourhood:
    """Sample f on the circle of ``radius`` around ``point`` and count the arcs where
    f - f(p) is positive and negative (values within ``tolerance`` x the largest change
    count as equal to f(p): they end an arc)."""
    if objective.n_variables != 2:
        raise OptionError("a neighbourhood test on a circle needs a function of two variables")
    if not radius > 0:
        raise OptionError(f"the neighbourhood's radius must be positive, got {radius}")
    p = np.asarray(point, dtype=float).reshape(2)
    angle = np.linspace(0.0, 2 * np.pi, samples, endpoint=False)
    change = objective.value_on(p[0] + radius * np.cos(angle), p[1] + radius * np.sin(angle)) - objective.value(p)
    if not np.all(np.isfinite(change)):
        raise OptionError(f"f is not finite everywhere on the circle of radius {radius} around {tuple(p)}")
    scale = float(np.max(np.abs(change)))
    sign = np.where(np.abs(change) <= tolerance * max(scale, 1e-300), 0, np.sign(change)).astype(int)
    if not sign.any():
        return Neighbourhood(p, float(radius), 0, 0, Kind.DEGENERATE, angle, sign)
    starts = np.concatenate([[sign[0] != sign[-1]], sign[1:] != sign[:-1]])  # a run begins (cyclically)
    runs = sign[starts] if starts.any() else sign[:1]  # no change at all: one run all round
    rises, falls = int(np.sum(runs > 0)), int(np.sum(runs < 0))
    if rises and falls:
        kind = Kind.SADDLE
    else:
        kind = Kind.MINIMUM if rises else Kind.MAXIMUM
    return Neighbourhood(p, float(radius), rises, falls, kind, angle, sign)


# --- exact -------------------------------------------------------------------------------

EXACT_TIME_LIMIT = 3.0  # seconds; a harder system is solved numerically instead


def _solvable_exactly(objective: Objective) -> bool:
    if objective.n_variables > 3:
        return False
    for g in objective.gradient_exprs:
        if g.is_zero:
            continue
        if not g.is_polynomial(*objective.variables):
            return False
        if sympy.Poly(g, *objective.variables).total_degree() > 4:
            return False
    return True


def _exact_points(objective: Objective, domain: Domain):
    """[(point, exact coordinates, isolated)], or None when sympy cannot be trusted to finish."""
    if not _solvable_exactly(objective):
        return None
    equations = [g for g in objective.gradient_exprs if not g.is_zero]
    if not equations:  # constant function: every point is critical
        return [(domain.center, tuple(sympy.nsimplify(c) for c in domain.center), False)]
    try:
        with _time_limit(EXACT_TIME_LIMIT):
            solutions = sympy.solve(equations, objective.variables, dict=True)
    except (TimeoutError, NotImplementedError, ValueError, TypeError):
        return None
    points = []
    for solution in solutions:
        # A free variable: a line (or plane) of critical points; pick the domain's middle,
        # or another point of it where f is differentiable (sign(x) + y^2: not x = 0).
        for fraction in _CONTINUUM_PICKS:
            found = _solution_point(objective, domain, solution, fraction)
            if found is None or found[2] or objective.smooth or objective.smoothness_at(found[0]).differentiable:
                break
        if found is not None:
            points.append(found)
    return points


_CONTINUUM_PICKS = (0.5, 0.3, 0.7, 0.1, 0.9)  # where along the domain a free variable is picked


def _solution_point(objective: Objective, domain: Domain, solution: dict, fraction: float):
    """(point, exact coordinates, isolated) of one solution, free variables at ``fraction``
    of their interval; None when it is complex or outside the domain."""
    isolated = all(v in solution for v in objective.variables)
    picks = [sympy.nsimplify(lo + fraction * (hi - lo)) for lo, hi in domain.bounds]
    coords = [solution[v] if v in solution else picks[j] for j, v in enumerate(objective.variables)]
    free = set().union(*(sympy.sympify(c).free_symbols for c in coords)) & set(objective.variables)
    if free:
        coords = [sympy.sympify(c).subs({v: picks[objective.index(v)] for v in free}) for c in coords]
        isolated = False
    numeric = []
    for c in coords:
        z = complex(sympy.N(c, 30))
        if abs(z.imag) > 1e-12 * max(1.0, abs(z.real)):
            return None
        numeric.append(z.real)
    point = np.array(numeric)
    if not domain.contains(point, 1e-9):
        return None
    return point, tuple(sympy.nsimplify(c) if c.is_Float else c for c in coords), isolated


# --- numeric -----------------------------------------------------------------------------


def _numeric_points(objective: Objective, domain: Domain, starts_per_axis: int | None):
    """Vectorised Newton on grad f = 0 from a grid of starts, then deduplicate."""
    n = objective.n_variables
    per_axis = starts_per_axis or {1: 41, 2: 15, 3: 7}.get(n, 4)
    grids = domain.grid(per_axis)
    x = np.stack([g.reshape(-1) for g in grids])  # (n, m)
    scale = float(np.max(domain.widths))
    with np.errstate(all="ignore"):
        for _ in range(60):
            g = objective.gradient_on(*x)  # (n, m)
            h = objective.hessian_on(*x)  # (n, n, m)
            hm = np.moveaxis(h, -1, 0)  # (m, n, n)
            gm = g.T[..., None]  # (m, n, 1)
            ok = np.all(np.isfinite(hm), axis=(1, 2)) & np.all(np.isfinite(gm[..., 0]), axis=1)
            step = np.zeros_like(x.T)
            if np.any(ok):
                regularised = hm[ok] + 1e-12 * np.eye(n)
                step_ok = np.linalg.pinv(regularised) @ gm[ok]
                step[ok] = step_ok[..., 0]
            # Never jump more than the domain's width in one step.
            length = np.linalg.norm(step, axis=1)
            too_long = length > scale
            step[too_long] *= (scale / length[too_long])[:, None]
            x = x - step.T
            x[:, ~ok] = np.nan
    g = objective.gradient_on(*x)
    gnorm = np.linalg.norm(g, axis=0)
    candidates = []
    for k in range(x.shape[1]):
        p = x[:, k]
        if not np.all(np.isfinite(p)) or not np.isfinite(gnorm[k]) or not domain.contains(p, 1e-9):
            continue
        hscale = max(1.0, float(np.max(np.abs(objective.hessian(p)))))
        if gnorm[k] <= 1e-9 * hscale * max(1.0, scale):
            candidates.append(p)
    unique: list[np.ndarray] = []
    for p in sorted(candidates, key=lambda q: tuple(q)):
        if all(np.linalg.norm(p - q) > 1e-6 * scale for q in unique):
            unique.append(p)
    return [(p, None, True) for p in unique]
