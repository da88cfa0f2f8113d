"""Whether the texts of a frame can be read on a slide: size and contrast.

The rules (at 854x480, the smallest size a lesson is shown at; 8 scene units of height are
480 pixels, so 60 pixels a unit):

- **Size.** Capitals (and digits) of a text's main size at least ``MIN_CAP_PX`` = 11 px
  high. Scripts (exponents, indices: Typst sets them at 70% of the main size, a script's
  script at 50%) have an x-height of at least ``MIN_SCRIPT_X_PX`` = 5 px (their capitals and
  digits about 8 px): a first-level exponent of a text at the minimum size passes, a script
  of a script needs a larger text or another way of writing (``exp(...)``).
- **Contrast.** Each glyph's colour against what is behind it, WCAG 2's contrast ratio, at
  least ``MIN_CONTRAST`` = 4.5 (AA for body text). What is behind a glyph is the frame's
  background with every filled shape drawn before the text that covers the glyph (a panel,
  a card, a highlighted row) laid over it with its opacity; a glyph that is itself
  translucent is blended the same way. A glyph with an opaque outline behind it (a
  background stroke at least ``MIN_HALO_STROKE`` wide, ``Theme.halo_stroke``: labels over
  contour bands) is read against that outline. Lines and strokes behind a text are not areas and
  do not count (the scene test keeps texts off each other; a rendered frame is the
  independent check).

Sizes are measured from the typeset glyphs (:mod:`gradanim.components.texts`): a glyph's
font size now, after every scaling, times the font's cap height or x-height.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import ManimColor, VMobject, config
from manim.utils.family import extract_mobject_family_members

from .texts import TextGlyph, cap_height_per_font_size, glyph_visible, is_text, text_glyphs, texts_in, x_height_per_font_size

MIN_CAP_PX = 11.0
MIN_SCRIPT_X_PX = 5.0
MIN_CONTRAST = 4.5
SLIDE_PIXEL_HEIGHT = 480  # 854x480, the smallest rendering a lesson is watched at
SHAPE_OPACITY = 0.02  # fills fainter than this are not behind anything
MIN_HALO_STROKE = 5.0  # a background outline this wide (manim stroke width) is what is behind a glyph


def pixels_per_unit(pixel_height: int = SLIDE_PIXEL_HEIGHT) -> float:
    return pixel_height / config.frame_height


def relative_luminance(rgb) -> float:
    """WCAG 2's relative luminance of an sRGB colour (components 0..1)."""
    c = np.asarray(rgb, dtype=float)[:3]
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def contrast_ratio(a, b) -> float:
    """WCAG 2's contrast ratio of two sRGB colours (1 to 21)."""
    la, lb = sorted((relative_luminance(_rgb(a)), relative_luminance(_rgb(b))))
    return (lb + 0.05) / (la + 0.05)


def _rgb(color) -> np.ndarray:
    if isinstance(color, np.ndarray):
        return color[:3]
    return np.array(ManimColor(color).to_rgb(), dtype=float)


@dataclass(frozen=True)
class GlyphReading:
    """How one glyph reads: its size in pixels and its contrast with what is behind it."""

    glyph: TextGlyph
    cap_px: float
    x_px: float
    color: np.ndarray
    behind: np.ndarray
    contrast: float

    @property
    def size_ok(self) -> bool:
        if self.glyph.is_script:
            return self.x_px >= MIN_SCRIPT_X_PX - 1e-6
        return self.cap_px >= MIN_CAP_PX - 1e-6


class Backdrop:
    """What is drawn behind texts: the background colour and the filled shapes, in drawing
    order, that are not texts."""

    def __init__(self, mobjects, background):
        self.background = _rgb(background)
        members = extract_mobject_family_members(list(mobjects), use_z_index=True, only_those_with_points=True)
        text_parts = {id(m) for t in texts_in(*mobjects) for m in t.get_family()}
        self.order = {id(m): i for i, m in enumerate(members)}
        shapes = []
        for i, mob in enumerate(members):
            if id(mob) in text_parts or not isinstance(mob, VMobject):
                continue
            opacities = mob.get_fill_opacities()
            if not len(opacities) or float(np.max(opacities)) <= SHAPE_OPACITY:
                continue
            points = mob.points[:, :2]
            shapes.append((i, points.min(axis=0), points.max(axis=0), mob))
        self.shapes = [mob for *_, mob in shapes]
        self.indices = np.array([i for i, *_ in shapes], dtype=int)
        self.lows = np.array([low for _, low, _, _ in shapes]).reshape(-1, 2)
        self.highs = np.array([high for _, _, high, _ in shapes]).reshape(-1, 2)

    def color_at(self, point, before: int) -> np.ndarray:
        """The colour at ``point`` of the background and the shapes drawn before ``before``."""
        color = self.background.copy()
        near = np.flatnonzero((self.indices < before) & np.all(self.lows <= point, axis=1)
                              & np.all(point <= self.highs, axis=1))
        for k in near:  # in drawing order
            mob = self.shapes[k]
            if not _inside(mob, point):
                continue
            rgba = mob.get_fill_rgbas()[0]
            color = color * (1 - rgba[3]) + rgba[:3] * rgba[3]
        return color


