"""Time to read: every beat of a lesson holds until what it adds can be read.

A beat is an animation that shows new text (a formula, a label, a readout appearing; a
readout's value ticking during a walk is not new text). Reading it takes about
``READ_BASE`` (1 s) plus ``READ_PER_GROUP`` (0.25 s) per word or symbol group, where the
groups are counted from the typeset glyphs (:func:`reading_groups`: glyphs closer than a
word space belong to one group, so ``nabla f(2, 3) = (6, 2)`` is five groups and a sentence
one group per word). The next beat (new text, or text taken away) does not start before
that time has passed; the last frame holds at least ``FINAL_HOLD`` (3 s). A lesson's
``pace`` multiplies every hold (0.5 to 2).

:class:`ReadingClock` keeps the account for a scene (``LessonFrame`` uses it in ``play``,
``add``, ``remove`` and ``tear_down``), so scenes need no hand-tuned waits.
"""

from __future__ import annotations

import numpy as np
from manim import SCALE_FACTOR_PER_FONT_POINT

from .texts import glyph_visible, is_text, text_glyphs, texts_in

READ_BASE = 1.0  # seconds to take in a beat
READ_PER_GROUP = 0.25  # seconds per word or symbol group of new text
FINAL_HOLD = 3.0  # seconds the last frame stays
PACE_RANGE = (0.5, 2.0)

# Glyph clusters: glyphs whose boxes come closer than this (in ems) horizontally, and
# overlap vertically after growing by the vertical allowance (stacked parts of a fraction,
# scripts), read as one group. Between words and around relations and operators Typst
# leaves ink gaps of 0.29-0.5 em; within a word or a number (-1.5) they stay below 0.18 em.
_GAP_EM = 0.22
_STACK_EM = 0.3


def _em(font_size: float) -> float:
    from manim.utils.typst_file_writing import TYPST_COMPILATION_FONT_SIZE

    return font_size * SCALE_FACTOR_PER_FONT_POINT * TYPST_COMPILATION_FONT_SIZE


