"""The CLI contract: `gradanim math` and `gradanim descend` (JSON and text), and bad input."""

from __future__ import annotations

import json

import pytest
import sympy
from click.testing import CliRunner

from gradanim.cli import main


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_math_json_contract():
    result = run("math", "x^2*y/2", "--at", "2,3", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["variables"] == ["x", "y"]
    x, y = sympy.symbols("x y")
    # Strings sympy can parse (trusted output of our own printer).
    assert [sympy.sympify(g) for g in data["gradient"]] == [x * y, x**2 / 2]
    assert sympy.Matrix([[sympy.sympify(h) for h in row] for row in data["hessian"]]) == sympy.Matrix([[y, x], [x, 0]])
    assert data["at"] == {"point": [2.0, 3.0], "value": 6.0, "gradient": [6.0, 2.0], "hessian": [[3.0, 2.0], [2.0, 0.0]],
                          "differentiable": True, "smoothness": "differentiable", "reason": ""}
    assert data["not_smooth"] == []


def test_math_critical_points_with_domain():
    data = json.loads(run("math", "x^2 - y^2 + 2x", "--domain", "-3,3,-3,3", "--json").output)
    (cp,) = data["critical_points"]
    assert cp["point"] == [-1.0, 0.0] and cp["kind"] == "saddle" and sorted(cp["eigenvalues"]) == [-2.0, 2.0]
    assert cp["value"] == -1.0


def test_math_text_summary():
    result = run("math", "x^2 + 3y^2", "--at", "1,2")
    assert result.exit_code == 0
    assert "df/dx = 2*x" in result.output and "grad f = (2, 12)" in result.output and "minimum" in result.output


def test_descend_json_contract():
    result = run("descend", "x^2 + 3y^2", "--start", "2,1", "--optimizer", "gd", "--lr", "0.1", "--steps", "50", "--json")
    data = json.loads(result.output)
    assert data["points"][0] == [2.0, 1.0]
    assert data["points"][1] == pytest.approx([1.6, 0.4])  # (1 - 0.1*2) * 2, (1 - 0.1*6) * 1
    assert data["status"] == "max_steps" and data["steps"] == 50 and len(data["values"]) == 51


def test_descend_options_reach_the_optimizer():
    data = json.loads(
        run("descend", "x^2 + y^2", "--start", "1,1", "--optimizer", "adam", "--lr", "0.1", "--betas", "0.8,0.99",
            "--eps", "1e-6", "--set", "amsgrad=true", "--steps", "3", "--json").output
    )
    assert data["hyperparameters"] == {"lr": 0.1, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.0, "amsgrad": True}
    data = json.loads(run("descend", "x^2", "--start", "1", "--optimizer", "rmsprop", "--alpha", "0.9", "--momentum", "0.5", "--steps", "2", "--json").output)
    assert data["hyperparameters"]["alpha"] == 0.9 and data["hyperparameters"]["momentum"] == 0.5


def test_descend_json_has_the_optimizer_state_of_every_step():
    data = json.loads(run("descend", "x^2 + 3y^2", "--start", "2,1", "--optimizer", "momentum", "--lr", "0.1",
                          "--momentum", "0.5", "--steps", "3", "--tol", "0", "--json").output)
    assert len(data["states"]) == data["steps"] == 3
    # b1 = g0 = (4, 6); x1 = x0 - 0.1 b1 = (1.6, 0.4); g1 = (3.2, 2.4); b2 = 0.5 b1 + g1 = (5.2, 5.4)
    assert data["states"][0] == {"momentum_buffer": [4.0, 6.0]}
    assert data["states"][1]["momentum_buffer"] == pytest.approx([5.2, 5.4])
    data = json.loads(run("descend", "x^2", "--start", "1", "--optimizer", "adam", "--lr", "0.1", "--steps", "2",
                          "--json").output)
    assert [sorted(state) for state in data["states"]] == [["exp_avg", "exp_avg_sq", "step"]] * 2
    assert data["states"][0]["exp_avg"] == pytest.approx([0.2]) and data["states"][0]["step"] == 1
    data = json.loads(run("descend", "x^2", "--start", "1", "--lr", "0.1", "--steps", "2", "--json").output)
    assert data["states"] == [{}, {}]


def test_descend_maximize_and_divergence_are_reported():
    data = json.loads(run("descend", "-(x-1)^2", "--start", "0", "--lr", "0.25", "--maximize", "--json").output)
    assert data["status"] == "converged" and data["final_point"] == pytest.approx([1.0])
    data = json.loads(run("descend", "x^2", "--start", "1", "--lr", "1.5", "--steps", "500", "--json").output)
    assert data["status"] == "diverged"
    assert all(abs(p[0]) <= 1e6 for p in data["points"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["math", "__import__('os').system('echo hi')"], "forbidden name"),
        (["math", "x^2 +"], "position"),
        (["math", "x + y", "--at", "1"], "--at"),
        (["math", "x + y", "--domain", "0,1"], "domain"),
        (["descend", "x^2", "--start", "1,2"], "start"),
        (["descend", "x^2", "--start", "1", "--optimizer", "adan"], "did you mean 'adam'"),
        (["descend", "x^2", "--start", "1", "--lr", "-1"], "lr"),
        (["descend", "x^2", "--start", "1", "--set", "bogus=1"], "bogus"),
        (["descend", "log(x)", "--start", "-1"], "not defined"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0], result.output
    assert "Traceback" not in result.output


@pytest.mark.render
def test_demo_writes_the_video_its_captions_and_described_images(tmp_path):
    # `make render` runs `gradanim demo`: what a newcomer gets must already carry captions
    # and text alternatives, as a lesson render does.
    result = run("demo", "--quality", "low", "--output", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = {"GradientDescent" + ext for ext in (".mp4", ".srt", ".vtt", ".transcript.txt", ".png", ".png.alt.txt",
                                                  ".gif", ".gif.alt.txt")}
    assert names <= {p.name for p in tmp_path.iterdir()}
    poster_alt = (tmp_path / "GradientDescent.png.alt.txt").read_text(encoding="utf-8")
    gif_alt = (tmp_path / "GradientDescent.gif.alt.txt").read_text(encoding="utf-8")
    assert poster_alt.startswith('Still from the animation "Gradient descent". Converged after')
    assert gif_alt.startswith("Animation: Gradient descent. The contour map of f(x, y) = x^2 + 3y^2")
    assert all(f"wrote {tmp_path / name}" in result.output for name in ("GradientDescent.mp4", "GradientDescent.srt"))
