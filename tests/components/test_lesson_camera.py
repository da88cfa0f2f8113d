"""LessonCamera draws exactly what manim's Camera draws, replaying stored paths."""

import numpy as np
from manim import Camera, Circle, Square, VGroup, tempconfig

from gradanim.components.lesson_camera import PATHS, LessonCamera, PathStore
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
