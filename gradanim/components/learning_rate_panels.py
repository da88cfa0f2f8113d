"""Two to four small contour maps side by side: one function, one start, one learning rate each.

Every panel shows the same contour map with its own run (a
:class:`~gradanim.components.descent_run.DescentRun`), its learning rate and a status badge
(crawls / converges / oscillates / diverges) that the core decided
(:mod:`gradanim.core.learning_rate`); a line above the row states the stability bound 2/L. The
runs are stepped in lockstep, so step k happens in every panel at the same moment.

Example::

    bound = stability_bound(objective)
    choices = comparison_lrs(bound)
    runs = [descend(objective, start, "gd", lr=c.lr, steps=80, tol=1e-4) for c in choices]
    panels = LearningRatePanels(objective, domain, runs, choices, bound, box=self.content_box)
    self.play(FadeIn(panels.maps))
    panels.play_runs(self)
    self.play(panels.reveal_badges())
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    RIGHT,
    UP,
    UL,
    UR,
    AnimationGroup,
    FadeIn,
    Rectangle,
    RoundedRectangle,
    VGroup,
)

from ..core.domain import Domain
from ..core.learning_rate import LearningRateChoice, Regime, StabilityBound
from ..core.objective import Objective
from ..core.trajectory import Trajectory
from .axes import PlotAxes
from .contour_map import ContourMap
from .claims import Claim, declare
from .descent_run import DescentRun, play_in_lockstep
from .regime import regime_color
from .typeset import Readout
from .theme import DEFAULT_THEME, Theme
from .typeset import math, number_typst


class StatusBadge(VGroup):
    """A rounded tag with one word (``crawls``) in the regime's colour."""

    def __init__(self, regime: Regime, *, font_size: float | None = None, theme: Theme = DEFAULT_THEME, **kwargs):
        super().__init__(**kwargs)
        self.regime = regime
        color = regime_color(regime, theme)
        self.word = math(f'"{regime.badge}"', font_size=font_size or theme.label_size, color=color, theme=theme)
        self.frame = RoundedRectangle(
            corner_radius=0.12,
            width=self.word.width + 0.36,
            height=self.word.height + 0.22,
            stroke_color=color,
            stroke_width=2,
            fill_color=color,
            fill_opacity=0.12,
        )
        self.frame.move_to(self.word)
        self.add(self.frame, self.word)


