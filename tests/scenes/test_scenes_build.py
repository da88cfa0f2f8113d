"""Every scene in scenes/ builds completely (dry run: all mobjects and animations, no frames),
and at the end of every animation everything visible lies inside the frame, clear of its
edges, no two pieces of text (formulas, labels, live numbers) overlap, and every text can be
read at 854x480 (size and contrast; for 3D scenes: what is fixed in the frame: titles,
panels, formulas). Each beat that shows new text holds long enough to read it, and the
last frame holds 3 s; a lesson's ``pace`` scales the holds.

Each scene is built once; the tests read what that build recorded.

Scenes are discovered, so a new scene file is covered without editing this test.
"""

from __future__ import annotations

import inspect
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from gradanim.lessons.manim_plugin import LESSON_ENV  # noqa: E402
from gradanim.components.captions import caption_time  # noqa: E402
from gradanim.lessons.catalogue import SCENES_DIR, load_scene_class  # noqa: E402


def discovered_scenes():
    found = []
    for path in sorted(Path(SCENES_DIR).glob("*.py")):
        source = path.read_text()
        for line in source.splitlines():
            if line.startswith("class ") and "(" in line and not line.startswith("class _"):
                name = line[len("class "):line.index("(")].strip()
                found.append(pytest.param(path, name, id=f"{path.stem}:{name}"))
    return found


TEXT_OVERLAP = 0.02  # scene units two texts' boxes may share (touching glyph edges)
EDGE_CLEARANCE = 0.25  # scene units between anything drawn and the frame's edge (scenes keep 0.45)


def _roots(scene) -> list:
    """What the check looks at: everything, or in a 3D scene what is fixed in the frame."""
    camera = scene.renderer.camera
    if isinstance(camera, manim.ThreeDCamera):
        fixed = getattr(camera, "fixed_in_frame_mobjects", None) or ()
        return [m for m in scene.mobjects if m in fixed]
    return scene.mobjects


def _visible(mob) -> bool:
    if not isinstance(mob, manim.VMobject):
        return True
    return bool(np.any(mob.get_fill_opacities() > 0.05)
                or (np.any(mob.get_stroke_opacities() > 0.05) and mob.get_stroke_width() > 0))


def overlapping_texts(scene) -> list[str]:
    """Pairs of visible texts (Typst formulas, readouts, glyph numbers; each whole, the
    outermost one) whose boxes overlap."""
    from gradanim.components.glyph_number import GlyphNumber
    from gradanim.components.typeset import Readout
    from gradanim.components.typst_import import TypstMath

    boxes = []

    def visit(mob):
        if isinstance(mob, (TypstMath, Readout, GlyphNumber)):
            shown = [g.points for g in mob.family_members_with_points() if _visible(g)]
            if shown:
                points = np.concatenate(shown)[:, :2]
                boxes.append((mob, points.min(axis=0), points.max(axis=0)))
            return
        for child in mob.submobjects:
            visit(child)

    for root in _roots(scene):
        visit(root)
    found = []
    for i, (a, a_low, a_high) in enumerate(boxes):
        for b, b_low, b_high in boxes[i + 1:]:
            shared = np.minimum(a_high, b_high) - np.maximum(a_low, b_low)
            if np.all(shared > TEXT_OVERLAP):
                found.append(f"{_text_of(a)} at {np.round(a_low, 2)} overlaps {_text_of(b)} at {np.round(b_low, 2)}")
    return found


def _text_of(mob) -> str:
    text = getattr(mob, "typst_code", None) or getattr(mob, "text", None) or getattr(mob, "value", None)
    return f"{type(mob).__name__}({text!r})" if text is not None else type(mob).__name__


