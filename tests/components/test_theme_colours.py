"""Colours that tell things apart stay apart for red-green colour blindness, in every palette.

Each pair of :meth:`Theme.distinct_pairs` (minimum/maximum/saddle, the learning-rate
regimes, the optimisers, ascent/descent, gradient/descent, the walker against every colour
of the contour map) is simulated for normal vision, deuteranopia and protanopia
(colorspacious, ``sRGB1+CVD`` at severity 100: the full dichromacy, the worst case of
deuteranomaly and protanomaly) and compared in CAM02-UCS, a space in which distances
follow perceived differences (a just-noticeable difference is about 1).

The threshold, ``MIN_DELTA_E = 12``: colours of thin lines and small markers on a slide
must differ by far more than a just-noticeable difference; Okabe and Ito's palette,
designed for exactly this, keeps its seven colours at least 14.0 apart under simulated
deuteranopia and protanopia, so 12 asks for differences about as clear as the palette made
for colour-blind readers, with a little room for a lesson's own colours.
"""

from __future__ import annotations

import numpy as np
import pytest

colorspacious = pytest.importorskip("colorspacious")
pytest.importorskip("manim")

from gradanim.components.legibility import MIN_CONTRAST, contrast_ratio  # noqa: E402
from gradanim.components.theme import DEFAULT_THEME, OKABE_ITO, PALETTES, Theme  # noqa: E402

MIN_DELTA_E = 12.0
VISIONS = (None, "deuteranomaly", "protanomaly")
TEXT_ROLES = ("text", "muted_text", "gradient", "descent", "ascent", "path", "highlight", "minimum", "maximum", "saddle")


def _rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)])


def delta_e(a: str, b: str, vision: str | None) -> float:
    """CAM02-UCS distance between two colours as seen with ``vision`` (None: normal)."""
    ca, cb = _rgb(a), _rgb(b)
    if vision is not None:
        cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        ca = np.clip(colorspacious.cspace_convert(ca, cvd, "sRGB1"), 0, 1)
        cb = np.clip(colorspacious.cspace_convert(cb, cvd, "sRGB1"), 0, 1)
    ja, jb = (colorspacious.cspace_convert(c, "sRGB1", "CAM02-UCS") for c in (ca, cb))
    return float(np.linalg.norm(ja - jb))


def too_close(theme: Theme) -> list[str]:
    found = []
    for what, a, b in theme.distinct_pairs():
        for vision in VISIONS:
            d = delta_e(a, b, vision)
            if d < MIN_DELTA_E:
                found.append(f"{what}: {a} and {b} are {d:.1f} apart ({vision or 'normal vision'})")
    return found


@pytest.mark.parametrize("palette", list(PALETTES))
def test_colours_that_tell_things_apart_stay_apart(palette):
    problems = too_close(DEFAULT_THEME.replace(palette=palette))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("palette", list(PALETTES))
def test_colours_used_for_text_read_on_the_background(palette):
    theme = DEFAULT_THEME.replace(palette=palette)
    low = {role: round(contrast_ratio(getattr(theme, role), theme.background), 2) for role in TEXT_ROLES}
    assert all(v >= MIN_CONTRAST for v in low.values()), low


def test_the_check_sees_what_it_looks_for():
    # The earlier default: a green minimum and a red maximum, 5.9 apart for deuteranopes,
    # and a walker as yellow as the contour map's gold.
    old = DEFAULT_THEME.replace(minimum="#83c167",
                                colormap=("#26335e", "#2f6b9a", "#2aa198", "#8fc165", "#f0c75e", "#f2935c"))
    problems = too_close(old)
    assert any("critical points: #83c167 and #fc6255" in p and "deuteranomaly" in p for p in problems)
    assert any(p.startswith("walker on the contours") for p in problems)
    assert delta_e("#000000", "#ffffff", None) > 90 and delta_e("#58c4dd", "#58c4dd", "protanomaly") < 1e-6
    # Okabe-Ito's own worst pair under simulated dichromacy: the basis of the threshold.
    colours = list(OKABE_ITO.values())
    worst = min(delta_e(a, b, v) for i, a in enumerate(colours) for b in colours[i + 1:] for v in VISIONS[1:])
    assert worst == pytest.approx(14.0, abs=0.1) and worst > MIN_DELTA_E


def test_the_okabe_ito_palette_is_okabe_and_ito():
    theme = DEFAULT_THEME.replace(palette="okabe-ito")
    assert theme.palette == "okabe-ito"
    for role in ("gradient", "ascent", "descent", "path", "field", "highlight", "minimum", "maximum", "saddle"):
        assert getattr(theme, role) in OKABE_ITO.values()
    assert set(theme.optimizer_colors) <= set(OKABE_ITO.values())
    # Back to the default, and a lesson's own colour on top of a palette.
    assert theme.replace(palette="default") == DEFAULT_THEME
    assert DEFAULT_THEME.replace(palette="okabe-ito", highlight="#ffffff").highlight == "#ffffff"
    with pytest.raises(ValueError, match="unknown palette"):
        DEFAULT_THEME.replace(palette="viridis")
