"""Render a scene to files people use: MP4 for lectures, a looping slide GIF, a PNG still.

Manim renders the MP4 (its fast path); the slide GIF is made from that video at slide size
and frame rate by FFmpeg's palette filters (:mod:`gradanim.gif`), which costs a fraction of
Manim's own full-resolution ``--format gif`` in time and memory. Every output is written under a temporary name in its
final folder and renamed when complete, so an interrupted render never leaves a
half-written file where a good one was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .atomic import atomic_path
from .core.errors import GradanimError
from .options import QUALITIES
from .subtitles import read_srt, write_captions


class RenderError(GradanimError):
    """A scene could not be rendered (the message says which and why)."""


@dataclass(frozen=True)
class Output:
    """A file a render wrote, with what the summary should say about it."""

    path: Path
    note: str = ""  # how it was made (a GIF: the settings chosen and why)
    warning: str = ""  # what its user should know (a GIF over its size budget)


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
                 video_format: str = "mp4", captions: bool = True) -> Path:
    """Render ``scene_class`` with manim to a video (``mp4`` or ``webm``) at ``output``, atomically.

    With ``captions`` the scene's beat captions (manim's subcaption file) are written beside
    it as ``.srt``, ``.vtt`` and ``.transcript.txt`` (:mod:`gradanim.subtitles`)."""
    from manim import tempconfig

    output = Path(output)
    media = Path(media_dir) if media_dir else output.parent / ".manim"
    settings = manim_settings(quality, media, format=video_format, write_to_movie=True, save_last_frame=False,
                              output_file=f"{scene_class.__name__}_{video_format}")
    with tempconfig(settings):
        scene = scene_class()
        scene.render()
        movie = Path(scene.renderer.file_writer.movie_file_path)
        subcaptions = scene.renderer.file_writer.output_plan.subcaption_file
    if not movie.is_file():
        raise RenderError(f"manim did not write a video for {scene_class.__name__}")
    with atomic_path(output) as tmp:
        tmp.write_bytes(movie.read_bytes())
    if captions and subcaptions is not None and Path(subcaptions).is_file():
        write_captions(read_srt(Path(subcaptions)), output, title=str(getattr(scene, "title", "") or ""))
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
