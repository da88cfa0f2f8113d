"""Safe parsing of formulas written in lesson notation into sympy expressions.

``parse_formula("(1-x)^2 + 100(y-x^2)^2")`` reads the text with its own tokenizer and
recursive-descent parser and builds the sympy expression node by node. No user text ever
reaches ``eval``, ``exec``, ``sympify`` or ``parse_expr``: a name is only ever a variable,
a whitelisted constant (:data:`ALLOWED_CONSTANTS`) or a whitelisted function
(:data:`ALLOWED_FUNCTIONS`), and anything else is refused with a :class:`FormulaError`
that names the problem and its (0-based) position in the text.

Grammar, loosest binding first::

    expression := term (("+" | "-") term)*
    term       := signed (("*" | "/") signed | implicit)*
    implicit   := power          -- only when the next token is a name or "("
    signed     := ("+" | "-")* power
    power      := atom ("^" signed)?          -- "^" and "**" are the same operator
    atom       := number | name | function "(" arguments ")" | "(" expression ")"

Consequences worth knowing:

* ``-x^2`` is ``-(x^2)``; ``2^-1`` is ``1/2``; ``x^2^3`` is ``x^(2^3)`` (right-associative).
* Implicit multiplication binds exactly like ``*``, left to right: ``2x^2`` is ``2*(x^2)``,
  ``x/2y`` is ``(x/2)*y``, ``x^2y`` is ``(x^2)*y``, ``e^2x`` is ``(e^2)*x``.
* Implicit multiplication needs a name or ``(`` on its right: ``2x``, ``x y``, ``3(x+1)``,
  ``(x+1)(x-1)``, ``2sin(x)`` and ``x(y+1)`` (a product: variables are never called) are
  accepted; ``x 2`` and ``(x+1)2`` are refused as a missing operator.
* A number directly followed by ``e``/``E`` and digits is scientific notation:
  ``1.5e-3`` is ``3/2000``, while ``2e`` is ``2*e`` and ``2e-x`` is ``2*e - x``.
* Decimals are exact rationals (``0.1`` is ``1/10``), so exact calculus stays exact.
* Numbers are kept within ``1e-300 .. 1e300`` in size (what a float can hold) and numeric
  exponents within ``1000`` in size, so that ``9^9^9^9`` is refused at once instead of
  being computed.

Names: a known function or constant is that; with explicit ``variables`` any other name
must be one of them or split into them, and is then read as separate names (for variables
``x, y``: ``xy`` is ``x y``, so ``xy^2`` is ``x*y^2`` and ``x/xy`` is ``(x/x)*y``); without,
every other name is one variable (``price*ads``, ``xy``, ``theta``).
"""

from __future__ import annotations

import math
import re
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

import mpmath
import sympy

from .errors import FormulaError

__all__ = [
    "ALLOWED_CONSTANTS",
    "ALLOWED_FUNCTIONS",
    "FunctionSpec",
    "ParsedFormula",
    "parse_formula",
]

MAX_LENGTH = 500
"""Longest formula accepted, in characters."""
MAX_TOKENS = 400
"""Most tokens (numbers, names, operators, parentheses) in one formula."""
MAX_PAREN_DEPTH = 40
"""Deepest nesting of parentheses (function calls included)."""
MAX_NESTING = 32
"""Deepest chain of nested exponents, guarding the parser's recursion."""
MAX_NUMBER_LENGTH = 40
"""Longest number literal, in characters."""
MAX_LOG10 = 300
"""Numbers must stay within ``10**-MAX_LOG10 .. 10**MAX_LOG10`` in size (or be zero)."""
MAX_EXPONENT = 1000
"""Largest size of a numeric exponent."""
MAX_EXPONENT_DENOMINATOR = 10**12
"""Largest denominator of a fraction in an exponent: sympy cannot evaluate ``2^(1/10^200)``."""
MAX_SECONDS = 2.0
"""Safety net: a formula whose numbers keep sympy busy longer than this is refused."""


# --- whitelists ------------------------------------------------------------------------


class FunctionSpec(NamedTuple):
    """A whitelisted function: how to build it and how many arguments it takes."""

    function: Callable[..., sympy.Expr]
    min_args: int = 1
    max_args: int | None = 1
    """``None`` means no upper bound."""

    def accepts(self, count: int) -> bool:
        return count >= self.min_args and (self.max_args is None or count <= self.max_args)

    def arity(self) -> str:
        """The number of arguments in words: ``"1 argument"``, ``"1 or 2 arguments"``, ..."""
        low, high = self.min_args, self.max_args
        if high is None:
            return f"at least {low} arguments"
        if low == high:
            return f"{low} argument" + ("" if low == 1 else "s")
        return f"{low} or {high} arguments" if high == low + 1 else f"{low} to {high} arguments"


