"""The ``gradanim`` command line: the math core from a shell, and rendering.

    gradanim math "x^2 + 3y^2" --at 1,2 --json
    gradanim descend "x^2 + 3y^2" --start 2,1 --optimizer adam --lr 0.1 --json
    gradanim demo                      # render the default lesson to media/

Bad input exits with status 2 and one line on stderr naming the problem and where it is.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import click
import sympy

from .core.critical import critical_points
from .core.domain import Domain
from .core.errors import GradanimError, OptionError
from .core.objective import Objective
from .core.optimizers import OPTIMIZERS
from .core.smoothness import formula_text
from .core.trajectory import MAX_STEPS
from .core.trajectory import descend as run_descent
from .options import FORMATS, QUALITIES


def _numbers(text: str, what: str) -> list[float]:
    try:
        values = [float(t) for t in text.split(",")]
    except ValueError:
        raise OptionError(f"{what} {text!r} must be comma-separated numbers, like 1.5,-2") from None
    if not all(math.isfinite(v) for v in values):
        raise OptionError(f"{what} {text!r} must be finite numbers")
    return values


def _json_number(x: float) -> float | None:
    """JSON has no nan/inf: they become null."""
    x = float(x)
    return x if math.isfinite(x) else None


def _fail(error: Exception) -> None:
    click.echo(f"gradanim: error: {error}", err=True)
    sys.exit(2)


def _parse_value(text: str):
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "on"):
        return True
    if lowered in ("false", "no", "off"):
        return False
    if "," in text:
        return tuple(_numbers(text, "value"))
    try:
        return float(text)
    except ValueError:
        raise OptionError(f"option value {text!r} must be a number, a comma-separated pair, true or false") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="gradanim")
def main():
    """gradanim: the mathematics of gradients, proven in a tested core and animated with Manim."""


# --- math ----------------------------------------------------------------------------------


# A formula may start with "-" ("-(x-1)^2"): not an option, so let click pass it through.
FORMULA_SETTINGS = {"ignore_unknown_options": True}


@main.command("math", context_settings=FORMULA_SETTINGS)
@click.argument("function")
@click.option("--variables", "variables", help="Variable names in order, e.g. price,ads (default: alphabetical).")
@click.option("--at", "at", help="A point, e.g. 2,3: value, gradient and Hessian there.")
@click.option("--domain", help="Where to look for critical points: XMIN,XMAX,YMIN,YMAX (default -10..10 each).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def math_command(function, variables, at, domain, as_json):
    """Gradient, Hessian and critical points of FUNCTION (e.g. "x^2 + 3y^2")."""
    try:
        objective = Objective.from_text(function, variables.split(",") if variables else None)
        n = objective.n_variables
        box = Domain.parse(domain, n) if domain else Domain.square(10.0, n)
        result = {
            "function": function,
            "expression": sympy.sstr(objective.expr),
            "variables": list(objective.names),
            "gradient": [sympy.sstr(g) for g in objective.gradient_exprs],
            "hessian": [[sympy.sstr(h) for h in row] for row in objective.hessian_exprs.tolist()],
            "latex": {
                "function": objective.latex(),
                "gradient": objective.gradient_latex(),
                "hessian": objective.hessian_latex(),
            },
            "domain": [list(b) for b in box.bounds],
            "not_smooth": objective.nonsmooth_description(),
        }
        if at is not None:
            point = _numbers(at, "--at")
            if len(point) != n:
                raise OptionError(f"--at {at!r} needs {n} numbers, one per variable ({', '.join(objective.names)})")
            local = objective.smoothness_at(point)
            result["at"] = {
                "point": point,
                "value": _json_number(local.value),
                "gradient": [_json_number(v) for v in local.gradient],
                "hessian": [[_json_number(v) for v in row] for row in local.hessian],
                "differentiable": local.differentiable,
                "smoothness": local.kind.value,
                "reason": local.reason,
            }
            if not local.differentiable and local.subgradient() is not None:
                result["at"]["one_sided_gradients"] = [[_json_number(v) for v in g] for g in local.one_sided]
        points = critical_points(objective, box)
        result["critical_points"] = [c.as_dict() for c in points]
    except GradanimError as error:
        _fail(error)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    # In the lessons' notation for people: abs, ceil, min, max, x^2.
    result["expression"] = formula_text(objective.expr)
    result["gradient"] = [formula_text(g) for g in objective.gradient_exprs]
    result["hessian"] = [[formula_text(h) for h in row] for row in objective.hessian_exprs.tolist()]
    _print_math(result)


def _fmt(v) -> str:
    return "undefined" if v is None else f"{v:.6g}"


def _print_math(r: dict) -> None:
    names = ", ".join(r["variables"])
    click.echo(f"f({names}) = {r['expression']}")
    where = " (where f is differentiable)" if r["not_smooth"] else ""
    for name, g in zip(r["variables"], r["gradient"]):
        click.echo(f"  df/d{name} = {g}{where}")
    click.echo("  Hessian = [" + "; ".join(", ".join(row) for row in r["hessian"]) + "]")
    for sentence in r["not_smooth"]:
        click.echo(f"  f may have no gradient where a piece breaks: {sentence}")
    if "at" in r:
        a = r["at"]
        point = ", ".join(_fmt(v) for v in a["point"])
        click.echo(f"at ({point}):")
        click.echo(f"  f = {_fmt(a['value'])}")
        if a["differentiable"]:
            click.echo(f"  grad f = ({', '.join(_fmt(v) for v in a['gradient'])})")
        else:
            click.echo(f"  grad f: none: {a['reason']}")
            for g in a.get("one_sided_gradients", []):
                click.echo(f"    one-sided gradient ({', '.join(_fmt(v) for v in g)})")
        if a["differentiable"] or any(v is not None for row in a["hessian"] for v in row):
            click.echo("  Hessian = [" + "; ".join(", ".join(_fmt(v) for v in row) for row in a["hessian"]) + "]")
    box = " x ".join(f"[{lo:g}, {hi:g}]" for lo, hi in r["domain"])
    cps = r["critical_points"]
    smooth = " with grad f = 0" if r["not_smooth"] else ""
    click.echo(f"critical points{smooth} in {box}: {len(cps) if cps else 'none'}")
    for c in cps:
        point = ", ".join(_fmt(v) for v in c["point"])
        eig = ", ".join(_fmt(v) for v in c["eigenvalues"])
        note = "" if c["isolated"] else " (one of a continuum)"
        click.echo(f"  ({point}): {c['kind']}, f = {_fmt(c['value'])}, Hessian eigenvalues {eig}{note}")


# --- descend -------------------------------------------------------------------------------


@main.command("descend", context_settings=FORMULA_SETTINGS)
@click.argument("function")
@click.option("--start", required=True, help="Start point, e.g. -2,1.5.")
@click.option("--optimizer", default="gd", show_default=True, help=f"One of: {', '.join(OPTIMIZERS)}.")
@click.option("--lr", type=float, help="Learning rate (default: the optimizer's, as in torch.optim).")
@click.option("--momentum", type=float, help="Momentum factor (momentum, nesterov, rmsprop).")
@click.option("--betas", help="Adam's B1,B2.")
@click.option("--eps", type=float, help="Term added for numerical stability (adagrad, rmsprop, adam).")
@click.option("--alpha", type=float, help="RMSprop's smoothing constant.")
@click.option("--set", "extra", multiple=True, metavar="NAME=VALUE", help="Any other hyper-parameter, e.g. --set amsgrad=true.")
@click.option("--steps", type=int, default=100, show_default=True, help=f"Maximum number of steps (at most {MAX_STEPS}).")
@click.option("--tol", type=float, default=1e-6, show_default=True, help="Stop when the gradient norm is below this.")
@click.option("--maximize", is_flag=True, help="Ascend instead of descend.")
@click.option("--variables", help="Variable names in order (default: alphabetical).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def descend_command(function, start, optimizer, lr, momentum, betas, eps, alpha, extra, steps, tol, maximize, variables, as_json):
    """Run an optimiser on FUNCTION from --start and report every point."""
    try:
        objective = Objective.from_text(function, variables.split(",") if variables else None)
        hyper = {}
        if momentum is not None:
            hyper["momentum"] = momentum
        if betas is not None:
            pair = _numbers(betas, "--betas")
            if len(pair) != 2:
                raise OptionError(f"--betas {betas!r} needs two numbers, B1,B2")
            hyper["betas"] = tuple(pair)
        if eps is not None:
            hyper["eps"] = eps
        if alpha is not None:
            hyper["alpha"] = alpha
        for item in extra:
            if "=" not in item:
                raise OptionError(f"--set {item!r} must look like NAME=VALUE")
            name, value = item.split("=", 1)
            hyper[name.strip()] = _parse_value(value)
        trajectory = run_descent(
            objective, _numbers(start, "--start"), optimizer, lr=lr, steps=steps, tol=tol, maximize=maximize, **hyper
        )
    except GradanimError as error:
        _fail(error)
    result = {
        "function": function,
        "variables": list(objective.names),
        **trajectory.as_dict(),
        "steps": trajectory.n_steps,
        "step_vectors": trajectory.steps.tolist(),
        "final_point": trajectory.final_point.tolist(),
        "final_value": trajectory.final_value,
    }
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    hp = ", ".join(f"{k}={v}" for k, v in trajectory.hyperparameters.items())
    verb = "ascent" if maximize else "descent"
    click.echo(f"{trajectory.optimizer} {verb} on f({', '.join(objective.names)}) = {function}  [{hp}]")
    shown = list(range(len(trajectory.points)))
    if len(shown) > 12:
        shown = shown[:6] + [None] + shown[-5:]
    for k in shown:
        if k is None:
            click.echo("  ...")
            continue
        p = ", ".join(f"{v:.6g}" for v in trajectory.points[k])
        note = f"  (a {trajectory.breaks[k]}: no gradient here)" if trajectory.breaks[k] else ""
        click.echo(f"  {k:>4}  ({p})  f = {trajectory.values[k]:.6g}{note}")
    click.echo(f"{trajectory.status.value}: {trajectory.message}")


# --- rendering -----------------------------------------------------------------------------


_DITHER_HELP = ("GIF dither: auto (none for 2D scenes, bayer for 3D), none (flat colours), bayer (a light "
                "ordered pattern) or floyd_steinberg (smoothest, largest).")
_LOOP_HELP = "How many times the GIF plays, then stops on its last frame (0: forever)."


def _dither_option():
    from .gif import DITHER_CHOICES

    return click.option("--dither", type=click.Choice(DITHER_CHOICES), help=_DITHER_HELP)


def _loop_option():
    from .gif import MAX_PLAYS

    return click.option("--loop", type=click.IntRange(0, MAX_PLAYS), metavar="N", help=_LOOP_HELP)


@main.command("demo")
@click.option("--quality", type=click.Choice(list(QUALITIES)), default="medium", show_default=True)
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=Path("media"), show_default=True)
@click.option("--gif/--no-gif", default=True, show_default=True, help="Also write a looping slide GIF.")
@_dither_option()
@_loop_option()
def demo_command(quality, output, gif, dither, loop):
    """Render the default lesson (scenes/gradient_descent.py, GradientDescent) as MP4 and GIF."""
    from .export import render_video, still_from_video
    from .lessons.catalogue import SCENES_DIR, load_scene_class
    from .gif import GifSettings, dither_for, video_to_gif
    from .subtitles import alt_text, caption_paths, write_alt_text

    try:
        settings = GifSettings(dither=dither_for(dither or "auto", three_d=False), loop=loop or 0)
        scene = load_scene_class(SCENES_DIR / "gradient_descent.py", "GradientDescent")
        video = render_video(scene, output / "GradientDescent.mp4", quality=quality, media_dir=output / ".manim")
        click.echo(f"wrote {video}")
        for path in caption_paths(video).values():
            if path.is_file():
                click.echo(f"wrote {path}")
        title = str(scene.title)
        poster = still_from_video(video, output / "GradientDescent.png")
        click.echo(f"wrote {poster} and {write_alt_text(poster, alt_text(title, video, still=True)).name}")
        if gif:
            path = video_to_gif(video, output / "GradientDescent.gif", settings)
            described = write_alt_text(path, alt_text(title, video))
            click.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) and {described.name}")
    except GradanimError as error:
        _fail(error)


# --- lessons -------------------------------------------------------------------------------



@main.command("list")
def list_command():
    """The scene types and the lesson files, one line each."""
    from .lessons.catalogue import LESSONS_DIR, catalogue, lesson_files
    from .lessons.lesson_file import LessonError, read_lesson

    click.echo("Scene types (gradanim new TYPE PATH):")
    entries = catalogue()
    width = max((len(n) for n in entries), default=10)
    for name, entry in entries.items():
        click.echo(f"  {name:<{width}}  {entry.description}")
    files = lesson_files()
    if files:
        click.echo(f"\nLesson files ({LESSONS_DIR}):")
        for path in files:
            try:
                lesson = read_lesson(path)
                title = lesson.values.get("title") or entries[lesson.scene_type].description
                click.echo(f"  {path.name:<{width + 6}}  {lesson.scene_type}: {title}")
            except LessonError as error:
                click.echo(f"  {path.name:<{width + 6}}  (invalid: {error.problems[0]})")


@main.command("new")
@click.argument("scene_type")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def new_command(scene_type, path, force):
    """Write a commented lesson file for SCENE_TYPE to PATH, to start from."""
    from .atomic import atomic_path
    from .lessons.catalogue import scene_class_for, scene_types
    from .lessons.template import lesson_template

    try:
        scene_class = scene_class_for(scene_type)
    except KeyError:
        import difflib

        close = difflib.get_close_matches(scene_type, scene_types(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        _fail(OptionError(f"unknown scene type {scene_type!r}{hint}; `gradanim list` shows them"))
    if path.exists() and not force:
        _fail(OptionError(f"{path} exists; use --force to overwrite it"))
    with atomic_path(path) as tmp:
        tmp.write_text(lesson_template(scene_type, scene_class, path))
    click.echo(f"wrote {path}: edit it, then `gradanim check {path}` and `gradanim render {path}`")


@main.command("check")
@click.argument("lessons", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--no-build", is_flag=True, help="Skip building each scene in a dry run (faster, less sure).")
def check_command(lessons, no_build):
    """Validate LESSONS, compute their mathematics and build their scenes without rendering."""
    from .lessons.build_check import build_problems
    from .lessons.catalogue import scene_class_for
    from .lessons.lesson_file import LessonError, read_lesson
    from .lessons.summary import summarize

    failed = 0
    for path in lessons:
        try:
            lesson = read_lesson(path)
            problems = [] if no_build else build_problems(lesson, scene_class_for(lesson.scene_type))
        except LessonError as error:
            problems = error.problems
        if problems:
            failed += 1
            for problem in problems:
                click.echo(str(problem), err=True)
            continue
        for warning in lesson.warnings:
            click.echo(str(warning), err=True)
        click.echo(summarize(lesson))
    if failed:
        click.echo(f"gradanim: {failed} of {len(lessons)} lesson file{'s' if len(lessons) != 1 else ''} invalid", err=True)
        sys.exit(2)


@main.command("render")
@click.argument("lessons", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--all", "render_all", is_flag=True, help="Render every lesson in lessons/.")
@click.option("--variants", "table", type=click.Path(dir_okay=False, path_type=Path),
              help="A table (CSV or TOML) of variants of the one LESSON: one row per variant, each overriding "
                   "any option (columns like lr, start, output.name, hyperparameters.momentum).")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="With --variants: where the manifest goes (.json, and .csv beside it); "
                   "default OUTPUT/TABLE-NAME.manifest.json.")
@click.option("--quality", type=click.Choice(list(QUALITIES)), help="Overrides the lesson's [output] quality.")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Output format (repeat for several); overrides the lesson's.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=Path("media/lessons"), show_default=True)
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Renders at once on this machine (default: cores, for a batch).")
@click.option("--engine", type=click.Choice(["auto", "processes", "dask"]), default="auto", show_default=True,
              help="How --jobs runs on this machine: a process pool (auto: the faster here) or a Dask "
                   "LocalCluster (dask: a lost worker's render is run again).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Send the batch to the Dask scheduler at ADDRESS (tcp://host:8786); --output must be storage "
                   "every worker shares.")
@click.option("--max-gif-mb", type=click.FloatRange(0.05, 500),
              help="GIF size budget in MB: width, frame rate and colours go down until it fits; overrides the lesson's.")
@_dither_option()
@_loop_option()
@click.option("--no-cache", is_flag=True, help="Render even when nothing changed.")
@click.option("--narrate", is_flag=True,
              help="Speak each beat's caption with an offline voice (espeak-ng); each beat lasts until its speech "
                   "ends. MP4 and WebM only; needs the extra 'narrate'.")
@click.option("--recordings", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Narrate with the lecturer's own recordings, DIR/BEAT.wav per beat (the voice for a beat "
                   "with none); implies --narrate.")
def render_command(lessons, render_all, table, manifest, quality, formats, output, jobs, engine, scheduler, max_gif_mb,
                   dither, loop, no_cache, narrate, recordings):
    """Render LESSONS (or --all, or one LESSON's --variants) to MP4, GIF, PNG, WebM, a lesson page
    (html) or slides, and print a summary."""
    import os

    from .lessons.batch import run_batch
    from .lessons.catalogue import lesson_files
    from .lessons.progress import BatchProgress

    paths = list(lessons)
    if render_all:
        paths += lesson_files()
    if not paths:
        _fail(OptionError("name one or more lesson files, or use --all"))
    if table is not None and (len(paths) != 1 or render_all):
        _fail(OptionError("--variants makes variants of one lesson: name exactly one LESSON"))
    if manifest is not None and table is None:
        _fail(OptionError("--manifest goes with --variants"))
    missing = [p for p in paths + ([table] if table else []) if not Path(p).is_file()]
    if missing:
        _fail(OptionError(f"no such {'table' if missing[0] == table else 'lesson file'}: {missing[0]}"))
    if "slides" in formats:  # before any rendering: say which extra to install
        from .lessons.slides import require_extra

        try:
            require_extra()
        except GradanimError as error:
            _fail(error)
    settings = dict(quality=quality, formats=list(formats) or None, max_gif_mb=max_gif_mb, dither=dither, loop=loop)
    if narrate or recordings is not None:  # before any rendering: say what to install
        from .lessons.narration import check_formats, recordings_of, require_voice

        try:
            require_voice()
            check_formats(formats)
            settings.update(narrate=True, recordings=recordings_of(recordings) if recordings is not None else None)
        except GradanimError as error:
            _fail(error)
    on_result = []
    if table is not None:
        entries, book = _variant_entries(paths[0], table, output, manifest, settings)
        on_result.append(book.record)
    else:
        entries = _lesson_entries(paths, output, settings)
    jobs = jobs or (os.cpu_count() or 1 if len(entries) > 1 else 1)
    with BatchProgress(len(entries)) as progress:
        on_result.append(progress.done)
        try:
            results = run_batch(entries, output, jobs=jobs, engine=engine, scheduler=scheduler, use_cache=not no_cache,
                                on_done=lambda r: [f(r) for f in on_result], on_start=progress.start)
        except (GradanimError, OSError) as error:  # no cluster at ADDRESS, no dask installed
            _fail(error)
    _print_results(results)
    if table is not None:
        click.echo(f"manifest: {book.json_path} and {book.csv_path}")
    if any(r.invalid for r in results):
        sys.exit(2)  # bad input, as for check
    if any(r.error for r in results):
        sys.exit(1)


def _lesson_entries(paths, output, settings) -> list:
    """Each lesson file as a render job, or as its refusal."""
    from .lessons.batch import invalid_result, prepare
    from .lessons.lesson_file import LessonError, read_lesson

    entries = []
    for path in paths:
        try:
            entries.append(prepare(str(path), read_lesson(path), output, **settings))
        except LessonError as error:
            entries.append(invalid_result(str(path), Path(path).stem, error.problems))
    return entries


def _variant_entries(lesson, table, output, manifest, settings):
    """Each row of ``table`` as a render job of its variant of ``lesson`` (or its refusal),
    and the manifest that records them."""
    from .lessons.batch import invalid_result, prepare
    from .lessons.lesson_file import LessonError
    from .lessons.manifest import Manifest
    from .lessons.variants import read_variants

    try:
        variants = read_variants(lesson, table)
    except LessonError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        sys.exit(2)
    labelled = [(f"{table} {v.label}", v) for v in variants]
    entries = [prepare(label, v.lesson, output, **settings) if v.lesson else invalid_result(label, v.name, v.problems)
               for label, v in labelled]
    book = Manifest(manifest or Path(output) / f"{Path(table).stem}.manifest.json", str(lesson), str(table), labelled)
    book.write()
    return entries, book


def _print_results(results) -> None:
    failures = 0
    for r in results:
        for warning in r.warnings:
            click.echo(warning, err=True)
        if r.invalid:  # refused as `check` refuses it: one line per problem, nothing written
            failures += 1
            click.echo(r.error, err=True)
        elif r.error:
            failures += 1
            click.echo(f"FAILED  {r.lesson}\n        {r.error.replace(chr(10), chr(10) + '        ')}")
        else:
            note = " (unchanged, cached)" if r.cached else ""
            click.echo(f"ok      {r.lesson}{note}")
            for out in r.outputs:
                click.echo(f"        {out}")
                if r.notes.get(out):
                    click.echo(f"          {r.notes[out]}")
    click.echo(f"{len(results) - failures} rendered, {failures} failed")


if __name__ == "__main__":
    main()
