"""StepDissection by geometry: arrows are the core's anatomy drawn on the map, momentum's
parts add up head to tail to the step, lines are bound to the run."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from gradanim.components.axes import PlotAxes  # noqa: E402
from gradanim.components.descent import DescentWalker  # noqa: E402
from gradanim.components.step_dissection import StepDissection  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.step_anatomy import anatomy  # noqa: E402
from gradanim.core.trajectory import descend  # noqa: E402

F = Objective.from_text("x^2 + 10y^2")
AXES = PlotAxes(Domain(((-3, 3), (-1.5, 1.5))), max_width=8, max_height=4)


def data(vector_start, vector_end):
    return np.asarray(AXES.p2c(vector_end))[:2] - np.asarray(AXES.p2c(vector_start))[:2]


def walker(optimizer, **options):
    return DescentWalker(descend(F, [-2.5, 1.2], optimizer, steps=10, tol=0, **options), AXES, objective=F)


def test_momentum_parts_add_up_to_the_step_on_the_map():
    w = walker("momentum", lr=0.04, momentum=0.8)
    parts = StepDissection(w, 2)
    truth = anatomy(w.trajectory, 2)
    arrows = parts.arrows
    assert parts.exact_sum and parts.scale == 0.04
    assert np.allclose(data(arrows["carried"].get_start(), arrows["carried"].get_end()), -0.04 * truth.terms["carried"])
    assert np.allclose(arrows["g"].get_start(), arrows["carried"].get_end())  # head to tail
    assert np.allclose(arrows["g"].get_end(), arrows["step"].get_end(), atol=1e-6)
    assert np.allclose(data(arrows["step"].get_start(), arrows["step"].get_end()), truth.step)
    assert [line.bindings[0][1] for line in parts.lines.values()] == [
        "anatomy.g", "anatomy.carried", "anatomy.velocity", "anatomy.step"]
    assert all(line.bindings[0][0] is w.subject for line in parts.lines.values())


@pytest.mark.parametrize("optimizer, lr", [("rmsprop", 0.05), ("adam", 0.3), ("adagrad", 0.5)])
def test_adaptive_parts_box_and_scaled_direction(optimizer, lr):
    w = walker(optimizer, lr=lr)
    parts = StepDissection(w, 3)
    truth = anatomy(w.trajectory, 3)
    c = parts.scale
    box = parts.arrows["root"]
    assert np.allclose([box.width, box.height], 2 * c * truth.terms["root"] * AXES.x_length / 6, rtol=0.02)
    scaled = parts.arrows["scaled"]
    assert np.allclose(data(scaled.get_start(), scaled.get_end()), -c * truth.terms["scaled"])
    # the step points the way the scaled gradient does
    step = data(parts.arrows["step"].get_start(), parts.arrows["step"].get_end())
    assert np.allclose(step / np.linalg.norm(step), -truth.terms["scaled"] / np.linalg.norm(truth.terms["scaled"]))
    longest = max(np.linalg.norm(data(a.get_start(), a.get_end())) for k, a in parts.arrows.items() if k not in ("root", "step"))
    assert longest * AXES.x_length / 6 == pytest.approx(2.2, rel=0.05) or longest < 2.2


@pytest.mark.parametrize("optimizer, lr, k", [("adam", 0.3, 2), ("rmsprop", 0.05, 2), ("adagrad", 0.5, 1)])
def test_near_the_maps_edge_arrows_and_box_stay_on_the_map(optimizer, lr, k):
    # The start (-2.5, 1.2) is 0.3 below the map's top: Adam's divide-by box at the scale of
    # the longest arrow once stood 1.5 units above the map, into the title.
    w = walker(optimizer, lr=lr)
    parts = StepDissection(w, k)
    (x0, y0), (x1, y1) = (np.asarray(AXES.c2p(*corner))[:2] for corner in ((-3, -1.5), (3, 1.5)))
    for name, mobject in parts.arrows.items():
        if name == "step":  # the step at its true size ends on the run's next point, on the map
            continue
        assert x0 - 1e-6 <= mobject.get_left()[0] and mobject.get_right()[0] <= x1 + 1e-6, name
        assert y0 - 1e-6 <= mobject.get_bottom()[1] and mobject.get_top()[1] <= y1 + 1e-6, name
