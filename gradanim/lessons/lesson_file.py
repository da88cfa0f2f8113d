"""Read and check a lesson file (TOML) without executing anything from it.

A lesson names a scene type and sets any of that scene's options::

    scene = "gradient_descent"
    title = "Descending a bowl"
    function = "x^2 + 3y^2"
    lr = 0.25

    [output]
    quality = "medium"
    formats = ["mp4", "gif"]

The options are the scene's declared :class:`~gradanim.options.Option` attributes; each
value is checked against its declaration (kind, range, choices, Typst math, and what it is to
the mathematics: a formula, its box, a point in it). Every problem in a file is reported at
once, each with the file, the line and the key: unknown keys (with the closest valid name),
wrong types, values out of range, a function that does not parse (with the position), a
start point outside the domain. A learning rate that makes the run diverge, in a scene that
is not about divergence, is a warning. TOML is data: reading it runs no code; formulas are
parsed by the safe parser.
"""

from __future__ import annotations

import difflib
import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.domain import Domain
from ..core.errors import FormulaError, GradanimError, OptionError
from ..core.objective import Objective
from ..core.optimizers import get_optimizer
from ..gif import DITHER_CHOICES, MAX_PLAYS
from ..options import FORMATS, MAX_CAPTION, MAX_SECONDS, QUALITIES, Option, options_of
from .options import describe as _describe
from .options import is_number as _is_number
from .options import theme_fields, value_problem

MAX_FILE_BYTES = 64_000
OUTPUT_DEFAULTS: dict[str, Any] = {
    "quality": "medium",
    "formats": ["mp4"],
    "gif_width": 720,
    "gif_fps": 20,
    "max_gif_mb": 4.0,
    "dither": "auto",
    "loop": 0,
    "name": "",
}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    key: str
    message: str
    warning: bool = False
    row: int | None = None  # a variants table's row (then ``key`` names its column)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        kind = "warning" if self.warning else "error"
        if self.row is not None:
            return f"{where}: {kind}: row {self.row}, {self.key}: {self.message}"
        key = f" {self.key}:" if self.key else ""
        return f"{where}: {kind}:{key} {self.message}"


class LessonError(GradanimError):
    """A lesson file with one or more errors; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if not p.warning]
        super().__init__(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} in the lesson:\n"
                         + "\n".join(str(p) for p in problems))


@dataclass
class Lesson:
    """A checked lesson: which scene, the option values it sets, and how to output it."""

    path: Path
    scene_type: str
    values: dict[str, Any]
    output: dict[str, Any]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.output.get("name") or self.path.stem


# --- locating keys in the text (tomllib gives values, not positions) -----------------------


class _Lines:
    def __init__(self, text: str):
        self.lines = text.splitlines()

    def find(self, key: str, table: str | None = None) -> int | None:
        """1-based line of ``key = ...`` (inside ``[table]`` when given), or of ``[key]``."""
        current: str | None = None
        pattern = re.compile(rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
        header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
        for number, line in enumerate(self.lines, start=1):
            h = header.match(line)
            if h:
                current = h.group(1).strip().strip('"')
                if table is None and current == key:
                    return number
                continue
            if current == table and pattern.match(line):
                return number
        return None


# --- value checks --------------------------------------------------------------------------

# Ranges of the [output] settings: (low, high).
OUTPUT_RANGES: dict[str, tuple[float, float]] = {
    "gif_width": (64, 3840),
    "gif_fps": (1, 50),
    "max_gif_mb": (0.05, 500.0),
    "loop": (0, MAX_PLAYS),
}


class LessonChecker:
    """Collects problems for one lesson file; :meth:`problem` says where a key is (a variants
    table's checker says it by row and column instead)."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.file = str(path)
        self.lines = _Lines(text)
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str, table: str | None, warning: bool) -> Problem:
        line = self.lines.find(key, table) if key else None
        shown = f"{table}.{key}" if table else key
        return Problem(self.file, line, shown, message, warning)

    def add(self, key: str, message: str, table: str | None = None, warning: bool = False):
        self.problems.append(self.problem(key, message, table, warning))

    def check_range(self, key: str, value: Any, table: str) -> bool:
        """An [output] number within its range (OUTPUT_RANGES)."""
        low, high = OUTPUT_RANGES[key]
        if _is_number(value) and not low <= value <= high:
            self.add(key, f"{value!r} is out of range: must be >= {low:g} and <= {high:g}", table)
            return False
        return True


def read_lesson(path: str | Path, catalogue: Callable[[str], type] | None = None) -> Lesson:
    """Read and check ``path``; LessonError listing every problem if anything is wrong."""
    path = Path(path)
    text, data = load_lesson_data(path)
    return check_lesson(data, LessonChecker(path, text), catalogue)


