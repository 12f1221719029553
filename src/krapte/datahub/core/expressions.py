"""The safe expression language of claims: parsed with :mod:`ast`, interpreted node by node.

Pure: a check is parsed with :mod:`ast` and interpreted over a list of observations (never
``eval``). Only the language of ``docs/checks-and-imports.md`` is accepted: one comparison or
``within(...)``, arithmetic, and the functions ``value``, ``total``, ``abs``, ``round``, ``min``
and ``max``. Expressions are bounded in length and nesting, so no input can exhaust the parser's
or the interpreter's stack.
"""

from __future__ import annotations

import ast
import math
import operator
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from krapte.datahub.core.records import FLANDERS, Observation
from krapte.formatting import number

LOOKUP_DIMENSIONS: tuple[str, ...] = ("geography", "institution", "programme", "level", "category")
FUNCTIONS = frozenset({"value", "total", "abs", "round", "min", "max", "within"})
WILDCARD = "*"
#: Longest check accepted, in characters (the bundled ones stay under 500).
MAX_LENGTH = 2000
#: Deepest nesting of the expression tree accepted (the bundled checks nest about 6 deep).
MAX_DEPTH = 40
#: Number of arguments of each arithmetic function: (fewest, most; None = no limit).
_ARITY: dict[str, tuple[int, int | None]] = {
    "abs": (1, 1),
    "round": (1, 2),
    "min": (2, None),
    "max": (2, None),
    "within": (3, 3),
}

_COMPARE: dict[type[ast.cmpop], tuple[str, Callable[[float, float], bool]]] = {
    ast.Lt: ("<", operator.lt),
    ast.LtE: ("<=", operator.le),
    ast.Gt: (">", operator.gt),
    ast.GtE: (">=", operator.ge),
    ast.Eq: ("==", lambda a, b: math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)),
    ast.NotEq: ("!=", lambda a, b: not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)),
}
_ARITHMETIC: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


class CheckError(ValueError):
    """A check cannot be evaluated (unsafe or malformed expression, missing or ambiguous data)."""


@dataclass(frozen=True)
class Evaluation:
    holds: bool
    figure: float
    expected: str


# --- parsing and vetting -------------------------------------------------------------------


def compile_check(expression: str) -> ast.expr:
    """Parse and vet a check; raises :class:`CheckError` for anything outside the language."""
    text = expression.strip()
    if len(text) > MAX_LENGTH:
        raise CheckError(f"de controle is te lang: {len(text)} tekens, hoogstens {MAX_LENGTH}")
    too_deep = CheckError(
        f"de controle is te diep genest (meer dan {MAX_DEPTH} niveaus); "
        "splits ze in eenvoudiger delen"
    )
    try:
        tree = ast.parse(text, mode="eval")
    except (RecursionError, MemoryError) as exc:  # the parser's own stack ran out
        raise too_deep from exc
    except SyntaxError as exc:
        if "too many nested" in (exc.msg or ""):
            raise too_deep from exc
        where = f" bij teken {exc.offset}" if exc.offset else ""
        raise CheckError(
            f"ongeldige uitdrukking{where}: controleer haakjes, aanhalingstekens en komma's"
        ) from exc
    if _depth(tree.body) > MAX_DEPTH:
        raise too_deep
    body = tree.body
    if isinstance(body, ast.Compare):
        if len(body.ops) != 1:
            raise CheckError("gebruik precies één vergelijking (a < b), geen ketting")
        if type(body.ops[0]) not in _COMPARE:
            raise CheckError(f"vergelijking niet toegestaan: {_describe(body.ops[0])}")
        _vet_arithmetic(body.left)
        _vet_arithmetic(body.comparators[0])
    elif isinstance(body, ast.Call) and _function_name(body) == "within":
        _vet_call(body)
    else:
        raise CheckError("een controle is één vergelijking (a > b) of within(x, doel, marge)")
    return body


