"""A dashed straight segment drawn as one shape, cheap to move every frame.

Manim's ``DashedLine`` is a group of one mobject per dash; moving it rescales every dash
and every frame draws each one. :class:`DashedSegment` keeps its dashes as subpaths of a
single mobject and recomputes them with numpy when its ends move, so a residual that follows
a fitted line, or a drop line that follows a turning vector, costs one shape per frame.

Example::

    residual = DashedSegment(point, on_line, dash_length=0.06, dashed_ratio=0.55)
    residual.put_start_and_end_on(point, new_on_line)   # in an updater or an Animation
"""

from __future__ import annotations

import numpy as np
from manim import VMobject


class DashedSegment(VMobject):
    """A straight dashed segment from ``start`` to ``end``, one mobject for all its dashes.

    ``dash_length`` is the length of a dash, ``dashed_ratio`` the share of the pattern that is
    dash; the pattern is stretched slightly so that the first dash starts at ``start`` and
    the last ends at ``end``. A segment shorter than ``min_length`` is hidden (zero stroke
    opacity) until it is long enough again. ``get_start()``/``get_end()`` are its ends.
    """

    def __init__(self, start=(0.0, 0.0, 0.0), end=(1.0, 0.0, 0.0), *, dash_length: float = 0.06,
                 dashed_ratio: float = 0.5, min_length: float = 1e-4, stroke_opacity: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        if dash_length <= 0 or not 0 < dashed_ratio <= 1:
            raise ValueError("dash_length must be positive and dashed_ratio in (0, 1]")
        self.dash_length, self.dashed_ratio, self.min_length = float(dash_length), float(dashed_ratio), float(min_length)
        self.shown_opacity = float(stroke_opacity)
        self.put_start_and_end_on(start, end)

    def dash_ends(self, start, end) -> np.ndarray:
        """(n, 2, 3) start and end of each dash between ``start`` and ``end``."""
        a, b = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
        length = float(np.linalg.norm(b - a))
        if length == 0:
            return np.zeros((0, 2, 3))
        r = self.dashed_ratio
        count = max(1, int(round(length * r / self.dash_length + (1 - r))))
        period = length / (count - 1 + r)  # count dashes and count - 1 gaps fill the length
        offsets = np.arange(count)[:, None] * period
        direction = (b - a) / length
        starts = a + offsets * direction
        return np.stack([starts, starts + r * period * direction], axis=1)

    def put_start_and_end_on(self, start, end) -> DashedSegment:
        a, b = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
        if float(np.linalg.norm(b - a)) < self.min_length:
            self.set_stroke(opacity=0.0)
            return self
        ends = self.dash_ends(a, b)
        s, e = ends[:, 0], ends[:, 1]
        # each dash one straight cubic curve: anchor, two handles on the line, anchor
        self.set_points(np.stack([s, s + (e - s) / 3, s + 2 * (e - s) / 3, e], axis=1).reshape(-1, 3))
        self.set_stroke(opacity=self.shown_opacity)
        return self
