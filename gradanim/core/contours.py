"""Level sets of a two-variable objective, traced by contourpy on a numpy grid.

``contour_lines`` returns, for each level, the polylines (arrays of (x, y) points) where
f equals that level. Where f is undefined (nan/inf) the grid is masked, so lines stop at
the edge of the undefined region instead of inventing values. ``auto_levels`` picks levels
evenly spaced in value, or in log-space above the minimum for steep functions (Rosenbrock),
whose interesting structure hides close to the bottom of the valley; ``nice_levels`` picks
round numbers (a 1-2-2.5-5 step) that read well as labels.

Every contour point is refined onto its level (bisection along the grid edge contourpy put
it on), so lines lie on their level to rounding. The same refinement tells a real level line
from a jump: across a pole (``1/(x^2+y^2-1)`` on the unit circle) the grid values change sign
without f ever taking the level in between, bisection converges on the pole where
``|f - level|`` blows up, and those points are dropped instead of drawn as an invented line.

``contour_bands`` returns the filled regions between consecutive levels as polygons with
holes (outer boundaries anticlockwise, holes clockwise), for a filled contour map.
``point_on_level`` finds where a level line passes near a point and its unit tangent there,
measured from the polyline itself (independent of the gradient, so a lesson can *show* that
the gradient is perpendicular to it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    objective: Objective | None = field(default=None, repr=False, compare=False)  # what was sampled

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
        return cls(x, y, values, objective)

    @property
    def finite_values(self) -> np.ndarray:
        return self.values[np.isfinite(self.values)]


FLAT = 1e-12
"""f is flat (no level lines to draw) where its values differ by at most ``FLAT * max(1, |f|)``."""


def is_flat(lo: float, hi: float) -> bool:
    """Whether values from ``lo`` to ``hi`` are one level (see :data:`FLAT`)."""
    return hi - lo <= FLAT * max(1.0, abs(lo), abs(hi))


def flatness_problem(objective: Objective, domain: Domain) -> str | None:
    """Why ``objective`` has no level lines to draw on ``domain`` (None if it has): it is
    constant, nearly constant (:data:`FLAT`) or nowhere finite there, on the grid a
    contour map samples."""
    if objective.expr.is_number or all(g.is_zero for g in objective.gradient_exprs):
        value = objective.value(domain.center)
        return f"f is constant (f = {value:.6g} everywhere): it has no level lines and its gradient is 0"
    values = Grid.sample(objective, domain).finite_values
    if values.size == 0:
        return "f has no finite value anywhere on the domain"
    lo, hi = float(values.min()), float(values.max())
    if lo == hi:
        return f"f is constant on the domain (f = {lo:.6g} there): it has no level lines and its gradient is 0"
    if is_flat(lo, hi):
        return (f"f is nearly constant on the domain (from {lo:.17g} to {hi:.17g}, a change of {hi - lo:.3g}, "
                f"at most {FLAT:g} of its size): it has no level lines that can be drawn")
    return None


SPACINGS = ("auto", "linear", "log", "nice")
"""How :func:`auto_levels` may spread its levels."""


def auto_levels(grid: Grid, count: int = 12, spacing: str = "auto") -> np.ndarray:
    """``count`` levels strictly inside the range of f on the grid.

    ``spacing`` is ``"linear"``, ``"log"`` (log-spaced offsets above the minimum) or
    ``"auto"``: log when the values are very skewed (the median sits in the bottom 15% of
    the range, as for Rosenbrock), linear otherwise.
    """
    if count < 1:
        raise OptionError(f"the number of contour levels must be at least 1, got {count}")
    if spacing not in SPACINGS:
        raise OptionError(f"level spacing must be auto, linear, log or nice, got {spacing!r}")
    values = grid.finite_values
    if values.size == 0:
        raise OptionError("the function has no finite value anywhere on the domain")
    lo, hi = float(values.min()), float(values.max())
    if is_flat(lo, hi):
        return np.array([])  # constant: there are no level lines to draw
    if spacing == "nice":
        return nice_levels(grid, count)
    if spacing == "auto":
        spacing = "log" if (np.median(values) - lo) < 0.15 * (hi - lo) else "linear"
    if spacing == "linear":
        return np.linspace(lo, hi, count + 2)[1:-1]
    # Offsets above the minimum, geometric between a small fraction and most of the range.
    span = hi - lo
    return lo + np.geomspace(span * 1e-4, span * 0.9, count)


def nice_levels(grid: Grid, count: int = 12) -> np.ndarray:
    """About ``count`` round levels (multiples of a 1-2-2.5-5 step) strictly inside f's range."""
    if count < 1:
        raise OptionError(f"the number of contour levels must be at least 1, got {count}")
    values = grid.finite_values
    if values.size == 0:
        raise OptionError("the function has no finite value anywhere on the domain")
    lo, hi = float(values.min()), float(values.max())
    if is_flat(lo, hi):
        return np.array([])
    raw = (hi - lo) / (count + 1)
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    first = np.floor(lo / step) * step + step
    levels = np.arange(first, hi, step)
    levels = np.round(levels / step) * step  # no 0.30000000000000004
    return levels[(levels > lo) & (levels < hi)]


