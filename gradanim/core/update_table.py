"""One step of gradient descent by hand: new = old - learning_rate * gradient, per parameter.

The first lesson's practice table "Descend like a CFO" is :data:`CFO_TABLE`; its answers are
2.4 for the intercept and -0.3 for the slope. Arithmetic is exact (decimal inputs become
rationals), so a table shows 2.4, not 2.4000000000000004.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from .errors import OptionError


def _exact(value: float | str | Fraction) -> Fraction:
    try:
        return value if isinstance(value, Fraction) else Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise OptionError(f"{value!r} is not a number") from None


@dataclass(frozen=True)
class UpdateRow:
    """One parameter's update; ``maximize`` flips the sign (gradient ascent)."""

    name: str
    old: Fraction
    gradient: Fraction
    learning_rate: Fraction
    maximize: bool = False

    @classmethod
    def of(cls, name: str, old, gradient, learning_rate, maximize: bool = False) -> UpdateRow:
        rate = _exact(learning_rate)
        if rate < 0:
            raise OptionError(f"the learning rate of {name} must be >= 0, got {learning_rate}")
        return cls(name, _exact(old), _exact(gradient), rate, maximize)

    @property
    def change(self) -> Fraction:
        sign = 1 if self.maximize else -1
        return sign * self.learning_rate * self.gradient

    @property
    def new(self) -> Fraction:
        return self.old + self.change


CFO_TABLE: tuple[UpdateRow, ...] = (
    UpdateRow.of("beta_0", "2.0", "-4.0", "0.1"),  # Intercept
    UpdateRow.of("beta_1", "0.5", "8.0", "0.1"),  # Slope
)
