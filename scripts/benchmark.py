"""How fast gradanim renders, as ratios against baselines measured in the same run.

    make bench                                   # everything (several minutes)
    .venv/bin/python scripts/benchmark.py --scenes gradient_descent:GradientDescent
    .venv/bin/python scripts/benchmark.py --skip-scenes       # contours + matplotlib only

What it measures (machines are noisy: read the ratios, not the seconds):

1. Every scene in scenes/ rendered at -ql in a fresh process: seconds of rendering per
   second of video, and the ratio to a plain-Manim gradient-descent scene
   (scripts/bench_baseline.py) rendered just before it with manim's default settings
   (our manim.cfg adds max_inflight_encoders = 3; lesson scenes encode through
   gradanim.render.frame_encoder). With --high, every 2D scene, each after the baseline, at -qh
   (1080p60) as well.
2. The contour map: ``ContourMap`` (contourpy) against one manim ``ImplicitFunction`` per
   level, same function, same levels, same axes.
3. The default scene against the same animation made with matplotlib's ``FuncAnimation``
   (contours, quiver, a marker and trail; encoded to MP4 with PyAV like manim does).
   Installs matplotlib into the running environment if it is missing.
4. With --three-d: every 3D scene at 480p15 and at 1080p60, each right after a plain-Manim
   ``Surface`` scene (scripts/bench_surface_baseline.py: a 30x30 surface on ThreeDAxes, the
   camera turning) at the same quality.
5. With --gif (--gif-only: that alone): the slide GIF stage (gradanim.gif) against the
   baseline kept in scripts/bench_gif_pil.py (the PIL path before issue 18), both from the
   same MP4 in the same run, each in a process of its own (a small wrapper reports its
   child's peak RSS and CPU time): time against the MP4 render it starts from, peak memory,
   file size, PSNR of the GIF's frames against the MP4's (mean and worst frame), and a
   size budget's fitter (settings chosen, encodes). --gif-manim adds manim's own
   ``--format gif`` at 1080p60.
6. With --variants (alone): 40 variants of lessons/05_gradient_descent.toml (learning
   rates and starts from a table) rendered at 480p15 by ``gradanim render --variants``, each
   way in a fresh process with no cache: one after the other (--jobs 1), then with --jobs N
   on the process pool and on a Dask LocalCluster (N: the cores). Reports wall time, the
   ratio to one after the other, and each worker's peak memory (from the manifest).

Targets from the issues: the slide GIF stage at most 0.5x the time of its MP4 render, its
file no larger and its PSNR no lower than the baseline's; 2D scenes at most 0.4 s per second of video at 480p15 and at most
half of matplotlib's time, at most 1.2 s per second at 1080p60; 3D scenes at most 0.6 s per
second of video at 480p15 and at most 2 s at 1080p60, and at most 0.25x the plain-Manim
surface's time per second of video at the same quality. 40 variants with --jobs 2 on 2 cores
at most 0.6x the time of the same renders one after the other.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def video_seconds(path: Path) -> float:
    import av

    with av.open(str(path)) as container:
        return float(container.duration / av.time_base)


def render_seconds(scene_file: Path, scene: str, quality: str = "l", extra: tuple = ()) -> tuple[float, float]:
    """(wall seconds for `manim -q<quality>` in a fresh process, seconds of video)."""
    with tempfile.TemporaryDirectory() as media:
        command = [
            sys.executable, "-m", "manim", "render", f"-q{quality}", "--disable_caching",
            "--progress_bar", "none", "--verbosity", "ERROR", "--media_dir", media, *extra,
            str(scene_file), scene,
        ]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{scene_file.name}:{scene} failed:\n{done.stderr[-2000:]}")
        videos = list(Path(media).rglob(f"{scene}.mp4"))
        if not videos:
            raise RuntimeError(f"{scene_file.name}:{scene} wrote no video")
        return wall, video_seconds(videos[0])


def discover_scenes() -> list[tuple[Path, str]]:
    found = []
    for path in sorted((ROOT / "scenes").glob("*.py")):
        for line in path.read_text().splitlines():
            if line.startswith("class ") and "(" in line and not line.startswith("class _"):
                found.append((path, line[len("class "):line.index("(")].strip()))
    return found


BASELINE = (ROOT / "scripts" / "bench_baseline.py", "PlainManimDescent")
SURFACE_BASELINE = (ROOT / "scripts" / "bench_surface_baseline.py", "PlainManimSurface")
# Plain Manim as it ships: its default of one partial movie file encoded at a time (our
# manim.cfg lets three be encoded while rendering goes on).
PLAIN_MANIM = ("--max-inflight-encoders", "1")


def is_3d(path: Path) -> bool:
    return "LessonScene3D" in path.read_text() or "_SideBySide" in path.read_text()


def bench_scenes(selected: list[str] | None, quality: str = "l", baseline_scene=BASELINE) -> list[dict]:
    """Each scene right after a render of the plain-Manim baseline, so that each ratio
    compares two renders made moments apart (the machine's speed drifts)."""
    scenes = discover_scenes()
    if selected:
        wanted = {tuple(s.split(":")) for s in selected}
        scenes = [(p, n) for p, n in scenes if (p.stem, n) in wanted]
    rows = []
    for path, name in scenes:
        base_wall, base_video = render_seconds(*baseline_scene, quality=quality, extra=PLAIN_MANIM)
        baseline = base_wall / base_video
        try:
            wall, video = render_seconds(path, name, quality=quality)
        except RuntimeError as error:
            rows.append({"scene": f"{path.stem}:{name}", "error": str(error).splitlines()[0]})
            continue
        rows.append({
            "scene": f"{path.stem}:{name}", "wall_s": wall, "video_s": video, "s_per_s": wall / video,
            "baseline_s_per_s": baseline, "ratio": (wall / video) / baseline,
        })
    return rows


def bench_contours() -> dict:
    from manim import Axes, ImplicitFunction, VGroup

    from gradanim.components.contour_map import ContourMap
    from gradanim.core.objective import Objective

    objective = Objective.from_text("x^2 + 3y^2 + sin(2x)")
    axes = Axes(x_range=[-3, 3, 1], y_range=[-2, 2, 1], x_length=7.5, y_length=5)
    start = time.perf_counter()
    contours = ContourMap(objective, axes, levels=10)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    VGroup(*(
        ImplicitFunction(lambda x, y, c=level: x**2 + 3 * y**2 + __import__("math").sin(2 * x) - c,
                         x_range=(-3, 3), y_range=(-2, 2))
        for level in contours.levels
    ))
    implicit = time.perf_counter() - start
    return {"contourpy_s": ours, "implicit_function_s": implicit, "speedup": implicit / ours}


def bench_matplotlib(manim_wall: float | None) -> dict:
    if importlib.util.find_spec("matplotlib") is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "matplotlib"], check=True, capture_output=True)
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_matplotlib.py")], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        return {"error": done.stderr[-500:]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if manim_wall is not None:
        result["gradanim_over_matplotlib"] = manim_wall / result["wall_s"]
    return result