def outside_frame(scene) -> list[str]:
    """What visible mobjects reach closer than EDGE_CLEARANCE to the frame's edge (or past
    it). Shapes as large as the frame (a curtain, a backdrop) are meant to fill it."""
    half_w = manim.config.frame_width / 2 - EDGE_CLEARANCE
    half_h = manim.config.frame_height / 2 - EDGE_CLEARANCE
    found = []
    for root in _roots(scene):
        for mob in root.family_members_with_points():
            if not _visible(mob):
                continue
            points = mob.get_all_points() if not isinstance(mob, manim.VMobject) else mob.points
            if not np.all(np.isfinite(points)):
                continue
            (left, bottom), (right, top) = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
            if right - left >= 2 * half_w or top - bottom >= 2 * half_h:
                continue
            if left < -half_w or right > half_w or bottom < -half_h or top > half_h:
                found.append(f"{type(mob).__name__} in {type(root).__name__} spans x {left:.2f}..{right:.2f}, "
                             f"y {bottom:.2f}..{top:.2f}")
    return found


@dataclass
class Built:
    """What a dry run of a scene showed: layout and legibility problems at the end of each
    animation, and a timeline of what text each animation changed."""

    plays: int = 0
    layout: list = field(default_factory=list)
    legibility: list = field(default_factory=list)
    timeline: list = field(default_factory=list)  # (start, end, is_wait, new groups, changed)
    sections: list = field(default_factory=list)  # names given to manim's next_section, in order
    beats: list = field(default_factory=list)  # the scene's beat log (gradanim.components.captions.Beat)
    beat_names: tuple = ()
    end: float = 0.0
    pace: float = 1.0
    three_d: bool = False


_BUILT: dict = {}


def build(path, name, lesson: str | None = None) -> Built:
    """Build ``name`` from ``path`` in a dry run (once per process and lesson), checking
    every frame an animation ends on."""
    key = (str(path), name, lesson)
    if key in _BUILT:
        return _BUILT[key]
    scene_class = load_scene_class(path, name)
    if not (inspect.isclass(scene_class) and issubclass(scene_class, manim.Scene)):
        pytest.skip(f"{name} is not a Scene")
    from gradanim.components.legibility import legibility_problems
    from gradanim.components.pacing import reading_groups, text_shown, text_signature
    from gradanim.components.texts import texts_in

    built = Built()
    state = {"shown": {}}

    from gradanim.lessons.catalogue import scene_type_of

    class Checked(scene_class):
        lesson_type = scene_type_of(scene_class)  # a lesson file for the scene applies to this subclass

        def next_section(self, name="unnamed", *args, **kwargs):
            built.sections.append(name)  # a dry run keeps no sections (they have no clips): note them here
            super().next_section(name, *args, **kwargs)

        def play(self, *animations, **kwargs):
            super().play(*animations, **kwargs)
            n = self.renderer.num_plays
            built.layout.extend((n, p) for p in outside_frame(self) + overlapping_texts(self))
            background = getattr(getattr(self, "theme", None), "background", manim.config.background_color)
            built.legibility.extend((n, p) for p in legibility_problems(_roots(self), background))
            # What text the frames of this animation changed: new (or different) texts
            # appeared, or texts went away. A readout's ticking value is not a change.
            shown = {id(t): (text_signature(t), t) for t in texts_in(*self.mobjects) if text_shown(t)}
            before = state["shown"]
            new = [t for key, (sig, t) in shown.items() if before.get(key, (None,))[0] != sig]
            gone = [key for key in before if key not in shown]
            state["shown"] = shown
            end = float(self.renderer.time)
            is_wait = all(isinstance(a, manim.Wait) for a in animations)
            built.timeline.append((end - float(self.duration), end, is_wait,
                                   sum(reading_groups(t) for t in new), bool(new or gone)))

    saved = os.environ.pop(LESSON_ENV, None)
    if lesson is not None:
        os.environ[LESSON_ENV] = lesson
    try:
        with manim.tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True,
                               "progress_bar": "none", "verbosity": "WARNING"}):
            scene = Checked()
            scene.render()
    finally:
        os.environ.pop(LESSON_ENV, None)
        if saved is not None:
            os.environ[LESSON_ENV] = saved
    built.plays = scene.renderer.num_plays
    built.end = float(scene.renderer.time)
    built.pace = float(getattr(scene, "pace", 1.0))
    built.three_d = isinstance(scene.renderer.camera, manim.ThreeDCamera)
    built.beats, built.beat_names = list(getattr(scene, "beat_log", [])), tuple(getattr(scene, "beat_names", ()))
    _BUILT[key] = built
    return built


