"""Optimiser update rules: the six of ``torch.optim`` we animate, plus damped Newton.

Each optimiser is registered in :data:`OPTIMIZERS` as an :class:`OptimizerSpec`: its name, a
one-line description, its hyper-parameters (name, default, allowed values) and a factory for a
*stepper*. A stepper is a small stateful object with one method::

    step(point, gradient, hessian) -> new_point

where ``point`` and ``gradient`` are float64 arrays of shape ``(n,)`` and ``hessian`` is a
callable returning the ``(n, n)`` Hessian at ``point`` (only Newton calls it). The stepper keeps
whatever state its algorithm needs (momentum buffer, running averages, step count) between calls,
and shows it with ``state()``: a dict under the names and with the entries ``torch.optim`` keeps
in ``optimizer.state[param]`` after the same steps (see :data:`STATE_NAMES`)::

    SGD (momentum != 0)   momentum_buffer
    Adagrad               step, sum
    RMSprop               step, square_avg (+ momentum_buffer if momentum > 0, grad_avg if centered)
    Adam                  step, exp_avg, exp_avg_sq (+ max_exp_avg_sq if amsgrad)

``step`` is the number of steps taken (an int); the others are copies of float64 arrays of shape
``(n,)``. Plain gradient descent and Newton keep no state (``{}``), as torch's SGD without
momentum keeps none.

The first six follow exactly the update rules, hyper-parameter names and defaults of PyTorch's
``torch.optim`` (torch 2.x, single-tensor code path), and are tested step for step against
trajectories torch produced in float64:

=============  ====================================================================
``gd``         ``torch.optim.SGD`` with ``momentum=0``
``momentum``   ``torch.optim.SGD`` with heavy-ball momentum; **our default momentum is
               0.9** (torch's SGD default is 0, which would be plain ``gd``)
``nesterov``   ``torch.optim.SGD(nesterov=True)``, momentum default 0.9, dampening 0
``adagrad``    ``torch.optim.Adagrad``
``rmsprop``    ``torch.optim.RMSprop``
``adam``       ``torch.optim.Adam`` (coupled L2 weight decay, as torch's default)
``newton``     damped Newton's method (not part of torch.optim)
=============  ====================================================================

``maximize`` works as in torch: the gradient is negated before anything else, so each
optimiser ascends with exactly the dynamics it would use to descend ``-f``. Newton is the
exception: it solves ``H d = g`` for a stationary point and is unchanged by ``maximize``
(it is attracted to the nearest stationary point, minimum, maximum or saddle alike).

Bad names and bad hyper-parameter values raise :class:`~gradanim.core.errors.OptionError`
naming the option and the values it accepts.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from gradanim.core.errors import OptionError

__all__ = [
    "OPTIMIZERS",
    "STATE_NAMES",
    "Adagrad",
    "Adam",
    "Hyperparameter",
    "Newton",
    "OptimizerSpec",
    "RMSprop",
    "SGD",
    "Stepper",
    "get_optimizer",
    "make_stepper",
]

HessianFn = Callable[[np.ndarray], np.ndarray]


class Stepper(Protocol):
    """One optimiser run in progress: turns the current point and gradient into the next point."""

    def step(self, point: np.ndarray, gradient: np.ndarray, hessian: HessianFn) -> np.ndarray: ...

    def state(self) -> dict[str, np.ndarray | int]: ...


State = dict[str, np.ndarray | int]

STATE_NAMES: dict[str, str] = {
    "step": "the number of steps taken",
    "momentum_buffer": "the velocity: a running sum of past gradients, each step's weighted by momentum",
    "sum": "the running sum of squared gradients (Adagrad divides by its square root)",
    "square_avg": "the running average of squared gradients (RMSprop divides by its square root)",
    "grad_avg": "the running average of gradients (centred RMSprop subtracts its square)",
    "exp_avg": "Adam's first moment: a running average of gradients (m)",
    "exp_avg_sq": "Adam's second moment: a running average of squared gradients (v)",
    "max_exp_avg_sq": "AMSGrad's running maximum of the second moment",
}
"""What each recorded state entry is, under ``torch.optim``'s name for it."""


def _copies(**entries) -> State:
    """A state dict of private copies (arrays) and ints, leaving out entries that are None."""
    return {k: (v if isinstance(v, int) else np.array(v, dtype=np.float64)) for k, v in entries.items() if v is not None}


