"""One declaration per lesson option: what a lesson file (or a subclass) may change in a scene.

A scene declares each of its options once, as a class attribute::

    class GradientDescent(LessonScene):
        lr = LR.but(0.15)
        arrow_steps = Option(6, "how many first steps show their update arrow", low=0, high=1000)

The declaration says everything the rest of gradanim needs to know: the option's name (the
attribute's), its kind (the shape a TOML value must have), default, range (and the range of
each entry of a list), allowed choices, whether the scene typesets it as Typst math, the part
it plays in the mathematics (a formula, the box it is drawn over, a point in that box) and a
one-line doc. The scene reads it as its plain value (``GradientDescent.lr == 0.15``,
``self.lr``); an instance, a subclass or a lesson sets a plain value (``lr = 0.04``) and the
metadata stays (:func:`options_of` finds the nearest declaration). The lesson reader, ``gradanim
new``, ``gradanim check`` and the command line read these declarations; only declared options
are lesson options, so a scene's other class attributes stay its own.

Options many scenes share are declared here (``FUNCTION``, ``DOMAIN``, ``LR``, ...); a scene
reuses one with its own default (``LR.but(0.15)``). So are the output qualities and formats.

Layer 0: this module imports :mod:`gradanim.core` and nothing else of gradanim, never manim.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from .core.contours import SPACINGS
from .core.optimizers import OPTIMIZERS

KINDS: dict[str, str] = {
    "str": "a string",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "numbers": "a list of numbers",
    "list": "a list",
    "names": "a list of names",
    "table": "a table { key = value, ... }",
    "theme": "a table of theme colours and sizes",
}
"""The kinds of option, each as a lesson's author reads it."""

ROLES = ("formula", "box", "start", "point", "ticks", "variables", "hyperparameters", "beats")
"""What an option is to the mathematics, so that a lesson's value is checked as one:

- ``formula``: a function (or, for a list, functions) drawn over the box named by ``on``;
- ``box``: a plotted box [min, max, min, max] (or a list of them); ``equal_units`` unless
  its axes have different units (a regression's data);
- ``start``: a point inside the box named by ``on``;
- ``point``: a point inside the box named by ``on`` where the scene shows the gradient (f
  must have one there);
- ``ticks``: ``[min, max, step]`` of an axis, at most :data:`MAX_TICKS` steps;
- ``variables``: the variable names of the formula named by ``on``;
- ``hyperparameters``: settings of the optimiser named by ``on``;
- ``beats``: a table of the scene's beats by name (its ``beat_names``), each a table of
  ``caption`` (plain text, at most :data:`MAX_CAPTION` characters) and ``hold`` (seconds).
"""

MAX_SECONDS = 120.0
"""The longest any one duration may be, in seconds of video."""
MAX_LEVELS = 60
"""The most contour levels."""
MAX_LIST = 1000
"""The most entries in any list (data points, levels, runs)."""
MAX_TICKS = 100
"""The most steps of a ``ticks`` option ``[min, max, step]``."""
MAX_STEPS = 10_000
"""The most steps a lesson's run (or the part of it shown) may take."""
MAX_CAPTION = 400
"""The most characters in a beat's caption."""


