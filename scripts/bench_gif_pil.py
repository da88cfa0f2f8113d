"""The benchmark's baseline for the slide GIF: gradanim's GIF path before issue 18, kept as
it was (commit 6afa781, gradanim/export.py) so that every benchmark run can measure it
beside the current one on the same video.

Each frame decoded to a PIL image, resampled to the GIF's rate (nearest frame), resized
with LANCZOS, pixels within 16 levels of the previous frame kept identical (numpy), one
octree palette from 16 sample frames (PIL), every frame quantised by PIL and the GIF saved
by PIL; a size budget re-encodes the whole GIF at each rung of the ladder until one fits.
Not used by gradanim itself.
"""

from __future__ import annotations

from pathlib import Path

LADDER = (
    (720, 20, 256), (640, 20, 256), (640, 10, 256), (640, 10, 128), (480, 10, 128), (480, 5, 128),
    (400, 10, 128), (400, 5, 128), (320, 10, 128), (320, 5, 128), (240, 5, 64),
)
NOISE_THRESHOLD = 16


def _durations(count: int, fps: float) -> list[int]:
    ticks = [round(i * 100 / fps) for i in range(count + 1)]
    return [10 * max(1, b - a) for a, b in zip(ticks, ticks[1:])]


def _frames(video: Path, fps: float, width: int):
    import av
    from PIL import Image

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        next_time = 0.0
        for frame in container.decode(stream):
            t = float(frame.pts * frame.time_base) if frame.pts is not None else next_time
            if t + 0.5 / fps < next_time:
                continue
            image = frame.to_image()
            if image.width != width:
                height = round(image.height * width / image.width / 2) * 2
                image = image.resize((width, height), Image.Resampling.LANCZOS)
            while next_time <= t + 0.5 / fps:
                yield image
                next_time += 1.0 / fps


def video_to_gif(video: Path, output: Path, width: int = 720, fps: int = 20, colors: int = 256) -> Path:
    import av
    import numpy as np
    from PIL import Image

    with av.open(str(video)) as container:
        rate = container.streams.video[0].average_rate
    fps = min(float(fps), float(rate) if rate else 30.0)
    shown, frames = None, []
    for image in _frames(video, fps, width):
        rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
        if shown is not None:
            still = np.max(np.abs(rgb - shown), axis=2) <= NOISE_THRESHOLD
            rgb = np.where(still[..., None], shown, rgb)
        shown = rgb
        frames.append(rgb.astype(np.uint8))
    sample = frames[:: max(1, len(frames) // 16)]
    palette = Image.fromarray(np.concatenate(sample, axis=0)).quantize(colors=colors, method=Image.Quantize.FASTOCTREE)
    indexed = [Image.fromarray(f).quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    indexed[0].save(output, format="GIF", save_all=True, append_images=indexed[1:],
                    duration=_durations(len(indexed), fps), loop=0, optimize=False, disposal=1)
    return Path(output)


def fit_gif(video: Path, output: Path, max_mb: float, width: int = 720, fps: int = 20, colors: int = 256):
    """(path, (width, fps, colours), encodes): the first rung of the ladder within ``max_mb``."""
    rungs = [(width, fps, colors)] + [r for r in LADDER if r[0] <= width and r[1] <= fps and r[2] <= colors
                                      and r != (width, fps, colors)]
    for encodes, rung in enumerate(rungs, start=1):
        video_to_gif(video, output, *rung)
        if Path(output).stat().st_size <= max_mb * 1e6:
            break
    return Path(output), rung, encodes
