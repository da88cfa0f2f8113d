"""Tests of gradanim.core.parsing: lesson notation, precedence, variables, hostile input.

Expected expressions are built by hand with sympy (never by parsing text), and compared
with ``_same``: structural equality or a zero difference after simplification.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import math
import time
from dataclasses import dataclass, replace

import pytest
import sympy
from hypothesis import HealthCheck, assume, given, note, settings
from hypothesis import strategies as st

from gradanim.core import parsing
from gradanim.core.errors import FormulaError
from gradanim.core.parsing import ALLOWED_CONSTANTS, ALLOWED_FUNCTIONS, ParsedFormula, parse_formula

x, y, z = sympy.symbols("x y z", real=True)
R = sympy.Rational


def _same(a: sympy.Expr, b: sympy.Expr) -> bool:
    return a == b or sympy.simplify(a - b) == 0


def _expr(text: str, variables=None) -> sympy.Expr:
    return parse_formula(text, variables).expr


def _error(text: str, variables=None) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        parse_formula(text, variables)
    return caught.value


# --- notation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x^2 + 3y^2", x**2 + 3 * y**2),
        ("x**2*y/2", x**2 * y / 2),
        ("sin(x)*exp(-y)", sympy.sin(x) * sympy.exp(-y)),
        ("(1-x)^2 + 100(y-x^2)^2", (1 - x) ** 2 + 100 * (y - x**2) ** 2),
        ("2x y", 2 * x * y),
        ("x y", x * y),
        ("3(x+1)", 3 * (x + 1)),
        ("(x+1)(x-1)", (x + 1) * (x - 1)),
        ("2sin(x)", 2 * sympy.sin(x)),
        ("x(y+1)", x * (y + 1)),
        ("sin(x)cos(y)", sympy.sin(x) * sympy.cos(y)),
        ("2(3)", sympy.Integer(6)),
        ("1.5e-3", R(3, 2000)),
        ("3E5", sympy.Integer(300000)),
        (".5", R(1, 2)),
        ("0.1 + 0.2", R(3, 10)),
        ("2.50", R(5, 2)),
        ("pi", sympy.pi),
        ("π", sympy.pi),
        ("e", sympy.E),
        ("E", sympy.E),
        ("e^x", sympy.exp(x)),
        ("2e", 2 * sympy.E),
        ("2e-x", 2 * sympy.E - x),
        ("x − y", x - y),
        ("x·y × z", x * y * z),
        ("x ÷ 2", x / 2),
        ("  x\t+\n y  ", x + y),
        ("+x", x),
        ("--x", x),
        ("x - -y", x + y),
        ("x * -y", -x * y),
    ],
)
def test_notation(text, expected):
    parsed = _expr(text)
    assert _same(parsed, expected), (text, parsed)


def test_decimals_are_exact_rationals():
    assert _expr("0.1") == R(1, 10)
    assert isinstance(_expr("0.1"), sympy.Rational)
    assert _expr("1.5e-3") == R(3, 2000)
    assert _expr("12.5e2") == sympy.Integer(1250)
    assert not _expr("0.1*x^2").atoms(sympy.Float)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-x^2", -(x**2)),
        ("-2^2", sympy.Integer(-4)),
        ("2^-1", R(1, 2)),
        ("x^-2", x**-2),
        ("x ** -2", x**-2),
        ("x^2^3", x**8),  # right-associative: x^(2^3)
        ("2^3^2", sympy.Integer(512)),
        ("x^y^z", x ** (y**z)),
        ("2x^2", 2 * x**2),
        ("x/2y", x * y / 2),  # implicit multiplication binds like '*', left to right
        ("x/2*y", x * y / 2),
        ("x^2y", x**2 * y),
        ("x^-2y", y / x**2),
        ("e^2x", sympy.exp(2) * x),
        ("e^-x^2", sympy.exp(-(x**2))),
        ("2 -x", 2 - x),
        ("x(y+1)^2", x * (y + 1) ** 2),
        ("2sin(x)^2", 2 * sympy.sin(x) ** 2),
        ("1 - 2 - 3", sympy.Integer(-4)),
        ("12 / 2 / 3", sympy.Integer(2)),
        ("2 + 3 * 4", sympy.Integer(14)),
    ],
)
def test_precedence(text, expected):
    parsed = _expr(text)
    assert _same(parsed, expected), (text, parsed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sin(x)+cos(x)+tan(x)", sympy.sin(x) + sympy.cos(x) + sympy.tan(x)),
        ("sec(x)+csc(x)+cot(x)", sympy.sec(x) + sympy.csc(x) + sympy.cot(x)),
        ("asin(x)+acos(x)+atan(x)", sympy.asin(x) + sympy.acos(x) + sympy.atan(x)),
        ("arcsin(x)+arccos(x)+arctan(x)", sympy.asin(x) + sympy.acos(x) + sympy.atan(x)),
        ("sinh(x)+cosh(x)+tanh(x)", sympy.sinh(x) + sympy.cosh(x) + sympy.tanh(x)),
        ("asinh(x)+acosh(x)+atanh(x)", sympy.asinh(x) + sympy.acosh(x) + sympy.atanh(x)),
        ("exp(x) + log(x) + ln(y)", sympy.exp(x) + sympy.log(x) + sympy.log(y)),
        ("log(x, 2)", sympy.log(x) / sympy.log(2)),
        ("log(8, 2)", sympy.Integer(3)),
        ("sqrt(x^2 + y^2)", sympy.sqrt(x**2 + y**2)),
        ("abs(x) + sign(y)", sympy.Abs(x) + sympy.sign(y)),
        ("floor(x) + ceiling(y) + ceil(x)", sympy.floor(x) + sympy.ceiling(y) + sympy.ceiling(x)),
        ("atan2(y, x)", sympy.atan2(y, x)),
        ("min(x, y)", sympy.Min(x, y)),
        ("max(x, y, 1)", sympy.Max(x, y, 1)),
        ("erf(x)", sympy.erf(x)),
        ("cbrt(-8)", sympy.Integer(-2)),
        ("cbrt(27)", sympy.Integer(3)),
        ("exp(exp(exp(exp(x))))", sympy.exp(sympy.exp(sympy.exp(sympy.exp(x))))),
    ],
)
def test_functions(text, expected):
    parsed = _expr(text)
    assert _same(parsed, expected), (text, parsed)


def test_cbrt_is_the_real_cube_root():
    root = _expr("cbrt(x)")
    assert float(root.subs(x, -8)) == pytest.approx(-2.0)
    assert float(root.subs(x, 27)) == pytest.approx(3.0)


def test_whitelists():
    for name in (
        "sin cos tan sec csc cot asin acos atan sinh cosh tanh asinh acosh atanh exp log ln "
        "sqrt abs sign floor ceiling ceil atan2 min max cbrt erf"
    ).split():
        assert name in ALLOWED_FUNCTIONS, name
    assert ALLOWED_FUNCTIONS["sin"].function is sympy.sin
    assert ALLOWED_FUNCTIONS["log"].accepts(1) and ALLOWED_FUNCTIONS["log"].accepts(2)
    assert not ALLOWED_FUNCTIONS["log"].accepts(3)
    assert ALLOWED_FUNCTIONS["atan2"].arity() == "2 arguments"
    assert ALLOWED_FUNCTIONS["max"].accepts(5) and not ALLOWED_FUNCTIONS["max"].accepts(1)
    assert ALLOWED_CONSTANTS["pi"] == sympy.pi
    assert ALLOWED_CONSTANTS["e"] == sympy.E == ALLOWED_CONSTANTS["E"]
    with pytest.raises(TypeError):
        ALLOWED_FUNCTIONS["eval"] = ALLOWED_FUNCTIONS["sin"]  # read-only


# --- variables -------------------------------------------------------------------------


def test_result_type_and_real_symbols():
    parsed = parse_formula("x^2 + y")
    assert isinstance(parsed, ParsedFormula)
    assert parsed.text == "x^2 + y"
    assert parsed.variables == (x, y)
    assert all(v.is_real for v in parsed.variables)
    with pytest.raises(AttributeError):
        parsed.text = "other"  # frozen


def test_variables_default_to_alphabetical_order():
    assert parse_formula("y + x").variables == (x, y)
    assert parse_formula("b*z + a").variables == sympy.symbols("a b z", real=True)
    assert parse_formula("price*ads").variables == sympy.symbols("ads price", real=True)
    assert parse_formula("3 + pi").variables == ()


def test_explicit_variables_keep_their_order():
    parsed = parse_formula("x + y", ["y", "x"])
    assert parsed.variables == (y, x)
    assert parse_formula("x^2", ["x", "y"]).variables == (x, y)  # unused variable is fine
    assert parse_formula("1", ["x"]).variables == (x,)


def test_multi_letter_names():
    # Without explicit variables an unknown name is one variable, even made of single letters.
    assert _expr("xy") == sympy.Symbol("xy", real=True)
    assert parse_formula("xy + x").variables == (x, sympy.Symbol("xy", real=True))
    # With explicit variables a name splits into them.
    assert _expr("xy", ["x", "y"]) == x * y
    assert _expr("2xy^2", ["x", "y"]) == 2 * x * y**2
    assert _expr("xyx", ["x", "y"]) == x**2 * y
    assert _expr("xy(x+1)", ["x", "y"]) == x * y * (x + 1)
    assert _expr("x/xy", ["x", "y"]) == y  # split names are separate factors: (x/x)*y
    assert _expr("xy", ["x", "xy", "y"]) == sympy.Symbol("xy", real=True)  # a name wins
    a, b = sympy.symbols("a b", real=True)
    assert _expr("ab + b", ["a", "b"]) == a * b + b


def test_greek_names_are_variables():
    theta, lam, alpha = sympy.symbols("theta lambda alpha", real=True)
    assert _expr("theta^2 + lambda") == theta**2 + lam
    assert parse_formula("alpha*x + theta", ["x", "alpha", "theta"]).variables == (x, alpha, theta)
    assert _expr("sigma mu") == sympy.Symbol("sigma", real=True) * sympy.Symbol("mu", real=True)


def test_unknown_names_with_explicit_variables():
    error = _error("x + z", ["x", "y"])
    assert error.message == "unknown name 'z' (variables are x, y)"
    assert (error.position, error.token) == (4, "z")
    assert _error("xyz", ["x", "y"]).message.startswith("unknown name 'xyz'")
    assert _error("alpha x", ["x"]).position == 0
    assert "there are no variables" in _error("x", []).message


@pytest.mark.parametrize(
    ("variables", "bad"),
    [(["_x"], "_x"), (["2x"], "2x"), (["x y"], "x y"), (["a__b"], "a__b"), ([""], ""), (["sin"], "sin"), (["e"], "e")],
)
def test_bad_variable_names_are_named(variables, bad):
    error = _error("x", variables)
    assert repr(bad) in error.message


def test_variables_must_be_a_sequence_of_distinct_names():
    assert "sequence" in _error("x", "xy").message
    assert "twice" in _error("x", ["x", "x"]).message


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "position", "token"),
    [
        ("", "empty formula", 0, ""),
        ("   ", "empty formula", 0, ""),
        ("x + )", "expected an expression after '+', got ')'", 4, ")"),
        ("x)", "unexpected ')'", 1, ")"),
        (")x", "unexpected ')'", 0, ")"),
        ("*x", "unexpected '*'", 0, "*"),
        ("(x + 1", "unclosed '('", 0, "("),
        ("sin((x)", "unclosed '('", 3, "("),
        ("x^", "expected an expression after '^'", 1, "^"),
        ("x + * y", "expected an expression after '+', got '*'", 4, "*"),
        ("()", "expected an expression after '(', got ')'", 1, ")"),
        ("x 2", "missing operator between 'x' and '2'", 2, "2"),
        ("(x+1)2", "missing operator between ')' and '2'", 5, "2"),
        ("x, y", "unexpected ',' (commas only separate function arguments)", 1, ","),
        ("sin(x, y)", "function 'sin' takes 1 argument, got 2", 0, "sin"),
        ("1 + sin()", "function 'sin' takes 1 argument, got 0", 4, "sin"),
        ("atan2(x)", "function 'atan2' takes 2 arguments, got 1", 0, "atan2"),
        ("max(x)", "function 'max' takes at least 2 arguments, got 1", 0, "max"),
        ("log(x, 2, 3)", "function 'log' takes 1 or 2 arguments, got 3", 0, "log"),
        ("sin x", "function 'sin' needs parentheses, e.g. sin(x)", 0, "sin"),
        ("1/0", "division by zero", 1, "/"),
        ("x/(y - y)", "division by zero", 1, "/"),
        ("0^-1", "division by zero", 1, "^"),
        ("log(0)", "undefined value (the result is not a finite number)", 0, "log"),
        ("tan(pi/2)", "undefined value (the result is not a finite number)", 0, "tan"),
        ("2.", "a '.' must be followed by digits (write 2 or 2.0, not 2.)", 1, "."),
        ("α + 1", "unexpected character 'α' (write Greek letters by name, e.g. alpha)", 0, "α"),
        ("x % 2", "unexpected character '%' (modulo is not supported)", 2, "%"),
        ("|x|", "unexpected character '|' (write abs(x) for |x|)", 0, "|"),
    ],
)
def test_error_messages_and_positions(text, message, position, token):
    error = _error(text)
    assert error.message == message
    assert (error.position, error.token) == (position, token)
    assert error.text == text


def test_error_string_names_position_and_token():
    error = _error("x + $")
    # FormulaError shows the position 1-based for people; .position is the 0-based index.
    assert error.position == 4
    assert str(error) == "unexpected character '$' at position 5 ('$')"
    assert "^" in error.pointer()


def test_unknown_function_like_name_is_a_variable_times_a_group():
    # No names are ever called except whitelisted functions: foo(x) is foo*x.
    foo = sympy.Symbol("foo", real=True)
    assert _expr("foo(x)") == foo * x
    assert "unknown name 'foo'" in _error("foo(x)", ["x"]).message


# --- hostile input ---------------------------------------------------------------------


def _refused_quickly(text: str, seconds: float = 0.5) -> FormulaError:
    start = time.perf_counter()
    error = _error(text)
    elapsed = time.perf_counter() - start
    assert elapsed < seconds, f"{text[:40]!r} took {elapsed:.2f} s"
    assert error.position is not None and str(error.position + 1) in str(error)
    return error


@pytest.mark.parametrize(
    ("text", "message", "position", "token"),
    [
        ("__import__('os').system('ls')", "forbidden name", 0, "__import__"),
        ("x.__class__", "attribute access ('.') is not allowed", 1, "."),
        ("(x).real", "attribute access ('.') is not allowed", 3, "."),
        ("x._y", "attribute access ('.') is not allowed", 1, "."),
        ("lambda: 1", "unexpected character ':'", 6, ":"),
        ('"x"', "strings are not allowed", 0, '"x"'),
        ("'x'", "strings are not allowed", 0, "'x'"),
        ("x + 'os'", "strings are not allowed", 4, "'os'"),
        ("x; import os", "unexpected character ';'", 1, ";"),
        ("x[0]", "unexpected character '['", 1, "["),
        ("{x}", "unexpected character '{'", 0, "{"),
        ("x == 1", "unexpected character '='", 2, "="),
        ("x < 1", "unexpected character '<'", 2, "<"),
        ("x!", "unexpected character '!'", 1, "!"),
        ("x = 1", "unexpected character '='", 2, "="),
        ("x @ y", "unexpected character '@'", 2, "@"),
        ("_x + 1", "forbidden name", 0, "_x"),
        ("a__b", "forbidden name", 0, "a__b"),
        ("9^9^9^9", "exponent too large", 3, "^"),
        ("10^10000", "exponent too large", 2, "^"),
        ("2**2**2**2**2**2", "exponent too large", 4, "**"),
        ("x^100000", "exponent too large", 1, "^"),
        ("x^(10^300)", "exponent too large", 1, "^"),
        ("2^1000", "exponent too large", 1, "^"),
        ("pi^1000", "exponent too large", 2, "^"),
        ("(1/3)^1000", "exponent too large", 5, "^"),
        ("1e999999999", "number out of range", 0, "1e999999999"),
        ("0e-999999999 + 1e-999999999", "number out of range", 15, "1e-999999999"),
        ("1" * 41, "number is too long", 0, None),
        ("exp(1000)", "number too large", 0, "exp"),
        ("exp(-10^300)", "number too small", 0, "exp"),
        ("floor(exp(exp(exp(10))))", "number too large", 10, "exp"),
        ("x*10^300*10^300", "number too large", 8, "*"),
        ("floor(1e300^(10^-300))", "exponent too precise", 11, "^"),
        ("(x^(1/10^7))^(1/10^7)", "exponent too precise", 12, "^"),
    ],
)
def test_hostile_input_is_refused_quickly(text, message, position, token):
    error = _refused_quickly(text)
    assert error.message.startswith(message), error.message
    assert error.position == position
    if token is not None:
        assert error.token == token
        assert repr(token) in str(error)


def test_limits_on_size():
    long = _refused_quickly("x + " * 2500)
    assert long.message == "formula is too long (10000 characters; the limit is 500)"
    assert long.position == 500
    nested = _refused_quickly("(" * 1000 + "x" + ")" * 1000)
    assert nested.message.startswith("formula is too long")
    deep = _refused_quickly("(" * 41 + "x" + ")" * 41)
    assert deep.message.startswith("too deeply nested") and deep.position == 40
    assert _expr("(" * 40 + "x" + ")" * 40) == x
    assert _expr("sin(" * 20 + "x" + ")" * 20).has(sympy.sin)
    tokens = _refused_quickly("x+" * 201 + "x")
    assert tokens.message == "formula is too long (more than 400 tokens)" and tokens.position == 400
    towers = _refused_quickly("x^" * 40 + "x")
    assert towers.message.startswith("too many nested exponents")
    assert _expr("-" * 300 + "x") == x


def test_large_but_sane_numbers_are_kept():
    assert _expr("10^300") == sympy.Integer(10) ** 300
    assert _expr("x^1000") == x**1000
    assert _expr("exp(690)") == sympy.exp(690)
    assert _expr("1e-300 x") == x / sympy.Integer(10) ** 300
    assert _expr("2^996") == sympy.Integer(2) ** 996


def test_never_evaluates_text(monkeypatch):
    """With eval, exec and sympy's string parser sabotaged, parsing still works."""

    def refuse(*args, **kwargs):
        raise AssertionError("evaluated text")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", refuse)
    assert _same(_expr("(1-x)^2 + 100(y-x^2)^2 + sin(x)exp(-y) + log(x, 2) + max(x, y, pi)"),
                 (1 - x) ** 2 + 100 * (y - x**2) ** 2 + sympy.sin(x) * sympy.exp(-y)
                 + sympy.log(x) / sympy.log(2) + sympy.Max(x, y, sympy.pi))
    with pytest.raises(FormulaError):
        parse_formula("__import__('os').system('ls')")


