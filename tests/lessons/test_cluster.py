"""Batches on Dask distributed: a two-worker LocalCluster, tiny renders (-ql, a few frames).

One cluster for the module: the CLI sends a variants table to it (--scheduler), a failing
variant does not stop the others, and a worker killed while it writes a render's video into
the output directory has its task run again on a worker, the output whole and no temporary
file left behind.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

distributed = pytest.importorskip("distributed")
av = pytest.importorskip("av")

import cloudpickle  # noqa: E402  (a dependency of distributed)

from gradanim.cli import main  # noqa: E402
from gradanim.lessons.batch import prepare, render_job, run_batch  # noqa: E402
from gradanim.lessons.variants import read_variants  # noqa: E402

# The crash hook below runs on the workers: send its code along rather than an import of
# this test module, which the workers cannot import.
cloudpickle.register_pickle_by_value(sys.modules[__name__])

pytestmark = [pytest.mark.render, pytest.mark.timeout(180)]

TINY = '''scene = "gradient_descent"
title = "Tiny"
steps = 2
show_field = false
arrow_steps = 1
levels = 4
pace = 0.5
'''


@pytest.fixture(scope="module")
def scheduler():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as cluster:
        yield cluster.scheduler_address


def files(tmp_path: Path, table: str) -> tuple[Path, Path, Path]:
    """The tiny lesson, a variants table of it and an output directory."""
    (tmp_path / "tiny.toml").write_text(TINY)
    (tmp_path / "v.csv").write_text(table)
    return tmp_path / "tiny.toml", tmp_path / "v.csv", tmp_path / "out"


def frames(video: Path) -> int:
    with av.open(str(video)) as container:
        return sum(1 for _ in container.decode(container.streams.video[0]))


def test_variants_on_a_cluster_with_a_failing_row(tmp_path, scheduler):
    lesson, table, out = files(tmp_path, 'output.name,lr,start,levels\nana,0.1,"-2, 1",\nben,0.2,"2, -1",\n'
                                         'bad,5000,,\ncid,0.05,,3\n')
    args = ["render", str(lesson), "--variants", str(table), "--quality", "low", "--format", "mp4",
            "--output", str(out), "--scheduler", scheduler]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 2, result.output  # a refused row is bad input, the rest rendered
    assert f"{table}:4: error: row 3, column lr: 5000 is out of range" in result.output
    assert sorted(p.name for p in out.glob("*.mp4")) == ["ana.mp4", "ben.mp4", "cid.mp4"]
    manifest = json.loads((out / "v.manifest.json").read_text())
    assert [v["status"] for v in manifest["variants"]] == ["rendered", "rendered", "invalid", "rendered"]
    ana = manifest["variants"][0]
    assert ana["run"]["status"] == "max_steps" and ana["run"]["steps"] == 2
    # the video, its captions and transcript, the poster and its alt text
    assert ana["outputs"] == [str(out / name) for name in ("ana.mp4", "ana.srt", "ana.vtt", "ana.transcript.txt",
                                                            "ana.png", "ana.png.alt.txt")]
    assert all(Path(p).is_file() for p in ana["outputs"])
    assert {v["worker"].split(":")[1] for v in manifest["variants"] if v["worker"]} - {str(os.getpid())}
    assert (out / "v.manifest.csv").read_text().splitlines()[3].startswith("3,bad,invalid,")
    # again: nothing is sent; every valid variant is found in the cache
    again = CliRunner().invoke(main, args, catch_exceptions=False)
    assert again.output.count("(unchanged, cached)") == 3
    manifest = json.loads((out / "v.manifest.json").read_text())
    assert manifest["counts"] == {"rendered": 0, "cached": 3, "failed": 0, "invalid": 1, "pending": 0}


def crash_on_first_attempt(job):
    """Render ``job``; on its first attempt the worker process exits (as a killed or
    out-of-memory worker does) halfway through writing the video into the output directory."""
    attempts = Path(job.output_dir) / f"attempts-{job.lesson.name}.txt"
    with attempts.open("a") as log:
        log.write(f"{os.getpid()}\n")
    if job.lesson.name == "victim" and len(attempts.read_text().splitlines()) == 1:
        import contextlib

        import gradanim.export

        real = gradanim.export.atomic_path

        @contextlib.contextmanager
        def dies_while_writing(final):
            with real(final) as tmp:
                yield tmp  # the video is written to tmp here
                data = tmp.read_bytes()
                tmp.write_bytes(data[: len(data) // 2])
                os._exit(1)

        gradanim.export.atomic_path = dies_while_writing
    return render_job(job)


def test_a_worker_lost_mid_render_is_retried(tmp_path, scheduler):
    # Two learning rates of one regime (no overshoot), so their videos have the same length.
    lesson, table, out = files(tmp_path, "output.name,lr\nvictim,0.1\nbystander,0.12\n")
    jobs = [prepare(v.label, v.lesson, out, quality="low", formats=["mp4"]) for v in read_variants(lesson, table)]
    results = run_batch(jobs, out, scheduler=scheduler, task=crash_on_first_attempt)
    assert [r.error for r in results] == [None, None]
    assert len((out / "attempts-victim.txt").read_text().split()) == 2  # killed once, run again
    assert len((out / "attempts-bystander.txt").read_text().split()) == 1
    assert frames(out / "victim.mp4") == frames(out / "bystander.mp4") > 10  # whole: every frame
    assert not list(out.glob(".*partial*"))  # the half-written temporary file is gone
    cache = json.loads((out / ".gradanim-cache.json").read_text())
    assert set(cache) == {"victim", "bystander"}
