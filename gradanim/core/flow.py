"""Gradient-flow curves: the paths of steepest ascent (or descent) through the plane.

A flow line solves ``dx/ds = ±grad f / |grad f|``: it is parametrised by arc length ``s``,
so a fixed step is a fixed distance, and its tangent is everywhere parallel to the gradient
(it crosses every level line at a right angle). Integration is classical fixed-step RK4,
vectorised over all seeds at once, in pure numpy on :meth:`Objective.gradient_on`.

A line stops

* at the edge of the domain (its last point is *on* the edge),
* near a critical point: the gradient vanishes, or a step would no longer climb (ascent) or
  descend (descent), or stalls (moves less than half a step) — the unit field flips
  direction across a maximum or minimum,
* where f or its gradient is undefined (or stalls next to where it is),
* after ``max_length`` of arc length.

>>> f = Objective.from_text("x^2 + y^2")
>>> line = flow_line(f, (1.5, 1.0), ascent=False, domain=Domain.square(2))
>>> line.stop is FlowStop.CRITICAL
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from .domain import Domain
from .errors import OptionError
from .objective import Objective


class FlowStop(StrEnum):
    EDGE = "edge"
    CRITICAL = "critical"
    UNDEFINED = "undefined"
    MAX_LENGTH = "max_length"
    CROWDED = "crowded"  # cut by thin_lines where it came too close to another line



@dataclass(frozen=True)
class FlowLine:
    """One flow line from ``points[0]`` (the seed) along +grad f (``ascent``) or -grad f."""

    points: np.ndarray  # (m, 2)
    values: np.ndarray  # (m,) f at each point
    ascent: bool
    stop: FlowStop
    seed_index: int = 0  # where the seed is in points (0 unless the line runs through it)

    @property
    def seed(self) -> np.ndarray:
        return self.points[self.seed_index]

    @property
    def length(self) -> float:
        return float(np.sum(np.linalg.norm(np.diff(self.points, axis=0), axis=1)))

    def reversed(self) -> FlowLine:
        """The same curve walked the other way (an ascent line read as a descent line)."""
        return FlowLine(self.points[::-1].copy(), self.values[::-1].copy(), not self.ascent, self.stop,
                        len(self.points) - 1 - self.seed_index)


def default_step(domain: Domain) -> float:
    """0.4% of the domain's larger side: smooth at any screen size, a few hundred steps long."""
    return 0.004 * float(np.max(domain.widths))


def _check(objective: Objective, domain: Domain):
    if objective.n_variables != 2 or domain.n_variables != 2:
        raise OptionError("flow lines need a function of two variables on a two-variable domain")


def _typical_gradient(objective: Objective, domain: Domain) -> float:
    gx, gy = domain.grid(21)
    g = np.linalg.norm(objective.gradient_on(gx, gy), axis=0)
    g = g[np.isfinite(g) & (g > 0)]
    return float(np.median(g)) if g.size else 1.0


