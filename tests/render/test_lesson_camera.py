"""LessonCamera draws exactly what manim's Camera draws, replaying stored paths."""

import numpy as np
from manim import Camera, Circle, Square, VGroup, tempconfig

from gradanim.render.lesson_camera import PATHS, LessonCamera, PathStore
from gradanim.components.typeset import math


def shapes():
    ring = Circle(radius=1.2, color="#3b82f6", fill_opacity=0.4).shift(1.5 * np.array([-1, 0, 0]))
    box = Square(1.5, color="#f97316", stroke_width=6).rotate(0.3).shift([2, 0.5, 0])
    formula = math("nabla f = (2x, 4y)", font_size=40).shift([0, -2.4, 0])
    return VGroup(ring, box, formula)


def pixels(camera_class, mobjects, times=1):
    with tempconfig({"pixel_width": 320, "pixel_height": 180}):
        camera = camera_class()
        for _ in range(times):
            camera.reset()
            camera.capture_mobjects([mobjects])
        return camera.pixel_array.copy()


def test_same_pixels_as_manims_camera_first_time_and_from_the_store():
    scene = shapes()
    reference = pixels(Camera, scene)
    hits = PATHS.hits
    assert np.array_equal(pixels(LessonCamera, scene), reference)
    assert np.array_equal(pixels(LessonCamera, scene, times=2), reference)
    assert PATHS.hits > hits  # the second time came from the store


def test_changed_points_or_style_are_drawn_as_they_are_now():
    scene = shapes()
    pixels(LessonCamera, scene)  # store the paths
    scene[1].rotate(0.2)  # turned: new points, new path
    scene[0].set_fill(opacity=0.9)  # same points, new style: path reused, style applied afresh
    assert np.array_equal(pixels(LessonCamera, scene), pixels(Camera, scene))


def test_store_is_bounded_least_recently_used_first_out():
    store = PathStore(size=2)
    store.put("a", 1)
    store.put("b", 2)
    assert store.get("a") == 1  # a is now the most recent
    store.put("c", 3)
    assert store.get("b") is None and store.get("a") == 1 and store.get("c") == 3


def test_store_is_not_part_of_the_camera_manim_hashes_for_its_cache():
    with tempconfig({"pixel_width": 64, "pixel_height": 36}):
        plain, ours = Camera(), LessonCamera()
    assert set(vars(ours)) == set(vars(plain))


def test_store_is_bounded_by_point_bytes_too():
    store = PathStore(size=100, max_bytes=10)
    store.put((Square, (2, 3), b"123456"), "a")
    store.put((Square, (2, 3), b"abcdef"), "b")  # 12 bytes: the oldest goes
    assert store.get((Square, (2, 3), b"123456")) is None and store.get((Square, (2, 3), b"abcdef")) == "b"
    assert store.bytes == 6


def test_a_shape_that_only_moved_is_replayed_where_it_is_now():
    scene = shapes()
    pixels(LessonCamera, scene)  # store the paths
    hits, misses = PATHS.hits, PATHS.misses
    scene.shift([0.37, -0.21, 0])  # everything moved, nothing changed shape
    ours, theirs = pixels(LessonCamera, scene).astype(int), pixels(Camera, scene).astype(int)
    assert PATHS.misses == misses and PATHS.hits > hits
    # Same picture: Cairo flattens curves to within 0.1 px, a little differently for a path
    # placed elsewhere, so a few antialiased edge pixels differ by a few levels.
    difference = np.abs(ours - theirs)
    assert difference.max() <= 16 and np.count_nonzero(difference) < 0.005 * difference.size


def test_mobjects_to_display_are_manims_in_manims_order():
    from manim import Dot, Line

    rng = np.random.default_rng(5)
    leaves = [Dot() for _ in range(12)] + [Line() for _ in range(6)]
    groups = []
    for _ in range(8):  # groups sharing members, nested, some without points of their own
        members = [leaves[i] for i in rng.choice(len(leaves), 4, replace=False)]
        if groups and rng.random() < 0.5:
            members.append(groups[int(rng.integers(len(groups)))])
        groups.append(VGroup(*members))
    groups[2].set_z_index(1)
    lists = [groups, [groups[5], leaves[3], groups[5], groups[1]], leaves[::-1] + groups[:3]]
    for use_z_index in (False, True):
        with tempconfig({"pixel_width": 64, "pixel_height": 36}):
            plain, ours = Camera(use_z_index=use_z_index), LessonCamera(use_z_index=use_z_index)
        for mobjects in lists:
            assert ours.get_mobjects_to_display(mobjects) == plain.get_mobjects_to_display(mobjects)


