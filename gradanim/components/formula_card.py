"""A card of typeset formulas for one function: f, its gradient, its Hessian, an update rule.

Every formula is built from the core's exact forms (``Objective.expr``, ``gradient_exprs``,
``hessian_exprs``) through :mod:`gradanim.components.typeset`, so the card always matches
the function the scene animates. The Typst sources are kept in ``card.sources`` (handy for
tests and for reusing one line elsewhere).

Example::

    card = FormulaCard(Objective.from_text("x^2 + 3y^2"), optimizer="momentum", max_width=5)
    card.to_corner(UR)
    self.play(FadeIn(card))
    self.play(Indicate(card["gradient"]))
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import DOWN, LEFT, RIGHT, RoundedRectangle, VGroup

from ..core.objective import Objective
from ..core.optimizers import get_optimizer
from .theme import DEFAULT_THEME, Theme
from .typeset import expr_to_typst, math, matrix_typst, name_typst, text_typst, vector_typst

# Update rules as Typst math, in torch.optim's form (see gradanim.core.optimizers); g_k is the
# gradient at x_k, squares and divisions of vectors are element-wise.
_G = "bold(g)_k = nabla f(bold(x)_k)"
UPDATE_RULES: dict[str, str] = {
    "gd": "bold(x)_(k+1) = bold(x)_k - alpha nabla f(bold(x)_k)",
    "momentum": (
        f"{_G} \\ bold(b)_(k+1) = mu bold(b)_k + bold(g)_k \\ bold(x)_(k+1) = bold(x)_k - alpha bold(b)_(k+1)"
    ),
    "nesterov": (
        f"{_G} \\ bold(b)_(k+1) = mu bold(b)_k + bold(g)_k \\ "
        "bold(x)_(k+1) = bold(x)_k - alpha (bold(g)_k + mu bold(b)_(k+1))"
    ),
    "adagrad": (
        f"{_G} \\ bold(s)_(k+1) = bold(s)_k + bold(g)_k^2 \\ "
        "bold(x)_(k+1) = bold(x)_k - alpha bold(g)_k / (sqrt(bold(s)_(k+1)) + epsilon)"
    ),
    "rmsprop": (
        f"{_G} \\ bold(s)_(k+1) = rho bold(s)_k + (1 - rho) bold(g)_k^2 \\ "
        "bold(x)_(k+1) = bold(x)_k - alpha bold(g)_k / (sqrt(bold(s)_(k+1)) + epsilon)"
    ),
    "adam": (
        f"{_G} \\ bold(m)_(k+1) = beta_1 bold(m)_k + (1 - beta_1) bold(g)_k \\ "
        "bold(v)_(k+1) = beta_2 bold(v)_k + (1 - beta_2) bold(g)_k^2 \\ "
        "bold(x)_(k+1) = bold(x)_k - alpha (hat(bold(m))_(k+1)) / (sqrt(hat(bold(v))_(k+1)) + epsilon)"
    ),
    "newton": "bold(x)_(k+1) = bold(x)_k - alpha H_f (bold(x)_k)^(-1) nabla f(bold(x)_k)",
}

PARTS = ("function", "gradient", "hessian", "update")


def arguments_typst(objective: Objective) -> str:
    """``x, y`` (variable names as Typst math)."""
    return ", ".join(name_typst(n) for n in objective.names)


def function_typst(objective: Objective, name: str = "f", arguments: bool = True) -> str:
    """``f(x, y) = ...``: the objective's formula as its text writes it (terms in the
    lesson's order, decimals as written); ``arguments=False`` gives ``f = ...``."""
    shown = expr_to_typst(objective.written, as_written=objective.written is not objective.expr)
    return f"{name}({arguments_typst(objective)}) = {shown}" if arguments else f"{name} = {shown}"


def breaks_typst(objective: Objective, width: int = 40) -> str | None:
    """Where f has no gradient, as upright words in lines of about ``width`` characters
    (None for a smooth formula): ``"no gradient where x = 0 (a kink),"``, ``"y is a whole
    number (a jump)"``; the pieces and their breaks come from :mod:`gradanim.core.smoothness`."""
    pieces = objective.structure.pieces
    if not pieces:
        return None
    places = [f"{piece.where} (a {piece.kind.value})" for piece in pieces]
    lines = ["no gradient where"]
    for i, place in enumerate(places):
        place += "," if i < len(places) - 1 else ""
        if len(lines[-1]) + 1 + len(place) > width:
            lines.append(place)
        else:
            lines[-1] += " " + place
    return " \\ ".join(f"& {text_typst(line)}" for line in lines)  # "&": the lines align left


