"""A whole optimiser run, played step by step: walker, step arrows, readouts and the outcome.

``DescentRun`` wraps a :class:`~gradanim.components.descent.DescentWalker` (marker, trail,
step arrows) with the numbers a lesson shows next to it: the step counter ``k``, the current
value ``f(x_k)``, optionally the point ``x_k``, and the learning rate. It works for descent and
ascent alike (ascent arrows take ``theme.ascent``).

The numbers are always those of the step the picture shows: they change when the marker
lands on a point (also inside an animation that walks several steps). A run that leaves the
plot is shown as such at that moment: the walker heads off the map along the step that leaves
it (an arrow to the edge, pointing out), a tag on the map says "left the map at step k", and
the readouts go on counting the run's steps off the map, so that they end where the run went.
A run that diverges says so (the core's ``Trajectory.status``) as its numbers reach its last
step; no NaN is ever drawn, because the core never records one. ``regime_label`` names the
regime the core classifies for a plain gradient-descent run ("oscillates: alpha > 1/L =
0.167"); every number and word declares what it claims (:mod:`.claims`).

Pacing is a presentation choice made here: steps start slow (the first few with their update
arrow) and speed up geometrically; once a step would last less than ``min_step_time``, several
steps share one animation, so a 200-step crawl still plays in a few seconds.

Example::

    run = DescentRun(trajectory, axes, value_label="f(bold(x)_k)", objective=f)
    self.arrange_panel(run.lr_readout, run.readouts)
    self.play(FadeIn(run.readouts), GrowFromCenter(run.marker))
    run.play_steps(self)               # every step; the readouts follow the marker
    self.play(*run.reveal_outcome())   # (a diverged run has shown it already)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    BackgroundRectangle,
    FadeIn,
    FadeOut,
    GrowArrow,
    Mobject,
    Scene,
    Succession,
    VGroup,
    linear,
    smooth,
)

from ..core.learning_rate import outcome, run_regime
from ..core.trajectory import Status, Trajectory
from .claims import Claim, declare
from .descent import DescentWalker
from .regime import regime_label
from .theme import DEFAULT_THEME, Theme
from .axes import axes_domain
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
    last = segments[-1]
    if not last.show_arrow and last.run_time < min_play_time:
        # The steps ran out before the last group reached min_play_time (manim would stretch
        # it to one frame and warn): it joins the group before, or lasts min_play_time.
        before = segments[-2] if len(segments) > 1 else None
        if before is not None and not before.show_arrow:
            segments[-2:] = [Segment(before.k0, last.k1, before.run_time + last.run_time, False)]
        else:
            segments[-1] = Segment(last.k0, last.k1, min_play_time, False)
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
        checked against the core, regime included, and ``regime_label`` names the regime.
    regime_stacked
        Put the regime's word and its condition on two lines (for a narrow column).

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
        regime_stacked: bool = False,
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
        self.exit_tag = None  # "left the map at step k", made with the exit arrow
        self.objective = objective
        self.outcome_shown = False  # the outcome label is on screen (a diverged run shows it at once)
        self.regime_stacked = regime_stacked
        self._regime = None
        self.regime_label = self._regime_label()
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
        """The step whose numbers the readouts end on: the run's last (off the map for a run
        that left it)."""
        return self.trajectory.n_steps

    @property
    def regime(self):
        """The core's :class:`~gradanim.core.learning_rate.RunRegime` of a plain gradient-descent
        run (None for other optimisers, without the objective, or where the core cannot say)."""
        if self._regime is None:
            found = None
            if self.objective is not None and self.trajectory.optimizer == "gd":
                found = run_regime(self.objective, self.trajectory, axes_domain(self.axes))
            self._regime = found or False
        return self._regime or None

    def _regime_label(self) -> VGroup | None:
        """The regime label ("oscillates: alpha > 1/L = 0.167") from the core's classification."""
        if self.regime is None:
            return None
        return regime_label(self.regime, self.subject, stacked=self.regime_stacked, theme=self.theme)

    @property
    def zigzags(self) -> bool:
        """The core says this run oscillates or diverges."""
        return self.regime is not None and self.regime.zigzags

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

    def reveal_outcome(self, **kwargs) -> list:
        """``[FadeIn(outcome_label)]``, or ``[]`` when it is on screen already."""
        if self.outcome_shown:
            return []
        self.outcome_shown = True
        return [FadeIn(self.outcome_label, **kwargs)]

    # --- animations ----------------------------------------------------------------------

    def segments(self, **pacing_options) -> list[Segment]:
        """The pacing of this run's steps, off the map included (see :func:`pacing`)."""
        return pacing(self.last_step, **pacing_options)

    def segment_animation(self, k0: int, k1: int, *, show_arrow: bool = False, run_time: float = 1.0,
                          exit_time: float = 0.9):
        """Steps k0 .. k1-1 of the run; None when it has nothing left to show from k0 on.

        Walked steps, the way out of the plot and steps counted off the map each take an
        equal share of the time, so step k lands at the same moment in every run played
        together (:func:`play_in_lockstep` gives the way out a segment of its own, at least
        ``exit_time`` long). The readouts follow: they show the step the marker has landed on.
        A diverged run's outcome fades in as its last step is reached.
        """
        n, last = self.n_visible_steps, self.last_step
        if k0 >= min(k1, last):
            return None
        per_step = run_time / (k1 - k0)
        full, k1 = run_time, min(k1, last)
        parts = []
        if k0 < n:
            end = min(k1, n)
            walk = self.walker.walk(k0, end)
            if show_arrow and end - k0 == 1 and np.linalg.norm(self.walker.scene_points[end] - self.walker.scene_points[k0]) > 1e-3:
                arrow = self.walker.step_arrow(k0)
                walk = Succession(GrowArrow(arrow, rate_func=smooth), AnimationGroup(walk, FadeOut(arrow, rate_func=linear)))
            parts.append(self._following(walk, (end - k0) * per_step))
        if self.leaves_plot and k0 <= n < k1:
            parts.append(self.leave_animation(run_time=per_step))
        if self.leaves_plot and k1 > n + 1:
            a = max(k0, n + 1)
            parts.append(CountSteps(self, a, k1, run_time=(k1 - a) * per_step))
        animation = parts[0] if len(parts) == 1 else Succession(*parts)
        if self.trajectory.diverged and k1 == last and not self.outcome_shown:
            self.outcome_shown = True  # it says so the moment its numbers reach the last step
            animation = AnimationGroup(animation, AppearAtEnd(self.outcome_label, run_time=animation.run_time))
        if animation.run_time < full - 1e-9:  # the run ends inside this piece: it waits for the rest
            animation = AnimationGroup(animation, run_time=full)
            animation.max_end_time = full  # its own steps at the common pace, then it holds
        return animation

    def _following(self, walk, run_time: float):
        walk.run_time = run_time
        if not len(self.readouts):
            return walk
        return AnimationGroup(walk, FollowWalker(self, run_time=run_time))

    def leave_animation(self, run_time: float = 0.9):
        """The step that leaves the plot: the exit arrow grows while the walker fades at the
        edge, a tag says where it left, and the readouts show the first step outside.

        Arrow and tag become part of the run (``exit_arrow``, ``exit_tag``), so fading the run
        out removes them.
        """
        for old in (self.exit_arrow, self.exit_tag):
            if old is not None:
                self.remove(old)
        self.exit_arrow = self.walker.exit_arrow()
        self.exit_tag = self._exit_tag()
        self.add(self.exit_arrow, self.exit_tag)
        parts = [GrowArrow(self.exit_arrow, rate_func=smooth), self.walker.leave(), FadeIn(self.exit_tag)]
        if len(self.readouts):
            parts.append(ShowStepAtEnd(self, self.n_visible_steps, self.n_visible_steps + 1))
        return AnimationGroup(*parts, run_time=run_time)

    def _exit_tag(self) -> VGroup:
        """"left the map at step k" inside the plot, beside where the walker crossed its edge."""
        theme = self.theme
        k = self.n_visible_steps + 1
        words = math(f'"left the map at step" {k}', font_size=theme.small_size, color=theme.highlight, theme=theme)
        tag = VGroup(BackgroundRectangle(words, color=theme.background, fill_opacity=0.85, buff=0.08), words)
        (x0, x1), (y0, y1) = axes_domain(self.axes).bounds
        low, high = np.asarray(self.axes.c2p(x0, y0)), np.asarray(self.axes.c2p(x1, y1))
        room = 0.9 * (high[0] - low[0])
        if tag.width > room:
            tag.scale_to_fit_width(room)
        exit_point = self.walker.exit_point
        gaps = {"left": exit_point[0] - low[0], "right": high[0] - exit_point[0],
                "bottom": exit_point[1] - low[1], "top": high[1] - exit_point[1]}
        edge = min(gaps, key=gaps.get)
        inward = {"left": RIGHT, "right": LEFT, "bottom": UP, "top": DOWN}[edge]
        tag.next_to(exit_point, inward, buff=0.25)
        # Beside the exit arrow rather than on it: on the side of the edge the arrow heads for
        # (its shaft lies on the other side, where it comes from).
        arrow = self.exit_arrow.get_end() - self.exit_arrow.get_start() if self.exit_arrow else -inward
        along = np.array([inward[1], -inward[0], 0.0])  # the edge's direction
        side = 1.0 if float(np.dot(arrow, along)) >= 0 else -1.0
        tag.shift(side * along * ((tag.width if edge in ("top", "bottom") else tag.height) / 2 + 0.12))
        margin = 0.08
        shift = np.zeros(3)
        shift[0] = max(0.0, low[0] + margin - tag.get_left()[0]) - max(0.0, tag.get_right()[0] - (high[0] - margin))
        shift[1] = max(0.0, low[1] + margin - tag.get_bottom()[1]) - max(0.0, tag.get_top()[1] - (high[1] - margin))
        tag.shift(shift)
        return declare(tag, Claim(self.subject, "left_view", k))

    def play_steps(self, scene: Scene, *, exit_time: float = 0.9, **pacing_options) -> None:
        """Play every step on ``scene``: walked on the map, then (for a run that leaves it) the
        way out and the steps off the map; the readouts follow the marker."""
        play_in_lockstep(scene, [self], exit_time=exit_time, **pacing_options)

    def total_time(self, *, exit_time: float = 0.9, **pacing_options) -> float:
        """Seconds :meth:`play_steps` takes."""
        return sum(piece[2] for piece in lockstep_pieces([self], exit_time=exit_time, **pacing_options))


