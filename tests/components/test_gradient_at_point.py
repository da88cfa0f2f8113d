"""GradientAtPoint: arrows equal the core's gradient (times scale) through the axes; labels clear."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.axes import PlotAxes  # noqa: E402
from gradanim.components.bounds import disjoint  # noqa: E402
from gradanim.components.gradient_at_point import GradientAtPoint, RightAngleMark  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402

PROFIT = Objective.from_text("x^2*y/2")


@pytest.fixture(scope="module")
def axes():
    return PlotAxes(Domain(((0, 5), (0, 4))), max_width=7, max_height=5.6, variable_names=("Price", "Ad spend"))


@pytest.fixture(scope="module")
def ceo(axes):
    return GradientAtPoint(PROFIT, axes, (2, 3), scale=0.25, show_readout=True)


def source(m) -> str:
    """The Typst math a label was typeset from (without the $ ... $ delimiters)."""
    return m.typst_code.strip().strip("$").strip()




def test_the_lessons_numbers_come_from_the_core(ceo):
    assert ceo.gradient.tolist() == [6.0, 2.0]  # the lesson: grad f(2, 3) = (6, 2)
    assert ceo.value == 6.0
    assert ceo.readout_typst() == "nabla f(2, 3) = vec(6, 2)"
    assert source(ceo.readout) == "nabla f(2, 3) = vec(6, 2)"
    assert source(ceo.x_label) == "(partial f)/(partial x) = 6"
    assert source(ceo.y_label) == "(partial f)/(partial y) = 2"


def test_gradient_arrow_is_scale_times_the_core_vector_through_the_axes(axes, ceo):
    p, g = np.array([2.0, 3.0]), PROFIT.gradient([2.0, 3.0])
    assert ceo.arrow.get_start() == pytest.approx(axes.c2p(*p))
    assert ceo.arrow.get_end() == pytest.approx(axes.c2p(*(p + 0.25 * g)))
    drawn = ceo.arrow.get_end() - ceo.arrow.get_start()
    unit = np.linalg.norm(axes.c2p(1, 0) - axes.c2p(0, 0))
    assert np.linalg.norm(drawn) == pytest.approx(0.25 * np.linalg.norm(g) * unit)
    assert drawn[:2] / np.linalg.norm(drawn) == pytest.approx(g / np.linalg.norm(g))
    assert ceo.arrow_vector() == pytest.approx(drawn)


def test_components_lie_along_the_axes_and_the_projections_close_the_rectangle(axes, ceo):
    p, g = np.array([2.0, 3.0]), np.array([6.0, 2.0]) * 0.25
    assert ceo.x_arrow.get_start() == pytest.approx(axes.c2p(*p))
    assert ceo.x_arrow.get_end() == pytest.approx(axes.c2p(p[0] + g[0], p[1]))  # east, y unchanged
    assert ceo.y_arrow.get_end() == pytest.approx(axes.c2p(p[0], p[1] + g[1]))  # north, x unchanged
    tip = ceo.arrow.get_end()
    for dashed, corner in zip(ceo.projections, (ceo.x_arrow.get_end(), ceo.y_arrow.get_end())):
        ends = {tuple(np.round(dashed.get_start(), 6)), tuple(np.round(dashed.get_end(), 6))}
        assert ends == {tuple(np.round(tip, 6)), tuple(np.round(corner, 6))}


def test_scale_is_said_in_the_label(axes, ceo):
    assert source(ceo.vector_label) == "0.25 dot nabla f"
    plain = GradientAtPoint(PROFIT, axes, (1, 1))
    assert source(plain.vector_label) == "nabla f"
    assert plain.arrow.get_end() == pytest.approx(axes.c2p(1 + 1.0, 1 + 0.5))  # grad f(1, 1) = (1, 1/2)


def test_labels_are_in_the_frame_and_do_not_overlap(ceo):
    labels = [ceo.x_label, ceo.y_label, ceo.vector_label]
    for label in labels:
        assert abs(label.get_center()[0]) <= 7.1 and abs(label.get_center()[1]) <= 4
    for i in range(len(labels)):
        for j in range(i):
            assert disjoint(labels[i], labels[j])
        assert disjoint(labels[i], ceo.dot)
    assert disjoint(ceo.x_label, ceo.x_arrow) and disjoint(ceo.y_label, ceo.y_arrow)


def test_labels_move_to_the_far_side_for_a_downhill_left_gradient(axes):
    g = GradientAtPoint(Objective.from_text("-(x-1)^2 - (y-1)^2"), axes, (3, 3), scale=0.3)
    assert g.gradient.tolist() == [-4.0, -4.0]
    assert g.x_label.get_center()[1] > g.x_arrow.get_center()[1]  # above: the gradient points down
    assert g.y_label.get_center()[0] > g.y_arrow.get_center()[0]  # right: the gradient points left


def test_a_zero_component_draws_nothing_and_still_animates(axes):
    g = GradientAtPoint(Objective.from_text("x^2 + y"), axes, (0, 1))
    assert g.gradient.tolist() == [0.0, 1.0]
    assert not g.x_arrow.has_points()
    for animation in (g.grow_component(0), g.grow_component(1), g.assemble()):
        assert animation.run_time > 0


def test_right_angle_mark_follows_the_directions_it_is_given():
    u, v = np.array([1.0, 1.0, 0]) / np.sqrt(2), np.array([-1.0, 1.0, 0]) / np.sqrt(2)
    mark = RightAngleMark(np.zeros(3), u, v, size=0.2)
    anchors = np.asarray(mark.get_anchors())
    a, corner, b = anchors[0], anchors[1], anchors[-1]
    assert a == pytest.approx(0.2 * u) and b == pytest.approx(0.2 * v)
    assert corner == pytest.approx(0.2 * (u + v))