def test_module_calls_no_evaluator():
    """The parser's source calls none of eval, exec, compile, sympify, parse_expr, S."""
    forbidden_names = {"eval", "exec", "compile", "__import__", "getattr", "sympify", "parse_expr", "S"}
    forbidden_attributes = {"eval", "exec", "sympify", "parse_expr", "S"}
    tree = ast.parse(inspect.getsource(parsing))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                assert func.id not in forbidden_names, f"line {node.lineno} calls {func.id}"
            elif isinstance(func, ast.Attribute):
                assert func.attr not in forbidden_attributes, f"line {node.lineno} calls .{func.attr}"


def test_not_text():
    with pytest.raises(FormulaError, match="must be text"):
        parse_formula(42)


# --- the formula as written, for display --------------------------------------------------


@pytest.mark.parametrize(
    "text, variables, shown",
    [
        ("(1-x)^2 + 100(y-x^2)^2", None, r"\left(1 - x\right)^{2} + 100 \left(y - x^{2}\right)^{2}"),
        ("90a + 65q - 3/4 a^2 - 1/2 q^2 - 1/2 a q", ["a", "q"],
         r"90 a + 65 q - \frac{3 a^{2}}{4} - \frac{q^{2}}{2} - \frac{a q}{2}"),
        ("2*x*exp(-(x^2 + y^2)/2) + y/4", None, r"2 x e^{- \frac{x^{2} + y^{2}}{2}} + \frac{y}{4}"),
        ("0.8exp(-(x+1.8)^2) + 1e-3 y", None, r"0.8 e^{- \left(x + 1.8\right)^{2}} + 0.001 y"),
        ("x*-y + x - -y", None, r"x \left(- y\right) + x + y"),
        ("log(x, 2) + cbrt(y + 3)", None, r"\frac{\log{\left(x \right)}}{\log{\left(2 \right)}} + \sqrt[3]{y + 3}"),
        # One over something is one fraction (it printed as "1 1/(x^2 + y^2)", a 1 times a fraction).
        ("1/(x^2+y^2)", None, r"\frac{1}{x^{2} + y^{2}}"),
        ("x - 1/(1 + y^2) + 1/x/y", None, r"x - \frac{1}{1 + y^{2}} + \frac{1}{x y}"),
    ],
)
def test_written_form_keeps_the_texts_order_and_decimals(text, variables, shown):
    formula = parse_formula(text, variables)
    assert sympy.latex(formula.written, order="none") == shown
    for point in _POINTS:  # and it is the same function
        expected, got = _value(formula.expr, point), _value(formula.written.doit(), point)
        if expected is not None:
            assert got is not None and abs(got - expected) <= 1e-12 * max(1.0, abs(expected))


