"""Contour lines lie on their level; levels are sensible; undefined regions are masked."""

from __future__ import annotations

import numpy as np
import pytest

from gradanim.core.contours import Grid, auto_levels, contour_lines
from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective


def test_points_lie_on_their_level():
    f = Objective.from_text("x^2 + 3y^2 + sin(x*y)")
    grid = Grid.sample(f, Domain(((-3, 3), (-2, 2))), 201)
    levels = auto_levels(grid, 8)
    lines = contour_lines(grid, levels)
    span = np.ptp(grid.finite_values)
    for level, polylines in lines.items():
        assert polylines, f"level {level} has no line"
        for xy in polylines:
            values = f.value_on(xy[:, 0], xy[:, 1])
            assert np.max(np.abs(values - level)) < 2e-3 * span


def test_circle_levels_are_circles():
    f = Objective.from_text("x^2 + y^2")
    grid = Grid.sample(f, Domain(((-2, 2), (-2, 2))), 161)
    (line,) = contour_lines(grid, [1.0])[1.0]
    assert np.allclose(np.hypot(line[:, 0], line[:, 1]), 1.0, atol=1e-3)
    assert np.allclose(line[0], line[-1])  # closed, no false gap


def test_auto_levels_log_for_rosenbrock_and_linear_for_bowl():
    rosen = Grid.sample(Objective.from_text("(1-x)^2 + 100(y-x^2)^2"), Domain(((-2, 2), (-1, 3))), 101)
    levels = auto_levels(rosen, 10)
    gaps = np.diff(levels)
    assert np.all(gaps > 0) and gaps[-1] / gaps[0] > 100  # geometric spacing
    bowl = Grid.sample(Objective.from_text("x^2 + y^2"), Domain(((-2, 2), (-2, 2))), 101)
    assert np.allclose(np.diff(auto_levels(bowl, 5)), np.diff(auto_levels(bowl, 5))[0])
    assert auto_levels(Grid.sample(Objective.from_text("0*x + 1", ["x", "y"]), Domain(((0, 1), (0, 1))), 16)).size == 0


def test_undefined_region_is_masked_not_invented():
    f = Objective.from_text("log(x) + y^2")
    grid = Grid.sample(f, Domain(((-1, 2), (-1, 1))), 121)
    for polylines in contour_lines(grid, [0.0, 0.5]).values():
        for xy in polylines:
            assert np.all(xy[:, 0] > 0)


def test_bad_arguments():
    f = Objective.from_text("x + y + z")
    with pytest.raises(OptionError):
        Grid.sample(f, Domain(((0, 1), (0, 1))))
    with pytest.raises(OptionError):
        auto_levels(Grid.sample(Objective.from_text("x+y"), Domain(((0, 1), (0, 1))), 16), 0)


# --- extras: refinement onto the level, poles, closed lines, nice levels, bands, tangents ---

from gradanim.core.contours import Band, contour_bands, is_closed, nice_levels, point_on_level, ring_area  # noqa: E402


def test_refined_points_lie_exactly_on_the_level():
    f = Objective.from_text("x^2 + 3y^2 + sin(x*y)")
    grid = Grid.sample(f, Domain(((-3, 3), (-2, 2))), 61)  # coarse grid, exact points anyway
    for level, polylines in contour_lines(grid, [1.0, 4.0, 9.0]).items():
        for xy in polylines:
            assert np.max(np.abs(f.value_on(xy[:, 0], xy[:, 1]) - level)) < 1e-9


@pytest.mark.parametrize(
    "text, bounds, level",
    [
        ("1/(x^2 + y^2 - 1)", ((-2, 2), (-2, 2)), 0.0),  # pole on the unit circle, f never 0
        ("1/x + 0*y", ((-1, 1.3), (-1, 1)), 0.0),  # sign change across x = 0, f never 0
        ("1/(x^2 + y^2 - 1)", ((-2, 2), (-2, 2)), 0.5),  # a real circle outside, none on the pole
    ],
)
def test_no_line_is_invented_across_a_pole(text, bounds, level):
    f = Objective.from_text(text, ["x", "y"])
    grid = Grid.sample(f, Domain(bounds), 161)
    raw = contour_lines(Grid(grid.x, grid.y, grid.values), [level])[level]  # unrefined contourpy
    lines = contour_lines(grid, [level])[level]
    assert raw  # contourpy alone draws a line along the pole
    for xy in lines:
        assert np.max(np.abs(f.value_on(xy[:, 0], xy[:, 1]) - level)) < 1e-9
    if level == 0.0:
        assert lines == []
    else:  # 1/(r^2 - 1) = 0.5 on r^2 = 3: exactly one closed circle
        (circle,) = lines
        assert is_closed(circle)
        assert np.allclose(np.hypot(circle[:, 0], circle[:, 1]), np.sqrt(3), atol=1e-9)