# --------------------------------------------------------------------------------------------
# Update rules. Each mirrors the single-tensor loop of torch 2.x; the comments give the line of
# torch's pseudocode (see the torch.optim documentation) each statement implements.
# --------------------------------------------------------------------------------------------


class SGD:
    """``torch.optim.SGD``: gradient descent with optional (Nesterov) momentum and weight decay.

    ::

        g_t ← ∇f(θ_{t-1})            (−∇f when maximize)
        if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
        if μ ≠ 0:
            b_t ← g_t                        at t = 1 (no dampening on the first step)
            b_t ← μ b_{t-1} + (1 − τ) g_t    for t > 1
            g_t ← g_t + μ b_t  if nesterov,  else  g_t ← b_t
        θ_t ← θ_{t-1} − γ g_t
    """

    def __init__(
        self,
        lr: float,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        maximize: bool = False,
    ):
        self.lr, self.momentum, self.dampening = lr, momentum, dampening
        self.weight_decay, self.nesterov, self.maximize = weight_decay, nesterov, maximize
        self.buffer: np.ndarray | None = None

    def step(self, point: np.ndarray, gradient: np.ndarray, hessian: HessianFn) -> np.ndarray:
        g = -gradient if self.maximize else gradient
        if self.weight_decay != 0:
            g = g + self.weight_decay * point
        if self.momentum != 0:
            if self.buffer is None:
                self.buffer = g.copy()
            else:
                self.buffer = self.buffer * self.momentum + (1 - self.dampening) * g
            g = g + self.momentum * self.buffer if self.nesterov else self.buffer
        return point + (-self.lr) * g

    def state(self) -> State:
        """``momentum_buffer`` once a step has been taken with momentum; ``{}`` without momentum."""
        return _copies(momentum_buffer=self.buffer)


class Adagrad:
    """``torch.optim.Adagrad``: per-coordinate steps shrinking with the accumulated squared gradient.

    ::

        state_sum_0 ← τ (initial_accumulator_value)
        g_t ← ∇f(θ_{t-1})            (−∇f when maximize)
        if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
        γ̃ ← γ / (1 + (t − 1) η)
        state_sum_t ← state_sum_{t-1} + g_t²
        θ_t ← θ_{t-1} − γ̃ g_t / (√state_sum_t + ε)
    """

    def __init__(
        self,
        lr: float,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        maximize: bool = False,
    ):
        self.lr, self.lr_decay, self.weight_decay, self.eps = lr, lr_decay, weight_decay, eps
        self.initial_accumulator_value, self.maximize = initial_accumulator_value, maximize
        self.t = 0
        self.state_sum: np.ndarray | None = None

    def step(self, point: np.ndarray, gradient: np.ndarray, hessian: HessianFn) -> np.ndarray:
        if self.state_sum is None:
            self.state_sum = np.full_like(point, self.initial_accumulator_value)
        self.t += 1
        g = -gradient if self.maximize else gradient
        if self.weight_decay != 0:
            g = g + self.weight_decay * point
        clr = self.lr / (1 + (self.t - 1) * self.lr_decay)
        self.state_sum = self.state_sum + g * g
        std = np.sqrt(self.state_sum) + self.eps
        return point + (-clr) * g / std

    def state(self) -> State:
        """``step`` and ``sum`` (torch fills ``sum`` with initial_accumulator_value at once)."""
        return _copies(step=self.t, sum=self.state_sum)


