"""Linear regression: the first lesson's MSE gradient and its demo's printed result."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gradanim.core.regression import LESSON_DEMO, RegressionData, mse_objective


def lesson_demo_verbatim():
    """The lesson's own loop, as printed in 'Mini Python Demo' (independent of gradanim)."""

    def compute_gradient(x, y, b0, b1):
        y_pred = b0 + b1 * x
        db0 = -2 * np.mean(y - y_pred)
        db1 = -2 * np.mean(x * (y - y_pred))
        return db0, db1

    x = np.array([1, 2, 3, 4])
    y = np.array([2, 4, 6, 8])
    b0, b1, lr = 0, 0, 0.01
    for _ in range(100):
        db0, db1 = compute_gradient(x, y, b0, b1)
        b0 -= lr * db0
        b1 -= lr * db1
    return b0, b1


def test_demo_prints_the_lessons_result():
    trajectory = LESSON_DEMO.run()
    assert LESSON_DEMO.printed(trajectory) == "Learned parameters: b0=0.45, b1=1.85"
    assert trajectory.n_steps == 100
    assert trajectory.final_point == pytest.approx(lesson_demo_verbatim(), rel=1e-12)


def test_whole_path_matches_the_lessons_loop_step_by_step():
    data = LESSON_DEMO.data
    trajectory = LESSON_DEMO.run()
    for point, gradient in zip(trajectory.points, trajectory.gradients):
        assert gradient == pytest.approx(data.lesson_gradient(*point), rel=1e-12, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-5, 5), st.integers(-9, 9)), min_size=2, max_size=6, unique_by=lambda t: t[0]),
    st.floats(-3, 3),
    st.floats(-3, 3),
)
def test_objective_gradient_is_the_lessons_formula(pairs, b0, b1):
    data = RegressionData.of([p[0] for p in pairs], [p[1] for p in pairs])
    f = mse_objective(data)
    assert f.gradient([b0, b1]) == pytest.approx(data.lesson_gradient(b0, b1), rel=1e-9, abs=1e-9)
    assert f.value([b0, b1]) == pytest.approx(np.mean((data.y - data.predict(b0, b1)) ** 2), rel=1e-9, abs=1e-9)


def test_long_run_reaches_least_squares():
    data = RegressionData.of([1, 2, 3, 4], [3, 5, 7.5, 8.5])
    from gradanim.core.trajectory import descend

    t = descend(mse_objective(data), [0, 0], "gd", lr=0.05, steps=5000, tol=1e-10)
    assert t.converged
    assert t.final_point == pytest.approx(data.least_squares(), abs=1e-8)


def test_bad_data():
    from gradanim.core.errors import OptionError

    with pytest.raises(OptionError, match="as many x as y"):
        RegressionData.of([1, 2, 3], [1, 2])
    with pytest.raises(OptionError, match="at least two"):
        RegressionData.of([1], [1])
