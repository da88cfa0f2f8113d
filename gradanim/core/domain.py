"""A box of variable ranges: where a lesson looks at its function."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .errors import OptionError


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

    def contains(self, point: Sequence[float], tolerance: float = 0.0) -> bool:
        p = np.asarray(point, dtype=float)
        slack = tolerance * self.widths
        return bool(np.all(p >= self.lower - slack) and np.all(p <= self.upper + slack))

    def grid(self, resolution: int | Sequence[int]) -> list[np.ndarray]:
        """Meshgrid arrays (``indexing="xy"`` for two variables: rows follow the second)."""
        res = [int(resolution)] * self.n_variables if np.isscalar(resolution) else [int(r) for r in resolution]
        axes = [np.linspace(lo, hi, r) for (lo, hi), r in zip(self.bounds, res)]
        return np.meshgrid(*axes, indexing="xy")
