"""Every scene's options are declared once (gradanim.options.Option), and the lesson reader,
`gradanim new`, `check` and the command line all read that one declaration."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("manim")

from click.testing import CliRunner  # noqa: E402

from gradanim.cli import main  # noqa: E402
from gradanim.lessons.catalogue import catalogue, scene_class_for  # noqa: E402
from gradanim.lessons.lesson_file import LessonError, read_lesson  # noqa: E402
from gradanim.lessons.options import value_problem  # noqa: E402
from gradanim.lessons.template import lesson_template  # noqa: E402
from gradanim.options import FORMATS, KINDS, LR, QUALITIES, Option, options_of, seconds  # noqa: E402

SCENE_TYPES = list(catalogue())

# Class attributes that describe a scene to gradanim rather than set it up: not lesson options.
SCENE_METADATA = {
    "lesson_type",  # the scene's type name in lesson files
    "ascends",  # the story climbs: lesson checks run gradient ascent
    "about_divergence",  # a run diverges on purpose: no divergence warning
    "three_d",  # which camera the render seam gives
    "beat_names",  # the scene's beats, in order (a lesson's [beats.NAME] names one)
    "plan", "rows",  # core objects (a GPA model, an update table) a subclass may replace
}


def toml_form(value):
    """A default as TOML gives it back: tuples become lists."""
    if isinstance(value, (tuple, list)):
        return [toml_form(v) for v in value]
    if isinstance(value, dict):
        return {k: toml_form(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("scene_type", SCENE_TYPES)
def test_every_option_has_a_doc_a_kind_and_a_default_it_accepts(scene_type):
    options = options_of(scene_class_for(scene_type))
    assert {"title", "theme", "pace"} <= set(options)
    for name, option in options.items():
        assert option.name == name
        assert option.doc and "\n" not in option.doc and len(option.doc) <= 110, name
        assert option.kind in KINDS, name
        if option.default is not None and option.kind != "theme":
            assert value_problem(option, toml_form(option.default)) is None, name


@pytest.mark.parametrize("scene_type", SCENE_TYPES)
def test_a_scenes_plain_class_attributes_are_options_or_metadata(scene_type):
    """A setting a scene forgets to declare cannot be set by a lesson: none is forgotten."""
    cls = scene_class_for(scene_type)
    options = options_of(cls)
    for klass in cls.__mro__:
        if klass.__module__.startswith("manim") or klass is object:
            continue
        for name, value in vars(klass).items():
            if name.startswith("_") or callable(value) or isinstance(value, (property, classmethod, staticmethod)):
                continue
            assert name in options or name in SCENE_METADATA, f"{klass.__name__}.{name} is neither option nor metadata"


# --- a scene made here: one declaration, enforced everywhere ----------------------------------


class Counting:
    """A scene made for these tests."""

    lr = LR.but(0.2)
    count = Option(5, "how many things", low=1, high=9)
    hold = seconds(2.0, "seconds to hold")
    caption = Option("x^2", "a caption", typst_math=True)
    internal = 3  # not declared: not an option


class FewerThings(Counting):
    count = 3  # a plain value: the range declared on Counting still holds


def read(tmp_path: Path, text: str, scene=Counting):
    path = tmp_path / "lesson.toml"
    path.write_text('scene = "counting"\n' + text)
    return read_lesson(path, catalogue=lambda name: scene)


def problems(tmp_path: Path, text: str, scene=Counting) -> list[tuple[int, str, str]]:
    with pytest.raises(LessonError) as info:
        read(tmp_path, text, scene)
    return [(p.line, p.key, p.message) for p in info.value.problems]


def test_a_range_declared_once_is_enforced_by_check(tmp_path):
    assert read(tmp_path, "count = 9\nhold = 120\n").values == {"count": 9, "hold": 120}
    found = problems(tmp_path, "count = 10\nhold = 0\nlr = 0\n")
    assert found == [
        (2, "count", "10 is out of range: must be >= 1 and <= 9"),
        (3, "hold", "0 is out of range: must be > 0 and <= 120"),
        (4, "lr", "0 is out of range: must be > 0 and <= 1000"),
    ]
    assert problems(tmp_path, "count = 0\n", FewerThings) == [(2, "count", "0 is out of range: must be >= 1 and <= 9")]
    [(line, key, message)] = problems(tmp_path, "internal = 4\n")
    assert (line, key) == (2, "internal") and message.startswith("unknown key")


def test_typst_math_options_are_checked_when_the_file_is_read(tmp_path):
    assert read(tmp_path, 'caption = "a + b"\n').values == {"caption": "a + b"}
    [(line, key, message)] = problems(tmp_path, 'count = 2\ncaption = "frac(a"\n')
    assert (line, key) == (3, "caption") and "Typst cannot typeset" in message
    [(line, key, message)] = problems(tmp_path, 'caption = "#sys"\n')
    assert (line, key) == (2, "caption") and "may not run code" in message


# --- gradanim new: every option, documented, and the file checks ------------------------------


def uncommented(text: str) -> str:
    """The template with every setting switched on (its defaults)."""
    return re.sub(r"(?m)^# (\[\w+\]$|\w+ = )", r"\1", text)


@pytest.mark.parametrize("scene_type", SCENE_TYPES)
def test_gradanim_new_lists_every_option_and_round_trips_through_check(tmp_path, scene_type):
    cls = scene_class_for(scene_type)
    options = options_of(cls)
    path = tmp_path / f"{scene_type}.toml"
    text = lesson_template(scene_type, cls, path)
    for name, option in options.items():  # each option: its doc and what it must be, then its line
        if option.kind == "theme":
            assert f"# [{name}]: {option.doc}" in text
            continue
        assert re.search(rf"^# {re.escape(option.doc)}; {re.escape(option.describe())}\n(# )?{name} = ", text,
                         re.MULTILINE), name
    path.write_text(text)
    lesson = read_lesson(path)
    assert lesson.warnings == [] and all(lesson.values[k] == options[k].default for k in lesson.values)
    path.write_text(uncommented(text))
    lesson = read_lesson(path)  # every line switched on: still valid, and every value the default
    for name, option in options.items():
        if option.kind != "theme" and option.default is not None:
            assert toml_form(lesson.values[name]) == toml_form(option.default), name
    assert set(lesson.values) >= {n for n, o in options.items() if o.default is not None}


# --- one list each of qualities and formats ---------------------------------------------------


def test_qualities_and_formats_come_from_one_place(tmp_path):
    from gradanim import export

    render = main.commands["render"]
    choices = {p.name: tuple(p.type.choices) for p in render.params if hasattr(p.type, "choices")}
    assert choices["quality"] == tuple(QUALITIES) and choices["formats"] == FORMATS
    assert tuple(next(p for p in main.commands["demo"].params if p.name == "quality").type.choices) == tuple(QUALITIES)
    assert export.QUALITIES is QUALITIES
    path = tmp_path / "bad.toml"
    path.write_text('scene = "gradient_descent"\n[output]\nquality = "ultra"\nformats = ["avi"]\n')
    result = CliRunner().invoke(main, ["check", "--no-build", str(path)])
    assert f"must be one of {', '.join(QUALITIES)}" in result.output
    assert f"must be a list drawn from {', '.join(FORMATS)}" in result.output
