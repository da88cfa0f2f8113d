"""A variants table: one lesson, many versions, each row overriding any of its options.

    gradanim render lessons/05_gradient_descent.toml --variants class.csv

CSV: a header of column names, one row per variant. A column is a lesson key (``lr``,
``start``, ``title``) or a dotted key into one of the lesson's tables: ``output.name``,
``output.formats``, ``theme.palette``, ``hyperparameters.momentum``. An empty cell keeps the
lesson's value. A cell is read as the column's option expects: text for text options
(``title``, ``function``, ``output.name``), a TOML value otherwise (``0.1``, ``true``,
``[2, 1]``; a bare ``2, 1`` is a list too).

TOML: one ``[[variant]]`` table per row, with the same keys (TOML's dotted keys and
sub-tables nest as in a lesson: ``output.name = "ana"`` or ``[variant.output]``).

Every row is the lesson's data with the row's values laid over it, checked as a lesson file
is (:func:`~gradanim.lessons.lesson_file.check_lesson`), and each problem names the table,
the line, the row and the column. A row without ``output.name`` is named after the lesson
and its row number (``05_gradient_descent-007``); two rows may not share a name.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..options import options_of
from .lesson_file import (Lesson, LessonChecker, LessonError, Problem, _Lines, check_lesson, load_lesson_data,
                          read_text)

MAX_TABLE_BYTES = 16_000_000
MAX_ROWS = 100_000
TABLES = ("output", "theme", "hyperparameters")  # besides any option of kind table or theme
TEXT_OUTPUT_KEYS = ("name", "quality", "dither")


@dataclass
class Variant:
    """One row: its number (from 1), its line in the table, and the checked lesson or why not."""

    row: int
    line: int
    name: str
    lesson: Lesson | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"row {self.row} ({self.name})"


@dataclass
class _Row:
    number: int
    line: int
    values: dict[str, Any]  # column -> value (dotted columns kept dotted)
    lines: dict[str, int]  # column -> line
    problems: list[Problem]


class _RowChecker(LessonChecker):
    """Locates a row's problems: a key the row sets by its column, anything else by the
    lesson's key and line, both under the table's line and the row's number."""

    def __init__(self, table: Path, row: _Row, lesson_path: Path, lesson_text: str):
        super().__init__(lesson_path, lesson_text)
        self.table, self.row = table, row

    def problem(self, key: str, message: str, table: str | None, warning: bool) -> Problem:
        dotted = f"{table}.{key}" if table else key
        columns = [c for c in self.row.values if c == dotted or c.startswith(dotted + ".")
                   or (table and c == table)]
        if columns or not key:
            line = self.row.lines.get(columns[0], self.row.line) if columns else self.row.line
            where = f"column {', '.join(columns)}" if columns else "the row"
            return Problem(str(self.table), line, where, message, warning, self.row.number)
        lesson_line = self.lines.find(key, table)
        at = f"{self.path}:{lesson_line}" if lesson_line else str(self.path)
        return Problem(str(self.table), self.row.line, f"lesson key {dotted} ({at})", message, warning,
                       self.row.number)


def read_variants(lesson_path: str | Path, table_path: str | Path) -> list[Variant]:
    """Every row of ``table_path`` as a variant of the lesson at ``lesson_path``, each checked.

    LessonError if the lesson itself or the table as a whole cannot be read (not UTF-8, not
    CSV or TOML, no rows); a row's problems stay with its :class:`Variant`."""
    lesson_path, table_path = Path(lesson_path), Path(table_path)
    text, base = load_lesson_data(lesson_path)
    check_lesson(copy.deepcopy(base), LessonChecker(lesson_path, text))  # the lesson alone must be valid
    scene_type = base.get("scene")
    from .catalogue import scene_class_for

    options = options_of(scene_class_for(scene_type))
    rows = _read_table(table_path, options)
    base_name = (base.get("output") or {}).get("name") or lesson_path.stem
    width = max(3, len(str(len(rows))))
    variants: list[Variant] = []
    named: dict[str, int] = {}
    for row in rows:
        given = row.values.get("output.name")
        name = given if isinstance(given, str) and given else f"{base_name}-{row.number:0{width}d}"
        variant = Variant(row.number, row.line, name, problems=list(row.problems))
        check = _RowChecker(table_path, row, lesson_path, text)
        if "scene" in row.values:
            check.add("scene", "a variant keeps its lesson's scene type; render another lesson for another scene")
        if name in named:
            check.add("name", f"the output name {name!r} is row {named[name]}'s too: each variant needs its own name",
                      "output")
        named.setdefault(name, row.number)
        try:
            lesson = check_lesson(_overlay(base, row), check)
        except LessonError as error:
            variant.problems += error.problems
        else:
            variant.problems += lesson.warnings
            if not any(not p.warning for p in variant.problems):  # no cell that failed to read
                lesson.output["name"] = name
                lesson.warnings = [p for p in variant.problems if p.warning]
                variant.lesson = lesson
        variants.append(variant)
    return variants


def _overlay(base: dict, row: _Row) -> dict:
    """The lesson's data with the row's values laid over it; a dotted column sets one key of
    a table, keeping the table's other keys."""
    data = copy.deepcopy(base)
    for column, value in row.values.items():
        if column == "scene":  # refused: the variant keeps the lesson's
            continue
        head, _, rest = column.partition(".")
        if not rest:
            data[column] = value
            continue
        table = data.get(head)
        if not isinstance(table, dict):
            table = data[head] = {}
        table[rest] = value
    return data


# --- reading the table ----------------------------------------------------------------------


