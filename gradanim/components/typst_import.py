"""Typst output drawn from its glyph outlines, quickly.

manim's ``MathTypst`` and ``Typst`` start the Typst compiler afresh for every formula (it
scans the system's fonts each time), write the SVG to disk, and parse the whole SVG with
``svgelements``; a lesson scene typesets dozens of formulas, so that was seconds of every
render.

Here one compiler serves the process, and the SVG Typst writes is read directly. It is a narrow subset: glyph outlines defined once as
``<symbol>`` paths and placed with ``<use>`` inside translated and flipped groups, stroked
paths for rules (fraction bars, roots, table lines), and ``data-typst-label`` on the groups
of labelled content. Each glyph's outline is turned into Bézier points once per process, by
manim's own path conversion, and placed with a matrix product. The points and colours are
those manim computes (tested on every formula our scenes use); an SVG with anything else
(gradients, images, transparency) is handed to manim's classes instead.

As in manim, content Typst draws in black takes the mobject's ``color``; content given its
own colour in the source keeps it. One deliberate difference: a rule's stroke is as thick as
Typst draws it, relative to the glyphs, at every resolution. manim converts it with the
pixel density at the time of construction (and halves it), so the same fraction bar is a
quarter of Typst's thickness at 480p and half of it at 1080p.

Example::

    formula = TypstMath("(partial f)/(partial x) = x y", font_size=32, color=YELLOW)
    table = TypstMarkup('#table(columns: 2, [*a*] <head>, [*b*] <head>, [1], [2])')
    table.select("head").set_color(BLUE)
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import svgelements as se
from manim import DEFAULT_FONT_SIZE, SCALE_FACTOR_PER_FONT_POINT, MathTypst, Typst, VGroup, VMobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath
from manim.utils.color import ManimColor
from manim.utils.typst_file_writing import TYPST_COMPILATION_FONT_SIZE, TYPST_TEMPLATE

_SVG = "{http://www.w3.org/2000/svg}"
_HREF = "{http://www.w3.org/1999/xlink}href"
_BLACK = "#000000"
_STROKE_UNIT = 0.01  # manim's Cairo camera draws stroke width 1 as 0.01 frame units
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TRANSFORM = re.compile(rf"\s*(matrix|translate|scale)\(\s*((?:{_NUMBER}[\s,]*)+)\)\s*")
_HEX = re.compile(r"#[0-9a-fA-F]{6}")

# The attributes and values Typst writes on the elements read here; anything else is left
# to manim.
_GROUP_ATTRIBUTES = {"transform", "class", "data-typst-label"}
_USE_ATTRIBUTES = {_HREF, "x", "y", "fill", "fill-rule"}
_RULE_STYLE = {"fill": "none", "stroke-linecap": "butt", "stroke-linejoin": "miter", "stroke-miterlimit": "4"}


class UnsupportedSvg(ValueError):
    """The SVG uses something this importer does not read (manim's classes will)."""


class TypstSourceError(ValueError):
    """Typst could not typeset a source: names the source, Typst's reasons and where in
    the source (line and column, from 1) each one is."""


@dataclass(frozen=True)
class Leaf:
    """One shape of a Typst SVG, in SVG user units (pt, y down)."""

    points: np.ndarray
    color: str  # "#rrggbb" as Typst wrote it
    stroke_width: float | None  # None for a filled glyph
    labels: tuple[str, ...]  # data-typst-label of the groups it sits in, outermost first
    run: tuple[float, float] | None = None  # a glyph's text run: where its baseline starts


@dataclass(frozen=True, eq=False)
class GlyphSource:
    """Where a glyph mobject came from: leaf ``index`` of the Typst ``source`` (``kind`` is
    "math" or "markup"), typeset at ``font_size``, ``width`` x ``height`` scene units then.
    Kept on each glyph (``glyph.typeset``) so that its size on screen can be measured after
    any scaling (:mod:`gradanim.components.texts`). Immutable: copies share it."""

    kind: str
    source: str
    index: int
    font_size: float
    width: float
    height: float

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


@lru_cache(maxsize=1)
def _compiler():
    import typst

    # The project root is an empty directory of its own: Typst source (a lesson's labels
    # come from other people's files) can read no file with ``#read`` or ``#image``.
    global _ROOT
    _ROOT = tempfile.TemporaryDirectory(prefix="gradanim-typst-")
    return typst.Compiler(root=_ROOT.name)


_ROOT: tempfile.TemporaryDirectory | None = None


# The document's lines before the body (the template's page set-up and empty preamble).
_BODY_LINE = TYPST_TEMPLATE.split("{body}")[0].count("\n") + 1
_DIAGNOSTIC = re.compile(r"^error: (?P<what>.*)\n\s*┌─ .*?:(?P<line>\d+):(?P<column>\d+)", re.MULTILINE)


def typst_svg(body: str, *, shown: str | None = None, prefix: int = 0, format: str = "svg") -> bytes:
    """The SVG Typst makes of ``body`` (markup), with the page set up as manim's Typst
    mobjects set it up (``format="pdf"``: the same page as PDF). Raises
    :class:`TypstSourceError` for source Typst cannot typeset, quoting ``shown`` (the source
    as its author wrote it: ``body`` without its first ``prefix`` characters)."""
    import typst

    source = TYPST_TEMPLATE.format(text_size=TYPST_COMPILATION_FONT_SIZE, preamble="", body=body)
    try:
        return _compiler().compile(input=source.encode("utf-8"), format=format)
    except typst.TypstError as error:
        raise TypstSourceError(_explain(error, body if shown is None else shown, prefix)) from None


def _explain(error, shown: str, prefix: int) -> str:
    reasons = []
    for match in _DIAGNOSTIC.finditer(getattr(error, "diagnostic", "") or ""):
        line = int(match["line"]) - _BODY_LINE + 1
        column = int(match["column"]) - (prefix if line == 1 else 0) + 1
        where = f" at line {line}, column {column}" if line >= 1 and column >= 1 else ""
        reasons.append(f"{match['what']}{where}")
    reasons = reasons or [getattr(error, "message", "") or str(error)]
    return f"Typst cannot typeset {shown!r}: " + "; ".join(dict.fromkeys(reasons))


def typst_math_svg(math_source: str, *, format: str = "svg") -> bytes:
    """The SVG of display math, as ``MathTypst`` compiles it (``format="pdf"``: as PDF)."""
    return typst_svg(f"$ {math_source} $", shown=math_source, prefix=2, format=format)


def code_in_math(source: str) -> int | None:
    """Where Typst math ``source`` starts Typst code: the index of the first ``#`` outside a
    string literal that is not escaped (``\\#`` and ``"item #1"`` are text), or None."""
    i, in_string = 0, False
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2  # an escape, in a string or in math: the next character is text
            continue
        if char == '"':
            in_string = not in_string
        elif char == "#" and not in_string:
            return i
        i += 1
    return None


def foreign_math_problems(sources: list[str]) -> list[str | None]:
    """For Typst math from someone else's file (a lesson), per source: None when it can be
    typeset, else why not, in a sentence: it uses Typst code (``#``, refused before
    anything runs), Typst cannot read it, or typesetting it went over the limits of
    :mod:`gradanim.typst_sandbox` (then it and the sources after it are not tried)."""
    from ..typst_sandbox import TypstLimitError, compile_limited

    problems: list[str | None] = [None] * len(sources)
    tried = []
    for index, source in enumerate(sources):
        at = code_in_math(source)
        if at is not None:
            snippet = source[at:at + 24] + ("..." if len(source) > at + 24 else "")
            problems[index] = (f"Typst math from a lesson may not run code: '#' at column {at + 1} starts Typst code "
                               f"({snippet!r}); write \\# for a # sign, or put text in quotes")
        else:
            tried.append(index)
    documents = [TYPST_TEMPLATE.format(text_size=TYPST_COMPILATION_FONT_SIZE, preamble="", body=f"$ {sources[i]} $")
                 for i in tried]
    try:
        failures = compile_limited(documents)
    except TypstLimitError as limit:
        failures = [None] * limit.index
        problems[tried[limit.index]] = f"typesetting {sources[tried[limit.index]]!r} was stopped: {limit.what}"
    for index, failure in zip(tried, failures):
        if failure is not None:
            problems[index] = _explain(failure, sources[index], 2)
    return problems


@lru_cache(maxsize=4096)
def _matrix(transform: str | None) -> np.ndarray:
    """The 3x3 affine matrix of an SVG ``transform`` attribute (read-only)."""
    result = np.eye(3)
    position = 0
    while transform and position < len(transform):
        match = _TRANSFORM.match(transform, position)
        if match is None:
            raise UnsupportedSvg(f"transform {transform!r}")
        kind, numbers = match.group(1), [float(n) for n in re.findall(_NUMBER, match.group(2))]
        step = np.eye(3)
        if kind == "matrix" and len(numbers) == 6:
            a, b, c, d, e, f = numbers
            step[:2] = [[a, c, e], [b, d, f]]
        elif kind == "translate" and len(numbers) in (1, 2):
            step[0, 2], step[1, 2] = numbers[0], numbers[1] if len(numbers) == 2 else 0.0
        elif kind == "scale" and len(numbers) in (1, 2):
            step[0, 0], step[1, 1] = numbers[0], numbers[-1]
        else:
            raise UnsupportedSvg(f"transform {transform!r}")
        result = result @ step
        position = match.end()
    result.setflags(write=False)
    return result


@lru_cache(maxsize=4096)
def _outline_points(d: str) -> np.ndarray:
    """Bézier points of an SVG path in its own coordinates, as manim converts it (read-only)."""
    points = VMobjectFromSVGPath(se.Path(d)).points
    points.setflags(write=False)
    return points


def _placed(points: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    placed = np.empty_like(points)
    placed[:, :2] = points[:, :2] @ matrix[:2, :2].T + matrix[:2, 2]
    placed[:, 2] = 0.0
    return placed


def _colour(value: str | None, what: str) -> str:
    if value is None or not _HEX.fullmatch(value):
        raise UnsupportedSvg(f"{what} {value!r}")
    return value.lower()


def svg_leaves(svg: bytes) -> list[Leaf]:
    """Each shape of a Typst SVG, in document order. Raises :class:`UnsupportedSvg` for
    anything outside the subset Typst writes for text, math and rules."""
    root = ET.fromstring(svg)
    view_box = root.get("viewBox", "").split()
    if len(view_box) != 4 or [float(v) for v in view_box[:2]] != [0.0, 0.0]:
        raise UnsupportedSvg("viewBox")
    outlines: dict[str, list[str]] = {}
    for defs in root.iter(f"{_SVG}defs"):
        for symbol in defs:
            if symbol.tag != f"{_SVG}symbol" or any(
                path.tag != f"{_SVG}path" or set(path.attrib) != {"d"} for path in symbol
            ):
                raise UnsupportedSvg(f"<{symbol.tag}> in <defs>")
            outlines[symbol.get("id")] = [path.get("d") for path in symbol]
    leaves: list[Leaf] = []

    def visit(element: ET.Element, matrix: np.ndarray, labels: tuple[str, ...]) -> None:
        for child in element:
            tag = child.tag[len(_SVG):] if child.tag.startswith(_SVG) else child.tag
            if tag == "defs":
                continue
            if tag == "g":
                if set(child.attrib) - _GROUP_ATTRIBUTES:
                    raise UnsupportedSvg(f"<g> attributes {sorted(child.attrib)}")
                label = child.get("data-typst-label")
                visit(child, matrix @ _matrix(child.get("transform")), labels + ((label,) if label else ()))
            elif tag == "use":
                if set(child.attrib) - _USE_ATTRIBUTES or child.get("fill-rule", "nonzero") != "nonzero":
                    raise UnsupportedSvg(f"<use> {child.attrib}")
                color = _colour(child.get("fill", _BLACK), "fill")
                href = child.get(_HREF, "")
                if href[1:] not in outlines:
                    raise UnsupportedSvg(f"<use> of {href!r}")
                place = matrix @ _matrix(f"translate({child.get('x', '0')} {child.get('y', '0')})")
                run = (float(matrix[0, 2]), float(matrix[1, 2]))
                for d in outlines[href[1:]]:
                    points = _outline_points(d)
                    if len(points):
                        leaves.append(Leaf(_placed(points, place), color, None, labels, run))
            elif tag == "path":
                style = {k: v for k, v in child.attrib.items() if k not in ("d", "transform", "stroke", "stroke-width")}
                if style != _RULE_STYLE:
                    raise UnsupportedSvg(f"<path> {child.attrib}")
                color = _colour(child.get("stroke"), "stroke")
                points = _outline_points(child.get("d"))
                if len(points):
                    place = matrix @ _matrix(child.get("transform"))
                    # A stroke's width scales with the (uniform) scale of its transform.
                    scale = float(np.sqrt(abs(np.linalg.det(place[:2, :2]))))
                    width = float(child.get("stroke-width", "1")) * scale
                    leaves.append(Leaf(_placed(points, place), color, width, labels))
            else:
                raise UnsupportedSvg(f"<{tag}>")

    visit(root, np.eye(3), ())
    return leaves


class _TypstImport(VMobject):
    """Typst output as one submobject per glyph outline or rule, centred and sized by
    ``font_size`` as manim's Typst mobjects are."""

    def __init__(self, svg: bytes, *, font_size: float, color, fallback, kind: str = "", source: str = "", **kwargs):
        super().__init__(**kwargs)
        color = ManimColor(color) if color is not None else ManimColor(VMobject().color)
        self._rules: list[tuple[VMobject, float]] = []
        self._labels: dict[str, list[VMobject]] = {}
        try:
            leaves = svg_leaves(svg)
        except UnsupportedSvg:
            leaves = []
        if not leaves:
            self._fallback = _without_svg_paths(fallback(font_size=font_size, color=color, use_svg_cache=False))
            self.add(*self._fallback.submobjects)
            return
        self._fallback = None
        # manim's bounding box: the curves' anchors, not their handles.
        anchors = np.concatenate([leaf.points[i::4] for leaf in leaves for i in (0, 3)])
        center = (anchors.min(axis=0) + anchors.max(axis=0)) / 2
        scale = font_size * SCALE_FACTOR_PER_FONT_POINT
        flip = np.array([scale, -scale, 0.0])  # SVG y grows downwards
        # Glyphs are copies of one styled glyph per colour: copying is much cheaper than
        # constructing a VMobject.
        styled: dict[str, VMobject] = {}
        for index, leaf in enumerate(leaves):
            shade = color if leaf.color == _BLACK else ManimColor(leaf.color)
            if leaf.stroke_width is None:
                if leaf.color not in styled:
                    styled[leaf.color] = VMobject(fill_color=shade, fill_opacity=1.0, stroke_color=shade, stroke_width=0)
                part = styled[leaf.color].copy()
                part.set_points((leaf.points - center) * flip)
                part.typeset = GlyphSource(kind, source, index, float(font_size), part.width, part.height)
            else:
                thickness = leaf.stroke_width * scale  # frame units
                part = VMobject(fill_color=shade, fill_opacity=0.0, stroke_color=shade,
                                stroke_width=thickness / _STROKE_UNIT)
                part.set_points((leaf.points - center) * flip)
                length = max(part.width, part.height)
                if length > 0:
                    self._rules.append((part, thickness / length))
            for label in leaf.labels:
                self._labels.setdefault(label, []).append(part)
            self.add(part)

    def scale(self, scale_factor: float, scale_stroke: bool = False, **kwargs):
        """Scale; rules keep their thickness relative to the glyphs, as in Typst."""
        super().scale(scale_factor, scale_stroke=scale_stroke, **kwargs)
        for rule, thickness_per_length in getattr(self, "_rules", ()):
            rule.set_stroke(width=thickness_per_length * max(rule.width, rule.height) / _STROKE_UNIT, family=False)
        return self

    def select(self, label: str) -> VGroup:
        """The parts drawn by content labelled ``<label>`` in the Typst source."""
        if self._fallback is not None:
            return self._fallback.select(label)
        if label not in self._labels:
            raise KeyError(f"no content labelled {label!r}; labels: {sorted(self._labels)}")
        return VGroup(*self._labels[label])


class TypstMath(_TypstImport):
    """Display math typeset by Typst (``$ ... $``), the glyphs manim's ``MathTypst`` draws."""

    def __init__(self, typst_source: str, *, font_size: float = DEFAULT_FONT_SIZE, color=None, **kwargs):
        self.typst_code = typst_source
        super().__init__(
            typst_math_svg(typst_source), font_size=font_size, color=color,
            fallback=lambda **style: MathTypst(typst_source, **style), kind="math", source=typst_source, **kwargs,
        )


class TypstMarkup(_TypstImport):
    """Typst markup (text, tables, inline math), the glyphs manim's ``Typst`` draws."""

    def __init__(self, typst_source: str, *, font_size: float = DEFAULT_FONT_SIZE, color=None, **kwargs):
        self.typst_code = typst_source
        super().__init__(
            typst_svg(typst_source), font_size=font_size, color=color,
            fallback=lambda **style: Typst(typst_source, **style), kind="markup", source=typst_source, **kwargs,
        )


def _without_svg_paths(mobject: VMobject) -> VMobject:
    """Drop the parsed SVG path manim keeps on every glyph it imports (an ``svgelements``
    object, only read while the glyph is built): every copy of the glyph (each ``FadeIn``,
    ``Transform``) would deep-copy it, about five times the cost of the glyph itself."""
    for member in mobject.get_family():
        if getattr(member, "path_obj", None) is not None:
            member.path_obj = None
    return mobject


__all__ = [
    "GlyphSource", "Leaf", "TypstMarkup", "TypstMath", "TypstSourceError", "UnsupportedSvg", "code_in_math",
    "foreign_math_problems", "svg_leaves", "typst_math_svg", "typst_svg",
]
