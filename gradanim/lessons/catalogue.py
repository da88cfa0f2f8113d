"""The scene catalogue: every lesson scene in ``gradanim.scenes`` under a snake_case type
name, and the lesson files that ship with gradanim (``gradanim.lesson_files``).

The scene files live in the repository's ``scenes/`` and the lesson files in its
``lessons/``; installed, they are the packages ``gradanim.scenes`` and
``gradanim.lesson_files`` (pyproject.toml maps them), so the catalogue never depends on a
checkout. ``GradientDescent`` in ``scenes/gradient_descent.py`` is the type
``gradient_descent`` (a scene may choose another with a ``lesson_type`` class attribute).
Classes that derive from ``LessonFrame`` (``LessonScene``, ``LessonScene3D``) are lesson scenes.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import gradanim.lesson_files
import gradanim.scenes
from manim import Scene

from ..core.errors import GradanimError
from ..scene_base import LessonFrame

SCENES_DIR = Path(gradanim.scenes.__file__).resolve().parent
"""Where the scene files are (the repository's scenes/, or gradanim/scenes when installed)."""
LESSONS_DIR = Path(gradanim.lesson_files.__file__).resolve().parent
"""Where the lesson files that ship with gradanim are."""


class SceneLoadError(GradanimError):
    """A scene file or class that cannot be loaded."""


def load_scene_class(scene_file: Path, scene_name: str):
    """Import ``scene_name`` from a scene file: one of the catalogue's as the module
    ``gradanim.scenes.x`` (imported once), any other file by path (as ``manim`` does)."""
    scene_file = Path(scene_file).resolve()
    if not scene_file.is_file():
        raise SceneLoadError(f"scene file {scene_file} does not exist")
    if scene_file.parent == SCENES_DIR.resolve():
        module = importlib.import_module(f"gradanim.scenes.{scene_file.stem}")
    else:
        module_name = f"gradanim_scene_{scene_file.stem}"
        spec = importlib.util.spec_from_file_location(module_name, scene_file)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
    try:
        return getattr(module, scene_name)
    except AttributeError:
        raise SceneLoadError(f"{scene_file} has no scene named {scene_name!r}") from None


def lesson_files() -> list[Path]:
    """The lesson files that ship with gradanim, in order."""
    return sorted(LESSONS_DIR.glob("*.toml"))


_CLASS = re.compile(r"^class\s+([A-Z]\w*)\s*\(")


def snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def scene_type_of(cls: type) -> str:
    """``GradientDescent`` -> ``gradient_descent`` (or the class's ``lesson_type``)."""
    return getattr(cls, "lesson_type", None) or snake_case(cls.__name__)


@dataclass(frozen=True)
class SceneType:
    name: str
    scene_file: Path
    class_name: str
    description: str


@lru_cache(maxsize=1)
def catalogue() -> dict[str, SceneType]:
    """All lesson scene types, by name (imports the scene files once)."""
    found: dict[str, SceneType] = {}
    for path in sorted(Path(SCENES_DIR).glob("*.py")):
        for line in path.read_text().splitlines():
            match = _CLASS.match(line)
            if not match:
                continue
            cls = load_scene_class(path, match.group(1))
            if not (isinstance(cls, type) and issubclass(cls, Scene)):
                continue
            if not issubclass(cls, LessonFrame):
                continue
            name = scene_type_of(cls)
            doc = (cls.__doc__ or "").strip().splitlines()
            found[name] = SceneType(name, path, cls.__name__, doc[0] if doc else "")
    return found


def scene_types() -> list[str]:
    return list(catalogue())


def scene_class_for(name: str) -> type:
    """The scene class of a type name (KeyError if unknown)."""
    entry = catalogue()[name]
    return load_scene_class(entry.scene_file, entry.class_name)
