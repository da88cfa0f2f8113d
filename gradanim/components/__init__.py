"""Manim mobjects and animations that draw results of :mod:`gradanim.core`.

A component takes core results (an Objective, a Trajectory, a CriticalPoint) and draws
them; it never recomputes mathematics. Every look-related choice comes from
:mod:`gradanim.components.theme`; everything a lesson changes is a keyword argument.

- ``axes.PlotAxes``: equal-unit axes with Typst tick numbers and variable names.
- ``contour_map.ContourMap``: level lines (contourpy) coloured low-to-high.
- ``gradient_field.GradientField``: arrows of +-grad f on a grid, lengths tamed.
- ``descent.DescentWalker``: a marker and trail stepping along a trajectory.
- ``typeset``: Typst math (``math``), sympy -> Typst, ``Readout`` (label = live value).
- ``lesson_scene.LessonScene``: the shared frame (title, plot box, panel box).
"""