class RMSprop:
    """``torch.optim.RMSprop``: steps divided by a running RMS of the gradient.

    ::

        v_0 ← 0,  b_0 ← 0,  g^ave_0 ← 0
        g_t ← ∇f(θ_{t-1})            (−∇f when maximize)
        if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
        v_t ← α v_{t-1} + (1 − α) g_t²
        ṽ_t ← v_t
        if centered:  g^ave_t ← α g^ave_{t-1} + (1 − α) g_t;   ṽ_t ← ṽ_t − (g^ave_t)²
        if μ > 0:  b_t ← μ b_{t-1} + g_t / (√ṽ_t + ε);   θ_t ← θ_{t-1} − γ b_t
        else:      θ_t ← θ_{t-1} − γ g_t / (√ṽ_t + ε)
    """

    def __init__(
        self,
        lr: float,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        maximize: bool = False,
    ):
        self.lr, self.alpha, self.eps, self.weight_decay = lr, alpha, eps, weight_decay
        self.momentum, self.centered, self.maximize = momentum, centered, maximize
        self.t = 0
        self.square_avg: np.ndarray | None = None
        self.grad_avg: np.ndarray | None = None
        self.buffer: np.ndarray | None = None

    def step(self, point: np.ndarray, gradient: np.ndarray, hessian: HessianFn) -> np.ndarray:
        self.t += 1
        if self.square_avg is None:
            self.square_avg = np.zeros_like(point)
            self.grad_avg = np.zeros_like(point)
            self.buffer = np.zeros_like(point)
        g = -gradient if self.maximize else gradient
        if self.weight_decay != 0:
            g = g + self.weight_decay * point
        self.square_avg = self.square_avg * self.alpha + (1 - self.alpha) * g * g
        if self.centered:
            self.grad_avg = _lerp(self.grad_avg, g, 1 - self.alpha)
            avg = np.sqrt(self.square_avg - self.grad_avg * self.grad_avg)
        else:
            avg = np.sqrt(self.square_avg)
        avg = avg + self.eps
        if self.momentum > 0:
            self.buffer = self.buffer * self.momentum + g / avg
            return point + (-self.lr) * self.buffer
        return point + (-self.lr) * g / avg

    def state(self) -> State:
        """``step``, ``square_avg``; ``momentum_buffer`` when momentum > 0, ``grad_avg`` when
        centred (as torch keeps them)."""
        if self.square_avg is None:
            return {}
        return _copies(
            step=self.t,
            square_avg=self.square_avg,
            momentum_buffer=self.buffer if self.momentum > 0 else None,
            grad_avg=self.grad_avg if self.centered else None,
        )


class Adam:
    """``torch.optim.Adam`` (with optional AMSGrad): bias-corrected first and second moments.

    ::

        m_0 ← 0,  v_0 ← 0,  v^max_0 ← 0
        g_t ← ∇f(θ_{t-1})            (−∇f when maximize)
        if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
        m_t ← β₁ m_{t-1} + (1 − β₁) g_t
        v_t ← β₂ v_{t-1} + (1 − β₂) g_t²
        if amsgrad:  v^max_t ← max(v^max_{t-1}, v_t);  use v^max_t in place of v_t below
        θ_t ← θ_{t-1} − (γ / (1 − β₁ᵗ)) m_t / (√v_t / √(1 − β₂ᵗ) + ε)
    """

    def __init__(
        self,
        lr: float,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        maximize: bool = False,
    ):
        self.lr, (self.beta1, self.beta2), self.eps = lr, betas, eps
        self.weight_decay, self.amsgrad, self.maximize = weight_decay, amsgrad, maximize
        self.t = 0
        self.exp_avg: np.ndarray | None = None
        self.exp_avg_sq: np.ndarray | None = None
        self.max_exp_avg_sq: np.ndarray | None = None

    def step(self, point: np.ndarray, gradient: np.ndarray, hessian: HessianFn) -> np.ndarray:
        if self.exp_avg is None:
            self.exp_avg = np.zeros_like(point)
            self.exp_avg_sq = np.zeros_like(point)
            self.max_exp_avg_sq = np.zeros_like(point)
        g = -gradient if self.maximize else gradient
        self.t += 1
        if self.weight_decay != 0:
            g = g + self.weight_decay * point
        self.exp_avg = _lerp(self.exp_avg, g, 1 - self.beta1)
        self.exp_avg_sq = self.exp_avg_sq * self.beta2 + (1 - self.beta2) * g * g
        bias_correction1 = 1 - self.beta1**self.t
        bias_correction2 = 1 - self.beta2**self.t
        step_size = self.lr / bias_correction1
        bias_correction2_sqrt = bias_correction2**0.5
        if self.amsgrad:
            self.max_exp_avg_sq = np.maximum(self.max_exp_avg_sq, self.exp_avg_sq)
            denom = np.sqrt(self.max_exp_avg_sq) / bias_correction2_sqrt + self.eps
        else:
            denom = np.sqrt(self.exp_avg_sq) / bias_correction2_sqrt + self.eps
        return point + (-step_size) * self.exp_avg / denom

    def state(self) -> State:
        """``step``, ``exp_avg`` (m), ``exp_avg_sq`` (v); ``max_exp_avg_sq`` with AMSGrad."""
        if self.exp_avg is None:
            return {}
        return _copies(
            step=self.t,
            exp_avg=self.exp_avg,
            exp_avg_sq=self.exp_avg_sq,
            max_exp_avg_sq=self.max_exp_avg_sq if self.amsgrad else None,
        )


