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

It also knows where it drew: from the start of a frame at a background (manim draws each
frame of an animation as the static background with the moving mobjects over it), it
notes the pixel box each drawn shape can reach, and :meth:`LessonCamera.drawn_over_background`
gives the background and the regions, rounded out to a grid of tiles, outside which the
frame is the background. The encoder then converts only those regions to YUV
(``gradanim.render.frame_encoder``).
"""

from __future__ import annotations

import functools
import itertools as it
import weakref
from collections import OrderedDict
from math import isfinite

import numpy as np
from manim import Camera, PMobject, VMobject
from manim.mobject.types.image_mobject import AbstractImageMobject


class PathStore:
    """Cairo paths by (class, points): least recently used first out, at most ``size``
    paths and ``max_bytes`` of point data in the keys (a path takes about as much again).
    Shapes that change every frame make a new path every frame, so the store is bounded;
    keys are relative to a shape's first point, so a shape that only moves is found again.
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
# renderer has the camera draw into recycled buffers (see gradanim.render.frame_encoder). Each
# entry holds its array, so an id is never reused while its context is kept.
_CONTEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_CONTEXTS_KEPT = 24
_GRID = 1e7  # keys round to 1e-7 frame units: 1e-5 of a pixel at 1080p

# Per camera, while its frame is a background with shapes drawn over it: (the background,
# the pixel array it was copied into, the pixel boxes drawn since). Kept here, not on the
# camera: manim hashes a camera's attributes (arrays in full) for its render cache.
_STARTED_FROM: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# Per camera, a buffer handed to it with what it holds: (buffer, background, regions).
_HOLDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


# A stroke reaches past its path by half its width, and a mitred corner (manim's default
# join; Cairo's miter limit is 10) by up to 10 / 2 widths.
_MITER_REACH = 5.0
_ANTIALIAS = 1.0  # px a shape's antialiased edge reaches beyond its geometry
TILE = 32  # px: drawn regions are rounded out to a grid of tiles this size or larger


def tile_size(width: int) -> int:
    """The tile for a frame ``width`` pixels wide: about a thirtieth of it, a multiple of
    16 and at least :data:`TILE` (32 px at 480p, 64 at 1080p: the regions' sweep runs in
    Python, so its work is kept to a few hundred tiles a frame)."""
    return max(TILE, round(width / 30 / 16) * 16)

# Converting one region more costs about as much as converting this many pixels (each region
# costs a call into the converter besides its pixels).
REGION_SLACK = 32 * 1024


@functools.lru_cache(maxsize=None)
def _kind(cls: type) -> type | None:
    """Which of manim's camera's drawing functions draws instances of ``cls``."""
    for kind in (VMobject, PMobject, AbstractImageMobject):
        if issubclass(cls, kind):
            return kind
    return None


