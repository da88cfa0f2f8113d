"""TypstMath and TypstMarkup draw the glyphs manim's MathTypst and Typst draw (points,
colours, labelled groups), and rules at Typst's thickness."""

import numpy as np
import pytest
from manim import MathTypst, Typst, tempconfig

from gradanim.components.typst_import import (
    TypstMarkup, TypstMath, TypstSourceError, UnsupportedSvg, svg_leaves, typst_math_svg, typst_svg,
)

FORMULAS = [
    "(partial f)/(partial x) = x y = 6",  # a fraction: glyphs and a stroked rule
    "nabla f(2, 3) = vec(6, 2)",  # stretched delimiters
    'mat(delim: "[", 2, -1; -1, 2)',
    "sqrt(x^2 + y^2) = 3.61",  # a root's vinculum is a rule too
    "overline(x)_1 + b_0^2",
    '"Profit:" quad f(x, y) = (x^2 y)/2',  # upright text and nested scripts
    "7.57 times 10^(-10)",
    "alpha, beta, theta, lambda_max arrow.r infinity",
]


# A table as the learning-rate scene builds it: bold and coloured cells, labels, a rule.
TABLE = (
    '#set text(font: "New Computer Modern", fill: rgb("#ece6e2"))\n'
    '#table(columns: 3, stroke: none, inset: (x: 10pt, y: 7pt), align: left,\n'
    '[#box[*Mistake*] <header>], [#box[*Description*] <header>], [#box[*Result*] <header>],\n'
    'table.hline(stroke: rgb("#555555")),\n'
    '[#box[#text(fill: rgb("#ff6b6b"))[Rate too high]] <row0>], [#box[Steps overshoot] <row0>],'
    ' [#box[Diverges $x_k -> infinity$] <row0>],\n'
    '[#box[Rate too low] <row1>], [#box[Tiny steps] <row1>], [#box[Crawls \\[slow\\]] <row1>])'
)


def _assert_same_drawing(ours, reference):
    assert len(ours.submobjects) == len(reference.submobjects)
    for mine, theirs in zip(ours.submobjects, reference.submobjects):
        assert mine.points.shape == theirs.points.shape
        np.testing.assert_allclose(mine.points, theirs.points, atol=1e-9)
        np.testing.assert_allclose(mine.fill_rgbas[:, 3], theirs.fill_rgbas[:, 3])
        if theirs.fill_rgbas[0, 3] > 0:  # a glyph (the colour of an unfilled rule is never seen)
            np.testing.assert_allclose(mine.fill_rgbas, theirs.fill_rgbas)
        else:
            np.testing.assert_allclose(mine.stroke_rgbas, theirs.stroke_rgbas)
    assert ours.height == pytest.approx(reference.height)
    np.testing.assert_allclose(ours.get_center(), 0, atol=1e-12)


@pytest.mark.parametrize("source", FORMULAS)
def test_math_points_and_colours_are_manims(source, tmp_path):
    with tempconfig({"media_dir": str(tmp_path)}):
        reference = MathTypst(source, font_size=30, color="#ffd54f", use_svg_cache=False)
    _assert_same_drawing(TypstMath(source, font_size=30, color="#ffd54f"), reference)


def test_markup_points_colours_and_labels_are_manims(tmp_path):
    with tempconfig({"media_dir": str(tmp_path)}):
        reference = Typst(TABLE, font_size=24, use_svg_cache=False)
    ours = TypstMarkup(TABLE, font_size=24)
    _assert_same_drawing(ours, reference)
    for label in ("header", "row0", "row1"):
        mine, theirs = ours.select(label), reference.select(label)
        assert len(mine) == len(theirs) > 0
        np.testing.assert_allclose(mine.get_all_points(), theirs.get_all_points(), atol=1e-9)
    # The coloured cell keeps its colour; the rule is the one part in no labelled cell.
    assert {m.get_fill_color().to_hex().lower() for m in ours.select("row0")} >= {"#ff6b6b", "#ece6e2"}
    labelled = {id(m) for label in ("header", "row0", "row1") for m in ours.select(label)}
    (rule,) = [m for m in ours.submobjects if id(m) not in labelled]
    assert rule.get_stroke_width() > 0 and rule.get_stroke_color().to_hex().lower() == "#555555"
    with pytest.raises(KeyError, match="row2"):
        ours.select("row2")


