"""The core's derivation lines go through the project's LaTeX -> Typst path and typeset: what a
derivation component will draw (gradanim.core.derivation produces LaTeX; the component
converts it with typeset.latex_to_typst)."""

from __future__ import annotations

import pytest

pytest.importorskip("manim")

import sympy  # noqa: E402

from gradanim.components.typeset import latex_to_typst, math  # noqa: E402
from gradanim.core.derivation import derive  # noqa: E402
from gradanim.core.lesson_functions import CEO, MIXED_TERMS, POLYNOMIAL, REVENUE  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.regression_derivation import first_step  # noqa: E402


def _lesson_derivations():
    out = []
    for function in (CEO, REVENUE, POLYNOMIAL, MIXED_TERMS):
        for name in function.variables:
            out.append((derive(function.objective(), name), function.point))
    out.append((derive(Objective.from_text("(x^2 + 1)/(x y - 3)"), "x"), (1.0, 1.0)))
    return out


def test_every_lesson_line_typesets():
    step = first_step()
    lines = []
    for derivation, point in _lesson_derivations():
        lines += derivation.latex_lines()
        lines += [s.latex() for s in derivation.at(point)]
    for derivation in step.derivations:
        lines += derivation.latex_lines()
    for group in step.gradient_steps + step.update_steps:
        lines += [s.latex() for s in group]
    for latex in lines:
        source = latex_to_typst(latex)
        assert "\\" not in source, (latex, source)  # no LaTeX left over
        mobject = math(source)
        assert mobject.width > 0


def test_the_ceo_lines_in_typst():
    d = derive(CEO.objective(), "x")
    assert [latex_to_typst(line) for line in d.latex_lines()] == [
        "(partial f)/(partial x) = partial/(partial x) ((x^2 y)/2)",
        "= y/2 dot.op partial/(partial x) (x^2)",
        "= y/2 dot.op 2 x",
        "= x y",
    ]


def test_held_variables_can_be_greyed_by_the_component():
    """symbol_names lets a component colour the variables held constant."""
    d = derive(CEO.objective(), "x")
    grey = {v: r"\textcolor{gray}{" + v.name + "}" for v in d.held}
    assert d.steps[1].latex(grey) == r"\frac{\textcolor{gray}{y}}{2} \cdot \frac{\partial}{\partial x} \left(x^{2}\right)"
    assert all(isinstance(v, sympy.Symbol) for v in d.held)
