"""Optimisers and descend() against independent truth: closed forms, PyTorch's own trajectories,
Newton's known convergence, and well-behaved stopping on wild runs."""

from __future__ import annotations

import functools
import importlib.util
import inspect
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gradanim.core.errors import OptionError
from gradanim.core.optimizers import OPTIMIZERS, OptimizerSpec, get_optimizer, make_stepper
from gradanim.core.trajectory import DifferentiableFunction, Status, Trajectory, descend

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(__file__).parent / "data" / "torch_reference.json"
TORCH_OPTIMIZERS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


# ------------------------------------------------------------------------------ test doubles


class QuadraticFunction:
    """f(x) = ½ xᵀAx − bᵀx: gradient Ax − b, Hessian A."""

    def __init__(self, A, b=None):
        self.A = np.array(A, dtype=np.float64)
        self.n_variables = self.A.shape[0]
        self.b = np.zeros(self.n_variables) if b is None else np.array(b, dtype=np.float64)

    def value(self, x):
        return 0.5 * x @ (self.A @ x) - self.b @ x

    def gradient(self, x):
        return self.A @ x - self.b

    def hessian(self, x):
        return self.A

    @property
    def stationary_point(self):
        return np.linalg.solve(self.A, self.b)


class Rosenbrock:
    """f(x, y) = (a − x)² + b (y − x²)², minimum 0 at (a, a²)."""

    n_variables = 2

    def __init__(self, a=1.0, b=100.0):
        self.a, self.b = a, b

    def value(self, p):
        x, y = p
        return (self.a - x) ** 2 + self.b * (y - x * x) ** 2

    def gradient(self, p):
        x, y = p
        return np.array([-2 * (self.a - x) - 4 * self.b * x * (y - x * x), 2 * self.b * (y - x * x)])

    def hessian(self, p):
        x, y = p
        return np.array(
            [[2 - 4 * self.b * (y - x * x) + 8 * self.b * x * x, -4 * self.b * x], [-4 * self.b * x, 2 * self.b]]
        )


class UndefinedBeyond(QuadraticFunction):
    """½‖x − c‖² with c = (5, 0), but undefined for x₀ > 2: returns nan or raises there."""

    def __init__(self, how="nan", where="value"):
        super().__init__(np.eye(2), [5.0, 0.0])
        self.how, self.where = how, where

    def _wild(self, x, result, size=None):
        if x[0] <= 2:
            return result
        if self.how == "nan":
            return math.nan if size is None else np.full(size, math.nan)
        raise OverflowError("math range error")

    def value(self, x):
        result = super().value(x)
        return self._wild(x, result) if self.where == "value" else result

    def gradient(self, x):
        result = super().gradient(x)
        return self._wild(x, result, 2) if self.where == "gradient" else result


def closed_form_gd(A, x0, lr, k):
    """Gradient descent on ½xᵀAx: x_k = (I − lr A)^k x_0."""
    return np.linalg.matrix_power(np.eye(len(x0)) - lr * np.asarray(A), k) @ np.asarray(x0)


def test_test_doubles_satisfy_the_protocol():
    assert isinstance(QuadraticFunction(np.eye(2)), DifferentiableFunction)
    assert isinstance(Rosenbrock(), DifferentiableFunction)


# ------------------------------------------------------------------- 1. closed form for gd

NON_DIAGONAL = [[2.0, 1.0], [1.0, 3.0]]


@pytest.mark.parametrize(
    "A, lr, x0",
    [(np.diag([1.0, 10.0]), 0.15, [1.0, 1.0]), (NON_DIAGONAL, 0.3, [2.0, -1.0]), (NON_DIAGONAL, 0.5, [-3.0, 0.5])],
)
def test_gd_on_quadratic_matches_closed_form(A, lr, x0):
    t = descend(QuadraticFunction(A), x0, "gd", lr=lr, steps=30, tol=0.0)
    assert t.status is Status.MAX_STEPS and t.n_steps == 30
    expected = np.array([closed_form_gd(A, x0, lr, k) for k in range(31)])
    np.testing.assert_allclose(t.points, expected, rtol=1e-12, atol=0)


