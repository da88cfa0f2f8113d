"""Partial derivatives by hand: the CEO's profit x^2 y / 2 differentiated one rule per line.

    manim -ql scenes/partials_by_hand.py PartialsByHand

The second lesson's key rule: to find df/dx, treat every other variable as a constant, then
differentiate as usual. For the profit f(x, y) = x^2 y / 2 (x = Price, y = Ad spend):

    df/dx = d/dx (x^2 y / 2) = y/2 . d/dx (x^2) = y/2 . 2x = x y,     at (2, 3): 2 . 3 = 6
    df/dy = d/dy (x^2 y / 2) = x^2/2 . d/dy (y) = x^2/2 . 1 = x^2/2,  at (2, 3): 2^2/2 = 2

so grad f(2, 3) = (6, 2), the lesson's numbers. Every line is the core's
(:func:`gradanim.core.derivation.derive`, each checked equal to the one before and the last
to sympy's partial); the variable held constant is grey. Another function::

    class Revenue(PartialsByHand):
        function = "90a + 65q - 3/4 a^2 - 1/2 q^2 - 1/2 a q"
        point = (20, 15)
"""

from __future__ import annotations

from manim import DOWN, LEFT, UL, UP, FadeIn, FadeOut, Indicate, TransformFromCopy, VGroup, Write

from gradanim.components.captions import num, plain_formula, point
from gradanim.components.claims import AtPoint, Claim, FormulaSource, declare
from gradanim.components.derivation import DerivationView, derivation_block, held_names, point_typst, value_block
from gradanim.components.derivation import heading as derivation_heading
from gradanim.components.formula_card import function_typst, illustrative_tag
from gradanim.components.typeset import latex_to_typst, math, name_typst, number_typst, text_typst, vector_typst
from gradanim.core.derivation import DerivationError, derive
from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective
from gradanim.options import FUNCTION, ILLUSTRATIVE, POINT, VARIABLES, Option, seconds
from gradanim.scene_base import LessonScene


