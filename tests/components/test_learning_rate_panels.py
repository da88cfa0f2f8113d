"""LearningRatePanels: four maps in one 16:9 row, badges from the core, runs in lockstep."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from manim import Scene  # noqa: E402

from gradanim.components.axes import to_scene  # noqa: E402
from gradanim.components.learning_rate_panels import LearningRatePanels, StatusBadge, regime_color  # noqa: E402
from gradanim.components.theme import DEFAULT_THEME  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.learning_rate import Regime, comparison_lrs, stability_bound  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.trajectory import descend  # noqa: E402

DOMAIN = Domain(((-3, 3), (-2, 2)))
START = (-2.5, 0.8)


@pytest.fixture(scope="module")
def setup():
    f = Objective.from_text("x^2 + 3y^2")
    bound = stability_bound(f)
    choices = comparison_lrs(bound)
    runs = [descend(f, START, "gd", lr=c.lr, steps=80, tol=1e-3, bound=100) for c in choices]
    return f, bound, choices, runs


def build(setup):
    f, bound, choices, runs = setup
    return LearningRatePanels(f, DOMAIN, runs, choices, bound, box=(-6.65, 6.65, -3.0, 2.2))


@pytest.fixture(scope="module")
def panels(setup):
    """Shared by the layout tests (building typesets a lot); tests that move walkers reset them."""
    f, bound, choices, runs = setup
    return LearningRatePanels(f, DOMAIN, runs, choices, bound, box=(-6.65, 6.65, -3.0, 2.2))


def inside(mobject, left=-7.1, right=7.1, bottom=-4.0, top=4.0) -> bool:
    return (mobject.get_left()[0] >= left - 1e-9 and mobject.get_right()[0] <= right + 1e-9
            and mobject.get_bottom()[1] >= bottom - 1e-9 and mobject.get_top()[1] <= top + 1e-9)


def disjoint(a, b) -> bool:
    return (a.get_right()[0] < b.get_left()[0] or b.get_right()[0] < a.get_left()[0]
            or a.get_top()[1] < b.get_bottom()[1] or b.get_top()[1] < a.get_bottom()[1])


def test_everything_fits_the_box_and_the_frame(panels):
    assert inside(panels, -6.65, 6.65, -3.0, 2.2)
    for panel in panels.panels:
        for part in (panel.header, panel.frame, panel.badge, panel.run.readouts, panel.run.outcome_label):
            assert inside(part)


def test_panels_sit_side_by_side_without_overlap(panels):
    frames = [p.frame for p in panels.panels]
    xs = [f.get_center()[0] for f in frames]
    assert xs == sorted(xs)
    for a, b in zip(panels.panels, panels.panels[1:]):
        assert disjoint(a.frame, b.frame)
        for part_a in (a.header, a.badge, a.run.readouts, a.run.outcome_label):
            for part_b in (b.header, b.badge, b.run.readouts, b.run.outcome_label):
                assert disjoint(part_a, part_b)
    tops = {round(f.get_top()[1], 9) for f in frames}
    assert len(tops) == 1  # one row
    assert disjoint(panels.bound_line, panels.counter)
    for panel in panels.panels:
        assert disjoint(panels.bound_line, panel.header)


def test_texts_under_a_map_are_stacked_not_overlapping(panels):
    for panel in panels.panels:
        stack = [panel.header, panel.frame, panel.badge, panel.run.readouts, panel.run.outcome_label]
        for upper, lower in zip(stack, stack[1:]):
            assert upper.get_bottom()[1] > lower.get_top()[1]


def test_labels_are_readable_at_480p(panels):
    # 8 scene units are 480 pixels: a line of text at least ~10 px tall.
    for panel in panels.panels:
        assert panel.badge.word.height * 60 >= 8
        assert panel.run.lr_readout.height * 60 >= 10
    assert panels.panels[0].frame.width >= 2.5  # each map is big enough to see a path


def test_badges_are_the_core_regimes(panels, setup):
    _, bound, choices, _ = setup
    assert [p.badge.regime for p in panels.panels] == [Regime.CRAWLS, Regime.GOOD, Regime.OSCILLATES, Regime.DIVERGES]
    assert [p.badge.regime for p in panels.panels] == [bound.classify(c.lr) for c in choices]
    assert panels.panels[3].badge.frame.get_stroke_color().to_hex().lower() == DEFAULT_THEME.maximum.lower()
    assert regime_color(Regime.GOOD) == DEFAULT_THEME.minimum


def test_each_walker_starts_at_the_shared_start_on_its_own_map(panels, setup):
    _, _, _, runs = setup
    for panel, trajectory in zip(panels.panels, runs):
        assert np.allclose(panel.run.marker.get_center(), to_scene(panel.axes, [START])[0])
        panel.run.walker.jump_to(2)
        assert np.allclose(panel.run.marker.get_center(), to_scene(panel.axes, [trajectory.points[2]])[0])
        assert panel.frame.get_left()[0] <= panel.run.marker.get_center()[0] <= panel.frame.get_right()[0]
        panel.run.walker.jump_to(0)


def test_the_lr_header_is_the_choice(panels, setup):
    _, _, choices, _ = setup
    for panel, choice in zip(panels.panels, choices):
        assert panel.run.lr == choice.lr


def test_badge_frames_its_word():
    badge = StatusBadge(Regime.OSCILLATES)
    assert badge.frame.width > badge.word.width and badge.frame.height > badge.word.height
    assert np.allclose(badge.frame.get_center(), badge.word.get_center())


def test_lockstep_play_moves_every_panel_and_counts_the_longest(setup):
    _, _, _, runs = setup
    panels = build(setup)

    class Recording(Scene):
        def play(self, *animations, run_time=None, **kwargs):
            for animation in animations:
                animation._setup_scene(self)
                animation.begin()
                animation.interpolate(1.0)
                animation.finish()
                animation.clean_up_from_scene(self)

    panels.play_runs(Recording(), max_total_time=4.0)
    assert float(panels.counter.value) == max(r.last_step for r in panels.runs)
    crawl, good, _, wild = panels.runs
    assert np.allclose(good.marker.get_center(), to_scene(good.axes, [runs[1].points[-1]])[0])
    assert wild.leaves_plot and wild.exit_arrow is not None
    assert inside(wild.exit_arrow, *[wild.axes.c2p(*DOMAIN.lower)[0], wild.axes.c2p(*DOMAIN.upper)[0],
                                     wild.axes.c2p(*DOMAIN.lower)[1], wild.axes.c2p(*DOMAIN.upper)[1]])


def test_needs_one_to_four_runs(setup):
    f, bound, choices, runs = setup
    with pytest.raises(ValueError):
        LearningRatePanels(f, DOMAIN, runs[:2], choices, bound)