def summary(problems) -> str:
    """One line per problem, with the animations after which it was seen."""
    plays: dict[str, list[int]] = {}
    for n, problem in problems:
        plays.setdefault(problem, []).append(n)
    return "\n".join(f"after play {ns[0]}{f' (and {len(ns) - 1} more)' if len(ns) > 1 else ''}: {problem}"
                     for problem, ns in plays.items())


def hold_problems(built: Built) -> list[str]:
    """Beats that do not hold long enough to be read: from the end of an animation that
    shows new text to the start of the next one that shows or takes away text (or the end
    of the scene) at least pace x (1 s + 0.25 s per word or symbol group); the last frame,
    after the last animation that is not a wait, at least pace x 3 s."""
    from gradanim.components.pacing import FINAL_HOLD, reading_time

    problems = []
    events = built.timeline
    for i, (start, end, _, groups, _) in enumerate(events):
        if not groups:
            continue
        following = [s for s, _, _, _, changed in events[i + 1:] if changed]
        held = (following[0] if following else built.end) - end
        needed = reading_time(groups, built.pace)
        if held < needed - 1e-6:
            problems.append(f"the text shown at {end:.2f} s ({groups} words or symbols) holds {held:.2f} s "
                            f"of {needed:.2f} s")
    motions = [end for _, end, is_wait, _, _ in events if not is_wait]
    last = built.end - (motions[-1] if motions else 0.0)
    if last < FINAL_HOLD * built.pace - 1e-6:
        problems.append(f"the last frame holds {last:.2f} s of {FINAL_HOLD * built.pace:.2f} s")
    return problems


@pytest.mark.parametrize("path, name", discovered_scenes())
def test_scene_builds_in_dry_run(path, name):
    built = build(path, name)
    # A scene that plays nothing is a defect, not a pass.
    assert built.plays > 0
    assert not built.layout, summary(built.layout)


@pytest.mark.parametrize("path, name", discovered_scenes())
def test_every_text_is_legible_at_slide_size(path, name):
    """At 854x480 every visible text, at the end of every animation: capitals at least
    11 px high (a script's x-height at least 5 px) and a contrast ratio of at least 4.5:1
    with what is behind it (gradanim.components.legibility)."""
    built = build(path, name)
    assert not built.legibility, summary(built.legibility)


@pytest.mark.parametrize("path, name", discovered_scenes())
def test_every_beat_holds_long_enough_to_read(path, name):
    built = build(path, name)
    problems = hold_problems(built)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path, name", discovered_scenes())
def test_sections_are_the_declared_beats(path, name):
    """Every scene is divided into its declared beats, in order, each a manim section (so
    ``--save_sections`` writes one clip per beat) with a caption that spans it, written
    from the core's numbers (no Python float noise, no unfilled template)."""
    built = build(path, name)
    assert built.beat_names, f"{name} declares no beats"
    assert built.sections == list(built.beat_names)
    assert [b.name for b in built.beats] == list(built.beat_names)
    for before, after in zip(built.beats, built.beats[1:]):
        assert before.end == pytest.approx(after.start)
    assert built.beats[-1].end == pytest.approx(built.end)
    for beat in built.beats:
        assert beat.duration > 0 and beat.caption.strip(), beat
        assert not re.search(r"[{}]|\d\.\d{6,}|\de[-+]\d|nan|None", beat.caption), beat.caption
        # the caption can be read while its beat lasts
        assert beat.duration >= caption_time(beat.caption, built.pace) - 1e-6, beat


