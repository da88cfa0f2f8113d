"""The frame every gradanim scene shares: background, title, plot area and side panel.

Scenes subclass :class:`LessonScene`, declare everything a lesson changes as an
:class:`~gradanim.options.Option` class attribute (default, range and doc in one place; a
variant is a subclass that sets plain values, the 3b1b habit), compute all mathematics in
``compute()`` from :mod:`gradanim.core`, then arrange components in ``construct()``.

A lesson file can set any declared option: ``gradanim render lesson.toml``, or with plain
manim ``GRADANIM_LESSON=lesson.toml manim -ql scenes/x.py Scene``.

Layout (16:9, 14.2 x 8 units): the title at the top left; the plot below it on the left
(``plot_box``); a column of formulas and readouts on the right (``panel_box``). Keeping
everything inside these boxes keeps labels off the frame's edge.
"""

from __future__ import annotations


from collections.abc import Sequence

import numpy as np
from manim import DEFAULT_WAIT_TIME, DEGREES, DOWN, LEFT, UL, Create, FadeIn, Rectangle, Scene, ThreeDScene, VGroup, Wait, \
    config

from . import render
from .core.domain import Domain
from .options import BEATS, PACE, PANEL_BUFF, PLOT_WIDTH, TITLE, Option
from .render.depth_camera import draw_on_top
from .scene_hooks import class_to_make, run_setup_hooks
from .components.axes import PlotAxes
from .components.bounds import Box
from .components.captions import Beat, caption_time
from .components.idling import swing
from .components.pacing import ReadingClock
from .components.surface import SurfacePlot
from .components.texts import is_text
from .components.theme import DEFAULT_THEME
from .components.typeset import Readout, math, text_typst

MARGIN = 0.45  # scene units kept clear at every frame edge
IDLE_TIME = 4.0  # seconds of an idle (one loop of it in a slide deck)
SWAY_DEGREES = 12.0  # how far a 3D picture's idle sway turns the camera each way
POSE_TOLERANCE = 1e-6  # scene units (and radians, colour components) an idle may be off where it began


def pose(scene) -> dict:
    """What the frame shows, as numbers: the points and colours of every mobject in the
    scene that has points (groups are containers: an animation group adds a new one), and
    the camera's trackers (angles, zoom, frame centre), keyed by identity."""
    out = {}
    for mob in [*(m for m in scene.get_mobject_family_members() if m.has_points()),
                *render.camera_trackers(scene.renderer.camera)]:
        parts = [np.asarray(mob.points, dtype=float).ravel()]
        for name in ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas"):
            value = getattr(mob, name, None)
            if value is not None:
                parts.append(np.asarray(value, dtype=float).ravel())
        out[id(mob)] = (mob, np.concatenate(parts))
    return out


def pose_changes(before: dict, after: dict) -> str:
    """What differs between two :func:`pose` readings ('' when nothing does)."""
    if before.keys() != after.keys():
        came = [type(m).__name__ for k, (m, _) in after.items() if k not in before]
        went = [type(m).__name__ for k, (m, _) in before.items() if k not in after]
        return "; ".join(filter(None, [came and f"added: {', '.join(came[:3])}", went and f"removed: {', '.join(went[:3])}"]))
    moved = [type(m).__name__ for k, (m, values) in before.items()
             if values.shape != after[k][1].shape or not np.allclose(values, after[k][1], rtol=0.0, atol=POSE_TOLERANCE)]
    return f"{len(moved)} mobjects moved or changed colour, e.g. {', '.join(moved[:3])}" if moved else ""


