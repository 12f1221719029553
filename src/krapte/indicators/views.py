"""Indicator results as tables for every output format (English keys, Dutch labels)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict

from krapte.indicators.core.series import Grouping
from krapte.indicators.core.tension import TensionRow
from krapte.indicators.service import IndicatorTable
from krapte.output import Column, TableView

#: The label columns of each grouping: machine key and Dutch header.
LABEL_COLUMNS: dict[Grouping, tuple[tuple[str, str], ...]] = {
    Grouping.SERIES: (("series", "reeks"),),
    Grouping.LEVEL: (("level", "niveau"),),
    Grouping.PROGRAMME: (("level", "niveau"), ("programme", "opleiding")),
    Grouping.INSTITUTION: (
        ("level", "niveau"),
        ("programme", "opleiding"),
        ("institution", "instelling"),
    ),
    Grouping.PROVINCE: (("level", "niveau"), ("programme", "opleiding"), ("province", "provincie")),
    Grouping.FLANDERS: (("level", "niveau"), ("programme", "opleiding"), ("region", "regio")),
}
GROUPING_WORDS = {
    Grouping.SERIES: "reeks",
    Grouping.LEVEL: "niveau",
    Grouping.PROGRAMME: "opleiding",
    Grouping.INSTITUTION: "instelling",
    Grouping.PROVINCE: "provincie",
    Grouping.FLANDERS: "Vlaanderen",
}


def _labels(table: IndicatorTable) -> tuple[tuple[str, str], ...]:
    """The grouping's label columns, or one `series` column when labels do not fit them."""
    wanted = LABEL_COLUMNS[table.grouping]
    if all(len(row.label) == len(wanted) for row in table.rows):
        return wanted
    return LABEL_COLUMNS[Grouping.SERIES]


def indicator_view(table: IndicatorTable) -> TableView:
    labels = _labels(table)
    columns = (
        *(Column(key, header) for key, header in labels),
        *(Column(str(year), str(year), 0) for year in table.years),
        Column("growth_absolute", "groei", 0),
        Column("growth_percent", "groei %", 1),
        Column("cagr_percent", "CAGR %", 2),
        Column("index", "index", 1),
        Column("unit", "eenheid"),
    )
    rows = []
    for row in table.rows:
        label = row.label if len(labels) == len(row.label) else (" / ".join(row.label),)
        flat: dict[str, object] = {key: text for (key, _), text in zip(labels, label, strict=True)}
        flat.update({str(year): row.values.get(year) for year in table.years})
        flat.update(
            growth_absolute=row.growth_absolute,
            growth_percent=row.growth_percent,
            cagr_percent=row.cagr,
            index=row.index_last,
            unit=row.unit,
        )
        rows.append(flat)
    return TableView(
        title=f"{table.dataset} – {table.measure} (per {GROUPING_WORDS[table.grouping]})",
        columns=columns,
        rows=rows,
        caption="index: eerste jaar = 100; CAGR: gemiddelde jaarlijkse groei",
        empty=(
            f"Geen jaarreeksen voor {table.dataset} – {table.measure} in deze indeling "
            "(groeicijfers over een periode en maandcijfers vormen geen jaarreeks)."
        ),
    )


def tension_view(dataset: str, rows: Sequence[TensionRow]) -> TableView:
    return TableView(
        title=f"Spanningsratio – {dataset}",
        columns=(
            Column("period", "periode"),
            Column("geography", "regio"),
            Column("category", "categorie"),
            Column("job_seekers", "werkzoekenden", 0),
            Column("vacancies", "vacatures", 0),
            Column("ratio", "ratio", 2),
        ),
        rows=[asdict(row) for row in rows],
        caption="werkzoekenden per openstaande vacature (VDAB); hoger = minder krapte",
        empty=(
            f"Geen periode in {dataset} heeft zowel werkzoekenden als vacatures (zelfde periode, "
            "regio en categorie). Importeer de VDAB-vacatures als maatstaf 'vacatures' "
            "(zie docs/checks-and-imports.md)."
        ),
    )
