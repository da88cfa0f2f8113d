"""The MSE partials of linear regression derived by hand, against sympy's own derivative of
the written-out cost, the MSE objective, the lesson's formula and the demo's recorded run."""

from __future__ import annotations

import doctest

import numpy as np
import pytest
import sympy

from gradanim.core import regression_derivation
from gradanim.core.derivation import Rule
from gradanim.core.regression import LESSON_DEMO, LessonDemo, RegressionData, mse_objective
from gradanim.core.regression_derivation import BETA, MSE, first_step, mse_derivations, on_data


@pytest.fixture(scope="module")
def derivations():
    return mse_derivations()


def test_the_lines_a_student_writes(derivations):
    b0, b1 = derivations
    assert [s.rule for s in b0.steps] == [
        Rule.HOLD, Rule.CONSTANT_MULTIPLE, Rule.SUM, Rule.CHAIN, Rule.SUM, Rule.CONSTANT, Rule.POWER,
        Rule.SIMPLIFY, Rule.REWRITE,
    ]
    assert b0.steps[0].note == "treat beta1 as a constant (x_i, y_i and n are data)"
    assert b0.steps[1].note == "1/n is a constant factor"
    assert b0.steps[3].note.startswith("chain rule with u = y_i - beta0 - beta1 x_i")
    assert b0.latex_lines() == [
        r"\frac{\partial J}{\partial \beta_{0}} = \frac{\partial}{\partial \beta_{0}} \left[\frac{1}{n} "
        r"\sum_{i=1}^{n} \left({y}_{i} - \beta_{0} - \beta_{1} {x}_{i}\right)^{2}\right]",
        r"= \frac{1}{n} \cdot \frac{\partial}{\partial \beta_{0}} \sum_{i=1}^{n} "
        r"\left({y}_{i} - \beta_{0} - \beta_{1} {x}_{i}\right)^{2}",
        r"= \frac{1}{n} \sum_{i=1}^{n} \frac{\partial}{\partial \beta_{0}} "
        r"\left[\left({y}_{i} - \beta_{0} - \beta_{1} {x}_{i}\right)^{2}\right]",
        r"= \frac{1}{n} \sum_{i=1}^{n} 2 \left({y}_{i} - \beta_{0} - \beta_{1} {x}_{i}\right) \cdot "
        r"\frac{\partial}{\partial \beta_{0}} \left({y}_{i} - \beta_{0} - \beta_{1} {x}_{i}\right)",
        r"= \frac{1}{n} \sum_{i=1}^{n} 2 \left({y}_{i} - \beta_{0} - \beta_{1} {x}_{i}\right) \cdot "
        r"\left(\frac{\partial}{\partial \beta_{0}} {y}_{i} - \frac{\partial}{\partial \beta_{0}} \beta_{0} - "
        r"\frac{\partial}{\partial \beta_{0}} \left(\beta_{1} {x}_{i}\right)\right)",
        r"= \frac{1}{n} \sum_{i=1}^{n} 2 \left({y}_{i} - \beta_{0} - \beta_{1} {x}_{i}\right) \cdot "
        r"\left(0 - \frac{\partial}{\partial \beta_{0}} \beta_{0} - 0\right)",
        r"= \frac{1}{n} \sum_{i=1}^{n} 2 \left({y}_{i} - \beta_{0} - \beta_{1} {x}_{i}\right) \cdot \left(0 - 1 - 0\right)",
        r"= - \frac{2}{n} \sum_{i=1}^{n} \left({y}_{i} - \beta_{0} - \beta_{1} {x}_{i}\right)",
        r"= - \frac{2}{n} \sum_{i=1}^{n} \left({y}_{i} - {\hat{y}}_{i}\right)",
    ]
    assert b1.steps[-1].latex() == r"- \frac{2}{n} \sum_{i=1}^{n} {x}_{i} \left({y}_{i} - {\hat{y}}_{i}\right)"
    assert Rule.CONSTANT_MULTIPLE in [s.rule for s in b1.steps[4:]]  # x_i is a constant factor


