"""FormulaCard: Typst sources from the core's exact forms, and its size limits."""

from __future__ import annotations

import pytest

pytest.importorskip("manim")

from gradanim.components.formula_card import (  # noqa: E402
    PARTS,
    UPDATE_RULES,
    FormulaCard,
    function_typst,
    gradient_typst,
    hessian_typst,
    update_rule_typst,
)
from gradanim.core.errors import OptionError  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.optimizers import OPTIMIZERS  # noqa: E402


@pytest.fixture(scope="module")
def bowl():
    return Objective.from_text("x^2 + 3y^2")


def test_sources_for_the_bowl(bowl):
    assert function_typst(bowl) == "f(x, y) = x^2 + 3 y^2"
    assert gradient_typst(bowl) == "nabla f = vec(2 x, 6 y)"
    assert hessian_typst(bowl) == 'H_f = mat(delim: "[", 2, 0; 0, 6)'


def test_sources_for_a_mixed_function_and_named_variables():
    f = Objective.from_text("x*y + y^2")
    assert gradient_typst(f) == "nabla f = vec(y, x + 2 y)"
    assert hessian_typst(f) == 'H_f = mat(delim: "[", 0, 1; 1, 2)'
    j = Objective.from_text("b0^2 + b0*b1", ["b0", "b1"])
    assert function_typst(j, name="J").startswith("J(b_0, b_1) = ")


@pytest.mark.parametrize("text, variables, shown", [
    ("(1-x)^2 + 100(y-x^2)^2", None, "f(x, y) = (1 - x)^2 + 100 (y - x^2)^2"),  # not (-x^2 + y)
    ("90a + 65q - 3/4 a^2 - 1/2 q^2 - 1/2 a q", ["a", "q"],
     "f(a, q) = 90 a + 65 q - (3 a^2)/4 - (q^2)/2 - (a q)/2"),
    ("price*ads - 0.5 price^2", ["price", "ads"], 'f("price", "ads") = "price" "ads" - 0.5 "price"^2'),
    ("price2 + alpha*b0", ["price2", "alpha", "b0"], 'f("price"_2, alpha, b_0) = "price"_2 + alpha b_0'),
    ("1/(x^2+y^2)", None, "f(x, y) = 1/(x^2 + y^2)"),  # not "1 1/(x^2 + y^2)"
])
def test_the_function_is_shown_as_the_lesson_writes_it(text, variables, shown):
    objective = Objective.from_text(text, variables)
    assert function_typst(objective) == shown
    assert function_typst(objective, arguments=False) == "f = " + shown.split(" = ", 1)[1]


def test_a_function_without_text_is_shown_in_sympys_order():
    import sympy

    x, y = sympy.symbols("x y", real=True)
    assert function_typst(Objective(y - x**2, [x, y])) == "f(x, y) = -x^2 + y"


def test_every_registered_optimizer_has_an_update_rule():
    assert set(UPDATE_RULES) == set(OPTIMIZERS)
    assert update_rule_typst("gd") == "bold(x)_(k+1) = bold(x)_k - alpha nabla f(bold(x)_k)"
    assert "beta_1" in update_rule_typst("adam")
    with pytest.raises(OptionError):
        update_rule_typst("sgdd")


def test_card_holds_its_lines_inside_a_panel_within_max_width(bowl):
    card = FormulaCard(bowl, parts=PARTS, optimizer="adam", max_width=4.0)
    assert list(card.sources) == list(PARTS)
    assert card.width <= 4.0 + 1e-6
    for part in PARTS:
        line = card[part]
        assert card.panel.get_left()[0] < line.get_left()[0]
        assert line.get_right()[0] < card.panel.get_right()[0]
        assert card.panel.get_bottom()[1] < line.get_bottom()[1] < line.get_top()[1] < card.panel.get_top()[1]
    lines = [card[p] for p in PARTS]
    for upper, lower in zip(lines, lines[1:]):
        assert lower.get_top()[1] < upper.get_bottom()[1]  # stacked, not overlapping


def test_unknown_part_is_refused(bowl):
    with pytest.raises(ValueError):
        FormulaCard(bowl, parts=("function", "laplacian"))


def test_ascent_rules_flip_the_gradient():
    from gradanim.components.formula_card import update_rule_typst

    assert "+ alpha nabla f" in update_rule_typst("gd", maximize=True)
    assert "- alpha nabla f" in update_rule_typst("gd")
    assert update_rule_typst("adam", maximize=True).startswith("bold(g)_k = -nabla f")
