"""Legibility at 854x480: capitals at least 11 px, a script's x-height at least 5 px, and
WCAG contrast at least 4.5:1 against what is behind each glyph (background and panels)."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from manim import Circle, Rectangle  # noqa: E402

from gradanim.components.legibility import (  # noqa: E402
    MIN_CAP_PX, Backdrop, _inside, contrast_ratio, legibility_problems, read_text,
)
from gradanim.components.texts import cap_height_per_font_size  # noqa: E402
from gradanim.components.theme import DEFAULT_THEME  # noqa: E402
from gradanim.components.typeset import Readout, math  # noqa: E402

BG = DEFAULT_THEME.background


def test_contrast_ratio_is_wcag_2():
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WebAIM's grey
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_the_smallest_legible_size():
    # Capitals of 11 px at 480p need manim font size 11 / (cap height per size x 60 px a unit).
    smallest = MIN_CAP_PX / (cap_height_per_font_size() * 60)
    assert 25 < smallest < 27
    assert DEFAULT_THEME.small_size >= smallest and DEFAULT_THEME.label_size >= smallest
    assert legibility_problems([math('"Price"', font_size=smallest + 0.2)], BG) == []
    (problem,) = legibility_problems([math('"Price"', font_size=smallest - 1)], BG)
    assert "capitals" in problem and "Price" in problem


def test_a_shrunk_text_is_too_small():
    text = math("f(x) = x y", font_size=30)
    assert legibility_problems([text], BG) == []
    text.scale(0.8)  # as a panel shrinks what does not fit
    assert any("capitals 10.2 px" in p for p in legibility_problems([text], BG))


def test_scripts_need_an_x_height_of_5_px():
    assert legibility_problems([math("x^2 + y^2", font_size=28)], BG) == []
    (problem,) = legibility_problems([math("x^2 + y^2", font_size=26)], BG)  # the capitals pass
    assert "script" in problem
    # A fraction in an exponent is a script's script: unreadable at a normal size.
    problems = legibility_problems([math("e^(-(x^2+y^2)/2)", font_size=30)], BG)
    assert any("script" in p for p in problems)
    # Readouts: the exponent of scientific notation counts as a script.
    assert legibility_problems([Readout("f", 7.5e-10, font_size=28)], BG) == []
    assert legibility_problems([Readout("f", 7.5e-10, font_size=24)], BG)


def test_contrast_is_against_what_is_behind_the_text():
    grey = math('"note"', font_size=30, color="#8a8a8a")
    assert legibility_problems([grey], "#000000") == []  # 6.1:1 on black
    # The same grey on a light card behind it is too faint.
    card = Rectangle(width=3, height=1).set_fill("#c8c8c8", opacity=1).set_stroke(width=0)
    card.move_to(grey)
    (problem,) = legibility_problems([card, grey], "#000000")
    assert "contrast" in problem and "#c8c8c8" in problem
    # A card drawn after the text is in front of it, not behind: not counted as its background.
    assert legibility_problems([grey, card], "#000000") == []
    # A translucent fill is blended over the background.
    half = Rectangle(width=3, height=1).set_fill("#ffffff", opacity=0.5).set_stroke(width=0).move_to(grey)
    backdrop = Backdrop([half, grey], "#000000")
    behind = read_text(grey, backdrop)[0].behind
    assert np.allclose(behind, [0.5, 0.5, 0.5])


def test_faded_text_is_blended_with_what_is_behind_it():
    text = math('"faint"', font_size=30, color="#ffffff")
    text.set_opacity(0.25)
    (problem,) = legibility_problems([text], "#000000")
    assert "contrast" in problem
    text.set_opacity(0.6)
    assert legibility_problems([text], "#000000") == []


def test_a_point_is_inside_a_filled_outline_by_the_even_odd_rule():
    disc = Circle(radius=1)
    assert _inside(disc, np.array([0.0, 0.0])) and _inside(disc, np.array([0.9, 0.0]))
    assert not _inside(disc, np.array([0.75, 0.75]))
    ring = Circle(radius=2).append_points(Circle(radius=1).points)
    assert not _inside(ring, np.array([0.0, 0.0])) and _inside(ring, np.array([1.5, 0.0]))


def test_an_outline_in_the_background_colour_is_what_is_behind_a_label():
    band = Rectangle(width=3, height=1).set_fill("#8a7a2a", opacity=1).set_stroke(width=0)
    label = math("0.25 dot nabla f", font_size=30, color=DEFAULT_THEME.gradient).move_to(band)
    assert any("contrast" in p for p in legibility_problems([band, label], BG))
    label.set_stroke(BG, width=DEFAULT_THEME.halo_stroke, background=True)
    assert legibility_problems([band, label], BG) == []
    label.set_stroke(BG, width=2, background=True)  # a hairline is not enough
    assert legibility_problems([band, label], BG)
