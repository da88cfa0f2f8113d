"""Render lessons: one or many, in parallel processes, with a cache and a summary.

Each lesson renders in its own process (manim's configuration is global to a process),
so one failing lesson never stops the others. A lesson whose file, scene code, quality
and formats are unchanged since its last render is skipped: the cache key is a hash of
all of those, stored beside the outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import atomic_path
import gradanim

from .catalogue import SCENES_DIR
from ..gif import AUTO_DITHER, GifSettings, dither_for

CACHE_FILE = ".gradanim-cache.json"


@dataclass
class RenderResult:
    lesson: str
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    invalid: bool = False  # the lesson file was refused (error: its problems, one per line)
    cached: bool = False
    warnings: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # output -> how it was made (a GIF's settings)


def _source_fingerprint() -> str:
    """A hash of the code that decides what a scene looks like (package and scenes)."""
    digest = hashlib.sha256()
    for folder in (Path(gradanim.__file__).resolve().parent, SCENES_DIR):
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(lesson_path: Path, quality: str, formats: Iterable[str], gif: GifSettings, max_gif_mb: float) -> str:
    digest = hashlib.sha256()
    digest.update(Path(lesson_path).read_bytes())
    digest.update(_source_fingerprint().encode())
    digest.update(json.dumps([quality, sorted(formats), gif.width, gif.fps, gif.colors, gif.dither, gif.loop,
                              max_gif_mb]).encode())
    return digest.hexdigest()


def gif_settings(lesson, dither: str | None = None, loop: int | None = None) -> GifSettings:
    """The slide GIF settings of a checked lesson, ``dither`` and ``loop`` overriding its
    ``[output]``; the ``auto`` dither is ``bayer`` for 3D scenes and ``none`` for the rest."""
    requested = dither or lesson.output["dither"]
    three_d = False
    if requested == AUTO_DITHER:
        from manim import ThreeDScene

        from .catalogue import scene_class_for

        three_d = issubclass(scene_class_for(lesson.scene_type), ThreeDScene)
    return GifSettings(width=lesson.output["gif_width"], fps=lesson.output["gif_fps"],
                       dither=dither_for(requested, three_d), loop=lesson.output["loop"] if loop is None else loop)


def _read_cache(output_dir: Path) -> dict:
    try:
        return json.loads((output_dir / CACHE_FILE).read_text())
    except (OSError, ValueError):
        return {}


def _write_cache(output_dir: Path, name: str, key: str, outputs: list[str], notes: dict[str, str]) -> None:
    cache = _read_cache(output_dir)
    cache[name] = {"key": key, "outputs": outputs, "notes": notes}
    with atomic_path(output_dir / CACHE_FILE) as tmp:
        tmp.write_text(json.dumps(cache, indent=1))


def render_one(lesson_path: str, output_dir: str, quality: str | None, formats: list[str] | None,
               max_gif_mb: float | None, use_cache: bool = True, dither: str | None = None,
               loop: int | None = None) -> RenderResult:
    """Check and render one lesson (runs in a worker process). Never raises."""
    from ..core.errors import GradanimError
    from .render import render_lesson
    from .lesson_file import LessonError, read_lesson

    result = RenderResult(lesson_path)
    try:
        lesson = read_lesson(lesson_path)
        result.warnings = [str(w) for w in lesson.warnings]
        quality = quality or lesson.output["quality"]
        formats = formats or lesson.output["formats"]
        budget = max_gif_mb if max_gif_mb is not None else lesson.output["max_gif_mb"]
        gif = gif_settings(lesson, dither, loop)
        out = Path(output_dir)
        key = cache_key(Path(lesson_path), quality, formats, gif, budget)
        cached = _read_cache(out).get(lesson.name)
        if use_cache and cached and cached["key"] == key and all(Path(p).is_file() for p in cached["outputs"]):
            result.outputs, result.notes, result.cached = cached["outputs"], cached.get("notes", {}), True
            return result
        made = render_lesson(lesson, out, quality=quality, formats=formats, gif=gif, max_gif_mb=budget)
        result.outputs = [str(o.path) for o in made]
        result.notes = {str(o.path): o.note for o in made if o.note}
        result.warnings += [o.warning for o in made if o.warning]
        _write_cache(out, lesson.name, key, result.outputs, result.notes)
    except LessonError as error:
        result.error, result.invalid = "\n".join(str(p) for p in error.problems), True
    except GradanimError as error:
        result.error = str(error)
    except Exception as error:  # a scene bug: report it for this lesson, keep the batch going
        result.error = f"{type(error).__name__}: {error}"
    return result


def render_many(lessons: list[str], output_dir: Path, *, quality: str | None = None, formats: list[str] | None = None,
                max_gif_mb: float | None = None, jobs: int = 1, use_cache: bool = True,
                dither: str | None = None, loop: int | None = None,
                on_done: Callable[[RenderResult], None] | None = None) -> list[RenderResult]:
    """Render every lesson; ``jobs`` processes at once. Results in the lessons' order.
    ``quality``, ``formats``, ``max_gif_mb``, ``dither`` and ``loop`` override the lessons'."""
    output_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, RenderResult] = {}
    args = [(str(p), str(output_dir), quality, formats, max_gif_mb, use_cache, dither, loop) for p in lessons]
    if jobs <= 1 or len(lessons) == 1:
        for a in args:
            r = render_one(*a)
            results[a[0]] = r
            if on_done:
                on_done(r)
    else:
        env_jobs = max(1, min(jobs, len(lessons), os.cpu_count() or 1))
        with ProcessPoolExecutor(max_workers=env_jobs) as pool:
            futures = {pool.submit(render_one, *a): a[0] for a in args}
            for future in as_completed(futures):
                r = future.result()
                results[futures[future]] = r
                if on_done:
                    on_done(r)
    return [results[str(p)] for p in lessons]
