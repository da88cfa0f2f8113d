"""A hand-computed gradient-descent step as a table: Parameter | Old value | Gradient |
Learning rate | New value, with the new values revealed row by row.

The rows are the core's :class:`~gradanim.core.update_table.UpdateRow` records (exact
fractions: the table shows 2.4, never 2.4000000000000004). Every cell is its own Typst
mobject, laid out on a grid with booktabs-style rules, so a scene can highlight a row,
write the row's arithmetic under the table and move the result into the "New value" cell.

Example::

    table = UpdateTable(CFO_TABLE, labels=['"Intercept" (beta_0)', '"Slope" (beta_1)'])
    self.play(FadeIn(table))
    work = table.computation(0).next_to(table, DOWN)
    self.play(Write(work))
    self.play(table.reveal(0, source=work.result))
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, localcontext
from fractions import Fraction

from manim import (
    LEFT,
    RIGHT,
    AnimationGroup,
    FadeOut,
    Line,
    Rectangle,
    ReplacementTransform,
    TransformFromCopy,
    VGroup,
)

from ..core.update_table import UpdateRow
from .theme import DEFAULT_THEME, Theme
from .typeset import math, number_typst, text_typst

HEADERS = ("Parameter", "Old value", "Gradient", "Learning rate", "New value")


def decimal_text(value: Fraction | float, min_decimals: int = 1) -> str:
    """An exact decimal for a fraction that has one (2.4, -0.3, 2.0); else 3 decimals."""
    value = Fraction(value)
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return number_typst(float(value), 3)
    with localcontext() as ctx:
        ctx.prec = 60
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, decimals = text.partition(".")
    decimals = decimals.ljust(min_decimals, "0")
    return f"{whole}.{decimals}" if decimals else whole


def signed_text(value: Fraction | float) -> str:
    """A decimal in parentheses when negative, for use after an operator: (-4.0)."""
    text = decimal_text(value)
    return f"({text})" if text.startswith("-") else text


def direction_word(row: UpdateRow) -> str:
    """'upward', 'downward' or 'unchanged': the sign of the core's ``row.change``."""
    if row.change > 0:
        return "upward"
    if row.change < 0:
        return "downward"
    return "unchanged"


class Computation(VGroup):
    """``beta_0 = 2.0 - 0.1 dot (-4.0) = 2.4`` typeset once; ``result`` is the glyphs of the
    final number (to move into the table), ``work`` everything before it."""

    def __init__(self, source: str, result_text: str, *, font_size: float, color, theme: Theme):
        super().__init__()
        self.source = source
        line = math(source, font_size=font_size, color=color, theme=theme)
        # One glyph per character of a plain number ("-" is one minus glyph).
        n = len(result_text)
        glyphs = line.submobjects
        self.work = VGroup(*glyphs[:-n])
        self.result = VGroup(*glyphs[-n:])
        self.add(self.work, self.result)


