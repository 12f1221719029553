"""Staff records entered one at a time (a form or the API): add one, end one, record an absence.

The same checks as a file's row (:mod:`krapte.workforce.core.entry`), the same permission
(``workforce.records.write``, asked before anything is read), all or nothing. A change by hand
keeps the organisation's records up to date: they then describe the day of the change (when it
is later than the date of their latest import). The next import of a file replaces them all, as
before. The record is returned only to whoever may write it: the organisation's own users and
administrators.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from krapte.accounts.core.permissions import Actor, Resource, require
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, NotFound, Problem
from krapte.workforce import repository as repo
from krapte.workforce.core.entry import read_entry
from krapte.workforce.core.records import EXIT_REASONS
from krapte.workforce.core.staff_file import COLUMNS, day_date, day_number, parse_date
from krapte.workforce.service import record_columns

__all__ = ["StaffRecord", "add_absence", "add_record", "end_employment", "require_writer"]


@dataclass(frozen=True)
class StaffRecord:
    """One employment as the staff file writes it (texts by column), after a change."""

    organisation: str
    fields: dict[str, str]

    def as_dict(self) -> dict[str, object]:
        return {"organisation": self.organisation, **{c: self.fields[c] for c in COLUMNS}}


def _allowed(uow: UnitOfWork, actor: Actor, organisation: str) -> int:
    require(actor, "workforce.records.write", Resource("workforce", organisation=organisation))
    found = repo.organisation_id(uow.session, organisation)
    if found is None:
        raise NotFound(f"er is geen organisatie '{organisation}'")
    return found


def require_writer(uow: UnitOfWork, actor: Actor, organisation: str) -> None:
    """Refuse ``actor`` unless they may change ``organisation``'s records (NotFound if none)."""
    with uow:
        _allowed(uow, actor, organisation)


def _today(as_of: date | None) -> date:
    return as_of or datetime.now(UTC).date()


def add_record(
    uow: UnitOfWork,
    actor: Actor,
    organisation: str,
    fields: Mapping[str, str],
    *,
    as_of: date | None = None,
) -> StaffRecord:
    """Add one employment (the staff file's columns as texts; ``absences`` too)."""
    as_of = _today(as_of)
    with uow:
        organisation_id = _allowed(uow, actor, organisation)
        staff = read_entry(fields, as_of)
        pseudonym, start = staff.pseudonym[0], int(staff.start[0])
        if repo.record_exists(uow.session, organisation_id, pseudonym, start):
            raise InvalidInput.single(
                "dit pseudoniem heeft al een tewerkstelling met deze begindatum",
                field="pseudonym",
            )
        records, absences = record_columns(staff)
        repo.add_records(uow.session, organisation_id, records, absences, day_number(as_of))
        found = repo.find_record(uow.session, organisation_id, pseudonym, start)
        uow.commit()
    assert found is not None
    return StaffRecord(organisation, found[1])


def _employment(
    uow: UnitOfWork, organisation_id: int, pseudonym: str, start_date: str
) -> tuple[int, dict[str, str]]:
    """The employment of ``pseudonym`` that started on ``start_date`` (or the open one)."""
    start: int | None = None
    if start_date.strip():
        parsed = parse_date(start_date)
        if parsed is None:
            raise InvalidInput.single("een datum zoals 2024-03-01 of 1/3/2024", field="start_date")
        start = day_number(parsed)
    found = repo.find_record(uow.session, organisation_id, pseudonym.strip(), start)
    if found is None:
        which = "met deze begindatum" if start is not None else "die nog loopt"
        raise InvalidInput.single(
            f"er is geen tewerkstelling van dit pseudoniem {which}", field="pseudonym"
        )
    return found


def end_employment(
    uow: UnitOfWork,
    actor: Actor,
    organisation: str,
    pseudonym: str,
    end_date: str,
    exit_reason: str,
    *,
    start_date: str = "",
    as_of: date | None = None,
) -> StaffRecord:
    """End the open employment of ``pseudonym`` (or the one that started on ``start_date``)."""
    as_of = _today(as_of)
    problems = [
        Problem(message, field=field)
        for field, value, message in (
            ("end_date", end_date, "vul de laatste werkdag in"),
            ("exit_reason", exit_reason, f"kies uit: {', '.join(EXIT_REASONS)}"),
        )
        if not value.strip()
    ]
    with uow:
        organisation_id = _allowed(uow, actor, organisation)
        if problems:
            raise InvalidInput(problems)
        record, fields = _employment(uow, organisation_id, pseudonym, start_date)
        if fields["end_date"]:
            raise InvalidInput.single(
                f"deze tewerkstelling is al beëindigd op {fields['end_date']}", field="pseudonym"
            )
        changed = {**fields, "end_date": end_date, "exit_reason": exit_reason}
        staff = read_entry(changed, as_of, new=False)
        end = int(staff.end[0])
        reason = EXIT_REASONS[int(staff.exit_reason[0])]
        repo.end_record(uow.session, record, end, day_date(end).year, reason)
        repo.describe(uow.session, organisation_id, day_number(as_of))
        start = int(staff.start[0])
        found = repo.find_record(uow.session, organisation_id, fields["pseudonym"], start)
        uow.commit()
    assert found is not None
    return StaffRecord(organisation, found[1])


def add_absence(
    uow: UnitOfWork,
    actor: Actor,
    organisation: str,
    pseudonym: str,
    first_day: str,
    last_day: str,
    *,
    start_date: str = "",
    as_of: date | None = None,
) -> StaffRecord:
    """Record a long-term absence period of ``pseudonym``, within one of its employments."""
    as_of = _today(as_of)
    first, last = parse_date(first_day), parse_date(last_day)
    problems = [
        Problem("een datum zoals 2024-03-01 of 1/3/2024", field=field)
        for field, parsed in (("first_day", first), ("last_day", last))
        if parsed is None
    ]
    if first is not None and last is not None and last < first:
        problems.append(Problem("de laatste dag ligt voor de eerste", field="last_day"))
    with uow:
        organisation_id = _allowed(uow, actor, organisation)
        if problems:
            raise InvalidInput(problems)
        _, fields = _employment(uow, organisation_id, pseudonym, start_date)
        period = f"{first_day.strip()}/{last_day.strip()}"
        periods = ";".join(p for p in (fields["absences"], period) if p)
        staff = read_entry({**fields, "absences": periods}, as_of, new=False)
        start = int(staff.start[0])
        assert first is not None
        assert last is not None
        period_days: dict[str, list[object]] = {
            "pseudonym": [fields["pseudonym"]],
            "first_day": [day_number(first)],
            "last_day": [day_number(last)],
        }
        repo.add_records(uow.session, organisation_id, {}, period_days, day_number(as_of))
        found = repo.find_record(uow.session, organisation_id, fields["pseudonym"], start)
        uow.commit()
    assert found is not None
    return StaffRecord(organisation, found[1])
