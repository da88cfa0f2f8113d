"""Typeset math without TeX: sympy prints LaTeX, tex2typst turns it into Typst, manim's
``MathTypst`` draws it.

>>> latex_to_typst(r"\\frac{x^{2} y}{2}")
'(x^2 y)/2'
"""

from __future__ import annotations

from math import isfinite
from collections.abc import Sequence

import sympy
from manim import LEFT, MathTypst, VGroup
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
    if value == 0:
        return "0"
    magnitude = abs(value)
    if 10.0 ** (1 - digits) <= magnitude < 1e5:
        text = f"{value:.{digits}f}".rstrip("0").rstrip(".")
        return text
    mantissa, exponent = f"{value:.{max(digits - 1, 1)}e}".split("e")
    return f"{mantissa} times 10^({int(exponent)})"


def math(typst_source: str, *, font_size: float | None = None, color=None, theme: Theme = DEFAULT_THEME) -> MathTypst:
    """Display math from Typst source, in the theme's text colour and body size."""
    return MathTypst(
        typst_source,
        font_size=font_size or theme.body_size,
        color=color or theme.text,
    )


class Readout(VGroup):
    """``label = value`` whose value changes (a step counter, a live f value).

    The whole line is typeset by Typst each time, so the baseline is always right;
    ``set_value`` swaps it in place keeping the left edge fixed, so a scene can update it
    between animations or at step boundaries.
    """

    def __init__(
        self,
        label_typst: str,
        value: float | int = 0,
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
        self.value = value
        self.add(self._typeset(value))

    def _typeset(self, value) -> MathTypst:
        text = str(value) if isinstance(value, (int, str)) else number_typst(float(value), self.digits)
        line = math(f"{self.label_typst} = {text}", font_size=self.font_size_, color=self.color_, theme=self.theme)
        if self.max_width and line.width > self.max_width:
            line.scale_to_fit_width(self.max_width)
        return line

    def set_value(self, value: float | int | str) -> Readout:
        """Show ``value`` (a float is rounded to ``digits`` decimals; a str is Typst math)."""
        self.value = value
        old = self.submobjects[0]
        new = self._typeset(value)
        new.move_to(old.get_left(), aligned_edge=LEFT)
        self.submobjects[0] = new
        return self


__all__ = [
    "Readout", "expr_to_typst", "latex_to_typst", "math", "matrix_typst", "name_typst",
    "number_typst", "vector_typst",
]
