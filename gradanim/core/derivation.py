"""Partial derivatives worked out by hand: one rule per line, every line checked.

:func:`derive` does what a teacher does on the board for ``df/dx``: hold the other
variables constant (saying which), then rewrite the derivative with one rule per line,

    hold constant -> sum rule -> constant multiple rule -> product / quotient / chain rule
    -> constant rule -> power rule / standard derivatives -> simplify,

applying each rule to every derivative in the line it fits (the rules are tried in that
order, so sums are split before constants are pulled out, and the basic derivatives come
last). For ``x^2 y / 2``::

    df/dx = d/dx (x^2 y / 2)      hold constant: y
          = y/2 . d/dx (x^2)      constant multiple rule: y/2 is a constant factor
          = y/2 . 2 x             power rule
          = x y                   simplify

Every line is a sympy expression whose pending derivatives are unevaluated
:class:`sympy.Derivative` nodes and whose products and sums are kept as written. The core
checks each line (:func:`same_value`): it equals the previous one symbolically (the
difference simplifies to 0; for sums over an index ``i = 1..n``, written out for n = 1 to
4; where sympy cannot decide within a few seconds, 0 to 40 digits at random points), and
the last equals the partial derivative sympy computes on its own (``Objective.partial_expr``
for an objective). A line that fails raises :class:`DerivationError`: a bug, never shown.

:meth:`Derivation.at` continues with numbers (substitute, then do the arithmetic), checked
against the objective's gradient at that point. Each :class:`Step` carries its LaTeX (see
:mod:`gradanim.core.derivation_latex`); the held-constant variables are named in
:attr:`Derivation.held` for a component to grey out.

>>> from gradanim.core.objective import Objective
>>> d = derive(Objective.from_text("x^2*y/2"), "x")
>>> [step.rule.value for step in d.steps]
['hold constant', 'constant multiple rule', 'power rule', 'simplify']
>>> [step.latex() for step in d.steps]  # doctest: +NORMALIZE_WHITESPACE
['\\\\frac{\\\\partial}{\\\\partial x} \\\\left(\\\\frac{x^{2} y}{2}\\\\right)',
 '\\\\frac{y}{2} \\\\cdot \\\\frac{\\\\partial}{\\\\partial x} \\\\left(x^{2}\\\\right)',
 '\\\\frac{y}{2} \\\\cdot 2 x', 'x y']
>>> [step.latex() for step in d.at((2, 3))]
['2 \\\\cdot 3', '6']
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from functools import cached_property
from typing import Any

import numpy as np
import sympy

from .derivation_latex import kept_as_written, line_latex
from .errors import OptionError
from .objective import Objective
from .smoothness import formula_text, smooth_derivative
from .time_limit import time_limit

__all__ = [
    "Derivation",
    "DerivationError",
    "FinalForm",
    "ORDER",
    "Rule",
    "Step",
    "derive",
    "evaluate",
    "exact_number",
    "same_value",
    "shown_number",
    "shown_value",
    "written_out",
]


class DerivationError(ArithmeticError):
    """A line of a derivation does not equal the line before it (a bug in the rules)."""


class Rule(StrEnum):
    """The rule a line applies."""

    HOLD = "hold constant"
    SUM = "sum rule"
    CONSTANT_MULTIPLE = "constant multiple rule"
    PRODUCT = "product rule"
    QUOTIENT = "quotient rule"
    CHAIN = "chain rule"
    CONSTANT = "constant rule"
    POWER = "power rule"
    STANDARD = "standard derivative"
    SIMPLIFY = "simplify"
    REWRITE = "rewrite"
    SUBSTITUTE = "substitute"
    ARITHMETIC = "arithmetic"
    APPROXIMATE = "approximately"



ORDER = (
    Rule.SUM, Rule.CONSTANT_MULTIPLE, Rule.PRODUCT, Rule.QUOTIENT, Rule.CHAIN,
    Rule.CONSTANT, Rule.POWER, Rule.STANDARD,
)
"""The order in which rules are tried on a line's pending derivatives."""


