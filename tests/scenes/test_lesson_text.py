"""Words a lesson file gives (titles, names, notes, table cells) are shown as written, and
no text can break the Typst source a scene builds: each scene that shows such words is
built (dry run) from a lesson whose words are full of Typst's special characters."""

from __future__ import annotations

import pytest

manim = pytest.importorskip("manim")

from gradanim.lessons.manim_plugin import LESSON_ENV  # noqa: E402
from gradanim.lessons.catalogue import SCENES_DIR, load_scene_class  # noqa: E402

HOSTILE = "'He said \"hi\" \\ $x$ #set *b* _c_ <d> @e [f] // g'"  # a TOML literal string

LESSONS = {
    ("gradient_vector.py", "GradientVector"): (
        f'scene = "gradient_vector"\ntitle = {HOSTILE}\nquantity = {HOSTILE}\n'
        f"variable_display = [{HOSTILE}, 'y \\']\n"
    ),
    ("directional_derivative.py", "DirectionalDerivative"): (
        f'scene = "directional_derivative"\ndirection_name = {HOSTILE}\n'
    ),
    ("update_table.py", "DescendLikeACFO"): f'scene = "descend_like_a_cfo"\nmoral = {HOSTILE}\n',
    ("study_hours.py", "StudyHours"): f'scene = "study_hours"\nnotes = [{HOSTILE}, "\\\\", "\\""]\n',
    ("learning_rate.py", "LearningRateTradeoff"): (
        f'scene = "learning_rate_tradeoff"\nmistakes = [[{HOSTILE}, "*", "$"], ["a", "b", "\\\\"]]\n'
    ),
}


@pytest.mark.parametrize("where, lesson", LESSONS.items(), ids=[name for _, name in LESSONS])
def test_any_words_a_lesson_gives_are_typeset(where, lesson, tmp_path, monkeypatch):
    path = tmp_path / "words.toml"
    path.write_text(lesson)
    monkeypatch.setenv(LESSON_ENV, str(path))
    scene_class = load_scene_class(SCENES_DIR / where[0], where[1])
    with manim.tempconfig({"dry_run": True, "quality": "low_quality", "disable_caching": True}):
        scene = scene_class()
        scene.render()
    assert scene.renderer.num_plays > 0
    assert any("He said" in str(value) or "\\" in str(value) for value in vars(scene).values())  # the lesson applied
