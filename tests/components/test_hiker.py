"""The hiker, its footprints, the fog and the probe display, checked by geometry (and one
Cairo frame for the fog's hole) before any scene is rendered."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("manim")

from manim import DOWN, LEFT, RIGHT, UP, Camera, Dot, VGroup  # noqa: E402

from gradanim.components.axes import PlotAxes, to_scene  # noqa: E402
from gradanim.components.fog import Fog  # noqa: E402
from gradanim.components.hiker import Footprints, Hiker, HikerWalk, heading_facing, walk_path, walk_step  # noqa: E402
from gradanim.components.bounds import Box, disjoint  # noqa: E402
from gradanim.components.probe import ProbeDisplay, RiseBadge, fixed_typst, signed_typst  # noqa: E402
from gradanim.components.theme import DEFAULT_THEME  # noqa: E402
from gradanim.core.domain import Domain  # noqa: E402
from gradanim.core.objective import Objective  # noqa: E402
from gradanim.core.probe import Slope, probe  # noqa: E402
from gradanim.core.trajectory import descend  # noqa: E402

HILL = "4 - sqrt(1 + (x-1)^2/2 + (y-0.5)^2)"


class _Stage:
    """Just enough of a Scene for composed animations (Succession) to run to their end."""

    def __init__(self):
        self.mobjects = []

    def add(self, *mobjects):
        self.mobjects.extend(m for m in mobjects if m not in self.mobjects)

    def remove(self, *mobjects):
        self.mobjects = [m for m in self.mobjects if m not in mobjects]

    def get_mobject_family_members(self):
        return [f for m in self.mobjects for f in m.get_family()]


def run(animation):
    """Play an animation to its end without a scene."""
    animation._setup_scene(_Stage())
    animation.begin()
    animation.interpolate(1.0)
    animation.finish()
    return animation




@pytest.fixture(scope="module")
def axes():
    return PlotAxes(Domain(((-3, 3), (-2.5, 2.5))), max_width=7, max_height=5.8)


@pytest.fixture(scope="module")
def hill():
    return Objective.from_text(HILL)


# --- the hiker ---------------------------------------------------------------------------


def test_hiker_stands_upright_on_its_map_point_at_the_requested_size():
    hiker = Hiker([1.0, -0.5, 0], height=0.8)
    assert hiker.feet[:2].tolist() == [1.0, -0.5]
    assert 0.95 * 0.8 <= hiker.height <= 1.1 * 0.8
    head = hiker.parts["head"].get_center()
    assert head[1] > hiker.feet[1] + 0.8 * 0.8  # the head is on top
    assert abs(head[0] - hiker.feet[0]) < 0.15 * 0.8
    # The shadow (ground mark) is centred on the map point.
    assert hiker.parts["shadow"].get_center()[:2] == pytest.approx([1.0, -0.5])
    for name in ("head", "body", "pack", "stick", "front_leg", "back_leg", "arm", "hat"):
        assert len(hiker.parts[name].points) > 0


def test_hiker_faces_its_heading_and_keeps_facing_when_going_north():
    hiker = Hiker(height=1.0)
    assert hiker.parts["pack"].get_center()[0] < 0 < hiker.parts["stick"].get_center()[0]  # looks east
    hiker.face_towards(LEFT + 0.2 * UP)
    assert hiker.facing == -1
    assert hiker.parts["pack"].get_center()[0] > 0 > hiker.parts["stick"].get_center()[0]  # mirrored
    assert hiker.parts["head"].get_center()[1] > 0.8  # still upright
    hiker.face_towards(UP)
    assert hiker.facing == -1
    assert heading_facing([0.01, 1.0], current=1) == 1
    assert heading_facing([-0.5, -1.0], current=1) == -1


def test_walk_ends_on_target_standing_and_turned():
    hiker = Hiker([0, 0, 0], height=0.6)
    walk = run(HikerWalk(hiker, [-1.5, 0.5, 0]))
    assert hiker.feet[:2] == pytest.approx([-1.5, 0.5])
    assert hiker.facing == -1
    assert np.sin(hiker.stride_phase) == pytest.approx(0.0, abs=1e-9)  # whole half-cycles: standing
    assert walk.phase_change > 0
    # A probe step back keeps facing (no turn), and walks chain: each starts where the last ended.
    run(hiker.walk_to([0, 0, 0], turn=False))
    assert hiker.feet[:2] == pytest.approx([0, 0]) and hiker.facing == -1


def test_walk_turns_smoothly_without_an_edge_on_frame():
    hiker = Hiker(height=0.6)
    walk = HikerWalk(hiker, [-1, 0, 0], turn_fraction=0.2)
    walk.begin()
    facings = []
    for alpha in np.linspace(0, 0.25, 26):
        walk.interpolate(alpha)
        facings.append(hiker.facing)
    assert facings[0] == 1 and facings[-1] == -1
    assert min(abs(f) for f in facings) >= 0.08 - 1e-12
    assert hiker.width > 0.2  # never a flat line


# --- footprints -------------------------------------------------------------------------


def test_footprints_alternate_sides_along_the_path_and_reveal_with_the_walk():
    path = np.array([[0, 0, 0], [2, 0, 0], [2, 1.5, 0]], dtype=float)
    prints = Footprints(path, spacing=0.2, offset=0.05)
    assert len(prints) == len(prints.arc_lengths) > 10
    assert prints.n_visible == 0
    assert all(m.get_fill_opacity() == 0 for m in prints)
    centres = prints.centres()
    first_leg = centres[prints.arc_lengths < 2.0]
    # Offsets from the path (y = 0) alternate in sign, same size.
    sides = np.sign(first_leg[:, 1])
    assert np.all(sides[:-1] == -sides[1:])
    assert np.abs(first_leg[:, 1]) == pytest.approx(np.full(len(first_leg), 0.05))
    assert np.diff(first_leg[:, 0]) == pytest.approx(np.full(len(first_leg) - 1, 0.2))
    prints.reveal(1.0)
    assert prints.n_visible == int(np.sum(prints.arc_lengths <= 1.0))
    hiker = Hiker(path[0])
    run(walk_step(hiker, prints, 0, run_time=1))
    assert hiker.feet[:2] == pytest.approx([2, 0])
    assert prints.revealed == pytest.approx(2.0)
    run(walk_path(hiker, prints, 1, 2, run_time=1))
    assert prints.n_visible == len(prints)
    assert hiker.feet[:2] == pytest.approx([2, 1.5])
    with pytest.raises(IndexError):
        walk_step(hiker, prints, 2)


def test_footprints_follow_a_trajectory_through_the_axes(axes, hill):
    t = descend(hill, (-2.2, -1.7), "gd", lr=0.9, steps=30, tol=2e-2, maximize=True)
    path = to_scene(axes, t.points)
    prints = Footprints(path)
    # Each print sits within its offset of the polyline.
    for c in prints.centres():
        distances = []
        for a, b in zip(path[:-1], path[1:]):
            u = np.clip(np.dot(c - a, b - a) / np.dot(b - a, b - a), 0, 1)
            distances.append(np.linalg.norm(c - (a + u * (b - a))))
        assert min(distances) <= 0.05 + 1e-6
    assert prints.vertex_lengths[-1] == pytest.approx(np.sum(np.linalg.norm(np.diff(path, axis=0), axis=1)))


# --- fog ----------------------------------------------------------------------------------


def _render(*mobjects) -> np.ndarray:
    camera = Camera(background_color=DEFAULT_THEME.background, pixel_width=320, pixel_height=180)
    camera.capture_mobjects(list(mobjects))
    return camera.pixel_array[:, :, :3].astype(int)


def _pixel(image, point):
    """Pixel (row, col) of a scene point in a 320x180 render of the default 14.22 x 8 frame."""
    from manim import config

    col = int((point[0] / config.frame_width + 0.5) * image.shape[1])
    row = int((0.5 - point[1] / config.frame_height) * image.shape[0])
    return image[row, col]


def test_fog_is_clear_at_the_hiker_and_dense_elsewhere():
    fog = Fog((-6, 2, -3.5, 3.5), center=(-1, 0, 0), radius=1.2, softness=0.4, opacity=0.9, pad=0)
    assert fog.opacity_at((-1, 0, 0)) == 0.0
    assert fog.is_clear((-1 + 0.75, 0, 0))
    assert fog.opacity_at((-1 + 1.3, 0, 0)) == pytest.approx(0.9)
    assert fog.opacity_at((4, 0, 0)) == 0.0  # outside the region: not fogged
    ramp = [fog.opacity_at((-1 + r, 0, 0)) for r in np.linspace(0.7, 1.25, 12)]
    assert np.all(np.diff(ramp) >= 0)  # a soft edge that only thickens outwards
    fog.clear_at((0.5, 1.0, 0))
    assert fog.is_clear((0.5, 1.0, 0)) and not fog.is_clear((-1, 0, 0))


def test_fog_hole_renders_with_cairo_also_where_it_meets_the_edge():
    bright = VGroup(*(Dot([x, y, 0], radius=0.25, color="#ffffff") for x in np.arange(-7, 7.5, 0.5)
                      for y in np.arange(-4, 4.5, 0.5)))
    background = np.array([int(DEFAULT_THEME.background[i:i + 2], 16) for i in (1, 3, 5)])
    # A clearing inside the region and one cut by its right edge.
    for centre in ((-2.0, 0.0), (1.6, -3.0)):
        fog = Fog((-6, 2, -3.5, 3.5), center=(*centre, 0), radius=1.2, softness=0.3, opacity=1.0, pad=0)
        image = _render(bright, fog)
        assert _pixel(image, (centre[0] + 0.5, centre[1] + 0.5)).mean() > 200  # clear: dots shine
        fogged = _pixel(image, (-5.0, 2.5))
        assert np.abs(fogged - background).max() < 30 and fogged.mean() < 80  # fog: dim, not white
        assert _pixel(image, (4.0, 0.5)).mean() > 200  # outside the region: untouched
    # Beyond the region's edge inside the circle: nothing painted (no winding artefact).
    fog = Fog((-6, 2, -3.5, 3.5), center=(1.8, 0, 0), radius=1.2, softness=0.3, opacity=1.0, pad=0)
    image = _render(fog)
    assert np.abs(_pixel(image, (2.6, 0.2)) - background).max() <= 2


def test_fog_follows_and_lifts():
    hiker = Hiker([0, 0, 0])
    fog = Fog((-6, 2, -3.5, 3.5), center=hiker.feet)
    fog.follow(lambda: hiker.feet)
    hiker.pose([1.0, 1.0, 0])
    fog.update()
    assert fog.center_point[:2].tolist() == [1.0, 1.0]
    run(fog.lift(run_time=1))
    assert fog.visibility == 0.0
    assert fog.opacity_at((-5.5, -3.0, 0)) == 0.0
    assert not fog.updaters


# --- the probe display ------------------------------------------------------------------


def test_component_arrows_are_the_core_partials_and_assemble_tip_to_tail(axes, hill):
    p = probe(hill, (-2.2, -1.7), 0.5)
    display = ProbeDisplay(p, axes, vector_scale=1.5)
    gx, gy = p.partials
    origin = axes.c2p(-2.2, -1.7)
    assert display.origin == pytest.approx(origin)
    assert display.east_point == pytest.approx(axes.c2p(-2.2 + 0.5, -1.7))
    assert display.north_point == pytest.approx(axes.c2p(-2.2, -1.7 + 0.5))
    assert display.east_arrow.get_start() == pytest.approx(origin)
    assert display.east_arrow.get_end() == pytest.approx(axes.c2p(-2.2 + 1.5 * gx, -1.7), abs=1e-6)
    assert display.north_arrow.get_end() == pytest.approx(axes.c2p(-2.2, -1.7 + 1.5 * gy), abs=1e-6)
    gradient = display.gradient_arrow.get_end() - display.gradient_arrow.get_start()
    assert gradient[:2] / np.linalg.norm(gradient) == pytest.approx(p.ascent_direction, abs=1e-6)
    run(display.assemble())
    assert display.north_arrow.get_start() == pytest.approx(display.east_arrow.get_end(), abs=1e-6)
    assert display.north_arrow.get_end() == pytest.approx(display.gradient_arrow.get_end(), abs=1e-6)


def test_probe_steps_go_there_and_back_and_badges_carry_the_core_rises(axes, hill):
    p = probe(hill, (-2.2, -1.7), 0.5)
    display = ProbeDisplay(p, axes, vector_scale=1.5)
    hiker = Hiker(display.origin)
    east = display.step_east(hiker, walk_time=0.5)
    east._setup_scene(_Stage())
    east.begin()
    east.interpolate(0.2)
    assert hiker.feet[0] > display.origin[0]  # on the way east
    east.interpolate(1.0)
    east.finish()
    assert hiker.feet == pytest.approx(display.origin) and hiker.facing == 1
    assert display.east_badge.rise == p.rises[0] and display.north_badge.rise == p.rises[1]
    assert display.east_badge.slope is Slope.UP
    assert display.east_badge.color_ == display.up_color


def test_badges_say_down_in_red_and_point_down():
    bowl = Objective.from_text("x^2 + 3y^2")
    p = probe(bowl, (1.0, -2.0), 0.2)
    axes = PlotAxes(Domain(((-3, 3), (-3, 3))), max_width=6, max_height=6)
    display = ProbeDisplay(p, axes)
    assert display.north_badge.slope is Slope.DOWN
    assert display.north_badge.color_ == display.down_color
    glyph = display.north_badge.glyph
    # The triangle's apex (its lowest point) is at the bottom: it points down.
    apex = min(glyph.get_vertices(), key=lambda v: v[1])
    assert apex[1] == pytest.approx(glyph.get_bottom()[1])
    assert abs(apex[0] - glyph.get_center()[0]) < 1e-6
    # The north arrow points south (the partial is negative here).
    assert display.north_arrow.get_end()[1] < display.north_arrow.get_start()[1]
    flat = RiseBadge(0.0, Slope.FLAT)
    assert flat.glyph is None


def test_number_formats():
    assert signed_typst(0.2349) == "+0.23" and signed_typst(-0.05) == "-0.05" and signed_typst(0.0) == "0"
    assert fixed_typst(-0.0951, 2) == "-0.10" and fixed_typst(0.5, 2) == "0.50"
    assert "10" in fixed_typst(0.0004, 2)  # tiny but nonzero: never shown as 0


def _scene():
    from gradanim.lessons.catalogue import SCENES_DIR, load_scene_class

    scene_class = load_scene_class(SCENES_DIR / "hiker_in_fog.py", "HikerInFog")
    return scene_class()


def test_scene_probes_tell_the_truth_and_their_badges_stay_clear():
    scene = _scene()
    scene.compute()
    axes = scene.make_axes(scene.plot_domain, ("x", "y"))
    (x0, x1), (y0, y1) = scene.plot_domain.bounds
    (left, bottom, _), (right, top, _) = axes.c2p(x0, y0), axes.c2p(x1, y1)
    region = Box(left, right, bottom, top)
    assert len(scene.probes) >= 3
    for k, p in zip(scene.probe_indices, scene.probes):
        assert p.point.tolist() == scene.trajectory.points[k].tolist()
        # The probe's up/down agrees with the exact partials, and the estimate is close.
        assert np.sign(p.slopes).tolist() == np.sign(p.partials).tolist()
        assert np.all(np.abs(p.errors) < 0.1)
        display = ProbeDisplay(p, axes, vector_scale=scene.vector_scale, region=region,
                               hiker_height=scene.hiker_height)
        boxes, segments = display.keep_out()
        for badge in (display.east_badge, display.north_badge):
            assert display._inside_region(badge)
            assert display._conflicts(badge, boxes, segments) == 0
            b = Box.of(badge)
            assert abs(b[0]) <= 7.1 and abs(b[1]) <= 7.1 and abs(b[2]) <= 4 and abs(b[3]) <= 4
        assert disjoint(display.east_badge, display.north_badge)
    assert scene.summit is not None
    # The mountain's top (1, 0.5), nudged a little by the far lower peak's tail.
    assert scene.summit.point == pytest.approx([1.0, 0.5], abs=5e-3)
    assert np.linalg.norm(scene.objective.gradient(scene.summit.point)) < 1e-8
    assert scene.summit.value == pytest.approx(3.0, abs=1e-3)
    assert np.linalg.norm(scene.trajectory.final_point - scene.summit.point) < 0.1


def test_scene_panel_stays_in_its_box():
    scene = _scene()
    scene.compute()
    panel = scene.make_panel()
    box = scene.panel_box
    for part in panel.submobjects:
        assert part.get_left()[0] >= box.left - 1e-6 and part.get_right()[0] <= box.right + 1e-6
        assert part.get_bottom()[1] >= box.bottom - 1e-6 and part.get_top()[1] <= box.top + 1e-6
    parts = list(panel.submobjects)
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            assert disjoint(a, b)


def test_hiker_direction_helpers_ignore_tiny_east_west_components():
    assert heading_facing(UP + 0.1 * RIGHT, current=-1) == -1
    assert heading_facing(DOWN + 0.5 * RIGHT, current=-1) == 1


def test_fog_clips_a_hole_to_its_rectangle_exactly():
    from gradanim.components.fog import _circle_polygon, _clip_to_box

    box = (-1.0, 1.0, -0.5, 0.5)
    clipped = _clip_to_box(_circle_polygon((0.8, 0.3), 0.6), box)
    assert np.all(clipped[:, 0] >= -1 - 1e-12) and np.all(clipped[:, 0] <= 1 + 1e-12)
    assert np.all(clipped[:, 1] >= -0.5 - 1e-12) and np.all(clipped[:, 1] <= 0.5 + 1e-12)
    x, y = clipped[:, 0], clipped[:, 1]
    area = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    # the same area counted on a fine grid of the box
    gx, gy = np.meshgrid(np.linspace(-1, 1, 2001), np.linspace(-0.5, 0.5, 1001))
    counted = np.mean(np.hypot(gx - 0.8, gy - 0.3) <= 0.6) * 2.0 * 1.0
    assert area == pytest.approx(counted, rel=2e-3)
    assert len(_clip_to_box(_circle_polygon((5.0, 5.0), 0.5), box)) == 0  # a circle that misses the box


def test_fog_recomputes_its_shapes_only_when_they_would_change():
    fog = Fog((-6, 2, -3.5, 3.5), center=(-1, 0, 0), radius=1.2, softness=0.4, opacity=0.9, pad=0)
    shapes = [sheet.points for sheet in fog.submobjects]
    fog.clear_at((-1, 0, 0))  # same place: the same arrays, untouched
    assert all(sheet.points is points for sheet, points in zip(fog.submobjects, shapes))
    dense = fog.opacity_at((-5, 3, 0))
    fog.set_clearing(visibility=0.5)  # opacity changes, shapes do not
    assert all(sheet.points is points for sheet, points in zip(fog.submobjects, shapes))
    assert fog.opacity_at((-5, 3, 0)) < dense
    # the sheet outside the clearing is painted at the fog's opacity there
    assert fog.submobjects[-1].get_fill_opacity() == pytest.approx(fog.opacity_at((-5, 3, 0)))
    fog.shift(0.5 * RIGHT)  # something moved the sheets: the clearing is put back
    fog.clear_at((-1, 0, 0))
    assert all(np.array_equal(sheet.points, points) for sheet, points in zip(fog.submobjects, shapes))
    fog.clear_at((0.5, 1, 0))  # moved: new shapes, clear at the new place
    assert fog.is_clear((0.5, 1, 0)) and not fog.is_clear((-1, -1.5, 0))
