"""HessianView and HessianCard draw the core's eigen-analysis of a critical point."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from manim import ManimColor  # noqa: E402

from gradanim.components.hessian_view import KIND_WORDS, HessianCard, HessianView  # noqa: E402
from gradanim.components.surface import SurfacePlot  # noqa: E402
from gradanim.components.theme import DEFAULT_THEME as T  # noqa: E402
from gradanim.core.critical import Kind, critical_points  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.lesson_functions import PROBLEM_3  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402

SQUARE = Domain(((-1.5, 1.5), (-1.5, 1.5)))
CASES = [
    ("x^2 + y^2", SQUARE, Kind.MINIMUM, [2, 2]),
    (PROBLEM_3.text, Domain(((0, 4), (-1, 3))), Kind.MAXIMUM, [-3, -1]),  # the lesson: both negative
    ("x^2 - y^2", SQUARE, Kind.SADDLE, [-2, 2]),
    ("x^3 - 3x*y^2", SQUARE, Kind.DEGENERATE, [0, 0]),
]


@pytest.mark.parametrize("text, domain, kind, eigenvalues", CASES, ids=[c[2].value for c in CASES])
def test_view_draws_principal_curves_on_the_surface_along_the_eigenvectors(text, domain, kind, eigenvalues):
    f = Objective.from_text(text, ("x", "y"))
    (critical,) = critical_points(f, domain)
    assert critical.kind == kind
    assert critical.eigenvalues == pytest.approx(eigenvalues)
    plot = SurfacePlot(f, domain, resolution=6, contour_levels=0)
    view = HessianView(plot, critical, floor=True)
    assert len(HessianView(plot, critical).floor_arrows) == 0  # floor marks only when asked for
    p = critical.point
    for curve, arrow, floor_arrow, value, v in zip(view.curves, view.arrows, view.floor_arrows,
                                                   critical.eigenvalues, critical.eigenvectors.T):
        xyz = plot.from_scene(curve.get_anchors())
        assert np.allclose(xyz[:, 2], f.value_on(xyz[:, 0], xyz[:, 1]))  # on the graph
        d = xyz[:, :2] - p
        assert np.allclose(d[:, 0] * v[1] - d[:, 1] * v[0], 0, atol=1e-9)  # along the eigenvector
        a, b = plot.from_scene(arrow.get_start_and_end())
        assert a == pytest.approx([*p, critical.value])
        assert b[2] == pytest.approx(critical.value)  # in the (horizontal) tangent plane
        u = (b - a)[:2] / np.linalg.norm((b - a)[:2])
        assert u == pytest.approx(v / np.linalg.norm(v))
        fa, fb = plot.from_scene(floor_arrow.get_start_and_end())
        assert fa[2] == pytest.approx(plot.floor) and fb[2] == pytest.approx(plot.floor)
        expected = T.minimum if value > 0 else T.maximum if value < 0 else T.muted_text
        assert curve.get_stroke_color() == ManimColor(expected)


def test_card_says_the_lessons_words_and_the_cores_verdict():
    f = Objective.from_text(PROBLEM_3.text, ("x", "y"))
    (critical,) = critical_points(f, Domain(((0, 4), (-1, 3))))
    card = HessianCard(critical)
    assert card.badge.kind == Kind.MAXIMUM
    assert KIND_WORDS[Kind.MAXIMUM] == ("negative definite", "maximum")
    assert KIND_WORDS[Kind.MINIMUM][0] == "positive definite" and KIND_WORDS[Kind.SADDLE][0] == "indefinite"
    assert len(card.eigenvalues) == 2
    # the badge sits to the right of the words, not over them
    assert card.words.get_right()[0] < card.badge.get_left()[0]
