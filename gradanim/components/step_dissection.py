"""One optimiser step taken apart on a contour map: the raw gradient, what the optimiser
carries or divides by, and the scaled step, as arrows at the point and as short formulas
with their numbers.

Every vector comes from :func:`gradanim.core.step_anatomy.anatomy` (the run's recorded
state under torch.optim's names); this module only draws them. Each formula is a
:class:`~gradanim.components.typeset.Readout` bound to the run (``anatomy.TERM``), so the
truth check holds it to step k while the marker stands on point k.

Arrows are drawn from the point x_k as displacements on the map: the step at its true size,
the other vectors at ``-scale`` times their size (momentum: ``scale = lr``, so that the
carried part and the gradient's push add up, head to tail, to the step). What RMSprop and
Adam divide by (``root`` = sqrt of the running average of squared gradients) is a box
centred on x_k with half-sides ``scale * root``: the step is the (averaged) gradient
measured in these boxes, times lr.

Example::

    parts = StepDissection(run.walker, k=2, theme=theme)
    self.play(GrowArrow(parts.arrows["g"]), FadeIn(parts.lines["g"]))
    ...
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, Arrow, DashedVMobject, Rectangle, VGroup

from ..core.step_anatomy import anatomy
from .axes import to_scene
from .descent import DescentWalker
from .theme import DEFAULT_THEME, Theme
from .typeset import Readout, math

# (term, Typst label, colour key) per optimiser, in the order they are shown. The step's own
# line says how it is made.
LINES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "gd": (("g", "bold(g)_k", "gradient"), ("step", "Delta bold(x) = -alpha bold(g)_k", "descent")),
    "momentum": (
        ("g", "bold(g)_k", "gradient"),
        ("carried", "mu bold(b)_k", "carried"),
        ("velocity", "bold(b)_(k+1) = mu bold(b)_k + bold(g)_k", "saddle"),
        ("step", "Delta bold(x) = -alpha bold(b)_(k+1)", "descent"),
    ),
    "nesterov": (
        ("g", "bold(g)_k", "gradient"),
        ("carried", "mu bold(b)_k", "carried"),
        ("velocity", "bold(b)_(k+1)", "saddle"),
        ("step", "Delta bold(x) = -alpha (bold(g)_k + mu bold(b)_(k+1))", "descent"),
    ),
    "rmsprop": (
        ("g", "bold(g)_k", "gradient"),
        ("root", "sqrt(bold(s)_(k+1))", "saddle"),
        ("scaled", "bold(g)_k \\/ sqrt(bold(s)_(k+1))", "field"),
        ("step", "Delta bold(x) = -alpha bold(g)_k \\/ sqrt(bold(s))", "descent"),
    ),
    "adam": (
        ("g", "bold(g)_k", "gradient"),
        ("m_hat", "hat(bold(m))_(k+1)", "carried"),
        ("root", "sqrt(hat(bold(v))_(k+1))", "saddle"),
        ("scaled", "hat(bold(m)) \\/ sqrt(hat(bold(v)))", "field"),
        ("step", "Delta bold(x) = -alpha hat(bold(m)) \\/ sqrt(hat(bold(v)))", "descent"),
    ),
}

LINES["adagrad"] = LINES["rmsprop"]  # the same parts: a running sum where RMSprop averages


class StepDissection(VGroup):
    """Step ``k`` of ``walker``'s run taken apart at point k.

    Attributes
    ----------
    parts
        The core's :class:`~gradanim.core.step_anatomy.StepAnatomy`.
    lines
        ``{term: Readout}``, stacked in ``column`` in the order of :data:`LINES`.
    arrows
        ``{term: Arrow or box}`` on the map: ``g`` (and ``carried``, ``velocity`` /
        ``m_hat``) at ``-scale`` times the vector, ``root`` as a dashed box, ``step`` at its
        true size. For momentum the ``g`` arrow starts where ``carried`` ends.
    scale
        The factor the non-step vectors are drawn at.
    note
        A small line saying so ("arrows: -alpha times each vector").
    """

    def __init__(self, walker: DescentWalker, k: int, *, max_arrow: float = 2.2, font_size: float | None = None,
                 max_width: float | None = None, theme: Theme = DEFAULT_THEME, **kwargs):
        super().__init__(**kwargs)
        self.walker, self.k, self.theme = walker, int(k), theme
        self.parts = anatomy(walker.trajectory, k)
        name = self.parts.optimizer
        if walker.trajectory.hyperparameters.get("nesterov"):
            name = "nesterov"
        if name not in LINES:
            raise ValueError(f"no dissection for optimiser {name!r}")
        terms = self.parts.terms
        axes = walker.axes
        size = font_size or theme.label_size
        self.lines = {}
        for term, label, colour in LINES[name]:
            if term not in terms:
                continue
            line = Readout(label, tuple(float(v) for v in terms[term][:2]), digits=3, font_size=size,
                           color=self.colour(colour), max_width=max_width, theme=theme)
            self.lines[term] = line.about(walker.subject, f"anatomy.{term}")
        self.column = VGroup(*self.lines.values()).arrange(DOWN, aligned_edge=LEFT, buff=0.2)

        origin = to_scene(axes, [self.parts.point[:2]])[0]
        unit = float(np.linalg.norm(to_scene(axes, [[1.0, 0.0]])[0] - to_scene(axes, [[0.0, 0.0]])[0]))
        drawn = [t for t in ("g", "carried", "velocity", "m_hat", "scaled") if t in terms and t in self.lines]
        if name in ("momentum", "nesterov"):
            self.scale = self.parts.lr  # the parts add up to the step on the map
            longest = max(self.scale * np.linalg.norm(terms[t][:2]) for t in drawn) * unit
            if longest > 2.5 * max_arrow:  # too long to draw: shrink, and say so
                self.scale *= max_arrow / longest
        else:
            longest = max(np.linalg.norm(terms[t][:2]) for t in drawn + (["root"] if "root" in terms else []))
            self.scale = max_arrow / (unit * longest) if longest > 0 else 1.0
            # ... and no arrow or box reaches past the map: near its edge, all shrink alike.
            reaches = [self._map_vector(axes, -terms[t]) for t in drawn]
            if "root" in terms:
                half = np.abs(self._map_vector(axes, terms["root"]))
                reaches += [half[:2] * corner for corner in ((1, 1), (1, -1), (-1, 1), (-1, -1))]
            self.scale = min(self.scale, 0.97 * _room(axes, origin, reaches))
        self.exact_sum = name in ("momentum", "nesterov") and self.scale == self.parts.lr

        self.arrows = {}
        if name in ("momentum", "nesterov"):
            carried_end = origin + self._map_vector(axes, -self.scale * terms["carried"])
            self.arrows["carried"] = self._arrow(origin, carried_end, self.colour("carried"))
            self.arrows["g"] = self._arrow(carried_end, carried_end + self._map_vector(axes, -self.scale * terms["pushed"]),
                                           theme.gradient)
            self.arrows["velocity"] = self._arrow(origin, origin + self._map_vector(axes, -self.scale * terms["velocity"]),
                                                  theme.saddle)
        else:
            self.arrows["g"] = self._arrow(origin, origin + self._map_vector(axes, -self.scale * terms["g"]), theme.gradient)
            if "m_hat" in terms:
                self.arrows["m_hat"] = self._arrow(origin, origin + self._map_vector(axes, -self.scale * terms["m_hat"]),
                                                   self.colour("carried"))
        if "scaled" in terms:  # the gradient measured in boxes: the step's direction, at the arrows' scale
            self.arrows["scaled"] = self._arrow(origin, origin + self._map_vector(axes, -self.scale * terms["scaled"]),
                                                self.colour("field"))
        if "root" in terms:
            half = np.abs(self._map_vector(axes, self.scale * terms["root"]))
            box = Rectangle(width=max(2 * half[0], 1e-3), height=max(2 * half[1], 1e-3), stroke_color=theme.saddle,
                            stroke_width=2.5).move_to(origin)
            self.arrows["root"] = DashedVMobject(box, num_dashes=28)
        end = to_scene(axes, [walker.trajectory.points[self.k + 1][:2]])[0]
        self.arrows["step"] = self._arrow(origin, end, theme.descent, width=theme.arrow_stroke * 1.3)
        note = ('& "arrows: " -alpha times "each vector" \\ & "(they add up to the step)"' if self.exact_sum
                else f'& "arrows: " -{self.scale:.3g} times "each vector" \\ & "(the step: its true size)"')
        self.note = math(note, font_size=theme.small_size, color=theme.muted_text, theme=theme)
        if max_width and self.note.width > max_width:
            self.note.scale_to_fit_width(max_width)
        self.add(*self.arrows.values())

    def colour(self, key: str):
        """A part's colour: the theme's, and for what momentum carries (and Adam's averaged
        gradient) an optimiser colour clear of the walker's path."""
        if key == "carried":
            return self.theme.optimizer_colors[4]
        return getattr(self.theme, key)

    @staticmethod
    def _map_vector(axes, value) -> np.ndarray:
        """A data-space displacement as a scene-space one."""
        return to_scene(axes, [np.asarray(value[:2], dtype=float)])[0] - to_scene(axes, [[0.0, 0.0]])[0]

    def _arrow(self, start, end, colour, width: float | None = None) -> Arrow:
        return Arrow(start, end, buff=0, color=colour, stroke_width=width or self.theme.arrow_stroke,
                     max_tip_length_to_length_ratio=0.25, max_stroke_width_to_length_ratio=20)


def _room(axes, origin, reaches) -> float:
    """The largest ``s`` for which ``origin + s * r`` stays on the map for each scene-space
    displacement ``r`` in ``reaches`` (inf when nothing reaches out)."""
    low, high = (np.array(to_scene(axes, [[axes.x_range[i], axes.y_range[i]]])[0][:2]) for i in (0, 1))
    room = np.inf
    for reach in reaches:
        for axis in (0, 1):
            r = float(reach[axis])
            if abs(r) > 1e-12:
                room = min(room, ((high if r > 0 else low)[axis] - origin[axis]) / r)
    return max(room, 0.0)


__all__ = ["LINES", "StepDissection"]