class UpdateTable(VGroup):
    """The update table for ``rows``; ``cells[r][c]`` with row 0 the header.

    Parameters
    ----------
    rows
        The core's update rows (old, gradient, learning rate; ``new`` and ``change``).
    labels
        Typst math for each row's first cell (default: the row's name as math, ``beta_0``).
    headers
        The five column titles (plain words).
    unknown
        What the "New value" cells show before ``reveal`` (the lesson's "?").
    font_size, header_size, pad_x, pad_y, theme
        Look.

    Attributes
    ----------
    placeholders, values
        The "?" cells (in the table) and the typeset new values (placed, not yet added).
    rules
        The horizontal rules (top, under the header, between rows, bottom).
    """

    def __init__(
        self,
        rows: Sequence[UpdateRow],
        *,
        labels: Sequence[str] | None = None,
        headers: Sequence[str] = HEADERS,
        unknown: str = "?",
        font_size: float | None = None,
        header_size: float | None = None,
        pad_x: float = 0.3,
        pad_y: float = 0.2,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if len(headers) != 5:
            raise ValueError("an update table has five columns")
        self.rows = list(rows)
        self.theme = theme
        self.font_size = font_size or theme.body_size
        labels = list(labels) if labels is not None else [r.name for r in self.rows]
        header_cells = [
            math(text_typst(h), font_size=header_size or theme.label_size, color=theme.muted_text, theme=theme) for h in headers
        ]
        body = []
        for row, label in zip(self.rows, labels):
            body.append(
                [
                    math(label, font_size=self.font_size, theme=theme),
                    math(decimal_text(row.old), font_size=self.font_size, theme=theme),
                    math(decimal_text(row.gradient), font_size=self.font_size, theme=theme),
                    math(decimal_text(row.learning_rate), font_size=self.font_size, theme=theme),
                    math(unknown, font_size=self.font_size, color=theme.highlight, theme=theme),
                ]
            )
        self.cells = [header_cells, *body]
        widths = [max(r[c].width for r in self.cells) + 2 * pad_x for c in range(5)]
        heights = [max(m.height for m in r) + 2 * pad_y for r in self.cells]
        # A common height for the body rows keeps the table even.
        body_height = max(heights[1:], default=heights[0])
        heights = [heights[0]] + [body_height] * (len(self.cells) - 1)
        self.column_widths, self.row_heights = widths, heights
        total_width, total_height = sum(widths), sum(heights)
        self.column_lefts = [-total_width / 2 + sum(widths[:c]) for c in range(5)]
        self.row_tops = [total_height / 2 - sum(heights[:r]) for r in range(len(self.cells))]
        for r, row_cells in enumerate(self.cells):
            for c, cell in enumerate(row_cells):
                self._place(cell, r, c)
        self.values = VGroup()
        for i, row in enumerate(self.rows):
            value = math(decimal_text(row.new), font_size=self.font_size, color=theme.highlight, theme=theme)
            self._place(value, i + 1, 4)
            self.values.add(value)
        self.placeholders = VGroup(*(r[4] for r in body))
        self.rules = VGroup()
        left, right = -total_width / 2, total_width / 2
        for r in range(len(self.cells) + 1):
            y = total_height / 2 - sum(heights[:r])
            strong = r in (0, 1, len(self.cells))
            self.rules.add(
                Line([left, y, 0], [right, y, 0], color=theme.text if strong else theme.grid,
                     stroke_width=2.0 if strong else 1.2)
            )
        self._built_width = self.rules[0].width
        self._value_scale = [1.0] * len(self.rows)
        self.add(self.rules, *(VGroup(*r) for r in self.cells))

    def _place(self, mobject, r: int, c: int) -> None:
        y = self.row_tops[r] - self.row_heights[r] / 2
        if c == 0:  # the parameter names read best left-aligned
            mobject.move_to([self.column_lefts[0], y, 0], aligned_edge=LEFT).shift(RIGHT * 0.3)
        else:
            mobject.move_to([self.column_lefts[c] + self.column_widths[c] / 2, y, 0])

    # --- pieces a scene animates ----------------------------------------------------------

    def cell(self, row: int, column: int):
        """The cell of body row ``row`` (0-based, header excluded) and ``column``; after
        ``reveal`` the new-value cell is the value."""
        return self.cells[row + 1][column]

    def row_box(self, i: int, *, color=None, opacity: float = 0.18) -> Rectangle:
        """A translucent band behind body row i (placed where the table is now)."""
        height = self.row_heights[i + 1]
        band = Rectangle(
            width=self.rules[0].width, height=height, stroke_width=0,
            fill_color=color or self.theme.highlight, fill_opacity=opacity,
        )
        # rules[i + 1] is the rule on top of body row i.
        band.move_to([self.rules[0].get_x(), self.rules[i + 1].get_y() - height / 2, 0])
        return band

    def computation(self, i: int, *, font_size: float | None = None, color=None) -> Computation:
        """Row i's arithmetic, ``name = old - rate dot gradient = new``, as one line."""
        row = self.rows[i]
        sign = "+" if row.maximize else "-"
        new = decimal_text(row.new)
        source = (
            f"{row.name} = {decimal_text(row.old)} {sign} {decimal_text(row.learning_rate)} dot "
            f"{signed_text(row.gradient)} = {new}"
        )
        return Computation(source, new, font_size=font_size or self.font_size, color=color or self.theme.text, theme=self.theme)

    def reveal(self, i: int, *, source=None) -> AnimationGroup:
        """The "?" of row i becomes the new value (flying in from ``source``, e.g. a
        computation's ``result``, when given). The value is not added to this group: reveal
        after placing the table."""
        placeholder, value = self.placeholders[i], self.values[i]
        # The table may have been moved or scaled since it was built: size and place the
        # value in its cell now (centred between the rules around row i).
        value.scale(self.rules[0].width / self._built_width / self._value_scale[i])
        self._value_scale[i] = self.rules[0].width / self._built_width
        value.move_to([placeholder.get_x(), (self.rules[i + 1].get_y() + self.rules[i + 2].get_y()) / 2, 0])
        self.cells[i + 1][4] = value
        if source is None:
            return AnimationGroup(ReplacementTransform(placeholder, value))
        return AnimationGroup(FadeOut(placeholder, scale=0.5), TransformFromCopy(source, value))

    def direction(self, i: int) -> str:
        return direction_word(self.rows[i])


__all__ = ["HEADERS", "Computation", "UpdateTable", "decimal_text", "direction_word", "signed_text"]