def _real_cube_root(value: sympy.Expr) -> sympy.Expr:
    """The real cube root (``cbrt(-8) = -2``), not sympy's principal complex root."""
    return sympy.real_root(value, 3)


ALLOWED_FUNCTIONS: Mapping[str, FunctionSpec] = MappingProxyType(
    {
        "sin": FunctionSpec(sympy.sin),
        "cos": FunctionSpec(sympy.cos),
        "tan": FunctionSpec(sympy.tan),
        "sec": FunctionSpec(sympy.sec),
        "csc": FunctionSpec(sympy.csc),
        "cot": FunctionSpec(sympy.cot),
        "asin": FunctionSpec(sympy.asin),
        "acos": FunctionSpec(sympy.acos),
        "atan": FunctionSpec(sympy.atan),
        "arcsin": FunctionSpec(sympy.asin),
        "arccos": FunctionSpec(sympy.acos),
        "arctan": FunctionSpec(sympy.atan),
        "sinh": FunctionSpec(sympy.sinh),
        "cosh": FunctionSpec(sympy.cosh),
        "tanh": FunctionSpec(sympy.tanh),
        "asinh": FunctionSpec(sympy.asinh),
        "acosh": FunctionSpec(sympy.acosh),
        "atanh": FunctionSpec(sympy.atanh),
        "exp": FunctionSpec(sympy.exp),
        "log": FunctionSpec(sympy.log, 1, 2),  # log(x) natural, log(x, base)
        "ln": FunctionSpec(sympy.log),
        "sqrt": FunctionSpec(sympy.sqrt),
        "cbrt": FunctionSpec(_real_cube_root),
        "abs": FunctionSpec(sympy.Abs),
        "sign": FunctionSpec(sympy.sign),
        "floor": FunctionSpec(sympy.floor),
        "ceiling": FunctionSpec(sympy.ceiling),
        "ceil": FunctionSpec(sympy.ceiling),
        "erf": FunctionSpec(sympy.erf),
        "atan2": FunctionSpec(sympy.atan2, 2, 2),
        "min": FunctionSpec(sympy.Min, 2, None),
        "max": FunctionSpec(sympy.Max, 2, None),
    }
)
"""Every function a formula may call, by name."""

ALLOWED_CONSTANTS: Mapping[str, sympy.Expr] = MappingProxyType(
    {"pi": sympy.pi, "π": sympy.pi, "e": sympy.E, "E": sympy.E}
)
"""Every named constant a formula may use (``e`` is Euler's number)."""


# --- result ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedFormula:
    """A parsed formula: the original text, its sympy expression and its variables in order.

    ``written`` is the same formula as written, for display only: an unevaluated sympy
    expression whose terms and factors keep the text's order and grouping (``y - x^2``
    stays ``y - x^2``, ``0.8`` stays ``0.8``), printed with ``order="none"``. Every
    computation uses ``expr``.
    """

    text: str
    expr: sympy.Expr
    variables: tuple[sympy.Symbol, ...]
    written: sympy.Expr | None = None


def parse_formula(text: str, variables: Sequence[str] | None = None) -> ParsedFormula:
    """Parse ``text`` (lesson notation, see the module docstring) into a sympy expression.

    ``variables`` gives the variable names in order; any other name in the text is an
    error unless it splits into them (``xy`` -> ``x*y``). A variable the formula does not
    use is fine. Without ``variables`` the variables are the expression's free symbols,
    sorted by name. Symbols are real (``sympy.Symbol(name, real=True)``).

    Raises :class:`FormulaError` with the position of the problem for anything else.
    """
    tokens = _tokenize(_check_text(text))
    names = _Names(_validate_variables(variables, text) if variables is not None else None)
    expr = _Parser(text, list(tokens), names).parse()
    written = _written(text, tokens, names)
    if names.explicit is not None:
        found = tuple(names.symbol(name) for name in names.explicit)
    else:
        found = tuple(sorted(expr.free_symbols, key=lambda symbol: symbol.name))
    return ParsedFormula(text=text, expr=expr, variables=found, written=written)


# --- text and variables ----------------------------------------------------------------

