#!/usr/bin/env python3
"""Write tests/core/data/torch_reference.json: optimiser trajectories computed by PyTorch.

gradanim's gd, momentum, nesterov, adagrad, rmsprop and adam follow torch.optim's update rules
exactly; tests/core/test_optimizers.py checks that claim against the trajectories this script
records with torch itself (float64, CPU, the single-tensor code path ``foreach=False``, gradients
from autograd), and each step's optimiser state (``optimizer.state[x]`` after the step: the
momentum buffer, running averages, step count). The tests only read the JSON, so torch is needed
only to regenerate it.

Run it with torch in a throwaway virtualenv, never in the project's .venv::

    python3 -m venv /tmp/torchvenv
    /tmp/torchvenv/bin/pip install torch==2.13.0 numpy
    /tmp/torchvenv/bin/python scripts/make_torch_reference.py            # writes the JSON
    /tmp/torchvenv/bin/python scripts/make_torch_reference.py -o out.json

The script does not import gradanim: each case names gradanim's optimiser and hyper-parameters,
and ``torch_optimizer()`` below translates them into the torch.optim class and arguments
(``gd`` is SGD with momentum 0, ``nesterov`` is SGD with nesterov=True; gradanim's ``momentum``
default of 0.9 differs from torch's 0, so every momentum case states its momentum).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

OUTPUT = Path(__file__).resolve().parent.parent / "tests" / "core" / "data" / "torch_reference.json"

# The objectives, as data (the tests rebuild them with numpy) and as torch expressions.
FUNCTIONS = {
    "quadratic": {
        "formula": "f(x) = 1/2 x^T A x - b^T x",
        "A": [[4.0, 1.5], [1.5, 1.0]],
        "b": [1.0, -2.0],
    },
    "rosenbrock": {
        "formula": "f(x, y) = (a - x)^2 + b (y - x^2)^2",
        "a": 1.0,
        "b": 100.0,
    },
}

STARTS = {"quadratic": [2.0, -1.5], "rosenbrock": [-1.2, 1.0]}
STEPS = 40


def torch_function(name: str):
    spec = FUNCTIONS[name]
    if name == "quadratic":
        A = torch.tensor(spec["A"], dtype=torch.float64)
        b = torch.tensor(spec["b"], dtype=torch.float64)
        return lambda x: 0.5 * (x @ (A @ x)) - b @ x
    if name == "rosenbrock":
        a, b = spec["a"], spec["b"]
        return lambda x: (a - x[0]) ** 2 + b * (x[1] - x[0] ** 2) ** 2
    raise KeyError(name)


def _case(function: str, optimizer: str, maximize: bool = False, **hyperparameters) -> dict:
    return {
        "function": function,
        "optimizer": optimizer,
        "hyperparameters": hyperparameters,
        "maximize": maximize,
        "start": STARTS[function],
        "steps": STEPS,
    }


Q, R = "quadratic", "rosenbrock"
CASES = [
    # gd = SGD(momentum=0)
    _case(Q, "gd"),  # torch's default lr 1e-3
    _case(Q, "gd", lr=0.1),
    _case(Q, "gd", lr=0.05, weight_decay=0.1),
    _case(Q, "gd", maximize=True, lr=0.02),
    _case(R, "gd", lr=1e-3),
    _case(R, "gd", lr=5e-4, weight_decay=0.01),
    # momentum = SGD(momentum=...)
    _case(Q, "momentum", lr=0.05, momentum=0.9),
    _case(Q, "momentum", lr=0.05, momentum=0.5, dampening=0.3),
    _case(Q, "momentum", lr=0.02, momentum=0.9, nesterov=True),
    _case(Q, "momentum", maximize=True, lr=0.01, momentum=0.8, weight_decay=0.05),
    _case(R, "momentum", lr=1e-4, momentum=0.9),
    _case(R, "momentum", lr=2e-4, momentum=0.7, dampening=0.2),
    # nesterov = SGD(nesterov=True)
    _case(Q, "nesterov", lr=0.05, momentum=0.9),
    _case(Q, "nesterov", lr=0.03, momentum=0.6, weight_decay=0.1),
    _case(Q, "nesterov", maximize=True, lr=0.01, momentum=0.9),
    _case(R, "nesterov", lr=1e-4, momentum=0.9),
    # adagrad
    _case(Q, "adagrad"),  # torch's defaults
    _case(Q, "adagrad", lr=0.5),
    _case(Q, "adagrad", lr=0.5, lr_decay=0.1),
    _case(Q, "adagrad", lr=0.3, initial_accumulator_value=0.5, eps=1e-6, weight_decay=0.05),
    _case(Q, "adagrad", maximize=True, lr=0.1),
    _case(R, "adagrad", lr=0.1),
    _case(R, "adagrad", lr=0.2, lr_decay=0.05),
    # rmsprop
    _case(Q, "rmsprop"),  # torch's defaults
    _case(Q, "rmsprop", lr=0.01, centered=True),
    _case(Q, "rmsprop", lr=0.005, momentum=0.9),
    _case(Q, "rmsprop", lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.1, momentum=0.5, centered=True),
    _case(Q, "rmsprop", maximize=True, lr=0.01),
    _case(R, "rmsprop", lr=1e-3),
    _case(R, "rmsprop", lr=1e-3, centered=True, momentum=0.5),
    # adam
    _case(Q, "adam"),  # torch's defaults
    _case(Q, "adam", lr=0.1),
    _case(Q, "adam", lr=0.05, amsgrad=True),
    _case(Q, "adam", lr=0.1, betas=[0.8, 0.99], eps=1e-6, weight_decay=0.1),
    _case(Q, "adam", maximize=True, lr=0.05),
    _case(R, "adam", lr=0.02),
    _case(R, "adam", lr=0.05, betas=[0.5, 0.9], amsgrad=True),
    _case(R, "adam", maximize=True, lr=0.01),
]


def torch_optimizer(optimizer: str, hyperparameters: dict, maximize: bool) -> tuple[str, dict]:
    """gradanim's optimiser name and hyper-parameters -> torch.optim class name and kwargs."""
    kwargs = dict(hyperparameters, maximize=maximize, foreach=False)
    if optimizer == "gd":
        return "SGD", dict(kwargs, momentum=0.0)
    if optimizer == "momentum":
        return "SGD", kwargs
    if optimizer == "nesterov":
        return "SGD", dict(kwargs, nesterov=True, dampening=0.0)
    if "betas" in kwargs:
        kwargs["betas"] = tuple(kwargs["betas"])
    return {"adagrad": "Adagrad", "rmsprop": "RMSprop", "adam": "Adam"}[optimizer], kwargs