class PartialsByHand(LessonScene):
    """Each partial derivative worked out line by line, then its value at the point."""

    lesson_type = "partials_by_hand"
    function = FUNCTION.but("x^2*y/2", on=None)
    variables = VARIABLES.but(("x", "y"))
    variable_display = Option(("Price", "Ad spend"), "what each variable stands for, shown under the function")
    quantity = Option("Profit", "what f measures, shown before its formula")
    point = POINT.but((2.0, 3.0), on=None, doc="the point [x, y] where the partials are worked out in numbers")
    illustrative = ILLUSTRATIVE.but()
    moral = Option(("A partial derivative is an ordinary derivative:", "treat every other variable as a constant,",
                    "then differentiate as usual."), "the closing lines, shown as written")
    line_time = seconds(1.2, "seconds to write each line of a derivation")
    title = "Partial derivatives by hand"
    plot_width = 0.6
    beat_names = ("function", "first_partial", "second_partial", "gradient", "rule")

    # --- the mathematics, all from the core, before any frame --------------------------

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        pieces = self.objective.structure.pieces
        if pieces:  # abs, max, floor...: no rule-per-line derivation a student would write
            where = "; ".join(f"{piece.where} (a {piece.kind.value})" for piece in pieces)
            raise OptionError(f"function: worked by hand, a formula needs a gradient everywhere; this one has "
                              f"none where {where}")
        if len(self.point) != self.objective.n_variables:
            raise OptionError(f"point: {list(self.point)} needs {self.objective.n_variables} coordinates")
        try:
            self.derivations = [derive(self.objective, name) for name in self.objective.names]
            self.values = [d.at(self.point) for d in self.derivations]
        except DerivationError as error:  # a rule the core cannot write out line by line
            raise OptionError(f"function: the partial derivatives cannot be worked out by hand: {error}") from None
        self.gradient = self.objective.gradient(self.point)
        self.subject = AtPoint(self.objective, self.point, name="f at the point")

    # --- the picture ---------------------------------------------------------------------

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        panel = self.make_panel()

        # 1. The function and the point.
        self.beat("function", self.caption("function"))
        self.play(Write(title), run_time=1.0)
        self.play(FadeIn(panel["function"], shift=0.2 * DOWN), run_time=0.9)
        self.play(FadeIn(panel["point"]), run_time=0.7)

        # 2. One partial derivative after the other: the rule, the lines, the number.
        for index, derivation in enumerate(self.derivations):
            heading, view = self.derivation_view(index)
            if index < 2:  # a third variable's partial goes on in the second partial's beat
                self.beat(self.beat_names[1 + index], self.caption("partial", index))
            self.play(FadeIn(heading, shift=0.2 * DOWN), run_time=0.8)
            for i in range(len(view.lines)):
                view.play_line(self, i, run_time=self.line_time)
            value = panel["results"][index]
            last = view.lines[-1]
            self.play(Indicate(last, color=theme.highlight, scale_factor=1.08), run_time=0.8)
            self.play(TransformFromCopy(last, value), run_time=1.0)
            view.clear(self)
            self.play(FadeOut(heading), run_time=0.4)

        # 3. The gradient: the vector of the partials, as formulas and at the point.
        formulas = self.gradient_formulas()
        self.beat("gradient", self.caption("gradient"))
        self.play(FadeIn(formulas, shift=0.2 * UP), run_time=1.0)
        self.play(FadeIn(panel["gradient"], shift=0.2 * UP), run_time=1.0)
        self.play(Indicate(panel["gradient"], color=theme.highlight, scale_factor=1.05), run_time=0.9)

        # 4. The rule to take away.
        moral = self.moral_lines().next_to(formulas, DOWN, buff=0.7, aligned_edge=LEFT)
        self.beat("rule", self.caption("rule"))
        self.play(FadeIn(moral, shift=0.2 * UP), run_time=1.0)
        self.wait(1.0)

    def caption(self, beat: str, index: int = 0) -> str:
        """What the beat says, from the core's derivations and numbers."""
        names, p = self.objective.names, point(self.point)
        if beat == "function":
            meaning = ", ".join(f"{n} = {d}" for n, d in zip(names, self.variable_display))
            return (f"{self.quantity} f({', '.join(names)}) = {plain_formula(self.objective)}, with {meaning}. "
                    f"We work out its partial derivatives by hand at {p}.")
        if beat == "partial":
            d = self.derivations[index]
            held = ", ".join(str(h) for h in d.held)
            result = str(d.result).replace("**", "^").replace("*", "·")
            return (f"Treat {held} as a constant and differentiate in {d.variable}, one rule per line: "
                    f"∂f/∂{d.variable} = {result}, and at {p} that is {num(self.gradient[index])}.")
        if beat == "gradient":
            return f"Stacked together, the partials make the gradient: ∇f{p} = {point(self.gradient)}."
        return " ".join(self.moral)

    # --- parts ---------------------------------------------------------------------------

    def make_panel(self):
        theme = self.theme
        names = [name_typst(n) for n in self.objective.names]
        formula = math(f"{text_typst(self.quantity + ':')} quad {function_typst(self.objective)}", theme=theme)
        source = FormulaSource(self.function, self.variables, illustrative=self.illustrative or None)
        formula = VGroup(formula, illustrative_tag(formula, source, theme=theme)) if source.illustrative else declare(
            formula, Claim(source, "formula", source.text))
        meaning = math(", quad ".join(f"{n} = {text_typst(d)}" for n, d in zip(names, self.variable_display)),
                       font_size=theme.label_size, color=theme.muted_text, theme=theme)
        function = VGroup(formula, meaning).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        where = math(f'"at" ({", ".join(names)}) = {point_typst(self.point)}', font_size=theme.label_size,
                     color=theme.highlight, theme=theme)
        results = VGroup()
        for index, derivation in enumerate(self.derivations):
            lhs = latex_to_typst(derivation.lhs_latex())
            value = math(f"{lhs} {point_typst(self.point)} = {number_typst(self.gradient[index])}",
                         font_size=theme.label_size, theme=theme)
            results.add(declare(value, Claim(self.subject, f"gradient.{index}", float(self.gradient[index]))))
        results.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        entries = [number_typst(g) for g in self.gradient]
        gradient = math(f"nabla f {point_typst(self.point)} = {vector_typst(entries)}", color=theme.gradient,
                        theme=theme)
        declare(gradient, Claim(self.subject, "gradient", tuple(float(g) for g in self.gradient)))
        return self.arrange_panel(function=function, point=where, results=results, gradient=gradient)

    def moral_lines(self) -> VGroup:
        """The lesson's key rule, in the space the derivations used."""
        theme = self.theme
        lines = VGroup(*(math(text_typst(line), theme=theme) for line in self.moral))
        lines.arrange(DOWN, aligned_edge=LEFT, buff=0.25)
        lines[-1].set_color(theme.highlight)
        box = self.plot_box
        if lines.width > box.width:
            lines.scale_to_fit_width(box.width)
        return lines

    def gradient_formulas(self):
        """``grad f(x, y) = (x y, x^2/2)``: the last line of each derivation, stacked."""
        theme = self.theme
        names = ", ".join(name_typst(n) for n in self.objective.names)
        entries = [f"display({latex_to_typst(d.steps[-1].latex())})" for d in self.derivations]
        formula = math(f"nabla f({names}) = {vector_typst(entries)}", color=theme.gradient, theme=theme)
        box = self.plot_box
        if formula.width > box.width:
            formula.scale_to_fit_width(box.width)
        return formula.move_to(box.top_left + 0.3 * DOWN, aligned_edge=UL)

    def derivation_view(self, index: int):
        """The heading (which variable changes, which are held) and the lines of one partial."""
        theme = self.theme
        derivation = self.derivations[index]
        names = held_names(derivation)
        box = self.plot_box
        heading = derivation_heading(derivation, theme=theme)
        heading.move_to(box.top_left, aligned_edge=UL)
        blocks = [derivation_block(derivation, names=names), value_block(derivation, self.point, names=names)]
        view = DerivationView(blocks, names=names, height=box.height - heading.height - 0.4, max_width=box.width,
                              line_buff=0.26, block_buff=0.45, theme=theme)
        view.next_to(heading, DOWN, buff=0.4).align_to(heading, LEFT)
        last = view.lines[-1]
        value = float(self.gradient[index])
        declare(last, Claim(self.subject, f"gradient.{index}", value))
        return heading, view
