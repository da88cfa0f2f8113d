"""Every scene in scenes/ builds completely (dry run: all mobjects and animations, no frames),
and at the end of every animation everything visible lies inside the frame, clear of its
edges (for 3D scenes: what is fixed in the frame: titles, panels, formulas).

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


EDGE_CLEARANCE = 0.25  # scene units between anything drawn and the frame's edge (scenes keep 0.45)


def outside_frame(scene) -> list[str]:
    """What visible mobjects reach closer than EDGE_CLEARANCE to the frame's edge (or past
    it). Shapes as large as the frame (a curtain, a backdrop) are meant to fill it."""
    half_w = manim.config.frame_width / 2 - EDGE_CLEARANCE
    half_h = manim.config.frame_height / 2 - EDGE_CLEARANCE
    camera = scene.renderer.camera
    fixed = getattr(camera, "fixed_in_frame_mobjects", None)
    if isinstance(camera, manim.ThreeDCamera):
        roots = [m for m in scene.mobjects if m in (fixed or ())]
    else:
        roots = scene.mobjects
    found = []
    for root in roots:
        for mob in root.family_members_with_points():
            if isinstance(mob, manim.VMobject) and not (
                np.any(mob.get_fill_opacities() > 0) or (np.any(mob.get_stroke_opacities() > 0)
                                                        and mob.get_stroke_width() > 0)
            ):
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
            problems.extend(f"after play {self.renderer.num_plays}: {p}" for p in outside_frame(self))

    with manim.tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True}):
        scene = Checked()
        scene.render()
    # A scene that plays nothing is a defect, not a pass.
    assert scene.renderer.num_plays > 0
    assert not problems, "\n".join(dict.fromkeys(problems))
