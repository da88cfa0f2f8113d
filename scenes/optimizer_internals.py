"""Inside one optimiser step: momentum, RMSprop and Adam, each taken apart on a contour map.

    manim -ql scenes/optimizer_internals.py OptimizerInternals

For each optimiser in turn: its update rule; a few steps walked; then one step taken apart
at the point it starts from, beat by beat: the raw gradient, what the optimiser carries
(momentum's velocity, Adam's averaged gradient) or divides by (the root of the running
average of squared gradients, a box around the point), and the step that results; then the
optimiser runs to the end. Every vector and number comes from the core
(``gradanim.core.step_anatomy`` reads the run's recorded torch.optim state); the formulas
are checked against it at the frame they are in. To make a variant::

    class SteeperValley(OptimizerInternals):
        function = "x^2 + 25y^2"
        runs = (("momentum", {"lr": 0.02, "momentum": 0.9}), ("adam", {"lr": 0.2}))
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UL, UP, Create, FadeIn, FadeOut, GrowArrow, GrowFromCenter, VGroup, Write

from gradanim.components.captions import num, outcome_words, plain_formula, point
from gradanim.components.contour_map import ContourMap
from gradanim.components.descent_run import DescentRun, pacing
from gradanim.components.formula_card import UPDATE_RULES, function_typst
from gradanim.components.optimizer_race import run_label_typst
from gradanim.components.step_dissection import StepDissection
from gradanim.components.typeset import math
from gradanim.core.domain import Domain
from gradanim.core.errors import OptionError
from gradanim.core.objective import Objective
from gradanim.core.step_anatomy import anatomy
from gradanim.core.trajectory import descend
from gradanim.options import DOMAIN, FUNCTION, LEVELS, START, STEPS, TOLERANCE, Option, seconds
from gradanim.scene_base import LessonScene

# The state each optimiser shows, after the gradient, as (terms shown together) beats.
STATE_BEATS = {
    "momentum": (("carried",), ("velocity",)),
    "nesterov": (("carried",), ("velocity",)),
    "rmsprop": (("root",), ("scaled",)),
    "adagrad": (("root",), ("scaled",)),
    "adam": (("m_hat",), ("root",), ("scaled",)),
    "gd": (),
}


class OptimizerInternals(LessonScene):
    """One step of momentum, RMSprop and Adam taken apart, then each optimiser runs."""

    function = FUNCTION.but("x^2 + 10y^2")
    domain = DOMAIN.but((-3.0, 3.0, -1.5, 1.5))
    start = START.but((-2.5, 1.2))
    runs = Option((
        ("momentum", {"lr": 0.04, "momentum": 0.8}),
        ("rmsprop", {"lr": 0.05}),
        ("adam", {"lr": 0.3}),
    ), "the optimisers taken apart, in order: [[optimizer, { lr = ..., other settings }], ...]")
    dissect_step = Option(2, "which step k to take apart (the steps before it are walked first)", low=0, high=50)
    steps = STEPS.but(60)
    tolerance = TOLERANCE.but(1e-3)
    levels = LEVELS.but(12)
    run_time_each = seconds(5.0, "seconds for each optimiser's run after the step taken apart")
    title = "Inside an optimiser's step"
    # One beat for the map, then one per optimiser, named after it (the default runs' names;
    # a lesson's own runs name theirs: beats_for, compute).
    beat_names = ("map", "momentum", "rmsprop", "adam")

    @classmethod
    def beats_for(cls) -> tuple[str, ...]:
        return cls.beats_of_runs(cls.runs)

    @staticmethod
    def beats_of_runs(runs) -> tuple[str, ...]:
        """The map, then one beat per run, named after its optimiser (numbered when two
        runs share one)."""
        names = [name for name, _ in runs]
        return ("map", *(name if names.count(name) == 1 else f"{name}_{i + 1}" for i, name in enumerate(names)))

    def compute(self):
        self.objective = Objective.from_text(self.function)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.trajectories = [descend(self.objective, self.start, name, steps=self.steps, tol=self.tolerance, **options)
                             for name, options in self.runs]
        self.beat_names = self.beats_of_runs(self.runs)  # the lesson's runs, set on this scene
        self.run_beats = list(self.beat_names[1:])
        unknown = sorted(set(self.beats or {}) - set(self.beat_names))
        if unknown:  # a [beats.NAME] of a default run this lesson's runs do not have
            raise OptionError(f"beats: {', '.join(unknown)} is not a beat of these runs "
                              f"(their beats: {', '.join(self.beat_names)})")

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        axes = self.make_axes(self.plot_domain, self.objective.names)
        contours = ContourMap(self.objective, axes, levels=self.levels, opacity=0.8, theme=theme)
        formula = math(function_typst(self.objective), font_size=theme.label_size, theme=theme)
        formula.next_to(axes, DOWN, buff=0.25).align_to(axes, LEFT)
        self.formula = formula  # the parts' note on arrow sizes goes under it

        # Phase 0: the map.
        self.beat("map", f"f = {plain_formula(self.objective)}: {len(self.trajectories)} optimisers start at "
                         f"{point(self.start)}; we take one step of each apart, then let it run.")
        self.play(Write(title), Create(axes), run_time=1.0)
        self.play(Create(contours, lag_ratio=0.15), FadeIn(formula), run_time=1.5)
        for trajectory, beat in zip(self.trajectories, self.run_beats):
            self.beat(beat, self.run_caption(trajectory))
            self.take_apart(trajectory, axes)

    def run_caption(self, trajectory) -> str:
        """One optimiser's beat: its step taken apart and how its run ends, from the core."""
        k = min(int(self.dissect_step), max(trajectory.n_steps - 1, 0))
        parts = anatomy(trajectory, k)
        return (f"{trajectory.optimizer}, lr {num(trajectory.hyperparameters['lr'])}: at step {k} the gradient is "
                f"{point(parts.terms['g'])} and the step taken is {point(parts.step)}; run on, it "
                f"{outcome_words(trajectory)}.")

    def take_apart(self, trajectory, axes) -> None:
        """One optimiser: its rule, the walk to step k, step k taken apart, the rest of the run."""
        theme = self.theme
        width = self.panel_box.width
        k = min(int(self.dissect_step), max(trajectory.n_steps - 1, 0))
        run = DescentRun(trajectory, axes, show_lr=False, show_value=False, readout_width=width,
                         objective=self.objective, theme=theme)
        header = math(run_label_typst(trajectory), font_size=theme.body_size, color=run.walker.color, theme=theme)
        rule = math(UPDATE_RULES[trajectory.optimizer], font_size=theme.label_size, theme=theme)
        parts = StepDissection(run.walker, k, font_size=theme.label_size, max_width=width, theme=theme)
        self.arrange_panel(header, rule, parts.column, run.readouts, buff=0.25)
        parts.note.next_to(self.formula, RIGHT, buff=0.6, aligned_edge=UP)
        # the outcome takes the place of the parts (gone by then)
        run.outcome_label.move_to(parts.column.get_corner(UL), aligned_edge=UL)

        # Phase 1: the rule, and the walk to point k.
        self.play(FadeIn(header, shift=0.2 * DOWN), FadeIn(rule, shift=0.2 * DOWN), run_time=0.8)
        self.play(GrowFromCenter(run.marker), FadeIn(run.readouts), run_time=0.6)
        self.add(run)
        for j in range(k):
            self.play(run.segment_animation(j, j + 1, run_time=0.6))

        # Phase 2: step k taken apart, one part at a time.
        self.play(GrowArrow(parts.arrows["g"]), FadeIn(parts.lines["g"]), run_time=0.9)
        for beat in STATE_BEATS.get(trajectory.optimizer, ()):
            shown = [t for t in beat if t in parts.lines]
            drawn = [parts.arrows[t] for t in beat if t in parts.arrows]
            self.play(*(Create(a) if t == "root" else GrowArrow(a) for t, a in
                        ((t, parts.arrows[t]) for t in beat if t in parts.arrows)),
                      *(FadeIn(parts.lines[t]) for t in shown), run_time=0.9 if drawn else 0.6)
        self.play(GrowArrow(parts.arrows["step"]), FadeIn(parts.lines["step"]), FadeIn(parts.note), run_time=0.9)
        self.wait(1.0)

        # Phase 3: the step is taken, and the optimiser runs on.
        self.play(FadeOut(VGroup(*parts.arrows.values(), parts.column, parts.note)), run_time=0.5)
        remaining = trajectory.n_steps - k
        for segment in pacing(remaining, arrow_steps=0, max_total_time=self.run_time_each):
            animation = run.segment_animation(k + segment.k0, k + segment.k1, run_time=segment.run_time)
            if animation is not None:
                self.play(animation)
        self.play(*run.reveal_outcome(), run_time=0.6)
        self.wait(1.0)

        # Phase 4: clear the panel and the path for the next optimiser (the last one stays).
        if trajectory is not self.trajectories[-1]:
            self.play(FadeOut(VGroup(run, header, rule, run.outcome_label)), run_time=0.6)
