"""Where higher layers hook into lesson scenes without the scenes knowing them.

``SETUP`` holds callables run with each lesson scene at the start of its ``setup()``. The
lessons layer adds one, through manim's plugin mechanism (an entry point that manim loads
at start-up), that gives plain ``manim`` the option values of a lesson file named by
``GRADANIM_LESSON``: scenes know their options, not lesson files. Nothing here imports
manim or the rest of the package.
"""

from __future__ import annotations

from collections.abc import Callable

SETUP: list[Callable[[object], None]] = []


def run_setup_hooks(scene) -> None:
    for hook in SETUP:
        hook(scene)


__all__ = ["SETUP", "run_setup_hooks"]
