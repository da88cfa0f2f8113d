"""Box: the extent of mobjects and the overlap rules label placement and redrawing share."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

pytest.importorskip("manim")

from manim import Dot, Square, VGroup, VMobject  # noqa: E402

import gradanim.components.bounds as bounds  # noqa: E402
from gradanim.components.bounds import Box, disjoint  # noqa: E402


def test_examples_in_the_module_hold():
    assert doctest.testmod(bounds).failed == 0


def test_box_of_a_group_spans_every_member_and_unpacks_like_a_tuple():
    group = VGroup(Square(1).move_to([-2, 0, 0]), Dot([3, 1.5, 0], radius=0.1))
    box = Box.of(group)
    left, right, bottom, top = box
    assert (left, right, bottom, top) == pytest.approx((-2.5, 3.1, -0.5, 1.6))
    assert box.width == pytest.approx(5.6) and box.center == pytest.approx(np.array([0.3, 0.55, 0]))
    assert Box.of(VMobject()) is None


def test_overlap_containment_and_distance_outside():
    a, b = Box(0, 2, 0, 2), Box(1, 3, 1, 3)
    assert a.overlaps(b) and a.overlap_area(b) == pytest.approx(1.0)
    assert not a.overlaps(Box(2, 3, 0, 1)) and a.overlap_area(Box(2, 3, 0, 1)) == 0.0
    assert a.contains(Box(0.5, 1, 0.5, 1)) and not a.contains(b)
    assert a.outside_by(b) == pytest.approx(2.0)
    assert Box.around([1, 1], 0.5) == Box(0.5, 1.5, 0.5, 1.5)


def test_disjoint_mobjects():
    assert disjoint(Square(1), Square(1).shift([2, 0, 0]))
    assert not disjoint(Square(1), Square(1).shift([0.5, 0, 0]))
    assert disjoint(Square(1), VMobject())