# Where the camera drew: boxes, regions, and the frame outside them


def drawn_pixels(mobjects, size=(320, 180), boxes=False):
    """The camera's frame after drawing ``mobjects`` over a background of noise, the
    background, and what the camera says it drew over it (or the pixel boxes of
    ``mobjects``)."""
    from gradanim.render.lesson_camera import pixel_boxes

    with tempconfig({"pixel_width": size[0], "pixel_height": size[1]}):
        camera = LessonCamera()
        background = np.random.default_rng(5).integers(0, 256, camera.pixel_array.shape, dtype=np.uint8)
        background[..., 3] = 255
        camera.set_frame_to_background(background)
        camera.capture_mobjects(mobjects)
        known = pixel_boxes(camera, mobjects) if boxes else camera.drawn_over_background()
    return camera.pixel_array, background, known


def outside(regions, shape):
    mask = np.ones(shape[:2], bool)
    for x0, y0, x1, y1 in regions:
        mask[y0:y1, x0:x1] = False
    return mask


def test_frame_equals_its_background_outside_the_drawn_regions():
    from manim import Dot, Polygon, Text
    # a sharp mitred corner with a thick stroke reaches far past its points
    needle = Polygon([-3, -1.63, 0], [3, -1, 0], [-3, -0.37, 0], stroke_width=30, color="#e11d48").scale(0.5)
    scene = [Square(1.0, stroke_width=12).shift([-5.5, 2.5, 0]), needle, Dot([6.8, 3.8, 0], radius=0.3),
             Text("east", font_size=30).shift([4, -3.2, 0])]
    frame, background, (given, regions) = drawn_pixels(scene)
    assert given is background
    changed = np.any(frame != background, axis=2)
    assert changed.sum() > 1000
    assert not np.any(changed & outside(regions, frame.shape))
    # and the regions are a small part of the frame, not the whole of it
    assert (~outside(regions, frame.shape)).mean() < 0.6


def test_pixel_boxes_hold_what_each_shape_paints():
    from manim import Dot, Polygon, PMobject

    cloud = PMobject(stroke_width=8)
    cloud.add_points(np.array([[1.0, 1.0, 0], [2.0, -1.0, 0]]))
    # a corner of 12 degrees: just wide enough for Cairo to mitre it (limit 10: 11.5 degrees),
    # the spike reaching 4.8 stroke widths past the corner
    spike = Polygon([-3, -1.63, 0], [3, -1, 0], [-3, -0.37, 0], stroke_width=30)
    shapes_ = [spike,
               Square(2, stroke_width=0, fill_opacity=1).rotate(0.4), Dot([-5, 3, 0]), cloud]
    texted = Square(1, stroke_width=8).shift([3, 2, 0])
    texted.stroke_width = "8"  # manim accepts a width given as text
    for shape in [*shapes_, texted]:
        frame, background, ((x0, y0, x1, y1),) = drawn_pixels([shape], boxes=True)
        rows, columns = np.nonzero(np.any(frame != background, axis=2))
        assert len(rows), shape
        assert x0 <= columns.min() and columns.max() < x1 and y0 <= rows.min() and rows.max() < y1, shape


