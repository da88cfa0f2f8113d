"""The graph z = f(x, y) as numbers a 3D picture needs: faces, heights, normals, lifted paths.

Everything here is numpy on the core's own values and exact gradients, so a 3D component only
maps these numbers into a scene and never differentiates anything itself.

* :class:`SurfaceMesh`: f sampled at the corners of a regular grid of quadrilateral faces, with
  f and its (exact) gradient at each face's centre: height fractions for colour, unit normals
  of the drawn graph for shading.
* :func:`lambert`: diffuse brightness of faces from their normals and a light direction.
* :func:`lift`, :func:`lift_polyline`, :func:`line_on_graph`: points (x, y) lifted onto the graph,
  a trajectory densified along its straight steps, a curve along one direction.

>>> from gradanim.core.objective import Objective
>>> from gradanim.core.domain import Domain
>>> mesh = SurfaceMesh.sample(Objective.from_text("x^2 + y^2"), Domain(((-1, 1), (-1, 1))), 2)
>>> mesh.corners().shape
(4, 4, 3)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .domain import Domain
from .errors import OptionError
from .objective import Objective, TaylorModel


@dataclass(frozen=True)
class SurfaceMesh:
    """f on the corners of an ``nx`` x ``ny`` grid of faces over a 2D domain.

    ``values[j, i]`` is f at ``(x[i], y[j])``; face ``(j, i)`` spans ``x[i]..x[i+1]`` and
    ``y[j]..y[j+1]``; faces are flattened row by row (index ``j * nx + i``).
    """

    x: np.ndarray  # (nx + 1,)
    y: np.ndarray  # (ny + 1,)
    values: np.ndarray  # (ny + 1, nx + 1)
    centre_values: np.ndarray  # (ny, nx): f at face centres
    centre_gradients: np.ndarray  # (2, ny, nx): grad f at face centres

    @classmethod
    def sample(cls, objective: Objective, domain: Domain, resolution: int | tuple[int, int] = 28) -> SurfaceMesh:
        if objective.n_variables != 2 or domain.n_variables != 2:
            raise OptionError("a surface needs a function of two variables on a two-variable domain")
        nx, ny = (resolution, resolution) if np.isscalar(resolution) else resolution
        nx, ny = int(nx), int(ny)
        if not (1 <= nx <= 400 and 1 <= ny <= 400):
            raise OptionError(f"surface resolution must be between 1 and 400 faces per side, got {resolution}")
        (x0, x1), (y0, y1) = domain.bounds
        x = np.linspace(x0, x1, nx + 1)
        y = np.linspace(y0, y1, ny + 1)
        values = objective.value_on(x[None, :], y[:, None])
        cx, cy = (x[:-1] + x[1:]) / 2, (y[:-1] + y[1:]) / 2
        centre_values = objective.value_on(cx[None, :], cy[:, None])
        centre_gradients = objective.gradient_on(cx[None, :], cy[:, None])
        return cls(x, y, values, centre_values, centre_gradients)

    @property
    def shape(self) -> tuple[int, int]:
        """(ny, nx): faces per column and per row."""
        return self.centre_values.shape

    @property
    def n_faces(self) -> int:
        return int(self.centre_values.size)

    def corners(self) -> np.ndarray:
        """(n_faces, 4, 3) corner points (x, y, f) of each face, counter-clockwise seen from above."""
        X, Y = np.meshgrid(self.x, self.y)
        P = np.stack([X, Y, self.values], axis=-1)  # (ny+1, nx+1, 3)
        quads = np.stack([P[:-1, :-1], P[:-1, 1:], P[1:, 1:], P[1:, :-1]], axis=2)  # (ny, nx, 4, 3)
        return quads.reshape(-1, 4, 3)

    def face_centres(self) -> np.ndarray:
        """(n_faces, 3) centre points (x, y, f(centre))."""
        cx, cy = (self.x[:-1] + self.x[1:]) / 2, (self.y[:-1] + self.y[1:]) / 2
        X, Y = np.meshgrid(cx, cy)
        return np.stack([X.ravel(), Y.ravel(), self.centre_values.ravel()], axis=1)

    def finite(self) -> np.ndarray:
        """(n_faces,) True where f is finite at all four corners and the centre."""
        v = self.values
        corners_ok = np.isfinite(v[:-1, :-1]) & np.isfinite(v[:-1, 1:]) & np.isfinite(v[1:, 1:]) & np.isfinite(v[1:, :-1])
        centre_ok = np.isfinite(self.centre_values) & np.all(np.isfinite(self.centre_gradients), axis=0)
        return (corners_ok & centre_ok).ravel()

    def value_range(self) -> tuple[float, float]:
        """Smallest and largest finite corner value."""
        finite = self.values[np.isfinite(self.values)]
        if finite.size == 0:
            raise OptionError("the function has no finite value anywhere on the surface's domain")
        return float(finite.min()), float(finite.max())

    def height_fractions(self, lo: float | None = None, hi: float | None = None) -> np.ndarray:
        """(n_faces,) centre values mapped to [0, 1] over [lo, hi] (default: the value range)."""
        vlo, vhi = self.value_range()
        lo = vlo if lo is None else lo
        hi = vhi if hi is None else hi
        span = hi - lo if hi > lo else 1.0
        return np.clip((self.centre_values.ravel() - lo) / span, 0.0, 1.0)

    def normals(self, scale: tuple[float, float, float] = (1.0, 1.0, 1.0)) -> np.ndarray:
        """(n_faces, 3) upward unit normals of the graph drawn with units ``scale`` = (sx, sy, sz).

        The drawn graph is P(x, y) = (sx x, sy y, sz f); its normal is
        dP/dx x dP/dy = (-sy sz f_x, -sx sz f_y, sx sy), from the exact gradient.
        """
        sx, sy, sz = (float(s) for s in scale)
        fx, fy = (g.ravel() for g in self.centre_gradients)
        n = np.stack([-sy * sz * fx, -sx * sz * fy, np.full_like(fx, sx * sy)], axis=1)
        norm = np.linalg.norm(n, axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(norm > 0, n / norm, np.array([0.0, 0.0, 1.0]))


def lambert(normals: np.ndarray, light: np.ndarray, ambient: float = 0.45, two_sided: bool = True) -> np.ndarray:
    """Brightness in [ambient, 1] of faces with unit ``normals`` under a light from ``light``.

    ``ambient + (1 - ambient) * max(0, n . l)``; two-sided uses |n . l| (a surface seen from
    below is lit too). Non-finite normals give the ambient level.
    """
    l = np.asarray(light, dtype=float)
    l = l / np.linalg.norm(l)
    d = np.asarray(normals, dtype=float) @ l
    d = np.abs(d) if two_sided else np.maximum(d, 0.0)
    d = np.where(np.isfinite(d), d, 0.0)
    return ambient + (1.0 - ambient) * np.clip(d, 0.0, 1.0)


def lift(objective: Objective, xy) -> np.ndarray:
    """Points (m, 2) -> (m, 3) with z = f(x, y) from the objective."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    z = objective.value_on(xy[:, 0], xy[:, 1])
    return np.column_stack([xy, z])


