"""Rendering through plain manim (``GRADANIM_RENDERER=manim``): manim's own Cairo renderer,
camera and file writer, with the two hooks lesson scenes cannot do without.

* 2D scenes use manim's ``Camera`` as it is.
* 3D scenes use :class:`PlainThreeDCamera`: manim's ``ThreeDCamera`` that shifts the 3D
  picture into the plot box (``screen_shift``) and paints each face mesh's faces far to
  near, as manim paints a ``Surface`` (manim #4336: everything else is drawn in list order,
  so curves on a surface are not hidden by it; that is what the lesson renderer's depth
  layer is for).

Use it to compare with the lesson renderer, or where the lesson renderer cannot run (an
untested manim version, no OpenGL).
"""

from __future__ import annotations

import numpy as np
from manim import ThreeDCamera

from .primitives import Projection, Triangles, face_triangles


class PlainThreeDCamera(ThreeDCamera):
    """manim's ThreeDCamera, shifted into the plot box, painting face meshes far to near."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.screen_shift = np.zeros(3)

    def project_points(self, points):
        # manim projects about the frame's centre; lesson scenes place the 3D picture in a box.
        projected = super().project_points(points)
        projected[:, :2] += self.screen_shift[:2]
        return projected

    def get_mobjects_to_display(self, *args, **kwargs):
        # Parts flagged ``hidden_in_3d`` (a plot's coordinate axes) map points but are not drawn.
        shown = super().get_mobjects_to_display(*args, **kwargs)
        return [m for m in shown if not getattr(m, "hidden_in_3d", False)]

    def in_depth_layer(self, mobject) -> bool:
        return False  # no depth layer: manim's own rule decides what is redrawn

    def hidden(self, points, meshes) -> np.ndarray:
        """Which scene points lie behind one of ``meshes`` as the camera sees them now."""
        proj = Projection.of(self)
        solid = Triangles()
        for mesh in meshes:
            corners, _ = mesh.depth_faces()
            xyz = proj.pixels(corners.reshape(-1, 3)).reshape(-1, 4, 3)
            solid.add(face_triangles(xyz[np.all(np.isfinite(xyz), axis=(1, 2))]), [1.0, 1.0, 1.0, 1.0])
        at = proj.pixels(np.asarray(points, dtype=float).reshape(-1, 3))
        return solid.nearest_depth(at[:, :2]) < at[:, 2] - 1e-4

    def display_vectorized(self, vmobject, ctx):
        # A face mesh is one mobject with a colour per face, which manim's Cairo drawing of a
        # VMobject (one fill colour) cannot show: paint its faces here.
        faces = getattr(vmobject, "depth_faces", None)
        if faces is None:
            return super().display_vectorized(vmobject, ctx)
        corners, rgba = faces()
        if not len(corners):
            return self
        projected = self.transform_points_pre_display(vmobject, corners.reshape(-1, 3)).reshape(-1, 4, 3)
        depth = ((corners.mean(axis=1) - self.frame_center) @ self.get_rotation_matrix().T)[:, 2]
        visible = (rgba[:, 3] > 1e-3) & np.all(np.isfinite(projected[:, :, :2]), axis=(1, 2))
        ctx.save()
        for k in np.argsort(depth, kind="stable"):  # far to near
            if not visible[k]:
                continue
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = projected[k, :, :2]
            r, g, b, a = rgba[k]
            ctx.new_path()
            ctx.move_to(x0, y0)
            ctx.line_to(x1, y1)
            ctx.line_to(x2, y2)
            ctx.line_to(x3, y3)
            ctx.close_path()
            ctx.set_source_rgba(b, g, r, a)  # manim's frames hold RGBA; Cairo writes BGRA
            ctx.fill()
        ctx.restore()
        return self


__all__ = ["PlainThreeDCamera"]