@st.composite
def spd_problems(draw):
    n = draw(st.integers(1, 4))
    entries = st.floats(-3, 3, allow_nan=False, allow_infinity=False)
    M = np.array(draw(st.lists(entries, min_size=n * n, max_size=n * n))).reshape(n, n)
    A = M.T @ M + draw(st.floats(0.1, 2.0)) * np.eye(n)
    A = (A + A.T) / 2
    fraction = draw(st.floats(0.05, 0.95))  # lr as a fraction of the stability limit 2/λ_max
    lr = fraction * 2 / np.linalg.eigvalsh(A).max()
    x0 = np.array(draw(st.lists(st.floats(-10, 10), min_size=n, max_size=n)))
    return A, lr, x0


@settings(max_examples=40, deadline=None)
@given(spd_problems())
def test_gd_closed_form_for_random_spd_matrices(problem):
    A, lr, x0 = problem
    assume(np.linalg.norm(x0) > 1e-3)
    t = descend(QuadraticFunction(A), x0, "gd", lr=lr, steps=25, tol=0.0)
    assert t.n_steps == 25
    expected = np.array([closed_form_gd(A, x0, lr, k) for k in range(26)])
    # Relative to the problem's scale ‖x₀‖: components that decay fast carry rounding from
    # the early steps, so per-element relative error is not meaningful once they are ~1e-16.
    error = np.linalg.norm(t.points - expected, axis=1).max()
    assert error <= 1e-12 * np.linalg.norm(x0)


@pytest.mark.parametrize("A", [np.diag([1.0, 10.0]), NON_DIAGONAL])
def test_gd_is_stable_just_below_two_over_lambda_max(A):
    limit = 2 / np.linalg.eigvalsh(A).max()
    t = descend(QuadraticFunction(A), [1.0, -1.0], "gd", lr=0.98 * limit, steps=300, tol=1e-9)
    assert t.status in (Status.CONVERGED, Status.MAX_STEPS)
    norms = np.linalg.norm(t.points, axis=1)
    assert np.all(np.diff(norms) <= 1e-15)  # ‖I − αA‖₂ < 1: the norm never grows
    assert norms[-1] < 0.01 * norms[0]


@pytest.mark.parametrize("A", [np.diag([1.0, 10.0]), NON_DIAGONAL])
def test_gd_diverges_just_above_two_over_lambda_max(A):
    limit = 2 / np.linalg.eigvalsh(A).max()
    t = descend(QuadraticFunction(A), [1.0, -1.0], "gd", lr=1.02 * limit, steps=2000, bound=1e3)
    assert t.status is Status.DIVERGED and t.diverged and not t.converged
    assert t.message.startswith("left the bound |x| <= 1000 at step")
    assert np.all(np.isfinite(t.points)) and np.abs(t.points).max() <= 1e3
    norms = np.linalg.norm(t.points, axis=1)
    assert norms[-1] > 100 * norms[0]
    # the first point beyond the bound is not recorded: one more step would have left it
    assert np.abs(closed_form_gd(A, [1.0, -1.0], 1.02 * limit, t.n_steps + 1)).max() > 1e3


# ------------------------------------------------------------------ 2. equality with PyTorch


@functools.cache
def _reference():
    return json.loads(REFERENCE.read_text())


def _reference_function(name, functions):
    spec = functions[name]
    if name == "quadratic":
        return QuadraticFunction(spec["A"], spec["b"])
    return Rosenbrock(spec["a"], spec["b"])


def _assert_matches_torch(case, functions):
    f = _reference_function(case["function"], functions)
    t = descend(
        f, case["start"], case["optimizer"], steps=case["steps"], tol=0.0,
        maximize=case["maximize"], **case["hyperparameters"],
    )
    assert t.status is Status.MAX_STEPS and t.n_steps == case["steps"]
    assert t.maximize == case["maximize"]
    np.testing.assert_allclose(t.points, case["points"], rtol=1e-12, atol=0)
    # values and gradients come from our numpy test doubles vs torch autograd: the optimiser is
    # not involved, but cancellation near zero needs an absolute floor at the array's scale.
    for ours, theirs in ((t.values, case["values"]), (t.gradients, case["gradients"])):
        theirs = np.asarray(theirs)
        np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-12 * np.abs(theirs).max())
    for name, value in case["hyperparameters"].items():
        expected = tuple(value) if isinstance(value, list) else value
        assert t.hyperparameters[name] == expected
    _assert_states_match_torch(t, case["states"])


