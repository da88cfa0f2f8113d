"""Typeset math without TeX: sympy prints LaTeX, tex2typst turns it into Typst, manim's
``MathTypst`` draws it.

>>> latex_to_typst(r"\\frac{x^{2} y}{2}")
'(x^2 y)/2'
"""

from __future__ import annotations

from math import isfinite
from collections.abc import Sequence

import sympy
import numpy as np
from manim import DOWN, LEFT, ORIGIN, RIGHT, MathTypst, VectorizedPoint, VGroup, VMobject

from .glyph_number import GlyphNumber, _glyph_set, number_parts
from tex2typst import tex2typst

from .theme import DEFAULT_THEME, Theme


def latex_to_typst(latex: str) -> str:
    """Typst math source for a LaTeX math string (as sympy prints it)."""
    return tex2typst(latex)


def expr_to_typst(expr: sympy.Expr) -> str:
    return latex_to_typst(sympy.latex(expr))


def vector_typst(entries: Sequence[str]) -> str:
    """A column vector ``vec(a, b)`` of Typst math entries."""
    return f"vec({', '.join(entries)})"


def matrix_typst(rows: Sequence[Sequence[str]]) -> str:
    """A bracketed matrix of Typst math entries."""
    body = "; ".join(", ".join(row) for row in rows)
    return f'mat(delim: "[", {body})'


def name_typst(name: str) -> str:
    """A variable name as Typst math: ``b0`` -> ``b_0``, ``alpha`` stays a Greek letter."""
    head = name.rstrip("0123456789")
    digits = name[len(head):]
    if len(head) > 1 and head not in _GREEK:
        head = f'"{head}"'  # an upright word, e.g. "price"
    if not head:
        return name
    return f"{head}_{digits}" if digits else head


_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
    "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega",
}


def number_typst(value: float, digits: int = 3) -> str:
    """A readable number in Typst math: ``digits`` decimals, scientific when huge or tiny.

    A value that would round to zero (or lose all but one significant digit) is shown in
    scientific notation instead, so a small nonzero number never reads as 0.
    """
    if value is None or not isfinite(value):
        return '"undefined"'
    mantissa, exponent = number_parts(value, digits)
    return mantissa if exponent is None else f"{mantissa} times 10^({exponent})"


def math(typst_source: str, *, font_size: float | None = None, color=None, theme: Theme = DEFAULT_THEME) -> MathTypst:
    """Display math from Typst source, in the theme's text colour and body size."""
    return MathTypst(
        typst_source,
        font_size=font_size or theme.body_size,
        color=color or theme.text,
    )


_UNIT = 0.01


class Readout(VGroup):
    """``label = value`` whose value changes (a step counter, a live f value, a point).

    The label is typeset once by Typst; numbers (ints, floats, tuples of floats) are laid
    out from cached Typst glyphs (:class:`GlyphNumber`), so ``set_value`` costs milliseconds
    and can run every frame (in an updater) as well as between animations. A ``str`` value
    is Typst math, typeset each time.

    The value's glyphs live in a fixed pool of mobjects that are updated in place, so a
    value changed during an animation never leaves a stale copy on screen. The number's
    position is carried by an invisible anchor point inside the group, so a readout can be
    moved, arranged or scaled like any mobject.
    """

    POOL = 28  # glyph slots; a longer value grows the pool (do that between animations)

    def __init__(
        self,
        label_typst: str,
        value: float | int | str | tuple = 0,
        *,
        digits: int = 3,
        font_size: float | None = None,
        color=None,
        max_width: float | None = None,
        theme: Theme = DEFAULT_THEME,
    ):
        super().__init__()
        self.max_width = max_width
        self.label_typst = label_typst
        self.digits = digits
        self.font_size_ = font_size or theme.body_size
        self.color_ = color or theme.text
        self.theme = theme
        # Typeset "label = 0" once: the 0 marks where numbers start, on the right baseline.
        line = math(f"{label_typst} = 0", font_size=self.font_size_, color=self.color_, theme=theme)
        probe = line.submobjects[-1]
        self.label = VGroup(*line.submobjects[:-1])
        overshoot = _glyph_set(self.font_size_)[0]["0"].get_bottom()[1]
        start = np.array([probe.get_left()[0], probe.get_bottom()[1] - overshoot, 0.0])
        # Two invisible points: where the baseline starts, and a hair to its right (their
        # distance tells the current scale; both lie inside the number's own box).
        self.anchor = VectorizedPoint(start)
        self.unit = VectorizedPoint(start + _UNIT * RIGHT)
        self.value_mobject = VGroup(*(VMobject() for _ in range(self.POOL)))
        self.add(self.label, self.value_mobject, self.anchor, self.unit)
        self.set_value(value)

    def _glyphs(self, value) -> list[VMobject]:
        """The value's glyphs with the baseline start at the origin, at font size."""
        if isinstance(value, str):
            mob = math(value, font_size=self.font_size_, color=self.color_, theme=self.theme)
            mob.move_to(ORIGIN, aligned_edge=LEFT + DOWN)
            return list(mob.family_members_with_points())
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            value, digits = int(value), 0
        elif isinstance(value, (tuple, list, np.ndarray)):
            digits = self.digits
        else:
            value, digits = float(value), self.digits
            if not isfinite(value):
                return self._glyphs('"undefined"')
        return list(GlyphNumber(value, digits=digits, font_size=self.font_size_, color=self.color_))

    def set_value(self, value) -> Readout:
        """Show ``value``: a number, a tuple of numbers, or Typst math (str)."""
        self.value = value
        origin = self.anchor.get_center()
        scale = float(np.linalg.norm(self.unit.get_center() - origin)) / _UNIT
        glyphs = self._glyphs(value)
        slots = self.value_mobject.submobjects
        while len(slots) < len(glyphs):
            slots.append(VMobject())
        for slot, glyph in zip(slots, glyphs):
            glyph.scale(scale, about_point=ORIGIN).shift(origin)
            slot.set_points(glyph.points.copy())
            slot.match_style(glyph)
        for slot in slots[len(glyphs):]:
            slot.clear_points()
        if self.max_width and self.width > self.max_width:
            self.scale(self.max_width / self.width, about_point=self.get_left())
        return self

    @property
    def shown_glyphs(self) -> list[VMobject]:
        """The glyph slots currently drawing the value."""
        return [slot for slot in self.value_mobject.submobjects if slot.has_points()]


__all__ = [
    "Readout", "expr_to_typst", "latex_to_typst", "math", "matrix_typst", "name_typst",
    "number_typst", "vector_typst",
]
