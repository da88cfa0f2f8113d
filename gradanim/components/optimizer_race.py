"""Several optimisers racing from one start on one contour map, stepped in lockstep.

Each run is a precomputed :class:`~gradanim.core.trajectory.Trajectory`; the race replays
them side by side with :func:`gradanim.core.race.lockstep`: at race time ``s`` every run has
taken ``s`` steps, a run that converged early waits at its last point (a ring appears
there), and a run that diverged (or left the plot) stops with a cross at its last point
inside the plot and a short arrow showing where it flew off. The legend names each run and
its hyper-parameters (from ``Trajectory.hyperparameters``), and a plain gradient-descent run
the core says oscillates or diverges (with the ``objective`` given) gets the regime beside its
label; ``legend.outcomes`` holds one line per run with its step count and final value (or
where it diverged), shown as that run ends.

Example::

    runs = [descend(f, start, "gd", lr=1e-3, steps=400), descend(f, start, "adam", lr=0.1, steps=400)]
    race = OptimizerRace(runs, axes, targets=[c.point for c in minima])
    race.legend.next_to(axes, RIGHT)
    counter = step_counter()
    self.add(race, race.legend, counter)
    self.play(race.run(counter=counter, run_time=10, rate_func=ease_in_quad))  # outcomes appear as runs end
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Animation,
    AnimationGroup,
    Arrow,
    Circle,
    Cross,
    Dot,
    Line,
    Star,
    UpdateFromAlphaFunc,
    VGroup,
    linear,
)

from ..core.learning_rate import run_regime
from ..core.race import lockstep, outcome, race_length, shown_hyperparameters
from ..core.trajectory import Status, Trajectory
from .axes import axes_domain, to_scene
from .claims import Claim, declare
from .descent import DescentWalker
from .regime import regime_label
from .theme import DEFAULT_THEME, Theme
from .typeset import Readout, math, number_typst

# How hyper-parameters read in a legend. torch calls RMSprop's decay rate alpha; it is shown
# as rho so that it is not mistaken for the learning rate alpha of the lessons.
SYMBOLS = {
    "lr": '"lr"',
    "momentum": "mu",
    "betas": "beta",
    "alpha": "rho",
    "eps": "epsilon",
    "weight_decay": '"wd"',
    "lr_decay": '"decay"',
    "dampening": "tau",
    "damping": "lambda",
    "initial_accumulator_value": "s_0",
}


def value_typst(value) -> str:
    """A hyper-parameter value as Typst math: 0.0025, (0.9, 0.999), 10^(-8)."""
    if isinstance(value, (bool, np.bool_)):
        return '"on"' if value else '"off"'
    if isinstance(value, tuple):
        return "(" + ", ".join(value_typst(v) for v in value) + ")"
    v = float(value)
    if v == 0 or 1e-4 <= abs(v) < 1e5:
        return f"{v:.4g}"
    return number_typst(v, 2)


def run_label_typst(trajectory: Trajectory, keys: Sequence[str] | None = None) -> str:
    """``"adam" ("lr" = 0.1, beta = (0.9, 0.999))``: the optimiser and its shown hyper-parameters."""
    shown = shown_hyperparameters(trajectory, keys)
    name = f'"{trajectory.optimizer}"'
    if not shown:
        return name
    parts = [f"{SYMBOLS.get(k, chr(34) + k + chr(34))} = {value_typst(v)}" for k, v in shown]
    return f"{name} ({', '.join(parts)})"


def outcome_typst(trajectory: Trajectory) -> str:
    """One line on how a run ended: its steps and final value, or where it diverged."""
    result = outcome(trajectory)
    value = number_typst(result.final_value, 3)
    if result.status is Status.DIVERGED:
        return f'"diverged at step" {result.steps + 1}'
    word = "step" if result.steps == 1 else "steps"
    if result.status is Status.CONVERGED:
        return f'"converged in" {result.steps} "{word}," f = {value}'
    return f'{result.steps} "{word},"  f = {value}'


class RaceLegend(VGroup):
    """One row per run: a colour swatch, the run's label, and (below it) its outcome line.

    ``entries[i]`` is swatch + label, ``outcomes[i]`` the outcome line, so a scene can show
    the entries first and the outcomes at the end.
    """

    def __init__(
        self,
        trajectories: Sequence[Trajectory],
        colors: Sequence,
        *,
        keys: Sequence[str] | None = None,
        font_size: float | None = None,
        outcome_size: float | None = None,
        max_width: float | None = None,
        row_buff: float = 0.22,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.entries = VGroup()
        self.outcomes = VGroup()
        self.labels = VGroup()
        self.sources: list[str] = []
        size = font_size or theme.label_size
        for trajectory, color in zip(trajectories, colors):
            source = run_label_typst(trajectory, keys)
            self.sources.append(source)
            swatch = VGroup(
                Line(LEFT * 0.22, RIGHT * 0.22, color=color, stroke_width=theme.path_stroke),
                Dot(radius=0.06, color=color),
            )
            label = math(source, font_size=size, theme=theme)
            label.next_to(swatch, RIGHT, buff=0.18)
            end = math(outcome_typst(trajectory), font_size=outcome_size or theme.small_size, color=theme.muted_text, theme=theme)
            end.next_to(label, DOWN, buff=0.1, aligned_edge=LEFT)
            entry = VGroup(swatch, label)
            self.entries.add(entry)
            self.labels.add(label)
            self.outcomes.add(end)
            self.add(VGroup(entry, end))
        self.arrange(DOWN, aligned_edge=LEFT, buff=row_buff)
        if max_width and self.width > max_width:
            self.scale_to_fit_width(max_width)


class OptimizerRace(VGroup):
    """Runs of several optimisers on one Axes, replayed in lockstep.

    Parameters
    ----------
    trajectories
        The runs (the core's records), typically from one start.
    axes
        Where to draw (the contour map is the scene's, drawn underneath): one Axes for every
        run, or a list with one per run (small multiples: each run on a map of its own, so
        that no path hides another).
    targets
        Points to mark as the true minima (e.g. ``[c.point for c in critical_points(...)]``).
    colors
        One per run (default: ``theme.optimizer_colors`` in order).
    hyperparameter_keys
        Which hyper-parameters every legend label names (default: each optimiser's key ones,
        see :data:`gradanim.core.race.KEY_HYPERPARAMETERS`); any set away from its default is
        named too.
    regimes_in_legend
        Put a gradient-descent run's regime ("oscillates: alpha > 1/L ...") beside its legend
        label (default); False: in two lines, ``regime_tag_of[i]``, for the scene to place.
    marker_radius, trail_width, legend_font_size, legend_max_width, theme
        Look.

    Attributes
    ----------
    walkers
        One :class:`DescentWalker` per run (marker + trail).
    end_marks
        Per run: a ring at the point where it stopped, or a cross (plus an exit arrow) where
        it diverged or left the plot; hidden until the race reaches it.
    target_marks, legend
        The minima's stars and the :class:`RaceLegend` (not part of this group: place it).
    length
        The race's number of steps (the longest run's).
    """

    def __init__(
        self,
        trajectories: Sequence[Trajectory],
        axes,
        *,
        targets: Sequence[Sequence[float]] = (),
        colors: Sequence | None = None,
        hyperparameter_keys: Sequence[str] | None = None,
        marker_radius: float = 0.08,
        trail_width: float | None = None,
        legend_font_size: float | None = None,
        legend_max_width: float | None = None,
        objective=None,
        regimes_in_legend: bool = True,
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.trajectories = list(trajectories)
        self.length = race_length(self.trajectories)
        self.axes_list = list(axes) if isinstance(axes, (list, tuple)) else [axes] * len(self.trajectories)
        if len(self.axes_list) != len(self.trajectories):
            raise ValueError(f"{len(self.trajectories)} runs need one Axes or as many, got {len(self.axes_list)}")
        self.axes = self.axes_list[0]
        self.theme = theme
        palette = list(colors) if colors is not None else list(theme.optimizer_colors)
        if len(palette) < len(self.trajectories):
            raise ValueError(f"{len(self.trajectories)} runs need as many colours, got {len(palette)}")
        self.colors = palette[: len(self.trajectories)]
        self.walkers = [
            DescentWalker(t, a, color=c, marker_radius=marker_radius, trail_width=trail_width or theme.path_stroke * 0.75,
                          objective=objective, theme=theme)
            for t, c, a in zip(self.trajectories, self.colors, self.axes_list)
        ]
        self.limits = [w.n_visible_steps for w in self.walkers]
        self.stopped_outside = [t.diverged or w.leaves_plot for t, w in zip(self.trajectories, self.walkers)]
        self.target_marks = VGroup()
        for each in dict.fromkeys(map(id, self.axes_list)):
            where = next(a for a in self.axes_list if id(a) == each)
            for point in targets:
                star = Star(n=5, outer_radius=0.14, inner_radius=0.06, color=theme.minimum, fill_opacity=1.0,
                            stroke_width=1)
                star.move_to(to_scene(where, [point[:2]])[0])
                self.target_marks.add(star)
        self.end_marks = VGroup(*(self._end_mark(i) for i in range(len(self.walkers))))
        for mark in self.end_marks:
            for part in mark.family_members_with_points():
                part.shown_opacity = (part.get_stroke_opacity(), part.get_fill_opacity())
        self.legend = RaceLegend(
            self.trajectories, self.colors, keys=hyperparameter_keys, font_size=legend_font_size,
            max_width=legend_max_width, theme=theme,
        )
        for walker, line, trajectory in zip(self.walkers, self.legend.outcomes, self.trajectories):
            said = outcome(trajectory)
            claims = [Claim(walker.subject, "outcome", (said.status, said.steps + (said.status is Status.DIVERGED)))]
            if said.status is not Status.DIVERGED:
                claims.append(Claim(walker.subject, "value", said.final_value))
            declare(line, *claims)
            # Each run's outcome appears the moment the run ends (with its ring or cross).
            for part in line.family_members_with_points():
                part.shown_opacity = (part.get_stroke_opacity(), part.get_fill_opacity())
        # A plain gradient-descent run the core says overshoots is named so beside its label
        # (or, with regimes_in_legend=False, in two lines the scene places: regime_tag_of[i]).
        self.regime_tags = VGroup()
        self.regime_tag_of: dict[int, VGroup] = {}
        if objective is not None:
            for i, (walker, entry) in enumerate(zip(self.walkers, self.legend.entries)):
                regime = run_regime(objective, walker.trajectory, axes_domain(walker.axes))
                if regime is None or not regime.zigzags:
                    continue
                tag = regime_label(regime, walker.subject, font_size=legend_font_size, stacked=not regimes_in_legend,
                                   theme=theme)
                if regimes_in_legend:
                    entry.add(tag.next_to(entry, RIGHT, buff=0.3))
                self.regime_tags.add(tag)
                self.regime_tag_of[i] = tag
        self.add(*self.walkers, self.end_marks, self.target_marks)
        self.show_step(0.0)

    def _end_mark(self, i: int) -> VGroup:
        walker, color = self.walkers[i], self.colors[i]
        here = walker.scene_points[self.limits[i]]
        if not self.stopped_outside[i]:
            ring = Circle(radius=0.17, color=color, stroke_width=3).move_to(here)
            return VGroup(ring)
        cross = Cross(scale_factor=0.13, stroke_color=color, stroke_width=5).move_to(here)
        if walker.leaves_plot:  # the cross says: it left the map here
            declare(cross, Claim(walker.subject, "left_view", walker.n_visible_steps + 1))
        step = self.trajectories[i].steps[self.limits[i]] if self.limits[i] < self.trajectories[i].n_steps else None
        if step is None or not np.all(np.isfinite(step)) or np.linalg.norm(step) == 0:
            return VGroup(cross)
        axes = self.axes_list[i]
        direction = to_scene(axes, [step[:2]])[0] - to_scene(axes, [[0.0, 0.0]])[0]
        direction = direction / np.linalg.norm(direction)
        exit_arrow = Arrow(
            here + 0.15 * direction, here + 0.7 * direction, buff=0, color=color,
            stroke_width=self.theme.arrow_stroke, max_tip_length_to_length_ratio=0.35,
        )
        return VGroup(cross, exit_arrow)

    def position(self, i: int, s: float) -> np.ndarray:
        """Scene position of run i at race time s."""
        k, t = lockstep(self.trajectories[i], s, self.limits[i])
        points = to_scene(self.axes_list[i], np.asarray(self.trajectories[i].points)[:, :2])
        return points[k] if t == 0 else points[k] + t * (points[k + 1] - points[k])

    def show_step(self, s: float) -> OptimizerRace:
        """Every run at race time ``s`` (steps; fractional between recorded points)."""
        self.race_time = float(s)
        for i, (walker, trajectory) in enumerate(zip(self.walkers, self.trajectories)):
            k, t = lockstep(trajectory, s, self.limits[i])
            walker.show_partial(k, t)
            _show(self.end_marks[i], self.finished(i, s))
            # Its outcome once the run has ended (a run that left the plot may go on off it).
            _show(self.legend.outcomes[i], s >= trajectory.n_steps)
        return self

    def finished(self, i: int, s: float | None = None) -> bool:
        """Has run i stopped by race time s (default: now)?"""
        s = self.race_time if s is None else s
        return s >= self.limits[i]

    def run(
        self,
        *,
        to_step: float | None = None,
        counter: Readout | None = None,
        run_time: float = 10.0,
        rate_func=linear,
    ) -> Animation:
        """Animate the race from its current time to ``to_step`` (default: the end);
        ``counter`` shows the step number."""
        start, end = self.race_time, float(self.length if to_step is None else to_step)
        race = RaceProgress(self, start, end, run_time=run_time, rate_func=rate_func)
        if counter is None:
            return race
        for walker in self.walkers:
            if all(subject is not walker.subject for subject, _ in getattr(counter, "bindings", ())):
                counter.about(walker.subject, "clock")  # one count for every run

        def tick(mobject, alpha):
            mobject.set_value(int(np.floor(start + rate_func(alpha) * (end - start) + 1e-9)))

        return AnimationGroup(race, UpdateFromAlphaFunc(counter, tick, run_time=run_time, rate_func=linear))


def _show(mark: VGroup, visible: bool) -> None:
    """Show or hide a mark, restoring the opacities it was built with."""
    for part in mark.family_members_with_points():
        stroke, fill = part.shown_opacity
        part.set_stroke(opacity=stroke if visible else 0.0, family=False)
        part.set_fill(opacity=fill if visible else 0.0, family=False)


class RaceProgress(Animation):
    """Moves an :class:`OptimizerRace` from race time ``start`` to ``end``."""

    def __init__(self, race: OptimizerRace, start: float, end: float, **kwargs):
        self.race = race
        self.start_step, self.end_step = start, end
        # Only the moving parts (and each run's outcome, shown as it ends), so that playing the
        # race adds nothing else to the scene.
        super().__init__(VGroup(*race.walkers, race.end_marks, race.legend.outcomes), **kwargs)

    def interpolate_mobject(self, alpha: float) -> None:
        s = self.start_step + self.rate_func(alpha) * (self.end_step - self.start_step)
        self.race.show_step(s)


__all__ = [
    "OptimizerRace", "RaceLegend", "RaceProgress", "outcome_typst", "run_label_typst", "value_typst",
]