class LessonFrame:
    """What every lesson scene (2D or 3D) shares: the title, the theme, the layout boxes
    (title, plot, panel), the setup hooks of higher layers (:mod:`gradanim.scene_hooks`:
    a lesson file's options for plain manim) and time to read.

    Time to read (:mod:`gradanim.components.pacing`): the scene notes the new text each
    animation shows, and before the next animation that shows, changes or takes away text
    (or an ``add``/``remove`` of text) it holds the frame until the text shown so far can be
    read: about 1 s plus 0.25 s per word or symbol group. The last frame holds at least 3 s.
    ``pace`` multiplies every hold, the scene's own ``wait`` calls included; animations keep
    their speed.

    Beats: a scene is a sequence of named beats, declared in order in ``beat_names`` and
    begun with :meth:`beat` (a manim section each, so ``manim --save_sections`` writes one
    clip per beat; a subcaption each, so the video's captions follow the beats). A lesson's
    ``[beats.NAME]`` replaces a beat's caption or its hold. A beat may end with an
    :meth:`idle`: a motion that comes back to where it started, played once in a video and
    looped until the click in a slide deck.
    """

    title = TITLE.but()
    theme = Option(DEFAULT_THEME, "colours and sizes of everything drawn", kind="theme")
    plot_width = PLOT_WIDTH.but()
    panel_buff = PANEL_BUFF.but()
    pace = PACE.but()
    beats = BEATS.but()

    beat_names: tuple[str, ...] = ()
    """The scene's beats in the order it plays them (each scene declares its own)."""

    @classmethod
    def beats_for(cls) -> tuple[str, ...]:
        """The beats a scene of this class plays, its options as the class sets them (a
        scene whose beats depend on its options says so here; most have ``beat_names``)."""
        return tuple(cls.beat_names)

    three_d = False  # which camera the render seam gives (gradanim.render.camera_class)

    def __new__(cls, *args, **kwargs):
        # Higher layers may make the scene as a subclass (under ``manim-slides render``, a
        # slide deck: gradanim.lessons.manim_plugin); the scene files do not know.
        return super().__new__(class_to_make(cls))

    def __init__(self, renderer=None, **kwargs):
        # How frames are drawn and encoded is the render seam's business (gradanim.render).
        kwargs.setdefault("camera_class", render.camera_class(self.three_d))
        if renderer is None:
            renderer = render.renderer_for(kwargs["camera_class"], skip_animations=kwargs.get("skip_animations", False))
        super().__init__(renderer=renderer, **kwargs)

    # --- time to read -----------------------------------------------------------------

    @property
    def reading_clock(self) -> ReadingClock:
        """This scene's account of reading time (made on first use, with the lesson's pace)."""
        clock = self.__dict__.get("_reading")
        if clock is None or clock.pace != self.pace:
            fresh = ReadingClock(self.pace)
            if clock is not None:  # the pace changed (a lesson applied): keep the account
                fresh.__dict__.update({k: v for k, v in clock.__dict__.items() if k != "pace"})
            clock = self.__dict__["_reading"] = fresh
        return clock

    def hold(self) -> None:
        """Hold the frame until the text shown so far can be read (nothing if it can)."""
        clock = self.reading_clock
        if clock.owed > 1e-9 and not clock.busy:
            clock.busy = True  # the wait's own play must not hold again
            try:
                super().wait(clock.frames_for(clock.owed, config.frame_rate))
            finally:
                clock.busy = False

    def play(self, *animations, **kwargs):
        clock = self.reading_clock
        idled = self.__dict__.get("_idled")
        if idled is not None and idled.end is None and not clock.busy:
            raise ValueError(f"{type(self).__name__} plays after the idle of the beat {idled.name!r}: an idle ends "
                             "its beat (begin the next beat first)")
        if not clock.busy and clock.owed > 1e-9 and clock.interrupts(animations):
            self.hold()
        outer = not clock.busy
        clock.busy = True
        try:
            super().play(*animations, **kwargs)
        finally:
            if outer:
                clock.busy = False
        is_wait = all(isinstance(a, Wait) for a in animations)
        if outer or is_wait:
            clock.after_play(animations, self.renderer.time, is_wait)

    def wait(self, duration: float = DEFAULT_WAIT_TIME, stop_condition=None, frozen_frame=None):
        """Wait ``duration`` seconds times the lesson's ``pace``."""
        super().wait(duration * self.pace, stop_condition=stop_condition, frozen_frame=frozen_frame)

    def add(self, *mobjects):
        clock = self.reading_clock
        if not clock.busy and clock.owed > 1e-9 and any(is_text(m) for mob in mobjects for m in mob.get_family()):
            self.hold()
        clock.note_added(mobjects)
        return super().add(*mobjects)

    def remove(self, *mobjects):
        clock = self.reading_clock
        if not clock.busy and clock.owed > 1e-9 and any(
            is_text(m) and id(m) not in clock.gone for mob in mobjects for m in mob.get_family()
        ):
            self.hold()  # text still seen goes away
        clock.note_removed(mobjects)
        return super().remove(*mobjects)

    def tear_down(self):
        """The last frame holds (``FINAL_HOLD`` times the pace), the last text and the last
        beat's caption are read."""
        self._still(self.reading_clock.final_hold())
        self.end_beat()
        super().tear_down()

    def _still(self, seconds: float) -> None:
        """Hold the frame ``seconds`` (whole frames, rounded up), not scaled by the pace."""
        if seconds > 1e-9:
            self.reading_clock.busy = True
            try:
                super().wait(self.reading_clock.frames_for(seconds, config.frame_rate))
            finally:
                self.reading_clock.busy = False

    # --- beats -------------------------------------------------------------------------

    @property
    def beat_log(self) -> list[Beat]:
        """The beats played so far, in order (the last one open until the next begins)."""
        return self.__dict__.setdefault("_beat_log", [])

    def beat(self, name: str, caption: str) -> Beat:
        """End the beat before (see :meth:`end_beat`) and begin the beat ``name``, declared
        in ``beat_names``, saying ``caption`` (or what the lesson's ``[beats.NAME]`` says)."""
        if name not in self.beat_names:
            raise ValueError(f"{type(self).__name__} begins the beat {name!r}, which is not in its beat_names "
                             f"({', '.join(self.beat_names) or 'none declared'})")
        self.end_beat()
        override = dict((self.beats or {}).get(name) or {})
        hold = override.get("hold")
        beat = Beat(name, str(override.get("caption", caption)), None if hold is None else float(hold),
                    start=float(self.renderer.time))
        self.begin_section(beat)
        self.beat_log.append(beat)
        return beat

    def begin_section(self, beat: Beat) -> None:
        """Begin the manim section of ``beat``, named as it is (a slide deck's scene begins a
        slide instead, its caption the speaker note: :mod:`gradanim.lessons.slides`)."""
        self.next_section(beat.name)

    def end_beat(self) -> None:
        """Close the open beat: its text is read, then it holds until its caption can be read
        (or, when the lesson sets its ``hold``, that many seconds after its last motion); its
        caption becomes a subcaption spanning the whole beat."""
        log = self.beat_log
        if not log or log[-1].end is not None:
            return
        beat = log[-1]
        self.hold()
        now = float(self.renderer.time)
        if beat.hold is None:
            until = beat.start + caption_time(beat.caption, self.pace)
        else:
            until = max(beat.start, self.reading_clock.last_motion_end) + beat.hold
        self._still(until - now)
        beat.end = float(self.renderer.time)
        if beat.caption and beat.duration > 0:
            self.add_subcaption(beat.caption, duration=beat.duration, offset=-beat.duration)

    def idle(self, *animations, run_time: float = IDLE_TIME, **kwargs) -> None:
        """End the open beat with ``animations``: a motion that comes back to where it
        started (a camera swaying there and back, a marker pulsing, flashes running along
        curves, a direction turning full circle), to watch while the lecturer talks.

        In a video it plays once, within the beat's hold: the text shown so far and the
        beat's caption are read while it plays (the reading clock counts it), so it adds
        only what it outlasts them by; the last frame of a scene still holds after it. In a
        slide deck it is a slide of its own that loops until the click, with the beat's
        caption as its note (:meth:`begin_idle`), and the beat's slide runs into it; what
        the beat holds after it is left out of the deck. Nothing more plays in the beat:
        the next animation belongs to the next beat.

        Raises ValueError outside a beat, or when the motion does not end as it began
        (the points and colours of everything in the scene, the camera's angles), since
        the loop would jump.
        """
        log = self.beat_log
        if not log or log[-1].end is not None:
            raise ValueError(f"{type(self).__name__}.idle() outside a beat: an idle ends the beat it is in")
        beat = log[-1]
        clock = self.reading_clock
        if clock.owed > 1e-9 and clock.interrupts(animations):
            self.hold()  # before the loop, so that the loop is the motion alone
        before = pose(self)
        self.begin_idle(beat)
        self.play(*animations, run_time=run_time, **kwargs)
        self.__dict__["_idled"] = beat
        self.end_idle(beat)
        moved = pose_changes(before, pose(self))
        if moved:
            raise ValueError(f"the idle of the beat {beat.name!r} in {type(self).__name__} does not end where it "
                             f"began ({moved}): a loop of it would jump")

    def begin_idle(self, beat: Beat) -> None:
        """Where the idle of ``beat`` begins: nothing in a video (a slide deck begins a slide
        that loops, :mod:`gradanim.lessons.slides`)."""

    def end_idle(self, beat: Beat) -> None:
        """Where the idle of ``beat`` ends: nothing in a video (a slide deck leaves the rest
        of the beat, still frames, out of the deck)."""

    # --- layout ------------------------------------------------------------------------

    @property
    def frame_box(self) -> Box:
        w, h = config.frame_width / 2, config.frame_height / 2
        return Box(-w + MARGIN, w - MARGIN, -h + MARGIN, h - MARGIN)

    @property
    def title_height(self) -> float:
        return 0.75 if self.title else 0.0

    @property
    def plot_box(self) -> Box:
        f = self.frame_box
        split = f.left + self.plot_width * f.width
        return Box(f.left, split, f.bottom, f.top - self.title_height)

    @property
    def panel_box(self) -> Box:
        f = self.frame_box
        split = f.left + self.plot_width * f.width
        return Box(split + 0.6, f.right, f.bottom, f.top - self.title_height)

    # --- parts -------------------------------------------------------------------------

    def make_title(self, text: str | None = None) -> VGroup:
        """The scene title as upright Typst text, at the top-left corner."""
        title = math(text_typst(text if text is not None else self.title), font_size=self.theme.title_size, theme=self.theme)
        if title.width > self.frame_box.width:
            title.scale_to_fit_width(self.frame_box.width)
        title.to_corner(UL, buff=MARGIN)
        return title

    def arrange_panel(self, *parts, buff: float | None = None, **named) -> Panel:
        """Stack ``parts`` (then the ``named`` ones) top-down in the panel box, left-aligned,
        shrunk to fit it; the column is a :class:`Panel`, so ``panel["rule"]`` finds a part."""
        box = self.panel_box
        column = Panel(*parts, **named)
        for part in column.submobjects:
            if part.width > box.width:
                part.scale_to_fit_width(box.width)
        column.arrange(DOWN, aligned_edge=LEFT, buff=self.panel_buff if buff is None else buff)
        if column.height > box.height:
            column.scale_to_fit_height(box.height)
        column.move_to(box.top_left, aligned_edge=UL)
        return column


