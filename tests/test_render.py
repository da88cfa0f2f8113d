"""One real render through the CLI at the lowest quality: MP4, poster PNG and slide GIF."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

av = pytest.importorskip("av")
Image = pytest.importorskip("PIL.Image")

from gradanim.cli import main  # noqa: E402


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
    assert abs(total_ms / 1000 - duration) <= 0.01
    assert gif.stat().st_size < 4e6
    # Nothing half-written is left behind.
    assert not list(tmp_path.glob(".*partial*"))
