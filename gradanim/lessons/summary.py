"""`gradanim check`: what a lesson computes, without rendering."""

from __future__ import annotations

from ..core.critical import critical_points
from ..core.domain import Domain
from ..core.errors import GradanimError
from ..core.objective import Objective
from ..core.trajectory import Trajectory, descend
from ..options import options_of
from .catalogue import scene_class_for
from .configured import lesson_beats
from .lesson_file import Lesson


def lesson_values(lesson: Lesson) -> dict:
    """Every option of the lesson's scene: the lesson's value, else the scene's default."""
    options = options_of(scene_class_for(lesson.scene_type))
    return {name: lesson.values.get(name, option.default) for name, option in options.items()}


def lesson_objective(lesson: Lesson) -> Objective | None:
    """The lesson's function f, or None for a scene without one."""
    merged = lesson_values(lesson)
    if "function" not in merged:
        return None
    variables = merged.get("variables")
    return Objective.from_text(merged["function"], list(variables) if variables else None)


def lesson_run(lesson: Lesson) -> Trajectory | None:
    """The optimiser run the lesson's scene shows (as the scene runs it), or None if it has none."""
    merged = lesson_values(lesson)
    f = lesson_objective(lesson)
    if f is None or not all(k in merged for k in ("start", "lr")) or len(merged["start"]) != f.n_variables:
        return None
    scene_class = scene_class_for(lesson.scene_type)
    tolerance = {"tol": float(merged["tolerance"])} if "tolerance" in merged else {}  # as the scene runs it
    return descend(f, merged["start"], merged.get("optimizer", "gd"), lr=merged["lr"],
                   steps=int(merged.get("steps", 100)), **tolerance,
                   maximize=bool(merged.get("maximize", getattr(scene_class, "ascends", False))),
                   **dict(merged.get("hyperparameters") or {}))


def summarize(lesson: Lesson) -> str:
    merged = lesson_values(lesson)
    lines = [f"{lesson.path}: ok ({lesson.scene_type})"]
    if merged.get("title"):
        lines.append(f"  title: {merged['title']}")
    # The names a lesson's [beats.NAME] tables and --recordings files (NAME.wav) use.
    lines.append(f"  beats: {', '.join(lesson_beats(lesson))}")
    if "function" not in merged:
        return "\n".join(lines)
    f = lesson_objective(lesson)
    lines.append(f"  f({', '.join(f.names)}) = {f.text}")
    for sentence in f.nonsmooth_description():
        lines.append(f"  f may have no gradient where a piece breaks: {sentence}")
    domain = None
    if "domain" in merged and len(merged["domain"]) == 2 * f.n_variables:
        d = merged["domain"]
        domain = Domain(tuple(zip(d[0::2], d[1::2])))
    try:
        points = critical_points(f, domain)
    except GradanimError as error:
        points = []
        lines.append(f"  critical points: not computed ({error})")
    else:
        where = " in the domain" if domain else ""
        lines.append(f"  critical points{where}: {len(points) or 'none'}")
        for c in points[:8]:
            p = ", ".join(f"{v:.4g}" for v in c.point)
            lines.append(f"    ({p}) {c.kind.value}, f = {c.value:.4g}")
    t = lesson_run(lesson)
    if t is not None:
        end = ", ".join(f"{v:.4g}" for v in t.final_point)
        verb = "ascent" if t.maximize else "descent"
        lines.append(f"  {t.optimizer} {verb} from {tuple(merged['start'])}, lr {merged['lr']:g}: {t.status.value} after "
                     f"{t.n_steps} steps at ({end}), f = {t.final_value:.4g}")
        kinks = sum(1 for word in t.breaks if word)
        if kinks:
            lines.append(f"    {kinks} of its {len(t.points)} points are on a kink or jump of f (no gradient there); "
                         f"last: {t.message}")
    return "\n".join(lines)


def run_summary(lesson: Lesson) -> dict | None:
    """What a batch's manifest says of the lesson's run: ``status`` (converged, diverged,
    max_steps), ``steps``, ``final_value`` and ``final_point``; None without one run."""
    try:
        t = lesson_run(lesson)
    except GradanimError:
        return None
    if t is None:
        return None
    return {"status": t.status.value, "steps": t.n_steps, "final_value": float(t.final_value),
            "final_point": [float(v) for v in t.final_point], "optimizer": t.optimizer}
