"""`--format slides`: one slide per beat, each beat's caption its speaker note, and a looping
slide where a beat idles, in one HTML file that loads nothing from the network, and a PPTX;
plain `manim-slides render` on a scene file makes the same deck. Skipped without the extra
`slides`."""

from __future__ import annotations

import builtins
import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

manim = pytest.importorskip("manim")

from browser import CHROMIUM, browse, network_urls  # noqa: E402
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
        self.looping: list[bool] = []  # per slide: its video loops
        self.autoslide: list[bool] = []  # per slide: it runs into the next without a click
        self.notes: list[str] = []
        self.loads: list[str] = []
        self._note: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self.sections += 1
            self.looping.append("data-background-video-loop" in attrs)
            self.autoslide.append("data-autoslide" in attrs)
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


@pytest.fixture(scope="module")
def deck(tmp_path_factory):
    """The short lesson's deck: (beat names, HTML file, PPTX file)."""
    pytest.importorskip("manim_slides", reason="the optional extra slides is not installed")
    pytest.importorskip("sphinx_revealjs", reason="the optional extra slides is not installed")
    tmp_path = tmp_path_factory.mktemp("deck")
    lesson_file = tmp_path / "short.toml"
    lesson_file.write_text(SHORT)
    scene_class = configured_scene(read_lesson(lesson_file))
    with manim.tempconfig({}):
        outputs = slides.render_slides(scene_class, tmp_path / "out", "short", quality="low", scratch=tmp_path / "s")
    html_file, pptx_file = (o.path for o in outputs)
    return scene_class.beat_names, html_file, pptx_file


@pytest.mark.render
def test_one_slide_per_beat_offline(deck):
    pptx = pytest.importorskip("pptx")
    beats, html_file, pptx_file = deck
    text = html_file.read_text(encoding="utf-8")
    deck = _Deck()
    deck.feed(text)
    # One slide per beat, and the outcome's idle (the marker pulsing) loops after it: the
    # outcome's slide runs into its loop, which has the same note. A reveal.js deck cannot
    # end on a loop: a click after it shows the still last frame.
    assert deck.sections == len(beats) + 2
    assert deck.looping == [False] * len(beats) + [True, False]
    assert deck.autoslide == [False] * (len(beats) - 1) + [True, False, False]
    assert len(deck.notes) == len(beats) + 2 and deck.notes[beats.index("walk")] == "Six steps downhill."
    assert deck.notes[-1] == deck.notes[-2] == deck.notes[-3]
    # Nothing the page loads is on the network: videos are data URIs, reveal.js is inlined.
    assert deck.loads and all(not re.match(r"\s*(https?:)?//", v) for v in deck.loads), deck.loads
    assert all(v.startswith(("data:", "#")) for v in deck.loads), [v[:60] for v in deck.loads]
    assert not re.search(r"""(?:url\(|@import)\s*['"]?\s*(?:https?:)?//""", text)
    assert "reveal.js" in text and "<script src=" not in text and 'rel="stylesheet"' not in text
    pptx_slides = list(pptx.Presentation(str(pptx_file)).slides)
    assert [s.notes_slide.notes_text_frame.text.strip() for s in pptx_slides] == deck.notes
    # PowerPoint repeats the loop's video until the click (and only that one).
    assert ['repeatCount="indefinite"' in s.element.xml for s in pptx_slides] == deck.looping


@pytest.mark.render
@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium (Debian package chromium-headless-shell; "
                                               "`make test` installs it where apt is available)")
