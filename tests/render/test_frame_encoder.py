"""The frame encoder writes what manim's own segment encoder writes, with less work per frame."""

from fractions import Fraction

import av
import numpy as np
import pytest
from manim import Scene, ThreeDCamera, ThreeDScene, tempconfig
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from gradanim.scene_base import LessonScene
from gradanim.scene_base import LessonScene3D
from gradanim.render.depth_camera import DepthCamera
from gradanim.render.frame_encoder import FRAMES, X264_PRESET, X264_QP, FrameEncoder, FramePool, LessonFileWriter, LessonRenderer, with_default_options


def spec(codec="libx264", container="mp4", pixel_format="yuv420p", width=96, height=54, **options):
    return VideoEncoderSpec(container_format=container, codec=codec, pixel_format=pixel_format, width=width,
                            height=height, frame_rate=Fraction(15), options=tuple(sorted(options.items())))


def frames(width, height, count=6):
    """Frames with a moving square over a gradient background, every one different."""
    rng = np.random.default_rng(3)
    background = np.zeros((height, width, 4), np.uint8)
    background[..., 0] = np.linspace(0, 255, width, dtype=np.uint8)[None, :]
    background[..., 1] = np.linspace(40, 200, height, dtype=np.uint8)[:, None]
    background[..., 3] = 255
    out = []
    for k in range(count):
        frame = background.copy()
        frame[10 + 3 * k:30 + 3 * k, 8 + 7 * k:28 + 7 * k, :3] = rng.integers(0, 255, 3, dtype=np.uint8)
        out.append(frame)
    return out


def encode(encoder_class, target, encoder_spec, writes):
    encoder = encoder_class(target=target, spec=encoder_spec)
    for pixels, repeat in writes:
        # manim gives up the array when it writes it: a reused buffer must not leak into
        # earlier frames, so each array is overwritten after it is written.
        encoder.write_frame(pixels, repeat=repeat)
        pixels[...] = 0
    encoder.finish()
    with av.open(str(target)) as container:
        return [(f.pts, f.to_ndarray(format="rgb24")) for f in container.decode(video=0)]


@pytest.mark.parametrize("width,height", [(96, 54), (854, 480)])  # 854 px rows are padded in PyAV frames
def test_same_video_as_manims_encoder(tmp_path, width, height):
    s = spec(width=width, height=height, crf="23", preset="superfast")
    originals = frames(width, height)
    writes = [(f, repeat) for f, repeat in zip(originals, (1, 3, 1, 2, 1, 4))]
    ours = encode(FrameEncoder, tmp_path / "ours.mp4", s, [(f.copy(), r) for f, r in writes])
    manims = encode(VideoSegmentEncoder, tmp_path / "manim.mp4", s, [(f.copy(), r) for f, r in writes])
    assert len(ours) == len(manims) == 12
    stamps = [pts for pts, _ in ours]
    assert stamps == [pts for pts, _ in manims]
    assert len(set(np.diff(stamps))) == 1  # one frame duration apart, repeats included
    for (_, a), (_, b) in zip(ours, manims):
        assert np.array_equal(a, b)
    # and the pictures are the frames that were written, held for their repeats
    held = [f for f, r in writes for _ in range(r)]
    for (_, got), want in zip(ours, held):
        assert np.abs(got.astype(int) - want[..., :3].astype(int)).mean() < 6