class FollowWalker(Animation):
    """A run's readouts show the step its walker has landed on, frame by frame (put it after
    the walk in an AnimationGroup, so that it reads the walker where this frame puts it)."""

    def __init__(self, run: DescentRun, **kwargs):
        self.run = run
        kwargs.setdefault("rate_func", linear)
        super().__init__(run.readouts, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()

    def interpolate_mobject(self, alpha: float) -> None:
        self.run.show_state(self.run.walker.current_step)


class CountSteps(Animation):
    """Off the map: the readouts count steps k0 .. k1 at an even pace (step k0 + j from the
    j-th share of the time on), while nothing moves on the map."""

    def __init__(self, run: DescentRun, k0: int, k1: int, **kwargs):
        self.run, self.k0, self.k1 = run, int(k0), int(k1)
        kwargs.setdefault("rate_func", linear)
        super().__init__(run.readouts, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()

    def interpolate_mobject(self, alpha: float) -> None:
        done = int(np.floor(self.rate_func(alpha) * (self.k1 - self.k0) + 1e-9))
        self.run.show_state(self.k0 + done)


class ShowStepAtEnd(Animation):
    """Readouts hold step ``before`` and show step ``after`` once the animation is over."""

    def __init__(self, run: DescentRun, before: int, after: int, **kwargs):
        self.run, self.before, self.after = run, int(before), int(after)
        super().__init__(run.readouts, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()

    def interpolate_mobject(self, alpha: float) -> None:
        self.run.show_state(self.after if alpha >= 1 else self.before)


class AppearAtEnd(FadeIn):
    """Hidden until the animation ends, then there: words that become true at that moment."""

    def interpolate(self, alpha: float) -> None:
        super().interpolate(1.0 if alpha >= 1 else 0.0)


class CountClock(Animation):
    """A shared step counter for runs played together: it shows the steps completed, k0 .. k1
    at an even pace, never past ``last``."""

    def __init__(self, counter: Readout, k0: int, k1: int, last: int, **kwargs):
        self.k0, self.k1, self.last = int(k0), int(k1), int(last)
        kwargs.setdefault("rate_func", linear)
        super().__init__(counter, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return Mobject()

    def interpolate_mobject(self, alpha: float) -> None:
        done = int(np.floor(self.rate_func(alpha) * (self.k1 - self.k0) + 1e-9))
        self.mobject.set_value(min(self.k0 + done, self.last))


def lockstep_pieces(runs: Sequence[DescentRun], *, exit_time: float = 0.9, min_piece_time: float = 0.2,
                    **pacing_options):
    """The animations of runs played together, as ``(k0, k1, run_time, show_arrow)``: the
    :func:`pacing` of the longest run, with a piece of its own (at least ``exit_time`` long)
    for each step on which a run leaves its plot; a piece cut off by it lasts at least
    ``min_piece_time`` (a frame or two would not show its steps)."""
    longest = max((r.last_step for r in runs), default=0)
    exits = {r.n_visible_steps for r in runs if r.leaves_plot}
    for segment in pacing(longest, **pacing_options):
        k0, k1 = segment.k0, segment.k1
        per_step = segment.run_time / (k1 - k0)
        cuts = sorted({k0, k1} | {c for n in exits for c in (n, n + 1) if k0 < c < k1})
        for a, b in zip(cuts, cuts[1:]):
            run_time = per_step * (b - a)
            if b - a == 1 and a in exits:
                run_time = max(run_time, exit_time)
            elif len(cuts) > 2:
                run_time = max(run_time, min_piece_time)
            yield a, b, run_time, segment.show_arrow and b - a == 1


def play_in_lockstep(
    scene: Scene,
    runs: Sequence[DescentRun],
    *,
    exit_time: float = 0.9,
    extra: Sequence = (),
    counter: Readout | None = None,
    on_segment=None,
    **pacing_options,
) -> None:
    """Play several runs together, step k of each at the same moment (as long as each lasts).

    A run that leaves its plot does so in an animation of its own (at least ``exit_time``
    long, the other runs take that step with it) and goes on counting its steps off the map;
    runs that have finished wait. ``counter`` (a shared step counter) counts the steps as they
    land; ``on_segment(k1)`` is called after each animation.
    """
    longest = max((r.last_step for r in runs), default=0)
    for k0, k1, run_time, show_arrow in lockstep_pieces(runs, exit_time=exit_time, **pacing_options):
        animations = []
        for run in runs:
            animation = run.segment_animation(k0, k1, show_arrow=show_arrow, run_time=run_time)
            if animation is not None:
                animation.run_time = run_time
                animations.append(animation)
        if not animations:
            break
        clock = [CountClock(counter, k0, k1, longest, run_time=run_time)] if counter is not None else []
        scene.play(*animations, *clock, *extra, run_time=run_time)
        for run in runs:
            run.show_state(min(k1, run.last_step))
        if on_segment is not None:
            on_segment(k1)


__all__ = ["CountClock", "CountSteps", "DescentRun", "FollowWalker", "Segment", "lockstep_pieces", "pacing",
           "play_in_lockstep"]
