"""SliceView: the cut is f with one variable held, the tangent's slope is the core's partial."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.slice import SliceView, slice_story  # noqa: E402
from gradanim.components.surface import SurfacePlot  # noqa: E402
from gradanim.core.lesson_functions import CEO  # noqa: E402

POINT = (2.0, 3.0)


@pytest.fixture(scope="module")
def plot():
    return SurfacePlot(CEO.objective(), CEO.domain, resolution=8, contour_levels=0)


@pytest.fixture(scope="module")
def cuts(plot):
    return SliceView(plot, "x", POINT), SliceView(plot, "y", POINT)


def test_the_slice_curve_is_f_with_the_other_variable_fixed(plot, cuts):
    along_x, along_y = cuts
    x, y, z = along_x.curve_coords.T
    assert np.allclose(y, 3.0)
    assert np.allclose(z, x**2 * 3 / 2)  # f(x, 3) = 3x^2/2, by hand
    x, y, z = along_y.curve_coords.T
    assert np.allclose(x, 2.0)
    assert np.allclose(z, 2 * y)  # f(2, y) = 2y
    # and the drawn curve passes through those points in the scene
    anchors = plot.from_scene(along_x.curve.get_anchors())
    assert np.allclose(anchors[:, 2], anchors[:, 0] ** 2 * 3 / 2, atol=1e-9)


def test_the_tangent_slope_is_the_lessons_partial_derivative(cuts):
    along_x, along_y = cuts
    assert along_x.slope == pytest.approx(6.0)  # the lesson: grad f(2, 3) = (6, 2)
    assert along_y.slope == pytest.approx(2.0)
    assert along_x.drawn_slope() == pytest.approx(6.0)
    assert along_y.drawn_slope() == pytest.approx(2.0)
    f = CEO.objective()
    h = 1e-6
    fd = (f.value([2 + h, 3]) - f.value([2 - h, 3])) / (2 * h)
    assert along_x.drawn_slope() == pytest.approx(fd, rel=1e-6)


def test_the_tangent_touches_the_surface_at_the_point(plot, cuts):
    for cut in cuts:
        a, b = plot.from_scene(cut.tangent.get_start_and_end())
        mid = (a + b) / 2
        assert mid[:2] == pytest.approx(POINT)
        assert mid[2] == pytest.approx(6.0)  # f(2, 3)
        assert plot.from_scene(cut.dot.get_center()[None, :])[0] == pytest.approx([2, 3, 6])


def test_the_plane_is_vertical_at_the_held_value(plot, cuts):
    along_x, along_y = cuts
    plane = plot.from_scene(along_x.plane.get_anchors())
    assert np.allclose(plane[:, 1], 3.0)
    assert plane[:, 2].min() == pytest.approx(plot.z_range[0]) and plane[:, 2].max() == pytest.approx(plot.z_range[1])
    assert np.allclose(plot.from_scene(along_y.plane.get_anchors())[:, 0], 2.0)


def test_near_side_masks_the_faces_between_the_camera_and_the_plane(plot, cuts):
    along_x, along_y = cuts
    centres = plot.from_scene(plot.surface.face_centres())
    assert np.array_equal(along_x.near_side(-1.0), centres[:, 1] < 3.0)
    assert np.array_equal(along_y.near_side(+1.0), centres[:, 0] > 2.0)


def test_story_has_three_lines_inside_a_panel_width(cuts):
    story = slice_story(cuts[0])
    assert len(story) == 3
    assert story.width < 4.7