class Panel(VGroup):
    """A column of parts, addressable by name (``panel["rule"]``) as well as by index."""

    def __init__(self, *parts, **named):
        self.parts = named
        super().__init__(*parts, *named.values())

    def __getitem__(self, key):
        if isinstance(key, str):
            return self.parts[key]
        return super().__getitem__(key)


class LessonScene(LessonFrame, Scene):
    """Base class: theme, title, plot box and panel box.

    Options a lesson (or a subclass) sets: those of :class:`LessonFrame` (``title``,
    ``theme``, ``plot_width``, ``panel_buff``, ``pace``) and ``redraw_by_zone``.

    Only what can change is redrawn: while an animation plays, manim redraws every mobject
    added after the first moving one, although most of them (the panel's formulas beside a
    walking marker) never change. Here a later mobject is redrawn only if it overlaps where
    something moves: the whole plot side (:meth:`travel_zone`) when anything moves there,
    elsewhere the moving mobjects' own extent (at the start and, for transforms, the
    target). Something that travels out of the plot side during a single animation without
    a target may pass over (rather than under) a still mobject in the panel; set
    ``redraw_by_zone = False`` for manim's own behaviour.
    """

    redraw_by_zone = Option(True, "redraw only what is near motion each frame (false: manim's own rule)")

    def setup(self):
        run_setup_hooks(self)  # a lesson file's options, for plain manim (gradanim.lessons.manim_plugin)
        self.camera.background_color = self.theme.background

    def make_axes(self, domain: Domain, variable_names=("x", "y"), box: Box | None = None, **kwargs) -> PlotAxes:
        """Equal-unit axes over ``domain`` that fit ``box`` (default: the plot box) with room for labels."""
        box = box or self.plot_box

        def build(room_x: float, room_y: float) -> PlotAxes:
            return PlotAxes(domain, max_width=box.width - room_x, max_height=box.height - room_y,
                            variable_names=variable_names, theme=self.theme, **kwargs)

        axes = build(0.45, 0.45)  # tick numbers below and left of the plot
        # Labels included, the axes must lie inside the box: with wide axis names the axes
        # are drawn shorter (scaling the whole would shrink the labels below a legible size).
        if axes.width > box.width + 1e-9 or axes.height > box.height + 1e-9:
            room_x = axes.width - axes.x_length
            room_y = axes.height - axes.y_length
            axes = build(room_x, room_y)
        if axes.width > box.width + 1e-9 or axes.height > box.height + 1e-9:
            axes.scale(min(box.width / axes.width, box.height / axes.height))
        axes.move_to(box.center)
        return axes

    # --- drawing only what can change ---------------------------------------------------

    def travel_zone(self) -> Box:
        """Where moving things roam: the plot side of the frame below the title. Something
        moving there may be anywhere in it by the end of an animation; elsewhere (panel,
        title) things fade or change in place, or move to a target that is known."""
        half_w, half_h = config.frame_width / 2, config.frame_height / 2
        split = (self.plot_box.right + self.panel_box.left) / 2
        return Box(-half_w, split, -half_h, self.plot_box.top if self.title else half_h)

    def get_moving_mobjects(self, *animations):
        moving = super().get_moving_mobjects(*animations)
        if not self.redraw_by_zone or len(moving) < 2:
            return moving
        sources, extents = _motion_sources(self, animations)
        zone = self.travel_zone()
        regions = []
        for extent in extents:
            box = Box.of(extent)
            if box is None:
                continue
            if box.overlaps(zone):
                regions.append(zone)
            if not zone.contains(box):
                regions.append(box)
        source_ids = {id(member) for m in sources for member in m.get_family()}
        kept = []
        for mob in moving:
            if id(mob) in source_ids:
                kept.append(mob)
            elif mob.has_points() and any(Box.of(mob).overlaps(region, gap=0.1) for region in regions):
                kept.append(mob)
        return kept

    def fade_out_under_curtain(self, *mobjects, run_time: float = 0.7, keep_title: bool = True) -> None:
        """Fade ``mobjects`` into the background, then remove them.

        A curtain in the background colour fades in over the frame (below the title when
        ``keep_title``), which looks exactly like a ``FadeOut`` on a plain background but
        animates one rectangle instead of every member of every mobject: fading a grid of
        panels with thousands of contour pieces this way costs a fraction of the time.
        With ``keep_title`` the curtain reaches just above the highest of ``mobjects``, so a
        title above them stays; anything else under the curtain is hidden too.
        """
        self.hold()  # the curtain hides text: it must have been read
        self.reading_clock.note_removed(mobjects)  # from now on hidden: not new text, no reason to hold
        top = config.frame_height / 2 + 0.1
        if keep_title:
            top = min(top, max(m.get_top()[1] for m in mobjects) + 0.08)
        bottom = -config.frame_height / 2 - 0.1
        curtain = Rectangle(width=config.frame_width + 0.2, height=top - bottom, stroke_width=0)
        curtain.set_fill(self.theme.background, opacity=1.0)
        curtain.move_to([0.0, (top + bottom) / 2, 0.0])
        self.play(FadeIn(curtain), run_time=run_time)
        # Parts may have been added to the scene one by one: remove them as well.
        doomed = {id(member) for m in mobjects for member in m.get_family()}
        parts = [m for m in self.mobjects if all(id(member) in doomed for member in m.family_members_with_points())]
        self.remove(*mobjects, *parts, curtain)


