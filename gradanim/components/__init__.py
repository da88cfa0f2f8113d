"""Manim mobjects and animations that draw results of :mod:`gradanim.core`.

A component takes core results (an Objective, a Trajectory, a CriticalPoint) and draws
them; it never recomputes mathematics. Every look-related choice comes from
:mod:`gradanim.components.theme`; everything a lesson changes is a keyword argument.

Frame and type
- The scene base classes (``LessonScene``, ``LessonScene3D``) are in :mod:`gradanim.scene_base`;
  how frames are drawn and encoded is :mod:`gradanim.render`'s business.
- ``coordinates``: domain points through an Axes, the box it shows, tick spacing.
- ``theme``: colours, sizes, strokes. ``typeset``: Typst math, sympy -> Typst, ``Readout``
  (live numbers, fixed-point or not, with a unit) and ``step_counter``.
  ``typst_import``: ``TypstMath`` / ``TypstMarkup``, Typst output read straight from its
  SVG (manim's ``MathTypst`` / ``Typst`` glyphs, about ten times faster).
- ``fade.FadeTo``: opacity changes in place (dimming, fading out) without copies.
- ``dashes.DashedSegment``: a dashed segment as one shape, cheap to move every frame.
- ``glyph_number``: numbers from cached Typst glyphs (live values without recompiling).
- ``axes.PlotAxes``: equal-unit axes with Typst tick numbers and variable names.

2D
- ``contour_map.ContourMap``: level lines (contourpy), filled bands, level labels.
- ``gradient_field.GradientField`` (of ``FieldArrow``: one filled outline per arrow),
  ``streamlines.StreamLines``: +-grad f as arrows / flow lines.
- ``gradient_at_point.GradientAtPoint``: the gradient and its partial components at a point.
- ``descent.DescentWalker``, ``descent_run.DescentRun``: a trajectory walked step by step,
  with readouts; ``learning_rate_panels.LearningRatePanels``; ``optimizer_race.OptimizerRace``.
- ``hiker``, ``fog``, ``probe``: the hiker in the fog probing east and north.
- ``regression_panel.RegressionPanel``, ``update_table.UpdateTable``, ``formula_card.FormulaCard``.
- ``derivation.DerivationView``: a partial derivative worked out one rule per line;
  ``steepness_mark.SteepnessMark``: a gradient arrow beside the gap between its contour lines.
- ``directional``: the turning unit vector and the D_u f curve; ``critical_map``: critical
  points by kind; ``gradient_bars``: a gradient of many variables as signed bars.

3D
- ``surface.SurfacePlot`` (a face mesh the 3D camera draws with a depth test), ``surface_path.SurfacePath``,
  ``slice.SliceView``, ``tangent_plane.TangentPatch``, ``hessian_view.HessianView``.
"""
