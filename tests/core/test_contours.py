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
