"""A vacancy: its fields, the fixed choices, and the checks a draft must pass to be published.

A vacancy is classified with the report's classification (4.1.5: occupation, specialisation
("option") and level, which give the programme); a vacancy without one is refused. The
municipality is checked by the caller against the official list (it is data, not pure logic)
and handed in as ``place``; everything else is checked here, every problem named by its field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime

from krapte.datahub.core.records import ClassificationRef
from krapte.errors import InvalidInput, Problem
from krapte.placement.core.generator import SECTORS

MAX_TITLE = 200
MAX_TEXT = 8000
MAX_SHORT = 200
MAX_URL = 500
MAX_DIPLOMAS = 20
MAX_HOURS = 40.0
FULL_TIME_HOURS = 38.0
"""The weekly hours of a full-time job in the sector (joint committee 319/331 agreements)."""

SECTOR_NAMES: tuple[str, ...] = tuple(sector for sector, _ in SECTORS)
"""The sectors vacancies are filed under: the same list as placement offers."""

CONTRACTS: dict[str, str] = {
    "vast": "Vast contract (onbepaalde duur)",
    "bepaalde-duur": "Contract van bepaalde duur",
    "vervanging": "Vervangingscontract",
}
"""Contract kinds, by key, with their Dutch label."""

TEMPORARY_CONTRACTS = frozenset({"bepaalde-duur", "vervanging"})

#: Fields a draft holds, in the order of the form, the import file and the API.
FIELDS: tuple[str, ...] = (
    "title",
    "occupation",
    "specialisation",
    "level",
    "accepted_diplomas",
    "competence_route",
    "municipality",
    "sector",
    "hours",
    "contract",
    "joint_committee",
    "pay_scale",
    "description",
    "closes_on",
    "apply_url",
)


@dataclass(frozen=True, slots=True)
class Place:
    """A municipality from the official list and its province (the vacancy's region)."""

    municipality: str
    province: str


@dataclass(frozen=True, slots=True)
class Draft:
    """What an organisation submits; texts as typed, checked by :func:`check_draft`."""

    title: str = ""
    occupation: str = ""
    specialisation: str = ""
    level: str = ""
    accepted_diplomas: tuple[str, ...] = ()
    competence_route: str = ""
    municipality: str = ""
    sector: str = ""
    hours: str = ""
    contract: str = ""
    joint_committee: str = ""
    pay_scale: str = ""
    description: str = ""
    closes_on: str = ""
    apply_url: str = ""

    @classmethod
    def of(cls, cells: Mapping[str, str | Sequence[str]]) -> Draft:
        """A draft from form or file cells (diplomas as a list or ``;``-separated)."""
        values: dict[str, object] = {}
        for name in FIELDS:
            cell = cells.get(name, "")
            if name == "accepted_diplomas":
                parts = cell.split(";") if isinstance(cell, str) else list(cell)
                values[name] = tuple(p.strip() for p in parts if p.strip())
            else:
                values[name] = cell.strip() if isinstance(cell, str) else ";".join(cell)
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Vacancy:
    """A checked vacancy (``id`` 0 until stored)."""

    organisation: str
    title: str
    occupation: str
    specialisation: str
    level: str
    programme: str
    accepted_diplomas: tuple[str, ...]
    competence_route: str
    municipality: str
    province: str
    sector: str
    hours: float
    contract: str
    joint_committee: str
    pay_scale: str
    description: str
    posted_on: date
    closes_on: date
    apply_url: str = ""
    id: int = 0
    withdrawn_at: datetime | None = None
    created_at: datetime | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def programmes(self) -> tuple[str, ...]:
        """The classified programme first, then the other accepted diplomas."""
        return tuple(dict.fromkeys((self.programme, *self.accepted_diplomas)))

    def open_on(self, day: date) -> bool:
        return self.withdrawn_at is None and self.posted_on <= day <= self.closes_on

    @property
    def contract_label(self) -> str:
        return CONTRACTS.get(self.contract, self.contract)

    def as_dict(self) -> dict[str, object]:
        found = asdict(self)
        found["accepted_diplomas"] = list(self.accepted_diplomas)
        found["warnings"] = list(self.warnings)
        for key in ("posted_on", "closes_on"):
            found[key] = getattr(self, key).isoformat()
        for key in ("withdrawn_at", "created_at"):
            moment = getattr(self, key)
            found[key] = moment.isoformat() if moment else None
        return found


def classify(
    draft: Draft, classification: Sequence[ClassificationRef]
) -> tuple[ClassificationRef | None, str]:
    """The classification row the draft names, or ``None`` and a Dutch reason."""
    if not draft.occupation or not draft.level:
        return None, (
            "kies een functie en een niveau uit de classificatie (rapport 4.1.5); een vacature "
            "zonder classificatie kan niet gepubliceerd worden"
        )
    for ref in classification:
        if (ref.occupation, ref.specialisation, ref.level) == (
            draft.occupation,
            draft.specialisation,
            draft.level,
        ):
            return ref, ""
    options = sorted(
        {
            f"{ref.occupation} / {ref.specialisation or '(zonder optie)'} / {ref.level}"
            for ref in classification
            if ref.occupation == draft.occupation
        }
    )
    hint = ("; mogelijk: " + ", ".join(options)) if options else ""
    what = f"{draft.occupation} / {draft.specialisation or '(zonder optie)'} / {draft.level}"
    return None, f"'{what}' staat niet in de classificatie (rapport 4.1.5){hint}"


def parse_day(text: str) -> date | None:
    """A date written ``2026-12-31`` or ``31/12/2026`` (or ``31-12-2026``); None otherwise."""
    cleaned = text.strip()
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        pass
    for separator in ("/", "-", "."):
        parts = cleaned.split(separator)
        if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[2]) == 4:
            try:
                return date(int(parts[2]), int(parts[1]), int(parts[0]))
            except ValueError:
                return None
    return None


