"""gradanim installs as a package: its wheel, installed into a fresh virtual environment
outside the repository, lists its scene types and lesson files, checks the lessons it ships
and renders one at 480p, without the repository."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(command, cwd, env=None, timeout=600):
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.render
def test_the_wheel_installs_and_works_outside_the_repository(tmp_path):
    wheels = tmp_path / "wheels"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(ROOT)], cwd=tmp_path)
    (wheel,) = wheels.glob("gradanim-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"gradanim"}  # no top-level scenes (or anything else) in site-packages
    assert "gradanim/scenes/gradient_descent.py" in names
    assert "gradanim/lesson_files/05_gradient_descent.toml" in names

    # A fresh environment: gradanim from the wheel; its dependencies (manim, sympy, ...) are
    # borrowed from the test's own environment through a .pth file, which only adds that
    # folder to the path (its own .pth files, the editable install's among them, are not run).
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--no-deps", "--quiet", str(wheel)], cwd=tmp_path)
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=tmp_path).strip()
    (Path(site) / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    away = tmp_path / "elsewhere"
    away.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GRADANIM_LESSON")}
    gradanim = str(env_dir / "bin" / "gradanim")

    where = run([str(python), "-c", "import gradanim, gradanim.scenes; print(gradanim.__file__); "
                 "print(gradanim.scenes.__file__)"], cwd=away, env=env)
    assert str(ROOT) not in where and site in where

    listed = run([gradanim, "list"], cwd=away, env=env)
    assert "gradient_descent" in listed and "monkey_saddle" in listed
    assert "05_gradient_descent.toml" in listed and str(ROOT) not in listed

    shipped = run([str(python), "-c", "from gradanim.lessons.catalogue import lesson_files; "
                   "print('\\n'.join(map(str, lesson_files())))"], cwd=away, env=env).split()
    assert len(shipped) >= 18 and all(site in path for path in shipped)
    run([gradanim, "check", "--no-build", *shipped], cwd=away, env=env)

    lesson = away / "short.toml"
    lesson.write_text('scene = "descend_like_a_cfo"\npace = 0.5\n[output]\nformats = ["mp4"]\n')
    run([gradanim, "render", str(lesson), "--quality", "low", "--output", str(away / "out")], cwd=away, env=env)
    assert (away / "out" / "short.mp4").stat().st_size > 10_000
