"""A scalar function of several variables: exact calculus with sympy, fast numbers with numpy.

An :class:`Objective` holds one sympy expression and everything a lesson asks of it:
value, gradient and Hessian, both as exact sympy expressions (and LaTeX for typesetting)
and as vectorised numpy functions that accept points or whole grids. It also builds the
local pictures a lesson draws: a slice through one variable, directional derivatives, the
tangent plane and the second-order (Taylor) model at a point.

Numeric evaluation never raises for a point where the function is undefined: it returns
``nan`` (``log(-1)``, ``1/0``) or ``inf`` (overflow), silently, so that callers decide.

A formula with ``abs``, ``sign``, ``floor``, ``ceil``, ``min``, ``max`` or ``atan2`` is
differentiable except on thin sets (see :mod:`gradanim.core.smoothness`): the gradient and
Hessian are exact wherever they exist and ``nan`` where they do not (a kink, a jump), and
:meth:`Objective.smoothness_at` says which.

>>> f = Objective.from_text("x^2 + 3y^2")
>>> f.gradient([1.0, 2.0]).tolist()
[2.0, 12.0]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import sympy

from .errors import OptionError
from .parsing import parse_formula
from .smoothness import LocalSmoothness, Structure, smooth_derivative

ArrayLike = Sequence[float] | np.ndarray


def _lambdify(variables: Sequence[sympy.Symbol], expr) -> Callable[..., np.ndarray]:
    return sympy.lambdify(tuple(variables), expr, modules="numpy", cse=True)


def _broadcast(result, shape: tuple[int, ...]) -> np.ndarray:
    """A lambdified constant returns a scalar: give it the input's shape (sympy #18347)."""
    out = np.asarray(result)
    if np.iscomplexobj(out):
        out = np.where(np.abs(out.imag) <= 1e-12 * np.maximum(1.0, np.abs(out.real)), out.real, np.nan)
    return np.broadcast_to(out.astype(float, copy=False), shape).copy()