def _assert_states_match_torch(t, states):
    """Each step's optimiser state equals torch's ``optimizer.state[x]`` after that step: the
    same entries under the same names, the same numbers to rounding."""
    assert len(t.states) == len(states) == t.n_steps
    for ours, theirs in zip(t.states, states):
        assert set(ours) == set(theirs), (t.optimizer, dict(ours), theirs)
        assert ours.get("step") == theirs.get("step")
    for name in states[0]:
        if name == "step":
            continue
        theirs = np.array([state[name] for state in states])
        np.testing.assert_allclose(
            t.state_history(name), theirs, rtol=1e-12, atol=1e-13 * np.abs(theirs).max(), err_msg=name
        )


def test_reference_json_covers_every_torch_optimizer_and_variant():
    reference = _reference()
    assert reference["torch_version"].startswith("2.13") and reference["dtype"] == "float64"
    cases = reference["cases"]
    for name in TORCH_OPTIMIZERS:
        mine = [c for c in cases if c["optimizer"] == name]
        assert len(mine) >= 3 and {c["function"] for c in mine} == {"quadratic", "rosenbrock"}
        assert any(c["maximize"] for c in mine)
    assert all(30 <= c["steps"] <= 50 and len(c["points"]) == c["steps"] + 1 for c in cases)
    assert all(len(c["states"]) == c["steps"] for c in cases)
    # every state name torch keeps for these optimisers is recorded somewhere
    kept = {(c["optimizer"], name) for c in cases for name in c["states"][0]}
    for pair in [("momentum", "momentum_buffer"), ("nesterov", "momentum_buffer"), ("adagrad", "sum"),
                 ("rmsprop", "square_avg"), ("rmsprop", "momentum_buffer"), ("rmsprop", "grad_avg"),
                 ("adam", "exp_avg"), ("adam", "exp_avg_sq"), ("adam", "max_exp_avg_sq")]:
        assert pair in kept, pair
    assert not any(c["states"][0] for c in cases if c["optimizer"] == "gd")
    used = [(c["optimizer"], k, v) for c in cases for k, v in c["hyperparameters"].items()]
    for variant in [("momentum", "nesterov", True), ("adam", "amsgrad", True), ("rmsprop", "centered", True)]:
        assert variant in used
    assert any(o == "rmsprop" and k == "momentum" for o, k, _ in used)
    assert any(o == "adagrad" and k == "lr_decay" for o, k, _ in used)


@pytest.mark.parametrize(
    "index", range(len(_reference()["cases"])),
    ids=[f"{c['function']}-{c['optimizer']}-{i}" for i, c in enumerate(_reference()["cases"])],
)
def test_trajectory_equals_torch_reference(index):
    reference = _reference()
    _assert_matches_torch(reference["cases"][index], reference["functions"])


