"""Critical-point markers: at the core's points, one look per kind, labels clear of everything."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.axes import PlotAxes  # noqa: E402
from gradanim.components.bounds import Box, disjoint  # noqa: E402
from gradanim.components.critical_map import CriticalPointMarkers, kind_color, kind_marker  # noqa: E402
from gradanim.components.theme import DEFAULT_THEME  # noqa: E402
from gradanim.core.critical import Kind, critical_points  # noqa: E402
from gradanim.core.lesson_functions import HIMMELBLAU, PROBLEM_3  # noqa: E402




@pytest.fixture(scope="module")
def himmelblau():
    axes = PlotAxes(HIMMELBLAU.domain, max_width=6.5, max_height=6.5)
    points = critical_points(HIMMELBLAU.objective(), HIMMELBLAU.domain, exact=False)
    return axes, points, CriticalPointMarkers(points, axes, show_eigenvalues=True)


def test_markers_sit_on_the_cores_points_with_their_kinds_colour(himmelblau):
    axes, points, marks = himmelblau
    assert len(marks.markers) == len(points) == 9
    for c, m in zip(marks.critical, marks.markers):
        assert axes.p2c(m.get_center())[:2] == pytest.approx(c.point, abs=1e-6)
        colour = m.get_fill_color() if c.kind != Kind.DEGENERATE else m.get_stroke_color()
        assert colour.to_hex().lower() == str(kind_color(c.kind)).lower()
    assert {k: len(v) for k, v in marks.by_kind.items()} == {Kind.MINIMUM: 4, Kind.MAXIMUM: 1, Kind.SADDLE: 4}


def test_eigenvalue_labels_inside_the_plot_and_clear_of_markers_and_each_other(himmelblau):
    axes, _, marks = himmelblau
    assert len(marks.labels) == 9
    lo, hi = axes.c2p(-5, -5), axes.c2p(5, 5)
    items = [*marks.markers, *marks.labels]
    for lab in marks.labels:
        b = Box.of(lab)
        assert lo[0] - 1e-9 <= b.left and b.right <= hi[0] + 1e-9 and lo[1] - 1e-9 <= b.bottom and b.top <= hi[1] + 1e-9
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            assert disjoint(a, b)


def test_legend_counts_each_kind_in_order(himmelblau):
    _, _, marks = himmelblau
    legend = marks.legend()
    assert len(legend) == 3
    # marker shapes in order minimum, maximum, saddle; rows stacked top-down
    tops = [row.get_top()[1] for row in legend]
    assert tops == sorted(tops, reverse=True)
    colours = [row[0].get_fill_color().to_hex().lower() for row in legend]
    assert colours == [DEFAULT_THEME.minimum.lower(), DEFAULT_THEME.maximum.lower(), DEFAULT_THEME.saddle.lower()]


def test_problem_3_maximum_is_labelled_with_two_negative_eigenvalues():
    axes = PlotAxes(PROBLEM_3.domain, max_width=6, max_height=6)
    marks = CriticalPointMarkers(critical_points(PROBLEM_3.objective(), PROBLEM_3.domain), axes, show_eigenvalues=True)
    assert [c.kind for c in marks.critical] == [Kind.MAXIMUM]
    assert np.allclose(marks.critical[0].eigenvalues, [-3, -1])
    assert disjoint(marks.labels[0], marks.markers[0])


def test_points_outside_the_axes_are_not_drawn():
    axes = PlotAxes(HIMMELBLAU.domain.__class__(((0, 5), (0, 5))), max_width=5, max_height=5)
    points = critical_points(HIMMELBLAU.objective(), HIMMELBLAU.domain, exact=False)
    marks = CriticalPointMarkers(points, axes)
    assert all(c.point[0] >= 0 and c.point[1] >= 0 for c in marks.critical)
    assert 0 < len(marks.markers) < len(points)


def test_each_kind_has_its_own_shape():
    sizes = {k: len(kind_marker(k).get_anchors()) for k in Kind}
    assert len({(sizes[k], kind_marker(k).get_fill_opacity()) for k in Kind}) == 4
