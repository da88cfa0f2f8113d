"""`gradanim new`: a commented lesson file listing every option of a scene type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .lesson_file import OUTPUT_DEFAULTS
from .options import scene_options, theme_fields

# Written uncommented: what a lesson most often changes. The rest is commented out.
_PROMINENT = ("title", "function", "domain", "start", "point", "optimizer", "lr", "steps", "maximize")


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
    lines += ["", "[output]", '# quality: low, medium, high or 4k; formats: any of mp4, gif, png, webm']
    for key, value in OUTPUT_DEFAULTS.items():
        if key == "name":
            lines.append(f"# name = {json.dumps(path.stem)}  # output file name (default: the lesson's)")
        else:
            lines.append(f"{key} = {toml_value(value)}")
    return "\n".join(lines) + "\n"
