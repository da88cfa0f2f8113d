"""Whatever `check` accepts renders; whatever it refuses gets a located reason.

The cases of issue 17: non-smooth functions, constant and nearly constant functions, poles
inside the domain, huge and tiny domains, numbers that are not finite, step counts beyond
the limit, and Typst code in a lesson. Accepted ones are rendered at 480p (two lessons
cover them); refused ones get one line each, ``file:line: error: key: reason``, exit
status 2 and no output file, from ``check`` and from ``render``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from gradanim.cli import main
from gradanim.core.trajectory import MAX_STEPS

ACCEPTED = {
    # kinks on a map a million wide: 100|x| + 100|y| from (-5e5, 3e5), steps of 1e5 along
    # each axis, onto the kink y = 0 at step 3 and the corner (0, 0) at step 5
    "kinks_huge": '''scene = "gradient_descent"
title = "Descent through kinks, on a wide map"
function = "100abs(x) + 100abs(y)"
domain = [-1e6, 1e6, -1e6, 1e6]
start = [-5e5, 3e5]
lr = 1000
steps = 10
arrow_steps = 1
''',
    # a pole inside a box a thousandth wide
    "pole_tiny": '''scene = "gradient_descent"
title = "A pole in a tiny box"
function = "1/(x^2 + y^2)"
domain = [-1e-3, 1e-3, -1e-3, 1e-3]
start = [5e-4, 2e-4]
lr = 2e-15
steps = 4
arrow_steps = 1
''',
}

REFUSED = {  # lesson text -> (line, key, start of the reason)
    'scene = "gradient_field"\nfunction = "5"\n': (2, "function", "f is constant (f = 5 everywhere)"),
    'scene = "gradient_field"\nfunction = "5 + 1e-14*x"\n': (2, "function", "f is nearly constant on the domain"),
    'scene = "gradient_descent"\ndomain = [-1e300, 1e300, -1, 1]\n': (2, "domain", "interval 1 [-1e+300, 1e+300] "
                                                                                "reaches beyond +-1e+06"),
    'scene = "gradient_descent"\ndomain = [0, 1e-9, 0, 1e-9]\n': (2, "domain", "interval 1 [0, 1e-09] is narrower"),
    'scene = "gradient_descent"\nstart = [inf, 0]\n': (2, "start", "inf is not a finite number (at start[1])"),
    'scene = "gradient_descent"\nsteps = 100000000\n': (2, "steps", "100000000 is out of range: must be >= 0 and "
                                                                    "<= 10000"),
    'scene = "descend_like_a_cfo"\nrule = "#range(100000000).map(x => x).len()"\n': (
        2, "rule", "Typst math from a lesson may not run code: '#' at column 1"),
    'scene = "gradient_vector"\nfunction = "abs(x) + y^2"\ndomain = [-2, 2, 0, 4]\npoint = [0, 3]\n': (
        4, "point", "f has a kink at (0, 3): no gradient there (abs(x) has a kink where x = 0)"),
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.render
def test_accepted_cases_render_at_480p(tmp_path):
    av = pytest.importorskip("av")
    paths = []
    for name, text in ACCEPTED.items():
        paths.append(tmp_path / f"{name}.toml")
        paths[-1].write_text(text)
    checked = run("check", *paths)
    assert checked.exit_code == 0, checked.output
    assert "converged after 5 steps at (0, 0)" in checked.output
    assert "reached a kink where 0 is a subgradient" in checked.output
    out = tmp_path / "out"
    rendered = run("render", *paths, "--quality", "low", "--format", "mp4", "--output", out, "--jobs", "2")
    assert rendered.exit_code == 0, rendered.output
    for name in ACCEPTED:
        with av.open(str(out / f"{name}.mp4")) as container:
            stream = container.streams.video[0]
            assert (stream.width, stream.height) == (854, 480)
            assert float(container.duration / av.time_base) > 4
        assert (out / f"{name}.png").is_file()


@pytest.mark.parametrize("text, expected", list(REFUSED.items()), ids=[v[1] + str(i) for i, v in
                                                                       enumerate(REFUSED.values())])
def test_refused_cases_get_one_located_line_exit_2_and_no_output(tmp_path, text, expected):
    path = tmp_path / "lesson.toml"
    path.write_text(text)
    line, key, reason = expected
    checked = run("check", path)
    assert checked.exit_code == 2
    lines = checked.output.strip().splitlines()
    assert lines[0].startswith(f"{path}:{line}: error: {key}: {reason}"), lines[0]
    assert lines[1:] == ["gradanim: 1 of 1 lesson file invalid"]
    out = tmp_path / "out"
    rendered = run("render", path, "--quality", "low", "--output", out)
    assert rendered.exit_code == 2
    assert lines[0] in rendered.output.splitlines()
    assert [p.name for p in out.iterdir() if not p.name.startswith(".")] == []


# --- the command line's own math ------------------------------------------------------------


@pytest.mark.parametrize("function", ["abs(x)+abs(y)", "sign(x)+y^2", "floor(x)+y", "ceil(x)*y", "min(x,y)",
                                      "max(x,y^2)"])
def test_math_of_non_smooth_functions(function):
    result = run("math", function, "--at", "0,1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["not_smooth"]  # where f breaks, in words
    local = data["at"]
    if local["differentiable"]:
        assert None not in local["gradient"]
    else:
        assert local["gradient"] == [None, None] and local["smoothness"] in ("kink", "jump")
        assert local["reason"].startswith(f"f {'has a kink' if local['smoothness'] == 'kink' else 'jumps'} at (0, 1)")
    text = run("math", function, "--at", "0,1")
    assert text.exit_code == 0 and "Traceback" not in text.output


def test_descend_through_kinks_and_its_step_limit():
    result = run("descend", "abs(x)+abs(y)", "--start", "-2.5,1.5", "--lr", "0.25")
    assert result.exit_code == 0
    assert "(0, 0)  f = 0  (a kink: no gradient here)" in result.output
    assert result.output.strip().endswith("after 10 steps")
    too_many = run("descend", "x^2+y^2", "--start", "1,1", "--steps", "100000000")
    assert too_many.exit_code == 2
    assert too_many.output == (f"gradanim: error: steps=100000000 is not allowed: a run keeps every point, so at most "
                               f"{MAX_STEPS} steps\n")


@pytest.mark.parametrize("args", [["--lr", "nan"], ["--lr", "inf"], ["--tol", "nan"], ["--start", "inf,0"]])
def test_descend_refuses_numbers_that_are_not_finite(args):
    base = {"--start": "1,1"}
    for flag, value in zip(args[0::2], args[1::2]):
        base[flag] = value
    result = run("descend", "x^2+y^2", *[x for pair in base.items() for x in pair])
    assert result.exit_code == 2
    assert re.fullmatch(r"gradanim: error: [^\n]*(finite|nan|inf)[^\n]*\n", result.output), result.output
