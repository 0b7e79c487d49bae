"""Safe reading of the T and U that a user types, into sympy expressions in the model's symbols.

The text is parsed by Python's own parser (`ast`, expression mode) and the sympy expression is built
node by node from an explicit whitelist: decimal numbers, the names in ALLOWED_NAMES, + - * / ** and ^
(read as a power), and calls of the functions in ALLOWED_FUNCTIONS. Nothing is executed and no string is
ever handed to sympy. x, y (and x_dot, y_dot in T) are replaced by their polar forms, so the result is
in r, theta, r_dot, theta_dot and the parameters, with the very symbols of physics.derivation.

Hostile or oversized input is refused before sympy sees it: the length, the size and depth of the tree,
the numbers, and every constant exponent and constant value are checked in plain Python floats. Numbers
that sympy would otherwise compute exactly or to huge precision (9**9**9, sin(exp(exp(exp(3))))) are
refused rather than evaluated; a second line of checks during the build catches constants that only
appear after sympy cancels symbols (exp(exp(exp(3) + r - r))). Every refusal is an ExpressionError with a
one-line message that names the problem.
"""

from __future__ import annotations

import ast
import math
import re
import unicodedata
import warnings
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import NoReturn

import sympy as sp
from sympy.printing.str import StrPrinter

from physics.derivation import k, r, r_dot, theta, theta_dot

MAX_LENGTH = 300  # characters
MAX_NODES = 200  # expression nodes in the parsed tree
MAX_DEPTH = 30  # nesting of the tree and of brackets
MAX_NUMBER = 1e6  # largest number literal, in absolute value
MAX_DIGITS = 30  # significant digits of a number literal; also 10**-30 is the smallest nonzero literal
MAX_EXPONENT = 12  # largest constant exponent, in absolute value
MAX_EXACT_BITS = 333  # about 100 decimal digits: bigger exact rationals make sympy's roots slow

KINDS = ("U", "T")

PARAMETERS: dict[str, sp.Symbol] = {"k": k}
PARAMETERS.update({name: sp.Symbol(name, real=True) for name in ("q", "d", "E0", "a", "b", "c", "m")})

_POSITIONS: dict[str, sp.Expr] = {
    "r": r,
    "theta": theta,
    "x": r * sp.cos(theta),
    "y": r * sp.sin(theta),
}
_VELOCITIES: dict[str, sp.Expr] = {
    "r_dot": r_dot,
    "theta_dot": theta_dot,
    "x_dot": r_dot * sp.cos(theta) - r * theta_dot * sp.sin(theta),
    "y_dot": r_dot * sp.sin(theta) + r * theta_dot * sp.cos(theta),
}
_CONSTANTS: dict[str, tuple[sp.Expr, float]] = {"pi": (sp.pi, math.pi), "e": (sp.E, math.e), "E": (sp.E, math.e)}

ALLOWED_NAMES: tuple[str, ...] = (*_POSITIONS, *_VELOCITIES, *PARAMETERS, "pi", "e")
SYMBOLS: frozenset[sp.Symbol] = frozenset({r, theta, r_dot, theta_dot, *PARAMETERS.values()})


def _cot(v: float) -> float:
    return 1.0 / math.tan(v)


# name -> (sympy function, number of arguments, float function used to check constant arguments)
_FUNCTIONS: dict[str, tuple[Callable, int, Callable]] = {
    "sin": (sp.sin, 1, math.sin),
    "cos": (sp.cos, 1, math.cos),
    "tan": (sp.tan, 1, math.tan),
    "cot": (sp.cot, 1, _cot),  # sympy turns tan(pi/2 - x) into cot(x); accepted so that its output reads back
    "exp": (sp.exp, 1, math.exp),
    "log": (sp.log, 1, math.log),
    "sqrt": (sp.sqrt, 1, math.sqrt),
    "sinh": (sp.sinh, 1, math.sinh),
    "cosh": (sp.cosh, 1, math.cosh),
    "tanh": (sp.tanh, 1, math.tanh),
    "asin": (sp.asin, 1, math.asin),
    "acos": (sp.acos, 1, math.acos),
    "atan": (sp.atan, 1, math.atan),
    "atan2": (sp.atan2, 2, math.atan2),
    "abs": (sp.Abs, 1, abs),
    "Abs": (sp.Abs, 1, abs),  # the spelling sympy prints
}
ALLOWED_FUNCTIONS: tuple[str, ...] = tuple(name for name in _FUNCTIONS if name != "Abs")

