"""The momentum regime map drawn: a heat map of heavy-ball momentum's convergence rate over
(alpha, beta), its crawl / oscillate / diverge regions named, Polyak's optimum marked, and a
marker whose place on the map says which (alpha, beta) a run beside it uses.

Every rate and regime comes from :class:`gradanim.core.momentum_map.HeavyBall`; the image is
the core's :meth:`~gradanim.core.momentum_map.HeavyBall.map` coloured pixel by pixel (one
``ImageMobject``: cheap to draw at any resolution). :class:`MapMarker` is the claims subject
of the marker: numbers about it are checked against the core at the (alpha, beta) where the
marker is drawn.

Example::

    ball = HeavyBall.of_objective(f, domain=box)
    view = RegimeMapView(ball, axes)               # axes over alpha (x) and beta (y)
    self.add(view.image, view.region_labels, view.colour_bar)
    marker = view.marker                           # move it; view.subject reads where it is
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, BackgroundRectangle, Dot, Rectangle, Star, VGroup, VMobject
from scipy.ndimage import distance_transform_edt
from manim.utils.color import ManimColor

from ..core.momentum_map import REGIMES, HeavyBall, MomentumRegime
from .claims import Claim, Subject, _agrees, _describe, declare
from .theme import DEFAULT_THEME, Theme
from .typeset import math, number_typst, text_typst

LEVELS = 48  # distinct rate colours
DIVERGE_RGB = (74, 28, 36)  # the diverge region: a dark red, clear of every rate colour


def rate_colours(rate: np.ndarray, codes: np.ndarray, best: float, theme: Theme) -> np.ndarray:
    """RGBA bytes (opaque) for rates: 1 (no progress) darkest, ``best`` (Polyak's rate) brightest,
    in ``LEVELS`` steps; diverging points flat dark red."""
    t = np.clip((1.0 - rate) / max(1.0 - best, 1e-12), 0.0, 1.0)
    t = np.round(t * (LEVELS - 1)) / (LEVELS - 1)  # a few dozen colours: one shape each
    stops = np.array([ManimColor(c).to_rgb() for c in theme.colormap]) * 255
    where = t * (len(stops) - 1)
    low = np.clip(np.floor(where).astype(int), 0, len(stops) - 2)
    frac = (where - low)[..., None]
    rgb = stops[low] * (1 - frac) + stops[low + 1] * frac
    rgb[codes == REGIMES.index(MomentumRegime.DIVERGE)] = DIVERGE_RGB
    alpha = np.full(rgb.shape[:-1] + (1,), 255.0)
    return np.concatenate([rgb, alpha], axis=-1).astype(np.uint8)


def cell_image(rgba: np.ndarray, low, high) -> VGroup:
    """A grid of colours (rows from ``low``'s edge upward) drawn as one filled shape per
    distinct colour between scene corners ``low`` and ``high``: each row's runs of a colour
    are one rectangle. (Manim's ImageMobject does not draw with this Pillow: its camera
    builds an RGBA image from a float array, which Pillow refuses.)"""
    rows, cols = rgba.shape[:2]
    xs = np.linspace(low[0], high[0], cols + 1)
    ys = np.linspace(low[1], high[1], rows + 1)
    keys = rgba[..., 0].astype(np.int64) << 16 | rgba[..., 1].astype(np.int64) << 8 | rgba[..., 2]
    corners: dict[int, list] = {}
    for j in range(rows):
        row = keys[j]
        edges = np.flatnonzero(np.diff(row)) + 1
        starts, ends = np.r_[0, edges], np.r_[edges, cols]
        for a, b in zip(starts, ends):
            corners.setdefault(int(row[a]), []).append((xs[a], xs[b], ys[j], ys[j + 1]))
    shapes = VGroup()
    for key, boxes in corners.items():
        colour = "#%06x" % key
        b = np.array(boxes)
        quad = np.stack([np.c_[b[:, 0], b[:, 2]], np.c_[b[:, 1], b[:, 2]], np.c_[b[:, 1], b[:, 3]],
                         np.c_[b[:, 0], b[:, 3]], np.c_[b[:, 0], b[:, 2]]], axis=1)  # (n, 5, 2) closed
        start, end = quad[:, :-1], quad[:, 1:]
        points = np.stack([start, start + (end - start) / 3, start + 2 * (end - start) / 3, end], axis=2)
        points = np.concatenate([points.reshape(-1, 2), np.zeros((points.size // 2, 1))], axis=1)
        shape = VMobject(fill_color=colour, fill_opacity=1.0, stroke_color=colour, stroke_width=0.6)
        shape.set_points(points)
        shapes.add(shape)
    return shapes


def _luminance(rgb: np.ndarray) -> np.ndarray:
    c = np.asarray(rgb, dtype=float) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def _worst_contrast(ink, cells: np.ndarray) -> float:
    """The lowest WCAG contrast ratio of ``ink`` over ``cells`` (RGB bytes)."""
    ink_l = float(_luminance(np.array(ManimColor(ink).to_rgb()) * 255))
    under = _luminance(cells.reshape(-1, 3))
    high, low = np.maximum(under, ink_l), np.minimum(under, ink_l)
    return float(np.min((high + 0.05) / (low + 0.05)))


class MapMarker(Subject):
    """The marker on the regime map. Quantities: ``alpha``, ``beta``, ``rate``, ``regime``
    (at the marker, from the core), ``optimum.alpha``, ``optimum.beta``, ``optimum.rate`` and
    ``gd_rate`` (plain gradient descent at its best rate)."""

    name = "map marker"

    def __init__(self, ball: HeavyBall, axes, marker):
        self.ball, self.axes, self.marker = ball, axes, marker

    def moving_parts(self):
        return [self.marker]

    def place(self) -> tuple[float, float]:
        alpha, beta = self.axes.p2c(self.marker.get_center())[:2]
        return float(alpha), float(beta)

    def truth(self, quantity: str):
        alpha, beta = self.place()
        optimum = self.ball.optimum
        table = {
            "alpha": alpha, "beta": beta,
            "rate": lambda: float(self.ball.rate(max(alpha, 0.0), max(beta, 0.0))),
            "regime": lambda: str(self.ball.regime(max(alpha, 0.0), max(beta, 0.0))),
            "optimum.alpha": optimum.alpha, "optimum.beta": optimum.beta, "optimum.rate": optimum.rate,
            "gd_rate": self.ball.gd_optimum.rate,
        }
        value = table[quantity]
        return value() if callable(value) else value

    def check(self, claims, picture, moment):
        problems = []
        for claim in claims:
            truth = self.truth(claim.quantity)
            ok = str(claim.shown) == truth if claim.quantity == "regime" else _agrees(claim, truth)
            if not ok:
                problems.append(f"{self.name}: {_describe(claim)}; at the marker the core says {truth}")
        return problems


class RegimeMapView(VGroup):
    """The heat map on ``axes`` (alpha along x, beta along y, the axes' ranges), with its
    region names, the optimum's star, a colour bar and a marker.

    Attributes: ``image`` (ImageMobject), ``region_labels``, ``optimum_star``,
    ``colour_bar`` (image, frame and tick labels), ``marker`` and ``subject`` (a
    :class:`MapMarker`), ``optimum_subject`` (claims about the optimum and plain gd's best),
    ``rate_map`` (the core's :class:`MomentumMap`)."""

    def __init__(self, ball: HeavyBall, axes, *, resolution: int = 200, bar_height: float | None = None,
                 theme: Theme = DEFAULT_THEME, **kwargs):
        super().__init__(**kwargs)
        self.ball, self.axes, self.theme = ball, axes, theme
        (a0, a1), (b0, b1) = axes.x_range[:2], axes.y_range[:2]
        alphas, betas = np.linspace(a0, a1, resolution), np.linspace(b0, b1, resolution)
        self.rate_map = ball.map(alphas, betas)
        best = ball.optimum.rate
        rgb = rate_colours(self.rate_map.rate, self.rate_map.codes, best, theme)
        corner_low, corner_high = axes.c2p(a0, b0), axes.c2p(a1, b1)
        self.image = cell_image(rgb, corner_low, corner_high)

        self.region_labels = VGroup()
        for regime in REGIMES:
            cells = np.argwhere(self.rate_map.codes == REGIMES.index(regime))
            if len(cells) < 0.02 * self.rate_map.codes.size:
                continue
            j, i = self._deepest(self.rate_map.codes == REGIMES.index(regime))
            word = math(text_typst(regime.value), font_size=theme.label_size, color=theme.text, theme=theme)
            # the ink that reads best on every cell under the word: dark on bright cells
            half_i = int(np.ceil(word.width / 2 / (corner_high[0] - corner_low[0]) * resolution)) + 1
            half_j = int(np.ceil(word.height / 2 / (corner_high[1] - corner_low[1]) * resolution)) + 1
            under = rgb[max(j - half_j, 0): j + half_j + 1, max(i - half_i, 0): i + half_i + 1, :3]
            ink = max((theme.text, theme.background), key=lambda ink: _worst_contrast(ink, under))
            word.set_color(ink)
            word.move_to(axes.c2p(alphas[i], betas[j]))
            if _worst_contrast(ink, under) < 4.5:  # neither reads everywhere: a plate behind it
                word.set_color(theme.text)
                word = VGroup(BackgroundRectangle(word, color=theme.background, fill_opacity=0.9, buff=0.07), word)
            self.region_labels.add(word)

        optimum = ball.optimum
        self.optimum_star = Star(n=5, outer_radius=0.14, inner_radius=0.06, color=theme.minimum, fill_opacity=1.0,
                                 stroke_width=1.5, stroke_color=theme.background).move_to(axes.c2p(optimum.alpha, optimum.beta))
        self.marker = Dot(axes.c2p(a0, b0), radius=0.09, color=theme.path)
        self.marker.set_stroke(theme.background, width=2, background=True)
        self.subject = MapMarker(ball, axes, self.marker)
        self.optimum_subject = _Optimum(ball)  # what the map says as a whole (no marker)
        self.marker.claim_subject = self.subject
        self.colour_bar = self._colour_bar(best, bar_height or (corner_high[1] - corner_low[1]))
        self.colour_bar.next_to(axes, RIGHT, buff=0.3).align_to(self.image, DOWN)
        self.add(self.image, self.region_labels, self.optimum_star, self.colour_bar, self.marker)

    @staticmethod
    def _deepest(mask: np.ndarray) -> tuple[int, int]:
        """The cell of ``mask`` farthest from anything outside it (and from the map's edge):
        where a region's name sits clear of its borders."""
        padded = np.pad(mask, 1, constant_values=False)
        depth = distance_transform_edt(padded)[1:-1, 1:-1]
        j, i = np.unravel_index(int(np.argmax(depth)), depth.shape)
        return int(j), int(i)

    def _colour_bar(self, best: float, height: float) -> VGroup:
        theme = self.theme
        rates = np.linspace(1.0, best, 64)[:, None]  # bottom (r = 1) to top (the best rate)
        rgb = rate_colours(rates, np.zeros_like(rates, dtype=np.int8), best, theme)
        bar = cell_image(rgb, np.array([0.0, 0.0, 0.0]), np.array([0.25, height * 0.8, 0.0]))
        frame = Rectangle(width=0.25, height=height * 0.8, stroke_color=theme.axis, stroke_width=1.5).move_to(bar)
        size = theme.small_size
        top = math(f"r = {number_typst(best, 2)}", font_size=size, color=theme.text, theme=theme)
        bottom = math("r = 1", font_size=size, color=theme.text, theme=theme)
        top.next_to(frame, RIGHT, buff=0.12).align_to(frame, UP)
        bottom.next_to(frame, RIGHT, buff=0.12).align_to(frame, DOWN)
        declare(top, Claim(self.optimum_subject, "optimum.rate", best, 2))
        caption = math(text_typst("rate r"), font_size=size, color=theme.muted_text, theme=theme)
        caption.next_to(frame, UP, buff=0.15).align_to(frame, LEFT)
        return VGroup(bar, frame, top, bottom, caption)


class _Optimum(MapMarker):
    """Claims about the map as a whole (the optimum's rate on the colour bar): no marker."""

    def __init__(self, ball: HeavyBall):
        self.ball, self.axes, self.marker = ball, None, None

    def moving_parts(self):
        return []

    def truth(self, quantity: str):
        return {"optimum.rate": self.ball.optimum.rate, "optimum.alpha": self.ball.optimum.alpha,
                "optimum.beta": self.ball.optimum.beta, "gd_rate": self.ball.gd_optimum.rate}[quantity]


__all__ = ["MapMarker", "RegimeMapView", "rate_colours"]
