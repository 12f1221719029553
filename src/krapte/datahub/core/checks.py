"""Consistency checks over tidy observations: the findings `krapte data validate` prints.

Pure: a list of :class:`~krapte.datahub.core.records.Observation` in, a list of :class:`Finding` out.
Findings are statements about the data (the report prints what it prints), not failures.
The rules and thresholds are documented in ``docs/checks-and-imports.md``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from krapte.datahub.core.records import Observation
from krapte.formatting import number

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}

#: Dimensions a printed table breaks a total down by ("" in that dimension = the total row).
BREAKDOWN_DIMENSIONS: tuple[str, ...] = ("institution", "programme", "category")
DIMENSIONS: tuple[str, ...] = ("geography", "institution", "programme", "level", "category")
DUTCH_DIMENSION = {
    "geography": "geografie",
    "institution": "instelling",
    "programme": "opleiding",
    "level": "niveau",
    "category": "categorie",
}

#: Parts and total agree when they differ by less than this (counts are whole numbers).
COUNT_TOLERANCE = 0.5
#: A percent breakdown whose printed total is 100 may be off by this much through rounding.
PERCENT_TOLERANCE = 0.5
#: A year-on-year change of a count is implausible above this relative change ...
JUMP_RELATIVE = 0.5
#: ... when it also changes by at least this many.
JUMP_MIN_ABSOLUTE = 20.0
#: A year-on-year change of a percentage is implausible above this many points.
JUMP_PERCENT_POINTS = 15.0
#: Measures whose name holds one of these words are changes (growth), which may be negative.
CHANGE_MARKERS: tuple[str, ...] = (
    "groei",
    "toename",
    "afname",
    "daling",
    "stijging",
    "verschil",
    "verandering",
    "evolutie",
)
_YEAR = re.compile(r"^\d{4}$")
_RANGE = re.compile(r"^\d{4}\s*-\s*\d{4}$")


@dataclass(frozen=True)
class Finding:
    """One thing a check found: how bad it is, where, a Dutch message and the values involved."""

    severity: Severity
    dataset: str
    check: str
    message: str
    values: dict[str, object] = field(default_factory=dict)

    def concerns(self, dataset: str) -> bool:
        """Whether the finding is about ``dataset`` (cross-dataset findings name several)."""
        return dataset in self.dataset.split(", ")

    def as_dict(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "dataset": self.dataset,
            "check": self.check,
            "message": self.message,
            "values": self.values,
        }


def _n(value: float) -> str:
    return number(value) if float(value).is_integer() else number(value, 1)


def _where(obs: Observation) -> str:
    parts = [f"{obs.measure} {obs.period}"]
    parts += [
        f"{DUTCH_DIMENSION[d]} '{getattr(obs, d)}'" for d in DIMENSIONS[1:] if getattr(obs, d)
    ]
    if obs.geography and obs.geography != "Vlaanderen":
        parts.append(f"geografie '{obs.geography}'")
    return ", ".join(parts)


def is_change_measure(obs: Observation) -> bool:
    """Growth figures (a change, possibly negative) rather than levels or shares."""
    return bool(_RANGE.match(obs.period)) or any(m in obs.measure for m in CHANGE_MARKERS)


# --- (a) parts that do not add up to the printed total -------------------------------------


def _without(obs: Observation, dimension: str) -> tuple[str, ...]:
    rest = tuple(getattr(obs, d) for d in DIMENSIONS if d != dimension)
    return (obs.dataset, obs.table, obs.measure, obs.period, obs.unit, *rest)


def check_totals(observations: Sequence[Observation]) -> list[Finding]:
    """Printed totals that differ from the sum of their parts (and the part that explains it)."""
    findings: list[Finding] = []
    for dimension in BREAKDOWN_DIMENSIONS:
        parts: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
        for obs in observations:
            if getattr(obs, dimension) != "":
                parts[_without(obs, dimension)].append(obs)
        for total in observations:
            if getattr(total, dimension) != "" or total.unit not in ("count", "percent"):
                continue
            children = parts.get(_without(total, dimension), [])
            if not children:
                continue
            if total.unit == "percent" and abs(total.value - 100) > 1e-9:
                continue  # only a printed 100 % total makes a percent breakdown complete
            finding = _compare_total(total, children, dimension)
            if finding is not None:
                findings.append(finding)
    return findings


def _compare_total(
    total: Observation, children: list[Observation], dimension: str
) -> Finding | None:
    tolerance = COUNT_TOLERANCE if total.unit == "count" else PERCENT_TOLERANCE
    parts_sum = sum(child.value for child in children)
    if abs(parts_sum - total.value) < tolerance:
        return None
    explains = [
        getattr(child, dimension)
        for child in children
        if abs(parts_sum - child.value - total.value) < tolerance
    ]
    label = DUTCH_DIMENSION[dimension]
    message = (
        f"Tabel {total.table}, {_where(total)}: de rijen per {label} tellen op tot "
        f"{_n(parts_sum)}, het gedrukte totaal is {_n(total.value)} "
        f"(verschil {_n(parts_sum - total.value)})."
    )
    if explains:
        message += " Het totaal klopt enkel zonder " + " of ".join(f"'{e}'" for e in explains) + "."
    return Finding(
        severity="error",
        dataset=total.dataset,
        check="delen-totaal",
        message=message,
        values={
            "table": total.table,
            "measure": total.measure,
            "period": total.period,
            "dimension": dimension,
            "total": total.value,
            "sum_of_parts": parts_sum,
            "parts": {getattr(c, dimension): c.value for c in children},
            "adds_up_without": explains,
        },
    )


# --- (b) the same figure printed differently in two tables ---------------------------------


def check_duplicates(observations: Sequence[Observation]) -> list[Finding]:
    """The same figure (same key except the printed table) with different values.

    Within a dataset every key is compared. Across datasets only figures of a named institution,
    programme or category are: a total row (all three empty) means "all of this dataset", whose
    scope differs per dataset.
    """
    groups: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
    for obs in observations:
        shared = (obs.measure, obs.period, obs.unit, *(getattr(obs, d) for d in DIMENSIONS))
        scope = "" if any(getattr(obs, d) for d in BREAKDOWN_DIMENSIONS) else obs.dataset
        groups[(scope, *shared)].append(obs)
    findings: list[Finding] = []
    for copies in groups.values():
        if len({c.value for c in copies}) < 2:
            continue
        datasets = sorted({c.dataset for c in copies})
        printed = "; ".join(f"{_n(c.value)} in {c.table}" for c in copies)
        findings.append(
            Finding(
                severity="error",
                dataset=", ".join(datasets),
                check="dubbel-verschillend",
                message=f"{_where(copies[0])} staat verschillend in twee tabellen: {printed}.",
                values={
                    "measure": copies[0].measure,
                    "period": copies[0].period,
                    "printed": [
                        {"dataset": c.dataset, "table": c.table, "value": c.value} for c in copies
                    ],
                },
            )
        )
    return findings


# --- (c) gaps and (d) jumps in year series -------------------------------------------------


def _series(observations: Iterable[Observation]) -> dict[tuple[str, ...], list[Observation]]:
    series: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
    for obs in observations:
        if _YEAR.match(obs.period):
            key = (obs.dataset, obs.table, obs.measure, obs.unit)
            series[key + tuple(getattr(obs, d) for d in DIMENSIONS)].append(obs)
    for points in series.values():
        points.sort(key=lambda o: int(o.period))
    return series


def check_gaps(observations: Sequence[Observation]) -> list[Finding]:
    """Year series with missing years between their first and their last year."""
    findings: list[Finding] = []
    for points in _series(observations).values():
        years = [int(p.period) for p in points]
        missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if not missing or len(years) < 2:
            continue
        first = points[0]
        # Survey waves (2004, 2013, 2023) miss most years by design: reported as info.
        sparse = len(missing) > len(years)
        findings.append(
            Finding(
                severity="info" if sparse else "warning",
                dataset=first.dataset,
                check="gat-in-reeks",
                message=(
                    f"Tabel {first.table}, {first.measure} {_series_label(first)}: "
                    "geen waarde voor "
                    f"{_year_ranges(missing)} (reeks {years[0]}–{years[-1]}"
                    f"{', meetjaren ' + ', '.join(map(str, years)) if sparse else ''})."
                ),
                values={"table": first.table, "measure": first.measure, "missing": missing},
            )
        )
    return findings


def _year_ranges(years: list[int]) -> str:
    """``[2005, 2006, 2007, 2010]`` -> ``2005–2007, 2010``."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _series_label(obs: Observation) -> str:
    dims = [f"{DUTCH_DIMENSION[d]} '{getattr(obs, d)}'" for d in DIMENSIONS[1:] if getattr(obs, d)]
    return "(" + (", ".join(dims) or "totaal") + ")"


