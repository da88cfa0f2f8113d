"""Frames of a rendered video side by side in one PNG, to look at a scene quickly.

    .venv/bin/python scripts/contact_sheet.py VIDEO.mp4 OUT.png 1.5,4,8,-0.1

Times are seconds; a negative time counts from the end.
"""
import sys, av
from PIL import Image
video, out = sys.argv[1], sys.argv[2]
times = [float(t) for t in sys.argv[3].split(",")]
imgs = []
with av.open(video) as c:
    s = c.streams.video[0]
    dur = float(s.duration * s.time_base) if s.duration else None
    frames = [(float(f.pts * f.time_base), f.to_image()) for f in c.decode(s)]
print("duration", frames[-1][0], "frames", len(frames))
for t in times:
    if t < 0: t = frames[-1][0] + t
    best = min(frames, key=lambda fr: abs(fr[0] - t))
    imgs.append(best[1])
w, h = imgs[0].size
cols = 2
rows = (len(imgs) + 1) // 2
sheet = Image.new("RGB", (w * cols, h * rows), "white")
for i, im in enumerate(imgs):
    sheet.paste(im, ((i % cols) * w, (i // cols) * h))
sheet.save(out)
