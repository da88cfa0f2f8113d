"""The slide GIF: a video made into a looping GIF by FFmpeg's palette filters, through PyAV.

Two passes over the video, each FFmpeg's C code from decoding to writing:

1. The palette. The frames are resampled to the GIF's frame rate (``fps``: frame ``i``
   shows the video as it is at ``i / fps``, the frame on screen at that moment), scaled (``scale``, Lanczos) and a sample of them (at most every fourth frame) goes to
   ``palettegen`` with ``stats_mode=diff``: one palette for the whole clip, weighted towards
   what moves, so colours never flicker between frames.
2. The frames. The same resampling and scaling, then ``paletteuse`` with
   ``diff_mode=rectangle`` (only the rectangle that changed since the previous frame is
   mapped again, so everything else stays identical) and the chosen dither, then FFmpeg's
   ``gif`` encoder: each frame is cropped to what changed and, inside that, pixels equal
   to the previous frame are transparent. A frame identical to the one before is not
   written; the one before it is shown longer instead.

Timing: GIF delays are whole hundredths of a second. Frame ``i`` starts at
``round(i * 100 / fps)`` hundredths (so 15 fps alternates 7 and 6), and the last frame
lasts until the video ends, so the GIF plays exactly as long as the video (to 10 ms).

A size budget (:func:`fit_gif`) is met without encoding the clip at every rung of a
ladder of smaller settings: the first encode records, for every frame, its bytes and which
4x4-pixel blocks changed; from those the size at a lower frame rate (frames merged, their
changed blocks united), width and colour count is predicted, and the first rung predicted
to fit is encoded. Usually that is the second and last encode.
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from .atomic import atomic_path
from .core.errors import GradanimError

DITHERS: dict[str, dict[str, str]] = {
    "none": {"dither": "none"},
    "bayer": {"dither": "bayer", "bayer_scale": "3"},
    "floyd_steinberg": {"dither": "floyd_steinberg"},
}
"""``paletteuse`` settings of each dither. ``none`` keeps flat colours flat (diagrams: the
smallest files); ``bayer`` is a light ordered pattern (scale 3 of 0-5) that breaks the bands
in a 3D surface's shading; ``floyd_steinberg`` spreads each pixel's error to its
neighbours: the smoothest gradients and the largest files."""

AUTO_DITHER = "auto"
DITHER_CHOICES = (AUTO_DITHER, *DITHERS)
"""What a lesson or the command line may ask for: ``auto`` is ``none`` for 2D scenes and
``bayer`` for 3D ones (see :func:`dither_for`)."""

MAX_PLAYS = 65535
"""The most plays a GIF can be told to make short of forever (a 16-bit loop count)."""

_BLOCK = 4
"""Side in pixels of the blocks whose changes the first encode records for predictions."""
_WIDTH_EXPONENT = 1.5
"""GIF bytes go as width ** 1.5 at a fixed frame rate and palette (fitted on real lessons:
the README's Speed section says how close the predictions come)."""


class GifError(GradanimError):
    """A GIF could not be made (the message says which video and why)."""


@dataclass(frozen=True)
class GifSettings:
    """A slide GIF's settings.

    ``width`` in pixels (never more than the video's), ``fps`` frames per second (never
    more than the video's; one that divides 100 gives every frame the same delay),
    ``colors`` the entries of the one palette (2-256; one of them is the transparent
    colour that marks unchanged pixels), ``dither`` one of :data:`DITHERS`, ``loop`` the
    number of times it plays (0: forever).
    """

    width: int = 720
    fps: int = 20
    colors: int = 256
    dither: str = "none"
    loop: int = 0

    def __post_init__(self):
        if isinstance(self.width, bool) or not isinstance(self.width, int) or not 64 <= self.width <= 3840:
            raise GifError(f"GIF width must be a whole number of pixels from 64 to 3840, got {self.width!r}")
        if isinstance(self.fps, bool) or not isinstance(self.fps, int) or not 1 <= self.fps <= 50:
            raise GifError(f"GIF frame rate must be a whole number of frames per second from 1 to 50, got {self.fps!r}")
        if isinstance(self.colors, bool) or not isinstance(self.colors, int) or not 2 <= self.colors <= 256:
            raise GifError(f"GIF colours must be a whole number from 2 to 256, got {self.colors!r}")
        if self.dither not in DITHERS:
            raise GifError(f"GIF dither must be one of {', '.join(DITHERS)}, got {self.dither!r}")
        if isinstance(self.loop, bool) or not isinstance(self.loop, int) or not 0 <= self.loop <= MAX_PLAYS:
            raise GifError(f"GIF loop must be how many times it plays, from 1 to {MAX_PLAYS}, or 0 for forever; "
                           f"got {self.loop!r}")

    def describe(self) -> str:
        """``720 px, 20 fps, 256 colours`` (and the dither when there is one)."""
        text = f"{self.width} px, {self.fps} fps, {self.colors} colours"
        return text if self.dither == "none" else f"{text}, {self.dither} dither"


def dither_for(requested: str, three_d: bool) -> str:
    """The dither to use: ``requested``, or for ``auto`` none (2D) or bayer (3D)."""
    if requested == AUTO_DITHER:
        return "bayer" if three_d else "none"
    if requested not in DITHERS:
        raise GifError(f"GIF dither must be one of {', '.join(DITHER_CHOICES)}, got {requested!r}")
    return requested


def frame_tick(index: int, fps: Fraction | float) -> int:
    """When frame ``index`` starts, in hundredths of a second: the nearest tick to
    ``index / fps``, so delays never drift (15 fps: 0, 7, 13, 20, ...)."""
    fps = Fraction(fps)
    return (200 * index * fps.denominator + fps.numerator) // (2 * fps.numerator)  # half up


def gif_durations(count: int, fps: float) -> list[int]:
    """Per-frame delays in ms of ``count`` frames at ``fps`` that keep time exactly on
    average (15 fps: 70 and 60 ms in turn, so 8 s of animation lasts 8 s)."""
    ticks = [frame_tick(i, Fraction(fps).limit_denominator(1001)) for i in range(count + 1)]
    return [10 * max(1, b - a) for a, b in zip(ticks, ticks[1:])]


def _muxer_loop(plays: int) -> int:
    """The GIF muxer's ``loop``: 0 repeats forever, -1 plays once, n repeats n times."""
    return 0 if plays == 0 else plays - 1 if plays > 1 else -1


# --- the video -------------------------------------------------------------------------------


@dataclass(frozen=True)
class VideoInfo:
    width: int
    height: int
    rate: Fraction
    frames: int  # 0 when the container does not say

    def gif_size(self, width: int) -> tuple[int, int]:
        """(width, height) of GIF frames ``width`` wide at most, never wider than the video."""
        w = min(width, self.width)
        return w, max(1, round(self.height * w / self.width))

    def gif_fps(self, fps: int) -> Fraction:
        return min(Fraction(fps), self.rate)


def probe(video: Path) -> VideoInfo:
    import av

    try:
        with av.open(str(video)) as container:
            if not container.streams.video:
                raise GifError(f"{video} has no video stream")
            stream = container.streams.video[0]
            rate = stream.average_rate or stream.guessed_rate or Fraction(30)
            return VideoInfo(stream.width, stream.height, Fraction(rate), stream.frames or 0)
    except av.error.FFmpegError as error:
        raise GifError(f"cannot read {video}: {error}") from None


def _effective(settings: GifSettings, info: VideoInfo) -> GifSettings:
    """``settings`` as they will be made from this video (width and frame rate capped)."""
    width, _ = info.gif_size(settings.width)
    fps = info.gif_fps(settings.fps)
    return replace(settings, width=width, fps=settings.fps if fps == settings.fps else math.floor(fps) or 1)


def _chain(*nodes):
    """Link filters one after another; the last one."""
    for a, b in zip(nodes, nodes[1:]):
        a.link_to(b)
    return nodes[-1]


def _pulled(sink):
    """Every frame ``sink`` has ready now."""
    import av

    while True:
        try:
            yield sink.pull()
        except (av.error.BlockingIOError, av.error.EOFError):
            return


_DONE = object()


class _GifFrames:
    """The frames of a video at a GIF's rate and size (RGB), made on a second thread.

    FFmpeg decodes, resamples (``fps``: the frame on screen at each GIF frame's time; then
    every ``step``-th frame) and scales (Lanczos, straight from the video's YUV to RGB)
    while the caller maps colours and encodes the frames before: PyAV lets go of Python's
    lock inside FFmpeg, so the two halves run on two cores. At most a few frames wait in
    between.
    """

    def __init__(self, video: Path, info: VideoInfo, settings: GifSettings, step: int = 1):
        import queue
        import threading

        self.video, self.info, self.settings, self.step = video, info, settings, step
        self.fps = info.gif_fps(settings.fps)
        self.time_base = 1 / self.fps / step
        self.last_frame = None  # (pts, duration, time base) of the video's last frame
        self._queue = queue.Queue(maxsize=6)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gif-frames", daemon=True)

    def _put(self, item) -> None:
        import queue

        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        import av

        try:
            width, height = self.info.gif_size(self.settings.width)
            with av.open(str(self.video)) as container:
                stream = container.streams.video[0]
                stream.thread_type = "AUTO"
                graph = av.filter.Graph()
                source = graph.add_buffer(template=stream)
                nodes = [source, graph.add("fps", fps=f"{self.fps.numerator}/{self.fps.denominator}", round="up")]
                if self.step > 1:
                    nodes.append(graph.add("framestep", step=str(self.step)))
                nodes += [graph.add("scale", width=str(width), height=str(height), flags="lanczos"),
                          graph.add("format", pix_fmts="bgra"), graph.add("buffersink")]
                sink = _chain(*nodes)
                graph.configure()
                for frame in container.decode(stream):
                    if self._stop.is_set():
                        return
                    self.last_frame = (frame.pts, frame.duration, frame.time_base)
                    source.push(frame)
                    for out in _pulled(sink):
                        self._put(out)
                source.push(None)
                for out in _pulled(sink):
                    self._put(out)
            self._put(_DONE)
        except BaseException as error:  # handed to the caller's thread
            self._put(error)

    def __iter__(self):
        import av

        self._thread.start()
        try:
            while (item := self._queue.get()) is not _DONE:
                if isinstance(item, av.error.FFmpegError):
                    raise GifError(f"cannot read {self.video}: {item}") from None
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self._stop.set()
            self._thread.join()

    def end_tick(self) -> int:
        """When the video ends, in hundredths of a second: its last frame's start plus its
        duration (one frame at the video's rate when the file does not say)."""
        if self.last_frame is None:
            raise GifError(f"{self.video} has no frames")
        pts, duration, time_base = self.last_frame
        end = (pts or 0) * time_base + (duration * time_base if duration else 1 / self.info.rate)
        return round(end * 100)


def _palette(video: Path, info: VideoInfo, settings: GifSettings):
    """Pass 1: one palette (a 16x16 frame) for the clip from a sample of its GIF frames."""
    import av

    expected = info.frames * info.gif_fps(settings.fps) / info.rate if info.frames else 0
    frames = _GifFrames(video, info, settings, step=max(1, min(4, int(expected // 80))))  # 80+ frames
    width, height = info.gif_size(settings.width)
    graph = av.filter.Graph()
    source = graph.add_buffer(width=width, height=height, format="bgra", time_base=frames.time_base)
    sink = _chain(source, graph.add("palettegen", max_colors=str(settings.colors), stats_mode="diff"),
                  graph.add("buffersink"))
    graph.configure()
    palette = []
    for frame in frames:
        source.push(frame)
        palette += _pulled(sink)
    source.push(None)
    palette += _pulled(sink)
    if not palette:
        raise GifError(f"{video} has no frames")
    return palette[0]


@dataclass
class Encoded:
    """One encode of a clip: its settings (as made), size, and what the predictor needs."""

    settings: GifSettings
    fps: Fraction
    size: int = 0
    frames: int = 0  # frames at ``fps`` (written or merged into the one before)
    written: list[tuple[int, int]] = field(default_factory=list)  # (frame index, bytes) of each written frame
    blocks: dict[int, object] = field(default_factory=dict)  # frame index -> packed changed blocks


def _changed_blocks(now, before, width: int):
    """Which 4x4 blocks of a paletted frame differ from the frame before, as packed bits.

    ``now`` and ``before`` are whole rows (FFmpeg pads them to a multiple of 4 bytes), so
    four pixels compare as one 32-bit word."""
    import numpy as np

    columns = -(-width // _BLOCK)
    changed = now.view(np.uint32)[:, :columns] != before.view(np.uint32)[:, :columns]
    if changed.shape[0] % _BLOCK:
        changed = np.concatenate([changed, np.zeros((-changed.shape[0] % _BLOCK, columns), bool)])
    blocks = changed[0::_BLOCK] | changed[1::_BLOCK] | changed[2::_BLOCK] | changed[3::_BLOCK]
    return np.packbits(blocks)


def _encode(video: Path, output: Path, info: VideoInfo, settings: GifSettings, palette, *,
            record: bool = False) -> Encoded:
    """Pass 2: the GIF of ``video`` at ``settings`` with ``palette``, written to ``output``."""
    import av
    import numpy as np

    frames = _GifFrames(video, info, settings)
    fps = frames.fps
    result = Encoded(settings=_effective(settings, info), fps=fps)
    width, height = info.gif_size(settings.width)
    graph = av.filter.Graph()
    source = graph.add_buffer(width=width, height=height, format="bgra", time_base=frames.time_base)
    palette_in = graph.add_buffer(width=palette.width, height=palette.height, format=palette.format.name,
                                  time_base=Fraction(1, 100))
    use = graph.add("paletteuse", diff_mode="rectangle", **DITHERS[settings.dither])
    sink = graph.add("buffersink")
    source.link_to(use, 0, 0)
    palette_in.link_to(use, 0, 1)
    use.link_to(sink)
    graph.configure()
    palette_in.push(palette)
    palette_in.push(None)

    with av.open(str(output), "w", format="gif", options={"loop": str(_muxer_loop(settings.loop))}) as gif:
        out = gif.add_stream("gif", rate=fps)
        out.width, out.height, out.pix_fmt = width, height, "pal8"
        out.time_base = out.codec_context.time_base = Fraction(1, 100)  # GIF delays are hundredths
        pending = None  # (frame, its rows of pixels, its index): written once its delay is known
        index = 0

        def write(frame, frame_index: int, delay: int):
            frame.pts, frame.time_base = frame_tick(frame_index, fps), Fraction(1, 100)
            for packet in out.encode(frame):
                packet.time_base, packet.duration = Fraction(1, 100), delay  # the muxer's delay for the last frame
                result.written.append((frame_index, packet.size))
                gif.mux(packet)

        def take(frame):
            nonlocal pending, index
            rows = np.frombuffer(frame.planes[0], np.uint8).reshape(frame.height, -1)
            if rows.shape[1] % _BLOCK:
                rows = np.pad(rows, ((0, 0), (0, -rows.shape[1] % _BLOCK)))
            this = index
            index += 1
            if pending is not None and np.array_equal(rows[:, :width], pending[1][:, :width]):
                return  # identical: the frame before is shown longer
            if record and pending is not None:
                result.blocks[this] = _changed_blocks(rows, pending[1], width)
            if pending is not None:
                write(pending[0], pending[2], frame_tick(this, fps) - frame_tick(pending[2], fps))
            pending = (frame, rows, this)

        for frame in frames:
            source.push(frame)
            for done in _pulled(sink):
                take(done)
        source.push(None)
        for done in _pulled(sink):
            take(done)
        if pending is None:
            raise GifError(f"{video} has no frames")
        write(pending[0], pending[2], max(2, frames.end_tick() - frame_tick(pending[2], fps)))
        for packet in out.encode():
            gif.mux(packet)
        result.frames = index
    result.size = Path(output).stat().st_size
    return result


# --- one GIF, and a GIF within a budget ------------------------------------------------------


_FILTERS = ("fps", "framestep", "scale", "format", "palettegen", "paletteuse", "buffer", "buffersink")


def _check_ffmpeg() -> None:
    """Refuse clearly when PyAV's FFmpeg lacks what the GIF needs (its wheels have it all)."""
    import av

    missing = [f for f in _FILTERS if f not in av.filter.filters_available]
    missing += [] if "gif" in av.codecs_available and "gif" in av.formats_available else ["the gif encoder"]
    if missing:
        raise GifError(f"PyAV's FFmpeg ({av.__version__}) lacks {', '.join(missing)}, which the slide GIF "
                       "needs; install PyAV's own wheels (pip install av)")


class _Clip:
    """A video to make GIFs from: its facts and the palettes made so far (by colour count)."""

    def __init__(self, video: Path):
        _check_ffmpeg()
        self.video = Path(video)
        if not self.video.is_file():
            raise GifError(f"{video} does not exist")
        self.info = probe(self.video)
        self.palettes: dict[int, object] = {}

    def encode(self, output: Path, settings: GifSettings, record: bool = False) -> Encoded:
        if settings.colors not in self.palettes:
            self.palettes[settings.colors] = _palette(self.video, self.info, settings)
        return _encode(self.video, output, self.info, settings, self.palettes[settings.colors], record=record)


def video_to_gif(video: Path, output: Path, settings: GifSettings = GifSettings()) -> Path:
    """A slide GIF of ``video`` at ``settings``, written atomically to ``output``: frames
    resampled to ``settings.fps`` and scaled to ``settings.width`` (neither above the
    video's), one palette, unchanged pixels kept identical, exact timing."""
    clip = _Clip(video)
    with atomic_path(Path(output)) as tmp:
        clip.encode(tmp, settings)
    return Path(output)


GIF_LADDER = (
    (720, 20, 256), (640, 20, 256), (640, 10, 256), (640, 10, 128), (480, 10, 128), (480, 5, 128),
    (400, 10, 128), (400, 5, 128), (320, 10, 128), (320, 5, 128), (240, 5, 64),
)
"""(width, fps, colours) a GIF steps down through until it fits its budget, in order of
preference: half the colours and frames cost less legibility than fewer pixels, so they go
first where they can (below 128 colours the palette starts to merge the runs' colours, so
only the last step goes there)."""


def ladder(settings: GifSettings, info: VideoInfo | None = None) -> list[GifSettings]:
    """``settings`` and then every rung of :data:`GIF_LADDER` below them (as made from a
    video described by ``info``: rungs the video makes identical are given once)."""
    rungs = [settings] + [
        replace(settings, width=w, fps=f, colors=c) for w, f, c in GIF_LADDER
        if w <= settings.width and f <= settings.fps and c <= settings.colors
    ]
    seen, unique = set(), []
    for rung in rungs:
        key = _effective(rung, info) if info else rung
        if key not in seen:
            seen.add(key)
            unique.append(rung)
    return unique


def predict_size(first: Encoded, settings: GifSettings, info: VideoInfo) -> float:
    """Predicted bytes of the GIF at ``settings`` from a first encode that recorded its blocks.

    Lower frame rate: the first encode's frames that fall between two frames at the new
    rate merge into one; its bytes are their bytes per changed block times the blocks that
    changed in any of them. Width: bytes ~ width ** 1.5. Colours: bytes ~ bits per pixel.
    How close it comes on real lessons is in the README's Speed section.
    """
    import numpy as np

    target = _effective(settings, info)
    step = first.fps / info.gif_fps(target.fps)
    groups: dict[int, list[tuple[int, int]]] = {}
    total = 0.0
    for frame_index, size in first.written:
        if frame_index == 0:  # the first frame: header, palette and the whole picture
            total += size
            continue
        group = math.ceil((frame_index - Fraction(1, 2)) / step)
        groups.setdefault(group, []).append((frame_index, size))
    for members in groups.values():
        sizes = sum(size for _, size in members)
        if len(members) == 1:
            total += sizes
            continue
        masks = [np.unpackbits(first.blocks[i]).astype(bool) for i, _ in members]
        changed = sum(int(m.sum()) for m in masks)
        united = int(np.logical_or.reduce(masks).sum())
        total += sizes * united / max(changed, 1)
    width_factor = (target.width / first.settings.width) ** _WIDTH_EXPONENT
    colour_factor = math.ceil(math.log2(target.colors)) / math.ceil(math.log2(first.settings.colors))
    return total * width_factor * colour_factor


@dataclass(frozen=True)
class GifTry:
    settings: GifSettings
    size: int
    predicted: float | None  # bytes, for tries after the first


@dataclass(frozen=True)
class GifResult:
    """A GIF made within a budget: where, at which settings, and how they were chosen."""

    path: Path
    settings: GifSettings
    size: int
    budget: int
    tries: tuple[GifTry, ...]

    @property
    def fits(self) -> bool:
        return self.size <= self.budget

    def summary(self) -> str:
        """One line for the render summary: the settings chosen and why."""
        mb = lambda n: f"{n / 1e6:.2f} MB"  # noqa: E731
        head = f"{mb(self.size)} at {self.settings.describe()}"
        budget = f"the {self.budget / 1e6:g} MB budget"
        first, *rest = self.tries
        if not rest:
            return f"{head}: within {budget} at the first encode" if self.fits else \
                f"{head}: over {budget}, and nothing smaller is on the ladder"
        parts = [f"{first.settings.describe()} made {mb(first.size)}, over {budget}"]
        parts += [f"{t.settings.describe()}, predicted {mb(t.predicted)}, made {mb(t.size)}" for t in rest[:-1]]
        if self.fits:
            parts.append(f"these settings were the first on the ladder predicted to fit ({mb(rest[-1].predicted)})")
        else:
            parts.append("nothing on the ladder was predicted to fit: these are its smallest settings")
        return f"{head}: " + "; ".join(parts)


def fit_gif(video: Path, output: Path, settings: GifSettings, max_mb: float) -> GifResult:
    """The best GIF on the ladder (from ``settings`` down) that is at most ``max_mb``.

    Encodes ``settings`` first; if that is over budget, predicts every lower rung's size
    from it (:func:`predict_size`) and encodes the first rung predicted to fit, which
    usually fits. When it does not, the predictions are scaled by how far that one was off
    and the next rung predicted to fit is tried. When nothing fits, the smallest rung is
    kept (``GifResult.fits`` is False and the summary says so).
    """
    clip = _Clip(video)
    output = Path(output)
    budget = int(max_mb * 1e6)
    rungs = ladder(settings, clip.info)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=output.parent, prefix=".gif-") as scratch:
        def attempt(rung: GifSettings, record: bool = False) -> tuple[Path, Encoded]:
            path = Path(scratch) / f"{len(tries)}.gif"
            return path, clip.encode(path, rung, record=record)

        tries: list[GifTry] = []
        path, first = attempt(rungs[0], record=True)
        tries.append(GifTry(first.settings, first.size, None))
        kept = (path, first.settings, first.size)
        remaining, correction = rungs[1:], 1.0
        while kept[2] > budget and remaining:
            predicted = [(rung, predict_size(first, rung, clip.info) * correction) for rung in remaining]
            rung, guess = next(((r, p) for r, p in predicted if p <= budget), predicted[-1])
            path, made = attempt(rung)
            tries.append(GifTry(made.settings, made.size, guess))
            kept = (path, made.settings, made.size)
            correction *= made.size / guess
            remaining = remaining[remaining.index(rung) + 1:]
        with atomic_path(output) as tmp:
            Path(kept[0]).replace(tmp)
    return GifResult(output, kept[1], kept[2], budget, tuple(tries))
