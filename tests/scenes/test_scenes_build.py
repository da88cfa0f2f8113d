"""Every scene in scenes/ builds completely (dry run: all mobjects and animations, no frames).

Scenes are discovered, so a new scene file is covered without editing this test.
"""

from __future__ import annotations

import inspect
from pathlib import Path

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


@pytest.mark.parametrize("path, name", discovered_scenes())
def test_scene_builds_in_dry_run(path, name):
    scene_class = load_scene_class(path, name)
    if not (inspect.isclass(scene_class) and issubclass(scene_class, manim.Scene)):
        pytest.skip(f"{name} is not a Scene")
    with manim.tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True}):
        scene = scene_class()
        scene.render()
    # A scene that plays nothing is a defect, not a pass.
    assert scene.renderer.num_plays > 0
