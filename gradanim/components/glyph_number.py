"""Numbers that change every step, without recompiling Typst every step.

Typesetting a readout with manim's ``MathTypst`` means a compile and an SVG parse, and even
:class:`~gradanim.components.typst_import.TypstMath` compiles: too much for numbers that
change every frame. ``GlyphNumber`` typesets the glyphs ``0-9 . , ( ) -`` once per font size (with
Typst, so they match the surrounding math exactly) and lays numbers out from copies, the
way manim's ``DecimalNumber`` does with LaTeX. Scientific notation gets a raised,
smaller exponent: ``7.57 x 10^-10``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from math import isfinite

import numpy as np
from manim import VGroup, VMobject

from .typst_import import TypstMath

GLYPHS = "0123456789.,()-×"
SUPERSCRIPT_SCALE = 0.7


def number_parts(value: float, digits: int = 3) -> tuple[str, int | None]:
    """``(mantissa, exponent)``: fixed with ``digits`` decimals (trailing zeros dropped), or
    scientific when the fixed form would show no significant digit (0.0004 with 2 decimals)
    or the value is 1e5 or more."""
    if value == 0:
        return "0", None
    magnitude = abs(value)
    if 10.0 ** (-digits) <= magnitude < 1e5:
        text = f"{value:.{max(digits, 0)}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text, None
    mantissa, exponent = f"{value:.{max(digits - 1, 1)}e}".split("e")
    return mantissa, int(exponent)


def fixed_text(value: float, digits: int) -> str:
    """``value`` in fixed point with exactly ``digits`` decimals, never ``-0``: for a number
    that sweeps through zero or counts steps, where a switch to scientific form would jump."""
    text = f"{value:.{max(digits, 0)}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


@lru_cache(maxsize=16)
def _glyph_set(font_size: float) -> tuple[dict[str, VMobject], dict[str, float], float]:
    """Templates (left edge at x=0, digit baseline at y=0), advances, digit height."""
    reference = TypstMath("0123456789.,()- times", font_size=font_size)
    glyphs = list(reference.submobjects)
    if len(glyphs) != len(GLYPHS):  # pragma: no cover - a Typst layout change
        raise RuntimeError(f"expected {len(GLYPHS)} glyphs from Typst, got {len(glyphs)}")
    baseline = glyphs[1].get_bottom()[1]  # '1' has a flat foot on the baseline
    digit_advance = (glyphs[9].get_center()[0] - glyphs[0].get_center()[0]) / 9
    templates, advances = {}, {}
    for char, glyph in zip(GLYPHS, glyphs):
        template = glyph.copy()
        template.shift([-glyph.get_left()[0], -baseline, 0])
        if char.isdigit():
            # Tabular digits: centre each in a cell of one digit advance.
            template.shift([(digit_advance - glyph.width) / 2, 0, 0])
            advances[char] = digit_advance
        else:
            bearing = {".": 0.12, ",": 0.12, "(": 0.15, ")": 0.15, "-": 0.2, "×": 0.6}[char] * digit_advance
            template.shift([bearing, 0, 0])
            advances[char] = glyph.width + bearing * (2 if char != "," else 4.5)
        templates[char] = template
    return templates, advances, glyphs[1].height


def text_parts(value, digits: int = 3, fixed: bool = False) -> list[tuple[str, bool]]:
    """The characters that show ``value`` (a number or a tuple of numbers), each with
    ``True`` when it is a superscript (the exponent of scientific notation)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        parts: list[tuple[str, bool]] = [("(", False)]
        for i, v in enumerate(value):
            if i:
                parts.append((",", False))
            parts += text_parts(float(v), digits, fixed)
        return parts + [(")", False)]
    value = float(value)
    if not isfinite(value):
        raise ValueError("GlyphNumber shows finite numbers only")
    if fixed:
        return [(c, False) for c in fixed_text(value, digits)]
    mantissa, exponent = number_parts(value, digits)
    parts = [(c, False) for c in mantissa]
    if exponent is not None:
        parts += [("×", False), ("1", False), ("0", False)] + [(c, True) for c in str(exponent)]
    return parts


def glyph_layout(value, *, digits: int = 3, fixed: bool = False, font_size: float = 30) -> list[tuple[VMobject, np.ndarray]]:
    """Each glyph of ``value`` as ``(template, points)``: the cached template (for its style)
    and its outline's points with the baseline's left end at the origin. Nothing is copied,
    so a readout can reshape its own mobjects from this every frame."""
    templates, advances, digit_height = _glyph_set(font_size)
    placed = []
    pen = 0.0
    for char, superscript in text_parts(value, digits, fixed):
        template = templates[char]
        if superscript:
            points = template.points * SUPERSCRIPT_SCALE + [pen, 0.52 * digit_height, 0]
            pen += advances[char] * SUPERSCRIPT_SCALE
        else:
            points = template.points + [pen, 0, 0]
            pen += advances[char]
        placed.append((template, points))
    return placed


class GlyphNumber(VGroup):
    """A number (or tuple of numbers) laid out from cached Typst glyphs.

    The left end of the digit baseline is at the mobject's ``anchor`` (``[0, 0, 0]`` until
    moved); ``set_value`` re-lays glyphs in place in a few milliseconds. With ``fixed``
    the number always has exactly ``digits`` decimals (:func:`fixed_text`); otherwise it
    follows :func:`number_parts`.
    """

    def __init__(self, value: float | Sequence[float] = 0.0, *, digits: int = 3, fixed: bool = False,
                 font_size: float = 30, color=None, **kwargs):
        super().__init__(**kwargs)
        self.digits = digits
        self.fixed = fixed
        self.font_size_ = font_size
        self.color_ = color
        self.anchor = np.zeros(3)
        self.set_value(value)

    def text_parts(self, value) -> list[tuple[str, bool]]:
        """The characters to draw, each with ``True`` when it is a superscript."""
        return text_parts(value, self.digits, self.fixed)

    def layout(self, value) -> list[tuple[VMobject, np.ndarray]]:
        """:func:`glyph_layout` of ``value`` with this number's settings."""
        return glyph_layout(value, digits=self.digits, fixed=self.fixed, font_size=self.font_size_)

    def set_value(self, value) -> GlyphNumber:
        """Show ``value`` with the glyph mobjects already here (more are added when the
        value is longer, spare ones emptied): a number changing during an animation never
        leaves a copy of an earlier value on screen."""
        self.value = value
        placed = self.layout(value)
        while len(self.submobjects) < len(placed):
            self.add(VMobject())
        for glyph, (template, points) in zip(self.submobjects, placed):
            glyph.set_points(points + self.anchor)
            glyph.match_style(template)
            if self.color_ is not None:
                glyph.set_color(self.color_)
        for glyph in self.submobjects[len(placed):]:
            glyph.clear_points()
        return self

    @property
    def shown_glyphs(self) -> list[VMobject]:
        """The glyphs that show the value (spare slots left out)."""
        return [glyph for glyph in self.submobjects if glyph.has_points()]

    def move_anchor_to(self, point) -> GlyphNumber:
        """Put the left end of the baseline at ``point``."""
        shift = np.asarray(point, dtype=float) - self.anchor
        self.anchor = self.anchor + shift
        for glyph in self.submobjects:
            glyph.shift(shift)
        return self
