"""One real render through the CLI at the lowest quality: MP4, poster PNG and slide GIF."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

av = pytest.importorskip("av")
Image = pytest.importorskip("PIL.Image")

from gradanim.cli import main  # noqa: E402
from gradanim.export import gif_durations  # noqa: E402


@pytest.mark.render
def test_demo_renders_mp4_png_and_looping_gif(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--quality", "low", "--output", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    video, poster, gif = (tmp_path / f"GradientDescent.{ext}" for ext in ("mp4", "png", "gif"))
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (854, 480)
        duration = float(container.duration / av.time_base)
    assert 8 < duration < 40
    assert Image.open(poster).size == (854, 480)
    with Image.open(gif) as image:
        assert image.info.get("loop") == 0  # loops forever
        assert image.width == 720
        frames = image.n_frames
        total_ms = 0
        for i in range(frames):
            image.seek(i)
            total_ms += image.info["duration"]
    # Identical frames are merged, but the GIF plays as long as the video (GIF delays are in 10 ms).
    assert abs(total_ms / 1000 - duration) < 0.25
    assert gif.stat().st_size < 4e6
    # Nothing half-written is left behind.
    assert not list(tmp_path.glob(".*partial*"))


def test_gif_durations_keep_time_exactly():
    durations = gif_durations(150, 15)  # 10 s at 15 fps
    assert set(durations) == {60, 70} and sum(durations) == 10_000
    assert gif_durations(100, 20) == [50] * 100


def _moving_square_video(path, seconds: float = 2.0, fps: int = 30, size=(640, 360)):
    """A short MP4 of a square crossing a noisy-free dark background, written with PyAV."""
    import av
    import numpy as np

    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        for i in range(int(seconds * fps)):
            frame = np.full((size[1], size[0], 3), 20, dtype=np.uint8)
            x = int(i / (seconds * fps) * (size[0] - 80))
            frame[140:220, x:x + 80] = (240, 200, 60)
            frame[20:40, 20 + 3 * i % 400: 60 + 3 * i % 400] = (80, 160, 220)
            for packet in stream.encode(av.VideoFrame.from_ndarray(frame, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def test_gif_budget_walks_the_ladder_fewer_colours_and_frames_before_fewer_pixels(tmp_path):
    from PIL import Image

    from gradanim.export import GIF_LADDER, GifSettings, fit_gif

    video = _moving_square_video(tmp_path / "square.mp4")
    roomy, used = fit_gif(video, tmp_path / "roomy.gif", GifSettings(width=640, fps=20), max_mb=50)
    assert (used.width, used.fps, used.colors) == (640, 20, 256)  # fits at once: untouched
    sizes = [(w, f, c) for w, f, c in GIF_LADDER if w <= 640]
    assert sizes.index((640, 10, 128)) < sizes.index((480, 10, 128))  # colours go before pixels

    tight, used = fit_gif(video, tmp_path / "tight.gif", GifSettings(width=640, fps=20), max_mb=0.001)
    assert (used.width, used.fps, used.colors) == GIF_LADDER[-1]  # nothing fits: the smallest
    with Image.open(tight) as gif:
        assert gif.size[0] == GIF_LADDER[-1][0] and gif.info.get("loop") == 0
    assert tight.stat().st_size < roomy.stat().st_size
    assert not list(tmp_path.glob("*.tmp*")) and sorted(p.name for p in tmp_path.iterdir()) == [
        "roomy.gif", "square.mp4", "tight.gif"]
