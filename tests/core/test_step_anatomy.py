"""A step taken apart: hand-computed first steps, every optimiser's parts adding up to the
steps torch took (the reference data), and refusals."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective
from gradanim.core.step_anatomy import TERMS, anatomy
from gradanim.core.trajectory import descend

from test_optimizers import _reference, _reference_function  # noqa: E402  (same folder, on sys.path)

BOWL = Objective.from_text("x^2 + 3y^2")  # gradient (2x, 6y)


def test_momentum_by_hand():
    run = descend(BOWL, [2, 1], "momentum", lr=0.1, momentum=0.8, steps=3, tol=0)
    first = anatomy(run, 0)
    assert first.terms["carried"].tolist() == [0, 0] and first.terms["velocity"].tolist() == [4, 6]
    assert first.step == pytest.approx([-0.4, -0.6])
    # x_1 = (1.6, 0.4): g = (3.2, 2.4); b_2 = 0.8 (4, 6) + (3.2, 2.4) = (6.4, 7.2)
    second = anatomy(run, 1)
    assert second.terms["g"] == pytest.approx([3.2, 2.4])
    assert second.terms["carried"] == pytest.approx([3.2, 4.8])
    assert second.terms["velocity"] == pytest.approx([6.4, 7.2])
    assert second.step == pytest.approx([-0.64, -0.72])


def test_rmsprop_and_adam_first_steps_by_hand():
    rms = anatomy(descend(BOWL, [2, 1], "rmsprop", lr=0.01, steps=2, tol=0), 0)
    # s_1 = 0.01 g^2 = (0.16, 0.36); sqrt = (0.4, 0.6); g / sqrt = (10, 10)
    assert rms.terms["square_avg"] == pytest.approx([0.16, 0.36])
    assert rms.terms["root"] == pytest.approx([0.4, 0.6])
    assert rms.terms["scaled"] == pytest.approx([10, 10], rel=1e-6)
    assert rms.step == pytest.approx([-0.1, -0.1], rel=1e-6)
    adam = anatomy(descend(BOWL, [2, 1], "adam", lr=0.1, steps=2, tol=0), 0)
    # bias correction undoes the first average: m_hat = g, v_hat = g^2, step = -lr sign(g)
    assert adam.terms["exp_avg"] == pytest.approx([0.4, 0.6])
    assert adam.terms["m_hat"] == pytest.approx([4, 6])
    assert adam.terms["root"] == pytest.approx([4, 6])
    assert adam.step == pytest.approx([-0.1, -0.1], rel=1e-6)


def test_adagrad_nesterov_and_gd():
    ada = anatomy(descend(BOWL, [2, 1], "adagrad", lr=0.5, steps=2, tol=0), 1)
    assert ada.terms["sum"] == pytest.approx(np.asarray(ada.terms["g"]) ** 2 + np.array([16.0, 36.0]))
    nes = anatomy(descend(BOWL, [2, 1], "nesterov", lr=0.05, steps=2, tol=0), 1)
    assert nes.terms["direction"] == pytest.approx(nes.terms["g"] + 0.9 * nes.terms["velocity"])
    gd = anatomy(descend(BOWL, [2, 1], "gd", lr=0.1, steps=1, tol=0), 0)
    assert set(gd.terms) == {"g", "step"} and gd.step == pytest.approx([-0.4, -0.6])


@pytest.mark.parametrize("options", [{"maximize": True}, {"weight_decay": 0.1}])
def test_maximize_and_weight_decay_change_g(options):
    run = descend(Objective.from_text("-(x^2 + 3y^2)") if options.get("maximize") else BOWL, [2, 1], "adam",
                  lr=0.1, steps=3, tol=0, **options)
    parts = anatomy(run, 2)
    if options.get("maximize"):
        assert parts.terms["g"] == pytest.approx(-np.asarray(run.gradients[2]))
    else:
        assert parts.terms["g"] == pytest.approx(np.asarray(run.gradients[2]) + 0.1 * run.points[2])


def test_every_reference_run_adds_up():
    """Every run of the torch reference (all optimisers and settings): each step's parts
    rebuild the step (anatomy raises when they do not), and every term is documented."""
    reference = _reference()
    seen = 0
    for case in reference["cases"]:
        f = _reference_function(case["function"], reference["functions"])
        run = descend(f, case["start"], case["optimizer"], steps=case["steps"], tol=0.0,
                      maximize=case["maximize"], **case["hyperparameters"])
        for k in range(run.n_steps):
            parts = anatomy(run, k)
            assert set(parts.terms) <= set(TERMS)
            np.testing.assert_allclose(parts.step, np.subtract(case["points"][k + 1], case["points"][k]),
                                       rtol=1e-9, atol=1e-12)
            seen += 1
    assert seen > 500


def test_refusals():
    run = descend(BOWL, [2, 1], "momentum", lr=0.1, steps=2, tol=0)
    with pytest.raises(OptionError, match="not a step"):
        anatomy(run, 2)
    with pytest.raises(OptionError, match="Newton"):
        anatomy(descend(BOWL, [2, 1], "newton", steps=1, tol=0), 0)
    assert math.isfinite(anatomy(run, 1).lr)
