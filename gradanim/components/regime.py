"""A learning rate's regime in words and colour: "oscillates: alpha > 1/L = 0.167".

The regime is the core's (:func:`gradanim.core.learning_rate.run_regime` for a run,
``StabilityBound.classify`` for a rate); this module only says it. A label declares what it
claims (:mod:`.claims`), so a test can hold it to the core.

Example::

    regime = run_regime(objective, trajectory)
    label = regime_label(regime, walker.subject)        # "oscillates: alpha > 1/L = 0.167"
"""

from __future__ import annotations

from manim import DOWN, LEFT, VGroup

from ..core.learning_rate import Regime, RunRegime
from .claims import Claim, declare
from .theme import DEFAULT_THEME, Theme
from .typeset import math, number_typst


def regime_color(regime: Regime, theme: Theme = DEFAULT_THEME):
    """The badge colour of a regime: crawls cool blue, good green, oscillates yellow, diverges red."""
    return {
        Regime.CRAWLS: theme.field,
        Regime.GOOD: theme.minimum,
        Regime.OSCILLATES: theme.highlight,
        Regime.DIVERGES: theme.maximum,
    }[regime]


def regime_typst(regime: RunRegime, *, show_lr: bool = False) -> tuple[str, str]:
    """The regime's word and the comparison that decides it, as Typst math:
    ``('"oscillates:"', 'alpha > 1\\/L = 0.167')`` (with ``show_lr``: ``alpha = 0.25 > ...``)."""
    relation, name, value = regime.threshold
    alpha = f"alpha = {number_typst(regime.lr)}" if show_lr else "alpha"
    name = name.replace("/", "\\/")  # 1/L inline, not a stacked fraction
    return f'"{regime.regime.badge}:"', f"{alpha} {relation} {name} = {number_typst(value)}"


def regime_label(regime: RunRegime, subject, *, font_size: float | None = None, stacked: bool = False,
                 show_lr: bool = False, theme: Theme = DEFAULT_THEME) -> VGroup:
    """``oscillates: alpha > 1/L = 0.167`` in the regime's colour, declared about ``subject``
    (the run it names); ``stacked`` puts the word and the comparison on two lines."""
    word, condition = regime_typst(regime, show_lr=show_lr)
    style = dict(font_size=font_size or theme.label_size, color=regime_color(regime.regime, theme), theme=theme)
    if stacked:
        label = VGroup(math(word, **style), math(condition, **style)).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
    else:
        label = VGroup(math(f"{word} {condition}", **style))
    return declare(label, Claim(subject, "regime", regime.regime))


__all__ = ["regime_color", "regime_label", "regime_typst"]
