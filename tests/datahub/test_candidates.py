"""Set-based checks: picking candidates with NumPy never changes what the checks report.

`run_checks` takes the observations column by column and runs each check only on the groups
:mod:`krapte.datahub.core.candidates` selects. These tests hold it to the plain definition: every
check run over every observation.
"""

from __future__ import annotations

import numpy as np
import pytest

from builders import obs, series, store_release
from krapte.bootstrap import Container
from krapte.datahub import repository
from krapte.datahub.core.bundle import load_package
from krapte.datahub.core.checks import (
    SEVERITY_ORDER,
    Finding,
    References,
    check_duplicates,
    check_ranges,
    check_references,
    check_totals,
    run_checks,
)
from krapte.datahub.core.columns import CHECKED_FIELDS, ObservationColumns
from krapte.datahub.core.records import Observation
from krapte.datahub.core.series import (
    SeriesDeclarations,
    SeriesSelector,
    StructuralBreak,
    SurveySeries,
    bundled_series_declarations,
)
from krapte.datahub.core.series_checks import (
    check_enrolments_without_starters,
    check_gaps,
    check_jumps,
)


def every_check_over_every_row(
    rows: list[Observation], refs: References, declared: SeriesDeclarations
) -> list[Finding]:
    findings = [
        *check_totals(rows),
        *check_duplicates(rows),
        *check_gaps(rows, declared),
        *check_jumps(rows, declared),
        *check_ranges(rows),
        *check_enrolments_without_starters(rows),
        *check_references(rows, refs),
    ]
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.dataset, f.check))


def bundled() -> tuple[list[Observation], References]:
    package = load_package()
    rows = [o for dataset in package.datasets for o in dataset.observations]
    refs = References(
        institutions=frozenset(i.name for i in package.institutions),
        programmes=frozenset((p.name, p.level) for p in package.programmes),
    )
    return rows, refs


def noisy_export(seed: int) -> list[Observation]:
    """Random series per school with totals, gaps, jumps, copies and odd values."""
    rng = np.random.default_rng(seed)
    rows: list[Observation] = []
    for school in ("A", "B", "HOGENT", "Z"):
        years = [y for y in range(2010, 2024) if rng.random() > 0.15]
        values = rng.choice([0, 5, 40, 100, 180, -3], size=len(years))
        for measure in ("inschrijvingen", "studiestarters", "instroom_groei"):
            rows += series(years, values, institution=school, measure=measure, table="x")
        rows += series(years, values + rng.integers(0, 2, len(years)), institution=school)
    for year in range(2010, 2024):
        parts = sum(o.value for o in rows if o.period == str(year) and o.table == "x")
        total = parts + float(rng.integers(-1, 2))
        rows.append(obs(period=str(year), value=total, institution="", table="x", category=""))
        share = float(rng.choice([100, 99.4, 98]))
        rows += [
            obs(period=str(year), unit="percent", value=v, category=c, table="p")
            for c, v in (("a", 40.0), ("b", 59.0), ("", share), ("c", float(rng.choice([1, 140]))))
        ]
    rows.append(obs(dataset="andere", institution="A", period="2015", value=1.0, table="y"))
    return rows


DECLARED = SeriesDeclarations(
    breaks=(StructuralBreak(SeriesSelector("inschrijvingen", (("institution", "A"),)), 2016, "r"),),
    surveys=(
        SurveySeries(SeriesSelector("inschrijvingen", (("institution", "Z"),)), (2010, 2013), "s"),
    ),
)


@pytest.mark.parametrize("seed", range(6))
def test_set_based_checks_report_exactly_what_every_check_finds(seed: int) -> None:
    rows, refs = bundled()
    rows += noisy_export(seed)
    expected = every_check_over_every_row(rows, refs, DECLARED)
    assert len({f.check for f in expected}) >= 6  # the data gives every kind of finding
    assert run_checks(rows, references=refs, declarations=DECLARED) == expected


def test_the_bundled_data_gives_the_same_findings_set_based() -> None:
    rows, refs = bundled()
    declared = bundled_series_declarations()
    columns = ObservationColumns.of(rows)
    records_dropped = ObservationColumns(columns.codes, columns.texts, columns.values)
    expected = every_check_over_every_row(rows, refs, declared)
    assert run_checks(records_dropped, references=refs) == expected


def test_nothing_to_check_finds_nothing() -> None:
    assert run_checks([], references=References(frozenset(), frozenset())) == []


def test_the_store_gives_the_columns_of_its_current_figures_in_order(
    container: Container,
) -> None:
    first = [obs(value=1), obs(period="2023", value=2)]
    current = [obs(value=3, institution="B"), obs(period="2025", value=4.5, unit="percent")]
    other = [obs(dataset="andere", value=7, table="t9")]
    with container.unit_of_work(write=True) as uow:
        store_release(uow.session, first)
        store_release(uow.session, current)
        store_release(uow.session, other, dataset="andere")
        uow.commit()
    seen: list[tuple[int, int]] = []
    with container.unit_of_work() as uow:
        columns = repository.current_columns(uow.session, lambda d, n: seen.append((d, n)))
        expected = repository.fetch_all_current(uow.session)
    decoded = [
        tuple(
            columns.texts[name][code]
            for name in CHECKED_FIELDS
            for code in [columns.codes[name][i]]
        )
        for i in range(len(columns))
    ]
    assert decoded == [tuple(getattr(o, name) for name in CHECKED_FIELDS) for o in expected]
    assert columns.values.tolist() == [o.value for o in expected]
    assert seen == [(3, 3)]
