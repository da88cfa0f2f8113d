"""Cached-glyph numbers line up with what Typst itself typesets."""

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.glyph_number import GlyphNumber, number_parts  # noqa: E402
from gradanim.components.typeset import Readout, math, number_typst  # noqa: E402


@pytest.mark.parametrize("value, digits, parts", [
    (0.25, 3, ("0.25", None)), (13, 3, ("13", None)), (7.57e-10, 3, ("7.57", -10)), (-1.9e-5, 2, ("-1.9", -5)),
    (123456.0, 3, ("1.23", 5)), (0.0, 3, ("0", None)),
])
def test_number_parts(value, digits, parts):
    assert number_parts(value, digits) == parts


@pytest.mark.parametrize("label, value", [("k", 17), ("f", -0.812), ("alpha", 0.25), ("f", 7.57e-10)])
def test_readout_matches_typst_layout(label, value):
    glyphs = Readout(label, value, font_size=30)
    typst = math(f"{label} = {number_typst(value) if not isinstance(value, int) else value}", font_size=30)
    typst.move_to(glyphs.label.get_left(), aligned_edge=np.array([-1, 0, 0]))
    typst.align_to(glyphs.label, np.array([0, -1, 0]))
    # Same glyph count (label + number), same baseline (bottoms), close widths.
    assert len(glyphs.label) + len(glyphs.shown_glyphs) == len(typst.submobjects)
    assert glyphs.get_bottom()[1] == pytest.approx(typst.get_bottom()[1], abs=0.01)
    assert glyphs.width == pytest.approx(typst.width, rel=0.06)


def test_set_value_is_in_place_and_tuples_work():
    r = Readout("bold(x)_k", (-2.5, 1.5), digits=2, font_size=24)
    left, label = r.get_left()[0], r.label.get_center().copy()
    r.set_value((-1.9e-5, 0.38))
    assert r.get_left()[0] == pytest.approx(left, abs=1e-9)
    assert r.label.get_center() == pytest.approx(label, abs=1e-9)
    # "(", digits, ",", digits, ")" with a raised exponent: 4 glyphs more than "(-2.5,1.5)".
    assert len(r.shown_glyphs) == len("(-1.9×10-5,0.38)")
    r.set_value(float("nan"))  # never crashes: shows "undefined"
    g = GlyphNumber(3.0)
    with pytest.raises(ValueError):
        g.set_value(float("inf"))


def test_readout_moved_after_creation_keeps_its_number_beside_the_label():
    r = Readout("f", 1.5, font_size=30)
    gap = r.value_mobject.get_left()[0] - r.label.get_right()[0]
    r.shift([3.0, -2.0, 0]).scale(0.5)
    r.set_value(-0.812)
    assert r.value_mobject.get_left()[0] - r.label.get_right()[0] == pytest.approx(gap * 0.5, abs=0.02)
    assert r.value_mobject.get_bottom()[1] == pytest.approx(r.label.get_bottom()[1], abs=0.05)


def test_readout_updates_in_place():
    r = Readout("k", 1)
    slots = list(r.value_mobject.submobjects)
    r.set_value(12345)
    assert r.value_mobject.submobjects[: len(slots)] == slots  # same objects, new shapes
    assert sum(1 for s in slots if s.has_points()) == 5


def test_readout_glyphs_are_styled_as_match_style_and_set_color_would():
    from manim import VMobject

    from gradanim.components.typeset import _STYLE, Readout

    readout = Readout("J", 0.25, color="#ffd54f")
    for value in (3.14159, -2.5e-9, (1.5, -2.0), 12):
        readout.set_value(value)
        glyphs = readout._glyphs(value)
        for slot, (source, _, recolour) in zip(readout.shown_glyphs, glyphs):
            reference = VMobject()
            reference.match_style(source)
            if recolour:
                reference.set_color("#ffd54f")
            for name in _STYLE:
                mine, theirs = getattr(slot, name), getattr(reference, name)
                if isinstance(theirs, np.ndarray):
                    np.testing.assert_array_equal(mine, theirs)
                    assert mine is not theirs  # each slot has its own arrays
                else:
                    assert mine == theirs
            anchors = np.concatenate([slot.points[0::4], slot.points[3::4]])
            assert anchors[:, 0].max() <= readout.get_right()[0] + 1e-12
