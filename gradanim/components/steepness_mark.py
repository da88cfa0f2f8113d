"""How steep f is at a point, drawn on a contour map: the gradient arrow from the point and,
beside it, the gap between the contour lines around the point (the core's
:func:`~gradanim.core.steepness.steepness`). A long arrow goes with a short gap.

Example::

    record = steepness(f, (1.5, 1.2), levels=levels)
    mark = SteepnessMark(record, axes, f, levels, scale=0.3)
    self.play(FadeIn(mark.dot), GrowArrow(mark.arrow), Create(mark.gap))
"""

from __future__ import annotations

import numpy as np
from manim import Arrow, Dot, Line, VGroup

from ..core.objective import Objective
from ..core.steepness import Steepness
from .claims import SteepnessAt
from .theme import DEFAULT_THEME, Theme


class SteepnessMark(VGroup):
    """The point, its gradient arrow (``scale`` data units per unit of |grad f|) and the gap
    between the neighbouring levels along the gradient, drawn ``offset`` scene units to the
    arrow's side with a tick at each end. ``subject`` checks numbers about it."""

    def __init__(self, record: Steepness, axes, objective: Objective, levels, *, scale: float = 0.3,
                 offset: float = 0.18, theme: Theme = DEFAULT_THEME, **kwargs):
        super().__init__(**kwargs)
        self.record = record
        p = np.asarray(record.point, dtype=float)
        foot = axes.c2p(*p)
        tip = axes.c2p(*(p + scale * np.asarray(record.gradient, dtype=float)))
        self.dot = Dot(foot, radius=0.07, color=theme.highlight)
        self.dot.set_stroke(theme.background, width=2, background=True)
        self.arrow = Arrow(foot, tip, buff=0, color=theme.gradient, stroke_width=theme.arrow_stroke,
                           max_tip_length_to_length_ratio=0.3, tip_length=0.2)
        self.gap = VGroup()
        if record.above is not None and record.below is not None:
            low, high = axes.c2p(*record.below.point), axes.c2p(*record.above.point)
            along = (high - low) / max(np.linalg.norm(high - low), 1e-9)
            side = np.array([-along[1], along[0], 0.0]) * offset
            line = Line(low + side, high + side, color=theme.highlight, stroke_width=5)
            ticks = VGroup(*(Line(end + 0.6 * side, end + 1.4 * side, color=theme.highlight, stroke_width=4)
                             for end in (low, high)))
            self.gap.add(line, ticks)
        self.subject = SteepnessAt(objective, axes, self.arrow, levels)
        self.add(self.gap, self.arrow, self.dot)
