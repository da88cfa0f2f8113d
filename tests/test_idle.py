"""A beat's idle (``LessonFrame.idle``): a motion that ends as it began, played once in a video
(no section of its own) and looped until the click on a slide (manim-slides)."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from manim import RIGHT, Dot, FadeIn, Scene  # noqa: E402

from gradanim.components.idling import pulse  # noqa: E402
from gradanim.scene_base import SWAY_DEGREES, LessonScene, LessonScene3D  # noqa: E402


class _Idling(LessonScene):
    title = ""
    beat_names = ("first", "second")
    idle_with = "pulse"  # or "shift" (does not come back) or "wait after" (plays after the idle)

    def construct(self):
        self.sections = []
        self.dot = Dot()
        self.beat("first", "A dot appears and pulses.")
        self.play(FadeIn(self.dot))
        self.start = self.dot.points.copy()
        motion = self.dot.animate.shift(RIGHT) if self.idle_with == "shift" else pulse(self.dot)
        self.idle(motion, run_time=2.0)
        if self.idle_with == "wait after":
            self.wait(1.0)
        self.beat("second", "It moves on.")
        self.play(self.dot.animate.shift(RIGHT))

    def next_section(self, name="unnamed", *args, **kwargs):
        self.sections.append(name)
        super().next_section(name, *args, **kwargs)


def _built(cls, **options):
    scene_class = type(cls.__name__, (cls,), options)
    with manim.tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True, "verbosity": "WARNING"}):
        scene = scene_class()
        Scene.render(scene)  # (a deck's own render would also write its slides)
    return scene


def test_an_idle_plays_once_within_its_beat_and_is_no_section():
    scene = _built(_Idling)
    assert scene.sections == ["first", "second"]
    first = scene.beat_log[0]
    # the beat lasts its caption's reading time or its motion and idle, whichever is longer
    assert first.end == pytest.approx(max(1.0 + 2.0, first.start + 1.0 + 0.25 * 5), abs=0.1)


def test_an_idle_that_does_not_come_back_is_refused():
    with pytest.raises(ValueError, match="does not end where it began"):
        _built(_Idling, idle_with="shift")


def test_nothing_plays_after_an_idle_in_its_beat():
    with pytest.raises(ValueError, match="plays after the idle of the beat 'first'"):
        _built(_Idling, idle_with="wait after")


class _Swaying(LessonScene3D):
    title = ""

    def construct(self):
        pass


def test_the_sway_turns_both_ways_and_comes_back():
    with manim.tempconfig({"dry_run": True, "quality": "low_quality"}):
        scene = _Swaying()
        scene.setup()
        start = scene.camera.get_theta()
        sway = scene.sway().build()
        sway.begin()
        seen = []
        for alpha in np.linspace(0.0, 1.0, 41):
            sway.interpolate(alpha)
            seen.append(scene.camera.get_theta() - start)
    amplitude = np.radians(SWAY_DEGREES)
    assert max(seen) == pytest.approx(amplitude) and min(seen) == pytest.approx(-amplitude)
    assert seen[0] == pytest.approx(0.0, abs=1e-12) and seen[-1] == pytest.approx(0.0, abs=1e-12)
    # the same speed at both ends: looped, the sway runs through its start without a jolt
    assert seen[1] - seen[0] == pytest.approx(seen[-1] - seen[-2], rel=1e-3)


def test_on_a_slide_the_idle_loops_after_its_beat():
    pytest.importorskip("manim_slides", reason="the optional extra slides is not installed")
    from gradanim.lessons.slides import slide_class

    scene = _built(slide_class(_Idling))
    scene._add_last_slide()
    slides = [(s.notes, s.loop, s.auto_next, s.skip_animations) for s in scene._slides]
    first, second = "A dot appears and pulses.", "It moves on."
    # the first beat runs into its loop; what it holds after the loop is not in the deck
    assert [s for s in slides if not s[3]] == [(first, False, True, False), (first, True, False, False),
                                               (second, False, False, False)]
