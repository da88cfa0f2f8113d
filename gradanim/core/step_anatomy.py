"""One optimiser step taken apart: the raw gradient, what the optimiser carries or divides
by, and the step it takes, read from a recorded run.

:func:`anatomy` reads step ``k`` of a :class:`~gradanim.core.trajectory.Trajectory` (from
``points[k]`` to ``points[k + 1]``) out of the run's own record: the gradient at
``points[k]`` and the optimiser's state before and after the step (``Trajectory.states``,
under ``torch.optim``'s names). It rebuilds the step from those parts with the update rule
(in the notation of :data:`gradanim.components.formula_card.UPDATE_RULES`: the state after
step k carries the index k + 1) and refuses to return parts that do not add up to the
step the run took (so what a scene shows as "the parts" is the step, to rounding).

Terms (float64 arrays of shape ``(n,)``; ``g`` is the gradient as the optimiser uses it:
negated when maximising, plus ``weight_decay * x``):

=============  =========================================================================
all            ``g`` and ``step`` (``points[k + 1] - points[k]``)
``momentum``   ``carried`` = mu b_k (0 at the first step), ``pushed`` = (1 - dampening) g
               (g at the first step), ``velocity`` = b_(k+1) = carried + pushed;
               step = -lr velocity
``nesterov``   the same (also momentum with nesterov=True), and ``direction`` = g + mu b_(k+1); step = -lr direction
``rmsprop``    ``square_avg`` s_(k+1) = rho s_k + (1 - rho) g^2, ``root`` = sqrt(s_(k+1))
               (centred: sqrt(s - grad_avg^2)), ``scaled`` = g / (root + eps); step =
               -lr scaled (with momentum: ``velocity`` = mu b_k + scaled, step = -lr velocity)
``adagrad``    ``sum`` s_(k+1) = s_k + g^2, ``root`` = sqrt(s_(k+1)), ``scaled`` =
               g / (root + eps); step = -lr_k scaled, lr_k = lr / (1 + k lr_decay)
``adam``       ``exp_avg`` m_(k+1), ``exp_avg_sq`` v_(k+1), ``m_hat`` = m / (1 - beta_1^t),
               ``v_hat`` = v / (1 - beta_2^t) (AMSGrad: of the running maximum),
               ``root`` = sqrt(v_hat), ``scaled`` = m_hat / (root + eps); step = -lr scaled
``gd``         step = -lr g
=============  =========================================================================

>>> from gradanim.core.objective import Objective
>>> from gradanim.core.trajectory import descend
>>> run = descend(Objective.from_text("x^2 + 3y^2"), [2, 1], "momentum", lr=0.1, momentum=0.8, steps=3)
>>> parts = anatomy(run, 1)
>>> np.round(parts.terms["carried"], 12).tolist(), np.round(parts.terms["velocity"], 12).tolist()
([3.2, 4.8], [6.4, 7.2])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from .errors import OptionError
from .trajectory import Trajectory

__all__ = ["StepAnatomy", "TERMS", "anatomy"]

TERMS: dict[str, str] = {
    "g": "the gradient as the optimiser uses it at x_k",
    "carried": "what momentum carries over from earlier steps: mu b_k",
    "pushed": "what this step's gradient adds to the velocity",
    "velocity": "the velocity after the step, b_(k+1)",
    "direction": "Nesterov's look-ahead direction g + mu b_(k+1)",
    "square_avg": "RMSprop's running average of squared gradients after the step",
    "sum": "Adagrad's running sum of squared gradients after the step",
    "exp_avg": "Adam's first moment m after the step",
    "exp_avg_sq": "Adam's second moment v after the step",
    "m_hat": "Adam's bias-corrected first moment",
    "v_hat": "Adam's bias-corrected second moment",
    "root": "the per-coordinate size the step is divided by (without eps)",
    "scaled": "the gradient (Adam: m_hat) divided by root + eps, coordinate by coordinate",
    "step": "the step taken, x_(k+1) - x_k",
}
"""Every term an anatomy may hold, and what it is."""


@dataclass(frozen=True)
class StepAnatomy:
    """Step ``k`` of a run taken apart (see the module's table for ``terms``)."""

    optimizer: str
    k: int
    point: np.ndarray
    lr: float
    terms: Mapping[str, np.ndarray]

    @property
    def step(self) -> np.ndarray:
        return self.terms["step"]


def _zeros_or(state: Mapping, name: str, n: int) -> np.ndarray:
    return np.asarray(state[name], dtype=float) if name in state else np.zeros(n)


def anatomy(trajectory: Trajectory, k: int) -> StepAnatomy:
    """Step ``k`` (0 <= k < n_steps) of ``trajectory`` taken apart. OptionError for a step
    the run did not take or an optimiser with nothing to take apart (Newton)."""
    if not 0 <= int(k) < trajectory.n_steps:
        raise OptionError(f"step {k} is not a step of this run (it took {trajectory.n_steps})")
    k = int(k)
    name, hp = trajectory.optimizer, trajectory.hyperparameters
    if name == "newton":
        raise OptionError("Newton's step is H^-1 grad f: it keeps no state to take apart")
    x = np.asarray(trajectory.points[k], dtype=float)
    n = x.size
    g = np.asarray(trajectory.gradients[k], dtype=float)
    g = -g if trajectory.maximize else g
    if hp.get("weight_decay", 0.0):
        g = g + float(hp["weight_decay"]) * x
    before = trajectory.states[k - 1] if k > 0 else {}
    after = trajectory.states[k]
    lr = float(hp["lr"])
    terms: dict[str, np.ndarray] = {"g": g}

    if name in ("momentum", "nesterov"):
        mu = float(hp["momentum"])
        carried = mu * _zeros_or(before, "momentum_buffer", n)
        pushed = g if k == 0 else (1.0 - float(hp.get("dampening", 0.0))) * g
        velocity = np.asarray(after["momentum_buffer"], dtype=float)
        terms.update(carried=carried, pushed=pushed, velocity=velocity)
        if name == "nesterov" or hp.get("nesterov"):
            terms["direction"] = g + mu * velocity
            rebuilt = -lr * terms["direction"]
        else:
            rebuilt = -lr * velocity
        _same(carried + pushed, velocity, "the velocity is not what was carried plus what was pushed")
    elif name in ("rmsprop", "adagrad"):
        key = "square_avg" if name == "rmsprop" else "sum"
        kept = np.asarray(after[key], dtype=float)
        terms[key] = kept
        if name == "rmsprop" and hp.get("centered"):
            mean = np.asarray(after["grad_avg"], dtype=float)
            root = np.sqrt(kept - mean * mean)
        else:
            root = np.sqrt(kept)
        scaled = g / (root + float(hp["eps"]))
        terms.update(root=root, scaled=scaled)
        if name == "rmsprop" and float(hp.get("momentum", 0.0)) > 0:
            terms["carried"] = float(hp["momentum"]) * _zeros_or(before, "momentum_buffer", n)
            terms["velocity"] = np.asarray(after["momentum_buffer"], dtype=float)
            rebuilt = -lr * terms["velocity"]
        elif name == "adagrad":
            rebuilt = -(lr / (1 + k * float(hp.get("lr_decay", 0.0)))) * scaled
        else:
            rebuilt = -lr * scaled
    elif name == "adam":
        beta1, beta2 = (float(b) for b in hp["betas"])
        t = int(after["step"])
        m = np.asarray(after["exp_avg"], dtype=float)
        v = np.asarray(after["exp_avg_sq"], dtype=float)
        divided = np.asarray(after["max_exp_avg_sq"], dtype=float) if hp.get("amsgrad") else v
        m_hat, v_hat = m / (1 - beta1**t), divided / (1 - beta2**t)
        root = np.sqrt(v_hat)
        scaled = m_hat / (root + float(hp["eps"]))
        terms.update(exp_avg=m, exp_avg_sq=v, m_hat=m_hat, v_hat=v_hat, root=root, scaled=scaled)
        rebuilt = -lr * scaled
    elif name == "gd":
        rebuilt = -lr * g
    else:
        raise OptionError(f"no anatomy for optimiser {name!r}")

    step = np.asarray(trajectory.steps[k], dtype=float)
    _same(rebuilt, step, f"the parts of step {k} do not add up to the step the run took")
    terms["step"] = step
    for value in terms.values():
        value.flags.writeable = False
    return StepAnatomy(name, k, x, lr, MappingProxyType(terms))


def _same(a: np.ndarray, b: np.ndarray, message: str) -> None:
    scale = max(float(np.max(np.abs(b), initial=0.0)), 1e-300)
    if not np.allclose(a, b, rtol=1e-9, atol=1e-12 * scale):
        raise ArithmeticError(f"{message}: {a.tolist()} != {b.tolist()}")