@dataclass(frozen=True)
class Step:
    """One line: ``= expr``, obtained from the line before by ``rule``.

    ``note`` says what the rule did in words (``"y/2 is a constant factor"``, ``"chain rule
    with u = x y"``); ``focus`` holds the expressions it names (the constant factor, the
    inner function ``u``), for a component to highlight.
    """

    expr: sympy.Expr
    rule: Rule
    note: str
    focus: tuple[sympy.Expr, ...] = ()
    partial: bool = True

    def latex(self, symbol_names: Mapping[sympy.Symbol, str] | None = None) -> str:
        """The line's right-hand side as LaTeX, grouped as written (see
        :mod:`gradanim.core.derivation_latex`)."""
        return line_latex(self.expr, partial=self.partial, symbol_names=symbol_names)

    @cached_property
    def value(self) -> sympy.Expr:
        """The line with every derivative carried out (what it equals)."""
        return evaluate(self.expr)


@dataclass(frozen=True)
class Derivation:
    """``d name / d variable`` worked out line by line (``steps[0]`` holds the others constant)."""

    name: str
    variable: sympy.Symbol
    variables: tuple[sympy.Symbol, ...]
    held: tuple[sympy.Symbol, ...]
    steps: tuple[Step, ...]
    result: sympy.Expr
    objective: Objective | None = field(default=None, repr=False, compare=False)

    @property
    def partial(self) -> bool:
        return len(self.variables) > 1

    def lhs_latex(self, symbol_names: Mapping[sympy.Symbol, str] | None = None) -> str:
        """``\\frac{\\partial f}{\\partial x}`` (``d`` for a function of one variable)."""
        d = r"\partial" if self.partial else "d"
        variable = line_latex(self.variable, symbol_names=symbol_names)
        return rf"\frac{{{d} {self.name}}}{{{d} {variable}}}"

    def latex_lines(self, symbol_names: Mapping[sympy.Symbol, str] | None = None) -> list[str]:
        """The derivation as LaTeX lines: ``lhs = first`` then ``= next`` for each line."""
        lines = [step.latex(symbol_names) for step in self.steps]
        return [f"{self.lhs_latex(symbol_names)} = {lines[0]}"] + [f"= {line}" for line in lines[1:]]

    def at(self, point: Sequence[float] | Mapping[sympy.Symbol, float]) -> tuple[Step, ...]:
        """The result at a point: the numbers substituted (as written, ``2 . 3``), then their
        value (``6``; and its decimal, rule APPROXIMATE, when it is not a fraction:
        ``4 + 2 cos(2)``, ``3.168``), each checked (against the objective's gradient when
        there is one).

        ``point`` gives every variable in order, or maps symbols to numbers."""
        values = _point_values(point, self.variables)
        if self.objective is not None and len(values) == len(self.variables):
            local = self.objective.smoothness_at([float(values[v]) for v in self.variables])
            if not local.differentiable:
                raise OptionError(f"no partial derivative at {tuple(float(values[v]) for v in self.variables)}: "
                                  f"{local.reason}")
        shown = {s: shown_number(v) for s, v in values.items()}
        exact = {s: exact_number(v) for s, v in values.items()}
        with sympy.evaluate(False):
            substituted = _reading_order(self.steps[-1].expr).xreplace(shown)
        value = sympy.simplify(_exact(self.result.xreplace(exact)))
        if not (value.is_number and value.is_finite and value.is_real):
            raise OptionError(f"the partial derivative has no value at {_values_note(values)}")
        steps = [Step(substituted, Rule.SUBSTITUTE, _values_note(values), partial=self.partial)]
        if line_latex(substituted) != line_latex(shown_value(value)):
            steps.append(Step(shown_value(value), Rule.ARITHMETIC, "work out the numbers", partial=self.partial))
        if not same_value(evaluate(substituted), value):
            raise DerivationError(f"{substituted} does not equal {value}")
        if not value.is_Rational:  # 4 + 2 cos(2): also as a decimal
            steps.append(Step(sympy.Float(float(value), 4), Rule.APPROXIMATE, "as a decimal", partial=self.partial))
        if self.objective is not None and len(values) == len(self.variables):
            expected = self.objective.gradient([float(values[v]) for v in self.variables])[
                self.variables.index(self.variable)
            ]
            if not math.isclose(float(value), float(expected), rel_tol=1e-12, abs_tol=1e-12):
                raise DerivationError(f"the value {value} is not the gradient's {expected}")
        return tuple(steps)