def _problems_of(draft: Draft) -> list[tuple[str, str]]:
    """Every problem of the draft's own fields as (field, message)."""
    found: list[tuple[str, str]] = []
    if not draft.title:
        found.append(("title", "vul een titel in"))
    elif len(draft.title) > MAX_TITLE:
        found.append(("title", f"de titel is langer dan {MAX_TITLE} tekens"))
    if not draft.description:
        found.append(("description", "beschrijf de job en wat je biedt"))
    elif len(draft.description) > MAX_TEXT:
        found.append(("description", f"de beschrijving is langer dan {MAX_TEXT} tekens"))
    if len(draft.competence_route) > MAX_TEXT:
        found.append(("competence_route", f"de tekst is langer dan {MAX_TEXT} tekens"))
    if draft.sector not in SECTOR_NAMES:
        found.append(("sector", "kies een sector: " + ", ".join(SECTOR_NAMES)))
    if draft.contract not in CONTRACTS:
        found.append(("contract", "kies een contract: " + ", ".join(CONTRACTS)))
    for name in ("joint_committee", "pay_scale"):
        if len(getattr(draft, name)) > MAX_SHORT:
            found.append((name, f"de tekst is langer dan {MAX_SHORT} tekens"))
    if len(draft.accepted_diplomas) > MAX_DIPLOMAS:
        found.append(("accepted_diplomas", f"geef hoogstens {MAX_DIPLOMAS} diploma's"))
    if any(len(diploma) > MAX_SHORT for diploma in draft.accepted_diplomas):
        found.append(("accepted_diplomas", f"een diploma is langer dan {MAX_SHORT} tekens"))
    if draft.apply_url and (
        not draft.apply_url.startswith(("https://", "http://")) or len(draft.apply_url) > MAX_URL
    ):
        found.append(("apply_url", "een link om te solliciteren begint met https://"))
    return found


def _hours(text: str) -> tuple[float, str]:
    try:
        hours = float(text.replace(",", "."))
    except ValueError:
        return 0.0, "vul het aantal uren per week in als getal (bv. 38 of 30,4)"
    if not 1 <= hours <= MAX_HOURS:
        return hours, f"het aantal uren per week ligt tussen 1 en {MAX_HOURS:g}"
    return hours, ""


def check_draft(
    draft: Draft,
    *,
    organisation: str,
    classification: Sequence[ClassificationRef],
    place: Place | None,
    place_problem: str,
    posted_on: date,
    file: str = "formulier",
    row: int | None = None,
) -> Vacancy:
    """The vacancy ``draft`` describes, or :class:`InvalidInput` naming every bad field.

    ``place`` is the official municipality (``None`` with ``place_problem`` saying why not).
    Warnings of the writing aid travel on the vacancy; they never block it.
    """
    from krapte.vacancies.core.wording import warnings

    found = _problems_of(draft)
    ref, why = classify(draft, classification)
    if ref is None:
        found.append(("occupation", why))
    if place is None:
        found.append(("municipality", place_problem or "vul een gemeente in"))
    hours, why_hours = _hours(draft.hours)
    if why_hours:
        found.append(("hours", why_hours))
    closes_on = parse_day(draft.closes_on)
    if closes_on is None:
        found.append(("closes_on", "vul een sluitingsdatum in als JJJJ-MM-DD of DD/MM/JJJJ"))
    elif closes_on < posted_on:
        found.append(
            (
                "closes_on",
                f"de sluitingsdatum ({closes_on.isoformat()}) ligt voor de publicatiedatum "
                f"({posted_on.isoformat()})",
            )
        )
    if found:
        raise InvalidInput(
            [Problem(message, file=file, row=row, field=name) for name, message in found],
            "de vacature is niet bewaard",
        )
    assert ref is not None
    assert place is not None
    assert closes_on is not None
    return Vacancy(
        organisation=organisation,
        title=draft.title,
        occupation=ref.occupation,
        specialisation=ref.specialisation,
        level=ref.level,
        programme=ref.programme,
        accepted_diplomas=draft.accepted_diplomas,
        competence_route=draft.competence_route,
        municipality=place.municipality,
        province=place.province,
        sector=draft.sector,
        hours=hours,
        contract=draft.contract,
        joint_committee=draft.joint_committee,
        pay_scale=draft.pay_scale,
        description=draft.description,
        posted_on=posted_on,
        closes_on=closes_on,
        apply_url=draft.apply_url,
        warnings=tuple(warnings(draft.title, draft.description)),
    )
