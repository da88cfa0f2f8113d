"""Lesson files: valid ones load, wrong ones report every problem with file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("manim")

from gradanim.lessons.lesson_file import LessonError, read_lesson, scene_values  # noqa: E402


def write(tmp_path: Path, text: str, name: str = "lesson.toml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def problems(path: Path) -> list:
    with pytest.raises(LessonError) as info:
        read_lesson(path)
    return info.value.problems


def test_three_line_lesson_loads_with_defaults(tmp_path):
    lesson = read_lesson(write(tmp_path, 'scene = "gradient_descent"\nfunction = "x^2 + 10y^2"\nlr = 0.09\n'))
    assert lesson.scene_type == "gradient_descent"
    assert lesson.values == {"function": "x^2 + 10y^2", "lr": 0.09}
    assert lesson.output["quality"] == "medium" and lesson.output["formats"] == ["mp4"]
    assert lesson.name == "lesson" and lesson.warnings == []


def test_every_problem_is_reported_at_once_with_line_and_key(tmp_path):
    path = write(tmp_path, "\n".join([
        'scene = "gradient_descent"',       # 1
        'titel = "typo"',                   # 2
        'function = "x^2 + 3y^2 +"',        # 3
        'lr = "fast"',                      # 4
        "steps = 99999999999",              # 5
        "start = [9, 9]",                   # 6
        'optimizer = "adma"',               # 7
        "[theme]",                          # 8
        'pth = "#ff9900"',                  # 9
        "[output]",                         # 10
        'quality = "ultra"',                # 11
    ]))
    found = {(p.line, p.key) for p in problems(path)}
    assert found == {
        (2, "titel"), (3, "function"), (4, "lr"), (5, "steps"), (6, "start"), (7, "optimizer"),
        (9, "theme.pth"), (11, "output.quality"),
    }
    messages = {p.key: p.message for p in problems(path)}
    assert "did you mean 'title'" in messages["titel"]
    assert "position" in messages["function"]
    assert "did you mean 'adam'" in messages["optimizer"]
    assert "outside the domain" in messages["start"]
    assert "out of range" in messages["steps"]
    text = str(LessonError(problems(path)))
    assert f"{path}:2: error: titel:" in text


@pytest.mark.parametrize("function, fragment", [
    ("__import__('os').system('touch PWNED')", "forbidden name"),
    ("x.__class__", "position"),
    ("9^9^9^9", "exponent"),
    ("lambda: 1", "position"),
])
def test_code_in_the_function_is_refused_and_never_run(tmp_path, monkeypatch, function, fragment):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, f'scene = "gradient_descent"\nfunction = "{function}"\n')
    (problem,) = problems(path)
    assert problem.key == "function" and problem.line == 2 and fragment in problem.message
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("text, fragment", [
    ('scene = "gradient_descent"\nlr = [1, 2\n', "not valid TOML"),
    ('function = "x^2"\n', "missing"),
    ('scene = "gradient_desent"\n', "did you mean 'gradient_descent'"),
    ('scene = 3\n', "must be a string"),
    ('scene = "gradient_descent"\nmaximize = "yes"\n', "true or false"),
    ('scene = "gradient_descent"\ndomain = [1, 2, 3]\n', "expects 4 numbers"),
    ('scene = "gradient_descent"\ndomain = [3, -3, -2, 2]\n', "min < max"),
    ('scene = "gradient_descent"\nlr = 1e400\n', "inf is not a finite number"),
    ('scene = "gradient_descent"\nhyperparameters = { momentum = 0.9 }\n', "gd has no option 'momentum'"),
    ('scene = "gradient_descent"\n[theme]\ntext = "red"\n', "colour"),
    ('scene = "gradient_descent"\n[output]\nformats = ["avi"]\n', "mp4"),
    ('scene = "gradient_descent"\n[output]\nname = "../escape"\n', "file name"),
])
def test_malformed_files(tmp_path, text, fragment):
    assert any(fragment in str(p) for p in problems(write(tmp_path, text)))


def test_unreadable_and_oversized_files(tmp_path):
    assert "cannot read" in str(problems(tmp_path / "missing.toml")[0])
    big = write(tmp_path, "# " + "x" * 70_000 + "\n")
    assert "at most" in str(problems(big)[0])
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"scene = \"\xff\xfe\"\n")
    assert "UTF-8" in str(problems(binary)[0])


def test_divergent_learning_rate_is_a_warning(tmp_path):
    lesson = read_lesson(write(tmp_path, 'scene = "gradient_descent"\nlr = 0.4\n'))
    (warning,) = lesson.warnings
    assert warning.warning and warning.key == "lr" and warning.line == 2 and "diverges" in warning.message


def test_theme_table_becomes_a_theme(tmp_path):
    from gradanim.scenes.gradient_descent import GradientDescent

    lesson = read_lesson(write(tmp_path, 'scene = "gradient_descent"\n[theme]\npath = "#ff9900"\nbody_size = 26\n'))
    theme = scene_values(lesson, GradientDescent)["theme"]
    assert theme.path == "#ff9900" and theme.body_size == 26 and theme.text == GradientDescent.theme.text


def test_every_shipped_lesson_is_valid():
    lessons = sorted((Path(__file__).resolve().parents[2] / "lessons").glob("*.toml"))
    for path in lessons:
        lesson = read_lesson(path)
        assert not lesson.warnings, lesson.warnings


@pytest.mark.parametrize("scene, key, value", [
    ("descend_like_a_cfo", "labels", '["\\"Intercept (beta_0)", "\\"Slope\\" (beta_1)"]'),
    ("descend_like_a_cfo", "rule", '"beta_new = beta_old - alpha dot (gradient"'),
    ("gradient_ascent", "legend", '"a = frac(b"'),
    ("learning_rate_tradeoff", "analogies", '{ crawls = "\\"slow", good = "\\"fine\\"" }'),
])
def test_typst_math_a_scene_reads_is_checked_with_its_key_and_line(tmp_path, scene, key, value):
    path = write(tmp_path, f'scene = "{scene}"\n{key} = {value}\n')
    [problem] = problems(path)
    assert (problem.line, problem.key) == (2, key)
    assert "Typst cannot typeset" in problem.message and "column" in problem.message


def test_well_formed_typst_math_options_load(tmp_path):
    lesson = read_lesson(write(tmp_path, 'scene = "descend_like_a_cfo"\nlabels = ["\\"b\\" (beta_0)", "beta_1"]\n'))
    assert lesson.values["labels"] == ['"b" (beta_0)', "beta_1"]
