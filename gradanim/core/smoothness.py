"""Where a function is differentiable, and what it is where it is not.

A formula may use ``abs``, ``sign``, ``floor``, ``ceil``, ``min``, ``max`` and ``atan2``.
Each is smooth except on a thin set, its *break*:

==========================  ==========================================  ========
piece                       break                                       kind
==========================  ==========================================  ========
``abs(u)``                  where ``u = 0``                             kink
``sign(u)``                 where ``u = 0``                             jump
``floor(u)``, ``ceil(u)``   where ``u`` is a whole number               jump
``min(a, b, ...)``          where the two smallest arguments are equal  kink
``max(a, b, ...)``          where the two largest arguments are equal   kink
``atan2(y, x)``             where ``y = 0`` and ``x < 0``               jump
==========================  ==========================================  ========

Away from every break, sympy's derivative is the gradient once the terms that only live on
a break are dropped (``d sign(u) = 2 DiracDelta(u) du`` and ``d floor(u)`` are zero off
it): :func:`smooth_derivative`.

On a break, near the point ``p`` the function is one of a few smooth *branches*:
``abs(u)`` is ``u`` on one side and ``-u`` on the other, ``floor(u)`` is ``n`` or
``n - 1``, ``max(a, b)`` is ``a`` or ``b``. Which branches occur is read from the signs
of the pieces' arguments at points a hair away from ``p`` in every direction (so
``abs(x^2)`` meets only the branch ``x^2``). Then, exactly (each branch is a formula):

* all branches have the same value, gradient and Hessian at ``p``: f is twice
  differentiable there (``x*abs(x)`` has gradient 0 at x = 0 but no Hessian);
* the branches agree in value but not in gradient: a **kink** (``abs(x)`` at 0);
* they differ in value: a **jump** (``floor(x)`` at 0).

A point where the formula itself is not finite (``1/x`` at 0, ``sqrt(x^2+y^2)`` at the
origin, ``cbrt(x)`` at 0) is classified from nearby values and gradients: a kink when f is
continuous there and the gradients around it differ, otherwise **undefined**.

Where there is no gradient, :meth:`LocalSmoothness.subgradient` is the shortest vector in
the convex hull of the one-sided gradients: for a kink of a convex function (or a
maximum of smooth ones) that is the subdifferential's shortest element, whose negative is
the steepest-descent direction; ``abs`` at 0 gives 0, ``max(a, b)`` at a tie gives
``(grad a + grad b)/2`` (both as torch.autograd computes them).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import sympy
from sympy.printing.str import StrPrinter

__all__ = [
    "LocalSmoothness",
    "Piece",
    "Smoothness",
    "Structure",
    "formula_text",
    "smooth_derivative",
]

TOLERANCE = 1e-12
"""A piece is on its break when its argument is this close (relative to ``max(1, |p|)``)."""
PROBE = 1e-7
"""How far (relative to ``max(1, |p|)``) the points are at which the branches are read."""
AGREE = 1e-9
"""Branches agree when their values (gradients, Hessians) differ by at most this, relatively."""


class Smoothness(StrEnum):
    """What a function is like at one point."""

    DIFFERENTIABLE = "differentiable"
    KINK = "kink"  # continuous, but the slopes on either side differ
    JUMP = "jump"  # the value jumps
    UNDEFINED = "undefined"  # no finite value or no finite slope



# --- printing formulas as the lessons write them -------------------------------------------


class _LessonPrinter(StrPrinter):
    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"

    def _print_ceiling(self, expr):
        return f"ceil({self._print(expr.args[0])})"

    def _print_Min(self, expr):
        return f"min({', '.join(self._print(a) for a in expr.args)})"

    def _print_Max(self, expr):
        return f"max({', '.join(self._print(a) for a in expr.args)})"


def formula_text(expr: sympy.Expr, *, short_decimals: bool = False, as_stored: bool = False) -> str:
    """``expr`` in the lessons' notation: ``abs(x)``, ``ceil(x)``, ``min(x, y)``;
    ``short_decimals``: ``0.8`` rather than ``0.800000000000000``; ``as_stored``: terms in
    the order the expression keeps them (a formula as written: ``y - x^2``)."""
    settings = {"full_prec": False} if short_decimals else {}
    if as_stored:
        settings["order"] = "none"
    return _LessonPrinter(settings).doprint(expr).replace("**", "^")


# --- derivatives off the breaks ------------------------------------------------------------

_PIECEWISE_CONSTANT = (sympy.floor, sympy.ceiling, sympy.sign, sympy.Heaviside)


def _lives_on_a_break(node: sympy.Basic) -> bool:
    if isinstance(node, sympy.DiracDelta):
        return True
    if isinstance(node, sympy.Subs):
        node = node.expr
    return isinstance(node, sympy.Derivative) and isinstance(node.expr, _PIECEWISE_CONSTANT)


def smooth_derivative(expr: sympy.Expr, variable: sympy.Symbol) -> sympy.Expr:
    """``d expr / d variable`` wherever ``expr`` is differentiable: sympy's derivative
    without the terms that are zero off every break (``DiracDelta``, the derivative of
    ``floor``/``ceiling``/``sign``)."""
    derivative = sympy.diff(expr, variable)
    if derivative.has(sympy.DiracDelta, sympy.Derivative, sympy.Subs):
        derivative = derivative.replace(_lives_on_a_break, lambda node: sympy.S.Zero)
    return derivative


# --- the pieces ----------------------------------------------------------------------------

_PIECE_TYPES = (sympy.Abs, sympy.sign, sympy.floor, sympy.ceiling, sympy.Min, sympy.Max, sympy.atan2)


@dataclass(frozen=True)
class Piece:
    """One non-smooth part of a formula, e.g. ``abs(x - 1)``, and where it breaks."""

    node: sympy.Expr
    kind: Smoothness  # KINK or JUMP: what happens on its break (when anything does)

    @property
    def text(self) -> str:
        return formula_text(self.node)

    @property
    def where(self) -> str:
        """Its break in words: ``"x - 1 = 0"``, ``"x is a whole number"``, ``"x = y"``."""
        args = [formula_text(a) for a in self.node.args]
        if isinstance(self.node, (sympy.Abs, sympy.sign)):
            return f"{args[0]} = 0"
        if isinstance(self.node, (sympy.floor, sympy.ceiling)):
            return f"{args[0]} is a whole number"
        if isinstance(self.node, sympy.atan2):
            return f"{args[0]} = 0 and {args[1]} < 0"
        which = "smallest" if isinstance(self.node, sympy.Min) else "largest"
        if len(args) == 2:
            return f"{args[0]} = {args[1]}"
        return f"the two {which} of {', '.join(args)} are equal"

    def describe(self) -> str:
        """``"abs(x) has a kink where x = 0"``."""
        verb = "has a kink" if self.kind is Smoothness.KINK else "jumps"
        return f"{self.text} {verb} where {self.where}"


def _piece_kind(node: sympy.Expr) -> Smoothness:
    if isinstance(node, (sympy.Abs, sympy.Min, sympy.Max)):
        return Smoothness.KINK
    return Smoothness.JUMP


@dataclass(frozen=True, eq=False)
class LocalSmoothness:
    """f at one point: differentiable or not, and what is known there.

    ``gradient`` and ``hessian`` are nan where they do not exist. ``one_sided`` are the
    gradients of the branches f is made of near the point (empty where f is
    differentiable); ``pieces`` the pieces on their break there.
    """

    point: np.ndarray
    kind: Smoothness
    value: float
    gradient: np.ndarray
    hessian: np.ndarray
    one_sided: tuple[np.ndarray, ...] = ()
    pieces: tuple[Piece, ...] = ()

    @property
    def differentiable(self) -> bool:
        return self.kind is Smoothness.DIFFERENTIABLE

    @property
    def reason(self) -> str:
        """Why there is no gradient, in a sentence ("" where there is one)."""
        if self.differentiable:
            return ""
        at = "(" + ", ".join(f"{v + 0.0:.6g}" for v in self.point) + ")"
        causes = "; ".join(p.describe() for p in self.pieces) if self.kind is not Smoothness.UNDEFINED else ""
        if self.kind is Smoothness.KINK:
            head = f"f has a kink at {at}: no gradient there"
        elif self.kind is Smoothness.JUMP:
            head = f"f jumps at {at}: no gradient there"
        elif not np.isfinite(self.value):
            head = f"f is not defined at {at}"
        else:
            head = f"f has no finite gradient at {at}"
        return f"{head} ({causes})" if causes else head

    def subgradient(self) -> np.ndarray | None:
        """Where there is no gradient, the shortest vector in the convex hull of the
        one-sided gradients (None if there are none, or they are not finite); where there
        is one, the gradient."""
        if self.differentiable:
            return self.gradient
        if not self.one_sided or not all(np.all(np.isfinite(g)) for g in self.one_sided):
            return None
        return shortest_in_hull(np.array(self.one_sided))


def shortest_in_hull(vectors: np.ndarray) -> np.ndarray:
    """The point of smallest norm in the convex hull of ``vectors`` (rows). By Caratheodory
    it lies in the hull of at most n + 1 of them, where it is the affine minimum-norm point
    with non-negative weights; every such subset is tried (a segment in closed form, so
    that ``(-1, 1)`` and ``(-1, -1)`` give exactly ``(-1, 0)``)."""
    unique = np.unique(np.asarray(vectors, dtype=float), axis=0)
    m, n = unique.shape
    best = unique[np.argmin(np.linalg.norm(unique, axis=1))]
    for size in range(2, min(m, n + 1) + 1):
        for subset in itertools.combinations(range(m), size):
            candidate = _affine_shortest(unique[list(subset)])
            if candidate is not None and np.linalg.norm(candidate) < np.linalg.norm(best):
                best = candidate
    scale = max(1.0, float(np.abs(unique).max()))
    return np.where(np.abs(best) <= 1e-12 * scale, 0.0, best) + 0.0


def _affine_shortest(g: np.ndarray) -> np.ndarray | None:
    """The shortest point of the affine hull of the rows of ``g`` when it lies inside their
    convex hull (non-negative weights), else None."""
    if len(g) == 2:
        a, b = g
        d = b - a
        length = float(d @ d)
        if length == 0:
            return None
        t = float(-(a @ d)) / length
        return a + t * d if 0.0 < t < 1.0 else None
    size = len(g)
    # minimise |w @ g|^2 with sum(w) = 1: [[2 G G^T, 1], [1^T, 0]] [w, mu] = [0, 1]
    system = np.zeros((size + 1, size + 1))
    system[:size, :size] = 2 * g @ g.T
    system[:size, size] = system[size, :size] = 1.0
    rhs = np.zeros(size + 1)
    rhs[size] = 1.0
    try:
        weights = np.linalg.solve(system, rhs)[:size]
    except np.linalg.LinAlgError:
        return None
    if np.any(weights < -1e-12):
        return None
    weights = np.clip(weights, 0.0, None)
    return weights @ g / weights.sum()


# --- the analysis of one formula -----------------------------------------------------------


def _lambdify(variables, expr) -> Callable:
    return sympy.lambdify(tuple(variables), expr, modules="numpy", cse=True)


class _Branch:
    """One smooth branch of f near a break: value, gradient and Hessian as numpy."""

    def __init__(self, expr: sympy.Expr, variables: Sequence[sympy.Symbol]):
        gradient = [smooth_derivative(expr, v) for v in variables]
        hessian = [smooth_derivative(g, v) for g in gradient for v in variables]
        self.n = len(variables)
        self._all = _lambdify(variables, [expr, *gradient, *hessian])

    def at(self, point: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        with np.errstate(all="ignore"):
            out = [complex(np.asarray(v).reshape(-1)[0]) if np.iscomplexobj(v) else float(np.asarray(v).reshape(-1)[0])
                   for v in self._all(*point)]
        out = [v.real if isinstance(v, complex) and abs(v.imag) <= 1e-12 * max(1.0, abs(v.real)) else v for v in out]
        out = [v if isinstance(v, float) else np.nan for v in out]
        n = self.n
        return out[0], np.array(out[1:1 + n]), np.array(out[1 + n:]).reshape(n, n)


class Structure:
    """The non-smooth pieces of one formula, and the analysis of f at a point.

    ``Structure(expr, variables).pieces`` lists them (empty for a smooth formula, which
    then costs nothing more). :meth:`active` tells, on whole grids, where a piece is on its
    break; :meth:`at` classifies one point.
    """

    def __init__(self, expr: sympy.Expr, variables: Sequence[sympy.Symbol]):
        self.expr = expr
        self.variables = tuple(variables)
        nodes = sorted(expr.atoms(*_PIECE_TYPES), key=lambda node: (sympy.count_ops(node), sympy.default_sort_key(node)))
        self.pieces: tuple[Piece, ...] = tuple(Piece(node, _piece_kind(node)) for node in nodes)
        self._arguments = [_lambdify(self.variables, list(p.node.args)) for p in self.pieces]
        self._branches: dict[tuple, _Branch] = {}

    @property
    def smooth(self) -> bool:
        return not self.pieces

    def describe(self) -> list[str]:
        """Each piece's break in words: ``["abs(x) has a kink where x = 0", ...]``."""
        return [p.describe() for p in self.pieces]

    # -- where pieces are on their breaks --

    def _argument_values(self, index: int, arrays: Sequence[np.ndarray], shape) -> list[np.ndarray]:
        with np.errstate(all="ignore"):
            values = self._arguments[index](*arrays)
        return [np.broadcast_to(np.real_if_close(np.asarray(v, dtype=complex)).real if np.iscomplexobj(v)
                                else np.asarray(v, dtype=float), shape) for v in values]

    def active(self, arrays: Sequence[np.ndarray]) -> np.ndarray:
        """Boolean array (the arrays' broadcast shape): where any piece is on its break."""
        arrays = [np.asarray(a, dtype=float) for a in arrays]
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
        scale = np.maximum(1.0, np.max(np.abs(np.broadcast_arrays(*arrays)), axis=0)) if arrays else 1.0
        found = np.zeros(shape, dtype=bool)
        for index, piece in enumerate(self.pieces):
            args = self._argument_values(index, arrays, shape)
            found |= _on_break(piece.node, args, scale)
        return found

    def active_at(self, point: Sequence[float]) -> list[int]:
        """The pieces on their break at one point (a fast path of :meth:`active`)."""
        scale = max(1.0, *(abs(float(v)) for v in point))
        found = []
        for index, piece in enumerate(self.pieces):
            with np.errstate(all="ignore"):
                args = self._arguments[index](*(float(v) for v in point))
            try:
                args = [float(v) for v in args]
            except (TypeError, ValueError):  # complex or array: the general path
                args = self._argument_values(index, list(point), ())
            if bool(_on_break(piece.node, args, scale)):
                found.append(index)
        return found

    # -- one point --

    def at(self, point: np.ndarray, value: float, gradient: np.ndarray, hessian: np.ndarray,
           evaluate: Callable[[np.ndarray], tuple[float, np.ndarray]]) -> LocalSmoothness:
        """f at ``point``, given the formula's own value, gradient and Hessian there and a
        function giving the formula's value and gradient at nearby points."""
        point = np.asarray(point, dtype=float)
        n = point.size
        scale = max(1.0, float(np.max(np.abs(point), initial=0.0)))
        active = self.active_at(point)
        nan_gradient = np.full(n, np.nan)
        nan_hessian = np.full((n, n), np.nan)
        probes = point + PROBE * scale * _directions(n)
        if active:
            return self._on_breaks(point, value, active, probes, scale)
        if np.isfinite(value) and np.all(np.isfinite(gradient)):
            return LocalSmoothness(point, Smoothness.DIFFERENTIABLE, value, gradient, hessian)
        if not np.isfinite(value):
            return LocalSmoothness(point, Smoothness.UNDEFINED, value, nan_gradient, nan_hessian)
        # The formula has no finite gradient at a point where f is finite: look around.
        nearby = [evaluate(q) for q in probes]
        values = np.array([v for v, _ in nearby])
        slopes = np.array([g for _, g in nearby])
        continuous = np.all(np.abs(values - value) <= 1e-4 * max(1.0, abs(value)))
        if continuous and np.all(np.isfinite(slopes)) and np.abs(slopes).max() < 1e3 * (1 + np.abs(slopes).min()):
            return LocalSmoothness(point, Smoothness.KINK, value, nan_gradient, nan_hessian, tuple(_unique(list(slopes))))
        return LocalSmoothness(point, Smoothness.UNDEFINED, value, nan_gradient, nan_hessian)

    def _on_breaks(self, point, value, active, probes, scale) -> LocalSmoothness:
        n = point.size
        centre = [self._argument_values(i, list(point), ()) for i in active]
        around = [np.stack(self._argument_values(i, list(probes.T), (len(probes),)), axis=1) for i in active]
        sides = set()
        for j in range(len(probes)):
            sides.add(tuple(_side(self.pieces[i].node, centre[k], list(around[k][j])) for k, i in enumerate(active)))
        # A probe that stayed on the break (side 0; for min and max a tie that holds on,
        # a negative side) meets the break itself, not a side of it, unless nothing else is met.
        for k, i in enumerate(active):
            tie = isinstance(self.pieces[i].node, (sympy.Min, sympy.Max))
            on_break = (lambda c: c[k] < 0) if tie else (lambda c: c[k] == 0)
            if any(not on_break(c) for c in sides):
                sides = {c for c in sides if not on_break(c)}
        results = [self._branch(active, centre, combo).at(point) for combo in sorted(sides)]
        values = np.array([r[0] for r in results])
        gradients = [r[1] for r in results]
        hessians = [r[2] for r in results]
        pieces = tuple(self.pieces[i] for i in active)
        nan_gradient = np.full(n, np.nan)
        nan_hessian = np.full((n, n), np.nan)
        if not np.isfinite(value):
            return LocalSmoothness(point, Smoothness.UNDEFINED, value, nan_gradient, nan_hessian, (), pieces)
        one_sided = tuple(_unique(gradients))
        if not _agree([value, *values]):
            return LocalSmoothness(point, Smoothness.JUMP, value, nan_gradient, nan_hessian, one_sided, pieces)
        if not all(np.all(np.isfinite(g)) for g in gradients):
            return LocalSmoothness(point, Smoothness.UNDEFINED, value, nan_gradient, nan_hessian, (), pieces)
        if not _agree(gradients):
            return LocalSmoothness(point, Smoothness.KINK, value, nan_gradient, nan_hessian, one_sided, pieces)
        hessian = hessians[0] if _agree(hessians) and np.all(np.isfinite(hessians[0])) else nan_hessian
        return LocalSmoothness(point, Smoothness.DIFFERENTIABLE, value, gradients[0] + 0.0, hessian + 0.0)

    def _branch(self, active: list[int], centre: list, combo: tuple) -> _Branch:
        key = tuple(zip(active, combo))
        if key not in self._branches:
            choices = {self.pieces[i].node: (side, centre[k]) for k, (i, side) in enumerate(key)}
            self._branches[key] = _Branch(_rebuild(self.expr, choices), self.variables)
        return self._branches[key]


