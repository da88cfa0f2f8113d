"""The fitted line of a linear-regression run, step by step: what a data-space picture shows.

A gradient-descent run on the MSE (:func:`gradanim.core.regression.mse_objective`) moves
through parameter space (b0, b1); in data space each of its points is the line
``y = b0 + b1 x``. :func:`fit_at` gives that line, its predictions and residuals at any step
(or race time between steps, for smooth motion), so that both pictures come from one
trajectory.

>>> line_values(1.0, 2.0, [0.0, 3.0]).tolist()
[1.0, 7.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .race import lockstep_point
from .regression import RegressionData
from .trajectory import Trajectory

__all__ = ["FitState", "fit_at", "line_values"]


def line_values(b0: float, b1: float, x: float | Sequence[float] | np.ndarray) -> np.ndarray:
    """``b0 + b1 x`` at the given x (an array, same shape)."""
    return b0 + b1 * np.asarray(x, dtype=float)


@dataclass(frozen=True)
class FitState:
    """The line ``b0 + b1 x`` at one moment of a run, with its fit to the data."""

    b0: float
    b1: float
    predictions: np.ndarray  # y_hat at each data x
    residuals: np.ndarray  # y - y_hat
    loss: float  # mean squared residual

    def line(self, x0: float, x1: float) -> np.ndarray:
        """The line's end points over [x0, x1] as a (2, 2) array of (x, y)."""
        xs = np.array([x0, x1], dtype=float)
        return np.column_stack([xs, line_values(self.b0, self.b1, xs)])


def fit_at(data: RegressionData, trajectory: Trajectory, s: float = 0) -> FitState:
    """The fit after ``s`` steps of ``trajectory`` (a run over (b0, b1); fractional ``s``
    interpolates the parameters linearly between recorded points)."""
    b0, b1 = (float(v) for v in lockstep_point(trajectory, s)[:2])
    predictions = data.predict(b0, b1)
    residuals = data.y - predictions
    return FitState(b0, b1, predictions, residuals, float(np.mean(residuals**2)))
