"""A whole optimiser run, played step by step: walker, step arrows, readouts and the outcome.

``DescentRun`` wraps a :class:`~gradanim.components.descent.DescentWalker` (marker, trail,
step arrows) with the numbers a lesson shows next to it: the step counter ``k``, the current
value ``f(x_k)``, optionally the point ``x_k``, and the learning rate. It works for descent and
ascent alike (ascent arrows take ``theme.ascent``). A diverging run is shown as such: the
walker heads off the map along the step that leaves the plot (an arrow to the edge, pointing
out) and the caption says "diverged at step k", from the core's ``Trajectory.status``; no NaN
is ever drawn, because the core never records one.

Pacing is a presentation choice made here: steps start slow (the first few with their update
arrow) and speed up geometrically; once a step would last less than ``min_step_time``, several
steps share one animation, so a 200-step crawl still plays in a few seconds.

Example::

    run = DescentRun(trajectory, axes, value_label="f(bold(x)_k)")
    self.arrange_panel(run.lr_readout, run.readouts)
    self.play(FadeIn(run.readouts), GrowFromCenter(run.marker))
    run.play_steps(self)               # every step, readouts updated between steps
    self.play(FadeIn(run.outcome_label))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    AnimationGroup,
    FadeOut,
    GrowArrow,
    Scene,
    Succession,
    VGroup,
    linear,
    smooth,
)

from ..core.learning_rate import outcome
from ..core.trajectory import Status, Trajectory
from .claims import Claim, declare
from .descent import DescentWalker
from .theme import DEFAULT_THEME, Theme
from .typeset import Readout, math, text_typst


@dataclass(frozen=True)
class Segment:
    """One animation of a run: steps ``k0 .. k1-1`` in ``run_time`` seconds."""

    k0: int
    k1: int
    run_time: float
    show_arrow: bool


def pacing(
    n_steps: int,
    *,
    first_time: float = 0.75,
    decay: float = 0.86,
    min_step_time: float = 0.06,
    min_play_time: float = 0.18,
    arrow_steps: int = 6,
    arrow_slowdown: float = 1.6,
    max_total_time: float | None = None,
) -> list[Segment]:
    """Split ``n_steps`` steps into animations whose pace speeds up as the run goes on.

    Step k nominally lasts ``max(min_step_time, first_time * decay**k)`` (times
    ``arrow_slowdown`` for the first ``arrow_steps``, which show their update arrow). Steps are
    grouped so that every animation lasts at least ``min_play_time``. With
    ``max_total_time`` the arrow-less steps are sped up uniformly to fit that budget.
    """
    if n_steps <= 0:
        return []
    arrows = min(arrow_steps, n_steps)
    times = np.maximum(min_step_time, first_time * decay ** np.arange(n_steps))
    times[:arrows] *= arrow_slowdown
    if max_total_time is not None:
        rest = times[arrows:].sum()
        budget = max_total_time - times[:arrows].sum()
        if rest > 0 and rest > budget:
            times[arrows:] *= max(budget, min_play_time) / rest
    segments = [Segment(k, k + 1, float(times[k]), True) for k in range(arrows)]
    k = arrows
    while k < n_steps:
        k1, total = k, 0.0
        while k1 < n_steps and (total < min_play_time or k1 == k):
            total += times[k1]
            k1 += 1
        segments.append(Segment(k, k1, float(total), False))
        k = k1
    return segments


class DescentRun(VGroup):
    """A trajectory on an Axes with its step counter, value and learning-rate readouts.

    Parameters
    ----------
    trajectory
        The core's run (``descend``). Everything shown comes from it.
    axes
        Where the walker walks.
    lr
        The learning rate shown (default: the trajectory's own ``lr`` hyper-parameter).
    value_label, step_label, lr_label, point_label
        Typst for the readouts' left-hand sides (``"R(a_k, q_k)"`` for a revenue ...).
    show_counter, show_value, show_point, show_lr
        Which readouts exist; ``readouts`` stacks counter, point and value in that order.
    font_size, lr_font_size, readout_width
        Readout sizes (theme sizes by default) and the widest a readout may get.
    color, arrow_color, marker_radius, trail_width
        Passed to the walker (ascent runs draw their arrows in ``theme.ascent``).
    outcome_detail
        Put the core's message under "diverged at step k" (off for small panels).
    objective
        The function the run descends; with it the readouts' claims (``subject``) can be
        checked against the core, regime included.

    Attributes
    ----------
    walker, marker, trail
        The walker and its parts.
    readouts
        ``VGroup`` of the shown counter / point / value readouts (scene places it).
    lr_readout
        ``alpha = ...`` in the highlight colour (or None).
    exit_arrow
        For a run that leaves the plot, once :meth:`leave_animation` made it: the arrow along
        its way out to the plot's edge (None before and for runs that stay inside).
    outcome_label
        "converged after n steps" / "diverged at step k" / "stopped after n steps" with the
        core's message underneath for a divergence; placed below ``readouts`` by default.
    """

    def __init__(
        self,
        trajectory: Trajectory,
        axes,
        *,
        lr: float | None = None,
        value_label: str = "f(bold(x)_k)",
        step_label: str = "k",
        lr_label: str = "alpha",
        point_label: str = "bold(x)_k",
        show_counter: bool = True,
        show_value: bool = True,
        show_point: bool = False,
        show_lr: bool = True,
        font_size: float | None = None,
        lr_font_size: float | None = None,
        readout_width: float | None = None,
        point_digits: int = 2,
        color=None,
        arrow_color=None,
        marker_radius: float = 0.09,
        trail_width: float | None = None,
        outcome_detail: bool = True,
        objective=None,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.trajectory = trajectory
        self.outcome_detail = outcome_detail
        self.axes = axes
        self.theme = theme
        self.point_digits = point_digits
        self.walker = DescentWalker(
            trajectory, axes, color=color, arrow_color=arrow_color, marker_radius=marker_radius,
            trail_width=trail_width, objective=objective, theme=theme,
        )
        self.subject = self.walker.subject
        self.outcome = outcome(trajectory)
        self.lr = float(trajectory.hyperparameters.get("lr", np.nan)) if lr is None else float(lr)
        small = dict(theme=theme, font_size=font_size or theme.label_size, max_width=readout_width)
        self.counter = Readout(step_label, 0, **small) if show_counter else None
        self.point_readout = (
            Readout(point_label, tuple(trajectory.points[0]), digits=self.point_digits, **small) if show_point else None
        )
        self.value_readout = Readout(value_label, float(trajectory.values[0]), **small) if show_value else None
        shown = [r for r in (self.counter, self.point_readout, self.value_readout) if r is not None]
        self.readouts = VGroup(*shown).arrange(DOWN, aligned_edge=LEFT, buff=0.28) if shown else VGroup()
        self.lr_readout = (
            Readout(lr_label, self.lr, digits=4, theme=theme, font_size=lr_font_size, color=theme.highlight,
                    max_width=readout_width)
            if show_lr else None
        )
        for readout, quantity in ((self.counter, "step"), (self.point_readout, "point"),
                                  (self.value_readout, "value"), (self.lr_readout, "lr")):
            if readout is not None:
                readout.about(self.subject, quantity)
        self.exit_arrow = None  # made when the run leaves its plot, where the plot is then
        self.outcome_label = self._outcome_label()
        if len(self.readouts):
            self.outcome_label.next_to(self.readouts, DOWN, buff=0.45, aligned_edge=LEFT)
        self.shown_step = 0
        self.add(self.walker, self.readouts)
        if self.lr_readout is not None:
            self.add(self.lr_readout)

    # --- parts -------------------------------------------------------------------------

    @property
    def marker(self):
        return self.walker.marker

    @property
    def trail(self):
        return self.walker.trail

    @property
    def n_visible_steps(self) -> int:
        """Steps drawn inside the plot (a run that leaves it stops at the edge)."""
        return self.walker.n_visible_steps

    @property
    def leaves_plot(self) -> bool:
        return self.walker.leaves_plot

    @property
    def last_step(self) -> int:
        """The step whose numbers the readouts end on: past the edge for a run leaving the plot."""
        return self.n_visible_steps + 1 if self.leaves_plot else self.n_visible_steps

    def outcome_color(self):
        theme = self.theme
        return {Status.CONVERGED: theme.minimum, Status.DIVERGED: theme.maximum}.get(self.outcome.status, theme.highlight)

    def _outcome_label(self) -> VGroup:
        theme = self.theme
        words = self.outcome.text.split(" ")
        numbered = " ".join(f'"{w}"' if not w.isdigit() else w for w in words)
        head = math(numbered, font_size=theme.label_size, color=self.outcome_color(), theme=theme)
        label = VGroup(head)
        if self.outcome.status is Status.DIVERGED and self.outcome_detail:
            detail = math(text_typst(f"({self.outcome.message})"), font_size=theme.small_size,
                          color=theme.muted_text, theme=theme)
            label.add(detail)
            label.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        return declare(label, Claim(self.subject, "outcome", (self.outcome.status, self.outcome.step)))

    # --- state ---------------------------------------------------------------------------

    def show_state(self, k: int) -> DescentRun:
        """Readouts show point k of the trajectory (k may be one past the plot's edge)."""
        k = int(np.clip(k, 0, len(self.trajectory.points) - 1))
        if self.counter is not None:
            self.counter.set_value(k)
        if self.point_readout is not None:
            self.point_readout.set_value(tuple(self.trajectory.points[k]))
        if self.value_readout is not None:
            self.value_readout.set_value(float(self.trajectory.values[k]))
        self.shown_step = k
        return self

    # --- animations ----------------------------------------------------------------------

    def segments(self, **pacing_options) -> list[Segment]:
        """The pacing of this run's visible steps (see :func:`pacing`)."""
        return pacing(self.n_visible_steps, **pacing_options)

    def segment_animation(self, k0: int, k1: int, *, show_arrow: bool = False, run_time: float = 1.0):
        """Steps k0 .. k1-1, clipped to the visible ones; the way out of the plot when it is
        reached; None when the run has nothing left to show from k0 on."""
        n = self.n_visible_steps
        parts = []
        if k0 < n:
            end = min(k1, n)
            walk = self.walker.walk(k0, end)
            if show_arrow and end - k0 == 1 and np.linalg.norm(self.walker.scene_points[end] - self.walker.scene_points[k0]) > 1e-3:
                arrow = self.walker.step_arrow(k0)
                walk = Succession(GrowArrow(arrow, rate_func=smooth), AnimationGroup(walk, FadeOut(arrow, rate_func=linear)))
            parts.append(walk)
        if self.leaves_plot and k0 <= n < k1:
            parts.append(self.leave_animation())
        if not parts:
            return None
        animation = parts[0] if len(parts) == 1 else Succession(*parts)
        animation.run_time = run_time
        return animation

    def leave_animation(self):
        """The step that leaves the plot: the exit arrow grows while the walker fades at the edge.

        The arrow becomes part of the run (``exit_arrow``), so fading the run out removes it.
        """
        if self.exit_arrow is not None:
            self.remove(self.exit_arrow)
        self.exit_arrow = self.walker.exit_arrow()
        self.add(self.exit_arrow)
        return AnimationGroup(GrowArrow(self.exit_arrow, rate_func=smooth), self.walker.leave())

    def play_steps(self, scene: Scene, *, exit_time: float = 0.9, **pacing_options) -> None:
        """Play every visible step on ``scene`` (and the way out of the plot for a run leaving
        it), updating the readouts after each animation."""
        for segment in self.segments(**pacing_options):
            animation = self.segment_animation(segment.k0, segment.k1, show_arrow=segment.show_arrow,
                                               run_time=segment.run_time)
            scene.play(animation)
            self.show_state(segment.k1)
        if self.leaves_plot:
            scene.play(self.leave_animation(), run_time=exit_time)
            self.show_state(self.last_step)

    def total_time(self, *, exit_time: float = 0.9, **pacing_options) -> float:
        """Seconds :meth:`play_steps` takes."""
        return sum(s.run_time for s in self.segments(**pacing_options)) + (exit_time if self.leaves_plot else 0.0)


def play_in_lockstep(
    scene: Scene,
    runs: Sequence[DescentRun],
    *,
    exit_time: float = 0.9,
    extra: Sequence = (),
    on_segment=None,
    **pacing_options,
) -> None:
    """Play several runs together, step k of each at the same time (as long as each lasts).

    A run that leaves its plot does so in the animation of its exit step (stretched to
    ``exit_time`` at least); runs that have finished wait. ``on_segment(k1)`` is called after
    each animation (e.g. to update a shared step counter).
    """
    longest = max((r.n_visible_steps + (1 if r.leaves_plot else 0) for r in runs), default=0)
    for segment in pacing(longest, **pacing_options):
        animations, run_time = [], segment.run_time
        for run in runs:
            animation = run.segment_animation(segment.k0, segment.k1, show_arrow=segment.show_arrow, run_time=1.0)
            if animation is not None:
                animations.append(animation)
                if run.leaves_plot and segment.k0 <= run.n_visible_steps < segment.k1:
                    run_time = max(run_time, exit_time)
        if not animations:
            break
        for animation in animations:
            animation.run_time = run_time
        scene.play(*animations, *extra, run_time=run_time)
        for run in runs:
            run.show_state(min(segment.k1, run.last_step))
        if on_segment is not None:
            on_segment(segment.k1)


__all__ = ["DescentRun", "Segment", "pacing", "play_in_lockstep"]
