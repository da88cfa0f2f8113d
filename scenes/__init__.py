"""Scene files, one per lesson topic: run with `manim -ql scenes/FILE.py Scene`, or import
them (installed as ``gradanim.scenes``) to subclass."""
