"""Tiny builders for the vacancies' tests: actors, a draft, a store that knows the classification.

```
store_classification(container)
vacancy = publish(container, title="Maatschappelijk werker (m/v/x)")
```
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from importlib.resources import files

from krapte.accounts.core.permissions import Actor, Role
from krapte.bootstrap import Container
from krapte.datahub import repository as datahub_repository
from krapte.vacancies import service
from krapte.vacancies.core.vacancy import Draft, Vacancy

ORGANISATION = "Vzw De Brug"
OTHER = "CAW Oost"
ORGANISATION_USER = Actor(
    user_id=21,
    name="Olga",
    roles=frozenset({Role.ORGANISATION}),
    organisations=frozenset({ORGANISATION}),
)
OTHER_USER = Actor(
    user_id=22, name="Otto", roles=frozenset({Role.ORGANISATION}), organisations=frozenset({OTHER})
)
ANALYST = Actor(user_id=23, name="Ann", roles=frozenset({Role.ANALYST}))


def store_classification(container: Container) -> None:
    """Put the bundled classification (report 4.1.5) in the store, as `krapte init` does."""
    text = files("krapte.data").joinpath("classification.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    with container.unit_of_work(write=True) as uow:
        datahub_repository.replace_reference(uow.session, "classification", rows)
        uow.commit()


def draft(**changes: str | tuple[str, ...]) -> Draft:
    """A valid draft (a bachelor social worker in Gent), with ``changes``."""
    fields: dict[str, str | tuple[str, ...]] = {
        "title": "Maatschappelijk werker (m/v/x)",
        "occupation": "maatschappelijk werker",
        "specialisation": "maatschappelijk werk",
        "level": "bachelor",
        "accepted_diplomas": ("sociaal werk", "maatschappelijk assistent"),
        "competence_route": "",
        "municipality": "Gent",
        "sector": "algemeen welzijnswerk",
        "hours": "38",
        "contract": "vast",
        "joint_committee": "PC 319.01",
        "pay_scale": "B1c",
        "description": "Je begeleidt mensen in armoede naar hun rechten.",
        "closes_on": (date.today() + timedelta(days=30)).isoformat(),
        "apply_url": "",
    }
    fields.update(changes)
    return Draft.of(fields)


def publish(
    container: Container,
    actor: Actor = ORGANISATION_USER,
    organisation: str = ORGANISATION,
    *,
    posted_on: date | None = None,
    **changes: str | tuple[str, ...],
) -> Vacancy:
    return service.publish(
        container.unit_of_work(write=True),
        actor,
        organisation,
        draft(**changes),
        posted_on=posted_on,
    )
