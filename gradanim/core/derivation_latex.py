"""LaTeX for the lines of a worked derivation, as a student writes them on the board.

sympy's own printer tidies what it prints: ``(y/2) * d/dx(x^2)`` comes out as one fraction
``y d/dx x^2 / 2``, ``(1/n) sum(...)`` as ``sum(...) / n``, and it reads ``d/dx`` or
``partial/partial x`` from the number of free symbols. A worked line must keep the
student's grouping, so :class:`LinePrinter` prints the unevaluated products of a derivation
line factor by factor, in order (``y/2 . d/dx (x^2)``, ``1/n sum ...``, ``2 (y_i - ...) . (0 - 1 - 0)``),
puts the derivative's argument in brackets, and writes every derivative as a partial one
when the function has several variables. A product whose last factors are reciprocals
(the quotient rule's ``(u'v - uv') / v^2``) is a fraction.

The component turns this LaTeX into Typst (``gradanim.components.typeset.latex_to_typst``);
``symbol_names`` lets it show multi-letter names upright or grey out the variables held
constant.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy
from sympy.printing.latex import LatexPrinter

__all__ = ["LinePrinter", "kept_as_written", "line_latex"]


def kept_as_written(node: sympy.Basic) -> bool:
    """Whether a sum or product is kept as written: sympy would evaluate it to something else."""
    if not isinstance(node, (sympy.Add, sympy.Mul)):
        return False
    try:
        return node.func(*node.args) != node
    except (TypeError, ValueError):
        return True


def _is_display(expr: sympy.Mul) -> bool:
    """Whether a product is one the derivation wrote (kept as written), not a tidy sympy term."""
    if expr.has(sympy.Derivative, sympy.Sum):
        return True
    return kept_as_written(expr) or any(kept_as_written(a) for a in expr.args)


def _reciprocal(factor: sympy.Expr) -> bool:
    return isinstance(factor, sympy.Pow) and factor.exp.is_Number and factor.exp < 0


class LinePrinter(LatexPrinter):
    """LaTeX of one line of a derivation (see the module's docstring)."""

    def __init__(self, partial: bool = True, symbol_names: Mapping[sympy.Symbol, str] | None = None):
        super().__init__({"order": "none", "symbol_names": dict(symbol_names or {})})
        self.partial = partial

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        (variable, count), *_ = expr.variable_count
        d = r"\partial" if self.partial else "d"
        power = f"^{{{count}}}" if count != 1 else ""
        head = rf"\frac{{{d}{power}}}{{{d} {self._print(variable)}{power}}}"
        inner = expr.expr
        body = self._print(inner)
        if isinstance(inner, (sympy.Symbol, sympy.Indexed, sympy.Sum, sympy.Number)):
            return f"{head} {body}"
        if isinstance(inner, sympy.Function) and not isinstance(inner, sympy.Pow):
            return f"{head} {body}"
        if r"\left(" in body:
            return rf"{head} \left[{body}\right]"
        return rf"{head} \left({body}\right)"

    def _print_Add(self, expr: sympy.Add, order=None) -> str:
        """Terms as stored: a line's sums are written in the order the derivation wrote them
        (sympy's own results are put in its printing order before they join a line)."""
        out = ""
        for i, term in enumerate(expr.args):
            text = self._print(term)
            if isinstance(term, sympy.Add):
                text = rf"\left({text}\right)"  # a sum of sums, as written: (2 - 0) + (4 - 0)
            if i == 0:
                out = text
            elif text.startswith("-"):
                out += " - " + text[1:].lstrip()
            else:
                out += " + " + text
        return out

    def _print_Mul(self, expr: sympy.Mul) -> str:
        if not isinstance(expr, sympy.Mul) or not _is_display(expr):
            saved = self._settings["order"]
            self._settings["order"] = None  # a tidy product: sympy's factor order (x^2 y)
            try:
                return super()._print_Mul(expr)
            finally:
                self._settings["order"] = saved
        factors = list(expr.args)
        sign = ""
        if len(factors) > 1 and factors[0].is_Number and factors[0] < 0:
            sign = "-"
            factors = factors[1:] if factors[0] == -1 else [-factors[0], *factors[1:]]
        if (
            len(factors) > 1 and factors[0].is_Rational and not factors[0].is_Integer
            and not expr.has(sympy.Derivative, sympy.Sum)
        ):  # 3/2 . 20 is written (3 . 20)/2
            p, q = factors[0].as_numer_denom()
            top = self._product(([p] if p != 1 else []) + factors[1:], alone=True)
            return sign + rf"\frac{{{top}}}{{{self._print(q)}}}"
        below = []
        while len(factors) > 1 and _reciprocal(factors[-1]):
            base, exponent = factors[-1].args
            below.insert(0, base if exponent == -1 else sympy.Pow(base, -exponent, evaluate=False))
            factors.pop()
        if below:
            return sign + rf"\frac{{{self._product(factors, alone=True)}}}{{{self._product(below, alone=True)}}}"
        top = self._product(factors, alone=False)
        if sign and len(factors) == 1 and isinstance(factors[0], sympy.Add):
            top = rf"\left({top}\right)"
        return sign + top

    def _product(self, factors: list[sympy.Expr], alone: bool) -> str:
        """Factors side by side: brackets round sums (unless a sum stands alone, as in a
        fraction) and round negative factors after the first; a dot where juxtaposition
        would misread (before a number, next to a derivative, after a function or a 1)."""
        out = ""
        previous, previous_text = None, ""
        for factor in factors:
            text = self._print(factor)
            single = alone and len(factors) == 1
            if (isinstance(factor, sympy.Add) and not single) or (previous is not None and text.startswith("-")):
                text = rf"\left({text}\right)"
            if previous is None:
                out = text
            else:
                out += (r" \cdot " if self._needs_dot(previous, previous_text, factor, text) else " ") + text
            previous, previous_text = factor, text
        return out

    @staticmethod
    def _needs_dot(previous: sympy.Expr, previous_text: str, factor: sympy.Expr, text: str) -> bool:
        if isinstance(factor, sympy.Sum):
            return False  # (1/n) sum ...: an operator applied
        if text[:1].isdigit() or text.startswith(r"\frac{\partial") or text.startswith(r"\frac{d"):
            return True
        if previous_text.startswith(r"\frac") and not previous.is_Number:
            return True
        if isinstance(previous, (sympy.Derivative, sympy.Function)) or previous in (1, -1):
            return True
        if isinstance(previous, sympy.Mul) and _is_display(previous):
            return True
        return not (previous.is_Number or previous.is_Symbol or isinstance(previous, (sympy.Pow, sympy.Indexed, sympy.Add)))


def line_latex(
    expr: sympy.Expr, *, partial: bool = True, symbol_names: Mapping[sympy.Symbol, str] | None = None
) -> str:
    """LaTeX of one derivation line (see :class:`LinePrinter`)."""
    return LinePrinter(partial, symbol_names).doprint(expr)
