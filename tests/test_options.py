"""Option declarations (gradanim.options): read as plain values, overridable, metadata kept."""

from __future__ import annotations

import pytest

from gradanim.core.optimizers import OPTIMIZERS
from gradanim.options import LEVELS, LR, OPTIMIZER, Option, options_of


class Base:
    lr = LR.but(0.15)
    levels = LEVELS.but(12, doc="contour levels of the map")
    legend = Option('"a" = x', "what the variables mean", typst_math=True)
    internal = "not an option"  # a plain attribute: the scene's own business

    @property
    def derived(self) -> float:
        return 2 * self.lr


class Steeper(Base):
    lr = 0.04  # a plain value: the declaration's range and doc stay
    levels = (1, 2, 3)  # another kind of value: a list of levels


def test_an_option_reads_as_its_value_on_the_class_and_instances():
    assert Base.lr == 0.15 and Base().lr == 0.15 and Base().derived == 0.3
    scene = Base()
    scene.lr = 0.2  # instance assignment (a lesson applied to a scene) still works
    assert scene.lr == 0.2 and Base.lr == 0.15 and Base().lr == 0.15


def test_only_declared_options_are_options_and_a_subclass_keeps_the_metadata():
    base, steeper = options_of(Base), options_of(Steeper)
    assert list(base) == ["lr", "levels", "legend"]  # not `internal`, not the property
    assert Steeper.lr == 0.04 and steeper["lr"].default == 0.04
    lr = steeper["lr"]
    assert (lr.name, lr.doc, lr.kind, lr.low, lr.low_open, lr.high) == ("lr", LR.doc, "float", 0.0, True, 1e3)
    assert steeper["levels"].default == (1, 2, 3) and steeper["levels"].kind == "numbers"
    assert steeper["levels"].doc == "contour levels of the map"
    assert steeper["legend"].typst_math
    assert base["lr"].default == 0.15  # the base class is untouched

    class Computed(Base):
        @property
        def lr(self) -> float:  # computed, no longer settable: no longer an option
            return 0.5

    assert "lr" not in options_of(Computed) and "levels" in options_of(Computed)


def test_a_shared_declaration_is_copied_not_shared():
    assert LR.name is None and LR.default == 0.1  # `.but()` copies: the shared one keeps its default
    assert vars(Base)["lr"] is not LR and vars(Base)["lr"].name == "lr"
    assert OPTIMIZER.choices == tuple(OPTIMIZERS)  # the core's list
    option = Option(1, "a count")
    option.__set_name__(Base, "first")
    with pytest.raises(TypeError, match="cannot also be"):  # one declaration, one name
        option.__set_name__(Base, "second")


@pytest.mark.parametrize("make, message", [
    (lambda: Option(1, ""), "one-line doc"),
    (lambda: Option(1, "two\nlines"), "one-line doc"),
    (lambda: Option(None, "no kind"), "kind declared"),
    (lambda: Option(object(), "not TOML"), "TOML data"),
    (lambda: Option(1, "doc", kind="complex"), "unknown option kind"),
    (lambda: Option(1, "doc", role="weight"), "unknown option role"),
    (lambda: LR.but(0.2, colour="red"), "unknown fields"),
])
def test_bad_declarations_are_refused_when_the_scene_is_defined(make, message):
    with pytest.raises(TypeError, match=message):
        make()


def test_what_a_value_must_be_is_described_from_the_declaration():
    assert vars(Base)["lr"].describe() == "a number > 0 and <= 1000"
    assert vars(Base)["levels"].describe() == "a whole number >= 1 and <= 60"
    assert OPTIMIZER.describe().startswith("one of gd, momentum")
    assert vars(Base)["legend"].describe() == "a string (Typst math)"
    assert Option((1, 2), "seeds", entries=(1, 40)).describe() == "a list of 2 numbers, each >= 1 and <= 40"
    assert Option((0, 10, 2), "axis", role="ticks").describe() == "[min, max, step], at most 100 steps"


def test_the_declarations_are_layer_0_they_import_only_the_core():
    import subprocess
    import sys

    code = ("import sys, gradanim.options; "
            "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('gradanim', 'manim'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "gradanim.options" in loaded
    assert all(m in ("gradanim", "gradanim.options") or m.startswith("gradanim.core") for m in loaded), loaded
