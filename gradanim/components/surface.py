"""The graph z = f(x, y) in 3D: a face mesh, the plot, and the 3D lesson frame.

A surface is ONE mobject, :class:`FaceMesh`, with colours computed once by the core (height
colour map x Lambert shading from exact normals); the camera of 3D lesson scenes
(:class:`gradanim.render.depth_camera.DepthCamera`) draws its faces, and every other shape in
space, through a depth buffer, so what is nearer the camera hides what is behind.

* :class:`FaceMesh`: quadrilateral faces with one RGBA each; its fill opacity scales them all,
  so ``FadeIn``/``FadeOut`` and ``.animate`` work; :meth:`FaceMesh.set_face_opacity` dims faces.
* :class:`SurfacePlot`: ThreeDAxes (the coordinate map), the coloured surface, a floor frame
  with axis names, contour lines lifted onto the surface and projected on the floor.

Example::

    class Bowl(LessonScene3D):
        def construct(self):
            plot = SurfacePlot(Objective.from_text("x^2 + 3y^2"), Domain(((-3, 3), (-2, 2))))
            self.add_axis_labels(plot)
            self.play(FadeIn(plot.surface), Create(plot.frame))
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DEGREES,
    ORIGIN,
    OUT,
    Create,
    FadeIn,
    Line,
    ManimColor,
    ThreeDAxes,
    ThreeDScene,
    VGroup,
    VMobject,
    interpolate,
    rotation_matrix,
)

from ..core.contours import Grid, auto_levels, contour_lines
from ..core.domain import Domain
from ..core.objective import Objective
from ..core.surface_mesh import SurfaceMesh, lambert, lift
from .axes import nice_step
from .theme import DEFAULT_THEME, Theme
from .typeset import math, name_typst


# --- the mesh and the camera that draws it --------------------------------------------------


def _quad_points(corners: np.ndarray) -> np.ndarray:
    """(n, 4, 3) corners -> (16 n, 3) VMobject points: four straight cubic segments per face."""
    a = corners
    b = np.roll(corners, -1, axis=1)
    t = np.array([0.0, 1 / 3, 2 / 3, 1.0])[None, None, :, None]
    seg = a[:, :, None, :] + t * (b - a)[:, :, None, :]  # (n, 4 sides, 4 points, 3)
    return seg.reshape(-1, 3)


class FaceMesh(VMobject):
    """Quadrilateral faces with one colour each, drawn with a depth test by the 3D camera.

    Parameters
    ----------
    corners
        (n, 4, 3) scene points of each face.
    rgbas
        (n, 4) face colours (RGBA in [0, 1]).
    seam_width
        A stroke of each face's own colour that hides the hairline seams anti-aliasing leaves
        between neighbouring faces (0: none).

    The mobject's fill opacity multiplies every face's alpha (FadeIn/FadeOut act on it). In a
    plain Scene it still draws (as one flat-coloured shape); colours per face need the camera.
    """

    def __init__(self, corners: np.ndarray, rgbas: np.ndarray, *, seam_width: float = 0.8, **kwargs):
        kwargs.setdefault("fill_opacity", 1.0)
        kwargs.setdefault("stroke_width", 0)
        super().__init__(**kwargs)
        corners = np.asarray(corners, dtype=float).reshape(-1, 4, 3)
        self.n_faces = len(corners)
        self.face_rgbas = np.asarray(rgbas, dtype=float).reshape(self.n_faces, 4).copy()
        self.seam_width = float(seam_width)
        self.set_points(_quad_points(corners))
        mean = self.face_rgbas[:, :3].mean(axis=0) if self.n_faces else np.zeros(3)
        self.set_fill(ManimColor.from_rgb(mean), opacity=kwargs["fill_opacity"])

    def face_corners(self) -> np.ndarray:
        """(n, 4, 3) current corner points (after any shift/rotate/scale of the mobject)."""
        return self.points.reshape(self.n_faces, 4, 4, 3)[:, :, 0, :]

    def face_centres(self) -> np.ndarray:
        return self.face_corners().mean(axis=1)

    def set_face_opacity(self, opacity: float | np.ndarray, mask: np.ndarray | None = None) -> FaceMesh:
        """Set the alpha of the faces in ``mask`` (default all); animate with ``.animate``."""
        mask = np.ones(self.n_faces, bool) if mask is None else np.asarray(mask, bool)
        self.face_rgbas[mask, 3] = opacity if np.isscalar(opacity) else np.asarray(opacity)[mask]
        return self

    def depth_faces(self) -> tuple[np.ndarray, np.ndarray]:
        """What the depth layer draws: (n, 4, 3) corners and (n, 4) RGBA, alpha times the
        mobject's fill opacity."""
        rgba = self.face_rgbas.copy()
        rgba[:, 3] *= self.get_fill_opacity()
        return self.face_corners(), rgba

    def interpolate_color(self, mobject1, mobject2, alpha):
        super().interpolate_color(mobject1, mobject2, alpha)
        a, b = getattr(mobject1, "face_rgbas", None), getattr(mobject2, "face_rgbas", None)
        if a is not None and b is not None and a.shape == b.shape == self.face_rgbas.shape:
            self.face_rgbas = interpolate(a, b, alpha) if alpha < 1 else b.copy()
        return self


