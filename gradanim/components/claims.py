"""What the numbers on screen claim, and a check that each is true of the picture it is in.

A text that shows a number about something in the picture *claims* it. A :class:`Claim`
names its *subject* (a run on a map, a probe, a direction arrow), the *quantity* (the run's
step, point, value, gradient, outcome...) and the value as shown, with the digits it is
shown to. A :class:`~gradanim.components.typeset.Readout` is bound once with
``readout.about(subject, "value")`` and then claims whatever it shows; any other mobject (a
typeset line, a badge, a mark on a map) declares what it says with ``declare(mob, claim)``.

A subject reads the state the picture shows from the geometry of its own mobjects -- where a
marker is drawn on its axes, which way an arrow points, whether it is visible at all -- and
asks the core what is true there. Components only say what they show and what it is about;
the truth never comes from their bookkeeping. :class:`TruthMonitor` gathers the visible
claims of a scene at a moment and reports every one that is false there:

* a number about a run must be true of one step of the run, the same step for every number
  about that run, and that step must be where its marker is drawn: on point k (the marker
  landed there) or on its way from point k to k + 1 (numbers change when the marker lands);
* a run's numbers that say it is outside the view need a visible word that it left (a
  ``"left_view"`` claim), and a run that diverged says so (``"outcome"``) as soon as its
  numbers show its last step;
* numbers about a probe or an arrow need that probe or arrow in the picture;
* a plain gradient-descent run that the core says oscillates or diverges
  (:func:`~gradanim.core.learning_rate.run_regime`) must be named so while it is shown;
* every visible readout declares what it is about.

Example::

    run = DescentRun(trajectory, axes, objective=f)       # binds its readouts to run.subject
    label = math('"diverged at step 25"')
    declare(label, Claim(run.subject, "outcome", (Status.DIVERGED, 25)))
    monitor = TruthMonitor()
    problems = monitor.check(scene, "end of play 12")     # [] when every number is true
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from math import isfinite

import numpy as np
from manim import Mobject, VMobject

from ..core.domain import Domain
from ..core.learning_rate import Regime, outcome, run_regime
from ..core.lesson_functions import is_illustrative
from ..core.objective import Objective
from ..core.probe import Probe
from ..core.probe import probe as core_probe
from ..core.step_anatomy import anatomy
from ..core.trajectory import Status, Trajectory
from .coordinates import axes_domain
from .glyph_number import fixed_text, number_parts

LEGIBLE = 0.5  # a text fainter than this (fading in or out) asserts nothing
SEEN = 0.05  # a marker or arrow fainter than this is not in the picture


@dataclass(frozen=True)
class Claim:
    """One number (or word) on screen: ``shown`` is the ``quantity`` of ``subject``.

    ``digits`` and ``fixed`` say how a number is shown (as :class:`Readout` and
    ``number_typst`` show it: ``fixed`` with exactly ``digits`` decimals, otherwise
    ``digits`` decimals or scientific form); the check accepts what reads the same.
    """

    subject: Subject
    quantity: str
    shown: object
    digits: int = 3
    fixed: bool = False


def declare(mob: Mobject, *claims: Claim) -> Mobject:
    """Attach what ``mob`` says (replacing what it said before); returns ``mob``."""
    mob.declared_claims = list(claims)
    return mob


def claims_of(mob: Mobject) -> list[Claim] | None:
    """What ``mob`` itself claims; None for a mobject that shows live numbers and declares nothing."""
    declared = list(vars(mob).get("declared_claims", ()))
    own = getattr(mob, "claims", None) if callable(getattr(type(mob), "claims", None)) else None
    if callable(own):
        live = own()
        if live is None:
            return None if not declared else declared
        declared += live
    return declared


# --- comparing what is shown with what is true -------------------------------------------------


def shown_text(value: float, digits: int, fixed: bool) -> str:
    """A number as the screen writes it (the text, with ``e`` for a power of ten)."""
    if fixed:
        return fixed_text(value, digits)
    mantissa, exponent = number_parts(value, digits)
    return mantissa if exponent is None else f"{mantissa}e{exponent}"


def _resolution(text: str, digits: int) -> float:
    """Half a unit in the last place a number is shown to (``digits`` decimals, or
    ``digits - 1`` in a scientific mantissa; trailing zeros dropped on screen still count)."""
    mantissa, _, exponent = text.partition("e")
    if exponent:
        return 0.5 * 10.0 ** (int(exponent) - max(digits - 1, 1))
    return 0.5 * 10.0 ** (-max(digits, 0))


def reads_as(shown: float, truth: float, digits: int = 3, fixed: bool = False) -> bool:
    """Whether ``shown`` (as displayed) is ``truth`` to the digits it shows: the same text,
    or the shown text within half a unit of its last digit of the truth."""
    if not (isfinite(float(shown)) and isfinite(float(truth))):
        return False
    text = shown_text(float(shown), digits, fixed)
    if text == shown_text(float(truth), digits, fixed):
        return True
    return abs(float(text) - float(truth)) <= _resolution(text, digits) * (1 + 1e-9) + 1e-300


def _agrees(claim: Claim, truth) -> bool:
    shown = claim.shown
    if isinstance(truth, (tuple, list, np.ndarray)):
        shown = np.atleast_1d(np.asarray(shown, dtype=float))
        truth = np.atleast_1d(np.asarray(truth, dtype=float))
        return shown.shape == truth.shape and all(
            reads_as(s, t, claim.digits, claim.fixed) for s, t in zip(shown, truth)
        )
    return reads_as(float(shown), float(truth), claim.digits, claim.fixed)


def _describe(claim: Claim) -> str:
    shown = claim.shown
    if claim.quantity == "outcome":
        shown = repr(truth_words(Status(shown[0]), int(shown[1])))
    elif isinstance(shown, Regime):
        shown = repr(shown.value)
    elif isinstance(shown, (tuple, list, np.ndarray)):
        shown = "(" + ", ".join(shown_text(float(v), claim.digits, claim.fixed) for v in shown) + ")"
    elif isinstance(shown, (float, np.floating)):
        shown = shown_text(float(shown), claim.digits, claim.fixed)
    return f"{claim.quantity} = {shown}"


# --- what is in the picture ------------------------------------------------------------------


def opacity(mob: Mobject) -> float:
    """How strongly ``mob`` is drawn: the largest fill or stroke opacity of its parts."""
    best = 0.0
    for part in mob.family_members_with_points():
        if isinstance(part, VMobject):
            fill = float(np.max(part.get_fill_opacities(), initial=0.0))
            stroke = float(np.max(part.get_stroke_opacities(), initial=0.0)) if part.get_stroke_width() > 0 else 0.0
            best = max(best, fill, stroke)
        else:
            best = max(best, 1.0)
    return best


class Picture:
    """What a scene shows at one moment: its mobjects and how strongly each is drawn."""

    def __init__(self, scene):
        self.family = scene.get_mobject_family_members()
        self.members = {id(m) for m in self.family}
        self._opacity: dict[int, float] = {}

    def shows(self, mob: Mobject | None, threshold: float = SEEN) -> bool:
        if mob is None or id(mob) not in self.members:
            return False
        key = id(mob)
        if key not in self._opacity:
            self._opacity[key] = opacity(mob)
        return self._opacity[key] >= threshold


# --- subjects -----------------------------------------------------------------------------------


class Subject:
    """Something numbers on screen are about. Subclasses read the picture's state from their
    mobjects' geometry and check claims against the core. A subject is never copied with the
    mobjects that refer to it (a copied readout still talks about the same run)."""

    name = "subject"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def moving_parts(self) -> list[Mobject]:
        """Mobjects whose motion changes this subject's state (to sample inside animations)."""
        return []

    def check(self, claims: list[Claim], picture: Picture, moment: str) -> list[str]:
        raise NotImplementedError

    def after_check(self, claims: list[Claim], picture: Picture, moment: str) -> None:
        """Remember what this moment showed (for :meth:`finish`)."""

    def finish(self) -> list[str]:
        """Problems only the whole scene reveals (checked once, at its end)."""
        return []


