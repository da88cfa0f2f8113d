"""`gradanim new`: a commented lesson file listing every option of a scene type."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from ..gif import DITHER_CHOICES
from .lesson_file import OUTPUT_DEFAULTS
from .options import scene_options, theme_fields

# Written uncommented: what a lesson most often changes. The rest is commented out.
_PROMINENT = ("title", "function", "domain", "start", "point", "optimizer", "lr", "steps", "maximize")


_OUTPUT_DOCS = {
    "quality": "quality: low (480p15), medium (720p30), high (1080p60) or 4k",
    "formats": "formats: any of mp4, gif, png, webm",
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
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }" if value else "{}"
    raise TypeError(f"no TOML form for {value!r}")


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
    tables = []
    for option in scene_options(scene_class).values():
        if option.kind == "theme":
            tables.append(("theme", "colours and sizes (any of these)", theme_fields(option.default)))
            continue
        if option.default is None:
            continue
        comment = f"# {option.doc}" if option.doc else f"# {option.describe_type()}"
        prefix = "" if option.name in _PROMINENT else "# "
        lines += ["", comment, f"{prefix}{option.name} = {toml_value(option.default)}"]
    for name, doc, values in tables:
        lines += ["", f"# [{name}]: {doc}", f"# [{name}]"]
        if "palette" in values:
            from ..components.theme import PALETTES

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
