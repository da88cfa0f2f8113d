"""The surface mesh numbers against closed forms and finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from gradanim.core.domain import Domain
from gradanim.core.objective import Objective
from gradanim.core.surface_mesh import SurfaceMesh, lambert, lift, lift_polyline, line_on_graph, model_patch

BOWL = Objective.from_text("x^2 + 3y^2")
DOMAIN = Domain(((-3, 3), (-2, 2)))


def test_mesh_corners_are_the_graph_at_grid_points():
    mesh = SurfaceMesh.sample(BOWL, DOMAIN, (6, 4))
    assert mesh.shape == (4, 6) and mesh.n_faces == 24
    corners = mesh.corners()
    assert corners.shape == (24, 4, 3)
    x, y, z = corners[..., 0], corners[..., 1], corners[..., 2]
    assert np.allclose(z, x**2 + 3 * y**2)
    # face (j=0, i=0) spans x in [-3, -2], y in [-2, -1], corners counter-clockwise from below-left
    assert np.allclose(corners[0, :, :2], [[-3, -2], [-2, -2], [-2, -1], [-3, -1]])
    centres = mesh.face_centres()
    assert np.allclose(centres[0], [-2.5, -1.5, 2.5**2 + 3 * 1.5**2])


def test_height_fractions_span_zero_to_one_and_follow_value():
    mesh = SurfaceMesh.sample(BOWL, DOMAIN, 10)
    t = mesh.height_fractions()
    assert t.min() >= 0 and t.max() <= 1
    order = np.argsort(mesh.centre_values.ravel())
    assert np.all(np.diff(t[order]) >= -1e-12)
    lo, hi = mesh.value_range()
    assert lo == pytest.approx(0.0) and hi == pytest.approx(9 + 12)


def test_normals_are_perpendicular_to_finite_difference_tangents():
    f = Objective.from_text("sin(x) + x*y^2")
    scale = (1.3, 0.7, 0.4)
    mesh = SurfaceMesh.sample(f, DOMAIN, 7)
    normals = mesh.normals(scale)
    assert np.allclose(np.linalg.norm(normals, axis=1), 1)
    assert np.all(normals[:, 2] > 0)  # upward
    eps = 1e-6
    sx, sy, sz = scale
    for (x, y, _), n in zip(mesh.face_centres(), normals):
        dx = np.array([sx * eps, 0, sz * (f.value([x + eps, y]) - f.value([x - eps, y])) / 2])
        dy = np.array([0, sy * eps, sz * (f.value([x, y + eps]) - f.value([x, y - eps])) / 2])
        assert abs(n @ dx) < 1e-9
        assert abs(n @ dy) < 1e-9


def test_flat_function_has_vertical_normals_and_lambert_is_bounded():
    flat = Objective.from_text("2 + 0*x + 0*y", ("x", "y"))
    mesh = SurfaceMesh.sample(flat, DOMAIN, 3)
    assert np.allclose(mesh.normals(), [0, 0, 1])
    b = lambert(mesh.normals(), np.array([0, 0, 1.0]), ambient=0.4)
    assert np.allclose(b, 1.0)
    sideways = lambert(mesh.normals(), np.array([1.0, 0, 0]), ambient=0.4)
    assert np.allclose(sideways, 0.4)
    half = lambert(np.array([[0, 0, 1.0]]), np.array([1.0, 0, 1.0]), ambient=0.0)
    assert half[0] == pytest.approx(np.sqrt(0.5))


def test_undefined_corners_are_flagged_not_finite():
    mesh = SurfaceMesh.sample(Objective.from_text("log(x) + y", ("x", "y")), Domain(((-1, 1), (0, 1))), 4)
    assert not mesh.finite()[0]  # x < 0: undefined
    assert mesh.finite().reshape(mesh.shape)[:, -1].all()  # x > 0 column is fine


def test_lift_uses_the_objectives_values():
    xy = np.array([[1.0, 1.0], [-2.0, 0.5]])
    assert np.allclose(lift(BOWL, xy), [[1, 1, 4], [-2, 0.5, 4 + 0.75]])


def test_lift_polyline_passes_through_the_points_and_follows_the_graph_between():
    points = np.array([[-2.0, 1.0], [0.0, -1.0], [1.0, 0.0]])
    dense, index = lift_polyline(BOWL, points, samples_per_segment=5)
    assert len(dense) == 2 * 5 + 1
    assert np.allclose(dense[index, :2], points)
    assert np.allclose(dense[:, 2], dense[:, 0] ** 2 + 3 * dense[:, 1] ** 2)
    # the straight segment in (x, y): midpoints of step 0 are collinear
    d = dense[: index[1] + 1, :2] - points[0]
    cross = d[:, 0] * (points[1] - points[0])[1] - d[:, 1] * (points[1] - points[0])[0]
    assert np.allclose(cross, 0)


def test_line_on_graph_is_the_function_along_a_unit_direction():
    curve = line_on_graph(BOWL, [0.0, 0.0], [3.0, 4.0], half_length=1.0, samples=11)
    assert np.allclose(np.linalg.norm(curve[[0, -1], :2], axis=1), 1.0)
    t = np.linspace(-1, 1, 11)
    assert np.allclose(curve[:, 2], (0.6 * t) ** 2 + 3 * (0.8 * t) ** 2)


def test_model_patch_of_tangent_plane_matches_value_and_gradient():
    f = Objective.from_text("sin(x) + cos(y)")
    p = np.array([0.3, 1.2])
    X, Y, Z = model_patch(f.tangent_plane(p), (0.5, 0.5), 4)
    assert X.shape == (5, 5)
    expected = np.sin(0.3) + np.cos(1.2) + np.cos(0.3) * (X - 0.3) - np.sin(1.2) * (Y - 1.2)
    assert np.allclose(Z, expected)
    assert Z[2, 2] == pytest.approx(f.value(p))
