"""A hiker for contour maps: our own little figure that walks a trajectory leaving footprints.

The hiker stands with its feet on a map point (``hiker.feet``), stays upright, and faces the
way it walks: heading east it looks right, heading west it turns (a smooth horizontal flip) to
look left; a step due north or south keeps the current facing. Legs, arm and walking stick
swing while it walks. Sizes scale with ``height`` (scene units); colours come from the theme.

Example::

    hiker = Hiker(axes.c2p(*trajectory.points[0]), theme=theme)
    prints = Footprints(to_scene(axes, trajectory.points), theme=theme)
    self.add(prints, hiker)
    for k in range(trajectory.n_steps):
        self.play(walk_step(hiker, prints, k), run_time=0.6)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    PI,
    Animation,
    AnimationGroup,
    Arc,
    Circle,
    Ellipse,
    ManimColor,
    Polygon,
    RoundedRectangle,
    VGroup,
    VMobject,
    interpolate_color,
    smooth,
)
from manim.constants import CapStyleType

from .theme import DEFAULT_THEME, Theme

# The figure in local units: height 1, feet at (0, 0), facing +x (east).
_HIP = np.array([0.0, 0.44])
_SHOULDER = np.array([0.05, 0.74])
_STICK_TOP = np.array([0.21, 0.66])
_LEG_SWING = 0.11  # foot offset at full stride (local units)
_STRIDE = 0.55  # distance walked per full gait cycle (local units)


def _plane(points) -> np.ndarray:
    p = np.asarray(points, dtype=float)
    return np.column_stack([p[:, 0], p[:, 1], np.zeros(len(p))])


class Hiker(VGroup):
    """A hiker with backpack and walking stick, feet at ``position``.

    Parameters
    ----------
    position
        Scene point under the hiker's feet (its place on the map).
    height
        Figure height in scene units.
    facing
        +1 looks east (right), -1 west (left).
    jacket_color, pack_color, skin_color, boot_color, stick_color
        Colours (defaults from the theme: path yellow jacket, descent blue pack...).
    shadow
        Draw a small ground ellipse that marks the exact map point.

    Attributes
    ----------
    feet
        The current map point (scene coordinates).
    parts
        Named sub-mobjects: shadow, back_leg, back_boot, pack, bedroll, body, front_leg,
        front_boot, head, hat, brim, arm, stick.
    """

    def __init__(
        self,
        position=(0.0, 0.0, 0.0),
        *,
        height: float = 0.55,
        facing: float = 1.0,
        jacket_color=None,
        pack_color=None,
        skin_color=None,
        boot_color=None,
        stick_color=None,
        shadow: bool = True,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.theme = theme
        self.figure_height = float(height)
        self.facing = 1.0 if facing >= 0 else -1.0
        self.stride_phase = 0.0
        self.feet = np.array([*np.asarray(position, dtype=float)[:2], 0.0])
        jacket = ManimColor(jacket_color or theme.path)
        pack = ManimColor(pack_color or theme.descent)
        skin = ManimColor(skin_color or theme.text)
        boots = ManimColor(boot_color or theme.axis)
        stick = ManimColor(stick_color or theme.muted_text)
        trousers = interpolate_color(ManimColor(theme.grid), ManimColor(theme.muted_text), 0.35)
        outline = ManimColor(theme.background)
        w = 10.0 * self.figure_height  # stroke widths scale with the figure

        def limb(color, width):
            m = VMobject(stroke_color=color, stroke_width=width, fill_opacity=0)
            m.cap_style = CapStyleType.ROUND
            return m

        def solid(mob, color):
            mob.set_fill(color, opacity=1).set_stroke(outline, width=0.25 * w)
            return mob

        self._templates: dict[str, np.ndarray] = {}
        self.parts: dict[str, VMobject] = {}
        ground = Ellipse(width=0.5, height=0.11).set_fill(outline, opacity=0.75)
        ground.set_stroke(stick, width=0.15 * w, opacity=0.6)
        pack_body = RoundedRectangle(width=0.17, height=0.34, corner_radius=0.05).move_to([-0.125, 0.62, 0])
        bedroll = RoundedRectangle(width=0.2, height=0.075, corner_radius=0.035).move_to([-0.125, 0.815, 0])
        body = Polygon([-0.07, 0.42, 0], [0.1, 0.42, 0], [0.12, 0.77, 0], [-0.04, 0.8, 0]).round_corners(0.035)
        head = Circle(radius=0.085, num_components=9).move_to([0.06, 0.9, 0])
        hat = Arc(radius=0.092, start_angle=0, angle=PI, num_components=7).move_to([0.06, 0.95, 0], aligned_edge=[0, -1, 0])
        hat.add_line_to(hat.get_start())
        brim = VMobject().set_points_as_corners([[0.0, 0.95, 0], [0.2, 0.95, 0]])
        rigid = {
            "shadow": ground if shadow else None,
            "pack": solid(pack_body, pack),
            "bedroll": solid(bedroll, interpolate_color(pack, outline, 0.45)),
            "body": solid(body, jacket),
            "head": solid(head, skin),
            "hat": solid(hat, pack),
            "brim": brim.set_stroke(pack, width=0.45 * w),
        }
        for name, mob in rigid.items():
            if mob is not None:
                self._templates[name] = mob.points.copy()
                self.parts[name] = mob
        self.parts["back_leg"] = limb(interpolate_color(trousers, outline, 0.3), 0.95 * w)
        self.parts["back_boot"] = limb(interpolate_color(boots, outline, 0.3), 1.0 * w)
        self.parts["front_leg"] = limb(trousers, 0.95 * w)
        self.parts["front_boot"] = limb(boots, 1.0 * w)
        self.parts["arm"] = limb(interpolate_color(jacket, outline, 0.15), 0.7 * w)
        self.parts["stick"] = limb(stick, 0.35 * w)
        order = ["shadow", "back_leg", "back_boot", "stick", "pack", "bedroll", "body", "front_leg", "front_boot",
                 "head", "hat", "brim", "arm"]
        self.add(*(self.parts[name] for name in order if name in self.parts))
        self.pose()

    # --- pose ----------------------------------------------------------------------------

    def _to_scene(self, local: np.ndarray) -> np.ndarray:
        local = np.asarray(local, dtype=float)
        out = np.zeros((len(local), 3))
        out[:, 0] = self.feet[0] + self.facing * self.figure_height * local[:, 0]
        out[:, 1] = self.feet[1] + self.figure_height * local[:, 1]
        return out

    def pose(self, position=None, *, facing: float | None = None, stride_phase: float | None = None) -> Hiker:
        """Place the figure: feet at ``position``, ``facing`` in [-1, 1] (fractions: mid-turn),
        legs at gait ``stride_phase`` (radians; 0 stands still with feet together-ish)."""
        if position is not None:
            self.feet = np.array([*np.asarray(position, dtype=float)[:2], 0.0])
        if facing is not None:
            self.facing = float(np.clip(facing, -1.0, 1.0))
        if stride_phase is not None:
            self.stride_phase = float(stride_phase)
        for name, template in self._templates.items():
            self.parts[name].set_points(self._to_scene(template))
        swing = _LEG_SWING * np.sin(self.stride_phase)
        lift = 0.035 * max(0.0, np.cos(self.stride_phase))
        front_foot = np.array([0.03 + swing, 0.02 + lift * (swing > 0)])
        back_foot = np.array([-0.03 - swing, 0.02 + lift * (swing <= 0)])
        for leg, boot, foot in (("front_leg", "front_boot", front_foot), ("back_leg", "back_boot", back_foot)):
            self.parts[leg].set_points_as_corners(self._to_scene([_HIP, foot + [0, 0.03]]))
            self.parts[boot].set_points_as_corners(self._to_scene([foot + [-0.02, 0], foot + [0.07, 0]]))
        hand = np.array([0.17 - 0.6 * swing, 0.56])
        self.parts["arm"].set_points_as_corners(self._to_scene([_SHOULDER, hand]))
        stick_top = _STICK_TOP + [-0.6 * swing, 0]
        self.parts["stick"].set_points_as_corners(self._to_scene([stick_top, [0.27 - 0.9 * swing, 0.0]]))
        return self

    def face_towards(self, direction) -> Hiker:
        """Face east or west by the sign of ``direction``'s x (a north/south step keeps facing)."""
        target = heading_facing(direction, self.facing)
        return self.pose(facing=target)

    @property
    def stride_length(self) -> float:
        """Scene distance walked per gait cycle."""
        return _STRIDE * self.figure_height

    def head_top(self) -> np.ndarray:
        return self.feet + np.array([0.0, 1.0 * self.figure_height, 0.0])

    def walk_to(self, target, **kwargs) -> HikerWalk:
        """Animation: walk in a straight line to ``target`` (scene point)."""
        return HikerWalk(self, target, **kwargs)