class Newton:
    """Damped Newton's method: ``θ_t ← θ_{t-1} − γ (H + μI)⁻¹ ∇f(θ_{t-1})``.

    ``lr`` (γ, default 1) scales the step and ``damping`` (μ, default 0) is added to the
    Hessian's diagonal. When ``H + μI`` is singular, numerically singular (condition number
    above 1/machine-epsilon) or its solution is non-finite, the smallest extra damping from
    1e-8, 1e-7, ..., 1e8 that makes it solvable is added, for that step only. A non-finite
    Hessian, or one no such damping rescues, raises :class:`ArithmeticError` (the run diverges).

    Newton seeks a stationary point, not a minimum: near a maximum or a saddle it goes there,
    and ``maximize`` does not change the step (it only flips the objective's sign, and the
    Newton step of ``-f`` equals that of ``f``).
    """

    EXTRA_DAMPINGS = tuple(1e-8 * 10.0**k for k in range(17))  # 1e-8 ... 1e8
    MAX_CONDITION = 1.0 / np.finfo(np.float64).eps

    def __init__(self, lr: float = 1.0, damping: float = 0.0, maximize: bool = False):
        self.lr, self.damping, self.maximize = lr, damping, maximize

    def step(self, point: np.ndarray, gradient: np.ndarray, hessian: HessianFn) -> np.ndarray:
        h = np.asarray(hessian(point), dtype=np.float64)
        n = point.shape[0]
        if h.shape != (n, n):
            raise ValueError(f"the Hessian has shape {h.shape}, expected {(n, n)}")
        if not np.all(np.isfinite(h)):
            raise ArithmeticError("the Hessian is not finite")
        direction = self._solve(h + self.damping * np.eye(n), gradient)
        for extra in self.EXTRA_DAMPINGS:
            if direction is not None:
                break
            direction = self._solve(h + (self.damping + extra) * np.eye(n), gradient)
        if direction is None:
            raise ArithmeticError("the Newton system stays singular for every damping up to 1e8")
        return point - self.lr * direction

    def state(self) -> State:
        """Newton keeps no state between steps."""
        return {}

    @classmethod
    def _solve(cls, matrix: np.ndarray, rhs: np.ndarray) -> np.ndarray | None:
        """``matrix⁻¹ rhs``, or None when the system is (numerically) singular."""
        try:
            if not np.linalg.cond(matrix) < cls.MAX_CONDITION:
                return None
            solution = np.linalg.solve(matrix, rhs)
        except np.linalg.LinAlgError:
            return None
        return solution if np.all(np.isfinite(solution)) else None


def _lerp(start: np.ndarray, end: np.ndarray, weight: float) -> np.ndarray:
    """``torch.lerp``: ``start + weight (end − start)``, computed from the nearer end as torch does."""
    if abs(weight) < 0.5:
        return start + weight * (end - start)
    return end - (end - start) * (1 - weight)


# --------------------------------------------------------------------------------------------
# Hyper-parameters and the registry.
# --------------------------------------------------------------------------------------------

Value = float | tuple[float, float] | bool


def _number(value: Any) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        raise TypeError
    number = float(value)
    if not math.isfinite(number):
        raise ValueError
    return number


def _in_range(low: float, high: float = math.inf, *, low_open=False, high_open=False):
    def check(value: Any) -> float:
        number = _number(value)
        if number < low or (low_open and number == low):
            raise ValueError
        if number > high or (high_open and number == high):
            raise ValueError
        return number

    return check


def _betas(value: Any) -> tuple[float, float]:
    if isinstance(value, str | bytes) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError
    unit = _in_range(0.0, 1.0, high_open=True)
    return (unit(value[0]), unit(value[1]))


def _flag(value: Any) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise TypeError
    return bool(value)


