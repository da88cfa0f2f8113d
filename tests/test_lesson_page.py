"""`--format html`: a lesson page folder whose files are all beside index.html, referenced
relatively, with valid WebVTT captions, the core's step table and no network URL."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

manim = pytest.importorskip("manim")

from browser import CHROMIUM, browse, network_urls  # noqa: E402
from gradanim.gif import GifSettings  # noqa: E402
from gradanim.lessons.lesson_file import read_lesson  # noqa: E402
from gradanim.lessons.page import step_rows  # noqa: E402
from gradanim.lessons.render import configured_scene, render_lesson  # noqa: E402
from gradanim.lessons.summary import lesson_run  # noqa: E402

SHORT = ('scene = "gradient_descent"\ntitle = "Short descent"\nfunction = "x^2 + 3y^2"\nstart = [-2.5, 1.5]\n'
         'lr = 0.15\nshow_field = false\nsteps = 6\narrow_steps = 2\npace = 0.5\n')


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_steps = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "table" and dict(attrs).get("id") == "steps":
            self._in_steps = True
        elif self._in_steps and tag == "tr":
            self.rows.append([])
        elif self._in_steps and tag == "td":
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_steps = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("page")
    lesson_file = tmp / "short.toml"
    lesson_file.write_text(SHORT)
    lesson = read_lesson(lesson_file)
    with manim.tempconfig({}):
        outputs = render_lesson(lesson, tmp / "out", quality="low", formats=["html"], gif=GifSettings(),
                                max_gif_mb=5)
    return lesson, tmp / "out" / "short", [o.path for o in outputs]


@pytest.mark.render
def test_the_page_folder_holds_everything_it_references(page):
    lesson, folder, outputs = page
    index = folder / "index.html"
    assert index in outputs and all(p.parent == folder and p.is_file() for p in outputs)
    text = index.read_text(encoding="utf-8")
    assert not re.search(r"https?:", text), "the page must fetch nothing from the network"
    parsed = _Page()
    parsed.feed(text)
    by_tag = {}
    for tag, attrs in parsed.tags:
        by_tag.setdefault(tag, []).append(attrs)
    (video,) = by_tag["video"]
    assert "controls" in video and video["poster"] == "short.png"
    (source,) = by_tag["source"]
    (track,) = by_tag["track"]
    assert source["src"] == "short.mp4" and track["kind"] == "captions" and "default" in track
    assert track["src"] == "short.vtt"
    referenced = [a[k] for attrs in by_tag.values() for a in attrs for k in ("src", "href", "poster") if k in a]
    for ref in referenced:
        assert "/" not in ref and (folder / ref).is_file(), ref  # relative, beside the page
    poster, formula = by_tag["img"]
    assert poster["src"] == "short.png"
    assert poster["alt"] == (folder / "short.png.alt.txt").read_text(encoding="utf-8").strip() != ""
    # The formula and its gradient typeset by Typst, with the same in words for its alt.
    assert formula["src"] == "short.formula.svg"
    assert formula["alt"] == "f(x, y) = x^2 + 3y^2; gradient ∇f = (2*x, 6*y)"
    svg = (folder / "short.formula.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<path" in svg and "<text" not in svg  # glyphs as paths: no font to fetch
    assert set(re.findall(r"https?://[^\"]+", svg)) <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink",
                                                       "http://www.w3.org/1999/xhtml"}  # namespaces, not fetched
    vtt = (folder / "short.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n")
    cues = re.findall(r"^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})$", vtt, flags=re.M)
    assert len(cues) == len(configured_scene(lesson).beat_names) >= 2
    assert all(a < b for a, b in cues) and all(cues[i][1] <= cues[i + 1][0] for i in range(len(cues) - 1))
    assert "f(x, y) = " in text


@pytest.mark.render
def test_the_step_table_is_the_cores_run(page):
    lesson, folder, _ = page
    parsed = _Page()
    parsed.feed((folder / "index.html").read_text(encoding="utf-8"))
    run = lesson_run(lesson)
    rows = [r for r in parsed.rows if len(r) == 4]
    assert [int(r[0]) for r in rows] == [k for k, *_ in step_rows(run)] == list(range(len(run.points)))
    for k, point, value, gradient in rows:
        k = int(k)
        assert _numbers(point) == pytest.approx(run.points[k], rel=1e-5, abs=1e-9)
        assert _numbers(value) == pytest.approx([run.values[k]], rel=1e-5, abs=1e-9)
        assert _numbers(gradient) == pytest.approx(run.gradients[k], rel=1e-5, abs=1e-9)


def test_a_lesson_without_a_run_has_no_step_table(tmp_path):
    from gradanim.lessons.page import page_html

    lesson_file = tmp_path / "vec.toml"
    lesson_file.write_text(Path("lessons/01_gradient_vector.toml").read_text())
    lesson = read_lesson(lesson_file)
    assert lesson_run(lesson) is None
    text = page_html(lesson, "t", tmp_path / "vec.mp4", None)
    assert 'id="steps"' not in text and "<video" in text and not re.search(r"https?:", text)


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium (Debian package chromium-headless-shell)")
def test_the_net_log_sees_a_page_that_reaches_for_the_network(tmp_path):
    # The check below is only as good as the log: a page with a CDN script and a remote image
    # (unreachable here, but tried) shows both addresses.
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><img src="https://cdn.example.com/a.png">'
                   '<script src="http://cdn.example.org/x.js"></script></body></html>')
    browse(bad, tmp_path / "net.json")
    assert {"https://cdn.example.com/a.png", "http://cdn.example.org/x.js"} <= network_urls(tmp_path / "net.json")


@pytest.mark.render
@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium (Debian package chromium-headless-shell; "
                                               "`make test` installs it where apt is available)")
def test_the_page_loads_its_video_in_headless_chromium(page, tmp_path):
    lesson, folder, _ = page
    # Once the page is loaded, a script reports whether the video's metadata and its captions
    # loaded, in the page's title: readyState, error, duration, track count, mode, cue count.
    probe = folder / "probe.html"
    probe.write_text((folder / "index.html").read_text(encoding="utf-8").replace(
        "</body>", "<script>const v = document.querySelector('video');"
        "function done(){const t = v.textTracks[0]; document.title = ['ready', v.readyState, v.error ? v.error.code : 0,"
        " v.duration.toFixed(3), v.textTracks.length, t.mode, t.cues ? t.cues.length : 0,"
        " Math.min(...[...document.images].map(i => i.naturalWidth))].join(' ');}"
        "v.addEventListener('loadedmetadata', () => setTimeout(done, 500)); v.load();</script></body>"))
    net_log = tmp_path / "net.json"
    result = browse(probe, net_log)
    title = re.search(r"<title>(.*?)</title>", result.stdout)
    assert title and title.group(1).startswith("ready "), result.stdout[-2000:] + result.stderr[-2000:]
    ready, error, duration, tracks, mode, cues, image_width = title.group(1).split()[1:]
    import av

    with av.open(str(folder / "short.mp4")) as container:
        seconds = float(container.duration) / av.time_base
    assert int(ready) >= 1 and int(error) == 0  # the browser decodes the MP4's metadata
    assert float(duration) == pytest.approx(seconds, abs=0.1)
    assert int(tracks) == 1 and mode == "showing"
    assert int(cues) == len(configured_scene(lesson).beat_names)  # every beat's caption loaded
    assert int(image_width) > 0  # the poster and the typeset formula loaded
    assert net_log.is_file() and network_urls(net_log) == set(), "the page must fetch nothing from the network"


@pytest.mark.render
def test_with_mp4_too_the_page_gets_copies_of_the_video_and_captions(page, tmp_path):
    from gradanim.lessons.render import _lesson_page
    from gradanim.subtitles import caption_paths

    lesson, folder, _ = page
    elsewhere = tmp_path / "short.mp4"  # as --format mp4 --format html renders it: beside the folder
    for source, target in zip([folder / "short.mp4", *caption_paths(folder / "short.mp4").values()],
                              [elsewhere, *caption_paths(elsewhere).values()]):
        shutil.copyfile(source, target)
    made = [o.path for o in _lesson_page(lesson, configured_scene(lesson), elsewhere, tmp_path / "short")]
    assert sorted(p.name for p in made) == sorted(p.name for p in folder.iterdir() if p.name != "probe.html")
    assert all(p.parent == tmp_path / "short" and p.is_file() for p in made) and elsewhere.is_file()
