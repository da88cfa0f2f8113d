"""`--format slides`: one slide per beat, each beat's caption its speaker note, in one HTML
file that loads nothing from the network, and a PPTX. Skipped without the extra `slides`."""

from __future__ import annotations

import builtins
import re
from html.parser import HTMLParser

import pytest

manim = pytest.importorskip("manim")

from gradanim.lessons import slides  # noqa: E402
from gradanim.lessons.lesson_file import read_lesson  # noqa: E402
from gradanim.lessons.render import configured_scene  # noqa: E402

SHORT = ('scene = "gradient_descent"\ntitle = "Short descent"\nshow_field = false\nsteps = 6\narrow_steps = 2\n'
         'pace = 0.5\n[beats.walk]\ncaption = "Six steps downhill."\n')


@pytest.fixture
def without_manim_slides(monkeypatch):
    real_import = builtins.__import__

    def no_manim_slides(name, *args, **kwargs):
        if name.startswith("manim_slides"):
            raise ImportError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_manim_slides)


def test_without_the_extra_the_error_names_it(without_manim_slides):
    with pytest.raises(slides.SlidesUnavailable, match=re.escape("pip install 'gradanim[slides]'")):
        slides.slide_class(configured_scene(read_lesson("lessons/01_gradient_vector.toml")))


def test_without_the_extra_the_command_says_which_to_install_before_rendering(without_manim_slides, tmp_path):
    from click.testing import CliRunner

    from gradanim.cli import main

    result = CliRunner().invoke(main, ["render", "lessons/01_gradient_vector.toml", "--format", "slides",
                                       "--output", str(tmp_path)])
    assert result.exit_code == 2 and "pip install 'gradanim[slides]'" in result.output
    assert not any(tmp_path.iterdir())


class _Deck(HTMLParser):
    """The deck's slides (``section`` elements: script text is not parsed as tags), their
    notes, and every address the page would load."""

    def __init__(self):
        super().__init__()
        self.sections = 0
        self.notes: list[str] = []
        self.loads: list[str] = []
        self._note: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sections += 1
        if tag == "aside" and "notes" in (attrs.get("class") or ""):
            self._note = []
        self.loads += [v for k, v in attrs.items() if v and k in ("src", "href", "data-src", "data-background-video",
                                                                    "data-background-image", "poster")]

    def handle_endtag(self, tag):
        if tag == "aside" and self._note is not None:
            self.notes.append("".join(self._note).strip())
            self._note = None

    def handle_data(self, data):
        if self._note is not None:
            self._note.append(data)


@pytest.mark.render
def test_one_slide_per_beat_offline(tmp_path):
    pytest.importorskip("manim_slides", reason="the optional extra slides is not installed")
    pytest.importorskip("sphinx_revealjs", reason="the optional extra slides is not installed")
    pptx = pytest.importorskip("pptx")
    lesson_file = tmp_path / "short.toml"
    lesson_file.write_text(SHORT)
    lesson = read_lesson(lesson_file)
    scene_class = configured_scene(lesson)
    beats = scene_class.beat_names
    with manim.tempconfig({}):
        outputs = slides.render_slides(scene_class, tmp_path / "out", "short", quality="low", scratch=tmp_path / "s")
    html_file, pptx_file = (o.path for o in outputs)
    text = html_file.read_text(encoding="utf-8")
    deck = _Deck()
    deck.feed(text)
    assert deck.sections == len(beats)
    assert len(deck.notes) == len(beats) and deck.notes[beats.index("walk")] == "Six steps downhill."
    # Nothing the page loads is on the network: videos are data URIs, reveal.js is inlined.
    assert deck.loads and all(not re.match(r"\s*(https?:)?//", v) for v in deck.loads), deck.loads
    assert all(v.startswith(("data:", "#")) for v in deck.loads), [v[:60] for v in deck.loads]
    assert not re.search(r"""(?:url\(|@import)\s*['"]?\s*(?:https?:)?//""", text)
    assert "reveal.js" in text and "<script src=" not in text and 'rel="stylesheet"' not in text
    pptx_notes = [s.notes_slide.notes_text_frame.text.strip() for s in pptx.Presentation(str(pptx_file)).slides]
    assert pptx_notes == deck.notes


def test_a_3d_scene_keeps_its_options_where_the_slide_has_methods_of_the_same_name():
    pytest.importorskip("manim_slides", reason="the optional extra slides is not installed")
    pytest.importorskip("sphinx_revealjs", reason="the optional extra slides is not installed")
    from manim_slides.slide import ThreeDSlide

    from gradanim.lessons.catalogue import scene_class_for

    scene_class = scene_class_for("monkey_saddle")
    deck = slides.slide_class(scene_class)
    assert issubclass(deck, ThreeDSlide) and issubclass(deck, scene_class)
    assert deck.zoom == scene_class.zoom and not callable(deck.zoom)  # the option, not ThreeDSlide.zoom()
    assert deck.play is not scene_class.play  # the slide counts animations, then plays the scene's way
