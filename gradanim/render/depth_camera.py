"""The camera of 3D lesson scenes: what lives in space through a depth buffer, the rest on top.

Each frame, :class:`DepthCamera` splits what it is asked to draw in two:

* the **depth layer**: every VMobject placed in 3D space (surfaces' faces, curves, lines,
  arrows, balls, the floor's contours and frame), turned into triangles
  (:mod:`gradanim.render.primitives`) and rasterised with a depth test
  (:mod:`gradanim.render.depth`), then painted onto the frame;
* **overlays**, drawn afterwards by manim's Cairo code in the scene's order: what is fixed in
  the frame (title, panel, readouts) and labels that face the camera (axis names), marked
  with :func:`draw_on_top`.

Billboards that are not labels (a ball) stay in the depth layer at their centre's depth, so
a hill in front hides them.

Manim's Cairo renderer re-uses a "static" image of what does not move during an animation;
depth needs the whole layer drawn together, so a 3D lesson scene redraws everything while
anything in the layer moves (see ``LessonScene3D.get_moving_mobjects``).
"""

from __future__ import annotations

import itertools as it
import os
import weakref

import cairo
import numpy as np
from manim import ThreeDCamera, VMobject

from .lesson_camera import _STARTED_FROM, LessonCamera, pixel_boxes
from .depth import DepthLayer
from .primitives import (AA_MARGIN, Projection, Triangles, face_triangles, fill_triangles, mesh_edges, outline_edges,
                         sampled_subpaths, shared_corners, smooth_colours, stroke_triangles)

SAMPLES_ENV = "GRADANIM_3D_SAMPLES"
MULTISAMPLED_PIXELS = 1280 * 720  # frames up to this size are multisampled by default
OPAQUE = 0.999  # alpha from which a fill is drawn in the opaque pass (writing depth)
ON_TOP = "drawn_on_top"  # attribute marking a billboard (a label) that is drawn over the depth layer


# Kept outside the camera's attributes, which manim hashes for its render cache.
_LAYERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # camera -> DepthLayer
_PATHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # camera -> {id: (key, mobject, subpaths)}
_TOPOLOGY: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # camera -> {id: (key, mesh, topology)}
_COLOURS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # camera -> {id: (key, mesh, corner colours)}
EDGE_BIAS = 0.005  # scene units a surface's outline hairline is moved towards the camera
EDGE_HALF_WIDTH = 0.5  # px: the hairline's antialiased ramp spans a pixel on each side


class _Strokes:
    """Polylines gathered for one :func:`stroke_triangles` call."""

    def __init__(self):
        self.points, self.anchors, self.ids, self.half_widths, self.rgbas, self.hidden = [], [], [], [], [], []
        self.count = 0

    def add(self, points: np.ndarray, lengths, half_width: float, rgba, *, anchor: np.ndarray | None = None,
            hidden: float = 0.0) -> None:
        """``points`` of ``len(lengths)`` polylines, one after the other; one half-width and
        one colour for all, or a colour per polyline; ``anchor`` (one point) decides their
        visibility instead of their own points; ``hidden``: how opaque they are drawn where
        hidden."""
        lengths = np.asarray(lengths)
        k = len(lengths)
        self.points.append(points)
        self.anchors.append(points[:, :3] if anchor is None else np.broadcast_to(anchor, (len(points), 3)))
        self.ids.append(np.repeat(np.arange(self.count, self.count + k), lengths))
        self.half_widths.append(np.full(k, half_width))
        self.rgbas.append(np.broadcast_to(np.asarray(rgba, dtype=float), (k, 4)))
        self.hidden.append(np.full(k, hidden))
        self.count += k

    def draw(self, out: Triangles) -> None:
        if self.count:
            stroke_triangles(np.concatenate(self.points), np.concatenate(self.ids), np.concatenate(self.half_widths),
                             np.concatenate(self.rgbas), out, anchors=np.concatenate(self.anchors),
                             hidden=np.concatenate(self.hidden))


def draw_on_top(*mobjects) -> None:
    """Mark billboards (labels) to be drawn over the depth layer instead of inside it."""
    for mobject in mobjects:
        for member in mobject.get_family():
            setattr(member, ON_TOP, True)


