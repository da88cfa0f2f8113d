"""Texts glyph by glyph: the size Typst set each glyph at (scripts smaller, read from the
PDF Typst makes of the same source) and the size each glyph is drawn at after scaling."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from manim import VGroup  # noqa: E402

from gradanim.components.glyph_number import GlyphNumber  # noqa: E402
from gradanim.components.texts import (  # noqa: E402
    cap_height_per_font_size, run_scales, text_glyphs, texts_in, x_height_per_font_size,
)
from gradanim.components.typeset import Readout, math  # noqa: E402
from gradanim.components.typst_import import TypstMarkup, svg_leaves, typst_math_svg  # noqa: E402


def _scales(source: str) -> list[float]:
    return [round(s, 2) for s in run_scales("math", source)]


def test_scripts_are_found_with_the_size_typst_gave_them():
    assert _scales("x^2") == [1.0, 0.7]
    assert _scales("x_1^2") == [1.0, 0.7, 0.7]
    # A script of a script, and a fraction inside a script: half size.
    assert _scales("e^(x^2)") == [1.0, 0.7, 0.5]
    assert _scales("e^(-(x^2+y^2)/2)")[:3] == [1.0, 0.7, 0.5]
    # A fraction in display math keeps the size; in a vector (text style) it shrinks ...
    assert set(_scales("(2)/(3)")) == {1.0}
    assert _scales("vec((2)/(3), 1)")[1:3] == [0.7, 0.7]  # after the parenthesis
    # ... unless display() restores it: what Typst did, not a guess from the source.
    assert set(_scales("cases(display((2)/(3)) = 0)")) == {1.0}


def test_run_scales_follow_the_leaves_of_the_svg():
    for source in ("nabla f = vec(2x, 6y)", "f(x, y) = 2 x e^(-(x^2 + y^2)/2) + y/4", 'mat(delim: "[", 1, 2; 3, 4)'):
        assert len(run_scales("math", source)) == len(svg_leaves(typst_math_svg(source)))
    assert run_scales("math", "#nonsense(") is None


def test_a_glyph_knows_its_size_after_scaling():
    formula = math("x^2 + 1", font_size=30)
    sizes = [(round(g.font_size, 2), g.scale) for g in text_glyphs(formula)]
    assert sizes == [(30.0, 1.0), (21.0, 0.7), (30.0, 1.0), (30.0, 1.0)]
    formula.scale(0.5)
    assert [round(g.font_size, 2) for g in text_glyphs(formula)] == [15.0, 10.5, 15.0, 15.0]
    # Copies carry it (each FadeIn, Transform copies the glyphs).
    assert [round(g.font_size, 2) for g in text_glyphs(formula.copy().scale(2))] == [30.0, 21.0, 30.0, 30.0]


def test_readouts_and_numbers_report_every_glyph():
    readout = Readout("x_k", 1.5e-7, font_size=30)
    readout.scale(2)
    glyphs = text_glyphs(readout)
    # "x", "k" (a script), "=", then 1.50 x 10 and the exponent -7 (raised, smaller)
    assert readout.text == "1.50×10-7"
    assert [g.scale for g in glyphs] == [1.0, 0.7, 1.0] + [1.0] * 7 + [0.7, 0.7]
    assert {round(g.font_size) for g in glyphs} == {60, 42}
    readout.set_value("alpha^2")  # Typst math as the value
    assert [g.scale for g in text_glyphs(readout)][-2:] == [1.0, 0.7]
    number = GlyphNumber(-12.5, font_size=30)
    number.scale(0.8)
    assert [round(g.font_size, 1) for g in text_glyphs(number)] == [24.0] * 5


def test_faded_glyphs_and_rules_are_not_counted():
    fraction = math("(2)/(3)", font_size=30)
    assert len(text_glyphs(fraction)) == 2  # the bar is a rule, not a glyph
    fraction.submobjects[0].set_fill(opacity=0)
    assert len(text_glyphs(fraction)) == 1


def test_texts_are_found_whole():
    readout = Readout("k", 3)
    formula = math("f = x")
    table = TypstMarkup("#table(columns: 2, [a], [b])")
    found = texts_in(VGroup(VGroup(readout), formula), table)
    assert found == [readout, formula, table]


def test_font_metrics_are_measured_from_the_font():
    # New Computer Modern: capitals 0.683 em, x-height 0.431 em (an x overshoots a little).
    em = manim.SCALE_FACTOR_PER_FONT_POINT * 10
    assert cap_height_per_font_size() / em == pytest.approx(0.683, abs=0.01)
    assert x_height_per_font_size() / em == pytest.approx(0.44, abs=0.02)
    assert np.isfinite(cap_height_per_font_size())