def _read_table(path: Path, options: dict) -> list[_Row]:
    text = read_text(path, "table", MAX_TABLE_BYTES, encoding="utf-8-sig")  # a spreadsheet's BOM is no column
    suffix = path.suffix.lower()
    if suffix == ".toml":
        rows = _toml_rows(path, text)
    elif suffix in (".csv", ".tsv"):
        rows = _csv_rows(path, text, options, "\t" if suffix == ".tsv" else ",")
    else:
        raise LessonError([Problem(str(path), None, "", "a variants table is a .csv, .tsv or .toml file")])
    if not rows:
        raise LessonError([Problem(str(path), None, "", "the table has no rows")])
    if len(rows) > MAX_ROWS:
        raise LessonError([Problem(str(path), None, "", f"the table has {len(rows)} rows; at most {MAX_ROWS}")])
    return rows


_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")


def _csv_rows(path: Path, text: str, options: dict, delimiter: str) -> list[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as error:
        raise LessonError([Problem(str(path), 1, "", f"not valid CSV: {error}")]) from None
    columns = [c.strip() for c in header]
    problems = []
    for index, column in enumerate(columns):
        if not _COLUMN.match(column):
            problems.append(Problem(str(path), 1, f"column {index + 1}",
                                    f"{column!r} is not a column name: a lesson key (lr) or a table's key "
                                    "(output.name, theme.palette, hyperparameters.momentum)"))
        elif columns.index(column) != index:
            problems.append(Problem(str(path), 1, f"column {index + 1}", f"{column!r} appears twice in the header"))
    if problems:
        raise LessonError(problems)
    rows = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            number, line = len(rows) + 1, reader.line_num
            row = _Row(number, line, {}, {}, [])
            if len(cells) > len(columns):
                row.problems.append(Problem(str(path), line, "the row",
                                            f"has {len(cells)} cells but the header names {len(columns)} columns",
                                            row=number))
            for column, cell in zip(columns, cells):
                if not cell.strip():
                    continue
                value, problem = _cell_value(column, cell, options)
                if problem:
                    row.problems.append(Problem(str(path), line, f"column {column}", problem, row=number))
                else:
                    row.values[column] = value
            rows.append(row)
    except csv.Error as error:
        raise LessonError([Problem(str(path), reader.line_num, "", f"not valid CSV: {error}")]) from None
    return rows


def _is_text(column: str, options: dict) -> bool:
    """Whether a column's cells are text as written (not TOML values)."""
    head, _, rest = column.partition(".")
    if column == "scene":
        return True
    if head == "output":
        return rest in TEXT_OUTPUT_KEYS
    option = options.get(head)
    if option is None:
        return False
    if rest:
        if option.kind == "theme":
            default = getattr(option.default, rest, None)
            return isinstance(default, str)
        return False
    return option.kind == "str"


def _cell_value(column: str, cell: str, options: dict) -> tuple[Any, str | None]:
    if _is_text(column, options):
        return cell.strip(), None
    for source in (cell, f"[{cell}]"):
        try:
            return tomllib.loads(f"v = {source}")["v"], None
        except tomllib.TOMLDecodeError:
            continue
    words = [w for w in re.split(r"[\s;,]+", cell.strip()) if w]
    if words and all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", w) for w in words) and column == "output.formats":
        return words, None
    return None, (f"{cell.strip()!r} is not a value: write a number, true or false, a list like [2, 1] "
                  "or a quoted \"string\"")


_VARIANT_HEADER = re.compile(r"^\s*\[\[\s*variant\s*\]\]")
_SUB_HEADER = re.compile(r"^\s*\[\s*variant\.([A-Za-z0-9_]+)\s*\]")


def _toml_rows(path: Path, text: str) -> list[_Row]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise LessonError([Problem(str(path), getattr(error, "lineno", None), "", f"not valid TOML: {error}")]) from None
    unknown = [k for k in data if k != "variant"]
    entries = data.get("variant")
    if unknown or not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise LessonError([Problem(str(path), None, "", "a TOML variants table is a list of [[variant]] tables"
                                   + (f"; unexpected key {unknown[0]!r}" if unknown else ""))])
    lines = text.splitlines()
    starts = [i + 1 for i, line in enumerate(lines) if _VARIANT_HEADER.match(line)]
    if len(starts) != len(entries):  # written as an inline array: lines unknown
        starts = [None] * len(entries)
    rows = []
    for number, (entry, start) in enumerate(zip(entries, starts), start=1):
        end = starts[number] if start and number < len(starts) else len(lines) + 1
        block = _Lines("\n".join(lines[start:end - 1])) if start else None  # the lines after [[variant]]
        values, where = {}, {}
        for key, value in entry.items():
            if isinstance(value, dict):  # a table of the lesson: its keys become dotted columns
                for inner, item in value.items():
                    values[f"{key}.{inner}"] = item
                    where[f"{key}.{inner}"] = _line_in(block, start, inner, key)
            else:
                values[key] = value
                where[key] = _line_in(block, start, key, None)
        rows.append(_Row(number, start or 0, values, where, []))
    return rows


def _line_in(block: _Lines | None, start: int | None, key: str, table: str | None) -> int:
    if block is None or start is None:
        return 0
    found = block.find(key, f"variant.{table}" if table else None)
    if found is None and table:  # a dotted key: output.name = "..."
        found = next((i + 1 for i, line in enumerate(block.lines)
                      if re.match(rf"^\s*{re.escape(table)}\s*\.\s*{re.escape(key)}\s*=", line)), None)
    return start + found if found else start


__all__ = ["Variant", "read_variants"]
