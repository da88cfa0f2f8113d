"""The gradient at one point, drawn as the vector of its partial derivatives.

At ``p`` on an Axes: the gradient arrow (``theme.gradient``), its two components as arrows
along the axes (east for d/dx, north for d/dy), dashed projections from the tip onto them,
labels ``df/dx = 6`` and ``df/dy = 2``, and a readout ``grad f(2, 3) = (6, 2)``. Every
number is ``objective.gradient(p)``; only the drawn length is a choice: the arrows show
``scale * grad f`` and the arrow's label says so when ``scale != 1``.

Example::

    g = GradientAtPoint(Objective.from_text("x^2*y/2"), axes, (2, 3), scale=0.25)
    self.play(FadeIn(g.dot))
    self.play(g.grow_component(0))
    self.play(g.grow_component(1))
    self.play(g.assemble())

:class:`RightAngleMark` draws the little square that says two directions meet at 90 degrees.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    Arrow,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    GrowArrow,
    Succession,
    VGroup,
    VMobject,
)

from ..core.objective import Objective
from .axes import to_scene
from .theme import DEFAULT_THEME, Theme
from .typeset import math, name_typst, number_typst, vector_typst


class GradientAtPoint(VGroup):
    """Gradient arrow, component arrows, projections, labels (and optionally the readout) at a point.

    Parameters
    ----------
    objective, axes, point
        The function, where to draw, and the point p (axes coordinates).
    scale
        Arrows are drawn as ``scale * grad f(p)`` in axes units (the label says ``scale nabla f``).
    show_components, show_projections, show_labels, show_readout, show_dot
        Which parts to include in the group (all are built and available as attributes).
    color, component_colors
        Gradient arrow colour (default ``theme.gradient``) and the x / y component colours
        (default ``theme.path`` and ``theme.descent``).
    function_name, variable_names
        Typst names in labels: ``f`` and the objective's variables by default.
    digits
        Decimals shown in the labels and the readout.
    label_size
        Type size of the labels (default ``theme.label_size``).
    backstroke
        Width of a background-coloured outline behind the labels (default
        ``theme.halo_stroke``; 0 for none).

    Attributes
    ----------
    point, gradient, drawn_vector
        p, the core's grad f(p), and ``scale * gradient`` (axes units).
    dot, arrow, component_arrows, projections, component_labels, vector_label, readout
        The parts; ``x_arrow``/``y_arrow`` and ``x_label``/``y_label`` name the components.
    """

    def __init__(
        self,
        objective: Objective,
        axes,
        point: Sequence[float],
        *,
        scale: float = 1.0,
        show_components: bool = True,
        show_projections: bool = True,
        show_labels: bool = True,
        show_readout: bool = False,
        show_dot: bool = True,
        color=None,
        component_colors: tuple | None = None,
        function_name: str = "f",
        variable_names: Sequence[str] | None = None,
        digits: int = 2,
        label_size: float | None = None,
        stroke_width: float | None = None,
        dot_radius: float = 0.07,
        backstroke: float | None = None,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.axes = axes
        self.theme = theme
        self.scale_factor = float(scale)
        self.point = np.asarray(point, dtype=float).reshape(2)
        self.gradient = objective.gradient(self.point)
        self.value = objective.value(self.point)
        self.drawn_vector = self.scale_factor * self.gradient
        self.digits = digits
        names = [name_typst(n) for n in (variable_names or objective.names)]
        self.function_name = function_name
        size = label_size or theme.label_size
        color = color or theme.gradient
        x_color, y_color = component_colors or (theme.path, theme.descent)
        stroke = stroke_width or theme.arrow_stroke

        p = self.point
        self.origin_scene = to_scene(axes, [p])[0]
        self.tip_scene = to_scene(axes, [p + self.drawn_vector])[0]
        self.component_tips = to_scene(axes, [p + [self.drawn_vector[0], 0.0], p + [0.0, self.drawn_vector[1]]])

        self.dot = Dot(self.origin_scene, radius=dot_radius, color=theme.highlight)
        self.dot.set_stroke(theme.background, width=2, background=True)
        self.arrow = self._arrow(self.origin_scene, self.tip_scene, color, stroke)
        self.x_arrow = self._arrow(self.origin_scene, self.component_tips[0], x_color, stroke * 0.85)
        self.y_arrow = self._arrow(self.origin_scene, self.component_tips[1], y_color, stroke * 0.85)
        self.component_arrows = VGroup(self.x_arrow, self.y_arrow)
        self.projections = VGroup(
            self._dashed(self.tip_scene, self.component_tips[0], x_color),
            self._dashed(self.tip_scene, self.component_tips[1], y_color),
        )

        # Labels sit on the far side of each component from the gradient arrow.
        gx, gy = self.gradient
        self.x_label = math(
            f"(partial {function_name})/(partial {names[0]}) = {number_typst(gx, digits)}",
            font_size=size, color=x_color, theme=theme,
        )
        self.y_label = math(
            f"(partial {function_name})/(partial {names[1]}) = {number_typst(gy, digits)}",
            font_size=size, color=y_color, theme=theme,
        )
        below = DOWN if self.drawn_vector[1] >= 0 else UP
        beside = LEFT if self.drawn_vector[0] >= 0 else RIGHT
        self.x_label.next_to(_midpoint(self.origin_scene, self.component_tips[0]), below, buff=0.18)
        self.y_label.next_to(_midpoint(self.origin_scene, self.component_tips[1]), beside, buff=0.18)
        self.component_labels = VGroup(self.x_label, self.y_label)
        factor = "" if np.isclose(self.scale_factor, 1.0) else f"{number_typst(self.scale_factor, 3)} dot "
        self.vector_label = math(f"{factor}nabla {function_name}", font_size=size, color=color, theme=theme)
        direction = self.tip_scene - self.origin_scene
        norm = np.linalg.norm(direction)
        direction = direction / norm if norm > 0 else RIGHT
        self.vector_label.next_to(self.tip_scene, _nearest_compass(direction), buff=0.12)
        self.readout = math(self.readout_typst(), font_size=theme.body_size, color=theme.text, theme=theme)
        backstroke = theme.halo_stroke if backstroke is None else backstroke
        if backstroke:
            # A stroke in the background colour behind the glyphs keeps labels legible over
            # lines and filled bands.
            for label in (self.x_label, self.y_label, self.vector_label):
                label.set_stroke(theme.background, width=backstroke, background=True)

        if show_projections and show_components:
            self.add(self.projections)
        if show_components:
            self.add(self.component_arrows)
        self.add(self.arrow)
        if show_dot:
            self.add(self.dot)
        if show_labels:
            if show_components:
                self.add(self.component_labels)
            self.add(self.vector_label)
        if show_readout:
            self.readout.next_to(self.vector_label, UP, buff=0.2)
            self.add(self.readout)

    # --- parts -------------------------------------------------------------------------

    def _arrow(self, start, end, color, stroke) -> VMobject:
        if np.linalg.norm(np.asarray(end) - np.asarray(start)) < 1e-6:
            return VMobject()  # a zero component: nothing to draw
        return Arrow(
            start, end, buff=0, color=color, stroke_width=stroke,
            max_tip_length_to_length_ratio=0.3, max_stroke_width_to_length_ratio=10,
        )

    def _dashed(self, start, end, color) -> VMobject:
        if np.linalg.norm(np.asarray(end) - np.asarray(start)) < 1e-6:
            return VMobject()
        line = DashedLine(start, end, dash_length=0.08, color=color, stroke_width=2)
        line.set_opacity(0.8)
        return line

    def readout_typst(self, point_digits: int = 2) -> str:
        """``nabla f(2, 3) = vec(6, 2)`` with the core's numbers."""
        where = ", ".join(number_typst(v, point_digits) for v in self.point)
        entries = [number_typst(v, self.digits) for v in self.gradient]
        return f"nabla {self.function_name}({where}) = {vector_typst(entries)}"

    def arrow_vector(self) -> np.ndarray:
        """The drawn gradient arrow's scene vector (tip minus tail)."""
        return self.tip_scene - self.origin_scene

    # --- animations --------------------------------------------------------------------

    def grow_component(self, index: int, *, with_label: bool = True) -> Animation:
        """Grow the x (0) or y (1) component arrow from p, and fade in its label."""
        arrow = self.component_arrows[index]
        parts = [GrowArrow(arrow)] if _drawn(arrow) else []
        if with_label or not parts:
            parts.append(FadeIn(self.component_labels[index], shift=0.1 * (DOWN if index == 0 else LEFT)))
        return AnimationGroup(*parts)

    def assemble(self, *, with_label: bool = True) -> Animation:
        """Dashed projections complete the rectangle, then the gradient grows along its diagonal."""
        steps = []
        dashes = [Create(line) for line in self.projections if _drawn(line)]
        if dashes:
            steps.append(AnimationGroup(*dashes))
        grow = [GrowArrow(self.arrow)] if _drawn(self.arrow) else []
        if with_label or not grow:
            grow.append(FadeIn(self.vector_label))
        steps.append(AnimationGroup(*grow))
        return Succession(*steps)


