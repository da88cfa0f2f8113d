"""Occlusion in 3D scenes against an independent ray cast (``pytest -k occlusion``).

Each case draws a frame through the real camera, then casts rays with numpy through sampled
pixels against the very same faces (each quad split 0-1-2 / 0-2-3, as drawn) and the same
camera (manim's ThreeDCamera model: rotation, perspective over the focal distance, zoom, the
plot's screen shift, Cairo's pixel matrix), written out here again rather than taken from
the renderer. Every surface gets one flat colour, so the colour of a pixel says which
object the renderer put in front; the reference says which one the ray meets first.
Pixels within a pixel and a half of a change of object (where antialiasing mixes colours)
are not judged.
"""

from __future__ import annotations

import numpy as np
import pytest

manim = pytest.importorskip("manim")

from manim import DEGREES, VMobject, tempconfig  # noqa: E402

from gradanim.scene_base import LessonScene3D  # noqa: E402
from gradanim.components.surface import FaceMesh, SurfacePlot  # noqa: E402
from gradanim.components.tangent_plane import TangentPatch  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402

FLAT = [np.array(c, dtype=float) for c in ((0.85, 0.15, 0.10), (0.10, 0.75, 0.20), (0.15, 0.30, 0.90))]
PATH = np.array([1.0, 0.9, 0.0])  # a yellow path
TOLERANCE = 40  # of 255, per channel: a pixel shows a mesh if this near its colour (and no other's)
SAMPLES = 500


# --- the reference: rays from the camera's own parameters ---------------------------------


