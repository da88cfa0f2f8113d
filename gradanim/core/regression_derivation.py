"""The MSE partials of linear regression, derived by hand, and the numbers of the lesson
demo's first step.

The cost of the first lesson is ``J(b0, b1) = (1/n) sum_i (y_i - b0 - b1 x_i)^2`` (shown
with beta_0, beta_1). :func:`mse_derivations` works out both partials with
:func:`~gradanim.core.derivation.derive`, one rule per line, ending in the lesson's forms

    dJ/db0 = -(2/n) sum (y_i - yhat_i),     dJ/db1 = -(2/n) sum x_i (y_i - yhat_i),

with ``yhat_i = b0 + b1 x_i`` the prediction (sums over the data points, i = 1..n).

:func:`first_step` puts in the demo's data (x = 1..4, y = 2x) at its start (b0 = b1 = 0):
every prediction is 0, so ``dJ/db0 = -(2/4)(2 + 4 + 6 + 8) = -10`` and
``dJ/db1 = -(2/4)(1*2 + 2*4 + 3*6 + 4*8) = -30``, and with lr = 0.01 the first update is
``b0 = 0 - 0.01 (-10) = 0.1``, ``b1 = 0 - 0.01 (-30) = 0.3``. Each of those numbers is
checked against the MSE objective's own gradient (:func:`gradanim.core.regression.mse_objective`),
the lesson's formula (``RegressionData.lesson_gradient``) and the demo's recorded run.

>>> step = first_step()
>>> step.gradient.tolist(), step.updated.tolist()
([-10.0, -30.0], [0.1, 0.3])
>>> [s.latex() for s in step.gradient_steps[0]]  # doctest: +NORMALIZE_WHITESPACE
['-\\\\frac{2}{4} \\\\cdot \\\\left(\\\\left(2 - 0\\\\right) + \\\\left(4 - 0\\\\right) + \\\\left(6 - 0\\\\right)
 + \\\\left(8 - 0\\\\right)\\\\right)', '-\\\\frac{20}{2}', '-10']
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy

from .derivation import (
    Derivation,
    DerivationError,
    FinalForm,
    Rule,
    Step,
    derive,
    evaluate,
    exact_number,
    same_value,
    shown_number,
    shown_value,
    written_out,
)
from .regression import LESSON_DEMO, LessonDemo, mse_objective

__all__ = [
    "BETA",
    "DEFINITIONS",
    "FirstStep",
    "MSE",
    "first_step",
    "mse_derivations",
    "on_data",
]

BETA = (sympy.Symbol("beta0", real=True), sympy.Symbol("beta1", real=True))
"""The intercept and slope, shown as beta_0 and beta_1."""
N = sympy.Symbol("n", integer=True, positive=True)
I = sympy.Symbol("i", integer=True, positive=True)
X, Y, YHAT = sympy.IndexedBase("x", real=True), sympy.IndexedBase("y", real=True), sympy.IndexedBase("yhat", real=True)

_RESIDUAL = sympy.Add(Y[I], -BETA[0], sympy.Mul(-1, BETA[1], X[I], evaluate=False), evaluate=False)
MSE = sympy.Mul(sympy.Pow(N, -1), sympy.Sum(sympy.Pow(_RESIDUAL, 2, evaluate=False), (I, 1, N)), evaluate=False)
"""``J = (1/n) sum_(i=1)^n (y_i - beta_0 - beta_1 x_i)^2``, as written."""

DEFINITIONS = {YHAT[I]: BETA[0] + BETA[1] * X[I]}
"""The prediction ``yhat_i = beta_0 + beta_1 x_i``."""

_COEFFICIENT = sympy.Mul(-2, sympy.Pow(N, -1))  # -2/n


def _held_note(held) -> str:
    return f"treat {held[0].name} as a constant (x_i, y_i and n are data)"


def mse_derivations() -> tuple[Derivation, Derivation]:
    """``dJ/dbeta_0`` and ``dJ/dbeta_1``, one rule per line, ending in the lesson's forms."""
    out = []
    for k, beta in enumerate(BETA):
        weight = [] if k == 0 else [X[I]]
        plain = sympy.Mul(_COEFFICIENT, sympy.Sum(_mul(*weight, _RESIDUAL), (I, 1, N)), evaluate=False)
        lesson = sympy.Mul(
            _COEFFICIENT, sympy.Sum(_mul(*weight, sympy.Add(Y[I], -YHAT[I], evaluate=False)), (I, 1, N)), evaluate=False
        )
        finals = (
            FinalForm(plain, Rule.SIMPLIFY, "simplify: 2 (...) (0 - 1 - 0) = -2 (...), and -2 comes out of the sum"
                      if k == 0 else "simplify: 2 (...) (0 - 0 - x_i) = -2 x_i (...), and -2 comes out of the sum"),
            FinalForm(lesson, Rule.REWRITE, "write yhat_i = beta_0 + beta_1 x_i, the prediction"),
        )
        out.append(derive(MSE, beta, variables=BETA, name="J", finals=finals, definitions=DEFINITIONS,
                          held_note=_held_note))
    return out[0], out[1]


def _mul(*factors):
    return factors[0] if len(factors) == 1 else sympy.Mul(*factors, evaluate=False)


@dataclass(frozen=True)
class FirstStep:
    """The demo's first gradient-descent step, worked out in numbers.

    ``gradient_steps[k]`` are the lines from the last line of ``derivations[k]`` with the data
    put in (substitute, then arithmetic) down to the number; ``update_steps[k]`` the lines
    ``beta_k - lr * dJ/dbeta_k`` -> new value.
    """

    demo: LessonDemo
    derivations: tuple[Derivation, Derivation]
    predictions: np.ndarray  # yhat_i at the start
    gradient_steps: tuple[tuple[Step, ...], tuple[Step, ...]]
    gradient: np.ndarray
    update_steps: tuple[tuple[Step, ...], tuple[Step, ...]]
    updated: np.ndarray