def read_text(path: Path, what: str = "file", limit: int = MAX_FILE_BYTES, *, encoding: str = "utf-8") -> str:
    """The text of a file someone gave us; LessonError if it cannot be read, is over ``limit``
    bytes or is not UTF-8. ``what`` names it in the message ("file", "table")."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise LessonError([Problem(str(path), None, "", f"cannot read the {what}: {error.strerror or error}")]) from None
    if len(raw) > limit:
        raise LessonError([Problem(str(path), None, "", f"the {what} is {len(raw)} bytes; "
                                                      f"{'a lesson' if what == 'file' else 'it'} is at most {limit}")])
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise LessonError([Problem(str(path), None, "", f"the {what} is not UTF-8 text")]) from None


def load_lesson_data(path: Path) -> tuple[str, dict]:
    """The text of a lesson file and its TOML data, unchecked; LessonError if it cannot be read."""
    text = read_text(path)
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None) or _toml_error_line(str(error))
        raise LessonError([Problem(str(path), line, "", f"not valid TOML: {error}")]) from None


def check_lesson(data: dict, check: LessonChecker, catalogue: Callable[[str], type] | None = None) -> Lesson:
    """Check a lesson's TOML data (``data`` is consumed); ``check`` locates each problem.
    LessonError listing every problem if anything is wrong."""
    from .catalogue import scene_class_for, scene_types

    path = check.path
    _check_finite(check, data)
    scene_type = data.pop("scene", None)
    if not isinstance(scene_type, str):
        known = scene_types()
        message = "missing" if scene_type is None else f"must be a string, got {_describe(scene_type)}"
        check.add("scene", f"{message}; the scene type is one of: {', '.join(known)}")
        raise LessonError(check.problems)
    lookup = catalogue or scene_class_for
    try:
        scene_class = lookup(scene_type)
    except KeyError:
        known = scene_types()
        close = difflib.get_close_matches(scene_type, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        check.add("scene", f"unknown scene type {scene_type!r}{hint}; choose one of: {', '.join(known)}")
        raise LessonError(check.problems) from None

    options = options_of(scene_class)
    output = dict(OUTPUT_DEFAULTS)
    raw_output = data.pop("output", {})
    values: dict[str, Any] = {}
    if not isinstance(raw_output, dict):
        check.add("output", "must be a table: [output]")
        raw_output = {}
    _check_output(check, raw_output, output)

    for key, value in data.items():
        option = options.get(key)
        if option is None:
            close = difflib.get_close_matches(key, list(options), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            check.add(key, f"unknown key{hint} for scene {scene_type!r}; see `gradanim new {scene_type}`")
            continue
        message = value_problem(option, value)
        if message:
            check.add(key, message)
            continue
        if option.role == "beats":
            before = len(check.problems)
            _check_beats(check, key, value, _beats_of(scene_class, options, data))
            if len(check.problems) == before:
                values[key] = value
            continue
        if option.kind == "theme":
            before = len(check.problems)
            _check_theme(check, key, value, option.default)
            if len(check.problems) == before:
                values[key] = value
            continue
        values[key] = tuple(value) if option.kind == "numbers" else value

    _check_semantics(check, scene_class, options, values)
    _check_typst(check, options, values)
    check.problems.sort(key=lambda p: (p.line or 0, p.key))
    errors = [p for p in check.problems if not p.warning]
    if errors:
        raise LessonError(check.problems)
    return Lesson(path, scene_type, values, output, [p for p in check.problems if p.warning])


def _non_finite(value: Any, where: str = "") -> tuple[str, float] | None:
    """(where, number) of the first inf or nan in ``value`` (a number, list or table)."""
    if isinstance(value, float) and not math.isfinite(value):
        return where, value
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _non_finite(item, f"{where}[{i + 1}]")
            if found:
                return found
    if isinstance(value, dict):
        for key, item in value.items():
            found = _non_finite(item, f"{where}.{key}" if where else str(key))
            if found:
                return found
    return None


def _check_finite(check: LessonChecker, data: dict) -> None:
    """Every number in a lesson must be finite (TOML can spell inf and nan): each key holding
    one is reported and dropped."""
    for key in list(data):
        value = data[key]
        if key in ("output", "theme", "beats") and isinstance(value, dict):  # tables of their own
            for name in list(value):
                found = _non_finite(value[name])
                if found:
                    position = f" (at {found[0]})" if found[0] else ""
                    check.add(name, f"{found[1]} is not a finite number{position}: every number in a lesson "
                                    "must be finite", key)
                    del value[name]
            continue
        found = _non_finite(value)
        if found:
            position = f" (at {key}{found[0] if found[0].startswith('[') else '.' + found[0]})" if found[0] else ""
            check.add(key, f"{found[1]} is not a finite number{position}: every number in a lesson must be finite")
            del data[key]


def _toml_error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _check_output(check: LessonChecker, raw: dict, output: dict) -> None:
    for key, value in raw.items():
        if key not in OUTPUT_DEFAULTS:
            close = difflib.get_close_matches(key, list(OUTPUT_DEFAULTS), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            check.add(key, f"unknown output setting{hint}; settings are {', '.join(OUTPUT_DEFAULTS)}", "output")
            continue
        if key == "quality":
            if value not in QUALITIES:
                check.add(key, f"must be one of {', '.join(QUALITIES)}, got {_describe(value)}", "output")
                continue
        elif key == "formats":
            if not isinstance(value, list) or not value or any(v not in FORMATS for v in value):
                check.add(key, f"must be a list drawn from {', '.join(FORMATS)}, got {_describe(value)}", "output")
                continue
        elif key == "dither":
            if value not in DITHER_CHOICES:
                close = difflib.get_close_matches(str(value), DITHER_CHOICES, n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                check.add(key, f"must be one of {', '.join(DITHER_CHOICES)}, got {_describe(value)}{hint}", "output")
                continue
        elif key == "loop":
            if isinstance(value, bool) or not isinstance(value, int):
                check.add(key, f"expects a whole number of plays (0: forever), got {_describe(value)}", "output")
                continue
            if not check.check_range(key, value, "output"):
                continue
        elif key == "name":
            if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,80}", value):
                check.add(key, "must be a file name of letters, digits, '_', '-' or '.'", "output")
                continue
        else:
            if not _is_number(value) or (key in ("gif_width", "gif_fps") and not isinstance(value, int)):
                check.add(key, f"expects a number, got {_describe(value)}", "output")
                continue
            if not check.check_range(key, value, "output"):
                continue
        output[key] = value


_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _check_theme(check: LessonChecker, key: str, table: dict, theme) -> None:
    known = theme_fields(theme)
    for name, value in table.items():
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            check.add(name, f"unknown theme setting{hint}", key)
            continue
        default = known[name]
        if name == "palette":
            from ..components.theme import PALETTES

            if value not in PALETTES:
                close = difflib.get_close_matches(str(value), list(PALETTES), n=1, cutoff=0.5)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                check.add(name, f"unknown palette {_describe(value)}{hint}; palettes: {', '.join(PALETTES)}", key)
        elif isinstance(default, str):
            if not (isinstance(value, str) and _COLOR.match(value)):
                check.add(name, f"expects a colour like \"#58c4dd\", got {_describe(value)}", key)
        elif isinstance(default, tuple):
            if not (isinstance(value, list) and len(value) >= 2 and all(isinstance(v, str) and _COLOR.match(v) for v in value)):
                check.add(name, "expects a list of at least two colours like \"#58c4dd\"", key)
        elif not (_is_number(value) and 0 < value <= 200):
            check.add(name, f"expects a number between 0 and 200, got {_describe(value)}", key)


BEAT_KEYS = ("caption", "hold")


def _beats_of(scene_class: type, options: dict[str, Option], data: dict) -> tuple[str, ...]:
    """The beats the lesson's scene plays: ``scene_class.beats_for()`` with the lesson's valid
    option values (OptimizerInternals names a beat after each of the lesson's runs)."""
    given = {k: v for k, v in data.items()
             if k in options and options[k].role != "beats" and value_problem(options[k], v) is None}
    beats_for = getattr(scene_class, "beats_for", None)
    if beats_for is None:
        return tuple(getattr(scene_class, "beat_names", ()))
    return tuple(type(scene_class.__name__, (scene_class,), given).beats_for())


def _check_beats(check: _Checker, key: str, table: dict, names: tuple[str, ...]) -> None:
    """``[beats.NAME]`` tables: NAME one of the scene's beats (``names``), ``caption`` plain
    text of at most MAX_CAPTION characters, ``hold`` seconds (0 to MAX_SECONDS)."""
    for name, settings in table.items():
        where = f"{key}.{name}"
        if name not in names:
            close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            check.add(where, f"unknown beat{hint}; this scene's beats are {', '.join(names) or 'none'}")
            continue
        if not isinstance(settings, dict):
            check.add(where, f"must be a table [{where}] with caption and hold, got {_describe(settings)}")
            continue
        for setting, value in settings.items():
            if setting not in BEAT_KEYS:
                close = difflib.get_close_matches(str(setting), BEAT_KEYS, n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                check.add(setting, f"unknown beat setting{hint}; a beat has {' and '.join(BEAT_KEYS)}", where)
            elif setting == "caption":
                if not isinstance(value, str) or not value.strip():
                    check.add(setting, f"expects the caption as text, got {_describe(value)}", where)
                elif len(value) > MAX_CAPTION or "\n\n" in value:
                    check.add(setting, f"a caption is one paragraph of at most {MAX_CAPTION} characters "
                                       f"(this one has {len(value)})", where)
            elif not _is_number(value) or not 0 <= value <= MAX_SECONDS:
                check.add(setting, f"expects seconds, a number >= 0 and <= {MAX_SECONDS:g}, got {_describe(value)}",
                          where)


def scene_values(lesson: Lesson, scene_class: type) -> dict[str, Any]:
    """The lesson's values ready to set on the scene (a theme table becomes a Theme)."""
    values = dict(lesson.values)
    options = options_of(scene_class)
    for key, value in lesson.values.items():
        if options[key].kind == "theme":
            values[key] = options[key].default.replace(**{k: tuple(v) if isinstance(v, list) else v
                                                          for k, v in value.items()})
    return values


def _check_semantics(check: LessonChecker, scene_class: type, options: dict[str, Option], values: dict) -> None:
    """Checks that need the mathematics, each on what its option's declaration says it is
    (its ``role``): formulas, their boxes and variables, points in a box, an optimiser's
    settings; then whether the run diverges."""
    rejected = {p.key for p in check.problems if not p.warning}
    merged = {name: values.get(name, option.default) for name, option in options.items()}
    domains = _check_domains(check, options, values)
    objectives = _check_functions(check, options, values, merged, domains)
    for key, option in options.items():
        if option.role in ("start", "point"):
            _check_point(check, key, option, options, values, merged, domains, objectives)
    optimizer_ok = "optimizer" not in rejected
    for key, option in options.items():
        if option.role != "hyperparameters" or key not in values or option.on not in options:
            continue
        if option.on in rejected:
            optimizer_ok = False
            continue
        try:
            get_optimizer(merged[option.on]).resolve(**values[key])
        except OptionError as error:
            check.add(key, str(error))
            optimizer_ok = False
    _warn_divergence(check, scene_class, merged, values, objectives.get("function"), optimizer_ok)


def _formula_on(options: dict[str, Option], box_key: str | None) -> str | None:
    """The formula option drawn over the box option ``box_key``."""
    return next((k for k, o in options.items() if o.role == "formula" and o.on == box_key), None)


def _check_point(check: LessonChecker, key: str, option: Option, options: dict[str, Option], values: dict, merged: dict,
                 domains: dict, objectives: dict) -> None:
    """A start or point inside its box; at a point the scene shows the gradient, f has one."""
    domain = domains.get(option.on)
    formula = _formula_on(options, option.on)
    objective = objectives.get(formula)
    if isinstance(domain, list) or (objective is not None and domain is not None
                                    and objective.n_variables != domain.n_variables):
        domain = None
    point = merged[key]
    if (option.role == "point" and objective is not None and domain is not None and len(point) == domain.n_variables
            and domain.contains(point)):
        _check_gradient_exists(check, objective, point, key if key in values else formula)
    if key in values and domain is not None and not domain.contains(values[key]):
        box = ", ".join(f"[{lo:g}, {hi:g}]" for lo, hi in domain.bounds)
        check.add(key, f"{list(values[key])} is outside the domain {box}")


def _check_domains(check: LessonChecker, options: dict[str, Option], values: dict) -> dict[str, Domain | list]:
    """Every box option (role ``box``: one box, or a list of them): pairs of finite numbers,
    min < max, and a box that can be plotted (``Domain.plot_problem``; with equal units unless
    the declaration says otherwise). Returns the usable ones by key (a list: None for a bad
    entry)."""
    found: dict[str, Domain | list] = {}
    for key, option in options.items():
        if option.role != "box":
            continue
        given = key in values
        many = option.kind == "list"
        raw = values[key] if given else option.default
        boxes = list(raw) if many else [raw]
        usable = []
        for index, numbers in enumerate(boxes):
            which = f"domain {index + 1}: " if many else ""
            box = None
            if not (isinstance(numbers, (list, tuple)) and numbers and len(numbers) % 2 == 0
                    and all(_is_number(v) for v in numbers)):
                check.add(key, f"{which}expects an even number of numbers [min, max, min, max, ...]")
            else:
                try:
                    box = Domain(tuple(zip(numbers[0::2], numbers[1::2])))
                except OptionError as error:
                    check.add(key, f"{which}{error}")
                else:
                    problem = box.plot_problem(equal_units=option.equal_units) if given else None
                    if problem:
                        check.add(key, f"{which}{problem}")
                        box = None
            usable.append(box)
        if many:
            found[key] = usable
        elif usable[0] is not None:
            found[key] = usable[0]
    return found


def _check_functions(check: LessonChecker, options: dict[str, Option], values: dict, merged: dict,
                     domains: dict) -> dict[str, Objective]:
    """Every formula option (role ``formula``: one formula, or a list of them) parses, has as
    many variables as its box has intervals, and has level lines to draw on it (not
    constant). Returns the objectives by key (a list: its first one)."""
    from ..core.contours import flatness_problem

    found: dict[str, Objective] = {}
    for key, option in options.items():
        if option.role != "formula":
            continue
        many = option.kind == "list"
        box_key = option.on
        texts = list(merged[key]) if many else [merged[key]]
        boxes = domains.get(box_key)
        boxes = boxes if isinstance(boxes, list) else [boxes] * len(texts)
        names_key = next((k for k, o in options.items() if o.role == "variables" and o.on == key), None)
        names = merged.get(names_key) if names_key else None
        names = list(names) if names else None
        for index, text in enumerate(texts):
            which = f"function {index + 1}: " if many else ""
            where = key if key in values or names_key not in values else names_key
            if not isinstance(text, str):
                check.add(key, f"{which}expects a formula as a string, got {_describe(text)}")
                continue
            try:
                objective = Objective.from_text(text, names)
            except FormulaError as error:
                check.add(where, f"{which}{error}")
                continue
            except OptionError:  # no variables at all: a number
                check.add(where, f"{which}f = {text.strip()} is constant: it has no level lines and its gradient is 0")
                continue
            found.setdefault(key, objective)
            box = boxes[index] if index < len(boxes) else None
            if box is None:
                continue
            if objective.n_variables != box.n_variables:
                check.add(box_key if box_key in values else key,
                          f"{which}the domain has {box.n_variables} intervals but f has {objective.n_variables} "
                          f"variables ({', '.join(objective.names)})")
                continue
            if box.n_variables == 2 and (key in values or box_key in values):
                problem = flatness_problem(objective, box)
                if problem:
                    check.add(key if key in values else box_key, f"{which}{problem}")
    return found


def _check_gradient_exists(check: LessonChecker, objective: Objective, point, key: str) -> None:
    """A scene about the gradient at ``point`` needs f to have one there."""
    local = objective.smoothness_at(point)
    if not local.differentiable:
        check.add(key, f"{local.reason}; this scene shows the gradient at its point: choose one where f has a gradient")


def _check_typst(check: LessonChecker, options: dict[str, Option], values: dict) -> None:
    """Options a scene reads as Typst math (declared ``typst_math``) are checked now, so
    that a formula Typst cannot read is reported with its key and line, not mid-render.
    Text from a lesson runs no code: math that uses Typst code (``#``) is refused, and the
    rest is typeset in a child process under a time and memory limit
    (:func:`~gradanim.components.typst_import.foreign_math_problems`)."""
    from ..components.typst_import import foreign_math_problems

    keyed = []
    for key, option in options.items():
        if not option.typst_math:
            continue
        value = values.get(key)
        sources = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
        keyed += [(key, source) for source in sources if isinstance(source, str)]
    reported = set()
    for (key, _), problem in zip(keyed, foreign_math_problems([source for _, source in keyed])):
        if problem and key not in reported:
            check.add(key, problem)
            reported.add(key)


def _warn_divergence(check, scene_class, merged, values, objective, optimizer_ok) -> None:
    if getattr(scene_class, "about_divergence", False) or objective is None or not optimizer_ok:
        return
    if not all(k in merged for k in ("start", "lr")) or len(merged["start"]) != objective.n_variables:
        return
    from ..core.trajectory import descend

    try:
        run = descend(objective, merged["start"], merged.get("optimizer", "gd"), lr=merged["lr"],
                      steps=int(merged.get("steps", 100)),
                      maximize=bool(merged.get("maximize", getattr(scene_class, "ascends", False))),
                      **dict(merged.get("hyperparameters") or {}))
    except OptionError as error:
        check.add("start" if "start" in values else "function", str(error))
        return
    if run.diverged:
        key = "lr" if "lr" in values else ("start" if "start" in values else "function")
        check.add(key, f"with lr = {merged['lr']:g} the run diverges ({run.message}); "
                       "this scene is not about divergence: try a smaller lr", warning=True)