def rays(camera, px: np.ndarray, py: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eye and unit directions (scene coordinates) of the rays through pixel centres."""
    pw, ph = camera.pixel_width, camera.pixel_height
    fw, fh = camera.frame_width, camera.frame_height
    fc = np.asarray(camera.frame_center, dtype=float)
    d, zoom = camera.get_focal_distance(), camera.get_zoom()
    shift = np.asarray(camera.screen_shift, dtype=float)[:2]
    # Cairo's matrix in manim: pixel = (x - fc) * pw / fw + pw / 2, with y flipped.
    sx = (px + 0.5 - pw / 2) * fw / pw + fc[0] - shift[0]
    sy = (ph / 2 - (py + 0.5)) * fh / ph + fc[1] - shift[1]
    # manim: screen = c.xy * d / (d - c.z) * zoom, c = R (p - fc): the eye is c = (0, 0, d).
    rotation = camera.get_rotation_matrix()
    eye = rotation.T @ np.array([0.0, 0.0, d]) + fc
    towards = np.column_stack([sx / zoom, sy / zoom, np.zeros_like(sx)])  # on the plane c.z = 0
    direction = towards @ rotation + fc - eye
    return eye, direction / np.linalg.norm(direction, axis=1, keepdims=True)


def first_hits(eye, directions, triangles) -> tuple[np.ndarray, np.ndarray]:
    """(distance, triangle index) of each ray's nearest hit (inf, -1 for none): Möller–Trumbore."""
    v0, v1, v2 = triangles[:, 0], triangles[:, 1], triangles[:, 2]
    e1, e2 = v1 - v0, v2 - v0
    best = np.full(len(directions), np.inf)
    which = np.full(len(directions), -1)
    for start in range(0, len(directions), 64):
        d = directions[start:start + 64, None, :]
        p = np.cross(d, e2[None])
        det = np.einsum("rtk,tk->rt", p, e1)
        with np.errstate(divide="ignore", invalid="ignore"):
            inv = 1.0 / det
            s = eye - v0
            u = np.einsum("rtk,tk->rt", p, s) * inv
            q = np.cross(s, e1)
            v = np.einsum("rk,tk->rt", directions[start:start + 64], q) * inv
            t = np.einsum("tk,tk->t", e2, q)[None, :] * inv
        ok = (np.abs(det) > 1e-12) & (u >= 0) & (v >= 0) & (u + v <= 1) & (t > 1e-9)
        t = np.where(ok, t, np.inf)
        k = np.argmin(t, axis=1)
        best[start:start + 64] = t[np.arange(len(k)), k]
        which[start:start + 64] = np.where(np.isfinite(best[start:start + 64]), k, -1)
    return best, which


def mesh_triangles(mesh: FaceMesh) -> np.ndarray:
    c = mesh.face_corners()
    return np.concatenate([c[:, [0, 1, 2]], c[:, [0, 2, 3]]])


def object_seen(camera, meshes, px, py) -> np.ndarray:
    """Index of the mesh each pixel's ray meets first (-1: none)."""
    tris = [mesh_triangles(m) for m in meshes]
    owner = np.concatenate([np.full(len(t), i) for i, t in enumerate(tris)])
    eye, directions = rays(camera, px, py)
    _, k = first_hits(eye, directions, np.concatenate(tris))
    return np.where(k >= 0, owner[np.maximum(k, 0)], -1)


def settled(camera, meshes, px, py) -> tuple[np.ndarray, np.ndarray]:
    """Which mesh each pixel shows, and whether it and its neighbours 1.5 px away all agree."""
    seen = object_seen(camera, meshes, px, py)
    same = np.ones(len(px), dtype=bool)
    for dx, dy in ((1.5, 0), (-1.5, 0), (0, 1.5), (0, -1.5), (1.1, 1.1), (-1.1, -1.1), (1.1, -1.1), (-1.1, 1.1)):
        same &= object_seen(camera, meshes, px + dx, py + dy) == seen
    return seen, same


# --- drawing a frame through the real camera ------------------------------------------------


def flat(mesh: FaceMesh, colour) -> FaceMesh:
    mesh.face_rgbas[:, :3] = colour
    mesh.face_rgbas[:, 3] = 1.0
    return mesh


def frame_of(build, phi: float, theta: float) -> tuple[np.ndarray, object]:
    """The 480p frame (RGB) of a 3D lesson scene whose ``build(scene)`` adds mobjects."""

    class Case(LessonScene3D):
        def construct(self):
            self.set_camera_orientation(phi=phi * DEGREES, theta=theta * DEGREES)
            plots = build(self)
            self.fit_camera(*plots)

    with tempconfig({"quality": "low_quality", "dry_run": True}):
        scene = Case()
        scene.render()
        scene.renderer.update_frame(scene, ignore_skipping=True)
        return np.array(scene.renderer.get_frame()[..., :3]), scene


def to_pixels(camera, points) -> np.ndarray:
    """Scene points -> pixel coordinates through manim's own projection."""
    xy = camera.project_points(np.asarray(points, dtype=float))[:, :2]
    pw, ph = camera.pixel_width, camera.pixel_height
    fc = camera.frame_center
    return np.column_stack([(xy[:, 0] - fc[0]) * pw / camera.frame_width + pw / 2,
                            ph / 2 - (xy[:, 1] - fc[1]) * ph / camera.frame_height])


def sample_pixels(camera, meshes, count=SAMPLES, seed=0):
    """Pixels drawn at random around where the meshes are (a margin of a tenth around them)."""
    corners = np.concatenate([m.face_corners().reshape(-1, 3) for m in meshes])
    xy = to_pixels(camera, corners)
    low, high = xy.min(axis=0), xy.max(axis=0)
    margin = 0.1 * (high - low)
    low = np.maximum(low - margin, 0)
    high = np.minimum(high + margin, [camera.pixel_width - 1, camera.pixel_height - 1])
    rng = np.random.default_rng(seed)
    return rng.uniform(low[0], high[0], count).round(), rng.uniform(low[1], high[1], count).round()


def shown_mesh(rgb: np.ndarray, colours) -> int:
    """Which mesh's flat colour a pixel has (-1: none of them)."""
    gaps = [np.abs(rgb - c * 255).max() for c in colours]
    k = int(np.argmin(gaps))
    return k if gaps[k] <= TOLERANCE else -1


def check_meshes(frame, camera, meshes, colours, min_judged=60, count=SAMPLES, exclude=None):
    """Where the reference sees a mesh, the frame has its colour; where it sees none, the
    frame has none of the meshes' colours. Pixels within 5 px of ``exclude`` (pixel
    positions of curves drawn over the meshes) are not judged."""
    px, py = sample_pixels(camera, meshes, count)
    seen, sure = settled(camera, meshes, px, py)
    if exclude is not None and len(exclude):
        near = np.min(np.hypot(px[:, None] - exclude[None, :, 0], py[:, None] - exclude[None, :, 1]), axis=1)
        sure &= near > 5
    judged = 0
    wrong = []
    for x, y, k, ok in zip(px.astype(int), py.astype(int), seen, sure):
        if not ok:
            continue
        judged += 1
        got = frame[y, x].astype(float)
        shown = shown_mesh(got, colours)
        if shown != k:
            wrong.append(f"({x}, {y}): {'mesh %d' % k if k >= 0 else 'no mesh'} in front, "
                         f"drawn {got} ({'mesh %d' % shown if shown >= 0 else 'no mesh'})")
    assert judged >= min_judged, f"only {judged} pixels could be judged"
    assert not wrong, f"{len(wrong)} of {judged} pixels wrong: " + "; ".join(wrong[:6])
    return seen[sure]


def check_curve(frame, camera, points, meshes, colour=PATH) -> tuple[int, int]:
    """A curve (scene points along it, in the frame in ``colour``) shows where no mesh is in
    front of its points and is hidden where one is; returns how many points were judged
    hidden and shown (where the two points either side agree, away from silhouettes)."""
    xy = to_pixels(camera, points) - 0.5  # pixel whose centre is nearest
    eye, directions = rays(camera, xy[:, 0], xy[:, 1])
    tris = np.concatenate([mesh_triangles(m) for m in meshes])
    hit, _ = first_hits(eye, directions, tris)
    distance = np.linalg.norm(points - eye, axis=1)
    hidden = np.convolve(hit < distance - 0.15, np.ones(5), "same") == 5  # a mesh clearly in front
    shown = np.convolve(hit > distance - 0.01, np.ones(5), "same") == 5
    cols, rows = xy.round().astype(int).T
    inside = (cols >= 0) & (cols < camera.pixel_width) & (rows >= 0) & (rows < camera.pixel_height)
    hidden &= inside
    shown &= inside
    got = frame[np.clip(rows, 0, camera.pixel_height - 1), np.clip(cols, 0, camera.pixel_width - 1)].astype(float)
    is_curve = np.abs(got - np.asarray(colour) * 255).max(axis=1) <= TOLERANCE
    assert is_curve[shown].all(), f"curve hidden at points {np.flatnonzero(shown & ~is_curve)}"
    assert not is_curve[hidden].any(), f"curve drawn through a surface at points {np.flatnonzero(hidden & is_curve)}"
    return int(hidden.sum()), int(shown.sum())


def surface(text, bounds, **kwargs) -> SurfacePlot:
    return SurfacePlot(Objective.from_text(text), Domain(bounds), **kwargs)


# --- the cases ----------------------------------------------------------------------------------


def test_occlusion_of_a_bowl_seen_from_above_its_rim():
    plot = surface("x^2 + y^2", ((-1.5, 1.5), (-1.5, 1.5)), resolution=20, contour_levels=6)
    flat(plot.surface, FLAT[0])

    def build(scene):
        scene.add(plot.frame, plot.floor_contours, plot.surface)
        return [plot]

    frame, scene = frame_of(build, phi=55, theta=-60)
    seen = check_meshes(frame, scene.camera, [plot.surface], FLAT[:1])
    assert (seen == 0).sum() > 100 and (seen == -1).sum() > 50  # both the bowl and around it judged


def test_occlusion_of_a_saddle():
    plot = surface("x^2 - y^2", ((-1.5, 1.5), (-1.5, 1.5)), resolution=24, contour_levels=8)
    flat(plot.surface, FLAT[1])

    def build(scene):
        scene.add(plot.frame, plot.floor_contours, plot.surface)
        return [plot]

    frame, scene = frame_of(build, phi=70, theta=-35)
    check_meshes(frame, scene.camera, [plot.surface], FLAT[1:2])


def test_occlusion_where_a_tangent_plane_crosses_the_surface():
    """Plane and surface both opaque: each pixel shows whichever is nearer, so they meet
    along their true intersection (no sawtooth of whole faces). At a point of a saddle the
    tangent plane crosses the surface along two lines: it is above it in two opposite
    quarters and below it in the other two."""
    plot = surface("x^2 - y^2", ((-2, 2), (-2, 2)), resolution=30, contour_levels=0)
    plane = TangentPatch(plot, (0.4, 0.3), order=1, half_width=(1.2, 1.2), show_point=False)
    flat(plot.surface, FLAT[0])
    flat(plane.sheet, FLAT[2])

    def build(scene):
        scene.add(plot.surface, plane.sheet)
        return [plot]

    frame, scene = frame_of(build, phi=50, theta=-60)
    seen = check_meshes(frame, scene.camera, [plot.surface, plane.sheet], [FLAT[0], FLAT[2]], count=1500)
    assert (seen == 1).sum() > 50  # the plane is in front somewhere ...
    # ... and behind the surface somewhere: rays that pass through the plane's patch but
    # meet the surface first.
    px, py = sample_pixels(scene.camera, [plane.sheet], 2000, seed=1)
    only_plane = object_seen(scene.camera, [plane.sheet], px, py)
    both = object_seen(scene.camera, [plot.surface, plane.sheet], px, py)
    assert ((only_plane == 0) & (both == 0)).sum() > 20


def test_occlusion_of_a_path_passing_behind_a_hill():
    """A curve lying on the surface shows where nothing is in front of it and is hidden
    where the hill is."""
    plot = surface("2 exp(-(x^2 + y^2))", ((-3, 3), (-3, 3)), resolution=40, contour_levels=0, z_length=2.5)
    flat(plot.surface, FLAT[0])
    xs = np.linspace(-2.9, 2.9, 160)
    on_graph = plot.lift_to_scene(np.column_stack([xs, np.full_like(xs, 0.9)]))
    path = VMobject(stroke_color=manim.ManimColor.from_rgb(PATH), stroke_width=8)
    path.set_points_as_corners(on_graph)

    def build(scene):
        scene.add(plot.surface, path)
        return [plot]

    frame, scene = frame_of(build, phi=78, theta=-90)  # low, looking along +y: y = 0.9 lies behind the top
    hidden, shown = check_curve(frame, scene.camera, on_graph, [plot.surface])
    assert hidden >= 10 and shown >= 10, (hidden, shown)


@pytest.mark.parametrize("phi", [None, 56.0])
def test_occlusion_in_the_min_max_saddle_frame(phi):
    """The lesson's frame (its last), each surface in a flat colour of its own and the
    curvature curves in yellow: the surfaces hide what is behind them, the curves included.
    Also from the lower camera the lesson had (phi 56), where the bowl's near wall hides part
    of the minimum's curves."""
    from gradanim.scenes.hessian import MinMaxSaddle

    scene_class = MinMaxSaddle if phi is None else type("LowMinMaxSaddle", (MinMaxSaddle,), {"phi": phi})
    with tempconfig({"quality": "low_quality", "dry_run": True}):
        scene = scene_class()
        scene.render()
        meshes = [m for m in scene.get_mobject_family_members() if isinstance(m, FaceMesh)]
        assert len(meshes) == 3
        for mesh, colour in zip(meshes, FLAT):
            flat(mesh, colour)
        curves = [curve for view in scene.views for curve in view.curves]
        for curve in curves:
            curve.set_stroke(manim.ManimColor.from_rgb(PATH), opacity=1)
        scene.remove(*(part for view in scene.views for part in (view.dot, *view.arrows)))
        scene.renderer.update_frame(scene, ignore_skipping=True)
        frame = np.array(scene.renderer.get_frame()[..., :3])
        camera = scene.camera
        along = [c.get_anchors() for c in curves]  # the points each curve was drawn through
        seen = check_meshes(frame, camera, meshes, FLAT, exclude=to_pixels(camera, np.concatenate(along)))
        assert all((seen == k).sum() > 20 for k in range(3))
        judged = [check_curve(frame, camera, points, meshes) for points in along]
    assert sum(s for _, s in judged) >= 50, judged
    if phi is not None:
        assert sum(h for h, _ in judged) >= 5, judged
