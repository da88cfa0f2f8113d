import math

import pytest
import sympy

pytest.importorskip("manim")

from gradanim.components.typeset import (  # noqa: E402
    Readout, expr_to_typst, matrix_typst, name_typst, number_typst, text_typst,
)
from gradanim.components.typeset import math as typeset  # noqa: E402


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


def test_an_exponent_with_scripts_of_its_own_is_written_exp():
    # e^(-(x^2 + y^2)/2) would set x^2 at half the text's size: unreadable on a slide.
    x, y = sympy.symbols("x y", real=True)
    assert expr_to_typst(sympy.exp(-(x**2 + y**2) / 2)) == "exp(-(x^2)/2 - (y^2)/2)"
    assert expr_to_typst(sympy.exp(x / 2)) == "exp(x/2)"
    assert expr_to_typst(2 * x * sympy.exp(-x)) == "2 x e^(-x)"  # a plain exponent stays
    assert expr_to_typst(sympy.exp(x * y)) == "e^(x y)"


@pytest.mark.parametrize("words", ['a\\b', "ends in \\", 'He said "hi"', "$x$ * y_1", "a // b", "#set page"])
def test_text_typst_shows_any_words_as_written(words):
    # One glyph per visible character: nothing is read as an escape, markup, math or code.
    shown = typeset(text_typst(words), font_size=30)
    assert len(shown.family_members_with_points()) == len(words.replace(" ", ""))


def test_readout_keeps_its_left_edge_when_the_value_changes():
    r = Readout("k", 0)
    left = r.get_left().copy()
    r.set_value(12345)
    assert r.get_left() == pytest.approx(left, abs=1e-6)
    assert r.value == 12345
    wide = Readout("x", "(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)", max_width=2.0)
    assert wide.width <= 2.0 + 1e-9


def _shown_text(readout: Readout) -> int:
    return len(readout.shown_glyphs)


def test_fixed_readout_reshapes_the_same_glyphs_right_of_its_label():
    number = Readout("b_0", 0.0, digits=2, fixed=True)
    slots = list(number.value_mobject.submobjects)
    for value, text in ((0.1, "0.10"), (-0.35, "-0.35"), (12.5, "12.50"), (-0.0001, "0.00"), (0.0004, "0.00")):
        number.set_value(value)
        assert list(number.value_mobject.submobjects) == slots  # reshaped in place, never replaced
        assert number.text == text and _shown_text(number) == len(text)  # fixed point: never "4 x 10^-4", never "-0.00"
        assert min(m.get_left()[0] for m in number.shown_glyphs) > number.label.get_right()[0]
    number.scale(2).shift([3, 1, 0])
    number.set_value(7.25)
    assert min(m.get_left()[0] for m in number.shown_glyphs) > number.label.get_right()[0]
    assert abs(number.shown_glyphs[1].get_bottom()[1] - number.anchor.get_center()[1]) < 0.02  # "7" on the baseline


def test_suffix_follows_the_number_after_moving_and_scaling():
    angle = Readout("theta", 45, digits=0, fixed=True, suffix_typst="degree")
    angle.shift([2.0, -1.0, 0]).scale(1.5)
    for value in (7, 123.4, 359):
        angle.set_value(value)
        assert _shown_text(angle) == len(str(round(value)))
        glyphs = angle.shown_glyphs
        assert 0 < min(g.get_left()[0] for g in glyphs) - angle.label.get_right()[0] < 0.4
        gap = angle.suffix.get_left()[0] - max(g.get_right()[0] for g in glyphs)
        assert 0 <= gap < 0.2
        assert angle.suffix.get_bottom()[1] > angle.anchor.get_center()[1]  # a degree sign is raised


def test_step_counter_counts_in_whole_steps():
    from gradanim.components.typeset import step_counter

    counter = step_counter("k", 0)
    counter.set_value(12.0)
    assert _shown_text(counter) == 2
    counter.set_value(7)
    assert _shown_text(counter) == 1
