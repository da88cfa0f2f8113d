"""The depth layer's geometry, checked before anything is rasterised."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from manim import DEGREES, Circle, Line, VMobject, tempconfig  # noqa: E402

from gradanim.scene_base import LessonScene3D  # noqa: E402
from gradanim.render.primitives import (  # noqa: E402
    AA_MARGIN,
    MIN_SEGMENT,
    Projection,
    Triangles,
    mesh_edges,
    outline_edges,
    sampled_subpaths,
    shared_corners,
    smooth_colours,
    stroke_triangles,
)


def camera(phi=60, theta=-50, shift=(1.0, -0.5, 0.0)):
    with tempconfig({"quality": "low_quality", "dry_run": True}):
        scene = LessonScene3D()
    cam = scene.camera
    cam.set_phi(phi * DEGREES)
    cam.set_theta(theta * DEGREES)
    cam.set_zoom(1.3)
    cam.reset_rotation_matrix()
    cam.screen_shift = np.array(shift)
    return cam


def test_projection_matches_manims_camera_and_cairos_pixel_matrix():
    cam = camera()
    points = np.random.default_rng(0).uniform(-3, 3, (50, 3))
    proj = Projection.of(cam)
    got = proj.pixels(points)
    xy = cam.project_points(points)[:, :2]  # manim's projection, with the screen shift
    pw, ph = cam.pixel_width, cam.pixel_height
    expected = np.column_stack([xy[:, 0] * pw / cam.frame_width + pw / 2, ph / 2 - xy[:, 1] * ph / cam.frame_height])
    assert np.allclose(got[:, :2], expected)
    # Depth: nearer the camera is smaller; the eye is where every projection ray starts.
    nearer = proj.depth(points, toward=0.1)
    assert np.all(nearer < got[:, 2])
    eye = proj.eye()
    for p in points[:5]:  # points on one ray from the eye land on one pixel
        far = eye + 1.7 * (p - eye)
        assert np.allclose(proj.pixels(far)[0, :2], proj.pixels(p)[0, :2])


def test_depth_is_affine_in_screen_space_along_a_segment():
    """What the rasteriser interpolates linearly must be exact at a segment's midpoint in
    screen space (so planes meet along their true intersection)."""
    proj = Projection.of(camera())
    a, b = np.array([-2.0, 1.0, 0.5]), np.array([2.5, -1.5, 1.5])
    pa, pb = proj.pixels(np.array([a, b]))
    # The scene point that projects to the screen midpoint: search along the segment.
    t = np.linspace(0, 1, 200001)
    line = a + t[:, None] * (b - a)
    screen = proj.pixels(line)
    mid = (pa[:2] + pb[:2]) / 2
    k = np.argmin(np.linalg.norm(screen[:, :2] - mid, axis=1))
    assert screen[k, 2] == pytest.approx((pa[2] + pb[2]) / 2, abs=1e-6)


def test_straight_pieces_are_sampled_once_and_curves_closely():
    line = Line([0, 0, 0], [3, 1, 0])
    (poly,) = sampled_subpaths(line.points, 60.0)
    assert len(poly) == 2
    circle = Circle(radius=2.0)
    (ring,) = sampled_subpaths(circle.points, 60.0)
    radii = np.linalg.norm(ring[:, :2], axis=1)
    assert np.all(np.abs(radii - 2.0) < 0.3 / 60.0)  # within a third of a pixel of the circle
    # Between samples the chord sags by at most the tolerance too.
    mids = (ring[1:] + ring[:-1]) / 2
    assert np.all(2.0 - np.linalg.norm(mids[:, :2], axis=1) < 0.3 / 60.0)


def test_subpaths_split_where_the_curves_do_not_meet():
    shape = VMobject()
    shape.set_points_as_corners([[0, 0, 0], [1, 0, 0], [1, 1, 0]])
    other = VMobject()
    other.set_points_as_corners([[5, 5, 0], [6, 5, 0]])
    shape.append_points(other.points)
    paths = sampled_subpaths(shape.points, 50.0)
    assert [len(p) for p in paths] == [3, 2]


def strip(points, half_width=3.0):
    out = Triangles()
    points = np.column_stack([np.asarray(points, float), np.zeros(len(points))])
    stroke_triangles(points, np.zeros(len(points), int), np.array([half_width]), np.array([[1, 1, 1, 1.0]]), out)
    return out


def test_a_stroke_is_a_strip_as_wide_as_its_width_plus_the_antialiasing():
    out = strip([[0, 0], [100, 0]], half_width=3.0)
    xyz = np.concatenate(out.xyz)
    edge = np.concatenate(out.edge)
    assert len(out) == 2  # one quad
    assert np.allclose(np.abs(xyz[:, 1]), 3.0 + AA_MARGIN)  # the strip reaches the margin
    assert np.allclose(np.sort(np.unique(xyz[:, 0])), [-AA_MARGIN, 100 + AA_MARGIN])  # butt ends + margin
    assert np.allclose(np.abs(edge[:, 0]), 3.0 + AA_MARGIN) and np.allclose(edge[:, 1], 3.0)
    centre = np.concatenate(out.centre)
    assert np.allclose(centre[:, 1], 0)  # each vertex knows the centre-line point it came from


def test_a_mitred_joint_keeps_the_strip_width_on_both_legs():
    out = strip([[0, 0], [50, 0], [50, 50]], half_width=2.0)
    xyz = np.concatenate(out.xyz)[:, :2]
    # The corner's outer vertex sits on the mitre: (50 + r, -r) with r = half width + margin.
    r = 2.0 + AA_MARGIN
    assert np.min(np.linalg.norm(xyz - [50 + r, -r], axis=1)) < 1e-9
    assert np.min(np.linalg.norm(xyz - [50 - r, r], axis=1)) < 1e-9


def test_a_closed_stroke_wraps_around_without_an_end():
    square = [[0, 0], [40, 0], [40, 40], [0, 40], [0, 0]]
    out = strip(square, half_width=1.0)
    assert len(out) == 8  # four segments, two triangles each, no gap where it closes
    xyz = np.concatenate(out.xyz)[:, :2]
    assert xyz[:, 0].min() == pytest.approx(-1 - AA_MARGIN)  # mitred, not extended past the corner


def test_points_closer_than_the_minimum_segment_are_thinned():
    x = np.linspace(0, 30, 301)  # 0.1 px apart
    out = strip(np.column_stack([x, np.zeros_like(x)]))
    assert len(out) / 2 <= 30 / MIN_SEGMENT + 2


def grid_corners(n=4):
    xs = np.linspace(0, 1, n + 1)
    X, Y = np.meshgrid(xs, xs)
    Z = (X - 0.5) ** 2 + (Y - 0.5) ** 2
    P = np.stack([X, Y, Z], axis=-1)
    return np.stack([P[:-1, :-1], P[:-1, 1:], P[1:, 1:], P[1:, :-1]], axis=2).reshape(-1, 4, 3)


def test_mesh_edges_of_a_grid():
    corners = grid_corners(4)
    ends, faces = mesh_edges(corners)
    assert len(ends) == 2 * 4 * 5  # 40 edges in a 4 x 4 grid of faces
    assert (faces[:, 1] < 0).sum() == 16  # boundary: 4 per side
    # Every interior edge is shared by two different faces.
    inner = faces[faces[:, 1] >= 0]
    assert np.all(inner[:, 0] != inner[:, 1])


def test_outline_from_above_is_the_boundary_and_silhouettes_appear_from_the_side():
    corners = grid_corners(6)
    ends, faces = mesh_edges(corners)
    above = outline_edges(corners, faces, np.array([0.5, 0.5, 10.0]))
    assert np.array_equal(above, faces[:, 1] < 0)
    # Seen from low down beside the bowl, its far wall faces the eye and its near wall turns
    # away: silhouette edges appear between them.
    side = outline_edges(corners, faces, np.array([0.5, -20.0, 0.3]))
    assert side.sum() > above.sum()


def test_smooth_colours_average_the_faces_at_each_corner():
    corners = grid_corners(2)
    vid = shared_corners(corners)
    rgba = np.array([[1, 0, 0, 1], [0, 1, 0, 1], [0, 0, 1, 1], [1, 1, 1, 0.5]], dtype=float)
    colours = smooth_colours(vid, rgba)
    centre = vid == np.bincount(vid.ravel()).argmax()  # the corner all four faces share
    assert centre.sum() == 4
    assert np.allclose(colours[centre][:, :3], [0.5, 0.5, 0.5])
    assert np.allclose(colours[3, :, 3], 0.5)  # each face keeps its opacity


def test_nearest_depth_is_the_depth_buffer_at_a_pixel():
    tris = Triangles()
    tris.add(np.array([[0, 0, 0.2], [10, 0, 0.2], [0, 10, 0.6]], float), [1, 1, 1, 1])
    tris.add(np.array([[0, 0, 0.5], [10, 0, 0.5], [0, 10, 0.5]], float), [1, 1, 1, 1])
    got = tris.nearest_depth(np.array([[2, 5], [20, 20]]))
    assert got[0] == pytest.approx(0.2 + 0.4 * 0.5) and np.isinf(got[1])