def pixel_boxes(camera: Camera, mobjects) -> np.ndarray:
    """The pixel box (x0, y0, x1, y1; top-left origin, x right, y down) each of
    ``mobjects`` can paint when ``camera`` draws it: its points' box, widened by how far
    its stroke (mitred corners included) or its point thickness reaches, and by the
    antialiasing. Mobjects manim does not draw (plain ``Mobject``) get an empty box; a
    mobject with points that are not finite gets the whole frame."""
    drawn = [m for m in mobjects if len(m.points)]
    boxes = np.zeros((len(drawn), 4))
    if not drawn:
        return boxes
    to_pixels = camera.pixel_width / camera.frame_width  # manim's 2D camera: same on both axes
    kinds = [_kind(type(m)) for m in drawn]
    reach = None
    if all(kind is VMobject for kind in kinds):  # the usual frame: vectorised
        try:
            widths = np.fromiter((max(m.stroke_width, m.background_stroke_width) for m in drawn), float, len(drawn))
            reach = np.maximum(widths, 0.0) * (camera.cairo_line_width_multiple * _MITER_REACH * to_pixels)
        except (TypeError, ValueError):  # a width given as text ("4"), which manim accepts
            reach = None
    if reach is None:
        reach = np.empty(len(drawn))
        for i, (mobject, kind) in enumerate(zip(drawn, kinds)):
            if kind is VMobject:
                width = max(float(mobject.stroke_width), float(mobject.background_stroke_width), 0.0)
                reach[i] = width * camera.cairo_line_width_multiple * _MITER_REACH * to_pixels
            elif kind is PMobject:
                reach[i] = camera.adjusted_thickness(mobject.stroke_width)
            elif kind is AbstractImageMobject:
                reach[i] = 1.0  # resampled at its edges
            else:
                reach[i] = np.nan  # not drawn by manim's camera
    points = np.concatenate([m.points for m in drawn])
    starts = np.zeros(len(drawn), dtype=np.intp)
    np.cumsum([len(m.points) for m in drawn[:-1]], out=starts[1:])
    low = np.minimum.reduceat(points, starts)
    high = np.maximum.reduceat(points, starts)
    centre_x, centre_y = camera.pixel_width / 2, camera.pixel_height / 2
    frame_x, frame_y = float(camera.frame_center[0]), float(camera.frame_center[1])
    pad = reach + _ANTIALIAS
    boxes[:, 0] = (low[:, 0] - frame_x) * to_pixels + centre_x - pad
    boxes[:, 2] = (high[:, 0] - frame_x) * to_pixels + centre_x + pad
    boxes[:, 1] = centre_y - (high[:, 1] - frame_y) * to_pixels - pad
    boxes[:, 3] = centre_y - (low[:, 1] - frame_y) * to_pixels + pad
    not_drawn = np.isnan(reach)
    boxes[not_drawn] = 0.0
    unknown = ~np.isfinite(boxes).all(axis=1)
    boxes[unknown] = (0, 0, camera.pixel_width, camera.pixel_height)
    return boxes


