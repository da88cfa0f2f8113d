"""The texts a frame shows, glyph by glyph, and how large each glyph is typeset.

A text is a Typst formula or markup (:class:`TypstMath`, :class:`TypstMarkup`), a
:class:`~gradanim.components.typeset.Readout` or a
:class:`~gradanim.components.glyph_number.GlyphNumber`. :func:`texts_in` finds them in a
mobject tree; :func:`text_glyphs` lists a text's visible glyph outlines, each with the font
size it is drawn at now (after every scaling, in manim's font-size units) and its size
relative to the text's main size (1 for the main size, 0.7 for a script such as an
exponent, 0.5 for a script of a script).

How the sizes are known:

- Each glyph of a Typst text carries where it came from (``glyph.typeset``, a
  :class:`~gradanim.components.typst_import.GlyphSource`: source, index, font size and
  extent when typeset), so its current size is its current extent over that extent.
- The size Typst gave each glyph (a script is smaller) is read from the PDF Typst makes of
  the same source: each text run there states its font size (``Tf``) at the same origin as
  the run in the SVG the glyphs were drawn from (:func:`run_scales`).
- Readouts and glyph numbers lay their numbers out from cached glyphs at a known font size;
  an exponent in scientific notation is drawn at ``SUPERSCRIPT_SCALE``.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from manim import VMobject

from .glyph_number import SUPERSCRIPT_SCALE, GlyphNumber, glyph_layout, text_parts
from .typeset import Readout, math
from .typst_import import TypstSourceError, _TypstImport, svg_leaves, typst_math_svg, typst_svg

VISIBLE_OPACITY = 0.05  # a glyph fainter than this is not seen


@dataclass(frozen=True)
class TextGlyph:
    """One visible glyph outline of a text."""

    mobject: VMobject
    font_size: float  # the size it is drawn at now, in manim font-size units (a script: smaller)
    scale: float  # its typeset size relative to its text's main size: 1, 0.7 (script), 0.5 (script of script)

    @property
    def is_script(self) -> bool:
        return self.scale < 0.78  # Typst: 0.7 and 0.5 (monospace raw text is 0.8 of the size, not a script)


def is_text(mobject) -> bool:
    return isinstance(mobject, (_TypstImport, Readout, GlyphNumber))


def texts_in(*roots) -> list:
    """The texts in ``roots`` and their families (outermost ones: a readout's label is part
    of the readout), in drawing order."""
    found = []

    def visit(mob):
        if is_text(mob):
            found.append(mob)
            return
        for child in mob.submobjects:
            visit(child)

    for root in roots:
        visit(root)
    return found


def glyph_visible(glyph: VMobject) -> bool:
    """A filled outline that is seen (rules such as fraction bars are strokes, not glyphs)."""
    return glyph.has_points() and bool(np.any(glyph.get_fill_opacities() > VISIBLE_OPACITY))


def text_glyphs(text) -> list[TextGlyph]:
    """The visible glyphs of ``text``, each with its current font size."""
    slots = {}
    if isinstance(text, Readout):
        slots = _readout_slots(text)
    elif isinstance(text, GlyphNumber):
        slots = _number_slots(text)
    out = []
    for member in text.family_members_with_points():
        if not glyph_visible(member):
            continue
        if id(member) in slots:
            font_size, scale = slots[id(member)]
            out.append(TextGlyph(member, font_size, scale))
            continue
        source = getattr(member, "typeset", None)
        if source is None:
            continue  # not a typeset glyph (a text's own decoration)
        scales = run_scales(source.kind, source.source)
        scale = scales[source.index] if scales is not None and source.index < len(scales) else 1.0
        now = _extent_ratio(member, source.width, source.height)
        out.append(TextGlyph(member, source.font_size * scale * now, scale))
    return out


def _extent_ratio(mob: VMobject, width: float, height: float) -> float:
    """How much larger ``mob`` is than when it was ``width`` x ``height`` (by its longer side)."""
    if width >= height and width > 0:
        return mob.width / width
    return mob.height / height if height > 0 else 1.0


def _readout_slots(readout: Readout) -> dict[int, tuple[float, float]]:
    """Font size and script scale of each glyph slot showing a readout's value."""
    shown = readout.shown_glyphs
    scale = float(np.linalg.norm(readout.unit.get_center() - readout.anchor.get_center())) / 0.01
    size = readout.font_size_ * scale
    if isinstance(readout.value, str):
        scales = run_scales("math", readout.value) or ()
        return {id(g): (size * (scales[i] if i < len(scales) else 1.0), scales[i] if i < len(scales) else 1.0)
                for i, g in enumerate(shown)}
    value = readout.value
    digits = 0 if isinstance(value, (int, np.integer)) and not isinstance(value, bool) else readout.digits
    flags = [sup for _, sup in text_parts(value, digits, readout.fixed)]
    return {id(g): (size * (SUPERSCRIPT_SCALE if sup else 1.0), SUPERSCRIPT_SCALE if sup else 1.0)
            for g, sup in zip(shown, flags)}