# Float versions of the sympy functions that can appear in a built constant (sympy rewrites some).
_SYMPY_FLOAT: dict[type, Callable] = {
    sp.sin: math.sin, sp.cos: math.cos, sp.tan: math.tan, sp.cot: _cot,
    sp.sec: lambda v: 1.0 / math.cos(v), sp.csc: lambda v: 1.0 / math.sin(v),
    sp.asin: math.asin, sp.acos: math.acos, sp.atan: math.atan, sp.acot: lambda v: math.atan(1.0 / v),
    sp.sinh: math.sinh, sp.cosh: math.cosh, sp.tanh: math.tanh, sp.coth: lambda v: 1.0 / math.tanh(v),
    sp.asinh: math.asinh, sp.acosh: math.acosh, sp.atanh: math.atanh,
    sp.exp: math.exp, sp.log: math.log, sp.Abs: abs, sp.sign: lambda v: float((v > 0) - (v < 0)),
    sp.atan2: math.atan2,
}  # fmt: skip

# Typographic characters read as their ASCII meaning; everything else outside printable ASCII is refused.
_ALIASES = {"θ": "theta", "π": "pi", "−": "-", "×": "*", "·": "*", "⋅": "*"}

_REFUSED_NODES: dict[type, str] = {
    ast.Attribute: "attributes ('.')",
    ast.Subscript: "subscripts ('[...]')",
    ast.Slice: "slices",
    ast.Lambda: "lambda functions",
    ast.IfExp: "conditional expressions ('... if ... else ...')",
    ast.Compare: "comparisons",
    ast.BoolOp: "'and' and 'or'",
    ast.NamedExpr: "assignments (':=')",
    ast.Starred: "'*' unpackings",
    ast.List: "lists",
    ast.Tuple: "tuples (commas)",
    ast.Set: "sets",
    ast.Dict: "dictionaries",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "generator expressions",
    ast.JoinedStr: "f-strings",
    ast.FormattedValue: "f-strings",
    ast.Await: "'await' expressions",
    ast.Yield: "'yield' expressions",
    ast.YieldFrom: "'yield' expressions",
}
_REFUSED_CONSTANTS: dict[type, str] = {
    str: "strings",
    bytes: "bytes",
    complex: "complex numbers",
    bool: "True and False",
    type(None): "None values",
    type(Ellipsis): "ellipses ('...')",
}
_BINARY_OPERATORS: dict[type, Callable] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
_OPERATOR_SIGNS = {
    ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
    ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^", ast.Not: "not", ast.Invert: "~",
}  # fmt: skip
_HINTS = {"ln": "log", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "phi": "theta", "pow": "**"}
_DECIMAL = re.compile(r"(?:\d[\d_]*)?\.?(?:\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?")
_PRODUCT_WITHOUT_STAR = re.compile(r"(?:\d|\))\s*[A-Za-z_(]")


class ExpressionError(ValueError):
    """Typed maths that is refused; the message is one line naming the problem."""


class _NoValue(Exception):
    """A constant has no finite real value; the argument says why."""


