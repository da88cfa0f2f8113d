"""The scene catalogue: every lesson scene in ``scenes/`` under a snake_case type name.

``GradientDescent`` in ``scenes/gradient_descent.py`` is the type ``gradient_descent``
(a scene may choose another with a ``lesson_type`` class attribute). Classes that derive
from ``LessonFrame`` (``LessonScene``, ``LessonScene3D``) are lesson scenes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..export import SCENES_DIR, load_scene_class

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
    from manim import Scene

    from ..scene_base import LessonFrame

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
