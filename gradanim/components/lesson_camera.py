"""Manim's 2D camera, remembering the Cairo path of every shape it has drawn.

Most shapes a frame draws were drawn before with the same points: a formula fading in
changes its opacity, not its outline; footprints, contour lines and panel text stay put
while manim redraws them over and over (for each frame of an animation that has
something moving beneath them, and once per animation for the static background).
Building a Cairo path costs manim a Python call per Bézier curve plus the subpath analysis;
replaying a stored path is one call.

:class:`LessonCamera` keys each path by the shape's class and the bytes of its points
relative to the first one, which is all the path depends on up to a translation (manim's
2D camera draws in frame coordinates through the context's matrix), and replays it
translated to the first point: a shape that moves without changing shape (a marker, a
formula fading in with a shift) is found as well. Colours, opacity and stroke widths are
applied afresh each time.
The store is least-recently-used, bounded, and kept outside the camera's attributes: manim
hashes the camera's attributes for its render cache.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from math import isfinite

import numpy as np
from manim import Camera


class PathStore:
    """Cairo paths by (class, points): least recently used first out, at most ``size``
    paths and ``max_bytes`` of point data in the keys (a path takes about as much again).

    Measured at 1080p60 when keys were absolute points: GradientField filled 20 000 paths
    with 46 MB of keys (shapes that change every frame make a new path every frame),
    LinearRegression 16 500 with 29 MB. Keyed up to translation, LearningRateTradeoff
    misses 5 100 times in 77 000 draws (30 100 before).
    """

    def __init__(self, size: int = 20_000, max_bytes: int = 32 * 2**20):
        self.size, self.max_bytes = size, max_bytes
        self.paths: OrderedDict = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key):
        path = self.paths.get(key)
        if path is None:
            self.misses += 1
        else:
            self.hits += 1
            self.paths.move_to_end(key)
        return path

    def put(self, key, path) -> None:
        if key in self.paths:
            return
        self.paths[key] = path
        self.bytes += _size(key)
        while self.paths and (len(self.paths) > self.size or self.bytes > self.max_bytes):
            oldest, _ = self.paths.popitem(last=False)
            self.bytes -= _size(oldest)


def _size(key) -> int:
    """Bytes of point data in a key (class, shape, point bytes); other keys count 0."""
    data = key[-1] if isinstance(key, tuple) else None
    return len(data) if isinstance(data, bytes) else 0


PATHS = PathStore()  # shared: a path in frame coordinates serves every 2D camera

# Cairo contexts of each camera by pixel array, least recently used first out. Manim keys
# its own by ``id(array)`` and never forgets one: fine for its one array, but the lesson
# renderer has the camera draw into recycled buffers (see gradanim.frame_encoder). Each
# entry holds its array, so an id is never reused while its context is kept.
_CONTEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_CONTEXTS_KEPT = 24
_GRID = 1e7  # keys round to 1e-7 frame units: 1e-5 of a pixel at 1080p


class LessonCamera(Camera):
    """Manim's ``Camera``, replaying stored Cairo paths of shapes whose points it has drawn
    before, and listing what to draw in one pass."""

    def get_cached_cairo_context(self, pixel_array):
        contexts = _CONTEXTS.get(self)
        entry = contexts.get(id(pixel_array)) if contexts else None
        if entry is None or entry[0] is not pixel_array:
            return None
        contexts.move_to_end(id(pixel_array))
        return entry[1]

    def cache_cairo_context(self, pixel_array, ctx) -> None:
        contexts = _CONTEXTS.setdefault(self, OrderedDict())
        contexts[id(pixel_array)] = (pixel_array, ctx)
        while len(contexts) > _CONTEXTS_KEPT:
            contexts.popitem(last=False)

    def get_mobjects_to_display(self, mobjects, include_submobjects=True, excluded_mobjects=None):
        """The family members with points of ``mobjects``, in manim's order (each where it
        last occurs in the families' pre-order), found in one pass: manim lists each
        family again and then removes the repeats, which took 4 ms a frame in
        DirectionalDerivative at 1080p (its moving list repeats families)."""
        if not include_submobjects or excluded_mobjects:
            return super().get_mobjects_to_display(mobjects, include_submobjects, excluded_mobjects)
        seen: set[int] = set()
        found: list = []

        def visit(mobject) -> None:
            # Reversed pre-order, first occurrence kept = pre-order, last occurrence kept.
            # A mobject seen before brought its whole family then, so it is skipped whole.
            if id(mobject) in seen:
                return
            seen.add(id(mobject))
            for child in reversed(mobject.submobjects):
                visit(child)
            if mobject.get_num_points() > 0:
                found.append(mobject)

        for mobject in reversed(list(mobjects)):
            visit(mobject)
        found.reverse()
        if self.use_z_index:
            found.sort(key=lambda m: m.z_index)
        return found

    def set_cairo_context_path(self, ctx, vmobject):
        points = vmobject.points
        if len(points) == 0:
            return super().set_cairo_context_path(ctx, vmobject)
        x, y = float(points[0, 0]), float(points[0, 1])
        if not (isfinite(x) and isfinite(y)):
            return super().set_cairo_context_path(ctx, vmobject)
        # Keyed by the outline relative to its first point (rounded far below a pixel), so
        # a shape that only moves (a marker, a formula fading in with a shift) is found too.
        # (This runs for every shape of every frame: ufuncs in place, no wrappers.)
        relative = points - points[0]
        np.multiply(relative, _GRID, out=relative)
        np.rint(relative, out=relative)
        key = (type(vmobject), points.shape, relative.tobytes())
        path = PATHS.get(key)
        ctx.new_path()
        if path is None:
            super().set_cairo_context_path(ctx, vmobject)
        ctx.save()
        ctx.translate(x, y)  # user space with the first point at the origin
        if path is None:
            PATHS.put(key, ctx.copy_path())
        else:
            ctx.append_path(path)
        ctx.restore()  # the path stays; the transformation is restored
        return self
