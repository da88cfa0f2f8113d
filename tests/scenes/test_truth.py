"""Every number on screen is true of the frame it is in.

Each scene is built in a dry run, with its default lesson and with other lesson files (other
functions and domains, every optimiser, runs that diverge or leave the view). Numbers shown
declare what they are about (:mod:`gradanim.components.claims`); at the end of every
animation (as the next frames show it) and at frames sampled inside every animation that
moves a marker or an arrow, a :class:`~gradanim.components.claims.TruthMonitor` checks each
visible number against the core at the state the picture shows. Scenes are discovered, so a
new scene file is covered without editing this test.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

manim = pytest.importorskip("manim")

from gradanim.components.claims import TruthMonitor  # noqa: E402
from gradanim.lessons.manim_plugin import LESSON_ENV  # noqa: E402
from gradanim.lessons.catalogue import SCENES_DIR, load_scene_class  # noqa: E402

from test_scenes_build import discovered_scenes  # noqa: E402  (same folder, on sys.path)

# 3D scenes are checked too (their fixed-in-frame numbers); this one's readouts, made by the
# 3D scene base (surface.py), declare nothing yet.
REDRAWN: dict[str, str] = {}  # scene file stem -> why its numbers are not checked yet


def checked(scene_class):
    """``scene_class`` with a TruthMonitor looking at it: ``scene.problems`` after render()."""

    class Checked(scene_class):
        def setup(self):
            super().setup()
            self.monitor = TruthMonitor()
            self.problems = []
            self.seconds = 0.0  # scene time at the start of the current animation
            self.skip_animation_preview = True  # frames are interpolated, not drawn

        def _look(self, moment: str, when: str):
            self.problems.extend(f"{when}: {p}" for p in self.monitor.check(self, moment))

        def play(self, *animations, **kwargs):
            # What the previous animation ended on, as the frames of this one start from it.
            self._look("end", f"end of animation {self.renderer.num_plays} (t = {self.seconds:.2f} s)")
            super().play(*animations, **kwargs)
            self.seconds += self.duration

        def update_to_time(self, t):
            super().update_to_time(t)
            moving = self.monitor.moving_parts()
            if moving and any(id(m) in moving for a in self.animations for m in a.mobject.get_family()):
                self._look("inside", f"inside animation {self.renderer.num_plays} (t = {self.seconds + t:.2f} s)")

        def tear_down(self):
            self._look("end", f"last frame (t = {self.seconds:.2f} s)")
            self.problems.extend(f"whole scene: {p}" for p in self.monitor.finish())
            super().tear_down()

    Checked.__name__ = scene_class.__name__
    return Checked


def truth_problems(scene_class) -> list[str]:
    with manim.tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True}):
        scene = checked(scene_class)()
        scene.render()
    assert scene.renderer.num_plays > 0
    return list(dict.fromkeys(scene.problems))


def report(problems: list[str], limit: int = 25) -> str:
    """The problems, the whole scene's first (they are few and say the most), at most ``limit``."""
    problems = sorted(problems, key=lambda p: not p.startswith("whole scene"))
    shown = problems[:limit]
    more = f"\n... and {len(problems) - limit} more" if len(problems) > limit else ""
    return "\n".join(shown) + more


def _marks(path: Path) -> list:
    return [pytest.mark.xfail(reason=REDRAWN[path.stem], strict=False)] if path.stem in REDRAWN else []


@pytest.mark.parametrize(
    "path, name", [pytest.param(*p.values, id=p.id, marks=_marks(p.values[0])) for p in discovered_scenes()]
)
def test_every_number_is_true_with_the_default_lesson(path, name):
    scene_class = load_scene_class(path, name)
    if not (inspect.isclass(scene_class) and issubclass(scene_class, manim.Scene)):
        pytest.skip(f"{name} is not a Scene")
    problems = truth_problems(scene_class)
    assert not problems, report(problems)