def test_a_written_form_sympy_cannot_build_falls_back_to_the_parsed_expression(monkeypatch):
    from gradanim.core import parsing

    def refuse(self):
        raise ValueError("no")

    monkeypatch.setattr(parsing._WrittenParser, "parse", refuse)
    formula = parse_formula("(1-x)^2 + y")
    assert formula.written is None and formula.expr == (1 - x) ** 2 + y
    monkeypatch.undo()
    assert parse_formula("(0^0)^-2").written is None  # sympy cannot print this one unevaluated
    assert parse_formula("(0^0)^-2").expr == 1


# --- round trip: random expressions printed in lesson notation parse back ------------------

ADD, MUL, UNARY, POWER, ATOM = 1, 2, 3, 4, 5


@dataclass(frozen=True)
class _Printed:
    """A generated expression: its text in our notation, its precedence and sympy value."""

    text: str
    precedence: int
    expr: sympy.Expr
    undefined: bool = False  # some part of it divides by zero


def _wrap(node: _Printed, precedence: int) -> str:
    return node.text if node.precedence >= precedence else f"({node.text})"


def _checked(node: _Printed, *parts: _Printed) -> _Printed:
    bad = any(p.undefined for p in parts) or node.expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo)
    return replace(node, undefined=bad)


_DECIMALS = [("0.5", R(1, 2)), (".5", R(1, 2)), ("1.25", R(5, 4)), ("2.5e-1", R(1, 4)), ("3e1", sympy.Integer(30))]
_leaves = st.one_of(
    st.integers(0, 9).map(lambda n: _Printed(str(n), ATOM, sympy.Integer(n))),
    st.sampled_from(_DECIMALS).map(lambda d: _Printed(d[0], ATOM, d[1])),
    st.sampled_from([_Printed("x", ATOM, x), _Printed("y", ATOM, y), _Printed("pi", ATOM, sympy.pi)]),
)


