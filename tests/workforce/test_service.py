"""The workforce service on SQLite and PostgreSQL: organisations, imports, indicators, access."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from krapte.accounts.core.permissions import ANONYMOUS, Actor, Role
from krapte.bootstrap import Container
from krapte.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthenticated
from krapte.workforce import service
from krapte.workforce.tables import WorkforceAbsence, WorkforceRecord
from workforce.builders import AS_OF, import_file, organisation, staff, staff_file

ORG_USER = Actor(
    user_id=7, roles=frozenset({Role.ORGANISATION}), organisations=frozenset({"CAW Oost"})
)
ANALYST = Actor(user_id=8, roles=frozenset({Role.ANALYST}))


def _stored(container: Container) -> tuple[int, int]:
    with container.unit_of_work() as uow:
        records = uow.session.scalar(select(func.count()).select_from(WorkforceRecord))
        absences = uow.session.scalar(select(func.count()).select_from(WorkforceAbsence))
    return int(records or 0), int(absences or 0)


def test_an_organisation_is_registered_once_with_its_subsector_size_and_province(
    container: Container,
) -> None:
    organisation(container, "CAW Oost", "Jeugdhulp", "50-199", "oost-vlaanderen")
    found = service.get_organisation(container.unit_of_work(), "CAW Oost")
    assert (found.subsector, found.size_class, found.province) == (
        "jeugdhulp",
        "50-199",
        "Oost-Vlaanderen",
    )
    with pytest.raises(Conflict):
        organisation(container, "CAW Oost")
    with pytest.raises(InvalidInput, match="kies uit"):
        organisation(container, "Ander", province="Gelderland")
    with pytest.raises(NotFound):
        service.get_organisation(container.unit_of_work(), "Onbekend")


def test_an_import_replaces_the_records_and_a_bad_file_changes_nothing(
    container: Container, tmp_path: Path
) -> None:
    organisation(container)
    good = staff_file(
        tmp_path,
        [staff(pseudonym="P1", absences="2021-02-01/2021-08-31"), staff(pseudonym="P2")],
    )
    result = import_file(container, "CAW Oost", good)
    assert (result.records, result.absences) == (2, 1)
    assert _stored(container) == (2, 1)
    names = staff_file(tmp_path, [staff(pseudonym="P3")], name="namen.csv", extra={"naam": ["An"]})
    with pytest.raises(InvalidInput, match="privacy"):
        import_file(container, "CAW Oost", names)
    late_row = [staff(pseudonym="P3"), staff(pseudonym="P4", level="doctor")]
    with pytest.raises(InvalidInput) as caught:
        import_file(container, "CAW Oost", staff_file(tmp_path, late_row, name="fout.csv"))
    assert [str(p).split(":")[0] for p in caught.value.problems] == [
        "fout.csv, rij 3, kolom 'level'"
    ]
    assert _stored(container) == (2, 1)
    import_file(container, "CAW Oost", staff_file(tmp_path, [staff(pseudonym="P9")], name="n.csv"))
    assert _stored(container) == (1, 0)
    assert service.get_organisation(container.unit_of_work(), "CAW Oost").records == 1


def test_dates_after_the_date_of_the_records_are_refused(
    container: Container, tmp_path: Path
) -> None:
    organisation(container)
    path = staff_file(tmp_path, [staff(start_date="2025-07-01")])
    with pytest.raises(InvalidInput, match="rij 2, kolom 'start_date': ligt na 2025-06-30"):
        import_file(container, "CAW Oost", path)


def test_an_organisation_user_reaches_only_their_own_organisation(
    container: Container, tmp_path: Path
) -> None:
    organisation(container, "CAW Oost")
    organisation(container, "Jeugdhulp West", "jeugdhulp", "1-9", "West-Vlaanderen")
    path = staff_file(tmp_path, [staff()])
    service.import_records(
        container.unit_of_work(write=True), ORG_USER, "CAW Oost", path, as_of=AS_OF
    )
    own = service.organisation_indicators(container.unit_of_work(), ORG_USER, "CAW Oost")
    assert own.years[-1].headcount == 1
    for actor, error in ((ORG_USER, Forbidden), (ANALYST, Forbidden), (ANONYMOUS, Unauthenticated)):
        with pytest.raises(error):
            service.organisation_indicators(container.unit_of_work(), actor, "Jeugdhulp West")
        with pytest.raises(error):
            service.import_records(
                container.unit_of_work(write=True), actor, "Jeugdhulp West", path, as_of=AS_OF
            )
    assert [o.name for o in service.list_organisations(container.unit_of_work(), ORG_USER)] == [
        "CAW Oost"
    ]
    assert service.list_organisations(container.unit_of_work(), ANALYST) == []


def _random_records(rng: random.Random, count: int) -> list[dict[str, str]]:
    rows = []
    for index in range(count):
        start = date(2012, 1, 1) + timedelta(days=rng.randrange(0, 4900))
        row = staff(
            pseudonym=f"P{index}",
            function=rng.choice(["sociaal werker", "sociaal werker", "ander"]),
            level=rng.choice(["graduaat", "bachelor", "master", "verwant"]),
            fte=rng.choice(["1", "0,8", "0,5"]),
            birth_year_band=rng.choice(["1955-1959", "1965-1969", "1970-1974", "1990-1994"]),
            start_date=start.isoformat(),
        )
        if rng.random() < 0.5:
            end = start + timedelta(days=rng.randrange(0, 1500))
            if end <= AS_OF:
                row["end_date"] = end.isoformat()
                row["exit_reason"] = rng.choice(["werkdruk", "pensioen", "andere"])
        if rng.random() < 0.2:
            last = date.fromisoformat(row["end_date"]) if row["end_date"] else AS_OF
            if (last - start).days > 40:
                first = start + timedelta(days=rng.randrange(0, (last - start).days - 30))
                row["absences"] = f"{first.isoformat()}/{(first + timedelta(days=30)).isoformat()}"
        rows.append(row)
    return rows


def test_indicators_match_counting_the_records_one_by_one(
    container: Container, tmp_path: Path
) -> None:
    rows = _random_records(random.Random(13), 300)
    organisation(container)
    import_file(container, "CAW Oost", staff_file(tmp_path, rows))
    found = service.organisation_indicators(container.unit_of_work(), ORG_USER, "CAW Oost")
    assert found.records_as_of == "2025-06-30"
    assert [y.year for y in found.years] == list(range(2012, 2026))

    def span(row: dict[str, str]) -> tuple[date, date | None]:
        end = row["end_date"]
        return date.fromisoformat(row["start_date"]), date.fromisoformat(end) if end else None

    for year in found.years:
        first, last = date(year.year, 1, 1), date(year.year, 12, 31)
        employed_at_end = [
            r for r in rows if span(r)[0] <= last and (span(r)[1] or date.max) > last
        ]
        at_start = [r for r in rows if span(r)[0] < first and (span(r)[1] or date.max) >= first]
        inflow = sum(first <= span(r)[0] <= last for r in rows)
        outflow = sum(span(r)[1] is not None and first <= span(r)[1] <= last for r in rows)  # type: ignore[operator]
        assert year.headcount == len(employed_at_end)
        assert year.headcount_start == len(at_start)
        assert (year.inflow, year.outflow) == (inflow, outflow)
        assert year.headcount == year.headcount_start + year.inflow - year.outflow
        assert year.fte == pytest.approx(
            sum(float(r["fte"].replace(",", ".")) for r in employed_at_end)
        )
        average = (len(at_start) + len(employed_at_end)) / 2
        assert year.turnover_rate == pytest.approx(outflow / average)
        aged = sum(year.year - int(r["birth_year_band"][5:]) >= 55 for r in employed_at_end)
        assert year.aged_55_share == pytest.approx(aged / len(employed_at_end))
        hires = [r for r in rows if first <= span(r)[0] <= last]
        eligible = [r for r in hires if span(r)[0] + timedelta(days=365) <= AS_OF]
        kept = [r for r in eligible if (span(r)[1] or date.max) >= span(r)[0] + timedelta(days=365)]
        assert year.hires == len(hires)
        assert year.retention_1y == (pytest.approx(len(kept) / len(eligible)) if eligible else None)
        during = [r for r in rows if span(r)[0] <= last and (span(r)[1] or date.max) >= first]
        absent = {
            r["pseudonym"]
            for r in rows
            if r["absences"]
            and date.fromisoformat(r["absences"][:10]) <= last
            and date.fromisoformat(r["absences"][11:]) >= first
        }
        assert year.absence_rate == pytest.approx(len(absent) / len(during))
        assert year.partial == (year.year == 2025)
    exits = {(e.year, e.reason): e.count for e in found.exits}
    assert sum(exits.values()) == sum(1 for r in rows if r["end_date"])
    team_2024 = {t.level: t.headcount for t in found.team_mix if t.year == 2024}
    expected = {
        level: sum(
            1
            for r in rows
            if r["function"] == "sociaal werker"
            and r["level"] == level
            and span(r)[0] <= date(2024, 12, 31)
            and (span(r)[1] or date.max) > date(2024, 12, 31)
        )
        for level in ("graduaat", "bachelor", "master")
    }
    assert team_2024 == expected


def test_an_organisation_without_records_has_no_indicators_yet(container: Container) -> None:
    organisation(container)
    found = service.organisation_indicators(container.unit_of_work(), ORG_USER, "CAW Oost")
    assert found.years == ()
    assert found.records_as_of == ""