def _load_reference_script():
    path = ROOT / "scripts" / "make_torch_reference.py"
    spec = importlib.util.spec_from_file_location("make_torch_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_live_torch_equality_and_defaults():
    torch = pytest.importorskip("torch")
    script = _load_reference_script()
    for case in script.CASES:
        _assert_matches_torch(script.run_case(case), script.FUNCTIONS)
    # our defaults are torch's (except momentum's momentum, documented as 0.9)
    classes = {"gd": torch.optim.SGD, "momentum": torch.optim.SGD, "nesterov": torch.optim.SGD,
               "adagrad": torch.optim.Adagrad, "rmsprop": torch.optim.RMSprop, "adam": torch.optim.Adam}
    for name, cls in classes.items():
        signature = inspect.signature(cls)
        for parameter, default in OPTIMIZERS[name].defaults.items():
            if (name, parameter) in {("momentum", "momentum"), ("nesterov", "momentum")}:
                continue
            assert signature.parameters[parameter].default == default, (name, parameter)


# ------------------------------------------------------------------------------- 3. Newton

QUADRATIC = QuadraticFunction([[4.0, 1.5], [1.5, 1.0]], [1.0, -2.0])


def test_newton_solves_a_quadratic_in_one_step():
    t = descend(QUADRATIC, [2.0, -1.5], "newton", tol=1e-9)
    assert t.status is Status.CONVERGED and t.n_steps == 1
    np.testing.assert_allclose(t.final_point, np.linalg.solve(QUADRATIC.A, QUADRATIC.b), rtol=1e-12)
    assert dict(t.hyperparameters) == {"lr": 1.0, "damping": 0.0}


def test_damped_newton_halves_the_distance_each_step():
    x_star = QUADRATIC.stationary_point
    x0 = np.array([2.0, -1.5])
    t = descend(QUADRATIC, x0, "newton", lr=0.5, steps=20, tol=0.0)
    assert t.n_steps == 20
    for k, point in enumerate(t.points):
        np.testing.assert_allclose(point - x_star, 0.5**k * (x0 - x_star), rtol=0, atol=1e-13)


def test_newton_converges_on_rosenbrock_from_the_classic_start():
    t = descend(Rosenbrock(), [-1.2, 1.0], "newton", steps=30, tol=1e-8)
    assert t.converged and t.n_steps < 30
    np.testing.assert_allclose(t.final_point, [1.0, 1.0], atol=1e-8)


def test_newton_goes_to_saddles_and_ignores_maximize():
    saddle = QuadraticFunction(np.diag([2.0, -2.0]), [2.0, 4.0])  # stationary at (1, -2)
    for maximize in (False, True):
        t = descend(saddle, [3.0, 3.0], "newton", maximize=maximize, tol=1e-9)
        assert t.converged and t.n_steps == 1
        np.testing.assert_allclose(t.final_point, [1.0, -2.0], rtol=1e-12)


def test_newton_damps_a_singular_hessian():
    valley = QuadraticFunction(np.diag([2.0, 0.0]), [2.0, 0.0])  # f = x² − 2x: every (1, y) is a minimum
    t = descend(valley, [3.0, 5.0], "newton", steps=5, tol=1e-6)
    assert t.converged
    np.testing.assert_allclose(t.final_point, [1.0, 5.0], atol=1e-6)
    # the explicit damping is applied as given
    step = make_stepper("newton", damping=2.0).step(np.array([3.0, 5.0]), np.array([4.0, 0.0]), valley.hessian)
    np.testing.assert_allclose(step, [2.0, 5.0])


def test_newton_with_a_non_finite_hessian_diverges():
    class BadHessian(QuadraticFunction):
        def hessian(self, x):
            return np.full((2, 2), np.nan)

    t = descend(BadHessian(np.eye(2)), [1.0, 1.0], "newton")
    assert t.diverged and t.n_steps == 0 and "Hessian" in t.message


# ------------------------------------------------------------------------------ 4. stopping


def test_converged_message_and_consistent_arrays():
    t = descend(QUADRATIC, [2.0, -1.5], "gd", lr=0.2, steps=1000, tol=1e-6)
    assert t.status is Status.CONVERGED and t.converged and not t.diverged
    norm = np.linalg.norm(t.gradients[-1])
    assert norm < 1e-6 and np.all(np.linalg.norm(t.gradients[:-1], axis=1) >= 1e-6)
    assert t.message == f"gradient norm {norm:.2g} < tol 1e-06 after {t.n_steps} steps"
    assert t.points.shape == (t.n_steps + 1, 2) and t.values.shape == (t.n_steps + 1,)
    assert t.gradients.shape == t.points.shape and t.steps.shape == (t.n_steps, 2)
    np.testing.assert_array_equal(t.steps, np.diff(t.points, axis=0))
    np.testing.assert_array_equal(t.final_point, t.points[-1])
    assert t.final_value == t.values[-1] == QUADRATIC.value(t.points[-1])
    for array in (t.points, t.values, t.gradients, t.steps):
        assert array.dtype == np.float64 and not array.flags.writeable
        with pytest.raises(ValueError):
            array[0] = 1.0


def test_start_at_the_minimum_takes_no_step():
    t = descend(QUADRATIC, QUADRATIC.stationary_point, "adam")
    assert t.status is Status.CONVERGED and t.n_steps == 0
    assert t.points.shape == (1, 2) and t.steps.shape == (0, 2)
    assert t.message.endswith("after 0 steps")


def test_max_steps_message():
    t = descend(QUADRATIC, [2.0, -1.5], "gd", steps=3)
    assert t.status is Status.MAX_STEPS and t.n_steps == 3 and not t.converged and not t.diverged
    assert t.message.startswith("stopped after 3 steps with gradient norm")
    assert descend(QUADRATIC, [2.0, -1.5], "gd", steps=0).n_steps == 0


def test_as_dict_is_json_friendly():
    t = descend(Rosenbrock(), [-1.2, 1.0], "adam", lr=0.01, steps=5)
    data = json.loads(json.dumps(t.as_dict()))
    assert data["optimizer"] == "adam" and data["status"] == "max_steps" and data["maximize"] is False
    assert data["hyperparameters"] == {"lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}
    assert np.array_equal(data["points"], t.points) and len(data["steps"]) == 5
    assert isinstance(t, Trajectory)


@pytest.mark.filterwarnings("error")
def test_diverging_run_is_clean_and_silent():
    bowl = QuadraticFunction(2 * np.eye(2))  # f = x² + y², gd with lr 1.5 doubles |x| each step
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = descend(bowl, [1.0, 1.0], "gd", lr=1.5, steps=100)
        assert t.status is Status.DIVERGED and t.message == "left the bound |x| <= 1e6 at step 20"
        assert t.n_steps == 19 and np.abs(t.points[-1]).max() == 2.0**19
        # with no bound it runs into overflow of the value itself, still without a warning
        wild = descend(bowl, [1.0, 1.0], "gd", lr=1.5, steps=5000, bound=math.inf)
        assert wild.status is Status.DIVERGED and "non-finite" in wild.message
        for run in (t, wild):
            for array in (run.points, run.values, run.gradients, run.steps):
                assert np.all(np.isfinite(array))
            assert np.all(np.isfinite(run.points[-1]))
        for name in ("momentum", "nesterov", "adagrad", "rmsprop", "adam"):
            run = descend(bowl, [1.0, 1.0], name, lr=1e150, steps=300, bound=math.inf, maximize=True)
            assert run.status in (Status.DIVERGED, Status.MAX_STEPS)
            assert np.all(np.isfinite(run.points)) and np.all(np.isfinite(run.values))


def test_states_are_what_each_step_was_made_of():
    """states[k] is the state that made steps[k]: the step is rebuilt from it by the update rule."""
    lr = 0.05
    t = descend(QUADRATIC, [2.0, -1.5], "momentum", lr=lr, momentum=0.8, steps=20, tol=0.0)
    np.testing.assert_allclose(t.steps, -lr * t.state_history("momentum_buffer"), rtol=1e-13)
    # the buffer is the momentum-weighted sum of the gradients so far
    g = t.gradients[:-1]
    expected = [sum(0.8 ** (k - j) * g[j] for j in range(k + 1)) for k in range(20)]
    np.testing.assert_allclose(t.state_history("momentum_buffer"), expected, rtol=1e-12)

    t = descend(QUADRATIC, [2.0, -1.5], "adam", lr=lr, betas=(0.8, 0.9), steps=20, tol=0.0)
    m, v, step = t.state_history("exp_avg"), t.state_history("exp_avg_sq"), t.state_history("step")
    np.testing.assert_array_equal(step, np.arange(1, 21))
    corrected = (lr / (1 - 0.8 ** step))[:, None] * m / (np.sqrt(v / (1 - 0.9 ** step)[:, None]) + 1e-8)
    np.testing.assert_allclose(t.steps, -corrected, rtol=1e-12)

    t = descend(QUADRATIC, [2.0, -1.5], "rmsprop", lr=lr, alpha=0.9, steps=20, tol=0.0)
    np.testing.assert_allclose(t.steps, -lr * g_over_rms(t.gradients[:-1], t.state_history("square_avg")), rtol=1e-12)

    t = descend(QUADRATIC, [2.0, -1.5], "adagrad", lr=0.5, steps=20, tol=0.0)
    np.testing.assert_allclose(t.state_history("sum"), np.cumsum(t.gradients[:-1] ** 2, axis=0), rtol=1e-12)


def g_over_rms(g, square_avg, eps=1e-8):
    return g / (np.sqrt(square_avg) + eps)


def test_states_are_read_only_and_in_the_json():
    t = descend(QUADRATIC, [2.0, -1.5], "adam", lr=0.1, steps=4, tol=0.0)
    assert len(t.states) == t.n_steps == 4
    with pytest.raises(TypeError):
        t.states[0]["exp_avg"] = np.zeros(2)
    with pytest.raises(ValueError):
        t.states[0]["exp_avg"][0] = 1.0
    data = json.loads(json.dumps(t.as_dict()))
    assert [state["step"] for state in data["states"]] == [1, 2, 3, 4]
    assert data["states"][-1]["exp_avg_sq"] == t.states[-1]["exp_avg_sq"].tolist()
    assert descend(QUADRATIC, [2.0, -1.5], "gd", lr=0.1, steps=3).states == ({}, {}, {})
    with pytest.raises(KeyError, match="adam keeps no 'sum' \\(it keeps: step, exp_avg, exp_avg_sq\\)"):
        t.state_history("sum")
    assert descend(QUADRATIC, QUADRATIC.stationary_point, "adam").states == ()


def test_a_state_that_overflows_ends_the_run_as_diverged():
    """Adam's squared gradient overflows long before the point leaves the bound: the run stops
    there instead of recording inf (or freezing, since a step divided by inf is 0)."""
    steep = QuadraticFunction(np.eye(1) * 1e200)
    t = descend(steep, [1.0], "adam", lr=0.1, steps=10, bound=math.inf)
    assert t.status is Status.DIVERGED and t.n_steps == 0
    assert t.message == "the optimizer's exp_avg_sq became non-finite at step 1"
    for state in t.states:
        assert all(np.all(np.isfinite(v)) for v in state.values())


@pytest.mark.parametrize("how", ["nan", "raise"])
@pytest.mark.parametrize("where", ["value", "gradient"])
def test_undefined_function_stops_as_diverged(how, where):
    t = descend(UndefinedBeyond(how, where), [0.0, 1.0], "gd", lr=0.1, steps=100)
    assert t.status is Status.DIVERGED
    assert t.points[:, 0].max() <= 2 and np.all(np.isfinite(t.gradients))
    assert f"{where} became non-finite at step {t.n_steps + 1}" in t.message
    if how == "raise":
        assert "OverflowError" in t.message


def test_trajectory_is_not_shared_with_the_caller():
    start = np.array([2.0, -1.5])
    t = descend(QUADRATIC, start, "gd", lr=0.1, steps=3)
    start[0] = 99.0
    assert t.points[0, 0] == 2.0


# -------------------------------------------------------------------------- 5. known results


@pytest.mark.parametrize(
    "optimizer, options, steps, tolerance",
    [
        ("gd", {"lr": 2e-3}, 6000, 1e-2),  # ~0.998 of the stability limit at (1, 1); slow valley
        ("momentum", {"lr": 1.5e-3, "momentum": 0.95}, 1000, 1e-3),
        ("nesterov", {"lr": 1e-3}, 2000, 1e-3),
        ("adam", {"lr": 0.1}, 1500, 1e-3),
        ("rmsprop", {"lr": 1e-3, "momentum": 0.9}, 1500, 1e-2),
    ],
)
def test_rosenbrock_minimum_is_reached(optimizer, options, steps, tolerance):
    t = descend(Rosenbrock(), [-1.2, 1.0], optimizer, steps=steps, tol=1e-4, **options)
    assert not t.diverged
    np.testing.assert_allclose(t.final_point, [1.0, 1.0], atol=tolerance)
    assert t.final_value < t.values[0]


@pytest.mark.parametrize("optimizer, lr", [("gd", 0.1), ("momentum", 0.05), ("adam", 0.05), ("adagrad", 0.5)])
def test_maximize_reaches_the_maximum_of_a_concave_function(optimizer, lr):
    cap = QuadraticFunction([[-2.0, 0.5], [0.5, -1.0]], [1.0, 2.0])  # concave, maximum at A⁻¹b
    t = descend(cap, [3.0, -2.0], optimizer, lr=lr, maximize=True, steps=5000, tol=1e-7)
    assert t.converged and t.maximize
    np.testing.assert_allclose(t.final_point, cap.stationary_point, atol=1e-6)
    assert t.final_value > t.values[0]


# ---------------------------------------------------------------------------- 6. bad options


def test_registry():
    assert list(OPTIMIZERS) == ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "newton"]
    for name, spec in OPTIMIZERS.items():
        assert isinstance(spec, OptimizerSpec) and spec.name == name and spec.description
        assert "lr" in spec.defaults and "\n" not in spec.description
    assert OPTIMIZERS["gd"].defaults == {"lr": 1e-3, "weight_decay": 0.0}
    assert OPTIMIZERS["momentum"].defaults["momentum"] == 0.9
    assert OPTIMIZERS["adam"].defaults == {"lr": 1e-3, "betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0, "amsgrad": False}
    assert OPTIMIZERS["rmsprop"].defaults == {"lr": 1e-2, "alpha": 0.99, "eps": 1e-8, "weight_decay": 0.0, "momentum": 0.0, "centered": False}
    assert OPTIMIZERS["adagrad"].defaults == {"lr": 1e-2, "lr_decay": 0.0, "weight_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10}
    assert OPTIMIZERS["newton"].defaults == {"lr": 1.0, "damping": 0.0}
    assert get_optimizer("adam") is OPTIMIZERS["adam"]


def test_unknown_optimizer_suggests_the_closest_name():
    with pytest.raises(OptionError) as error:
        descend(QUADRATIC, [0.0, 0.0], "adma")
    message = str(error.value)
    assert "'adma'" in message and "did you mean 'adam'?" in message
    assert all(name in message for name in OPTIMIZERS)
    with pytest.raises(OptionError, match="did you mean 'nesterov'"):
        get_optimizer("nesterof")


def test_unknown_hyperparameter_suggests_the_closest_name():
    with pytest.raises(OptionError, match=r"adam has no option 'betass' \(did you mean 'betas'\?\)"):
        descend(QUADRATIC, [0.0, 0.0], "adam", betass=(0.9, 0.99))
    with pytest.raises(
        OptionError,
        match=r"gd has no option 'momentum' \(an option of momentum, nesterov, rmsprop\); its options are: lr, weight_decay",
    ):
        descend(QUADRATIC, [0.0, 0.0], "gd", momentum=0.9)


@pytest.mark.parametrize(
    "optimizer, options, names",
    [
        ("gd", dict(lr=-0.1), ("lr=-0.1", ">= 0")),
        ("gd", dict(lr=math.nan), ("lr=nan", ">= 0")),
        ("gd", dict(lr=True), ("lr=True",)),
        ("gd", dict(lr="fast"), ("lr='fast'",)),
        ("adam", dict(betas=(0.9, 1.0)), ("betas=(0.9, 1.0)", "[0, 1)")),
        ("adam", dict(betas=(-0.1, 0.9)), ("betas",)),
        ("adam", dict(betas=0.9), ("betas=0.9", "pair")),
        ("adam", dict(eps=0.0), ("eps=0.0", "> 0")),
        ("adagrad", dict(eps=-1e-10), ("eps",)),
        ("adam", dict(amsgrad="yes"), ("amsgrad='yes'", "True or False")),
        ("momentum", dict(momentum=-0.5), ("momentum=-0.5", ">= 0")),
        ("momentum", dict(dampening=1.5), ("dampening=1.5", "[0, 1]")),
        ("momentum", dict(nesterov=True, dampening=0.1), ("dampening", "Nesterov")),
        ("momentum", dict(nesterov=True, momentum=0.0), ("momentum", "Nesterov")),
        ("nesterov", dict(momentum=0.0), ("momentum=0.0", "> 0")),
        ("rmsprop", dict(alpha=1.0), ("alpha=1.0", "[0, 1)")),
        ("adagrad", dict(lr_decay=-1.0), ("lr_decay",)),
        ("adagrad", dict(initial_accumulator_value=-1.0), ("initial_accumulator_value",)),
        ("newton", dict(damping=-1.0), ("damping",)),
        ("rmsprop", dict(weight_decay=-1.0), ("weight_decay",)),
    ],
)
def test_invalid_hyperparameters_raise_option_error(optimizer, options, names):
    with pytest.raises(OptionError) as error:
        descend(QUADRATIC, [0.0, 0.0], optimizer, **options)
    for name in names:
        assert name in str(error.value)


@pytest.mark.parametrize(
    "arguments, text",
    [
        (dict(steps=-1), "steps=-1"),
        (dict(steps=2.5), "steps=2.5"),
        (dict(tol=-1e-6), "tol=-1e-06"),
        (dict(bound=0.0), "bound=0.0"),
        (dict(start=[1.0, 2.0, 3.0]), "start must be 2 numbers"),
        (dict(start=[1.0, math.nan]), "finite"),
        (dict(start=["a", "b"]), "start"),
        (dict(start=[1e7, 0.0]), "|x| <= 1e6"),
    ],
)
def test_bad_descend_arguments_raise_option_error(arguments, text):
    arguments = {"start": [1.0, 1.0], **arguments}
    with pytest.raises(OptionError) as error:
        descend(QUADRATIC, optimizer="gd", **arguments)
    assert text in str(error.value)


def test_start_where_the_function_is_undefined_is_a_bad_start():
    with pytest.raises(OptionError, match="not defined there"):
        descend(UndefinedBeyond(), [3.0, 0.0], "gd")