_VARIABLE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*", re.ASCII)


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise FormulaError(f"a formula must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(
            f"formula is too long ({len(text)} characters; the limit is {MAX_LENGTH})",
            text=text,
            position=MAX_LENGTH,
            token=text[MAX_LENGTH : MAX_LENGTH + 10],
        )
    if not text.strip():
        raise FormulaError("empty formula", text=text, position=0)
    return text


def _validate_variables(variables: object, text: str) -> tuple[str, ...]:
    """The given variable names, checked: identifiers, unique, not a function or constant."""
    if isinstance(variables, str) or not isinstance(variables, Sequence):
        raise FormulaError(
            f"variables must be a sequence of names such as ['x', 'y'], got {variables!r}", text=text
        )
    for name in variables:
        if not isinstance(name, str) or not _VARIABLE_NAME.fullmatch(name) or "__" in name:
            raise FormulaError(
                f"bad variable name {name!r}: use a letter followed by letters, digits or '_'",
                text=text,
                token=str(name),
            )
        if name in ALLOWED_FUNCTIONS or name in ALLOWED_CONSTANTS:
            kind = "function" if name in ALLOWED_FUNCTIONS else "constant"
            raise FormulaError(f"variable name {name!r} is the name of a {kind}", text=text, token=name)
    duplicates = sorted({name for name in variables if list(variables).count(name) > 1})
    if duplicates:
        raise FormulaError(f"variable {duplicates[0]!r} is given twice", text=text, token=duplicates[0])
    return tuple(variables)


class _Names:
    """The variables of one parse: the explicit list (or ``None``) and their symbols."""

    def __init__(self, explicit: tuple[str, ...] | None):
        self.explicit = explicit
        self._symbols: dict[str, sympy.Symbol] = {}

    def symbol(self, name: str) -> sympy.Symbol:
        if name not in self._symbols:
            self._symbols[name] = sympy.Symbol(name, real=True)
        return self._symbols[name]

    def split(self, name: str) -> list[str] | None:
        """``name`` as a sequence of explicit variable names (longest first), or ``None``."""
        choices = sorted(self.explicit or (), key=len, reverse=True)
        dead_ends: set[int] = set()

        def from_(start: int) -> list[str] | None:
            if start == len(name):
                return []
            if start in dead_ends:
                return None
            for choice in choices:
                if name.startswith(choice, start):
                    rest = from_(start + len(choice))
                    if rest is not None:
                        return [choice, *rest]
            dead_ends.add(start)
            return None

        return from_(0)


# --- tokens ----------------------------------------------------------------------------


class _Token(NamedTuple):
    kind: str
    """``"number"``, ``"name"``, ``"end"`` or the operator itself: ``+ - * / ^ ( ) ,``."""
    text: str
    """As written (``**`` for ``^``, ``−`` for ``-``, ...)."""
    position: int
    value: sympy.Rational | None = None


_NUMBER = re.compile(r"(?P<int>[0-9]*)(?:\.(?P<frac>[0-9]+))?(?:[eE](?P<exp>[+-]?[0-9]+))?", re.ASCII)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
_SYMBOLS = {
    "+": "+",
    "-": "-",
    "\u2212": "-",  # minus sign
    "*": "*",
    "\u00b7": "*",  # middle dot
    "\u22c5": "*",  # dot operator
    "\u00d7": "*",  # multiplication sign
    "/": "/",
    "\u00f7": "/",  # division sign
    "^": "^",
    "(": "(",
    ")": ")",
    ",": ",",
}
_HINTS = {
    "!": "factorial is not supported",
    "=": "write an expression, not an equation or a comparison",
    "<": "comparisons are not allowed",
    ">": "comparisons are not allowed",
    ";": "a formula is one expression",
    "[": "use ( ) for grouping",
    "]": "use ( ) for grouping",
    "{": "use ( ) for grouping",
    "}": "use ( ) for grouping",
    "%": "modulo is not supported",
    "|": "write abs(x) for |x|",
}


