"""A partial derivative worked out on the board: one rule per line, the rule named beside it.

The lines are the core's (:func:`gradanim.core.derivation.derive`: each one checked equal to
the one before, the last to the objective's partial); this module only typesets and places
them. Each line is ``lhs = rhs`` (the first line of a block) or ``= rhs`` (the lines after
it), every ``=`` in one column; the rule a line applies is named to the right, in a column
of its own. The variables held constant are drawn grey wherever they appear, so that the
eye sees what the derivative treats as a number. A block of numbers can follow (the result
at a point: substitute, then work out; the data of a regression put in).

A line appears as a teacher writes it: the glyphs it shares with the line above slide down
into place (``TransformMatchingShapes``) while the rest fade in, and its rule label slides
in beside it. When the lines no longer fit the view's height, the lines shown scroll up and
the oldest fade out above the view.

Example::

    d = derive(Objective.from_text("x^2*y/2"), "x")
    view = DerivationView([derivation_block(d), value_block(d, (2, 3))], height=5)
    view.move_to(box.top_left, aligned_edge=UL)
    for i in range(len(view.lines)):
        view.play_line(self, i)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sympy
from manim import (
    LEFT,
    UP,
    FadeIn,
    FadeOut,
    TransformMatchingShapes,
    VectorizedPoint,
    VGroup,
    Write,
)

from ..core.derivation import Derivation, Rule, Step
from ..core.derivation_latex import line_latex
from .theme import DEFAULT_THEME, Theme
from .typeset import latex_to_typst, math, number_typst, point_typst, text_typst

__all__ = ["Block", "DerivationView", "coloured", "heading", "Line", "derivation_block", "heading_typst", "held_names", "point_typst",
           "value_block"]


@dataclass(frozen=True)
class Line:
    """One line to typeset: ``lhs = rhs`` (``lhs`` empty for a continuation line), the
    rule's label, and the core step it shows."""

    rhs: str  # Typst math
    label: str  # Typst math
    step: Step
    lhs: str = ""


@dataclass(frozen=True)
class Block:
    """Lines under one left-hand side: ``lhs = first``, then ``= next`` ..."""

    lhs: str
    steps: tuple[Step, ...]
    labels: tuple[str, ...]
    held: tuple[sympy.Symbol, ...] = field(default=())

    def lines(self, names: Mapping[sympy.Symbol, str] | None, partial: bool = True) -> list[Line]:
        out = []
        for i, (step, label) in enumerate(zip(self.steps, self.labels)):
            rhs = latex_to_typst(line_latex(step.expr, partial=partial, symbol_names=names))
            out.append(Line(rhs, label, step, self.lhs if i == 0 else ""))
        return out


_GREY = r"\textcolor{gray}"  # tex2typst: #text(fill: gray)[$y$]; the view puts in the theme's grey


def held_names(derivation: Derivation, names: Mapping[sympy.Symbol, str] | None = None
               ) -> dict[sympy.Symbol, str]:
    """LaTeX names for the derivation's symbols with the held-constant ones greyed."""
    out = dict(names or {})
    for symbol in derivation.held:
        inner = out.get(symbol) or sympy.latex(symbol)
        out[symbol] = rf"{_GREY}{{{inner}}}"
    return out


def rule_label(step: Step, held: Sequence[str] = ()) -> str:
    """The rule a step applies, as Typst: ``"power rule"``; the first line names what it
    holds constant (``"hold" y "constant"``, the names in Typst math)."""
    if step.rule is Rule.HOLD:
        if not held:
            return text_typst("one variable: nothing to hold")
        return f'"hold" {", ".join(held)} "constant"'
    return text_typst(step.rule.value)


def derivation_block(
    derivation: Derivation,
    *,
    names: Mapping[sympy.Symbol, str] | None = None,
    labels: Mapping[Rule, str] | None = None,
) -> Block:
    """The derivation's own lines under ``d f / d x``, each labelled with its rule
    (``labels`` replaces the label of a rule: the regression's ``REWRITE`` says what it
    writes). ``names``: LaTeX for symbols (``beta0`` -> ``\\beta_{0}``)."""
    held_typst = [latex_to_typst(held_names(derivation, names)[s]) for s in derivation.held
                  if any(s in step.expr.free_symbols for step in derivation.steps)] or [
        latex_to_typst(held_names(derivation, names)[s]) for s in derivation.held]
    shown = [rule_label(step, held_typst) if step.rule not in (labels or {}) else labels[step.rule]
             for step in derivation.steps]
    lhs = latex_to_typst(derivation.lhs_latex(names))
    return Block(lhs, derivation.steps, tuple(shown), derivation.held)


def heading_typst(derivation: Derivation, names: Mapping[sympy.Symbol, str] | None = None, note: str = "") -> str:
    """``"Change only" x "and hold" y "constant"`` (held names greyed as in the lines, which
    the view colours), then ``note`` (Typst) in brackets."""
    greyed = held_names(derivation, names)
    held = [latex_to_typst(greyed[s]) for s in derivation.held]
    variable = latex_to_typst(line_latex(derivation.variable, symbol_names=names))
    text = f'"Change only" {variable}'
    if held:
        text += f' "and hold" {", ".join(held)} "constant"'
    return text + (f" quad ({note})" if note else "")


