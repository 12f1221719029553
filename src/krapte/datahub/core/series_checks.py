"""Consistency checks over year series: gaps, jumps, and enrolments without starters.

Pure: observations (and the declared breaks and survey waves of
:mod:`krapte.datahub.core.series`) in, :class:`~krapte.datahub.core.findings.Finding` out. The
rules and thresholds are documented in ``docs/checks-and-imports.md``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import pairwise

from krapte.datahub.core.findings import (
    DIMENSIONS,
    Finding,
    Severity,
    is_change_measure,
    series_label,
    show_number,
)
from krapte.datahub.core.records import Observation
from krapte.datahub.core.series import SeriesDeclarations, SurveySeries

#: A year-on-year change of a count is implausible above this relative change ...
JUMP_RELATIVE = 0.5
#: ... when it also changes by at least this many.
JUMP_MIN_ABSOLUTE = 20.0
#: A year-on-year change of a percentage is implausible above this many points.
JUMP_PERCENT_POINTS = 15.0
#: The measures compared by the enrolments-without-starters check.
ENROLMENTS, STARTERS = "inschrijvingen", "studiestarters"
_YEAR = re.compile(r"^\d{4}$")
_NOTHING_DECLARED = SeriesDeclarations()


def year_series(observations: Iterable[Observation]) -> dict[tuple[str, ...], list[Observation]]:
    """Series over yearly periods: one dataset, table, measure, unit and all dimensions."""
    series: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
    for obs in observations:
        if _YEAR.match(obs.period):
            key = (obs.dataset, obs.table, obs.measure, obs.unit)
            series[key + tuple(getattr(obs, d) for d in DIMENSIONS)].append(obs)
    for points in series.values():
        points.sort(key=lambda o: int(o.period))
    return series


# --- gaps ----------------------------------------------------------------------------------


def check_gaps(
    observations: Sequence[Observation], declarations: SeriesDeclarations | None = None
) -> list[Finding]:
    """Year series with missing years between their first and their last year.

    A declared survey series expects only its waves: the years between waves are no gap, a
    missing wave is reported as information and a value outside the waves as a warning.
    """
    declared = declarations or _NOTHING_DECLARED
    findings: list[Finding] = []
    for points in year_series(observations).values():
        survey = declared.survey_of(points[0])
        if survey is not None:
            findings.extend(_survey_findings(points, survey))
            continue
        years = [int(p.period) for p in points]
        missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
        if missing:
            wording = f"geen waarde voor {_year_ranges(missing)} (reeks {years[0]}–{years[-1]})"
            findings.append(_gap(points, missing, "warning", wording, {}))
    return findings


def _survey_findings(points: list[Observation], survey: SurveySeries) -> list[Finding]:
    years = [int(p.period) for p in points]
    waves = ", ".join(map(str, survey.years))
    findings: list[Finding] = []
    missing = [y for y in survey.years if years[0] < y < years[-1] and y not in years]
    if missing:
        label = "het meetjaar {} ontbreekt" if len(missing) == 1 else "de meetjaren {} ontbreken"
        wording = f"{label.format(', '.join(map(str, missing)))} (meetjaren {waves})"
        extra: dict[str, object] = {"survey_years": list(survey.years), "reason": survey.reason}
        findings.append(_gap(points, missing, "info", wording, extra))
    outside = [y for y in years if y not in survey.years]
    if outside:
        first = points[0]
        findings.append(
            Finding(
                severity="warning",
                dataset=first.dataset,
                check="buiten-meetjaren",
                message=(
                    f"Tabel {first.table}, {first.measure} {series_label(first)}: "
                    f"{', '.join(map(str, outside))} "
                    f"{'is geen meetjaar' if len(outside) == 1 else 'zijn geen meetjaren'} "
                    f"van de bevraging (meetjaren {waves})."
                ),
                values={
                    "table": first.table,
                    "measure": first.measure,
                    "years": outside,
                    "survey_years": list(survey.years),
                },
            )
        )
    return findings


def _gap(
    points: list[Observation],
    missing: list[int],
    severity: Severity,
    wording: str,
    extra: dict[str, object],
) -> Finding:
    first = points[0]
    return Finding(
        severity=severity,
        dataset=first.dataset,
        check="gat-in-reeks",
        message=(f"Tabel {first.table}, {first.measure} {series_label(first)}: {wording}."),
        values={"table": first.table, "measure": first.measure, "missing": missing, **extra},
    )


def _year_ranges(years: list[int]) -> str:
    """``[2005, 2006, 2007, 2010]`` -> ``2005–2007, 2010``."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


