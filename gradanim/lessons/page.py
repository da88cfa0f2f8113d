"""A lesson page: one folder ready to upload to a course platform (``--format html``).

``NAME/index.html`` shows the lesson's video (``<video controls poster>`` with a
``<track kind="captions">`` of its WebVTT captions), its formula and gradient typeset by Typst
(``NAME.formula.svg``, glyphs drawn as paths, with the formula as text for its alt and
beneath it), the step table of its optimiser run (k, point, value, gradient: the core's numbers, as ``gradanim check`` computes
them) and the transcript; the poster's alt text is the image's ``alt``. Every file the page
uses sits beside it and is referenced by a relative path: the page fetches nothing from the
network (no CDN, no web fonts, no scripts).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from manim.utils.typst_file_writing import TYPST_COMPILATION_FONT_SIZE

from ..atomic import atomic_path
from ..components.captions import run_caption
from ..components.formula_card import function_typst, gradient_typst
from ..components.typst_import import typst_math_svg
from ..core.objective import Objective
from ..core.optimizers import get_optimizer
from ..core.trajectory import Trajectory
from ..subtitles import alt_text_path, caption_paths
from .lesson_file import Lesson
from .summary import lesson_objective, lesson_run

PAGE = "index.html"
MAX_ROWS = 60
"""A longer run's table shows its first ``MAX_ROWS - 5`` and its last 5 points."""

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #111; background: #fff; }
video { width: 100%; height: auto; background: #000; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #999; padding: 0.2rem 0.6rem; text-align: right; }
.formula { font-size: 1.5rem; }
.formula img { height: auto; max-width: 100%; }
.typed { font-family: ui-monospace, monospace; }
"""


def formula_path(video: Path) -> Path:
    """The typeset formula beside the page's video: ``NAME.formula.svg``."""
    return Path(video).with_suffix(".formula.svg")


def formula_svg(f: Objective) -> bytes:
    """f and its gradient, typeset by Typst as the scenes typeset them (black on clear)."""
    lines = [function_typst(f), gradient_typst(f)]
    return typst_math_svg(" \\ ".join(line.replace(" = ", " &= ", 1) for line in lines))  # aligned at "="


def formula_em(svg: Path) -> float:
    """The typeset formula's width in ems of the page's formula text (``.formula``, 1.5rem),
    so its letters are that size: Typst set it in ``TYPST_COMPILATION_FONT_SIZE`` points."""
    width = re.search(r'<svg[^>]*\swidth="([\d.]+)pt"', svg.read_text(encoding="utf-8"))
    return float(width.group(1)) / TYPST_COMPILATION_FONT_SIZE if width else 10.0


def formula_text(f: Objective) -> str:
    """The same in plain text (the image's alt): ``f(x, y) = x^2 + 3y^2; gradient (2*x, 6*y)``."""
    gradient = ", ".join(str(g).replace("**", "^") for g in f.gradient_exprs)
    return f"f({', '.join(f.names)}) = {f.text}; gradient ∇f = ({gradient})"


def number(value: float) -> str:
    """A number as the step table writes it (6 significant digits)."""
    return f"{float(value):.6g}"


def _vector(values) -> str:
    return "(" + ", ".join(number(v) for v in values) + ")"


def step_rows(run: Trajectory) -> list[tuple[int, str, str, str]]:
    """The rows of the step table: (k, point, value, gradient), ``k`` from 0 (the start)."""
    indices = list(range(len(run.points)))
    if len(indices) > MAX_ROWS:
        indices = indices[:MAX_ROWS - 5] + indices[-5:]
    return [(k, _vector(run.points[k]), number(run.values[k]), _vector(run.gradients[k])) for k in indices]


def run_sentence(run: Trajectory) -> str:
    """What ran and how it ended, above the step table: ``Plain gradient descent (lr = 0.15):
    stopped after 6 steps at (−0.29, 1.5×10⁻⁶), where f = 0.09.`` (the learning rate and any
    hyper-parameter not at its default; ascent says so)."""
    spec = get_optimizer(run.optimizer)
    name = spec.description.split(":")[0]
    if run.maximize:
        name = name.replace("descent", "ascent") + (" (maximising f)" if "ascent" not in name else "")
    shown = {k: v for k, v in run.hyperparameters.items() if k == "lr" or v != spec.defaults.get(k)}
    settings = ", ".join(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}" for k, v in shown.items())
    return f"{name[0].upper()}{name[1:]}" + (f" ({settings})" if settings else "") + f". {run_caption(run)}"


def _step_table(run: Trajectory) -> str:
    rows, previous = [], -1
    for k, point, value, gradient in step_rows(run):
        if k != previous + 1:
            rows.append('<tr><td colspan="4">…</td></tr>')
        rows.append(f"<tr><td>{k}</td><td>{point}</td><td>{value}</td><td>{gradient}</td></tr>")
        previous = k
    return (f"<h2>The run, step by step</h2>\n<p>{html.escape(run_sentence(run))}</p>\n"
            '<table id="steps">\n<thead><tr><th scope="col">k</th><th scope="col">point</th>'
            '<th scope="col">value</th><th scope="col">gradient</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>")


def page_html(lesson: Lesson, title: str, video: Path, poster: Path | None) -> str:
    """The page of a lesson whose video (and captions, poster) are in one folder."""
    esc = html.escape
    captions = caption_paths(video)
    poster_attr = f' poster="{esc(poster.name)}"' if poster is not None else ""
    alt = alt_text_path(poster).read_text(encoding="utf-8").strip() if poster and alt_text_path(poster).is_file() else ""
    parts = [f"<h1>{esc(title)}</h1>",
             f'<video controls preload="metadata"{poster_attr} aria-describedby="transcript">\n'
             f'  <source src="{esc(video.name)}" type="video/{video.suffix.lstrip(".")}">\n'
             + (f'  <track kind="captions" src="{esc(captions["vtt"].name)}" srclang="en" label="English" default>\n'
                if captions["vtt"].is_file() else "")
             + "</video>"]
    if poster is not None:
        parts.append(f'<p><a href="{esc(poster.name)}"><img src="{esc(poster.name)}" alt="{esc(alt)}" width="320"></a>'
                     f"<br>Last frame: {esc(alt)}</p>")
    f = lesson_objective(lesson)
    if f is not None:
        typeset = formula_path(video)
        image = (f'<img src="{esc(typeset.name)}" alt="{esc(formula_text(f))}" style="width: {formula_em(typeset):.2f}em">'
                 if typeset.is_file() else "")
        parts.append(f'<h2>The function</h2>\n<p class="formula">{image}</p>\n'
                     f'<p>As typed: <span class="typed">f({esc(", ".join(f.names))}) = {esc(f.text)}</span></p>')
    run = lesson_run(lesson)
    if run is not None:
        parts.append(_step_table(run))
    if captions["transcript"].is_file():
        paragraphs = [p.strip() for p in captions["transcript"].read_text(encoding="utf-8").split("\n\n") if p.strip()]
        parts.append('<h2>Transcript</h2>\n<div id="transcript">\n'
                     + "\n".join(f"<p>{esc(p)}</p>" for p in paragraphs)
                     + f'\n</div>\n<p><a href="{esc(captions["transcript"].name)}">Transcript as text</a> · '
                     f'<a href="{esc(captions["srt"].name)}">captions (SRT)</a> · '
                     f'<a href="{esc(captions["vtt"].name)}">captions (WebVTT)</a></p>')
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
            + "\n".join(parts) + "\n</body>\n</html>\n")


def write_page(lesson: Lesson, title: str, video: Path, poster: Path | None) -> list[Path]:
    """Write ``index.html`` beside ``video`` and, for a lesson with a function, the typeset
    formula it shows (each atomically); the paths written, the page first."""
    written = []
    f = lesson_objective(lesson)
    if f is not None:
        with atomic_path(formula_path(video)) as tmp:
            tmp.write_bytes(formula_svg(f))
        written.append(formula_path(video))
    page = Path(video).parent / PAGE
    with atomic_path(page) as tmp:
        tmp.write_text(page_html(lesson, title, Path(video), poster), encoding="utf-8")
    return [page, *written]


__all__ = ["PAGE", "formula_path", "formula_svg", "formula_text", "number", "page_html", "step_rows", "write_page"]