def _directions(n: int) -> np.ndarray:
    """Unit vectors towards every neighbour of a cube around the origin: (3^n - 1, n)."""
    steps = np.array([d for d in itertools.product((-1.0, 0.0, 1.0), repeat=n) if any(d)])
    return steps / np.linalg.norm(steps, axis=1, keepdims=True)


def _close(a, b, scale) -> np.ndarray:
    if isinstance(a, float) and isinstance(b, float) and isinstance(scale, float):
        return abs(a - b) <= TOLERANCE * max(scale, abs(a), abs(b))
    return np.abs(np.asarray(a) - np.asarray(b)) <= TOLERANCE * np.maximum(scale, np.maximum(np.abs(a), np.abs(b)))


def _on_break(node: sympy.Expr, args: list[np.ndarray], scale) -> np.ndarray:
    if isinstance(args[0], float) and isinstance(node, (sympy.Abs, sympy.sign)):
        return _close(args[0], 0.0, scale)
    if isinstance(args[0], float) and isinstance(node, (sympy.floor, sympy.ceiling)):
        return math.isfinite(args[0]) and _close(args[0], float(round(args[0])), scale)
    if isinstance(node, (sympy.Abs, sympy.sign)):
        return _close(args[0], 0.0, scale)
    if isinstance(node, (sympy.floor, sympy.ceiling)):
        return _close(args[0], np.round(args[0]), scale) & np.isfinite(args[0])
    if isinstance(node, sympy.atan2):
        return _close(args[0], 0.0, scale) & (args[1] < 0)
    stacked = np.sort(np.stack(args), axis=0)
    first, second = (stacked[0], stacked[1]) if isinstance(node, sympy.Min) else (stacked[-1], stacked[-2])
    return _close(first, second, scale)


