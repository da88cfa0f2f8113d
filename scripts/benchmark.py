"""How fast gradanim renders, as ratios against baselines measured in the same run.

    make bench                                   # everything (several minutes)
    .venv/bin/python scripts/benchmark.py --scenes gradient_descent:GradientDescent
    .venv/bin/python scripts/benchmark.py --skip-scenes       # contours + matplotlib only

What it measures (machines are noisy: read the ratios, not the seconds):

1. Every scene in scenes/ rendered at -ql in a fresh process: seconds of rendering per
   second of video, and the ratio to a plain-Manim gradient-descent scene
   (scripts/bench_baseline.py) rendered the same way in the same run.
2. The contour map: ``ContourMap`` (contourpy) against one manim ``ImplicitFunction`` per
   level, same function, same levels, same axes.
4. With --gif: the slide GIF (MP4 at 1080p60, then ``video_to_gif``) against manim's own
   ``--format gif`` at 1080p60, time and peak memory of each (a small wrapper process
   reports its child's peak RSS).
3. The default scene against the same animation made with matplotlib's ``FuncAnimation``
   (contours, quiver, a marker and trail; encoded to MP4 with PyAV like manim does).
   Installs matplotlib into the running environment if it is missing.

Targets from the issues: 2D scenes at most 0.4 s per second of video at 480p15 and at most
half of matplotlib's time; 3D scenes at most 2 s per second of video at 480p15.
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


def render_seconds(scene_file: Path, scene: str, quality: str = "l") -> tuple[float, float]:
    """(wall seconds for `manim -q<quality>` in a fresh process, seconds of video)."""
    with tempfile.TemporaryDirectory() as media:
        command = [
            sys.executable, "-m", "manim", "render", f"-q{quality}", "--disable_caching",
            "--progress_bar", "none", "--verbosity", "ERROR", "--media_dir", media,
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


def bench_scenes(selected: list[str] | None) -> list[dict]:
    scenes = discover_scenes()
    if selected:
        wanted = {tuple(s.split(":")) for s in selected}
        scenes = [(p, n) for p, n in scenes if (p.stem, n) in wanted]
    base_wall, base_video = render_seconds(ROOT / "scripts" / "bench_baseline.py", "PlainManimDescent")
    baseline = base_wall / base_video
    rows = [{"scene": "baseline: plain Manim descent", "wall_s": base_wall, "video_s": base_video, "s_per_s": baseline, "ratio": 1.0}]
    for path, name in scenes:
        try:
            wall, video = render_seconds(path, name)
        except RuntimeError as error:
            rows.append({"scene": f"{path.stem}:{name}", "error": str(error).splitlines()[0]})
            continue
        rows.append({
            "scene": f"{path.stem}:{name}", "wall_s": wall, "video_s": video,
            "s_per_s": wall / video, "ratio": (wall / video) / baseline,
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


def bench_gif(quality: str = "h") -> dict:
    """Slide GIF: gradanim (MP4 then video_to_gif) against manim's own --format gif."""
    wrapper = [sys.executable, "-c", (
        "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)"
    )]
    results = {}
    with tempfile.TemporaryDirectory() as media:
        scene = [str(ROOT / "scenes" / "gradient_descent.py"), "GradientDescent"]
        base = [sys.executable, "-m", "manim", "render", f"-q{quality}", "--disable_caching", "--progress_bar", "none",
                "--verbosity", "ERROR", "--media_dir", media]
        for name, command in (
            ("manim_gif", base + ["--format", "gif"] + scene),
            ("mp4", base + scene),
        ):
            start = time.perf_counter()
            done = subprocess.run(wrapper + command, cwd=ROOT, capture_output=True, text=True)
            if done.returncode != 0:
                return {"error": done.stderr[-800:]}
            peak_mb = int(done.stderr.strip().splitlines()[-1]) / 1024
            results[name] = {"wall_s": time.perf_counter() - start, "peak_mb": peak_mb}
        video = next(Path(media).rglob("GradientDescent.mp4"))
        convert = (f"from gradanim.export import video_to_gif; from pathlib import Path; "
                   f"video_to_gif(Path({str(video)!r}), Path({media!r}) / 'slide.gif')")
        start = time.perf_counter()
        done = subprocess.run(wrapper + [sys.executable, "-c", convert], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            return {"error": done.stderr[-800:]}
        results["slide_gif"] = {"wall_s": time.perf_counter() - start,
                                "peak_mb": int(done.stderr.strip().splitlines()[-1]) / 1024,
                                "size_mb": (Path(media) / "slide.gif").stat().st_size / 1e6}
    ours = results["mp4"]["wall_s"] + results["slide_gif"]["wall_s"]
    results["time_ratio"] = ours / results["manim_gif"]["wall_s"]
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenes", nargs="*", help="FILE_STEM:Scene names (default: all)")
    parser.add_argument("--skip-scenes", action="store_true")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--gif", action="store_true",
                        help="also compare the slide GIF with manim's --format gif at 1080p60 (slow, ~6 GB)")
    args = parser.parse_args()

    results: dict = {}
    if not args.skip_scenes:
        results["scenes"] = bench_scenes(args.scenes)
    results["contours"] = bench_contours()
    gd = next((r for r in results.get("scenes", []) if r["scene"] == "gradient_descent:GradientDescent" and "wall_s" in r), None)
    if gd is None:
        wall, _ = render_seconds(ROOT / "scenes" / "gradient_descent.py", "GradientDescent")
    else:
        wall = gd["wall_s"]
    results["matplotlib"] = bench_matplotlib(wall)

    if args.gif:
        results["gif"] = bench_gif()
    if args.json:
        print(json.dumps(results, indent=2))
        return
    if "scenes" in results:
        print(f"{'scene (480p15, fresh process)':<48} {'render s':>9} {'video s':>8} {'s per s':>8} {'vs plain':>9}")
        for r in results["scenes"]:
            if "error" in r:
                print(f"{r['scene']:<48} FAILED: {r['error']}")
            else:
                print(f"{r['scene']:<48} {r['wall_s']:9.1f} {r['video_s']:8.1f} {r['s_per_s']:8.2f} {r['ratio']:8.2f}x")
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
        print(f"slide GIF at 1080p60: manim --format gif {g['manim_gif']['wall_s']:.1f} s, peak {g['manim_gif']['peak_mb']:.0f} MB; "
              f"gradanim MP4 {g['mp4']['wall_s']:.1f} s + GIF {g['slide_gif']['wall_s']:.1f} s "
              f"(peak {g['slide_gif']['peak_mb']:.0f} MB, {g['slide_gif']['size_mb']:.1f} MB file) "
              f"-> {g['time_ratio']:.2f}x manim's time")


if __name__ == "__main__":
    main()
