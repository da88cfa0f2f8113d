"""What a lesson may not do, each refused with file, line, key and reason: numbers that are
not finite, boxes that cannot be plotted, functions with nothing to draw, a gradient
asked for where there is none, and Typst math that would run code or exhaust the machine."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

pytest.importorskip("manim")

from gradanim.lessons.lesson_file import LessonError, read_lesson  # noqa: E402


def refusals(tmp_path: Path, text: str) -> list[tuple[int | None, str, str]]:
    path = tmp_path / "lesson.toml"
    path.write_text(text)
    with pytest.raises(LessonError) as info:
        read_lesson(path)
    return [(p.line, p.key, p.message) for p in info.value.problems if not p.warning]


def test_every_number_must_be_finite_wherever_it_is(tmp_path):
    found = refusals(tmp_path, "\n".join([
        'scene = "gradient_descent"',
        "start = [inf, 0]",
        "lr = nan",
        "hyperparameters = { momentum = -inf }",
        "[output]",
        "max_gif_mb = inf",
    ]) + "\n")
    assert found == [
        (2, "start", "inf is not a finite number (at start[1]): every number in a lesson must be finite"),
        (3, "lr", "nan is not a finite number: every number in a lesson must be finite"),
        (4, "hyperparameters", "-inf is not a finite number (at hyperparameters.momentum): every number in a "
                               "lesson must be finite"),
        (6, "output.max_gif_mb", "inf is not a finite number: every number in a lesson must be finite"),
    ]


@pytest.mark.parametrize("domain, reason", [
    ("[-1e300, 1e300, -1, 1]", "interval 1 [-1e+300, 1e+300] reaches beyond +-1e+06"),
    ("[-1e-9, 1e-9, -1e-9, 1e-9]", "interval 1 [-1e-09, 1e-09] is narrower than 1e-06"),
    ("[1e5, 100000.01, 0, 1]", "interval 1 [100000, 100000] is narrower than 0.1"),
    ("[-100, 100, -1, 1]", "one side is 100 times the other"),
])
def test_boxes_that_cannot_be_plotted(tmp_path, domain, reason):
    [(line, key, message)] = refusals(tmp_path, f'scene = "gradient_descent"\ndomain = {domain}\nstart = [0, 0]\n')
    assert (line, key) == (2, "domain") and message.startswith(reason)


def test_other_domains_and_functions_are_checked_too(tmp_path):
    found = refusals(tmp_path, "\n".join([
        'scene = "critical_points"',
        'survey_domain = [-1e7, 1e7, -1, 1]',
        'problem_function = "x^"',
    ]) + "\n")
    assert [(line, key) for line, key, _ in found] == [(2, "survey_domain"), (3, "problem_function")]
    found = refusals(tmp_path, 'scene = "min_max_saddle"\nfunctions = ["x^2 + y^2", "5", "x y"]\n'
                               'domains = [[-1, 1, -1, 1], [0, 1, 0, 1], [-1, 1, -1, 1e9]]\n')
    assert found == [
        (2, "functions", "function 2: f = 5 is constant: it has no level lines and its gradient is 0"),
        (3, "domains", "domain 3: interval 2 [-1, 1e+09] reaches beyond +-1e+06, the limit of a plotted box"),
    ]


@pytest.mark.parametrize("function, reason", [
    ("5", "f is constant (f = 5 everywhere)"),
    ("0*x + 3", "f is constant (f = 3 everywhere)"),
    ("5 + 1e-14*x", "f is nearly constant on the domain"),
    ("log(-1 - x^2 - y^2)", "f has no finite value anywhere on the domain"),
])
def test_functions_with_nothing_to_draw(tmp_path, function, reason):
    [(line, key, message)] = refusals(tmp_path, f'scene = "gradient_field"\nfunction = "{function}"\n')
    assert (line, key) == (2, "function") and message.startswith(reason), message


def test_a_point_without_a_gradient_is_refused_by_scenes_about_it(tmp_path):
    [(line, key, message)] = refusals(tmp_path, 'scene = "gradient_vector"\nfunction = "abs(x) + y^2"\n'
                                                'domain = [-2, 2, -1, 3]\npoint = [0, 1]\n')
    assert (line, key) == (4, "point")
    assert message.startswith("f has a kink at (0, 1): no gradient there (abs(x) has a kink where x = 0)")
    [(line, key, message)] = refusals(tmp_path, 'scene = "directional_derivative"\nfunction = "floor(x) + y"\n'
                                                'point = [2, 3]\n')
    assert (line, key) == (3, "point") and message.startswith("f jumps at (2, 3)")


# --- Typst math from a lesson runs no code -------------------------------------------------


def test_typst_code_is_refused_before_anything_runs(tmp_path):
    started = time.monotonic()
    [(line, key, message)] = refusals(tmp_path, 'scene = "descend_like_a_cfo"\n'
                                                'rule = "#range(100000000).map(x => x).len()"\n')
    assert time.monotonic() - started < 10  # it used to take 16 GB and not finish
    assert (line, key) == (2, "rule")
    assert message.startswith("Typst math from a lesson may not run code: '#' at column 1 starts Typst code")
    [(_, key, message)] = refusals(tmp_path, 'scene = "descend_like_a_cfo"\nlabels = ["a", "x + #let y = 1"]\n')
    assert key == "labels" and "at column 5" in message


def test_hash_signs_as_text_are_fine(tmp_path):
    from gradanim.components.typst_import import code_in_math

    assert code_in_math('"item #1" + x') is None and code_in_math("\\# x") is None
    assert code_in_math('"a \\" #b" x') is None  # an escaped quote does not end the string
    assert code_in_math('"a" #b') == 4 and code_in_math("\\\\#b") == 2  # \\ is a backslash; # then is code
    path = tmp_path / "ok.toml"
    path.write_text('scene = "descend_like_a_cfo"\nrule = "\\\\# \\"item #1\\" = x"\n')
    assert read_lesson(path).values["rule"] == '\\# "item #1" = x'


def test_typesetting_a_lesson_runs_under_memory_and_time_limits(tmp_path, monkeypatch):
    from gradanim import typst_sandbox
    from gradanim.typst_sandbox import TypstLimitError, compile_limited

    # Code (which a lesson cannot reach: refused above) shows the limits hold.
    with pytest.raises(TypstLimitError, match="more than 512 MB of memory"):
        compile_limited(["$ #range(100000000).map(x => x).len() $"])
    with pytest.raises(TypstLimitError, match="more than 1 s of CPU time") as info:
        compile_limited(["$ x $", "#for i in range(5000) { for j in range(5000) { } }"], cpu=1)
    assert info.value.index == 1
    # A lesson's math is typeset in that child: with too little memory for it, it is refused.
    monkeypatch.setattr(typst_sandbox, "MEMORY_BYTES", 16 * 2**20)
    [(line, key, message)] = refusals(tmp_path, 'scene = "descend_like_a_cfo"\nrule = "x^2"\n')
    assert (line, key) == (2, "rule") and message == "typesetting 'x^2' was stopped: it needed more than 16 MB of memory"


def test_what_sets_the_work_of_a_render_is_bounded(tmp_path):
    found = refusals(tmp_path, 'scene = "monkey_saddle"\nresolution = 10000\nhold_time = 1e6\ncontour_levels = 500\n')
    assert found == [
        (2, "resolution", "10000 is out of range: must be >= 4 and <= 80"),
        (3, "hold_time", "1000000.0 is out of range: must be > 0 and <= 120"),
        (4, "contour_levels", "500 is out of range: must be >= 1 and <= 60"),
    ]
    found = refusals(tmp_path, f'scene = "gradient_field"\nseeds = [1000, 10]\nhighlight_near = {[[0, 0]] * 1001}\n')
    assert found == [(2, "seeds", "entry 1, 1000, is out of range: must be >= 1 and <= 40"),
                     (3, "highlight_near", "has 1001 entries; a list in a lesson has at most 1000")]
    found = refusals(tmp_path, 'scene = "study_hours"\nhours_range = [0, 1e6, 1e-6]\n')
    assert found == [(2, "hours_range", "[min, max, step] must have min < max and step > 0, with at most 100 steps "
                                        "from min to max")]


def test_beats_are_checked_by_name_and_setting(tmp_path):
    found = refusals(tmp_path, "\n".join([
        'scene = "gradient_vector"',
        "[beats.eats]",
        'caption = "typo"',
        "[beats.north]",
        'captoin = "x"',
        "hold = -1",
        "[beats.east]",
        "caption = 3",
    ]) + "\n")
    assert found == [
        (2, "beats.eats", "unknown beat (did you mean 'east'?); this scene's beats are landscape, point, east, "
                          "north, gradient, reading"),
        (5, "beats.north.captoin", "unknown beat setting (did you mean 'caption'?); a beat has caption and hold"),
        (6, "beats.north.hold", "expects seconds, a number >= 0 and <= 120, got -1"),
        (8, "beats.east.caption", "expects the caption as text, got 3"),
    ]
