"""`gradanim check` builds the lesson's scene, so that what check accepts renders.

Reading a lesson checks everything that can be checked from its values (types, ranges,
formulas, domains, Typst). A scene may still be unable to draw a lesson's mathematics (a
comparison of learning rates needs a minimum to measure the curvature at; a scene of three
critical points needs each function to have one). :func:`build_problems` builds the scene
in manim's dry run (every mathematical result, mobject and animation; no frame is drawn)
and, when that fails, finds the key responsible: the one whose default makes the build
succeed (a scene's defaults always build). The reason is the scene's own, in one line.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any

from ..options import options_of
from .lesson_file import Lesson, Problem, _Lines, scene_values


def build(scene_class: type, values: dict[str, Any]) -> str | None:
    """Build ``scene_class`` with ``values`` in a dry run: None, or why it failed (one line)."""
    import manim

    from .manim_plugin import LESSON_ENV
    from ..core.errors import GradanimError

    saved = os.environ.pop(LESSON_ENV, None)  # the values given, not a lesson named there
    try:
        with tempfile.TemporaryDirectory(prefix="gradanim-check-") as media, manim.tempconfig({
            "dry_run": True, "quality": "low_quality", "disable_caching": True, "media_dir": media,
            "progress_bar": "none", "verbosity": "ERROR", "write_to_movie": False, "save_last_frame": False,
        }):
            scene = scene_class()
            for key, value in values.items():
                setattr(scene, key, value)
            scene.render()
    except GradanimError as error:
        return " ".join(str(error).split())
    except Exception as error:  # noqa: BLE001 - a scene that cannot draw these values
        return " ".join(f"{type(error).__name__}: {error}".split())
    finally:
        if saved is not None:
            os.environ[LESSON_ENV] = saved
    return None


def build_problems(lesson: Lesson, scene_class: type) -> list[Problem]:
    """[] when the lesson's scene builds; else one problem at the key responsible (or at
    the file, when no single key is)."""
    values = scene_values(lesson, scene_class)
    reason = build(scene_class, values)
    if reason is None:
        return []
    lines = _Lines(lesson.path.read_text(encoding="utf-8"))
    what = f"the {lesson.scene_type} scene cannot draw this lesson: {reason}"
    options = options_of(scene_class)
    # Points first: a start on a kink is the start's fault, not the function's.
    keys = sorted(lesson.values, key=lambda k: options[k].role not in ("start", "point"))
    for key in keys:
        if key == "title" or options[key].kind == "theme" or options[key].role == "variables":
            continue
        # A formula's variables go with it: without them the default formula is tried.
        dropped = {key} | {k for k, o in options.items() if o.role == "variables" and o.on == key}
        if build(scene_class, {k: v for k, v in values.items() if k not in dropped}) is None:
            return [Problem(str(lesson.path), lines.find(key), key, what)]
    return [Problem(str(lesson.path), None, "", what)]
