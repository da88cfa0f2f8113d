"""The hiker's probe drawn on a map: step east, step north, assemble the gradient.

Everything numeric comes from a :class:`gradanim.core.probe.Probe`: where the probe steps land
(``point + h e_x``, ``point + h e_y``), the measured rises (shown in a badge, green up / red
down, with the sign the core judged), and the exact partials, drawn as the east and north
component arrows. Assembled tip to tail they give the gradient arrow, the direction of steepest
ascent. The only presentation choice is ``vector_scale``: domain units of arrow per unit of
slope (the scene may pass the learning rate, so the gradient arrow is exactly the next step).

Example::

    display = ProbeDisplay(probe(f, point, 0.35), axes, vector_scale=0.9)
    self.play(display.step_east(hiker))
    self.play(display.step_north(hiker))
    self.play(display.assemble())
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    FadeIn,
    FadeOut,
    GrowArrow,
    ManimColor,
    Succession,
    Triangle,
    VGroup,
    Wait,
)

from ..core.probe import Probe, Slope
from .axes import to_scene
from .claims import Claim, ProbeAt, declare
from .hiker import Hiker
from .theme import DEFAULT_THEME, Theme
from .typeset import math, number_typst


def fixed_typst(value: float, digits: int = 2) -> str:
    """``digits`` decimals, never scientific (a probe's numbers are all of modest size);
    scientific only when huge or when it would read as zero though it is not."""
    value = float(value)
    text = f"{value:.{digits}f}"
    if abs(value) >= 1e5 or (value != 0 and float(text) == 0):
        return number_typst(value, digits)
    return "0" if float(text) == 0 else text


def signed_typst(value: float, digits: int = 2) -> str:
    """A number with an explicit sign: ``+0.17``, ``-0.05``, ``0``."""
    text = fixed_typst(value, digits)
    return text if text.startswith("-") or text == "0" else f"+{text}"


class RiseBadge(VGroup):
    """``[triangle] Δf = +0.17``: how much the ground rose over a probe step.

    The triangle points up (green) for UP, down (red) for DOWN; FLAT shows no triangle and a
    muted number.
    """

    def __init__(
        self,
        rise: float,
        slope: Slope,
        *,
        digits: int = 2,
        font_size: float | None = None,
        up_color=None,
        down_color=None,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.rise, self.slope = float(rise), Slope(slope)
        color = {
            Slope.UP: up_color or theme.minimum,
            Slope.DOWN: down_color or theme.maximum,
            Slope.FLAT: theme.muted_text,
        }[self.slope]
        self.color_ = ManimColor(color)
        self.text = math(f"Delta f = {signed_typst(rise, digits)}", font_size=font_size or theme.small_size,
                         color=color, theme=theme)
        self.add(self.text)
        if self.slope is not Slope.FLAT:
            glyph = Triangle().set_fill(color, opacity=1).set_stroke(width=0)
            glyph.scale_to_fit_height(0.6 * self.text.height)
            if self.slope is Slope.DOWN:
                glyph.rotate(np.pi)
            glyph.next_to(self.text, LEFT, buff=0.08)
            self.glyph = glyph
            self.add(glyph)
        else:
            self.glyph = None
        self.set_z_index(5)


class ProbeDisplay(VGroup):
    """Probe steps, rise badges, east/north component arrows and the gradient arrow at a point.

    Parameters
    ----------
    probe
        The core's probe record (point, h, rises, partials, signs).
    axes
        Where to draw (the probe point and steps go through ``axes.c2p``).
    vector_scale
        Domain units of arrow per unit of slope (default: the gradient arrow is
        ``target_length`` domain units long).
    region
        A box (left/right/bottom/top, e.g. the scene's plot box) the badges must stay in.
    hiker_height
        Height of the hiker figure (scene units), so badges keep clear of it.
    avoid
        Extra scene segments ``(a, b)`` the badges must not cover (e.g. the path walked so far).
    objective, stand
        The function probed and where the hiker's feet are (a callable, scene point): with
        them, numbers about the probe are checked against the core (``subject``, a
        :class:`~gradanim.components.claims.ProbeAt`); the probe is in the picture while a
        part of this display is, or while the hiker stands on its point.

    Attributes
    ----------
    origin, east_point, north_point
        Scene points of the probe point and the two probe steps.
    east_arrow, north_arrow, gradient_arrow
        The component arrows (exact partials) and their sum.
    east_badge, north_badge
        The rise readouts (numbers from ``probe.rises``).
    """

    def __init__(
        self,
        probe: Probe,
        axes,
        *,
        vector_scale: float | None = None,
        target_length: float = 1.2,
        region=None,
        hiker_height: float = 0.6,
        up_color=None,
        down_color=None,
        gradient_color=None,
        component_stroke: float | None = None,
        digits: int = 2,
        font_size: float | None = None,
        avoid: tuple = (),
        objective=None,
        stand=None,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.avoid = [(np.asarray(a, dtype=float), np.asarray(b, dtype=float)) for a, b in avoid]
        if probe.n_variables != 2:
            raise ValueError("ProbeDisplay draws probes of functions of two variables")
        self.probe = probe
        self.axes = axes
        self.theme = theme
        norm = probe.gradient_norm
        self.vector_scale = float(vector_scale if vector_scale is not None else (target_length / norm if norm else 1.0))
        p = np.asarray(probe.point, dtype=float)
        gx, gy = (float(v) for v in probe.partials)
        k = self.vector_scale
        self.origin, self.east_point, self.north_point, self.east_tip, self.north_tip, self.gradient_tip = to_scene(
            axes, [p, probe.step_point(0), probe.step_point(1), p + [k * gx, 0], p + [0, k * gy], p + [k * gx, k * gy]]
        )
        self.up_color = ManimColor(up_color or theme.minimum)
        self.down_color = ManimColor(down_color or theme.maximum)
        colors = {Slope.UP: self.up_color, Slope.DOWN: self.down_color, Slope.FLAT: ManimColor(theme.muted_text)}
        stroke = component_stroke or theme.arrow_stroke * 1.4
        self.east_arrow = self._arrow(self.origin, self.east_tip, colors[probe.slope_sign(0)], stroke)
        self.north_arrow = self._arrow(self.origin, self.north_tip, colors[probe.slope_sign(1)], stroke)
        self.gradient_arrow = self._arrow(self.origin, self.gradient_tip, ManimColor(gradient_color or theme.gradient),
                                          stroke * 1.35)
        self.gradient_label = math("nabla f", font_size=theme.label_size, color=gradient_color or theme.gradient,
                                   theme=theme)
        self.gradient_label.set_z_index(6)
        self._place_gradient_label()
        badge = dict(digits=digits, font_size=font_size, up_color=self.up_color, down_color=self.down_color, theme=theme)
        self.east_badge = RiseBadge(probe.rises[0], probe.slope_sign(0), **badge)
        self.north_badge = RiseBadge(probe.rises[1], probe.slope_sign(1), **badge)
        self.hiker_height = float(hiker_height)
        self.region = region
        self._place_badges()
        self.add(self.east_arrow, self.north_arrow, self.gradient_arrow, self.gradient_label, self.east_badge,
                 self.north_badge)
        # Numbers about this probe are about the probe drawn here (from the east arrow's foot).
        self.subject = self.claim_subject = ProbeAt(probe, axes, self, self.east_arrow, objective=objective,
                                                    stand=stand)
        declare(self.east_badge, Claim(self.subject, "rise.0", probe.rises[0], digits, True))
        declare(self.north_badge, Claim(self.subject, "rise.1", probe.rises[1], digits, True))

    # --- construction --------------------------------------------------------------------

    def _arrow(self, start, end, color, stroke) -> Arrow:
        length = float(np.linalg.norm(np.asarray(end) - np.asarray(start)))
        arrow = Arrow(
            start,
            end if length > 1e-6 else start + 1e-6 * RIGHT,
            buff=0,
            color=color,
            stroke_width=stroke,
            max_tip_length_to_length_ratio=0.3,
            max_stroke_width_to_length_ratio=12,
            tip_length=0.2,
        )
        arrow.set_stroke(self.theme.background, width=stroke + 3, background=True)
        arrow.set_z_index(4)
        return arrow

    def _clamp(self, mob, buff: float = 0.05):
        if self.region is None:
            return mob
        left, right = float(self.region.left), float(self.region.right)
        bottom, top = float(self.region.bottom), float(self.region.top)
        dx = max(0.0, left + buff - mob.get_left()[0]) - max(0.0, mob.get_right()[0] - (right - buff))
        dy = max(0.0, bottom + buff - mob.get_bottom()[1]) - max(0.0, mob.get_top()[1] - (top - buff))
        mob.shift([dx, dy, 0])
        return mob

    def _hiker_box(self, feet) -> tuple[float, float, float, float]:
        """(left, right, bottom, top) the hiker figure covers when standing at ``feet``."""
        h = self.hiker_height
        return feet[0] - 0.38 * h, feet[0] + 0.38 * h, feet[1] - 0.1 * h, feet[1] + 1.02 * h

    def keep_out(self) -> tuple[list, list]:
        """Boxes (hiker at the probe point and both step points, the gradient label) and
        segments (every arrow, the north arrow also where ``assemble`` moves it) that badges
        must not cover."""
        boxes = [self._hiker_box(p) for p in (self.origin, self.east_point, self.north_point)]
        label = self.gradient_label
        boxes.append((label.get_left()[0], label.get_right()[0], label.get_bottom()[1], label.get_top()[1]))
        segments = [
            (self.origin, self.east_tip),
            (self.origin, self.north_tip),
            (self.east_tip, self.gradient_tip),
            (self.origin, self.gradient_tip),
            *self.avoid,
        ]
        return boxes, segments

    def _inside_region(self, mob, buff: float = 0.05) -> bool:
        if self.region is None:
            return True
        return (
            mob.get_left()[0] >= float(self.region.left) + buff - 1e-9
            and mob.get_right()[0] <= float(self.region.right) - buff + 1e-9
            and mob.get_bottom()[1] >= float(self.region.bottom) + buff - 1e-9
            and mob.get_top()[1] <= float(self.region.top) - buff + 1e-9
        )

    @staticmethod
    def _conflicts(mob, boxes, segments, pad: float = 0.06) -> int:
        left, right = mob.get_left()[0] - pad, mob.get_right()[0] + pad
        bottom, top = mob.get_bottom()[1] - pad, mob.get_top()[1] + pad
        count = 0
        for b_left, b_right, b_bottom, b_top in boxes:
            if left < b_right and b_left < right and bottom < b_top and b_bottom < top:
                count += 1
        for a, b in segments:
            t = np.linspace(0.0, 1.0, 41)[:, None]
            pts = np.asarray(a)[None, :2] + t * (np.asarray(b)[None, :2] - np.asarray(a)[None, :2])
            if np.any((pts[:, 0] > left) & (pts[:, 0] < right) & (pts[:, 1] > bottom) & (pts[:, 1] < top)):
                count += 1
        return count

    def _place(self, badge, candidates, boxes, segments):
        """Put ``badge`` at the first candidate inside the region that covers nothing; failing
        that, the one covering least (then clamped into the region)."""
        best, best_score = None, None
        for place in candidates:
            place(badge)
            score = self._conflicts(badge, boxes, segments) + (0 if self._inside_region(badge) else 100)
            if score == 0:
                return
            if best_score is None or score < best_score:
                best, best_score = place, score
        best(badge)
        self._clamp(badge)

    def _place_badges(self):
        h = self.hiker_height
        boxes, segments = self.keep_out()
        e, n = self.east_point, self.north_point
        figure_side = 0.38 * h + 0.08
        east_candidates = [
            lambda m: m.next_to(e, DOWN, buff=0.2),
            lambda m: m.next_to(e, DOWN, buff=0.2, aligned_edge=LEFT),
            lambda m: m.next_to(e, DOWN, buff=0.2, aligned_edge=RIGHT),
            lambda m: m.next_to(e + 1.02 * h * UP, UP, buff=0.08),
            lambda m: m.next_to(e + 0.5 * h * UP + figure_side * RIGHT, RIGHT, buff=0.05),
            lambda m: m.next_to(e + 0.5 * h * UP + figure_side * LEFT, LEFT, buff=0.05),
            lambda m: m.next_to(self.origin, DOWN, buff=0.2),
        ]
        self._place(self.east_badge, east_candidates, boxes, segments)
        b = self.east_badge
        boxes = boxes + [(b.get_left()[0], b.get_right()[0], b.get_bottom()[1], b.get_top()[1])]
        north_candidates = [
            lambda m: m.next_to(n + 0.5 * h * UP + figure_side * LEFT, LEFT, buff=0.05),
            lambda m: m.next_to(n + 0.5 * h * UP + figure_side * RIGHT, RIGHT, buff=0.05),
            lambda m: m.next_to(n + 1.02 * h * UP, UP, buff=0.08),
            lambda m: m.next_to(n + 1.02 * h * UP + 0.3 * h * LEFT, UP, buff=0.08, aligned_edge=LEFT),
            lambda m: m.next_to(n + 1.02 * h * UP + 0.3 * h * RIGHT, UP, buff=0.08, aligned_edge=RIGHT),
            lambda m: m.next_to(n, DOWN, buff=0.2),
            lambda m: m.next_to(self.origin + 0.5 * h * UP + figure_side * LEFT, LEFT, buff=0.05),
        ]
        self._place(self.north_badge, north_candidates, boxes, segments)

    def _place_gradient_label(self):
        d = self.gradient_tip - self.origin
        norm = float(np.linalg.norm(d[:2]))
        u = d / norm if norm > 0 else RIGHT
        normal = np.array([u[1], -u[0], 0.0])  # to the right of the arrow
        self.gradient_label.move_to(self.gradient_tip + 0.22 * u + 0.18 * normal)

    # --- animations ----------------------------------------------------------------------

    def step_east(self, hiker: Hiker, *, walk_time: float = 0.6, pause: float = 0.3) -> Succession:
        """The hiker steps east by h and back; the rise badge appears; the east arrow grows."""
        return self._probe_step(hiker, self.east_point, self.east_badge, self.east_arrow, walk_time, pause)

    def step_north(self, hiker: Hiker, *, walk_time: float = 0.6, pause: float = 0.3) -> Succession:
        """The hiker steps north by h and back; the rise badge appears; the north arrow grows."""
        return self._probe_step(hiker, self.north_point, self.north_badge, self.north_arrow, walk_time, pause)

    def _probe_step(self, hiker, target, badge, arrow, walk_time, pause) -> Succession:
        there = hiker.walk_to(target, turn=False, run_time=walk_time)
        back = hiker.walk_to(self.origin, turn=False, run_time=walk_time)  # a step back, not a turn
        return Succession(
            there,
            FadeIn(badge, shift=0.1 * UP if badge.slope is Slope.UP else 0.1 * DOWN, run_time=0.35),
            Wait(pause),
            AnimationGroup(back, GrowArrow(arrow, run_time=walk_time)),
        )

    def assemble(self, *, run_time: float = 1.4) -> Succession:
        """The north arrow slides to the tip of the east arrow; the gradient arrow grows as their sum."""
        shift = self.east_tip - self.origin
        return Succession(
            self.north_arrow.animate(run_time=0.5 * run_time).shift(shift),
            AnimationGroup(GrowArrow(self.gradient_arrow), FadeIn(self.gradient_label), run_time=0.5 * run_time),
        )

    def assembled_north_start(self) -> np.ndarray:
        """Where the north arrow starts after ``assemble``: the east arrow's tip."""
        return self.east_tip

    def dismiss(self, *, keep_gradient: bool = False, run_time: float = 0.5) -> AnimationGroup:
        """Fade the badges and component arrows (and the gradient arrow unless kept)."""
        parts = [self.east_arrow, self.north_arrow, self.east_badge, self.north_badge]
        if not keep_gradient:
            parts += [self.gradient_arrow, self.gradient_label]
        return AnimationGroup(*(FadeOut(m) for m in parts), run_time=run_time)


__all__ = ["ProbeDisplay", "RiseBadge", "fixed_typst", "signed_typst"]
