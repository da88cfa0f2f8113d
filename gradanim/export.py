"""Render a scene to files people use: MP4 for lectures, a looping slide GIF, a PNG still.

Manim renders the MP4 (its fast path); the slide GIF is made from that video at slide size
and frame rate by FFmpeg's palette filters (:mod:`gradanim.gif`), which costs a fraction of
Manim's own full-resolution ``--format gif`` in time and memory. Every output is written under a temporary name in its
final folder and renamed when complete, so an interrupted render never leaves a
half-written file where a good one was.
"""

from __future__ import annotations

import importlib.util
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .atomic import atomic_path
from .core.errors import GradanimError
from .gif import GifSettings, fit_gif
from .options import QUALITIES

REPO_ROOT = Path(__file__).resolve().parents[1]
SCENES_DIR = REPO_ROOT / "scenes"


class RenderError(GradanimError):
    """A scene could not be rendered (the message says which and why)."""


@dataclass(frozen=True)
class Output:
    """A file a render wrote, with what the summary should say about it."""

    path: Path
    note: str = ""  # how it was made (a GIF: the settings chosen and why)
    warning: str = ""  # what its user should know (a GIF over its size budget)


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


def render_lesson(lesson, output_dir: Path, *, quality: str, formats, gif: GifSettings,
                  max_gif_mb: float) -> list[Output]:
    """Render a checked lesson (see :mod:`gradanim.lessons`) to the requested formats.

    A video (MP4 or WebM) gets a poster PNG of its last frame beside it; a GIF is made from
    an MP4 within ``max_gif_mb`` (:func:`gradanim.gif.fit_gif`); ``png`` alone renders just
    the last frame.
    """
    from manim import tempconfig

    from .lessons.catalogue import scene_class_for
    from .lessons.lesson_file import scene_values

    base = scene_class_for(lesson.scene_type)
    scene_class = type(base.__name__, (base,), scene_values(lesson, base))
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    name = lesson.name
    outputs: list[Output] = []
    formats = list(dict.fromkeys(formats))
    with tempfile.TemporaryDirectory(prefix="gradanim-") as scratch:
        media = Path(scratch) / "media"
        video = None
        if "mp4" in formats or "gif" in formats:
            target = output_dir / f"{name}.mp4" if "mp4" in formats else Path(scratch) / f"{name}.mp4"
            video = render_video(scene_class, target, quality=quality, media_dir=media)
            if "mp4" in formats:
                outputs.append(Output(video))
        if "webm" in formats:
            outputs.append(Output(render_video(scene_class, output_dir / f"{name}.webm", quality=quality,
                                               media_dir=media, video_format="webm")))
        if "gif" in formats:
            made = fit_gif(video, output_dir / f"{name}.gif", gif, max_gif_mb)
            warning = "" if made.fits else (f"{made.path} is {made.size / 1e6:.2f} MB even at "
                                            f"{made.settings.describe()} (budget {max_gif_mb:g} MB)")
            outputs.append(Output(made.path, made.summary(), warning))
        poster_source = video if video is not None else next((o.path for o in outputs if o.path.suffix == ".webm"),
                                                             None)
        if poster_source is not None:
            outputs.append(Output(still_from_video(poster_source, output_dir / f"{name}.png")))
        elif "png" in formats:
            with tempconfig(manim_settings(quality, media, write_to_movie=False, save_last_frame=True)):
                scene = scene_class()
                scene.render()
                image = scene.renderer.camera.get_image()
            with atomic_path(output_dir / f"{name}.png") as tmp:
                image.save(tmp, format="PNG")
            outputs.append(Output(output_dir / f"{name}.png"))
    return outputs
