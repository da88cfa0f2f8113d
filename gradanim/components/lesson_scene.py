"""The frame every gradanim scene shares: background, title, plot area and side panel.

Scenes subclass :class:`LessonScene`, set class attributes for everything a lesson changes
(the 3b1b habit: a variant is a subclass), compute all mathematics in ``compute()`` from
:mod:`gradanim.core`, then arrange components in ``construct()``.

A lesson file can set any of those attributes: ``gradanim render lesson.toml``, or with
plain manim ``GRADANIM_LESSON=lesson.toml manim -ql scenes/x.py Scene``.

Layout (16:9, 14.2 x 8 units): the title at the top left; the plot below it on the left
(``plot_box``); a column of formulas and readouts on the right (``panel_box``). Keeping
everything inside these boxes keeps labels off the frame's edge.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, UL, Scene, VGroup, config

from ..core.domain import Domain
from .axes import PlotAxes
from .theme import DEFAULT_THEME, Theme
from .typeset import math

MARGIN = 0.45  # scene units kept clear at every frame edge
LESSON_ENV = "GRADANIM_LESSON"  # plain manim reads a lesson file named by this variable


@dataclass(frozen=True)
class Box:
    """A rectangle of the frame in scene units (left, right, bottom, top)."""

    left: float
    right: float
    bottom: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def center(self) -> np.ndarray:
        return np.array([(self.left + self.right) / 2, (self.bottom + self.top) / 2, 0.0])

    @property
    def top_left(self) -> np.ndarray:
        return np.array([self.left, self.top, 0.0])


class LessonFrame:
    """What every lesson scene (2D or 3D) shares: the title, the theme, the layout boxes
    (title, plot, panel) and taking option values from a lesson file (``apply_lesson``;
    ``GRADANIM_LESSON`` for plain manim)."""

    title: str = ""
    theme: Theme = DEFAULT_THEME
    plot_width: float = 0.6
    panel_buff: float = 0.45
    option_docs = {
        "plot_width": "fraction of the frame's width given to the plot (the panel gets the rest)",
        "panel_buff": "vertical space between the panel's parts",
    }

    def apply_lesson_from_environment(self) -> None:
        lesson = os.environ.get(LESSON_ENV)
        if lesson:
            self.apply_lesson(lesson)

    def apply_lesson(self, path) -> None:
        """Take the option values of a lesson file (checked; nothing in it is executed)."""
        from ..lessons.catalogue import scene_type_of
        from ..lessons.lesson_file import read_lesson, scene_values

        lesson = read_lesson(path)
        mine = scene_type_of(type(self))
        if lesson.scene_type != mine:
            raise ValueError(f"{path} is a {lesson.scene_type!r} lesson, not {mine!r}")
        for key, value in scene_values(lesson, type(self)).items():
            setattr(self, key, value)

    # --- layout ------------------------------------------------------------------------

    @property
    def frame_box(self) -> Box:
        w, h = config.frame_width / 2, config.frame_height / 2
        return Box(-w + MARGIN, w - MARGIN, -h + MARGIN, h - MARGIN)

    @property
    def title_height(self) -> float:
        return 0.75 if self.title else 0.0

    @property
    def plot_box(self) -> Box:
        f = self.frame_box
        split = f.left + self.plot_width * f.width
        return Box(f.left, split, f.bottom, f.top - self.title_height)

    @property
    def panel_box(self) -> Box:
        f = self.frame_box
        split = f.left + self.plot_width * f.width
        return Box(split + 0.6, f.right, f.bottom, f.top - self.title_height)

    # --- parts -------------------------------------------------------------------------

    def make_title(self, text: str | None = None) -> VGroup:
        """The scene title as upright Typst text, at the top-left corner."""
        words = (text if text is not None else self.title).replace('"', '\\"')
        title = math(f'"{words}"', font_size=self.theme.title_size, theme=self.theme)
        if title.width > self.frame_box.width:
            title.scale_to_fit_width(self.frame_box.width)
        title.to_corner(UL, buff=MARGIN)
        return title

    def arrange_panel(self, *parts, buff: float | None = None) -> VGroup:
        """Stack ``parts`` top-down in the panel box, left-aligned, shrunk to its width."""
        box = self.panel_box
        for part in parts:
            if part.width > box.width:
                part.scale_to_fit_width(box.width)
        column = VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=self.panel_buff if buff is None else buff)
        if column.height > box.height:
            column.scale_to_fit_height(box.height)
        column.move_to(box.top_left, aligned_edge=UL)
        return column


class LessonScene(LessonFrame, Scene):
    """Base class: theme, title, plot box and panel box.

    Class attributes a lesson (or a subclass) overrides: ``title``, ``theme``,
    ``plot_width`` (fraction of the frame's width given to the plot).
    """

    def setup(self):
        self.apply_lesson_from_environment()
        self.camera.background_color = self.theme.background

    def make_axes(self, domain: Domain, variable_names=("x", "y"), box: Box | None = None, **kwargs) -> PlotAxes:
        """Equal-unit axes over ``domain`` that fit ``box`` (default: the plot box) with room for labels."""
        box = box or self.plot_box
        label_room = 0.45  # tick numbers below and left of the plot
        axes = PlotAxes(
            domain,
            max_width=box.width - label_room,
            max_height=box.height - label_room,
            variable_names=variable_names,
            theme=self.theme,
            **kwargs,
        )
        # Labels included, the axes must lie inside the box: a wide axis name shrinks the plot.
        if axes.width > box.width or axes.height > box.height:
            axes.scale(min(box.width / axes.width, box.height / axes.height))
        axes.move_to(box.center)
        return axes
