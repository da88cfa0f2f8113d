"""A depth buffer for 3D scenes: triangles rasterised by OpenGL (Mesa's software renderer,
headless through EGL), read back as a premultiplied image Cairo paints under the labels.

Manim's Cairo renderer has no depth buffer: it draws shapes in list order (manim #4336). Here
what is nearer the camera hides what is behind at every pixel: a surface's near wall hides
the floor, a curve on the surface disappears where the surface passes in front of it, and a
plane crossing the surface meets it along their true intersection.

Drawing order inside the layer: opaque triangles first, writing depth; then everything
translucent or antialiased (strokes, fading faces, translucent planes), sorted from far to
near, tested against the opaque depth and blended without writing depth. A stroke is tested
where its centre line is, so a curve on a surface is hidden across its whole width exactly
where its own points are hidden. Edges of filled shapes are antialiased by multisampling
(``samples``); strokes carry their own analytic antialiasing.

No display or GPU is needed: ``moderngl.create_standalone_context(backend="egl")`` runs on
Mesa's llvmpipe (Debian: libegl1, libegl-mesa0, libgl1-mesa-dri).
"""

from __future__ import annotations

import numpy as np

from .primitives import Triangles

_VERTEX = """
#version 330
uniform vec2 size;
in vec3 xyz;
in vec4 rgba;
in vec2 edge;
in vec3 centre;
in float hidden;
out vec4 v_rgba;
out vec2 v_edge;
out vec3 v_centre;
out float v_hidden;
void main() {
    gl_Position = vec4(2.0 * xyz.x / size.x - 1.0, 2.0 * xyz.y / size.y - 1.0, xyz.z, 1.0);
    v_rgba = rgba;
    v_edge = edge;
    v_centre = centre;
    v_hidden = hidden;
}
"""

# Coverage of a stroke at this pixel from its distance to the centre line; fills have a huge
# half-width. Output is premultiplied RGBA: manim's frames hold RGBA in memory (it hands Cairo,
# which writes BGRA, its colours with red and blue swapped), so Cairo paints it unchanged.
_COLOUR = """
vec4 coloured(float opacity) {
    float coverage = clamp(v_edge.y - abs(v_edge.x) + 0.5, 0.0, 1.0);
    float a = v_rgba.a * coverage * opacity;
    if (a <= 0.0) discard;
    return vec4(v_rgba.rgb * a, a);
}
"""

_OPAQUE_FRAGMENT = """
#version 330
in vec4 v_rgba;
in vec2 v_edge;
in vec3 v_centre;
in float v_hidden;
out vec4 colour;
""" + _COLOUR + """
void main() { colour = coloured(1.0); }
"""

# Translucent and antialiased shapes are tested against the opaque pass's depth by hand, at
# their ``centre``: a fill at each of its own points, a stroke where its centre line is (a
# curve on a surface is hidden or shown across its whole width by whether its own points
# are hidden; a fixed depth across the width would sink its near half into a surface seen at
# a grazing angle), a billboard (a ball) at its centre, so it shows whole or not at all.
# What is hidden is drawn ``hidden`` times as opaque (0: not at all).
_BLENDED_FRAGMENT = """
#version 330
uniform SAMPLER depth;
in vec4 v_rgba;
in vec2 v_edge;
in vec3 v_centre;
in float v_hidden;
out vec4 colour;
""" + _COLOUR + """
void main() {
    ivec2 texel = clamp(ivec2(v_centre.xy), ivec2(0), SIZE - 1);
    bool behind = 0.5 * v_centre.z + 0.5 >= texelFetch(depth, texel, 0).r;
    colour = coloured(behind ? v_hidden : 1.0);
}
"""

# Averages a multisampled texture's samples (llvmpipe's own resolve blit is slower).
_RESOLVE_VERTEX = """
#version 330
in vec2 corner;
void main() { gl_Position = vec4(corner, 0.0, 1.0); }
"""
_RESOLVE_FRAGMENT = """
#version 330
uniform sampler2DMS image;
uniform int samples;
out vec4 colour;
void main() {
    ivec2 at = ivec2(gl_FragCoord.xy);
    vec4 sum = vec4(0.0);
    for (int i = 0; i < samples; i++) sum += texelFetch(image, at, i);
    colour = sum / float(samples);
}
"""


class DepthUnavailable(RuntimeError):
    """No OpenGL context could be made (no EGL / Mesa on this machine)."""


_CONTEXT = None


def gl_context():
    """The process's headless OpenGL context (made once; EGL first, then moderngl's default)."""
    global _CONTEXT
    if _CONTEXT is not None:
        return _CONTEXT
    try:
        import moderngl
    except ImportError as error:  # pragma: no cover - moderngl comes with manim
        raise DepthUnavailable(f"3D scenes need moderngl: {error}") from error
    reasons = []
    for backend in ("egl", None):
        try:
            _CONTEXT = moderngl.create_standalone_context(**({"backend": backend} if backend else {}))
            return _CONTEXT
        except Exception as error:  # noqa: BLE001 - each backend fails in its own way
            reasons.append(f"{backend or 'default'}: {error}")
    raise DepthUnavailable(
        "3D scenes draw with OpenGL and found no way to open a headless context ("
        + "; ".join(reasons)
        + "). On Debian/Ubuntu: apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri"
    )


