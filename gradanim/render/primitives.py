"""Mobjects of a 3D scene as triangles in pixel space, each vertex with its depth.

The depth layer (:mod:`gradanim.render.depth`) rasterises triangles with a depth test, so
everything a 3D scene shows in space becomes triangles first:

* faces (any mobject with ``depth_faces()``, e.g. a surface's face mesh): two triangles a face;
* fills of VMobjects (a ball, an arrow tip, a translucent cutting plane): their outline's
  Bézier curves sampled finely enough, triangulated (mapbox_earcut);
* strokes (curves, lines, the floor's contours): each polyline widened in pixel space into a
  strip of quads with mitred joins, every vertex carrying its signed distance from the
  centre line, so the fragment shader antialiases the edge analytically and a translucent
  line is blended once everywhere (no darker beads where segments meet).

:class:`Projection` is the camera's map for one frame (manim's ``ThreeDCamera``: rotation,
perspective over the focal distance, zoom, then our screen shift) from scene points to pixels
and a depth value that is affine in screen space (``1 / (focal - z)``), which is what the
rasteriser interpolates linearly across a triangle, so planes meet along their true
intersection.

A curve lying on a surface is sampled along the true graph, while the surface is drawn as
flat faces: each stroke vertex is moved ``line_bias`` scene units towards the camera so that
the curve wins against the face it lies on, and loses against anything further in front.
Billboards (mobjects with a fixed orientation, e.g. a ball) keep their drawn shape and all
take the depth of their centre moved towards the camera by their radius.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mapbox_earcut
import numpy as np

# Depth stored for the rasteriser: 1 - DEPTH_SCALE / (focal - z): nearer is smaller, within
# (-1, 1) for points between the far side of the scene and 1 unit before the camera.
DEPTH_SCALE = 0.95
MIN_SEGMENT = 1.5  # px: a stroke's points closer together than this are thinned
MITER_LIMIT = 4.0  # a joint's offset is at most this many half-widths (sharper turns are cut)
AA_MARGIN = 1.0  # px added around a stroke for its antialiased edge
_BEZIER_TOLERANCE = 0.25  # px a sampled Bézier curve may stray from the true one
_NO_EDGE = 1.0e6  # the half-width given to fill vertices: never near an edge


@dataclass(frozen=True)
class Projection:
    """One frame's map from scene points to (pixel x, pixel y, depth).

    Pixels count from the top-left corner, x right and y down, as in the frame's array.
    ``depth`` is ``1 - DEPTH_SCALE / (focal - z)``, z the camera-space coordinate towards the
    viewer; points behind the camera's eye get NaN.
    """

    rotation: np.ndarray  # (3, 3) world -> camera space
    frame_center: np.ndarray  # (3,)
    focal: float
    zoom: float
    screen_shift: np.ndarray  # (2,) scene units added after projection
    pixel_size: tuple[int, int]  # (width, height)
    frame_size: tuple[float, float]  # (width, height) in scene units

    @classmethod
    def of(cls, camera) -> Projection:
        """The projection a manim ``ThreeDCamera`` (with a ``screen_shift``) uses now."""
        shift = np.asarray(getattr(camera, "screen_shift", np.zeros(3)), dtype=float)[:2]
        return cls(np.array(camera.get_rotation_matrix(), dtype=float), np.array(camera.frame_center, dtype=float),
                   float(camera.get_focal_distance()), float(camera.get_zoom()), shift,
                   (int(camera.pixel_width), int(camera.pixel_height)),
                   (float(camera.frame_width), float(camera.frame_height)))

    @property
    def pixels_per_unit(self) -> float:
        return self.pixel_size[0] / self.frame_size[0]

    def camera_space(self, points: np.ndarray) -> np.ndarray:
        return (np.asarray(points, dtype=float).reshape(-1, 3) - self.frame_center) @ self.rotation.T

    def screen(self, points: np.ndarray) -> np.ndarray:
        """Scene points -> (n, 2) projected points in scene units (manim's ``project_points``)."""
        return self.screen_of_camera(self.camera_space(points))

    def screen_of_camera(self, c: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = self.focal / (self.focal - c[:, 2])
        factor[(self.focal - c[:, 2]) <= 0] = np.nan
        return c[:, :2] * (factor * self.zoom)[:, None] + self.screen_shift

    def screen_to_pixels(self, xy: np.ndarray) -> np.ndarray:
        """(n, 2) scene units on the screen -> pixel coordinates (Cairo's matrix in manim)."""
        (pw, ph), (fw, fh) = self.pixel_size, self.frame_size
        xy = np.asarray(xy, dtype=float)
        out = np.empty_like(xy)
        out[:, 0] = (xy[:, 0] - self.frame_center[0]) * (pw / fw) + pw / 2
        out[:, 1] = ph / 2 - (xy[:, 1] - self.frame_center[1]) * (ph / fh)
        return out

    def depth_of_camera(self, c: np.ndarray, toward: float | np.ndarray = 0.0) -> np.ndarray:
        z = c[:, 2] + toward
        with np.errstate(divide="ignore", invalid="ignore"):
            d = 1.0 - DEPTH_SCALE / (self.focal - z)
        d[(self.focal - z) <= 1e-9] = np.nan
        return d

    def depth(self, points: np.ndarray, toward: float | np.ndarray = 0.0) -> np.ndarray:
        """Stored depth of scene points moved ``toward`` scene units towards the camera."""
        return self.depth_of_camera(self.camera_space(points), toward)

    def pixels(self, points: np.ndarray, toward: float | np.ndarray = 0.0) -> np.ndarray:
        """Scene points -> (n, 3): pixel x, pixel y, stored depth."""
        c = self.camera_space(points)
        out = np.empty((len(c), 3))
        out[:, :2] = self.screen_to_pixels(self.screen_of_camera(c))
        out[:, 2] = self.depth_of_camera(c, toward)
        return out

    def eye(self) -> np.ndarray:
        """The camera's eye in scene coordinates (the centre of the perspective)."""
        return np.array([0.0, 0.0, self.focal]) @ self.rotation + self.frame_center


@dataclass
class Triangles:
    """Vertices of triangles (three consecutive rows each) ready for the rasteriser:
    ``xyz`` (pixel x, pixel y, depth), ``rgba`` (straight alpha, 0-1), ``edge`` (signed
    distance from a stroke's centre line in px, and the stroke's half-width in px; fills
    have no edge), ``centre`` (the point whose depth decides whether the vertex's shape is
    hidden: the vertex itself for a fill, the point of its centre line a stroke was widened
    from, a billboard's centre) and ``hidden`` (how opaque it is drawn where hidden: 0,
    not at all)."""

    xyz: list = field(default_factory=list)
    rgba: list = field(default_factory=list)
    edge: list = field(default_factory=list)
    centre: list = field(default_factory=list)
    hidden: list = field(default_factory=list)
    low: np.ndarray = field(default_factory=lambda: np.full(2, np.inf))  # pixel extent of the vertices
    high: np.ndarray = field(default_factory=lambda: np.full(2, -np.inf))

    def add(self, xyz: np.ndarray, rgba: np.ndarray, edge: np.ndarray | None = None,
            centre: np.ndarray | None = None, hidden: float | np.ndarray = 0.0) -> None:
        if len(xyz) == 0:
            return
        xyz = np.asarray(xyz, dtype=np.float32)
        with np.errstate(invalid="ignore"):
            self.low = np.fmin(self.low, np.nanmin(xyz[:, :2], axis=0))
            self.high = np.fmax(self.high, np.nanmax(xyz[:, :2], axis=0))
        self.xyz.append(xyz)
        self.rgba.append(np.broadcast_to(np.asarray(rgba, dtype=np.float32), (len(xyz), 4)))
        if edge is None:
            edge = np.broadcast_to(np.array([0.0, _NO_EDGE], dtype=np.float32), (len(xyz), 2))
        self.edge.append(np.asarray(edge, dtype=np.float32))
        if centre is None:
            centre = xyz
        elif np.ndim(centre) == 1:  # one centre for every vertex (a billboard)
            centre = np.broadcast_to(np.asarray(centre, dtype=np.float32), (len(xyz), 3))
        self.centre.append(np.asarray(centre, dtype=np.float32))
        self.hidden.append(np.broadcast_to(np.asarray(hidden, dtype=np.float32).reshape(-1, 1), (len(xyz), 1)))

    def __len__(self) -> int:
        return sum(len(x) for x in self.xyz) // 3

    def interleaved(self, order: np.ndarray | None = None) -> np.ndarray:
        """(n_vertices, 13) float32: xyz, rgba, edge, centre, hidden; triangles in ``order``
        if given."""
        if not self.xyz:
            return np.zeros((0, 13), dtype=np.float32)
        data = np.concatenate([np.concatenate(self.xyz), np.concatenate(self.rgba), np.concatenate(self.edge),
                               np.concatenate(self.centre), np.concatenate(self.hidden)], axis=1)
        if order is not None:
            data = data.reshape(-1, 3, 13)[order].reshape(-1, 13)
        return np.ascontiguousarray(data, dtype=np.float32)

    def nearest_depth(self, points: np.ndarray) -> np.ndarray:
        """(m,) the smallest stored depth of these triangles at pixel points (m, 2), inf where
        none covers the point: what the depth buffer holds there (depth is affine in screen
        space, so barycentric interpolation in pixels is exact)."""
        points = np.asarray(points, dtype=float).reshape(-1, 2)
        out = np.full(len(points), np.inf)
        if not self.xyz or not len(points):
            return out
        tri = np.concatenate(self.xyz).astype(float).reshape(-1, 3, 3)
        a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
        area = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (c[:, 0] - a[:, 0])
        usable = np.abs(area) > 1e-12
        a, b, c, area = a[usable], b[usable], c[usable], area[usable]
        for i, (x, y) in enumerate(points):
            wa = ((b[:, 0] - x) * (c[:, 1] - y) - (b[:, 1] - y) * (c[:, 0] - x)) / area
            wb = ((c[:, 0] - x) * (a[:, 1] - y) - (c[:, 1] - y) * (a[:, 0] - x)) / area
            wc = 1.0 - wa - wb
            inside = (wa >= 0) & (wb >= 0) & (wc >= 0)
            if inside.any():
                z = wa * a[:, 2] + wb * b[:, 2] + wc * c[:, 2]
                out[i] = float(np.min(z[inside]))
        return out

    def depth_order(self) -> np.ndarray:
        """Triangle indices from the farthest to the nearest (by mean depth): the order in
        which translucent triangles blend correctly."""
        if not self.xyz:
            return np.zeros(0, dtype=np.intp)
        z = np.concatenate(self.xyz)[:, 2].reshape(-1, 3).mean(axis=1)
        return np.argsort(-z, kind="stable")


# --- faces --------------------------------------------------------------------------------


def face_triangles(xyz: np.ndarray) -> np.ndarray:
    """(n, 4, k) per-corner values of quads (projected corners, colours) -> (2 n * 3, k)
    per-vertex values of their two triangles (0-1-2, 0-2-3)."""
    return xyz[:, [0, 1, 2, 0, 2, 3], :].reshape(-1, xyz.shape[2])


def shared_corners(corners: np.ndarray) -> np.ndarray:
    """(n, 4) ids of a quad mesh's corners, equal where faces share a corner position."""
    verts = corners.reshape(-1, 3)
    scale = float(np.nanmax(np.abs(verts))) if len(verts) else 1.0
    keys = np.round(verts / (max(scale, 1e-12) * 1e-7)).astype(np.int64)
    _, vid = np.unique(keys, axis=0, return_inverse=True)
    return vid.reshape(len(corners), 4)


def smooth_colours(vid: np.ndarray, rgba: np.ndarray) -> np.ndarray:
    """(n, 4, 4) colour of each face's corners: the mean colour of the faces meeting there,
    so that shading varies smoothly across the surface instead of face by face."""
    count = int(vid.max()) + 1 if vid.size else 0
    faces_at = np.bincount(vid.ravel(), minlength=count).astype(float)
    per_face = np.repeat(rgba, 4, axis=0)  # one row per corner
    mean = np.stack([np.bincount(vid.ravel(), weights=per_face[:, c], minlength=count) for c in range(4)], axis=1)
    mean /= np.maximum(faces_at, 1.0)[:, None]
    out = mean[vid]
    out[..., 3] = rgba[:, None, 3]  # each face keeps its own opacity
    return out


def mesh_edges(corners: np.ndarray, vid: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The edges of a mesh of quads (n, 4, 3), found by shared corner positions:
    ``(ends, faces)``, ``ends`` (e, 2) indices into ``corners.reshape(-1, 3)`` and ``faces``
    (e, 2) the faces on either side (the second -1 on the mesh's boundary)."""
    n = len(corners)
    if vid is None:
        vid = shared_corners(corners)
    a = vid
    b = np.roll(vid, -1, axis=1)
    lo, hi = np.minimum(a, b).ravel(), np.maximum(a, b).ravel()
    face = np.repeat(np.arange(n), 4)
    corner = (np.arange(n)[:, None] * 4 + np.arange(4)[None, :]).ravel()
    corner_next = (np.arange(n)[:, None] * 4 + (np.arange(4)[None, :] + 1) % 4).ravel()
    order = np.lexsort((hi, lo))
    lo, hi, face, corner, corner_next = lo[order], hi[order], face[order], corner[order], corner_next[order]
    same_as_next = np.concatenate([(lo[1:] == lo[:-1]) & (hi[1:] == hi[:-1]), [False]])
    second = np.concatenate([[False], same_as_next[:-1]])
    first = ~second
    ends = np.column_stack([corner[first], corner_next[first]])
    faces = np.column_stack([face[first], np.full(int(first.sum()), -1)])
    paired = same_as_next[first]
    faces[paired, 1] = face[np.flatnonzero(first)[paired] + 1]
    return ends, faces


def outline_edges(corners: np.ndarray, faces: np.ndarray, eye: np.ndarray) -> np.ndarray:
    """Which edges outline a mesh seen from ``eye``: those on its boundary and its
    silhouettes (between a face turned towards the eye and one turned away). ``faces`` from
    :func:`mesh_edges`; returns a boolean mask of the edges."""
    normal = np.cross(corners[:, 2] - corners[:, 0], corners[:, 3] - corners[:, 1])
    facing = np.einsum("ij,ij->i", normal, eye - corners.mean(axis=1)) > 0
    boundary = faces[:, 1] < 0
    other = np.where(boundary, faces[:, 0], faces[:, 1])
    return boundary | (facing[faces[:, 0]] != facing[other])


# --- Bézier outlines ------------------------------------------------------------------------


def _bernstein(k: int) -> np.ndarray:
    t = np.arange(k, dtype=float)[:, None] / k
    s = 1.0 - t
    return np.hstack([s**3, 3 * s * s * t, 3 * s * t * t, t**3])  # (k, 4)


def samples_per_curve(curves: np.ndarray, pixels_per_unit: float) -> int:
    """How many points per cubic Bézier curve keep the sampled outline within
    ``_BEZIER_TOLERANCE`` px of the curve (1 for straight pieces; at most 16)."""
    a, h1, h2, b = curves[:, 0], curves[:, 1], curves[:, 2], curves[:, 3]
    # Distance of the handles from where a straight piece would have them (thirds of the chord).
    bend = np.maximum(np.linalg.norm(h1 - (2 * a + b) / 3, axis=1), np.linalg.norm(h2 - (a + 2 * b) / 3, axis=1))
    worst = float(np.nanmax(bend)) * pixels_per_unit if len(bend) else 0.0
    if not np.isfinite(worst) or worst < 0.05:
        return 1
    return int(np.clip(np.ceil(np.sqrt(worst / _BEZIER_TOLERANCE)), 2, 16))


def sampled_subpaths(points: np.ndarray, pixels_per_unit: float) -> list[np.ndarray]:
    """A VMobject's points (cubic Bézier curves, 4 points each) -> one polyline per subpath,
    sampled finely enough to look smooth at ``pixels_per_unit``."""
    points = np.asarray(points, dtype=float)
    n = len(points) // 4
    if n == 0:
        return []
    curves = points[: 4 * n].reshape(n, 4, 3)
    k = samples_per_curve(curves, pixels_per_unit)
    samples = np.einsum("kj,njd->nkd", _bernstein(k), curves)  # (n, k, 3)
    if n > 1:
        gaps = np.abs(curves[1:, 0] - curves[:-1, 3]).max(axis=1) > 1e-6
        breaks = np.flatnonzero(gaps) + 1
    else:
        breaks = np.zeros(0, dtype=int)
    bounds = np.concatenate([[0], breaks, [n]])
    out = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        line = np.concatenate([samples[a:b].reshape(-1, 3), curves[b - 1, 3][None, :]])
        out.append(line)
    return out


# --- strokes --------------------------------------------------------------------------------


def stroke_triangles(points: np.ndarray, line_ids: np.ndarray, half_widths: np.ndarray, rgbas: np.ndarray,
                     out: Triangles, anchors: np.ndarray | None = None, hidden: np.ndarray | None = None) -> None:
    """Widen polylines in pixel space into antialiased strips with mitred joins.

    ``points`` (n, 3): pixel x, pixel y, depth of every polyline's points, one after the
    other; ``line_ids`` (n,): which polyline each point belongs to (consecutive, ascending);
    ``half_widths`` (px) and ``rgbas`` per polyline id. A polyline whose last point repeats
    its first is closed. Butt ends, extended by the antialiasing margin. ``anchors`` (n, 3),
    if given, replace the points as what decides visibility (a billboard's centre);
    ``hidden`` per polyline id: how opaque it is drawn where hidden.
    """
    points = np.asarray(points, dtype=float)
    line_ids = np.asarray(line_ids)
    if len(points) < 2:
        return
    if anchors is not None:  # carried along as extra columns through the thinning below
        points = np.column_stack([points, np.asarray(anchors, dtype=float)])
    # Drop points that are not finite and points that repeat the one before (within a line).
    keep = np.all(np.isfinite(points[:, :3]), axis=1)
    points, line_ids = points[keep], line_ids[keep]
    if len(points) < 2:
        return
    new_line = np.concatenate([[True], line_ids[1:] != line_ids[:-1]])
    step = np.concatenate([[0.0], np.hypot(*np.diff(points[:, :2], axis=0).T)])
    step[new_line] = 0.0
    # Points closer together than MIN_SEGMENT px are thinned: a point stays where the length
    # along its line passes a multiple of MIN_SEGMENT (ends always stay).
    along = np.cumsum(step)
    along -= np.repeat(along[new_line], np.diff(np.append(np.flatnonzero(new_line), len(along))))
    bucket = np.floor(along / MIN_SEGMENT)
    line_end = np.append(new_line[1:], True)
    keep = new_line | line_end | (bucket != np.concatenate([[-1.0], bucket[:-1]]))
    keep &= new_line | (step > 1e-3)
    points, line_ids, new_line = points[keep], line_ids[keep], new_line[keep]
    starts = np.flatnonzero(new_line)
    lengths = np.diff(np.append(starts, len(points)))
    ends = starts + lengths - 1
    # A line whose last point is its first is closed: its last point goes.
    closed = (lengths > 3) & (np.hypot(*(points[starts, :2] - points[ends, :2]).T) < 1e-3)
    if closed.any():
        drop = np.zeros(len(points), dtype=bool)
        drop[ends[closed]] = True
        points, line_ids = points[~drop], line_ids[~drop]
        lengths = lengths - closed
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        ends = starts + lengths - 1
    usable = lengths >= 2
    if not usable.any():
        return
    if not usable.all():
        keep = np.repeat(usable, lengths)
        points, line_ids = points[keep], line_ids[keep]
        lengths, closed = lengths[usable], closed[usable]
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        ends = starts + lengths - 1
    n = len(points)
    owner = np.repeat(np.arange(len(lengths)), lengths)
    index = np.arange(n)
    first = np.zeros(n, dtype=bool)
    first[starts] = True
    last = np.zeros(n, dtype=bool)
    last[ends] = True
    line_closed = closed[owner]
    nxt = index + 1
    prv = index - 1
    nxt[last] = np.where(line_closed[last], starts[owner[last]], index[last])
    prv[first] = np.where(line_closed[first], ends[owner[first]], index[first])

    xy = points[:, :2]
    d_next = xy[nxt] - xy
    d_prev = xy - xy[prv]
    len_next = np.hypot(d_next[:, 0], d_next[:, 1])
    len_prev = np.hypot(d_prev[:, 0], d_prev[:, 1])
    has_next, has_prev = len_next > 0, len_prev > 0
    u_next = d_next / np.where(has_next, len_next, 1.0)[:, None]
    u_prev = d_prev / np.where(has_prev, len_prev, 1.0)[:, None]
    u_next = np.where(has_next[:, None], u_next, u_prev)  # open ends: the one segment's direction
    u_prev = np.where(has_prev[:, None], u_prev, u_next)
    n_next = np.column_stack([-u_next[:, 1], u_next[:, 0]])
    n_prev = np.column_stack([-u_prev[:, 1], u_prev[:, 0]])
    miter = n_next + n_prev
    miter_len = np.hypot(miter[:, 0], miter[:, 1])
    straight_back = miter_len < 1e-6
    miter = np.where(straight_back[:, None], n_next, miter / np.where(straight_back, 1.0, miter_len)[:, None])
    cos = np.einsum("ij,ij->i", miter, n_next)
    scale = 1.0 / np.maximum(cos, 1.0 / MITER_LIMIT)

    reach = half_widths[line_ids] + AA_MARGIN  # px from the centre line to the strip's edge
    offset = miter * (scale * reach)[:, None]
    centre = xy.copy()
    # Open ends reach out by the antialiasing margin along the line.
    open_start = first & ~line_closed
    open_end = last & ~line_closed
    centre[open_start] -= u_next[open_start] * AA_MARGIN
    centre[open_end] += u_prev[open_end] * AA_MARGIN

    left = np.column_stack([centre + offset, points[:, 2]])
    right = np.column_stack([centre - offset, points[:, 2]])
    middle = points[:, 3:6] if points.shape[1] > 3 else np.column_stack([centre, points[:, 2]])
    # Segments: i -> nxt[i], except from the last point of an open polyline.
    seg = index[~open_end]
    j = nxt[seg]
    tri = np.stack([left[seg], right[seg], left[j], right[seg], right[j], left[j]], axis=1).reshape(-1, 3)
    r = reach[seg]
    across = np.stack([r, -r, r, -r, -r, r], axis=1).reshape(-1)
    hw = np.repeat(half_widths[line_ids[seg]], 6)
    colour = np.repeat(rgbas[line_ids[seg]], 6, axis=0)
    mid = np.stack([middle[seg], middle[seg], middle[j], middle[seg], middle[j], middle[j]], axis=1).reshape(-1, 3)
    shown_hidden = 0.0 if hidden is None else np.repeat(np.asarray(hidden, dtype=float)[line_ids[seg]], 6)
    out.add(tri, colour, np.column_stack([across, hw]), mid, shown_hidden)


# --- fills ---------------------------------------------------------------------------------


def fill_triangles(rings: list[np.ndarray]) -> np.ndarray:
    """Rings (m_i, 3) of pixel x, y, depth (outline first, holes after) -> (3 t, 3) triangle
    vertices covering their inside (mapbox_earcut)."""
    rings = [r[np.all(np.isfinite(r), axis=1)] for r in rings]
    rings = [r[:-1] if len(r) > 3 and np.allclose(r[0, :2], r[-1, :2]) else r for r in rings]
    rings = [r for r in rings if len(r) >= 3]
    if not rings:
        return np.zeros((0, 3))
    verts = np.concatenate(rings)
    ends = np.cumsum([len(r) for r in rings]).astype(np.uint32)
    index = mapbox_earcut.triangulate_float64(np.ascontiguousarray(verts[:, :2]), ends)
    return verts[np.asarray(index, dtype=np.intp)]


__all__ = ["AA_MARGIN", "DEPTH_SCALE", "Projection", "Triangles", "face_triangles", "fill_triangles", "mesh_edges",
           "outline_edges", "sampled_subpaths", "shared_corners", "smooth_colours", "samples_per_curve", "stroke_triangles"]
