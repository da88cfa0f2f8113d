"""`gradanim list / new / check / render` through click's runner, in a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

av = pytest.importorskip("av")
Image = pytest.importorskip("PIL.Image")

from gradanim.cli import main  # noqa: E402

# A short lesson: three steps, no field, so a low-quality render takes seconds.
SHORT = '''scene = "gradient_descent"
title = "Short"
steps = 3
show_field = false
arrow_steps = 1
pace = 0.5  # half the reading holds: a short render
'''


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_list_shows_scene_types():
    result = invoke("list")
    assert result.exit_code == 0
    assert "gradient_descent" in result.output and "downhill" in result.output


def test_new_writes_a_lesson_that_checks(tmp_path):
    path = tmp_path / "mine.toml"
    assert invoke("new", "gradient_descent", path).exit_code == 0
    text = path.read_text()
    assert text.startswith("# gradanim lesson: gradient_descent") and 'scene = "gradient_descent"' in text
    result = invoke("check", path)
    assert result.exit_code == 0, result.output
    assert "critical points in the domain: 1" in result.output and "converged" in result.output
    assert invoke("new", "gradient_descent", path).exit_code == 2  # no silent overwrite
    assert "did you mean" in CliRunner().invoke(main, ["new", "gradient_desent", str(tmp_path / "x.toml")]).output


def test_check_reports_bad_files_and_exits_2(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('scene = "gradient_descent"\nlr = "fast"\ncolour = 3\n')
    result = CliRunner().invoke(main, ["check", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:2: error: lr:" in result.output and f"{bad}:3: error: colour:" in result.output


def test_check_refuses_a_beat_the_lessons_runs_do_not_have(tmp_path):
    """OptimizerInternals names a beat after each run: [beats.adam] of a lesson without adam
    is refused by check, at its line, not ignored at render; [beats.gd] of a lesson that runs
    gd is its own beat, and check lists the beats."""
    lesson = tmp_path / "internals.toml"
    lesson.write_text('scene = "optimizer_internals"\nruns = [["gd", { lr = 0.05 }]]\n\n[beats.adam]\ncaption = "x"\n')
    result = CliRunner().invoke(main, ["check", str(lesson)])
    assert result.exit_code == 2
    assert f"{lesson}:4: error: beats.adam: unknown beat; this scene's beats are map, gd" in result.output
    lesson.write_text('scene = "optimizer_internals"\nruns = [["gd", { lr = 0.05 }], ["adam", { lr = 0.2 }], '
                      '["adam", { lr = 0.3 }]]\n\n[beats.gd]\ncaption = "Plain steps."\n')
    result = CliRunner().invoke(main, ["check", str(lesson)])
    assert result.exit_code == 0, result.output
    assert "  beats: map, gd, adam_2, adam_3\n" in result.output


@pytest.mark.render
def test_render_each_format_and_cache(tmp_path, monkeypatch):
    # The cache key includes a hash of the package's code; hold it still during the test.
    monkeypatch.setattr("gradanim.lessons.batch._source_fingerprint", lambda: "fixed")
    lesson = tmp_path / "short.toml"
    lesson.write_text(SHORT)
    out = tmp_path / "out"
    result = invoke("render", lesson, "--quality", "low", "--format", "mp4", "--format", "gif", "--format", "webm",
                    "--output", out)
    assert result.exit_code == 0, result.output
    mp4, gif, webm, png = (out / f"short.{e}" for e in ("mp4", "gif", "webm", "png"))
    with av.open(str(mp4)) as c:
        duration = float(c.duration / av.time_base)
        assert (c.streams.video[0].width, c.streams.video[0].height) == (854, 480)
    assert 4 < duration < 20
    with av.open(str(webm)) as c:
        assert abs(float(c.duration / av.time_base) - duration) < 0.5
    with Image.open(gif) as image:
        assert image.info["loop"] == 0 and image.n_frames > 20
        total = 0
        for i in range(image.n_frames):
            image.seek(i)
            total += image.info["duration"]
        assert abs(total / 1000 - duration) < 0.25
    assert Image.open(png).size == (854, 480)  # the poster frame
    assert not list(out.glob(".*partial*"))
    again = invoke("render", lesson, "--quality", "low", "--format", "mp4", "--format", "gif", "--format", "webm",
                   "--output", out)
    assert "(unchanged, cached)" in again.output


@pytest.mark.render
def test_batch_with_a_broken_lesson_renders_the_good_one(tmp_path):
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(SHORT)
    bad.write_text('scene = "gradient_descent"\nfunction = "__import__(\'os\').system(\'touch PWNED\')"\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(good), str(bad), "--quality", "low", "--format", "png",
                                       "--output", str(out), "--jobs", "2"])
    assert result.exit_code == 2  # a refused lesson is bad input, as for check
    assert "ok      " + str(good) in result.output
    assert f"{bad}:2: error: function: forbidden name" in result.output and "1 rendered, 1 failed" in result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["good.png", "good.png.alt.txt"]
    assert not Path("PWNED").exists() and not (tmp_path / "PWNED").exists()
