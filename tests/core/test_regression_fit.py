"""The fitted line of the lesson's regression run, checked by hand numbers."""

from __future__ import annotations

import numpy as np
import pytest

from gradanim.core.regression import LESSON_DEMO
from gradanim.core.regression_fit import fit_at, line_values


def test_line_values_by_hand():
    assert line_values(0.5, -2.0, [0, 1, 4]).tolist() == [0.5, -1.5, -7.5]


def test_fit_at_the_start_and_after_one_step():
    data, run = LESSON_DEMO.data, LESSON_DEMO.run()
    start = fit_at(data, run, 0)
    assert (start.b0, start.b1) == (0.0, 0.0)
    assert start.residuals.tolist() == [2, 4, 6, 8]
    assert start.loss == pytest.approx((4 + 16 + 36 + 64) / 4)
    # Step 1 by hand: gradient (-2 * 5, -2 * 15) = (-10, -30); lr 0.01 -> (0.1, 0.3).
    one = fit_at(data, run, 1)
    assert (one.b0, one.b1) == pytest.approx((0.1, 0.3))
    assert one.predictions == pytest.approx([0.4, 0.7, 1.0, 1.3])
    assert one.loss == pytest.approx(run.values[1])
    assert one.line(0, 5) == pytest.approx(np.array([[0, 0.1], [5, 1.6]]))


def test_fractional_steps_interpolate_parameters_and_the_end_is_the_lessons_result():
    data, run = LESSON_DEMO.data, LESSON_DEMO.run()
    half = fit_at(data, run, 0.5)
    assert (half.b0, half.b1) == pytest.approx((0.05, 0.15))
    end = fit_at(data, run, run.n_steps)
    assert f"b0={end.b0:.2f}, b1={end.b1:.2f}" == "b0=0.45, b1=1.85"
    assert end.loss == pytest.approx(run.final_value, rel=1e-12)
