"""Directional derivatives all the way round a point, against closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from gradanim.core.directional import angle_of, directional_profile, unit_vector
from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective


@pytest.fixture(scope="module")
def ceo():
    return directional_profile(Objective.from_text("x^2*y/2"), [2, 3], extra={"northeast": (1, 1)})


def test_profile_is_the_cosine_of_the_angle_to_the_gradient(ceo):
    # Closed form: D_u f = |g| cos(theta - theta_g) with g = (6, 2).
    theta_g = np.arctan2(2, 6)
    expected = np.sqrt(40) * np.cos(ceo.angles - theta_g)
    assert ceo.values == pytest.approx(expected, abs=1e-12)
    assert ceo.angles[0] == 0 and ceo.angles[-1] == pytest.approx(2 * np.pi)
    assert np.all(np.diff(ceo.angles) > 0)


def test_marks_gradient_contours_opposite(ceo):
    assert ceo.magnitude == pytest.approx(np.sqrt(40))
    assert ceo.maximum.angle == pytest.approx(np.arctan2(2, 6))
    assert ceo.maximum.value == pytest.approx(np.sqrt(40))
    assert ceo.minimum.value == pytest.approx(-np.sqrt(40))
    assert ceo.minimum.angle == pytest.approx(np.arctan2(2, 6) + np.pi)
    contours = ceo.contour_marks
    assert len(contours) == 2 and all(m.value == 0.0 for m in contours)
    for m in contours:  # perpendicular to the gradient
        assert m.direction @ np.array([6, 2]) == pytest.approx(0, abs=1e-12)
    # The samples never exceed the maximum, and reach it at the gradient's angle.
    assert ceo.values.max() == pytest.approx(np.sqrt(40), rel=1e-15)
    assert ceo.angles[np.argmax(ceo.values)] == pytest.approx(ceo.maximum.angle)


def test_northeast_is_8_over_root_2_and_interpolation_hits_marks(ceo):
    ne = ceo.mark("northeast")[0]
    assert ne.angle == pytest.approx(np.pi / 4)
    assert ne.value == pytest.approx(8 / np.sqrt(2))
    for m in ceo.marks:
        assert ceo.value_at(m.angle) == pytest.approx(m.value, abs=1e-12)
        assert ceo.value_at(m.angle + 2 * np.pi) == pytest.approx(m.value, abs=1e-12)  # periodic


def test_helpers():
    assert angle_of([0, -1]) == pytest.approx(1.5 * np.pi)
    assert unit_vector(np.pi / 2) == pytest.approx([0, 1])
    assert unit_vector([0, np.pi]).shape == (2, 2)
    with pytest.raises(OptionError):
        angle_of([0, 0])


def test_zero_gradient_has_no_special_direction():
    with pytest.raises(OptionError):
        directional_profile(Objective.from_text("x^2 + y^2"), [0, 0])


def test_slope_at_is_exact_between_samples():
    # x^2 y / 2 at (2, 3): grad = (6, 2), so D_u f = 6 cos t + 2 sin t by hand, at any angle;
    # the sampled curve (value_at) is close but interpolated.
    from gradanim.core.objective import Objective

    profile = directional_profile(Objective.from_text("x^2*y/2"), (2.0, 3.0), samples=16)
    for t in (0.1, 1.234, 4.0, 6.2):
        assert profile.slope_at(t) == pytest.approx(6 * np.cos(t) + 2 * np.sin(t), abs=1e-12)
    assert abs(profile.value_at(1.234) - profile.slope_at(1.234)) > 1e-4  # 16 samples: interpolation shows
    assert profile.slope_at(np.array([0.0, np.pi / 2])) == pytest.approx([6.0, 2.0])
