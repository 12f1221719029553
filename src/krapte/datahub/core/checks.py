"""Consistency checks over tidy observations: the findings `krapte data validate` prints.

Pure: a list of :class:`~krapte.datahub.core.records.Observation` in, a list of
:class:`~krapte.datahub.core.findings.Finding` out. Findings are statements about the data (the
report prints what it prints), not failures. This module holds the checks over printed tables
(totals, duplicates, ranges, reference lists) and :func:`run_checks`, which runs them with the
series checks of :mod:`krapte.datahub.core.series_checks`. The rules and thresholds are
documented in ``docs/checks-and-imports.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from krapte.datahub.core import candidates
from krapte.datahub.core.columns import ObservationColumns
from krapte.datahub.core.findings import (
    DIMENSIONS,
    DUTCH_DIMENSION,
    SEVERITY_ORDER,
    Finding,
    Severity,
    is_change_measure,
    show_number,
    where,
)
from krapte.datahub.core.records import Observation
from krapte.datahub.core.series import SeriesDeclarations, bundled_series_declarations
from krapte.datahub.core.series_checks import (
    check_enrolments_without_starters,
    check_gaps,
    check_jumps,
)

__all__ = [
    "SEVERITY_ORDER",
    "Finding",
    "References",
    "Severity",
    "check_duplicates",
    "check_ranges",
    "check_references",
    "check_totals",
    "run_checks",
]

#: Dimensions a printed table breaks a total down by ("" in that dimension = the total row).
BREAKDOWN_DIMENSIONS: tuple[str, ...] = ("institution", "programme", "category")
#: Parts and total agree when they differ by less than this (counts are whole numbers).
COUNT_TOLERANCE = 0.5
#: A percent breakdown whose printed total is 100 may be off by this much through rounding.
PERCENT_TOLERANCE = 0.5
#: The units whose breakdowns are compared with their totals, and how close they must be.
TOLERANCE = {"count": COUNT_TOLERANCE, "percent": PERCENT_TOLERANCE}


# --- (a) parts that do not add up to the printed total -------------------------------------


def _without(obs: Observation, dimension: str) -> tuple[str, ...]:
    rest = tuple(getattr(obs, d) for d in DIMENSIONS if d != dimension)
    return (obs.dataset, obs.table, obs.measure, obs.period, obs.unit, *rest)


def check_totals(observations: Sequence[Observation]) -> list[Finding]:
    """Printed totals that differ from the sum of their parts (and the part that explains it)."""
    return [
        finding
        for dimension in BREAKDOWN_DIMENSIONS
        for finding in check_totals_over(observations, dimension)
    ]


def check_totals_over(observations: Sequence[Observation], dimension: str) -> list[Finding]:
    """:func:`check_totals` for the breakdown by one dimension."""
    findings: list[Finding] = []
    parts: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
    for obs in observations:
        if getattr(obs, dimension) != "":
            parts[_without(obs, dimension)].append(obs)
    for total in observations:
        if getattr(total, dimension) != "" or total.unit not in TOLERANCE:
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
    tolerance = TOLERANCE[total.unit]
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
        f"Tabel {total.table}, {where(total)}: de rijen per {label} tellen op tot "
        f"{show_number(parts_sum)}, het gedrukte totaal is {show_number(total.value)} "
        f"(verschil {show_number(parts_sum - total.value)})."
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
        printed = "; ".join(f"{show_number(c.value)} in {c.table}" for c in copies)
        findings.append(
            Finding(
                severity="error",
                dataset=", ".join(datasets),
                check="dubbel-verschillend",
                message=f"{where(copies[0])} staat verschillend in twee tabellen: {printed}.",
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


# --- (e) values outside their possible range -----------------------------------------------


def check_ranges(observations: Sequence[Observation]) -> list[Finding]:
    """Negative counts and percentages outside 0-100 (growth figures excepted)."""
    findings: list[Finding] = []
    for obs in observations:
        if is_change_measure(obs):
            continue
        if obs.unit == "count" and obs.value < 0:
            problem = f"negatief aantal {show_number(obs.value)}"
        elif obs.unit == "percent" and not 0 <= obs.value <= 100:
            problem = f"percentage {show_number(obs.value)} ligt buiten 0–100"
        else:
            continue
        findings.append(
            Finding(
                severity="error",
                dataset=obs.dataset,
                check="buiten-bereik",
                message=f"Tabel {obs.table}, {where(obs)}: {problem}.",
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
    return _reference_findings(unknown)


def _reference_findings(unknown: dict[tuple[str, str, str], int]) -> list[Finding]:
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


def run_checks(
    observations: Sequence[Observation] | ObservationColumns,
    dataset: str | None = None,
    references: References | None = None,
    declarations: SeriesDeclarations | None = None,
) -> list[Finding]:
    """Every check over ``observations``; with ``dataset``, only the findings about it.

    The checks always see every observation, so a conflict between two datasets is found
    whichever of them is asked for. With ``references``, names missing from the reference
    lists are reported too. Declared breaks and survey waves explain jumps and gaps instead of
    warning about them: ``declarations`` defaults to the bundled ones
    (:func:`~krapte.datahub.core.series.bundled_series_declarations`); pass an empty
    :class:`~krapte.datahub.core.series.SeriesDeclarations` to check without any.

    Set-based: the observations are taken column by column and
    :mod:`~krapte.datahub.core.candidates` picks, with NumPy, the groups each check could report;
    the check itself then runs on those rows only (the findings are the same as over all rows).
    """
    if declarations is None:
        declarations = bundled_series_declarations()
    columns = (
        observations
        if isinstance(observations, ObservationColumns)
        else ObservationColumns.of(observations)
    )
    findings = [
        finding
        for dimension in BREAKDOWN_DIMENSIONS
        for finding in check_totals_over(
            columns.take(candidates.totals(columns, dimension, TOLERANCE)), dimension
        )
    ]
    findings.extend(
        check_duplicates(columns.take(candidates.duplicates(columns, BREAKDOWN_DIMENSIONS)))
    )
    gapped, jumping = candidates.series(columns, declarations)
    findings.extend(check_gaps(columns.take(gapped), declarations))
    findings.extend(check_jumps(columns.take(jumping), declarations))
    findings.extend(check_ranges(columns.take(candidates.out_of_range(columns))))
    findings.extend(check_enrolments_without_starters(columns.take(candidates.starters(columns))))
    if references is not None:
        unknown = candidates.unknown_references(
            columns, references.institutions, references.programmes
        )
        findings.extend(_reference_findings(unknown))
    if dataset is not None:
        findings = [f for f in findings if f.concerns(dataset)]
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.dataset, f.check))
