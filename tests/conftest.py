"""Shared fixtures: Manim's global config is snapshotted per test and media goes to a tmp dir."""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so a CI result can be reproduced; set
# HYPOTHESIS_PROFILE=explore to draw fresh random examples while developing.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def _session_media(tmp_path_factory):
    """One media folder for the whole run: Typst's compiled SVGs are cached across tests."""
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _isolated_manim_config(_session_media):
    """Tests that touch manim leave its global config as they found it, and never write
    into the repository's media/."""
    if "manim" not in sys.modules:
        yield
        return
    from manim import config

    saved = config.copy()
    config.media_dir = str(_session_media)
    config.notify_outdated_version = False
    try:
        yield
    finally:
        config.update(saved)


def pytest_addoption(parser):
    # Options of manim's frames_comparison: --set_test writes control frames.
    parser.addoption("--set_test", action="store_true", default=False, help="write control frames (frames_comparison)")
    parser.addoption("--show_diff", action="store_true", default=False, help="show frame differences")
