"""Vacancies from a CSV or Excel file, all or nothing (an organisation's own system, say).

Columns: ``organisation``, ``reference`` (the organisation's own id, optional), the vacancy's
fields (:data:`krapte.vacancies.core.vacancy.FIELDS`; ``accepted_diplomas`` separated by ``;``)
and an optional ``posted_on``. Every problem names file, row and column; a duplicate row (the
same organisation and reference, or without reference the same title, municipality and closing
date) or a reference already stored is refused; nothing is stored unless every row is right.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from krapte.accounts.core.permissions import Actor, Resource, allowed
from krapte.datahub import service as datahub
from krapte.db.uow import UnitOfWork
from krapte.errors import InvalidInput, Problem
from krapte.tabular import read_table
from krapte.vacancies import repository, service
from krapte.vacancies.core.vacancy import Draft, Vacancy, parse_day

REQUIRED = (
    "organisation",
    "title",
    "occupation",
    "level",
    "municipality",
    "sector",
    "hours",
    "contract",
    "description",
    "closes_on",
)
MAX_ROWS = 200_000


@dataclass(frozen=True)
class ImportResult:
    created: list[int]
    warnings: int

    def as_dict(self) -> dict[str, object]:
        return {"created": self.created, "warnings": self.warnings}


def import_vacancies(uow: UnitOfWork, actor: Actor, path: Path) -> ImportResult:
    """Check every row, then store them all in one transaction (or none)."""
    table = read_table(path)
    missing = table.missing(REQUIRED)
    if missing:
        raise InvalidInput(missing, "het bestand mist kolommen")
    if len(table) > MAX_ROWS:
        raise InvalidInput.single(
            f"een bestand bevat hoogstens {MAX_ROWS} vacatures", file=table.file
        )
    problems: list[Problem] = []
    checked: list[tuple[Vacancy, str]] = []
    seen: dict[tuple[str, ...], int] = {}
    default_day = service.today()
    classification = datahub.classification(uow)
    for index in range(len(table)):
        record = table.record(index)
        organisation = record.get("organisation", "").strip()
        reference = record.get("reference", "").strip()
        row = table.row(index)
        if not allowed(actor, "vacancy.write", Resource("vacancy", organisation=organisation)):
            problems.append(
                table.problem(
                    index, "organisation", f"je mag geen vacatures van '{organisation}' publiceren"
                )
            )
            continue
        posted_text = record.get("posted_on", "").strip()
        posted_on = parse_day(posted_text) if posted_text else default_day
        if posted_on is None:
            problems.append(table.problem(index, "posted_on", "schrijf de datum als JJJJ-MM-DD"))
            continue
        draft = Draft.of(record)
        key = (
            (organisation, reference)
            if reference
            else (organisation, draft.title, draft.municipality, draft.closes_on)
        )
        if key in seen:
            problems.append(
                table.problem(
                    index,
                    "reference" if reference else "title",
                    f"deze vacature staat al op rij {seen[key]} van het bestand",
                )
            )
            continue
        seen[key] = row
        try:
            vacancy = service.check(
                uow,
                organisation,
                draft,
                posted_on=posted_on,
                file=table.file,
                row=row,
                classification=classification,
            )
        except InvalidInput as error:
            problems.extend(error.problems)
            continue
        checked.append((vacancy, reference))
    with uow:
        for organisation in {v.organisation for v, _ in checked}:
            references = [ref for v, ref in checked if v.organisation == organisation and ref]
            for ref in sorted(
                repository.existing_references(uow.session, organisation, references)
            ):
                problems.append(
                    Problem(
                        f"{organisation} heeft al een vacature met referentie '{ref}'",
                        file=table.file,
                        field="reference",
                    )
                )
        if problems:
            raise InvalidInput(problems[:200], "niets ingelezen")
        if not checked:
            raise InvalidInput.single("het bestand bevat geen enkele vacature", file=table.file)
        created = [service.store(uow, actor, vacancy, reference=ref).id for vacancy, ref in checked]
        uow.commit()
    return ImportResult(created, sum(1 for vacancy, _ in checked if vacancy.warnings))