GIF_SCENES = (("gradient_descent", "GradientDescent"), ("hiker_in_fog", "HikerInFog"),
              ("optimizers", "OptimizersCompared"))
"""Scenes whose slide GIFs are measured: the default lesson, the one with the most pixels
changing (the fog), and one with small saturated legend swatches and trails."""

_PEAK_WRAPPER = [sys.executable, "-c", (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr); sys.exit(r.returncode)"
)]


def measured(command) -> dict:
    """Wall seconds, CPU seconds and peak memory of ``command`` run in a process of its own."""
    start = time.perf_counter()
    done = subprocess.run(_PEAK_WRAPPER + command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-800:])
    peak, cpu = done.stderr.strip().splitlines()[-1].split()
    result = {"wall_s": time.perf_counter() - start, "cpu_s": float(cpu), "peak_mb": int(peak) / 1024}
    last = done.stdout.strip().splitlines()[-1:] if done.stdout.strip() else []
    if last and last[0].startswith("{"):
        result.update(json.loads(last[0]))
    return result


def gif_quality(video: Path, gif: Path, fps: float = 20) -> dict:
    """PSNR of the GIF's frames against the MP4's, as a viewer sees them.

    Each GIF frame (composited, as shown) is compared with the video's frames on screen
    within half a GIF frame of the moment it appears (the best of them: which of those a
    GIF shows is a question of timing, tested elsewhere), scaled to the GIF's size with
    PIL's Lanczos (the scaler of the baseline). Mean: over time (a still frame counts for
    as long as it shows); worst: the worst frame.
    """
    import av
    import numpy as np
    from PIL import Image

    def psnr(a, b) -> float:
        mse = float(np.mean((a.astype(np.float32) - b.astype(np.float32)) ** 2))
        return 100.0 if mse == 0 else 10 * np.log10(255 ** 2 / mse)

    with Image.open(gif) as image:
        size = image.size
        shown = []  # (start s, duration s, RGB)
        start = 0.0
        for i in range(image.n_frames):
            image.seek(i)
            duration = image.info["duration"] / 1000
            shown.append((start, duration, np.asarray(image.convert("RGB"))))
            start += duration
    half = 0.5 / fps
    scores, weights = [], []
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        rate = float(stream.average_rate)
        frames = container.decode(stream)
        window: list[tuple[float, np.ndarray]] = []  # (start s, scaled RGB) of recent video frames
        ended = False
        for start, duration, rgb in shown:
            while not ended and (not window or window[-1][0] < start + half):
                try:
                    frame = next(frames)
                except StopIteration:
                    ended = True
                    break
                window.append((float(frame.pts * frame.time_base),
                               np.asarray(frame.to_image().resize(size, Image.Resampling.LANCZOS))))
            window = [w for w in window if w[0] + 1 / rate > start - half] or window[-1:]
            candidates = [w for w in window if w[0] < start + half] or window[:1]
            scores.append(max(psnr(rgb, reference) for _, reference in candidates))
            weights.append(duration)
    scores, weights = np.array(scores), np.array(weights)
    return {"psnr_mean": float((scores * weights).sum() / weights.sum()), "psnr_worst": float(scores.min()),
            "frames": len(shown), "gif_s": float(weights.sum())}