def contour_lines(grid: Grid, levels, *, objective: Objective | None = None) -> dict[float, list[np.ndarray]]:
    """Polylines of each level: ``{level: [array of shape (m, 2), ...]}`` in (x, y) coordinates.

    With ``objective`` (default: the function the grid sampled, if known), every point is moved onto the level
    by bisection along its grid edge, and points where f jumps across the level without
    taking it (a pole, a discontinuity) are dropped, splitting the line there. A closed
    level line is returned closed (its last point equals its first).
    """
    mask = ~np.isfinite(grid.values)
    z = np.ma.array(np.where(mask, 0.0, grid.values), mask=mask) if mask.any() else grid.values
    generator = contourpy.contour_generator(
        grid.x, grid.y, z, line_type=contourpy.LineType.Separate, name="serial"
    )
    objective = objective if objective is not None else grid.objective
    lines: dict[float, list[np.ndarray]] = {}
    for level in np.atleast_1d(np.asarray(levels, dtype=float)):
        segments = [_drop_repeats(np.asarray(s, dtype=float)) for s in generator.lines(float(level))]
        segments = [s for s in segments if len(s) >= 2]
        if objective is not None:
            segments = [piece for s in segments for piece in _refine(grid, objective, s, float(level))]
        lines[float(level)] = segments
    return lines


def _drop_repeats(xy: np.ndarray) -> np.ndarray:
    """Remove consecutive duplicate points (contourpy repeats a closed line's first point)."""
    if len(xy) < 2:
        return xy
    keep = np.concatenate([[True], np.any(np.abs(np.diff(xy, axis=0)) > 0, axis=1)])
    out = xy[keep]
    if len(out) >= 3 and np.allclose(xy[0], xy[-1]) and not np.array_equal(out[0], out[-1]):
        out = np.vstack([out, out[:1]])
    return out


def is_closed(xy: np.ndarray) -> bool:
    """True when a polyline ends where it starts (a closed level line)."""
    return len(xy) >= 4 and bool(np.allclose(xy[0], xy[-1], rtol=0, atol=1e-12 * (1 + np.abs(xy).max())))


_BISECTIONS = 48


def _refine(grid: Grid, objective: Objective, xy: np.ndarray, level: float) -> list[np.ndarray]:
    """Points moved onto the level along their grid edges; pieces split where f jumps."""
    x, y, values = grid.x, grid.y, grid.values
    dx, dy = x[1] - x[0], y[1] - y[0]
    fi = (xy[:, 0] - x[0]) / dx
    fj = (xy[:, 1] - y[0]) / dy
    on_x_line = np.abs(fi - np.round(fi)) < 1e-7  # on a vertical grid line: a y-edge
    on_y_line = np.abs(fj - np.round(fj)) < 1e-7
    nx, ny = len(x), len(y)
    a = xy.copy()
    b = xy.copy()
    fa = np.full(len(xy), np.nan)
    fb = np.full(len(xy), np.nan)
    edge = np.zeros(len(xy), dtype=bool)
    # Vertical edges (x fixed, between two y grid values).
    v = on_x_line & ~on_y_line
    i = np.clip(np.round(fi[v]).astype(int), 0, nx - 1)
    j = np.clip(np.floor(fj[v]).astype(int), 0, ny - 2)
    a[v] = np.column_stack([x[i], y[j]])
    b[v] = np.column_stack([x[i], y[j + 1]])
    fa[v], fb[v] = values[j, i], values[j + 1, i]
    edge |= v
    # Horizontal edges (y fixed, between two x grid values).
    h = on_y_line & ~on_x_line
    i = np.clip(np.floor(fi[h]).astype(int), 0, nx - 2)
    j = np.clip(np.round(fj[h]).astype(int), 0, ny - 1)
    a[h] = np.column_stack([x[i], y[j]])
    b[h] = np.column_stack([x[i + 1], y[j]])
    fa[h], fb[h] = values[j, i], values[j, i + 1]
    edge |= h
    sa, sb = np.sign(fa - level), np.sign(fb - level)
    bracket = edge & np.isfinite(fa) & np.isfinite(fb) & (sa * sb < 0)
    points = xy.copy()
    if np.any(bracket):
        lo = np.zeros(bracket.sum())
        hi = np.ones(bracket.sum())
        pa, pb, s_lo = a[bracket], b[bracket], sa[bracket]
        for _ in range(_BISECTIONS):
            mid = (lo + hi) / 2
            p = pa + mid[:, None] * (pb - pa)
            fm = objective.value_on(p[:, 0], p[:, 1])
            same = np.sign(fm - level) == s_lo
            lo = np.where(same, mid, lo)
            hi = np.where(same, hi, mid)
        points[bracket] = pa + ((lo + hi) / 2)[:, None] * (pb - pa)
    exact_end = edge & ((sa == 0) | (sb == 0))  # the level sits on a grid vertex
    points[exact_end & (sa == 0)] = a[exact_end & (sa == 0)]
    points[exact_end & (sb == 0) & (sa != 0)] = b[exact_end & (sb == 0) & (sa != 0)]
    got = objective.value_on(points[:, 0], points[:, 1])
    # A real crossing converges to |f - level| ~ |fb - fa| * 2^-48; a pole or jump diverges.
    scale = np.where(np.isfinite(fa) & np.isfinite(fb), np.abs(fb - fa), np.inf)
    scale = np.where(edge, scale, np.abs(level) + 1.0)
    good = np.isfinite(got) & (np.abs(got - level) <= 1e-6 * scale + 1e-12 * (1 + abs(level)))
    closed = is_closed(xy)
    if closed and not np.all(good):
        # Rotate so the line starts at a dropped point: the pieces then never wrap around.
        start = int(np.argmin(good[:-1]))
        order = np.r_[start:len(xy) - 1, 0:start]
        points, good = points[order], good[order]
    pieces, current = [], []
    for point, ok in zip(points, good):
        if ok:
            current.append(point)
        else:
            if len(current) >= 2:
                pieces.append(np.array(current))
            current = []
    if len(current) >= 2:
        pieces.append(np.array(current))
    if closed and np.all(good):
        pieces = [points]  # still closed: first point == last point
    return pieces


