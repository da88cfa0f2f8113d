"""A lesson narrated (``gradanim render LESSON --narrate``): each beat's caption spoken by
an offline voice, each beat holding until its speech has ended.

The lesson's scene class is swapped for one that is also manim-voiceover's
``VoiceoverScene`` (:func:`narrated_class`); no scene file changes. Where a beat begins
(:meth:`begin_section`), its caption (the lesson's ``[beats.NAME] caption`` when it gives
one: the very text of the beat's subtitle cue) is spoken: manim-voiceover's speech service
makes a WAV file and the scene adds it with manim's ``add_sound`` at the beat's start.
Where the beat ends (:meth:`end_beat`) it holds, beyond its own rule (time to read its text
and its caption, or the lesson's ``hold``), until the speech has ended and a breath
(:data:`BREATH`) after: the pacing follows the voice. The subtitle cue spans the beat, so
it starts with the speech and stays until the next beat.

The voice is pyttsx3 over the espeak-ng library (manim-voiceover's ``PyTTSX3Service``),
which needs no network and no FFmpeg: pyttsx3's espeak driver writes WAV, which manim's
``add_sound`` reads without FFmpeg (an MP3 would need it), so the service here names its
files ``.wav`` (manim-voiceover's names them ``.mp3`` and then fails to read their length).
A lecturer's own recording of a beat, ``RECORDINGS/BEAT.wav``, is used instead of the
voice when given (``--recordings``).

The Python packages are the optional extra ``narrate`` (``pip install 'gradanim[narrate]'``);
espeak-ng is a system package (``apt-get install espeak-ng``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

from ..components.spoken import spoken
from ..core.errors import GradanimError

EXTRA = "pip install 'gradanim[narrate]'"
SYSTEM_PACKAGE = "apt-get install espeak-ng"
VIDEO_FORMATS = ("mp4", "webm", "html")  # the formats that carry sound (the lesson page plays its MP4)
BREATH = 0.4  # seconds of silence after a beat's speech before the next beat begins
WORDS_PER_MINUTE = 160  # the voice's rate: unhurried, for mathematics (espeak's own is 175, pyttsx3's 200)


class NarrationUnavailable(GradanimError):
    """The optional extra ``narrate`` or espeak-ng is not installed."""


def require_voice() -> None:
    """Raise :class:`NarrationUnavailable`, saying in one line what to install, unless the
    packages (manim-voiceover, pyttsx3) and the espeak-ng library are there. Cheap: nothing
    is imported or initialised (a process pool forks after this check)."""
    missing = [name for module, name in (("manim_voiceover", "manim-voiceover"), ("pyttsx3", "pyttsx3"))
               if importlib.util.find_spec(module) is None]
    if missing:
        raise NarrationUnavailable(f"--narrate needs {' and '.join(missing)}, the optional extra 'narrate': "
                                   f"{EXTRA} (and espeak-ng: {SYSTEM_PACKAGE})")
    if sys.platform.startswith("linux") and not _espeak_library():
        raise NarrationUnavailable(f"--narrate speaks with espeak-ng, which is not installed: {SYSTEM_PACKAGE} "
                                   f"(Debian/Ubuntu; Fedora: dnf install espeak-ng)")


def _espeak_library() -> bool:
    import ctypes.util

    return bool(ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak"))


def check_formats(formats) -> None:
    """Narration is sound: only a video carries it, alone or on the lesson page (a GIF, a
    still or a slide deck has none)."""
    other = [f for f in formats if f not in VIDEO_FORMATS]
    if other:
        raise GradanimError(f"--narrate makes a video with sound: use --format mp4, webm or html, "
                            f"not {', '.join(other)}")


def recordings_of(folder: Path) -> dict[str, Path]:
    """The lecturer's recordings in ``folder``: beat name -> ``BEAT.wav``. Each must be a WAV
    file (PCM) that can be read: GradanimError naming the file otherwise, before anything
    is rendered."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GradanimError(f"--recordings {folder}: no such folder")
    found = {p.stem: p.resolve() for p in sorted(folder.glob("*.wav"))}
    for path in found.values():
        try:
            with wave.open(str(path), "rb") as sound:
                if sound.getnframes() == 0:
                    raise wave.Error("it holds no sound")
        except (wave.Error, EOFError, OSError) as error:
            raise GradanimError(f"--recordings {path}: not a readable WAV recording ({error or 'cut short'}); "
                                "save or export it as PCM WAV") from None
    return found


# --- the voice -------------------------------------------------------------------------------