class DepthCamera(LessonCamera, ThreeDCamera):
    """A ``ThreeDCamera`` that draws objects in space with a depth buffer (see the module).

    Attributes a scene sets: ``screen_shift`` (scene units added to every projected point:
    the 3D picture sits in a lesson's plot box while fixed-in-frame parts stay put),
    ``line_bias`` (scene units a stroke is moved towards the camera, so that a curve lying on
    a surface is not hidden by the flat face it crosses) and ``samples`` (multisampling of the
    depth layer's fills: 4, or 0 for none; by default 4 up to 720p; above, where it would
    cost more than the rest of the frame, 0: strokes antialias themselves and a surface's
    outline is drawn as an antialiased hairline either way; the environment variable
    ``GRADANIM_3D_SAMPLES`` = 0 or 4 chooses for every resolution).
    """

    def __init__(self, *args, samples: int | None = None, line_bias: float = 0.03, **kwargs):
        super().__init__(*args, **kwargs)
        self.screen_shift = np.zeros(3)
        if samples is None:
            chosen = os.environ.get(SAMPLES_ENV)
            if chosen is not None:
                if chosen not in ("0", "4"):
                    raise ValueError(f"{SAMPLES_ENV} must be 0 or 4, got {chosen!r}")
                samples = int(chosen)
            else:
                samples = 4 if self.pixel_width * self.pixel_height <= MULTISAMPLED_PIXELS else 0
        self.samples = samples
        self.line_bias = line_bias

    # --- projection (manim's, shifted into the plot box) ------------------------------------

    def project_points(self, points):
        projected = super().project_points(points)
        projected[:, :2] += self.screen_shift[:2]
        return projected

    def depths(self, points: np.ndarray) -> np.ndarray:
        """Camera-space depth of world points (larger = nearer the camera)."""
        return ((np.asarray(points) - self.frame_center) @ self.get_rotation_matrix().T)[:, 2]

    def projection(self) -> Projection:
        return Projection.of(self)

    # --- what goes where ------------------------------------------------------------------------

    def in_depth_layer(self, mobject) -> bool:
        if mobject in self.fixed_in_frame_mobjects or not isinstance(mobject, VMobject):
            return False
        return not (mobject in self.fixed_orientation_mobjects and getattr(mobject, ON_TOP, False))

    def get_mobjects_to_display(self, *args, **kwargs):
        shown = super().get_mobjects_to_display(*args, **kwargs)
        return [m for m in shown if not getattr(m, "hidden_in_3d", False)]

    def capture_mobjects(self, mobjects, **kwargs) -> None:
        self.reset_rotation_matrix()  # as ThreeDCamera does: phi and theta may have moved
        shown = self.get_mobjects_to_display(mobjects, **kwargs)
        layer = [m for m in shown if self.in_depth_layer(m)]
        overlays = [m for m in shown if not self.in_depth_layer(m)]
        boxes = []
        solid = None
        if layer:
            box, solid = self.draw_depth_layer(layer)
            if box is not None:
                boxes.append(np.array([box], dtype=float))
        hidden = self._hidden_labels(overlays, solid)
        overlays = [m for m in overlays if id(m) not in hidden]
        if overlays:
            boxes.append(self._overlay_boxes(overlays))
            for kind, group in it.groupby(overlays, self.type_or_raise):
                self.display_funcs[kind](list(group), self.pixel_array)
        started = _STARTED_FROM.get(self)
        if started is not None:
            started[2].extend(boxes)

    def _hidden_labels(self, overlays, solid: Triangles | None) -> set[int]:
        """Ids of the labels (facing the camera, drawn over the depth layer so they stay
        readable) whose anchor, their centre in space, lies behind an opaque surface: they
        are hidden as the surface would hide them."""
        if solid is None or not len(solid):
            return set()
        anchors: dict = {}
        for m in overlays:
            func = self.fixed_orientation_mobjects.get(m) if m not in self.fixed_in_frame_mobjects else None
            if func is not None:
                anchors.setdefault(func, []).append(m)
        if not anchors:
            return set()
        proj = self.projection()
        funcs = list(anchors)
        at = proj.pixels(np.array([np.asarray(f(), dtype=float) for f in funcs]))
        behind = solid.nearest_depth(at[:, :2]) < at[:, 2] - 1e-4
        return {id(m) for func, hidden in zip(funcs, behind) if hidden for m in anchors[func]}

    def _overlay_boxes(self, overlays) -> np.ndarray:
        fixed = [m for m in overlays if m in self.fixed_in_frame_mobjects]
        boxes = [pixel_boxes(self, fixed)] if fixed else []
        others = [m for m in overlays if m not in self.fixed_in_frame_mobjects]
        if others:  # labels facing the camera: their box where they are drawn
            w, h = self.pixel_width, self.pixel_height
            pad = 2 + AA_MARGIN
            rows = []
            for m in others:
                pts = self.transform_points_pre_display(m, m.points)
                px = Projection.of(self).screen_to_pixels(pts[:, :2])
                if np.all(np.isfinite(px)):
                    rows.append([px[:, 0].min() - pad, px[:, 1].min() - pad, px[:, 0].max() + pad, px[:, 1].max() + pad])
                else:
                    rows.append([0, 0, w, h])
            boxes.append(np.array(rows, dtype=float))
        return np.concatenate(boxes) if boxes else np.zeros((0, 4))

    def set_cairo_context_path(self, ctx, vmobject):
        if vmobject in self.fixed_in_frame_mobjects:  # drawn as it is: LessonCamera's stored paths
            return LessonCamera.set_cairo_context_path(self, ctx, vmobject)
        return ThreeDCamera.set_cairo_context_path(self, ctx, vmobject)

    # --- the depth layer ----------------------------------------------------------------------

    def hidden(self, points, meshes) -> np.ndarray:
        """Which scene points (m, 3) lie behind one of ``meshes`` (mobjects with
        ``depth_faces``) as the camera sees them now."""
        proj = self.projection()
        solid, ignored = Triangles(), Triangles()
        for mesh in meshes:
            corners, rgba = mesh.depth_faces()
            rgba = rgba.copy()
            rgba[:, 3] = 1.0
            xyz = proj.pixels(corners.reshape(-1, 3)).reshape(-1, 4, 3)
            solid.add(face_triangles(xyz[np.all(np.isfinite(xyz), axis=(1, 2))]), rgba[:1])
        at = proj.pixels(np.asarray(points, dtype=float).reshape(-1, 3))
        return solid.nearest_depth(at[:, :2]) < at[:, 2] - 1e-4

    def depth_layer(self) -> DepthLayer:
        size = (self.pixel_width, self.pixel_height)
        layer = _LAYERS.get(self)
        if layer is None or layer.size != size or layer.requested != self.samples:
            if layer is not None:
                layer.release()
            layer = _LAYERS[self] = DepthLayer(*size, samples=self.samples)
        return layer

    def layer_triangles(self, layer) -> tuple[Triangles, Triangles, np.ndarray | None]:
        """The depth layer's triangles: (opaque, blended, (x0, y0, x1, y1) pixel extent).

        A mobject may carry ``depth_bias`` (scene units its strokes move towards the camera,
        default ``line_bias``: more for a line that must win against a curve it lies on) and
        ``hidden_opacity`` (how opaque it is drawn where something hides it; default 0)."""
        proj = self.projection()
        ppu = proj.pixels_per_unit * proj.zoom
        opaque, blended = Triangles(), Triangles()
        strokes = _Strokes()

        # Sampled outlines of every VMobject; those placed in space are projected together.
        shapes = []  # (mobject, subpaths, billboard)
        for m in layer:
            faces = getattr(m, "depth_faces", None)
            if faces is not None:
                self._add_faces(m, proj, *faces(), opaque, blended, strokes)
                continue
            subpaths = self._subpaths(m, ppu)
            if subpaths:
                shapes.append((m, subpaths, self.is_billboard(m)))
        in_space = [p for (_, subpaths, billboard) in shapes if not billboard for p in subpaths]
        if in_space:
            c = proj.camera_space(np.concatenate(in_space))
            xy = proj.screen_to_pixels(proj.screen_of_camera(c))
            flat = np.column_stack([xy, proj.depth_of_camera(c)])
        to_half_width = self.cairo_line_width_multiple * proj.pixels_per_unit / 2  # stroke width -> px
        at = 0
        for m, subpaths, billboard in shapes:
            count = sum(len(p) for p in subpaths)
            lengths = [len(p) for p in subpaths]
            hidden = float(getattr(m, "hidden_opacity", 0.0))
            if billboard:  # shown or hidden whole, by its centre; drawn in order (ring, fill, stroke)
                plain, anchor = self._billboard_pixels(m, subpaths, proj)
                stroked, fills_to = plain, blended
            else:
                plain, anchor = flat[at:at + count], None
                bias = float(getattr(m, "depth_bias", self.line_bias))
                stroked = np.column_stack([plain[:, :2], proj.depth_of_camera(c[at:at + count], bias)])
                at += count
            background = float(m.get_stroke_width(background=True) or 0.0)
            if background > 0:
                rgba = m.get_stroke_rgbas(background=True)[0]
                if rgba[3] > 1e-3:
                    strokes.add(plain, lengths, background * to_half_width, rgba, anchor=anchor, hidden=hidden)
            fill = m.get_fill_rgbas()[0]
            if fill[3] > 1e-3:
                rings = np.split(plain, np.cumsum(lengths)[:-1])
                if billboard:
                    strokes.draw(blended)  # the ring before the fill
                    strokes = _Strokes()
                    blended.add(fill_triangles(rings), fill, centre=anchor, hidden=hidden)
                else:
                    (opaque if fill[3] >= OPAQUE else blended).add(fill_triangles(rings), fill)
                if fill[3] >= OPAQUE and not self.samples:  # no multisampling: an antialiased rim
                    strokes.add(stroked, lengths, EDGE_HALF_WIDTH, fill, anchor=anchor, hidden=hidden)
            width = float(m.get_stroke_width() or 0.0)
            if width > 0:
                rgba = m.get_stroke_rgbas()[0]
                if rgba[3] > 1e-3:
                    strokes.add(stroked, lengths, width * to_half_width, rgba, anchor=anchor, hidden=hidden)
        strokes.draw(blended)
        return opaque, blended, self._extent(opaque, blended)

    def _add_faces(self, mesh, proj: Projection, corners: np.ndarray, rgba: np.ndarray, opaque: Triangles,
                   blended: Triangles, strokes: _Strokes) -> None:
        """Faces as triangles; the opaque faces' outline (the mesh's boundary and silhouettes
        from this eye) also as a hairline in the faces' colours, which antialiases the
        surface's edge against what is behind it."""
        if not len(corners):
            return
        xyz = proj.pixels(corners.reshape(-1, 3)).reshape(-1, 4, 3)
        ok = np.all(np.isfinite(xyz), axis=(1, 2)) & (rgba[:, 3] > 1e-3)
        solid = ok & (rgba[:, 3] >= OPAQUE)
        see_through = ok & (rgba[:, 3] < OPAQUE)
        vid, ends, sides = self._mesh_topology(mesh, corners)
        colours = self._corner_colours(mesh, vid, rgba)
        opaque.add(face_triangles(xyz[solid]), face_triangles(colours[solid]))
        blended.add(face_triangles(xyz[see_through]), face_triangles(colours[see_through]))
        if not solid.any():
            return
        outline = outline_edges(corners, sides, proj.eye())
        shown = outline & ok[sides[:, 0]]
        if not shown.any():
            return
        lifted = proj.pixels(corners.reshape(-1, 3)[ends[shown].ravel()], toward=EDGE_BIAS)
        strokes.add(lifted, np.full(int(shown.sum()), 2), EDGE_HALF_WIDTH, rgba[sides[shown, 0]])

    def _corner_colours(self, mesh, vid: np.ndarray, rgba: np.ndarray) -> np.ndarray:
        """(n, 4, 4) colour at each face's corners (smooth shading unless the mesh says
        ``smooth_shading = False``), kept while the faces' colours stay the same."""
        if not getattr(mesh, "smooth_shading", True):
            return np.repeat(rgba[:, None, :], 4, axis=1)
        key = (vid.shape, hash(rgba.tobytes()))
        cache = _COLOURS.setdefault(self, {})
        cached = cache.get(id(mesh))
        if cached is None or cached[0] != key or cached[1] is not mesh:
            if len(cache) > 64:
                cache.clear()
            cached = cache[id(mesh)] = (key, mesh, smooth_colours(vid, rgba))
        return cached[2]

    def _mesh_topology(self, mesh, corners: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(shared corner ids, edge ends, faces beside each edge) of a face mesh, kept while
        its corners stay where they are."""
        key = (corners.shape, hash(corners.tobytes()))
        cache = _TOPOLOGY.setdefault(self, {})
        cached = cache.get(id(mesh))
        if cached is None or cached[0] != key or cached[1] is not mesh:
            if len(cache) > 64:
                cache.clear()
            vid = shared_corners(corners)
            cached = cache[id(mesh)] = (key, mesh, (vid, *mesh_edges(corners, vid)))
        return cached[2]

    def is_billboard(self, mobject) -> bool:
        return mobject in self.fixed_orientation_mobjects

    def _subpaths(self, m, ppu: float) -> list[np.ndarray]:
        points = m.points
        key = (points.shape, hash(points.tobytes()), round(ppu, 3))
        paths = _PATHS.setdefault(self, {})
        cached = paths.get(id(m))
        if cached is not None and cached[0] == key and cached[1] is m:
            return cached[2]
        subpaths = sampled_subpaths(points, ppu)
        if len(paths) > 4000:
            paths.clear()
        paths[id(m)] = (key, m, subpaths)
        return subpaths

    def _billboard_pixels(self, m, subpaths, proj: Projection) -> tuple[np.ndarray, np.ndarray]:
        """A billboard keeps its drawn shape around its projected centre, all of it at the
        centre's depth moved towards the camera by its radius; returns its points (pixels and
        depth, subpaths one after the other) and its anchor: the centre's pixel and that depth,
        which decides whether it shows (a ball on a surface shows whole; a hill in front of
        its centre hides all of it)."""
        points = np.concatenate(subpaths)
        center = np.asarray(self.fixed_orientation_mobjects[m](), dtype=float)
        on_screen = proj.screen(center[None, :])[0]
        out = np.empty((len(points), 3))
        out[:, :2] = proj.screen_to_pixels(points[:, :2] - center[:2] + on_screen)
        out[:, 2] = proj.depth(center[None, :], toward=max(m.width, m.height) / 2)[0]
        anchor = np.array([*proj.screen_to_pixels(on_screen[None, :])[0], out[0, 2]])
        return out, anchor

    def _extent(self, *groups: Triangles) -> np.ndarray | None:
        """The pixel box (x0, y0, x1, y1) the triangles can touch, within the frame."""
        low = np.min([g.low for g in groups], axis=0)
        high = np.max([g.high for g in groups], axis=0)
        if not (np.all(np.isfinite(low)) and np.all(np.isfinite(high))):
            return None
        pad = 2
        x0, x1 = np.clip([np.floor(low[0]) - pad, np.ceil(high[0]) + pad], 0, self.pixel_width)
        y0, y1 = np.clip([np.floor(low[1]) - pad, np.ceil(high[1]) + pad], 0, self.pixel_height)
        if x1 <= x0 or y1 <= y0:
            return None
        return np.array([x0, y0, x1, y1], dtype=int)

    def draw_depth_layer(self, layer) -> tuple[tuple[int, int, int, int] | None, Triangles]:
        """Rasterise the layer and paint it onto the frame; returns the pixel box it covers
        and its opaque triangles."""
        opaque, blended, extent = self.layer_triangles(layer)
        if extent is None:
            return None, opaque
        x0, y0, x1, y1 = (int(v) for v in extent)
        image = self.depth_layer().render(opaque, blended, (x0, y0, x1, y1))
        surface = cairo.ImageSurface.create_for_data(memoryview(image), cairo.FORMAT_ARGB32, x1 - x0, y1 - y0,
                                                     (x1 - x0) * 4)
        ctx = self.get_cairo_context(self.pixel_array)
        ctx.save()
        ctx.identity_matrix()
        ctx.set_source_surface(surface, x0, y0)
        ctx.paint()
        ctx.restore()
        surface.finish()
        return (x0, y0, x1, y1), opaque


__all__ = ["DepthCamera", "draw_on_top"]