@dataclass(frozen=True)
class Hyperparameter:
    """One hyper-parameter: its name, default, a description and the values it accepts."""

    name: str
    default: Value
    description: str
    allowed: str  # human-readable, e.g. "a number >= 0"
    convert: Callable[[Any], Value]  # validates and normalises; raises TypeError/ValueError

    def validate(self, value: Any, optimizer: str) -> Value:
        try:
            return self.convert(value)
        except (TypeError, ValueError):
            finite = "" if _all_finite(value) else " (every number must be finite)"
            raise OptionError(
                f"{optimizer} option {self.name}={value!r} is not allowed: {self.name} must be "
                f"{self.allowed}{finite}"
            ) from None


def _all_finite(value: Any) -> bool:
    """False for a non-finite float, alone or inside a tuple or list."""
    if isinstance(value, tuple | list):
        return all(_all_finite(v) for v in value)
    return not isinstance(value, float | np.floating) or math.isfinite(value)


def _lr(default: float) -> Hyperparameter:
    return Hyperparameter("lr", default, "learning rate (step size)", "a number >= 0", _in_range(0.0))


def _nonnegative(name: str, default: float, description: str) -> Hyperparameter:
    return Hyperparameter(name, default, description, "a number >= 0", _in_range(0.0))


def _unit(name: str, default: float, description: str) -> Hyperparameter:
    return Hyperparameter(
        name, default, description, "a number in [0, 1)", _in_range(0.0, 1.0, high_open=True)
    )


def _eps(default: float) -> Hyperparameter:
    return Hyperparameter(
        "eps", default, "added to the denominator for numerical stability", "a number > 0",
        _in_range(0.0, low_open=True),
    )


def _flag_option(name: str, description: str) -> Hyperparameter:
    return Hyperparameter(name, False, description, "True or False", _flag)


_WEIGHT_DECAY = _nonnegative("weight_decay", 0.0, "L2 penalty: adds weight_decay * x to the gradient")


@dataclass(frozen=True)
class OptimizerSpec:
    """A registered optimiser: name, one-line description, hyper-parameters and stepper factory.

    ``factory(maximize=..., **hyperparameters)`` builds a fresh :class:`Stepper`;
    ``fixed`` are keyword arguments always passed to it (e.g. ``nesterov=True``).
    """

    name: str
    description: str
    hyperparameters: tuple[Hyperparameter, ...]
    factory: Callable[..., Stepper]
    fixed: Mapping[str, Any] = field(default_factory=dict)

    @property
    def defaults(self) -> dict[str, Value]:
        return {p.name: p.default for p in self.hyperparameters}

    def resolve(self, **given: Any) -> dict[str, Value]:
        """All hyper-parameters, validated, with defaults filled in for the ones not given.

        A value of None means "use the default".
        """
        known = {p.name: p for p in self.hyperparameters}
        for name in given:
            if name not in known:
                elsewhere = [o.name for o in OPTIMIZERS.values() if name in o.defaults]
                hint = f" (an option of {', '.join(elsewhere)})" if elsewhere else _did_you_mean(name, known)
                raise OptionError(
                    f"{self.name} has no option {name!r}{hint}; its options are: {', '.join(known)}"
                )
        resolved = {
            name: p.default if given.get(name) is None else p.validate(given[name], self.name)
            for name, p in known.items()
        }
        self._check_combination(resolved)
        return resolved

    def _check_combination(self, resolved: Mapping[str, Value]) -> None:
        # torch: "Nesterov momentum requires a momentum and zero dampening"
        nesterov = resolved.get("nesterov", self.fixed.get("nesterov", False))
        if nesterov and resolved.get("momentum", 0.0) <= 0:
            raise OptionError(
                f"{self.name} option momentum={resolved.get('momentum')!r} is not allowed: "
                "Nesterov momentum needs momentum > 0"
            )
        if nesterov and resolved.get("dampening", 0.0) != 0:
            raise OptionError(
                f"{self.name} option dampening={resolved.get('dampening')!r} is not allowed: "
                "Nesterov momentum needs dampening = 0"
            )

    def stepper(self, maximize: bool = False, **given: Any) -> Stepper:
        """A fresh stepper with the given hyper-parameters (validated, defaults filled in)."""
        return self.factory(maximize=bool(maximize), **self.fixed, **self.resolve(**given))


