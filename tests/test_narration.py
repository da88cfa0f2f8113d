"""`--narrate`: each beat's caption spoken by an offline voice (or played from the lecturer's
recording), each beat lasting until its speech has ended, the sound in the video as long as
the video, the captions the words spoken. The render test is skipped without the extra
`narrate` or espeak-ng."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

manim = pytest.importorskip("manim")
av = pytest.importorskip("av")

from gradanim.core.errors import GradanimError  # noqa: E402
from gradanim.export import render_video  # noqa: E402
from gradanim.lessons import narration  # noqa: E402
from gradanim.lessons.lesson_file import read_lesson  # noqa: E402
from gradanim.lessons.render import configured_scene  # noqa: E402
from gradanim.subtitles import read_srt  # noqa: E402

SHORT = ('scene = "gradient_descent"\nshow_field = false\nsteps = 6\narrow_steps = 2\npace = 0.5\n'
         '[beats.walk]\ncaption = "Six steps downhill."\n')
FPS = 15  # low quality
TONE = 1.0  # seconds of the lecturer's "recording" in the test


@pytest.fixture
def without_the_extra(monkeypatch):
    real = narration.importlib.util.find_spec
    monkeypatch.setattr(narration.importlib.util, "find_spec",
                        lambda name, *a: None if name == "manim_voiceover" else real(name, *a))


def test_without_the_extra_the_error_says_what_to_install_in_one_line(without_the_extra):
    with pytest.raises(narration.NarrationUnavailable) as error:
        narration.require_voice()
    message = str(error.value)
    assert "\n" not in message and "manim-voiceover" in message
    assert "pip install 'gradanim[narrate]'" in message and "apt-get install espeak-ng" in message


def test_without_espeak_the_error_names_the_system_package(monkeypatch):
    monkeypatch.setattr(narration.sys, "platform", "linux")
    monkeypatch.setattr(narration, "_espeak_library", lambda: False)
    with pytest.raises(narration.NarrationUnavailable, match="espeak-ng, which is not installed: apt-get install"):
        narration.require_voice()


@pytest.mark.parametrize("args, message", [
    (["--narrate"], "pip install 'gradanim[narrate]'"),
    (["--recordings", "."], "pip install 'gradanim[narrate]'"),
])
def test_the_command_says_what_to_install_before_rendering(without_the_extra, tmp_path, args, message):
    from click.testing import CliRunner

    from gradanim.cli import main

    result = CliRunner().invoke(main, ["render", "lessons/05_gradient_descent.toml", *args, "--output", str(tmp_path)])
    assert result.exit_code == 2 and message in result.output and len(result.output.strip().splitlines()) == 1
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("fmt", ["gif", "png", "slides"])
def test_narration_is_refused_where_there_is_no_sound(monkeypatch, tmp_path, fmt):
    from click.testing import CliRunner

    from gradanim.cli import main

    monkeypatch.setattr(narration, "require_voice", lambda: None)
    result = CliRunner().invoke(main, ["render", "lessons/05_gradient_descent.toml", "--narrate", "--format", "mp4",
                                       "--format", fmt, "--output", str(tmp_path)])
    assert result.exit_code == 2 and f"use --format mp4, webm or html, not {fmt}" in result.output
    assert not any(tmp_path.iterdir())


def test_a_narrated_lesson_renders_its_videos_only(tmp_path):
    from gradanim.lessons.batch import prepare

    lesson_file = tmp_path / "l.toml"
    lesson_file.write_text(SHORT + '[output]\nformats = ["mp4", "gif"]\n')
    lesson = read_lesson(lesson_file)
    assert prepare("l", lesson, tmp_path, narrate=True).formats == ["mp4"]
    assert prepare("l", lesson, tmp_path).formats == ["mp4", "gif"]
    assert prepare("l", lesson, tmp_path, narrate=True).key != prepare("l", lesson, tmp_path).key


def test_a_recording_named_after_no_beat_is_a_warning(tmp_path):
    from gradanim.lessons.batch import prepare

    lesson_file = tmp_path / "l.toml"
    lesson_file.write_text(SHORT)
    _write_tone(tmp_path / "wlak.wav", 0.2)
    job = prepare("l", read_lesson(lesson_file), tmp_path, narrate=True,
                  recordings=narration.recordings_of(tmp_path))
    assert any("no beat of l is called 'wlak'" in w and "walk" in w for w in job.warnings)
    assert "l: no recording of landscape.wav, rule.wav, walk.wav, outcome.wav: the voice says their captions" \
        in job.warnings


def test_a_recording_that_is_not_a_wav_is_refused_naming_it(tmp_path):
    (tmp_path / "walk.wav").write_bytes(b"RIFFgarbage")
    with pytest.raises(GradanimError, match=r"--recordings .*walk\.wav: not a readable WAV recording"):
        narration.recordings_of(tmp_path)
    _write_tone(tmp_path / "walk.wav", 0.0)  # a WAV with no sound in it
    with pytest.raises(GradanimError, match="holds no sound"):
        narration.recordings_of(tmp_path)


def _write_tone(path: Path, seconds: float, rate: int = 22050) -> None:
    t = np.arange(int(seconds * rate)) / rate
    samples = (0.3 * 32767 * np.sin(2 * np.pi * 440 * t)).astype("<i2")
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(rate)
        f.writeframes(samples.tobytes())


def _sound(video: Path) -> tuple[float, float, np.ndarray, float]:
    """The video's length, its sound's length, and the sound's loudness every 20 ms."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        fps = float(stream.average_rate)
    with av.open(str(video)) as container:
        chunks, rate = [], 0
        for frame in container.decode(container.streams.audio[0]):
            chunks.append(np.abs(frame.to_ndarray()).max(axis=0))
            rate = frame.sample_rate
    samples = np.concatenate(chunks)
    step = int(rate * 0.02)
    loudness = samples[: len(samples) // step * step].reshape(-1, step).max(axis=1)
    return frames / fps, len(samples) / rate, loudness, 0.02


def _short_lesson_with_a_voice(tmp_path: Path) -> Path:
    """The short lesson's file, once the voice is known to be there (else the test skips)."""
    pytest.importorskip("manim_voiceover", reason="the optional extra narrate is not installed")
    try:
        narration.require_voice()
    except narration.NarrationUnavailable as error:
        pytest.skip(str(error))
    lesson_file = tmp_path / "short.toml"
    lesson_file.write_text(SHORT)
    return lesson_file


@pytest.mark.render
def test_each_beat_waits_for_its_speech_and_the_captions_are_what_is_said(tmp_path):
    lesson_file = _short_lesson_with_a_voice(tmp_path)
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    _write_tone(recordings / "walk.wav", TONE)  # the lecturer recorded one beat; the voice says the rest
    scene_class = narration.narrated_class(configured_scene(read_lesson(lesson_file)),
                                           narration.recordings_of(recordings))
    media = tmp_path / "media"
    video = render_video(scene_class, tmp_path / "out" / "short.mp4", quality="low", media_dir=media)

    cues = read_srt(video.with_suffix(".srt"))
    said = json.loads(next(media.rglob("voiceovers/cache.json")).read_text())
    # Every beat said once, in order, its caption word for word: what the captions show.
    assert [c.text for c in cues] == [s["input_text"] for s in said]
    assert len(cues) == len(scene_class.beat_names) and cues[2].text == "Six steps downhill."
    assert said[2]["original_audio"] == str((recordings / "walk.wav").resolve())
    assert all(s["original_audio"].endswith(".wav") for s in said)

    length, sound_length, loudness, step = _sound(video)
    assert abs(sound_length - length) <= 0.1  # the sound lasts as long as the video
    times = np.arange(len(loudness)) * step
    loud = loudness > 0.02 * loudness.max()
    for cue, speech in zip(cues, said):
        with wave.open(str(Path(media, "voiceovers", speech["original_audio"]))) as f:
            seconds = f.getnframes() / f.getframerate()
        # Each beat lasts as long as its speech and a breath (to a frame) ...
        assert cue.end - cue.start >= seconds + narration.BREATH - 1 / FPS, cue.text
        # ... and in the video the voice starts with the beat's caption and has ended a
        # breath before the next beat begins.
        voiced = times[loud & (times >= cue.start) & (times < cue.end)]
        assert voiced.size, cue.text
        assert voiced[0] - cue.start <= 0.1 and voiced[-1] + step <= cue.end - narration.BREATH + 0.05, cue.text
    tone = times[loud & (times >= cues[2].start) & (times < cues[2].end)]
    assert abs(tone[-1] + step - tone[0] - TONE) <= 0.05  # the recording, played whole


@pytest.mark.render
def test_a_narrated_lesson_page_plays_the_spoken_video(tmp_path):
    lesson_file = _short_lesson_with_a_voice(tmp_path)
    from gradanim.gif import GifSettings
    from gradanim.lessons.render import render_lesson

    with manim.tempconfig({}):
        render_lesson(read_lesson(lesson_file), tmp_path / "out", quality="low", formats=["html"], gif=GifSettings(),
                      max_gif_mb=5, narrate=True)
    folder = tmp_path / "out" / "short"
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '<source src="short.mp4"' in page and "Six steps downhill." in page  # the transcript: what is said
    length, sound_length, loudness, _ = _sound(folder / "short.mp4")
    assert abs(sound_length - length) <= 0.1 and loudness.max() > 0  # the page's video speaks