def _data_point(axes, scene_point) -> np.ndarray:
    return np.asarray(axes.p2c(np.asarray(scene_point, dtype=float)), dtype=float)[:2]


class RunOnMap(Subject):
    """An optimiser run drawn on a map: the core's ``trajectory`` on ``axes``, its marker
    at ``position()`` (default: the marker's centre).

    Quantities: ``step`` (the run's step), ``clock`` (a shared step counter: the run is at
    ``min(clock, its last step)``), ``point`` / ``point.i``, ``value``, ``gradient`` /
    ``gradient.i``, ``outcome`` (``(Status, step)`` as :func:`~gradanim.core.learning_rate.outcome`
    words it; says the run is over), ``left_view`` (the first step outside the view; says
    the run is outside it), ``lr``, ``regime`` (a :class:`~gradanim.core.learning_rate.Regime`)
    and ``anatomy.TERM`` / ``anatomy.TERM.i`` (a term of step k taken apart,
    :mod:`gradanim.core.step_anatomy`: true while the marker stands on point k or walks step k).
    """

    def __init__(self, trajectory: Trajectory, axes, marker: Mobject, *, objective: Objective | None = None,
                 position: Callable[[], np.ndarray] | None = None, name: str = "run",
                 regime_domain: Domain | None = None):
        self.trajectory = trajectory
        self.axes = axes
        self.marker = marker
        self.objective = objective
        self.position = position or marker.get_center
        self.name = name
        points = np.asarray(trajectory.points, dtype=float)[:, :2]
        view = axes_domain(axes)
        self.regime_domain = regime_domain or view  # the minimum (maximum) in view decides the regime
        outside = [k for k, p in enumerate(points) if not view.contains(p, 1e-9)]
        self.first_outside = outside[0] if outside else None
        self.n_inside = (self.first_outside - 1) if outside else len(points) - 1
        self.tolerance = 1e-6 * float(np.max(view.widths))
        self._regime = None
        self._anatomies = None
        self.named_regime = False
        self.walked = False

    @property
    def last(self) -> int:
        return self.trajectory.n_steps

    @property
    def regime(self):
        """The core's regime of this run (None: not plain gd, or nothing to classify)."""
        if self._regime is None and self.objective is not None:
            self._regime = run_regime(self.objective, self.trajectory, self.regime_domain) or False
        return self._regime or None

    def moving_parts(self) -> list[Mobject]:
        return [self.marker]

    # Where the picture puts the run: from the marker's place on its axes.
    def drawn_steps(self) -> set[int] | None:
        """The steps the marker shows: {k} when it stands on point k or walks from k to k + 1;
        None when it is on no point or step of the run."""
        p = _data_point(self.axes, self.position())
        points = np.asarray(self.trajectory.points, dtype=float)[:, :2]
        reach = min(self.last, self.n_inside + 1)
        distance = np.linalg.norm(points[: reach + 1] - p, axis=1)
        landed = {int(k) for k in np.flatnonzero(distance <= self.tolerance)}
        # On the way from point k to k + 1 (a marker a hair short of point k + 1 is on both).
        a, d = points[:reach], points[1: reach + 1] - points[:reach]
        length2 = np.einsum("ij,ij->i", d, d)
        moving = length2 > 0
        t = np.where(moving, np.einsum("ij,ij->i", p - a, d) / np.where(moving, length2, 1.0), -1.0)
        gap = np.linalg.norm(a + t[:, None] * d - p, axis=1)
        on_the_way = {int(k) for k in np.flatnonzero((t > 0) & (t < 1) & (gap <= self.tolerance))}
        return (landed | on_the_way) or None

    def _steps_of(self, claim: Claim) -> tuple[set[int] | None, str | None]:
        """The steps at which ``claim`` is true (None: it says nothing about the step), or a problem."""
        t = self.trajectory
        every = range(self.last + 1)
        q = claim.quantity
        if q == "step":
            k = int(claim.shown)
            return ({k} if 0 <= k <= self.last else set()), None
        if q == "clock":
            return {min(max(int(claim.shown), 0), self.last)}, None
        if q == "outcome":
            truth = outcome(t)
            status, step = claim.shown
            if Status(status) is not truth.status or int(step) != truth.step:
                return None, f"says {truth_words(Status(status), int(step))}; the core says {truth.text}"
            return {self.last}, None
        if q == "left_view":
            if self.first_outside is None:
                return None, "says the run left the view; it never does"
            if int(claim.shown) != self.first_outside:
                return None, f"says it left the view at step {claim.shown}; point {self.first_outside} is the first outside"
            return set(range(self.n_inside, self.last + 1)), None
        if q == "lr":
            truth = float(t.hyperparameters.get("lr", np.nan))
            return None, (None if _agrees(claim, truth) else f"the run's learning rate is {truth!r}")
        if q == "regime":
            regime = self.regime
            if regime is None:
                return None, "names a regime the core does not classify for this run"
            if Regime(claim.shown) is not regime.regime:
                return None, f"the core classifies this run as {regime.regime.value!r}"
            return None, None
        if q.startswith("anatomy."):
            return self._anatomy_steps(claim)
        head, _, index = q.partition(".")
        table = {"point": t.points, "value": t.values, "gradient": t.gradients,
                 "gradient_norm": np.linalg.norm(np.asarray(t.gradients, dtype=float), axis=1)}.get(head)
        if table is None:
            return None, f"unknown quantity {q!r} of a run"
        if index:
            table = np.asarray(table)[:, int(index)]
        return {k for k in every if _agrees(claim, table[k])}, None

    def _anatomy_steps(self, claim: Claim) -> tuple[set[int] | None, str | None]:
        """``anatomy.TERM`` (``anatomy.TERM.i``): a term of step k taken apart by the core
        (:func:`~gradanim.core.step_anatomy.anatomy`), true at point k, before the step."""
        _, term, *index = claim.quantity.split(".")
        if self._anatomies is None:
            self._anatomies = [anatomy(self.trajectory, k) for k in range(self.last)]
        if self._anatomies and term not in self._anatomies[0].terms:
            return None, f"step k of {self.trajectory.optimizer} has no term {term!r}"
        rows = [np.asarray(a.terms[term]) for a in self._anatomies]
        if index:
            rows = [row[int(index[0])] for row in rows]
        return {k for k, row in enumerate(rows) if _agrees(claim, row)}, None

    def check(self, claims: list[Claim], picture: Picture, moment: str) -> list[str]:
        problems = []
        sets = []
        for claim in claims:
            steps, problem = self._steps_of(claim)
            if problem:
                problems.append(f"{self.name}: {_describe(claim)}: {problem}")
            if steps is not None:
                sets.append((claim, steps))
        drawn = None
        says_left = any(c.quantity == "left_view" for c in claims)
        if picture.shows(self.marker):
            drawn = self.drawn_steps()
            if drawn is None and sets:
                p = _data_point(self.axes, self.position())
                problems.append(f"{self.name}: the marker is drawn at {np.round(p, 3).tolist()}, on no step of its run")
            elif drawn is not None and says_left and self.n_inside in drawn:
                drawn = drawn | set(range(self.n_inside, self.last + 1))  # parked where it left
        if not sets:
            return problems
        common = set(range(self.last + 1)) if drawn is None else set(drawn)
        for _, steps in sets:
            common &= steps
        if not common:
            said = "; ".join(f"{_describe(c)} (true at step {_span(s)})" for c, s in sets)
            where = "" if drawn is None else f"; the marker shows step {_span(drawn)}"
            problems.append(f"{self.name}: the numbers disagree with each other or the picture: {said}{where}")
            return problems
        if moment == "end":
            if min(common) > self.n_inside and not says_left:
                problems.append(f"{self.name}: the numbers show step {_span(common)}, outside the view, and "
                                "nothing says the run left it")
            if self.trajectory.diverged and common == {self.last} and not any(c.quantity == "outcome" for c in claims):
                problems.append(f"{self.name}: the numbers show the last step of a run that diverged, and nothing "
                                "says it diverged")
        return problems

    def after_check(self, claims, picture, moment) -> None:
        if any(c.quantity == "regime" for c in claims):
            self.named_regime = True
        if moment == "end" and picture.shows(self.marker):
            drawn = self.drawn_steps() or set()
            if any(k >= 2 for k in drawn):
                self.walked = True

    def finish(self) -> list[str]:
        if self.trajectory.optimizer != "gd" or not self.walked:
            return []
        if self.objective is None:
            return [f"{self.name}: a gradient-descent run without its objective: its regime cannot be checked"]
        regime = self.regime
        if regime is None or not regime.zigzags or self.named_regime:
            return []
        relation, name, value = regime.threshold
        return [f"{self.name}: the core says this run {regime.regime.value} (alpha = {regime.lr:g} {relation} "
                f"{name} = {value:.4g}) and the scene never says so"]