def _motion_sources(scene: Scene, animations) -> tuple[list, list]:
    """What moves in ``animations`` (their mobjects, mobjects with updaters, foreground
    mobjects), and everything whose extent tells where it moves (targets and starting
    copies of transforms too)."""
    from manim import AnimationGroup

    sources, extents = [], []

    def visit(animation):
        sources.append(animation.mobject)
        extents.append(animation.mobject)
        for name in ("target_mobject", "starting_mobject"):
            other = getattr(animation, name, None)
            if other is not None and hasattr(other, "get_all_points"):
                extents.append(other)
        if isinstance(animation, AnimationGroup):
            for inner in animation.animations:
                visit(inner)

    for animation in animations:
        visit(animation)
    for mob in scene.get_mobject_family_members():
        if mob.updaters:
            sources.append(mob)
            extents.append(mob)
    sources += list(scene.foreground_mobjects)
    extents += list(scene.foreground_mobjects)
    return sources, extents


# --- the 3D lesson frame ----------------------------------------------------------------------



class LessonScene3D(LessonFrame, ThreeDScene):
    """LessonScene's layout for 3D: title and panel fixed in frame, the 3D picture in the plot box.

    Options a lesson sets: those of :class:`LessonFrame` and the camera's: ``phi``,
    ``theta`` (degrees), ``zoom`` and ``ambient_rate`` (radians per second of slow turning
    while the scene plays; 0 for none).
    """

    panel_buff = PANEL_BUFF.but(0.4)
    phi = Option(62.0, "camera angle down from straight above, in degrees", low=0.0, high=180.0)
    theta = Option(-60.0, "camera angle around the vertical axis, in degrees (-90: looking along +y)",
                   low=-360.0, high=360.0)
    zoom = Option(1.0, "zoom of the 3D picture, times the size that fits the plot box", low=0.1, high=10.0)
    ambient_rate = Option(0.0, "radians per second the camera turns while the scene plays (0: still)",
                          low=-1.0, high=1.0)

    three_d = True

    def get_moving_mobjects(self, *animations):
        """What manim redraws every frame of an animation. While anything in the depth layer
        moves (or the camera does), that is the whole depth layer (depth is tested among
        everything it draws in one frame, so none of it may stay behind in manim's static
        image), what moves, and what is drawn over the 3D picture (labels, anything fixed in
        the frame that reaches into :attr:`picture_box`). Titles and panels beside the
        picture that do not change stay in the static image, drawn once per animation."""
        moving = super().get_moving_mobjects(*animations)
        camera = self.camera
        if not isinstance(camera, render.DepthCamera) or not moving:
            return moving

        def in_layer(mobject) -> bool:
            return any(camera.in_depth_layer(m) for m in mobject.get_family() if m.has_points())

        trackers = {id(t) for t in render.camera_trackers(camera)}
        camera_moves = any(id(m) in trackers for m in moving)
        if not camera_moves and not any(in_layer(m) for m in moving):
            return moving
        sources, _ = _motion_sources(self, animations)
        moved = {id(member) for m in sources for member in m.get_family()}
        zone = self.picture_box
        kept = []
        for mobject in self.mobjects:
            family = mobject.get_family()
            if (in_layer(mobject) or any(id(m) in moved for m in family)
                    or any(m in camera.fixed_orientation_mobjects for m in family) or _reaches(mobject, zone)):
                kept.append(mobject)
        return kept

    def setup(self):
        run_setup_hooks(self)  # a lesson file's options, for plain manim (gradanim.lessons.manim_plugin)
        self.camera.background_color = self.theme.background
        self.set_camera_orientation(phi=self.phi * DEGREES, theta=self.theta * DEGREES, zoom=self.zoom)
        self.camera.screen_shift = np.array(self.plot_box.center, dtype=float)

    @property
    def picture_box(self) -> Box:
        """Where the 3D picture is drawn (the box of the last :meth:`fit_camera`, else the
        plot box)."""
        return getattr(self, "_picture_box", None) or self.plot_box

    def fit_camera(self, *plots: SurfacePlot, box: Box | None = None, thetas: Sequence[float] | None = None,
                   fill: float = 0.9) -> float:
        """Zoom and shift the 3D picture so ``plots`` fill ``box`` (default: the plot box).

        ``thetas`` (radians) are camera azimuths the scene will visit (an ambient rotation):
        the picture fits at all of them. Returns the zoom (times the class's ``zoom``).
        """
        box = box or self.plot_box
        self._picture_box = box
        cam = self.camera
        points = np.vstack([p.bounding_points() for p in plots])
        theta0 = cam.get_theta()
        cam.set_zoom(1.0)
        cam.screen_shift = np.zeros(3)
        projected = []
        for th in (thetas if thetas is not None else [theta0]):
            cam.set_theta(th)
            cam.reset_rotation_matrix()
            projected.append(cam.project_points(points)[:, :2])
        cam.set_theta(theta0)
        cam.reset_rotation_matrix()
        xy = np.vstack(projected)
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        size = np.maximum(hi - lo, 1e-6)
        zoom = fill * min(box.width / size[0], box.height / size[1]) * self.zoom
        cam.set_zoom(zoom)
        shift = box.center[:2] - zoom * (lo + hi) / 2
        cam.screen_shift = np.array([shift[0], shift[1], 0.0])
        return zoom

    def turning_thetas(self, seconds: float, sway: float = 0.0) -> list[float]:
        """Camera azimuths visited by ``seconds`` of ambient rotation from now (for fit_camera),
        and by a :meth:`sway` of ``sway`` degrees where the rotation ends."""
        theta = self.camera.get_theta()
        thetas = list(theta + self.ambient_rate * np.linspace(0.0, seconds, 9))
        return thetas + [thetas[-1] - sway * DEGREES, thetas[-1] + sway * DEGREES] if sway else thetas

    def sway(self, degrees: float = SWAY_DEGREES):
        """An :meth:`idle` for the 3D picture: the camera turns ``degrees`` round the vertical
        axis one way, back through where it stands, as far the other way and back (one
        period of a sine, :func:`~gradanim.components.idling.swing`). Fit the camera to the
        angles it visits: ``fit_camera(..., thetas=self.turning_thetas(t, sway=degrees))``."""
        tracker = self.camera.theta_tracker
        return tracker.animate(rate_func=swing).set_value(tracker.get_value() + degrees * DEGREES)

    def fix(self, *mobjects) -> None:
        """Keep mobjects (and any parts swapped in since) fixed in the frame.

        Only registers them with the camera: they appear when an animation introduces them
        (``FadeIn``, ``Write``) or on ``self.add``. Call again after swapping in new parts.
        """
        self.camera.add_fixed_in_frame_mobjects(*mobjects)

    def unfix(self, *mobjects) -> None:
        self.remove_fixed_in_frame_mobjects(*mobjects)

    def make_readout(self, label_typst: str, value, **kwargs):
        """A :class:`~gradanim.components.typeset.Readout` in the scene's theme."""
        kwargs.setdefault("theme", self.theme)
        return Readout(label_typst, value, **kwargs)

    def set_readout(self, readout, value) -> None:
        """Show a new value and keep it fixed in frame."""
        readout.set_value(value)
        self.fix(readout)

    def add_labels(self, *labels) -> None:
        """Register labels that face the camera at their 3D position and are drawn over the 3D
        picture (hidden only when a surface is in front of their centre); they appear when an
        animation introduces them."""
        draw_on_top(*labels)
        self.camera.add_fixed_orientation_mobjects(*labels)

    def billboard(self, *mobjects) -> None:
        """Add mobjects that keep facing the camera at their 3D position (labels, the ball)."""
        self.add_fixed_orientation_mobjects(*mobjects)

    def add_axis_labels(self, plot: SurfacePlot) -> VGroup:
        """The plot's axis names, always facing the camera, drawn over the 3D picture, each
        at the first of its places (:meth:`SurfacePlot.label_anchors`) that the surface does
        not hide from the camera as it stands now (one that turns out hidden later is not drawn)."""
        taken: list[np.ndarray] = []  # where the names placed so far appear on screen
        for label, spots in zip(plot.axis_labels, plot.label_anchors()):
            on_screen = self.camera.project_points(spots)[:, :2]
            apart = np.array([all(np.linalg.norm(p - q) > LABEL_GAP for q in taken) for p in on_screen])
            fine = ~self.camera.hidden(spots, [plot.surface]) & apart
            choice = int(np.argmax(fine)) if fine.any() else int(np.argmax(apart))
            label.move_to(spots[choice])  # the first place in view, clear of the other names
            taken.append(on_screen[choice])
        draw_on_top(*plot.axis_labels)
        self.add_fixed_orientation_mobjects(*plot.axis_labels)
        return plot.axis_labels

    def show_plot_animations(self, plot: SurfacePlot) -> list:
        """Add the plot's axis labels and return the animations that draw its frame, floor
        contours and surface (the depth layer sorts out what hides what)."""
        self.add_axis_labels(plot)
        return [Create(plot.frame), Create(plot.floor_contours, lag_ratio=0.1), FadeIn(plot.surface)]

    def start_turning(self) -> None:
        if self.ambient_rate:
            self.begin_ambient_camera_rotation(rate=self.ambient_rate)

    def stop_turning(self) -> None:
        if self.ambient_rate:
            self.stop_ambient_camera_rotation()


LABEL_GAP = 0.6  # scene units kept between two axis names on screen


def _reaches(mobject, box: Box) -> bool:
    """Whether a mobject's points come into ``box`` (as drawn in the frame: for what is fixed
    in the frame, its own coordinates)."""
    found = Box.of(mobject)
    return found is not None and found.overlaps(box, gap=0.1)
