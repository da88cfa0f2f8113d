"""Optimiser runs computed completely up front: :func:`descend` returns a :class:`Trajectory`.

A scene never steps an optimiser while animating; it replays the recorded points. The record is
always clean: only finite points, values and gradients, and a status saying why the run
stopped (converged, diverged or out of steps) with a human-readable message.

Where the run lands on a point at which f has no gradient (a kink of ``abs(x)``, a jump of
``floor(x)``; see :mod:`gradanim.core.smoothness`), the step uses the shortest one-sided
gradient combination there (``abs`` at 0: 0, ``max(a, b)`` at a tie: the average, as
torch.autograd does) and ``breaks`` records the word for that point.

``states`` records what the optimiser carries from step to step after each step, under
``torch.optim``'s names (``momentum_buffer``; ``square_avg``; ``exp_avg``, ``exp_avg_sq``;
``sum``; see :mod:`gradanim.core.optimizers`): what momentum accumulates, what RMSprop and
Adam divide by.

A run keeps every point, so its length is bounded: at most :data:`MAX_STEPS` steps.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import ArrayLike

from gradanim.core.errors import OptionError
from gradanim.core.optimizers import get_optimizer

__all__ = ["MAX_STEPS", "DifferentiableFunction", "Status", "Trajectory", "descend"]

MAX_STEPS = 100_000
"""The most steps one run may take: every point, value and gradient is kept, so the limit
bounds a run's time and memory (a lesson never needs more; a longer run is refused)."""

# What a wild point may raise from value/gradient/hessian; treated like a non-finite result.
# (OptionError is a ValueError too, but the objective has no business raising it mid-run.)
NUMERIC_ERRORS = (ArithmeticError, ValueError, OverflowError, ZeroDivisionError)


@runtime_checkable
class DifferentiableFunction(Protocol):
    """What :func:`descend` needs of an objective ``f: R^n -> R``.

    Any method may return nan/inf, or raise ArithmeticError/ValueError, where f is undefined.
    A function may also have ``smoothness_at(point)`` (as :class:`~gradanim.core.objective.Objective`
    has): where the gradient is not finite, a run then steps with its ``subgradient()`` at
    a kink or jump.
    """

    n_variables: int

    def value(self, point: np.ndarray) -> float: ...

    def gradient(self, point: np.ndarray) -> np.ndarray: ...  # shape (n,)

    def hessian(self, point: np.ndarray) -> np.ndarray: ...  # shape (n, n); newton only


class Status(StrEnum):
    """Why a run stopped."""

    CONVERGED = "converged"  # gradient norm fell below tol
    DIVERGED = "diverged"  # a non-finite value/gradient/point, or the point left the bound
    MAX_STEPS = "max_steps"  # ran all the steps it was given


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.array(array, dtype=np.float64)  # a private copy
    array.flags.writeable = False
    return array


def _frozen_state(state: Mapping[str, Any]) -> Mapping[str, np.ndarray | int]:
    if isinstance(state, MappingProxyType):
        return state  # already frozen
    return MappingProxyType(
        {name: int(value) if name == "step" else _frozen(value) for name, value in state.items()}
    )


