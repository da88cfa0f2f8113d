"""The note a scene shows under a formula with kinks or jumps: where there is no gradient."""

from __future__ import annotations

import pytest

pytest.importorskip("manim")

from gradanim.components.formula_card import breaks_typst  # noqa: E402
from gradanim.components.typeset import math  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402


def test_the_note_names_each_break_and_its_kind_in_lines_that_typeset():
    assert breaks_typst(Objective.from_text("x^2 + 3y^2")) is None
    note = breaks_typst(Objective.from_text("abs(x) + max(x, y) + floor(y)"))
    assert note == ('& "no gradient where x = 0 (a kink)," \\ & "y is a whole number (a jump)," \\ '
                    '& "x = y (a kink)"')
    typeset = math(note)
    assert typeset.height > 2.5 * math('"x"').height  # three lines


def test_a_scene_with_kinks_says_so_next_to_its_formula():
    import manim

    from gradanim.lessons.catalogue import scene_class_for

    shown = []

    class Watched(scene_class_for("gradient_descent")):
        function = "abs(x) + 2abs(y - 1)"
        steps = 3
        show_field = False

        def play(self, *animations, **kwargs):
            super().play(*animations, **kwargs)
            shown.extend(getattr(m, "typst_code", "") for m in self.mobjects for m in m.get_family())

    with manim.tempconfig({"dry_run": True, "quality": "low_quality", "progress_bar": "none"}):
        Watched().render()
    note = breaks_typst(Objective.from_text(Watched.function))
    assert note.startswith('& "no gradient where x = 0 (a kink),"') and "y - 1 = 0 (a kink)" in note
    assert note in shown