def torch_state(state: dict) -> dict:
    """``optimizer.state[x]`` as JSON: tensors as lists (``step``, a 0-d tensor, as an int)."""
    out = {}
    for name, value in state.items():
        if value is None:
            continue
        if name == "step":
            out[name] = int(value.item() if torch.is_tensor(value) else value)
        else:
            out[name] = value.detach().tolist()
    return out


def run_case(case: dict) -> dict:
    """The case with torch's trajectory added: steps + 1 points, values and gradients, and
    ``states``: the optimiser's state after each of the steps."""
    f = torch_function(case["function"])
    cls, kwargs = torch_optimizer(case["optimizer"], case["hyperparameters"], case["maximize"])
    x = torch.tensor(case["start"], dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, cls)([x], **kwargs)
    points, values, gradients, states = [], [], [], []
    for t in range(case["steps"] + 1):
        opt.zero_grad()
        loss = f(x)
        loss.backward()
        points.append(x.detach().tolist())
        values.append(loss.item())
        gradients.append(x.grad.tolist())
        if t < case["steps"]:
            opt.step()
            states.append(torch_state(opt.state[x]))
    json_kwargs = {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}
    return dict(
        case,
        torch={"class": f"torch.optim.{cls}", "kwargs": json_kwargs},
        points=points,
        values=values,
        gradients=gradients,
        states=states,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    args = parser.parse_args(argv)
    torch.set_default_dtype(torch.float64)
    reference = {
        "generated_by": "scripts/make_torch_reference.py",
        "torch_version": torch.__version__,
        "dtype": "float64",
        "note": (
            "points[0] is the start; gradients from torch.autograd; optimizers with foreach=False; "
            "states[k] is optimizer.state[x] after step k + 1"
        ),
        "functions": FUNCTIONS,
        "cases": [run_case(case) for case in CASES],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(reference, indent=1) + "\n")
    print(f"wrote {len(reference['cases'])} trajectories to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