class Option:
    """A lesson option, declared once as a class attribute of a scene.

    A non-data descriptor: on the class and on an instance the attribute reads as
    ``default`` until an instance (``scene.lr = 0.2``) or a subclass (``lr = 0.2``) sets a
    plain value. ``kind`` is inferred from the default unless given (it must be given when the
    default is None). ``low``/``high`` bound a number (``low_open``: strictly above ``low``),
    ``entries`` = (low, high) bounds every number of a list, ``choices`` lists the values a
    string (or every entry of a list) may take, ``typst_math`` says the scene typesets the
    value (strings of a list or table too) as Typst math, ``role`` and ``on`` say what the
    value is to the mathematics (see :data:`ROLES`).
    """

    def __init__(self, default: Any, doc: str, *, kind: str | None = None, low: float | None = None,
                 high: float | None = None, low_open: bool = False, entries: tuple[float, float] | None = None,
                 choices: Sequence[str] | None = None, typst_math: bool = False, role: str | None = None,
                 on: str | None = None, equal_units: bool = True):
        if not doc or "\n" in doc:
            raise TypeError("an option needs a one-line doc")
        if kind is not None and kind not in KINDS:
            raise TypeError(f"unknown option kind {kind!r}; kinds are {', '.join(KINDS)}")
        if role is not None and role not in ROLES:
            raise TypeError(f"unknown option role {role!r}; roles are {', '.join(ROLES)}")
        self.name: str | None = None
        self.default = default
        self.doc = doc
        self._declared_kind = kind
        self.kind = kind or _kind_of(default)
        self.low, self.high, self.low_open = low, high, low_open
        self.entries = entries
        self.choices = tuple(choices) if choices is not None else None
        self.typst_math = typst_math
        self.role, self.on, self.equal_units = role, on, equal_units

    # --- the descriptor ---------------------------------------------------------------------

    def __set_name__(self, owner: type, name: str) -> None:
        if self.name is not None and self.name != name:
            raise TypeError(f"the option {self.name!r} cannot also be {owner.__name__}.{name}: "
                            f"declare {name} = {self.name.upper()}.but(...) for a copy")
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        return self.default

    # --- declaring ----------------------------------------------------------------------------

    def but(self, default: Any = ..., **changes: Any) -> Option:
        """A copy with another default (and any other field changed), to declare under a name
        of its own: ``lr = LR.but(0.15)``, ``survey_levels = LEVELS.but(14, doc="...")``."""
        fields = {
            "doc": self.doc, "kind": self._declared_kind, "low": self.low, "high": self.high,
            "low_open": self.low_open, "entries": self.entries, "choices": self.choices,
            "typst_math": self.typst_math, "role": self.role, "on": self.on, "equal_units": self.equal_units,
        }
        unknown = set(changes) - set(fields)
        if unknown:
            raise TypeError(f"Option.but() got unknown fields: {', '.join(sorted(unknown))}")
        fields.update(changes)
        return Option(self.default if default is ... else default, **fields)

    def with_default(self, default: Any) -> Option:
        """This declaration, named as it is, with the default a subclass gave it."""
        found = copy.copy(self)
        found.default = default
        if self._declared_kind is None:
            found.kind = _kind_of(default)
        return found

    # --- describing ---------------------------------------------------------------------------

    @property
    def length(self) -> int | None:
        """How many numbers a list of numbers must have: 3 for ``ticks``, else as many as its
        default has (None: any number of entries)."""
        if self.role == "ticks":
            return 3
        if self.kind == "numbers" and isinstance(self.default, (tuple, list)):
            return len(self.default)
        return None

    def range_text(self) -> str:
        """``"> 0 and <= 1000"``, ``">= 1 and <= 60"``, ``""`` (no bounds)."""
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.low_open else '>='} {self.low:g}")
        if self.high is not None:
            parts.append(f"<= {self.high:g}")
        return " and ".join(parts)

    def describe_type(self) -> str:
        return KINDS[self.kind]

    def describe(self) -> str:
        """What a value must be, in a few words: ``a number > 0 and <= 1000``,
        ``one of gd, momentum, ...``, ``a list of 4 numbers``."""
        if self.choices is not None:
            text = f"one of {', '.join(self.choices)}"
            return text if self.kind == "str" else f"a list, each one of {', '.join(self.choices)}"
        text = self.describe_type()
        if self.length is not None:
            text = f"a list of {self.length} numbers"
        if self.range_text():
            text += " " + self.range_text()
        if self.entries is not None:
            low, high = self.entries
            text += f", each >= {low:g} and <= {high:g}"
        if self.role == "ticks":
            text = f"[min, max, step], at most {MAX_TICKS} steps"
        if self.typst_math:
            text += " (Typst math)"
        return text

    def __repr__(self) -> str:
        return f"Option({self.name or '?'}, {self.default!r}, {self.kind})"


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, (tuple, list)) and _plain(value):
        if value and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
            return "numbers"
        return "list"
    if isinstance(value, dict) and _plain(value):
        return "table"
    raise TypeError(f"an option's default must be TOML data (numbers, strings, booleans, lists, tables) "
                    f"or its kind declared; got {value!r}")


def _plain(value: Any) -> bool:
    """Only TOML-like data: numbers, strings, booleans, lists and tables of them."""
    if isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (tuple, list)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def options_of(scene_class: type) -> dict[str, Option]:
    """The lesson options of a scene class, base classes' first: each declared
    :class:`Option` (the nearest declaration of a name), with the default the class reads
    (a subclass's plain value where one overrides the declaration). A name a subclass turned
    into a method or property is no longer an option."""
    declared: dict[str, Option] = {}
    for klass in reversed(scene_class.__mro__):
        for name, value in vars(klass).items():
            if isinstance(value, Option):
                declared[name] = value
    found: dict[str, Option] = {}
    for name in declared:
        for klass in scene_class.__mro__:  # the nearest definition of the name
            if name in vars(klass):
                nearest = vars(klass)[name]
                break
        if isinstance(nearest, Option):
            found[name] = nearest
        elif not (callable(nearest) or isinstance(nearest, (property, classmethod, staticmethod))):
            found[name] = declared[name].with_default(nearest)
    return found


def seconds(default: float, doc: str, *, low: float = 0.0, high: float = MAX_SECONDS, **more: Any) -> Option:
    """A duration in seconds of video: more than ``low`` (0), at most ``high`` (120 s)."""
    return Option(float(default), doc, low=low, low_open=low == 0.0, high=high, **more)