def _side(node: sympy.Expr, centre: list, near: list) -> int | tuple:
    """Which branch of ``node`` holds at a nearby point (``centre``: its arguments at the
    point itself, ``near``: at the nearby point)."""
    if isinstance(node, (sympy.Abs, sympy.sign)):
        return int(np.sign(near[0]))
    if isinstance(node, (sympy.floor, sympy.ceiling)):
        return int(np.sign(near[0] - np.round(centre[0])))
    if isinstance(node, sympy.atan2):
        return int(np.sign(near[0]))
    # Of the arguments tied for the extreme at the point, the one that is extreme nearby; a
    # probe where the tie holds on (it moved along the break) is on the break, not on a side
    # of it: -1 - that argument's index.
    values = np.array([float(v) for v in near])
    at_point = np.array([float(v) for v in centre])
    scale = max(1.0, float(np.abs(at_point).max()), float(np.abs(values).max()))
    best = at_point.min() if isinstance(node, sympy.Min) else at_point.max()
    tied = [i for i in range(len(values)) if _close(at_point[i], best, scale)]
    ranked = sorted(tied, key=lambda i: values[i], reverse=not isinstance(node, sympy.Min))
    if len(ranked) > 1 and _close(values[ranked[0]], values[ranked[1]], scale * 1e3):
        return -1 - int(ranked[0])
    return int(ranked[0])


