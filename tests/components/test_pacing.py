"""Time to read: words and symbol groups counted from the typeset glyphs, and the holds a
lesson scene inserts before the next beat and at the end, scaled by ``pace``."""

from __future__ import annotations

import pytest

manim = pytest.importorskip("manim")

from manim import DOWN, Create, FadeIn, FadeOut, Square  # noqa: E402

from gradanim.scene_base import LessonScene  # noqa: E402
from gradanim.components.pacing import FINAL_HOLD, reading_groups, reading_time  # noqa: E402
from gradanim.components.typeset import Readout, math  # noqa: E402


@pytest.mark.parametrize("source, groups", [
    ('"Gradient ascent: the CEO\'s revenue"', 5),
    ('"Can\'t see the summit? Feel the slope."', 7),
    ("nabla f(2, 3) = (6, 2)", 5),  # nabla f(2,  3)  =  (6,  2)
    ("bold(x)_(k+1) = bold(x)_k + alpha nabla R(bold(x)_k)", 5),
    ("-1.5", 1),
    ("7.57 times 10^(-10)", 3),
    ("(partial f)/(partial x) = 6", 3),  # a fraction is one group
])
def test_groups_are_words_and_symbol_groups(source, groups):
    assert reading_groups(math(source, font_size=28)) == groups


def test_groups_do_not_depend_on_size_and_skimmed_texts_count_none():
    text = math("nabla f = (6, 2)", font_size=28)
    assert reading_groups(text) == reading_groups(text.copy().scale(1.7)) == 4
    text.skim = True
    assert reading_groups(text) == 0
    assert reading_groups(Readout("(a_k, q_k)", (46.19, 41.69), font_size=28)) == 5


def test_reading_time():
    assert reading_time(0) == 0
    assert reading_time(4) == pytest.approx(2.0)
    assert reading_time(4, pace=2) == pytest.approx(4.0)


class _Beats(LessonScene):
    """Two formulas one after the other, a square, a formula added without animation."""

    def construct(self):
        self.first = math("nabla f(2, 3) = (6, 2)")  # 5 groups: 2.25 s
        self.second = math('"the gradient points uphill"').next_to(self.first, DOWN)  # 4 groups: 2 s
        self.third = math("x = 1").next_to(self.second, DOWN)  # 3 groups: 1.75 s
        self.times = {}
        self.play(FadeIn(self.first), run_time=0.5)
        self.times["first"] = self.renderer.time
        self.play(Create(Square()), run_time=1.0)  # no text: reading goes on
        self.play(FadeIn(self.second), run_time=0.5)
        self.times["second"] = self.renderer.time
        self.add(self.third)
        self.times["third"] = self.renderer.time
        self.play(FadeOut(self.first), run_time=0.5)
        self.times["end"] = self.renderer.time


def _run(pace: float = 1.0) -> _Beats:
    with manim.tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none", "verbosity": "WARNING"}):
        scene = type("Paced", (_Beats,), {"pace": pace})()
        scene.render()
    return scene


@pytest.mark.parametrize("pace", [0.5, 1.0, 2.0])
def test_each_beat_holds_until_read_and_the_end_holds(pace):
    scene = _run(pace)
    t = scene.times
    frame = 1 / 15
    # The second formula starts after the first was read (the square's second counts).
    assert t["second"] - 0.5 - t["first"] >= reading_time(5, pace) - 1e-9
    assert t["second"] - 0.5 - t["first"] < reading_time(5, pace) + max(frame, 1.0 if pace < 1 else 0) + 1e-9
    # A formula added without animation waits for the one before it too (it is seen from
    # the next frame on, the FadeOut's).
    assert t["third"] - t["second"] >= reading_time(4, pace) - 1e-9
    # The last frame holds FINAL_HOLD seconds (times the pace).
    assert scene.renderer.time - t["end"] >= FINAL_HOLD * pace - 1e-9


def test_pace_scales_the_scenes_own_waits():
    class Waits(LessonScene):
        pace = 2.0

        def construct(self):
            self.play(Create(Square()), run_time=0.5)
            self.wait(2.0)

    with manim.tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none", "verbosity": "WARNING"}):
        scene = Waits()
        scene.render()
    # 0.5 s of animation, the wait doubled; the final hold (6 s) is then already met.
    assert scene.renderer.time == pytest.approx(0.5 + 2 * FINAL_HOLD, abs=0.1)
