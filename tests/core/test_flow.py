"""Gradient-flow lines against closed forms: rays of a bowl, monotone values, tangents = gradients."""

from __future__ import annotations

import numpy as np
import pytest

from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError
from gradanim.core.flow import (
    FlowStop,
    flow_line,
    flow_lines,
    grid_seeds,
    ring_seeds,
    streamline_through,
    streamlines_through,
    thin_lines,
)
from gradanim.core.objective import Objective

BOWL = Objective.from_text("x^2 + y^2")
SQUARE = Domain.square(2)
BUMPS = Objective.from_text("1.5*exp(-((x-1)^2 + (y-0.4)^2)) - exp(-((x+1.2)^2 + (y+0.5)^2)/0.8)")
WIDE = Domain(((-3, 3), (-2, 2)))


def test_descent_on_a_bowl_is_a_straight_ray_to_the_origin():
    seed = np.array([1.5, 1.0])
    line = flow_line(BOWL, seed, ascent=False, domain=SQUARE)
    # Every point on the segment from the seed to 0: zero cross product, shrinking radius.
    cross = line.points[:, 0] * seed[1] - line.points[:, 1] * seed[0]
    assert np.max(np.abs(cross)) < 1e-9
    radius = np.linalg.norm(line.points, axis=1)
    assert np.all(np.diff(radius) < 0)
    assert line.stop is FlowStop.CRITICAL
    assert radius[-1] < 0.02  # stops at the minimum (within one step of 0.016)
    assert line.length == pytest.approx(np.linalg.norm(seed), abs=0.02)


def test_ascent_on_a_bowl_ends_exactly_on_the_domain_edge():
    line = flow_line(BOWL, (0.5, 0.2), ascent=True, domain=SQUARE)
    assert line.stop is FlowStop.EDGE
    assert line.points[-1] == pytest.approx([2.0, 0.8], abs=1e-9)  # the ray through (0.5, 0.2) meets x = 2
    assert np.all(np.abs(line.points) <= 2.0 + 1e-12)


def test_steps_are_unit_speed_in_arc_length():
    line = flow_line(BUMPS, (-0.5, 1.0), ascent=True, domain=WIDE, step=0.01)
    steps = np.linalg.norm(np.diff(line.points, axis=0), axis=1)
    assert np.allclose(steps[:-1], 0.01, rtol=1e-3)  # RK4 of a unit field moves one step (chord ~ arc)


@pytest.mark.parametrize("seed", [(-0.5, 1.0), (2.0, -1.5), (0.3, 0.2), (-2.5, 1.8)])
def test_descent_values_decrease_monotonically(seed):
    line = flow_line(BUMPS, seed, ascent=False, domain=WIDE)
    assert len(line.points) > 10
    assert np.all(np.diff(line.values) < 0)
    assert np.allclose(line.values, BUMPS.value_on(line.points[:, 0], line.points[:, 1]))


@pytest.mark.parametrize("ascent", [True, False])
def test_tangent_is_parallel_to_the_gradient_everywhere(ascent):
    for line in flow_lines(BUMPS, grid_seeds(WIDE, (5, 3)), ascent=ascent, domain=WIDE, step=0.01):
        # The last step may be clipped at the edge, or pass within a step of the top or
        # bottom (where the unit field turns round): test the steps before those.
        pts = line.points[:-1] if line.stop is FlowStop.EDGE else line.points[:-3]
        if len(pts) < 3:
            continue
        chords = np.diff(pts, axis=0)
        mid = (pts[1:] + pts[:-1]) / 2
        g = BUMPS.gradient_on(mid[:, 0], mid[:, 1]).T
        u = chords / np.linalg.norm(chords, axis=1)[:, None]
        v = g / np.linalg.norm(g, axis=1)[:, None]
        cos = np.sum(u * v, axis=1)
        assert np.all(cos > 1 - 1e-6) if ascent else np.all(cos < -1 + 1e-6)


def test_ascent_ends_at_the_maximum_found_by_the_core():
    from gradanim.core.critical import Kind, critical_points

    top = next(c for c in critical_points(BUMPS, WIDE) if c.kind == Kind.MAXIMUM)
    line = flow_line(BUMPS, (0.0, 0.0), ascent=True, domain=WIDE, step=0.005)
    assert line.stop is FlowStop.CRITICAL
    assert np.linalg.norm(line.points[-1] - top.point) < 0.02


def test_max_length_and_undefined_stop_the_line():
    line = flow_line(BUMPS, (-0.5, 1.0), ascent=True, domain=WIDE, max_length=0.5, step=0.03)
    assert line.stop is FlowStop.MAX_LENGTH
    assert line.length == pytest.approx(0.5, abs=1e-9)
    log = Objective.from_text("log(x) + y")
    down = flow_line(log, (0.5, 0.5), ascent=False, domain=Domain(((-1, 1), (-1, 1))))
    assert down.stop is FlowStop.UNDEFINED
    assert np.all(down.points[:, 0] > 0)  # never a point where log is undefined


def test_streamline_through_a_seed_joins_both_halves_uphill():
    seed = np.array([-0.2, 0.9])
    line = streamline_through(BUMPS, seed, domain=WIDE)
    assert line.ascent
    assert np.all(np.diff(line.values) > 0)
    assert np.min(np.linalg.norm(line.points - seed, axis=1)) == 0.0
    assert line.reversed().points[0] == pytest.approx(line.points[-1])


def test_thin_lines_keeps_lines_apart():
    lines = streamlines_through(BUMPS, grid_seeds(WIDE, (10, 7)), domain=WIDE)
    kept = thin_lines(lines, 0.3)
    assert 6 <= len(kept) < len(lines)
    for a in range(len(kept)):
        seed = kept[a].seed
        for b in range(a):
            d = np.linalg.norm(kept[a].points[:, None] - kept[b].points[None], axis=2)
            # Seeds keep the full separation; lines may close in to half of it (the earlier
            # line is sampled every separation/4, hence the small slack).
            assert np.min(np.linalg.norm(kept[b].points - seed, axis=1)) >= 0.3
            assert d.min() >= 0.15 - 0.08
        assert kept[a].length >= 0.9
        assert np.all(np.diff(kept[a].values) > 0)  # still uphill curves


def test_seeds_and_bad_options():
    ring = ring_seeds((1.0, -1.0), 0.5, 8)
    assert np.allclose(np.linalg.norm(ring - [1.0, -1.0], axis=1), 0.5)
    assert grid_seeds(SQUARE, (4, 2)).shape == (8, 2)
    with pytest.raises(OptionError):
        flow_line(BOWL, (1, 1), domain=SQUARE, step=0)
    with pytest.raises(OptionError):
        flow_line(Objective.from_text("x + y + z"), (1, 1), domain=SQUARE)
    outside = flow_line(BOWL, (3.0, 0.0), domain=SQUARE)
    assert outside.stop is FlowStop.EDGE and len(outside.points) == 1


def test_nearest_within_matches_brute_force_up_to_its_reach():
    from gradanim.core.flow import _nearest_within

    rng = np.random.default_rng(7)
    points = np.cumsum(rng.normal(0, 0.05, (300, 2)), axis=0)  # a wandering line
    cloud = rng.uniform(points.min() - 1, points.max() + 1, (150, 2))
    exact = np.min(np.linalg.norm(points[:, None] - cloud[None], axis=2), axis=1)
    for reach in (0.02, 0.1, 0.4):
        got = _nearest_within(points, cloud, reach)
        close = exact <= reach
        assert close.any() and (~close).any()
        assert np.array_equal(got[close], exact[close])
        assert np.all(got[~close] > reach)
