"""Render a scene to files people use: MP4 for lectures, a looping slide GIF, a PNG still.

Manim renders the MP4 (its fast path); the slide GIF is made from that video at slide size
and frame rate with one shared palette, which costs a fraction of Manim's own full-resolution
``--format gif`` in time and memory. Every output is written under a temporary name in its
final folder and renamed when complete, so an interrupted render never leaves a
half-written file where a good one was.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .core.errors import GradanimError
from .options import QUALITIES

REPO_ROOT = Path(__file__).resolve().parents[1]
SCENES_DIR = REPO_ROOT / "scenes"


class RenderError(GradanimError):
    """A scene could not be rendered (the message says which and why)."""


@dataclass(frozen=True)
class GifSettings:
    """Slide GIF: width in pixels and frames per second (one that divides 100 keeps time)."""

    width: int = 720
    fps: int = 20
    colors: int = 256
    noise_threshold: int = 16  # max channel difference (0-255) treated as "unchanged"

    def __post_init__(self):
        if not 64 <= self.width <= 3840:
            raise GradanimError(f"GIF width must be between 64 and 3840 pixels, got {self.width}")
        if not 1 <= self.fps <= 50:
            raise GradanimError(f"GIF frame rate must be between 1 and 50 fps, got {self.fps}")
        if not 2 <= self.colors <= 256:
            raise GradanimError(f"GIF colours must be between 2 and 256, got {self.colors}")


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary path beside ``final``; renamed onto it only if the block succeeds."""
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=f".partial{final.suffix}", dir=final.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp_path, 0o666 & ~umask)  # an ordinary file, not mkstemp's private 0600
    try:
        yield tmp_path
        os.replace(tmp_path, final)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def load_scene_class(scene_file: Path, scene_name: str):
    """Import ``scene_name`` from a scene file: ``scenes/x.py`` as the module ``scenes.x``
    (imported once), any other file by path (as ``manim`` does)."""
    scene_file = Path(scene_file).resolve()
    if not scene_file.is_file():
        raise RenderError(f"scene file {scene_file} does not exist")
    if scene_file.parent == SCENES_DIR.resolve():
        module = importlib.import_module(f"scenes.{scene_file.stem}")
    else:
        module_name = f"gradanim_scene_{scene_file.stem}"
        spec = importlib.util.spec_from_file_location(module_name, scene_file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    try:
        return getattr(module, scene_name)
    except AttributeError:
        raise RenderError(f"{scene_file} has no scene named {scene_name!r}") from None


ENCODERS_IN_FLIGHT = 3
"""Partial movie files manim may encode while it renders the next animation (its
``max_inflight_encoders``; manim's default, 1, waits for each file before going on)."""


def manim_settings(quality: str, media_dir: Path, **overrides) -> dict:
    """The manim config for a quiet, offline render at ``quality`` into ``media_dir``."""
    if quality not in QUALITIES:
        raise RenderError(f"quality must be one of {', '.join(QUALITIES)}, got {quality!r}")
    return {
        "quality": QUALITIES[quality],
        "media_dir": str(media_dir),
        "progress_bar": "none",
        "verbosity": "WARNING",
        "notify_outdated_version": False,
        "max_inflight_encoders": ENCODERS_IN_FLIGHT,
        **overrides,
    }


def render_video(scene_class, output: Path, *, quality: str = "medium", media_dir: Path | None = None,
                 video_format: str = "mp4") -> Path:
    """Render ``scene_class`` with manim to a video (``mp4`` or ``webm``) at ``output``, atomically."""
    from manim import tempconfig

    output = Path(output)
    media = Path(media_dir) if media_dir else output.parent / ".manim"
    settings = manim_settings(quality, media, format=video_format, write_to_movie=True, save_last_frame=False,
                              output_file=f"{scene_class.__name__}_{video_format}")
    with tempconfig(settings):
        scene = scene_class()
        scene.render()
        movie = Path(scene.renderer.file_writer.movie_file_path)
    if not movie.is_file():
        raise RenderError(f"manim did not write a video for {scene_class.__name__}")
    with atomic_path(output) as tmp:
        tmp.write_bytes(movie.read_bytes())
    return output


def gif_durations(count: int, fps: float) -> list[int]:
    """Per-frame delays in ms that keep time exactly on average.

    GIF delays are whole hundredths of a second, so 15 fps cannot be 66.7 ms a frame;
    alternating 70 and 60 ms (cumulative rounding) keeps an 8 s animation 8 s long.
    """
    ticks = [round(i * 100 / fps) for i in range(count + 1)]
    return [10 * max(1, b - a) for a, b in zip(ticks, ticks[1:])]


def _decoded_frames(video: Path, fps: float, width: int):
    """RGB frames of ``video`` resampled to ``fps`` (nearest frame) and scaled to ``width``."""
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


def video_frame_rate(video: Path) -> float:
    import av

    with av.open(str(video)) as container:
        rate = container.streams.video[0].average_rate
    return float(rate) if rate else 30.0


def video_to_gif(video: Path, output: Path, settings: GifSettings = GifSettings()) -> Path:
    """A looping slide GIF from a video: resampled to ``settings.fps`` (never above the
    video's own rate), scaled to ``settings.width``, one palette for all frames.

    Video compression leaves faint noise in regions that did not change; pixels within a
    small threshold of the previous GIF frame are kept identical, so each GIF frame stores
    only what really moved (a few hundred KB instead of tens of MB).
    """
    import numpy as np
    from PIL import Image

    fps = min(float(settings.fps), video_frame_rate(video))
    shown = None
    frames: list[np.ndarray] = []
    for image in _decoded_frames(video, fps, settings.width):
        rgb = np.asarray(image.convert("RGB"), dtype=np.int16)
        if shown is not None:
            still = np.max(np.abs(rgb - shown), axis=2) <= settings.noise_threshold
            rgb = np.where(still[..., None], shown, rgb)
        shown = rgb
        frames.append(rgb.astype(np.uint8))
    if not frames:
        raise RenderError(f"{video} has no frames")
    # One palette from a sample of frames: stable colours, no flicker between frames. Octree
    # keeps small saturated areas (legend swatches, trails) in their colours; median cut
    # spends the palette on the large dark background and washes them out to grey.
    sample = frames[:: max(1, len(frames) // 16)]
    palette = Image.fromarray(np.concatenate(sample, axis=0)).quantize(
        colors=settings.colors, method=Image.Quantize.FASTOCTREE
    )
    indexed = [Image.fromarray(f).quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    with atomic_path(Path(output)) as tmp:
        indexed[0].save(
            tmp,
            format="GIF",
            save_all=True,
            append_images=indexed[1:],
            duration=gif_durations(len(indexed), fps),
            loop=0,
            optimize=False,
            disposal=1,
        )
    return Path(output)


def still_from_video(video: Path, output: Path, at_end: bool = True) -> Path:
    """A PNG of the last (or first) frame of a video: a poster frame."""
    import av

    last = None
    with av.open(str(video)) as container:
        for frame in container.decode(container.streams.video[0]):
            last = frame
            if not at_end:
                break
    if last is None:
        raise RenderError(f"{video} has no frames")
    with atomic_path(Path(output)) as tmp:
        last.to_image().save(tmp, format="PNG")
    return Path(output)


GIF_LADDER = (
    (720, 20, 256), (640, 20, 256), (640, 10, 256), (640, 10, 128), (480, 10, 128), (480, 5, 128),
    (400, 10, 128), (400, 5, 128), (320, 10, 128), (320, 5, 128), (240, 5, 64),
)
"""(width, fps, colours) tried in turn until a GIF fits its budget: half the colours and
frames cost less legibility than fewer pixels, so they go first where they can (below 128
colours the palette starts to merge the runs' colours, so only the last step goes there)."""


def fit_gif(video: Path, output: Path, settings: GifSettings, max_mb: float) -> tuple[Path, GifSettings]:
    """The largest GIF from the ladder (starting at ``settings``) that is at most ``max_mb``;
    the smallest one when none fits (the caller reports it)."""
    first = (settings.width, settings.fps, settings.colors)
    ladder = [first] + [
        (w, f, c) for w, f, c in GIF_LADDER
        if w <= settings.width and f <= settings.fps and c <= settings.colors and (w, f, c) != first
    ]
    output = Path(output)
    with tempfile.TemporaryDirectory(dir=output.parent) as scratch:
        best = None
        for width, fps, colors in ladder:
            attempt = GifSettings(width=width, fps=fps, colors=colors, noise_threshold=settings.noise_threshold)
            candidate = Path(scratch) / f"{width}x{fps}x{colors}.gif"
            video_to_gif(video, candidate, attempt)
            best = (candidate, attempt)
            if candidate.stat().st_size <= max_mb * 1e6:
                break
        with atomic_path(output) as tmp:
            tmp.write_bytes(best[0].read_bytes())
    return output, best[1]


def render_lesson(lesson, output_dir: Path, *, quality: str, formats, gif: GifSettings, max_gif_mb: float) -> list[Path]:
    """Render a checked lesson (see :mod:`gradanim.lessons`) to the requested formats.

    A video (MP4 or WebM) gets a poster PNG of its last frame beside it; a GIF is made from
    an MP4 within ``max_gif_mb``; ``png`` alone renders just the last frame.
    """
    from manim import tempconfig

    from .lessons.catalogue import scene_class_for
    from .lessons.lesson_file import scene_values

    base = scene_class_for(lesson.scene_type)
    scene_class = type(base.__name__, (base,), scene_values(lesson, base))
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    name = lesson.name
    outputs: list[Path] = []
    formats = list(dict.fromkeys(formats))
    with tempfile.TemporaryDirectory(prefix="gradanim-") as scratch:
        media = Path(scratch) / "media"
        video = None
        if "mp4" in formats or "gif" in formats:
            target = output_dir / f"{name}.mp4" if "mp4" in formats else Path(scratch) / f"{name}.mp4"
            video = render_video(scene_class, target, quality=quality, media_dir=media)
            if "mp4" in formats:
                outputs.append(video)
        if "webm" in formats:
            outputs.append(render_video(scene_class, output_dir / f"{name}.webm", quality=quality, media_dir=media,
                                        video_format="webm"))
        if "gif" in formats:
            path, used = fit_gif(video, output_dir / f"{name}.gif", gif, max_gif_mb)
            if path.stat().st_size > max_gif_mb * 1e6:
                import logging

                logging.getLogger("gradanim").warning(
                    "%s is %.1f MB even at %d px and %d fps (budget %.1f MB)",
                    path, path.stat().st_size / 1e6, used.width, used.fps, max_gif_mb)
            outputs.append(path)
        poster_source = video if video is not None else next((p for p in outputs if p.suffix == ".webm"), None)
        if poster_source is not None:
            outputs.append(still_from_video(poster_source, output_dir / f"{name}.png"))
        elif "png" in formats:
            with tempconfig(manim_settings(quality, media, write_to_movie=False, save_last_frame=True)):
                scene = scene_class()
                scene.render()
                image = scene.renderer.camera.get_image()
            with atomic_path(output_dir / f"{name}.png") as tmp:
                image.save(tmp, format="PNG")
            outputs.append(output_dir / f"{name}.png")
    return outputs