def test_raw_text_as_the_regression_scene_prints_it(tmp_path):
    source = "`b0 = 1.23, b1 = 4.56`"
    with tempconfig({"media_dir": str(tmp_path)}):
        reference = Typst(source, font_size=20, color="#ece6e2", use_svg_cache=False)
    _assert_same_drawing(TypstMarkup(source, font_size=20, color="#ece6e2"), reference)


def _rules(mobject):
    return [glyph for glyph in mobject.submobjects if glyph.get_stroke_width() > 0]


def test_a_fraction_bar_is_as_thick_as_typst_draws_it_at_any_resolution():
    svg = typst_math_svg("a/b")
    strokes = [leaf.stroke_width for leaf in svg_leaves(svg) if leaf.stroke_width is not None]
    assert strokes == [pytest.approx(0.48)]  # New Computer Modern's rule at 10 pt, in pt
    widths = []
    for pixels in ((854, 480), (1920, 1080)):
        with tempconfig({"pixel_width": pixels[0], "pixel_height": pixels[1]}):
            (bar,) = _rules(TypstMath("a/b", font_size=48))
            widths.append(bar.get_stroke_width())
    # Drawn thickness (stroke width 1 = 0.01 frame units) = 0.48 pt at 48/960 units per pt.
    assert widths[0] == widths[1] == pytest.approx(0.48 * 48 / 960 / 0.01)
    # As thick as the minus sign's stem, which is what it should look like.
    minus = TypstMath("-", font_size=48)
    assert widths[0] * 0.01 == pytest.approx(minus.height, rel=0.25)


def test_scaling_keeps_rules_in_proportion_and_copies_are_independent():
    formula = TypstMath("(x^2)/2", font_size=40)
    (bar,) = _rules(formula)
    before = bar.get_stroke_width()
    copy = formula.copy()
    copy.scale(2)
    assert _rules(copy)[0].get_stroke_width() == pytest.approx(2 * before)
    assert bar.get_stroke_width() == pytest.approx(before)


def test_svg_outside_the_subset_is_refused_and_left_to_mathtypst(tmp_path):
    with pytest.raises(UnsupportedSvg):
        svg_leaves(b'<svg viewBox="0 0 1 1" width="1pt" height="1pt" xmlns="http://www.w3.org/2000/svg">'
                   b'<image href="x.png"/></svg>')
    source = "#text(fill: gradient.linear(red, blue))[x] + y"  # a gradient: not read here
    with pytest.raises(UnsupportedSvg):
        svg_leaves(typst_math_svg(source))
    with tempconfig({"media_dir": str(tmp_path)}):
        reference = MathTypst(source, font_size=30, use_svg_cache=False)
        ours = TypstMath(source, font_size=30)
    assert len(ours.submobjects) == len(reference.submobjects)
    np.testing.assert_allclose(ours.get_all_points(), reference.get_all_points())


def test_transforms_compose_in_svg_order():
    svg = (b'<svg viewBox="0 0 10 10" width="10pt" height="10pt" xmlns="http://www.w3.org/2000/svg">'
           b'<g transform="translate(5 1) scale(2)"><path fill="none" stroke="#000000" stroke-width="0.5" '
           b'stroke-linecap="butt" stroke-linejoin="miter" stroke-miterlimit="4" d="M 0 0h 1"/></g></svg>')
    (leaf,) = svg_leaves(svg)
    np.testing.assert_allclose(leaf.points[[0, -1], :2], [[5, 1], [7, 1]])  # scaled, then translated
    assert leaf.stroke_width == pytest.approx(1.0)


def test_typst_source_cannot_read_files(tmp_path, monkeypatch):
    (tmp_path / "secret.txt").write_text("the answer")
    monkeypatch.chdir(tmp_path)
    for body in ('#read("secret.txt")', '#read("/etc/hostname")', '#image("secret.txt")'):
        with pytest.raises(Exception, match="not found|escape|root|failed"):
            typst_svg(body)


def test_source_typst_cannot_typeset_is_named_with_the_place_of_each_problem():
    with pytest.raises(TypstSourceError, match=r"'frac\(1, ': unclosed delimiter at line 1, column 5"):
        TypstMath("frac(1, ")
    with pytest.raises(TypstSourceError, match=r"unknown variable: nosuchthing at line 1, column 3"):
        TypstMath("x nosuchthing")
    with pytest.raises(TypstSourceError, match=r"expected expression at line 2, column 9"):
        TypstMarkup("line one\n#let x = \n")