def test_the_deck_runs_in_headless_chromium_with_no_network(deck, tmp_path):
    beats, html_file, _ = deck
    # Once reveal.js is ready, a script walks to each slide and reports, in the page's title,
    # the slide count, the speaker-notes plugin, and per slide whether its video's metadata
    # loaded and whether it loops.
    page = html_file.read_text(encoding="utf-8")
    head, tail = page.rsplit("</body>", 1)  # the inlined scripts hold the string too
    probe = tmp_path / "probe.html"
    probe.write_text(head + """<script>
function visit(i, found) {
  if (i == Reveal.getTotalSlides()) {
    document.title = ['deck', Reveal.getTotalSlides(), Reveal.hasPlugin('notes'), found.join(',')].join(' ');
    return;
  }
  Reveal.slide(i);
  setTimeout(() => {
    const v = document.querySelector('.slide-background.present video');
    found.push(v ? v.readyState + (v.loop ? 'L' : '') : 'none');
    visit(i + 1, found);
  }, 700);
}
function go() { visit(0, []); }
if (Reveal.isReady()) go(); else Reveal.on('ready', go);
</script></body>""" + tail, encoding="utf-8")
    net_log = tmp_path / "net.json"
    # In the hall the presenter's first click lets the videos play; here the policy does.
    result = browse(probe, net_log, "--autoplay-policy=no-user-gesture-required")
    # No script fails (a video's play() cut short by the walk to the next slide is no failure).
    assert not re.search(r"Uncaught (?!\(in promise\) AbortError)", result.stderr), result.stderr[-2000:]
    title = re.search(r"<title>deck (.*?)</title>", result.stdout)
    assert title, result.stdout[-1000:] + result.stderr[-2000:]
    total, notes, videos = title.group(1).split()
    assert int(total) == len(beats) + 2 and notes == "true"
    states = videos.split(",")
    assert all(s.rstrip("L").isdigit() and int(s.rstrip("L")) >= 1 for s in states), states  # every clip decodes
    assert [s.endswith("L") for s in states] == [False] * len(beats) + [True, False]
    assert network_urls(net_log) == set(), "the deck must fetch nothing from the network"


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


@pytest.mark.render
def test_plain_manim_slides_render_makes_the_deck(tmp_path):
    """``manim-slides render -ql scenes/x.py Scene`` (its child process runs ``manim``; the
    scene file knows nothing of slides) writes slides/Scene.json: one slide per beat, the
    captions as notes, the idle's loop."""
    pytest.importorskip("manim_slides", reason="the optional extra slides is not installed")
    root = Path(__file__).resolve().parents[1]
    command = Path(sys.executable).with_name("manim-slides")
    if not command.exists():
        pytest.skip("no manim-slides command beside this Python")
    lesson_file = tmp_path / "short.toml"
    lesson_file.write_text(SHORT)
    env = {k: v for k, v in os.environ.items() if k != "GRADANIM_SLIDES"}
    env["GRADANIM_LESSON"] = str(lesson_file)
    done = subprocess.run([str(command), "-S", "render", "-ql", "--media_dir", str(tmp_path / "media"),
                           str(root / "scenes" / "gradient_descent.py"), "GradientDescent"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    deck = json.loads((tmp_path / "slides" / "GradientDescent.json").read_text())
    from gradanim.lessons.catalogue import scene_class_for

    beats = scene_class_for("gradient_descent").beat_names
    notes = [s["notes"] for s in deck["slides"]]
    assert len(notes) == len(beats) + 2 and notes[beats.index("walk")] == "Six steps downhill."
    assert notes[-1] == notes[-2] == notes[-3] and notes[-1].startswith("Stopped after 6 steps")
    assert [s["loop"] for s in deck["slides"]] == [False] * len(beats) + [True, False]
    assert all((tmp_path / s["file"]).is_file() for s in deck["slides"])


def test_only_manims_own_command_makes_decks_through_the_hook():
    from gradanim.lessons.manim_plugin import is_manim_command

    assert is_manim_command(["/venv/bin/manim", "-ql", "scenes/x.py", "X"])
    assert is_manim_command(["/venv/lib/python3.11/site-packages/manim/__main__.py", "render", "x.py"])
    assert not is_manim_command(["/venv/bin/gradanim", "render", "lesson.toml", "--format", "mp4"])
    assert not is_manim_command(["/venv/bin/python", "-m", "pytest"]) and not is_manim_command([])


def test_manim_slides_render_is_recognised_from_its_command_line():
    from gradanim.lessons.manim_plugin import is_manim_slides_render

    assert is_manim_slides_render(["/usr/bin/python3", "/venv/bin/manim-slides", "render", "-ql", "x.py", "X"])
    assert is_manim_slides_render(["python", "-m", "manim_slides", "-S", "render", "x.py"])
    assert not is_manim_slides_render(["/venv/bin/manim-slides", "convert", "X", "deck.html"])
    assert not is_manim_slides_render(["/venv/bin/python", "-m", "manim", "render", "x.py"])
    assert not is_manim_slides_render(["/venv/bin/python", "-m", "pytest", "tests"])