def test_x264_defaults_to_fast_settings_but_what_a_render_chooses_wins():
    # nothing chosen (manim's own crf=23 only): ultrafast at a constant quantiser
    assert dict(with_default_options((("crf", "23"),), "libx264")) == {"preset": X264_PRESET, "qp": X264_QP}
    # a preset chosen: everything as named, manim's crf kept
    assert with_default_options((("crf", "23"), ("preset", "slow")), "libx264") == (("crf", "23"), ("preset", "slow"))
    # a rate control chosen: kept, our preset added
    assert dict(with_default_options((("crf", "28"),), "libx264")) == {"preset": X264_PRESET, "crf": "28"}
    assert dict(with_default_options((("crf", "23"), ("qp", "30")), "libx264")) == {
        "preset": X264_PRESET, "crf": "23", "qp": "30"}
    assert dict(with_default_options((("b", "2M"), ("crf", "23")), "libx264")) == {
        "preset": X264_PRESET, "crf": "23", "b": "2M"}
    # manim's crf named by the render itself (config.video_encoder_options): kept
    assert dict(with_default_options((("crf", "23"),), "libx264", {"crf": "23"})) == {"preset": X264_PRESET, "crf": "23"}
    # other codecs untouched
    assert with_default_options((("crf", "23"),), "libvpx-vp9") == (("crf", "23"),)


def test_the_default_settings_reach_the_stream(tmp_path):
    encoder = FrameEncoder(target=tmp_path / "x.mp4", spec=spec(crf="23"))
    assert dict(encoder.spec.options) == {"preset": X264_PRESET, "qp": X264_QP}
    encoder.abort()


def test_the_constant_quantiser_is_no_worse_than_manims_crf(tmp_path):
    originals = frames(96, 54, 8)

    def mean_error(**options):
        got = encode(FrameEncoder, tmp_path / "x.mp4", spec(**options), [(f.copy(), 1) for f in originals])
        return np.mean([np.abs(p.astype(int) - f[..., :3].astype(int)).mean() for (_, p), f in zip(got, originals)])

    ours = mean_error(crf="23")  # manim's default: becomes qp 18
    manims = mean_error(crf="23", preset=X264_PRESET)  # the preset alone, crf kept
    assert ours <= manims


