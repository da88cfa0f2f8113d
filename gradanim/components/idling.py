"""Motions that come back to where they started, for a beat's idle
(:meth:`gradanim.scene_base.LessonFrame.idle`): played once in a video, looped until the
click in a slide deck, so they end exactly as they begin and move smoothly across the seam.
"""

from __future__ import annotations

import numpy as np
from manim import TAU, AnimationGroup, there_and_back


def pulse(*mobjects, scale: float = 1.45) -> AnimationGroup:
    """Each of ``mobjects`` grows by ``scale`` about its centre and shrinks back (a marker
    drawing the eye to where a run ended)."""
    return AnimationGroup(*(m.animate(rate_func=there_and_back).scale(scale) for m in mobjects))


def swing(t: float) -> float:
    """One period of a sine: out one way, back through the start, out the other way and back
    (starts and ends at 0 at the same speed, so a loop of it has no jolt)."""
    return float(np.sin(TAU * t))


__all__ = ["pulse", "swing"]