def truth_words(status: Status, step: int) -> str:
    plural = "" if step == 1 else "s"
    return {Status.CONVERGED: f"converged after {step} step{plural}", Status.DIVERGED: f"diverged at step {step}"}.get(
        status, f"stopped after {step} step{plural}")


def _span(steps: Iterable[int]) -> str:
    steps = sorted(steps)
    if not steps:
        return "none"
    if len(steps) > 3 and steps[-1] - steps[0] == len(steps) - 1:
        return f"{steps[0]}..{steps[-1]}"
    return ", ".join(str(k) for k in steps[:6]) + (" ..." if len(steps) > 6 else "")


class ProbeAt(Subject):
    """A probe drawn on a map (a :class:`~gradanim.components.probe.ProbeDisplay`): where it
    is taken is the start of its east arrow. Quantities: ``point``, ``h``, ``value``,
    ``rise.i``, ``slope.i`` (the finite-difference estimate), ``partial.i`` and ``gradient``,
    recomputed by the core at the drawn point.

    The probe is in the picture while any part of its display is, or while ``stand`` (the
    hiker) stands on its point.
    """

    def __init__(self, record: Probe, axes, display: Mobject, anchor: Mobject, *,
                 objective: Objective | None = None, stand: Callable[[], np.ndarray] | None = None,
                 name: str = "probe"):
        self.record = record
        self.axes = axes
        self.display = display
        self.anchor = anchor
        self.objective = objective
        self.stand = stand
        self.name = name

    def point(self) -> np.ndarray:
        return _data_point(self.axes, self.anchor.get_start())

    def in_picture(self, picture: Picture) -> bool:
        if any(picture.shows(part) for part in self.display.submobjects):
            return True
        if self.stand is None:
            return False
        # The hiker on the probe point, or on a probe step from it (east or north and back).
        here = _data_point(self.axes, self.stand()) - np.asarray(self.record.point, dtype=float)
        tolerance = 1e-6 * float(np.max(axes_domain(self.axes).widths))
        for axis in range(2):
            along = here[axis]
            across = np.delete(here, axis)
            if -tolerance <= along <= self.record.h + tolerance and np.all(np.abs(across) <= tolerance):
                return True
        return False

    def truth(self) -> Probe:
        if self.objective is None:
            return self.record
        return core_probe(self.objective, self.point(), self.record.h, scheme=self.record.scheme)

    def check(self, claims, picture, moment) -> list[str]:
        if not claims:
            return []
        if not self.in_picture(picture):
            return [f"{self.name}: {', '.join(_describe(c) for c in claims)} shown while the probe is not in the picture"]
        truth = self.truth()
        problems = []
        for claim in claims:
            head, _, index = claim.quantity.partition(".")
            table = {"point": truth.point, "h": truth.h, "value": truth.value, "rise": truth.rises,
                     "slope": truth.slopes, "partial": truth.partials, "gradient": truth.partials}.get(head)
            if table is None:
                problems.append(f"{self.name}: unknown quantity {claim.quantity!r} of a probe")
                continue
            value = np.asarray(table)[int(index)] if index else table
            if not _agrees(claim, value):
                problems.append(f"{self.name}: {_describe(claim)}; the core's probe at the drawn point says "
                                f"{_describe(Claim(self, claim.quantity, value, claim.digits, claim.fixed))}")
        return problems


