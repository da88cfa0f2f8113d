"""Races of optimiser runs: lockstep positions, outcomes and legend hyper-parameters."""

from __future__ import annotations

import numpy as np
import pytest

from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective
from gradanim.core.race import lockstep, lockstep_point, outcome, race_length, shown_hyperparameters
from gradanim.core.trajectory import Status, descend

BOWL = Objective.from_text("x^2 + 3y^2")


@pytest.fixture(scope="module")
def runs():
    long = descend(BOWL, [2.0, 1.0], "gd", lr=0.01, steps=30, tol=0.0)  # max_steps, 30 steps
    quick = descend(BOWL, [2.0, 1.0], "gd", lr=0.25, steps=30, tol=1e-3)  # converges early
    wild = descend(BOWL, [2.0, 1.0], "gd", lr=0.5, steps=300)  # |1 - 6 lr| = 2: diverges
    return long, quick, wild


def test_race_length_is_the_longest_run(runs):
    long, quick, wild = runs
    assert quick.converged and quick.n_steps < 30
    assert wild.diverged
    assert race_length(runs) == 30
    with pytest.raises(OptionError):
        race_length([])


def test_lockstep_walks_then_waits(runs):
    long, quick, _ = runs
    assert lockstep(long, 0) == (0, 0.0)
    assert lockstep(long, -3) == (0, 0.0)
    assert lockstep(long, 7.25) == (7, 0.25)
    assert lockstep(long, 30) == (30, 0.0)
    n = quick.n_steps
    assert lockstep(quick, n + 5.5) == (n, 0.0)  # converged early: waits at its last point
    assert lockstep(long, 12.5, limit=10) == (10, 0.0)
    with pytest.raises(OptionError):
        lockstep(long, float("nan"))


def test_lockstep_point_interpolates_between_recorded_points(runs):
    long, _, _ = runs
    # gd on x^2 + 3y^2 with lr 0.01: x_k = 2 * 0.98^k, y_k = 0.94^k (hand formula).
    assert lockstep_point(long, 3) == pytest.approx([2 * 0.98**3, 0.94**3], rel=1e-12)
    halfway = lockstep_point(long, 3.5)
    assert halfway == pytest.approx(0.5 * (long.points[3] + long.points[4]), rel=1e-12)


def test_outcome_reports_status_steps_value_and_gap(runs):
    long, quick, wild = runs
    o = outcome(quick, targets=[(0.0, 0.0)])
    assert o.status is Status.CONVERGED and o.finished_early
    assert o.steps == quick.n_steps
    assert o.distance == pytest.approx(np.hypot(*quick.final_point))
    assert o.final_value == pytest.approx(BOWL.value(quick.final_point))
    assert not outcome(long).finished_early and outcome(long).distance is None
    assert outcome(wild).status is Status.DIVERGED


def test_shown_hyperparameters_name_the_key_ones_and_any_changed_default():
    adam = descend(BOWL, [1.0, 1.0], "adam", lr=0.05, steps=3)
    assert shown_hyperparameters(adam) == [("lr", 0.05), ("betas", (0.9, 0.999))]
    gd = descend(BOWL, [1.0, 1.0], "gd", lr=0.1, steps=3, weight_decay=0.01)
    assert shown_hyperparameters(gd) == [("lr", 0.1), ("weight_decay", 0.01)]
    momentum = descend(BOWL, [1.0, 1.0], "momentum", lr=0.01, steps=3)
    assert shown_hyperparameters(momentum) == [("lr", 0.01), ("momentum", 0.9)]
    assert shown_hyperparameters(momentum, keys=()) == [("lr", 0.01)]  # lr differs from 0.001
    default = descend(BOWL, [1.0, 1.0], "momentum", steps=3)
    assert shown_hyperparameters(default, keys=()) == []


# --- the rule a race chooses its learning rates by -------------------------------------------


def test_best_learning_rate_is_the_lowest_end_among_runs_that_stay():
    from gradanim.core.domain import Domain
    from gradanim.core.race import LR_GRID, best_learning_rate

    bowl = Objective.from_text("x^2 + 3y^2")  # L = 6: gd diverges above 2/6
    tuned = best_learning_rate(bowl, [2.0, 1.0], "gd", steps=20)
    assert tuned.grid == LR_GRID and tuned.steps == 20
    ends = {lr: descend(bowl, [2.0, 1.0], "gd", lr=lr, steps=20, tol=0.0) for lr in LR_GRID}
    assert [lr for lr, value in tuned.tried if value is None] == [lr for lr, run in ends.items() if run.diverged]
    assert tuned.lr == min((run.final_value, lr) for lr, run in ends.items() if not run.diverged)[1]
    assert tuned.lr == 0.3  # 1 - 6 * 0.3 = -0.8 along y, 0.4 along x: the fastest of the grid below 1/3
    # a run that leaves the map is ruled out like one that diverges
    small = Domain(((-2.5, 2.5), (-0.2, 1.2)))
    boxed = best_learning_rate(bowl, [2.0, 1.0], "gd", steps=20, domain=small)
    assert dict(boxed.tried)[0.3] is None and boxed.lr == 0.1
    # ties go to the smaller rate: at the minimum every rate ends at f = 0
    assert best_learning_rate(bowl, [0.0, 0.0], "adam", steps=5).lr == LR_GRID[0]
    with pytest.raises(OptionError, match="every learning rate"):
        best_learning_rate(bowl, [2.0, 1.0], "gd", grid=[1.0, 3.0], steps=20)
    with pytest.raises(OptionError, match="positive"):
        best_learning_rate(bowl, [2.0, 1.0], "gd", grid=[0.0], steps=20)