def test_drawn_regions_cover_every_box_in_whole_tiles_within_the_frame():
    from gradanim.render.lesson_camera import drawn_regions

    assert drawn_regions(np.zeros((0, 4)), 100, 60) == ()
    assert drawn_regions([[-50, -50, -10, -10]], 100, 60) == ()  # off the frame
    assert drawn_regions([[3, 5, 20, 30]], 100, 60, tile=16) == ((0, 0, 32, 32),)
    assert drawn_regions([[90, 50, 140, 90]], 100, 60, tile=16) == ((80, 48, 100, 60),)  # clipped
    # apart: two regions, or one when that wastes little; one box over several rows: one region
    apart = [[0, 0, 10, 10], [50, 40, 60, 50]]
    assert drawn_regions(apart, 100, 60, tile=16, slack=0) == ((0, 0, 16, 16), (48, 32, 64, 60))
    # joining the second box to the first box's region wastes 10 tiles, then 13
    assert drawn_regions(apart, 100, 60, tile=16, slack=13 * 256) == ((0, 0, 64, 60),)
    assert drawn_regions(apart, 100, 60, tile=16, slack=9 * 256) == ((0, 0, 16, 16), (48, 32, 64, 60))
    assert drawn_regions([[40, 20, 50, 58]], 100, 60, tile=16, slack=0) == ((32, 16, 64, 60),)
    # an L: one region when the corner it adds is within the slack, else two
    ell = [[0, 0, 16, 64], [0, 48, 64, 64]]
    assert drawn_regions(ell, 100, 64, tile=16, slack=0) == ((0, 0, 16, 48), (0, 48, 64, 64))
    assert drawn_regions(ell, 100, 64, tile=16, slack=9 * 256) == ((0, 0, 64, 64),)
    rng = np.random.default_rng(2)
    for _ in range(50):
        corners = rng.uniform(-40, 360, (12, 2))
        boxes = np.hstack([corners, corners + rng.uniform(1, 80, (12, 2))])
        regions = drawn_regions(boxes, 320, 180, tile=32, slack=int(rng.choice([0, 2000, 30000])))
        mask = ~outside(regions, (180, 320))
        for x0, y0, x1, y1 in boxes:
            a0, b0 = int(np.clip(np.floor(x0), 0, 320)), int(np.clip(np.floor(y0), 0, 180))
            a1, b1 = int(np.clip(np.ceil(x1), 0, 320)), int(np.clip(np.ceil(y1), 0, 180))
            assert mask[b0:b1, a0:a1].all()
        for x0, y0, x1, y1 in regions:
            assert 0 <= x0 < x1 <= 320 and 0 <= y0 < y1 <= 180 and x0 % 32 == 0 and y0 % 32 == 0


def test_what_was_drawn_is_known_only_while_the_frame_is_the_one_begun_at_the_background():
    frame, background, drawn = drawn_pixels([Square(1)])
    assert drawn is not None
    with tempconfig({"pixel_width": 64, "pixel_height": 36}):
        camera = LessonCamera()
    camera.reset()  # begun at the camera's own blank background
    camera.capture_mobjects([Square(1)])
    blank, regions = camera.drawn_over_background()
    assert blank is camera.background
    assert np.array_equal(camera.pixel_array[outside(regions, blank.shape)], blank[outside(regions, blank.shape)])
    camera.pixel_array = camera.pixel_array.copy()  # replaced: nothing known about it
    assert camera.drawn_over_background() is None


def test_a_buffer_known_to_hold_the_background_outside_regions_gets_only_those_copied_back():
    with tempconfig({"pixel_width": 64, "pixel_height": 36}):
        camera = LessonCamera()
    rng = np.random.default_rng(4)
    background = rng.integers(0, 256, camera.pixel_array.shape, dtype=np.uint8)
    buffer = background.copy()
    buffer[4:20, 8:40] = 9  # drawn over, inside the region below
    camera.draw_into(buffer, (background, ((8, 4, 40, 20),)))
    camera.set_frame_to_background(background)
    assert camera.pixel_array is buffer and np.array_equal(buffer, background)
    # only the region is copied: a pixel outside it (wrongly claimed as background) stays
    buffer[30, 60] = background[30, 60] ^ 1
    camera.draw_into(buffer, (background, ((8, 4, 40, 20),)))
    camera.set_frame_to_background(background)
    assert not np.array_equal(buffer[30, 60], background[30, 60])
    # another background, or nothing known: the whole frame is copied
    other = rng.integers(0, 256, background.shape, dtype=np.uint8)
    buffer[...] = 1
    camera.draw_into(buffer, (background, ((8, 4, 40, 20),)))
    camera.set_frame_to_background(other)
    assert np.array_equal(buffer, other)
    buffer[...] = 1
    camera.draw_into(buffer)
    camera.set_frame_to_background(background)
    assert np.array_equal(buffer, background)
    # what is known holds for one start only
    buffer[...] = 1
    camera.set_frame_to_background(background)
    assert np.array_equal(buffer, background)
