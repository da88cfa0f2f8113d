"""The named example functions of the lesson "Gradients & Multivariable Calculus".

Where the lesson's formula survived (the CEO's profit), it is used as written; where it was
lost, the function here is a plausible choice that reproduces every number the lesson
prints (tests/core/test_lesson_functions.py checks each one). Those are *illustrative*
(``illustrative=True``): a scene that shows one says so, so that a student does not take it
for the lesson's own formula (:func:`is_illustrative` tells a formula apart by its value).

- ``CEO``: profit f(x, y) = x^2 y / 2 (x = price, y = ad spend) at (2, 3): grad f = (6, 2);
  the directional derivative towards the northeast is (6 + 2)/sqrt(2) = 4 sqrt(2).
- ``REVENUE``: "Optimizing your business": revenue R(a, q) with grad R(20, 15) = (52.5, 40)
  and its optimum where grad R = 0 (illustrative).
- ``PROBLEM_3``: "Find the optimum": a concave quadratic whose only critical point is a
  maximum (both Hessian eigenvalues negative; illustrative: nothing else of it survived).
- ``STUDY``: "Optimizing your grades": GPA from hours/week on Math, English and Science,
  with gradient (-0.042, -0.096, +0.017) at the current allocation (illustrative).
- ``REVENUE``: "Optimizing your business": revenue R(a, q) from advertising a and quality q
  (in $1000s); at (20, 15) grad R = (52.5, 40) (illustrative).
- ``POLYNOMIAL`` and ``MIXED_TERMS``: the step-by-step guide's "Example 1: Basic
  Polynomial" and "Example 2: Mixed Terms" (a product of powers, and a sine whose partials
  need the chain rule with u = x y), worked by :func:`gradanim.core.derivation.derive`
  (illustrative: the lesson's formulas were lost).

>>> CEO.objective().gradient(CEO.point).tolist()
[6.0, 2.0]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .domain import Domain
from .objective import Objective


@dataclass(frozen=True)
class LessonFunction:
    """A lesson's function: its text, variables, a point of interest and a domain to show."""

    text: str
    variables: tuple[str, ...]
    point: tuple[float, ...]
    domain: Domain
    description: str = ""
    illustrative: bool = False  # made up where the lesson's formula was lost

    def objective(self) -> Objective:
        return Objective.from_text(self.text, self.variables)


CEO = LessonFunction(
    text="x^2*y/2",
    variables=("x", "y"),
    point=(2.0, 3.0),
    domain=Domain(((0.0, 4.0), (1.0, 5.0))),
    description="profit from price x and ad spend y",
)
NORTHEAST = (1.0, 1.0)
"""'What if you want to go Northeast?' (x east, y north)."""

REVENUE = LessonFunction(
    text="90a + 65q - 3/4 a^2 - 1/2 q^2 - 1/2 a q",
    variables=("a", "q"),
    point=(20.0, 15.0),  # the current strategy: grad R = (52.5, 40)
    domain=Domain(((0.0, 60.0), (0.0, 50.0))),
    description="revenue from advertising a and quality q (in $1000s); optimum at (46, 42)",
    illustrative=True,
)

PROBLEM_3 = LessonFunction(
    text="5x + 4y - x^2 - x*y - y^2",
    variables=("x", "y"),
    point=(2.0, 1.0),  # the critical point: 5 - 2x - y = 0 and 4 - x - 2y = 0
    domain=Domain(((-1.0, 5.0), (-2.0, 4.0))),
    description="a concave quadratic with one maximum",
    illustrative=True,
)

HIMMELBLAU = LessonFunction(
    text="(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    variables=("x", "y"),
    point=(0.0, 0.0),
    domain=Domain(((-5.0, 5.0), (-5.0, 5.0))),
    description="four minima, one maximum, four saddles",
)


REVENUE_GRADIENT = (52.5, 40.0)
"""The gradient the lesson prints at (20, 15)."""

POLYNOMIAL = LessonFunction(
    text="x^2 + 3x y + y^2",
    variables=("x", "y"),
    point=(1.0, 2.0),
    domain=Domain(((-3.0, 3.0), (-3.0, 3.0))),
    description="a basic polynomial: df/dx = 2x + 3y, df/dy = 3x + 2y",
    illustrative=True,
)

MIXED_TERMS = LessonFunction(
    text="x^2 y + sin(x y)",
    variables=("x", "y"),
    point=(1.0, 2.0),
    domain=Domain(((-2.0, 2.0), (-2.0, 2.0))),
    description="mixed terms: x^2 y (hold the other variable) and sin(x y) (chain rule, u = x y)",
    illustrative=True,
)


@dataclass(frozen=True)
class StudyPlan:
    """GPA = base - sum_i weight_i (h_i - sweet_spot_i)^2 over subjects (hours/week).

    Each subject has a sweet spot: below it another hour raises the GPA, above it the hour
    costs more than it gives (burnout). The function is concave with its one maximum at
    the sweet spots.
    """

    subjects: tuple[str, ...]
    variables: tuple[str, ...]
    base: float
    weights: tuple[float, ...]
    sweet_spots: tuple[float, ...]
    current: tuple[float, ...]
    illustrative: bool = True  # the lesson gives the gradient, not the formula

    @property
    def text(self) -> str:
        terms = " ".join(
            f"- {w!r}({v} - {c!r})^2" for w, v, c in zip(self.weights, self.variables, self.sweet_spots)
        )
        return f"{self.base!r} {terms}"

    def objective(self) -> Objective:
        return Objective.from_text(self.text, self.variables)


STUDY = StudyPlan(
    subjects=("Math", "English", "Science"),
    variables=("x", "y", "z"),
    base=3.9,
    weights=(0.007, 0.008, 0.0017),
    sweet_spots=(9.0, 4.0, 9.0),
    current=(12.0, 10.0, 4.0),
)
STUDY_GRADIENT = (-0.042, -0.096, 0.017)
"""The gradient the lesson prints at the current allocation."""
STUDY_LR = 25.0
"""Hours moved per unit of GPA-per-hour in the scene's one ascent step."""


ILLUSTRATIVE = (REVENUE, PROBLEM_3, STUDY, POLYNOMIAL, MIXED_TERMS)
"""The functions made up here because the lesson's formula was lost."""


def is_illustrative(text: str, variables=None) -> bool:
    """Whether a formula is one of the functions made up here (:data:`ILLUSTRATIVE`): the
    same function of the same variables, however it is written."""
    try:
        given = Objective.from_text(text, variables)
    except Exception:  # noqa: BLE001 - a formula that does not parse is no made-up one
        return False
    for made_up in ILLUSTRATIVE:
        ours = made_up.objective()
        if ours.names == given.names and (ours.expr - given.expr).expand() == 0:
            return True
    return False


def rounded(values, digits: int = 3) -> tuple[float, ...]:
    """Values as the lesson prints them (``digits`` decimals)."""
    return tuple(float(np.round(v, digits)) + 0.0 for v in values)


__all__ = [
    "CEO", "HIMMELBLAU", "ILLUSTRATIVE", "LessonFunction", "MIXED_TERMS", "NORTHEAST", "POLYNOMIAL", "PROBLEM_3",
    "REVENUE", "REVENUE_GRADIENT", "STUDY", "STUDY_GRADIENT", "STUDY_LR", "StudyPlan", "is_illustrative", "rounded",
]
