"""The workforce monitor's results as titled tables (command line; the pages use templates)."""

from __future__ import annotations

from krapte.output import Column, TableView
from krapte.workforce.core.indicators import OrganisationIndicators
from krapte.workforce.core.records import Organisation
from krapte.workforce.core.sector import DIMENSIONS, SectorTable

DIMENSION_LABELS: dict[str, str] = {
    "subsector": "Subsector",
    "province": "Provincie",
    "size_class": "Grootteklasse",
}
assert set(DIMENSION_LABELS) == set(DIMENSIONS)

INDICATOR_VIEWS = ("years", "levels", "team", "exits")


def organisations_view(organisations: list[Organisation]) -> TableView:
    return TableView(
        title="Organisaties",
        columns=(
            Column("name", "Naam"),
            Column("subsector", "Subsector"),
            Column("size_class", "Grootteklasse"),
            Column("province", "Provincie"),
            Column("municipality", "Gemeente"),
            Column("records", "Personeelsrecords", 0),
            Column("records_as_of", "Gegevens van"),
        ),
        rows=[o.as_dict() for o in organisations],
        empty="Er zijn nog geen organisaties.",
    )


def indicators_view(indicators: OrganisationIndicators, part: str = "years") -> TableView:
    """One part of an organisation's indicators: per year, by function and level, team, exits."""
    title = f"{indicators.organisation}: "
    caption = f"Gegevens van {indicators.records_as_of}." if indicators.records_as_of else ""
    empty = "Er zijn nog geen personeelsgegevens voor deze organisatie."
    if part == "levels":
        return TableView(
            title=title + "bezetting per functie en niveau op 31 december",
            columns=(
                Column("year", "Jaar"),
                Column("function", "Functie"),
                Column("level", "Niveau"),
                Column("headcount", "Personen", 0),
                Column("fte", "VTE", 2),
            ),
            rows=[g.__dict__ for g in indicators.groups],
            caption=caption,
            empty=empty,
        )
    if part == "team":
        return TableView(
            title=title + "teammix van de sociaal werkers op 31 december",
            columns=(
                Column("year", "Jaar"),
                Column("level", "Niveau"),
                Column("headcount", "Personen", 0),
                Column("share", "Aandeel", 3),
            ),
            rows=[t.__dict__ for t in indicators.team_mix],
            caption=caption,
            empty=empty,
        )
    if part == "exits":
        return TableView(
            title=title + "redenen van vertrek",
            columns=(
                Column("year", "Jaar"),
                Column("reason", "Reden"),
                Column("count", "Vertrokken", 0),
            ),
            rows=[e.__dict__ for e in indicators.exits],
            caption=caption,
            empty="Er zijn geen vertrekken in deze jaren.",
        )
    return TableView(
        title=title + "in- en uitstroom per jaar",
        columns=(
            Column("year", "Jaar"),
            Column("headcount", "Personen 31/12", 0),
            Column("fte", "VTE 31/12", 2),
            Column("inflow", "Instroom", 0),
            Column("outflow", "Uitstroom", 0),
            Column("turnover_rate", "Verloop", 3),
            Column("social_workers", "Sociaal werkers", 0),
            Column("social_worker_turnover_rate", "Verloop sociaal werkers", 3),
            Column("retention_1y", "Na 1 jaar nog in dienst", 3),
            Column("retention_2y", "Na 2 jaar nog in dienst", 3),
            Column("absence_rate", "Langdurig afwezig", 3),
            Column("aged_55_share", "Aandeel 55+", 3),
            Column("headcount_start", "Personen 1/1", 0, hidden_in_table=True),
            Column("hires", "Aanwervingen", 0, hidden_in_table=True),
            Column("partial", "Lopend jaar", hidden_in_table=True),
        ),
        rows=[y.as_dict() for y in indicators.years],
        caption=caption,
        empty=empty,
        notes=(
            "Verloop: uitstroom gedeeld door de gemiddelde bezetting (1/1 en 31/12). "
            "Het laatste jaar loopt nog tot de datum van de gegevens.",
        ),
    )


def sector_view(table: SectorTable) -> TableView:
    rows = []
    for row in table.rows:
        record: dict[str, object] = dict(zip(table.by, row.key, strict=True))
        record.update(
            year=row.year,
            headcount=row.headcount,
            inflow=row.inflow,
            outflow=row.outflow,
            turnover_rate=row.turnover_rate,
            suppressed=row.suppressed,
        )
        rows.append(record)
    return TableView(
        title="Sociaal werkers in de sector, per "
        + " en ".join(DIMENSION_LABELS[d].lower() for d in table.by)
        + " en jaar",
        columns=(
            *(Column(d, DIMENSION_LABELS[d]) for d in table.by),
            Column("year", "Jaar"),
            Column("headcount", "Personen 31/12", 0),
            Column("inflow", "Instroom", 0),
            Column("outflow", "Uitstroom", 0),
            Column("turnover_rate", "Verloop", 3),
            Column("suppressed", "Niet getoond omdat"),
        ),
        rows=rows,
        caption=f"{table.organisations} organisaties met personeelsgegevens.",
        empty="Er zijn nog geen volledige jaren met personeelsgegevens.",
        notes=(
            "Een leeg vak is onderdrukt om personen en organisaties te beschermen: te weinig "
            "personen (minder dan 10), te weinig organisaties (minder dan 3), één organisatie "
            "overheerst, of aanvullend onderdrukt zodat het niet uit de totalen te berekenen is.",
        ),
    )