# --- the plot ---------------------------------------------------------------------------------


class SurfacePlot(VGroup):
    """The graph of f over a domain, coloured by height, on ThreeDAxes.

    Parameters
    ----------
    objective, domain
        What to draw and where (a function of two variables).
    x_length, y_length, z_length
        Size of the plot box in scene units (the value range is squeezed into ``z_length``).
    z_range
        Values shown from floor to top (default: the function's range on the domain).
    resolution
        Faces per side (28 looks smooth with shading and costs little with FaceMesh).
    contour_levels
        Number of level lines (or the levels) lifted onto the surface and projected on the floor;
        0 for none.
    surface_opacity, ambient, light
        Look: face alpha, the darkest shading level, the light's direction (world).
    axis_names
        Names of the two variables and the value (Typst-typeset).
    near_corner
        Which floor corner faces the camera, as (x index, y index) into the domain's bounds:
        (1, 0) = (x max, y min) for the default view from the front right, (0, 0) when the
        camera looks from the front left (theta near -135 degrees). Axis names sit on the
        edges through it, the vertical edge on the far corner, so none hides behind the graph.

    Parts: ``axes`` (ThreeDAxes, the coordinate map, drawn faint), ``surface`` (FaceMesh),
    ``frame`` (floor outline and z edge), ``surface_contours``, ``floor_contours`` and
    ``axis_labels`` (to be added with ``scene.add_fixed_orientation_mobjects``).

    Example::

        plot = SurfacePlot(Objective.from_text("x^2 - y^2"), Domain(((-2, 2), (-2, 2))), z_length=2.5)
        scene.play(Create(plot.frame), FadeIn(plot.surface))
    """

    def __init__(
        self,
        objective: Objective,
        domain: Domain,
        *,
        x_length: float = 6.0,
        y_length: float | None = None,
        z_length: float = 3.0,
        z_range: tuple[float, float] | None = None,
        resolution: int | tuple[int, int] = 28,
        contour_levels: int | Sequence[float] = 8,
        surface_opacity: float = 1.0,
        ambient: float = 0.5,
        light: Sequence[float] = (-0.6, -1.0, 1.6),
        seam_width: float = 0.4,
        axis_names: tuple[str, str, str] | None = None,
        label_size: float | None = None,
        near_corner: tuple[int, int] = (1, 0),
        theme: Theme = DEFAULT_THEME,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.objective = objective
        self.domain = domain
        self.theme = theme
        self.near_corner = (int(near_corner[0]), int(near_corner[1]))
        (x0, x1), (y0, y1) = domain.bounds
        if y_length is None:  # equal units in x and y
            y_length = x_length * (y1 - y0) / (x1 - x0)
        self.mesh = SurfaceMesh.sample(objective, domain, resolution)
        lo, hi = z_range if z_range is not None else self.mesh.value_range()
        if not hi > lo:
            hi = lo + 1.0
        self.z_range = (float(lo), float(hi))
        self.axes = ThreeDAxes(
            x_range=[x0, x1, nice_step(x1 - x0)],
            y_range=[y0, y1, nice_step(y1 - y0)],
            z_range=[lo, hi, nice_step(hi - lo)],
            x_length=x_length,
            y_length=y_length,
            z_length=z_length,
            axis_config={"include_tip": False, "include_ticks": False, "stroke_width": 0, "stroke_opacity": 0},
            z_axis_config={"include_tip": False, "include_ticks": False, "stroke_width": 0, "stroke_opacity": 0},
            tips=False,
        )
        self.axes.set_stroke(opacity=0, width=0)
        for part in self.axes.get_family():
            part.hidden_in_3d = True  # SurfaceCamera maps through the axes but never draws them
        self.add(self.axes)

        self.frame = self._frame()
        self.surface = self._surface(surface_opacity, ambient, light, seam_width)
        levels = self._levels(contour_levels)
        self.levels = levels
        self.floor_contours = self._contours(levels, floor=True)
        self.surface_contours = self._contours(levels, floor=False)
        self.add(self.frame, self.floor_contours, self.surface, self.surface_contours)
        names = axis_names or (*objective.names, "f")
        self.axis_labels = self._axis_labels(names, label_size or theme.label_size)

    # --- coordinates -----------------------------------------------------------------------

    @property
    def floor(self) -> float:
        return self.z_range[0]

    def to_scene(self, xyz) -> np.ndarray:
        """Points (m, 3) in (x, y, value) coordinates -> scene points (m, 3)."""
        return self._map(np.asarray(xyz, dtype=float).reshape(-1, 3))

    def _map(self, p: np.ndarray) -> np.ndarray:
        """Vectorised c2p: the axes map is affine, so map three unit steps once."""
        a = self.axes
        base = np.array([self.domain.bounds[0][0], self.domain.bounds[1][0], self.z_range[0]])
        o = np.asarray(a.c2p(*base), dtype=float)
        ex = np.asarray(a.c2p(base[0] + 1, base[1], base[2]), dtype=float) - o
        ey = np.asarray(a.c2p(base[0], base[1] + 1, base[2]), dtype=float) - o
        ez = np.asarray(a.c2p(base[0], base[1], base[2] + 1), dtype=float) - o
        d = p - base
        return o + d[:, :1] * ex + d[:, 1:2] * ey + d[:, 2:3] * ez

    def box_center(self) -> np.ndarray:
        """Scene point at the centre of the plot's box (domain centre, middle of the value range)."""
        (x0, x1), (y0, y1) = self.domain.bounds
        return self._map(np.array([[(x0 + x1) / 2, (y0 + y1) / 2, sum(self.z_range) / 2]]))[0]

    def place(self, center=ORIGIN, yaw: float = 0.0) -> SurfacePlot:
        """Turn the plot by ``yaw`` (radians, about the vertical through its centre) and move its
        centre to ``center``; the axis labels follow without turning (they face the camera)."""
        c0 = self.box_center()
        rot = rotation_matrix(yaw, OUT)
        target = np.asarray(center, dtype=float)
        for label in self.axis_labels:
            label.move_to(target + rot @ (label.get_center() - c0))
        self.rotate(yaw, axis=OUT, about_point=c0)
        self.shift(target - c0)
        return self

    def from_scene(self, points) -> np.ndarray:
        """Scene points (m, 3) -> (x, y, value) coordinates (the inverse of ``to_scene``)."""
        base = np.array([self.domain.bounds[0][0], self.domain.bounds[1][0], self.z_range[0]])
        o = self._map(base[None, :])[0]
        basis = self._map(base + np.eye(3)) - o  # rows: scene images of one unit of x, y, value
        d = np.asarray(points, dtype=float).reshape(-1, 3) - o
        return base + np.linalg.solve(basis.T, d.T).T

    def bounding_points(self) -> np.ndarray:
        """Scene corners of the plot's box (floor to top) and every place an axis name may sit."""
        (x0, x1), (y0, y1) = self.domain.bounds
        lo, hi = self.z_range
        box = np.array([[x, y, z] for x in (x0, x1) for y in (y0, y1) for z in (lo, hi)])
        return np.vstack([self._map(box), *self.label_anchors()])

    def face_mask(self, predicate) -> np.ndarray:
        """Mask of the surface's faces whose centre (x, y, value) satisfies ``predicate(x, y, z)``."""
        centres = self.mesh.face_centres()[self.face_indices]
        return np.asarray(predicate(centres[:, 0], centres[:, 1], centres[:, 2]), dtype=bool)

    def lift_to_scene(self, xy) -> np.ndarray:
        """Points (m, 2) of the domain -> scene points on the surface (z = f from the core)."""
        return self.to_scene(lift(self.objective, xy))

    def floor_to_scene(self, xy) -> np.ndarray:
        """Points (m, 2) -> scene points on the floor under them."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        return self.to_scene(np.column_stack([xy, np.full(len(xy), self.floor)]))

    def unit_scales(self) -> tuple[float, float, float]:
        """Scene length of one unit of x, y and value (before any rotation of the plot)."""
        a = self.axes
        return (a.x_length / (a.x_range[1] - a.x_range[0]), a.y_length / (a.y_range[1] - a.y_range[0]),
                a.z_length / (a.z_range[1] - a.z_range[0]))

    # --- parts -----------------------------------------------------------------------------

    def _surface(self, opacity: float, ambient: float, light, seam_width: float) -> FaceMesh:
        mesh = self.mesh
        keep = mesh.finite()
        corners = mesh.corners()[keep]
        lo, hi = self.z_range
        corners[:, :, 2] = np.clip(corners[:, :, 2], lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo))
        colours = self.theme.colormap_at(mesh.height_fractions(lo, hi)[keep])
        rgb = np.array([c.to_rgb() for c in (colours if isinstance(colours, list) else [colours])])
        brightness = lambert(mesh.normals(self.unit_scales())[keep], np.asarray(light, float), ambient)
        rgba = np.column_stack([rgb * brightness[:, None], np.full(len(rgb), opacity)])
        self.face_indices = np.flatnonzero(keep)  # which mesh faces the FaceMesh holds
        return FaceMesh(self._map(corners.reshape(-1, 3)).reshape(-1, 4, 3), rgba, seam_width=seam_width)

    def _frame(self) -> VGroup:
        (x0, x1), (y0, y1) = self.domain.bounds
        lo, hi = self.z_range
        t = self.theme
        corners = self._map(np.array([[x0, y0, lo], [x1, y0, lo], [x1, y1, lo], [x0, y1, lo]]))
        style = dict(stroke_color=t.axis, stroke_width=t.axis_stroke, stroke_opacity=0.9)
        floor = VGroup(*(Line(corners[i], corners[(i + 1) % 4], **style) for i in range(4)))
        (xn, yn), (xf, yf) = self._corners()
        z_edge = Line(*self._map(np.array([[xf, yf, lo], [xf, yf, hi]])), **style)
        return VGroup(floor, z_edge)

    def _corners(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """(x, y) of the floor corner nearest the camera and of the one diagonally opposite."""
        (bx, by) = self.domain.bounds
        i, j = self.near_corner
        return (bx[i], by[j]), (bx[1 - i], by[1 - j])

    def _levels(self, contour_levels) -> np.ndarray:
        if isinstance(contour_levels, (int, np.integer)):
            if contour_levels <= 0:
                return np.array([])
            grid = Grid.sample(self.objective, self.domain, 121)
            return auto_levels(grid, int(contour_levels), "linear")
        return np.asarray(contour_levels, dtype=float)

    def _contours(self, levels: np.ndarray, floor: bool) -> VGroup:
        group = VGroup()
        if levels.size == 0:
            return group
        grid = Grid.sample(self.objective, self.domain, 121)
        lines = contour_lines(grid, levels)
        lo, hi = self.z_range
        count = max(len(levels) - 1, 1)
        for rank, level in enumerate(levels):
            colour = self.theme.colormap_at(rank / count)
            for xy in lines[float(level)]:
                z = np.full(len(xy), self.floor if floor else float(level))
                line = VMobject(
                    stroke_color=colour if floor else self.theme.background,
                    stroke_width=self.theme.contour_stroke * (0.9 if floor else 0.6),
                    stroke_opacity=0.85 if floor else 0.45,
                )
                if not floor and not lo <= level <= hi:
                    continue
                line.set_points_as_corners(self._map(np.column_stack([xy, z])))
                line.level = float(level)
                group.add(line)
        return group

    def label_anchors(self) -> list[np.ndarray]:
        """For each axis name (x, y, value), the scene points it may sit at, best first: x
        and y just beyond the high end of a floor edge along them (the edge through the
        corner nearest the camera first), the value just above a vertical edge of the box
        (the far corner's first). Where all are behind the surface, the name is hidden until
        the camera turns to where one shows."""
        (x0, x1), (y0, y1) = self.domain.bounds
        lo, hi = self.z_range
        (xn, yn), (xf, yf) = self._corners()
        bx, by, bz = 0.08 * (x1 - x0), 0.08 * (y1 - y0), 0.08 * (hi - lo)
        x_spots = [[x1 + bx, yn, lo], [x1 + bx, yf, lo]]
        y_spots = [[xn, y1 + by, lo], [xf, y1 + by, lo]]
        f_spots = [[xf, yf, hi + bz], [xn, yf, hi + bz], [xf, yn, hi + bz], [xn, yn, hi + bz]]
        return [self._map(np.array(spots, dtype=float)) for spots in (x_spots, y_spots, f_spots)]

    def _axis_labels(self, names, size: float) -> VGroup:
        t = self.theme
        anchors = [spots[0] for spots in self.label_anchors()]
        labels = VGroup()
        for name, anchor in zip(names, anchors):
            label = math(name_typst(name), font_size=size, color=t.text, theme=t)
            # Drawn over the 3D picture: an outline in the background colour keeps it readable
            # where a surface passes behind it.
            label.set_stroke(t.background, width=4, background=True)
            label.move_to(anchor)
            labels.add(label)
        return labels


def near_corner_for(theta_degrees: float) -> tuple[int, int]:
    """The floor corner (x index, y index) nearest a camera at azimuth ``theta`` (degrees):
    theta = -90 looks from the y-min side, 0 from the x-max side."""
    t = np.radians(theta_degrees)
    return int(np.cos(t) > 0), int(np.sin(t) > 0)


def face_rgba_of(colour, alpha: float = 1.0) -> np.ndarray:
    """RGBA of one colour (for a FaceMesh made by hand)."""
    return np.array([*ManimColor(colour).to_rgb(), alpha])


__all__ = ["FaceMesh", "SurfacePlot", "face_rgba_of", "near_corner_for"]
