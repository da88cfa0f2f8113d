"""Level sets of a two-variable objective, traced by contourpy on a numpy grid.

``contour_lines`` returns, for each level, the polylines (arrays of (x, y) points) where
f equals that level. Where f is undefined (nan/inf) the grid is masked, so lines stop at
the edge of the undefined region instead of inventing values. ``auto_levels`` picks levels
evenly spaced in value, or in log-space above the minimum for steep functions (Rosenbrock),
whose interesting structure hides close to the bottom of the valley.
"""

from __future__ import annotations

from dataclasses import dataclass

import contourpy
import numpy as np

from .domain import Domain
from .errors import OptionError
from .objective import Objective


@dataclass(frozen=True)
class Grid:
    """f sampled on a regular grid over a 2D domain (``values[j, i]`` at ``x[i], y[j]``)."""

    x: np.ndarray
    y: np.ndarray
    values: np.ndarray

    @classmethod
    def sample(cls, objective: Objective, domain: Domain, resolution: int = 161) -> Grid:
        if objective.n_variables != 2 or domain.n_variables != 2:
            raise OptionError("contours need a function of two variables on a two-variable domain")
        if not 8 <= resolution <= 2001:
            raise OptionError(f"grid resolution must be between 8 and 2001, got {resolution}")
        (x0, x1), (y0, y1) = domain.bounds
        x = np.linspace(x0, x1, resolution)
        y = np.linspace(y0, y1, resolution)
        values = objective.value_on(x[None, :], y[:, None])
        return cls(x, y, values)

    @property
    def finite_values(self) -> np.ndarray:
        return self.values[np.isfinite(self.values)]


def auto_levels(grid: Grid, count: int = 12, spacing: str = "auto") -> np.ndarray:
    """``count`` levels strictly inside the range of f on the grid.

    ``spacing`` is ``"linear"``, ``"log"`` (log-spaced offsets above the minimum) or
    ``"auto"``: log when the values are very skewed (the median sits in the bottom 15% of
    the range, as for Rosenbrock), linear otherwise.
    """
    if count < 1:
        raise OptionError(f"the number of contour levels must be at least 1, got {count}")
    if spacing not in ("auto", "linear", "log"):
        raise OptionError(f"level spacing must be auto, linear or log, got {spacing!r}")
    values = grid.finite_values
    if values.size == 0:
        raise OptionError("the function has no finite value anywhere on the domain")
    lo, hi = float(values.min()), float(values.max())
    if hi - lo <= 1e-12 * max(1.0, abs(lo)):
        return np.array([])  # constant: there are no level lines to draw
    if spacing == "auto":
        spacing = "log" if (np.median(values) - lo) < 0.15 * (hi - lo) else "linear"
    if spacing == "linear":
        return np.linspace(lo, hi, count + 2)[1:-1]
    # Offsets above the minimum, geometric between a small fraction and most of the range.
    span = hi - lo
    return lo + np.geomspace(span * 1e-4, span * 0.9, count)


def contour_lines(grid: Grid, levels) -> dict[float, list[np.ndarray]]:
    """Polylines of each level: ``{level: [array of shape (m, 2), ...]}`` in (x, y) coordinates."""
    mask = ~np.isfinite(grid.values)
    z = np.ma.array(np.where(mask, 0.0, grid.values), mask=mask) if mask.any() else grid.values
    generator = contourpy.contour_generator(
        grid.x, grid.y, z, line_type=contourpy.LineType.Separate, name="serial"
    )
    lines: dict[float, list[np.ndarray]] = {}
    for level in np.atleast_1d(np.asarray(levels, dtype=float)):
        segments = [np.asarray(s, dtype=float) for s in generator.lines(float(level)) if len(s) >= 2]
        lines[float(level)] = segments
    return lines
