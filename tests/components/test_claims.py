"""The truth check sees what it looks for: claims against the picture's state and the core."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from manim import Arrow, Scene  # noqa: E402

from gradanim.components.axes import PlotAxes  # noqa: E402
from gradanim.components.claims import (  # noqa: E402
    Claim,
    DirectionAt,
    ProbeAt,
    TruthMonitor,
    declare,
    reads_as,
    shown_text,
)
from gradanim.components.descent_run import DescentRun  # noqa: E402
from gradanim.components.typeset import Readout, math  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.learning_rate import Regime  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.probe import probe  # noqa: E402
from gradanim.core.trajectory import Status, descend  # noqa: E402

BOWL = Objective.from_text("x^2 + 3y^2")
DOMAIN = Domain(((-3, 3), (-2, 2)))


@pytest.fixture()
def scene():
    with manim.tempconfig({"dry_run": True, "quality": "low_quality"}):
        yield Scene()


def make_run(lr=0.15, start=(-2.5, 1.5), steps=40, function=BOWL):
    axes = PlotAxes(DOMAIN, max_width=7, max_height=5)
    run = DescentRun(descend(function, start, "gd", lr=lr, steps=steps, tol=1e-4), axes, show_point=True,
                     objective=function)
    return axes, run


def test_numbers_read_as_the_screen_writes_them():
    assert shown_text(3434.9994, 3, False) == "3434.999" and shown_text(4.02e4 * 10, 3, False) == "4.02e5"
    assert reads_as(0.16, 0.1604) and not reads_as(0.16, 0.1596 - 0.001)
    assert reads_as(0.125, 0.1254999) and reads_as(2.0, 1.9996, 2, True) and not reads_as(2.0, 1.994, 2, True)
    assert reads_as(402100.0, 402140.0) and not reads_as(402100.0, 403100.0)  # 4.02e5 vs 4.03e5


def test_readouts_that_follow_the_marker_are_true(scene):
    axes, run = make_run()
    scene.add(axes, run)
    monitor = TruthMonitor()
    for k in (0, 3, 7):
        run.walker.jump_to(k)
        run.show_state(k)
        assert monitor.check(scene) == []
    run.walker.show_partial(7, 0.4)  # on the way to 8: the numbers of 7 still hold
    assert monitor.check(scene, "inside") == []


def test_a_readout_that_lags_or_runs_ahead_of_the_marker_is_caught(scene):
    axes, run = make_run()
    scene.add(axes, run)
    run.walker.jump_to(5)
    run.show_state(4)
    problems = TruthMonitor().check(scene)
    assert len(problems) == 1 and "the marker shows step 5" in problems[0]
    run.show_state(5)
    run.value_readout.set_value(float(run.trajectory.values[5]) * 1.01)  # a value between steps
    assert "value" in TruthMonitor().check(scene)[0]


def test_a_marker_off_its_run_is_caught(scene):
    axes, run = make_run()
    scene.add(axes, run)
    run.marker.shift([0.3, 0.2, 0])
    assert "on no step of its run" in TruthMonitor().check(scene)[0]


def test_numbers_outside_the_view_need_a_word_that_the_run_left(scene):
    pole = Objective.from_text("1/(x^2 + y^2)")
    axes, run = make_run(lr=0.25, start=(1, 1), function=pole)
    first_out = run.subject.first_outside
    assert first_out is not None and first_out == run.n_visible_steps + 1
    scene.add(axes, run)
    run.marker.set_opacity(0)
    run.show_state(first_out + 3)
    assert "nothing says the run left it" in " ".join(TruthMonitor().check(scene))
    tag = declare(math('"left"'), Claim(run.subject, "left_view", first_out))
    scene.add(tag)
    assert TruthMonitor().check(scene) == []
    wrong = declare(math('"left"'), Claim(run.subject, "left_view", first_out + 1))
    scene.add(wrong)
    assert "is the first outside" in " ".join(TruthMonitor().check(scene))


def test_an_outcome_says_the_run_is_over(scene):
    axes, run = make_run()
    scene.add(axes, run, run.outcome_label)
    run.walker.jump_to(3)
    run.show_state(3)
    problems = TruthMonitor().check(scene)
    assert problems and "converged after" in problems[0]  # the caption says the run is over at step 3
    run.walker.jump_to(run.trajectory.n_steps)
    run.show_state(run.trajectory.n_steps)
    assert TruthMonitor().check(scene) == []
    bad = declare(math('"x"'), Claim(run.subject, "outcome", (Status.DIVERGED, 3)))
    scene.add(bad)
    assert "the core says converged after" in " ".join(TruthMonitor().check(scene))


def test_a_zigzag_the_scene_never_names_is_caught(scene):
    axes, run = make_run(lr=0.25)
    scene.add(axes, run)
    monitor = TruthMonitor()
    for k in range(4):
        run.walker.jump_to(k)
        run.show_state(k)
        monitor.check(scene)
    assert "oscillates" in " ".join(monitor.finish())
    named = declare(math('"oscillates"'), Claim(run.subject, "regime", Regime.OSCILLATES))
    scene.add(named)
    monitor.check(scene)
    assert monitor.finish() == []
    scene.remove(named)
    wrong = declare(math('"crawls"'), Claim(run.subject, "regime", Regime.CRAWLS))
    scene.add(wrong)
    assert "classifies this run as 'oscillates'" in " ".join(TruthMonitor().check(scene))


def test_a_live_number_that_declares_nothing_is_caught(scene):
    scene.add(Readout("k", 3))
    assert "declares nothing" in TruthMonitor().check(scene)[0]
    faded = Readout("k", 3).set_opacity(0.2)  # fading out: asserts nothing
    scene.clear()
    scene.add(faded)
    assert TruthMonitor().check(scene) == []


def test_numbers_about_an_arrow_follow_where_it_points(scene):
    axes = PlotAxes(Domain(((0, 4), (1, 5))), max_width=5, max_height=5)
    f = Objective.from_text("x^2*y/2")
    arrow = Arrow(axes.c2p(2, 3), axes.c2p(2 + 0.8 / np.sqrt(2), 3 + 0.8 / np.sqrt(2)), buff=0)
    u = DirectionAt(axes, arrow, f)
    value = declare(math("5.657"), Claim(u, "slope", 8 / np.sqrt(2)), Claim(u, "angle", 45, 0, True))
    scene.add(axes, arrow, value)
    assert TruthMonitor().check(scene) == []
    arrow.rotate(2.0, about_point=axes.c2p(2, 3))
    problems = TruthMonitor().check(scene)
    assert len(problems) == 2 and "slope = 5.657" in problems[0]
    scene.remove(arrow)
    assert "not in the picture" in TruthMonitor().check(scene)[0]


def test_numbers_about_a_probe_need_the_probe_in_the_picture(scene):
    axes = PlotAxes(DOMAIN, max_width=7, max_height=5)
    record = probe(BOWL, (1.0, 0.5), 0.5)
    east = Arrow(axes.c2p(1.0, 0.5), axes.c2p(2.0, 0.5), buff=0)
    display = manim.VGroup(east)
    feet = [axes.c2p(1.0, 0.5)]
    subject = ProbeAt(record, axes, display, east, objective=BOWL, stand=lambda: feet[0])
    line = declare(math("x"), Claim(subject, "partial.0", 2.0, 2, True), Claim(subject, "slope.0", 2.5, 2, True))
    scene.add(axes, line)  # the arrow is not shown yet, but the hiker stands on the point
    assert TruthMonitor().check(scene) == []
    feet[0] = axes.c2p(1.3, 0.5)  # on the probe step east
    assert TruthMonitor().check(scene) == []
    feet[0] = axes.c2p(-1.0, 0.0)  # walked on
    assert "not in the picture" in TruthMonitor().check(scene)[0]
    scene.add(display)
    wrong = declare(math("x"), Claim(subject, "partial.0", 2.5, 2, True))
    scene.add(wrong)
    assert "partial.0 = 2.50" in TruthMonitor().check(scene)[0]


def test_a_made_up_function_shown_without_its_tag_is_caught(scene):
    from gradanim.components.claims import FormulaSource
    from gradanim.components.formula_card import illustrative_tag
    from gradanim.core.lesson_functions import REVENUE

    source = FormulaSource(REVENUE.text, REVENUE.variables)
    assert source.illustrative  # the core knows it is made up
    formula = declare(math("R"), Claim(source, "formula", REVENUE.text))
    scene.add(formula)
    assert "no 'illustrative' tag" in TruthMonitor().check(scene)[0]
    scene.add(illustrative_tag(formula, source))
    assert TruthMonitor().check(scene) == []
    own = FormulaSource("x^2 + 3y^2")  # a lesson's own function must not be tagged
    scene.add(illustrative_tag(math("f"), own))
    assert "not a made-up function" in TruthMonitor().check(scene)[0]
    assert FormulaSource("x^2 + 3y^2", illustrative=True).illustrative  # unless the lesson says so


def test_a_regime_is_said_as_the_core_classifies_it():
    from gradanim.components.regime import regime_label, regime_typst
    from gradanim.core.learning_rate import run_regime

    axes, run = make_run(lr=0.25)
    regime = run_regime(BOWL, run.trajectory)
    assert regime_typst(regime) == ('"oscillates:"', "alpha > 1\\/L = 0.167")
    assert regime_typst(regime, show_lr=True)[1] == "alpha = 0.25 > 1\\/L = 0.167"
    label = regime_label(regime, run.subject, stacked=True)
    assert len(label) == 2 and label.declared_claims[0].shown is Regime.OSCILLATES
    assert run.regime_label.declared_claims[0].shown is Regime.OSCILLATES and run.zigzags
