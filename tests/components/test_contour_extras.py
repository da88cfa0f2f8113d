"""ContourMap extras: filled bands under the lines, level labels on their lines without
collisions, no lines invented where f is undefined, closed levels drawn closed."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from manim import Dot  # noqa: E402

from gradanim.components.axes import PlotAxes, to_scene  # noqa: E402
from gradanim.components.contour_map import ContourMap  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402

PROFIT = Objective.from_text("x^2*y/2")
BUMPS = Objective.from_text("2*x*exp(-(x^2 + y^2)/2) + y/4")


@pytest.fixture(scope="module")
def profit_axes():
    return PlotAxes(Domain(((0, 5), (0, 4))), max_width=7, max_height=5.6)


@pytest.fixture(scope="module")
def bump_axes():
    return PlotAxes(Domain(((-3, 3), (-2, 2))), max_width=7.5, max_height=5.5)


@pytest.fixture(scope="module")
def labelled(profit_axes):
    return ContourMap(PROFIT, profit_axes, levels=[1, 2, 4, 6, 9, 12, 16, 20, 25, 32, 40], filled=True, labels=True)


def xy_of(axes, points):
    return np.array([axes.p2c(p)[:2] for p in points])


def overlap(a, b):
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def test_default_map_keeps_the_old_structure(profit_axes):
    plain = ContourMap(PROFIT, profit_axes, levels=5)
    assert list(plain.submobjects) == list(plain.level_mobjects.values())
    assert len(plain.bands) == 0 and len(plain.labels) == 0
    assert set(plain.lines_by_level) == {float(v) for v in plain.levels}


def test_bands_are_drawn_under_the_lines_in_colour_order(labelled):
    children = list(labelled.submobjects)
    assert children[0] is labelled.bands
    assert all(children.index(group) > 0 for group in labelled.level_mobjects.values())
    assert len(labelled.bands) == len(labelled.levels) + 1  # below the first ... above the last
    lowers = [lo for lo, _ in labelled.band_levels]
    assert lowers == sorted(lowers)
    for band in labelled.bands:
        assert band.get_fill_opacity() > 0 and band.get_stroke_width() == 0


def test_band_between_two_levels_is_where_f_lies_between_them(labelled, profit_axes):
    k = next(i for i, (lo, hi) in enumerate(labelled.band_levels) if (lo, hi) == (6.0, 9.0))
    xy = xy_of(profit_axes, labelled.bands[k].get_anchors())
    values = PROFIT.value_on(xy[:, 0], xy[:, 1])
    (x0, x1), (y0, y1) = labelled.domain.bounds
    on_edge = (np.isclose(xy[:, 0], x0) | np.isclose(xy[:, 0], x1) | np.isclose(xy[:, 1], y0) | np.isclose(xy[:, 1], y1))
    assert np.all(values[~on_edge] > 6 - 0.05) and np.all(values[~on_edge] < 9 + 0.05)


def test_labels_do_not_collide_and_sit_on_their_level(labelled, profit_axes):
    assert len(labelled.labels) >= 6
    boxes = labelled.label_boxes
    for i in range(len(boxes)):
        for j in range(i):
            assert not overlap(boxes[i], boxes[j])
    for i, (level, label) in enumerate(labelled.level_labels.items()):
        assert overlap(boxes[i], (label.get_left()[0], label.get_right()[0], label.get_bottom()[1], label.get_top()[1]))
        centre = label.get_center()
        assert abs(centre[0]) <= 7.1 and abs(centre[1]) <= 4
        x, y = profit_axes.p2c(centre)[:2]
        assert PROFIT.value([x, y]) == pytest.approx(level, rel=0.03)
        line = np.vstack([to_scene(profit_axes, xy) for xy in labelled.lines_by_level[level]])
        assert np.min(np.linalg.norm(line - centre, axis=1)) < 0.05


def test_lines_have_a_gap_under_their_label(labelled):
    for level, label in labelled.level_labels.items():
        left, right, bottom, top = label.get_left()[0], label.get_right()[0], label.get_bottom()[1], label.get_top()[1]
        for line in labelled.level_mobjects[level]:
            pts = np.asarray(line.get_anchors())
            inside = (pts[:, 0] > left) & (pts[:, 0] < right) & (pts[:, 1] > bottom) & (pts[:, 1] < top)
            assert not inside.any()


def test_labels_keep_clear_of_what_they_must_avoid(profit_axes):
    near = (4.5, 0.5)
    free = ContourMap(PROFIT, profit_axes, levels=[2, 4, 6], labels=True, label_near=near)
    spot = Dot(free.level_labels[4.0].get_center(), radius=0.4)
    avoiding = ContourMap(PROFIT, profit_axes, levels=[2, 4, 6], labels=True, label_near=near, label_avoid=[spot])
    for box in avoiding.label_boxes:
        assert not overlap(box, (spot.get_left()[0], spot.get_right()[0], spot.get_bottom()[1], spot.get_top()[1]))
    # label_near pulls labels towards the bottom right corner.
    centre = to_scene(profit_axes, [near])[0]
    default = ContourMap(PROFIT, profit_axes, levels=[2, 4, 6], labels=True)
    assert np.linalg.norm(free.level_labels[2.0].get_center() - centre) < np.linalg.norm(
        default.level_labels[2.0].get_center() - centre)


def test_no_lines_or_bands_in_the_undefined_region():
    axes = PlotAxes(Domain(((-2, 2), (-2, 2))), max_width=6, max_height=6)
    log = Objective.from_text("log(x^2 + y^2 - 0.25) + 0.1*x")  # undefined for r < 1/2
    contours = ContourMap(log, axes, levels=[-0.5, 0.0, 1.0], filled=True)
    for group in contours.level_mobjects.values():
        for line in group:
            xy = xy_of(axes, line.get_anchors())
            assert np.all(np.hypot(xy[:, 0], xy[:, 1]) > 0.5 - 1e-9)
    for band in contours.bands:
        xy = xy_of(axes, band.get_anchors())
        assert np.all(np.hypot(xy[:, 0], xy[:, 1]) > 0.5 - 0.03)  # within a grid cell of the edge
    pole = ContourMap(Objective.from_text("1/(x^2 + y^2 - 1)"), axes, levels=[-2.0, 0.0, 0.5])
    assert len(pole.level_mobjects[0.0]) == 0  # f is never 0: no line along the pole
    (circle,) = pole.level_mobjects[0.5]
    xy = xy_of(axes, circle.get_anchors())
    assert np.allclose(np.hypot(xy[:, 0], xy[:, 1]), np.sqrt(3), atol=1e-6)


def test_closed_levels_are_drawn_closed(bump_axes):
    contours = ContourMap(BUMPS, bump_axes, levels=[-1.0, 1.0])
    for level in (-1.0, 1.0):
        (loop,) = contours.level_mobjects[level]  # one loop around the hollow / the hill
        assert loop.get_start() == pytest.approx(loop.get_end())
        steps = np.linalg.norm(np.diff(loop.get_anchors(), axis=0), axis=1)
        assert steps.max() < 0.1  # no gap: consecutive points a grid cell apart at most