OKABE_ITO_SCENES = [("critical_points.py", "CriticalPoints", "critical_points"),
                    ("optimizers.py", "OptimizersCompared", "optimizers_compared")]


@pytest.mark.parametrize("file, name, scene_type", OKABE_ITO_SCENES, ids=[n for _, n, _ in OKABE_ITO_SCENES])
def test_the_okabe_ito_palette_is_legible(file, name, scene_type, tmp_path):
    """A lesson's [theme] palette = "okabe-ito": the kinds of critical points and the
    optimisers in Okabe and Ito's colours, every text still legible."""
    lesson = tmp_path / "okabe_ito.toml"
    lesson.write_text(f'scene = "{scene_type}"\n[theme]\npalette = "okabe-ito"\n')
    built = build(Path(SCENES_DIR) / file, name, str(lesson))
    assert built.plays > 0
    assert not built.layout and not built.legibility, summary(built.layout + built.legibility)


@pytest.mark.parametrize("pace", [0.5, 2.0])
def test_pace_scales_every_hold(pace, tmp_path):
    """A lesson's pace: every beat holds pace x its reading time, the end pace x 3 s, and
    the whole lesson is longer or shorter accordingly."""
    lesson = tmp_path / "paced.toml"
    lesson.write_text(f'scene = "gradient_descent"\npace = {pace}\n')
    path = Path(SCENES_DIR) / "gradient_descent.py"
    paced, normal = build(path, "GradientDescent", str(lesson)), build(path, "GradientDescent")
    assert paced.pace == pace
    assert not hold_problems(paced), "\n".join(hold_problems(paced))
    # The pace changed the holds, not the motion: the normal build falls short of pace 2's
    # holds, and the pace 0.5 build of the normal ones.
    longer, shorter = (paced, normal) if pace > 1 else (normal, paced)
    assert hold_problems(replace(shorter, pace=longer.pace))
    moving = [round(end - start, 3) for start, end, is_wait, _, _ in paced.timeline if not is_wait]
    assert moving == [round(end - start, 3) for start, end, is_wait, _, _ in normal.timeline if not is_wait]
    assert (paced.end > normal.end) == (pace > 1)


def test_the_layout_checks_see_what_they_look_for():
    from gradanim.components.typeset import math

    with manim.tempconfig({"dry_run": True, "quality": "low_quality"}):
        scene = manim.Scene()
        a = math("nabla f = (6, 2)").move_to([6.6, 0, 0])  # past the right edge
        b = math("k = 17").move_to(a.get_center() + [0.1, 0.05, 0])  # on top of it
        c = math("alpha = 0.25").move_to([0, 2, 0])
        scene.add(a, b, c)
        assert len(overlapping_texts(scene)) == 1 and "nabla" in overlapping_texts(scene)[0]
        assert outside_frame(scene) and all("TypstMath" in p for p in outside_frame(scene))
        b.set_opacity(0)  # faded out: not seen
        assert overlapping_texts(scene) == []


def test_a_lesson_overrides_a_beats_caption_and_hold(tmp_path):
    """[beats.NAME]: the lesson's caption replaces the scene's, and the beat holds its last
    frame the lesson's seconds after its last motion (at least: its text must be read)."""
    lesson = tmp_path / "beats.toml"
    lesson.write_text('scene = "gradient_vector"\n[beats.east]\ncaption = "East: six per unit."\nhold = 9\n')
    path = Path(SCENES_DIR) / "gradient_vector.py"
    changed, normal = build(path, "GradientVector", str(lesson)), build(path, "GradientVector")
    east = {b.name: b for b in changed.beats}["east"]
    assert east.caption == "East: six per unit." and east.hold == 9
    assert {b.name: b for b in normal.beats}["east"].caption.startswith("Held at y = 3, f rises 6 per unit of x")
    motions = [end for start, end, is_wait, _, _ in changed.timeline if not is_wait and east.start <= start and end <= east.end + 1e-6]
    assert east.end - max(motions) >= 9 - 1e-6
    assert changed.end > normal.end
