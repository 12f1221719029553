"""Publishing the protected sector figures into the data hub (dataset ``werkkracht``).

Exactly what the public sector view shows, nothing more: the breakdowns by one dimension
(subsector, province, size class) of the social workers' headcount on 31 December, inflow,
outflow and turnover rate per year, after disclosure control. A suppressed cell is left out
(never written as 0). The overall figures (the margin "totaal") are stored with geography
``Vlaanderen`` and no other dimension, which is what the action plan's indicator
``werkkracht_verloop`` reads (recommendation 24); the monitor's organisations in Brussels count
in that total too, which every figure's note says.

A publication replaces the previous one (every figure's source starts with
:data:`SOURCE_PREFIX`), so a cell suppressed now does not live on from an earlier version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from krapte.accounts.core.permissions import Actor, require
from krapte.datahub.core.records import FLANDERS, Observation
from krapte.db.uow import UnitOfWork
from krapte.workforce import service
from krapte.workforce.core.disclosure import TOTAL, Rules
from krapte.workforce.core.sector import FLOW_BREAKDOWNS, SectorRow, SectorTable

DATASET = "werkkracht"
DATASET_TITLE = "Personeelsmonitor: bezetting, in- en uitstroom en verloop van sociaal werkers"
DATASET_DESCRIPTION = (
    "Beschermde geaggregeerde cijfers van de personeelsmonitor van krapte: sociaal werkers op "
    "31 december, instroom, uitstroom en verloop per jaar, in totaal en per subsector, provincie "
    "en grootteklasse. Een cel met te weinig personen of organisaties, of die één organisatie "
    "overheerst, en de cellen die haar zouden verraden, worden niet gepubliceerd."
)
SOURCE_PREFIX = "krapte personeelsmonitor"
MEASURES: dict[str, tuple[str, str, str]] = {
    "headcount": ("bezetting", "count", "Sociaal werkers in dienst op 31 december."),
    "inflow": ("instroom", "count", "Tewerkstellingen van sociaal werkers die dat jaar begonnen."),
    "outflow": (
        "uitstroom",
        "count",
        "Tewerkstellingen van sociaal werkers die dat jaar eindigden.",
    ),
    "turnover_rate": (
        "verloop",
        "percent",
        "Uitstroom gedeeld door de gemiddelde bezetting op 1 januari en 31 december.",
    ),
}
"""Sector table field -> (data hub measure, unit, what it counts)."""
SCOPE = "Alle organisaties in de personeelsmonitor (Vlaanderen en Brussel)."


@dataclass(frozen=True)
class PublishedSector:
    dataset: str
    version: int
    created: bool
    """False when the data hub already held exactly these figures (no new version)."""
    figures: int
    years: tuple[int, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "dataset": self.dataset,
            "version": self.version,
            "created": self.created,
            "figures": self.figures,
            "years": list(self.years),
        }


def _where(by: str, part: str) -> dict[str, str]:
    """The data hub's dimensions of one cell of a breakdown by ``by``."""
    if part == TOTAL:
        return {"geography": FLANDERS}
    if by == "province":
        return {"geography": part}
    if by == "size_class":
        return {"geography": FLANDERS, "category": f"grootteklasse {part}"}
    return {"geography": FLANDERS, "category": part}


def _figures(row: SectorRow, where: dict[str, str], source: str) -> list[Observation]:
    found = []
    for field, (measure, unit, note) in MEASURES.items():
        value = getattr(row, field)
        if value is None:
            continue  # suppressed (or not published): left out, never 0
        if field == "turnover_rate":
            value = round(float(value) * 100.0, 1)
        found.append(
            Observation(
                dataset=DATASET,
                measure=measure,
                period=str(row.year),
                value=float(value),
                unit=unit,
                source=source,
                note=f"{note} {SCOPE}",
                **where,
            )
        )
    return found


def sector_figures(tables: list[SectorTable], source: str) -> list[Observation]:
    """Every published cell of ``tables`` (breakdowns by one dimension) as data hub figures;
    the margins of the breakdowns are the same cells, so each total is kept once."""
    found: dict[tuple[str, ...], Observation] = {}
    for table in tables:
        (by,) = table.by
        for row in table.rows:
            for figure in _figures(row, _where(by, row.key[0]), source):
                found.setdefault(figure.key, figure)
    return list(found.values())


def publish_sector(
    uow: UnitOfWork, actor: Actor, *, rules: Rules = Rules(), today: str = ""
) -> PublishedSector:
    """Store the protected public sector figures as the next version of ``werkkracht``."""
    from krapte.datahub import service as datahub

    require(actor, "workforce.sector.publish")
    today = today or datetime.now(UTC).date().isoformat()
    source = f"{SOURCE_PREFIX}, beschermde sectortabellen"
    with uow:
        tables = service.sector_tables(uow, actor, FLOW_BREAKDOWNS, rules)
        figures = sector_figures(tables, source)
        stored = datahub.store_derived_figures(
            uow,
            dataset=DATASET,
            title=DATASET_TITLE,
            description=DATASET_DESCRIPTION,
            label=f"Personeelsmonitor {today}",
            origin="workforce:sector",
            figures=figures,
            replaces=SOURCE_PREFIX,
        )
        uow.commit()
    years = tuple(sorted({int(f.period) for f in figures}))
    return PublishedSector(DATASET, stored.release.version, stored.created, len(figures), years)
