"""Shared fixtures: Manim's global config is snapshotted per test and media goes to a tmp dir."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_manim_config(request, tmp_path):
    """Tests that touch manim get a private media_dir and leave the global config as found."""
    if "manim" not in __import__("sys").modules:
        yield
        return
    from manim import config

    saved = config.copy()
    config.media_dir = str(tmp_path / "media")
    config.notify_outdated_version = False
    try:
        yield
    finally:
        config.update(saved)
