"""Signed gradient bars and allocation columns, checked against the core's numbers."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from manim import VGroup  # noqa: E402

from gradanim.components.bounds import disjoint  # noqa: E402
from gradanim.components.gradient_bars import AllocationBars, GradientBars  # noqa: E402
from gradanim.components.theme import DEFAULT_THEME  # noqa: E402
from gradanim.core.lesson_functions import STUDY, STUDY_LR  # noqa: E402
from gradanim.core.trajectory import descend  # noqa: E402




@pytest.fixture(scope="module")
def gradient():
    return STUDY.objective().gradient(STUDY.current)


@pytest.fixture(scope="module")
def bars(gradient):
    return GradientBars(gradient, STUDY.subjects, notes=["burnout", "over-studying", "shift time here"])


def test_bars_show_the_cores_partials_to_scale_with_sign_colours(bars, gradient):
    for i, g in enumerate(gradient):
        assert bars.bar_value(i) == pytest.approx(g, rel=1e-6)
        colour = bars.bars[i].get_fill_color().to_hex().lower()
        assert colour == (DEFAULT_THEME.minimum if g > 0 else DEFAULT_THEME.maximum).lower()
    # Negative bars lie left of the zero line, positive ones right of it.
    zero = bars.zero_line.get_center()[0]
    assert bars.bars[1].get_right()[0] == pytest.approx(zero, abs=1e-6)
    assert bars.bars[2].get_left()[0] == pytest.approx(zero, abs=1e-6)
    assert bars.bars[1].width == pytest.approx(1.6)  # the largest bar has bar_length


def test_rows_do_not_overlap(bars):
    parts = [m for row in bars.rows for m in row]
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            assert disjoint(a, b)
    assert len(bars.note_labels) == 3


def test_value_labels_carry_signs(bars):
    # +0.017 shows its plus sign; the negative ones their minus (more glyphs than digits alone).
    widths = [lab.width for lab in bars.value_labels]
    assert all(w > 0 for w in widths)
    assert len(bars.value_labels[2].submobjects) == len(bars.value_labels[0].submobjects)


def test_allocation_columns_and_one_ascent_step():
    objective = STUDY.objective()
    t = descend(objective, STUDY.current, "gd", lr=STUDY_LR, steps=1, tol=0, maximize=True)
    hours = AllocationBars(t.points[0], STUDY.subjects, value_range=(0, 14, 2), height=4.2)
    hours.shift(np.array([-3.0, -1.5, 0]))
    per_hour = 4.2 / 14
    for i, h in enumerate(t.points[0]):
        assert hours.columns[i].height == pytest.approx(h * per_hour)
        assert hours.columns[i].get_top()[1] == pytest.approx(hours.top(i)[1])
    arrows = hours.step_arrows(t.points[1])
    for i, arrow in enumerate(arrows):
        drawn = (arrow.get_end()[1] - arrow.get_start()[1]) / per_hour
        assert drawn == pytest.approx(t.steps[0][i])  # alpha times the partial, from the core
    animation = hours.change_to(t.points[1])
    animation.begin()
    animation.interpolate(1.0)
    for i, h in enumerate(t.points[1]):
        assert hours.columns[i].height == pytest.approx(h * per_hour)
    names = list(hours.name_labels)
    assert all(disjoint(a, b) for i, a in enumerate(names) for b in names[i + 1:])


def test_value_labels_count_on_their_column_tops_and_end_as_fresh_labels():
    from manim import smooth

    from gradanim.components.typeset import math, number_typst

    objective = STUDY.objective()
    t = descend(objective, STUDY.current, "gd", lr=STUDY_LR, steps=1, tol=0, maximize=True)
    old, new = t.points[0], t.points[1]
    hours = AllocationBars(old, STUDY.subjects, value_range=(0, 14, 2), height=4.2).shift([-3.0, -1.5, 0])
    slots = [list(label.submobjects) for label in hours.value_labels]
    animation = hours.change_to(new)
    animation.begin()
    for alpha in (0.3, 0.5, 1.0):
        animation.interpolate(alpha)
        for i, label in enumerate(hours.value_labels):
            value = old[i] + (new[i] - old[i]) * smooth(alpha)
            assert label.value == pytest.approx(value)
            # it sits just above its column's top, centred on the column
            assert label.get_bottom()[1] == pytest.approx(hours.columns[i].get_top()[1] + 0.12, abs=1e-6)
            assert label.get_center()[0] == pytest.approx(hours.columns[i].get_center()[0], abs=1e-6)
            assert label.submobjects[: len(slots[i])] == slots[i]  # the same glyphs, re-laid
    for i, label in enumerate(hours.value_labels):
        typeset = math(number_typst(float(new[i]), hours.digits), font_size=hours.font_size_)
        assert len(label.shown_glyphs) == len(typeset.submobjects)
        assert VGroup(*label.shown_glyphs).width == pytest.approx(typeset.width, rel=0.06)
