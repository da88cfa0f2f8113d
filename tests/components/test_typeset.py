import math

import pytest
import sympy

pytest.importorskip("manim")

from gradanim.components.typeset import Readout, expr_to_typst, matrix_typst, name_typst, number_typst  # noqa: E402


@pytest.mark.parametrize(
    "value, digits, text",
    [
        (0.25, 4, "0.25"),
        (2.0, 3, "2"),
        (-1.25, 2, "-1.25"),
        (0.001, 2, "1.0 times 10^(-3)"),  # never "0" for a nonzero value
        (7.57e-10, 3, "7.57 times 10^(-10)"),
        (123456.0, 3, "1.23 times 10^(5)"),
        (0.0, 3, "0"),
        (math.nan, 3, '"undefined"'),
    ],
)
def test_number_typst(value, digits, text):
    assert number_typst(value, digits) == text


def test_expressions_and_names():
    x, y = sympy.symbols("x y", real=True)
    assert expr_to_typst(x**2 + 3 * y**2) == "x^2 + 3 y^2"
    assert expr_to_typst(x**2 * y / 2) == "(x^2 y)/2"
    assert name_typst("b0") == "b_0" and name_typst("alpha") == "alpha" and name_typst("price") == '"price"'
    assert matrix_typst([["2", "0"], ["0", "6"]]) == 'mat(delim: "[", 2, 0; 0, 6)'


def test_readout_keeps_its_left_edge_when_the_value_changes():
    r = Readout("k", 0)
    left = r.get_left().copy()
    r.set_value(12345)
    assert r.get_left() == pytest.approx(left, abs=1e-6)
    assert r.value == 12345
    wide = Readout("x", "(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)", max_width=2.0)
    assert wide.width <= 2.0 + 1e-9
