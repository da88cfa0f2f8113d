"""Render lessons: one or many (the catalogue, a lesson's variants), with a cache.

The process that runs the batch (the driver) reads and checks every lesson, works out what
each render would be (:class:`RenderJob`) and its cache key: a hash of the lesson's checked
content (scene type, option values, output settings), the code that draws it, and the
quality, formats and GIF settings. A job whose key is in the output directory's cache with
all its outputs present is not sent anywhere. The rest go to an engine
(:mod:`gradanim.lessons.engine`: this process, a process pool, or Dask), each rendered by
:func:`render_job` in a process of its own (manim's configuration is global to a process);
one failing job never stops the others. Only the driver writes the cache, after each job
finishes, so a batch that is stopped resumes where it stopped.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import resource
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import gradanim

from ..atomic import atomic_path
from ..gif import AUTO_DITHER, GifSettings, dither_for
from .catalogue import SCENES_DIR
from .lesson_file import Lesson, Problem

CACHE_FILE = ".gradanim-cache.json"


@dataclass
class RenderResult:
    lesson: str  # what the summary names: a lesson file, or a variants table's row
    outputs: list[str] = field(default_factory=list)
    error: str | None = None
    invalid: bool = False  # the lesson file was refused (error: its problems, one per line)
    cached: bool = False
    warnings: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # output -> how it was made (a GIF's settings)
    name: str = ""  # the output name
    key: str = ""  # the cache key
    run: dict | None = None  # the run the scene shows (summary.run_summary)
    seconds: float = 0.0  # rendering time on the worker
    worker: str = ""  # host:pid that rendered it
    peak_mb: float = 0.0  # the worker process's peak resident memory so far, after this render


@dataclass
class RenderJob:
    """Everything a worker needs to render one lesson (picklable: plain data)."""

    label: str
    lesson: Lesson
    output_dir: str
    quality: str
    formats: list[str]
    gif: GifSettings
    max_gif_mb: float
    key: str
    fingerprint: str  # the driver's code: a worker running other code refuses the job
    warnings: list[str] = field(default_factory=list)
    run: dict | None = None
    narrate: bool = False  # each beat's caption spoken (gradanim.lessons.narration)
    recordings: dict[str, str] = field(default_factory=dict)  # beat name -> the lecturer's WAV

    def result(self, **fields) -> RenderResult:
        return RenderResult(self.label, name=self.lesson.name, key=self.key, run=self.run,
                            warnings=list(self.warnings), **fields)


@functools.cache
def _source_fingerprint() -> str:
    """A hash of the code that decides what a scene looks like (package and scenes)."""
    digest = hashlib.sha256()
    for folder in (Path(gradanim.__file__).resolve().parent, SCENES_DIR):
        for path in sorted(folder.rglob("*.py")):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(lesson: Lesson, quality: str, formats: Iterable[str], gif: GifSettings, max_gif_mb: float,
              fingerprint: str, narration: list | None = None) -> str:
    """What decides a render's outputs, hashed: a lesson's checked content (not its file:
    a comment changes nothing), the code and the output settings (narration: whether, and
    which recordings, by content)."""
    digest = hashlib.sha256()
    content = [lesson.scene_type, lesson.values, lesson.output, quality, sorted(formats), gif.width, gif.fps,
               gif.colors, gif.dither, gif.loop, max_gif_mb, fingerprint]
    if narration is not None:
        content.append(narration)
    digest.update(json.dumps(content, sort_keys=True, default=list).encode())
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


def read_cache(output_dir: Path) -> dict:
    try:
        return json.loads((Path(output_dir) / CACHE_FILE).read_text())
    except (OSError, ValueError):
        return {}


def prepare(label: str, lesson: Lesson, output_dir: Path, *, quality: str | None = None,
            formats: list[str] | None = None, max_gif_mb: float | None = None, dither: str | None = None,
            loop: int | None = None, narrate: bool = False, recordings: dict[str, Path] | None = None) -> RenderJob:
    """The job that renders a checked lesson; the arguments override its ``[output]``. A
    narrated lesson with no formats given renders the videos it asks for (an MP4 if none)."""
    from .narration import VIDEO_FORMATS
    from .summary import run_summary

    quality = quality or lesson.output["quality"]
    if narrate and not formats:
        formats = [f for f in lesson.output["formats"] if f in VIDEO_FORMATS] or ["mp4"]
    formats = list(formats or lesson.output["formats"])
    budget = max_gif_mb if max_gif_mb is not None else lesson.output["max_gif_mb"]
    gif = gif_settings(lesson, dither, loop)
    fingerprint = _source_fingerprint()
    recorded = {beat: str(path) for beat, path in (recordings or {}).items()}
    warnings = [str(w) for w in lesson.warnings]
    if recordings is not None:  # the lecturer's folder: say what it lacks and what it has too many of
        from .configured import lesson_beats

        beats = lesson_beats(lesson)
        warnings += [f"{path}: no beat of {label} is called {beat!r} (its beats: {', '.join(beats)})"
                     for beat, path in recorded.items() if beat not in beats]
        unrecorded = [beat for beat in beats if beat not in recorded]
        if unrecorded:
            warnings.append(f"{label}: no recording of {', '.join(f'{b}.wav' for b in unrecorded)}: the voice says "
                            "their captions")
    narration = ([[beat, hashlib.sha256(Path(path).read_bytes()).hexdigest()] for beat, path in sorted(recorded.items())]
                 if narrate else None)
    return RenderJob(label, lesson, str(Path(output_dir).resolve()), quality, formats, gif, budget,
                     cache_key(lesson, quality, formats, gif, budget, fingerprint, narration), fingerprint,
                     warnings, run_summary(lesson), narrate, recorded)


def render_job(job: RenderJob) -> RenderResult:
    """Render one job (on a worker). A problem with the lesson or the scene is the result's
    error; an OSError (storage) is raised, for the engine to retry."""
    from ..core.errors import GradanimError
    from .render import render_lesson

    started = time.perf_counter()
    result = job.result(worker=f"{socket.gethostname()}:{os.getpid()}")
    try:
        if _source_fingerprint() != job.fingerprint:
            raise GradanimError(f"worker {result.worker} runs other gradanim code than the driver "
                                f"({gradanim.__file__}); install the same version on every worker")
        made = render_lesson(job.lesson, Path(job.output_dir), quality=job.quality, formats=job.formats,
                             gif=job.gif, max_gif_mb=job.max_gif_mb, narrate=job.narrate,
                             recordings={beat: Path(p) for beat, p in job.recordings.items()})
        result.outputs = [str(o.path) for o in made]
        result.notes = {str(o.path): o.note for o in made if o.note}
        result.warnings += [o.warning for o in made if o.warning]
    except OSError:
        raise
    except GradanimError as error:
        result.error = str(error)
    except Exception as error:  # a scene bug: report it for this job, keep the batch going
        result.error = f"{type(error).__name__}: {error}"
    result.seconds = time.perf_counter() - started
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB
    return result


def invalid_result(label: str, name: str, problems: list[Problem], run: dict | None = None) -> RenderResult:
    errors = [p for p in problems if not p.warning]
    return RenderResult(label, error="\n".join(str(p) for p in errors), invalid=True, name=name, run=run,
                        warnings=[str(p) for p in problems if p.warning])


def run_batch(entries: list[RenderJob | RenderResult], output_dir: Path, *, jobs: int = 1, engine: str | None = None,
              scheduler: str | None = None, use_cache: bool = True,
              on_done: Callable[[RenderResult], None] | None = None,
              on_start: Callable[[int, int], None] | None = None, task: Callable | None = None) -> list[RenderResult]:
    """Render every job not already rendered; results in the entries' order. An entry that is
    already a result (a refused lesson) passes through. ``on_start(to_render, slots)`` is told
    how many jobs go to the engine and how many run at once; ``on_done`` each result as it
    comes (cached ones first). ``task`` replaces :func:`render_job` (tests)."""
    from .engine import execute

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    cache = read_cache(output_dir)
    results: dict[int, RenderResult] = {}
    todo: list[tuple[int, RenderJob]] = []
    for index, entry in enumerate(entries):
        if isinstance(entry, RenderResult):
            results[index] = entry
            continue
        hit = cache.get(entry.lesson.name) if use_cache else None
        if hit and hit.get("key") == entry.key and all(Path(p).is_file() for p in hit.get("outputs", ())):
            results[index] = entry.result(outputs=hit["outputs"], notes=hit.get("notes", {}), cached=True)
        else:
            todo.append((index, entry))
    for index in sorted(results):
        if on_done:
            on_done(results[index])
    by_id = {id(job): index for index, job in todo}

    def finished(job: RenderJob, result: RenderResult) -> None:
        results[by_id[id(job)]] = result
        if not result.error:
            cache[job.lesson.name] = {"key": job.key, "outputs": result.outputs, "notes": result.notes}
            with atomic_path(output_dir / CACHE_FILE) as tmp:
                tmp.write_text(json.dumps(cache, indent=1))
        if on_done:
            on_done(result)

    execute([job for _, job in todo], task or render_job, workers=jobs, engine=engine, scheduler=scheduler,
            on_done=finished, on_start=on_start)
    _sweep_partials(output_dir, [job.lesson.name for _, job in todo])
    return [results[i] for i in range(len(entries))]


def _sweep_partials(output_dir: Path, names: list[str]) -> None:
    """Remove what a worker lost mid-write left behind (atomic_path's temporary files of
    this batch's outputs): the batch is over, so none is being written."""
    for name in names:
        for leftover in output_dir.glob(f".{name}.*.partial*"):
            leftover.unlink(missing_ok=True)


def render_many(lessons: list[str], output_dir: Path, *, quality: str | None = None, formats: list[str] | None = None,
                max_gif_mb: float | None = None, jobs: int = 1, use_cache: bool = True,
                dither: str | None = None, loop: int | None = None, engine: str | None = None,
                scheduler: str | None = None, on_done: Callable[[RenderResult], None] | None = None,
                on_start: Callable[[int, int], None] | None = None) -> list[RenderResult]:
    """Render every lesson file; results in the lessons' order. ``quality``, ``formats``,
    ``max_gif_mb``, ``dither`` and ``loop`` override the lessons'."""
    from .lesson_file import LessonError, read_lesson

    entries: list[RenderJob | RenderResult] = []
    for path in lessons:
        try:
            lesson = read_lesson(path)
        except LessonError as error:
            entries.append(invalid_result(str(path), Path(path).stem, error.problems))
            continue
        entries.append(prepare(str(path), lesson, output_dir, quality=quality, formats=formats,
                               max_gif_mb=max_gif_mb, dither=dither, loop=loop))
    return run_batch(entries, output_dir, jobs=jobs, engine=engine, scheduler=scheduler, use_cache=use_cache,
                     on_done=on_done, on_start=on_start)