def _depth(root: ast.AST) -> int:
    """How deep the tree nests, walked without recursion (the tree may be very deep)."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _describe(node: ast.AST) -> str:
    names = {
        ast.Attribute: "attribuuttoegang",
        ast.Lambda: "lambda",
        ast.Subscript: "indexering",
        ast.Name: "naam",
        ast.Compare: "vergelijking",
        ast.BoolOp: "and/or",
        ast.IfExp: "if-uitdrukking",
        ast.ListComp: "lijstcomprehensie",
        ast.List: "lijst",
        ast.Dict: "woordenboek",
    }
    label = names.get(type(node), type(node).__name__)
    try:
        return f"{label} ({ast.unparse(node)})"
    except (AttributeError, ValueError):  # operators have no source of their own
        return label


def _function_name(node: ast.Call) -> str:
    if not isinstance(node.func, ast.Name):
        raise CheckError(f"niet toegestaan in een controle: {_describe(node.func)}")
    if node.func.id not in FUNCTIONS:
        raise CheckError(
            f"onbekende functie {node.func.id!r}; toegestaan: {', '.join(sorted(FUNCTIONS))}"
        )
    return node.func.id


def _vet_arithmetic(node: ast.expr) -> None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float):
            raise CheckError(f"alleen getallen in een berekening, niet {node.value!r}")
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _ARITHMETIC:
            raise CheckError(f"bewerking niet toegestaan: {_describe(node)}")
        _vet_arithmetic(node.left)
        _vet_arithmetic(node.right)
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, ast.USub | ast.UAdd):
            raise CheckError(f"bewerking niet toegestaan: {_describe(node)}")
        _vet_arithmetic(node.operand)
    elif isinstance(node, ast.Call):
        if _function_name(node) == "within":
            raise CheckError("within(...) kan alleen de hele controle zijn")
        _vet_call(node)
    else:
        raise CheckError(f"niet toegestaan in een controle: {_describe(node)}")


def _vet_call(node: ast.Call) -> None:
    name = _function_name(node)
    if any(isinstance(arg, ast.Starred) for arg in node.args) or any(
        kw.arg is None for kw in node.keywords
    ):
        raise CheckError(f"{name}(): *args en **kwargs zijn niet toegestaan")
    if name in ("value", "total"):
        if len(node.args) != 3:
            raise CheckError(f"{name}() verwacht dataset, meting en periode")
        allowed = {*LOOKUP_DIMENSIONS, "table"}
        for arg in [*node.args, *(kw.value for kw in node.keywords)]:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                raise CheckError(f"{name}(): argumenten zijn tekst tussen aanhalingstekens")
        for kw in node.keywords:
            if kw.arg not in allowed:
                raise CheckError(
                    f"{name}(): onbekende dimensie {kw.arg!r}; "
                    f"toegestaan: {', '.join(sorted(allowed))}"
                )
        return
    fewest, most = _ARITY[name]
    if node.keywords or len(node.args) < fewest or (most is not None and len(node.args) > most):
        count = f"{fewest}–{most}" if most is not None else f"{fewest} of meer"
        raise CheckError(f"{name}() verwacht {count} getallen")
    for arg in node.args:
        _vet_arithmetic(arg)


# --- evaluation ----------------------------------------------------------------------------


class ObservationIndex:
    """Observations grouped by (dataset, measure, period) for quick lookups."""

    def __init__(self, observations: Sequence[Observation]) -> None:
        self._by_key: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
        for obs in observations:
            self._by_key[(obs.dataset, obs.measure, obs.period)].append(obs)

    def matching(
        self, dataset: str, measure: str, period: str, dims: dict[str, str], *, wildcard: bool
    ) -> list[Observation]:
        wanted = {d: dims.get(d, FLANDERS if d == "geography" else "") for d in LOOKUP_DIMENSIONS}
        if not wildcard and WILDCARD in wanted.values():
            raise CheckError("'*' (elke waarde) kan alleen in total()")
        table = dims.get("table")
        return [
            obs
            for obs in self._by_key.get((dataset, measure, period), [])
            if (table is None or obs.table == table)
            and all(
                (getattr(obs, d) != "") if v == WILDCARD else getattr(obs, d) == v
                for d, v in wanted.items()
            )
        ]


def _lookup(index: ObservationIndex, node: ast.Call, name: str) -> float:
    dataset, measure, period = (
        str(arg.value) for arg in node.args if isinstance(arg, ast.Constant)
    )
    dims = {
        str(kw.arg): str(kw.value.value)
        for kw in node.keywords
        if isinstance(kw.value, ast.Constant)
    }
    found = index.matching(dataset, measure, period, dims, wildcard=name == "total")
    call = ast.unparse(node)
    if not found:
        raise CheckError(f"geen waarneming gevonden voor {call}")
    copies: dict[tuple[str, ...], dict[str, float]] = defaultdict(dict)
    for obs in found:
        copies[obs.key[:-1]][obs.table] = obs.value
    for tables in copies.values():
        if len(set(tables.values())) > 1:
            printed = ", ".join(f"{number(v, 1)} in {t}" for t, v in sorted(tables.items()))
            raise CheckError(
                f"dubbelzinnig: {call} staat verschillend in tabellen ({printed}); "
                "geef table='...' mee"
            )
    if name == "value" and len(copies) > 1:
        raise CheckError(f"{call} past op {len(copies)} waarnemingen; gebruik total()")
    return sum(next(iter(tables.values())) for tables in copies.values())


def _number(node: ast.expr, index: ObservationIndex) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp):
        operand = _number(node.operand, index)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _number(node.left, index), _number(node.right, index)
        if isinstance(node.op, ast.Div) and right == 0:
            raise CheckError(f"deling door nul in {ast.unparse(node)}")
        return _ARITHMETIC[type(node.op)](left, right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name = node.func.id
        if name in ("value", "total"):
            return _lookup(index, node, name)
        args = [_number(arg, index) for arg in node.args]
        if name == "abs":
            return abs(args[0])
        if name == "round":
            return float(round(args[0], int(args[1]) if len(args) > 1 else 0))
        if name == "min":
            return min(args)
        if name == "max":
            return max(args)
    raise CheckError(f"niet toegestaan in een controle: {_describe(node)}")


def show(value: float) -> str:
    """A figure as the expected column shows it: ``7.000``, ``0,8``, ``3,5``."""
    return number(value) if float(value).is_integer() else f"{value:.6g}".replace(".", ",")


def evaluate(expression: str | ast.expr, index: ObservationIndex) -> Evaluation:
    """Evaluate a check; raises :class:`CheckError` when it cannot be evaluated."""
    node = compile_check(expression) if isinstance(expression, str) else expression
    if isinstance(node, ast.Compare):
        symbol, compare = _COMPARE[type(node.ops[0])]
        left = _number(node.left, index)
        right = _number(node.comparators[0], index)
        return Evaluation(compare(left, right), round(left, 9), f"{symbol} {show(right)}")
    assert isinstance(node, ast.Call)
    figure, target, tolerance = (_number(arg, index) for arg in node.args)
    return Evaluation(
        abs(figure - target) <= tolerance + 1e-9,
        round(figure, 9),  # drop float noise such as 14.899999999999999
        f"{show(target)} ± {show(tolerance)}",
    )


# --- the figures a check uses (for the claims page) ----------------------------------------------


@dataclass(frozen=True)
class UsedFigure:
    """One ``value()``/``total()`` lookup of a check, in words, and what it gives."""

    dataset: str
    measure: str
    period: str
    dimensions: tuple[tuple[str, str], ...]
    value: float | None
    """None when the lookup finds nothing or is ambiguous (the claim's verdict says why)."""


def used_figures(expression: str, index: ObservationIndex) -> list[UsedFigure]:
    """Every lookup of a check with its value, in the order the check names them."""
    if not expression.strip():
        return []
    try:
        root = compile_check(expression)
    except CheckError:
        return []
    found: list[UsedFigure] = []
    for node in ast.walk(root):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        name = node.func.id
        if name not in ("value", "total"):
            continue
        dataset, measure, period = (
            str(arg.value) for arg in node.args if isinstance(arg, ast.Constant)
        )
        dims = tuple(
            (str(kw.arg), str(kw.value.value))
            for kw in node.keywords
            if isinstance(kw.value, ast.Constant)
        )
        try:
            value: float | None = _lookup(index, node, name)
        except CheckError:
            value = None
        found.append(UsedFigure(dataset, measure, period, dims, value))
    return found