def gradient_typst(objective: Objective, name: str = "f") -> str:
    """``nabla f = vec(...)`` from the core's partial derivatives."""
    return f"nabla {name} = {vector_typst([expr_to_typst(g) for g in objective.gradient_exprs])}"


def hessian_typst(objective: Objective, name: str = "f") -> str:
    """``H_f = mat(...)`` from the core's second derivatives."""
    rows = [[expr_to_typst(h) for h in row] for row in objective.hessian_exprs.tolist()]
    return f"H_{name} = {matrix_typst(rows)}"


def update_rule_typst(optimizer: str, maximize: bool = False) -> str:
    """The update rule of a registered optimiser (several lines separated by ``\\``).

    With ``maximize`` the rule climbs, as torch.optim's ``maximize=True`` does: the
    gradient's sign flips (``+ alpha nabla f`` for plain gradient ascent).
    """
    spec = get_optimizer(optimizer)  # OptionError for an unknown name
    rule = UPDATE_RULES[spec.name]
    if not maximize:
        return rule
    if spec.name == "gd":
        return rule.replace("- alpha nabla f", "+ alpha nabla f")
    if spec.name == "newton":
        return rule  # Newton seeks a stationary point either way
    return rule.replace(_G, _G.replace("= nabla f", "= -nabla f"), 1)


def illustrative_tag(formula, source, *, theme: Theme = DEFAULT_THEME) -> VGroup:
    """A small framed "illustrative" beside (or, for lack of room, under) ``formula``: the
    function is made up where the lesson's formula was lost. ``formula`` and the tag declare
    what they are (``source``, a :class:`~gradanim.components.claims.FormulaSource`)."""
    from .claims import Claim, declare

    word = math('"illustrative"', font_size=theme.small_size, color=theme.muted_text, theme=theme)
    frame = RoundedRectangle(corner_radius=0.1, width=word.width + 0.3, height=word.height + 0.26,
                             stroke_color=theme.muted_text, stroke_width=1.5)
    frame.move_to(word)
    tag = VGroup(frame, word)
    tag.next_to(formula, RIGHT, buff=0.25)
    declare(formula, Claim(source, "formula", source.text))
    return declare(tag, Claim(source, "illustrative", True))


class FormulaCard(VGroup):
    """Formulas of one objective stacked in a rounded panel; ``card[part]`` is one line.

    Parameters
    ----------
    objective
        The function (the core's exact forms are typeset).
    parts
        Which lines, in order: any of ``"function"``, ``"gradient"``, ``"hessian"``,
        ``"update"``.
    optimizer
        Whose update rule the ``"update"`` part shows.
    name
        The function's name in the formulas (``f``, ``J``...).
    max_width
        The whole card (panel included) is at most this wide; formulas shrink to fit.
    font_size, padding, buff, corner_radius, theme
        Look.
    """

    def __init__(
        self,
        objective: Objective,
        *,
        parts: Sequence[str] = ("function", "gradient", "hessian"),
        optimizer: str = "gd",
        name: str = "f",
        max_width: float = 6.0,
        font_size: float | None = None,
        padding: float = 0.3,
        buff: float = 0.3,
        corner_radius: float = 0.2,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        unknown = [p for p in parts if p not in PARTS]
        if unknown:
            raise ValueError(f"unknown formula card part(s) {unknown}; choose from {', '.join(PARTS)}")
        builders = {
            "function": lambda: function_typst(objective, name),
            "gradient": lambda: gradient_typst(objective, name),
            "hessian": lambda: hessian_typst(objective, name),
            "update": lambda: update_rule_typst(optimizer),
        }
        self.objective = objective
        self.sources: dict[str, str] = {part: builders[part]() for part in parts}
        size = font_size or theme.label_size
        self.lines: dict[str, VGroup] = {part: math(src, font_size=size, theme=theme) for part, src in self.sources.items()}
        content = VGroup(*self.lines.values()).arrange(DOWN, aligned_edge=LEFT, buff=buff)
        inner = max_width - 2 * padding
        if content.width > inner:
            content.scale_to_fit_width(inner)
        self.panel = RoundedRectangle(
            corner_radius=corner_radius,
            width=content.width + 2 * padding,
            height=content.height + 2 * padding,
            fill_color=theme.panel,
            fill_opacity=1.0,
            stroke_color=theme.grid,
            stroke_width=1.5,
        )
        self.panel.move_to(content)
        self.content = content
        self.add(self.panel, content)

    def __getitem__(self, key):
        if isinstance(key, str):
            return self.lines[key]
        return super().__getitem__(key)