def _voice_class() -> type:
    """manim-voiceover's pyttsx3 service, writing WAV, reading captions aloud as
    :func:`~gradanim.components.spoken.spoken` says, or playing the lecturer's recording of the beat."""
    from manim_voiceover.services.pyttsx3 import PyTTSX3Service

    class BeatVoice(PyTTSX3Service):
        def __init__(self, recordings: dict[str, Path] | None = None, **kwargs):
            import pyttsx3

            engine = pyttsx3.init()
            engine.setProperty("rate", WORDS_PER_MINUTE)
            english = [v.id for v in engine.getProperty("voices") if v.id.split("/")[-1] in ("en", "en-us", "en-gb")]
            if english and engine.getProperty("voice") not in english:
                engine.setProperty("voice", english[0])
            self.recordings = dict(recordings or {})
            super().__init__(engine=engine, **kwargs)

        def generate_from_text(self, text, cache_dir=None, path=None, beat: str | None = None, **kwargs):
            recording = self.recordings.get(beat or "")
            if recording is not None:  # original_audio is joined to the cache folder: absolute stays absolute
                return {"input_text": text, "original_audio": str(recording),
                        "input_data": {"input_text": text, "service": "recording", "file": str(recording)}}
            if path is None:
                path = self.get_audio_basename({"input_text": text, "service": "pyttsx3"}) + ".wav"
            with contextlib.redirect_stdout(io.StringIO()):  # pyttsx3 prints "Audio saved to ..."
                data = super().generate_from_text(spoken(text), cache_dir, path)
            return {**data, "input_text": text}

    return BeatVoice


@dataclass(frozen=True)
class Speech:
    """What was said in a beat: its caption, from ``start`` for ``seconds`` (video time),
    the voice's or the lecturer's (``recorded``)."""

    beat: str
    caption: str
    start: float
    seconds: float
    recorded: bool = False


def _unused_options(record) -> bool:
    return "Some options were not used" not in record.getMessage()


class NarratedBeats:
    """Mixed in before a lesson scene (and manim-voiceover's ``VoiceoverScene`` after it):
    each beat says its caption from its start and holds until the speech has ended."""

    recordings: dict[str, Path] = {}  # beat name -> the lecturer's WAV (set by narrated_class)

    @property
    def speeches(self) -> list[Speech]:
        """What was said so far, beat by beat."""
        return self.__dict__.setdefault("_speeches", [])

    def setup(self):
        super().setup()
        self.set_speech_service(_voice_class()(recordings=self.recordings), create_subcaption=False)

    def begin_section(self, beat) -> None:
        super().begin_section(beat)
        self.current_tracker = None
        if beat.caption.strip():
            tracker = self.add_voiceover_text(beat.caption, beat=beat.name)  # add_sound at the beat's start
            self.speeches.append(Speech(beat.name, beat.caption, float(tracker.start_t), float(tracker.duration),
                                        beat.name in self.recordings))

    def end_beat(self) -> None:
        log = self.beat_log
        if log and log[-1].end is None and self.current_tracker is not None:
            self.hold()  # the text first, as the beat's own rule does
            self._still(self.current_tracker.get_remaining_duration(buff=BREATH))
        super().end_beat()

    def render(self, *args, **kwargs):
        # manim muxes the sound into the video with options PyAV ignores, then warns that
        # they were not used (its own doing, nothing a user can change): not shown.
        from manim import logger

        logger.addFilter(_unused_options)
        try:
            return super().render(*args, **kwargs)
        finally:
            logger.removeFilter(_unused_options)

    def tear_down(self):
        super().tear_down()
        writer = self.renderer.file_writer
        if getattr(writer, "includes_sound", False):  # silence to the last frame: sound as long as the video
            from pydub import AudioSegment

            writer.add_audio_segment(AudioSegment.silent(0), time=float(self.renderer.time))


def narrated_class(scene_class: type, recordings: dict[str, Path] | None = None) -> type:
    """``scene_class`` narrated: each beat's caption spoken (or the lecturer's recording of
    it played), each beat as long as its speech at least."""
    require_voice()
    from manim_voiceover import VoiceoverScene

    # The scene's names come first; VoiceoverScene (a Scene) before manim's Scene.
    return type(scene_class.__name__, (NarratedBeats, scene_class, VoiceoverScene),
                {"recordings": dict(recordings or {})})


__all__ = ["BREATH", "EXTRA", "NarratedBeats", "NarrationUnavailable", "Speech", "SYSTEM_PACKAGE", "check_formats",
           "narrated_class", "recordings_of", "require_voice"]