def _tokenize(text: str) -> list[_Token]:
    """Split ``text`` into tokens, refusing anything that is not part of the notation."""
    tokens: list[_Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if len(tokens) >= MAX_TOKENS:
            raise FormulaError(
                f"formula is too long (more than {MAX_TOKENS} tokens)", text=text, position=i, token=char
            )
        if char.isdigit() and char.isascii() or (char == "." and text[i + 1 : i + 2].isdigit()):
            token = _number_token(text, i)
        elif char.isalpha() and char.isascii() or char == "_":
            token = _name_token(text, i)
        elif char == "π":
            token = _Token("name", char, i)
        elif text.startswith("**", i):
            token = _Token("^", "**", i)
        elif char in _SYMBOLS:
            token = _Token(_SYMBOLS[char], char, i)
        else:
            raise _character_error(text, i)
        tokens.append(token)
        i += len(token.text)
    tokens.append(_Token("end", "", len(text)))
    return tokens


def _number_token(text: str, start: int) -> _Token:
    """The number literal at ``start``, as an exact rational."""
    match = _NUMBER.match(text, start)
    literal = match.group(0)
    if len(literal) > MAX_NUMBER_LENGTH:
        raise FormulaError(
            f"number is too long ({len(literal)} characters; the limit is {MAX_NUMBER_LENGTH})",
            text=text,
            position=start,
            token=literal[:20] + "...",
        )
    digits = (match.group("int") or "") + (match.group("frac") or "")
    scale = int(match.group("exp") or 0) - len(match.group("frac") or "")
    mantissa = int(digits)  # ASCII digits only, at most 40 of them
    value = None
    if mantissa == 0:
        value = sympy.Integer(0)
    elif -MAX_LOG10 <= math.log10(mantissa) + scale <= MAX_LOG10:  # before computing 10**scale
        value = sympy.Integer(mantissa) * sympy.Integer(10) ** scale
    if value is None or _too_many_digits(value):
        raise FormulaError(
            f"number out of range (numbers are limited to 1e-{MAX_LOG10} .. 1e{MAX_LOG10})",
            text=text,
            position=start,
            token=literal,
        )
    return _Token("number", literal, start, value)


def _name_token(text: str, start: int) -> _Token:
    name = _NAME.match(text, start).group(0)
    if name.startswith("_") or "__" in name:
        raise FormulaError(
            f"forbidden name {name!r} (names may not start with '_' or contain '__')",
            text=text,
            position=start,
            token=name,
        )
    return _Token("name", name, start)


def _character_error(text: str, i: int) -> FormulaError:
    """The error for a character that has no place in a formula."""
    char = text[i]
    if char in "'\"`":
        end = text.find(char, i + 1)
        literal = text[i : end + 1] if end != -1 else text[i:]
        return FormulaError("strings are not allowed", text=text, position=i, token=literal[:30])
    if char == ".":
        if text[i + 1 : i + 2].isalpha() or text[i + 1 : i + 2] == "_":
            return FormulaError("attribute access ('.') is not allowed", text=text, position=i, token=".")
        return FormulaError("a '.' must be followed by digits (write 2 or 2.0, not 2.)", text=text, position=i, token=".")
    if unicodedata.name(char, "").startswith("GREEK"):
        hint = "write Greek letters by name, e.g. alpha"
    else:
        hint = _HINTS.get(char, "")
    message = f"unexpected character {char!r}" + (f" ({hint})" if hint else "")
    return FormulaError(message, text=text, position=i, token=char)


# --- parser ----------------------------------------------------------------------------

_UNDEFINED = (sympy.S.ComplexInfinity, sympy.S.NaN, sympy.S.Infinity, sympy.S.NegativeInfinity)
# What sympy raises when asked to evaluate absurd numbers (deep recursion in evalf,
# "int too large to convert to float", "exceeds the limit for integer string conversion").
_SYMPY_FAILURES = (ArithmeticError, RecursionError, ValueError)


class _Parser:
    """Recursive descent over the tokens; builds and checks one sympy node at a time."""

    def __init__(self, text: str, tokens: list[_Token], names: _Names):
        self.text = text
        self.tokens = tokens
        self.names = names
        self.index = 0
        self.paren_depth = 0
        self.nesting = 0
        self.checker = _Checker()
        self.deadline = time.monotonic() + MAX_SECONDS

    # -- token helpers --

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def error(self, message: str, token: _Token) -> FormulaError:
        return FormulaError(message, text=self.text, position=token.position, token=token.text)

    # -- grammar --

    def parse(self) -> sympy.Expr:
        expr = self.expression()
        if self.current.kind != "end":
            raise self.unexpected(self.current)
        try:
            sympy.sstr(expr)  # sympy's printer evaluates numeric terms to order them
        except _SYMPY_FAILURES:
            raise FormulaError(
                "sympy cannot handle the numbers in this formula (too close to each other)",
                text=self.text,
                position=0,
            ) from None
        return expr

    def expression(self) -> sympy.Expr:
        left = self.term()
        while self.current.kind in ("+", "-"):
            op = self.advance()
            right = self.term()
            left = self.build(op, sympy.Add, left, right if op.kind == "+" else -right)
        return left

    def term(self) -> sympy.Expr:
        left = self.signed()
        while True:
            kind = self.current.kind
            if kind in ("*", "/"):
                op = self.advance()
                left = self.build(op, _divide if op.kind == "/" else sympy.Mul, left, self.signed())
            elif kind in ("name", "("):
                op = self.current
                left = self.build(op, sympy.Mul, left, self.power())
            elif kind == "number":
                previous = self.tokens[self.index - 1]
                raise self.error(f"missing operator between {previous.text!r} and {self.current.text!r}", self.current)
            else:
                return left

    def signed(self) -> sympy.Expr:
        negative = False
        while self.current.kind in ("+", "-"):
            negative ^= self.advance().kind == "-"
        operand = self.power()
        return -operand if negative else operand

    def power(self) -> sympy.Expr:
        base = self.atom()
        if self.current.kind != "^":
            return base
        op = self.advance()
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise self.error(f"too many nested exponents (the limit is {MAX_NESTING})", op)
        exponent = self.signed()
        self.nesting -= 1
        self.check_power(op, base, exponent)
        return self.build(op, sympy.Pow, base, exponent, too_large="exponent too large")

    def atom(self) -> sympy.Expr:
        token = self.current
        if token.kind == "number":
            self.advance()
            return token.value
        if token.kind == "name":
            self.advance()
            if token.text in ALLOWED_FUNCTIONS:
                return self.call(token)
            return self.resolve(token)
        if token.kind == "(":
            self.open_paren(self.advance())
            inner = self.expression()
            self.close_paren(token)
            return inner
        raise self.missing_operand(token)

    def call(self, name: _Token) -> sympy.Expr:
        spec = ALLOWED_FUNCTIONS[name.text]
        if self.current.kind != "(":
            raise self.error(f"function {name.text!r} needs parentheses, e.g. {name.text}(x)", name)
        paren = self.advance()
        self.open_paren(paren)
        arguments: list[sympy.Expr] = []
        if self.current.kind != ")":
            arguments.append(self.expression())
            while self.current.kind == ",":
                self.advance()
                arguments.append(self.expression())
        self.close_paren(paren)
        if not spec.accepts(len(arguments)):
            raise self.error(
                f"function {name.text!r} takes {spec.arity()}, got {len(arguments)}",
                name,
            )
        return self.build(name, spec.function, *arguments)

    def resolve(self, token: _Token) -> sympy.Expr:
        """A name that is not a function: a constant, a variable or a run of variables."""
        name = token.text
        if name in ALLOWED_CONSTANTS:
            return ALLOWED_CONSTANTS[name]
        explicit = self.names.explicit
        if explicit is None or name in explicit:
            return self.names.symbol(name)
        parts = self.names.split(name)
        if parts is None:
            listed = f"variables are {', '.join(explicit)}" if explicit else "there are no variables"
            raise self.error(f"unknown name {name!r} ({listed})", token)
        # Read "xy" as the two names "x y": then "xy^2" is x*y^2, as written on paper.
        offsets = [sum(len(part) for part in parts[:i]) for i in range(len(parts))]
        split = [_Token("name", part, token.position + offset) for part, offset in zip(parts, offsets)]
        self.tokens[self.index - 1 : self.index] = split
        return self.names.symbol(parts[0])

    # -- parentheses --

    def open_paren(self, paren: _Token) -> None:
        self.paren_depth += 1
        if self.paren_depth > MAX_PAREN_DEPTH:
            raise self.error(f"too deeply nested (the limit is {MAX_PAREN_DEPTH} levels of parentheses)", paren)

    def close_paren(self, paren: _Token) -> None:
        if self.current.kind == "end":
            raise self.error("unclosed '('", paren)
        if self.current.kind != ")":
            raise self.unexpected(self.current)
        self.advance()
        self.paren_depth -= 1

    # -- errors for misplaced tokens --

    def unexpected(self, token: _Token) -> FormulaError:
        if token.kind == ",":
            return self.error("unexpected ',' (commas only separate function arguments)", token)
        return self.error(f"unexpected {token.text!r}", token)

    def missing_operand(self, token: _Token) -> FormulaError:
        """The error when an expression should start at ``token`` but cannot."""
        if self.index == 0:
            return self.unexpected(token)
        previous = self.tokens[self.index - 1]
        if token.kind == "end":
            return self.error(f"expected an expression after {previous.text!r}", previous)
        return self.error(f"expected an expression after {previous.text!r}, got {token.text!r}", token)

    # -- building nodes --

    def check_power(self, op: _Token, base: sympy.Expr, exponent: sympy.Expr) -> None:
        """Refuse, before computing it, a power whose numbers would be huge."""
        if not exponent.is_number:
            return
        size = self.checker.log10_abs(exponent)
        if size is None or size > math.log10(MAX_EXPONENT):
            raise self.error("exponent too large", op)
        magnitude = abs(float(exponent)) if exponent.is_Rational else 10**size
        if magnitude > MAX_EXPONENT:
            raise self.error("exponent too large", op)
        if base.is_Rational and base != 0:
            digits = max(math.log10(abs(base.p)), math.log10(base.q))
            if magnitude * digits > MAX_LOG10:
                raise self.error("exponent too large", op)

    def build(
        self, token: _Token, function: Callable[..., sympy.Expr], *args: sympy.Expr, too_large: str = ""
    ) -> sympy.Expr:
        """``function(*args)``, refused at ``token`` when it is undefined or its numbers are huge.

        ``too_large`` replaces the message about huge numbers (``"exponent too large"``).
        """
        try:
            result = function(*args)
            problem = self.checker.problem(result)
        except _SYMPY_FAILURES:
            problem = "cannot evaluate this: its numbers are too large"
        if problem == _UNDEFINED_VALUE and token.kind in ("/", "^"):
            raise self.error("division by zero", token)
        if problem in (_TOO_LARGE, _TOO_SMALL) and too_large:
            raise self.error(too_large, token)
        if problem:
            raise self.error(problem, token)
        if time.monotonic() > self.deadline:
            raise self.error(f"formula takes too long to evaluate (more than {MAX_SECONDS:g} s)", token)
        return result


def _written(text: str, tokens: list[_Token], names: _Names) -> sympy.Expr | None:
    """The formula as written, or None if sympy will not build it unevaluated (it is only
    shown, so the parsed expression is shown instead; a valid formula never fails here)."""
    try:
        written = _WrittenParser(text, list(tokens), names).parse()
        sympy.latex(written, order="none")
    except Exception:  # noqa: BLE001 - display only: never let it refuse a valid formula
        return None
    return written


class _WrittenParser(_Parser):
    """The same grammar over text that :class:`_Parser` has accepted, building the formula
    as written: unevaluated sums and products in the text's order, decimals as written.
    Nothing is evaluated or checked (the accepting parse did that)."""

    def parse(self) -> sympy.Expr:
        return self.expression()

    def expression(self) -> sympy.Expr:
        terms = [self.term()]
        while self.current.kind in ("+", "-"):
            op = self.advance()
            term = self.term()
            terms.append(term if op.kind == "+" else _written_negative(term))
        return terms[0] if len(terms) == 1 else sympy.Add(*terms, evaluate=False)

    def term(self) -> sympy.Expr:
        factors: list[sympy.Expr] = []
        _written_factor(factors, self.signed())
        while True:
            kind = self.current.kind
            if kind in ("*", "/"):
                op = self.advance()
                _written_factor(factors, self.signed(), divide=op.kind == "/")
            elif kind in ("name", "("):
                _written_factor(factors, self.power())
            else:
                return factors[0] if len(factors) == 1 else sympy.Mul(*factors, evaluate=False)

    def signed(self) -> sympy.Expr:
        negative = False
        while self.current.kind in ("+", "-"):
            negative ^= self.advance().kind == "-"
        operand = self.power()
        return _written_negative(operand) if negative else operand

    def atom(self) -> sympy.Expr:
        token = self.current
        if token.kind == "number" and any(c in token.text for c in ".eE"):
            self.advance()
            return sympy.Float(token.text)  # printed as written: 0.8, not 4/5
        return super().atom()

    def check_power(self, op: _Token, base: sympy.Expr, exponent: sympy.Expr) -> None:
        pass

    def build(self, token: _Token, function, *args: sympy.Expr, too_large: str = "") -> sympy.Expr:
        if function is sympy.Pow:
            return sympy.Pow(*args, evaluate=False)
        if function is sympy.sqrt:
            return sympy.Pow(args[0], sympy.S.Half, evaluate=False)
        if function is _real_cube_root:
            return sympy.Pow(args[0], sympy.Rational(1, 3), evaluate=False)
        if function is sympy.log and len(args) == 2:  # log(x, b) = log(x) / log(b)
            return sympy.Mul(sympy.log(args[0], evaluate=False),
                             sympy.Pow(sympy.log(args[1], evaluate=False), -1, evaluate=False), evaluate=False)
        try:
            return function(*args, evaluate=False)
        except TypeError:  # a whitelisted function without the option
            return function(*args)


def _written_factor(factors: list[sympy.Expr], factor: sympy.Expr, divide: bool = False) -> None:
    """Append ``factor`` (or its reciprocal) to a written product: a product's own factors
    join the list (``-(x+y)/2`` is one product), and numbers next to each other are one
    number (``3/4 a^2`` is ``(3/4) a^2``, printed as a fraction)."""
    # (Only a leading product is opened up: "x*-y" keeps its "(-y)".)
    if factor.is_Number and factors and factors[-1].is_Number:
        factors[-1] = factors[-1] / factor if divide else factors[-1] * factor
        return
    if divide and factors == [sympy.S.One]:  # "1/(x^2 + y^2)" is one fraction, not 1 times one
        factors[0] = sympy.Pow(factor, -1, evaluate=False)
    elif divide:
        factors.append(sympy.Pow(factor, -1, evaluate=False))
    elif isinstance(factor, sympy.Mul) and not factors:  # "-(x+y)/2": the minus leads
        for part in factor.args:
            _written_factor(factors, part)
    else:
        factors.append(factor)


def _written_negative(term: sympy.Expr) -> sympy.Expr:
    """``-term`` as written: a minus in front of the term (its leading number negated)."""
    if term.is_Number:
        return -term
    factors = list(term.args) if isinstance(term, sympy.Mul) else [term]
    if factors[0].is_Number:
        factors[0] = -factors[0]
        if factors[0] == 1 and len(factors) > 1:  # "- -y" is "y"
            factors.pop(0)
    else:
        factors.insert(0, sympy.S.NegativeOne)
    return sympy.Mul(*factors, evaluate=False)


def _divide(numerator: sympy.Expr, denominator: sympy.Expr) -> sympy.Expr:
    return numerator / denominator


_TOO_LARGE = f"number too large (numbers are limited to 1e{MAX_LOG10})"
_TOO_SMALL = f"number too small (numbers are limited to 1e-{MAX_LOG10})"
_UNDEFINED_VALUE = "undefined value (the result is not a finite number)"
_TOO_PRECISE = "exponent too precise (a fraction in an exponent may have a denominator up to 10^12)"


def _too_many_digits(rational: sympy.Rational) -> bool:
    return rational != 0 and max(math.log10(abs(rational.p)), math.log10(rational.q)) > MAX_LOG10


class _Unbounded(ArithmeticError):
    """A value too far out of range to evaluate anything from it."""

    def __init__(self, log10: float):
        super().__init__(f"a number of about 1e{log10:.0f}")
        self.log10 = log10


# mpmath twins of the sympy functions a parsed formula can hold.
_MPMATH_FUNCTIONS: dict[type, Callable] = {
    sympy.sin: mpmath.sin,
    sympy.cos: mpmath.cos,
    sympy.tan: mpmath.tan,
    sympy.sec: mpmath.sec,
    sympy.csc: mpmath.csc,
    sympy.cot: mpmath.cot,
    sympy.asin: mpmath.asin,
    sympy.acos: mpmath.acos,
    sympy.atan: mpmath.atan,
    sympy.sinh: mpmath.sinh,
    sympy.cosh: mpmath.cosh,
    sympy.tanh: mpmath.tanh,
    sympy.asinh: mpmath.asinh,
    sympy.acosh: mpmath.acosh,
    sympy.atanh: mpmath.atanh,
    sympy.exp: mpmath.exp,
    sympy.log: mpmath.log,
    sympy.erf: mpmath.erf,
    sympy.floor: mpmath.floor,
    sympy.ceiling: mpmath.ceil,
    sympy.Abs: abs,
    sympy.sign: mpmath.sign,
    sympy.atan2: mpmath.atan2,
    sympy.Min: min,
    sympy.Max: max,
}


class _Checker:
    """Checks each node the parser builds: nothing undefined, no number too large or small.

    A subtree already checked is not visited again. The size of a numeric value comes from
    a fixed, low-precision mpmath evaluation: only its order of magnitude matters, and
    unlike sympy's adaptive ``evalf`` the cost does not depend on how hard the value is to
    pin down. As every node is checked when it is built, the arguments met here are
    already of sane size; values are remembered for the whole parse.
    """

    PRECISION = 64
    """Bits of working precision."""
    GIVE_UP = 10_000
    """A value beyond ``2**±GIVE_UP`` stops the evaluation (nothing is computed from it)."""

    def __init__(self) -> None:
        self._values: dict[sympy.Expr, mpmath.mpf | mpmath.mpc] = {}
        self._checked: set[sympy.Basic] = set()

    def problem(self, expr: sympy.Expr) -> str:
        """What is wrong with the freshly built ``expr``, or ``""``."""
        nodes = self._new_nodes(expr)
        if any(node in _UNDEFINED for node in nodes):
            return _UNDEFINED_VALUE
        if any(node.is_Rational and _too_many_digits(node) for node in nodes):
            return _TOO_LARGE
        if any(node.is_Pow and node.exp.is_Rational and node.exp.q > MAX_EXPONENT_DENOMINATOR for node in nodes):
            return _TOO_PRECISE
        if not expr.is_number or expr.is_Rational:
            return ""
        log10 = self.log10_abs(expr)
        if log10 is None or log10 > MAX_LOG10:
            return _TOO_LARGE
        if -math.inf < log10 < -MAX_LOG10:
            return _TOO_SMALL
        return ""

    def log10_abs(self, expr: sympy.Expr) -> float | None:
        """``log10 |expr|`` of a numeric expression, ``-inf`` for zero, ``None`` if unbounded."""
        if expr.is_Rational:
            return -math.inf if expr == 0 else math.log10(abs(expr.p)) - math.log10(expr.q)
        try:
            with mpmath.workprec(self.PRECISION):
                value = self._value(expr)
                return -math.inf if value == 0 else float(mpmath.log10(abs(value)))
        except _Unbounded as unbounded:
            return unbounded.log10
        except (ArithmeticError, RecursionError, ValueError, TypeError):
            return None

    def _new_nodes(self, expr: sympy.Basic) -> list[sympy.Basic]:
        """The nodes of ``expr`` outside the subtrees already checked; marks them checked."""
        nodes: list[sympy.Basic] = []
        stack = [expr]
        while stack:
            node = stack.pop()
            if node not in self._checked:
                self._checked.add(node)
                nodes.append(node)
                stack.extend(node.args)
        return nodes

    def _value(self, expr: sympy.Expr) -> mpmath.mpf | mpmath.mpc:
        if expr in self._values:
            return self._values[expr]
        try:
            value = self._evaluate(expr)
        except (ArithmeticError, ValueError, TypeError) as failure:
            if isinstance(failure, _Unbounded):
                raise
            value = self._evaluate_with_sympy(expr)
        if not mpmath.isfinite(value):
            raise _Unbounded(math.inf)
        if value != 0 and abs(mpmath.mag(value)) > self.GIVE_UP:
            raise _Unbounded(float(mpmath.log10(abs(value))))
        self._values[expr] = value
        return value

    def _evaluate(self, expr: sympy.Expr) -> mpmath.mpf | mpmath.mpc:
        if expr.is_Rational:
            return mpmath.mpf(expr.p) / expr.q
        if expr is sympy.pi:
            return +mpmath.pi
        if expr is sympy.E:
            return +mpmath.e
        if expr is sympy.I:
            return mpmath.mpc(0, 1)
        args = [self._value(arg) for arg in expr.args]
        if isinstance(expr, sympy.Add):
            return mpmath.fsum(args)
        if isinstance(expr, sympy.Mul):
            return mpmath.fprod(args)
        if isinstance(expr, sympy.Pow):
            return mpmath.power(*args)
        if expr.func in _MPMATH_FUNCTIONS:
            return _MPMATH_FUNCTIONS[expr.func](*args)
        return self._evaluate_with_sympy(expr)

    @staticmethod
    def _evaluate_with_sympy(expr: sympy.Expr) -> mpmath.mpf | mpmath.mpc:
        """The fallback for a node mpmath has no twin for: a short, capped ``evalf``."""
        real, imaginary = expr.evalf(3, maxn=30).as_real_imag()
        if not (real.is_Number and imaginary.is_Number):
            raise ValueError(f"cannot evaluate {str(expr)[:40]}")
        return mpmath.mpc(mpmath.mpmathify(real), mpmath.mpmathify(imaginary))
