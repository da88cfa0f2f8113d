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
from manim import DOWN, LEFT, MathTypst, VGroup, VMobject

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


class Readout(VGroup):
    """``label = value`` whose value changes (a step counter, a live f value, a point).

    The label is typeset once by Typst; numbers (ints, floats, tuples of floats) are laid
    out from cached Typst glyphs (:class:`GlyphNumber`), so ``set_value`` costs milliseconds
    and a scene can update readouts every step. A ``str`` value is Typst math, typeset each
    time. The left edge stays fixed when the value changes.
    """

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
        self._number_start = np.array([probe.get_left()[0], probe.get_bottom()[1], 0.0])
        self._scale = 1.0  # shrink factor applied to fit max_width
        self.value_mobject: VMobject = VGroup()
        self.add(self.label)
        self.set_value(value)

    def _value_mobject(self, value) -> VMobject:
        if isinstance(value, str):
            mob = math(value, font_size=self.font_size_, color=self.color_, theme=self.theme)
            mob.move_to(self._number_start, aligned_edge=LEFT + DOWN)
            return mob
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            value = int(value)
        elif not isinstance(value, (tuple, list, np.ndarray)):
            value = float(value)
            if not isfinite(value):
                return self._value_mobject('"undefined"')
        number = GlyphNumber(value, digits=self.digits if not isinstance(value, int) else 0,
                             font_size=self.font_size_, color=self.color_)
        # _number_start is the probe 0's bottom, which dips below the baseline by the same
        # overshoot as the template 0's.
        overshoot = _glyph_set(self.font_size_)[0]["0"].get_bottom()[1]
        number.move_anchor_to(self._number_start - np.array([0, overshoot, 0]))
        return number

    def set_value(self, value) -> Readout:
        """Show ``value``: a number, a tuple of numbers, or Typst math (str)."""
        self.value = value
        new = self._value_mobject(value)
        new.scale(self._scale, about_point=self._number_start)
        self.remove(self.value_mobject)
        self.value_mobject = new
        self.add(new)
        if self.max_width and self.width > self.max_width:
            factor = self.max_width / self.width
            left = self.get_left()
            self.scale(factor, about_point=left)
            self._number_start = left + (self._number_start - left) * factor
            self._scale *= factor
        return self


__all__ = [
    "Readout", "expr_to_typst", "latex_to_typst", "math", "matrix_typst", "name_typst",
    "number_typst", "vector_typst",
]