def value_block(
    derivation: Derivation,
    point: Sequence[float],
    *,
    names: Mapping[sympy.Symbol, str] | None = None,
    steps: Sequence[Step] | None = None,
    labels: Mapping[Rule, str] | None = None,
) -> Block:
    """The result at ``point``: ``df/dx (2, 3) = 2 . 3`` (substitute) ``= 6`` (arithmetic), the
    core's :meth:`Derivation.at` (or ``steps``, numbers the core worked out otherwise: the
    regression's data put in)."""
    steps = tuple(derivation.at(point) if steps is None else steps)
    variables = [latex_to_typst(line_latex(v, symbol_names=names)) for v in derivation.variables]
    put_in = ", ".join(f"{v} = {number_typst(float(p))}" for v, p in zip(variables, point))
    defaults = {
        Rule.SUBSTITUTE: f'"put in" {put_in}',
        Rule.ARITHMETIC: text_typst("work out the numbers"),
        Rule.APPROXIMATE: text_typst("as a decimal"),
    }
    defaults.update(labels or {})

    def shown_label(step: Step) -> str:
        # Arithmetic the core names step by step ("add up the sum", then "multiply") says so,
        # unless the caller labels the rule itself.
        if step.rule is Rule.ARITHMETIC and step.rule not in (labels or {}) and step.note \
                and step.note != "work out the numbers":
            return text_typst(step.note)
        return defaults.get(step.rule, text_typst(step.rule.value))

    shown = tuple(shown_label(s) for s in steps)
    lhs = f"{latex_to_typst(derivation.lhs_latex(names))} {point_typst(point)}"
    return Block(lhs, steps, shown)


def coloured(source: str, theme: Theme = DEFAULT_THEME) -> str:
    """Typst with the held variables (``#text(fill: gray)``) in the theme's grey."""
    return source.replace("#text(fill: gray)", f'#text(fill: rgb("{theme.muted_text}"))')


def heading(derivation: Derivation, names: Mapping[sympy.Symbol, str] | None = None, note: str = "", *,
            font_size: float | None = None, theme: Theme = DEFAULT_THEME):
    """:func:`heading_typst` typeset, the held variables grey."""
    return math(coloured(heading_typst(derivation, names, note), theme), font_size=font_size or theme.label_size,
                theme=theme)