class DirectionAt(Subject):
    """An arrow drawn from a point of a map (a unit direction u): its direction is what the
    arrow shows. Quantities: ``direction`` (u), ``angle`` (degrees from east), ``slope``
    (the directional derivative grad f . u from the core at the arrow's foot)."""

    def __init__(self, axes, arrow: Mobject, objective: Objective, *, name: str = "direction"):
        self.axes = axes
        self.arrow = arrow
        self.objective = objective
        self.name = name

    def moving_parts(self) -> list[Mobject]:
        return [self.arrow]

    def state(self) -> tuple[np.ndarray, np.ndarray]:
        foot = _data_point(self.axes, self.arrow.get_start())
        d = _data_point(self.axes, self.arrow.get_end()) - foot
        return foot, d / np.linalg.norm(d)

    def check(self, claims, picture, moment) -> list[str]:
        if not claims:
            return []
        if not picture.shows(self.arrow):
            return [f"{self.name}: {', '.join(_describe(c) for c in claims)} shown while its arrow is not in the picture"]
        foot, u = self.state()
        problems = []
        for claim in claims:
            if claim.quantity == "direction":
                truth, ok = u, _agrees(claim, u)
            elif claim.quantity == "angle":
                truth = float(np.degrees(np.arctan2(u[1], u[0]))) % 360.0
                gap = abs(float(claim.shown) % 360.0 - truth)
                ok = min(gap, 360.0 - gap) <= _resolution(shown_text(float(claim.shown), claim.digits, claim.fixed),
                                                          claim.digits) + 1e-9
            elif claim.quantity == "slope":
                truth = float(np.asarray(self.objective.gradient(foot), dtype=float) @ u)
                ok = _agrees(claim, truth)
            else:
                problems.append(f"{self.name}: unknown quantity {claim.quantity!r} of a direction")
                continue
            if not ok:
                problems.append(f"{self.name}: {_describe(claim)}; the arrow drawn shows "
                                f"{_describe(Claim(self, claim.quantity, truth, claim.digits, claim.fixed))}")
        return problems


