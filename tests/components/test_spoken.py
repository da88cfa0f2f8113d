"""spoken(): a caption with its symbols in words, as the narration says it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradanim.components.spoken import spoken

SAYABLE = re.compile(r"[\w\s.,;:'()?!%-]*")

# Captions the scenes write (from renders of lessons/*.toml), and what a lecturer would say.
CASES = [
    ("Held at y = 3, f rises 6 per unit of x: ∂f/∂x(2, 3) = 6.",
     "Held at y equals 3, f rises 6 per unit of x: partial f by partial x at (2, 3) equals 6."),
    ("Stacked together, the partials make the gradient: ∇f(2, 3) = (6, 2).",
     "Stacked together, the partials make the gradient: the gradient of f at (2, 3) equals (6, 2)."),
    ("Stopping once |∇f| < 0.5 halts after 9 steps.",
     "Stopping once the length of the gradient of f is less than 0.5 halts after 9 steps."),
    ("Converged after 31 steps at (−3.9×10⁻⁵, 0), where f = 1.6×10⁻⁹.",
     "Converged after 31 steps at (minus 3.9 times 10 to the minus 5, 0), where f equals 1.6 times 10 to the minus 9."),
    ("The best pair, α* = 0.231 and β* = 0.27, gives r* = 0.519",
     "The best pair, alpha star equals 0.231 and beta star equals 0.27, gives r star equals 0.519"),
    ("Profit f(x, y) = x^2·y/2", "Profit f of x, y equals x squared times y over 2"),
    ("For f = x^2/2 + 5y^2 (κ = 10), r ≥ 1 diverges.",
     "For f equals x squared over 2 plus 5y squared (kappa equals 10), r is at least 1 diverges."),
    ("Each step: xₖ₊₁ = xₖ − 0.15 ∇f(xₖ)",
     "Each step: x sub k plus 1 equals x sub k minus 0.15 times the gradient of f of x sub k"),
    ("At the start the gradient is ∇R = (52.5, 40).", "At the start the gradient of R is (52.5, 40)."),
    ("an arrow shows the gradient ∇f: it points uphill", "an arrow shows the gradient of f: it points uphill"),
    ("The cost J(β₀, β₁) with ŷᵢ = β₀ + β₁xᵢ", "The cost J of beta 0, beta 1 with y hat sub i equals beta 0 plus beta 1 x sub i"),
    ("β ← β − α∇J", "beta becomes beta minus alpha times the gradient of J"),
    ("D_u f = ∇f · u = 5.657", "D sub u f equals the gradient of f times u equals 5.657"),
    ("beta_0: 2 − 0.1 × (−4) = 2.4", "beta 0: 2 minus 0.1 times (minus 4) equals 2.4"),
    ("the line ŷ = b0 + b1·x", "the line y hat equals b0 plus b1 times x"),
    ("∂²f/∂x∂y = 1", "the second partial of f by x and y equals 1"),
    ("y^(-1) and e^3", "y to the minus 1 and e cubed"),
    ("κ = L/μ = 55.8", "kappa equals L over mu equals 55.8"),
    ("f = (1-x)^2 + 100(y-x^2)^2, the least-squares line", "f equals (1 minus x) squared plus 100(y minus x squared) squared, "
     "the least-squares line"),
    ("R = 90a + 65q - 3/4 a^2", "R equals 90a plus 65q minus 3 over 4 a squared"),
]


@pytest.mark.parametrize("written, said", CASES)
def test_each_symbol_is_said_in_words(written, said):
    assert spoken(written) == said


def test_numbers_and_plain_words_are_left_as_they_are():
    text = "With tol = 0.001 the same run goes on and converges after 162 steps."
    assert spoken(text) == text.replace("=", "equals")
    assert spoken("A partial derivative is an ordinary derivative.") == "A partial derivative is an ordinary derivative."


@given(st.text(alphabet="xyfk0123456789.,:; ()=+−-*/^·×∇∂|αβκμΔ≤≥<>²⁻⁶ₖ₊₁_ŷ√", max_size=60))
def test_nothing_is_left_that_a_voice_cannot_say(text):
    said = spoken(text)
    assert SAYABLE.fullmatch(said), said
    assert said == said.strip() and "  " not in said


def test_a_typst_name_is_written_and_said_as_a_student_reads_it():
    from gradanim.components.captions import plain_symbol

    assert [plain_symbol(n) for n in ("beta_0", "x_1", "alpha", "w", "b_hat")] == ["β₀", "x₁", "α", "w", "b_hat"]
    assert spoken(f"{plain_symbol('beta_0')}: 2 − 0.1 × (−4) = 2.4") == "beta 0: 2 minus 0.1 times (minus 4) equals 2.4"
