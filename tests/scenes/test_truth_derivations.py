"""The numbers of the derivation, steepness and stopping scenes: the lessons' own numbers,
declared as claims, and a false number is caught."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from gradanim.components.claims import AtPoint, Claim, RemainingTo, SteepnessAt, TruthMonitor, declare  # noqa: E402
from gradanim.components.typeset import math  # noqa: E402
from gradanim.core.lesson_functions import REVENUE  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.regression import LESSON_DEMO, mse_objective  # noqa: E402
from gradanim.core.stopping import stopping_comparison  # noqa: E402
from gradanim.lessons.catalogue import SCENES_DIR, load_scene_class  # noqa: E402
from gradanim.lessons.manim_plugin import LESSON_ENV  # noqa: E402

from test_truth import report, truth_problems  # noqa: E402  (same folder)


def scene_of(file: str, name: str):
    """The scene with its mathematics computed (no frames: the default lesson's frames are
    checked by test_truth.py; here, which numbers its parts say)."""
    scene = load_scene_class(SCENES_DIR / file, name)()
    scene.compute()
    return scene


def said(*mobjects) -> dict[str, list]:
    """What the mobjects (and their parts) declare, shown value by quantity."""
    found: dict[str, list] = {}
    for mob in mobjects:
        for part in mob.get_family():
            for claim in vars(part).get("declared_claims", ()):
                found.setdefault(claim.quantity, []).append(claim.shown)
    return found


def test_partials_by_hand_show_the_lessons_six_and_two():
    scene = scene_of("partials_by_hand.py", "PartialsByHand")
    claims = said(scene.make_panel(), *(scene.derivation_view(k)[1] for k in range(2)))
    assert claims["gradient.0"] == [6.0, 6.0] and claims["gradient.1"] == [2.0, 2.0]
    assert claims["gradient"] == [(6.0, 2.0)]
    assert [line.step.expr for line in scene.derivation_view(0)[1].lines][-1] == 6


def test_mse_partials_end_in_the_regression_scenes_first_step():
    scene = scene_of("mse_partials.py", "MSEPartials")
    strip = scene.results_strip()
    claims = said(strip, scene.update_view(below=strip)[1], *(scene.derivation_view(k, below=strip)[1]
                                                             for k in range(2)))
    assert claims["gradient.0"] == [-10.0, -10.0] and claims["gradient.1"] == [-30.0, -30.0]
    assert claims["step.0"] == [0.1] and claims["step.1"] == [0.3]
    # The regression scene's run, from the same demo: its first point after the start.
    regression = load_scene_class(SCENES_DIR / "linear_regression.py", "LinearRegression")
    assert (regression.x, regression.y, regression.start, regression.lr) == (
        LESSON_DEMO.x, LESSON_DEMO.y, LESSON_DEMO.start, LESSON_DEMO.lr)
    first = LESSON_DEMO.run().points[1]
    assert np.allclose(first, [0.1, 0.3], atol=1e-15)
    assert claims["step"] == [tuple(float(v) for v in first)]
    assert TruthMonitor().check(_Picture(strip)) == []


def test_steepness_and_stopping_numbers():
    scene = scene_of("steepness_and_stopping.py", "SteepnessAndStopping")
    assert [round(r.norm, 2) for r in scene.records] == [0.64, 4.81]
    assert [round(r.spacing, 2) for r in scene.records] == [1.64, 0.21]
    assert scene.loose.run.n_steps == 9 and round(scene.loose.distance, 2) == 2.49
    assert scene.tight.run.n_steps == 162
    # The loose run is the tight one cut short: the walker shows the same points.
    k = scene.loose.run.n_steps
    assert np.allclose(scene.tight.run.points[: k + 1], scene.loose.run.points)


def test_the_revenue_by_hand_is_true_and_tagged(tmp_path, monkeypatch):
    path = tmp_path / "lesson.toml"
    path.write_text(f'scene = "partials_by_hand"\nfunction = "{REVENUE.text}"\nvariables = ["a", "q"]\n'
                    'point = [20, 15]\nvariable_display = ["Advertising", "Quality"]\nquantity = "Revenue"\n')
    monkeypatch.setenv(LESSON_ENV, str(path))
    problems = truth_problems(load_scene_class(SCENES_DIR / "partials_by_hand.py", "PartialsByHand"))
    assert not problems, report(problems)


class _Picture:
    """A scene stand-in: the mobjects a monitor looks at."""

    def __init__(self, *mobjects):
        self.mobjects = mobjects

    def get_mobject_family_members(self):
        return [m for mob in self.mobjects for m in mob.get_family()]


def test_false_numbers_are_caught():
    f = Objective.from_text("x^2*y/2")
    at = AtPoint(f, (2, 3), lr=0.1)
    good = declare(math("6"), Claim(at, "gradient.0", 6.0), Claim(at, "step", (1.4, 2.8)))
    bad = declare(math("7"), Claim(at, "gradient.1", 7.0))
    assert TruthMonitor().check(_Picture(good)) == []
    assert "gradient.1 = 7" in TruthMonitor().check(_Picture(bad))[0]

    axes = manim.Axes(x_range=(-4, 4), y_range=(-3, 3), x_length=8, y_length=6)
    g = Objective.from_text("0.1x^2 + 2y^2")
    arrow = manim.Arrow(axes.c2p(1.5, 1.2), axes.c2p(1.6, 2.6), buff=0)
    steep = SteepnessAt(g, axes, arrow, np.arange(0.5, 14, 1.0))
    norm = declare(math("4.81"), Claim(steep, "norm", 4.81, 2))
    assert TruthMonitor().check(_Picture(arrow, norm)) == []
    arrow.shift(axes.c2p(1, 0) - axes.c2p(0, 0))  # drawn elsewhere: the number is false there
    assert TruthMonitor().check(_Picture(arrow, norm))

    loose, _ = stopping_comparison(g, [-3.6, 2.0], "gd", tolerances=(0.5, 1e-3), lr=0.2)
    dot = manim.Dot(axes.c2p(*loose.stop))
    left = RemainingTo(loose, axes, dot, g)
    distance = declare(math("2.49"), Claim(left, "distance", 2.49, 2), Claim(left, "steps", 9))
    assert TruthMonitor().check(_Picture(dot, distance)) == []
    dot.move_to(axes.c2p(-1, 0))
    assert TruthMonitor().check(_Picture(dot, distance))


def test_mse_objective_agrees_with_the_demo():
    objective = mse_objective(LESSON_DEMO.data, names=("beta0", "beta1"))
    assert objective.gradient(LESSON_DEMO.start).tolist() == [-10.0, -30.0]
