"""The report's prose claims as data, and a safe evaluator of their checks.

Pure: claims are parsed from TOML text with :mod:`tomllib`; a check is parsed with :mod:`ast`
and interpreted node by node over a list of observations (never ``eval``). Only the
expression language of ``docs/checks-and-imports.md`` is accepted.
"""

from __future__ import annotations

import ast
import math
import operator
import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from krapte.datahub.core.records import FLANDERS, Observation
from krapte.errors import toml_error
from krapte.formatting import number

Status = Literal["ondersteund", "tegengesproken", "fout"]
LOOKUP_DIMENSIONS: tuple[str, ...] = ("geography", "institution", "programme", "level", "category")
FUNCTIONS = frozenset({"value", "total", "abs", "round", "within"})
WILDCARD = "*"
_CLAIM_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_REQUIRED = ("id", "statement", "section", "check")
_ALLOWED_KEYS = frozenset({*_REQUIRED, "note"})

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


class ClaimsFileError(ValueError):
    """The claims file is malformed; the Dutch message names the file and the claim."""


class CheckError(ValueError):
    """A check cannot be evaluated (unsafe or malformed expression, missing or ambiguous data)."""


@dataclass(frozen=True)
class Claim:
    id: str
    statement: str
    section: str
    check: str
    note: str = ""


@dataclass(frozen=True)
class Evaluation:
    holds: bool
    figure: float
    expected: str


@dataclass(frozen=True)
class ClaimResult:
    id: str
    section: str
    statement: str
    status: Status
    figure: float | None
    expected: str
    error: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "section": self.section,
            "statement": self.statement,
            "status": self.status,
            "figure": self.figure,
            "expected": self.expected,
            "error": self.error,
        }


# --- the claims file -----------------------------------------------------------------------


def parse_claims(text: str, source: str = "claims.toml") -> list[Claim]:
    """Every ``[[claim]]`` of a claims file, validated; raises :class:`ClaimsFileError`."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimsFileError(f"{source}: {toml_error(exc)}") from exc
    entries = document.get("claim", [])
    if not isinstance(entries, list) or not entries:
        raise ClaimsFileError(f"{source}: geen [[claim]]-blokken gevonden")
    claims: list[Claim] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        where = f"{source}, claim {position}"
        if not isinstance(entry, dict):
            raise ClaimsFileError(f"{where}: geen tabel")
        unknown = sorted(set(entry) - _ALLOWED_KEYS)
        if unknown:
            raise ClaimsFileError(f"{where}: onbekend veld {', '.join(unknown)}")
        for key in (*_REQUIRED, "note"):
            value = entry.get(key, "")
            if not isinstance(value, str) or (key in _REQUIRED and not value.strip()):
                raise ClaimsFileError(f"{where}, veld {key}: verplichte tekst ontbreekt")
        if not _CLAIM_ID.match(entry["id"]):
            raise ClaimsFileError(f"{where}, veld id: {entry['id']!r} is geen kebab-case id")
        if entry["id"] in seen:
            raise ClaimsFileError(f"{where}, veld id: {entry['id']!r} komt twee keer voor")
        seen.add(entry["id"])
        claims.append(Claim(**entry))
    return claims


# --- the expression language ---------------------------------------------------------------


def compile_check(expression: str) -> ast.expr:
    """Parse and vet a check; raises :class:`CheckError` for anything outside the language."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise CheckError(f"ongeldige uitdrukking: {exc.msg}") from exc
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
    expected = {"abs": (1, 1), "round": (1, 2), "within": (3, 3)}[name]
    if node.keywords or not expected[0] <= len(node.args) <= expected[1]:
        raise CheckError(f"{name}() verwacht {expected[0]}–{expected[1]} getallen")
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
    raise CheckError(f"niet toegestaan in een controle: {_describe(node)}")


def _show(value: float) -> str:
    return number(value) if float(value).is_integer() else f"{value:.6g}".replace(".", ",")


def evaluate(expression: str | ast.expr, index: ObservationIndex) -> Evaluation:
    """Evaluate a check; raises :class:`CheckError` when it cannot be evaluated."""
    node = compile_check(expression) if isinstance(expression, str) else expression
    if isinstance(node, ast.Compare):
        symbol, compare = _COMPARE[type(node.ops[0])]
        left = _number(node.left, index)
        right = _number(node.comparators[0], index)
        return Evaluation(compare(left, right), left, f"{symbol} {_show(right)}")
    assert isinstance(node, ast.Call)
    figure, target, tolerance = (_number(arg, index) for arg in node.args)
    return Evaluation(
        abs(figure - target) <= tolerance + 1e-9, figure, f"{_show(target)} ± {_show(tolerance)}"
    )


def check_claims(claims: Sequence[Claim], observations: Sequence[Observation]) -> list[ClaimResult]:
    """Evaluate every claim; a claim the data contradicts is reported as such, never adjusted."""
    index = ObservationIndex(observations)
    results: list[ClaimResult] = []
    for claim in claims:
        try:
            outcome = evaluate(claim.check, index)
        except CheckError as exc:
            results.append(
                ClaimResult(claim.id, claim.section, claim.statement, "fout", None, "", str(exc))
            )
            continue
        results.append(
            ClaimResult(
                claim.id,
                claim.section,
                claim.statement,
                "ondersteund" if outcome.holds else "tegengesproken",
                round(outcome.figure, 9),  # drop float noise such as 14.899999999999999
                outcome.expected,
            )
        )
    return results
