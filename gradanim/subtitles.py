"""Captions, transcript and alt text beside a rendered video, GIF or still.

A lesson scene says one caption per beat (:meth:`gradanim.scene_base.LessonFrame.beat`),
which manim writes as its subcaption file (SRT) beside the video, each cue spanning its
beat's section. From that file this module writes, atomically, what course platforms ask
for: ``NAME.srt`` (SubRip), ``NAME.vtt`` (WebVTT, for HTML ``<track>``) and
``NAME.transcript.txt`` (the captions as plain paragraphs); and ``FILE.alt.txt``, a text
alternative for a GIF or a poster image.

Layer 1: imports :mod:`gradanim.atomic` and the ``srt`` package (a manim dependency).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import srt

from .atomic import atomic_path


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str


def read_srt(path: Path) -> list[Cue]:
    """The cues of an SRT file, in time order."""
    cues = srt.parse(Path(path).read_text(encoding="utf-8"))
    return [Cue(c.start.total_seconds(), c.end.total_seconds(), c.content.strip()) for c in sorted(cues, key=lambda c: c.start)]


def srt_text(cues: list[Cue]) -> str:
    return srt.compose([srt.Subtitle(i + 1, timedelta(seconds=c.start), timedelta(seconds=c.end), c.text)
                        for i, c in enumerate(cues)], reindex=False)


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def vtt_text(cues: list[Cue]) -> str:
    """WebVTT: a header, then each cue with its times (``00:00:09.333``)."""
    blocks = ["WEBVTT"]
    for i, c in enumerate(cues, start=1):
        text = c.text.replace("-->", "->")  # a cue's text may not contain the arrow
        blocks.append(f"{i}\n{_vtt_time(c.start)} --> {_vtt_time(c.end)}\n{text}")
    return "\n\n".join(blocks) + "\n"


def transcript_text(cues: list[Cue], title: str = "") -> str:
    paragraphs = ([title] if title else []) + [c.text for c in cues]
    return "\n\n".join(paragraphs) + "\n"


def caption_paths(video: Path) -> dict[str, Path]:
    """Where the captions of ``video`` go: ``srt``, ``vtt`` and ``transcript``."""
    video = Path(video)
    stem = video.with_suffix("")
    return {"srt": stem.with_suffix(".srt"), "vtt": stem.with_suffix(".vtt"),
            "transcript": Path(f"{stem}.transcript.txt")}


def write_captions(cues: list[Cue], video: Path, title: str = "") -> list[Path]:
    """Write the SRT, WebVTT and transcript of ``video`` beside it (atomically)."""
    paths = caption_paths(video)
    for key, text in (("srt", srt_text(cues)), ("vtt", vtt_text(cues)), ("transcript", transcript_text(cues, title))):
        with atomic_path(paths[key]) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return list(paths.values())


def alt_text_path(image: Path) -> Path:
    return Path(f"{image}.alt.txt")


def alt_text(title: str, video: Path | None, still: bool = False) -> str:
    """A text alternative for an animation called ``title`` made from ``video`` (a GIF: what
    it shows, beat by beat, its captions) or for its poster (``still``: the last frame, the
    title and the last beat's caption)."""
    srt_file = caption_paths(video)["srt"] if video is not None else None
    captions = [c.text for c in read_srt(srt_file)] if srt_file is not None and srt_file.is_file() else []
    if still:
        return f"Still from the animation \"{title}\". " + (captions[-1] if captions else "")
    return f"Animation: {title}. " + " ".join(captions)


def write_alt_text(image: Path, text: str) -> Path:
    """``image.alt.txt``: a text alternative for a GIF or a still (one paragraph)."""
    path = alt_text_path(image)
    with atomic_path(path) as tmp:
        tmp.write_text(" ".join(text.split()) + "\n", encoding="utf-8")
    return path


__all__ = ["alt_text", "Cue", "alt_text_path", "caption_paths", "read_srt", "srt_text", "transcript_text", "vtt_text",
           "write_alt_text", "write_captions"]