def first_step(demo: LessonDemo = LESSON_DEMO) -> FirstStep:
    """The partials at the demo's start with its data, and its first update (all checked)."""
    derivations = mse_derivations()
    data = demo.data
    start = [shown_number(v) for v in demo.start]
    xs, ys = [shown_number(v) for v in data.x], [shown_number(v) for v in data.y]
    b0, b1 = (exact_number(v) for v in demo.start)
    predictions = [b0 + b1 * exact_number(x) for x in data.x]
    numbers = {N: sympy.Integer(len(xs))}
    for k in range(len(xs)):
        numbers.update({X[k + 1]: xs[k], Y[k + 1]: ys[k], YHAT[k + 1]: shown_value(predictions[k])})
    objective = mse_objective(data, names=tuple(b.name for b in BETA))
    expected = objective.gradient(np.asarray(demo.start, dtype=float))
    lesson = data.lesson_gradient(*demo.start)

    gradient_steps, gradient = [], []
    for k, derivation in enumerate(derivations):
        general = on_data(derivation.steps[-1].expr, data.x, data.y)
        if not same_value(general, objective.partial_expr(k)):
            raise DerivationError(
                f"with the demo's data, dJ/d{BETA[k].name} is {general}, but the objective's partial is "
                f"{objective.partial_expr(k)}"
            )
        lines = _with_numbers(derivation.steps[-1].expr, numbers, len(xs))
        value = evaluate(lines[-1].expr)
        if not (math.isclose(float(value), expected[k], rel_tol=1e-12, abs_tol=1e-12)
                and math.isclose(float(value), lesson[k], rel_tol=1e-12, abs_tol=1e-12)):
            raise DerivationError(f"dJ/d{BETA[k].name} = {value} at the start, but the objective says {expected[k]}")
        gradient_steps.append(lines)
        gradient.append(value)

    lr = shown_number(demo.lr)
    run = demo.run()
    update_steps, updated = [], []
    for k in range(2):
        with sympy.evaluate(False):
            written = sympy.Add(start[k], sympy.Mul(-1, sympy.Mul(lr, gradient[k])))
        value = exact_number(demo.start[k]) - exact_number(demo.lr) * gradient[k]
        lines = (Step(written, Rule.SUBSTITUTE, f"{BETA[k].name} - lr * dJ/d{BETA[k].name} with lr = {demo.lr:g}"),)
        if not same_value(evaluate(written), value):
            raise DerivationError(f"{written} is not {value}")
        lines += (Step(shown_value(value), Rule.ARITHMETIC, "work out the numbers"),)
        if run.n_steps < 1 or not math.isclose(float(value), run.points[1][k], rel_tol=1e-12, abs_tol=1e-15):
            raise DerivationError(f"the first update of {BETA[k].name} is {value}, the run says {run.points[1][k]}")
        update_steps.append(lines)
        updated.append(value)

    return FirstStep(
        demo=demo,
        derivations=derivations,
        predictions=np.array([float(p) for p in predictions]),
        gradient_steps=(gradient_steps[0], gradient_steps[1]),
        gradient=np.array([float(g) for g in gradient]),
        update_steps=(update_steps[0], update_steps[1]),
        updated=np.array([float(u) for u in updated]),
    )


def on_data(line: sympy.Expr, x, y) -> sympy.Expr:
    """A line over the sums ``i = 1..n`` with the data put in (``yhat_i`` replaced by its
    meaning): an expression in beta_0, beta_1 only, e.g. the partial of the MSE objective
    of exactly that data."""
    values = {N: sympy.Integer(len(x))}
    for k, (xk, yk) in enumerate(zip(x, y), start=1):
        values.update({X[k]: exact_number(xk), Y[k]: exact_number(yk)})
    meaning = DEFINITIONS[YHAT[I]]
    line = line.replace(
        lambda node: isinstance(node, sympy.Indexed) and node.base == YHAT,
        lambda node: meaning.xreplace({I: node.indices[0]}),
    )
    return sympy.expand(written_out(evaluate(line).xreplace({N: values[N]})).xreplace(values))


def _with_numbers(line: sympy.Expr, numbers, count: int) -> tuple[Step, ...]:
    """``-(2/n) sum x_i (y_i - yhat_i)`` with the data put in, the sum written out; then the
    coefficient and the sum worked out; then the number."""
    coefficient, total = line.args
    summand, (index, _, _) = total.function, total.limits[0]
    with sympy.evaluate(False):
        terms = [summand.xreplace({index: sympy.Integer(k)}) for k in range(1, count + 1)]
        written_sum = sympy.Add(*terms).xreplace(numbers)
        written = sympy.Mul(coefficient.xreplace(numbers), written_sum)
    note = "put in the data and the predictions " + ", ".join(
        f"yhat_{k} = {numbers[YHAT[k]]}" for k in range(1, count + 1)
    )
    c, s = sympy.simplify(coefficient.xreplace(numbers)), evaluate(written_sum)
    with sympy.evaluate(False):
        worked = sympy.Mul(c, s)
    value = c * s
    steps = (
        Step(written, Rule.SUBSTITUTE, note),
        Step(worked, Rule.ARITHMETIC, "add up the sum"),
        Step(shown_value(value), Rule.ARITHMETIC, "multiply"),
    )
    for a, b in zip(steps, steps[1:]):
        if not same_value(evaluate(a.expr), evaluate(b.expr)):
            raise DerivationError(f"{a.expr} is not {b.expr}")
    return steps
