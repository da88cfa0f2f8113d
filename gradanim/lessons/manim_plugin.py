"""Plain manim takes a lesson file: ``GRADANIM_LESSON=lesson.toml manim -ql scenes/x.py Scene``.

manim loads this module at start-up (gradanim's ``manim.plugins`` entry point, see
pyproject.toml), as it loads every installed plugin; it only registers a setup hook
(:mod:`gradanim.scene_hooks`). The hook reads the lesson when a lesson scene sets up: the
file is checked as ``gradanim check`` checks it (nothing in it is executed), it must be a
lesson of that scene's type, and its options become the scene's.
"""

from __future__ import annotations

import os

from ..scene_hooks import SETUP

LESSON_ENV = "GRADANIM_LESSON"


def apply_environment_lesson(scene) -> None:
    """Give ``scene`` the options of the lesson file named by ``GRADANIM_LESSON`` (if set)."""
    path = os.environ.get(LESSON_ENV)
    if not path:
        return
    # (imported when a lesson is named: manim is still starting up when this module loads)
    from .catalogue import scene_type_of
    from .lesson_file import read_lesson, scene_values

    lesson = read_lesson(path)
    mine = scene_type_of(type(scene))
    if lesson.scene_type != mine:
        raise ValueError(f"{path} is a {lesson.scene_type!r} lesson, not {mine!r}")
    for key, value in scene_values(lesson, type(scene)).items():
        setattr(scene, key, value)


if apply_environment_lesson not in SETUP:
    SETUP.append(apply_environment_lesson)