def reading_groups(text) -> int:
    """Words and symbol groups a text shows: clusters of its visible glyphs. The rules a
    text draws (fraction bars) join what they touch (a fraction is one group). A text
    marked ``skim`` (an axis's tick numbers: looked up when needed) counts none."""
    if getattr(text, "skim", False):
        return 0
    glyphs = text_glyphs(text)
    if not glyphs:
        return 0
    em = max(_em(g.font_size / max(g.scale, 1e-9)) for g in glyphs)  # the text's main em
    grow = np.array([_GAP_EM / 2 * em, _STACK_EM / 2 * em])
    boxes = [_box(g.mobject, grow) for g in glyphs]
    rules = [_box(m, grow) for m in text.family_members_with_points() if _is_rule(m)]
    low = np.array([b[0] for b in boxes + rules])
    high = np.array([b[1] for b in boxes + rules])
    touching = np.all((low[:, None, :] <= high[None, :, :]) & (low[None, :, :] <= high[:, None, :]), axis=2)
    parent = list(range(len(low)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in zip(*np.nonzero(np.triu(touching, 1))):
        parent[find(i)] = find(j)
    return len({find(i) for i in range(len(boxes))})


def _box(mob, grow) -> tuple[np.ndarray, np.ndarray]:
    points = mob.points[:, :2]
    return points.min(axis=0) - grow, points.max(axis=0) + grow


def _is_rule(mob) -> bool:
    """A stroked line a text draws (fraction bar, root, table line), seen."""
    return (mob.has_points() and not glyph_visible(mob) and mob.get_stroke_width() > 0
            and bool(np.any(mob.get_stroke_opacities() > 0.05)))


def reading_time(groups: int, pace: float = 1.0) -> float:
    """Seconds to read a beat of ``groups`` new words or symbol groups."""
    return pace * (READ_BASE + READ_PER_GROUP * groups) if groups else 0.0


def text_signature(text) -> tuple:
    """What a text says, not where or how it is drawn: a formula's source and glyph shapes
    (a Transform into another formula changes them), a readout's label (its value is live,
    not a new beat)."""
    from .glyph_number import GlyphNumber
    from .typeset import Readout

    if isinstance(text, Readout):
        return ("readout", text.label_typst)
    if isinstance(text, GlyphNumber):
        return ("number",)
    shapes = tuple(len(m.points) for m in text.family_members_with_points() if glyph_visible(m))
    return (getattr(text, "typst_code", ""), shapes)


def text_shown(text) -> bool:
    return any(glyph_visible(m) for m in text.family_members_with_points())


def animated_mobjects(animations) -> list:
    """The mobjects ``animations`` (animations, ``.animate`` builders or mobjects) act on,
    those of the parts of groups and successions too (whose own mobject may be empty)."""
    found = []

    def visit(animation):
        mob = getattr(animation, "mobject", animation)
        if mob is not None and hasattr(mob, "get_family"):
            found.append(mob)
        for inner in getattr(animation, "animations", ()) or ():
            visit(inner)

    for animation in animations:
        visit(animation)
    return found


class ReadingClock:
    """A scene's account of reading time: when the text shown so far will have been read,
    when the last animation ended, and which texts a viewer has seen."""

    def __init__(self, pace: float = 1.0):
        self.pace = float(pace)
        self.now = 0.0  # seconds of video so far
        self.read_until = 0.0  # the text shown so far has been read by then
        self.last_motion_end = 0.0  # the end of the last animation that was not a wait
        self.seen: dict[int, tuple] = {}  # id(text) -> signature, for texts on screen
        self.touched: list = []  # texts added or removed outside animations since the last play
        self.gone: set[int] = set()  # texts removed from the scene (a FadeOut restores their opacity)
        self.busy = False  # inside a play: mobjects it adds are noted, not waited for
        self.beats: list[tuple[float, int]] = []  # (end time, new groups) of each beat

    @property
    def owed(self) -> float:
        """Seconds still to hold before the next beat may start."""
        return max(0.0, self.read_until - self.now)

    def note_added(self, mobjects) -> None:
        """``mobjects`` were added to the scene: texts among them may be new."""
        texts = texts_in(*mobjects)
        self.touched.extend(texts)
        self.gone.difference_update(id(t) for t in texts)

    def note_removed(self, mobjects) -> None:
        """``mobjects`` left the scene: their texts are no longer seen."""
        for text in texts_in(*mobjects):
            self.seen.pop(id(text), None)
            self.gone.add(id(text))

    def interrupts(self, animations) -> bool:
        """Whether playing ``animations`` may show, change or take away text (before which
        the text already shown must have been read)."""
        if self.touched:
            return True
        return any(is_text(m) for mob in animated_mobjects(animations) for m in mob.get_family())

    def after_play(self, animations, now: float, is_wait: bool) -> int:
        """Note an animation that ended at ``now`` seconds of video and the new text it
        showed; returns that text's word and symbol groups."""
        self.now = float(now)
        if not is_wait:
            self.last_motion_end = self.now
        candidates = list(self.touched) + texts_in(*animated_mobjects(animations))
        self.touched = []
        groups = 0
        for text in dict.fromkeys(candidates):
            if id(text) in self.gone or not text_shown(text):
                self.seen.pop(id(text), None)
                continue
            signature = text_signature(text)
            if self.seen.get(id(text)) != signature:
                self.seen[id(text)] = signature
                groups += reading_groups(text)
        if groups:
            self.read_until = max(self.read_until, self.now + reading_time(groups, self.pace))
            self.beats.append((self.now, groups))
        return groups

    @staticmethod
    def frames_for(seconds: float, frame_rate: float) -> float:
        """A wait of at least ``seconds`` in whole frames (manim writes a still frame
        ``int(duration * frame_rate)`` times: without rounding up, a hold comes out a frame
        short)."""
        return (np.ceil(seconds * frame_rate - 1e-6) + 1e-3) / frame_rate

    def final_hold(self) -> float:
        """Seconds to wait at the end: the last frame holds ``FINAL_HOLD`` times the pace,
        and the last beat gets its reading time."""
        end = max(self.last_motion_end + FINAL_HOLD * self.pace, self.read_until)
        return max(0.0, end - self.now)


__all__ = [
    "FINAL_HOLD", "PACE_RANGE", "READ_BASE", "READ_PER_GROUP", "ReadingClock", "animated_mobjects", "reading_groups", "reading_time",
    "text_shown", "text_signature",
]
