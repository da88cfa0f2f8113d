"""A lesson's scene: its scene type's class with the lesson's option values, and the beats
that scene plays (which a lesson's options may change: OptimizerInternals names a beat
after each of its runs)."""

from __future__ import annotations

from .catalogue import scene_class_for
from .lesson_file import Lesson, scene_values


def configured_scene(lesson: Lesson) -> type:
    """The lesson's scene class with the lesson's option values."""
    base = scene_class_for(lesson.scene_type)
    return type(base.__name__, (base,), scene_values(lesson, base))


def lesson_beats(lesson: Lesson) -> tuple[str, ...]:
    """The names of the beats the lesson's scene plays, in order: what its ``[beats.NAME]``
    tables and its ``--recordings`` files (``NAME.wav``) are called."""
    return tuple(configured_scene(lesson).beats_for())


__all__ = ["configured_scene", "lesson_beats"]
