"""How lesson scenes are rendered: the one place that touches manim's renderer internals.

Scenes ask :func:`renderer_for` for a renderer and :func:`camera_class` for their camera,
and know nothing else about how frames are drawn or encoded:

* the **lesson renderer** (default): :class:`~gradanim.render.lesson_camera.LessonCamera`
  (2D; stored Cairo paths, knows where it drew), :class:`~gradanim.render.depth_camera.
  DepthCamera` (3D; a depth buffer through OpenGL on Mesa, :mod:`.depth`, :mod:`.primitives`)
  and :mod:`.frame_encoder` (frames to x264 with less work);
* **plain manim** (``GRADANIM_RENDERER=manim``): manim's own renderer, camera and writer
  (:mod:`.plain`), to compare with, or to fall back on.

The lesson renderer overrides manim internals (each place says why). It was tested with the
manim versions in :data:`TESTED_MANIM`; with another version it is not used unless
``GRADANIM_RENDERER=lesson`` asks for it, and a warning says so once.
"""

from __future__ import annotations

import os
import warnings

import manim

from .depth_camera import DepthCamera
from .frame_encoder import lesson_renderer
from .lesson_camera import LessonCamera
from .plain import PlainThreeDCamera

RENDERER_ENV = "GRADANIM_RENDERER"
TESTED_MANIM = ("0.22.",)  # manim versions the lesson renderer was tested with (prefixes)
_WARNED: set[str] = set()


def renderer_choice() -> str:
    """``"lesson"`` or ``"manim"``: the environment's choice, else the lesson renderer when
    the installed manim is one it was tested with."""
    chosen = os.environ.get(RENDERER_ENV, "").strip().lower()
    if chosen not in ("", "lesson", "manim"):
        raise ValueError(f"{RENDERER_ENV} must be 'lesson' or 'manim', got {chosen!r}")
    version = getattr(manim, "__version__", "?")
    tested = version.startswith(TESTED_MANIM)
    if chosen == "lesson" or (not chosen and tested):
        if not tested:
            _warn_once(f"gradanim's renderer was tested with manim {', '.join(v + 'x' for v in TESTED_MANIM)}; "
                       f"manim {version} is installed and {RENDERER_ENV}=lesson uses it anyway")
        return "lesson"
    if not chosen:
        _warn_once(f"gradanim's renderer was tested with manim {', '.join(v + 'x' for v in TESTED_MANIM)}, "
                   f"not {version}: rendering through plain manim (3D scenes paint faces far to near, without "
                   f"a depth test). Set {RENDERER_ENV}=lesson to use gradanim's renderer anyway.")
    return "manim"


def _warn_once(message: str) -> None:
    if message not in _WARNED:
        _WARNED.add(message)
        warnings.warn(message, RuntimeWarning, stacklevel=3)


def camera_class(three_d: bool) -> type:
    """The camera for a 2D or 3D lesson scene."""
    if renderer_choice() == "lesson":
        return DepthCamera if three_d else LessonCamera
    return PlainThreeDCamera if three_d else manim.Camera


def camera_trackers(camera) -> list:
    """The value trackers whose change moves ``camera`` (its angles, zoom and frame centre;
    none for a 2D camera), whichever renderer made it. manim keeps the frame centre in the
    private ``ThreeDCamera._frame_center``, not in ``get_value_trackers``."""
    if not isinstance(camera, manim.ThreeDCamera):
        return []
    return [*camera.get_value_trackers(), camera._frame_center]


def renderer_for(camera: type, skip_animations: bool = False):
    """The renderer a lesson scene passes to manim's ``Scene``: the lesson renderer for
    ``camera``, or None (manim makes its own) when rendering through plain manim or with
    manim's OpenGL renderer."""
    if renderer_choice() != "lesson" or manim.config.renderer != manim.constants.RendererType.CAIRO:
        return None
    return lesson_renderer(camera, skip_animations=skip_animations)


__all__ = ["RENDERER_ENV", "TESTED_MANIM", "DepthCamera", "LessonCamera", "PlainThreeDCamera", "camera_class",
           "camera_trackers",
           "renderer_choice", "renderer_for"]