def check_jumps(observations: Sequence[Observation]) -> list[Finding]:
    """Implausible changes from one year to the next."""
    findings: list[Finding] = []
    for points in _series(observations).values():
        for before, after in pairwise(points):
            if int(after.period) - int(before.period) != 1 or not _is_jump(before, after):
                continue
            change = after.value - before.value
            findings.append(
                Finding(
                    severity="warning",
                    dataset=after.dataset,
                    check="sprong",
                    message=(
                        f"Tabel {after.table}, {after.measure} {_series_label(after)}: van "
                        f"{_n(before.value)} ({before.period}) naar {_n(after.value)} "
                        f"({after.period}), {'+' if change > 0 else ''}{_n(change)}."
                    ),
                    values={
                        "table": after.table,
                        "measure": after.measure,
                        "from_period": before.period,
                        "to_period": after.period,
                        "from": before.value,
                        "to": after.value,
                    },
                )
            )
    return findings


def _is_jump(before: Observation, after: Observation) -> bool:
    change = abs(after.value - before.value)
    if before.unit == "count":
        if before.value <= 0:
            return change >= JUMP_MIN_ABSOLUTE
        return change / before.value > JUMP_RELATIVE and change >= JUMP_MIN_ABSOLUTE
    if before.unit == "percent" and not is_change_measure(before):
        return change > JUMP_PERCENT_POINTS
    return False