def test_undefined_region_is_masked_for_log():
    f = Objective.from_text("log(x^2 + y^2 - 0.25) + 0.1*x")  # undefined inside the disc r < 1/2
    grid = Grid.sample(f, Domain(((-2, 2), (-2, 2))), 121)
    lines = contour_lines(grid, [-0.5, 0.0, 1.0])
    assert any(lines.values())
    for polylines in lines.values():
        for xy in polylines:
            assert np.all(np.hypot(xy[:, 0], xy[:, 1]) > 0.5)


def test_closed_levels_are_closed_without_false_gaps():
    # Two bumps: small closed loops around each top, and ellipses of a tilted bowl.
    bumps = Objective.from_text("exp(-((x-1)^2 + y^2)) + exp(-((x+1)^2 + y^2))")
    grid = Grid.sample(bumps, Domain(((-3, 3), (-2, 2))), 121)
    (left, right) = sorted(contour_lines(grid, [0.8])[0.8], key=lambda xy: xy[:, 0].mean())
    assert is_closed(left) and is_closed(right)
    assert left[:, 0].max() < 0 < right[:, 0].min()
    bowl = Objective.from_text("x^2 + 3y^2 + x*y")
    grid = Grid.sample(bowl, Domain(((-3, 3), (-2, 2))), 101)
    for level in (0.5, 2.0, 4.0):
        (ellipse,) = contour_lines(grid, [level])[level]
        assert is_closed(ellipse)
        gaps = np.linalg.norm(np.diff(ellipse, axis=0), axis=1)
        assert gaps.max() < 2 * 6 / 100  # no jump longer than a grid cell's diagonal


def test_nice_levels_are_round_and_inside():
    grid = Grid.sample(Objective.from_text("x^2*y/2"), Domain(((0, 5), (0, 4))), 101)
    levels = nice_levels(grid, 10)
    assert levels.tolist() == [5, 10, 15, 20, 25, 30, 35, 40, 45]  # range 0..50, step 5
    assert auto_levels(grid, 4, "nice").tolist() == [10, 20, 30, 40]
    small = Grid.sample(Objective.from_text("x + y"), Domain(((0, 0.1), (0, 0.2))), 16)
    assert np.allclose(nice_levels(small, 5), [0.05, 0.1, 0.15, 0.2, 0.25])


def test_bands_cover_the_domain_and_have_holes_where_expected():
    f = Objective.from_text("x^2 + y^2")
    grid = Grid.sample(f, Domain(((-2, 2), (-2, 2))), 201)
    bands = contour_bands(grid, [1.0, 2.0])
    assert [(b.lower, b.upper) for b in bands] == [(0.0, 1.0), (1.0, 2.0), (2.0, 8.0)]
    areas = [sum(ring_area(r) for poly in b.polygons for r in poly) for b in bands]
    # Disc r<1, annulus 1<r<sqrt2, the square minus the disc r<sqrt2: pi, pi, 16 - 2 pi.
    assert areas == pytest.approx([np.pi, np.pi, 16 - 2 * np.pi], rel=2e-3)
    (annulus,) = bands[1].polygons
    outer, hole = annulus
    assert ring_area(outer) > 0 > ring_area(hole)  # anticlockwise outside, clockwise hole
    assert isinstance(bands[0], Band)


def test_bands_leave_out_undefined_cells():
    f = Objective.from_text("log(x) + y^2")
    grid = Grid.sample(f, Domain(((-1, 2), (-1, 1))), 121)
    for band in contour_bands(grid, [0.0, 0.5]):
        for poly in band.polygons:
            for ring in poly:
                assert np.all(ring[:, 0] > 0)


def test_level_tangent_from_the_polyline_is_perpendicular_to_the_gradient():
    f = Objective.from_text("x^2*y/2")
    grid = Grid.sample(f, Domain(((0, 5), (0, 4))), 161)
    lines = contour_lines(grid, [6.0])[6.0]
    point, tangent = point_on_level(lines, (2, 3))
    assert np.linalg.norm(point - [2, 3]) < 0.03
    assert f.value(point) == pytest.approx(6.0, abs=1e-9)
    g = f.gradient(point)
    assert abs(tangent @ g) / np.linalg.norm(g) < 1e-3
    # The circle's tangent at (1, 0) is vertical.
    circle = contour_lines(Grid.sample(Objective.from_text("x^2 + y^2"), Domain.square(2), 161), [1.0])[1.0]
    p, t = point_on_level(circle, (1.2, 0.0))
    assert p == pytest.approx([1.0, 0.0], abs=1e-3) and abs(t[0]) < 1e-3
