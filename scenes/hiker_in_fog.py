"""The hiker in the fog: feel the slope one step at a time, and the gradient points uphill.

    manim -ql scenes/hiker_in_fog.py HikerInFog

From the lesson "Gradients & Multivariable Calculus": you can't see the summit; you want to go
up as fast as possible. Step east: is it going up or down? (the partial derivative in x). Step
north: up or down? (the partial in y). Together they make the gradient, the direction of
steepest ascent. The hiker probes, assembles the gradient tip to tail, steps uphill, probes
again along the way, walks a gradient-ascent run to the summit, and the fog lifts.

Every number comes from gradanim.core: the probes (``core.probe``: rises, slope estimates,
exact partials), the walk (``descend(..., maximize=True)``), the summit
(``critical_points``, kind maximum). A variant is a subclass overriding class attributes.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    Animation,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Line,
    Polygon,
    VGroup,
    Write,
)

from gradanim.components.axes import to_scene
from gradanim.components.claims import Claim, RunOnMap, declare
from gradanim.components.captions import num, point, run_caption
from gradanim.components.contour_map import ContourMap
from gradanim.components.fog import Fog
from gradanim.components.hiker import Footprints, Hiker, walk_path
from gradanim.scene_base import Box, LessonScene
from gradanim.components.probe import ProbeDisplay, fixed_typst
from gradanim.components.regime import regime_label
from gradanim.components.typeset import Readout, math
from gradanim.core.critical import Kind, critical_points
from gradanim.core.learning_rate import run_regime
from gradanim.core.domain import Domain
from gradanim.core.objective import Objective
from gradanim.core.probe import probes_along
from gradanim.core.trajectory import descend
from gradanim.options import DOMAIN, FUNCTION, LEVELS, LR, START, STEPS, TOLERANCE, VARIABLES, Option, seconds

PARTIAL_X = "partial f \\/ partial x"
PARTIAL_Y = "partial f \\/ partial y"


class HikerInFog(LessonScene):
    """A hiker who cannot see the summit probes east and north and climbs along the gradient."""

    ascends = True  # the story climbs: lesson checks run gradient ascent

    # A mountain (summit at (1, 0.5), height 3) with a lower shoulder peak to the north-west.
    function = FUNCTION.but("4 - sqrt(1 + (x-1)^2/2 + (y-0.5)^2) + 0.8exp(-(x+1.8)^2 - (y-1.5)^2)")
    variables = VARIABLES.but(("x", "y"))
    domain = DOMAIN.but((-3.0, 3.0, -2.5, 2.5))
    start = START.but((-2.2, -1.7), doc="where the hiker starts [x, y] (inside the domain)")
    lr = LR.but(0.9)
    steps = STEPS.but(40)
    tolerance = TOLERANCE.but(1e-3)  # stops where the gradient reads (0.00, 0.00): on the summit
    probe_h = Option(0.5, "length of each probe step east and north, in map units", low=0.0, low_open=True,
                     high=100.0)
    probe_at = Option((0, 1, 2), "the run's points where the hiker probes (the first probe in full)",
                      entries=(0, 10_000))
    vector_scale = Option(1.5, "map units of arrow per unit of slope", low=0.0, low_open=True, high=100.0)
    levels = LEVELS.but(14)
    hiker_height = Option(0.75, "the hiker's height, in scene units", low=0.1, high=3.0)
    fog_radius = Option(1.5, "radius of the clearing around the hiker, in scene units", low=0.1, high=10.0)
    fog_opacity = Option(0.98, "opacity of the fog beyond the clearing (1: nothing shows through)", low=0.0, high=1.0)
    title = "The hiker in the fog"
    beat_names = ("fog", "probe", "walk", "summit")
    probe_walk = seconds(0.6, "seconds for each step of the first probe")
    quick_probe_walk = seconds(0.35, "seconds for each step of the later probes")
    step_time = seconds(0.55, "seconds for one step along the gradient", low=0.02, high=10.0)

    # --- the mathematics, all from the core, before any frame --------------------------

    def compute(self):
        self.objective = Objective.from_text(self.function, self.variables)
        self.plot_domain = Domain(tuple(zip(self.domain[0::2], self.domain[1::2])))
        self.trajectory = descend(
            self.objective, self.start, "gd", lr=self.lr, steps=self.steps, tol=self.tolerance, maximize=True
        )
        last = len(self.trajectory.points) - 1
        self.probe_indices = [k for k in self.probe_at if k <= last]
        self.probes = probes_along(self.objective, self.trajectory, self.probe_indices, h=self.probe_h)
        maxima = [c for c in critical_points(self.objective, self.plot_domain) if c.kind == Kind.MAXIMUM]
        self.summit = max(maxima, key=lambda c: c.value) if maxima else None

    # --- the picture ---------------------------------------------------------------------

    def construct(self):
        self.compute()
        theme = self.theme
        title = self.make_title()
        axes = self.make_axes(self.plot_domain, ("x", "y"))
        contours = ContourMap(self.objective, axes, levels=self.levels, theme=theme)
        (x0, x1), (y0, y1) = self.plot_domain.bounds
        (left, bottom, _), (right, top, _) = axes.c2p(x0, y0), axes.c2p(x1, y1)
        path = to_scene(axes, self.trajectory.points)
        hiker = Hiker(path[0], height=self.hiker_height, theme=theme).set_z_index(3)
        prints = Footprints(path, theme=theme)
        self.map_box = Box(left, right, bottom, top)
        fog = Fog(self.map_box, center=path[0], radius=self.fog_radius, opacity=self.fog_opacity, theme=theme)
        fog.set_z_index(1)
        fog.follow(lambda: hiker.feet)
        compass = self.compass(right, top).set_z_index(6)
        # Numbers about the hiker are about where it stands on its run.
        hiker.claim_subject = RunOnMap(self.trajectory, axes, hiker, objective=self.objective,
                                       position=lambda: hiker.feet, name="hiker")
        probe_numbers = ("where", "east", "north", "gradient")
        displays = [
            ProbeDisplay(
                probe, axes, vector_scale=self.vector_scale, region=self.map_box, hiker_height=self.hiker_height,
                font_size=theme.label_size, avoid=list(zip(path[max(k - 2, 0):k], path[max(k - 2, 0) + 1:k + 1])),
                objective=self.objective, stand=lambda: hiker.feet, theme=theme,
            )
            for k, probe in zip(self.probe_indices, self.probes)
        ]
        panel = self.make_panel(displays[0])

        self.beat("fog", f"A hiker at {point(self.start)} cannot see the summit through the fog; "
                         f"the height there is f = {num(self.trajectory.values[0], 2)}.")
        self.add(contours, prints, fog)
        self.play(Write(title), Create(axes, lag_ratio=0.1), run_time=1.0)
        self.play(FadeIn(hiker, shift=0.2 * DOWN), FadeIn(compass), FadeIn(panel["intro"]), run_time=0.8)

        walked = 0
        for n, (k, display) in enumerate(zip(self.probe_indices, displays)):
            if n == 0:
                self.beat("probe", self.probe_caption(display.probe))
            elif n == 1:
                self.beat("walk", self.walk_caption())
            if k > walked:
                self.play(walk_path(hiker, prints, walked, k, run_time=self.step_time * (k - walked) ** 0.8))
                walked = k
            self.run_probe(display, hiker, panel, display.probe, first=n == 0)
            run_time = 0.9 if n == 0 else self.step_time
            # The probe's numbers go with the probe: the hiker walks on from where it was taken.
            gone = [FadeOut(panel[key], run_time=run_time) for key in probe_numbers]
            if walked < self.trajectory.n_steps:  # one step along the gradient just assembled
                self.play(walk_path(hiker, prints, walked, walked + 1, run_time=run_time), display.dismiss(run_time=run_time),
                          *gone)
                walked += 1
            else:
                self.play(display.dismiss(run_time=run_time), *gone)

        if len(self.probe_indices) < 2:
            self.beat("walk", self.walk_caption())
        # On to the summit without probing: where the hiker stands and the gradient there, live
        # (and, if its steps overshoot, the regime the core classifies).
        live = self.live_lines(panel, hiker.claim_subject)
        # No more probes: their headings go too, rather than stand over empty rows.
        panel_changes = [*self.regime_line(panel, hiker.claim_subject),
                         FadeOut(panel["east_caption"]), FadeOut(panel["north_caption"])]
        rest = self.trajectory.n_steps - walked
        if rest > 0:
            self.play(walk_path(hiker, prints, walked, self.trajectory.n_steps, run_time=min(2.6, 0.35 * rest + 0.8)),
                      _FollowHiker(live, self.trajectory, prints, fade_in=True), *panel_changes)
        else:
            self.play(_FollowHiker(live, self.trajectory, prints, fade_in=True), *panel_changes, run_time=0.5)

        summit = self.summit_marks(axes, panel)
        top = "" if self.summit is None else (f" The summit is at {point(self.summit.point, 2)}, "
                                              f"height {num(self.summit.value, 2)}.")
        self.beat("summit", "The fog lifts. " + run_caption(self.trajectory) + top)
        self.play(fog.lift(run_time=1.8), FadeOut(panel["intro"]), FadeOut(compass))
        if summit:
            self.play(*summit, run_time=1.0)
        self.wait(1.2)

    # --- what the beats say, from the core's numbers -------------------------------------

    def probe_caption(self, probe) -> str:
        return (f"The hiker probes with steps of h = {num(probe.h, 2)}: east the height changes "
                f"{num(probe.slope_east, 2)} per unit, north {num(probe.slope_north, 2)}, close to the partial "
                f"derivatives {num(probe.partial_east, 2)} and {num(probe.partial_north, 2)}: "
                f"∇f = {point(probe.partials, 2)} points uphill.")

    def walk_caption(self) -> str:
        later = [k for k in self.probe_indices if k > 0]
        again = f", probing again at step{'s' if len(later) > 1 else ''} {', '.join(map(str, later))}" if later else ""
        return f"Each step goes α = {num(self.lr)} times ∇f uphill{again}."

    # --- parts ---------------------------------------------------------------------------

    def run_probe(self, display: ProbeDisplay, hiker: Hiker, panel, probe, *, first: bool):
        """One probe: east, north, assemble; the panel's numbers follow the core's probe."""
        lines = self.probe_lines(probe, display.subject)
        if first:
            walk = dict(walk_time=self.probe_walk, pause=0.3)
            caption = dict(shift=0.1 * DOWN, run_time=0.5)
            self.play(FadeIn(panel["where"]), FadeIn(panel["east_caption"], **caption))
            self.play(display.step_east(hiker, **walk), FadeIn(panel["east"], run_time=0.8))
            self.play(display.step_north(hiker, **walk), FadeIn(panel["north_caption"], **caption),
                      FadeIn(panel["north"], run_time=0.8))
            self.play(display.assemble(run_time=1.6), FadeIn(panel["gradient_caption"], **caption),
                      FadeIn(panel["gradient"], run_time=1.0))
        else:
            walk = dict(walk_time=self.quick_probe_walk, pause=0.1)
            self.play(display.step_east(hiker, **walk), *self.swap(panel, "where", lines), *self.swap(panel, "east", lines))
            self.play(display.step_north(hiker, **walk), *self.swap(panel, "north", lines))
            self.play(display.assemble(run_time=0.9), *self.swap(panel, "gradient", lines))

    @staticmethod
    def swap(panel, key: str, lines: dict, run_time: float = 0.5) -> list:
        """Fade in a panel line's new numbers where the last probe's were (same left edge; those
        went with their probe); the panel keeps the new one."""
        old, new = panel[key], lines[key]
        new.move_to(old.get_left(), aligned_edge=LEFT)
        panel.parts[key] = new
        return [FadeIn(new, run_time=run_time)]

    def regime_line(self, panel, hiker_subject) -> list:
        """``"oscillates:" alpha = 1.2 > 1/L = 1`` where the east numbers were, when the core
        says the steps overshoot (``[FadeIn(line)]``; ``[]`` when they do not)."""
        regime = run_regime(self.objective, self.trajectory, self.plot_domain)
        if regime is None or not regime.zigzags:
            return []
        line = regime_label(regime, hiker_subject, show_lr=True, theme=self.theme)
        return [FadeIn(line.move_to(panel["east"].get_left(), aligned_edge=LEFT))]

    def live_lines(self, panel, hiker_subject) -> VGroup:
        """``x = (..)`` and ``nabla f = (..)`` where the probe's last lines were, bound to the hiker:
        where it stands and the gradient there, as it walks on (see :class:`_FollowHiker`)."""
        theme = self.theme
        size = dict(font_size=theme.label_size, theme=theme, digits=2, fixed=True)
        start = self.trajectory.points[0]
        where = Readout("bold(x)", tuple(start), color=theme.muted_text, **size).about(hiker_subject, "point")
        gradient = Readout("nabla f", tuple(self.trajectory.gradients[0]), color=theme.gradient, **size)
        gradient.about(hiker_subject, "gradient")
        # Where the hiker stands goes just over the gradient (where the north numbers were): the
        # probe's headings above it go, so the two live lines stay together.
        for readout, key in ((where, "north"), (gradient, "gradient")):
            readout.move_to(panel[key].get_left(), aligned_edge=LEFT)
        return VGroup(where, gradient)

    def probe_lines(self, probe, about=None) -> dict:
        """The panel's lines for one probe, each declaring what it says about ``about`` (the
        probe as drawn, a :class:`~gradanim.components.claims.ProbeAt`)."""
        theme = self.theme
        size = dict(font_size=theme.label_size, theme=theme)
        point = ", ".join(fixed_typst(v, 2) for v in probe.point)
        where = math(f'bold(x) = ({point}), quad h = {fixed_typst(probe.h, 2)}', color=theme.muted_text, **size)
        east = math(
            f"Delta f \\/ h = {fixed_typst(probe.slope_east, 2)} approx {PARTIAL_X} = "
            f"{fixed_typst(probe.partial_east, 2)}",
            **size,
        )
        north = math(
            f"Delta f \\/ h = {fixed_typst(probe.slope_north, 2)} approx {PARTIAL_Y} = "
            f"{fixed_typst(probe.partial_north, 2)}",
            **size,
        )
        g = ", ".join(fixed_typst(v, 2) for v in probe.partials)
        gradient = math(f"nabla f = ({g})", color=theme.gradient, **size)
        if about is None:
            return {"where": where, "east": east, "north": north, "gradient": gradient}
        said = dict(digits=2, fixed=True)
        declare(where, Claim(about, "point", tuple(probe.point), **said), Claim(about, "h", probe.h, **said))
        declare(east, Claim(about, "slope.0", probe.slope_east, **said), Claim(about, "partial.0", probe.partial_east, **said))
        declare(north, Claim(about, "slope.1", probe.slope_north, **said),
                Claim(about, "partial.1", probe.partial_north, **said))
        declare(gradient, Claim(about, "gradient", tuple(probe.partials), **said))
        return {"where": where, "east": east, "north": north, "gradient": gradient}

    def make_panel(self, first_display: ProbeDisplay | None = None) -> VGroup:
        theme = self.theme
        intro = math('"Can\'t see the summit? Feel the slope."', font_size=theme.label_size,
                     color=theme.highlight, theme=theme)
        first = self.probe_lines(self.probes[0], first_display.subject if first_display else None)
        east_caption = math(f'"Step East:" quad {PARTIAL_X}', theme=theme)
        north_caption = math(f'"Step North:" quad {PARTIAL_Y}', theme=theme)
        gradient_caption = math(f'nabla f = ({PARTIAL_X}, {PARTIAL_Y}): "steepest ascent"', theme=theme)
        parts = dict(
            intro=intro, where=first["where"], east_caption=east_caption, east=first["east"],
            north_caption=north_caption, north=first["north"], gradient_caption=gradient_caption,
            gradient=first["gradient"],
        )
        panel = self.arrange_panel(buff=0.3, **parts)
        # Numbers sit close under their captions.
        for caption, numbers in (("east_caption", "east"), ("north_caption", "north"), ("gradient_caption", "gradient")):
            panel[numbers].next_to(panel[caption], DOWN, buff=0.18, aligned_edge=LEFT)
        return panel

    def compass(self, right: float, top: float) -> VGroup:
        """A small N/E compass in the plot's top-right corner."""
        theme = self.theme
        corner = np.array([right - 0.75, top - 0.75, 0.0])
        north = Line(corner, corner + 0.45 * UP, stroke_width=3, color=theme.text).add_tip(tip_length=0.12)
        east = Line(corner, corner + 0.45 * RIGHT, stroke_width=3, color=theme.text).add_tip(tip_length=0.12)
        n_label = math('"N"', font_size=theme.small_size, theme=theme).next_to(north.get_end(), UP, buff=0.06)
        e_label = math('"E"', font_size=theme.small_size, theme=theme).next_to(east.get_end(), RIGHT, buff=0.06)
        return VGroup(north, east, n_label, e_label)

    def summit_marks(self, axes, panel) -> list:
        """A flag on the summit (core.critical_points, the highest maximum) and its caption."""
        if self.summit is None:
            return []
        theme = self.theme
        base = axes.c2p(*self.summit.point[:2])
        height = 1.5 * self.hiker_height
        pole = Line(base, base + height * UP, stroke_width=3, color=theme.text)
        flag = Polygon(base + height * UP, base + (height - 0.24) * UP, base + (height - 0.12) * UP + 0.36 * RIGHT)
        flag.set_fill(theme.maximum, opacity=1).set_stroke(width=0)
        mark = VGroup(pole, flag).set_z_index(2)
        x, y = (fixed_typst(v, 2) for v in self.summit.point[:2])
        caption = math(
            f'"Summit:" f = {fixed_typst(self.summit.value, 2)} "at" ({x}, {y})',
            font_size=theme.label_size, color=theme.maximum, theme=theme,
        )
        caption.next_to(panel["gradient"], DOWN, buff=0.45, aligned_edge=LEFT)
        if caption.get_bottom()[1] < self.panel_box.bottom:
            caption.move_to(panel["intro"], aligned_edge=LEFT)
        return [GrowFromEdge(mark, DOWN), FadeIn(caption, shift=0.1 * UP)]


class _FollowHiker(Animation):
    """The live lines show the point the hiker last stepped on and the gradient there (from
    the trajectory, by how far the footprints reach); with ``fade_in`` they appear over the
    first quarter of the walk."""

    def __init__(self, lines: VGroup, trajectory, prints: Footprints, *, fade_in: bool = False, **kwargs):
        self.trajectory, self.prints, self.fade_in = trajectory, prints, fade_in
        super().__init__(lines, **kwargs)

    def create_starting_mobject(self):
        return VGroup()

    def interpolate_mobject(self, alpha: float) -> None:
        lengths = self.prints.vertex_lengths
        landed = int(np.searchsorted(lengths, self.prints.revealed + 1e-9, side="right") - 1)
        landed = min(max(landed, 0), len(self.trajectory.points) - 1)
        where, gradient = self.mobject
        where.set_value(tuple(self.trajectory.points[landed]))
        gradient.set_value(tuple(self.trajectory.gradients[landed]))
        if self.fade_in:
            self.mobject.set_opacity(min(1.0, 4 * alpha))