class DerivationView(VGroup):
    """Blocks of derivation lines, ``=`` signs in one column, rule labels to the right.

    Parameters
    ----------
    blocks
        What to show, top to bottom (:func:`derivation_block`, :func:`value_block`).
    names
        LaTeX for symbols (held-constant ones are greyed by :func:`held_names`).
    height
        The view's height: lines beyond it scroll the view (None: never).
    max_width
        The whole view (labels included) is at most this wide; it shrinks to fit.
    font_size, label_size, line_buff, label_gap
        Look: formula and label sizes, gap between lines, between a line and its label.

    Attributes
    ----------
    lines, labels
        One typeset line and its label per step, in order (``lines[i].step`` is the core's
        step, ``lines[i].source`` its Typst).
    equals
        The ``=`` glyph of each line.
    held_colour
        The colour the held variables are drawn in.
    """

    def __init__(
        self,
        blocks: Sequence[Block],
        *,
        names: Mapping[sympy.Symbol, str] | None = None,
        height: float | None = None,
        max_width: float | None = None,
        font_size: float | None = None,
        label_size: float | None = None,
        line_buff: float = 0.32,
        block_buff: float = 0.55,
        label_gap: float = 0.7,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.theme = theme
        self.held_colour = theme.muted_text
        size = font_size or theme.body_size
        self.specs: list[Line] = []
        starts = []
        for block in blocks:
            starts.append(len(self.specs))
            self.specs += block.lines(names)
        self.block_starts = starts
        self.lines: list[VGroup] = []
        self.equals = []
        for spec in self.specs:
            source = self._coloured(f"{spec.lhs} = {spec.rhs}" if spec.lhs else f"= {spec.rhs}")
            line = math(source, font_size=size, theme=theme)
            line.source = source
            line.step = spec.step
            at = len(math(self._coloured(spec.lhs), font_size=size, theme=theme).submobjects) if spec.lhs else 0
            self.equals.append(line.submobjects[at])
            self.lines.append(line)
        self.labels = [math(self._coloured(spec.label), font_size=label_size or theme.label_size, color=theme.muted_text, theme=theme)
                       for spec in self.specs]
        # Stack: each line below the last, its "=" in the common column.
        column = 0.0
        y = 0.0
        for i, (line, eq) in enumerate(zip(self.lines, self.equals)):
            gap = 0.0 if i == 0 else (block_buff if i in starts else line_buff)
            line.shift([column - eq.get_center()[0], 0, 0])
            line.shift([0, y - gap - line.get_top()[1], 0])
            y = line.get_bottom()[1]
        right = max(line.get_right()[0] for line in self.lines)
        for label, eq in zip(self.labels, self.equals):
            label.move_to([right + label_gap, eq.get_center()[1], 0], aligned_edge=LEFT)
        self.content = VGroup(*self.lines, *self.labels)
        if max_width is not None and self.content.width > max_width:
            self.content.scale(max_width / self.content.width)
        self.view_height = None if height is None else float(height)
        # The view's top and bottom edges, carried along when the view is moved.
        top = self.content.get_top()[1]
        bottom = top - (self.view_height if height is not None else self.content.height)
        self.top_mark = VectorizedPoint([self.content.get_left()[0], top, 0])
        self.bottom_mark = VectorizedPoint([self.content.get_left()[0], bottom, 0])
        self.add(self.content, self.top_mark, self.bottom_mark)
        self.scroll = 0.0  # how far the lines have scrolled up so far
        self.shown: list[int] = []

    def _coloured(self, source: str) -> str:
        return coloured(source, self.theme)

    # --- geometry (no scene needed) ----------------------------------------------------------

    def held_glyphs(self, i: int) -> list:
        """The glyphs of line i drawn in the held colour."""
        colour = self.held_colour.lower()
        return [g for g in self.lines[i].family_members_with_points()
                if g.get_fill_color().to_hex().lower() == colour]

    def _top(self, j: int) -> float:
        return max(self.lines[j].get_top()[1], self.labels[j].get_top()[1])

    def _lift(self, i: int) -> float:
        """How far the lines must scroll up to show line i: enough for line i to fit above the
        view's bottom, and then on until the first line still shown is at the view's top (no
        empty band where the lines that scrolled out were)."""
        if self.view_height is None:
            return 0.0
        top, bottom = self.top_mark.get_center()[1], self.bottom_mark.get_center()[1]
        low = min(self.lines[i].get_bottom()[1], self.labels[i].get_bottom()[1])
        needed = max(bottom - low, 0.0)
        if needed <= 1e-9:
            return 0.0
        kept = [j for j in range(i + 1) if self._top(j) + needed <= top + 1e-6]
        return max(needed, top - self._top(min(kept))) if kept else needed

    def scroll_after(self, i: int) -> float:
        """How far the lines have scrolled up once line i is shown (0 while everything fits)."""
        return self.scroll + self._lift(i)

    def visible_after(self, i: int) -> list[int]:
        """The lines shown once line i is (those that scrolled out above the view are gone)."""
        top = self.top_mark.get_center()[1]
        lift = self._lift(i)
        return [j for j in range(i + 1) if self._top(j) + lift <= top + 1e-6]

    # --- animation ------------------------------------------------------------------------------

    def play_line(self, scene, i: int, *, run_time: float = 1.2, scroll_time: float = 0.7) -> None:
        """Show line i (and its label): scroll first if it would fall below the view."""
        lift = self._lift(i)
        if lift > 1e-9:
            keep = self.visible_after(i)
            leaving = [j for j in self.shown if j not in keep]
            staying = [j for j in self.shown if j in keep]
            pending = [j for j in range(len(self.lines)) if j not in self.shown]
            for j in pending:  # not on screen: moved at once
                self.lines[j].shift(lift * UP)
                self.labels[j].shift(lift * UP)
            moving = VGroup(*(m for j in staying for m in (self.lines[j], self.labels[j])))
            gone = [FadeOut(VGroup(self.lines[j], self.labels[j]), shift=lift * UP) for j in leaving]
            scene.play(moving.animate.shift(lift * UP), *gone, run_time=scroll_time)
            self.shown = staying
            self.scroll += lift
        line, label = self.lines[i], self.labels[i]
        if i in self.block_starts or i - 1 not in self.shown:
            scene.play(Write(line), FadeIn(label, shift=0.2 * LEFT), run_time=run_time)
        else:  # what the line above and this one share slides down; the rest fades in
            scene.play(TransformMatchingShapes(self.lines[i - 1].copy(), line),
                       FadeIn(label, shift=0.2 * LEFT), run_time=run_time)
        self.shown.append(i)

    def clear(self, scene, *, run_time: float = 0.6, keep: Sequence = ()) -> None:
        """Fade out every line and label shown (but the mobjects in ``keep``)."""
        kept = {id(m) for m in keep}
        parts = [m for j in self.shown for m in (self.lines[j], self.labels[j]) if id(m) not in kept]
        if parts:
            scene.play(*(FadeOut(p) for p in parts), run_time=run_time)
        self.shown = []

    def result(self, i: int) -> VGroup:
        """What line i says after its ``=`` (to carry into a summary)."""
        line = self.lines[i]
        at = line.submobjects.index(self.equals[i])
        return VGroup(*line.submobjects[at + 1:])
