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
- x264 runs at the ``ultrafast`` preset unless the render names one
  (``--encoder-option preset=medium``, or ``[video_encoder.options]`` in manim.cfg): about
  a third of the CPU of manim's ``medium``, at higher quality and larger (still small)
  files (see :func:`with_default_preset`).

:class:`LessonFileWriter` is manim's ``SceneFileWriter`` with this encoder; lesson scenes
use it through :func:`lesson_renderer`.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

X264_PRESET = "ultrafast"  # when a render does not choose an x264 preset itself


def with_default_preset(options: tuple[tuple[str, str], ...], codec: str) -> tuple[tuple[str, str], ...]:
    """x264 ``options`` with gradanim's preset when they name none.

    Measured on our frames (1080p60, 200 frames, manim's default crf 23): ``medium`` gives
    42.4 dB PSNR for 191 KB and 28 ms of CPU a frame; ``ultrafast`` 44.2 dB for 627 KB (about
    1.5 Mbit/s) and 8.5 ms. Encoding is most of the work of a 1080p60 render on two cores,
    so the default trades file size (still small for a lecture video) for time, at no cost
    in quality. ``veryfast`` takes 2.5x the CPU of ``ultrafast`` (files a third the size,
    41-42 dB at crf 20); ``superfast``'s noise made slide GIFs from the video 65% larger.
    """
    if codec != "libx264" or any(name == "preset" for name, _ in options):
        return options
    return tuple(sorted((*options, ("preset", X264_PRESET))))


class FrameEncoder(VideoSegmentEncoder):
    """A ``VideoSegmentEncoder`` that converts each frame once into a reused buffer
    (see the module's description); its video decodes to the same frames as manim's
    encoder writes at the same settings."""

    def __init__(self, *, target: Path, spec) -> None:
        spec = dataclasses.replace(spec, options=with_default_preset(spec.options, spec.codec))
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
