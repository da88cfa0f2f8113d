"""An independent check of the legibility model on rendered frames: the last frame of a few
scenes is rendered at 854x480, and for each text the pixels say what is behind it (the
median colour of a thin ring around its box) and how its ink contrasts with that (the pixel
of its box farthest from it). The model (gradanim.components.legibility) must
agree on what is behind, and the rendered contrast must reach 4.5:1 where the model says
it does."""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from gradanim.components.legibility import (
    MIN_CONTRAST, Backdrop, _halo, contrast_ratio, describe_text, read_text,
)  # noqa: E402
from gradanim.components.texts import texts_in  # noqa: E402
from gradanim.lessons.catalogue import SCENES_DIR, load_scene_class  # noqa: E402

SCENES = [("optimizers.py", "OptimizersCompared"), ("update_table.py", "DescendLikeACFO"),
          ("gradient_ascent.py", "GradientAscent")]


def _last_frame(scene_class):
    with manim.tempconfig({"quality": "low_quality", "save_last_frame": True, "write_to_movie": False,
                           "disable_caching": True, "progress_bar": "none", "verbosity": "WARNING"}):
        scene = scene_class()
        scene.render()
        frame = np.asarray(scene.renderer.get_frame())[:, :, :3].astype(float) / 255
        size = (manim.config.frame_width, manim.config.frame_height)
    return scene, frame, size


def _box(frame, size, low, high, grow: int = 0):
    """Pixel rows and columns of the scene box low..high, grown by ``grow`` pixels."""
    h, w = frame.shape[:2]
    (fw, fh) = size
    x0, x1 = int(np.floor((low[0] + fw / 2) / fw * w)) - grow, int(np.ceil((high[0] + fw / 2) / fw * w)) + grow
    y0, y1 = int(np.floor((fh / 2 - high[1]) / fh * h)) - grow, int(np.ceil((fh / 2 - low[1]) / fh * h)) + grow
    return slice(max(y0, 0), min(y1, h)), slice(max(x0, 0), min(x1, w))


def _inside_and_around(frame, size, low, high):
    """The pixels of a text's box, and those of a ring 2-4 pixels around it (what is behind)."""
    inner = frame[_box(frame, size, low, high)].reshape(-1, 3)
    mask = np.zeros(frame.shape[:2], dtype=bool)
    mask[_box(frame, size, low, high, 4)] = True
    mask[_box(frame, size, low, high, 2)] = False
    return inner, frame[mask]


@pytest.mark.render
@pytest.mark.parametrize("file, name", SCENES, ids=[n for _, n in SCENES])
def test_rendered_contrast_agrees_with_the_model(file, name):
    scene, frame, size = _last_frame(load_scene_class(SCENES_DIR / file, name))
    backdrop = Backdrop(scene.mobjects, scene.theme.background)
    checked = 0
    for text in texts_in(*scene.mobjects):
        readings = read_text(text, backdrop)
        if not readings or any(_halo(r.glyph.mobject) is not None for r in readings):
            continue  # an outlined label: its box shows the picture around the outline
        glyphs = [r.glyph.mobject for r in readings]
        points = np.concatenate([g.points[:, :2] for g in glyphs])
        pixels, ring = _inside_and_around(frame, size, points.min(axis=0), points.max(axis=0))
        if len(pixels) < 30:
            continue
        behind = np.median(ring, axis=0)
        ink = pixels[np.argmax(np.linalg.norm(pixels - behind, axis=1))]
        modelled_behind = np.median([r.behind for r in readings], axis=0)
        assert np.abs(behind - modelled_behind).max() < 0.05, (describe_text(text), behind, modelled_behind)
        worst = min(r.contrast for r in readings)
        if worst >= MIN_CONTRAST:
            # Anti-aliasing dims thin strokes a little: the rendered ink reaches 90% of the
            # modelled contrast, and 4.5:1 for a text the model passes.
            rendered = contrast_ratio(ink, behind)
            assert rendered >= min(0.9 * worst, MIN_CONTRAST), (describe_text(text), rendered, worst)
        checked += 1
    assert checked >= 5


@pytest.mark.render
def test_rendered_contrast_of_faint_text_on_a_card_agrees_with_the_model():
    from manim import DOWN, Rectangle, Scene

    from gradanim.components.typeset import math

    class Card(Scene):
        def construct(self):
            self.camera.background_color = "#0e1016"
            card = Rectangle(width=5, height=1.2).set_fill("#b8b8b8", opacity=0.9).set_stroke(width=0)
            self.faint = math('"grey on a light card"', font_size=40, color="#8a8a8a")
            self.clear_ = math('"grey on the background"', font_size=40, color="#8a8a8a").next_to(card, DOWN)
            self.add(card, self.faint, self.clear_)

    scene, frame, size = _last_frame(Card)
    backdrop = Backdrop(scene.mobjects, "#0e1016")
    for text, passes in ((scene.faint, False), (scene.clear_, True)):
        readings = read_text(text, backdrop)
        modelled = min(r.contrast for r in readings)
        assert (modelled >= MIN_CONTRAST) is passes
        points = np.concatenate([r.glyph.mobject.points[:, :2] for r in readings])
        pixels, ring = _inside_and_around(frame, size, points.min(axis=0), points.max(axis=0))
        behind = np.median(ring, axis=0)
        ink = pixels[np.argmax(np.linalg.norm(pixels - behind, axis=1))]
        assert np.abs(behind - readings[0].behind).max() < 0.03
        assert contrast_ratio(ink, behind) == pytest.approx(modelled, rel=0.15)