# --- building lines ---------------------------------------------------------------------------


def _reading_order(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with every product's factors stored in the order they are printed (``3 x^2 y``),
    so that numbers put in for the variables stand where the variables stood."""
    if not expr.args:
        return expr
    parts = expr.as_ordered_factors() if isinstance(expr, sympy.Mul) and not kept_as_written(expr) else expr.args
    if isinstance(expr, sympy.Sum):
        return sympy.Sum(*[_reading_order(a) for a in parts])
    with sympy.evaluate(False):
        return expr.func(*[_reading_order(a) for a in parts])


def _D(u: sympy.Expr, x: sympy.Symbol) -> sympy.Derivative:
    return sympy.Derivative(u, x, evaluate=False)


def _mul(*factors: sympy.Expr) -> sympy.Expr:
    return factors[0] if len(factors) == 1 else sympy.Mul(*factors, evaluate=False)


def _add(*terms: sympy.Expr) -> sympy.Expr:
    return terms[0] if len(terms) == 1 else sympy.Add(*terms, evaluate=False)


def _negated(term: sympy.Expr) -> sympy.Expr | None:
    """``t`` when ``term`` is written ``-t`` (a product led by a negative number), else None."""
    if term.is_Number and term < 0:
        return -term
    if isinstance(term, sympy.Mul) and term.args[0].is_Number and term.args[0] < 0:
        first, rest = -term.args[0], list(term.args[1:])
        if first != 1:
            rest.insert(0, first)
        return _mul(*rest)
    return None


def _text(expr: sympy.Expr) -> str:
    """A formula for a note, as a lesson writes it: ``3 y``, ``x^2/2``, ``0.8``, ``x_i``."""
    text = formula_text(expr, short_decimals=True, as_stored=True).replace("*", " ")
    return re.sub(r"(\w+)\[(\w+)\]", r"\1_\2", text)


class _Writer:
    """Puts results sympy computed into a line: its sums in the order sympy prints them
    (``x y - 3``, not the stored ``-3 + x y``: lines print sums as stored), except a sum the
    formula itself writes, which keeps the formula's order (``y - x^2``)."""

    def __init__(self, written: sympy.Expr):
        self.known: dict[sympy.Expr, sympy.Expr] = {}
        for node in sympy.preorder_traversal(written):
            if isinstance(node, sympy.Add):
                self.known.setdefault(_exact(node.doit()), node)

    def __call__(self, expr: sympy.Expr) -> sympy.Expr:
        if not isinstance(expr, sympy.Basic) or not expr.has(sympy.Add):
            return expr
        if isinstance(expr, sympy.Add):
            known = self.known.get(_exact(expr))
            if known is not None:
                return known
            return sympy.Add(*[self(t) for t in expr.as_ordered_terms()], evaluate=False)
        parts = expr.as_ordered_factors() if isinstance(expr, sympy.Mul) else expr.args
        args = [self(a) for a in parts]
        if all(a is b for a, b in zip(args, parts)):
            return expr
        with sympy.evaluate(False):
            return expr.func(*args)


Rewrite = tuple[Rule, sympy.Expr, str, tuple[sympy.Expr, ...]]


def _rewrite(u: sympy.Expr, x: sympy.Symbol, w: _Writer) -> Rewrite:
    """The rule that applies to ``d/dx u`` and what it turns the derivative into (the parts
    sympy computes go through ``w``; the rest keeps the line's own writing)."""
    if not u.has(x):
        return Rule.CONSTANT, sympy.S.Zero, f"{_text(u)} is a constant", (u,)
    if u == x:
        return Rule.POWER, sympy.S.One, f"d{x}/d{x} = 1", ()
    if isinstance(u, sympy.Add):
        terms = []
        for term in u.args:
            positive = _negated(term)
            terms.append(_D(term, x) if positive is None else _mul(sympy.S.NegativeOne, _D(positive, x)))
        return Rule.SUM, _add(*terms), "the derivative of a sum is the sum of the derivatives", ()
    if isinstance(u, sympy.Sum):
        return (
            Rule.SUM, sympy.Sum(_D(u.function, x), *u.limits),
            "the derivative of a sum is the sum of the derivatives", (),
        )
    if isinstance(u, sympy.Mul):
        return _rewrite_product(u, x, w)
    if isinstance(u, sympy.Pow):
        return _rewrite_power(u, x, w)
    if isinstance(u, sympy.Function) and len(u.args) == 1:
        (inner,) = u.args
        t = sympy.Dummy("t", real=True)
        outer = w(smooth_derivative(u.func(t), t).xreplace({t: inner}))
        if inner == x:
            return Rule.STANDARD, outer, f"d/d{x} {_text(u)} = {_text(outer)}", (u,)
        return Rule.CHAIN, _mul(outer, _D(inner, x)), f"chain rule with u = {_text(inner)}", (inner,)
    derivative = smooth_derivative(u, x)
    return Rule.STANDARD, w(derivative), f"d/d{x} {_text(u)} = {_text(derivative)}", (u,)


def _rewrite_product(u: sympy.Mul, x: sympy.Symbol, w: _Writer) -> Rewrite:
    factors = [f for f in u.args if f != 1]
    constant = [f for f in factors if not f.has(x)]
    varying = [f for f in factors if f.has(x)]
    if constant:
        c = w(sympy.Mul(*constant))
        rest = _mul(*varying)
        note = "a minus sign is a constant factor" if c == -1 else f"{_text(c)} is a constant factor"
        return Rule.CONSTANT_MULTIPLE, _mul(c, _D(rest, x)), note, (c,)
    if len(varying) == 1:
        return _rewrite(varying[0], x, w)
    below = [f for f in varying if isinstance(f, sympy.Pow) and f.exp.is_Number and f.exp < 0]
    above = [f for f in varying if f not in below]
    if below and above:
        top = _mul(*above)
        bottom = _mul(*[sympy.Pow(f.base, -f.exp, evaluate=False) if f.exp != -1 else f.base for f in below])
        numerator = _add(_mul(_D(top, x), bottom), _mul(sympy.S.NegativeOne, top, _D(bottom, x)))
        square = sympy.Pow(bottom, 2, evaluate=False)
        return (
            Rule.QUOTIENT, _mul(numerator, sympy.Pow(square, -1, evaluate=False)),
            f"quotient rule with u = {_text(top)}, v = {_text(bottom)}: (u/v)' = (u'v - uv')/v^2",
            (top, bottom),
        )
    first, rest = varying[0], _mul(*varying[1:])
    return (
        Rule.PRODUCT, _add(_mul(_D(first, x), rest), _mul(first, _D(rest, x))),
        f"product rule with u = {_text(first)}, v = {_text(rest)}: (uv)' = u'v + uv'",
        (first, rest),
    )


def _rewrite_power(u: sympy.Pow, x: sympy.Symbol, w: _Writer) -> Rewrite:
    base, exponent = u.args
    if not exponent.has(x):
        if base == x:
            return Rule.POWER, w(exponent * x ** (exponent - 1)), f"d/d{x} {x}^n = n {x}^(n-1)", ()
        lowered = base if exponent - 1 == 1 else sympy.Pow(base, w(exponent - 1), evaluate=False)
        outer = _mul(exponent, lowered) if exponent != 1 else sympy.S.One
        power = "u" if exponent - 1 == 1 else f"u^{_power(exponent - 1)}"
        return (
            Rule.CHAIN, _mul(outer, _D(base, x)),
            f"chain rule with u = {_text(base)}: d/d{x} u^{_power(exponent)} = {_text(exponent)} {power} du/d{x}",
            (base,),
        )
    if not base.has(x):
        outer = u if base == sympy.E else _mul(u, sympy.log(base))  # a^g -> a^g ln a
        if exponent == x:
            return Rule.STANDARD, outer, f"d/d{x} {_text(u)} = {_text(sympy.Mul(*outer.args))}", (u,)
        return Rule.CHAIN, _mul(outer, _D(exponent, x)), f"chain rule with u = {_text(exponent)}", (exponent,)
    exponent_log = _mul(exponent, sympy.log(base))
    return (
        Rule.CHAIN, _mul(u, _D(exponent_log, x)),
        f"write {_text(u)} = e^({_text(exponent_log)}), then the chain rule", (exponent_log,),
    )


def _power(exponent: sympy.Expr) -> str:
    text = _text(exponent)
    return text if exponent.is_Integer and exponent >= 0 else f"({text})"


def _pending(line: sympy.Expr) -> list[sympy.Derivative]:
    """The line's unevaluated derivatives, in reading order, each once."""
    seen: list[sympy.Derivative] = []
    for node in sympy.preorder_traversal(line):
        if isinstance(node, sympy.Derivative) and node not in seen:
            seen.append(node)
    return seen


def _replace(node: sympy.Expr, mapping: Mapping[sympy.Expr, sympy.Expr]) -> sympy.Expr:
    """``node`` with the mapped subexpressions replaced, keeping everything else as written."""
    if node in mapping:
        return mapping[node]
    if not node.args or not node.has(*mapping):
        return node
    args = [_replace(a, mapping) for a in node.args]
    if isinstance(node, sympy.Sum):
        return sympy.Sum(*args)  # keeps its summand as given (evaluate(False) would wrap it in 1 * ...)
    with sympy.evaluate(False):
        return node.func(*args)


# --- checking ---------------------------------------------------------------------------------


def evaluate(line: sympy.Expr) -> sympy.Expr:
    """What a line equals: every pending derivative carried out (off the breaks of abs,
    floor, ..., see :func:`~gradanim.core.smoothness.smooth_derivative`), products and sums
    evaluated. A sum over an index stays a sum (sympy would try to find its closed form)."""
    done = _exact(line).replace(  # decimals as the fractions they are, before any arithmetic
        lambda node: isinstance(node, sympy.Derivative),
        lambda node: smooth_derivative(node.expr, *node.variables),
    )
    hidden = {}

    def hide(node):
        token = _Total(sympy.Integer(len(hidden)))
        hidden[token] = node
        return token

    if done.has(sympy.Sum):
        done = done.replace(lambda node: isinstance(node, sympy.Sum), lambda node: hide(
            sympy.Sum(_exact(node.function.doit()), *node.limits)))
    done = _exact(done.doit())
    return done.xreplace(hidden) if hidden else done


class _Total(sympy.Function):
    """A sum over an index, set aside while the rest of a line is evaluated."""

    nargs = 1


def _exact(expr: sympy.Expr) -> sympy.Expr:
    """Decimals as the exact fractions they stand for (0.8 -> 4/5)."""
    floats = expr.atoms(sympy.Float)
    return expr.xreplace({f: sympy.Rational(str(f)) for f in floats}) if floats else expr


def same_value(a: sympy.Expr, b: sympy.Expr, definitions: Mapping[sympy.Expr, sympy.Expr] | None = None) -> bool:
    """Whether two (evaluated) expressions are equal.

    Their difference must simplify to 0 (expand, cancel, then ``sympy.simplify`` within
    :data:`SIMPLIFY_SECONDS`). Where sympy cannot decide in that time (``|u| sign(u) = u``,
    nested ``tan``), the difference must be 0 to 40 digits at 8 random points where it has
    a value (a nonzero analytic function vanishes at random points with probability 0); a
    difference that is not 0 at the first random points is refused at once. With
    sums over an index ``i = 1..n`` (symbolic data ``x_i``, ``y_i``), the difference is
    written out term by term for n = 1, 2, 3, 4 and must vanish each time (sympy does not
    always see two forms of one sum as equal, and its closed-form summation is slow).
    ``definitions`` are replaced first (``yhat_i -> b0 + b1 x_i``)."""
    difference = _exact(sympy.sympify(a) - sympy.sympify(b))
    if definitions:
        difference = _substitute_definitions(difference, definitions)
    if difference == 0:
        return True
    sums = difference.atoms(sympy.Sum)
    if sums:
        uppers = {limit[2] for s in sums for limit in s.limits if not limit[2].is_Number}
        for n in (1, 2, 3, 4):
            written = written_out(difference.xreplace({u: sympy.Integer(n) for u in uppers}))
            if sympy.simplify(sympy.expand(written)) != 0:
                return False
        return True
    if _vanishes_at_random_points(difference, count=3) is False:
        return False
    try:
        with time_limit(SIMPLIFY_SECONDS):
            if sympy.expand(difference) == 0 or sympy.cancel(difference) == 0 or sympy.simplify(difference) == 0:
                return True
    except TimeoutError:
        pass
    return _vanishes_at_random_points(difference) is True


SIMPLIFY_SECONDS = 3.0
"""How long sympy may try to prove two lines equal before the random-point check decides."""


def _vanishes_at_random_points(difference: sympy.Expr, count: int = 8, digits: int = 40) -> bool | None:
    """Whether the difference is 0 to ``digits`` digits at ``count`` random points where it
    has a value (complex values count: both lines may leave the reals together); None when
    fewer than ``min(count, 5)`` of 64 points tried have one."""
    symbols = sorted(difference.free_symbols, key=lambda s: s.name)
    rng = np.random.default_rng(20261203)
    found = 0
    for attempt in range(64):
        scale = 3000 if attempt < 32 else 30000  # then wider, for functions defined far out
        point = {s: sympy.Rational(int(rng.integers(-scale, scale)), 1000) for s in symbols}
        value = difference.xreplace(point).evalf(digits)
        if not value.is_number or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            continue
        if abs(value) > sympy.Float(10) ** (8 - digits):
            return False
        found += 1
        if found == count:
            return True
    return True if found >= min(count, 5) else None


def written_out(expr: sympy.Expr) -> sympy.Expr:
    """Every sum with whole-number limits written out term by term (no closed forms sought)."""
    def write(node: sympy.Sum) -> sympy.Expr:
        (index, low, high), *rest = node.limits
        inner = sympy.Sum(node.function, *rest) if rest else node.function
        return sympy.Add(*[written_out(inner.xreplace({index: sympy.Integer(k)})) for k in range(int(low), int(high) + 1)])

    return expr.replace(lambda node: isinstance(node, sympy.Sum), write).doit()


def _substitute_definitions(expr: sympy.Expr, definitions: Mapping[sympy.Expr, sympy.Expr]) -> sympy.Expr:
    """Replace defined names (an IndexedBase entry ``yhat[i]`` for any index, or a symbol)."""
    out = expr
    for name, meaning in definitions.items():
        if isinstance(name, sympy.Indexed):
            base, (index,) = name.base, name.indices
            out = out.replace(
                lambda node, b=base: isinstance(node, sympy.Indexed) and node.base == b,
                lambda node, m=meaning, i=index: m.xreplace({i: node.indices[0]}),
            )
        else:
            out = out.xreplace({name: meaning})
    return out


def _check(previous: Step, step: Step, definitions) -> None:
    if not same_value(previous.value, step.value, definitions):
        raise DerivationError(
            f"{step.rule.value}: {formula_text(step.expr)} does not equal {formula_text(previous.expr)}"
        )


# --- the derivation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FinalForm:
    """A form the derivation should end in (after the rules), e.g. the lesson's own way of
    writing the result; ``rule`` is SIMPLIFY or REWRITE, ``note`` says what changed."""

    expr: sympy.Expr
    rule: Rule = Rule.SIMPLIFY
    note: str = "simplify"


def derive(
    function: Objective | sympy.Expr,
    variable: int | str | sympy.Symbol,
    *,
    variables: Sequence[sympy.Symbol] | None = None,
    name: str = "f",
    finals: Sequence[FinalForm] = (),
    definitions: Mapping[sympy.Expr, sympy.Expr] | None = None,
    held_note: Callable[[Sequence[sympy.Symbol]], str] | None = None,
) -> Derivation:
    """``d name / d variable`` of ``function`` worked out one rule per line, each line checked.

    ``function`` is an :class:`Objective` (its formula is shown as the lesson writes it, and
    the result must equal ``objective.partial_expr(variable)``) or a sympy expression with
    its ``variables`` (the result must equal ``sympy.diff``). ``finals`` are forms to end in
    after the rules (default: the partial derivative, simplified, its terms in the order of
    the line before); ``definitions`` are names a final form uses (``yhat_i``), replaced by
    their meaning when lines are compared.
    """
    if isinstance(function, Objective):
        objective, written, exact = function, function.written, function.expr
        symbols = function.variables
        x = function.variables[function.index(variable)]
        truth = function.partial_expr(x)
    else:
        objective, written, exact = None, function, function
        if variables is None:
            raise OptionError("a derivation of a sympy expression needs its variables")
        symbols = tuple(variables)
        x = _variable(variable, symbols)
        truth = evaluate(sympy.diff(exact, x))
    partial = len(symbols) > 1
    held = tuple(v for v in symbols if v != x)
    shown_held = tuple(v for v in held if exact.has(v)) or held
    note = held_note(shown_held) if held_note else _held_note(shown_held)
    writer = _Writer(written)
    steps = [Step(_D(written, x), Rule.HOLD, note, shown_held, partial)]
    if not same_value(steps[0].value, truth, definitions):
        raise DerivationError(f"the derivative of the shown form of {formula_text(exact)} is not its partial")

    for _ in range(200):
        pending = _pending(steps[-1].expr)
        if not pending:
            break
        rewrites = {d: _rewrite(d.expr, x, writer) for d in pending}
        rule = min((r[0] for r in rewrites.values()), key=ORDER.index)
        chosen = {d: r for d, r in rewrites.items() if r[0] is rule}
        first = next(iter(chosen.values()))
        line = _replace(steps[-1].expr, {d: r[1] for d, r in chosen.items()})
        focus = tuple(f for r in chosen.values() for f in r[3])
        notes = list(dict.fromkeys(r[2] for r in chosen.values()))
        step = Step(line, rule, "; ".join(notes) if len(notes) <= 3 else first[2], focus, partial)
        _check(steps[-1], step, definitions)
        steps.append(step)
    else:
        raise DerivationError(f"the derivation of {formula_text(exact)} did not finish")

    if finals:
        forms = list(finals)
    elif _settled(steps[-1].expr, writer):
        forms = []  # the last rule left a tidy formula (x^y -> y x^(y - 1)): nothing to simplify
    else:
        forms = [FinalForm(_tidy(truth, steps[-1].expr, writer, decimals=bool(written.atoms(sympy.Float))))]
    for form in forms:
        step = Step(form.expr, form.rule, form.note, (), partial)
        if line_latex(step.expr) == line_latex(steps[-1].expr):
            continue
        _check(steps[-1], step, definitions)
        steps.append(step)
    if not same_value(steps[-1].value, truth, definitions):
        raise DerivationError(f"the last line {formula_text(steps[-1].expr)} is not the partial {formula_text(truth)}")
    return Derivation(name, x, symbols, held, tuple(steps), truth, objective)


def _variable(variable, symbols: Sequence[sympy.Symbol]) -> sympy.Symbol:
    if isinstance(variable, sympy.Symbol) and variable in symbols:
        return variable
    if isinstance(variable, int) and 0 <= variable < len(symbols):
        return symbols[variable]
    for s in symbols:
        if s.name == str(variable):
            return s
    raise OptionError(f"unknown variable {variable!r} (variables are {', '.join(s.name for s in symbols)})")


def _held_note(held: Sequence[sympy.Symbol]) -> str:
    if not held:
        return "a function of one variable: nothing to hold"
    names = [s.name for s in held]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"treat {listed} as {'a constant' if len(names) == 1 else 'constants'}"


def _settled(line: sympy.Expr, w: _Writer) -> bool:
    """Whether a line is already a tidy formula: no derivative left and no arithmetic to do
    (``x^(y - 1) y``; but ``y/2 . 2x`` and ``0 + 1 + 0`` still simplify)."""
    if line.has(sympy.Derivative):
        return False
    return line_latex(line) == line_latex(w(line.doit()))


def _tidy(result: sympy.Expr, line: sympy.Expr, w: _Writer, decimals: bool) -> sympy.Expr:
    """The partial derivative as the last line shows it: one fraction over a common
    denominator when it has one (the quotient rule's ``(x^2 y - 6x - y)/(x y - 3)^2``),
    otherwise its terms in the order of the line before; decimals where the formula was
    written with decimals (``1.6 x``, not ``8x/5``)."""
    numerator, denominator = sympy.fraction(sympy.together(result))
    if denominator.free_symbols:
        numerator = sympy.expand(numerator)
        sign = numerator.is_Number and numerator < 0 or (
            isinstance(numerator, sympy.Mul) and numerator.args[0].is_Number and numerator.args[0] < 0
        )
        top = w(-numerator if sign else numerator)
        bottom = w(sympy.factor(denominator))
        shown = sympy.Mul(top, sympy.Pow(bottom, -1, evaluate=False), evaluate=False)
        shown = sympy.Mul(sympy.S.NegativeOne, shown, evaluate=False) if sign else shown
    else:
        shown = _in_order_of(w(result), line)
    if decimals:
        with sympy.evaluate(False):  # sin(1.25) stays sin(1.25), not its value
            shown = shown.xreplace({q: shown_value(q) for q in shown.atoms(sympy.Rational) if not q.is_Integer})
    return shown


def _in_order_of(result: sympy.Expr, line: sympy.Expr) -> sympy.Expr:
    """``result`` (a sum) with its terms in the order their sources take in ``line``:
    ``90 - 3a/2 - q/2``, not sympy's ``-3a/2 - q/2 + 90``."""
    if not isinstance(result, sympy.Add) or not isinstance(line, sympy.Add):
        return result
    sources = [evaluate(term) for term in line.args]
    remaining = list(result.args)
    if len(remaining) < 2:
        return result
    ordered = []
    for source in sources:
        for term in list(remaining):
            ratio = sympy.simplify(source / term) if term != 0 else None
            if ratio is not None and ratio.is_Number and ratio != 0:
                ordered.append(term)
                remaining.remove(term)
                break
    return sympy.Add(*(ordered + remaining), evaluate=False)


# --- numbers ----------------------------------------------------------------------------------


def _point_values(point, variables: Sequence[sympy.Symbol]) -> dict[sympy.Symbol, Any]:
    if isinstance(point, Mapping):
        return {(v if isinstance(v, sympy.Basic) else _variable(v, variables)): value for v, value in point.items()}
    values = list(np.asarray(point, dtype=object).reshape(-1))
    if len(values) != len(variables):
        raise OptionError(f"a point needs {len(variables)} coordinates, got {len(values)}")
    return dict(zip(variables, values))


def exact_number(value) -> sympy.Rational:
    if isinstance(value, sympy.Basic):
        return value
    number = float(value)
    if not math.isfinite(number):
        raise OptionError(f"{value!r} is not a finite number")
    fraction = Fraction(repr(number))
    return sympy.Rational(fraction.numerator, fraction.denominator)


def shown_number(value) -> sympy.Expr:
    """A number as a lesson writes it: ``2`` for 2.0, ``0.01`` for 0.01 (kept exact in the checks)."""
    exact = exact_number(value)
    if exact.is_Integer:
        return exact
    if isinstance(value, sympy.Basic):
        return value
    return sympy.Float(repr(float(value)), dps=max(15, len(repr(float(value)))))


def shown_value(value: sympy.Expr) -> sympy.Expr:
    """An exact result shown as a lesson shows it: a fraction with a short decimal as the
    decimal (105/2 -> 52.5); anything else unchanged."""
    if isinstance(value, sympy.Rational) and not value.is_Integer:
        q = int(value.q)
        while q % 2 == 0:
            q //= 2
        while q % 5 == 0:
            q //= 5
        if q == 1:
            text = repr(float(value))
            if Fraction(text) == Fraction(int(value.p), int(value.q)):
                return sympy.Float(text, dps=max(15, len(text)))
    return value


def _values_note(values: Mapping[sympy.Symbol, Any]) -> str:
    return ", ".join(f"{s.name} = {_text(shown_number(v))}" for s, v in values.items())
