"""Axis-aligned boxes in scene units: layout regions, the extent of a mobject, and the
overlap tests that label placement, redrawing and the layout tests share.

A :class:`Box` is a named tuple ``(left, right, bottom, top)``, so it unpacks and indexes
like the plain tuples it replaces.

>>> Box(0, 2, 0, 1).overlaps(Box(1, 3, 0.5, 2))
True
>>> Box(0, 1, 0, 1).overlaps(Box(1, 2, 0, 1))      # touching is not overlapping
False
>>> Box(0, 1, 0, 1).overlaps(Box(1, 2, 0, 1), gap=0.1)
True
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class Box(NamedTuple):
    """A rectangle of the frame in scene units."""

    left: float
    right: float
    bottom: float
    top: float

    @classmethod
    def of(cls, mobject) -> Box | None:
        """The box around all points of ``mobject`` and its family; ``None`` if it has none."""
        points = mobject.get_all_points()
        if len(points) == 0:
            return None
        low, high = points.min(axis=0), points.max(axis=0)
        return cls(float(low[0]), float(high[0]), float(low[1]), float(high[1]))

    @classmethod
    def around(cls, point, half_width: float, half_height: float | None = None) -> Box:
        """The box centred on ``point`` with the given half sizes."""
        x, y = float(point[0]), float(point[1])
        h = half_width if half_height is None else half_height
        return cls(x - half_width, x + half_width, y - h, y + h)

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def center(self) -> np.ndarray:
        return np.array([(self.left + self.right) / 2, (self.bottom + self.top) / 2, 0.0])

    @property
    def top_left(self) -> np.ndarray:
        return np.array([self.left, self.top, 0.0])

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """Whether the two boxes, each grown by ``gap``, share interior (touching does not)."""
        return (self.left < other.right + gap and other.left < self.right + gap
                and self.bottom < other.top + gap and other.bottom < self.top + gap)

    def overlap_area(self, other: Box) -> float:
        """Area of the intersection (0 when disjoint)."""
        w = min(self.right, other.right) - max(self.left, other.left)
        h = min(self.top, other.top) - max(self.bottom, other.bottom)
        return max(0.0, w) * max(0.0, h)

    def contains(self, other: Box) -> bool:
        return (self.left <= other.left and other.right <= self.right
                and self.bottom <= other.bottom and other.top <= self.top)

    def outside_by(self, other: Box) -> float:
        """How far ``other`` sticks out of this box, summed over the four sides."""
        return (max(0.0, self.left - other.left) + max(0.0, other.right - self.right)
                + max(0.0, self.bottom - other.bottom) + max(0.0, other.top - self.top))


def disjoint(a, b) -> bool:
    """Whether two mobjects' boxes share no interior (a mobject without points is disjoint)."""
    box_a, box_b = Box.of(a), Box.of(b)
    return box_a is None or box_b is None or not box_a.overlaps(box_b)


__all__ = ["Box", "disjoint"]