def bench_gif(with_manim: bool = False) -> dict:
    """The slide GIF stage, today's (gradanim.gif: FFmpeg's palette filters) against the
    baseline (scripts/bench_gif_pil.py: the PIL path before issue 18), both from the same
    MP4 in the same run, each in a process of its own: wall and CPU time, peak memory,
    file size, PSNR against the MP4 (:func:`gif_quality`), and the size budget's fitter
    (the budget half the smaller of the two full-settings files, so both must step down).

    Every scene in GIF_SCENES at ``--quality medium`` (720p30), the default lesson also at
    1080p60; the GIF at 720 px, 20 fps, 256 colours, no dither. ``with_manim``: also manim's
    own ``--format gif`` at 1080p60 (slow, several GB).
    """
    stage = [sys.executable, str(ROOT / "scripts" / "bench_gif_stage.py")]
    results: dict = {"runs": []}
    try:
        with tempfile.TemporaryDirectory() as media:
            def manim(quality, file, scene, *extra):
                return [sys.executable, "-m", "manim", "render", f"-q{quality}", "--disable_caching", "--progress_bar",
                        "none", "--verbosity", "ERROR", "--media_dir", media, *extra,
                        str(ROOT / "scenes" / f"{file}.py"), scene]

            runs = [(file, scene, "m", "720p30") for file, scene in GIF_SCENES]
            runs.append(("gradient_descent", "GradientDescent", "h", "1080p60"))
            for file, scene, quality, folder in runs:
                row = {"scene": scene, "video": folder, "mp4": measured(manim(quality, file, scene))}
                video = next(Path(media).rglob(f"{folder}/{scene}.mp4"))
                row["video_s"] = video_seconds(video)
                for impl in ("pil", "ffmpeg"):  # the baseline first
                    out = Path(media) / f"{scene}_{folder}_{impl}.gif"
                    row[impl] = measured(stage + [impl, str(video), str(out)])
                    row[impl].update(size_mb=out.stat().st_size / 1e6, **gif_quality(video, out))
                if folder == "720p30":
                    budget = 0.5 * min(row["pil"]["size_mb"], row["ffmpeg"]["size_mb"])
                    row["budget_mb"] = budget
                    for impl in ("pil", "ffmpeg"):
                        out = Path(media) / f"{scene}_{folder}_{impl}_fit.gif"
                        fit = measured(stage + [impl, str(video), str(out), "--max-mb", f"{budget:.4f}"])
                        fit.update(size_mb=out.stat().st_size / 1e6, **gif_quality(video, out, fit["settings"][1]))
                        row[f"{impl}_fit"] = fit
                results["runs"].append(row)
            if with_manim:
                results["manim_gif"] = measured(manim("h", "gradient_descent", "GradientDescent", "--format", "gif"))
    except RuntimeError as error:
        return {"error": str(error)}
    return results