class DepthLayer:
    """Rasterises :class:`~gradanim.render.primitives.Triangles` with a depth test into an
    image the size of the frame (``width`` x ``height`` px), ``samples`` samples a pixel."""

    def __init__(self, width: int, height: int, samples: int = 4):
        import moderngl

        self.size = (int(width), int(height))
        self.requested = samples
        ctx = gl_context()
        self.ctx = ctx
        self.samples = int(samples) if samples and samples > 1 and ctx.max_samples >= samples else 0
        self.opaque_program = ctx.program(vertex_shader=_VERTEX, fragment_shader=_OPAQUE_FRAGMENT)
        sampler = "sampler2DMS" if self.samples else "sampler2D"
        blended = _BLENDED_FRAGMENT.replace("SAMPLER", sampler).replace("SIZE", f"ivec2({width}, {height})")
        self.blended_program = ctx.program(vertex_shader=_VERTEX, fragment_shader=blended)
        for program in (self.opaque_program, self.blended_program):
            program["size"].value = (float(width), float(height))
        self.plain = ctx.framebuffer([ctx.renderbuffer(self.size, 4)])
        samples_kw = {"samples": self.samples} if self.samples else {}
        self.colour = ctx.texture(self.size, 4, **samples_kw) if self.samples else self.plain.color_attachments[0]
        self.depth = ctx.depth_texture(self.size, **samples_kw)
        self.with_depth = ctx.framebuffer([self.colour], self.depth)  # the opaque pass writes depth
        self.without_depth = ctx.framebuffer([self.colour])  # the blended pass reads it
        if self.samples:
            self.resolve = ctx.program(vertex_shader=_RESOLVE_VERTEX, fragment_shader=_RESOLVE_FRAGMENT)
            self.resolve["samples"].value = self.samples
            corners = ctx.buffer(np.array([-1, -1, 1, -1, -1, 1, 1, 1], dtype="f4").tobytes())
            self.resolve_vao = ctx.vertex_array(self.resolve, [(corners, "2f", "corner")])
        self.buffer = None
        self.vaos = None
        self.capacity = 0
        self._moderngl = moderngl

    def _upload(self, data: np.ndarray):
        nbytes = data.nbytes
        if nbytes > self.capacity:
            if self.buffer is not None:
                for vao in self.vaos:
                    vao.release()
                self.buffer.release()
            self.capacity = max(nbytes, 2 * self.capacity, 1 << 16)
            self.buffer = self.ctx.buffer(reserve=self.capacity, dynamic=True)
            self.vaos = [  # the opaque pass has no use for the centre and what is hidden
                self.ctx.vertex_array(self.opaque_program, [(self.buffer, "3f 4f 2f 16x", "xyz", "rgba", "edge")]),
                self.ctx.vertex_array(self.blended_program,
                                      [(self.buffer, "3f 4f 2f 3f 1f", "xyz", "rgba", "edge", "centre", "hidden")]),
            ]
        self.buffer.write(data.tobytes())

    def render(self, opaque: Triangles, blended: Triangles, box: tuple[int, int, int, int]) -> np.ndarray:
        """Draw into the pixel box ``(x0, y0, x1, y1)`` (end exclusive; y down) and return it as
        an (y1 - y0, x1 - x0, 4) uint8 premultiplied RGBA array."""
        mgl = self._moderngl
        ctx = self.ctx
        x0, y0, x1, y1 = box
        w, h = x1 - x0, y1 - y0
        scissor = (x0, y0, w, h)  # rows are counted from the top: the projection flips y
        data_opaque = opaque.interleaved()
        data_blended = blended.interleaved(blended.depth_order())
        data = np.concatenate([data_opaque, data_blended]) if len(data_blended) else data_opaque
        self.with_depth.use()
        self.with_depth.scissor = scissor
        self.with_depth.clear(0.0, 0.0, 0.0, 0.0, depth=1.0)
        if len(data):
            self._upload(data)
            ctx.blend_func = (mgl.ONE, mgl.ONE_MINUS_SRC_ALPHA)
            n_opaque = len(data_opaque)
            if n_opaque:
                ctx.enable(mgl.DEPTH_TEST | mgl.BLEND)
                ctx.depth_func = "<"
                self.vaos[0].render(mgl.TRIANGLES, vertices=n_opaque, first=0)
            if len(data) > n_opaque:
                self.without_depth.use()
                self.without_depth.scissor = scissor
                ctx.disable(mgl.DEPTH_TEST)
                ctx.enable(mgl.BLEND)
                self.depth.use(0)
                self.blended_program["depth"].value = 0
                self.vaos[1].render(mgl.TRIANGLES, vertices=len(data) - n_opaque, first=n_opaque)
        if self.samples:
            self.plain.use()
            self.plain.scissor = scissor
            ctx.disable(mgl.DEPTH_TEST | mgl.BLEND)
            self.colour.use(0)
            self.resolve_vao.render(mgl.TRIANGLE_STRIP)
        out = np.empty((h, w, 4), dtype=np.uint8)
        self.plain.read_into(out, viewport=scissor, components=4, alignment=1)
        return out

    def release(self) -> None:
        things = [*(self.vaos or ()), self.buffer, self.plain, self.with_depth, self.without_depth, self.depth]
        if self.samples:
            things.append(self.colour)
        for thing in things:
            if thing is not None:
                thing.release()


__all__ = ["DepthLayer", "DepthUnavailable", "gl_context"]