# --- options many scenes share (a scene declares ``lr = LR.but(0.15)``) ----------------------------

TITLE = Option("", "title shown at the top left")
PACE = Option(1.0, "multiplies every reading hold (about 1 s + 0.25 s a word of new text; 3 s at the end)",
              low=0.5, high=2.0)
BEATS = Option({}, 'each beat\'s caption and hold, by beat name: [beats.NAME] caption = "...", hold = seconds',
               kind="table", role="beats")
PLOT_WIDTH = Option(0.6, "fraction of the frame's width given to the plot (the panel gets the rest)",
                    low=0.2, high=0.8)
PANEL_BUFF = Option(0.45, "vertical space between the panel's parts, in scene units", low=0.0, high=2.0)

FUNCTION = Option("x^2 + 3y^2", 'the function, in the lessons\' notation, e.g. "(1-x)^2 + 100(y-x^2)^2"',
                  role="formula", on="domain")
VARIABLES = Option(None, 'variable names in order, e.g. ["price", "ads"] (default: alphabetical)',
                   kind="names", role="variables", on="function")
DOMAIN = Option((-3.0, 3.0, -2.0, 2.0), "the plot's box: [xmin, xmax, ymin, ymax]", role="box")
START = Option((-2.5, 1.5), "start point [x, y] (inside the domain)", role="start", on="domain")
POINT = Option((2.0, 3.0), "the point [x, y] the scene looks at (f must have a gradient there)",
               role="point", on="domain")
OPTIMIZER = Option("gd", "the optimiser that takes the steps (torch.optim's update rules)", choices=tuple(OPTIMIZERS))
LR = Option(0.1, "learning rate (step size)", low=0.0, low_open=True, high=1e3)
HYPERPARAMETERS = Option({}, "other optimiser settings, e.g. { momentum = 0.9 } (torch.optim names)",
                         role="hyperparameters", on="optimizer")
STEPS = Option(100, "maximum number of steps", low=0, high=MAX_STEPS)
TOLERANCE = Option(1e-4, "stop when the gradient norm is below this", low=0.0, high=1e3)
MAXIMIZE = Option(False, "climb (gradient ascent) instead of descend")
LEVELS = Option(12, "number of contour levels", low=1, high=MAX_LEVELS)
SPACING = Option("auto", "how contour levels are spread: auto, linear, log (dense near the minimum) or nice",
                 choices=SPACINGS)
FIELD_DENSITY = Option(15, "gradient-field arrows per row", low=3, high=40)
ILLUSTRATIVE = Option(False, 'tag the function "illustrative" (made up, not the lesson\'s); built-in made-up '
                             "ones are tagged anyway")
SLOW_STEPS = Option(3, "the first steps, shown one at a time", low=0, high=MAX_STEPS)

# 3D pictures
RESOLUTION = Option(30, "surface faces per side (about 30 for previews, 40-48 for final renders)", low=4, high=80)
CONTOUR_LEVELS = LEVELS.but(8, doc="contour levels drawn on the floor under the surface")
X_LENGTH = Option(4.0, "width of the surface's box along x, in scene units", low=0.5, high=12.0)
Z_LENGTH = Option(2.2, "height of the surface's box, in scene units", low=0.5, high=8.0)

# --- output: one list each of qualities and formats --------------------------------------------------

QUALITIES: dict[str, str] = {
    "low": "low_quality",  # 854x480, 15 fps: previews
    "medium": "medium_quality",  # 1280x720, 30 fps
    "high": "high_quality",  # 1920x1080, 60 fps: lectures
    "4k": "fourk_quality",
}
"""Render qualities by gradanim's name, each with manim's name for it."""

FORMATS = ("mp4", "gif", "png", "webm", "html", "slides")
"""Output formats a render writes (``html``: a lesson page, a folder NAME/ with index.html, the video,
its captions and poster; ``slides``: NAME.slides.html and NAME.pptx, one slide per beat)."""


__all__ = [
    "Option", "options_of", "seconds", "KINDS", "ROLES", "QUALITIES", "FORMATS",
    "MAX_SECONDS", "MAX_LEVELS", "MAX_CAPTION", "BEATS", "MAX_LIST", "MAX_TICKS", "MAX_STEPS",
    "TITLE", "PACE", "PLOT_WIDTH", "PANEL_BUFF", "FUNCTION", "VARIABLES", "DOMAIN", "START", "POINT",
    "OPTIMIZER", "LR", "HYPERPARAMETERS", "STEPS", "TOLERANCE", "MAXIMIZE", "LEVELS", "SPACING",
    "FIELD_DENSITY", "ILLUSTRATIVE", "SLOW_STEPS", "RESOLUTION", "CONTOUR_LEVELS", "X_LENGTH", "Z_LENGTH",
]
