"""A few last-frame comparisons that guard the look (manim's frames_comparison).

Control frames live in tests/components/control_data/gradanim/ (480p, one frame). Regenerate
them after an intended change of look with:

    .venv/bin/python -m pytest tests/components/test_frames.py --set_test

Cairo versions can differ by a few anti-aliased pixels, so up to 0.5% of pixel values may
differ; a moved label or a wrong colour changes far more.
"""

from __future__ import annotations

import pytest

pytest.importorskip("manim")

from manim.utils.testing import _frames_testers  # noqa: E402
from manim.utils.testing import frames_comparison as _frames_comparison_module  # noqa: E402
from manim.utils.testing.frames_comparison import frames_comparison  # noqa: E402

from gradanim.components.axes import PlotAxes  # noqa: E402
from gradanim.components.contour_map import ContourMap  # noqa: E402
from gradanim.components.descent import DescentWalker  # noqa: E402
from gradanim.components.gradient_at_point import GradientAtPoint  # noqa: E402
from gradanim.components.gradient_field import GradientField  # noqa: E402
from gradanim.components.theme import DEFAULT_THEME  # noqa: E402
from gradanim.components.typeset import Readout  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.trajectory import descend  # noqa: E402

__module_test__ = "gradanim"


@pytest.fixture(autouse=True)
def _tolerant(monkeypatch):
    monkeypatch.setattr(_frames_testers, "FRAME_MISMATCH_RATIO_TOLERANCE", 5e-3)
    # Manim skips these tests below cairo 1.18 because its own control frames were made
    # with 1.18; ours are made here, with the system's cairo (Debian 12: 1.16).
    monkeypatch.setattr(_frames_comparison_module, "MIN_CAIRO_VERSION", 0)


@frames_comparison(last_frame=True)
def test_descent_on_contour_map(scene):
    scene.camera.background_color = DEFAULT_THEME.background
    f = Objective.from_text("x^2 + 3y^2")
    axes = PlotAxes(Domain(((-3, 3), (-2, 2))), max_width=8, max_height=6)
    walker = DescentWalker(descend(f, [-2.5, 1.5], "gd", lr=0.25, steps=40, tol=1e-4), axes)
    walker.jump_to(6)
    scene.add(axes, ContourMap(f, axes, levels=10), GradientField(f, axes, density=11), walker)


@frames_comparison(last_frame=True)
def test_gradient_at_point_with_readout(scene):
    scene.camera.background_color = DEFAULT_THEME.background
    f = Objective.from_text("x^2*y/2")
    axes = PlotAxes(Domain(((0, 5), (0, 4))), max_width=7, max_height=5.5, variable_names=("price", "ads"))
    axes.to_edge([-1, 0, 0])
    readout = Readout("f(2, 3)", f.value([2, 3])).to_corner([1, 1, 0])
    scene.add(axes, ContourMap(f, axes, levels=8), GradientAtPoint(f, axes, [2, 3], scale=0.25), readout)
