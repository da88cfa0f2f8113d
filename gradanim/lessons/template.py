"""`gradanim new`: a commented lesson file listing every option of a scene type.

Each option is written from its declaration (:class:`gradanim.options.Option`): its doc and
what a value must be (``# learning rate (step size); a number > 0 and <= 1000``), then
``name = default``; what a lesson most often changes is written out, the rest commented.
The file, as written and with every line uncommented, checks.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from ..components.theme import PALETTES
from ..core.errors import GradanimError
from ..core.objective import Objective
from ..gif import DITHER_CHOICES
from ..options import FORMATS, QUALITIES, Option, options_of
from .lesson_file import OUTPUT_DEFAULTS
from .options import theme_fields

# Written uncommented: what a lesson most often changes. The rest is commented out.
_PROMINENT = ("title", "function", "domain", "start", "point", "optimizer", "lr", "steps", "maximize")


_OUTPUT_DOCS = {
    "quality": f"quality: one of {', '.join(QUALITIES)} (low 480p15, medium 720p30, high 1080p60)",
    "formats": f"formats: any of {', '.join(FORMATS)}",
    "gif_width": "the slide GIF: width in pixels, frames per second (one that divides 100 gives every frame "
                 "the same delay), size budget in MB (width, frame rate and colours go down until it fits)",
    "dither": f"GIF dither: {', '.join(DITHER_CHOICES)}. auto: none for 2D scenes (flat colours stay flat), "
              "bayer for 3D surfaces (a light pattern instead of bands in the shading); floyd_steinberg is "
              "smoother and larger",
    "loop": "how many times the GIF plays, then stops on its last frame (0: forever)",
    "name": "output file name (default: the lesson's)",
}


def toml_value(value: Any) -> str:
    """A Python default as a TOML literal (strings, numbers, booleans, lists, inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    raise TypeError(f"no TOML form for {value!r}")


def option_comment(option: Option) -> str:
    """``# doc; what a value must be``."""
    return f"# {option.doc}; {option.describe()}"


def _example(option: Option, options: dict[str, Option]) -> Any:
    """A value to show for an option whose default is None (the default formula's variables)."""
    if option.role == "variables" and option.on in options:
        try:
            return list(Objective.from_text(options[option.on].default).names)
        except GradanimError:
            pass
    return None


def lesson_template(scene_type: str, scene_class: type, path: Path) -> str:
    doc = (scene_class.__doc__ or "").strip().splitlines()
    lines = [
        f"# gradanim lesson: {scene_type}" + (f" — {doc[0]}" if doc else ""),
        f"# Check it:  gradanim check {path}",
        f"# Render it: gradanim render {path}",
        "# Every setting has a default: delete what you do not change.",
        "",
        f'scene = "{scene_type}"',
    ]
    options = options_of(scene_class)
    tables = []
    for option in options.values():
        if option.kind == "theme":
            tables.append(option)
            continue
        value = option.default
        if value is None:
            example = _example(option, options)
            shown = f"# {option.name} = {toml_value(example)}" if example is not None else f"# {option.name} ="
            lines += ["", option_comment(option), shown]
            continue
        prefix = "" if option.name in _PROMINENT else "# "
        lines += ["", option_comment(option), f"{prefix}{option.name} = {toml_value(value)}"]
    for option in tables:
        values = theme_fields(option.default)
        lines += ["", f"# [{option.name}]: {option.doc} (any of these)", f"# [{option.name}]"]
        if "palette" in values:
            others = " or ".join(f'"{p}"' for p in PALETTES if p != values["palette"])
            lines.append(f"# palette = {toml_value(values['palette'])}  # or {others} (colour-blind safe): "
                         "its colours first, then any set below")
        lines += [f"# {k} = {toml_value(list(v) if isinstance(v, tuple) else v)}" for k, v in values.items()
                  if k != "palette"]
    lines += ["", "[output]"]
    for key, value in OUTPUT_DEFAULTS.items():
        if key in _OUTPUT_DOCS:
            lines += [f"# {line}" for line in textwrap.wrap(_OUTPUT_DOCS[key], 92)]
        if key == "name":
            lines.append(f"# name = {json.dumps(path.stem)}")
        else:
            lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines) + "\n"
