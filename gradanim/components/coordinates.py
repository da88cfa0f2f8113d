"""Coordinates through a manim ``Axes``: scene points of domain points, the box an Axes
shows, and tick spacings. No typesetting here, so that anything may use it."""

from __future__ import annotations

import numpy as np
from manim import Axes

from ..core.domain import Domain


def to_scene(axes: Axes, xy) -> np.ndarray:
    """Points (m, 2) in an Axes' coordinates -> scene points (m, 3)."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    return np.asarray(axes.c2p(xy[:, 0], xy[:, 1]), dtype=float).reshape(3, -1).T


def axes_domain(axes: Axes) -> Domain:
    """The (x, y) box an Axes shows."""
    (x0, x1), (y0, y1) = axes.x_range[:2], axes.y_range[:2]
    return Domain(((x0, x1), (y0, y1)))


def nice_step(span: float, target_ticks: int = 6) -> float:
    """A 1-2-5 tick spacing giving about ``target_ticks`` ticks over ``span``."""
    raw = span / max(target_ticks, 1)
    power = 10 ** np.floor(np.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw:
            return float(m * power)
    return float(10 * power)


__all__ = ["axes_domain", "nice_step", "to_scene"]