# Other lessons: (scene file, class, lesson text). Each exercises what the default does not.
LESSONS = {
    "leaves the view": ("gradient_descent.py", "GradientDescent",
                        'scene = "gradient_descent"\nfunction = "1/(x^2+y^2)"\nstart = [1, 1]\nlr = 0.25\n'),
    "diverges": ("gradient_descent.py", "GradientDescent",
                 'scene = "gradient_descent"\nfunction = "x^2 + 3y^2"\nlr = 0.4\nsteps = 60\n'),
    "oscillates": ("gradient_descent.py", "GradientDescent",
                   'scene = "gradient_descent"\nfunction = "x^2 + 3y^2"\nlr = 0.25\n'),
    "momentum": ("gradient_descent.py", "GradientDescent",
                 'scene = "gradient_descent"\nfunction = "x^2 + 10y^2"\ndomain = [-3, 3, -1.5, 1.5]\n'
                 'start = [-2.5, 1.0]\noptimizer = "momentum"\nlr = 0.04\nhyperparameters = {momentum = 0.8}\n'),
    "nesterov": ("gradient_descent.py", "GradientDescent",
                 'scene = "gradient_descent"\noptimizer = "nesterov"\nlr = 0.05\nshow_field = false\n'),
    "adagrad": ("gradient_descent.py", "GradientDescent",
                'scene = "gradient_descent"\nfunction = "sin(x) + cos(y)"\ndomain = [-4, 4, -4, 4]\n'
                'start = [1, 1]\noptimizer = "adagrad"\nlr = 0.5\nshow_field = false\n'),
    "rmsprop": ("gradient_descent.py", "GradientDescent",
                'scene = "gradient_descent"\noptimizer = "rmsprop"\nlr = 0.1\nshow_field = false\n'),
    "adam": ("gradient_descent.py", "GradientDescent",
             'scene = "gradient_descent"\nfunction = "(1-x)^2 + 100(y-x^2)^2"\ndomain = [-2, 2, -1, 3]\n'
             'start = [-1.5, 2]\noptimizer = "adam"\nlr = 0.1\nsteps = 120\nshow_field = false\n'),
    "newton": ("gradient_descent.py", "GradientDescent",
               'scene = "gradient_descent"\nfunction = "x^4 + y^2 - x y"\noptimizer = "newton"\nlr = 1\n'
               'start = [2, 1.5]\nshow_field = false\n'),
    "ascent": ("gradient_descent.py", "GradientDescent",
               'scene = "gradient_descent"\nfunction = "-(x-1)^2 - y^2"\nstart = [-2, 1]\nlr = 0.3\n'
               'maximize = true\nshow_field = false\n'),
    "ascent oscillates": ("gradient_ascent.py", "GradientAscent", 'scene = "gradient_ascent"\nlr = 0.9\n'),
    "other bowl": ("learning_rate.py", "LearningRateTradeoff",
                   'scene = "learning_rate_tradeoff"\nfunction = "2x^2 + x y + y^2"\ndomain = [-2, 2, -2, 2]\n'
                   'start = [-1.5, 1.5]\n'),
    "Himmelblau race": ("optimizers.py", "OptimizersCompared",
                        'scene = "optimizers_compared"\nfunction = "(x^2 + y - 11)^2 + (x + y^2 - 7)^2"\n'
                        'domain = [-5, 5, -5, 5]\nstart = [0, -4]\nsteps = 200\nruns = [["gd", {lr = 0.01}], '
                        '["momentum", {lr = 0.002}], ["nesterov", {lr = 0.002}], ["adagrad", {lr = 0.5}], '
                        '["adam", {lr = 0.2}]]\n'),
    "noisy data": ("linear_regression.py", "LinearRegression",
                   'scene = "linear_regression"\nx = [1, 2, 3, 5]\ny = [3, 5, 7.5, 11]\nsteps = 150\n'
                   'lr = 0.02\nparameter_domain = [-1, 3, -0.5, 3.5]\ndata_domain = [0, 6, 0, 12]\n'),
    "other data": ("feature_scaling.py", "FeatureScaling",
                   'scene = "feature_scaling"\nx = [2, 4, 5, 7]\ny = [3, 6, 8, 11]\nlr = 0.03\n'
                   'raw_domain = [-2, 3, -1, 3]\n'),
    "other direction": ("directional_derivative.py", "DirectionalDerivative",
                        'scene = "directional_derivative"\nfunction = "x^2 + 3y^2"\ndomain = [-1, 3, -1, 3]\n'
                        'point = [1, 1]\ndirection = [1, -2]\ndirection_name = "southeast"\n'),
    "internals, other optimisers": ("optimizer_internals.py", "OptimizerInternals",
                                    'scene = "optimizer_internals"\nfunction = "x^2 + 3y^2"\n'
                                    'runs = [["nesterov", {lr = 0.05}], ["adagrad", {lr = 0.5}], ["gd", {lr = 0.1}]]\n'
                                    'dissect_step = 3\n'),
    "other hill": ("hiker_in_fog.py", "HikerInFog",
                   'scene = "hiker_in_fog"\nfunction = "3 - (x-0.5)^2/2 - (y+0.5)^2"\nstart = [-2, 1.5]\n'
                   'lr = 0.6\n'),
}


@pytest.mark.parametrize("where, name, lesson", LESSONS.values(), ids=list(LESSONS))
def test_every_number_is_true_with_other_lessons(where, name, lesson, tmp_path, monkeypatch):
    path = tmp_path / "lesson.toml"
    path.write_text(lesson)
    monkeypatch.setenv(LESSON_ENV, str(path))
    problems = truth_problems(load_scene_class(SCENES_DIR / where, name))
    assert not problems, report(problems)