def _branch_of(node: sympy.Expr, args: list[sympy.Expr], side: int, centre: list) -> sympy.Expr:
    if isinstance(node, sympy.Abs):
        return args[0] * side
    if isinstance(node, sympy.sign):
        return sympy.Integer(side)
    if isinstance(node, sympy.floor):
        n = int(np.round(centre[0]))
        return sympy.Integer(n - 1 if side < 0 else n)
    if isinstance(node, sympy.ceiling):
        n = int(np.round(centre[0]))
        return sympy.Integer(n + 1 if side > 0 else n)
    if isinstance(node, sympy.atan2):
        y, x = args
        return sympy.atan(y / x) + side * sympy.pi if side else sympy.pi
    return args[side if side >= 0 else -1 - side]  # Min, Max: the argument extreme on this side


def _rebuild(expr: sympy.Expr, choices: dict) -> sympy.Expr:
    """``expr`` with each chosen piece replaced by its branch, innermost first."""
    if not expr.args:
        return expr
    args = [_rebuild(a, choices) for a in expr.args]
    if expr in choices:
        side, centre = choices[expr]
        return _branch_of(expr, args, side, centre)
    return expr.func(*args) if any(a is not b for a, b in zip(args, expr.args)) else expr


def _unique(vectors: list[np.ndarray]) -> list[np.ndarray]:
    kept: list[np.ndarray] = []
    for v in vectors:
        if not any(_agree([v, k]) for k in kept):
            kept.append(v + 0.0)
    return kept


def _agree(items) -> bool:
    arrays = [np.asarray(item, dtype=float) for item in items]
    first = arrays[0]
    for other in arrays[1:]:
        if not (np.all(np.isfinite(first)) and np.all(np.isfinite(other))):
            return False
        scale = max(1.0, float(np.abs(first).max(initial=0.0)), float(np.abs(other).max(initial=0.0)))
        if np.abs(first - other).max(initial=0.0) > AGREE * scale:
            return False
    return True
