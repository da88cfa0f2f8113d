"""Every scene in scenes/ builds completely (dry run: all mobjects and animations, no frames),
and at the end of every animation everything visible lies inside the frame, clear of its
edges, and no two pieces of text (formulas, labels, live numbers) overlap (for 3D scenes:
what is fixed in the frame: titles, panels, formulas).

Scenes are discovered, so a new scene file is covered without editing this test.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from gradanim.export import SCENES_DIR, load_scene_class  # noqa: E402


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


@pytest.mark.parametrize("path, name", discovered_scenes())
def test_scene_builds_in_dry_run(path, name):
    scene_class = load_scene_class(path, name)
    if not (inspect.isclass(scene_class) and issubclass(scene_class, manim.Scene)):
        pytest.skip(f"{name} is not a Scene")
    problems: list[str] = []

    class Checked(scene_class):
        def play(self, *animations, **kwargs):
            super().play(*animations, **kwargs)
            problems.extend(f"after play {self.renderer.num_plays}: {p}"
                            for p in outside_frame(self) + overlapping_texts(self))

    with manim.tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True}):
        scene = Checked()
        scene.render()
    # A scene that plays nothing is a defect, not a pass.
    assert scene.renderer.num_plays > 0
    assert not problems, "\n".join(dict.fromkeys(problems))


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
