"""The workforce monitor's use cases: organisations, staff record imports, indicators, sector.

Every function takes the unit of work first and, where personal data is concerned, the
:class:`Actor` second, and asks the permission function before it reads or writes anything.
Organisations (their subsector, size class and province) are public facts about an organisation
and need no actor to be read. Staff records never leave the store as rows: callers get counts
and indicators of their own organisation, and the sector's protected aggregates.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

from krapte.accounts.core.permissions import Actor, Resource, Role, allowed, require
from krapte.db.uow import UnitOfWork
from krapte.errors import Conflict, InvalidInput, NotFound
from krapte.tabular import read_table
from krapte.workforce import repository as repo
from krapte.workforce.core.disclosure import Rules
from krapte.workforce.core.indicators import OrganisationIndicators, combine
from krapte.workforce.core.records import (
    EXIT_REASONS,
    FUNCTIONS,
    LEVELS,
    MAX_MUNICIPALITY,
    MAX_NAME,
    REGIONS,
    SIZE_CLASSES,
    SUBSECTORS,
    Organisation,
)
from krapte.workforce.core.sector import (
    BREAKDOWNS,
    SUPPRESSED,
    SectorTable,
    organisation_years,
    protect_sector,
    sector_table,
)
from krapte.workforce.core.staff_file import NO_DAY, StaffFile, day_date, day_number, read_staff

__all__ = [
    "BREAKDOWNS",
    "ImportResult",
    "get_organisation",
    "import_records",
    "list_organisations",
    "organisation_indicators",
    "register_organisation",
    "sector",
    "sector_tables",
]

RESERVED_NAMES = frozenset({"sector", "bevraging"})
"""Pages under ``/werkkracht/`` (an organisation's own page is ``/werkkracht/{name}``)."""
YEARS_SHOWN = 15
"""An organisation's indicators cover at most this many calendar years."""
SECTOR_YEARS = 10
"""The sector tables cover at most this many complete calendar years."""


def _resource(organisation: str) -> Resource:
    return Resource("workforce", organisation=organisation)


@dataclass(frozen=True)
class ImportResult:
    organisation: str
    records: int
    absences: int
    records_as_of: str

    def as_dict(self) -> dict[str, object]:
        return {
            "organisation": self.organisation,
            "records": self.records,
            "absences": self.absences,
            "records_as_of": self.records_as_of,
        }


# --- organisations --------------------------------------------------------------------------


def _choice(value: str, allowed_values: tuple[str, ...], field: str) -> str:
    for candidate in allowed_values:
        if candidate.casefold() == value.strip().casefold():
            return candidate
    raise InvalidInput.single(f"kies uit: {', '.join(allowed_values)}", field=field)


def register_organisation(
    uow: UnitOfWork,
    actor: Actor,
    name: str,
    subsector: str,
    size_class: str,
    province: str,
    municipality: str = "",
) -> Organisation:
    """Register an organisation under ``name`` (the name its users' memberships carry)."""
    require(actor, "workforce.organisation.write", _resource(name))
    name = unicodedata.normalize("NFC", name.strip())
    if not name or len(name) > MAX_NAME or any(unicodedata.category(c) == "Cc" for c in name):
        raise InvalidInput.single(
            f"vul een naam in van hoogstens {MAX_NAME} tekens, zonder regeleinden", field="naam"
        )
    if "/" in name or name.casefold() in RESERVED_NAMES:
        raise InvalidInput.single(
            "deze naam kan niet: hij mag geen '/' bevatten en niet 'sector' of 'bevraging' zijn "
            "(die woorden zijn pagina's van de personeelsmonitor)",
            field="naam",
        )
    if len(municipality.strip()) > MAX_MUNICIPALITY:
        raise InvalidInput.single(f"hoogstens {MAX_MUNICIPALITY} tekens", field="gemeente")
    organisation = Organisation(
        name=name,
        subsector=_choice(subsector, SUBSECTORS, "subsector"),
        size_class=_choice(size_class, SIZE_CLASSES, "grootteklasse"),
        province=_choice(province, REGIONS, "provincie"),
        municipality=municipality.strip(),
    )
    with uow:
        if repo.organisation_id(uow.session, name) is not None:
            raise Conflict(f"de organisatie '{name}' bestaat al")
        repo.add_organisation(uow.session, organisation)
        uow.commit()
    return organisation


def get_organisation(uow: UnitOfWork, name: str) -> Organisation:
    """The organisation called ``name``; NotFound otherwise."""
    with uow:
        found = repo.get_organisation(uow.session, name)
    if found is None:
        raise NotFound(f"er is geen organisatie '{name}'")
    return found


def list_organisations(uow: UnitOfWork, actor: Actor) -> list[Organisation]:
    """The organisations whose records ``actor`` may read (administrators: all)."""
    if not actor.authenticated:
        require(actor, "workforce.records.read")
    with uow:
        if actor.has(Role.ADMIN):
            return repo.list_organisations(uow.session)
        return repo.list_organisations(uow.session, sorted(actor.organisations))


def _organisation_id(uow: UnitOfWork, name: str) -> int:
    found = repo.organisation_id(uow.session, name)
    if found is None:
        raise NotFound(f"er is geen organisatie '{name}'")
    return found


# --- staff records --------------------------------------------------------------------------


def import_records(
    uow: UnitOfWork,
    actor: Actor,
    organisation: str,
    path: Path,
    *,
    sheet: str | None = None,
    as_of: date | None = None,
) -> ImportResult:
    """Replace ``organisation``'s staff records by those of the file (all or nothing).

    ``as_of`` is the date the file describes (default: today). The file is checked completely
    (privacy first) before anything is written; one problem refuses the whole file.
    """
    require(actor, "workforce.records.write", _resource(organisation))
    as_of = as_of or datetime.now(UTC).date()
    table = read_table(path, sheet=sheet)
    staff = read_staff(table, as_of)
    with uow:
        organisation_id = _organisation_id(uow, organisation)
        records, absences = record_columns(staff)
        repo.replace_records(
            uow.session, organisation_id, records, absences, day_number(as_of), datetime.now(UTC)
        )
        uow.commit()
    return ImportResult(organisation, len(staff), len(staff.absences), as_of.isoformat())


def _years_of(days: np.ndarray) -> np.ndarray:
    """The calendar year of every day number (days since 1970-01-01)."""
    return days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


Columns = dict[str, list[object]]


def record_columns(staff: StaffFile) -> tuple[Columns, Columns]:
    """The records and absences as columns for the store (without the organisation), in the
    order of their index (start day, first day): the index then only grows at its end, which
    halves the time SQLite takes to write (and later delete) them."""
    order = np.argsort(staff.start, kind="stable")
    start, end = staff.start[order], staff.end[order]
    open_ended = end == NO_DAY
    ends = end.astype(object)
    ends[open_ended] = None
    end_years = _years_of(end).astype(object)
    end_years[open_ended] = None
    names = np.asarray(staff.pseudonym, dtype=object)
    records: Columns = {
        "pseudonym": names[order].tolist(),
        "function": np.asarray(FUNCTIONS, dtype=object)[staff.function[order]].tolist(),
        "programme": np.asarray(staff.programme, dtype=object)[order].tolist(),
        "level": np.asarray(LEVELS, dtype=object)[staff.level[order]].tolist(),
        "fte": staff.fte[order].tolist(),
        "birth_first": staff.birth_first[order].tolist(),
        "birth_last": staff.birth_last[order].tolist(),
        "start_day": start.tolist(),
        "end_day": ends.tolist(),
        "start_year": _years_of(start).tolist(),
        "end_year": end_years.tolist(),
        "exit_reason": np.asarray((*EXIT_REASONS, None), dtype=object)[
            staff.exit_reason[order]
        ].tolist(),
    }
    periods = sorted(staff.absences, key=lambda period: period[1])
    absences: Columns = {
        "pseudonym": [staff.pseudonym[index] for index, _, _ in periods],
        "first_day": [first for _, first, _ in periods],
        "last_day": [last for _, _, last in periods],
    }
    return records, absences


# --- indicators -----------------------------------------------------------------------------


def _years(first_day: int, last_day: int, limit: int) -> list[tuple[int, int, int]]:
    last_year = day_date(last_day).year
    first_year = max(day_date(first_day).year, last_year - limit + 1)
    return [
        (year, day_number(date(year, 1, 1)), day_number(date(year, 12, 31)))
        for year in range(first_year, last_year + 1)
    ]


def organisation_indicators(
    uow: UnitOfWork, actor: Actor, organisation: str
) -> OrganisationIndicators:
    """``organisation``'s indicators per year (see :mod:`krapte.workforce.core.indicators`)."""
    require(actor, "workforce.indicators.read", _resource(organisation))
    with uow:
        organisation_id = _organisation_id(uow, organisation)
        first, as_of = repo.record_span(uow.session, organisation_id)
        if first is None or as_of is None:
            return combine(organisation, "", 0, [], [], [], {})
        years = repo.years_table(_years(first, as_of, YEARS_SHOWN))
        session = uow.session
        return combine(
            organisation,
            day_date(as_of).isoformat(),
            day_date(as_of).year,
            repo.stock(session, organisation_id, years),
            repo.hires(session, organisation_id, years),
            repo.exits(session, organisation_id, years),
            repo.absent(session, organisation_id, years),
        )


# --- the sector -----------------------------------------------------------------------------


def sector(
    uow: UnitOfWork, actor: Actor, by: tuple[str, ...], rules: Rules = Rules()
) -> SectorTable:
    """The protected sector table broken down ``by`` (one of :data:`BREAKDOWNS`) and year.

    Anyone may read a breakdown by one dimension (the public view); a breakdown by two
    dimensions is for analysts and administrators. Every breakdown is protected together with
    all the others, whoever asks.
    """
    (found,) = sector_tables(uow, actor, (by,), rules)
    return found


def sector_tables(
    uow: UnitOfWork,
    actor: Actor,
    breakdowns: tuple[tuple[str, ...], ...],
    rules: Rules = Rules(),
) -> list[SectorTable]:
    """Several protected breakdowns from one protection (see :func:`sector`)."""
    for by in breakdowns:
        if by not in BREAKDOWNS:
            choices = " | ".join(",".join(b) for b in BREAKDOWNS)
            raise InvalidInput.single(f"kies een indeling uit: {choices}", field="indeling")
        if len(by) > 1:
            require(actor, "workforce.sector.read")
    with uow:
        first, as_of = repo.record_span(uow.session, None)
        if first is None or as_of is None:
            return [SectorTable(by, (), (), 0) for by in breakdowns]
        last_year = day_date(as_of).year - 1
        # From the year after the first start: in the year records begin, the headcount is the
        # inflow minus the outflow (nobody was employed before), which would bound a suppressed
        # flow by a published headcount.
        first_year = max(day_date(first).year + 1, last_year - SECTOR_YEARS + 1)
        if last_year < first_year:
            return [SectorTable(by, (), (), 0) for by in breakdowns]
        organisations, starts, ends = repo.sector_flows(uow.session)
    rows = organisation_years(organisations, starts, ends, first_year - 1, last_year)
    protection = protect_sector(rows, first_year, last_year, rules)
    counted = len({row.organisation for row in rows if row.year >= first_year})
    tables = [sector_table(protection, by, first_year, counted) for by in breakdowns]
    if allowed(actor, "workforce.organisation.write"):
        return tables
    return [_without_reasons(table) for table in tables]


def _without_reasons(table: SectorTable) -> SectorTable:
    """A reason says on which side of the threshold a count lies ("te weinig personen": 1 to 9),
    which narrows a suppressed cell beyond the guarantee: all but administrators see one mark."""
    return replace(
        table,
        rows=tuple(
            replace(row, suppressed=SUPPRESSED if row.suppressed else "") for row in table.rows
        ),
    )


def may_read_sector_detail(actor: Actor) -> bool:
    """Whether ``actor`` may ask for breakdowns by two dimensions."""
    return allowed(actor, "workforce.sector.read")