class FormulaSource(Subject):
    """Where a formula on screen comes from. Quantities: ``formula`` (a line that shows it) and
    ``illustrative`` (a tag saying it is made up). A function the core knows as made up where
    the lesson's formula was lost (:func:`~gradanim.core.lesson_functions.is_illustrative`),
    or one a lesson marks so (``illustrative``), must carry the tag wherever it is shown;
    another must not."""

    def __init__(self, text: str, variables=None, *, illustrative: bool | None = None, name: str = "formula"):
        self.text = text
        self.illustrative = is_illustrative(text, variables) if illustrative is None else bool(illustrative)
        self.name = name

    def check(self, claims, picture, moment) -> list[str]:
        shown = any(c.quantity == "formula" for c in claims)
        tagged = any(c.quantity == "illustrative" for c in claims)
        if tagged and not self.illustrative:
            return [f"{self.name}: {self.text!r} is tagged illustrative, but it is not a made-up function"]
        if moment == "end" and shown and self.illustrative and not tagged:
            return [f"{self.name}: {self.text!r} is made up (the lesson's formula was lost) and shown as if the "
                    "lesson gave it: no 'illustrative' tag"]
        return []


class AtPoint(Subject):
    """A function at a point, worked out in numbers beside no marker (a derivation by hand).

    Quantities: ``value``, ``gradient`` / ``gradient.i`` (the partials) at ``point``, and,
    with ``lr``, ``step`` / ``step.i``: the point one gradient-descent step later (as the
    core's ``descend`` takes it). The truth is asked of the core at claim time."""

    def __init__(self, objective: Objective, point, *, lr: float | None = None, name: str = "point"):
        self.objective = objective
        self.point = np.asarray(point, dtype=float)
        self.lr = lr
        self.name = name

    def truth(self, quantity: str):
        head, _, index = quantity.partition(".")
        if head == "value":
            return self.objective.value(self.point)
        if head == "gradient":
            table = self.objective.gradient(self.point)
        elif head == "step" and self.lr is not None:
            from ..core.trajectory import descend

            table = descend(self.objective, self.point, "gd", lr=self.lr, steps=1, tol=0.0).points[1]
        else:
            return None
        return np.asarray(table, dtype=float)[int(index)] if index else np.asarray(table, dtype=float)

    def check(self, claims, picture, moment) -> list[str]:
        return _against(self, claims, self.truth, "a point", "the core says")


