"""DerivationView by geometry: one typeset line per core step, its rule named beside it, the
held variables grey (and only they), the "=" signs in one column, and lines that scroll
inside the view's height without leaving it."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from gradanim.components.derivation import (  # noqa: E402
    DerivationView,
    derivation_block,
    held_names,
    value_block,
)
from gradanim.components.typeset import math  # noqa: E402
from gradanim.core.derivation import Rule, derive  # noqa: E402
from gradanim.core.lesson_functions import CEO, MIXED_TERMS, REVENUE  # noqa: E402
from gradanim.core.regression_derivation import BETA, first_step  # noqa: E402

CASES = [(CEO, "x"), (CEO, "y"), (REVENUE, "a"), (MIXED_TERMS, "x")]


def view_of(function, variable, **kwargs):
    d = derive(function.objective(), variable)
    names = held_names(d)
    blocks = [derivation_block(d, names=names), value_block(d, function.point, names=names)]
    return d, DerivationView(blocks, names=names, **kwargs)


@pytest.mark.parametrize("function, variable", CASES, ids=[f"{f.text}:{v}" for f, v in CASES])
def test_one_line_per_core_step_with_its_rule(function, variable):
    d, view = view_of(function, variable)
    at = d.at(function.point)
    assert [line.step for line in view.lines] == [*d.steps, *at]
    assert view.block_starts == [0, len(d.steps)]
    for line, label in zip(view.lines, view.labels):
        rule = line.step.rule
        if rule is Rule.HOLD:
            assert label.typst_code.startswith('"hold"') and label.typst_code.endswith('"constant"')
        elif rule is Rule.SUBSTITUTE:
            assert label.typst_code.startswith('"put in"')
        elif rule is Rule.ARITHMETIC:
            assert label.typst_code == '"work out the numbers"'
        elif rule is Rule.APPROXIMATE:
            assert label.typst_code == '"as a decimal"'
        else:
            assert label.typst_code == f'"{rule.value}"'
    # The first line of each block names its left-hand side; the others start with "=".
    assert view.lines[0].source.startswith("(partial f)/(partial")
    assert all(view.lines[i].source.startswith("= ") for i in range(1, len(d.steps)))


@pytest.mark.parametrize("function, variable", CASES, ids=[f"{f.text}:{v}" for f, v in CASES])
def test_the_held_variable_and_only_it_is_grey(function, variable):
    d, view = view_of(function, variable)
    (held,) = d.held
    alone = math(held.name)
    template = _shape(alone.submobjects[0])
    for i, line in enumerate(view.lines):
        grey = view.held_glyphs(i)
        occurrences = sum(1 for node in __import__("sympy").preorder_traversal(line.step.expr) if node == held)
        assert len(grey) == occurrences, (line.source, len(grey), occurrences)
        for glyph in grey:  # each grey glyph is the held variable's letter
            assert np.allclose(_shape(glyph), template, atol=2e-3)
    # The variable that changes is never grey.
    changing = _shape(math(d.variable.name).submobjects[0])
    for i in range(len(view.lines)):
        assert not any(np.allclose(_shape(g), changing, atol=2e-3) for g in view.held_glyphs(i)
                       if len(g.points) == len(math(d.variable.name).submobjects[0].points))


def _shape(glyph) -> np.ndarray:
    points = glyph.points[:, :2] - glyph.get_center()[:2]
    return points / max(glyph.height, 1e-9)


@pytest.mark.parametrize("function, variable", CASES, ids=[f"{f.text}:{v}" for f, v in CASES])
def test_equals_in_one_column_and_labels_to_the_right(function, variable):
    _, view = view_of(function, variable)
    xs = [eq.get_center()[0] for eq in view.equals]
    assert np.ptp(xs) < 1e-6
    for eq in view.equals:  # an "=" is wider than tall
        assert eq.width > eq.height
    right = max(line.get_right()[0] for line in view.lines)
    lefts = [label.get_left()[0] for label in view.labels]
    assert min(lefts) > right and np.ptp(lefts) < 1e-6
    for line, label, eq in zip(view.lines, view.labels, view.equals):
        assert abs(label.get_center()[1] - eq.get_center()[1]) < 1e-6
    # Lines go down the page without overlapping.
    for a, b in zip(view.lines, view.lines[1:]):
        assert b.get_top()[1] < a.get_bottom()[1]


def test_lines_scroll_inside_the_view_and_stay_in_the_frame():
    """The regression's nine lines do not fit 3.5 units: shown lines scroll up, and after each
    line every line still shown lies inside the view; the view fits the frame's width."""
    step = first_step()
    d = step.derivations[1]
    names = held_names(d, {BETA[0]: r"\beta_{0}", BETA[1]: r"\beta_{1}"})
    blocks = [derivation_block(d, names=names), value_block(d, (0, 0), names=names, steps=step.gradient_steps[1])]
    width = manim.config.frame_width - 0.9
    view = DerivationView(blocks, names=names, height=3.5, max_width=width)
    view.move_to(manim.ORIGIN)
    assert view.content.width <= width + 1e-9
    top, bottom = view.top_mark.get_center()[1], view.bottom_mark.get_center()[1]
    assert abs(top - bottom - 3.5) < 1e-9

    class Recorder:
        def play(self, *animations, **kwargs):
            for a in animations:
                a = manim.animation.animation.prepare_animation(a)
                a.begin()
                a.interpolate(1.0)
                a.finish()

    scene = Recorder()
    scrolled = False
    for i in range(len(view.lines)):
        view.play_line(scene, i)
        scrolled |= view.scroll > 0
        for j in view.shown:
            for part in (view.lines[j], view.labels[j]):
                assert part.get_top()[1] <= top + 1e-6 and part.get_bottom()[1] >= bottom - 1e-6, (i, j)
        assert i in view.shown
    assert scrolled and len(view.shown) < len(view.lines)
    half = manim.config.frame_width / 2
    assert all(abs(line.get_left()[0]) < half and abs(line.get_right()[0]) < half for line in view.lines)


def test_value_lines_end_in_the_cores_number():
    d, view = view_of(CEO, "x")
    assert view.lines[-1].source == "= 6"
    assert float(view.lines[-1].step.expr) == CEO.objective().gradient(CEO.point)[0]
