"""DashedSegment: one shape whose dashes run exactly from start to end."""

import numpy as np
import pytest
from manim import Create

from gradanim.components.dashes import DashedSegment


def test_dashes_run_from_start_to_end_along_the_segment():
    a, b = np.array([1.0, -1.0, 0.0]), np.array([1.0, 1.4, 0.0])
    segment = DashedSegment(a, b, dash_length=0.06, dashed_ratio=0.55)
    assert segment.get_start() == pytest.approx(a) and segment.get_end() == pytest.approx(b)
    ends = segment.dash_ends(a, b)
    lengths = np.linalg.norm(ends[:, 1] - ends[:, 0], axis=1)
    gaps = np.linalg.norm(ends[1:, 0] - ends[:-1, 1], axis=1)
    assert np.allclose(lengths, lengths[0]) and np.allclose(gaps, gaps[0])
    assert lengths[0] / (lengths[0] + gaps[0]) == pytest.approx(0.55)  # the dashed ratio
    assert lengths[0] == pytest.approx(0.06, rel=0.05)  # pattern stretched only slightly
    assert np.allclose(ends[..., 0], 1.0)  # every dash on the segment
    # one mobject, one subpath per dash
    assert not segment.submobjects and len(segment.get_subpaths()) == len(ends)


def test_moving_ends_and_hiding_when_too_short():
    segment = DashedSegment(dash_length=0.1)
    segment.put_start_and_end_on([0, 0, 0], [0, 2, 0])
    assert segment.get_end() == pytest.approx([0, 2, 0]) and segment.get_stroke_opacity() == 1
    segment.put_start_and_end_on([0, 0, 0], [0, 0, 0])
    assert segment.get_stroke_opacity() == 0
    segment.put_start_and_end_on([0, 0, 0], [3, 0, 0])
    assert segment.get_stroke_opacity() == 1 and segment.get_end() == pytest.approx([3, 0, 0])


def test_it_can_be_created_like_any_path():
    segment = DashedSegment([0, 0, 0], [1, 0, 0])
    create = Create(segment)
    create.begin()
    create.interpolate(0.5)
    assert segment.get_end()[0] == pytest.approx(0.5, abs=0.07)
    create.finish()
    assert segment.get_end() == pytest.approx([1, 0, 0])


def test_bad_patterns_are_refused():
    with pytest.raises(ValueError):
        DashedSegment(dash_length=0)
    with pytest.raises(ValueError):
        DashedSegment(dashed_ratio=1.5)


def test_no_dashes_between_equal_points():
    assert DashedSegment().dash_ends([1, 1, 0], [1, 1, 0]).shape == (0, 2, 3)
