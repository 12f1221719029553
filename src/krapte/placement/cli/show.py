"""What the placement commands print: summaries in Flemish numbers, check reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from krapte.formatting import number

if TYPE_CHECKING:
    from krapte.placement.core.stability import CheckReport
    from krapte.placement.service import RunSummary, StatusQuoSummary

MAX_LISTED = 200


def run_summary(summary: RunSummary) -> None:
    stats = summary.statistics
    click.echo(f"Uitvoer geschreven naar {summary.out}")
    click.echo(
        f"Studenten: {number(stats.students)}, geplaatst: {number(stats.matched)} "
        f"({number(stats.match_rate * 100, 1)}%), niet geplaatst: {number(stats.unmatched)}, "
        f"vrije plaatsen: {number(stats.unfilled_places)}"
    )
    spread = ", ".join(
        f"keuze {rank}: {number(count)}" for rank, count in stats.rank_distribution.items()
    )
    click.echo(f"Verdeling van de verkregen rang: {spread or 'niemand geplaatst'}")
    if stats.placed_in_followup is not None:
        click.echo(f"Geplaatst in de vervolgronde: {number(stats.placed_in_followup)}")
    verdict = "stabiel" if summary.report.ok else "NIET stabiel"
    pairs = number(len(summary.report.blocking_students))
    click.echo(f"Controle: {verdict} ({pairs} blokkerende paren)")
    for note in summary.notes:
        click.echo(f"Let op: {note}")


def check_report(report: CheckReport, student_ids: list[str], offer_ids: list[str]) -> None:
    if report.ok:
        click.echo("De toewijzing is stabiel en respecteert capaciteit, quota en toelatingsregels.")
        return
    click.echo(
        f"De toewijzing is NIET in orde: {number(len(report.blocking_students))} blokkerende "
        f"paren, {number(len(report.violations))} schendingen."
    )
    for student, offer in report.blocking_pairs()[:MAX_LISTED]:
        click.echo(
            f"  - blokkerend paar: student '{student_ids[student]}' en aanbod '{offer_ids[offer]}'"
        )
    for violation in report.violations[:MAX_LISTED]:
        who = f"student '{student_ids[violation.student]}', " if violation.student >= 0 else ""
        extra = (
            f" ({number(violation.amount)} > {number(violation.limit)})"
            if violation.limit or violation.amount
            else ""
        )
        click.echo(
            f"  - schending {violation.kind}: {who}aanbod '{offer_ids[violation.offer]}'{extra}"
        )


def status_quo(summary: StatusQuoSummary) -> None:
    central = summary.central_allocation
    click.echo("Huidige situatie (gesimuleerd):")
    click.echo(
        f"  sollicitaties: {number(summary.applications)}, "
        f"weigeringen: {number(summary.refusals)}, "
        f"gemiddeld {number(summary.mean_applications_per_student, 1)} per student"
    )
    click.echo(
        "  aanvragen per organisatie: gemiddeld "
        f"{number(summary.mean_requests_per_organisation, 1)}, "
        f"hoogstens {number(summary.max_requests_per_organisation)}"
    )
    click.echo(f"  geplaatst: {number(summary.placed)}, niet geplaatst: {number(summary.unplaced)}")
    click.echo(
        f"Centrale toewijzing op dezelfde gegevens: geplaatst {number(central.placed)}, "
        f"niet geplaatst {number(central.unplaced)}, zonder individuele sollicitaties; "
        "na een vervolgronde op de vrije plaatsen: geplaatst "
        f"{number(central.placed_after_followup)}, "
        f"niet geplaatst {number(central.unplaced_after_followup)}."
    )
