"""Baseline for scripts/benchmark.py: the default lesson's descent as a matplotlib FuncAnimation.

Same function, levels, field density, steps, pacing, frame size (854x480) and rate (15 fps);
encoded to H.264 MP4 with PyAV (as manim does), since no ffmpeg binary is assumed.
Prints one JSON line: {"wall_s": ..., "video_s": ...}.
"""

import json
import sys
import tempfile
import time
from pathlib import Path

start = time.perf_counter()

import av  # noqa: E402
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.animation import AbstractMovieWriter, FuncAnimation  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.trajectory import descend  # noqa: E402

FPS, WIDTH, HEIGHT, DPI = 15, 854, 480, 100


class PyAVWriter(AbstractMovieWriter):
    """A matplotlib movie writer that encodes frames with PyAV (libx264)."""

    def setup(self, fig, outfile, dpi=None):
        super().setup(fig, outfile, dpi)
        self.container = av.open(str(outfile), mode="w")
        self.stream = self.container.add_stream("libx264", rate=self.fps)
        self.stream.width, self.stream.height, self.stream.pix_fmt = WIDTH, HEIGHT, "yuv420p"

    def grab_frame(self, **savefig_kwargs):
        self.fig.canvas.draw()
        rgba = np.asarray(self.fig.canvas.buffer_rgba())[:HEIGHT, :WIDTH, :3]
        for packet in self.stream.encode(av.VideoFrame.from_ndarray(np.ascontiguousarray(rgba), format="rgb24")):
            self.container.mux(packet)

    def finish(self):
        for packet in self.stream.encode():
            self.container.mux(packet)
        self.container.close()


f = Objective.from_text("x^2 + 3y^2")
t = descend(f, [-2.5, 1.5], "gd", lr=0.25, steps=40, tol=1e-4)
fig = plt.figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="#0e1016")
ax = fig.add_axes([0.05, 0.08, 0.55, 0.82], facecolor="#0e1016")
X, Y = np.meshgrid(np.linspace(-3, 3, 161), np.linspace(-2, 2, 161))
ax.contour(X, Y, f.value_on(X, Y), levels=12, cmap="viridis")
QX, QY = np.meshgrid(np.linspace(-2.8, 2.8, 15), np.linspace(-1.8, 1.8, 10))
G = f.gradient_on(QX, QY)
ax.quiver(QX, QY, -G[0], -G[1], alpha=0.3, color="#7fb8c9")
ax.set_aspect("equal")
(trail,) = ax.plot([], [], color="#ffd54f", lw=2)
(dot,) = ax.plot([], [], "o", color="#ffd54f")
readout = fig.text(0.65, 0.6, "", color="white", fontsize=12)
fig.text(0.65, 0.8, r"$f(x,y) = x^2 + 3y^2$", color="white", fontsize=14)

# The same pacing as the gradanim scene: intro, then steps that speed up.
frames = [(0, 0.0)] * int(6.1 * FPS)
for k in range(t.n_steps):
    duration = max(0.18, 0.75 * 0.86**k) * (1.6 if k < 6 else 1)
    n = max(1, round(duration * FPS))
    frames += [(k, (i + 1) / n) for i in range(n)]
frames += [(t.n_steps - 1, 1.0)] * int(2.3 * FPS)


def draw(frame):
    k, s = frame
    here = t.points[k] + s * (t.points[min(k + 1, t.n_steps)] - t.points[k])
    path = np.vstack([t.points[: k + 1], here])
    trail.set_data(path[:, 0], path[:, 1])
    dot.set_data([here[0]], [here[1]])
    readout.set_text(f"k = {k + (s >= 1)}\nf = {f.value(here):.3g}")
    return trail, dot, readout


with tempfile.TemporaryDirectory() as tmp:
    out = Path(tmp) / "descent.mp4"
    FuncAnimation(fig, draw, frames=frames, blit=False).save(str(out), writer=PyAVWriter(fps=FPS), dpi=DPI)
    with av.open(str(out)) as c:
        video_s = float(c.duration / av.time_base)
print(json.dumps({"wall_s": time.perf_counter() - start, "video_s": video_s}))
