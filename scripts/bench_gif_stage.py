"""One slide-GIF stage in a process of its own, for the benchmark (scripts/benchmark.py --gif).

    python scripts/bench_gif_stage.py ffmpeg VIDEO OUT.gif [--max-mb MB]   # gradanim.gif
    python scripts/bench_gif_stage.py pil VIDEO OUT.gif [--max-mb MB]      # the baseline

720 px, 20 fps, 256 colours, no dither; with --max-mb, the size budget's fitter. Prints
one JSON line: the settings made and how many whole-clip encodes it took.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("implementation", choices=("ffmpeg", "pil"))
    parser.add_argument("video", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--max-mb", type=float)
    args = parser.parse_args()
    if args.implementation == "pil":
        sys.path.insert(0, str(ROOT / "scripts"))
        import bench_gif_pil

        if args.max_mb is None:
            bench_gif_pil.video_to_gif(args.video, args.output)
            made, encodes = (720, 20, 256), 1
        else:
            _, made, encodes = bench_gif_pil.fit_gif(args.video, args.output, args.max_mb)
    else:
        sys.path.insert(0, str(ROOT))
        from gradanim import gif

        encodes = 0
        encode = gif._encode

        def counted(*a, **k):
            nonlocal encodes
            encodes += 1
            return encode(*a, **k)

        gif._encode = counted
        if args.max_mb is None:
            gif.video_to_gif(args.video, args.output, gif.GifSettings())
            made = (720, 20, 256)
        else:
            result = gif.fit_gif(args.video, args.output, gif.GifSettings(), args.max_mb)
            made = (result.settings.width, result.settings.fps, result.settings.colors)
    print(json.dumps({"settings": list(made), "encodes": encodes}))


if __name__ == "__main__":
    main()
