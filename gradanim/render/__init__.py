"""How frames are drawn: the depth-tested layer of 3D scenes (``depth``, ``primitives``).

Scenes and components do not use these modules directly: a 3D lesson scene's camera
(:class:`gradanim.render.depth_camera.DepthCamera`) draws everything that lives in 3D space
through :mod:`gradanim.render.depth` and the rest (titles, panels, labels) with manim's Cairo
drawing on top.
"""