@dataclass(frozen=True, eq=False)
class Trajectory:
    """One optimiser run: the points it visited (start first) and why it stopped.

    ``points`` has shape ``(k + 1, n)`` for ``k`` steps taken, ``values`` ``(k + 1,)``,
    ``gradients`` ``(k + 1, n)`` (the gradient of f at each point, not negated for maximize)
    and ``steps`` ``(k, n)`` = ``points[1:] - points[:-1]``. All are finite float64 arrays and
    read-only. ``hyperparameters`` holds every hyper-parameter of the optimiser, defaults
    filled in.

    ``states`` has one entry per step: ``states[k]`` is the optimiser's state right after it
    took step ``k`` (from ``points[k]`` to ``points[k + 1]``), a read-only mapping from
    ``torch.optim``'s state names to read-only arrays of shape ``(n,)`` (``step``: an int),
    equal to ``optimizer.state[param]`` of torch after the same steps. Plain ``gd`` and
    ``newton`` keep no state: every entry is empty.
    """

    optimizer: str
    hyperparameters: Mapping[str, float | tuple | bool]
    maximize: bool
    points: np.ndarray
    values: np.ndarray
    gradients: np.ndarray
    steps: np.ndarray
    status: Status
    message: str
    breaks: tuple[str, ...] = ()
    states: tuple[Mapping[str, np.ndarray | int], ...] = ()

    def __post_init__(self):
        if len(self.breaks) != len(self.points):
            object.__setattr__(self, "breaks", tuple(self.breaks) + ("",) * (len(self.points) - len(self.breaks)))
        if len(self.states) != len(self.steps):
            object.__setattr__(self, "states", tuple(self.states) + ({},) * (len(self.steps) - len(self.states)))
        object.__setattr__(self, "states", tuple(_frozen_state(state) for state in self.states))

    def __copy__(self) -> Trajectory:
        return self  # immutable: a copy is the record itself (mobjects holding it get copied)

    def __deepcopy__(self, memo) -> Trajectory:
        return self

    @property
    def n_steps(self) -> int:
        return int(self.steps.shape[0])

    @property
    def final_point(self) -> np.ndarray:
        return self.points[-1]

    @property
    def final_value(self) -> float:
        return float(self.values[-1])

    @property
    def converged(self) -> bool:
        return self.status is Status.CONVERGED

    @property
    def diverged(self) -> bool:
        return self.status is Status.DIVERGED

    def differentiable_at(self, k: int) -> bool:
        """Whether f has a gradient at point k (else ``breaks[k]`` says why not)."""
        return not self.breaks[k]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly copy (plain lists, floats, strings)."""
        return {
            "optimizer": self.optimizer,
            "hyperparameters": {
                k: list(v) if isinstance(v, tuple) else v for k, v in self.hyperparameters.items()
            },
            "maximize": self.maximize,
            "points": self.points.tolist(),
            "values": self.values.tolist(),
            "gradients": self.gradients.tolist(),
            "steps": self.steps.tolist(),
            "status": self.status.value,
            "message": self.message,
            "breaks": list(self.breaks),
            "states": [
                {name: value if isinstance(value, int) else value.tolist() for name, value in state.items()}
                for state in self.states
            ],
        }

    def state_history(self, name: str) -> np.ndarray:
        """One state entry over the run, shape ``(k, n)`` (``step``: ``(k,)``); KeyError naming
        the entries this optimiser keeps when it keeps no ``name``."""
        if not self.states:
            return np.zeros((0, self.points.shape[1]))
        if name not in self.states[0]:
            kept = ", ".join(self.states[0]) or "nothing"
            raise KeyError(f"{self.optimizer} keeps no {name!r} (it keeps: {kept})")
        return np.array([state[name] for state in self.states])


class _Undefined(Exception):
    """The objective is not finite (or raised) at a point; args: (what, detail)."""


def _evaluate(function: DifferentiableFunction, point: np.ndarray) -> tuple[float, np.ndarray, str]:
    """Value, gradient and break word (``""``, ``"kink"``, ``"jump"``) at ``point``;
    _Undefined("value"|"gradient", detail) when either is non-finite or raises. At a kink
    or jump the gradient is the subgradient the step uses."""
    try:
        value = float(function.value(point))
    except NUMERIC_ERRORS as error:
        raise _Undefined("value", f"{type(error).__name__}: {error}") from error
    if not math.isfinite(value):
        raise _Undefined("value", "")
    try:
        gradient = np.asarray(function.gradient(point), dtype=np.float64)
    except NUMERIC_ERRORS as error:
        raise _Undefined("gradient", f"{type(error).__name__}: {error}") from error
    if gradient.shape != point.shape:
        raise ValueError(f"the gradient has shape {gradient.shape}, expected {point.shape}")
    word = ""
    if not np.isfinite(gradient).all() and hasattr(function, "smoothness_at"):
        local = function.smoothness_at(point)
        sub = local.subgradient() if local.kind.value in ("kink", "jump") else None
        if sub is not None and np.all(np.isfinite(sub)):
            gradient, word = np.asarray(sub, dtype=np.float64), local.kind.value
    if not np.isfinite(gradient).all():
        raise _Undefined("gradient", "")
    return value, gradient, word


def _hessian_fn(function: DifferentiableFunction):
    def hessian(point: np.ndarray) -> np.ndarray:
        return np.asarray(function.hessian(np.array(point)), dtype=np.float64)

    return hessian


def _number(x: float) -> str:
    """Compact float for messages: 1e6, 0.01, 1e-06."""
    return f"{x:g}".replace("e+0", "e").replace("e+", "e")


def descend(
    function: DifferentiableFunction,
    start: ArrayLike,
    optimizer: str = "gd",
    *,
    lr: float | None = None,
    steps: int = 100,
    tol: float = 1e-6,
    maximize: bool = False,
    bound: float = 1e6,
    **hyperparameters: Any,
) -> Trajectory:
    """Run ``optimizer`` on ``function`` from ``start`` and record every point.

    Before each step, the run stops as converged when the gradient norm is below ``tol``
    (a start at a stationary point gives 0 steps). It stops as diverged when the value or
    gradient becomes non-finite (or the function raises), or the optimiser produces a
    non-finite point, one with a coordinate beyond ``bound`` in absolute value, or a
    non-finite state (a squared gradient that overflows); the failing point is not recorded. Otherwise it stops after ``steps`` steps with status max_steps.

    ``lr`` (None: the optimiser's default) and ``**hyperparameters`` are the optimiser's
    hyper-parameters (see :data:`gradanim.core.optimizers.OPTIMIZERS`); ``maximize`` ascends
    instead, as torch.optim does. Bad arguments raise OptionError; a numerically wild run never
    raises and never records a non-finite number.
    """
    spec = get_optimizer(optimizer)
    if lr is not None:
        hyperparameters["lr"] = lr
    resolved = spec.resolve(**hyperparameters)
    if not isinstance(maximize, bool | np.bool_):
        raise OptionError(f"maximize={maximize!r} is not allowed: maximize must be True or False")
    stepper = spec.stepper(maximize=bool(maximize), **resolved)

    if isinstance(steps, bool) or not isinstance(steps, int | np.integer) or steps < 0:
        raise OptionError(f"steps={steps!r} is not allowed: steps must be an integer >= 0")
    if steps > MAX_STEPS:
        raise OptionError(f"steps={steps!r} is not allowed: a run keeps every point, so at most {MAX_STEPS} steps")
    if not _is_number(tol) or not tol >= 0:
        raise OptionError(f"tol={tol!r} is not allowed: tol must be a finite number >= 0")
    if not (_is_number(bound) or bound == math.inf) or not bound > 0:
        raise OptionError(f"bound={bound!r} is not allowed: bound must be a number > 0 (inf for none)")
    n = int(getattr(function, "n_variables", np.size(start)))
    try:
        point = np.array(start, dtype=np.float64)
    except (TypeError, ValueError):
        raise OptionError(f"start={start!r} is not allowed: start must be {n} numbers") from None
    if point.shape != (n,):
        raise OptionError(
            f"start={start!r} is not allowed: start must be {n} numbers (the function has "
            f"{n} variable{'s' if n != 1 else ''})"
        )
    if not np.all(np.isfinite(point)) or np.max(np.abs(point), initial=0.0) > bound:
        raise OptionError(f"start={start!r} is not allowed: start must be finite with |x| <= {_number(bound)}")

    hessian = _hessian_fn(function)
    with np.errstate(all="ignore"):
        try:
            value, gradient, word = _evaluate(function, point)
        except _Undefined as why:
            what, detail = why.args
            raise OptionError(
                f"start={start!r} is not allowed: the function is not defined there "
                f"(its {what} {'raised ' + detail if detail else 'is not finite'})"
            ) from None
        points, values, gradients, breaks, states = [point], [value], [gradient], [word], []
        status, message = _run(
            function, stepper, hessian, points, values, gradients, breaks, states, steps, float(tol), float(bound)
        )
        points_array = np.array(points)

    return Trajectory(
        optimizer=spec.name,
        hyperparameters=MappingProxyType(dict(resolved)),
        maximize=bool(maximize),
        points=_frozen(points_array),
        values=_frozen(values),
        gradients=_frozen(gradients),
        steps=_frozen(np.diff(points_array, axis=0).reshape(-1, n)),
        status=status,
        message=message,
        breaks=tuple(breaks),
        states=tuple(states),
    )


def _run(function, stepper, hessian, points, values, gradients, breaks, states, steps, tol, bound) -> tuple[Status, str]:
    """Step until converged, diverged or out of steps; appends to the lists in place."""
    for k in range(steps + 1):  # k = steps taken so far
        norm = math.sqrt(float(gradients[-1] @ gradients[-1]))  # inf when it overflows
        if norm < tol:
            after = f"after {k} step{'s' if k != 1 else ''}"
            if breaks[-1]:
                what = "0 is a subgradient" if breaks[-1] == "kink" else "the one-sided gradients cancel"
                return Status.CONVERGED, (
                    f"reached a {breaks[-1]} where {what} (f has no gradient there; the shortest "
                    f"combination has norm {norm:.2g} < tol {_number(tol)}) {after}"
                )
            return Status.CONVERGED, f"gradient norm {norm:.2g} < tol {_number(tol)} {after}"
        if k == steps:
            return Status.MAX_STEPS, (
                f"stopped after {steps} step{'s' if steps != 1 else ''} with gradient norm "
                f"{norm:.2g} >= tol {_number(tol)}"
            )
        try:
            new = np.asarray(stepper.step(points[-1], gradients[-1], hessian), dtype=np.float64)
        except NUMERIC_ERRORS as error:
            return Status.DIVERGED, f"the {type(stepper).__name__} update failed at step {k + 1}: {error}"
        if new.shape != points[-1].shape:
            raise ValueError(f"the optimizer returned shape {new.shape}, expected {points[-1].shape}")
        largest = float(np.abs(new).max(initial=0.0))  # nan when any coordinate is nan
        if not math.isfinite(largest):
            return Status.DIVERGED, f"point became non-finite at step {k + 1}"
        if largest > bound:
            return Status.DIVERGED, f"left the bound |x| <= {_number(bound)} at step {k + 1}"
        try:
            value, gradient, word = _evaluate(function, new)
        except _Undefined as why:
            what, detail = why.args
            detail = f" ({detail})" if detail else ""
            return Status.DIVERGED, f"{what} became non-finite at step {k + 1}{detail}"
        state = stepper.state() if hasattr(stepper, "state") else {}
        wild = [name for name, entry in state.items() if not np.all(np.isfinite(entry))]
        if wild:
            return Status.DIVERGED, f"the optimizer's {', '.join(wild)} became non-finite at step {k + 1}"
        points.append(new)
        values.append(value)
        gradients.append(gradient)
        breaks.append(word)
        states.append(state)
    raise AssertionError("unreachable")


def _is_number(x: Any) -> bool:
    return not isinstance(x, bool) and isinstance(x, int | float | np.integer | np.floating) and math.isfinite(x)
