"""DescentRun: geometry of the walker, the way out of the plot, readouts and pacing, before rendering."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("manim")

from manim import Arrow, Scene  # noqa: E402

from gradanim.components.axes import PlotAxes, to_scene  # noqa: E402
from gradanim.components.descent_run import DescentRun, pacing, play_in_lockstep
from gradanim.components.typeset import Readout  # noqa: E402
from gradanim.components.theme import DEFAULT_THEME  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.trajectory import Status, descend  # noqa: E402

DOMAIN = Domain(((-3, 3), (-2, 2)))


@pytest.fixture(scope="module")
def bowl():
    return Objective.from_text("x^2 + 3y^2")


@pytest.fixture()
def axes():
    return PlotAxes(DOMAIN, max_width=7, max_height=5)


def inside_frame(mobject) -> bool:
    return mobject.get_left()[0] >= -7.1 and mobject.get_right()[0] <= 7.1 and \
        mobject.get_bottom()[1] >= -4 and mobject.get_top()[1] <= 4


def boxes_disjoint(a, b) -> bool:
    return (a.get_right()[0] < b.get_left()[0] or b.get_right()[0] < a.get_left()[0]
            or a.get_top()[1] < b.get_bottom()[1] or b.get_top()[1] < a.get_bottom()[1])


class RecordingScene(Scene):
    """A real Scene whose play() runs each animation to its end at once and records it."""

    def __init__(self):
        super().__init__()
        self.played = []

    def play(self, *animations, run_time=None, **kwargs):
        for animation in animations:
            animation._setup_scene(self)
            animation.begin()
            animation.interpolate(1.0)
            animation.finish()
            animation.clean_up_from_scene(self)
        self.played.append((animations, run_time if run_time is not None else animations[0].run_time))


def test_converging_run_walks_every_step_and_ends_on_the_last_point(axes, bowl):
    t = descend(bowl, [-2.5, 1.5], "gd", lr=0.25, steps=40, tol=1e-4)
    run = DescentRun(t, axes, show_point=True)
    assert not run.leaves_plot and run.n_visible_steps == t.n_steps
    scene = RecordingScene()
    run.play_steps(scene)
    assert np.allclose(run.marker.get_center(), axes.c2p(*t.points[-1]))
    # The trail passes through every point of the trajectory, mapped through the axes.
    corners = run.trail.get_anchors()
    for p in to_scene(axes, t.points):
        assert np.min(np.linalg.norm(corners - p, axis=1)) < 1e-9
    assert run.shown_step == t.n_steps
    assert run.counter.value == t.n_steps or float(run.counter.value) == t.n_steps
    assert float(run.value_readout.value) == pytest.approx(t.values[-1])
    assert run.outcome.status is Status.CONVERGED


def test_outcome_label_reads_the_core_status(axes, bowl):
    converged = DescentRun(descend(bowl, [-2.5, 1.5], "gd", lr=0.25, steps=40, tol=1e-4), axes)
    diverged = DescentRun(descend(bowl, [-2.5, 1.5], "gd", lr=0.4, steps=200), axes)
    assert converged.outcome.text.startswith("converged after")
    assert diverged.outcome.text == f"diverged at step {diverged.trajectory.n_steps + 1}"
    assert len(diverged.outcome_label) == 2  # the core's message underneath
    assert len(converged.outcome_label) == 1
    assert diverged.outcome_color() == DEFAULT_THEME.maximum


def test_diverging_run_heads_off_the_map_along_its_next_step(axes, bowl):
    t = descend(bowl, [-2.5, 1.5], "gd", lr=0.4, steps=200)
    assert t.diverged and np.all(np.isfinite(t.points))
    run = DescentRun(t, axes)
    assert run.leaves_plot
    k = run.n_visible_steps
    scene = RecordingScene()
    run.play_steps(scene)
    arrow = run.exit_arrow
    assert isinstance(arrow, Arrow) and arrow in run.submobjects
    # It ends on the plot's edge ...
    end_xy = axes.p2c(arrow.get_end())
    (x0, x1), (y0, y1) = DOMAIN.bounds
    on_edge = min(abs(end_xy[0] - x0), abs(end_xy[0] - x1), abs(end_xy[1] - y0), abs(end_xy[1] - y1))
    assert on_edge < 1e-6 and DOMAIN.contains(end_xy, 1e-9)
    # ... pointing the way the next (outside) point lies.
    step = to_scene(axes, [t.points[k + 1]])[0] - to_scene(axes, [t.points[k]])[0]
    direction = arrow.get_end() - arrow.get_start()
    assert direction[:2] / np.linalg.norm(direction[:2]) == pytest.approx(step[:2] / np.linalg.norm(step[:2]), abs=1e-6)
    # The marker faded out at the edge and the trail stops there; a tag on the map says so, and
    # the readouts went on counting off the map: they end on the run's last step, where the
    # outcome (it diverged) was shown as they reached it.
    assert run.marker.get_fill_opacity() == pytest.approx(0.0)
    assert np.allclose(run.trail.get_anchors()[-1], arrow.get_end(), atol=1e-6)
    assert run.exit_tag in run.submobjects and run.exit_tag.declared_claims[0].shown == k + 1
    assert DOMAIN.contains(axes.p2c(run.exit_tag.get_center()), 0)  # on the map, not beyond it
    assert run.shown_step == t.n_steps and float(run.value_readout.value) == pytest.approx(t.values[-1])
    last_animations, _ = scene.played[-1]
    shown = [a.mobject for group in last_animations for a in getattr(group, "animations", [group])]
    assert run.outcome_shown and run.outcome_label in shown


def test_ascent_uses_the_theme_ascent_colour(axes):
    hill = Objective.from_text("-x^2 - 3y^2")
    t = descend(hill, [-2.5, 1.5], "gd", lr=0.1, steps=60, tol=1e-3, maximize=True)
    run = DescentRun(t, axes)
    arrow = run.walker.step_arrow(0)
    assert arrow.get_color().to_hex().lower() == DEFAULT_THEME.ascent.lower()
    assert run.lr == pytest.approx(0.1)
    # The step arrow is the core's step, mapped through the axes (+lr grad for ascent).
    assert axes.p2c(arrow.get_end())[:2] == pytest.approx(t.points[1], abs=1e-9)
    assert t.steps[0] == pytest.approx(0.1 * hill.gradient(t.points[0]))


def test_walker_follows_its_axes_when_the_layout_moves_them(axes, bowl):
    t = descend(bowl, [-2.5, 1.5], "gd", lr=0.25, steps=10, tol=1e-4)
    run = DescentRun(t, axes)
    group = [axes, run]
    for m in group:
        m.shift([1.5, -0.5, 0])
    run.walker.jump_to(3)
    assert np.allclose(run.marker.get_center(), axes.c2p(*t.points[3]))


def test_readouts_update_in_place_after_being_moved_and_scaled(axes, bowl):
    t = descend(bowl, [-2.5, 1.5], "gd", lr=0.25, steps=10, tol=1e-4)
    run = DescentRun(t, axes)
    run.readouts.move_to([4.5, 1.0, 0]).scale(0.8)
    label_right = run.counter.label.get_right()[0]
    run.show_state(7)
    number = run.counter.value_mobject
    # The number sits just right of its label, on the same line, at the label's scale.
    assert 0 <= number.get_left()[0] - label_right < 0.3
    assert abs(number.get_center()[1] - run.counter.label.get_center()[1]) < 0.1
    assert inside_frame(run.readouts)


def glyph_count(readout) -> int:
    return len([m for m in readout.value_mobject.get_family() if m.has_points() and not m.submobjects])


def test_live_readout_shows_whole_numbers_as_integers():
    r = Readout("k", 0, font_size=24)
    assert glyph_count(r.set_value(8)) == 1  # "8", not "8.0 x 10^0"
    assert glyph_count(r.set_value(80)) == 2  # "80", not "8"


def test_readouts_and_outcome_do_not_overlap(axes, bowl):
    run = DescentRun(descend(bowl, [-2.5, 1.5], "gd", lr=0.4, steps=200), axes, show_point=True)
    run.readouts.move_to([4.8, 0.5, 0])
    run.outcome_label.next_to(run.readouts, [0, -1, 0], buff=0.3)
    parts = [*run.readouts, run.outcome_label]
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            assert boxes_disjoint(a, b)


def test_pacing_speeds_up_and_groups_small_steps():
    segments = pacing(120, first_time=0.75, decay=0.86, min_step_time=0.05, min_play_time=0.2, arrow_steps=4)
    assert [s.show_arrow for s in segments[:4]] == [True] * 4 and not segments[4].show_arrow
    covered = [k for s in segments for k in range(s.k0, s.k1)]
    assert covered == list(range(120))  # every step exactly once, in order
    assert all(s.run_time >= 0.2 - 1e-9 for s in segments[4:])
    per_step = [s.run_time / (s.k1 - s.k0) for s in segments]
    assert all(b <= a + 1e-9 for a, b in zip(per_step[4:], per_step[5:]))  # never slows down
    assert segments[-1].k1 - segments[-1].k0 > 1  # late steps share an animation
    budget = pacing(120, max_total_time=6.0, arrow_steps=3)
    assert sum(s.run_time for s in budget) == pytest.approx(6.0, rel=0.05)
    assert pacing(0) == []


@given(st.integers(1, 400), st.integers(0, 8), st.one_of(st.none(), st.floats(0.5, 20.0)))
def test_every_arrowless_animation_lasts_min_play_time(n_steps, arrow_steps, budget):
    # Even the last group, when the steps run out before it is long enough (a run of 153
    # steps in 5 s once ended on a 0.023 s play, which manim stretched to a frame).
    segments = pacing(n_steps, arrow_steps=arrow_steps, max_total_time=budget, min_play_time=0.18)
    assert [k for s in segments for k in range(s.k0, s.k1)] == list(range(n_steps))
    assert all(s.run_time >= 0.18 - 1e-9 for s in segments if not s.show_arrow)


def test_lockstep_plays_each_step_in_every_run_at_once(axes, bowl):
    fast = descend(bowl, [-2.5, 1.5], "gd", lr=0.15, steps=80, tol=1e-3)
    wild = descend(bowl, [-2.5, 1.5], "gd", lr=0.4, steps=200)
    runs = [DescentRun(fast, axes), DescentRun(wild, axes)]
    scene = RecordingScene()
    counts = []
    play_in_lockstep(scene, runs, on_segment=counts.append)
    assert counts == sorted(counts) and counts[-1] >= fast.n_steps
    first_animations, _ = scene.played[0]
    assert len(first_animations) == 2  # both runs take their first step together
    assert runs[0].shown_step == fast.n_steps
    assert runs[1].shown_step == wild.n_steps  # the wild one counted on off the map to its last step
    assert runs[1].exit_arrow is not None and runs[1].exit_tag is not None


def test_a_run_that_starts_at_the_minimum_plays_nothing(axes, bowl):
    t = descend(bowl, [0.0, 0.0], "gd", lr=0.1, steps=10)
    run = DescentRun(t, axes)
    scene = RecordingScene()
    run.play_steps(scene)
    assert scene.played == [] and run.outcome.text == "converged after 0 steps"



def test_several_steps_in_one_animation_pass_each_point_at_its_share_of_the_time(axes, bowl):
    t = descend(bowl, [-2.5, 1.5], "gd", lr=0.1, steps=20, tol=1e-6)
    run = DescentRun(t, axes)
    walk = run.walker.walk(2, 6)
    walk.begin()
    walk.interpolate(0.5)  # linear pace: halfway through steps 2..5 is point 4
    assert np.allclose(run.marker.get_center(), axes.c2p(*t.points[4]))
    walk.interpolate(1.0)
    assert np.allclose(run.marker.get_center(), axes.c2p(*t.points[6]))
    with pytest.raises(IndexError):
        run.walker.walk(5, 30)