class Objective:
    """A scalar function ``f(v1, ..., vn)`` with exact and numeric derivatives.

    Parameters
    ----------
    expr
        The sympy expression.
    variables
        Its variables, in order (a point ``p`` means ``variables[i] = p[i]``).
    text
        The text it was parsed from, if any (kept for titles and error messages).
    written
        The formula as the text writes it, for display only (see
        :class:`~gradanim.core.parsing.ParsedFormula`); ``expr`` when there is no text.
    """

    def __init__(self, expr: sympy.Expr, variables: Sequence[sympy.Symbol], text: str | None = None,
                 written: sympy.Expr | None = None):
        if isinstance(expr, (int, float)) and not isinstance(expr, bool):
            expr = sympy.Float(expr) if isinstance(expr, float) else sympy.Integer(expr)
        if not isinstance(expr, sympy.Expr):
            # Strings are refused on purpose: sympify(str) evaluates code. Use from_text().
            raise TypeError(f"Objective needs a sympy expression, got {type(expr).__name__}; use Objective.from_text")
        self.expr = expr
        self.variables: tuple[sympy.Symbol, ...] = tuple(variables)
        if not self.variables:
            raise OptionError("an objective needs at least one variable")
        self.text = text if text is not None else sympy.sstr(self.expr)
        self.written = written if written is not None else expr
        self.structure = Structure(self.expr, self.variables)
        self._value_fn = _lambdify(self.variables, self.expr)
        self._gradient_fns = [_lambdify(self.variables, g) for g in self.gradient_exprs]
        self._hessian_fns = [[_lambdify(self.variables, h) for h in row] for row in self.hessian_exprs.tolist()]

    @classmethod
    def from_text(cls, text: str, variables: Sequence[str] | None = None) -> Objective:
        """Parse ``text`` safely (see :mod:`gradanim.core.parsing`) into an objective."""
        parsed = parse_formula(text, variables)
        return cls(parsed.expr, parsed.variables, text=text, written=parsed.written)

    # --- exact forms -----------------------------------------------------------------

    @property
    def n_variables(self) -> int:
        return len(self.variables)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(v.name for v in self.variables)

    @cached_property
    def gradient_exprs(self) -> tuple[sympy.Expr, ...]:
        """The gradient's formulas, true wherever f is differentiable (see
        :func:`~gradanim.core.smoothness.smooth_derivative`)."""
        return tuple(smooth_derivative(self.expr, v) for v in self.variables)

    @cached_property
    def hessian_exprs(self) -> sympy.Matrix:
        """The Hessian's formulas, true wherever f is twice differentiable."""
        return sympy.Matrix([[smooth_derivative(g, v) for v in self.variables] for g in self.gradient_exprs])

    @property
    def smooth(self) -> bool:
        """Whether the formula has no non-smooth piece (abs, sign, floor, ceil, min, max, atan2)."""
        return self.structure.smooth

    def nonsmooth_description(self) -> list[str]:
        """Where f may fail to be differentiable, one sentence per non-smooth piece:
        ``["abs(x) has a kink where x = 0"]`` (empty for a smooth formula)."""
        return self.structure.describe()

    def partial_expr(self, variable: int | str) -> sympy.Expr:
        return self.gradient_exprs[self.index(variable)]

    def index(self, variable: int | str | sympy.Symbol) -> int:
        """Position of a variable given by index, name or symbol."""
        if isinstance(variable, (int, np.integer)):
            if not 0 <= int(variable) < self.n_variables:
                raise OptionError(f"variable index {variable} is out of range (0..{self.n_variables - 1})")
            return int(variable)
        name = variable.name if isinstance(variable, sympy.Symbol) else str(variable)
        if name not in self.names:
            raise OptionError(f"unknown variable {name!r} (variables are {', '.join(self.names)})")
        return self.names.index(name)

    def latex(self) -> str:
        return sympy.latex(self.expr)

    def gradient_latex(self) -> list[str]:
        return [sympy.latex(g) for g in self.gradient_exprs]

    def hessian_latex(self) -> list[list[str]]:
        return [[sympy.latex(h) for h in row] for row in self.hessian_exprs.tolist()]

    # --- numbers -------------------------------------------------------------------------

    def _point(self, point: ArrayLike) -> np.ndarray:
        p = np.asarray(point, dtype=float).reshape(-1)
        if p.shape != (self.n_variables,):
            raise OptionError(
                f"a point of f({', '.join(self.names)}) needs {self.n_variables} coordinates, got {p.size}"
            )
        return p

    def value(self, point: ArrayLike) -> float:
        """f at one point (nan where undefined)."""
        p = self._point(point)
        with np.errstate(all="ignore"):
            return float(_broadcast(self._value_fn(*p), ()))

    def _formula_gradient(self, p: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.array([_broadcast(fn(*p), ()) for fn in self._gradient_fns], dtype=float)

    def _formula_hessian(self, p: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.array([[_broadcast(fn(*p), ()) for fn in row] for row in self._hessian_fns], dtype=float)

    def _on_break(self, p: np.ndarray) -> bool:
        return not self.structure.smooth and bool(self.structure.active_at(p))

    def gradient(self, point: ArrayLike) -> np.ndarray:
        """The gradient vector at one point, shape (n,); nan where f has none (a kink, a
        jump, a pole: :meth:`smoothness_at` says which)."""
        p = self._point(point)
        if self._on_break(p):
            return self.smoothness_at(p).gradient
        return self._formula_gradient(p)

    def hessian(self, point: ArrayLike) -> np.ndarray:
        """The Hessian matrix at one point, shape (n, n); nan where it does not exist."""
        p = self._point(point)
        if self._on_break(p):
            return self.smoothness_at(p).hessian
        return self._formula_hessian(p)

    def smoothness_at(self, point: ArrayLike) -> LocalSmoothness:
        """Whether f is differentiable at ``point``, and if not, what it is there (a kink,
        a jump, undefined) and its one-sided gradients (see :mod:`gradanim.core.smoothness`)."""
        p = self._point(point)

        def nearby(q: np.ndarray) -> tuple[float, np.ndarray]:
            return self.value(q), self._formula_gradient(q)

        return self.structure.at(p, self.value(p), self._formula_gradient(p), self._formula_hessian(p), nearby)

    def _arrays(self, coordinates: Sequence[ArrayLike]) -> tuple[list[np.ndarray], tuple[int, ...]]:
        if len(coordinates) != self.n_variables:
            raise OptionError(f"f({', '.join(self.names)}) needs {self.n_variables} coordinate arrays, got {len(coordinates)}")
        arrays = [np.asarray(c, dtype=float) for c in coordinates]
        return arrays, np.broadcast_shapes(*(a.shape for a in arrays))

    def value_on(self, *coordinates: ArrayLike) -> np.ndarray:
        """f on a grid: ``value_on(X, Y)`` has the broadcast shape of X and Y."""
        arrays, shape = self._arrays(coordinates)
        with np.errstate(all="ignore"):
            return _broadcast(self._value_fn(*arrays), shape)

    def gradient_on(self, *coordinates: ArrayLike) -> np.ndarray:
        """The gradient on a grid, shape (n, *grid_shape); nan where f has none."""
        arrays, shape = self._arrays(coordinates)
        with np.errstate(all="ignore"):
            out = np.stack([_broadcast(fn(*arrays), shape) for fn in self._gradient_fns])
        return self._fix_breaks(arrays, shape, out, "gradient")

    def hessian_on(self, *coordinates: ArrayLike) -> np.ndarray:
        """The Hessian on a grid, shape (n, n, *grid_shape); nan where it does not exist."""
        arrays, shape = self._arrays(coordinates)
        with np.errstate(all="ignore"):
            out = np.stack([np.stack([_broadcast(fn(*arrays), shape) for fn in row]) for row in self._hessian_fns])
        return self._fix_breaks(arrays, shape, out, "hessian")

    def _fix_breaks(self, arrays, shape, out: np.ndarray, what: str) -> np.ndarray:
        """Grid points on a non-smooth piece's break get the point-wise answer."""
        if self.structure.smooth:
            return out
        on_break = self.structure.active(arrays)
        if not on_break.any():
            return out
        full = np.broadcast_arrays(*arrays)
        lead = out.ndim - len(shape)
        for index in zip(*np.nonzero(on_break)):
            local = self.smoothness_at([a[index] for a in full])
            out[(slice(None),) * lead + index] = getattr(local, what)
        return out

    # --- local pictures ------------------------------------------------------------------

    def directional_derivative(self, point: ArrayLike, direction: ArrayLike) -> float:
        """D_u f = grad f . u for the unit vector u along ``direction``."""
        u = np.asarray(direction, dtype=float).reshape(-1)
        norm = float(np.linalg.norm(u))
        if u.shape != (self.n_variables,) or not np.isfinite(norm) or norm == 0.0:
            raise OptionError(f"a direction needs {self.n_variables} finite coordinates, not all zero")
        return float(self.gradient(point) @ (u / norm))

    def slice(self, variable: int | str, point: ArrayLike) -> Slice:
        """f along one variable with every other variable held at ``point``'s coordinates."""
        i = self.index(variable)
        p = self._point(point)
        fixed = {v: sympy.Integer(int(p[j])) if float(p[j]).is_integer() else sympy.Float(p[j])
                 for j, v in enumerate(self.variables) if j != i}
        return Slice(self, i, p, Objective(self.expr.subs(fixed), (self.variables[i],)))

    def tangent_plane(self, point: ArrayLike) -> TaylorModel:
        """The first-order model f(p) + grad f(p) . (x - p)."""
        p = self._point(point)
        return TaylorModel(p, self.value(p), self.gradient(p), None)

    def quadratic_model(self, point: ArrayLike) -> TaylorModel:
        """The second-order (Taylor) model f(p) + g.(x-p) + 1/2 (x-p)^T H (x-p)."""
        p = self._point(point)
        return TaylorModel(p, self.value(p), self.gradient(p), self.hessian(p))

    def model_error(self, model: TaylorModel, radius: float, samples: int = 720) -> float:
        """The largest |f - model| on the circle of ``radius`` around the model's point (two
        variables): how far the tangent plane or the quadratic model has parted from f there."""
        if self.n_variables != 2:
            raise OptionError("the error of a model on a circle needs a function of two variables")
        angle = np.linspace(0.0, 2 * np.pi, samples, endpoint=False)
        x = model.point[0] + radius * np.cos(angle)
        y = model.point[1] + radius * np.sin(angle)
        gap = np.abs(self.value_on(x, y) - model.value_on(x, y))
        return float(np.nanmax(gap)) if np.any(np.isfinite(gap)) else float("nan")

    def __repr__(self) -> str:
        return f"Objective({self.text!r}, variables={list(self.names)})"


@dataclass(frozen=True)
class Slice:
    """f restricted to one variable (the others held constant): a curve and its slope."""

    parent: Objective
    variable: int
    point: np.ndarray
    function: Objective

    @property
    def name(self) -> str:
        return self.parent.names[self.variable]

    def value_on(self, t: ArrayLike) -> np.ndarray:
        return self.function.value_on(t)

    def slope(self, t: float | None = None) -> float:
        """The slice's derivative, i.e. the partial derivative, at t (default: at the point)."""
        at = self.point[self.variable] if t is None else t
        return float(self.function.gradient([at])[0])


@dataclass(frozen=True)
class TaylorModel:
    """The tangent plane (``hessian`` None) or the quadratic model of f at ``point``."""

    point: np.ndarray
    value: float
    gradient: np.ndarray
    hessian: np.ndarray | None

    def value_on(self, *coordinates: ArrayLike) -> np.ndarray:
        arrays = np.broadcast_arrays(*(np.asarray(c, dtype=float) for c in coordinates))
        d = np.stack([a - p for a, p in zip(arrays, self.point)])
        out = self.value + np.tensordot(self.gradient, d, axes=1)
        if self.hessian is not None:
            out = out + 0.5 * np.einsum("i...,ij,j...->...", d, self.hessian, d)
        return np.asarray(out, dtype=float)