class RightAngleMark(VMobject):
    """The small square at ``corner`` between unit directions ``u`` and ``v`` (scene vectors).

    Drawn from the directions it is given, so if they were not perpendicular the mark would
    visibly be a rhombus: it shows, it does not assume.
    """

    def __init__(self, corner, u, v, *, size: float = 0.18, color=None, stroke_width: float = 2.5,
                 theme: Theme = DEFAULT_THEME, **kwargs):
        super().__init__(stroke_color=color or theme.text, stroke_width=stroke_width, **kwargs)
        corner = np.asarray(corner, dtype=float)
        u = _unit3(u)
        v = _unit3(v)
        self.corner, self.u, self.v = corner, u, v
        self.set_points_as_corners([corner + size * u, corner + size * (u + v), corner + size * v])


def _drawn(mobject) -> bool:
    """False for the empty placeholder of a zero-length part."""
    return any(m.has_points() for m in mobject.get_family())


def _unit3(vector) -> np.ndarray:
    w = np.zeros(3)
    vector = np.asarray(vector, dtype=float).reshape(-1)
    w[: min(3, vector.size)] = vector[:3]
    return w / np.linalg.norm(w)


def _midpoint(a, b) -> np.ndarray:
    return (np.asarray(a) + np.asarray(b)) / 2


def _nearest_compass(direction: np.ndarray) -> np.ndarray:
    """The one of the eight compass directions closest to ``direction`` (for next_to)."""
    angle = np.arctan2(direction[1], direction[0])
    k = int(np.round(angle / (np.pi / 4))) % 8
    compass = [RIGHT, UP + RIGHT, UP, UP + LEFT, LEFT, DOWN + LEFT, DOWN, DOWN + RIGHT]
    return compass[k]


__all__ = ["GradientAtPoint", "RightAngleMark"]