# --- (e) values outside their possible range -----------------------------------------------


def check_ranges(observations: Sequence[Observation]) -> list[Finding]:
    """Negative counts and percentages outside 0-100 (growth figures excepted)."""
    findings: list[Finding] = []
    for obs in observations:
        if is_change_measure(obs):
            continue
        if obs.unit == "count" and obs.value < 0:
            problem = f"negatief aantal {_n(obs.value)}"
        elif obs.unit == "percent" and not 0 <= obs.value <= 100:
            problem = f"percentage {_n(obs.value)} ligt buiten 0–100"
        else:
            continue
        findings.append(
            Finding(
                severity="error",
                dataset=obs.dataset,
                check="buiten-bereik",
                message=f"Tabel {obs.table}, {_where(obs)}: {problem}.",
                values={"table": obs.table, "measure": obs.measure, "value": obs.value},
            )
        )
    return findings


@dataclass(frozen=True)
class References:
    """The reference lists: institution names and (programme, level) pairs."""

    institutions: frozenset[str]
    programmes: frozenset[tuple[str, str]]


def check_references(observations: Sequence[Observation], refs: References) -> list[Finding]:
    """Institutions and programmes missing from the reference lists (e.g. a new spelling).

    An unknown institution has no campus province, so it lands in "onbekend" when figures are
    aggregated per province; one warning per dataset and name.
    """
    unknown: dict[tuple[str, str, str], int] = defaultdict(int)
    for obs in observations:
        if obs.institution and obs.institution not in refs.institutions:
            unknown[(obs.dataset, "instelling", obs.institution)] += 1
        if obs.programme and obs.level and (obs.programme, obs.level) not in refs.programmes:
            unknown[(obs.dataset, "opleiding", f"{obs.programme} ({obs.level})")] += 1
    return [
        Finding(
            severity="warning",
            dataset=dataset,
            check="onbekende-referentie",
            message=f"{kind.capitalize()} {name!r} staat niet in de referentielijst "
            f"({rows} rij(en)); voeg ze toe of gebruik de naam uit de lijst.",
            values={"kind": kind, "name": name, "rows": rows},
        )
        for (dataset, kind, name), rows in sorted(unknown.items())
    ]


CHECKS: dict[str, Callable[[Sequence[Observation]], list[Finding]]] = {
    "delen-totaal": check_totals,
    "dubbel-verschillend": check_duplicates,
    "gat-in-reeks": check_gaps,
    "sprong": check_jumps,
    "buiten-bereik": check_ranges,
}


def run_checks(
    observations: Sequence[Observation],
    dataset: str | None = None,
    references: References | None = None,
) -> list[Finding]:
    """Every check over ``observations``; with ``dataset``, only the findings about it.

    The checks always see every observation, so a conflict between two datasets is found
    whichever of them is asked for. With ``references``, names missing from the reference
    lists are reported too.
    """
    findings = [finding for check in CHECKS.values() for finding in check(observations)]
    if references is not None:
        findings.extend(check_references(observations, references))
    if dataset is not None:
        findings = [f for f in findings if f.concerns(dataset)]
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.dataset, f.check))