def lift_polyline(objective: Objective, points, samples_per_segment: int = 12) -> tuple[np.ndarray, np.ndarray]:
    """A polyline in (x, y) densified along its straight segments and lifted onto the graph.

    Returns ``(dense, index)``: ``dense`` (m, 3) and ``index[k]`` the row of ``dense`` that is
    ``points[k]``. Between two points the path follows the graph above the straight segment,
    which is what a ball sliding from one iterate to the next would trace.
    """
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    if len(points) == 1:
        return lift(objective, points), np.array([0])
    n = max(1, int(samples_per_segment))
    t = np.linspace(0.0, 1.0, n + 1)[:-1]
    pieces = [points[k] + t[:, None] * (points[k + 1] - points[k]) for k in range(len(points) - 1)]
    pieces.append(points[-1:])
    dense_xy = np.concatenate(pieces)
    index = np.arange(len(points)) * n
    return lift(objective, dense_xy), index


def line_on_graph(objective: Objective, point, direction, half_length: float, samples: int = 41) -> np.ndarray:
    """(samples, 3): the graph above the segment point +- half_length * unit(direction)."""
    p = np.asarray(point, dtype=float).reshape(2)
    u = np.asarray(direction, dtype=float).reshape(2)
    norm = float(np.linalg.norm(u))
    if not np.isfinite(norm) or norm == 0:
        raise OptionError("a direction needs two finite coordinates, not both zero")
    t = np.linspace(-half_length, half_length, samples)
    return lift(objective, p + t[:, None] * (u / norm))


def model_patch(model: TaylorModel, half_widths: tuple[float, float], resolution: int = 8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A Taylor model (tangent plane or quadratic) on a square patch centred on its point.

    Returns meshgrid arrays ``X, Y, Z`` of shape (resolution + 1, resolution + 1).
    """
    (px, py) = model.point[:2]
    hx, hy = half_widths
    xs = np.linspace(px - hx, px + hx, resolution + 1)
    ys = np.linspace(py - hy, py + hy, resolution + 1)
    X, Y = np.meshgrid(xs, ys)
    return X, Y, model.value_on(X, Y)


__all__ = ["SurfaceMesh", "lambert", "lift", "lift_polyline", "line_on_graph", "model_patch"]