def _inside(mob: VMobject, point) -> bool:
    """Whether ``point`` is inside ``mob``'s filled outline: the even-odd rule over its
    subpaths (each closed, as a fill closes it), each cubic sampled at five points."""
    points = mob.points
    n = len(points) // 4 * 4
    if n == 0:
        return False
    curves = points[:n, :2].reshape(-1, 4, 2)
    t = np.linspace(0, 1, 5)[None, :, None]
    a, h1, h2, b = (curves[:, i][:, None] for i in range(4))
    samples = (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * h1 + 3 * (1 - t) * t**2 * h2 + t**3 * b  # curves x 5 x 2
    starts, ends = samples[:, :-1].reshape(-1, 2), samples[:, 1:].reshape(-1, 2)
    # Close each subpath: a new one starts where a curve does not begin at the last one's end.
    breaks = np.flatnonzero(np.linalg.norm(curves[1:, 0] - curves[:-1, 3], axis=1) > 1e-6) + 1
    firsts = np.concatenate([[0], breaks])
    lasts = np.concatenate([breaks - 1, [len(curves) - 1]])
    starts = np.concatenate([starts, curves[lasts, 3]])
    ends = np.concatenate([ends, curves[firsts, 0]])
    y0, y1 = starts[:, 1], ends[:, 1]
    crosses = (y0 > point[1]) != (y1 > point[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        at = starts[:, 0] + (point[1] - y0) * (ends[:, 0] - starts[:, 0]) / (y1 - y0)
    return bool(np.count_nonzero(crosses & (point[0] < at)) % 2)


def read_text(text, backdrop: Backdrop, pixel_height: int = SLIDE_PIXEL_HEIGHT) -> list[GlyphReading]:
    """Each visible glyph of ``text``: its size in pixels at ``pixel_height`` and the worst
    contrast over its centre and four inner points."""
    px = pixels_per_unit(pixel_height)
    cap, x_height = cap_height_per_font_size() * px, x_height_per_font_size() * px
    order = backdrop.order
    out = []
    for glyph in text_glyphs(text):
        mob = glyph.mobject
        rgba = mob.get_fill_rgbas()[0]
        low, high = mob.points[:, :2].min(axis=0), mob.points[:, :2].max(axis=0)
        centre, half = (low + high) / 2, (high - low) / 4
        worst = None
        halo = _halo(mob)
        for offset in ([0, 0], [-1, -1], [1, -1], [-1, 1], [1, 1]):
            behind = backdrop.color_at(centre + half * offset, order.get(id(mob), len(order)))
            if halo is not None:
                behind = behind * (1 - halo[3]) + halo[:3] * halo[3]
            color = rgba[:3] * rgba[3] + behind * (1 - rgba[3])
            ratio = contrast_ratio(color, behind)
            if worst is None or ratio < worst[0]:
                worst = (ratio, color, behind)
        out.append(GlyphReading(glyph, glyph.font_size * cap, glyph.font_size * x_height, worst[1], worst[2], worst[0]))
    return out


def _halo(mob: VMobject) -> np.ndarray | None:
    """The rgba of an outline drawn behind ``mob``'s fill wide enough to read it against."""
    if mob.get_stroke_width(background=True) < MIN_HALO_STROKE:
        return None
    rgbas = mob.get_stroke_rgbas(background=True)
    if not len(rgbas) or rgbas[0][3] <= 0.05:
        return None
    return rgbas[0]


def legibility_problems(mobjects, background, pixel_height: int = SLIDE_PIXEL_HEIGHT) -> list[str]:
    """What cannot be read in a frame showing ``mobjects`` on ``background``: one line per
    text whose glyphs are too small or too faint."""
    backdrop = Backdrop(mobjects, background)
    problems = []
    for text in texts_in(*mobjects):
        readings = read_text(text, backdrop, pixel_height)
        if not readings:
            continue
        name = describe_text(text)
        main = [r for r in readings if not r.glyph.is_script]
        scripts = [r for r in readings if r.glyph.is_script]
        if main and min(r.cap_px for r in main) < MIN_CAP_PX - 1e-6:
            problems.append(f"{name}: capitals {min(r.cap_px for r in main):.1f} px high at {pixel_height}p "
                            f"(at least {MIN_CAP_PX:g})")
        if scripts and min(r.x_px for r in scripts) < MIN_SCRIPT_X_PX - 1e-6:
            problems.append(f"{name}: a script's x-height is {min(r.x_px for r in scripts):.1f} px at {pixel_height}p "
                            f"(at least {MIN_SCRIPT_X_PX:g})")
        worst = min(readings, key=lambda r: r.contrast)
        if worst.contrast < MIN_CONTRAST - 1e-6:
            problems.append(f"{name}: contrast {worst.contrast:.2f}:1, {_hex(worst.color)} on {_hex(worst.behind)} "
                            f"(at least {MIN_CONTRAST:g}:1)")
    return problems


def describe_text(text) -> str:
    shown = getattr(text, "typst_code", None)
    if shown is None and hasattr(text, "label_typst"):
        shown = f"{text.label_typst} = {getattr(text, 'text', '')}"
    if shown is None:
        shown = getattr(text, "value", "")
    shown = str(shown)
    return f"{type(text).__name__}({shown[:60] + '...' if len(shown) > 60 else shown!r})"


def _hex(rgb) -> str:
    return "#" + "".join(f"{int(round(float(np.clip(v, 0, 1)) * 255)):02x}" for v in rgb[:3])


__all__ = [
    "Backdrop", "GlyphReading", "MIN_CAP_PX", "MIN_CONTRAST", "MIN_SCRIPT_X_PX", "SLIDE_PIXEL_HEIGHT", "contrast_ratio",
    "describe_text", "glyph_visible", "is_text", "legibility_problems", "pixels_per_unit", "read_text",
    "relative_luminance",
]