def heading_facing(direction, current: float = 1.0, tolerance: float = 0.15) -> float:
    """+1 (east) or -1 (west) for a heading; ``current`` when it is (nearly) due north/south."""
    d = np.asarray(direction, dtype=float)[:2]
    norm = float(np.linalg.norm(d))
    if norm == 0 or abs(d[0]) <= tolerance * norm:
        return 1.0 if current >= 0 else -1.0
    return 1.0 if d[0] > 0 else -1.0


class HikerWalk(Animation):
    """The hiker walks in a straight line to ``target``, legs swinging.

    With ``turn`` (default) the hiker first turns to face the heading (a quick horizontal
    flip in the first ``turn_fraction`` of the walk); ``turn=False`` keeps the facing, e.g.
    to step back after a probe step.
    """

    def __init__(self, hiker: Hiker, target, *, turn: bool = True, turn_fraction: float = 0.2, **kwargs):
        self.end_point = np.array([*np.asarray(target, dtype=float)[:2], 0.0])
        self.turn = turn
        self.turn_fraction = turn_fraction
        kwargs.setdefault("rate_func", smooth)
        super().__init__(hiker, **kwargs)
        self._plan()

    def _plan(self) -> None:
        """Start where the hiker is now (called again at begin(): walks chain in a Succession)."""
        hiker = self.mobject
        self.start_point = hiker.feet.copy()
        self.start_facing = 1.0 if hiker.facing >= 0 else -1.0
        heading = self.end_point - self.start_point
        self.end_facing = heading_facing(heading, self.start_facing) if self.turn else self.start_facing
        self.start_phase = hiker.stride_phase
        distance = float(np.linalg.norm(heading))
        # Whole half-cycles so the figure ends in a standing pose.
        cycles = max(1, round(2 * distance / hiker.stride_length)) / 2 if distance > 1e-9 else 0
        self.phase_change = 2 * PI * cycles

    def begin(self) -> None:
        self._plan()
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        facing = self.end_facing
        if self.end_facing != self.start_facing and alpha < self.turn_fraction:
            u = smooth(alpha / self.turn_fraction)
            facing = self.start_facing + (self.end_facing - self.start_facing) * u
            if abs(facing) < 0.08:  # never draw the figure edge-on as a line
                facing = 0.08 * (1 if u < 0.5 else -1) * self.start_facing
        self.mobject.pose(
            self.start_point + t * (self.end_point - self.start_point),
            facing=facing,
            stride_phase=self.start_phase + t * self.phase_change,
        )