README_BEGIN = "<!-- benchmark:begin (scripts/benchmark.py --write-readme writes what follows) -->"
README_END = "<!-- benchmark:end -->"


def _scene_table(rows: list[dict], plain: str) -> list[str]:
    lines = [f"| scene | s per s of video | {plain} s per s | ratio |", "| --- | --- | --- | --- |"]
    for r in rows:
        if "error" in r:
            lines.append(f"| `{r['scene']}` | failed: {r['error']} | | |")
        else:
            lines.append(f"| `{r['scene']}` | {r['s_per_s']:.2f} | {r['baseline_s_per_s']:.2f} | {r['ratio']:.2f}x |")
    return lines


def readme_figures(results: dict) -> str:
    """The run's figures as the README's speed tables (markdown)."""
    import datetime
    import os

    machine = results.get("machine", {"cores": os.cpu_count(), "load_at_start": float("nan")})
    out = [f"Measured {datetime.date.today().isoformat()} on {machine['cores']} cores (load average "
           f"{machine['load_at_start']:.1f} at the start): seconds of rendering per second of video, and the ratio to "
           "the plain-Manim baseline rendered just before each scene.", ""]
    sections = (("scenes", "Every scene at 480p15, against the plain-Manim descent", "plain"),
                ("high", "2D scenes at 1080p60, against the plain-Manim descent", "plain"),
                ("three_d_low", "3D scenes at 480p15, against a plain-Manim 30x30 `Surface`", "surface"),
                ("three_d_high", "3D scenes at 1080p60, against a plain-Manim 30x30 `Surface`", "surface"))
    for key, heading, plain in sections:
        if key in results:
            out += [f"**{heading}**", "", *_scene_table(results[key], plain), ""]
    c = results.get("contours")
    if c:
        out.append(f"Contour map: contourpy {c['contourpy_s']:.3f} s against one `ImplicitFunction` per level "
                   f"{c['implicit_function_s']:.2f} s ({c['speedup']:.0f}x faster).")
    m = results.get("matplotlib")
    if m and "error" not in m:
        out.append(f"The same descent with matplotlib's `FuncAnimation`: {m['wall_s']:.1f} s; gradanim's "
                   f"`GradientDescent` takes {m.get('gradanim_over_matplotlib', float('nan')):.2f}x its time.")
    g = results.get("gif")
    if g and "error" not in g:
        out += ["", "**Slide GIF** (720 px, 20 fps, 256 colours) from the MP4: the PIL path it replaced against "
                "FFmpeg's palette filters (`gradanim.gif`)", "",
                "| MP4 | GIF stage / MP4 render | peak memory MB | file MB | PSNR mean / worst frame dB |",
                "| --- | --- | --- | --- | --- |"]
        for r in g["runs"]:
            old, new, mp4 = r["pil"], r["ffmpeg"], r["mp4"]["wall_s"]
            out.append(f"| `{r['scene']}` {r['video']} | {old['wall_s'] / mp4:.2f}x -> {new['wall_s'] / mp4:.2f}x | "
                       f"{old['peak_mb']:.0f} -> {new['peak_mb']:.0f} | {old['size_mb']:.2f} -> {new['size_mb']:.2f} | "
                       f"{old['psnr_mean']:.1f} -> {new['psnr_mean']:.1f} / {old['psnr_worst']:.1f} -> "
                       f"{new['psnr_worst']:.1f} |")
        fits = [(r["scene"], r["budget_mb"], r["ffmpeg_fit"]) for r in g["runs"] if "budget_mb" in r]
        if fits:
            out.append("")
            out += [f"Budget of {b:.2f} MB for `{scene}`: {f['settings'][0]} px, {f['settings'][1]} fps, "
                    f"{f['settings'][2]} colours, {f['size_mb']:.2f} MB in {f['encodes']} encodes ({f['wall_s']:.1f} s)."
                    for scene, b, f in fits]
        if "manim_gif" in g:
            m = g["manim_gif"]
            out.append(f"manim's own `--format gif` at 1080p60: {m['wall_s']:.1f} s, peak {m['peak_mb']:.0f} MB.")
    return "\n".join(out).rstrip() + "\n"