def _did_you_mean(name: str, choices) -> str:
    close = difflib.get_close_matches(str(name), list(choices), n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


OPTIMIZERS: dict[str, OptimizerSpec] = {
    spec.name: spec
    for spec in (
        OptimizerSpec(
            "gd",
            "plain gradient descent: x <- x - lr * grad (torch.optim.SGD, momentum 0)",
            (_lr(1e-3), _WEIGHT_DECAY),
            SGD,
        ),
        OptimizerSpec(
            "momentum",
            "gradient descent with heavy-ball momentum (torch.optim.SGD; momentum defaults to 0.9 here)",
            (
                _lr(1e-3),
                _nonnegative("momentum", 0.9, "momentum factor (torch's SGD default is 0; ours 0.9)"),
                Hyperparameter(
                    "dampening", 0.0, "dampening for momentum (not applied on the first step)",
                    "a number in [0, 1]", _in_range(0.0, 1.0),
                ),
                _WEIGHT_DECAY,
                _flag_option("nesterov", "use Nesterov momentum (needs dampening 0)"),
            ),
            SGD,
        ),
        OptimizerSpec(
            "nesterov",
            "gradient descent with Nesterov momentum (torch.optim.SGD, nesterov=True, momentum 0.9)",
            (
                _lr(1e-3),
                Hyperparameter(
                    "momentum", 0.9, "momentum factor", "a number > 0", _in_range(0.0, low_open=True)
                ),
                _WEIGHT_DECAY,
            ),
            SGD,
            {"nesterov": True},
        ),
        OptimizerSpec(
            "adagrad",
            "Adagrad: per-coordinate steps scaled by the accumulated squared gradient (torch.optim.Adagrad)",
            (
                _lr(1e-2),
                _nonnegative("lr_decay", 0.0, "learning-rate decay: lr / (1 + (t - 1) * lr_decay)"),
                _WEIGHT_DECAY,
                _nonnegative("initial_accumulator_value", 0.0, "starting value of the squared-gradient sum"),
                _eps(1e-10),
            ),
            Adagrad,
        ),
        OptimizerSpec(
            "rmsprop",
            "RMSprop: steps divided by a running RMS of the gradient (torch.optim.RMSprop)",
            (
                _lr(1e-2),
                _unit("alpha", 0.99, "smoothing constant of the squared-gradient average"),
                _eps(1e-8),
                _WEIGHT_DECAY,
                _nonnegative("momentum", 0.0, "momentum factor"),
                _flag_option("centered", "divide by the estimated variance instead of the raw second moment"),
            ),
            RMSprop,
        ),
        OptimizerSpec(
            "adam",
            "Adam: bias-corrected running moments of the gradient (torch.optim.Adam)",
            (
                _lr(1e-3),
                Hyperparameter(
                    "betas", (0.9, 0.999), "decay rates of the first and second moment averages",
                    "a pair (beta1, beta2) of numbers in [0, 1)", _betas,
                ),
                _eps(1e-8),
                _WEIGHT_DECAY,
                _flag_option("amsgrad", "use the AMSGrad variant (running maximum of the second moment)"),
            ),
            Adam,
        ),
        OptimizerSpec(
            "newton",
            "damped Newton's method: x <- x - lr * (H + damping I)^-1 grad (goes to any stationary point)",
            (
                _lr(1.0),
                _nonnegative("damping", 0.0, "added to the Hessian's diagonal (Levenberg-style damping)"),
            ),
            Newton,
        ),
    )
}


def get_optimizer(name: str) -> OptimizerSpec:
    """The registered optimiser called ``name``; OptionError listing the valid names otherwise."""
    try:
        return OPTIMIZERS[name]
    except (KeyError, TypeError):
        raise OptionError(
            f"unknown optimizer {name!r}"
            + _did_you_mean(name, OPTIMIZERS)
            + f"; choose one of: {', '.join(OPTIMIZERS)}"
        ) from None


def make_stepper(name: str, maximize: bool = False, **hyperparameters: Any) -> Stepper:
    """A fresh stepper for optimiser ``name`` (hyper-parameters validated, defaults filled in)."""
    return get_optimizer(name).stepper(maximize=maximize, **hyperparameters)