def parse_expression(text: str, *, kind: str = "U") -> sp.Expr:
    """Read the user's text as T (kind="T", velocities allowed) or U (kind="U") and return a sympy expression."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return _Parser(kind).parse(text)


def format_expression(expr: sp.Expr) -> str:
    """Plain text for `expr` (sympy's str) that parse_expression reads back to the same expression.

    Integers beyond the literal limit, which sympy makes from e.g. 1.234567 = 1234567/1000000, are written
    with powers of 1000000 so that the text stays within the parser's rules.
    """
    return _Printer().doprint(expr)


class _Printer(StrPrinter):
    def _print_Integer(self, expr) -> str:
        return _integer_text(int(expr))

    def _print_Rational(self, expr) -> str:
        if expr.q == 1:
            return _integer_text(expr.p)
        return f"{_integer_text(expr.p)}/{_integer_text(expr.q)}"


def _integer_text(n: int) -> str:
    if abs(n) <= MAX_NUMBER:
        return str(n)
    chunks = []
    rest, place = abs(n), 0
    while rest:
        rest, chunk = divmod(rest, 1_000_000)
        if chunk:
            power = "" if place == 0 else "*1000000" if place == 1 else f"*1000000**{place}"
            if place > MAX_EXPONENT:
                power = f"*1000000**{MAX_EXPONENT}*1000000**{place - MAX_EXPONENT}"
            chunks.append(f"{chunk}{power}" if chunk != 1 or place == 0 else power[1:])
        place += 1
    return ("-" if n < 0 else "") + "(" + " + ".join(reversed(chunks)) + ")"


def _float_pow(base: float, exponent: float) -> float:
    if base == 0.0 and exponent < 0:
        raise _NoValue("division by zero")
    try:
        return math.pow(base, exponent)
    except OverflowError:
        raise _NoValue("too large") from None
    except ValueError:
        raise _NoValue("not a real number") from None


def _call_float(function: Callable, *args: float) -> float:
    try:
        value = function(*args)
    except OverflowError:
        raise _NoValue("too large") from None
    except ZeroDivisionError:
        raise _NoValue("division by zero") from None
    except ValueError:
        raise _NoValue("not a real number") from None
    return _finite(value)


def _finite(value: float) -> float:
    if math.isinf(value):
        raise _NoValue("too large")
    if math.isnan(value):
        raise _NoValue("not a real number")
    return value


def _sympy_float(expr: sp.Expr) -> float:
    """The float value of a constant sympy expression, without asking sympy to evaluate anything."""
    if expr.is_Rational:
        try:
            return _finite(expr.p / expr.q)
        except OverflowError:
            raise _NoValue("too large") from None
    if expr.is_Float:
        return _finite(float(expr))
    if expr is sp.pi:
        return math.pi
    if expr is sp.E:
        return math.e
    if expr in (sp.zoo, sp.oo, sp.nan, sp.S.NegativeInfinity):
        raise _NoValue("division by zero" if expr is sp.zoo else "not a finite number")
    if expr is sp.I:
        raise _NoValue("not a real number")
    args = [_sympy_float(a) for a in expr.args]
    if expr.is_Add:
        return _finite(math.fsum(args))
    if expr.is_Mul:
        return _finite(math.prod(args))
    if expr.is_Pow:
        return _finite(_float_pow(*args))
    function = _SYMPY_FLOAT.get(type(expr))
    if function is None:
        raise _NoValue("of a kind that cannot be checked")
    return _call_float(function, *args)


def _exact_bits(expr: sp.Expr) -> int:
    """Bits of the largest exact rational a sympy constructor may just have produced at the top of `expr`."""
    candidates = [expr]
    if expr.is_Add or expr.is_Mul or expr.is_Pow:
        candidates.extend(expr.args)
        for arg in expr.args:
            if arg.is_Mul or arg.is_Pow:
                candidates.extend(arg.args[:2])
    bits = 0
    for c in candidates:
        if c.is_Rational:
            bits = max(bits, abs(c.p).bit_length(), c.q.bit_length())
    return bits


class _Parser:
    def __init__(self, kind: str):
        self.kind = kind
        self.names: dict[str, sp.Expr] = {**_POSITIONS, **PARAMETERS}
        if kind == "T":
            self.names.update(_VELOCITIES)
        self.source = ""
        self.origin: list[int] = []  # index in the user's text of each character of self.source
        self.text = ""
        self.start = 0  # leading blanks stripped from the user's text
        self.values: dict[ast.AST, float] = {}  # float value of every constant subtree
        self.numbers: dict[ast.AST, sp.Rational] = {}

    def fail(self, message: str) -> NoReturn:
        raise ExpressionError(f"{self.kind}: {message}")

    def parse(self, text: str) -> sp.Expr:
        tree = self._parse_tree(text)
        self._check_size(tree)
        self._check(tree.body)
        try:
            expr = self._build(tree.body)
        except ExpressionError:
            raise
        except Exception as error:  # sympy failing on some odd input is still the input's fault
            self.fail(f"the expression could not be built ({type(error).__name__})")
        self._check_result(expr)
        return expr

    def _parse_tree(self, text: str) -> ast.Expression:
        if not isinstance(text, str):
            self.fail(f"expected text, got {type(text).__name__}")
        if len(text) > MAX_LENGTH:
            self.fail(f"the expression is too long ({len(text)} characters, at most {MAX_LENGTH})")
        self.start = start = len(text) - len(text.lstrip(" \t\r\n"))
        self.text = text = text.strip(" \t\r\n")
        if not text:
            self.fail("the expression is empty")
        chars: list[str] = []
        for i, ch in enumerate(text):
            if ch in _ALIASES:
                replacement = _ALIASES[ch]
            elif " " <= ch <= "~" or ch == "\t":
                replacement = " " if ch == "\t" else ch
            elif ch in "\n\r\x0b\x0c\x85\u2028\u2029":
                self.fail(
                    f"line breaks are not allowed (U+{ord(ch):04X} at column {start + i + 1}): enter one expression"
                )
            else:
                name = unicodedata.name(ch, "category " + unicodedata.category(ch))
                if unicodedata.category(ch)[0] in "CZM":
                    self.fail(f"invisible or control character U+{ord(ch):04X} ({name}) at column {start + i + 1}")
                self.fail(f"character U+{ord(ch):04X} ({name}) at column {start + i + 1} is not allowed")
            chars.append(replacement)
            self.origin.extend([i] * len(replacement))
        source = "".join(chars)
        if re.search(r"!(?!=)", source):
            self.fail("factorial '!' is not supported")
        if ";" in source:
            self.fail("';' is not allowed: enter a single expression")
        depth = 0
        for ch in source:
            depth += (ch in "([{") - (ch in ")]}")
            if depth > MAX_DEPTH:
                self.fail(f"brackets are nested too deeply (more than {MAX_DEPTH} levels)")
        # '^' is a power, with the precedence of '**': replacing it in the text (there are no strings that
        # could hold a '^') keeps r^2*k = (r^2)*k, where reading Python's '^' node would give r^(2*k).
        self.source = source.replace("^", "**")
        origin = []
        for ch, position in zip(source, self.origin):
            origin.extend((position, position) if ch == "^" else (position,))
        self.origin = origin
        try:
            with warnings.catch_warnings():  # "invalid decimal literal" and the like become our own message
                warnings.simplefilter("ignore")
                return ast.parse(self.source, mode="eval")
        except SyntaxError as error:
            where = f" at column {self._column(error.offset - 1)}" if error.offset else ""
            hint = " (use * for products, e.g. 2*r)" if _PRODUCT_WITHOUT_STAR.search(self.source) else ""
            self.fail(f"syntax error{where}: {error.msg}{hint}")
        except (ValueError, MemoryError, RecursionError) as error:
            self.fail(f"the expression cannot be read ({type(error).__name__})")

    def _column(self, index: int) -> int:
        index = max(0, min(index, len(self.origin) - 1))
        return self.origin[index] + self.start + 1

    def _segment(self, node: ast.AST, limit: int = 40) -> str:
        """The user's own text for a node (source offsets are in bytes, equal to characters: it is ASCII)."""
        try:
            first = self.origin[node.col_offset]
            last = self.origin[node.end_col_offset - 1]
        except (AttributeError, IndexError, TypeError):
            return "?"
        text = self.text[first : last + 1]
        return text if len(text) <= limit else text[: limit - 3] + "..."

    def _check_size(self, tree: ast.Expression) -> None:
        count = 0
        stack = [(tree.body, 1)]
        while stack:
            node, depth = stack.pop()
            if isinstance(node, ast.expr):
                count += 1
            if count > MAX_NODES:
                self.fail(f"the expression is too big (more than {MAX_NODES} parts)")
            if depth > MAX_DEPTH:
                self.fail(f"the expression is nested too deeply (more than {MAX_DEPTH} levels)")
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))

    def _refuse_node(self, node: ast.AST) -> NoReturn:
        name = type(node).__name__
        if isinstance(node, ast.Constant):
            described = _REFUSED_CONSTANTS.get(type(node.value), "such constants")
            name = f"Constant {type(node.value).__name__}"
        else:
            described = _REFUSED_NODES.get(type(node), "such expressions")
        self.fail(f"{described} are not allowed ({name}): {self._segment(node)!r}")

    def _check(self, node: ast.AST) -> float | None:
        """Validate a subtree; return its float value when it is constant (None when it has symbols)."""
        value = self._check_node(node)
        if value is not None:
            self.values[node] = value
        return value

    def _constant(self, node: ast.AST, compute: Callable[[], float]) -> float:
        try:
            return compute()
        except _NoValue as why:
            reason = str(why)
            if reason == "too large":
                self.fail(f"the number {self._segment(node)!r} is too large")
            if reason == "division by zero":
                self.fail(f"division by zero in {self._segment(node)!r}")
            self.fail(f"{self._segment(node)!r} is {reason}")

    def _check_node(self, node: ast.AST) -> float | None:
        if isinstance(node, ast.Constant):
            return self._check_number(node)
        if isinstance(node, ast.Name):
            return self._check_name(node)
        if isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, (ast.UAdd, ast.USub)):
                self.fail(f"operator '{_OPERATOR_SIGNS[type(node.op)]}' is not allowed ({type(node.op).__name__})")
            value = self._check(node.operand)
            return None if value is None else (-value if isinstance(node.op, ast.USub) else value)
        if isinstance(node, ast.BinOp):
            return self._check_binary(node)
        if isinstance(node, ast.Call):
            return self._check_call(node)
        self._refuse_node(node)

    def _check_number(self, node: ast.Constant) -> float:
        value = node.value
        if type(value) not in (int, float):
            self._refuse_node(node)
        literal = self._segment(node, limit=MAX_LENGTH)
        text = self.source[node.col_offset : node.end_col_offset]
        if not _DECIMAL.fullmatch(text):
            self.fail(f"only decimal numbers are allowed: {literal!r}")
        if abs(value) > MAX_NUMBER or value != value:  # also inf and nan (1e999)
            self.fail(f"the number {literal[:40]!r} is too large (at most {MAX_NUMBER:g} in absolute value)")
        try:
            number = Decimal(text.replace("_", ""))
        except InvalidOperation:
            self.fail(f"{literal!r} is not a number")
        significant = len(bytes(number.as_tuple().digits).rstrip(b"\0"))  # digits without the trailing zeros
        if number != 0 and (significant > MAX_DIGITS or number.adjusted() < -MAX_DIGITS):
            self.fail(f"the number {literal[:40]!r} has too many digits (at most {MAX_DIGITS})")
        exact = Fraction(number) if number != 0 else Fraction(0)
        self.numbers[node] = sp.Rational(exact.numerator, exact.denominator)
        return float(exact)

    def _check_name(self, node: ast.Name) -> float | None:
        name = node.id
        if name in self.names:
            return None
        if name in _CONSTANTS:
            return _CONSTANTS[name][1]
        if name in _FUNCTIONS:
            self.fail(f"'{name}' is a function: write {name}(...)")
        if name in _VELOCITIES:
            self.fail(f"'{name}' is a velocity: U may depend only on the position and the parameters")
        allowed = ", ".join(n for n in ALLOWED_NAMES if n in self.names or n in _CONSTANTS)
        self.fail(f"unknown name {self._segment(node)!r}{self._hint(name)} (allowed: {allowed})")

    def _hint(self, name: str) -> str:
        known = {n.lower(): n for n in (*self.names, *_CONSTANTS, *_FUNCTIONS) if n != "E"}
        better = _HINTS.get(name) or known.get(name.lower())
        return f"; did you mean '{better}'?" if better else ""

    def _check_binary(self, node: ast.BinOp) -> float | None:
        op = type(node.op)
        if op not in _BINARY_OPERATORS and op is not ast.Pow:
            self.fail(f"operator '{_OPERATOR_SIGNS.get(op, op.__name__)}' is not allowed ({op.__name__})")
        left = self._check(node.left)
        right = self._check(node.right)
        if op is ast.Pow and right is not None and abs(right) > MAX_EXPONENT:
            self.fail(
                f"the exponent {self._segment(node.right)!r} is too large (at most {MAX_EXPONENT} in absolute value)"
            )
        if left is None or right is None:
            return None
        if op is ast.Pow:
            return self._constant(node, lambda: _finite(_float_pow(left, right)))
        return self._constant(node, lambda: _call_float(_BINARY_OPERATORS[op], left, right))

    def _check_call(self, node: ast.Call) -> float | None:
        if not isinstance(node.func, ast.Name):
            self._check(node.func)  # refuses it with its own node type
            self.fail(f"only the named functions can be called: {self._segment(node.func)!r}")
        name = node.func.id
        if name not in _FUNCTIONS:
            if name in self.names or name in _CONSTANTS:
                self.fail(f"'{name}' is not a function (write {name}*(...) for a product)")
            allowed = ", ".join(ALLOWED_FUNCTIONS)
            self.fail(f"unknown function {self._segment(node.func)!r}{self._hint(name)} (allowed: {allowed})")
        if node.keywords:
            self.fail(f"{name}(): keyword arguments are not allowed (keyword)")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                self._refuse_node(arg)
        _, arity, function = _FUNCTIONS[name]
        if len(node.args) != arity:
            plural = "s" if arity != 1 else ""
            self.fail(f"{name}() takes {arity} argument{plural}, got {len(node.args)}")
        values = [self._check(arg) for arg in node.args]
        if any(v is None for v in values):
            return None
        return self._constant(node, lambda: _call_float(function, *values))

    def _build(self, node: ast.AST) -> sp.Expr:
        expr = self._construct(node)
        if _exact_bits(expr) > MAX_EXACT_BITS:
            self.fail(f"the exact numbers in {self._segment(node)!r} have too many digits")
        if node not in self.values and not expr.free_symbols:
            # symbols cancelled (r - r): check the constant sympy made before anything evaluates it
            self._constant(node, lambda: _sympy_float(expr))
        return expr

    def _construct(self, node: ast.AST) -> sp.Expr:
        if isinstance(node, ast.Constant):
            return self.numbers[node]
        if isinstance(node, ast.Name):
            return self.names[node.id] if node.id in self.names else _CONSTANTS[node.id][0]
        if isinstance(node, ast.UnaryOp):
            operand = self._build(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            left, right = self._build(node.left), self._build(node.right)
            if isinstance(node.op, ast.Pow):
                self._check_power(node, left, right)
                return left**right
            return _BINARY_OPERATORS[type(node.op)](left, right)
        function = _FUNCTIONS[node.func.id][0]
        return function(*(self._build(arg) for arg in node.args))

    def _check_power(self, node: ast.BinOp, base: sp.Expr, exponent: sp.Expr) -> None:
        """Refuse a power sympy would compute exactly into a huge number (the exponent became constant)."""
        if exponent.free_symbols:
            return
        value = self.values.get(node.right)
        if value is None:
            value = self._constant(node.right, lambda: _sympy_float(exponent))
        if abs(value) > MAX_EXPONENT:
            self.fail(
                f"the exponent {self._segment(node.right)!r} is too large (at most {MAX_EXPONENT} in absolute value)"
            )
        if _exact_bits(base) * max(1.0, abs(value)) > MAX_EXACT_BITS:
            self.fail(f"the exact number {self._segment(node)!r} would have too many digits")
        if not base.free_symbols:
            self._constant(node, lambda: _finite(_float_pow(_sympy_float(base), value)))

    def _check_result(self, expr: sp.Expr) -> None:
        if not isinstance(expr, sp.Expr):
            self.fail("the result is not a mathematical expression")
        if expr.has(sp.zoo, sp.nan, sp.oo, sp.S.NegativeInfinity):
            self.fail("the expression is undefined (a division by zero or an infinity)")
        if expr.has(sp.I):
            self.fail("the expression is not real")
        unknown = expr.free_symbols - SYMBOLS
        if unknown:
            self.fail(f"unexpected symbols {sorted(map(str, unknown))}")
        # Constants sympy split off on its own, e.g. (-r**2)**(1/1000) = (-1)**(1/1000)*(r**2)**(1/1000), and
        # exponents it combined, e.g. (r**12)**pi = Abs(r)**(12*pi), are checked like the typed ones.
        stack = [expr]
        while stack:
            part = stack.pop()
            if part.free_symbols:
                stack.extend(part.args)
                if part.is_Pow and not part.exp.free_symbols and abs(self._result_value(part.exp)) > MAX_EXPONENT:
                    self.fail(
                        f"the power {format_expression(part)[:40]!r} is too large (exponents at most {MAX_EXPONENT})"
                    )
            elif not part.is_Rational:
                self._result_value(part)

    def _result_value(self, part: sp.Expr) -> float:
        try:
            return _sympy_float(part)
        except _NoValue as why:
            self.fail(f"{format_expression(part)[:40]!r} in the result is {why}")
