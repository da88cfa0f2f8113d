"""The gradient field: everywhere it points uphill and crosses the level lines at right angles.

    manim -ql scenes/gradient_field.py GradientField

A hill and a hollow. The arrows of +grad f cover the contour map; at a few points the
gradient meets its level line's tangent (measured from the contour line itself) in a right
angle; then the curves that follow the gradient, the paths of steepest ascent, flow from
the hollow up to the hill, and walked the other way they are the paths of steepest descent.

Everything is computed by gradanim.core first: contours and tangents
(``core.contours``), gradients, and the flow lines (``core.flow``, RK4 on the gradient).
A variant is a subclass::

    class Saddle(GradientField):
        function = "x^2 - y^2"
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, Create, FadeIn, FadeOut, GrowArrow, LaggedStart, Line, VGroup, Write

from gradanim.components.captions import num, plain_formula, point
from gradanim.components.contour_map import ContourMap
from gradanim.components.fade import FadeTo
from gradanim.components.gradient_at_point import GradientAtPoint, RightAngleMark
from gradanim.components.gradient_field import GradientField as FieldArrows
from gradanim.scene_base import LessonScene
from gradanim.components.streamlines import StreamLines
from gradanim.components.formula_card import breaks_typst, function_typst
from gradanim.components.typeset import math, point_typst
from gradanim.core.contours import Grid, auto_levels, contour_lines, point_on_level
from gradanim.core.domain import Domain
from gradanim.core.flow import grid_seeds, streamlines_through, thin_lines
from gradanim.core.objective import Objective
from gradanim.options import DOMAIN, FIELD_DENSITY, FUNCTION, LEVELS, VARIABLES, Option


class GradientField(LessonScene):
    """+grad f on a contour map, right angles with the level lines, then steepest-ascent curves."""

    function = FUNCTION.but("2*x*exp(-(x^2 + y^2)/2) + y/4")
    variables = VARIABLES.but(("x", "y"))
    domain = DOMAIN.but((-3.0, 3.0, -2.0, 2.0))
    levels = LEVELS.but(12)
    field_density = FIELD_DENSITY.but(17)
    highlight_near = Option(((-1.5, 1.4), (0.2, -1.35), (2.0, 1.2)),
                            "points [x, y] near which a level line's right angle with the gradient is shown")
    arrow_length = Option(0.9, "drawn length of the longest highlighted gradient arrow, in scene units",
                          low=0.0, low_open=True, high=10.0)
    seeds = Option((14, 10), "streamline seeds across and up the plot: [columns, rows]", entries=(1, 40))
    separation = Option(0.3, "least distance between two streamlines, in axes units", low=0.01, high=100.0)
    beat_names = ("field", "perpendicular", "ascent", "descent")
    title = "The gradient field points uphill, across the level lines"
    plot_width = 0.64

    # --- the mathematics, all from the core, before any frame --------------------------

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        grid = Grid.sample(self.objective, self.plot_domain, 161)
        self.level_values = auto_levels(grid, self.levels, "linear")
        lines = contour_lines(grid, self.level_values)
        # Points on level lines near the chosen spots, with the lines' own tangents there.
        self.highlights = []
        for near in self.highlight_near:
            found = [(level, *point_on_level(lines[level], near)) for level in lines if lines[level]]
            level, point, tangent = min(found, key=lambda f: np.linalg.norm(f[1] - near))
            self.highlights.append((level, point, tangent, self.objective.gradient(point)))
        flows = streamlines_through(self.objective, grid_seeds(self.plot_domain, self.seeds), domain=self.plot_domain)
        self.flow_lines = thin_lines(flows, self.separation)

    # --- the picture ---------------------------------------------------------------------

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        axes = self.make_axes(self.plot_domain, self.objective.names)
        contours = ContourMap(self.objective, axes, levels=self.level_values, filled=True, fill_opacity=0.22,
                              opacity=0.7, theme=theme)
        field = FieldArrows(self.objective, axes, negative=False, density=self.field_density, opacity=0.7, theme=theme)

        formula = math(function_typst(self.objective), font_size=theme.label_size, theme=theme)
        breaks = breaks_typst(self.objective)  # kinks and jumps: where there is no gradient (no arrow)
        if breaks:
            formula = VGroup(formula, math(breaks, font_size=theme.label_size, color=theme.muted_text, theme=theme))
            formula.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        uphill = self._note('nabla f "points uphill"', theme.gradient)
        perpendicular = self._note('nabla f perp "level lines"', theme.highlight)
        if self.highlights:  # the caption's example, under the note: the first marked point
            level, p, _, g = self.highlights[0]
            style = dict(font_size=theme.label_size, color=theme.muted_text, theme=theme)
            example = VGroup(math(f'"at" {point_typst(p, 2)}:', **style), math(f"nabla f = {point_typst(g, 2)}", **style))
            example.arrange(DOWN, aligned_edge=LEFT, buff=0.12)
            perpendicular = VGroup(perpendicular, example).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        ascent = self._note('"follow" nabla f: "steepest ascent"', theme.ascent)
        descent = self._note('"follow" -nabla f: "steepest descent"', theme.descent)
        self.arrange_panel(formula, uphill, perpendicular, ascent, descent, buff=0.5)

        # 1. The landscape and its gradient field.
        self.beat("field", self.caption("field"))
        self.play(Write(title), Create(axes), run_time=1.0)
        self.play(FadeIn(contours.bands), Create(contours.lines, lag_ratio=0.1), FadeIn(formula), run_time=1.5)
        self.play(LaggedStart(*(GrowArrow(a) for a in field), lag_ratio=0.004), run_time=1.8)
        self.play(FadeIn(uphill, shift=0.2 * DOWN), run_time=0.7)
        self.wait(0.6)

        # 2. Right angles: the gradient against the tangent of its level line.
        self.beat("perpendicular", self.caption("perpendicular"))
        self.play(FadeTo(field, 0.18), run_time=0.6)
        marks = self._right_angles(axes)
        for parts in marks:
            arrow, dot, tangent, mark = parts
            self.play(FadeIn(dot, scale=0.5), Create(tangent), run_time=0.5)
            self.play(GrowArrow(arrow), run_time=0.5)
            self.play(Create(mark), run_time=0.35)
        self.play(FadeIn(perpendicular, shift=0.2 * DOWN), run_time=0.7)
        self.wait(0.8)

        # 3. Follow the arrows: curves of steepest ascent, then the same curves downhill.
        lines = StreamLines(self.flow_lines, axes, theme=theme)
        self.beat("ascent", self.caption("ascent"))  # the marked points stay to their beat's end
        self.play(FadeTo(field, 0.0, remover=True), *(FadeOut(VGroup(*p)) for p in marks), run_time=0.6)
        self.play(Create(lines.curves, lag_ratio=0.03), FadeIn(lines.heads), FadeIn(ascent, shift=0.2 * DOWN),
                  run_time=1.6)
        self.idle(lines.flow(cycles=2, color=theme.highlight), run_time=2.6)  # a loop on a slide
        self.beat("descent", self.caption("descent"))
        self.play(lines.turn_around(), FadeIn(descent, shift=0.2 * DOWN), run_time=1.0)
        self.idle(lines.flow(reverse=True, cycles=2, color=theme.highlight), run_time=2.6)

    def caption(self, beat: str) -> str:
        """What the beat says, from the core's numbers."""
        f = self.objective
        if beat == "field":
            return (f"f({', '.join(f.names)}) = {plain_formula(f)}. At every point an arrow shows the gradient ∇f: "
                    "it points uphill, and it is longest where the level lines crowd together.")
        if beat == "perpendicular":
            if not self.highlights:
                return "The gradient crosses every level line at a right angle."
            level, p, _, g = self.highlights[0]
            return (f"At {point(p, 2)}, on the level line f = {num(level, 2)}, ∇f = {point(g, 2)} crosses the line "
                    f"at a right angle, as it does at each of the {len(self.highlights)} points marked.")
        if beat == "ascent":
            return (f"Following the arrows traces {len(self.flow_lines)} curves of steepest ascent, "
                    "each crossing the level lines at right angles.")
        return "Turned around, the same curves follow −∇f: the paths of steepest descent."

    def _note(self, typst: str, color) -> VGroup:
        return math(typst, font_size=self.theme.label_size, color=color, theme=self.theme)

    def _right_angles(self, axes) -> list[tuple]:
        """Per highlight: gradient arrow, dot, tangent segment and right-angle mark (scene)."""
        theme = self.theme
        unit = np.linalg.norm(axes.c2p(1, 0) - axes.c2p(0, 0))
        longest = max(np.linalg.norm(g) for *_, g in self.highlights)
        scale = self.arrow_length / (unit * longest)  # one scale for all: lengths stay comparable
        out = []
        for level, point, tangent, gradient in self.highlights:
            g = GradientAtPoint(self.objective, axes, point, scale=scale, show_components=False, show_labels=False,
                                theme=theme)
            centre = axes.c2p(*point)
            along = axes.c2p(*(point + tangent)) - centre
            along = along / np.linalg.norm(along)
            tangent_line = Line(centre - 0.55 * along, centre + 0.55 * along, color=theme.highlight, stroke_width=3)
            v = g.arrow_vector()
            turn = along[0] * v[1] - along[1] * v[0]  # which side of the tangent the arrow leaves on
            mark = RightAngleMark(centre, along if turn > 0 else -along, v, size=0.16, color=theme.highlight,
                                  theme=theme)
            out.append((g.arrow, g.dot, tangent_line, mark))
        return out