def _sum(args) -> _Printed:
    a, b, op, space = args
    gap = " " if space else ""
    expr = a.expr + b.expr if op == "+" else a.expr - b.expr
    return _checked(_Printed(f"{_wrap(a, ADD)}{gap}{op}{gap}{_wrap(b, MUL)}", ADD, expr), a, b)


def _product(args) -> _Printed:
    a, b, op, space = args
    left = _wrap(a, MUL)
    if op == "" and b.precedence >= POWER and (b.text[0].isalpha() or b.text[0] == "("):
        gap = " " if (left[-1].isalpha() or space) else ""
        return _checked(_Printed(f"{left}{gap}{b.text}", MUL, a.expr * b.expr), a, b)
    op = op or "*"
    expr = a.expr / b.expr if op == "/" else a.expr * b.expr
    gap = " " if space else ""
    return _checked(_Printed(f"{left}{gap}{op}{gap}{_wrap(b, UNARY)}", MUL, expr), a, b)


def _power(args) -> _Printed:
    base, exponent, op = args
    return _checked(_Printed(f"{_wrap(base, ATOM)}{op}{exponent}", POWER, base.expr**exponent), base)


def _negation(a: _Printed) -> _Printed:
    return _checked(_Printed(f"-{_wrap(a, UNARY)}", UNARY, -a.expr), a)


