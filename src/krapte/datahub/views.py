"""The data hub's results as tables (:class:`krapte.output.TableView`) for every output format.

Machine keys are English (as in the tidy format); labels and words in tables are Dutch.
"""

from __future__ import annotations

from collections.abc import Sequence

from krapte.datahub.core.claims import STATUSES, ClaimResult
from krapte.datahub.core.records import TIDY_COLUMNS, DatasetSummary
from krapte.datahub.import_service import ImportResult
from krapte.datahub.service import ClaimsReport, ValidationReport
from krapte.formatting import number, plural
from krapte.output import Column, TableView

SEVERITY = {"error": "fout", "warning": "waarschuwing", "info": "info"}


def dataset_list_view(datasets: Sequence[DatasetSummary]) -> TableView:
    """The datasets with the same keys as the web's `/datasets.json`."""
    return TableView(
        title="Datasets in krapte",
        columns=(
            Column("name", "dataset"),
            Column("title", "titel"),
            Column("releases", "versies", 0),
            Column("latest_release", "laatste versie", 0),
            Column("rows", "rijen", 0),
            Column("description", "omschrijving", hidden_in_table=True),
        ),
        rows=[dataset.as_dict() for dataset in datasets],
        empty="De databank bevat nog geen datasets.",
    )


def export_view(rows: Sequence[dict[str, object]], *, all_releases: bool) -> TableView:
    """The tidy format: the columns of ``datapackage.json`` (and the version with every one)."""
    keys = [*TIDY_COLUMNS, "release"] if all_releases else list(TIDY_COLUMNS)
    return TableView(
        title="Alle waarnemingen",
        columns=tuple(Column(key, key, 0 if key in ("value", "release") else None) for key in keys),
        rows=rows,
    )


def findings_view(report: ValidationReport) -> TableView:
    return TableView(
        title="Controles op de databank",
        columns=(
            Column("severity", "ernst", labels=SEVERITY),
            Column("dataset", "dataset"),
            Column("check", "controle"),
            Column("message", "bevinding"),
            Column("values", "waarden", hidden_in_table=True),
        ),
        rows=[finding.as_dict() for finding in report.findings],
        notes=(
            f"{plural(report.checked, 'waarneming', 'waarnemingen')} gecontroleerd: "
            f"{plural(report.count('error'), 'fout', 'fouten')}, "
            f"{plural(report.count('warning'), 'waarschuwing', 'waarschuwingen')}, "
            f"{plural(report.count('info'), 'melding', 'meldingen')}.",
        ),
    )


def _explanation(result: ClaimResult) -> str:
    """What a table shows beside a verdict: the fault, the reason and the other passage."""
    if result.status == "fout":
        return result.error
    if result.status == "tegenstrijdig in het rapport":
        return (
            f'{result.reason} Sectie {result.elsewhere_section}: "{result.elsewhere_statement}"'
        ).strip()
    if result.status == "niet toetsbaar":
        return result.reason
    return result.statement


def claims_view(report: ClaimsReport) -> TableView:
    counts = ", ".join(f"{report.count(status)} {status}" for status in STATUSES)
    return TableView(
        title="Uitspraken van het rapport getoetst aan de gegevens",
        columns=(
            Column("id", "claim"),
            Column("section", "sectie"),
            Column("status", "status"),
            Column("figure", "berekend", 4, trim=True),
            Column("expected", "verwacht"),
            Column("explanation", "uitspraak / toelichting"),
            Column("statement", "uitspraak", hidden_in_table=True),
            Column("error", "fout", hidden_in_table=True),
            Column("reason", "reden", hidden_in_table=True),
            Column("elsewhere_section", "andere sectie", hidden_in_table=True),
            Column("elsewhere_statement", "andere passage", hidden_in_table=True),
        ),
        rows=[
            {**result.as_dict(), "explanation": _explanation(result)} for result in report.results
        ],
        caption=f"Bron van de uitspraken: {report.source}",
        notes=(f"{plural(len(report.results), 'uitspraak', 'uitspraken')}: {counts}.",),
    )


def import_lines(result: ImportResult) -> list[str]:
    """What an import did, in sentences."""
    new = " (nieuwe dataset)" if result.new_dataset else ""
    lines = [
        f"{plural(result.observations, 'waarneming', 'waarnemingen')} uit "
        f"{plural(result.data_rows, 'rij', 'rijen')} geïmporteerd als versie {result.version} "
        f"van {result.dataset}{new}."
    ]
    if not result.new_dataset and result.version > 1:
        diff = result.diff
        lines.append(
            f"Ten opzichte van versie {result.version - 1} ({', '.join(result.measures)}): "
            f"{number(diff.added)} toegevoegd, {number(diff.changed)} gewijzigd, "
            f"{number(diff.removed)} verwijderd, {number(diff.unchanged)} ongewijzigd."
        )
    if result.carried_over:
        lines.append(
            f"{plural(result.carried_over, 'waarneming', 'waarnemingen')} van andere maatstaven "
            f"overgenomen uit versie {result.version - 1}."
        )
    return lines
