"""What a lesson file may set for a scene: the scene's own class attributes.

A scene (a ``LessonScene`` subclass) declares everything a lesson changes as plain class
attributes with defaults (``function = "x^2 + 3y^2"``, ``lr = 0.25``). This module reads
those attributes off the class, with no manim-specific knowledge, and turns them into
:class:`Option` records: name, default, expected kind and a one-line description. The
lesson loader validates a file against them, and ``gradanim new`` writes them out.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

# Descriptions of the options most scenes share; a scene adds its own in ``option_docs``.
COMMON_DOCS: dict[str, str] = {
    "title": "title shown at the top left",
    "function": 'the function, in the lessons\' notation: "x^2 + 3y^2", "(1-x)^2 + 100(y-x^2)^2"',
    "variables": 'variable names in order, e.g. ["price", "ads"] (default: alphabetical)',
    "variable_labels": 'axis labels for the variables, e.g. ["Price", "Ad spend"]',
    "domain": "the plot's box: [xmin, xmax, ymin, ymax]",
    "start": "start point [x, y] (inside the domain)",
    "starts": "start points [[x, y], ...]",
    "point": "the point [x, y] the scene looks at",
    "optimizer": "gd, momentum, nesterov, adagrad, rmsprop, adam or newton",
    "optimizers": 'optimisers to compare, e.g. ["gd", "momentum", "adam"]',
    "lr": "learning rate (step size)",
    "lrs": "learning rates to compare",
    "hyperparameters": "other optimiser settings, e.g. { momentum = 0.9 } (torch.optim names)",
    "steps": "maximum number of steps",
    "tolerance": "stop when the gradient norm is below this",
    "maximize": "climb (gradient ascent) instead of descend",
    "levels": "number of contour levels (or a list of levels)",
    "show_field": "draw the gradient field",
    "field_density": "gradient-field arrows per row",
    "arrow_steps": "how many first steps show their update arrow",
    "step_time": "seconds for one step at the start (later steps speed up)",
    "resolution": "surface faces per side (about 30 for previews, 40-48 for final renders)",
    "redraw_by_zone": "redraw only what is near motion each frame (false: manim's own rule)",
}

# Class attributes that describe a scene to the lesson machinery rather than set it up.
NOT_OPTIONS = ("option_docs", "lesson_type", "about_divergence", "ascends", "typst_math_options")

# Names whose values are lists of numbers though their defaults are tuples.
_NUMBER_KINDS = (int, float)


@dataclass(frozen=True)
class Option:
    """One setting a lesson may give."""

    name: str
    default: Any
    kind: str  # "str", "int", "float", "bool", "numbers", "list", "table", "optional-list", "theme"
    doc: str

    def describe_type(self) -> str:
        return {
            "str": "a string",
            "int": "a whole number",
            "float": "a number",
            "bool": "true or false",
            "numbers": "a list of numbers",
            "list": "a list",
            "table": "a table { key = value, ... }",
            "optional-list": "a list of names",
            "theme": "a table of theme colours and sizes",
        }[self.kind]


def _kind_of(name: str, value: Any) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, (tuple, list)):
        if not _plain(value):
            return None  # objects a TOML file cannot spell are not lesson options
        if value and all(isinstance(v, _NUMBER_KINDS) and not isinstance(v, bool) for v in value):
            return "numbers"
        return "list"
    if isinstance(value, dict):
        return "table" if _plain(value) else None
    if value is None:
        return "optional-list"
    if is_dataclass(value) and type(value).__name__ == "Theme":
        return "theme"
    return None


def _plain(value: Any) -> bool:
    """Only TOML-like data: numbers, strings, booleans, lists and tables of them."""
    if isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (tuple, list)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def scene_options(scene_class: type) -> dict[str, Option]:
    """The lesson options of a scene class: its public, non-callable class attributes.

    Attributes are collected from the class and its bases up to (not including) manim's own
    classes, so Scene internals are never lesson options.
    """
    docs: dict[str, str] = dict(COMMON_DOCS)
    options: dict[str, Option] = {}
    for klass in reversed(inspect.getmro(scene_class)):
        module = getattr(klass, "__module__", "")
        if module.startswith("manim") or klass is object:
            continue
        docs.update(getattr(klass, "option_docs", {}) or {})
        for name, value in vars(klass).items():
            if name.startswith("_") or name in NOT_OPTIONS:
                continue
            if callable(value) or isinstance(value, (property, classmethod, staticmethod)):
                continue
            kind = _kind_of(name, value)
            if kind is None:
                continue
            options[name] = Option(name, value, kind, docs.get(name, ""))
    return options


def theme_fields(theme) -> dict[str, Any]:
    """The settable fields of a Theme and their current values."""
    return {f.name: getattr(theme, f.name) for f in fields(theme)}
