"""TangentPatch: the plane and quadratic model from the core, checked against closed forms."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.surface import SurfacePlot  # noqa: E402
from gradanim.components.tangent_plane import TangentPatch, model_formula  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402

F = Objective.from_text("sin(x) + cos(y)")
P = np.array([0.3, 1.2])


@pytest.fixture(scope="module")
def plot():
    return SurfacePlot(F, Domain(((-3, 3), (-3, 3))), resolution=8, contour_levels=0)


def closed_form_plane(x, y):
    return np.sin(0.3) + np.cos(1.2) + np.cos(0.3) * (x - 0.3) - np.sin(1.2) * (y - 1.2)


def closed_form_quadratic(x, y):
    return closed_form_plane(x, y) - 0.5 * np.sin(0.3) * (x - 0.3) ** 2 - 0.5 * np.cos(1.2) * (y - 1.2) ** 2


def test_plane_sheet_lies_on_the_tangent_plane_and_touches_at_p(plot):
    patch = TangentPatch(plot, P, half_width=(1.0, 1.0))
    corners = plot.from_scene(patch.sheet.face_corners().reshape(-1, 3))
    assert np.allclose(corners[:, 2], closed_form_plane(corners[:, 0], corners[:, 1]))
    assert plot.from_scene(patch.dot.get_center()[None, :])[0] == pytest.approx([0.3, 1.2, F.value(P)])
    assert np.abs(corners[:, :2] - P).max() == pytest.approx(1.0)


def test_quadratic_wire_follows_the_second_order_model(plot):
    patch = TangentPatch(plot, P, order=2, half_width=(1.0, 1.0))
    assert patch.model.hessian == pytest.approx(np.diag([-np.sin(0.3), -np.cos(1.2)]))
    for line in patch.wire:
        xyz = plot.from_scene(line.get_anchors())
        assert np.allclose(xyz[:, 2], closed_form_quadratic(xyz[:, 0], xyz[:, 1]))


def test_quadratic_model_is_closer_to_f_than_the_plane_near_p(plot):
    # errors O(h^2) for the plane and O(h^3) for the quadratic: the ratio shrinks with the patch
    ratios = []
    for h in (0.6, 0.2):
        plane = TangentPatch(plot, P, half_width=(h, h))
        quad = TangentPatch(plot, P, order=2, half_width=(h, h))
        truth = F.value_on(plane.X, plane.Y)
        ratios.append(np.abs(quad.Z - truth).max() / np.abs(plane.Z - truth).max())
    assert ratios[0] < 0.5 and ratios[1] < 0.5 * ratios[0]


def test_formula_parts():
    plot = SurfacePlot(F, Domain(((-3, 3), (-3, 3))), resolution=4, contour_levels=0)
    first = model_formula(TangentPatch(plot, P))
    second = model_formula(TangentPatch(plot, P, order=2))
    assert first.hessian is None and len(first) == 3
    assert second.hessian is not None and len(second) == 4
    with pytest.raises(ValueError):
        TangentPatch(plot, P, order=3)
