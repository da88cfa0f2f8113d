"""OptimizerRace: runs placed through the axes in lockstep, waiting and crossed-out runs,
legend text from the trajectories' hyper-parameters, and the live step counter."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.axes import PlotAxes, to_scene  # noqa: E402
from gradanim.components.optimizer_race import (  # noqa: E402
    OptimizerRace,
    outcome_typst,
    run_label_typst,
    value_typst,
)
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.race import lockstep_point  # noqa: E402
from gradanim.core.trajectory import descend  # noqa: E402

DOMAIN = Domain(((-3, 3), (-2, 2)))
BOWL = Objective.from_text("x^2 + 3y^2")
START = [-2.5, 1.5]


@pytest.fixture(scope="module")
def runs():
    return [
        descend(BOWL, START, "gd", lr=0.02, steps=40, tol=1e-3),  # slow: all 40 steps
        descend(BOWL, START, "gd", lr=0.25, steps=40, tol=1e-3),  # converges early
        descend(BOWL, START, "gd", lr=0.4, steps=40),  # |1 - 6 lr| > 1: diverges
        descend(BOWL, START, "adam", lr=0.3, steps=40, tol=1e-3),
    ]


@pytest.fixture(scope="module")
def axes():
    return PlotAxes(DOMAIN, max_width=7, max_height=6)


@pytest.fixture()
def race(runs, axes):
    return OptimizerRace(runs, axes, targets=[(0.0, 0.0)])


def test_runs_are_where_the_core_says_at_every_race_time(race, runs, axes):
    assert race.length == 40
    for s in (0, 1, 2.5, 7.25, 39.9):
        race.show_step(s)
        for i, run in enumerate(runs):
            if race.limits[i] < run.n_steps and s > race.limits[i]:
                continue  # the diverged run stopped at the plot's edge
            expected = axes.c2p(*lockstep_point(run, s, race.limits[i]))
            assert race.walkers[i].marker.get_center() == pytest.approx(expected, abs=1e-9)
            assert race.position(i, s) == pytest.approx(expected, abs=1e-9)


def test_a_converged_run_waits_and_gets_its_ring(race, runs, axes):
    quick = runs[1]
    assert quick.converged and quick.n_steps < 40
    race.show_step(quick.n_steps - 0.5)
    assert race.end_marks[1][0].get_stroke_opacity() == 0
    race.show_step(quick.n_steps + 10)
    assert race.walkers[1].marker.get_center() == pytest.approx(axes.c2p(*quick.final_point), abs=1e-9)
    assert race.end_marks[1][0].get_stroke_opacity() > 0
    assert race.end_marks[1].get_center() == pytest.approx(axes.c2p(*quick.final_point), abs=1e-9)
    assert race.end_marks[0][0].get_stroke_opacity() == 0  # the slow run is still going


def test_a_diverged_run_stops_inside_the_plot_with_a_cross_and_an_exit_arrow(race, runs, axes):
    wild = runs[2]
    assert wild.diverged and race.stopped_outside[2]
    last = race.limits[2]
    assert DOMAIN.contains(wild.points[last]) and not DOMAIN.contains(wild.points[last + 1])
    race.show_step(race.length)
    cross, arrow = race.end_marks[2]
    assert cross.get_center() == pytest.approx(axes.c2p(*wild.points[last]), abs=1e-9)
    direction = arrow.get_end() - arrow.get_start()
    expected = to_scene(axes, [wild.steps[last]])[0] - to_scene(axes, [[0, 0]])[0]
    cosine = direction @ expected / (np.linalg.norm(direction) * np.linalg.norm(expected))
    assert cosine == pytest.approx(1.0, abs=1e-9)


def test_target_star_marks_the_minimum(race, axes):
    assert race.target_marks[0].get_center() == pytest.approx(axes.c2p(0, 0), abs=1e-9)


def test_race_follows_its_axes_when_they_move(runs):
    axes = PlotAxes(DOMAIN, max_width=7, max_height=6)
    race = OptimizerRace(runs, axes)
    axes.shift([1.5, -0.5, 0])
    race.show_step(3)
    assert race.walkers[0].marker.get_center() == pytest.approx(axes.c2p(*runs[0].points[3]), abs=1e-9)


def test_legend_names_hyperparameters_and_outcomes(race, runs):
    assert run_label_typst(runs[0]) == '"gd" ("lr" = 0.02)'
    assert run_label_typst(runs[3]) == '"adam" ("lr" = 0.3, beta = (0.9, 0.999))'
    assert value_typst(0.0025) == "0.0025" and value_typst(1e-8) == "1.0 times 10^(-8)"
    assert outcome_typst(runs[0]).startswith('40 "steps,"')
    assert outcome_typst(runs[1]).startswith(f'"converged in" {runs[1].n_steps} "steps,"')
    assert outcome_typst(runs[2]) == f'"diverged at step" {runs[2].n_steps + 1}'
    legend = race.legend
    assert legend.sources[3] == run_label_typst(runs[3])
    parts = [*legend.entries, *legend.outcomes]
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            assert a.get_bottom()[1] >= b.get_top()[1] - 1e-9 or b.get_bottom()[1] >= a.get_top()[1] - 1e-9 or (
                a.get_right()[0] <= b.get_left()[0] or b.get_right()[0] <= a.get_left()[0]
            )


def test_colours_follow_the_theme_and_too_few_colours_are_refused(race, runs, axes):
    from gradanim.components.theme import DEFAULT_THEME

    assert [str(c) for c in race.colors] == list(DEFAULT_THEME.optimizer_colors[:4])
    with pytest.raises(ValueError):
        OptimizerRace(runs, axes, colors=["#ffffff"])


def test_the_scene_race_is_instructive_and_its_rates_follow_the_core_rule():
    from gradanim.scenes.optimizers import OptimizersCompared

    scene = OptimizersCompared.__new__(OptimizersCompared)
    scene.compute()
    gd, momentum, nesterov, rmsprop, adam = scene.trajectories
    # every rate was chosen by the rule (none given), and each is the grid's best for its optimiser
    assert all(t is not None and t.lr == run.hyperparameters["lr"] for t, run in zip(scene.tuned, scene.trajectories))
    for tuned in scene.tuned:
        kept = [value for _, value in tuned.tried if value is not None]
        assert dict(tuned.tried)[tuned.lr] == min(kept)
    # plain gd crawls (its next rate blows up); momentum, Nesterov and Adam get close to f = 0
    assert gd.final_value > rmsprop.final_value > max(momentum.final_value, nesterov.final_value, adam.final_value)
    assert dict(scene.tuned[0].tried)[3e-3] is None
    assert [tuple(c.point) for c in scene.minima] == [(1.0, 1.0)]
    assert "best of 9 rates" in " ".join(scene.rate_note())


def test_each_run_on_its_own_axes(runs):
    """Small multiples: one Axes per run; each walker, end mark and star is on its own map."""
    from manim import RIGHT

    maps = [PlotAxes(DOMAIN, max_width=3, max_height=3).shift(4 * i * RIGHT) for i in range(len(runs))]
    race = OptimizerRace(runs, maps, targets=[(0.0, 0.0)])
    race.show_step(race.length)
    for i, (walker, axes) in enumerate(zip(race.walkers, maps)):
        assert walker.axes is axes
        assert np.allclose(race.position(i, 3.0), axes.c2p(*lockstep_point(runs[i], 3.0, race.limits[i])[:2]))
    assert len(race.target_marks) == len(maps)
    with pytest.raises(ValueError, match="one Axes or as many"):
        OptimizerRace(runs, maps[:1])