class SteepnessAt(Subject):
    """A gradient arrow on a contour map with the gap between the contour lines around its
    foot (:mod:`gradanim.core.steepness`). Where the arrow's foot is drawn is the point.
    Quantities: ``norm`` (|grad f| there), ``spacing`` (the gap between the level below and
    the level above, along the gradient), ``estimate`` (level step / gap)."""

    def __init__(self, objective: Objective, axes, arrow: Mobject, levels, *, name: str = "steepness"):
        self.objective = objective
        self.axes = axes
        self.arrow = arrow
        self.levels = tuple(float(v) for v in levels)
        self.name = name

    def moving_parts(self) -> list[Mobject]:
        return [self.arrow]

    def check(self, claims, picture, moment) -> list[str]:
        from ..core.steepness import steepness

        if not claims:
            return []
        if not picture.shows(self.arrow):
            return [f"{self.name}: {', '.join(_describe(c) for c in claims)} shown while its arrow is not in the picture"]
        record = steepness(self.objective, _data_point(self.axes, self.arrow.get_start()), levels=self.levels)
        truths = {"norm": record.norm, "spacing": record.spacing, "estimate": record.estimate}
        return _against(self, claims, truths.get, "a steepness", "at the arrow's foot the core says")


class RemainingTo(Subject):
    """Where a run stopped, drawn as ``marker`` on ``axes``, and the minimum it was heading for
    (:class:`~gradanim.core.stopping.EarlyStop`). Quantities, at the drawn point: ``distance``
    to the minimum, ``value_gap`` (f there - f at the minimum), ``gradient_norm``, ``bound``
    (|grad f| / mu, mu the smallest curvature at the minimum), and ``steps`` and ``tol`` of
    the run that stopped there."""

    def __init__(self, stop, axes, marker: Mobject, objective: Objective, *, name: str = "stop"):
        self.stop = stop
        self.axes = axes
        self.marker = marker
        self.objective = objective
        self.name = name

    def check(self, claims, picture, moment) -> list[str]:
        if not claims:
            return []
        if not picture.shows(self.marker):
            return [f"{self.name}: {', '.join(_describe(c) for c in claims)} shown while the stop is not in the picture"]
        p = _data_point(self.axes, self.marker.get_center())
        target = np.asarray(self.stop.target.point, dtype=float)
        norm = float(np.linalg.norm(self.objective.gradient(p)))
        mu = float(np.min(np.abs(np.asarray(self.stop.target.eigenvalues, dtype=float))))
        truths = {
            "distance": float(np.linalg.norm(target - p)),
            "value_gap": self.objective.value(p) - float(self.stop.target.value),
            "gradient_norm": norm,
            "bound": norm / mu if mu > 0 else float("inf"),
            "steps": self.stop.run.n_steps,
            "tol": self.stop.tol,
        }
        return _against(self, claims, truths.get, "a stop", "where the stop is drawn the core says")


