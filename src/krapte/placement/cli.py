"""`krapte placement ...`: central internship placement (run, check, follow-up, simulate)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from krapte.cli.common import fail, number
from krapte.placement.files import InputError, OutputExistsError, check_output_folder
from krapte.placement.service import (
    InputPaths,
    RunSummary,
    check_placement,
    generate_round,
    run_followup,
    run_placement,
    simulate,
)
from krapte.placement.service import (
    Progress as ProgressCallback,
)
from krapte.placement.core.stability import CheckReport

app = typer.Typer(
    help="Centrale stageplaatsing: eerlijke, reproduceerbare toewijzing van stageplaatsen.",
    no_args_is_help=True,
)

LARGE_INPUT_BYTES = 1_000_000
STAGES = 5
MAX_LISTED_ERRORS = 200

OffersOption = typer.Option(..., "--offers", help="Stageaanbod (CSV of XLSX).")
StudentsOption = typer.Option(..., "--students", help="Studenten (CSV of XLSX).")
PreferencesOption = typer.Option(
    ..., "--preferences", help="Voorkeuren: student_id, rank, offer_id (CSV of XLSX)."
)
SeedOption = typer.Option(
    ..., "--seed", min=0, help="Startwaarde (seed) van de loting, een geheel getal (0 of meer)."
)
MaxChoicesOption = typer.Option(10, "--max-choices", min=1, help="Maximale lengte van een lijst.")
OutFolderOption = typer.Option(..., "--out", help="Uitvoermap (mag nog niet bestaan).")


def input_failure(exc: InputError) -> NoReturn:
    typer.echo(
        f"Fout: de invoer bevat {len(exc.issues)} fout(en); er is niets uitgevoerd.", err=True
    )
    for issue in exc.issues[:MAX_LISTED_ERRORS]:
        typer.echo(f"  - {issue}", err=True)
    if len(exc.issues) > MAX_LISTED_ERRORS:
        typer.echo(f"  ... en nog {len(exc.issues) - MAX_LISTED_ERRORS} fout(en)", err=True)
    raise typer.Exit(2)


@contextmanager
def reported_input_errors() -> Iterator[None]:
    """Bad input files and an existing output folder end the command with a Dutch message."""
    try:
        yield
    except InputError as exc:
        input_failure(exc)
    except OutputExistsError as exc:
        fail(str(exc))


@contextmanager
def _progress(size: int) -> Iterator[ProgressCallback]:
    console = Console(stderr=True)
    disabled = size < LARGE_INPUT_BYTES or not console.is_terminal
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=disabled,
    ) as bar:
        task = bar.add_task("plaatsing", total=STAGES)

        done = [-1]

        def advance(stage: str) -> None:
            done[0] += 1
            bar.update(task, description=stage, completed=done[0])

        yield advance
        bar.update(task, completed=STAGES)


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0


def print_summary(summary: RunSummary) -> None:
    stats = summary.statistics
    rate = float(str(stats["match_rate"])) * 100
    typer.echo(f"Uitvoer geschreven naar {summary.out}")
    typer.echo(
        f"Studenten: {_n(stats['students'])}, geplaatst: {_n(stats['matched'])} "
        f"({number(rate, 1)}%), niet geplaatst: {_n(stats['unmatched'])}, "
        f"vrije plaatsen: {_n(stats['unfilled_places'])}"
    )
    ranks = stats["rank_distribution"]
    assert isinstance(ranks, dict)
    spread = ", ".join(f"keuze {rank}: {_n(count)}" for rank, count in ranks.items())
    typer.echo(f"Verdeling van de verkregen rang: {spread or 'niemand geplaatst'}")
    verdict = "stabiel" if summary.report.ok else "NIET stabiel"
    typer.echo(f"Controle: {verdict} ({len(summary.report.blocking_students)} blokkerende paren)")


def _n(value: object, decimals: int = 0) -> str:
    """A statistic from a run, in Flemish notation (1.234 and 6,7)."""
    return number(float(str(value)), decimals)


@app.command("run")
def run(
    offers: Path = OffersOption,
    students: Path = StudentsOption,
    preferences: Path = PreferencesOption,
    seed: int = SeedOption,
    out: Path = OutFolderOption,
    max_choices: int = MaxChoicesOption,
) -> None:
    """Wijs de stageplaatsen toe (uitgestelde aanvaarding, studentoptimaal en stabiel)."""
    with reported_input_errors():
        check_output_folder(out)
        with _progress(_size(preferences)) as progress:
            summary = run_placement(
                InputPaths(offers, students, preferences), seed, out, max_choices, progress
            )
    print_summary(summary)


def _render_report(report: CheckReport, student_ids: list[str], offer_ids: list[str]) -> None:
    for student, offer in report.blocking_pairs()[:MAX_LISTED_ERRORS]:
        typer.echo(
            f"  - blokkerend paar: student '{student_ids[student]}' en aanbod '{offer_ids[offer]}'"
        )
    for violation in report.violations[:MAX_LISTED_ERRORS]:
        who = f"student '{student_ids[violation.student]}', " if violation.student >= 0 else ""
        extra = (
            f" ({violation.amount} > {violation.limit})"
            if violation.limit or violation.amount
            else ""
        )
        typer.echo(
            f"  - schending {violation.kind}: {who}aanbod '{offer_ids[violation.offer]}'{extra}"
        )


@app.command("check")
def check(
    offers: Path = OffersOption,
    students: Path = StudentsOption,
    preferences: Path = PreferencesOption,
    assignment: Path = typer.Option(..., "--assignment", help="Toewijzing: student_id, offer_id."),
    lottery: Path | None = typer.Option(
        None, "--lottery", help="Loting (standaard lottery.csv naast de toewijzing)."
    ),
    seed: int | None = typer.Option(
        None,
        "--seed",
        min=0,
        help="Startwaarde (seed) van de loting in plaats van een lotingbestand.",
    ),
    max_choices: int = MaxChoicesOption,
) -> None:
    """Controleer een toewijzing op blokkerende paren en schendingen (exitcode 1 bij fouten)."""
    with reported_input_errors():
        outcome = check_placement(
            InputPaths(offers, students, preferences), assignment, lottery, seed, max_choices
        )
    report = outcome.report
    if report.ok:
        typer.echo("De toewijzing is stabiel en respecteert capaciteit, quota en toelatingsregels.")
        return
    typer.echo(
        f"De toewijzing is NIET in orde: {len(report.blocking_students)} blokkerende paren, "
        f"{len(report.violations)} schendingen."
    )
    _render_report(report, outcome.encoded.student_ids, outcome.encoded.offer_ids)
    raise typer.Exit(1)


@app.command("followup")
def followup(
    offers: Path = OffersOption,
    students: Path = StudentsOption,
    assignment: Path = typer.Option(
        ..., "--assignment", help="Toewijzing van de eerste ronde (assignments.csv)."
    ),
    preferences: Path = typer.Option(
        ..., "--preferences", help="Nieuwe lijsten van de niet-geplaatste studenten."
    ),
    seed: int = SeedOption,
    out: Path = OutFolderOption,
    max_choices: int = MaxChoicesOption,
) -> None:
    """Vervolgronde: vul de vrije plaatsen zonder iemand die al geplaatst is te verplaatsen."""
    with reported_input_errors():
        check_output_folder(out)
        summary = run_followup(
            InputPaths(offers, students, preferences), assignment, seed, out, max_choices
        )
    print_summary(summary)
    typer.echo(f"Geplaatst in de vervolgronde: {_n(summary.statistics['placed_in_followup'])}")


@app.command("simulate-status-quo")
def simulate_status_quo(
    offers: Path = OffersOption,
    students: Path = StudentsOption,
    preferences: Path = PreferencesOption,
    seed: int = SeedOption,
    out: Path | None = typer.Option(None, "--out", help="Optionele uitvoermap."),
) -> None:
    """Simuleer het huidige zoeken per student (wie eerst komt, opgeven na 50 weigeringen)."""
    with reported_input_errors():
        if out is not None:
            check_output_folder(out)
        summary = simulate(InputPaths(offers, students, preferences), seed, out)
    central = summary["central_allocation"]
    assert isinstance(central, dict)
    typer.echo("Huidige situatie (gesimuleerd):")
    typer.echo(
        f"  sollicitaties: {_n(summary['applications'])}, "
        f"weigeringen: {_n(summary['refusals'])}, "
        f"gemiddeld {_n(summary['mean_applications_per_student'], 1)} per student"
    )
    typer.echo(
        "  aanvragen per organisatie: gemiddeld "
        f"{_n(summary['mean_requests_per_organisation'], 1)}, "
        f"hoogstens {_n(summary['max_requests_per_organisation'])}"
    )
    typer.echo(f"  geplaatst: {_n(summary['placed'])}, niet geplaatst: {_n(summary['unplaced'])}")
    typer.echo(
        f"Centrale toewijzing op dezelfde gegevens: geplaatst {_n(central['placed'])}, "
        f"niet geplaatst {_n(central['unplaced'])}, zonder individuele sollicitaties; "
        "na een vervolgronde op de vrije plaatsen: geplaatst "
        f"{_n(central['placed_after_followup'])}, "
        f"niet geplaatst {_n(central['unplaced_after_followup'])}."
    )
    if out is not None:
        typer.echo(f"Uitvoer geschreven naar {out}")


@app.command("generate")
def generate(
    students: int = typer.Option(..., "--students", min=1, help="Aantal studenten."),
    offers: int = typer.Option(..., "--offers", min=1, help="Aantal stageaanbiedingen."),
    seed: int = typer.Option(..., "--seed", min=0, help="Startwaarde (seed) van de generator."),
    out: Path = OutFolderOption,
    max_choices: int = MaxChoicesOption,
) -> None:
    """Genereer een realistische synthetische ronde (offers.csv, students.csv, preferences.csv)."""
    with reported_input_errors():
        generate_round(students, offers, seed, out, max_choices)
    typer.echo(
        f"Synthetische ronde geschreven naar {out}: {number(students)} studenten, "
        f"{number(offers)} aanbiedingen."
    )
