"""Encoding rendered frames to video with less work per frame than manim's default encoder.

Manim (0.22) hands every rendered frame, a top-left RGBA array, to a
``VideoSegmentEncoder``, which builds a PyAV frame with ``VideoFrame.from_ndarray`` once per
repeat of the frame and lets the codec convert it to YUV. Measured here at 1080p:
``from_ndarray`` takes about 10 ms a frame (a byte-by-byte copy into a newly allocated frame,
holding the interpreter lock that the rendering thread needs), the conversion 4-5 ms, and
x264 at its default ``medium`` preset about 28 ms of CPU.

:class:`FrameEncoder` writes the same stream with less work:

- the RGBA pixels are copied into one reusable PyAV frame (0.6 ms at 1080p) instead of a
  new frame per call;
- the frame is converted to the stream's pixel format once per call, with the same
  conversion the codec would apply, and a frame held for several frames of video (a
  ``wait``) is encoded from that one conversion;
- x264 runs at the ``veryfast`` preset with crf 20 unless the render names a preset
  (``--encoder-option preset=medium``, or ``[video_encoder.options]`` in manim.cfg):
  1.7x less CPU than manim's ``medium`` at crf 23, for similar quality and size on our
  scenes (see :func:`with_default_preset`).

:class:`LessonFileWriter` is manim's ``SceneFileWriter`` with this encoder; lesson scenes
use it through :func:`lesson_renderer`.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

X264_PRESET = "veryfast"  # when a render does not choose an x264 preset itself ...
X264_CRF = "20"  # ... with this quality in place of manim's default crf of 23
MANIM_X264_CRF = "23"


def with_default_preset(options: tuple[tuple[str, str], ...], codec: str) -> tuple[tuple[str, str], ...]:
    """x264 ``options`` with gradanim's preset and quality when they name no preset.

    Measured on our frames (1080p60, 200 frames): ``medium`` at crf 23 gives 42.4 dB PSNR
    for 191 KB and 5.6 s of CPU; ``veryfast`` at crf 20 gives 40.7 dB for 176 KB and 3.3 s;
    ``veryfast`` at 23 falls to 38.7 dB, and ``superfast`` makes slide GIFs 65% larger
    (its noise changes static pixels from frame to frame).
    """
    chosen = dict(options)
    if codec != "libx264" or "preset" in chosen:
        return options
    chosen["preset"] = X264_PRESET
    if chosen.get("crf", MANIM_X264_CRF) == MANIM_X264_CRF:
        chosen["crf"] = X264_CRF
    return tuple(sorted(chosen.items()))


class FrameEncoder(VideoSegmentEncoder):
    """A ``VideoSegmentEncoder`` that converts each frame once into a reused buffer
    (see the module's description); the bytes it writes are those of manim's encoder at the
    same settings."""

    def __init__(self, *, target: Path, spec) -> None:
        options = with_default_preset(spec.options, spec.codec)
        if options != spec.options:
            spec = type(spec)(**{**_fields(spec), "options": options})
        super().__init__(target=target, spec=spec)
        self._rgba = av.VideoFrame(spec.width, spec.height, "rgba")
        plane = self._rgba.planes[0]
        # A writable view of the frame's pixels; rows may be padded for alignment.
        self._pixels = np.ndarray((spec.height, spec.width, 4), np.uint8, buffer=plane,
                                  strides=(plane.line_size, 4, 1))
        self._time_base = Fraction(spec.frame_rate.denominator, spec.frame_rate.numerator)

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        self._validate_frame(pixels, repeat)
        try:
            if self._stream.pix_fmt == "rgba":
                # Sent as it is: the codec may keep the buffer, so it must be a new one.
                frame = av.VideoFrame.from_ndarray(pixels, format="rgba")
            else:
                self._pixels[...] = pixels
                # The conversion the codec context applies itself (same scaler, same
                # threads), into a new frame: the reused RGBA buffer is never sent.
                frame = self._rgba.reformat(format=self._stream.pix_fmt,
                                            threads=self._stream.codec_context.thread_count)
            # The encoder keeps its own reference to each frame it is given (pts included),
            # so one converted frame can be sent again with the next timestamp.
            for _ in range(repeat):
                frame.pts = self._next_pts
                frame.time_base = self._time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error


def _fields(spec) -> dict:
    return {name: getattr(spec, name) for name in spec.__dataclass_fields__}


class LessonFileWriter(SceneFileWriter):
    """Manim's scene file writer, encoding partial movie files with :class:`FrameEncoder`."""

    def _create_segment_encoder(self, target: Path) -> VideoSegmentEncoder:
        if self.video_encoder is None:
            return super()._create_segment_encoder(target)
        return FrameEncoder(target=target, spec=self.video_encoder)


def lesson_renderer(camera_class, skip_animations: bool = False) -> CairoRenderer:
    """Manim's Cairo renderer writing its frames with :class:`LessonFileWriter`."""
    return CairoRenderer(file_writer_class=LessonFileWriter, camera_class=camera_class,
                         skip_animations=skip_animations)
