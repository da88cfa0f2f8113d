"""Typeset math without TeX: sympy prints LaTeX, tex2typst turns it into Typst, Typst
typesets it (:class:`~gradanim.components.typst_import.TypstMath`, the glyphs manim's
``MathTypst`` would draw, made faster).

>>> latex_to_typst(r"\\frac{x^{2} y}{2}")
'(x^2 y)/2'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from math import isfinite

import sympy
import numpy as np
from sympy.printing.latex import LatexPrinter
from manim import DOWN, LEFT, ORIGIN, RIGHT, VectorizedPoint, VGroup, VMobject

from .glyph_number import _glyph_set, glyph_layout, number_parts, text_parts
from tex2typst import tex2typst

from .theme import DEFAULT_THEME, Theme
from .typst_import import TypstMath


def latex_to_typst(latex: str) -> str:
    """Typst math source for a LaTeX math string (as sympy prints it)."""
    return tex2typst(latex)


def expr_to_typst(expr: sympy.Expr, *, as_written: bool = False) -> str:
    """Typst math for a sympy expression; multi-letter names upright (``price``), as in
    :func:`name_typst`. ``as_written``: terms in the expression's own order (a formula as
    the lesson wrote it, see ``ParsedFormula.written``) instead of sympy's."""
    words = {}
    for symbol in expr.free_symbols:
        head, digits = _name_parts(symbol.name) if isinstance(symbol, sympy.Symbol) else ("", "")
        if _is_word(head):  # as name_typst shows it: "price", "price"_2
            words[symbol] = rf"\text{{{head}}}" + (f"_{{{digits}}}" if digits else "")
    printer = _SlidePrinter({"order": "none" if as_written else None, "symbol_names": words})
    return latex_to_typst(printer.doprint(expr))


class _SlidePrinter(LatexPrinter):
    """sympy's LaTeX, except that e to an exponent which has scripts or fractions of its own
    is written ``exp(...)``: as ``e^(...)`` those would be scripts of a script, half the
    text's size (unreadable on a slide; see :mod:`gradanim.components.legibility`)."""

    def _print_ExpBase(self, expr, exp=None):
        argument = self._print(expr.args[0])
        if any(mark in argument for mark in ("^", "_", "\\frac")):
            return self._do_exponent(r"\exp{\left(%s \right)}" % argument, exp)
        return super()._print_ExpBase(expr, exp)


def vector_typst(entries: Sequence[str]) -> str:
    """A column vector ``vec(a, b)`` of Typst math entries."""
    return f"vec({', '.join(entries)})"


def matrix_typst(rows: Sequence[Sequence[str]]) -> str:
    """A bracketed matrix of Typst math entries."""
    body = "; ".join(", ".join(row) for row in rows)
    return f'mat(delim: "[", {body})'


def text_typst(text: str) -> str:
    """Plain words as a Typst string literal (``"Too small"``): upright text in math, shown
    as written; backslashes and quotes are escaped, so no text can break the source."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _name_parts(name: str) -> tuple[str, str]:
    """A variable name's letters and its trailing digits: ``b0`` -> ``("b", "0")``."""
    head = name.rstrip("0123456789")
    return head, name[len(head):]


def _is_word(head: str) -> bool:
    """Whether a name's letters are shown as an upright word (``price``), not a symbol."""
    return len(head) > 1 and head not in _GREEK


def name_typst(name: str) -> str:
    """A variable name as Typst math: ``b0`` -> ``b_0``, ``alpha`` stays a Greek letter."""
    head, digits = _name_parts(name)
    if _is_word(head):
        head = text_typst(head)  # an upright word, e.g. "price"
    if not head:
        return name
    return f"{head}_{digits}" if digits else head


_GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
    "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega",
}


def number_typst(value: float, digits: int = 3) -> str:
    """A readable number in Typst math: ``digits`` decimals, scientific when huge or tiny.

    A value that would round to zero (or lose all but one significant digit) is shown in
    scientific notation instead, so a small nonzero number never reads as 0.
    """
    if value is None or not isfinite(value):
        return '"undefined"'
    mantissa, exponent = number_parts(value, digits)
    return mantissa if exponent is None else f"{mantissa} times 10^({exponent})"


def point_typst(point, digits: int = 3) -> str:
    """``(2, 3)``: a point's coordinates in Typst math, each as :func:`number_typst` writes it."""
    return "(" + ", ".join(number_typst(float(v), digits) for v in point) + ")"


