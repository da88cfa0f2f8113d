"""A critical point's curvature: the Hessian's principal directions, eigenvalues and verdict.

Everything is the core's: the critical point, its Hessian, eigenvalues, eigenvectors and kind
(:func:`gradanim.core.critical.critical_points` / ``classify``); the curves along the principal
directions are the graph above those lines (:func:`gradanim.core.surface_mesh.line_on_graph`).
A direction with a positive eigenvalue curves up (drawn in the minimum colour), a negative one
curves down (maximum colour), a zero one is flat to second order (muted).

Example::

    point = critical_points(objective, domain)[0]
    view = HessianView(plot, point)
    scene.play(Create(view.curves), GrowArrow(view.arrows[0]), GrowArrow(view.arrows[1]))
    scene.fix(HessianCard(point))
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, ORIGIN, Arrow, Dot, RoundedRectangle, VGroup, VMobject

from ..core.critical import CriticalPoint, Kind, Neighbourhood
from ..core.surface_mesh import line_on_graph
from .surface import SurfacePlot
from .theme import DEFAULT_THEME, Theme
from .typeset import math, matrix_typst, number_typst

# The lesson's words: "Positive definite -> Local minimum, Negative definite -> Local maximum,
# Indefinite -> Saddle point"; a zero eigenvalue is where the test says nothing.
KIND_WORDS = {
    Kind.MINIMUM: ("positive definite", "minimum"),
    Kind.MAXIMUM: ("negative definite", "maximum"),
    Kind.SADDLE: ("indefinite", "saddle"),
    Kind.DEGENERATE: ("a zero eigenvalue", "degenerate"),
}


def kind_color(kind: Kind, theme: Theme = DEFAULT_THEME):
    return {Kind.MINIMUM: theme.minimum, Kind.MAXIMUM: theme.maximum, Kind.SADDLE: theme.saddle}.get(kind, theme.highlight)


def curvature_color(eigenvalue: float, theme: Theme = DEFAULT_THEME):
    """Up-curving directions in the minimum colour, down-curving in the maximum colour."""
    if eigenvalue > 0:
        return theme.minimum
    if eigenvalue < 0:
        return theme.maximum
    return theme.muted_text


class HessianView(VGroup):
    """Principal curvature directions at a critical point, on the surface and on its floor map.

    Parameters
    ----------
    plot
        The surface (its floor carries the projected contour map).
    critical
        The core's critical point (point, eigenvalues, eigenvectors, kind).
    half_length
        Half the length of each principal curve, in domain units (default: 40% of the
        smaller domain width).
    floor
        Also mark the point and directions on the floor's contour map (``floor_arrows``,
        ``floor_dot``; for a translucent surface: an opaque one hides all but slivers).

    Attributes
    ----------
    curves
        One curve per eigenvector (on the graph, through the point).
    arrows
        One arrow per eigenvector in the tangent plane at the point (horizontal there), along
        +v_i: above a minimum's bowl and a maximum's dome, so they read as lying on the surface.
    floor_arrows, floor_dot
        With ``floor``: the same directions on the floor's contour map (add them beneath
        the surface); empty otherwise.
    directions
        (2, 2) the eigenvectors (columns of the core's ``eigenvectors``) as rows.
    """

    def __init__(
        self,
        plot: SurfacePlot,
        critical: CriticalPoint,
        *,
        half_length: float | None = None,
        stroke_width: float | None = None,
        floor: bool = False,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.plot = plot
        self.critical = critical
        p = np.asarray(critical.point, dtype=float)[:2]
        self.directions = np.asarray(critical.eigenvectors, dtype=float).T[:, :2]
        h = half_length or 0.4 * float(min(plot.domain.widths))
        width = stroke_width or theme.path_stroke
        self.curves = VGroup()
        self.arrows = VGroup()
        self.floor_arrows = VGroup()
        self.curve_coords = []
        for value, v in zip(critical.eigenvalues, self.directions):
            colour = curvature_color(float(value), theme)
            coords = line_on_graph(plot.objective, p, v, h)
            self.curve_coords.append(coords)
            curve = VMobject(stroke_color=colour, stroke_width=width)
            curve.set_points_smoothly(plot.to_scene(coords))
            self.curves.add(curve)
            tip = p + 0.6 * h * v / np.linalg.norm(v)
            ends = np.array([[*p, critical.value], [*tip, critical.value]])
            arrow_style = dict(buff=0, color=colour, stroke_width=theme.arrow_stroke, max_tip_length_to_length_ratio=0.25)
            self.arrows.add(Arrow(*plot.to_scene(ends), **arrow_style))
            if floor:
                self.floor_arrows.add(Arrow(*plot.floor_to_scene(np.array([p, tip])), **arrow_style))
        self.dot = Dot(plot.to_scene([[*p, critical.value]])[0], radius=0.08, color=kind_color(critical.kind, theme))
        # A light ring in a dark halo: the point stands out on a surface of its own colour
        # (a maximum's red on the warm top of its hill).
        self.dot.set_stroke(theme.text, width=2.5).set_stroke(theme.background, width=6, background=True)
        self.floor_dot = VGroup()
        if floor:
            self.floor_dot = Dot(plot.floor_to_scene([p])[0], radius=0.05, color=theme.text)
        self.add(self.floor_arrows, self.floor_dot, self.curves, self.arrows, self.dot)


class NeighbourhoodRing(VGroup):
    """The circle around a point on the surface, in arcs: where f rises above f(p) (the
    minimum colour, "up from here") and where it falls below (the maximum colour). The arcs
    are the core's (:func:`gradanim.core.critical.neighbourhood`), lifted onto the graph.
    """

    def __init__(self, plot: SurfacePlot, around: Neighbourhood, *, stroke_width: float | None = None,
                 theme: Theme = DEFAULT_THEME, **kwargs):
        super().__init__(**kwargs)
        self.neighbourhood = around
        angles, signs = around.angles, around.signs
        p, r = around.point, around.radius
        width = stroke_width or theme.path_stroke
        starts = np.flatnonzero(np.concatenate([[True], signs[1:] != signs[:-1]]))
        ends = np.append(starts[1:], len(signs))
        for a, b in zip(starts, ends):
            sign = int(signs[a])
            if sign == 0:
                continue
            # Each arc runs to the first sample of the next one, so consecutive arcs meet.
            t = np.append(angles[a:b], angles[b % len(angles)] + (2 * np.pi if b == len(angles) else 0.0))
            xy = np.column_stack([p[0] + r * np.cos(t), p[1] + r * np.sin(t)])
            arc = VMobject(stroke_color=theme.minimum if sign > 0 else theme.maximum, stroke_width=width)
            arc.set_points_as_corners(plot.lift_to_scene(xy))
            arc.sign = sign
            self.add(arc)


class Badge(VGroup):
    """A word in a rounded frame in the kind's colour ("minimum", "saddle", ...)."""

    def __init__(self, kind: Kind, *, font_size: float | None = None, theme: Theme = DEFAULT_THEME, **kwargs):
        super().__init__(**kwargs)
        colour = kind_color(kind, theme)
        word = math(f'"{KIND_WORDS[kind][1]}"', font_size=font_size or theme.label_size, color=colour, theme=theme)
        frame = RoundedRectangle(corner_radius=0.12, width=word.width + 0.35, height=word.height + 0.25,
                                 stroke_color=colour, stroke_width=2.5, fill_color=theme.panel, fill_opacity=0.9)
        frame.move_to(word)
        self.kind = kind
        self.word = word
        self.add(frame, word)


class HessianCard(VGroup):
    """The Hessian at a critical point, its eigenvalues, the definiteness words and the badge.

    Lines (all numbers from the core)::

        H = [2, 0; 0, 2]
        λ₁ = 2,  λ₂ = 2
        positive definite → [minimum]
    """

    def __init__(self, critical: CriticalPoint, *, font_size: float | None = None, show_matrix: bool = True,
                 aligned_edge=ORIGIN, theme: Theme = DEFAULT_THEME, **kwargs):
        super().__init__(**kwargs)
        size = font_size or theme.label_size
        rows = [[number_typst(float(v), 3) for v in row] for row in critical.hessian]
        parts = []
        if show_matrix:
            self.matrix = math(f"H = {matrix_typst(rows)}", font_size=size, theme=theme)
            parts.append(self.matrix)
        self.eigenvalues = VGroup(*(
            math(f"lambda_{i + 1} = {number_typst(float(v), 3)}", font_size=size,
                 color=curvature_color(float(v), theme), theme=theme)
            for i, v in enumerate(critical.eigenvalues)
        )).arrange(buff=0.35)
        parts.append(self.eigenvalues)
        words, _ = KIND_WORDS[critical.kind]
        self.words = math(f'"{words}" arrow', font_size=size, color=theme.muted_text, theme=theme)
        self.badge = Badge(critical.kind, font_size=size, theme=theme)
        verdict = VGroup(self.words, self.badge).arrange(buff=0.18)
        parts.append(verdict)
        self.add(*parts)
        self.arrange(DOWN, buff=0.22, aligned_edge=aligned_edge)


__all__ = ["Badge", "HessianCard", "HessianView", "KIND_WORDS", "NeighbourhoodRing", "curvature_color", "kind_color"]