@pytest.mark.parametrize("n", [1, 2, 3, 5, 7])
def test_every_line_equals_sympys_derivative_of_the_written_out_cost(derivations, n):
    """Independent truth: write J out for n points with symbolic data, differentiate with sympy,
    and compare with every line written out the same way."""
    xs, ys = sympy.symbols(f"x1:{n + 1}", real=True), sympy.symbols(f"y1:{n + 1}", real=True)
    b0, b1 = BETA
    cost = sum((y - b0 - b1 * x) ** 2 for x, y in zip(xs, ys)) / n
    for k, derivation in enumerate(derivations):
        truth = sympy.diff(cost, BETA[k])
        for step in derivation.steps:
            line = on_data(step.expr, xs, ys)
            assert sympy.expand(line - truth) == 0, (k, step.rule)


def test_with_the_demos_data_the_last_line_is_the_objectives_partial(derivations):
    objective = mse_objective(LESSON_DEMO.data, names=("beta0", "beta1"))
    for k, derivation in enumerate(derivations):
        assert sympy.expand(on_data(derivation.steps[-1].expr, LESSON_DEMO.x, LESSON_DEMO.y) - objective.partial_expr(k)) == 0


def test_the_demos_first_step_in_numbers():
    step = first_step()
    assert step.predictions.tolist() == [0.0, 0.0, 0.0, 0.0]
    assert step.gradient.tolist() == [-10.0, -30.0]
    assert step.updated.tolist() == pytest.approx([0.1, 0.3], abs=1e-15)
    # three independent witnesses: the objective's gradient, the lesson's formula, the run
    data = LESSON_DEMO.data
    np.testing.assert_allclose(mse_objective(data).gradient([0.0, 0.0]), step.gradient)
    np.testing.assert_allclose(data.lesson_gradient(0.0, 0.0), step.gradient)
    np.testing.assert_allclose(LESSON_DEMO.run().points[1], step.updated, rtol=1e-15)
    assert [s.latex() for s in step.gradient_steps[1]] == [
        r"-\frac{2}{4} \cdot \left(1 \cdot \left(2 - 0\right) + 2 \left(4 - 0\right) + 3 \left(6 - 0\right)"
        r" + 4 \left(8 - 0\right)\right)",
        r"-\frac{60}{2}",
        "-30",
    ]
    assert [s.rule for s in step.gradient_steps[0]] == [Rule.SUBSTITUTE, Rule.ARITHMETIC, Rule.ARITHMETIC]
    assert [s.latex() for s in step.update_steps[0]] == [r"0 - 0.01 \left(-10\right)", "0.1"]
    assert [s.latex() for s in step.update_steps[1]] == [r"0 - 0.01 \left(-30\right)", "0.3"]


def test_another_start_and_data():
    demo = LessonDemo(x=(0.5, 1.5, 2.0), y=(1.0, 2.0, 4.5), start=(1.0, 0.5), lr=0.1, steps=3)
    step = first_step(demo)
    data = RegressionData.of(demo.x, demo.y)
    np.testing.assert_allclose(step.predictions, data.predict(1.0, 0.5))
    np.testing.assert_allclose(step.gradient, data.lesson_gradient(1.0, 0.5), rtol=1e-12)
    np.testing.assert_allclose(step.updated, demo.run().points[1], rtol=1e-12)


def test_the_cost_is_written_as_the_lesson_writes_it():
    assert sympy.latex(MSE, order="none").startswith(r"\frac{\sum")  # sympy's own would fold 1/n
    b0, _ = mse_derivations()
    assert b0.steps[0].latex().startswith(r"\frac{\partial}{\partial \beta_{0}} \left[\frac{1}{n} \sum")


def test_docstring_examples():
    assert doctest.testmod(regression_derivation).failed == 0