def flow_lines(
    objective: Objective,
    seeds,
    *,
    ascent: bool = True,
    domain: Domain,
    step: float | None = None,
    max_length: float | None = None,
    min_gradient: float | None = None,
) -> list[FlowLine]:
    """Flow lines from each seed (shape (k, 2)), integrated together.

    Parameters
    ----------
    ascent
        Follow +grad f (steepest ascent) or -grad f (steepest descent).
    domain
        Lines stop on its edge; seeds outside it give a one-point line.
    step
        Arc length per RK4 step (default ``default_step(domain)``).
    max_length
        Longest arc length (default: twice the domain's diagonal).
    min_gradient
        |grad f| below this counts as a critical point (default: 1e-6 of the median
        |grad f| over the domain).
    """
    _check(objective, domain)
    seeds = np.asarray(seeds, dtype=float).reshape(-1, 2)
    h = float(step) if step is not None else default_step(domain)
    if not np.isfinite(h) or h <= 0:
        raise OptionError(f"the flow step must be a positive number, got {step}")
    diagonal = float(np.linalg.norm(domain.widths))
    limit = float(max_length) if max_length is not None else 2.0 * diagonal
    if not np.isfinite(limit) or limit <= 0:
        raise OptionError(f"the maximum flow-line length must be positive, got {max_length}")
    tiny = float(min_gradient) if min_gradient is not None else 1e-6 * _typical_gradient(objective, domain)
    sign = 1.0 if ascent else -1.0
    lower, upper = domain.lower, domain.upper

    def field(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        g = objective.gradient_on(p[:, 0], p[:, 1]).T  # (k, 2)
        norm = np.linalg.norm(g, axis=1)
        ok = np.isfinite(norm) & (norm > tiny)
        with np.errstate(all="ignore"):
            v = sign * g / norm[:, None]
        return np.where(ok[:, None], v, 0.0), ok

    k = len(seeds)
    stops: list[FlowStop | None] = [None] * k
    x = seeds.copy()
    fx = objective.value_on(x[:, 0], x[:, 1])
    length = np.zeros(k)
    active = np.ones(k, dtype=bool)
    for i in range(k):
        if not domain.contains(x[i]):
            active[i], stops[i] = False, FlowStop.EDGE
        elif not np.isfinite(fx[i]):
            active[i], stops[i] = False, FlowStop.UNDEFINED
    # Points as they are reached, step by step: (line numbers, points) per step.
    reached: list[tuple[np.ndarray, np.ndarray]] = [(np.arange(k), seeds.copy())]
    max_steps = int(np.ceil(limit / h)) + 2
    for _ in range(max_steps):
        if not active.any():
            break
        idx = np.flatnonzero(active)
        p = x[idx]
        hh = np.minimum(h, limit - length[idx])[:, None]
        k1, ok1 = field(p)
        k2, ok2 = field(p + 0.5 * hh * k1)
        k3, ok3 = field(p + 0.5 * hh * k2)
        k4, ok4 = field(p + hh * k3)
        q = p + hh / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        fq = objective.value_on(q[:, 0], q[:, 1])
        g0 = np.linalg.norm(objective.gradient_on(p[:, 0], p[:, 1]), axis=0)
        moved = np.sqrt(np.sum((q - p) ** 2, axis=1))
        # Each line takes the first of these outcomes that applies to it, in this order.
        undefined = ~np.isfinite(g0)
        critical = ~undefined & (~ok1 | (g0 <= tiny))
        live = ~undefined & ~critical
        edge = live & ~(np.all(q >= lower, axis=1) & np.all(q <= upper, axis=1))
        live &= ~edge
        broken = live & (~np.isfinite(fq) | ~(ok2 & ok3 & ok4))
        live &= ~broken
        with np.errstate(invalid="ignore"):
            # The step no longer climbs (descends), or the unit field turns round within one
            # step so the RK4 stages cancel: a top (bottom), or the edge of where the function
            # is defined (the gradient blows up there).
            stalled = live & ((sign * (fq - fx[idx]) <= 0) | (moved < 0.5 * hh[:, 0]))
        live &= ~stalled
        for n in np.flatnonzero(~live):
            i = idx[n]
            active[i] = False
            if undefined[n]:
                stops[i] = FlowStop.UNDEFINED
            elif critical[n]:
                stops[i] = FlowStop.CRITICAL
            elif edge[n]:
                stops[i] = FlowStop.EDGE
                # End exactly on the edge: the first boundary the straight step crosses.
                d = q[n] - p[n]
                with np.errstate(divide="ignore", invalid="ignore"):
                    t_hi = np.where(d > 0, (upper - p[n]) / d, np.inf)
                    t_lo = np.where(d < 0, (lower - p[n]) / d, np.inf)
                t = float(np.clip(min(t_hi.min(), t_lo.min()), 0.0, 1.0))
                end = np.clip(p[n] + t * d, lower, upper)
                if t > 0 and np.isfinite(objective.value(end)):
                    reached.append((np.array([i]), end[None, :]))
                    length[i] += float(np.sqrt(np.sum((end - p[n]) ** 2)))
            elif broken[n]:
                stops[i] = FlowStop.CRITICAL if np.isfinite(fq[n]) else FlowStop.UNDEFINED
            else:
                stops[i] = _stall_reason(objective, p[n], hh[n, 0])
        moving = idx[live]
        reached.append((moving, q[live]))
        x[moving], fx[moving] = q[live], fq[live]
        length[moving] += moved[live]
        done = moving[length[moving] >= limit * (1 - 1e-12)]
        active[done] = False
        for i in done:
            stops[i] = FlowStop.MAX_LENGTH
    which = np.concatenate([w for w, _ in reached])
    points = np.concatenate([pts for _, pts in reached])
    order = np.argsort(which, kind="stable")  # by line, each line's points in step order
    bounds = np.searchsorted(which[order], np.arange(k + 1))
    lines = []
    for i in range(k):
        pts = points[order[bounds[i]:bounds[i + 1]]]
        lines.append(FlowLine(pts, objective.value_on(pts[:, 0], pts[:, 1]), ascent, stops[i] or FlowStop.MAX_LENGTH))
    return lines


def _stall_reason(objective: Objective, p: np.ndarray, h: float) -> FlowStop:
    """Why a line stalls at p: undefined nearby (a singular edge) or a critical point."""
    ring = p + 2 * h * np.array([[1, 0], [-1, 0], [0, 1], [0, -1], [1, 1], [-1, -1], [1, -1], [-1, 1]])
    near = objective.value_on(ring[:, 0], ring[:, 1])
    return FlowStop.CRITICAL if np.all(np.isfinite(near)) else FlowStop.UNDEFINED


def flow_line(objective: Objective, seed, *, ascent: bool = True, domain: Domain, **options) -> FlowLine:
    """One flow line from ``seed`` (see :func:`flow_lines` for the options)."""
    return flow_lines(objective, [seed], ascent=ascent, domain=domain, **options)[0]


def streamlines_through(objective: Objective, seeds, *, domain: Domain, **options) -> list[FlowLine]:
    """The whole flow curve through each seed, from where descent ends to where ascent ends.

    Each is returned as an ascent line (values increase along it) whose ``stop`` is the
    ascent end's. Both halves are integrated for all seeds together.
    """
    ups = flow_lines(objective, seeds, ascent=True, domain=domain, **options)
    downs = flow_lines(objective, seeds, ascent=False, domain=domain, **options)
    out = []
    for up, down in zip(ups, downs):
        points = np.vstack([down.points[::-1], up.points[1:]])
        values = np.concatenate([down.values[::-1], up.values[1:]])
        out.append(FlowLine(points, values, True, up.stop, len(down.points) - 1))
    return out


def streamline_through(objective: Objective, seed, *, domain: Domain, **options) -> FlowLine:
    """The whole flow curve through one seed (see :func:`streamlines_through`)."""
    return streamlines_through(objective, [seed], domain=domain, **options)[0]


def grid_seeds(domain: Domain, count: int | tuple[int, int]) -> np.ndarray:
    """Seeds at the centres of a ``nx`` x ``ny`` grid of cells over the domain, shape (nx*ny, 2)."""
    nx, ny = (count, count) if np.isscalar(count) else count
    (x0, x1), (y0, y1) = domain.bounds
    xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx
    ys = y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()])