def math(typst_source: str, *, font_size: float | None = None, color=None, theme: Theme = DEFAULT_THEME) -> TypstMath:
    """Display math from Typst source, in the theme's text colour and body size.

    Each result is a fresh mobject; the same source at the same size and colour is parsed
    once per process (see :func:`_typeset`).
    """
    return _typeset(typst_source, float(font_size or theme.body_size), str(color or theme.text)).copy()


@lru_cache(maxsize=512)
def _typeset(typst_source: str, font_size: float, color: str) -> TypstMath:
    return TypstMath(typst_source, font_size=font_size, color=color)


_UNIT = 0.01


class Readout(VGroup):
    """``label = value`` whose value changes (a step counter, a live f value, a point).

    The label is typeset once by Typst; numbers (ints, floats, tuples of floats) are laid
    out from cached Typst glyphs (:class:`GlyphNumber`), so ``set_value`` costs milliseconds
    and can run every frame (in an updater) as well as between animations. A ``str`` value
    is Typst math, typeset each time.

    The value's glyphs live in a fixed pool of mobjects that are updated in place, so a
    value changed during an animation never leaves a stale copy on screen. The number's
    position is carried by an invisible anchor point inside the group, so a readout can be
    moved, arranged or scaled like any mobject.

    ``fixed=True`` shows numbers with exactly ``digits`` decimals (a value sweeping through
    zero, an angle, a step count), never switching to scientific form; ``suffix_typst`` is
    Typst math that follows the number (a unit such as ``degree``). ``text`` is what is shown
    (``"-0.35"``, ``"7.57×10-10"``; the Typst source for a ``str`` value).

    Example::

        theta = Readout("theta", 0, digits=0, fixed=True, suffix_typst="degree")
        self.play(UpdateFromAlphaFunc(theta, lambda m, a: m.set_value(360 * a)), run_time=4)
    """

    POOL = 28  # glyph slots; a longer value grows the pool (do that between animations)

    def __init__(
        self,
        label_typst: str,
        value: float | int | str | tuple = 0,
        *,
        digits: int = 3,
        fixed: bool = False,
        suffix_typst: str = "",
        font_size: float | None = None,
        color=None,
        max_width: float | None = None,
        theme: Theme = DEFAULT_THEME,
    ):
        super().__init__()
        self.fixed = fixed
        self.max_width = max_width
        self.label_typst = label_typst
        self.digits = digits
        self.font_size_ = font_size or theme.body_size
        self.color_ = color or theme.text
        self.theme = theme
        # Typeset "label = 0" once: the 0 marks where numbers start, on the right baseline.
        line = math(f"{label_typst} = 0", font_size=self.font_size_, color=self.color_, theme=theme)
        probe = line.submobjects[-1]
        self.label = VGroup(*line.submobjects[:-1])
        overshoot = _glyph_set(self.font_size_)[0]["0"].get_bottom()[1]
        start = np.array([probe.get_left()[0], probe.get_bottom()[1] - overshoot, 0.0])
        # Two invisible points: where the baseline starts, and a hair to its right (their
        # distance tells the current scale; both lie inside the number's own box).
        self.anchor = VectorizedPoint(start)
        self.unit = VectorizedPoint(start + _UNIT * RIGHT)
        self.value_mobject = VGroup(*(VMobject() for _ in range(self.POOL)))
        self.suffix = VGroup()
        if suffix_typst:
            # Where the suffix sits relative to the right end of a number's baseline.
            sample = math(f"0 {suffix_typst}", font_size=self.font_size_, color=self.color_, theme=theme)
            zero = sample.submobjects[0]
            self.suffix = VGroup(*sample.submobjects[1:])
            self._suffix_offset = self.suffix.get_center() - np.array(
                [zero.get_right()[0], zero.get_bottom()[1] - overshoot, 0.0]
            )
        self.add(self.label, self.value_mobject, self.suffix, self.anchor, self.unit)
        self.set_value(value)

    def _glyphs(self, value) -> list[tuple[VMobject, np.ndarray, bool]]:
        """The value's glyphs as ``(style source, points, recolour)``, the baseline's start
        at the origin, at font size."""
        if isinstance(value, str):
            self.text = value
            mob = math(value, font_size=self.font_size_, color=self.color_, theme=self.theme)
            mob.move_to(ORIGIN, aligned_edge=LEFT + DOWN)
            return [(m, m.points, False) for m in mob.family_members_with_points()]
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            value, digits = int(value), 0
        elif isinstance(value, (tuple, list, np.ndarray)):
            digits = self.digits
        else:
            value, digits = float(value), self.digits
            if not isfinite(value):
                return self._glyphs('"undefined"')
        self.text = "".join(char for char, _ in text_parts(value, digits, self.fixed))
        placed = glyph_layout(value, digits=digits, fixed=self.fixed, font_size=self.font_size_)
        return [(template, points, True) for template, points in placed]

    def set_value(self, value) -> Readout:
        """Show ``value``: a number, a tuple of numbers, or Typst math (str)."""
        self.value = value
        origin = self.anchor.get_center()
        scale = float(np.linalg.norm(self.unit.get_center() - origin)) / _UNIT
        glyphs = self._glyphs(value)
        slots = self.value_mobject.submobjects
        while len(slots) < len(glyphs):
            slots.append(VMobject())
        right = origin[0]
        for slot, (source, points, recolour) in zip(slots, glyphs):
            placed = points * scale + origin
            slot.set_points(placed)
            if isinstance(value, str):  # typeset afresh: its glyphs are new mobjects each time
                slot.match_style(source)
            else:
                _copy_style(slot, self._template_style(source, recolour))
            # the right edge of the glyph's anchors, as get_right() finds it
            right = max(right, placed[0::4, 0].max(), placed[3::4, 0].max())
        for slot in slots[len(glyphs):]:
            slot.clear_points()
        if len(self.suffix):
            self.suffix.move_to(np.array([right, origin[1], 0.0]) + scale * self._suffix_offset)
        if self.max_width and self.width > self.max_width:
            self.scale(self.max_width / self.width, about_point=self.get_left())
        return self

    def _template_style(self, source: VMobject, recolour: bool) -> dict:
        """The style a slot takes from a glyph template: ``match_style`` and, for numbers,
        the readout's colour. Worked out once per template (this runs every frame)."""
        key = (id(source), recolour, str(self.color_))
        entry = _TEMPLATE_STYLES.get(key)
        if entry is None or entry[0] is not source:
            scratch = VMobject()
            scratch.match_style(source)
            if recolour:
                scratch.set_color(self.color_)
            if len(_TEMPLATE_STYLES) > 4096:
                _TEMPLATE_STYLES.clear()
            # the entry holds its template, so its id is not reused while it is kept
            entry = _TEMPLATE_STYLES[key] = (source, {name: getattr(scratch, name) for name in _STYLE})
        return entry[1]

    # --- what it claims (see gradanim.components.claims) ---------------------------------

    def about(self, subject, quantity: str) -> Readout:
        """Declare what this readout shows: the ``quantity`` of ``subject`` (a run's
        ``"value"``, a direction's ``"slope"``...). A readout may show several (a shared
        step counter is every run's ``"clock"``). Returns the readout."""
        self.bindings = [*getattr(self, "bindings", []), (subject, quantity)]
        return self

    def claims(self) -> list | None:
        """What the readout says now, one claim per binding; None when it was never bound."""
        from .claims import Claim

        bindings = getattr(self, "bindings", None)
        if bindings is None:
            return None
        value = self.value
        if isinstance(value, str):  # Typst ("undefined"): says no number
            return []
        digits = 0 if isinstance(value, (int, np.integer)) else self.digits
        return [Claim(subject, quantity, value, digits, self.fixed) for subject, quantity in bindings]

    @property
    def shown_glyphs(self) -> list[VMobject]:
        """The glyph slots currently drawing the value."""
        return [slot for slot in self.value_mobject.submobjects if slot.has_points()]


# What VMobject.match_style and set_color change on a mobject without submobjects.
_STYLE = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas", "stroke_width", "background_stroke_width",
          "fill_opacity", "stroke_opacity", "background_stroke_color", "background_stroke_opacity",
          "sheen_factor", "sheen_direction", "background_image")


_TEMPLATE_STYLES: dict = {}  # (id(template), recolour, colour) -> (template, style)


def _copy_style(target: VMobject, style: dict) -> None:
    for name, value in style.items():
        setattr(target, name, value.copy() if isinstance(value, np.ndarray) else value)


def step_counter(label_typst: str = "k", value: int = 0, **kwargs) -> Readout:
    """A :class:`Readout` counting steps: ``k = 12``."""
    return Readout(label_typst, int(value), digits=0, fixed=True, **kwargs)


__all__ = ["point_typst", 
    "Readout", "step_counter", "expr_to_typst", "latex_to_typst", "math", "matrix_typst", "name_typst",
    "number_typst", "text_typst", "vector_typst",
]
