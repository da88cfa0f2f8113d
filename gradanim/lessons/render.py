"""A checked lesson rendered to the files it asks for: MP4, WebM, slide GIF, PNG, a lesson page, a slide deck.

The lesson's options become a subclass of its scene (class attributes; nothing in the file
is executed), which :mod:`gradanim.export` renders and :mod:`gradanim.gif` turns into a GIF.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from manim import tempconfig

from ..atomic import atomic_path
from ..export import Output, manim_settings, render_video, still_from_video
from ..gif import GifSettings, fit_gif
from ..subtitles import alt_text, caption_paths, write_alt_text
from .configured import configured_scene
from .lesson_file import Lesson
from .narration import check_formats, narrated_class
from .page import write_page
from .slides import render_slides


def render_lesson(lesson: Lesson, output_dir: Path, *, quality: str, formats, gif: GifSettings,
                  max_gif_mb: float, narrate: bool = False, recordings: dict[str, Path] | None = None) -> list[Output]:
    """Render a checked lesson to the requested formats.

    A video (MP4 or WebM) gets a poster PNG of its last frame beside it; a GIF is made from
    an MP4 within ``max_gif_mb`` (:func:`gradanim.gif.fit_gif`); ``png`` alone renders just
    the last frame. With ``narrate`` (videos only) each beat's caption is spoken, or played
    from the lecturer's ``recordings`` (beat name -> WAV): :mod:`gradanim.lessons.narration`.
    """
    scene_class = configured_scene(lesson)
    if narrate:
        check_formats(formats)
        scene_class = narrated_class(scene_class, recordings)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    name = lesson.name
    outputs: list[Output] = []
    formats = list(dict.fromkeys(formats))
    with tempfile.TemporaryDirectory(prefix="gradanim-") as scratch:
        media = Path(scratch) / "media"
        page_dir = output_dir / name  # --format html: the page's folder
        video = None
        if "mp4" in formats or "gif" in formats or "html" in formats:
            target = (output_dir / f"{name}.mp4" if "mp4" in formats
                      else page_dir / f"{name}.mp4" if "html" in formats else Path(scratch) / f"{name}.mp4")
            video = render_video(scene_class, target, quality=quality, media_dir=media)
            if "mp4" in formats:
                outputs += [Output(video), *_captions_of(video)]
        if "webm" in formats:
            webm = render_video(scene_class, output_dir / f"{name}.webm", quality=quality, media_dir=media,
                                video_format="webm")
            outputs += [Output(webm), *([] if "mp4" in formats else _captions_of(webm))]
        if "gif" in formats:
            made = fit_gif(video, output_dir / f"{name}.gif", gif, max_gif_mb)
            warning = "" if made.fits else (f"{made.path} is {made.size / 1e6:.2f} MB even at "
                                            f"{made.settings.describe()} (budget {max_gif_mb:g} MB)")
            outputs.append(Output(made.path, made.summary(), warning))
            outputs.append(Output(write_alt_text(made.path, _alt_text(lesson, scene_class, video))))
        if "html" in formats:
            outputs += _lesson_page(lesson, scene_class, video, page_dir)
        if "slides" in formats:
            outputs += render_slides(scene_class, output_dir, name, quality=quality, scratch=Path(scratch))
        poster_source = (video if video is not None and ("mp4" in formats or "gif" in formats)
                         else next((o.path for o in outputs if o.path.suffix == ".webm"), None))
        if poster_source is not None:
            outputs += _poster(lesson, scene_class, poster_source, output_dir / f"{name}.png")
        elif "png" in formats:
            with tempconfig(manim_settings(quality, media, write_to_movie=False, save_last_frame=True)):
                scene = scene_class()
                scene.render()
                image = scene.renderer.camera.get_image()
            with atomic_path(output_dir / f"{name}.png") as tmp:
                image.save(tmp, format="PNG")
            outputs.append(Output(output_dir / f"{name}.png"))
            outputs.append(Output(write_alt_text(output_dir / f"{name}.png", _alt_text(lesson, scene_class, None,
                                                                                      still=True))))
    return outputs


def _poster(lesson: Lesson, scene_class: type, video: Path, target: Path) -> list[Output]:
    """The last frame of ``video`` as ``target`` (PNG) and its alt text."""
    poster = still_from_video(video, target)
    return [Output(poster), Output(write_alt_text(poster, _alt_text(lesson, scene_class, video, still=True)))]


def _lesson_page(lesson: Lesson, scene_class: type, video: Path, page_dir: Path) -> list[Output]:
    """The lesson page's folder: the video and its captions (copied in unless rendered there),
    the poster and its alt text, and ``index.html`` (:mod:`gradanim.lessons.page`)."""
    if video.parent.resolve() != page_dir.resolve():
        copied = page_dir / video.name
        for source, target in [(video, copied), *zip(caption_paths(video).values(), caption_paths(copied).values())]:
            if source.is_file():
                with atomic_path(target) as tmp:
                    shutil.copyfile(source, tmp)
        video = copied
    made = [Output(video), *_captions_of(video), *_poster(lesson, scene_class, video, page_dir / f"{lesson.name}.png")]
    title = str(getattr(scene_class, "title", "") or lesson.name)
    return [*(Output(p) for p in write_page(lesson, title, video, made[-2].path)), *made]


def _captions_of(video: Path) -> list[Output]:
    return [Output(p) for p in caption_paths(video).values() if p.is_file()]


def _alt_text(lesson: Lesson, scene_class: type, video: Path | None, still: bool = False) -> str:
    return alt_text(str(getattr(scene_class, "title", "") or lesson.name), video, still)


__all__ = ["configured_scene", "render_lesson"]
