"""A caption as a voice should say it (``--narrate``).

Captions are written for the eye: ``∂f/∂x = x·y``, ``|∇f| < 0.5``, ``1.5×10⁻⁶``, ``α* = 0.231``.
A speech engine reads them badly or not at all (espeak-ng says "delta f slash delta x" and
drops ``∇``, ``<`` and ``⁻⁶``), so the narration speaks :func:`spoken` of each caption: the
same sentence with every symbol in words — "partial f by partial x equals x times y", "the
length of the gradient of f is less than 0.5", "1.5 times 10 to the minus 6", "alpha star
equals 0.231". Numbers stay digits (every engine reads those); the result holds nothing but
letters, digits, spaces and ``. , ; : ' ( ) ? !``.
"""

from __future__ import annotations

import re

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "η": "eta", "θ": "theta",
    "κ": "kappa", "λ": "lambda", "μ": "mu", "ρ": "rho", "σ": "sigma", "τ": "tau", "φ": "phi", "ω": "omega",
    "Δ": "delta", "Σ": "the sum of", "Θ": "theta",
}
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₋₊ₖₙᵢⱼₜ", "0123456789-+knijt")
HATS = {"ŷ": "y hat", "ĝ": "g hat", "m̂": "m hat", "v̂": "v hat", "x̂": "x hat"}
RELATIONS = {"≤": "is at most", "≥": "is at least", "<": "is less than", ">": "is greater than",
             "≈": "is about", "≠": "is not", "→": "goes to", "←": "becomes", "=": "equals"}
POWERS = {"2": "squared", "3": "cubed"}
_NUMBER = r"\d+(?:\.\d+)?"
_MINUS = "−"  # U+2212, as the captions write a negative number


def _power(exponent: str) -> str:
    exponent = exponent.strip("()").replace(_MINUS, "-")
    if exponent in POWERS:
        return f" {POWERS[exponent]}"
    if exponent.startswith("-"):
        return f" to the minus {exponent[1:]}"
    return f" to the power {exponent}"


def spoken(text: str) -> str:
    """``text`` with its mathematical symbols in words (see the module's note)."""
    s = text
    # Derivatives and the gradient, before their letters are touched.
    s = re.sub(r"∂²\s*(\w+)\s*/\s*∂(\w+)\s*∂(\w+)", r"the second partial of \1 by \2 and \3", s)
    s = re.sub(r"∂²\s*(\w+)\s*/\s*∂(\w+)²", r"the second partial of \1 by \2 twice", s)
    s = re.sub(r"∂(\w+)\s*/\s*∂(\w+)(?=\()", r"partial \1 by partial \2 at ", s)
    s = re.sub(r"∂(\w+)\s*/\s*∂(\w+)", r"partial \1 by partial \2", s)
    s = re.sub(r"\|∇(\w+)\|", r"the length of the gradient of \1", s)
    s = re.sub(r"gradient\s+is\s+∇(\w+)\s*=", r"gradient of \1 is", s)  # not "the gradient is the gradient"
    s = re.sub(r"gradient\s+∇(\w+)", r"gradient of \1", s)
    s = re.sub(r"(?<=[\dα-ω])\s*∇", " times ∇", s)  # 0.15 ∇f, α∇J: a multiple of the gradient
    s = re.sub(r"∇(\w+)", r"the gradient of \1", s)
    s = re.sub(r"\|([^|]+)\|", r"the size of \1", s)
    s = s.replace("√", " the square root of ")
    for hat, words in HATS.items():
        s = s.replace(hat, f" {words} ")
    # Subscripts: xₖ₊₁ -> x sub k plus 1, D_u -> D sub u, beta_0 -> beta 0.
    s = re.sub(r"\b([fgJLR])\(((?:\s*[a-zα-ω][₀-₉ᵢⱼₖ]*\s*,?)+)\)", r"\1 of \2", s)  # J(β₀, β₁): J of ...
    s = re.sub(r"[₀₁₂₃₄₅₆₇₈₉]+(?![₋₊ₖₙᵢⱼₜ])", lambda m: " " + m.group(0).translate(SUBSCRIPTS) + " ", s)
    s = re.sub(r"[₀₁₂₃₄₅₆₇₈₉₋₊ₖₙᵢⱼₜ]+", lambda m: " sub " + m.group(0).translate(SUBSCRIPTS) + " ", s)
    s = re.sub(r"(?<=\w)_(\d+)", r" \1", s)
    s = re.sub(r"(?<=\w)_\{?(\w+)\}?", r" sub \1", s)
    # Powers: 10⁻⁶, x², x^2, y^(-1).
    s = re.sub(r"([⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)", lambda m: _power(m.group(1).translate(SUPERSCRIPTS)), s)
    s = re.sub(r"\^\s*(\([^)]*\)|[−-]?\w+(?:\.\d+)?)", lambda m: _power(m.group(1)), s)
    # Optima (α*, r*: a star after a name, before a space, a sign or the end), products,
    # quotients, signs.
    s = re.sub(r"(\w)\*(?=[\s=,;:.)]|$)", r"\1 star", s)
    s = re.sub(r"\s*[×·*]\s*", " times ", s)
    s = re.sub(rf"(?<=[\w)])\s*/\s*(?=[\w(])", " over ", s)
    s = re.sub(rf"(^|[\s(,;:=])[{_MINUS}-](?=\d|[a-zA-Z(])", r"\1minus ", s)
    s = re.sub(rf"\s+[{_MINUS}-]\s+", " minus ", s)
    s = re.sub(rf"(?<![A-Za-z]{{2}})[{_MINUS}-](?=[\w(])", " minus ", s)  # 1-x, not least-squares
    s = re.sub(r"\s*\+\s*", " plus ", s)
    for symbol, words in RELATIONS.items():
        s = re.sub(rf"\s*{re.escape(symbol)}\s*", f" {words} ", s)
    # A function applied to a point: f(2, 3) -> f at (2, 3); f(x, y) -> f of x, y.
    s = re.sub(r"\b([fgJL])\(((?:\s*[a-z]\s*,?)+)\)", r"\1 of \2", s)
    s = re.sub(r"\b([fgJL])\(", r"\1 at (", s)
    for letter, name in GREEK.items():
        s = s.replace(letter, f" {name} ")
    s = s.replace("…", "...").replace("–", ", ").replace("—", ", ")
    s = re.sub(r"[^\w\s.,;:'()?!%-]", " ", s)  # anything left that no voice says
    s = re.sub(r"\s+([.,;:)?!])", r"\1", s)
    s = re.sub(r"\(\s+", "(", s)
    return re.sub(r"\s+", " ", s).strip()


__all__ = ["spoken"]