def write_readme(results: dict) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    if README_BEGIN not in text or README_END not in text:
        raise SystemExit(f"README.md has no benchmark markers ({README_BEGIN} ... {README_END})")
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(head + README_BEGIN + "\n" + readme_figures(results) + README_END + tail)


def print_gif(g: dict) -> None:
    if "error" in g:
        print(f"slide GIF: failed: {g['error']}")
        return
    print("\nslide GIF, 720 px 20 fps 256 colours: baseline (PIL, before issue 18) -> gradanim.gif (FFmpeg)")
    print(f"{'scene':<20} {'video':<8} {'MP4 s':>6} | {'GIF s':>13} {'CPU s':>13} {'/MP4':>11} {'peak MB':>11} "
          f"{'size MB':>11} {'PSNR mean dB':>13} {'worst dB':>11}")
    for r in g["runs"]:
        old, new, mp4 = r["pil"], r["ffmpeg"], r["mp4"]["wall_s"]
        pair = lambda key, f: f"{format(old[key], f)}->{format(new[key], f)}"  # noqa: E731
        print(f"{r['scene']:<20} {r['video']:<8} {mp4:6.1f} | {pair('wall_s', '.1f'):>13} {pair('cpu_s', '.1f'):>13} "
              f"{old['wall_s'] / mp4:.2f}->{new['wall_s'] / mp4:.2f} {pair('peak_mb', '.0f'):>11} "
              f"{pair('size_mb', '.2f'):>11} {pair('psnr_mean', '.1f'):>13} {pair('psnr_worst', '.1f'):>11}")
    print("\nsize budget (half the smaller full-settings file): settings chosen, encodes, time")
    for r in g["runs"]:
        if "budget_mb" not in r:
            continue
        for impl, label in (("pil", "baseline"), ("ffmpeg", "gradanim")):
            f = r[f"{impl}_fit"]
            w, fps, c = f["settings"]
            print(f"{r['scene']:<20} {label:<9} budget {r['budget_mb']:.2f} MB: {w} px {fps} fps {c} colours, "
                  f"{f['size_mb']:.2f} MB, {f['encodes']} encode{'s' if f['encodes'] != 1 else ''}, "
                  f"{f['wall_s']:.1f} s ({f['cpu_s']:.1f} s CPU), PSNR {f['psnr_mean']:.1f}/{f['psnr_worst']:.1f} dB")
    if "manim_gif" in g:
        m = g["manim_gif"]
        print(f"manim --format gif at 1080p60: {m['wall_s']:.1f} s, peak {m['peak_mb']:.0f} MB")


