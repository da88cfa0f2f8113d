"""Linear regression as an objective: the mean squared error over (b0, b1).

The first lesson's cost, ``J(b0, b1) = mean((y - (b0 + b1 x))^2)``, built exactly from data,
so its gradient is the lesson's

    dJ/db0 = -2 mean(y - y_hat),    dJ/db1 = -2 mean(x (y - y_hat)).

:data:`LESSON_DEMO` is the lesson's "Mini Python Demo" (x = 1..4, y = 2x, lr 0.01,
100 steps from (0, 0)), which prints ``Learned parameters: b0=0.45, b1=1.85``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy

from .errors import OptionError
from .objective import Objective
from .trajectory import Trajectory, descend


def _exact(value: float) -> sympy.Expr:
    """Data values as exact numbers, so that the symbolic gradient prints cleanly."""
    if float(value).is_integer():
        return sympy.Integer(int(value))
    return sympy.nsimplify(float(value), rational=True)


@dataclass(frozen=True)
class RegressionData:
    x: np.ndarray
    y: np.ndarray

    @classmethod
    def of(cls, x: Sequence[float], y: Sequence[float]) -> RegressionData:
        xa, ya = np.asarray(x, dtype=float).reshape(-1), np.asarray(y, dtype=float).reshape(-1)
        if xa.size != ya.size:
            raise OptionError(f"regression data needs as many x as y values ({xa.size} x, {ya.size} y)")
        if xa.size < 2:
            raise OptionError("regression data needs at least two points")
        if not (np.all(np.isfinite(xa)) and np.all(np.isfinite(ya))):
            raise OptionError("regression data must be finite numbers")
        return cls(xa, ya)

    def predict(self, b0: float, b1: float) -> np.ndarray:
        return b0 + b1 * self.x

    def lesson_gradient(self, b0: float, b1: float) -> np.ndarray:
        """The lesson's own formula for the MSE gradient (used to cross-check the objective)."""
        residual = self.y - self.predict(b0, b1)
        return np.array([-2 * np.mean(residual), -2 * np.mean(self.x * residual)])

    def least_squares(self) -> np.ndarray:
        """The exact minimiser (b0, b1) from the normal equations."""
        design = np.column_stack([np.ones_like(self.x), self.x])
        return np.linalg.lstsq(design, self.y, rcond=None)[0]


def mse_objective(data: RegressionData, names: tuple[str, str] = ("b0", "b1")) -> Objective:
    """J(b0, b1) = (1/n) sum (y_i - (b0 + b1 x_i))^2 as an exact objective."""
    b0, b1 = (sympy.Symbol(n, real=True) for n in names)
    n = len(data.x)
    expr = sympy.Rational(1, n) * sum((_exact(yi) - (b0 + b1 * _exact(xi))) ** 2 for xi, yi in zip(data.x, data.y))
    return Objective(sympy.expand(expr), (b0, b1), text=f"MSE({names[0]}, {names[1]})")


@dataclass(frozen=True)
class LessonDemo:
    """The first lesson's NumPy demo, as data and settings."""

    x: tuple[float, ...] = (1, 2, 3, 4)
    y: tuple[float, ...] = (2, 4, 6, 8)
    start: tuple[float, float] = (0.0, 0.0)
    lr: float = 0.01
    steps: int = 100

    @property
    def data(self) -> RegressionData:
        return RegressionData.of(self.x, self.y)

    def run(self) -> Trajectory:
        # tol=0: the lesson runs exactly `steps` updates, converged or not.
        return descend(mse_objective(self.data), self.start, "gd", lr=self.lr, steps=self.steps, tol=0.0)

    @staticmethod
    def printed(trajectory: Trajectory) -> str:
        b0, b1 = trajectory.final_point
        return f"Learned parameters: b0={b0:.2f}, b1={b1:.2f}"


LESSON_DEMO = LessonDemo()