def _against(subject: Subject, claims: list[Claim], truth: Callable[[str], object], kind: str, says: str
             ) -> list[str]:
    """Each claim compared with ``truth(quantity)`` (None: a quantity ``kind`` does not have)."""
    problems = []
    for claim in claims:
        value = truth(claim.quantity)
        if value is None:
            problems.append(f"{subject.name}: unknown quantity {claim.quantity!r} of {kind}")
        elif not _agrees(claim, value):
            problems.append(f"{subject.name}: {_describe(claim)}; {says} "
                            f"{_describe(Claim(subject, claim.quantity, value, claim.digits, claim.fixed))}")
    return problems


# --- the check ------------------------------------------------------------------------------------


@dataclass
class TruthMonitor:
    """Checks a scene's visible claims at the moments it is asked to, and remembers what the
    whole scene showed for :meth:`finish`."""

    legible: float = LEGIBLE
    subjects: dict[int, Subject] = field(default_factory=dict)

    def visible_claims(self, picture: Picture) -> tuple[dict[int, list[Claim]], list[str]]:
        """The claims of what is legible, by subject, and the live numbers that declare nothing.
        Subjects of things in the picture that claim nothing yet are collected too."""
        grouped: dict[int, list[Claim]] = {}
        silent = []
        for mob in picture.family:
            # (vars and the class, not getattr: a Mobject's __getattr__ is slow, and this runs every frame)
            own = vars(mob)
            subject = own.get("claim_subject")
            if isinstance(subject, Subject):
                self.subjects.setdefault(id(subject), subject)
            if "declared_claims" not in own and not callable(getattr(type(mob), "claims", None)):
                continue
            if not picture.shows(mob, self.legible):
                continue
            claims = claims_of(mob)
            if claims is None:
                silent.append(f"{type(mob).__name__}({getattr(mob, 'label_typst', '')!r}) shows a live number and "
                              "declares nothing")
                continue
            for claim in claims:
                self.subjects.setdefault(id(claim.subject), claim.subject)
                grouped.setdefault(id(claim.subject), []).append(claim)
        return grouped, silent

    def moving_parts(self) -> set[int]:
        return {id(m) for s in self.subjects.values() for part in s.moving_parts() for m in part.get_family()}

    def check(self, scene, moment: str = "end") -> list[str]:
        """Problems with what ``scene`` shows now; ``moment`` is ``"end"`` (the end of an
        animation, as the next frames show it) or ``"inside"`` (a frame while something moves)."""
        picture = Picture(scene)
        grouped, problems = self.visible_claims(picture)
        for key, subject in self.subjects.items():
            claims = grouped.get(key, [])
            problems += subject.check(claims, picture, moment)
            subject.after_check(claims, picture, moment)
        return problems

    def finish(self) -> list[str]:
        problems = []
        for subject in self.subjects.values():
            problems += subject.finish()
        return problems


__all__ = [
    "AtPoint", "Claim", "DirectionAt", "FormulaSource", "LEGIBLE", "Picture", "ProbeAt", "RemainingTo", "RunOnMap",
    "SteepnessAt", "Subject", "TruthMonitor",
    "claims_of", "declare", "reads_as", "shown_text",
]
