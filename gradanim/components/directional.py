"""Directional derivatives: a unit vector u turning around a point, and D_u f against its angle.

Both parts draw a :class:`gradanim.core.directional.DirectionalProfile` (the core samples
D_u f = grad f . u over a whole turn, and names the gradient, contour and opposite
directions); turning u only looks values up in it, it never differentiates.

Example::

    profile = directional_profile(objective, (2, 3), extra={"northeast": (1, 1)})
    dial = DirectionDial(profile, axes, angle=profile.mark("northeast")[0].angle)
    plot = DirectionalPlot(profile, width=5.5, height=2.6)
    self.add(dial, plot)
    self.play(TurnDirection([dial, plot], dial.angle, dial.angle + TAU), run_time=6)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    Arrow,
    Axes,
    Circle,
    DashedLine,
    DashedVMobject,
    Dot,
    Line,
    VGroup,
    VMobject,
    smooth,
)

from ..core.directional import TAU, DirectionalProfile, unit_vector
from .claims import DirectionAt
from .dashes import DashedSegment
from .theme import DEFAULT_THEME, Theme
from .typeset import Readout, math, number_typst


def _wrap(theta: float) -> float:
    return float(np.mod(theta, TAU))


class DirectionDial(VGroup):
    """At the profile's point on ``axes``: the gradient, a unit vector u at ``angle`` and the
    projection of the gradient onto u's line (its signed length is D_u f, to scale).

    Parameters
    ----------
    profile
        The core's directional profile at the point.
    axes
        Equal-unit axes the point lives on (angles on screen are then true angles).
    angle
        The starting angle of u, in radians from the +x axis.
    radius
        Drawn length of u in *axes units* (u is a unit vector; ``radius`` is the drawing scale).
    gradient_length
        Drawn length of the gradient arrow in axes units; D_u f is drawn with the same scale,
        ``gradient_length / |grad f|``, so the projection's foot lands exactly under its tip.
    show_circle, show_projection
        The dashed circle of all directions; the projection (drop line and signed segment).

    objective
        The function (optional): with it, numbers about u can be checked against the core
        (``subject``, a :class:`~gradanim.components.claims.DirectionAt` of ``u_arrow``).

    Attributes: ``dot``, ``circle``, ``gradient_arrow``, ``gradient_label``, ``u_arrow``,
    ``u_label``, ``projection`` (segment), ``drop`` (dashed line), ``angle``, ``subject``.
    """

    def __init__(
        self,
        profile: DirectionalProfile,
        axes: Axes,
        *,
        angle: float = 0.0,
        radius: float = 1.0,
        gradient_length: float | None = None,
        show_circle: bool = True,
        show_projection: bool = True,
        u_color=None,
        gradient_color=None,
        label_size: float | None = None,
        objective=None,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.profile = profile
        self.axes = axes
        self.theme = theme
        self.u_color = u_color or theme.path
        self.gradient_color = gradient_color or theme.gradient
        self.label_size = label_size or theme.label_size
        self.center = np.asarray(axes.c2p(*profile.point[:2]), dtype=float)
        self.unit = float(np.linalg.norm(np.asarray(axes.c2p(1, 0)) - np.asarray(axes.c2p(0, 0))))
        self.radius = radius * self.unit  # scene units
        self.gradient_length = (gradient_length or 1.6 * radius) * self.unit
        self.scale_factor = self.gradient_length / profile.magnitude  # scene units per unit of D_u f
        self.angle = float(angle)

        self.circle = Circle(radius=self.radius, stroke_color=theme.muted_text, stroke_width=1.5, stroke_opacity=0.6)
        self.circle.move_to(self.center)
        self.circle = DashedVMobject(self.circle) if show_circle else VGroup()
        g_dir = _v3(unit_vector(profile.gradient_angle))
        self.gradient_tip = self.center + self.gradient_length * g_dir
        self.gradient_arrow = Arrow(
            self.center, self.gradient_tip, buff=0, color=self.gradient_color,
            stroke_width=theme.arrow_stroke * 1.3, max_tip_length_to_length_ratio=0.18,
        )
        self.gradient_label = math("nabla f", font_size=self.label_size, color=self.gradient_color, theme=theme)
        self.gradient_label.move_to(self.gradient_tip + 0.32 * g_dir)
        self.dot = Dot(self.center, radius=0.07, color=theme.text)
        self.dot.set_stroke(theme.background, width=2, background=True)
        self.show_projection = show_projection
        self.drop = DashedSegment(self.center, self.center, dash_length=0.07, min_length=0.05,
                                  stroke_color=theme.muted_text, stroke_width=2)
        self.projection = VMobject()
        self.u_arrow = self._u_arrow(self.angle)
        self.u_label = math("bold(u)", font_size=self.label_size, color=self.u_color, theme=theme)
        self.add(self.circle, self.drop, self.projection, self.gradient_arrow, self.gradient_label,
                 self.u_arrow, self.u_label, self.dot)
        self.subject = None
        if objective is not None:
            self.subject = self.claim_subject = DirectionAt(axes, self.u_arrow, objective, name="u")
        self.set_angle(self.angle)

    # --- geometry (all from the profile) -----------------------------------------------------

    def u_end(self, theta: float | None = None) -> np.ndarray:
        theta = self.angle if theta is None else theta
        return self.center + self.radius * _v3(unit_vector(theta))

    def foot(self, theta: float | None = None) -> np.ndarray:
        """Where the gradient's tip projects onto u's line: D_u f (core) times the scale."""
        theta = self.angle if theta is None else theta
        return self.center + self.scale_factor * self.profile.value_at(theta) * _v3(unit_vector(theta))

    def _u_arrow(self, theta: float) -> Arrow:
        return Arrow(
            self.center, self.u_end(theta), buff=0, color=self.u_color,
            stroke_width=self.theme.arrow_stroke * 1.3, max_tip_length_to_length_ratio=0.25,
        )

    def keep_direction(self, label_typst: str, *, opacity: float = 0.5) -> tuple[VGroup, DirectionAt | None]:
        """A faded copy of u where it points now, with a label beyond its tip, that stays when
        u turns on: numbers about this direction then stay true of something in the picture.
        Returns the copy (arrow and label) and its subject (None without the objective)."""
        arrow = self._u_arrow(self.angle).set_opacity(opacity)
        u = _v3(unit_vector(self.angle))
        label = math(label_typst, font_size=self.label_size, color=self.u_color, theme=self.theme)
        label.set_opacity(0.85).next_to(self.u_end(), u, buff=0.12)
        subject = None
        if self.subject is not None:
            subject = DirectionAt(self.axes, arrow, self.subject.objective, name="kept direction")
        return VGroup(arrow, label), subject

    def set_angle(self, theta: float) -> DirectionDial:
        """Turn u to ``theta`` (radians) and redraw the projection."""
        self.angle = float(theta)
        u = _v3(unit_vector(theta))
        self.u_arrow.become(self._u_arrow(theta))
        # Beside the tip, on the side away from the gradient: clear of the projection and drop line.
        side = np.array([-u[1], u[0], 0.0])
        if side @ _v3(unit_vector(self.profile.gradient_angle)) > 0:
            side = -side
        self.u_label.move_to(self.u_end(theta) + 0.12 * u + 0.28 * side)
        if self.show_projection:
            value = self.profile.value_at(theta)
            color = self.theme.ascent if value >= 0 else self.theme.descent
            foot = self.foot(theta)
            if abs(value) * self.scale_factor > 1e-3:
                self.projection.become(Line(self.center, foot, stroke_color=color, stroke_width=10, stroke_opacity=0.45))
            else:
                self.projection.become(VMobject())
            # hidden while shorter than 0.05: the foot is at the gradient's tip
            self.drop.put_start_and_end_on(self.gradient_tip, foot)
        return self


class DirectionalPlot(VGroup):
    """D_u f against the angle of u over one turn (a cosine), with marks and live readouts.

    Marks: the gradient direction (maximum, |grad f|), the two contour directions (zero) and
    the opposite (minimum, -|grad f|), plus any extra marks of the profile listed in
    ``extra_marks``. A moving dot and a vertical line show the current angle; readouts above
    the plot show the angle (degrees) and D_u f.

    Attributes: ``axes``, ``curve``, ``marks`` (dict name -> VGroup of dots), ``mark_labels``,
    ``tracker_dot``, ``tracker_line``, ``angle_readout``, ``value_readout``, ``angle``.
    """

    def __init__(
        self,
        profile: DirectionalProfile,
        *,
        width: float = 5.5,
        height: float = 2.6,
        angle: float = 0.0,
        extra_marks: Sequence[str] = (),
        curve_color=None,
        show_readouts: bool = True,
        digits: int = 3,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.profile = profile
        self.theme = theme
        self.angle = float(angle)
        m = profile.magnitude
        top = 1.5 * m
        self.axes = Axes(
            x_range=[0, TAU, np.pi / 2], y_range=[-top, top, m], x_length=width, y_length=height,
            tips=False, axis_config={"color": theme.axis, "stroke_width": theme.axis_stroke,
                                     "include_numbers": False, "tick_size": 0.05},
        )
        small, label = theme.small_size, theme.label_size
        self.tick_labels = VGroup()
        for k, text in enumerate(["0 degree", "90 degree", "180 degree", "270 degree", "360 degree"]):
            t = math(text, font_size=small, color=theme.muted_text, theme=theme)
            t.skim = True  # tick numbers: looked up, not read
            t.next_to(self.axes.c2p(k * np.pi / 2, -top), DOWN, buff=0.1)
            self.tick_labels.add(t)
        self.y_label = math("D_(bold(u)) f", font_size=label, color=theme.text, theme=theme)
        self.y_label.next_to(self.axes.c2p(0, 0), LEFT, buff=0.15)
        self.x_label = math("theta", font_size=label, color=theme.text, theme=theme)
        self.x_label.next_to(self.axes.c2p(TAU, 0), RIGHT, buff=0.12)
        self.frame_lines = VGroup(  # faint guides at +-|grad f|
            DashedLine(self.axes.c2p(0, m), self.axes.c2p(TAU, m), dash_length=0.05),
            DashedLine(self.axes.c2p(0, -m), self.axes.c2p(TAU, -m), dash_length=0.05),
        ).set_stroke(theme.grid, width=1.5)

        self.curve_color = curve_color or theme.path
        self.curve = VMobject(stroke_color=self.curve_color, stroke_width=theme.path_stroke * 0.8)
        self.curve.set_points_smoothly(self.curve_points())

        self.marks: dict[str, VGroup] = {}
        self.mark_labels = VGroup()
        colors = {"gradient": theme.gradient, "contour": theme.text, "opposite": theme.descent}
        texts = {"gradient": f"|nabla f| = {number_typst(m, digits)}", "opposite": "-|nabla f|", "contour": "0"}
        for name in ("gradient", "contour", "opposite", *extra_marks):
            group = VGroup()
            for mark in profile.mark(name):
                color = colors.get(name, theme.highlight)
                dot = Dot(self.axes.c2p(mark.angle, mark.value), radius=0.06, color=color)
                group.add(dot)
                text = texts.get(name)
                if text is not None:
                    lab = math(text, font_size=small, color=color, theme=theme)
                    # Above the maximum; below-right of the minimum (under the curve's lowest
                    # point, clear of the curve and above the angle ticks); above-right of
                    # the zeros.
                    if mark.value > 0:
                        lab.next_to(dot, UP, buff=0.1)
                    elif mark.value < 0:
                        lab.next_to(dot, DOWN + RIGHT, buff=0.02)
                    else:  # on the side where the curve is below the axis
                        falling = profile.value_at(mark.angle + 0.02) < 0
                        lab.next_to(dot, UP + (RIGHT if falling else LEFT), buff=0.04)
                    self._keep_inside(lab)
                    self.mark_labels.add(lab)
            self.marks[name] = group

        self.tracker_line = VMobject()
        self.tracker_dot = Dot(radius=0.075, color=self.curve_color)
        self.tracker_dot.set_stroke(theme.background, width=2, background=True)
        self.readouts = VGroup()
        if show_readouts:
            self.angle_readout = Readout("theta", 0, digits=1, fixed=True, suffix_typst="degree", font_size=label, theme=theme)
            self.value_readout = Readout("D_(bold(u)) f", 0.0, digits=digits, fixed=True, font_size=label,
                                          color=self.curve_color, theme=theme)
            self.readouts.add(self.angle_readout, self.value_readout)
            self.angle_readout.set_value(359.9)  # spaced at the widest angle, so none runs into D_u f
            self.readouts.arrange(RIGHT, buff=0.6)
            self.angle_readout.set_value(0)
            self.readouts.next_to(self.axes, UP, buff=0.25).align_to(self.axes, LEFT)
        self.add(self.frame_lines, self.axes, self.tick_labels, self.y_label, self.x_label, self.curve,
                 *self.marks.values(), self.mark_labels, self.tracker_line, self.tracker_dot, self.readouts)
        self.set_angle(self.angle)

    def _keep_inside(self, mob, pad: float = 0.08):
        left, right = self.axes.c2p(0, 0)[0] + pad, self.axes.c2p(TAU, 0)[0] - pad
        if mob.get_left()[0] < left:
            mob.shift((left - mob.get_left()[0]) * RIGHT)
        if mob.get_right()[0] > right:
            mob.shift((right - mob.get_right()[0]) * LEFT)

    def curve_points(self) -> np.ndarray:
        """The curve's scene points: the profile's (angle, D_u f) samples through the axes."""
        p = self.profile
        return np.asarray(self.axes.c2p(p.angles, p.values), dtype=float).reshape(3, -1).T

    def set_angle(self, theta: float) -> DirectionalPlot:
        """Move the tracker to ``theta`` (wrapped into one turn) and update the readouts."""
        self.angle = float(theta)
        t = _wrap(theta)
        value = self.profile.slope_at(t)  # exact: the readout shows it (the curve is sampled)
        here = self.axes.c2p(t, value)
        self.tracker_dot.move_to(here)
        # The value as a height: from the angle axis up (or down) to the curve.
        self.tracker_line.become(Line(
            self.axes.c2p(t, 0), here, stroke_color=self.curve_color, stroke_width=3, stroke_opacity=0.7,
        ))
        if len(self.readouts):
            # To a tenth of a degree: at a whole degree the value beside it would not be its own
            # (D_u f = 0 at 108.4 degrees, 0.047 at 108).
            degrees = round(float(np.degrees(t)), 1) % 360
            self.angle_readout.set_value(degrees)
            self.value_readout.set_value(float(value))
        return self


class TurnPart(Animation):
    """Turn one part (anything with ``set_angle``: a DirectionDial, a DirectionalPlot) from
    ``start`` to ``end`` radians."""

    def __init__(self, part, start: float, end: float, **kwargs):
        self.start, self.end = float(start), float(end)
        kwargs.setdefault("rate_func", smooth)
        super().__init__(part, **kwargs)

    def begin(self) -> None:
        # No starting copy is needed: the part redraws itself from the core's profile.
        self.starting_mobject = self.mobject
        self.interpolate(0)

    def interpolate_mobject(self, alpha: float) -> None:
        self.mobject.set_angle(self.start + (self.end - self.start) * self.rate_func(alpha))


class TurnDirection(AnimationGroup):
    """Turn several parts together, e.g. ``TurnDirection([dial, plot], 0, TAU, run_time=6)``."""

    def __init__(self, parts: Sequence, start: float, end: float, *, rate_func=smooth, **kwargs):
        super().__init__(*(TurnPart(p, start, end, rate_func=rate_func) for p in parts), **kwargs)


def _v3(xy) -> np.ndarray:
    return np.array([xy[0], xy[1], 0.0])

__all__ = ["DirectionDial", "DirectionalPlot", "TurnDirection", "TurnPart"]
