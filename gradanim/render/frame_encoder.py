"""Encoding rendered frames to video with less work per frame than manim's default encoder.

Manim (0.22) hands every rendered frame, a top-left RGBA array, to a
``VideoSegmentEncoder``, which builds a PyAV frame with ``VideoFrame.from_ndarray`` once per
repeat of the frame (a byte-by-byte copy into a newly allocated frame, holding the
interpreter lock that the rendering thread needs) and lets the codec convert it to YUV;
x264 at its default ``medium`` preset is the largest cost of a 1080p render on two cores.
(How much each step costs: the README's speed section.)

:class:`FrameEncoder` writes the same stream with less work:

- the frame is converted to the stream's pixel format once per call, straight from the
  rendered array (no copy), with the same conversion the codec would apply (on one
  thread: swscale's threads cost more CPU than they save on two cores), and a frame held
  for several frames of video (a ``wait``) is encoded from that one conversion;
- a frame that is a background with shapes drawn over parts of it (most frames of an
  animation: the static mobjects with the moving ones over them) is converted only where
  something was drawn, over the background's conversion (:class:`DrawnFrame`; the same
  bytes as converting the whole frame, for a fraction of the work);
- the renderer hands the camera's frame over instead of copying it, and the camera draws
  on in buffers the encoder has finished with (:class:`LessonRenderer`, :class:`FramePool`:
  no copy of the frame, no fresh allocation and its page faults);
- x264 runs at the ``ultrafast`` preset and a constant quantiser unless the render
  chooses its own (``--encoder-option preset=medium``, or ``[video_encoder.options]`` in
  manim.cfg): much less CPU than manim's ``medium`` at crf 23, at higher quality and
  larger (still small) files (see :func:`with_default_options`).

:class:`LessonFileWriter` is manim's ``SceneFileWriter`` with this encoder; lesson scenes
use it through :func:`lesson_renderer`.
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from manim import config
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from .lesson_camera import LessonCamera

X264_PRESET = "ultrafast"  # when a render does not choose an x264 preset itself
X264_QP = "18"  # constant quantiser, when a render leaves manim's default crf=23 as it is
MANIM_X264_DEFAULTS = (("crf", "23"),)  # manim's options for libx264 when a render names none


def with_default_options(
    options: tuple[tuple[str, str], ...], codec: str, named: Mapping[str, str] | None = None,
) -> tuple[tuple[str, str], ...]:
    """x264 ``options`` with gradanim's defaults where a render chose nothing.

    - No preset named: ``preset=ultrafast``. Encoding is most of the work of a 1080p60
      render on two cores; on our flat-coloured frames ``ultrafast`` gives better quality
      than ``medium`` at crf 23 for a fraction of the CPU, in larger files that are still
      small for a lecture video (``superfast``'s noise made slide GIFs larger).
    - Nothing chosen at all (manim's ``crf=23`` only): a constant quantiser, ``qp=18``,
      instead of crf. With crf, x264 analyses a quarter-size copy of every frame for its
      rate control, the largest cost left at ``ultrafast``; qp 18 gives equal average and
      better worst-frame quality in smaller files. (Figures: the README's Quality settings.)

    ``options`` are manim's resolved options (its defaults included); ``named`` the ones the
    render named itself (``config.video_encoder_options``). A render that names a preset, a
    crf (``crf=23`` too), a qp or a bitrate gets exactly what it named.
    """
    if codec != "libx264":
        return options
    chosen = dict(options)
    if "preset" in chosen:
        return options
    chosen["preset"] = X264_PRESET
    if tuple(sorted(options)) == MANIM_X264_DEFAULTS and "crf" not in (named or {}):
        del chosen["crf"]
        chosen["qp"] = X264_QP
    return tuple(sorted(chosen.items()))


class FramePool:
    """Frame buffers reused once the encoder is done with them (reusing memory saves the
    page faults of a fresh allocation per frame).

    ``take_like`` gives a buffer the encoder has finished with, if there is one, else a new
    one; ``take_known_like`` also says what the buffer is known to hold, if its giver said;
    ``copy_of`` copies a frame into such a buffer; ``recycle`` takes a buffer back (only one
    this pool made), with what it holds if that is known (``(background, regions)``: the
    background outside those regions, see :class:`DrawnFrame`). At most ``keep`` idle
    buffers are kept per frame size.
    """

    def __init__(self, keep: int = 16) -> None:
        self.keep = keep
        self._idle: dict[tuple, list[np.ndarray]] = {}
        self._known: dict[int, tuple] = {}  # id of an idle buffer -> what it holds
        self._made: weakref.WeakValueDictionary[int, np.ndarray] = weakref.WeakValueDictionary()
        self._lock = threading.Lock()

    def take_known_like(self, pixels: np.ndarray) -> tuple[np.ndarray, tuple | None]:
        """A buffer of ``pixels``' shape and type, and what it holds if known (else its
        contents are undefined)."""
        key = (pixels.shape, pixels.dtype.str)
        with self._lock:
            idle = self._idle.get(key)
            buffer = idle.pop() if idle else None
            known = self._known.pop(id(buffer), None) if buffer is not None else None
        if buffer is None:
            buffer = np.empty_like(pixels, order="C")
            with self._lock:
                self._made[id(buffer)] = buffer
        return buffer, known

    def take_like(self, pixels: np.ndarray) -> np.ndarray:
        """A buffer of ``pixels``' shape and type (contents undefined)."""
        return self.take_known_like(pixels)[0]

    def copy_of(self, pixels: np.ndarray) -> np.ndarray:
        buffer = self.take_like(pixels)
        np.copyto(buffer, pixels)
        return buffer

    def recycle(self, buffer: np.ndarray, known: tuple | None = None) -> None:
        key = (buffer.shape, buffer.dtype.str)
        with self._lock:
            if self._made.get(id(buffer)) is not buffer:
                return
            idle = self._idle.setdefault(key, [])
            if len(idle) < self.keep and all(b is not buffer for b in idle):
                idle.append(buffer)
                if known is not None:
                    self._known[id(buffer)] = known

    def idle_count(self) -> int:
        with self._lock:
            return sum(len(idle) for idle in self._idle.values())


FRAMES = FramePool()

# A chroma sample is filtered from neighbouring pixels, so a pixel drawn over the
# background changes the conversion up to CHROMA_REACH pixels away: the region pasted
# reaches that far past the drawn region, and is converted with CONVERSION_MARGIN more
# pixels of the frame around it. (Measured with swscale's default filter: 2 and 2 make
# the result equal the whole frame's conversion byte for byte; tests check 4 and 4.)
CHROMA_REACH = 4
CONVERSION_MARGIN = 4
# Above this share of the frame in drawn regions, the whole frame is converted instead:
# a region costs its copy, conversion and paste.
COMPOSE_UP_TO = 0.6


class DrawnFrame(np.ndarray):
    """A frame known to be ``background`` outside ``regions`` ((x0, y0, x1, y1) pixel
    rectangles): a view of the renderer's array ``owner`` that carries what the camera
    knows about it to the encoder (see ``LessonCamera.drawn_over_background``)."""

    owner: np.ndarray
    background: np.ndarray
    regions: tuple[tuple[int, int, int, int], ...]

    @classmethod
    def over(cls, pixels: np.ndarray, background: np.ndarray, regions) -> "DrawnFrame":
        frame = pixels.view(cls)
        frame.owner, frame.background, frame.regions = pixels, background, tuple(regions)
        return frame


def _plane_arrays(frame: av.VideoFrame) -> list[np.ndarray]:
    """Writable views of a planar frame's planes, without their row padding."""
    return [np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)[:, :plane.width]
            for plane in frame.planes]


class FrameEncoder(VideoSegmentEncoder):
    """A ``VideoSegmentEncoder`` that converts each frame once, straight from the array it
    is given (see the module's description); its video decodes to the same frames as
    manim's encoder writes at the same settings. With a ``pool``, frames go back to it."""

    def __init__(self, *, target: Path, spec, pool: FramePool | None = None) -> None:
        spec = dataclasses.replace(spec, options=with_default_options(spec.options, spec.codec, config.video_encoder_options))
        super().__init__(target=target, spec=spec)
        self._pool = pool
        self._time_base = Fraction(spec.frame_rate.denominator, spec.frame_rate.numerator)
        self._background: tuple[np.ndarray, list[np.ndarray]] | None = None  # converted

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        """Encode ``pixels`` (which this encoder now owns; with a ``pool``, it goes back to
        the pool once converted)."""
        drawn = None
        if isinstance(pixels, DrawnFrame):
            drawn, pixels = pixels, pixels.owner
        self._validate_frame(pixels, repeat)
        try:
            if self._stream.pix_fmt == "rgba":
                # Copied into a new frame: the codec may keep the frame it is given.
                frame = av.VideoFrame.from_ndarray(pixels, format="rgba")
            else:
                frame = self._composed(pixels, drawn) if drawn is not None else None
                if frame is None:
                    frame = self._converted(pixels)
            if self._pool is not None:
                self._pool.recycle(pixels, None if drawn is None else (drawn.background, drawn.regions))
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

    def _converted(self, pixels: np.ndarray) -> av.VideoFrame:
        """``pixels`` in the stream's format: the conversion the codec context applies
        itself (the same scaler), read straight from the array, into a new frame.

        On one thread: swscale's threads (the codec context's ``thread_count``, all cores)
        cost more CPU than one thread for the same bytes, and the renderer and x264 keep
        the other core busy."""
        source = av.VideoFrame.from_numpy_buffer(np.ascontiguousarray(pixels), format="rgba")
        return source.reformat(format=self._stream.pix_fmt, threads=1)

    def _composed(self, pixels: np.ndarray, drawn: DrawnFrame) -> av.VideoFrame | None:
        """The frame converted as the background's conversion with only the drawn regions
        converted afresh, or None where that is no cheaper (or the format is not planar
        4:2:0)."""
        height, width = pixels.shape[:2]
        if self._stream.pix_fmt != "yuv420p":
            return None
        area = sum((x1 - x0) * (y1 - y0) for x0, y0, x1, y1 in drawn.regions)
        if area > COMPOSE_UP_TO * width * height:
            return None
        if self._background is None or self._background[0] is not drawn.background:
            whole = self._converted(drawn.background)
            self._background = (drawn.background, [plane.copy() for plane in _plane_arrays(whole)])
        frame = av.VideoFrame(width, height, "yuv420p")
        planes = _plane_arrays(frame)
        for plane, background in zip(planes, self._background[1]):
            np.copyto(plane, background)
        reach, margin = CHROMA_REACH, CONVERSION_MARGIN
        for x0, y0, x1, y1 in drawn.regions:
            # Pasted: the region and the pixels whose conversion it reaches (a chroma sample
            # is filtered from its neighbours), on the chroma grid (even). Converted: that
            # with a margin of the frame around it, for the same reason.
            x0, y0 = max(0, x0 - reach) & ~1, max(0, y0 - reach) & ~1
            x1, y1 = min(width, x1 + reach), min(height, y1 + reach)
            cx0, cy0 = max(0, x0 - margin) & ~1, max(0, y0 - margin) & ~1
            cx1, cy1 = min(width, x1 + margin), min(height, y1 + margin)
            cx1 += (cx1 - cx0) % 2 if cx1 < width else 0
            cy1 += (cy1 - cy0) % 2 if cy1 < height else 0
            part = _plane_arrays(self._converted(pixels[cy0:cy1, cx0:cx1]))
            for k, (plane, source) in enumerate(zip(planes, part)):
                shift = 0 if k == 0 else 1  # chroma planes: half size
                a0, b0 = x0 >> shift, y0 >> shift
                a1, b1 = (x1 + shift) >> shift, (y1 + shift) >> shift
                o0, p0 = cx0 >> shift, cy0 >> shift
                plane[b0:b1, a0:a1] = source[b0 - p0:b1 - p0, a0 - o0:a1 - o0]
        return frame


class LessonFileWriter(SceneFileWriter):
    """Manim's scene file writer, encoding partial movie files with :class:`FrameEncoder`."""

    def _create_segment_encoder(self, target: Path) -> VideoSegmentEncoder:
        if self.video_encoder is None:
            return super()._create_segment_encoder(target)
        # A frame written here is the encoder's: manim writes a frame to the video or (png
        # sequence) to an image, never both; the camera only reads the frame it lent
        # until it starts the next one, and recycled buffers are only taken then.
        return FrameEncoder(target=target, spec=self.video_encoder, pool=FRAMES)


class LessonRenderer(CairoRenderer):
    """Manim's Cairo renderer, writing with :class:`LessonFileWriter`, handing frames over
    without copying them.

    Manim copies the camera's pixels for every frame it writes (the encoder works on the
    frame while the next one is drawn). With a
    :class:`LessonCamera` this renderer hands over the camera's own array instead, and
    the camera draws the next frame into another buffer from :data:`FRAMES` (the ones the
    encoder has finished with). The camera keeps the frame it lent until it starts the next
    one, so anything reading it in between (a still, the last frame) reads what was drawn.
    Other cameras get a copy, in a recycled buffer.
    """

    _lent: np.ndarray | None = None  # the camera's array, handed over by get_frame

    def get_frame(self):
        pixels = self.camera.pixel_array
        if not isinstance(self.camera, LessonCamera):
            return FRAMES.copy_of(pixels)
        if pixels is self._lent:
            # Lent once already: a second owner gets its own copy, outside the pool (a
            # pooled buffer could be this very one, recycled by the first owner).
            return pixels.copy()
        self._lent = pixels
        return pixels

    def add_frame(self, frame, num_frames: int = 1) -> None:
        """Manim's ``add_frame``; the camera's own frame goes to the writer as a
        :class:`DrawnFrame` when the camera knows what it drew over a background."""
        if frame is self._lent and isinstance(self.camera, LessonCamera):
            drawn = self.camera.drawn_over_background()
            if drawn is not None:
                frame = DrawnFrame.over(frame, *drawn)
        super().add_frame(frame, num_frames)

    def update_frame(self, scene, mobjects=None, include_submobjects=True, ignore_skipping=True, **kwargs):
        drawing = not (self.skip_animations and not ignore_skipping)
        if drawing and self._lent is not None and self.camera.pixel_array is self._lent:
            # The lent frame belongs to the encoder (or the static background) now.
            self.camera.draw_into(*FRAMES.take_known_like(self._lent))
        if drawing:
            self._lent = None
        super().update_frame(scene, mobjects, include_submobjects, ignore_skipping, **kwargs)


def lesson_renderer(camera_class, skip_animations: bool = False) -> CairoRenderer:
    """The renderer lesson scenes use (:class:`LessonRenderer`)."""
    return LessonRenderer(file_writer_class=LessonFileWriter, camera_class=camera_class,
                          skip_animations=skip_animations)
