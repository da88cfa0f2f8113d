"""A lesson file's value against its option's declaration (:class:`gradanim.options.Option`).

The declaration says what a value must be (kind, number of entries, range, range of each
entry, choices); :func:`value_problem` says, in one line, how a value from a TOML file falls
short. What needs the mathematics (a formula that parses, a start inside its box) is checked
in :mod:`gradanim.lessons.lesson_file`.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import fields
from typing import Any

from ..options import MAX_LIST, MAX_TICKS, Option


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def describe(value: Any) -> str:
    """A TOML value as an error message names it: ``the string 'fast'``, ``a list``."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _kind_problem(option: Option, value: Any) -> str | None:
    kind = option.kind
    if kind == "bool":
        ok = isinstance(value, bool)
    elif kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "float":
        ok = is_number(value)
    elif kind == "str":
        ok = isinstance(value, str)
    elif kind == "numbers":
        ok = isinstance(value, list) and all(is_number(v) for v in value)
    elif kind == "names":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    elif kind == "list":
        ok = isinstance(value, list)
    else:  # table, theme
        ok = isinstance(value, dict)
    return None if ok else f"expects {option.describe_type()}, got {describe(value)}"


def _out_of_range(value: float, low: float | None, high: float | None, low_open: bool = False) -> bool:
    return ((low is not None and (value < low or (low_open and value == low)))
            or (high is not None and value > high))


def value_problem(option: Option, value: Any) -> str | None:
    """Why ``value`` (as TOML gives it) cannot be ``option``'s value, in one line; None if it can."""
    problem = _kind_problem(option, value)
    if problem:
        return problem
    if isinstance(value, list):
        if len(value) > MAX_LIST:
            return f"has {len(value)} entries; a list in a lesson has at most {MAX_LIST}"
        if option.role == "ticks" and len(value) == 3:
            low, high, step = value  # ticks from low to high every step
            if not (low < high and step > 0 and (high - low) / step <= MAX_TICKS):
                return (f"[min, max, step] must have min < max and step > 0, with at most {MAX_TICKS} steps "
                        "from min to max")
        if option.entries is not None and all(is_number(v) for v in value):
            low, high = option.entries
            for i, v in enumerate(value):
                if _out_of_range(v, low, high):
                    return f"entry {i + 1}, {v!r}, is out of range: must be >= {low:g} and <= {high:g}"
        if option.length is not None and len(value) != option.length:
            return f"expects {option.length} numbers, got {len(value)}"
    elif is_number(value) and _out_of_range(value, option.low, option.high, option.low_open):
        return f"{value!r} is out of range: must be {option.range_text()}"
    if option.choices is not None:
        for choice in value if isinstance(value, list) else [value]:
            if choice not in option.choices:
                close = difflib.get_close_matches(str(choice), list(option.choices), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                noun = option.name.removesuffix("s") if isinstance(value, list) else option.name
                return f"unknown {noun} {choice!r}{hint}; choose one of: {', '.join(option.choices)}"
    return None


def theme_fields(theme) -> dict[str, Any]:
    """The settable fields of a Theme and their current values."""
    return {f.name: getattr(theme, f.name) for f in fields(theme)}