# --- jumps ---------------------------------------------------------------------------------


def check_jumps(
    observations: Sequence[Observation], declarations: SeriesDeclarations | None = None
) -> list[Finding]:
    """Implausible changes from one year to the next; a declared break is information."""
    declared = declarations or _NOTHING_DECLARED
    findings: list[Finding] = []
    for points in year_series(observations).values():
        for before, after in pairwise(points):
            if int(after.period) - int(before.period) != 1 or not _is_jump(before, after):
                continue
            change = after.value - before.value
            known = declared.break_into(after)
            message = (
                f"Tabel {after.table}, {after.measure} {series_label(after)}: van "
                f"{show_number(before.value)} ({before.period}) naar "
                f"{show_number(after.value)} ({after.period}), "
                f"{'+' if change > 0 else ''}{show_number(change)}."
            )
            values: dict[str, object] = {
                "table": after.table,
                "measure": after.measure,
                "from_period": before.period,
                "to_period": after.period,
                "from": before.value,
                "to": after.value,
            }
            if known is not None:
                message += f" Bekende breuk: {known.reason}"
                values["declared_break"] = known.reason
            findings.append(
                Finding(
                    severity="warning" if known is None else "info",
                    dataset=after.dataset,
                    check="sprong",
                    message=message,
                    values=values,
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


# --- enrolments without starters ------------------------------------------------------------


def check_enrolments_without_starters(observations: Sequence[Observation]) -> list[Finding]:
    """A programme with enrolments in a year but no (or zero) starters that year.

    Only programmes whose starters are printed in some year, and only years for which some
    starters are printed at all: a programme the starters tables leave out, or a year column they
    leave empty (the 2020 column of the report), is no finding. A figure printed in several
    tables is one finding.
    """
    starters: dict[tuple[str, ...], dict[int, float]] = defaultdict(dict)
    for obs in observations:
        if obs.measure == STARTERS and obs.programme and obs.year is not None:
            starters[_programme_key(obs)][obs.year] = obs.value
    covered = {year for years in starters.values() for year in years}
    flagged: dict[tuple[tuple[str, ...], int], list[Observation]] = defaultdict(list)
    for obs in observations:
        if obs.measure != ENROLMENTS or not obs.programme or obs.year not in covered:
            continue
        known = starters.get(_programme_key(obs))
        if obs.value > 0 and known and not known.get(obs.year, 0) > 0:
            flagged[(_programme_key(obs), obs.year)].append(obs)
    return [_without_starters(copies, starters[key]) for (key, _), copies in flagged.items()]


def _programme_key(obs: Observation) -> tuple[str, ...]:
    return (obs.geography, obs.institution, obs.programme, obs.level)


def _without_starters(copies: list[Observation], starters: dict[int, float]) -> Finding:
    obs = copies[0]
    year = obs.year
    assert year is not None
    printed = starters.get(year)
    other_years = sorted(y for y, v in starters.items() if v > 0)
    what = "geen studiestarters" if printed is None else "0 studiestarters"
    also = f" (wel in {', '.join(map(str, other_years))})" if other_years else ""
    return Finding(
        severity="warning",
        dataset=", ".join(sorted({c.dataset for c in copies})),
        check="inschrijvingen-zonder-starters",
        message=(
            f"Tabel {obs.table}, {obs.measure} {obs.period} {series_label(obs)}: "
            f"{show_number(obs.value)} inschrijvingen maar {what} in {year}{also}. "
            "Ontbreekt het cijfer, staat de rij verschoven, of start de opleiding niet meer?"
        ),
        values={
            "table": obs.table,
            "period": obs.period,
            "enrolments": obs.value,
            "starters": printed,
            "starter_years": other_years,
        },
    )