VARIANTS_LESSON = ROOT / "lessons" / "05_gradient_descent.toml"


def variants_table(path: Path, count: int) -> Path:
    """``count`` variants of the gradient-descent lesson: learning rates 0.02-0.3 (all below
    2/L = 1/3, so none diverges) and starts around the domain."""
    import math

    rows = ["output.name,lr,start"]
    for i in range(count):
        angle = 2 * math.pi * i / count
        rows.append(f'v{i:03d},{0.02 + 0.28 * i / max(1, count - 1):.4f},"{2.5 * math.cos(angle):.3f}, '
                    f'{1.5 * math.sin(angle):.3f}"')
    path.write_text("\n".join(rows) + "\n")
    return path


def bench_variants(count: int = 40, jobs: int | None = None) -> dict:
    """The variants batch one after the other and in parallel (process pool, Dask)."""
    import os

    jobs = jobs or os.cpu_count() or 1
    gradanim = Path(sys.executable).with_name("gradanim")
    results: dict = {"variants": count, "jobs": jobs}
    with tempfile.TemporaryDirectory() as scratch:
        table = variants_table(Path(scratch) / "variants.csv", count)
        for label, extra in (("serial", ["--jobs", "1"]), ("processes", ["--jobs", str(jobs), "--engine", "processes"]),
                             ("dask", ["--jobs", str(jobs), "--engine", "dask"])):
            out = Path(scratch) / label
            command = [str(gradanim), "render", str(VARIANTS_LESSON), "--variants", str(table), "--quality", "low",
                       "--format", "mp4", "--no-cache", "--output", str(out)]
            run = measured(command + extra)
            manifest = json.loads((out / "variants.manifest.json").read_text())
            peaks: dict[str, float] = {}
            for v in manifest["variants"]:
                if v["worker"]:
                    peaks[v["worker"]] = max(peaks.get(v["worker"], 0), v["peak_mb"] or 0)
            results[label] = {"wall_s": run["wall_s"], "cpu_s": run["cpu_s"], "counts": manifest["counts"],
                              "worker_peak_mb": sorted(peaks.values()),
                              "render_s": sum(v["seconds"] or 0 for v in manifest["variants"])}
            print(f"variants {label}: {run['wall_s']:.1f} s", file=sys.stderr)
    for label in ("processes", "dask"):
        results[label]["ratio"] = results[label]["wall_s"] / results["serial"]["wall_s"]
    return results


