"""A box of variable ranges: where a lesson looks at its function."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import OptionError

PLOT_LIMIT = 1e6
"""A plotted box stays within ``|v| <= PLOT_LIMIT`` (the bound beyond which a run diverges)."""
PLOT_MIN_WIDTH = 1e-6
"""Each plotted interval is at least this wide, and at least this fraction of its largest bound
(a float resolves about 1e-16 of a number: a narrower box has too few distinct values)."""
PLOT_MAX_ASPECT = 10.0
"""With equal units on both axes, one side of a plotted box is at most this many times the other."""


@dataclass(frozen=True)
class Domain:
    """Closed intervals ``[(min, max), ...]``, one per variable."""

    bounds: tuple[tuple[float, float], ...]

    def __post_init__(self):
        cleaned = []
        for i, pair in enumerate(self.bounds):
            try:
                lo, hi = (float(v) for v in pair)
            except (TypeError, ValueError):
                raise OptionError(f"domain interval {i + 1} must be two numbers, got {pair!r}") from None
            if not (np.isfinite(lo) and np.isfinite(hi)) or not lo < hi:
                raise OptionError(f"domain interval {i + 1} must have finite min < max, got ({lo}, {hi})")
            cleaned.append((lo, hi))
        if not cleaned:
            raise OptionError("a domain needs at least one interval")
        object.__setattr__(self, "bounds", tuple(cleaned))

    @classmethod
    def square(cls, half_width: float, n: int = 2) -> Domain:
        return cls(tuple((-half_width, half_width) for _ in range(n)))

    @classmethod
    def parse(cls, text: str, n: int | None = None) -> Domain:
        """``"XMIN,XMAX,YMIN,YMAX"`` (pairs of numbers) into a domain."""
        parts = [t.strip() for t in str(text).split(",")]
        try:
            numbers = [float(t) for t in parts]
        except ValueError:
            raise OptionError(f"domain {text!r} must be comma-separated numbers like -3,3,-2,2") from None
        if len(numbers) % 2 or (n is not None and len(numbers) != 2 * n):
            need = f"{2 * n} numbers" if n else "an even number of numbers"
            raise OptionError(f"domain {text!r} needs {need} (min,max for each variable)")
        return cls(tuple(zip(numbers[0::2], numbers[1::2])))

    @property
    def n_variables(self) -> int:
        return len(self.bounds)

    @property
    def lower(self) -> np.ndarray:
        return np.array([lo for lo, _ in self.bounds])

    @property
    def upper(self) -> np.ndarray:
        return np.array([hi for _, hi in self.bounds])

    @property
    def center(self) -> np.ndarray:
        return (self.lower + self.upper) / 2

    @property
    def widths(self) -> np.ndarray:
        return self.upper - self.lower

    def plot_problem(self, equal_units: bool = True) -> str | None:
        """Why this box cannot be drawn as a plot (None if it can): beyond +-PLOT_LIMIT,
        narrower than PLOT_MIN_WIDTH, or (with equal units) more than PLOT_MAX_ASPECT times
        longer one way than the other."""
        for i, (lo, hi) in enumerate(self.bounds):
            if max(abs(lo), abs(hi)) > PLOT_LIMIT:
                return f"interval {i + 1} [{lo:g}, {hi:g}] reaches beyond +-{PLOT_LIMIT:g}, the limit of a plotted box"
            if hi - lo < PLOT_MIN_WIDTH * max(1.0, abs(lo), abs(hi)):
                least = PLOT_MIN_WIDTH * max(1.0, abs(lo), abs(hi))
                return f"interval {i + 1} [{lo:g}, {hi:g}] is narrower than {least:g}, the least a plotted box may be"
        widths = self.widths
        if equal_units and len(widths) == 2 and widths.max() > PLOT_MAX_ASPECT * widths.min():
            return (f"one side is {widths.max() / widths.min():.3g} times the other; with equal units on both axes "
                    f"a plotted box is at most {PLOT_MAX_ASPECT:g} times longer one way than the other")
        return None

    def contains(self, point: Sequence[float], tolerance: float = 0.0) -> bool:
        p = np.asarray(point, dtype=float)
        slack = tolerance * self.widths
        return bool(np.all(p >= self.lower - slack) and np.all(p <= self.upper + slack))

    def clip_segment(self, inside: Sequence[float], outside: Sequence[float]) -> np.ndarray:
        """Where the segment from a point ``inside`` the box to one ``outside`` it crosses the
        box's edge."""
        a, b = np.asarray(inside, dtype=float), np.asarray(outside, dtype=float)
        d = b - a
        with np.errstate(divide="ignore", invalid="ignore"):
            exits = np.where(d > 0, (self.upper - a) / d, np.where(d < 0, (self.lower - a) / d, np.inf))
        t = float(np.clip(np.min(exits), 0.0, 1.0))
        return a + t * d

    def grid(self, resolution: int | Sequence[int]) -> list[np.ndarray]:
        """Meshgrid arrays (``indexing="xy"`` for two variables: rows follow the second)."""
        res = [int(resolution)] * self.n_variables if np.isscalar(resolution) else [int(r) for r in resolution]
        axes = [np.linspace(lo, hi, r) for (lo, hi), r in zip(self.bounds, res)]
        return np.meshgrid(*axes, indexing="xy")
