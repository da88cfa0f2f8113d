"""Captions, transcript and alt text of a real (small) render: the SRT and WebVTT cues are
the beats, timed to the sections of the written video to within one frame."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

manim = pytest.importorskip("manim")
av = pytest.importorskip("av")

from gradanim.export import render_video  # noqa: E402
from gradanim.gif import GifSettings  # noqa: E402
from gradanim.lessons.lesson_file import read_lesson  # noqa: E402
from gradanim.lessons.render import configured_scene, render_lesson  # noqa: E402
from gradanim.subtitles import Cue, read_srt, vtt_text  # noqa: E402

FPS = 15  # low quality


def _frames(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for _ in container.decode(container.streams.video[0]))


def test_vtt_times_and_text():
    text = vtt_text([Cue(0.0, 9.3333, "a --> b"), Cue(9.3333, 3725.5, "c")])
    assert text.startswith("WEBVTT\n\n1\n00:00:00.000 --> 00:00:09.333\na -> b\n\n2\n")
    assert "00:00:09.333 --> 01:02:05.500\nc\n" in text


@pytest.mark.render
def test_captions_follow_the_sections_of_the_written_video(tmp_path):
    lesson_file = tmp_path / "short.toml"
    lesson_file.write_text('scene = "gradient_descent"\nshow_field = false\nsteps = 6\narrow_steps = 2\npace = 0.5\n'
                           '[beats.walk]\ncaption = "Six steps downhill."\n')
    lesson = read_lesson(lesson_file)
    out, media = tmp_path / "out", tmp_path / "media"
    beats = configured_scene(lesson).beat_names
    with manim.tempconfig({"save_sections": True}):
        video = render_video(configured_scene(lesson), out / "short.mp4", quality="low", media_dir=media)
    cues = read_srt(out / "short.srt")
    assert len(cues) == len(beats)
    assert cues[beats.index("walk")].text == "Six steps downhill."
    # The sections manim wrote, one clip per beat, end to end: each cue starts and ends
    # where its section does, to within a frame, and the last cue ends with the video.
    sections = sorted(media.rglob("sections/*.mp4"))
    assert [re.sub(r"^.*_\d{4}_", "", s.stem) for s in sections] == list(beats)
    t = 0
    for cue, clip in zip(cues, sections):
        frames = _frames(clip)
        assert abs(cue.start - t / FPS) <= 1 / FPS + 1e-6 and abs(cue.end - (t + frames) / FPS) <= 1 / FPS + 1e-6
        t += frames
    assert abs(t - _frames(video)) <= 1

    vtt = (out / "short.vtt").read_text()
    assert vtt.startswith("WEBVTT") and vtt.count(" --> ") == len(beats)
    transcript = (out / "short.transcript.txt").read_text()
    assert transcript.startswith("Gradient descent\n\n") and "Six steps downhill." in transcript

    # A lesson render lists every file it wrote, each renamed into place.
    made = render_lesson(lesson, out, quality="low", formats=["mp4", "gif"], gif=GifSettings(width=320, fps=10),
                         max_gif_mb=2.0)
    assert sorted(p.path.name for p in made) == sorted([
        "short.mp4", "short.srt", "short.vtt", "short.transcript.txt", "short.gif", "short.gif.alt.txt",
        "short.png", "short.png.alt.txt"])
    assert not [p for p in out.iterdir() if ".partial" in p.name]
    alt = (out / "short.gif.alt.txt").read_text()
    assert alt.startswith("Animation: Gradient descent.") and "Six steps downhill." in alt
    assert (out / "short.png.alt.txt").read_text().startswith('Still from the animation "Gradient descent".')
