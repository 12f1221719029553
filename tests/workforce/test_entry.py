"""Records entered one at a time: the file's checks, all or nothing, only by the organisation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from krapte.accounts.core.permissions import SYSTEM, Actor, Forbidden, Role
from krapte.bootstrap import Container
from krapte.errors import InvalidInput
from krapte.workforce import entry, service
from krapte.workforce.tables import WorkforceAbsence, WorkforceRecord
from workforce.builders import import_file, organisation, staff, staff_file

TODAY = date(2025, 7, 1)


def _counts(container: Container) -> tuple[int, int]:
    with container.unit_of_work() as uow:
        records = uow.session.scalar(select(func.count()).select_from(WorkforceRecord))
        absences = uow.session.scalar(select(func.count()).select_from(WorkforceAbsence))
    return int(records or 0), int(absences or 0)


def _add(container: Container, actor: Actor = SYSTEM, **fields: str) -> entry.StaffRecord:
    row = staff(pseudonym="MW-1", **fields) if "pseudonym" not in fields else staff(**fields)
    return entry.add_record(container.unit_of_work(write=True), actor, "CAW Oost", row, as_of=TODAY)


def test_an_entered_record_counts_in_the_indicators(container: Container) -> None:
    organisation(container)
    added = _add(container, start_date="2024-02-01")
    assert added.fields["start_date"] == "2024-02-01"
    found = service.organisation_indicators(container.unit_of_work(), SYSTEM, "CAW Oost")
    assert found.records_as_of == TODAY.isoformat()
    assert {y.year: y.inflow for y in found.years}[2024] == 1


def test_a_bad_entry_names_each_field_and_stores_nothing(container: Container) -> None:
    organisation(container)
    with pytest.raises(InvalidInput) as refused:
        _add(container, fte="1,5", start_date="31/02/2024", level="doctor")
    fields = {p.field for p in refused.value.problems}
    assert fields == {"fte", "start_date", "level"}
    assert all(p.row is None and not p.file for p in refused.value.problems)
    assert _counts(container) == (0, 0)


@pytest.mark.parametrize("pseudonym", ["85.07.30-033.61", "JanPeeters", "Jan Peeters"])
def test_a_name_or_national_number_as_pseudonym_is_refused(
    container: Container, pseudonym: str
) -> None:
    organisation(container)
    with pytest.raises(InvalidInput) as refused:
        _add(container, pseudonym=pseudonym)
    assert "pseudonym" in {p.field for p in refused.value.problems}
    assert _counts(container) == (0, 0)


def test_the_same_employment_twice_is_refused(container: Container) -> None:
    organisation(container)
    _add(container)
    with pytest.raises(InvalidInput, match="al een tewerkstelling"):
        _add(container)
    assert _counts(container) == (1, 0)


def test_ending_an_employment_counts_as_outflow_with_its_reason(container: Container) -> None:
    organisation(container)
    _add(container, start_date="2022-01-01")
    ended = entry.end_employment(
        container.unit_of_work(write=True),
        SYSTEM,
        "CAW Oost",
        "MW-1",
        "30/4/2025",
        "werkdruk",
        as_of=TODAY,
    )
    assert (ended.fields["end_date"], ended.fields["exit_reason"]) == ("2025-04-30", "werkdruk")
    found = service.organisation_indicators(container.unit_of_work(), SYSTEM, "CAW Oost")
    assert [(e.year, e.reason, e.count) for e in found.exits] == [(2025, "werkdruk", 1)]


@pytest.mark.parametrize(
    ("end_date", "reason", "field"),
    [
        ("2021-12-31", "werkdruk", "end_date"),  # before the start
        ("2025-08-01", "werkdruk", "end_date"),  # after today
        ("2025-04-30", "verveling", "exit_reason"),
        ("", "werkdruk", "end_date"),
        ("2025-04-30", "", "exit_reason"),
    ],
)
def test_a_wrong_end_is_refused_and_the_employment_stays_open(
    container: Container, end_date: str, reason: str, field: str
) -> None:
    organisation(container)
    _add(container, start_date="2022-01-01")
    with pytest.raises(InvalidInput) as refused:
        entry.end_employment(
            container.unit_of_work(write=True),
            SYSTEM,
            "CAW Oost",
            "MW-1",
            end_date,
            reason,
            as_of=TODAY,
        )
    assert field in {p.field for p in refused.value.problems}
    found = service.organisation_indicators(container.unit_of_work(), SYSTEM, "CAW Oost")
    assert found.exits == ()


def test_an_absence_must_lie_within_the_employment(container: Container) -> None:
    organisation(container)
    _add(container, start_date="2022-01-01")
    uow = container.unit_of_work
    entry.add_absence(uow(write=True), SYSTEM, "CAW Oost", "MW-1", "2024-01-08", "2024-05-31")
    with pytest.raises(InvalidInput, match="buiten de tewerkstelling"):
        entry.add_absence(uow(write=True), SYSTEM, "CAW Oost", "MW-1", "2021-01-08", "2021-05-31")
    with pytest.raises(InvalidInput) as refused:
        entry.add_absence(uow(write=True), SYSTEM, "CAW Oost", "MW-1", "2024-06-30", "2024-06-01")
    assert {p.field for p in refused.value.problems} == {"last_day"}
    assert _counts(container) == (1, 1)
    found = service.organisation_indicators(uow(), SYSTEM, "CAW Oost")
    assert {y.year: y.absence_rate for y in found.years}[2024] == 1.0


def test_another_organisation_may_change_nothing(container: Container) -> None:
    organisation(container)
    _add(container)
    other = Actor(user_id=99, roles=frozenset({Role.ORGANISATION}), organisations=frozenset({"X"}))
    uow = container.unit_of_work
    with pytest.raises(Forbidden):
        _add(container, other, pseudonym="MW-2")
    with pytest.raises(Forbidden):
        entry.end_employment(uow(write=True), other, "CAW Oost", "MW-1", "2025-01-01", "pensioen")
    with pytest.raises(Forbidden):
        entry.add_absence(uow(write=True), other, "CAW Oost", "MW-1", "2024-01-01", "2024-02-01")
    assert _counts(container) == (1, 0)


def test_an_import_stores_empty_texts_as_empty_and_missing_dates_as_missing(
    container: Container, tmp_path: Path
) -> None:
    organisation(container)
    rows = [
        staff(pseudonym="B2", programme="", start_date="2021-05-01"),
        staff(pseudonym="A1", programme='Sociaal werk; "avond"', start_date="2020-01-01",
              end_date="2022-02-28", exit_reason="pensioen"),
    ]  # fmt: skip
    import_file(container, "CAW Oost", staff_file(tmp_path, rows))
    with container.unit_of_work() as uow:
        stored = uow.session.execute(
            select(
                WorkforceRecord.pseudonym,
                WorkforceRecord.programme,
                WorkforceRecord.end_day,
                WorkforceRecord.end_year,
                WorkforceRecord.exit_reason,
            ).order_by(WorkforceRecord.pseudonym)
        ).all()
    assert [tuple(r) for r in stored] == [
        ("A1", 'Sociaal werk; "avond"', 19051, 2022, "pensioen"),
        ("B2", "", None, None, None),
    ]