class LearningRatePanel(VGroup):
    """One panel: header (label and lr), framed contour map with the run, badge and value."""

    def __init__(
        self,
        objective: Objective,
        domain: Domain,
        trajectory: Trajectory,
        choice: LearningRateChoice,
        *,
        width: float,
        height: float,
        levels: int = 9,
        value_label: str = "f",
        show_label: bool = True,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.choice = choice
        self.axes = PlotAxes(domain, max_width=width, max_height=height, variable_names=objective.names,
                             show_numbers=False, theme=theme)
        # The small maps carry no tick numbers or axis names: the full-size scene has shown them.
        self.axes.remove(self.axes.axis_labels)
        self.axes.axis_labels = VGroup()
        (x0, x1), (y0, y1) = domain.bounds
        corners = [self.axes.c2p(x0, y0), self.axes.c2p(x1, y1)]
        self.frame = Rectangle(
            width=corners[1][0] - corners[0][0], height=corners[1][1] - corners[0][1],
            stroke_color=theme.axis, stroke_width=theme.axis_stroke,
        ).move_to((corners[0] + corners[1]) / 2)
        self.contours = ContourMap(objective, self.axes, levels=levels, theme=theme, stroke_width=theme.contour_stroke * 0.8)
        self.run = DescentRun(
            trajectory, self.axes, lr=choice.lr, value_label=value_label, show_counter=False,
            lr_font_size=theme.label_size, font_size=theme.small_size, marker_radius=0.07,
            trail_width=theme.path_stroke * 0.75, outcome_detail=False, objective=objective, theme=theme,
        )
        self.map = VGroup(self.frame, self.axes, self.contours)
        pieces = []
        if show_label:
            self.label = math(f'"{choice.label}"', font_size=theme.small_size, color=theme.muted_text, theme=theme)
            pieces.append(self.label)
        else:
            self.label = VGroup()
        header = VGroup(*pieces, self.run.lr_readout).arrange(RIGHT, buff=0.25, aligned_edge=DOWN)
        header.next_to(self.frame, UP, buff=0.18)
        self.header = header
        self.badge = StatusBadge(choice.regime, font_size=theme.label_size, theme=theme)
        declare(self.badge, Claim(self.run.subject, "regime", choice.regime))
        self.badge.next_to(self.frame, DOWN, buff=0.2)
        # Centred at the width of the last value shown, so the line ends up centred.
        self.run.show_state(self.run.last_step)
        self.run.readouts.next_to(self.badge, DOWN, buff=0.2)
        self.run.show_state(0)
        # Centred under the map (the readouts keep their left edge as their values change, so
        # their centre is not the map's).
        self.run.outcome_label.next_to(self.run.readouts, DOWN, buff=0.15).set_x(self.frame.get_center()[0])
        for part in (self.header, self.run.readouts, self.run.outcome_label):
            if part.width > self.frame.width + 0.2:
                part.scale_to_fit_width(self.frame.width + 0.2)
        # Everything is a part of the panel (so it moves with it); a scene reveals the parts in
        # its own order rather than adding the whole panel at once.
        self.add(self.map, self.header, self.run, self.badge, self.run.outcome_label)

    def fit_text_width(self, limit: float) -> None:
        """Shrink the texts below the map so none is wider than ``limit`` (the outcome stays
        centred under the map)."""
        for part in (self.run.readouts, self.run.outcome_label):
            if part.width > limit:
                part.scale_to_fit_width(limit)
        self.run.outcome_label.set_x(self.frame.get_center()[0])


TEXT_SPACE = 0.22
"""The least space between the texts under two neighbouring maps (scene units)."""


class LearningRatePanels(VGroup):
    """A row of :class:`LearningRatePanel` with the bound 2/L typeset above it.

    Parameters
    ----------
    objective, domain
        The function and the box each map shows (same for every panel).
    trajectories
        One core run per panel, from the same start.
    choices
        The core's :class:`~gradanim.core.learning_rate.LearningRateChoice` per panel (lr, label,
        regime); the badge shows ``choice.regime``.
    bound
        The core's stability bound: its ``L`` and ``bound`` (2/L) are typeset.
    box
        (left, right, bottom, top) in scene units the whole group must fit in (e.g. a
        ``LessonScene`` box); default: the frame below a title.
    gap, levels, value_label, show_bound, theme
        Look.

    Attributes
    ----------
    panels
        The panels, left to right; ``runs`` their DescentRuns; ``bound_line`` the 2/L line;
        ``counter`` the shared step counter.
    """

    def __init__(
        self,
        objective: Objective,
        domain: Domain,
        trajectories: Sequence[Trajectory],
        choices: Sequence[LearningRateChoice],
        bound: StabilityBound,
        *,
        box=(-6.65, 6.65, -3.55, 2.8),
        gap: float = 0.45,
        levels: int = 9,
        value_label: str = "f",
        show_bound: bool = True,
        show_labels: bool = True,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if not 1 <= len(trajectories) == len(choices) <= 4:
            raise ValueError("LearningRatePanels shows 1 to 4 runs, one choice per trajectory")
        left, right, bottom, top = (box.left, box.right, box.bottom, box.top) if hasattr(box, "left") else box
        self.theme = theme
        self.bound = bound
        n = len(trajectories)
        self.bound_line = math(
            f"L = {number_typst(bound.L)}, quad alpha > 2/L = {number_typst(bound.bound)} "
            f'" diverges,"  quad alpha > 1/L = {number_typst(bound.oscillation_threshold)} " oscillates"',
            font_size=theme.label_size, theme=theme,
        )
        if self.bound_line.width > right - left:
            self.bound_line.scale_to_fit_width(right - left)
        self.counter = Readout("k", 0, font_size=theme.label_size, theme=theme)
        top_row = VGroup(self.bound_line, self.counter)
        self.bound_line.move_to([left, top, 0], aligned_edge=UL)
        # Right-aligned at its widest value, so the growing count never runs off the frame.
        self.counter.set_value(max(t.n_steps + 1 for t in trajectories))
        self.counter.move_to([right, top, 0], aligned_edge=UR)
        self.counter.set_value(0)
        if not show_bound:
            self.bound_line = VGroup()
        reserved_top = (top_row.height + 0.35) if show_bound else (self.counter.height + 0.35)
        text_below = 1.45  # badge, value readout and outcome under each map
        header = 0.55
        map_width = (right - left - gap * (n - 1)) / n
        # The texts under a map may reach into the gap, leaving TEXT_SPACE between neighbours.
        self.text_width = map_width + max(gap - TEXT_SPACE, 0.0)
        map_height = top - bottom - reserved_top - header - text_below
        self.panels = VGroup()
        for trajectory, choice in zip(trajectories, choices):
            panel = LearningRatePanel(
                objective, domain, trajectory, choice, width=map_width, height=map_height, levels=levels,
                value_label=value_label, show_label=show_labels, theme=theme,
            )
            self.panels.add(panel)
        # Equal-unit maps may be narrower than the slot: centre each map in its slot, align tops.
        slot_tops = top - reserved_top - header
        for i, panel in enumerate(self.panels):
            centre_x = left + map_width / 2 + i * (map_width + gap)
            shift = np.array([centre_x - panel.frame.get_center()[0], slot_tops - panel.frame.get_top()[1], 0])
            panel.shift(shift)
            panel.fit_text_width(self.text_width)
        self.runs = [p.run for p in self.panels]
        for run in self.runs:
            self.counter.about(run.subject, "clock")  # one count for every run
        self.add(self.bound_line, self.counter, self.panels)

    @property
    def maps(self) -> VGroup:
        return VGroup(*(p.map for p in self.panels))

    @property
    def headers(self) -> VGroup:
        return VGroup(*(p.header for p in self.panels))

    @property
    def badges(self) -> VGroup:
        return VGroup(*(p.badge for p in self.panels))

    @property
    def markers(self) -> VGroup:
        return VGroup(*(r.marker for r in self.runs))

    @property
    def readouts(self) -> VGroup:
        return VGroup(*(r.readouts for r in self.runs))

    @property
    def outcome_labels(self) -> VGroup:
        return VGroup(*(r.outcome_label for r in self.runs))

    def play_runs(self, scene, **pacing_options) -> None:
        """Step every panel's run in lockstep; the shared counter counts the steps as they land
        (up to the longest run). A run that leaves its map goes on off it (its value readout
        counting), and a diverging one says so when it diverges."""
        play_in_lockstep(scene, self.runs, counter=self.counter, **pacing_options)

    def reveal_badges(self, lag_ratio: float = 0.25) -> AnimationGroup:
        return AnimationGroup(*(FadeIn(b, scale=0.8) for b in self.badges), lag_ratio=lag_ratio)

    def reveal_outcomes(self, lag_ratio: float = 0.15) -> AnimationGroup:
        """The outcomes not on screen yet (a diverged run showed its own as it diverged)."""
        shown = [a for run in self.runs for a in run.reveal_outcome(shift=0.1 * UP)]
        return AnimationGroup(*shown, lag_ratio=lag_ratio)


__all__ = ["LearningRatePanel", "LearningRatePanels", "StatusBadge", "regime_color"]
