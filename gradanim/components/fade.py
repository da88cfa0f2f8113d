"""Opacity changes that cost only the drawing.

``mob.animate.set_opacity(0.3)`` and ``FadeOut(mob)`` are transforms: they deep-copy the
mobject (start and target), then interpolate every point of every member on every frame.
For a field of 150 arrows that is most of the animation's cost although no point moves.
:class:`FadeTo` changes the opacities in place and nothing else.

Example::

    self.play(FadeTo(field, 0.3), run_time=0.5)          # dim, like field.animate.set_opacity(0.3)
    self.play(FadeTo(field, 0.0, remover=True))           # fade out and remove, like FadeOut(field)
"""

from __future__ import annotations

import numpy as np
from manim import Animation, Mobject


class FadeTo(Animation):
    """Bring every fill and stroke opacity of ``mobject`` (its whole family) to ``opacity``,
    as ``set_opacity`` does, smoothly and in place.

    With ``remover=True`` the mobject leaves the scene at the end and gets its opacities
    back (as after ``FadeOut``), so it can be shown again.
    """

    def __init__(self, mobject: Mobject, opacity: float, **kwargs):
        if not 0.0 <= float(opacity) <= 1.0:
            raise ValueError(f"opacity must be between 0 and 1, got {opacity}")
        self.opacity = float(opacity)
        self._start: list[tuple] = []
        super().__init__(mobject, **kwargs)

    def begin(self) -> None:
        self._start = [
            (member, member.fill_rgbas[:, 3].copy(), member.stroke_rgbas[:, 3].copy(),
             member.background_stroke_rgbas[:, 3].copy())
            for member in self.mobject.family_members_with_points()
        ]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        a = self.rate_func(alpha)
        for member, fill, stroke, background in self._start:
            member.fill_rgbas[:, 3] = fill + (self.opacity - fill) * a
            member.stroke_rgbas[:, 3] = stroke + (self.opacity - stroke) * a
            member.background_stroke_rgbas[:, 3] = background + (self.opacity - background) * a

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        if self.remover:
            for member, fill, stroke, background in self._start:
                member.fill_rgbas[:, 3] = fill
                member.stroke_rgbas[:, 3] = stroke
                member.background_stroke_rgbas[:, 3] = background


def opacities(mobject: Mobject) -> np.ndarray:
    """Every fill and stroke opacity of ``mobject``'s family, in one array (for tests)."""
    parts = []
    for member in mobject.family_members_with_points():
        parts += [member.fill_rgbas[:, 3], member.stroke_rgbas[:, 3]]
    return np.concatenate(parts) if parts else np.zeros(0)


__all__ = ["FadeTo", "opacities"]
