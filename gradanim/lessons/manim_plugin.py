"""Plain manim takes a lesson file: ``GRADANIM_LESSON=lesson.toml manim -ql scenes/x.py Scene``,
and plain ``manim-slides render scenes/x.py Scene`` makes a slide deck of a scene.

manim loads this module at start-up (gradanim's ``manim.plugins`` entry point, see
pyproject.toml), as it loads every installed plugin; it only registers hooks
(:mod:`gradanim.scene_hooks`):

- a setup hook that reads the lesson when a lesson scene sets up: the file is checked as
  ``gradanim check`` checks it (nothing in it is executed), it must be a lesson of that
  scene's type, and its options become the scene's;
- a class hook that makes a lesson scene a manim-slides slide deck
  (:func:`gradanim.lessons.slides.slide_class`: one slide per beat, a looping slide per
  idle) when manim runs under ``manim-slides render``. That command runs
  ``python -m manim render ...`` in a child process and tells it nothing else, so the hook
  reads the parent process's command line (``/proc`` on Linux, else psutil when installed).
  ``GRADANIM_SLIDES=1`` asks for a deck under plain ``manim`` too, ``GRADANIM_SLIDES=0``
  never. Only manim's own command makes decks this way: ``gradanim render`` makes one
  when ``--format slides`` asks, whatever the environment says.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

from ..scene_hooks import CLASS, SETUP

LESSON_ENV = "GRADANIM_LESSON"
SLIDES_ENV = "GRADANIM_SLIDES"


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


def _parent_command() -> list[str]:
    """The command line of the process that started this one ([] when it cannot be read)."""
    proc = Path(f"/proc/{os.getppid()}/cmdline")
    try:
        return [part for part in proc.read_bytes().decode(errors="replace").split("\0") if part]
    except OSError:
        pass
    try:
        import psutil

        return psutil.Process(os.getppid()).cmdline()
    except Exception:  # noqa: BLE001 - no psutil, or no such process: not a manim-slides child
        return []


def is_manim_slides_render(command: list[str]) -> bool:
    """Whether ``command`` is ``manim-slides render ...`` (the script, or ``python -m manim_slides``)."""
    names = [Path(part).name.lower().removesuffix(".exe").removesuffix("-script.py") for part in command]
    for i, name in enumerate(names):
        if name in ("manim-slides", "manim_slides"):
            return "render" in names[i + 1:]
    return False


def is_manim_command(argv: list[str]) -> bool:
    """Whether ``argv`` is manim's own command (``manim ...`` or ``python -m manim ...``), not
    a program that imports manim (gradanim's CLI and its workers choose their formats)."""
    if not argv:
        return False
    script = Path(argv[0])
    return script.name.lower().removesuffix(".exe") == "manim" or script.parent.name == "manim"


@functools.cache
def slides_wanted() -> bool:
    """Whether lesson scenes in this process are made as slide decks: only under manim's own
    command, and there when manim-slides runs it or ``GRADANIM_SLIDES`` asks."""
    if not is_manim_command(sys.argv):
        return False
    asked = os.environ.get(SLIDES_ENV, "").strip()
    if asked:
        return asked not in ("0", "false", "no")
    return is_manim_slides_render(_parent_command())


def as_slides_when_wanted(scene_class: type) -> type:
    """``scene_class`` as a slide deck under ``manim-slides render``, else itself."""
    if not slides_wanted():
        return scene_class
    from .slides import slide_class

    return slide_class(scene_class)


if apply_environment_lesson not in SETUP:
    SETUP.append(apply_environment_lesson)
if as_slides_when_wanted not in CLASS:
    CLASS.append(as_slides_when_wanted)
