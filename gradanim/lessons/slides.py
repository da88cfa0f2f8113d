"""A lesson as a click-through deck (``--format slides``): one slide per beat, each beat's
caption its speaker note, and where a beat ends with an idle a slide that loops until the
click; a single offline HTML file (reveal.js) and a PPTX.

The lesson's scene class is swapped for one that is also a manim-slides ``Slide``
(``ThreeDSlide`` for a 3D scene) and whose :meth:`begin_section` begins a slide
(``next_slide(name, notes=caption)``) where it would begin a section; no scene file changes.
manim-slides writes reveal.js pages that load reveal.js from a CDN; here every reveal.js
file comes from an installed package (``sphinx-revealjs`` ships reveal.js) and is inlined,
and the videos are data URIs, so the one HTML file plays with no network.

Both packages are the optional extra ``slides``: ``pip install 'gradanim[slides]'``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
from pathlib import Path

from ..atomic import atomic_path
from ..core.errors import GradanimError
from ..export import Output, manim_settings

EXTRA = "pip install 'gradanim[slides]'"
_PLACEHOLDER = "gradanim-reveal-assets"  # the "CDN" the template is rendered with, then inlined


class SlidesUnavailable(GradanimError):
    """The optional extra ``slides`` is not installed."""


def require_manim_slides() -> None:
    """manim-slides is installed (a deck's scene is its ``Slide``), else a clear error."""
    try:
        import manim_slides  # noqa: F401
    except ImportError as error:
        raise SlidesUnavailable(f"slides need manim-slides ({error.name} is missing): {EXTRA}") from error


def require_extra() -> Path:
    """The folder of an installed reveal.js (its ``dist/`` and ``plugin/``)."""
    try:
        import manim_slides  # noqa: F401
        import sphinx_revealjs
    except ImportError as error:
        raise SlidesUnavailable(f"--format slides needs manim-slides and reveal.js ({error.name} is missing): "
                                f"{EXTRA}") from error
    root = Path(sphinx_revealjs.__file__).parent / "_static" / "revealjs"
    if not (root / "dist" / "reveal.js").is_file():
        raise SlidesUnavailable(f"no reveal.js in {root}: reinstall with {EXTRA}")
    return root


class BeatSlides:
    """Mixed in before ``Slide``: each beat begins a slide whose speaker note is its caption."""

    def __init__(self, *args, **kwargs):
        # manim-slides' Slide.__init__ only sets config["write_to_movie"] (for OpenGL), a key
        # manim 0.22 no longer has; the Cairo renderer writes the movie anyway.
        from manim_slides.slide import Slide

        super(Slide, self).__init__(*args, **kwargs)

    @property
    def _background_color(self) -> str:
        # The camera's background may be a plain string (gradanim's theme), not a ManimColor.
        from manim import ManimColor

        return ManimColor(self.renderer.camera.background_color).to_hex()

    def render(self, *args, **kwargs) -> None:
        # Slide.render sets config["max_files_cached"] = inf, which manim 0.22 refuses: -1
        # (unlimited) keeps every clip a slide is made of; then it saves the slides as
        # Slide.render does. No reversed clips: neither the HTML deck nor the PPTX plays
        # slides backwards (manim-slides present plays a slide's clip forwards instead).
        from manim import Scene, config

        kept = config.max_files_cached
        config.max_files_cached = -1
        try:
            Scene.render(self, *args, **kwargs)
        finally:
            config.max_files_cached = kept
        self._save_slides(use_cache=False, flush_cache=False, skip_reversing=True)

    def begin_section(self, beat) -> None:
        self.next_slide(beat.name, notes=beat.caption)

    def begin_idle(self, beat) -> None:
        # The beat's slide runs into its loop without a click; the loop, with the beat's
        # note, plays until the click.
        self._base_slide_config.auto_next = True
        self.next_slide(f"{beat.name}_idle", loop=True, notes=beat.caption)

    def end_idle(self, beat) -> None:
        # What the beat holds after its idle (still frames, in a video) is left out of the
        # deck: the loop is the beat's last slide. Except after the last beat's loop: a
        # reveal.js deck cannot end on a loop (manim-slides says so; its video stops at the
        # end), so the deck ends on a click to the still last frame.
        last = beat.name == self.beat_names[-1]
        self.next_slide(f"{beat.name}_rest", skip_animations=not last, notes=beat.caption if last else "")


@functools.cache
def slide_class(scene_class: type) -> type:
    """``scene_class`` as a manim-slides slide deck: one slide per beat, and a looping slide
    for each beat's idle."""
    if issubclass(scene_class, BeatSlides):
        return scene_class
    require_manim_slides()
    from manim import ThreeDScene
    from manim_slides.slide import Slide, ThreeDSlide

    base = ThreeDSlide if issubclass(scene_class, ThreeDScene) else Slide
    # A name both define stays the scene's (a 3D scene's option ``zoom`` is not the slide's
    # zoom animation), except ``play``: the slide counts animations, then plays the scene's way.
    slide_names = {name for c in base.__mro__ if c.__module__.startswith("manim_slides") for name in vars(c)}
    kept = {}
    for c in reversed(scene_class.__mro__):
        if not c.__module__.startswith("manim"):
            kept.update((n, v) for n, v in vars(c).items() if n in slide_names and n != "play" and not n.startswith("__"))
    return type(scene_class.__name__, (BeatSlides, base, scene_class), kept)


def _asset(root: Path, url: str) -> Path:
    """The installed reveal.js file for a template URL ``PLACEHOLDER/dist/...``: the same path,
    else (reveal.js 5 keeps plugins in ``plugin/NAME/``) the same name anywhere under ``root``."""
    relative = url.removeprefix(_PLACEHOLDER + "/")
    for candidate in (root / relative, root / relative.removeprefix("dist/")):
        if candidate.is_file():
            return candidate
    found = sorted(p for p in root.rglob(Path(relative).name) if ".esm." not in p.name)
    if not found:
        raise SlidesUnavailable(f"the installed reveal.js has no {relative}: reinstall with {EXTRA}")
    return found[0]


def inline_reveal(page: str, root: Path) -> str:
    """``page`` with each reveal.js stylesheet and script it links inlined from ``root``, and
    HTML comments (which name web addresses) removed."""
    page = re.sub(r"<!--.*?-->", "", page, flags=re.S)

    def css(match: re.Match) -> str:
        text = _asset(root, match.group(1)).read_text(encoding="utf-8")
        text = re.sub(r"@import\s+url\([^)]*\)\s*;?", "", text)  # web fonts: the system's fonts instead
        return f"<style>\n{text}\n</style>"

    def js(match: re.Match) -> str:
        text = _asset(root, match.group(1)).read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>\n{text}\n</script>"

    page = re.sub(rf'<link rel="stylesheet" href="({_PLACEHOLDER}/[^"]+)">', css, page)
    return re.sub(rf'<script src="({_PLACEHOLDER}/[^"]+)"></script>', js, page)


@contextlib.contextmanager
def _quiet_manim_slides():
    """manim-slides' notes ("Generated 6 slides to /tmp/...", twice) and its progress bars
    say nothing the render's own summary does not: warnings and errors still show."""
    import manim_slides.convert

    logger = logging.getLogger("manim-slides")
    level, progress = logger.level, manim_slides.convert.tqdm
    logger.setLevel(logging.WARNING)
    manim_slides.convert.tqdm = functools.partial(progress, disable=True)
    try:
        yield
    finally:
        logger.setLevel(level)
        manim_slides.convert.tqdm = progress


def render_slides(scene_class: type, output_dir: Path, name: str, *, quality: str, scratch: Path) -> list[Output]:
    """Render ``NAME.slides.html`` (one file, offline) and ``NAME.pptx`` into ``output_dir``."""
    root = require_extra()
    from manim import tempconfig
    from manim_slides.config import PresentationConfig
    from manim_slides.convert import PowerPoint, RevealJS

    deck = slide_class(scene_class)
    folder = Path(scratch) / "slides"
    with tempconfig(manim_settings(quality, Path(scratch) / "slides-media", write_to_movie=True,
                                   save_last_frame=False, max_files_cached=-1)), _quiet_manim_slides():
        scene = deck(output_folder=folder)
        scene.render()
    config = PresentationConfig.from_file(folder / f"{scene}.json")
    outputs = []
    html_file = Path(output_dir) / f"{name}.slides.html"
    draft = Path(scratch) / "deck.html"
    with _quiet_manim_slides():
        RevealJS(presentation_configs=[config], one_file=True, cdn_url=_PLACEHOLDER).convert_to(draft)
    with atomic_path(html_file) as tmp:
        tmp.write_text(inline_reveal(draft.read_text(encoding="utf-8"), root), encoding="utf-8")
    loops = sum(1 for slide in config.slides if slide.loop)
    outputs.append(Output(html_file, f"{len(config.slides)} slides: one per beat" + (f", {loops} looping" if loops else "")))
    pptx = Path(output_dir) / f"{name}.pptx"
    with atomic_path(pptx) as tmp:
        with _quiet_manim_slides():
            PowerPoint(presentation_configs=[config]).convert_to(tmp)
    outputs.append(Output(pptx))
    return outputs


__all__ = ["EXTRA", "BeatSlides", "require_extra", "require_manim_slides", "SlidesUnavailable", "inline_reveal", "render_slides", "slide_class"]
