"""The slide GIF (gradanim.gif): exact timing, identical unchanged pixels, colours that
survive the palette, loop counts, refusals, atomic outputs, and a size budget met in at most
two encodes. Small synthetic videos written with PyAV, except where real lessons are the
point (the budget on three lessons, the optimisers' legend and trails)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

av = pytest.importorskip("av")
Image = pytest.importorskip("PIL.Image")

from gradanim.components.theme import DEFAULT_THEME  # noqa: E402
from gradanim import gif as gifmod  # noqa: E402
from gradanim.core.errors import GradanimError  # noqa: E402
from gradanim.gif import GifError, GifSettings, fit_gif, frame_tick, gif_durations, video_to_gif  # noqa: E402


def write_video(path: Path, frames, fps: int = 30, size=(320, 180), **options) -> Path:
    """An MP4 (x264, yuv420p, as manim writes) of ``frames(i)`` -> RGB array, one per index."""
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps, options={"crf": "18", **options})
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for i, frame in enumerate(frames):
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


BITS = 8
CELL = 40  # a counter bit is a 40x40 square: white for 1, black for 0


def counter_frames(count: int, size=(320, 180)):
    """Frame i shows i in binary (eight squares along the top) over a dark background."""
    for i in range(count):
        frame = np.full((size[1], size[0], 3), 14, np.uint8)
        for bit in range(BITS):
            if i >> bit & 1:
                frame[0:CELL, bit * CELL:(bit + 1) * CELL] = 255
        yield frame


def read_counter(rgb: np.ndarray) -> int:
    return sum(1 << bit for bit in range(BITS) if rgb[CELL // 2, bit * CELL + CELL // 2].mean() > 128)


def gif_frames(path: Path):
    """(start in ms, duration in ms, RGB) of every frame of a GIF, as a viewer shows them."""
    out, start = [], 0
    with Image.open(path) as image:
        for i in range(image.n_frames):
            image.seek(i)
            duration = image.info["duration"]
            out.append((start, duration, np.asarray(image.convert("RGB"))))
            start += duration
    return out


def moving_square(count: int = 60, size=(640, 360)):
    for i in range(count):
        frame = np.full((size[1], size[0], 3), 20, np.uint8)
        x = int(i / count * (size[0] - 80))
        frame[140:220, x:x + 80] = (240, 200, 60)
        frame[20:40, 20 + 3 * i % 400: 60 + 3 * i % 400] = (80, 160, 220)
        yield frame


# --- timing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fps", [15, 20, 24, 30])
def test_every_frame_starts_on_time_and_shows_the_frame_of_its_time(tmp_path, fps):
    video = write_video(tmp_path / "counter.mp4", counter_frames(120), fps=60)  # 2.0 s
    out = video_to_gif(video, tmp_path / "counter.gif", GifSettings(width=320, fps=fps))
    frames = gif_frames(out)
    assert len(frames) == 2 * fps  # every frame differs: none merged
    for i, (start, _, rgb) in enumerate(frames):
        assert start == 10 * frame_tick(i, fps)  # whole hundredths, never drifting
        assert read_counter(rgb) == i * 60 // fps  # the video's frame on screen at that time
    assert frames[-1][0] + frames[-1][1] == 2000  # as long as the video
    assert [d for _, d, _ in frames] == gif_durations(2 * fps, fps)


def test_ticks_alternate_where_the_rate_does_not_divide_100():
    assert [frame_tick(i, 15) for i in range(7)] == [0, 7, 13, 20, 27, 33, 40]
    assert set(gif_durations(150, 15)) == {60, 70} and sum(gif_durations(150, 15)) == 10_000
    assert gif_durations(100, 20) == [50] * 100
    assert sum(gif_durations(240, 24)) == 10_000


def test_never_faster_than_the_video_and_still_frames_merge(tmp_path):
    # 15 fps video asked for at 20 fps: 15 fps. Frames 10-29 are one still picture.
    frames = [f for f in counter_frames(45)]
    for i in range(10, 30):
        frames[i] = frames[10]
    video = write_video(tmp_path / "slow.mp4", frames, fps=15)
    shown = gif_frames(video_to_gif(video, tmp_path / "slow.gif", GifSettings(width=320, fps=20)))
    assert len(shown) == 45 - 19
    assert [read_counter(rgb) for _, _, rgb in shown][9:12] == [9, 10, 30]
    assert shown[10][1] == 10 * (frame_tick(30, 15) - frame_tick(10, 15))  # the still lasts 20 frames
    assert shown[-1][0] + shown[-1][1] == 3000


# --- pixels --------------------------------------------------------------------------------


def test_unchanged_pixels_stay_identical_and_each_frame_stores_only_what_moved(tmp_path):
    video = write_video(tmp_path / "square.mp4", moving_square(), size=(640, 360))
    out = video_to_gif(video, tmp_path / "square.gif", GifSettings(width=640, fps=30))
    frames = gif_frames(out)
    still = np.s_[250:360, :]  # below both moving shapes
    assert all(np.array_equal(rgb[still], frames[0][2][still]) for _, _, rgb in frames)
    areas = []
    with Image.open(out) as image:
        for i in range(1, image.n_frames):
            image.seek(i)
            changed = np.argwhere(np.any(frames[i][2] != frames[i - 1][2], axis=2))
            (y0, x0), (y1, x1) = changed.min(axis=0), changed.max(axis=0) + 1
            assert image.dispose_extent == (x0, y0, x1, y1)  # the frame stores the box of what changed
            areas.append((x1 - x0) * (y1 - y0))
    assert np.median(areas) < 0.3 * 640 * 360


OPTIMIZER_COLOURS = DEFAULT_THEME.optimizer_colors  # the runs' colours in the race


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])


def test_small_saturated_swatches_keep_their_colours_beside_a_smooth_gradient(tmp_path):
    """A legend's swatches (12 px) and trails (3 px) in the runs' colours, beside a large
    smooth colour ramp that would take the whole palette if let."""
    w, h = 640, 360
    ramp = np.linspace(0, 1, w)[None, :, None]
    base = np.full((h, w, 3), (14, 16, 22), np.uint8)
    base[200:] = (np.array([38, 51, 94]) * (1 - ramp) + np.array([242, 147, 92]) * ramp).astype(np.uint8)

    def frames():
        for i in range(30):
            frame = base.copy()
            for k, colour in enumerate(OPTIMIZER_COLOURS):
                frame[20 + 20 * k:32 + 20 * k, 20:32] = _rgb(colour)  # swatch
                frame[26 + 20 * k:29 + 20 * k, 40:40 + 8 * i] = _rgb(colour)  # growing trail
            yield frame

    video = write_video(tmp_path / "legend.mp4", frames(), size=(w, h))
    with av.open(str(video)) as container:
        decoded = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)][-1]
    last = gif_frames(video_to_gif(video, tmp_path / "legend.gif", GifSettings(width=w)))[-1][2].astype(int)
    for k, colour in enumerate(OPTIMIZER_COLOURS):
        swatch = np.s_[23 + 20 * k:29 + 20 * k, 23:29]
        assert np.abs(last[swatch] - decoded[swatch].astype(int)).max() <= 10, colour
        assert np.abs(last[swatch].mean(axis=(0, 1)) - _rgb(colour)).max() <= 12, colour
        trail = np.s_[27 + 20 * k, 60:250]
        assert np.abs(last[trail] - decoded[trail].astype(int)).max() <= 16, colour


# --- loop count, dither, refusals, atomic outputs ---------------------------------------------


@pytest.mark.parametrize("plays, stored", [(0, 0), (1, None), (3, 2)])
def test_loop_count_is_written(tmp_path, plays, stored):
    video = write_video(tmp_path / "c.mp4", counter_frames(10))
    for out in (video_to_gif(video, tmp_path / "a.gif", GifSettings(width=320, loop=plays)),
                fit_gif(video, tmp_path / "b.gif", GifSettings(width=320, loop=plays), max_mb=1).path):
        with Image.open(out) as image:
            assert image.info.get("loop") == stored  # NETSCAPE count: repeats after the first play


@pytest.mark.parametrize("dither", ["none", "bayer", "floyd_steinberg"])
def test_each_dither_makes_a_gif(tmp_path, dither):
    video = write_video(tmp_path / "square.mp4", moving_square(30), size=(640, 360))  # 1 s
    frames = gif_frames(video_to_gif(video, tmp_path / f"{dither}.gif", GifSettings(width=320, dither=dither)))
    assert len(frames) == 20 and frames[-1][0] + frames[-1][1] == 1000
    still = np.s_[130:, :]  # below the moving shapes: a fixed pattern, if any
    assert all(np.array_equal(rgb[still], frames[0][2][still]) for _, _, rgb in frames)


@pytest.mark.parametrize("settings, message", [
    ({"dither": "blur"}, "GIF dither must be one of none, bayer, floyd_steinberg, got 'blur'"),
    ({"loop": -1}, "GIF loop must be how many times it plays, from 1 to 65535, or 0 for forever; got -1"),
    ({"loop": 2.5}, "got 2.5"),
    ({"width": 32}, "GIF width must be a whole number of pixels from 64 to 3840, got 32"),
    ({"fps": 60}, "GIF frame rate must be a whole number of frames per second from 1 to 50, got 60"),
    ({"colors": 300}, "GIF colours must be a whole number from 2 to 256, got 300"),
])
def test_bad_settings_are_refused_with_a_clear_message(settings, message):
    with pytest.raises(GradanimError, match=None) as info:
        GifSettings(**settings)
    assert message in str(info.value)


def test_dither_auto_is_none_for_2d_and_bayer_for_3d():
    assert gifmod.dither_for("auto", three_d=False) == "none"
    assert gifmod.dither_for("auto", three_d=True) == "bayer"
    assert gifmod.dither_for("floyd_steinberg", three_d=True) == "floyd_steinberg"
    with pytest.raises(GifError, match="one of auto, none, bayer, floyd_steinberg"):
        gifmod.dither_for("ordered", three_d=False)


def test_lesson_refuses_bad_dither_and_loop(tmp_path):
    from gradanim.lessons.lesson_file import LessonError, read_lesson

    path = tmp_path / "lesson.toml"
    path.write_text('scene = "gradient_descent"\n[output]\ndither = "bayr"\nloop = -2\n')
    with pytest.raises(LessonError) as info:
        read_lesson(path)
    problems = [(p.line, p.key, p.message) for p in info.value.problems]
    assert problems == [
        (3, "output.dither", "must be one of auto, none, bayer, floyd_steinberg, got the string 'bayr' "
                             "(did you mean 'bayer'?)"),
        (4, "output.loop", "-2 is out of range: must be >= 0 and <= 65535"),
    ]
    path.write_text('scene = "gradient_descent"\n[output]\nloop = 1.5\n')
    with pytest.raises(LessonError, match=r"output.loop: expects a whole number of plays \(0: forever\), got 1.5"):
        read_lesson(path)
    path.write_text('scene = "gradient_descent"\n[output]\ndither = "floyd_steinberg"\nloop = 3\n')
    output = read_lesson(path).output
    assert (output["dither"], output["loop"]) == ("floyd_steinberg", 3)


def test_cli_refuses_bad_dither_and_loop(tmp_path):
    from gradanim.cli import main

    lesson = tmp_path / "l.toml"
    lesson.write_text('scene = "gradient_descent"\n')
    for args, message in ((["--dither", "blur"], "'blur' is not one of 'auto', 'none', 'bayer', 'floyd_steinberg'"),
                          (["--loop", "-1"], "-1 is not in the range 0<=x<=65535")):
        result = CliRunner().invoke(main, ["render", str(lesson), *args, "--output", str(tmp_path / "out")])
        assert result.exit_code == 2 and message in result.output
        assert not (tmp_path / "out").exists()


def test_a_failed_gif_leaves_nothing_behind_and_keeps_the_old_file(tmp_path):
    broken = tmp_path / "broken.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200)
    out = tmp_path / "out"
    out.mkdir()
    (out / "slide.gif").write_bytes(b"GIF89a: the previous, good one")
    for make in (lambda: video_to_gif(broken, out / "slide.gif"), lambda: fit_gif(broken, out / "slide.gif",
                                                                                    GifSettings(), max_mb=1)):
        with pytest.raises(GifError, match="broken.mp4"):
            make()
        assert sorted(p.name for p in out.iterdir()) == ["slide.gif"]
        assert (out / "slide.gif").read_bytes() == b"GIF89a: the previous, good one"
    with pytest.raises(GifError, match="does not exist"):
        video_to_gif(tmp_path / "missing.mp4", out / "slide.gif")


# --- the size budget ------------------------------------------------------------------------


@pytest.fixture
def count_encodes(monkeypatch):
    """Counts whole-clip encodes (FFmpeg's paletteuse and gif encoder over every frame)."""
    calls: list[GifSettings] = []
    real = gifmod._encode

    def counted(video, output, info, settings, palette, **kwargs):
        calls.append(settings)
        return real(video, output, info, settings, palette, **kwargs)

    monkeypatch.setattr(gifmod, "_encode", counted)
    return calls


def test_the_ladder_prefers_fewer_colours_and_frames_to_fewer_pixels(tmp_path, count_encodes):
    rungs = [(r.width, r.fps, r.colors) for r in gifmod.ladder(GifSettings(width=640, fps=20))]
    assert rungs[0] == (640, 20, 256) and rungs.index((640, 10, 128)) < rungs.index((480, 10, 128))
    video = write_video(tmp_path / "square.mp4", moving_square(), size=(640, 360))
    roomy = fit_gif(video, tmp_path / "roomy.gif", GifSettings(width=640, fps=20), max_mb=50)
    assert (roomy.settings.width, roomy.settings.fps, roomy.settings.colors) == (640, 20, 256) and roomy.fits
    assert len(count_encodes) == 1 and "within the 50 MB budget at the first encode" in roomy.summary()
    tight = fit_gif(video, tmp_path / "tight.gif", GifSettings(width=640, fps=20), max_mb=0.001)
    assert not tight.fits and (tight.settings.width, tight.settings.fps, tight.settings.colors) == gifmod.GIF_LADDER[-1]
    assert len(count_encodes) == 3  # nothing fits: the first, then straight to the smallest
    assert "nothing on the ladder was predicted to fit" in tight.summary()
    with Image.open(tight.path) as image:
        assert image.size[0] == 240 and image.info.get("loop") == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roomy.gif", "square.mp4", "tight.gif"]


LESSONS = ("05_gradient_descent", "08_optimizers", "03_hiker_in_fog")


@pytest.fixture(scope="module")
def lesson_videos(tmp_path_factory):
    """Three lessons rendered at 480p15 (each about 20 s of video)."""
    from manim import config

    from gradanim.export import render_video
    from gradanim.lessons.catalogue import scene_class_for
    from gradanim.lessons.lesson_file import read_lesson, scene_values

    folder = tmp_path_factory.mktemp("lessons")
    saved = config.copy()
    videos = {}
    try:
        for name in LESSONS:
            lesson = read_lesson(Path(__file__).resolve().parents[1] / "lessons" / f"{name}.toml")
            base = scene_class_for(lesson.scene_type)
            scene = type(base.__name__, (base,), scene_values(lesson, base))
            videos[name] = render_video(scene, folder / f"{name}.mp4", quality="low", media_dir=folder / "media")
    finally:
        config.update(saved)
    return videos


@pytest.mark.render
@pytest.mark.parametrize("name", LESSONS)
def test_a_budget_is_met_in_at_most_two_encodes(tmp_path, lesson_videos, count_encodes, name):
    settings = GifSettings(width=480)
    full = fit_gif(lesson_videos[name], tmp_path / "full.gif", settings, max_mb=100)
    assert len(count_encodes) == 1
    for share in (0.6, 0.25):
        count_encodes.clear()
        budget_mb = full.size * share / 1e6
        made = fit_gif(lesson_videos[name], tmp_path / f"{share}.gif", settings, max_mb=budget_mb)
        assert made.fits and made.path.stat().st_size == made.size <= budget_mb * 1e6, made.summary()
        assert len(count_encodes) == 2, made.summary()
        assert made.summary().startswith(f"{made.size / 1e6:.2f} MB at {made.settings.describe()}: ")
        assert "predicted to fit" in made.summary()


@pytest.mark.render
def test_the_optimisers_legend_and_trails_keep_their_colours(tmp_path, lesson_videos):
    """On the last frame of the optimisers' race (854x480 video, 720 px GIF): wherever the
    scaled frame shows a run's colour (legend swatches and dots, trails, the runs' dots),
    the GIF shows that colour, and the runs stay apart."""
    video = lesson_videos["08_optimizers"]
    last = gif_frames(video_to_gif(video, tmp_path / "race.gif"))[-1][2].astype(int)
    *_, scaled = gifmod._GifFrames(video, gifmod.probe(video), GifSettings())  # before the palette
    scaled = scaled.to_ndarray(format="rgb24").astype(int)
    shown = {}
    for colour in OPTIMIZER_COLOURS[:5]:  # the runs: gd, gd, momentum, rmsprop, adam
        where = np.abs(scaled - _rgb(colour)).max(axis=2) <= 12
        assert where.sum() >= 10, colour
        if where.sum() < 40:  # a run that barely moved (the small-lr gd): a thin swatch, judged by eye
            continue
        error = np.abs(last[where] - scaled[where]).max(axis=1)  # of 255, the largest of R, G, B
        assert (error <= 20).mean() >= 0.9, (colour, error)
        shown[colour] = np.median(last[where], axis=0)
        assert np.abs(shown[colour] - _rgb(colour)).max() <= 12, (colour, shown[colour])
    assert len(shown) >= 4
    medians = list(shown.values())
    assert min(np.abs(a - b).max() for i, a in enumerate(medians) for b in medians[i + 1:]) > 40


def test_a_lessons_gif_settings_with_auto_dither_by_dimension():
    from gradanim.lessons.batch import gif_settings
    from gradanim.lessons.lesson_file import read_lesson

    lessons = Path(__file__).resolve().parents[1] / "lessons"
    flat, solid = read_lesson(lessons / "05_gradient_descent.toml"), read_lesson(lessons / "15_min_max_saddle.toml")
    assert (gif_settings(flat).dither, gif_settings(solid).dither) == ("none", "bayer")
    assert gif_settings(solid, "floyd_steinberg", 3) == GifSettings(dither="floyd_steinberg", loop=3)


def test_an_ffmpeg_without_the_palette_filters_is_refused_clearly(tmp_path, monkeypatch):
    monkeypatch.setattr(av.filter, "filters_available", {"fps", "scale"})
    with pytest.raises(GifError, match="lacks framestep, format, palettegen, paletteuse, buffer, buffersink"):
        video_to_gif(tmp_path / "any.mp4", tmp_path / "any.gif")
