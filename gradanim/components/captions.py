"""Beats and their captions: one or two sentences a scene says about each idea it shows.

A scene is a sequence of named beats (``LessonFrame.beat``). Each beat's caption is plain
text written from the core's numbers with the helpers here (``num``, ``point``), so the
words say exactly what the frame shows (``∂f/∂x(2, 3) = 6``), in the same rounding as the
typeset numbers (:func:`~gradanim.components.glyph_number.number_parts`). The captions become
subtitles (SRT, WebVTT), the transcript, slide notes and narration.

A beat lasts at least as long as its caption takes to read (:func:`caption_time`, the
reading rule of :mod:`gradanim.components.pacing` counted in words), unless a lesson sets
the beat's ``hold``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .glyph_number import number_parts
from .pacing import reading_time

TINY = 1e-12  # rounding noise of an exact zero (a least-squares intercept of 1e-15): said as 0
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def num(value: float, digits: int = 3) -> str:
    """A number as the frame shows it, in plain text: ``6``, ``0.15``, ``-2.5``, ``1.2×10⁻⁵``
    (a minus sign, not a hyphen)."""
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return "undefined"
    if abs(value) < TINY:
        return "0"
    mantissa, exponent = number_parts(float(value), digits)
    text = mantissa if exponent is None else f"{mantissa}×10{str(exponent).translate(_SUPERSCRIPT)}"
    return text.replace("-", "−")


def signed(value: float, digits: int = 3) -> str:
    """A number after an operator: ``(−4)`` in brackets when negative."""
    text = num(value, digits)
    return f"({text})" if text.startswith("−") else text


def point(values: Iterable[float], digits: int = 3) -> str:
    """A point or vector: ``(2, 3)``."""
    return "(" + ", ".join(num(v, digits) for v in values) + ")"


def rises(slope: float, digits: int = 3) -> str:
    """``rises 6`` / ``falls 2`` / ``stays level``: a slope in words."""
    if slope == 0 or num(abs(slope), digits) == "0":
        return "stays level"
    return f"{'rises' if slope > 0 else 'falls'} {num(abs(slope), digits)}"


def plain_formula(objective) -> str:
    """The lesson's formula as plain text: ``x^2·y/2``."""
    return objective.text.replace("**", "^").replace("*", "·")


_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eta": "η", "theta": "θ",
          "kappa": "κ", "lambda": "λ", "mu": "μ", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "omega": "ω"}
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def plain_symbol(name: str) -> str:
    """A Typst math name as a caption writes it: ``beta_0`` -> ``β₀``, ``x_1`` -> ``x₁``
    (a name it cannot write so is left as it is)."""
    base, _, sub = name.partition("_")
    base = _GREEK.get(base, base)
    if sub.isdigit():
        return base + sub.translate(_SUBSCRIPT)
    return base + (f"_{sub}" if sub else "")


def words(text: str) -> int:
    return len(text.split())


def caption_time(text: str, pace: float = 1.0) -> float:
    """Seconds to read a caption: the pacing rule, one group per word."""
    return reading_time(words(text), pace)


@dataclass
class Beat:
    """A beat as it was played: its name, caption, the hold a lesson set (None: the
    caption's reading time) and where it starts and ends, in seconds of video."""

    name: str
    caption: str
    hold: float | None = None
    start: float = 0.0
    end: float | None = None

    @property
    def duration(self) -> float:
        return (self.end if self.end is not None else self.start) - self.start




def outcome_words(trajectory) -> str:
    """``converged after 31 steps`` (the core's words for how a run ended)."""
    from ..core.learning_rate import outcome

    return outcome(trajectory).text


def run_caption(trajectory, value: str = "f") -> str:
    """How a recorded run ended, in the core's words: ``Converged after 31 steps at
    (0, 0), where f = 0.`` (a diverged run: where it was last seen)."""
    from ..core.learning_rate import outcome
    from ..core.trajectory import Status

    ended = outcome(trajectory)
    where = "last seen at" if ended.status is Status.DIVERGED else "at"
    text = ended.text[0].upper() + ended.text[1:]
    return f"{text} {where} {point(trajectory.final_point, 2)}, where {value} = {num(trajectory.final_value, 2)}."


__all__ = ["Beat", "caption_time", "num", "outcome_words", "plain_formula", "plain_symbol", "point", "rises",
           "run_caption", "signed", "words"]
