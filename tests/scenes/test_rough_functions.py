"""Every 2D scene that takes a function draws one with kinks, jumps, a tie and a pole
inside its domain (built in a dry run), or `check` refuses it with a reason from the
mathematics, at the key responsible."""

from __future__ import annotations

import re

import pytest

manim = pytest.importorskip("manim")

from click.testing import CliRunner  # noqa: E402

from gradanim.cli import main  # noqa: E402
from gradanim.scene_base import LessonScene  # noqa: E402
from gradanim.lessons.build_check import build  # noqa: E402
from gradanim.lessons.catalogue import catalogue, scene_class_for  # noqa: E402
from gradanim.lessons.lesson_file import read_lesson, scene_values  # noqa: E402
from gradanim.options import options_of  # noqa: E402

# abs: a kink where x = 1; max: a kink where x = y; floor: jumps where y is whole; a pole at (-1, 0)
ROUGH = "abs(x - 1) + max(x, y) + floor(y) + 1/((x + 1)^2 + y^2)"
LIGHT = {  # fewer steps and lines than the lessons use: the point is that nothing breaks
    "domain": "[-3, 3, -2, 2]", "variables": '["x", "y"]', "start": "[-2.5, 0.5]", "point": "[2, 0.5]",
    "steps": "8", "levels": "6", "field_density": "9", "seeds": "[6, 4]", "arrow_steps": "1",
    "survey_function": f'"{ROUGH}"', "problem_function": f'"{ROUGH}"', "problem_domain": "[-3, 3, -2, 2]",
    "survey_levels": "6", "problem_levels": "6", "highlight_near": "[[2, 1.2], [-2, -1.5]]",
}


def flat_scenes() -> list:
    found = []
    for name in catalogue():
        cls = scene_class_for(name)
        options = options_of(cls)
        if issubclass(cls, LessonScene) and ({"function", "survey_function"} & set(options)):
            found.append(pytest.param(name, id=name))
    return found


def lesson_text(name: str) -> str:
    options = options_of(scene_class_for(name))
    lines = [f'scene = "{name}"']
    if "function" in options:
        lines.append(f'function = "{ROUGH}"')
    lines += [f"{key} = {value}" for key, value in LIGHT.items()
              if key in options and (key != "levels" or options[key].kind == "int")]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", flat_scenes())
def test_scenes_draw_kinks_jumps_and_poles_or_check_says_why(tmp_path, name):
    path = tmp_path / f"{name}.toml"
    path.write_text(lesson_text(name))
    lesson = read_lesson(path)
    cls = scene_class_for(name)
    reason = build(cls, scene_values(lesson, cls))
    if reason is None:
        return
    # Refused: a reason from the mathematics (not a crash), one line at the key responsible.
    assert not re.match(r"\w+(Error|Exception): ", reason), reason
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    [line, summary] = result.output.strip().splitlines()
    assert re.match(rf"{re.escape(str(path))}:\d+: error: (function|start|point|domain): the {name} scene cannot draw "
                    "this lesson: ", line), line
    assert summary == "gradanim: 1 of 1 lesson file invalid"