def test_rgba_output_sends_a_new_frame_each_time(tmp_path):
    """Codecs that take RGBA as it is (PNG in MOV, for transparent video) get fresh buffers."""
    s = spec(codec="png", container="mov", pixel_format="rgba", width=32, height=24)
    originals = frames(32, 24, 3)
    got = encode(FrameEncoder, tmp_path / "x.mov", s, [(f.copy(), 2) for f in originals])
    assert len(got) == 6
    for k, (_, pixels) in enumerate(got):
        assert np.array_equal(pixels, originals[k // 2][..., :3])


@pytest.mark.parametrize("scene_class,base,camera", [(LessonScene, Scene, None), (LessonScene3D, ThreeDScene, DepthCamera)])
def test_lesson_scenes_render_through_the_lesson_file_writer(scene_class, base, camera):
    with tempconfig({"dry_run": True}):
        scene = scene_class()
    assert isinstance(scene.renderer.file_writer, LessonFileWriter)
    assert isinstance(scene, base)
    if camera is not None:
        assert isinstance(scene.camera, camera)


def test_the_pool_reuses_only_its_own_buffers_once_they_are_given_back():
    pool = FramePool(keep=2)
    frame = frames(32, 24, 1)[0]
    first = pool.copy_of(frame)
    assert first is not frame and np.array_equal(first, frame)
    second = pool.copy_of(frame)
    assert second is not first  # the first is still out
    pool.recycle(first)
    pool.recycle(first)  # twice: kept once
    pool.recycle(frame.copy())  # not the pool's: ignored
    assert pool.idle_count() == 1
    other = frame.copy()
    other[...] = 7
    assert pool.copy_of(other) is first and np.all(first == 7)
    assert pool.copy_of(frame[:12]).shape == (12, 32, 4)  # another size: a new buffer


def test_the_pool_passes_on_what_a_buffer_is_known_to_hold():
    pool = FramePool()
    frame = frames(32, 24, 1)[0]
    a, b = pool.take_like(frame), pool.take_like(frame)
    known = (frame, ((0, 0, 8, 8),))
    pool.recycle(a, known)
    assert pool.take_known_like(frame) == (a, known)
    pool.recycle(a)  # back without: nothing known
    assert pool.take_known_like(frame) == (a, None)
    pool.recycle(b, known)
    assert pool.copy_of(frame) is b  # overwritten: what was known goes with it
    pool.recycle(b)
    assert pool.take_known_like(frame) == (b, None)


def test_the_encoder_gives_frames_back_after_converting_them(tmp_path):
    pool = FramePool()
    s = spec(width=96, height=54, crf="23")
    originals = frames(96, 54, 3)
    encoder = FrameEncoder(target=tmp_path / "x.mp4", spec=s, pool=pool)
    copies = [pool.copy_of(f) for f in originals]
    for copy in copies:
        encoder.write_frame(copy, repeat=2)
        copy[...] = 0  # reused for the next frame before the video is finished
    encoder.finish()
    assert pool.idle_count() == 3
    with av.open(str(tmp_path / "x.mp4")) as container:
        decoded = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    for k, got in enumerate(decoded):
        assert np.abs(got.astype(int) - originals[k // 2][..., :3].astype(int)).mean() < 6


def test_the_renderer_lends_the_cameras_frame_and_the_camera_draws_on_elsewhere():
    from manim import Square

    with tempconfig({"dry_run": True, "pixel_width": 160, "pixel_height": 90}):
        scene = LessonScene()
        renderer, camera = scene.renderer, scene.renderer.camera
        assert isinstance(renderer, LessonRenderer)
        scene.add(Square(2, fill_opacity=1, color="#ff0000"))
        renderer.update_frame(scene)
        first = renderer.get_frame()
        assert first is camera.pixel_array  # lent, not copied
        drawn = first.copy()
        assert np.array_equal(np.asarray(camera.get_image())[..., :3], drawn[..., :3])  # still readable
        again = renderer.get_frame()  # a second owner gets a copy
        assert again is not first and np.array_equal(again, first)
        scene.clear()
        renderer.update_frame(scene)  # the next frame: drawn into another buffer
        assert camera.pixel_array is not first
        assert np.array_equal(first, drawn)  # the lent frame is untouched
        assert not np.array_equal(camera.pixel_array, drawn)
        FRAMES.recycle(first)  # as the encoder does; the camera may draw into it later
        for _ in range(40):  # many buffers: contexts kept bounded, each for its own array
            renderer.update_frame(scene)
            FRAMES.recycle(renderer.get_frame())
        from gradanim.render.lesson_camera import _CONTEXTS, _CONTEXTS_KEPT

        assert 0 < len(_CONTEXTS[camera]) <= _CONTEXTS_KEPT
        assert all(key == id(array) for key, (array, _) in _CONTEXTS[camera].items())


def test_other_cameras_hand_over_copies_from_the_pool():
    with tempconfig({"dry_run": True, "pixel_width": 160, "pixel_height": 90}):
        scene = LessonScene(camera_class=ThreeDCamera)
    frame = scene.renderer.get_frame()
    assert frame is not scene.renderer.camera.pixel_array
    assert np.array_equal(frame, scene.renderer.camera.pixel_array)
    assert FRAMES._made.get(id(frame)) is frame


# Frames drawn over a background: only the drawn regions converted


def drawn_over(width, height, count, seed=8):
    """(background, [(frame, regions)]): noise frames (the hardest for the chroma filter)
    that differ from the background only inside regions from ``drawn_regions``, which
    reach the frame's edges and may overlap."""
    from gradanim.render.lesson_camera import drawn_regions

    rng = np.random.default_rng(seed)
    background = rng.integers(0, 256, (height, width, 4), dtype=np.uint8)
    background[..., 3] = 255
    out = []
    for _ in range(count):
        corners = rng.uniform(-20, max(width, height), (3, 2))
        boxes = np.hstack([corners, corners + rng.uniform(5, 90, (3, 2))])
        regions = drawn_regions(boxes, width, height, tile=32)
        frame = background.copy()
        for x0, y0, x1, y1 in boxes.astype(int).clip(0, None):
            frame[y0:y1, x0:x1, :3] = rng.integers(0, 256, frame[y0:y1, x0:x1, :3].shape, dtype=np.uint8)
        out.append((frame, regions))
    return background, out


@pytest.mark.parametrize("width,height", [(320, 180), (854, 480)])
def test_a_frame_drawn_over_a_background_encodes_as_the_whole_frame_converted(tmp_path, width, height):
    from gradanim.render.frame_encoder import DrawnFrame

    background, drawn = drawn_over(width, height, 8)
    s = spec(width=width, height=height, crf="23")
    whole = encode(FrameEncoder, tmp_path / "whole.mp4", s, [(f.copy(), 1) for f, _ in drawn])
    parts = encode(FrameEncoder, tmp_path / "parts.mp4", s,
                   [(DrawnFrame.over(f.copy(), background, regions), 1) for f, regions in drawn])
    assert len(whole) == len(parts) == 8
    for (_, a), (_, b) in zip(whole, parts):
        assert np.array_equal(a, b)


def test_composing_is_used_for_small_regions_and_the_owner_goes_back_to_the_pool(tmp_path, monkeypatch):
    from gradanim.render import frame_encoder
    from gradanim.render.frame_encoder import DrawnFrame

    background, _ = drawn_over(320, 180, 0)
    composed = []
    original = FrameEncoder._composed
    monkeypatch.setattr(FrameEncoder, "_composed",
                        lambda self, pixels, frame: composed.append(original(self, pixels, frame)) or composed[-1])
    pool = FramePool()
    encoder = FrameEncoder(target=tmp_path / "x.mp4", spec=spec(width=320, height=180, crf="23"), pool=pool)
    small, large = pool.copy_of(background), pool.copy_of(background)
    encoder.write_frame(DrawnFrame.over(small, background, [(0, 0, 32, 32)]))
    encoder.write_frame(DrawnFrame.over(large, background, [(0, 0, 320, 180)]))
    encoder.finish()
    assert composed[0] is not None and composed[1] is None  # the whole frame: converted whole
    assert frame_encoder.COMPOSE_UP_TO < 1
    assert pool.idle_count() == 2  # the arrays themselves, not their views


def test_lesson_renders_hand_the_encoder_what_was_drawn_and_the_video_is_the_same(tmp_path, monkeypatch):
    """A small LessonScene rendered with and without composing: the same decoded frames,
    and most frames composed."""
    from manim import Circle, Dot, MoveAlongPath, Square

    from gradanim.render import frame_encoder

    class Moving(LessonScene):
        def construct(self):
            self.add(Square(3, fill_opacity=0.5, color="#3366ff"))  # static background
            dot = Dot(color="#ffaa00")
            self.play(MoveAlongPath(dot, Circle(1.5)), run_time=1)

    seen = []
    original = FrameEncoder.write_frame
    monkeypatch.setattr(FrameEncoder, "write_frame",
                        lambda self, pixels, repeat=1: seen.append(type(pixels).__name__) or original(self, pixels, repeat=repeat))

    def render(folder):
        with tempconfig({"media_dir": str(tmp_path / folder), "pixel_width": 320, "pixel_height": 180,
                         "frame_rate": 15, "disable_caching": True, "progress_bar": "none"}):
            scene = Moving()
            scene.render()
            path = scene.renderer.file_writer.movie_file_path
        with av.open(str(path)) as container:
            return [f.to_ndarray() for f in container.decode(video=0)]

    composed = render("composed")
    assert seen.count("DrawnFrame") >= 10
    # without what is known of frames: whole conversions, whole background copies
    from gradanim.render.lesson_camera import LessonCamera

    monkeypatch.setattr(frame_encoder, "COMPOSE_UP_TO", -1.0)
    draw_into = LessonCamera.draw_into
    monkeypatch.setattr(LessonCamera, "draw_into", lambda self, buffer, known=None: draw_into(self, buffer))
    whole = render("whole")
    assert len(composed) == len(whole) >= 15
    assert all(np.array_equal(a, b) for a, b in zip(composed, whole))
