"""SurfacePlot, FaceMesh, the 3D camera and LessonScene3D checked by geometry, before rendering."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from manim import DEGREES, OUT, rotation_matrix  # noqa: E402

from gradanim.scene_base import LessonScene3D  # noqa: E402
from gradanim.components.surface import FaceMesh, SurfacePlot  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402

BOWL = Objective.from_text("x^2 + 3y^2")
DOMAIN = Domain(((-3, 3), (-2, 2)))


@pytest.fixture(scope="module")
def plot():
    return SurfacePlot(BOWL, DOMAIN, x_length=6, z_length=3, resolution=12, contour_levels=5)


def test_scene_map_is_affine_with_the_requested_sizes(plot):
    a, b = plot.to_scene([[-3, -2, 0], [3, 2, 21]])
    assert b - a == pytest.approx([6.0, 4.0, 3.0])  # equal x/y units, z squeezed into z_length
    xyz = np.array([[0.5, -1.0, 3.0], [2.0, 1.5, 10.0]])
    assert np.allclose(plot.from_scene(plot.to_scene(xyz)), xyz)


def test_surface_faces_lie_on_the_graph(plot):
    corners = plot.surface.face_corners().reshape(-1, 3)
    xyz = plot.from_scene(corners)
    assert np.allclose(xyz[:, 2], BOWL.value_on(xyz[:, 0], xyz[:, 1]))
    assert plot.surface.n_faces == 12 * 12


def test_face_colours_get_warmer_with_height(plot):
    centres = plot.from_scene(plot.surface.face_centres())
    heights = BOWL.value_on(centres[:, 0], centres[:, 1])
    low, high = np.argmin(heights), np.argmax(heights)
    # the colour map runs dark blue -> warm: red channel grows, even after shading
    assert plot.surface.face_rgbas[high, 0] > plot.surface.face_rgbas[low, 0] + 0.3


def test_contours_sit_on_their_level_on_the_surface_and_on_the_floor(plot):
    assert len(plot.levels) == 5
    for line in plot.surface_contours:
        xyz = plot.from_scene(line.get_anchors())
        assert np.allclose(xyz[:, 2], line.level)
        assert np.allclose(BOWL.value_on(xyz[:, 0], xyz[:, 1]), line.level, rtol=5e-3, atol=5e-3)
    for line in plot.floor_contours:
        xyz = plot.from_scene(line.get_anchors())
        assert np.allclose(xyz[:, 2], plot.floor)
        assert np.allclose(BOWL.value_on(xyz[:, 0], xyz[:, 1]), line.level, rtol=5e-3, atol=5e-3)


def test_place_turns_and_moves_the_whole_plot_consistently():
    p = SurfacePlot(BOWL, DOMAIN, resolution=6, contour_levels=2)
    before = p.to_scene([[1.0, -1.0, 4.0]])[0]
    c0 = p.box_center()
    label0 = p.axis_labels[0].get_center()
    p.place(np.array([4.0, 0.0, 0.0]), yaw=30 * DEGREES)
    rot = rotation_matrix(30 * DEGREES, OUT)
    assert np.allclose(p.to_scene([[1.0, -1.0, 4.0]])[0], [4, 0, 0] + rot @ (before - c0))
    assert np.allclose(p.axis_labels[0].get_center(), [4, 0, 0] + rot @ (label0 - c0))
    corners = p.from_scene(p.surface.face_corners().reshape(-1, 3))
    assert np.allclose(corners[:, 2], BOWL.value_on(corners[:, 0], corners[:, 1]))


def test_face_mesh_opacity_and_interpolation():
    corners = np.array([[[0, 0, 0], [1, 0, 0], [1, 1, 0], [0, 1, 0]], [[1, 0, 0], [2, 0, 0], [2, 1, 0], [1, 1, 0]]], float)
    mesh = FaceMesh(corners, [[1, 0, 0, 1], [0, 0, 1, 1]])
    assert np.allclose(mesh.face_corners(), corners)
    target = mesh.copy().set_face_opacity(0.2, np.array([True, False]))
    assert target.face_rgbas[:, 3] == pytest.approx([0.2, 1.0])
    mid = mesh.copy()
    mid.interpolate(mesh, target, 0.5)
    assert mid.face_rgbas[:, 3] == pytest.approx([0.6, 1.0])
    mesh.shift(OUT)
    assert np.allclose(mesh.face_corners()[..., 2], 1.0)


class _Scene(LessonScene3D):
    title = "A title"
    theta = -60.0
    ambient_rate = 0.2

    def construct(self):
        pass


def test_fit_camera_keeps_the_plot_inside_the_plot_box_at_every_turning_angle(plot):
    with manim.tempconfig({"dry_run": True, "quality": "low_quality"}):
        scene = _Scene()
        thetas = scene.turning_thetas(4.0)
        scene.fit_camera(plot, thetas=thetas)
        box = scene.plot_box
        cam = scene.camera
        for theta in thetas:
            cam.set_theta(theta)
            cam.reset_rotation_matrix()
            xy = cam.project_points(plot.bounding_points())[:, :2]
            assert xy[:, 0].min() >= box.left - 1e-6 and xy[:, 0].max() <= box.right + 1e-6
            assert xy[:, 1].min() >= box.bottom - 1e-6 and xy[:, 1].max() <= box.top + 1e-6
        title = scene.make_title()
        assert abs(title.get_left()[0]) <= 7.1 and title.get_top()[1] <= 4
        assert title.get_bottom()[1] > box.top - 0.05  # the title sits above the 3D picture


def test_camera_draws_far_faces_first():
    with manim.tempconfig({"dry_run": True, "quality": "low_quality"}):
        scene = _Scene()
        cam = scene.camera
        cam.set_phi(60 * DEGREES)
        cam.set_theta(-90 * DEGREES)  # looking along +y: larger y is farther
        cam.reset_rotation_matrix()
        depths = cam.depths(np.array([[0, 2.0, 0], [0, -2.0, 0]]))
        assert depths[0] < depths[1]


def test_axis_names_sit_on_the_edges_through_the_corner_nearest_the_camera():
    from gradanim.components.surface import near_corner_for

    assert near_corner_for(-60) == (1, 0) and near_corner_for(-128) == (0, 0) and near_corner_for(45) == (1, 1)
    p = SurfacePlot(BOWL, DOMAIN, resolution=4, contour_levels=0, near_corner=(0, 0))
    x_label, y_label, f_label = (p.from_scene(label.get_center()[None, :])[0] for label in p.axis_labels)
    assert x_label[1] == pytest.approx(-2) and x_label[0] > 3  # beyond x max, on the y-min edge
    assert y_label[0] == pytest.approx(-3) and y_label[1] > 2  # beyond y max, on the x-min edge
    assert f_label[:2] == pytest.approx([3, 2])  # on the far vertical edge
