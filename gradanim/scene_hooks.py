"""Where higher layers hook into lesson scenes without the scenes knowing them.

``SETUP`` holds callables run with each lesson scene at the start of its ``setup()``. The
lessons layer adds one, through manim's plugin mechanism (an entry point that manim loads
at start-up), that gives plain ``manim`` the option values of a lesson file named by
``GRADANIM_LESSON``: scenes know their options, not lesson files.

``CLASS`` holds callables that may swap the class a lesson scene is made as, run when it is
instantiated: under ``manim-slides render`` the lessons layer makes the scene a slide deck
(one slide per beat). Nothing here imports manim or the rest of the package.
"""

from __future__ import annotations

from collections.abc import Callable

SETUP: list[Callable[[object], None]] = []
CLASS: list[Callable[[type], type]] = []


def run_setup_hooks(scene) -> None:
    for hook in SETUP:
        hook(scene)


def class_to_make(cls: type) -> type:
    """The class a scene of class ``cls`` is made as (``cls`` itself, or a subclass a hook
    gives)."""
    for hook in CLASS:
        cls = hook(cls)
    return cls


__all__ = ["CLASS", "SETUP", "class_to_make", "run_setup_hooks"]