def print_variants(v: dict) -> None:
    print(f"{v['variants']} variants of {VARIANTS_LESSON.name} at 480p15, --jobs {v['jobs']}:")
    for label in ("serial", "processes", "dask"):
        r = v[label]
        ratio = f"{r['ratio']:.2f}x serial" if "ratio" in r else "baseline"
        peaks = ", ".join(f"{p:.0f}" for p in r["worker_peak_mb"])
        print(f"  {label:<10} {r['wall_s']:7.1f} s wall ({ratio}), {r['cpu_s']:.0f} s CPU, renders {r['render_s']:.0f} s; "
              f"worker peak MB: {peaks}; {r['counts']}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenes", nargs="*", help="FILE_STEM:Scene names (default: all)")
    parser.add_argument("--skip-scenes", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--high", action="store_true",
                        help="also render the 2D scenes (those chosen with --scenes) at 1080p60 (-qh), "
                             "each after the baseline (slow: about a minute per scene)")
    parser.add_argument("--three-d", action="store_true",
                        help="also render the 3D scenes at 480p15 and 1080p60, each after the plain-Manim surface "
                             "(slow: about two minutes per scene)")
    parser.add_argument("--write-readme", action="store_true",
                        help="replace the measured figures in README.md (between its benchmark markers) with "
                             "this run's")
    parser.add_argument("--gif", action="store_true",
                        help="also measure the slide GIF stage against the baseline (scripts/bench_gif_pil.py): "
                             "time, memory, size, PSNR, size budget (about ten minutes)")
    parser.add_argument("--gif-only", action="store_true", help="only the slide GIF part (implies --gif)")
    parser.add_argument("--gif-manim", action="store_true",
                        help="with --gif: also manim's own --format gif at 1080p60 (slow, several GB)")
    parser.add_argument("--variants", action="store_true",
                        help="only the variants batch: 40 variants one after the other, then in parallel on the "
                             "process pool and on Dask (several minutes)")
    parser.add_argument("--variants-count", type=int, default=40)
    args = parser.parse_args()

    import os

    results: dict = {"machine": {"cores": os.cpu_count(), "load_at_start": os.getloadavg()[0]}}
    alone = (("variants", lambda: bench_variants(args.variants_count), print_variants) if args.variants else
             ("gif", lambda: bench_gif(args.gif_manim), print_gif) if args.gif_only else None)
    if alone:  # one part by itself
        key, bench, show = alone
        results[key] = bench()
        if args.json:
            print(json.dumps(results, indent=2))
        else:
            show(results[key])
        return
    if not args.skip_scenes:
        results["scenes"] = bench_scenes(args.scenes)
    results["contours"] = bench_contours()
    gd = next((r for r in results.get("scenes", []) if r["scene"] == "gradient_descent:GradientDescent" and "wall_s" in r), None)
    if gd is None:
        wall, _ = render_seconds(ROOT / "scenes" / "gradient_descent.py", "GradientDescent")
    else:
        wall = gd["wall_s"]
    results["matplotlib"] = bench_matplotlib(wall)

    if args.high:
        # The 1080p60 target is for 2D scenes: those the 480p part rendered, minus 3D ones.
        flat = [f"{p.stem}:{n}" for p, n in discover_scenes() if not is_3d(p)]
        chosen = [s for s in flat if not args.scenes or s in args.scenes]
        results["high"] = bench_scenes(chosen, quality="h")
    if args.three_d:
        solid = [f"{p.stem}:{n}" for p, n in discover_scenes() if is_3d(p)]
        chosen = [s for s in solid if not args.scenes or s in args.scenes]
        results["three_d_low"] = bench_scenes(chosen, quality="l", baseline_scene=SURFACE_BASELINE)
        results["three_d_high"] = bench_scenes(chosen, quality="h", baseline_scene=SURFACE_BASELINE)
    if args.gif:
        results["gif"] = bench_gif(args.gif_manim)
    if args.write_readme:
        write_readme(results)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for key, heading in (("scenes", "480p15"), ("high", "1080p60"), ("three_d_low", "3D, 480p15"),
                         ("three_d_high", "3D, 1080p60")):
        if key not in results:
            continue
        plain = "surface s/s" if key.startswith("three_d") else "plain s/s"
        print(f"{'scene (' + heading + ', fresh process)':<48} {'render s':>9} {'video s':>8} {'s per s':>8} "
              f"{plain:>9} {'vs plain':>9}")
        for r in results[key]:
            if "error" in r:
                print(f"{r['scene']:<48} FAILED: {r['error']}")
            else:
                print(f"{r['scene']:<48} {r['wall_s']:9.1f} {r['video_s']:8.1f} {r['s_per_s']:8.2f} "
                      f"{r['baseline_s_per_s']:9.2f} {r['ratio']:8.2f}x")
        print()
    c = results["contours"]
    print(f"\ncontours: contourpy {c['contourpy_s']:.3f} s, one ImplicitFunction per level {c['implicit_function_s']:.2f} s "
          f"-> contourpy {c['speedup']:.0f}x faster")
    m = results["matplotlib"]
    if "error" in m:
        print(f"matplotlib: failed: {m['error']}")
    else:
        print(f"matplotlib FuncAnimation of the same descent: {m['wall_s']:.1f} s for {m['video_s']:.1f} s of video; "
              f"gradanim's GradientDescent takes {m.get('gradanim_over_matplotlib', float('nan')):.2f}x matplotlib's time")
    if "gif" in results:
        print_gif(results["gif"])


if __name__ == "__main__":
    main()