def _call(args) -> _Printed:
    name, a = args
    function = {"sin": sympy.sin, "cos": sympy.cos, "exp": sympy.exp}[name]
    return _checked(_Printed(f"{name}({a.text})", ATOM, function(a.expr)), a)


def _extend(children):
    return st.one_of(
        st.tuples(children, children, st.sampled_from("+-"), st.booleans()).map(_sum),
        st.tuples(children, children, st.sampled_from(["*", "/", ""]), st.booleans()).map(_product),
        st.tuples(children, st.integers(-2, 3), st.sampled_from(["^", "**"])).map(_power),
        children.map(_negation),
        st.tuples(st.sampled_from(["sin", "cos", "exp"]), children).map(_call),
    )


_expressions = st.recursive(_leaves, _extend, max_leaves=10)
_POINTS = [(R(3, 10), R(-17, 10)), (R(11, 10), R(2, 5)), (R(-3, 5), R(11, 5))]


def _value(expr: sympy.Expr, point) -> complex | None:
    try:
        value = complex(expr.subs({x: point[0], y: point[1]}).evalf(30))
    except (TypeError, ValueError, OverflowError, ZeroDivisionError):
        return None
    return value if math.isfinite(value.real) and math.isfinite(value.imag) else None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_expressions)
def test_printed_expressions_parse_back(generated: _Printed):
    note(generated.text)
    assume(not generated.undefined)
    try:
        formula = parse_formula(generated.text, ["x", "y"])
    except FormulaError as error:
        # Only the size limits may refuse a well-formed expression (e.g. exp(exp(9))).
        assert "too large" in error.message or "too small" in error.message, str(error)
        assume(False)
    parsed = formula.expr
    # The formula as written (for display) prints and has the same values; where sympy
    # cannot print it unevaluated (e.g. (0^0)^-2), there is none and the parsed one is shown.
    if formula.written is not None:
        sympy.latex(formula.written, order="none")
        for point in _POINTS:
            expected, shown = _value(generated.expr, point), _value(formula.written.doit(), point)
            if expected is not None and shown is not None:
                assert abs(shown - expected) <= 1e-9 * max(1.0, abs(expected)), (generated.text, formula.written, point)
    if parsed == generated.expr:
        return
    for point in _POINTS:
        expected, got = _value(generated.expr, point), _value(parsed, point)
        if expected is None or got is None:
            continue
        assert abs(got - expected) <= 1e-9 * max(1.0, abs(expected)), (generated.text, parsed, point)