def drawn_regions(boxes: np.ndarray, width: int, height: int, tile: int = TILE,
                  slack: int = REGION_SLACK) -> tuple[tuple[int, int, int, int], ...]:
    """Rectangles (x0, y0, x1, y1; pixels, end exclusive) covering ``boxes`` within a
    ``width`` x ``height`` frame, made of whole ``tile``-sized tiles (clipped to the
    frame): the tiles any box touches, swept row by row, each run of tiles joining a
    region above it when that adds at most ``slack`` pixels the boxes do not touch
    (converting one region more costs about as much as converting that many pixels; the
    default, at most 1/64 of the frame, keeps small frames from becoming one region)."""
    if slack == REGION_SLACK:
        slack = min(slack, width * height // 64)
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    columns, rows = -(-width // tile), -(-height // tile)
    x0 = np.clip(np.floor(boxes[:, 0] / tile), 0, columns).astype(int)
    x1 = np.clip(np.ceil(boxes[:, 2] / tile), 0, columns).astype(int)
    y0 = np.clip(np.floor(boxes[:, 1] / tile), 0, rows).astype(int)
    y1 = np.clip(np.ceil(boxes[:, 3] / tile), 0, rows).astype(int)
    keep = (x1 > x0) & (y1 > y0)
    if not keep.any():
        return ()
    x0, x1, y0, y1 = x0[keep], x1[keep], y0[keep], y1[keep]
    # Tiles covered: each box's corners marked in a difference table, summed up.
    stride, size = columns + 1, (rows + 1) * (columns + 1)
    marks = (np.bincount(y0 * stride + x0, minlength=size) - np.bincount(y0 * stride + x1, minlength=size)
             - np.bincount(y1 * stride + x0, minlength=size) + np.bincount(y1 * stride + x1, minlength=size))
    covered = marks.reshape(rows + 1, stride).cumsum(axis=0).cumsum(axis=1)[:rows, :columns] > 0
    edges = np.diff(np.pad(covered, ((0, 0), (1, 1))).view(np.int8), axis=1)
    start_rows, start_columns = np.nonzero(edges == 1)
    _, end_columns = np.nonzero(edges == -1)  # row-major order: paired with the starts
    slack_tiles = slack / (tile * tile)
    regions: list[list[int]] = []  # [first column, first row, end column, end row, tiles covered]
    active: list[list[int]] = []  # regions near enough above to join (a row between wastes a tile at least)
    for row, first, last in zip(start_rows.tolist(), start_columns.tolist(), end_columns.tolist()):
        active = [region for region in active if region[3] + slack_tiles >= row]
        best, least = None, slack_tiles
        for region in active:
            left = region[0] if region[0] < first else first
            right = region[2] if region[2] > last else last
            waste = (right - left) * (row + 1 - region[1]) - region[4] - (last - first)
            if waste <= least:
                best, least = region, waste
        if best is None:
            best = [first, row, last, row + 1, last - first]
            regions.append(best)
            active.append(best)
        else:
            best[0] = best[0] if best[0] < first else first
            best[2] = best[2] if best[2] > last else last
            best[3] = row + 1
            best[4] += last - first
    return tuple((c0 * tile, r0 * tile, min(c1 * tile, width), min(r1 * tile, height))
                 for c0, r0, c1, r1, _ in regions)


class LessonCamera(Camera):
    """Manim's ``Camera``, replaying stored Cairo paths of shapes whose points it has drawn
    before, listing what to draw in one pass, and knowing where it drew over a background."""

    def draw_into(self, buffer: np.ndarray, known: tuple | None = None) -> None:
        """Draw from now on into ``buffer``; ``known``, if given, is ``(background,
        regions)``: the buffer holds that background outside those regions (a frame the
        encoder is done with), so that starting the next frame at the same background
        copies only the regions back, not the whole frame."""
        self.pixel_array = buffer
        if known is None:
            _HOLDS.pop(self, None)
        else:
            _HOLDS[self] = (buffer, *known)

    def set_frame_to_background(self, background) -> None:
        holds = _HOLDS.pop(self, None)
        if (holds is not None and holds[0] is self.pixel_array and holds[1] is background
                and background.shape == self.pixel_array.shape):
            for x0, y0, x1, y1 in holds[2]:
                self.pixel_array[y0:y1, x0:x1] = background[y0:y1, x0:x1]
        else:
            super().set_frame_to_background(background)
        _STARTED_FROM[self] = (background, self.pixel_array, [])

    def reset(self):
        # Manim's reset, through set_frame_to_background: the camera's own blank background.
        self.set_frame_to_background(self.background)
        return self

    def capture_mobjects(self, mobjects, **kwargs) -> None:
        """Manim's ``capture_mobjects``, noting where it draws when the frame began at a
        background."""
        shown = self.get_mobjects_to_display(mobjects, **kwargs)
        started = _STARTED_FROM.get(self)
        if started is not None:
            started[2].append(pixel_boxes(self, shown))
        for kind, group in it.groupby(shown, self.type_or_raise):
            self.display_funcs[kind](list(group), self.pixel_array)

    def drawn_over_background(self) -> tuple[np.ndarray, tuple[tuple[int, int, int, int], ...]] | None:
        """``(background, regions)`` when the current frame is ``background`` but inside
        ``regions`` (see :func:`drawn_regions`), else None (the frame did not begin at a
        background, or its array has been replaced since)."""
        started = _STARTED_FROM.get(self)
        if started is None or started[1] is not self.pixel_array:
            return None
        background, _, drawn = started
        boxes = np.concatenate(drawn) if drawn else np.zeros((0, 4))
        return background, drawn_regions(boxes, self.pixel_width, self.pixel_height,
                                          tile=tile_size(self.pixel_width))

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
        family again and then removes the repeats, which is slow where a scene's moving
        list repeats families."""
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