def _number_slots(number: GlyphNumber) -> dict[int, tuple[float, float]]:
    """Font size and script scale of each glyph of a GlyphNumber: its glyphs against the
    cached layout at its font size tell how much it was scaled since."""
    shown = number.shown_glyphs
    placed = number.layout(number.value)
    flags = [sup for _, sup in number.text_parts(number.value)]
    out = {}
    for glyph, (template, points), sup in zip(shown, placed, flags):
        low, high = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
        width, height = high - low
        scale = SUPERSCRIPT_SCALE if sup else 1.0
        # the layout's points already carry the superscript scale
        out[id(glyph)] = (number.font_size_ * scale * _extent_ratio(glyph, width, height), scale)
    return out


# --- the size of each text run, from Typst's PDF -------------------------------------------

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"
_RUN = re.compile(
    rf"q\s+({_NUMBER})\s+({_NUMBER})\s+({_NUMBER})\s+({_NUMBER})\s+({_NUMBER})\s+({_NUMBER})\s+cm"
    rf"[^Q]*?/\S+\s+({_NUMBER})\s+Tf"
)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_VIEW_BOX = re.compile(rb'viewBox="\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*"')


@lru_cache(maxsize=4096)
def run_scales(kind: str, source: str) -> tuple[float, ...] | None:
    """For each leaf of the Typst ``source`` (as :func:`svg_leaves` lists them), the size
    Typst set it at relative to the page's text size: 1 for the main size, 0.7 for a
    script, 0.5 for a script's script; 1 for rules and for glyphs whose run is not found.
    ``None`` if the source cannot be typeset."""
    from manim.utils.typst_file_writing import TYPST_COMPILATION_FONT_SIZE

    try:
        if kind == "math":
            svg, pdf = typst_math_svg(source), typst_math_svg(source, format="pdf")
        else:
            svg, pdf = typst_svg(source), typst_svg(source, format="pdf")
    except TypstSourceError:
        return None
    box = _VIEW_BOX.search(svg)
    page_height = float(box.group(2)) if box else 0.0
    runs = pdf_text_runs(pdf)
    scales = []
    for leaf in svg_leaves(svg):
        size = None
        if leaf.run is not None and runs:
            x, y = leaf.run[0], page_height - leaf.run[1]  # PDF's y grows upwards
            distances = [abs(rx - x) + abs(ry - y) for (rx, ry), _ in runs]
            nearest = int(np.argmin(distances))
            if distances[nearest] < 0.05:
                size = runs[nearest][1]
        scales.append(round(size / TYPST_COMPILATION_FONT_SIZE, 3) if size else 1.0)
    return tuple(scales)


def pdf_text_runs(pdf: bytes) -> list[tuple[tuple[float, float], float]]:
    """Each text run in Typst's PDF: its origin (pt, y up) and its font size (pt), as the
    content streams write them (``q a b c d e f cm ... /font size Tf``)."""
    runs = []
    for match in _STREAM.finditer(pdf):
        try:
            content = zlib.decompress(match.group(1)).decode("latin-1")
        except zlib.error:
            continue  # an uncompressed or other stream: fonts, images
        if " Tf" not in content:
            continue
        for run in _RUN.finditer(content):
            a, b, c, d, e, f, size = (float(v) for v in run.groups())
            runs.append(((e, f), size * abs(a * d - b * c) ** 0.5))
    return runs


@lru_cache(maxsize=8)
def cap_height_per_font_size() -> float:
    """Scene units of a capital's height (Typst's math font) per manim font-size unit."""
    return math('"H"', font_size=100).height / 100


@lru_cache(maxsize=8)
def x_height_per_font_size() -> float:
    """Scene units of a lower-case x's height per manim font-size unit."""
    return math('"x"', font_size=100).height / 100


__all__ = [
    "TextGlyph", "cap_height_per_font_size", "glyph_visible", "is_text", "pdf_text_runs", "run_scales",
    "text_glyphs", "texts_in", "x_height_per_font_size",
]