@dataclass(frozen=True)
class Band:
    """The region where ``lower <= f < upper``: polygons, each ``[outer, hole, hole, ...]``."""

    lower: float
    upper: float
    polygons: list[list[np.ndarray]]


def contour_bands(grid: Grid, levels) -> list[Band]:
    """Filled regions between consecutive levels, including below the first and above the last.

    Outer boundaries run anticlockwise and holes clockwise (contourpy's convention), so a
    non-zero-winding fill draws the holes empty. Masked (undefined) cells are left out.
    """
    values = grid.finite_values
    if values.size == 0:
        raise OptionError("the function has no finite value anywhere on the domain")
    lo, hi = float(values.min()), float(values.max())
    levels = np.sort(np.atleast_1d(np.asarray(levels, dtype=float)))
    levels = levels[(levels > lo) & (levels < hi)]
    edges = np.concatenate([[lo - 1e-9 * (1 + abs(lo))], levels, [hi + 1e-9 * (1 + abs(hi))]])
    mask = ~np.isfinite(grid.values)
    z = np.ma.array(np.where(mask, 0.0, grid.values), mask=mask) if mask.any() else grid.values
    generator = contourpy.contour_generator(
        grid.x, grid.y, z, fill_type=contourpy.FillType.OuterOffset, name="serial"
    )
    bands = []
    for lower, upper in zip(edges[:-1], edges[1:]):
        points, offsets = generator.filled(float(lower), float(upper))
        polygons = []
        for pts, offs in zip(points, offsets):
            rings = [np.asarray(pts[o0:o1], dtype=float) for o0, o1 in zip(offs[:-1], offs[1:])]
            rings = [r for r in rings if len(r) >= 3]
            if rings:
                polygons.append(rings)
        bands.append(Band(float(max(lower, lo)), float(min(upper, hi)), polygons))
    return bands


def ring_area(ring: np.ndarray) -> float:
    """Signed area of a closed ring (positive when anticlockwise)."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def point_on_level(lines: list[np.ndarray], near) -> tuple[np.ndarray, np.ndarray]:
    """The vertex of ``lines`` (one level's polylines) nearest ``near``, and the unit tangent there.

    The tangent is the central difference of the neighbouring vertices, taken from the
    polyline alone (not from the gradient).
    """
    near = np.asarray(near, dtype=float).reshape(2)
    best = None
    for xy in lines:
        if len(xy) < 2:
            continue
        d = np.linalg.norm(xy - near, axis=1)
        k = int(np.argmin(d))
        if best is None or d[k] < best[0]:
            best = (d[k], xy, k)
    if best is None:
        raise OptionError("this level has no line to find a point on")
    _, xy, k = best
    closed = is_closed(xy)
    n = len(xy) - 1 if closed else len(xy)
    if closed:
        before, after = xy[(k - 1) % n], xy[(k + 1) % n]
    else:
        before, after = xy[max(k - 1, 0)], xy[min(k + 1, n - 1)]
    tangent = after - before
    return xy[k].copy(), tangent / np.linalg.norm(tangent)
