"""Many variables without a many-dimensional plot: a gradient as signed bars, amounts as columns.

A function of three (or thirty) variables has no picture, but its gradient is just a list of
partial derivatives, and a list draws well as bars: one row per variable, a bar to the
right of zero for a positive partial (more of this variable helps), to the left for a
negative one, coloured by sign. :class:`AllocationBars` draws the variables' current values
as columns and animates one optimiser step (the core's step, e.g. ``Trajectory.steps[0]``).

Example::

    g = objective.gradient(point)
    bars = GradientBars(g, ["Math", "English", "Science"], notes=["burnout", "over-studying", "shift time here"])
    hours = AllocationBars(point, ["Math", "English", "Science"], value_range=(0, 14, 2))
    self.play(hours.change_to(trajectory.points[1]))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Line,
    Rectangle,
    Transform,
    UpdateFromAlphaFunc,
    VGroup,
)

from .glyph_number import GlyphNumber
from .theme import DEFAULT_THEME, Theme
from .typeset import math, number_typst, text_typst


def _signed(value: float, digits: int) -> str:
    """A number with its sign always shown (+0.017, -0.042) as Typst math."""
    text = number_typst(float(value), digits)
    return text if text.startswith("-") or text == "0" else f"+{text}"


class GradientBars(VGroup):
    """One row per variable: name, a signed bar from a shared zero line, the value, a note.

    Parameters
    ----------
    values
        The partial derivatives (from the core), one per variable.
    names
        Row labels (plain words, e.g. subjects).
    notes
        Optional interpretation per row (plain words), drawn in the bar's colour.
    bar_length
        Scene length of the largest bar; the others are to scale.
    bar_height, row_gap
        Bar thickness and space between rows (scene units).
    positive_color, negative_color
        Bar colours by sign (default: the theme's minimum green and maximum red).

    Attributes: ``values``, ``zero_x`` (the zero line's scene x), ``unit`` (scene length per
    unit of value), ``rows``, ``bars``, ``name_labels``, ``value_labels``, ``note_labels``.
    """

    def __init__(
        self,
        values: Sequence[float],
        names: Sequence[str],
        *,
        notes: Sequence[str | None] | None = None,
        bar_length: float = 1.6,
        bar_height: float = 0.34,
        row_gap: float = 0.32,
        digits: int = 3,
        positive_color=None,
        negative_color=None,
        font_size: float | None = None,
        note_size: float | None = None,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.values = np.asarray(values, dtype=float)
        if len(names) != len(self.values):
            raise ValueError(f"{len(self.values)} values but {len(names)} names")
        self.theme = theme
        self.positive_color = positive_color or theme.minimum
        self.negative_color = negative_color or theme.maximum
        font_size = font_size or theme.label_size
        note_size = note_size or theme.small_size
        largest = float(np.max(np.abs(self.values))) or 1.0
        self.unit = bar_length / largest

        self.name_labels = VGroup(*(math(text_typst(n), font_size=font_size, theme=theme) for n in names))
        self.value_labels = VGroup(*(
            math(_signed(v, digits), font_size=font_size, color=self.color_of(v), theme=theme) for v in self.values
        ))
        # Columns: names | values of negative bars | negative bars | zero | positive bars | values | notes
        gap = 0.15
        neg = float(max(0.0, -self.values.min())) * self.unit
        pos = float(max(0.0, self.values.max())) * self.unit
        label_w = max(lab.width for lab in self.value_labels)
        names_right = -neg - (label_w + gap if neg > 0 else 0) - gap
        self.zero_x = 0.0
        step = bar_height + row_gap
        self.bars = VGroup()
        self.rows = VGroup()
        for i, (value, name, label) in enumerate(zip(self.values, self.name_labels, self.value_labels)):
            y = -i * step
            length = abs(value) * self.unit
            bar = Rectangle(width=max(length, 1e-4), height=bar_height, stroke_width=0,
                            fill_color=self.color_of(value), fill_opacity=0.9)
            bar.move_to(np.array([np.sign(value) * length / 2, y, 0.0]))
            name.move_to(np.array([names_right, y, 0.0]), aligned_edge=RIGHT)
            if value >= 0:
                label.next_to(np.array([length, y, 0.0]), RIGHT, buff=gap)
            else:
                label.next_to(np.array([-length, y, 0.0]), LEFT, buff=gap)
            self.bars.add(bar)
            self.rows.add(VGroup(name, bar, label))
        top, bottom = bar_height / 2 + 0.12, -(len(self.values) - 1) * step - bar_height / 2 - 0.12
        self.zero_line = Line([0, top, 0], [0, bottom, 0], stroke_color=theme.axis, stroke_width=theme.axis_stroke)
        self.note_labels = VGroup()
        if notes is not None:
            notes_left = pos + label_w + 2.5 * gap
            for i, (note, value) in enumerate(zip(notes, self.values)):
                if not note:
                    continue
                text = math(text_typst(note), font_size=note_size, color=self.color_of(value), theme=theme)
                text.move_to(np.array([notes_left, -i * step, 0.0]), aligned_edge=LEFT)
                self.note_labels.add(text)
                self.rows[i].add(text)
        self.add(self.zero_line, *self.rows)

    def color_of(self, value: float):
        return self.positive_color if value >= 0 else self.negative_color

    def bar_value(self, i: int) -> float:
        """The value bar i shows, read back from its drawn geometry (for tests)."""
        bar = self.bars[i]
        zero = self.zero_line.get_center()[0]
        left, right = bar.get_left()[0] - zero, bar.get_right()[0] - zero
        return (right if abs(right) >= abs(left) else left) / self.unit


class AllocationBars(VGroup):
    """Columns of amounts (e.g. hours per week per subject) on a value axis.

    Parameters
    ----------
    values
        The amounts (from the core: a point, e.g. a trajectory's start).
    names
        Column labels (plain words).
    value_range
        ``(low, high, tick step)`` of the value axis.
    height, column_width, column_gap
        Scene sizes.
    unit_label
        Plain words for the axis (e.g. ``"hours/week"``).

    Attributes: ``values``, ``axis``, ``columns``, ``name_labels``, ``value_labels``.
    ``top(i)`` is the scene point at the top of column i; ``change_to(values)`` animates the
    columns (and their labels) to new amounts; ``step_arrows(new_values)`` draws the change.
    """

    def __init__(
        self,
        values: Sequence[float],
        names: Sequence[str],
        *,
        value_range: tuple[float, float, float] = (0.0, 14.0, 2.0),
        height: float = 4.5,
        column_width: float = 0.9,
        column_gap: float = 0.8,
        digits: int = 2,
        unit_label: str | None = None,
        color=None,
        font_size: float | None = None,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.values = np.asarray(values, dtype=float)
        self.theme = theme
        self.digits = digits
        self.color = color or theme.field
        self.font_size_ = font_size or theme.label_size
        low, high, tick = value_range
        self.low, self.high = float(low), float(high)
        self.scale_ = height / (self.high - self.low)
        self.column_width = column_width
        n = len(self.values)
        width = n * column_width + (n + 1) * column_gap
        self.xs = np.array([column_gap + column_width / 2 + i * (column_width + column_gap) for i in range(n)])
        self.axis = VGroup(
            Line([0, 0, 0], [0, height, 0]),
            Line([0, 0, 0], [width, 0, 0]),
        ).set_stroke(theme.axis, width=theme.axis_stroke)
        self.ticks = VGroup()
        for v in np.arange(self.low, self.high + tick * 1e-9, tick):
            y = self.y_of(v)
            label = math(number_typst(float(v), 2), font_size=theme.small_size, color=theme.muted_text, theme=theme)
            label.skim = True  # tick numbers: looked up, not read
            label.next_to(np.array([0, y, 0]), LEFT, buff=0.12)
            grid = Line([0, y, 0], [width, y, 0], stroke_color=theme.grid, stroke_width=1)
            self.ticks.add(VGroup(grid, label))
        self.unit_label = VGroup()
        if unit_label:
            self.unit_label = math(text_typst(unit_label), font_size=theme.small_size, color=theme.muted_text, theme=theme)
            self.unit_label.next_to(np.array([0, height, 0]), UP, buff=0.2).align_to(np.zeros(3), LEFT)
        self.columns = VGroup(*(self._column(i, v) for i, v in enumerate(self.values)))
        self.name_labels = VGroup()
        for x, name in zip(self.xs, names):
            label = math(text_typst(name), font_size=self.font_size_, theme=theme)
            label.next_to(np.array([x, 0, 0]), DOWN, buff=0.18)
            self.name_labels.add(label)
        self.value_labels = VGroup(*(self._value_label(i, v) for i, v in enumerate(self.values)))
        self.add(self.ticks, self.axis, self.unit_label, self.columns, self.name_labels, self.value_labels)

    def y_of(self, value: float) -> float:
        return (float(value) - self.low) * self.scale_

    def top(self, i: int, value: float | None = None) -> np.ndarray:
        """Scene point at the top of column i (at ``value``, default its current amount),
        in this group's current position."""
        value = self.values[i] if value is None else value
        origin = self.axis[0].get_start()
        return origin + np.array([self.xs[i], self.y_of(value), 0.0])

    def _column(self, i: int, value: float) -> Rectangle:
        h = max(self.y_of(value), 1e-4)
        rect = Rectangle(width=self.column_width, height=h, stroke_width=0, fill_color=self.color, fill_opacity=0.75)
        origin = self.axis[0].get_start() if len(self.submobjects) else np.zeros(3)
        rect.move_to(origin + np.array([self.xs[i], h / 2, 0.0]))
        return rect

    def _value_label(self, i: int, value: float) -> GlyphNumber:
        label = GlyphNumber(float(value), digits=self.digits, font_size=self.font_size_, color=self.theme.text)
        return self._place_value_label(label, i, value)

    def _place_value_label(self, label: GlyphNumber, i: int, value: float) -> GlyphNumber:
        origin = self.axis[0].get_start() if len(self.submobjects) else np.zeros(3)
        label.next_to(origin + np.array([self.xs[i], self.y_of(value), 0.0]), UP, buff=0.12)
        return label

    def step_arrows(self, new_values: Sequence[float], *, positive_color=None, negative_color=None) -> VGroup:
        """Arrows from each column's top to its new top (the change), coloured by sign."""
        arrows = VGroup()
        for i, (old, new) in enumerate(zip(self.values, new_values)):
            color = (positive_color or self.theme.minimum) if new >= old else (negative_color or self.theme.maximum)
            start, end = self.top(i, old), self.top(i, new)
            offset = np.array([self.column_width / 2 + 0.22, 0, 0])
            arrows.add(Arrow(start + offset, end + offset, buff=0, color=color, stroke_width=self.theme.arrow_stroke,
                             max_tip_length_to_length_ratio=0.45, max_stroke_width_to_length_ratio=12))
        return arrows

    def change_to(self, new_values: Sequence[float], **kwargs) -> AnimationGroup:
        """Columns move to ``new_values`` (the core's next point); each value label rides
        on its column's top and counts from the old amount to the new one."""
        new_values = np.asarray(new_values, dtype=float)
        animations = []
        for i, (old, new) in enumerate(zip(self.values, new_values)):
            animations.append(Transform(self.columns[i], self._column(i, new)))
            animations.append(UpdateFromAlphaFunc(self.value_labels[i], self._counter(i, float(old), float(new))))
        self.values = new_values
        return AnimationGroup(*animations, **kwargs)

    def _counter(self, i: int, old: float, new: float):
        def count(label: GlyphNumber, alpha: float) -> None:
            value = new if alpha >= 1 else old + (new - old) * alpha
            self._place_value_label(label.set_value(value), i, value)
        return count


__all__ = ["AllocationBars", "GradientBars"]