def ring_seeds(center, radius: float, count: int, phase: float = 0.0) -> np.ndarray:
    """``count`` seeds evenly on a circle around ``center`` (e.g. around a minimum)."""
    angles = phase + 2 * np.pi * np.arange(count) / count
    return np.asarray(center, dtype=float)[None, :] + radius * np.column_stack([np.cos(angles), np.sin(angles)])


def thin_lines(
    lines: Sequence[FlowLine],
    separation: float,
    *,
    min_length: float | None = None,
    test_ratio: float = 0.5,
) -> list[FlowLine]:
    """Evenly spaced lines, in the manner of Jobard and Lefer (1997).

    Lines are taken in the order given. A line whose seed lies closer than ``separation`` to
    a line already kept is dropped; otherwise it is cut, on each side of its seed, where it
    first comes closer than ``test_ratio * separation`` to a kept line (so lines may converge
    on a top or a bottom, but stop short of touching), and kept if what remains is at least
    ``min_length`` long (default ``3 * separation``).
    """
    if separation <= 0:
        raise OptionError(f"the separation of flow lines must be positive, got {separation}")
    min_length = 3 * separation if min_length is None else min_length
    reach = separation * max(1.0, test_ratio)  # no distance beyond this changes a decision
    kept: list[FlowLine] = []
    cloud = np.empty((0, 2))
    for line in lines:
        pts, seed = line.points, line.seed_index
        start, end = 0, len(pts)
        if len(cloud):
            d = _nearest_within(pts, cloud, reach)
            if d[seed] < separation:
                continue
            near = d < test_ratio * separation
            after = np.flatnonzero(near[seed:])
            before = np.flatnonzero(near[: seed + 1])
            end = seed + after[0] if after.size else len(pts)
            start = before[-1] + 1 if before.size else 0
        if end - start < 2:
            continue
        whole = start == 0 and end == len(pts)
        stop = line.stop if end == len(pts) else FlowStop.CROWDED
        cut = FlowLine(pts[start:end], line.values[start:end], line.ascent, stop, seed - start)
        if cut.length < min_length:
            continue
        kept.append(cut if not whole else line)
        # Sample the kept line about every separation/4 for the distance test.
        stride = max(1, int(len(cut.points) * separation / 4 / max(cut.length, 1e-12)))
        cloud = np.vstack([cloud, cut.points[::stride], cut.points[-1:]])
    return kept


def _nearest_within(points: np.ndarray, cloud: np.ndarray, reach: float) -> np.ndarray:
    """Distance from each point to the nearest cloud point, exact where it is at most
    ``reach`` (further distances come out as some larger number, or inf). Only cloud points
    near the points' bounding box are compared, in blocks of points along the line."""
    out = np.full(len(points), np.inf)
    block = 64
    for a in range(0, len(points), block):
        part = points[a:a + block]
        lo, hi = part.min(axis=0) - reach, part.max(axis=0) + reach
        near = cloud[np.all((cloud >= lo) & (cloud <= hi), axis=1)]
        if len(near):
            out[a:a + block] = np.min(np.linalg.norm(part[:, None, :] - near[None, :, :], axis=2), axis=1)
    return out


__all__ = [
    "FlowLine", "FlowStop", "default_step", "flow_line", "flow_lines", "grid_seeds", "ring_seeds",
    "streamline_through", "streamlines_through", "thin_lines",
]
