from fractions import Fraction

import numpy as np
import pytest

from gradanim.core.errors import OptionError
from gradanim.core.optimizers import make_stepper
from gradanim.core.update_table import CFO_TABLE, UpdateRow


def test_cfo_table_answers_are_2_4_and_minus_0_3():
    intercept, slope = CFO_TABLE
    assert intercept.new == Fraction("2.4")
    assert slope.new == Fraction("-0.3")
    # "We adjusted beta_0 upward and beta_1 downward."
    assert intercept.change > 0 > slope.change


def test_table_agrees_with_the_gd_optimizer_step():
    stepper = make_stepper("gd", lr=0.1)
    old = np.array([float(r.old) for r in CFO_TABLE])
    gradient = np.array([float(r.gradient) for r in CFO_TABLE])
    new = stepper.step(old, gradient, None)
    assert new == pytest.approx([float(r.new) for r in CFO_TABLE], rel=1e-15)


def test_ascent_and_bad_rates():
    assert UpdateRow.of("w", 1, 2, "0.5", maximize=True).new == 2
    with pytest.raises(OptionError):
        UpdateRow.of("w", 1, 2, -1)
    with pytest.raises(OptionError):
        UpdateRow.of("w", "abc", 2, 1)