class Footprints(VGroup):
    """Small alternating boot prints along a path of scene points, revealed as the hiker walks.

    Prints sit every ``spacing`` scene units along the polyline, alternately left and right of
    it (``offset``), each turned along the local heading. All start hidden; ``reveal(s)``
    shows those within arc length ``s`` from the start.

    Attributes
    ----------
    arc_lengths
        Arc length of each print along the path.
    vertex_lengths
        Arc length of each path vertex (so a walk of step k covers
        ``vertex_lengths[k]..vertex_lengths[k + 1]``).
    """

    def __init__(
        self,
        path_points: Sequence,
        *,
        spacing: float = 0.15,
        offset: float = 0.05,
        size: float = 0.075,
        color=None,
        opacity: float = 0.85,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        pts = np.asarray(path_points, dtype=float)
        pts = np.column_stack([pts[:, 0], pts[:, 1], np.zeros(len(pts))])
        segments = np.diff(pts, axis=0)
        lengths = np.linalg.norm(segments, axis=1)
        self.path_points = pts
        self.vertex_lengths = np.concatenate([[0.0], np.cumsum(lengths)])
        self.print_opacity = opacity
        self.color = ManimColor(color or interpolate_color(ManimColor(theme.path), ManimColor(theme.text), 0.3))
        total = float(self.vertex_lengths[-1])
        self.arc_lengths = np.arange(spacing * 0.5, total, spacing) if total > 0 else np.zeros(0)
        self.revealed = 0.0
        for index, s in enumerate(self.arc_lengths):
            k = int(np.clip(np.searchsorted(self.vertex_lengths, s, side="right") - 1, 0, len(lengths) - 1))
            direction = segments[k] / lengths[k]
            normal = np.array([-direction[1], direction[0], 0.0])
            side = 1 if index % 2 == 0 else -1
            centre = pts[k] + (s - self.vertex_lengths[k]) * direction + side * offset * normal
            mark = Ellipse(width=size, height=0.55 * size).set_fill(self.color, opacity=0).set_stroke(width=0)
            mark.rotate(np.arctan2(direction[1], direction[0]))
            mark.move_to(centre)
            self.add(mark)

    def centres(self) -> np.ndarray:
        return np.array([m.get_center() for m in self.submobjects]).reshape(-1, 3)

    def reveal(self, arc_length: float) -> Footprints:
        """Show every print up to ``arc_length`` along the path (and hide those beyond)."""
        self.revealed = float(arc_length)
        for s, mark in zip(self.arc_lengths, self.submobjects):
            mark.set_fill(opacity=self.print_opacity if s <= arc_length + 1e-9 else 0.0)
        return self

    @property
    def n_visible(self) -> int:
        return int(np.sum(self.arc_lengths <= self.revealed + 1e-9))


class RevealFootprints(Animation):
    """Footprints appear between arc lengths ``start`` and ``end`` (use with a walk)."""

    def __init__(self, prints: Footprints, start: float, end: float, **kwargs):
        self.start_length, self.end_length = float(start), float(end)
        kwargs.setdefault("rate_func", smooth)
        super().__init__(prints, **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        self.mobject.reveal(self.start_length + t * (self.end_length - self.start_length))


def walk_step(hiker: Hiker, prints: Footprints, k: int, **kwargs) -> AnimationGroup:
    """The hiker walks path segment k (vertex k to k + 1 of ``prints``), leaving its prints.

    Footprints reveal linearly in arc length with the hiker's position (same rate function).
    """
    if not 0 <= k < len(prints.path_points) - 1:
        raise IndexError(f"segment {k} does not exist (the path has {len(prints.path_points) - 1} segments)")
    rate = kwargs.pop("rate_func", smooth)
    # the hiker is expected at vertex k (where the previous walk left it)
    walk = HikerWalk(hiker, prints.path_points[k + 1], rate_func=rate, **kwargs)
    reveal = RevealFootprints(prints, prints.vertex_lengths[k], prints.vertex_lengths[k + 1], rate_func=rate, **kwargs)
    return AnimationGroup(walk, reveal)


def walk_path(hiker: Hiker, prints: Footprints, first: int, last: int, **kwargs) -> AnimationGroup:
    """One continuous walk over segments ``first..last - 1`` at constant speed (``linear``
    between a smooth start and stop), facing each segment's heading."""
    kwargs.setdefault("rate_func", smooth)
    return _PathWalk(hiker, prints, first, last, **kwargs)


class _PathWalk(Animation):
    def __init__(self, hiker: Hiker, prints: Footprints, first: int, last: int, **kwargs):
        if not 0 <= first < last <= len(prints.path_points) - 1:
            raise IndexError(f"segments {first}..{last} are not on the path")
        self.prints = prints
        self.first, self.last = first, last
        self.start_length = prints.vertex_lengths[first]
        self.end_length = prints.vertex_lengths[last]
        self.start_phase = hiker.stride_phase
        self.start_facing = hiker.facing
        distance = self.end_length - self.start_length
        self.phase_change = 2 * PI * max(1, round(2 * distance / hiker.stride_length)) / 2
        super().__init__(VGroup(hiker, prints), **kwargs)
        self.hiker = hiker

    def interpolate_mobject(self, alpha: float) -> None:
        t = self.rate_func(alpha)
        s = self.start_length + t * (self.end_length - self.start_length)
        lengths = self.prints.vertex_lengths
        k = int(np.clip(np.searchsorted(lengths, s, side="right") - 1, self.first, self.last - 1))
        a, b = self.prints.path_points[k], self.prints.path_points[k + 1]
        seg = lengths[k + 1] - lengths[k]
        u = 0.0 if seg <= 0 else (s - lengths[k]) / seg
        facing = heading_facing(b - a, self.hiker.facing if alpha > 0 else self.start_facing)
        self.hiker.pose(a + u * (b - a), facing=facing, stride_phase=self.start_phase + t * self.phase_change)
        self.prints.reveal(s)


__all__ = ["Footprints", "Hiker", "HikerWalk", "RevealFootprints", "heading_facing", "walk_path", "walk_step"]
