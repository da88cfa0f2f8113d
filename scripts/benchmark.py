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
5. With --gif: the slide GIF (MP4 at 1080p60, then ``video_to_gif``) against manim's own
   ``--format gif`` at 1080p60, time and peak memory of each (a small wrapper process
   reports its child's peak RSS).

Targets from the issues: 2D scenes at most 0.4 s per second of video at 480p15 and at most
half of matplotlib's time, at most 1.2 s per second at 1080p60; 3D scenes at most 0.6 s per
second of video at 480p15 and at most 2 s at 1080p60, and at most 0.25x the plain-Manim
surface's time per second of video at the same quality.
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


def bench_gif() -> dict:
    """Slide GIF: gradanim's slide GIF against manim's own ``--format gif`` at 1080p60.

    gradanim makes a slide GIF from an MP4 (``video_to_gif``: 720 px, 20 fps, one palette):
    from the 720p30 MP4 that ``--quality medium`` renders for slides, and from the 1080p60
    MP4 a lecture needs anyway. Time and peak memory of every step, each in its own process.
    """
    wrapper = [sys.executable, "-c", (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)"
    )]

    def measured(command) -> dict:
        start = time.perf_counter()
        done = subprocess.run(wrapper + command, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(done.stderr[-800:])
        return {"wall_s": time.perf_counter() - start, "peak_mb": int(done.stderr.strip().splitlines()[-1]) / 1024}

    results = {}
    scene = [str(ROOT / "scenes" / "gradient_descent.py"), "GradientDescent"]
    try:
        with tempfile.TemporaryDirectory() as media:
            def manim(quality, *extra):
                return [sys.executable, "-m", "manim", "render", f"-q{quality}", "--disable_caching", "--progress_bar",
                        "none", "--verbosity", "ERROR", "--media_dir", media, *extra, *scene]

            results["manim_gif"] = measured(manim("h", "--format", "gif"))
            for quality, key in (("m", "720p30"), ("h", "1080p60")):
                results[f"mp4_{key}"] = measured(manim(quality))
                video = next(Path(media).rglob(f"{'720p30' if quality == 'm' else '1080p60'}/GradientDescent.mp4"))
                gif = Path(media) / f"slide_{key}.gif"
                convert = (f"from gradanim.export import video_to_gif; from pathlib import Path; "
                           f"video_to_gif(Path({str(video)!r}), Path({str(gif)!r}))")
                results[f"gif_from_{key}"] = measured([sys.executable, "-c", convert])
                results[f"gif_from_{key}"]["size_mb"] = gif.stat().st_size / 1e6
    except RuntimeError as error:
        return {"error": str(error)}
    manim_s = results["manim_gif"]["wall_s"]
    results["slides_ratio"] = (results["mp4_720p30"]["wall_s"] + results["gif_from_720p30"]["wall_s"]) / manim_s
    results["lecture_and_slides_ratio"] = (results["mp4_1080p60"]["wall_s"] + results["gif_from_1080p60"]["wall_s"]) / manim_s
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
        mg = g["manim_gif"]
        out.append(f"Slide GIF: manim's `--format gif` at 1080p60 {mg['wall_s']:.1f} s (peak {mg['peak_mb']:.0f} MB); "
                   f"gradanim's 720p30 MP4 + GIF {g['slides_ratio']:.2f}x that time, its 1080p60 MP4 + GIF "
                   f"{g['lecture_and_slides_ratio']:.2f}x.")
    return "\n".join(out).rstrip() + "\n"


def write_readme(results: dict) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text()
    if README_BEGIN not in text or README_END not in text:
        raise SystemExit(f"README.md has no benchmark markers ({README_BEGIN} ... {README_END})")
    head, rest = text.split(README_BEGIN, 1)
    _, tail = rest.split(README_END, 1)
    readme.write_text(head + README_BEGIN + "\n" + readme_figures(results) + README_END + tail)


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
                        help="also compare the slide GIF with manim's --format gif at 1080p60 (slow, ~6 GB)")
    args = parser.parse_args()

    import os

    results: dict = {"machine": {"cores": os.cpu_count(), "load_at_start": os.getloadavg()[0]}}
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
        results["gif"] = bench_gif()
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
    g = results.get("gif")
    if g and "error" in g:
        print(f"slide GIF: failed: {g['error']}")
    elif g:
        m = g["manim_gif"]
        print(f"\nmanim --format gif at 1080p60: {m['wall_s']:.1f} s, peak {m['peak_mb']:.0f} MB")
        for key, label in (("720p30", "slides (--quality medium)"), ("1080p60", "lecture MP4 + slide GIF")):
            mp4, gif = g[f"mp4_{key}"], g[f"gif_from_{key}"]
            ratio = g["slides_ratio"] if key == "720p30" else g["lecture_and_slides_ratio"]
            print(f"gradanim {label}: MP4 {key} {mp4['wall_s']:.1f} s (peak {mp4['peak_mb']:.0f} MB) + GIF "
                  f"{gif['wall_s']:.1f} s (peak {gif['peak_mb']:.0f} MB, {gif['size_mb']:.2f} MB file) "
                  f"-> {ratio:.2f}x manim's time")

if __name__ == "__main__":
    main()
