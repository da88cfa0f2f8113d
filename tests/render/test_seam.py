"""The render seam: golden frames drawn through both paths, gradanim's lesson renderer and
plain manim (``GRADANIM_RENDERER``), and the manim version check.

Golden frames live in tests/render/control_data/ (480p, RGBA). A frame matches when at most
``MISMATCH`` of its pixels differ from the control by more than ``TOLERANCE`` in any channel
(antialiased edges differ slightly across Cairo versions; a moved label or a wrong colour
changes far more). After an intended change of look, rewrite them with

    GRADANIM_SET_GOLDEN=1 .venv/bin/python -m pytest tests/render/test_seam.py
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from manim import tempconfig  # noqa: E402

from gradanim import render  # noqa: E402
from gradanim.components.axes import PlotAxes  # noqa: E402
from gradanim.components.contour_map import ContourMap  # noqa: E402
from gradanim.components.descent import DescentWalker  # noqa: E402
from gradanim.components.gradient_at_point import GradientAtPoint  # noqa: E402
from gradanim.components.gradient_field import GradientField  # noqa: E402
from gradanim.scene_base import LessonScene  # noqa: E402
from gradanim.scene_base import LessonScene3D  # noqa: E402
from gradanim.components.surface import SurfacePlot  # noqa: E402
from gradanim.components.typeset import Readout  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.trajectory import descend  # noqa: E402

CONTROL = Path(__file__).parent / "control_data"
TOLERANCE = 16  # of 255, per channel
MISMATCH = 0.005  # of the pixels


class DescentOnContourMap(LessonScene):
    def construct(self):
        f = Objective.from_text("x^2 + 3y^2")
        axes = PlotAxes(Domain(((-3, 3), (-2, 2))), max_width=8, max_height=6)
        walker = DescentWalker(descend(f, [-2.5, 1.5], "gd", lr=0.25, steps=40, tol=1e-4), axes)
        walker.jump_to(6)
        self.add(axes, ContourMap(f, axes, levels=10), GradientField(f, axes, density=11), walker)


class GradientAtPointWithReadout(LessonScene):
    def construct(self):
        f = Objective.from_text("x^2*y/2")
        axes = PlotAxes(Domain(((0, 5), (0, 4))), max_width=7, max_height=5.5, variable_names=("price", "ads"))
        axes.to_edge([-1, 0, 0])
        readout = Readout("f(2, 3)", f.value([2, 3])).to_corner([1, 1, 0])
        self.add(axes, ContourMap(f, axes, levels=8), GradientAtPoint(f, axes, [2, 3], scale=0.25), readout)


class Bowl(LessonScene3D):
    phi = 45.0

    def construct(self):
        plot = SurfacePlot(Objective.from_text("x^2 + y^2"), Domain(((-1.5, 1.5), (-1.5, 1.5))), resolution=24,
                           contour_levels=0)
        self.fit_camera(plot)
        self.add(plot.surface)


def last_frame(scene_class, renderer: str, monkeypatch) -> tuple[np.ndarray, object]:
    monkeypatch.setenv(render.RENDERER_ENV, renderer)
    with tempconfig({"quality": "low_quality", "dry_run": True}):
        scene = scene_class()
        scene.render()
        scene.renderer.update_frame(scene, ignore_skipping=True)
        return np.array(scene.renderer.get_frame()), scene


def mismatch(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(np.abs(a.astype(int) - b.astype(int)).max(axis=2) > TOLERANCE))


@pytest.mark.parametrize("renderer", ["lesson", "manim"])
@pytest.mark.parametrize("scene_class", [DescentOnContourMap, GradientAtPointWithReadout])
def test_golden_frames_through_both_paths(scene_class, renderer, monkeypatch):
    frame, scene = last_frame(scene_class, renderer, monkeypatch)
    expected_camera = render.LessonCamera if renderer == "lesson" else manim.Camera
    assert type(scene.camera) is expected_camera
    control = CONTROL / f"{scene_class.__name__}.npz"
    if os.environ.get("GRADANIM_SET_GOLDEN") and renderer == "lesson":
        CONTROL.mkdir(exist_ok=True)
        np.savez_compressed(control, frame=frame)
    golden = np.load(control)["frame"]
    assert frame.shape == golden.shape
    assert mismatch(frame, golden) <= MISMATCH


def test_a_surface_through_both_paths(monkeypatch):
    """Plain manim paints the faces far to near with one colour each; the lesson renderer
    tests depth and shades smoothly: the same surface in the same place, colours close."""
    lesson, scene = last_frame(Bowl, "lesson", monkeypatch)
    assert isinstance(scene.camera, render.DepthCamera)
    plain, scene = last_frame(Bowl, "manim", monkeypatch)
    assert isinstance(scene.camera, render.PlainThreeDCamera)
    background = np.array(manim.ManimColor(scene.theme.background).to_rgb()) * 255
    drawn = [np.abs(f[..., :3].astype(float) - background).max(axis=2) > 24 for f in (lesson, plain)]
    overlap = (drawn[0] & drawn[1]).sum() / (drawn[0] | drawn[1]).sum()
    assert overlap > 0.97
    both = drawn[0] & drawn[1]
    assert np.median(np.abs(lesson[both, :3].astype(int) - plain[both, :3].astype(int)).max(axis=1)) <= 12


def test_the_renderer_is_chosen_by_the_environment_and_the_manim_version(monkeypatch):
    monkeypatch.setenv(render.RENDERER_ENV, "manim")
    assert render.camera_class(False) is manim.Camera and render.renderer_for(manim.Camera) is None
    monkeypatch.setenv(render.RENDERER_ENV, "lesson")
    assert render.camera_class(True) is render.DepthCamera
    monkeypatch.setenv(render.RENDERER_ENV, "fast")
    with pytest.raises(ValueError, match="GRADANIM_RENDERER must be 'lesson' or 'manim'"):
        render.camera_class(False)
    # A manim the lesson renderer was not tested with: plain manim, with a warning saying why.
    monkeypatch.delenv(render.RENDERER_ENV)
    monkeypatch.setattr(manim, "__version__", "0.99.0")
    monkeypatch.setattr(render, "_WARNED", set())
    with pytest.warns(RuntimeWarning, match="not 0.99.0: rendering through plain manim"):
        assert render.camera_class(False) is manim.Camera
    monkeypatch.setenv(render.RENDERER_ENV, "lesson")  # asked for anyway: used, with a warning
    with pytest.warns(RuntimeWarning, match="uses it anyway"):
        assert render.camera_class(False) is render.LessonCamera
    monkeypatch.setattr(manim, "__version__", "0.22.0")
    monkeypatch.delenv(render.RENDERER_ENV)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert render.camera_class(False) is render.LessonCamera
