"""`krapte placement generate | run | check | followup | simulate-status-quo`: rounds in files."""

from __future__ import annotations

from pathlib import Path

import click

from krapte.cli.dutch import Command
from krapte.formatting import number
from krapte.placement.cli import options, show


@click.command("generate", cls=Command)
@click.option("--students", type=click.IntRange(min=1), required=True, help="Aantal studenten.")
@click.option(
    "--offers", type=click.IntRange(min=1), required=True, help="Aantal stageaanbiedingen."
)
@options.seed(help="Startwaarde van de generator (0 of meer).")
@options.out_folder
@options.max_choices
def generate(students: int, offers: int, seed: int, out: Path, max_choices: int) -> None:
    """Genereer een realistische synthetische ronde (offers.csv, students.csv, preferences.csv)."""
    from krapte.placement.service import generate_round

    generate_round(students, offers, seed, out, max_choices)
    click.echo(
        f"Synthetische ronde geschreven naar {out}: {number(students)} studenten, "
        f"{number(offers)} aanbiedingen."
    )


@click.command("run", cls=Command)
@options.input_files()
@options.seed()
@options.out_folder
@options.max_choices
def run(
    offers: Path, students: Path, preferences: Path, seed: int, out: Path, max_choices: int
) -> None:
    """Wijs de stageplaatsen toe (uitgestelde aanvaarding, studentoptimaal en stabiel)."""
    from krapte.placement.folders import check_output_folder
    from krapte.placement.service import InputPaths, run_placement

    check_output_folder(out)
    with options.progress_bar(options.size_of(preferences)) as progress:
        summary = run_placement(
            InputPaths(offers, students, preferences), seed, out, max_choices, progress
        )
    show.run_summary(summary)


@click.command("check", cls=Command)
@options.input_files()
@click.option(
    "--assignment", type=options.FilePath, required=True, help="Toewijzing: student_id, offer_id."
)
@click.option(
    "--lottery",
    type=options.FilePath,
    default=None,
    help="Loting (standaard lottery.csv naast de toewijzing).",
)
@options.seed(required=False, help="Startwaarde van de loting in plaats van een lotingbestand.")
@options.max_choices
@click.pass_context
def check(
    ctx: click.Context,
    offers: Path,
    students: Path,
    preferences: Path,
    assignment: Path,
    lottery: Path | None,
    seed: int | None,
    max_choices: int,
) -> None:
    """Controleer een toewijzing op blokkerende paren en schendingen (exitcode 1 bij fouten)."""
    from krapte.placement.service import InputPaths, check_placement

    outcome = check_placement(
        InputPaths(offers, students, preferences), assignment, lottery, seed, max_choices
    )
    show.check_report(outcome.report, outcome.encoded.student_ids, outcome.encoded.offer_ids)
    if not outcome.report.ok:
        ctx.exit(1)


@click.command("followup", cls=Command)
@options.input_files(preferences_help="Nieuwe lijsten van de niet-geplaatste studenten.")
@click.option(
    "--assignment",
    type=options.FilePath,
    required=True,
    help="Toewijzing van de eerste ronde (assignments.csv).",
)
@options.seed()
@options.out_folder
@options.max_choices
def followup(
    offers: Path,
    students: Path,
    preferences: Path,
    assignment: Path,
    seed: int,
    out: Path,
    max_choices: int,
) -> None:
    """Vervolgronde: vul de vrije plaatsen zonder iemand die al geplaatst is te verplaatsen."""
    from krapte.placement.folders import check_output_folder
    from krapte.placement.service import InputPaths, run_followup

    check_output_folder(out)
    summary = run_followup(
        InputPaths(offers, students, preferences), assignment, seed, out, max_choices
    )
    show.run_summary(summary)


@click.command("simulate-status-quo", cls=Command)
@options.input_files()
@options.seed()
@click.option("--out", type=options.FilePath, default=None, help="Optionele uitvoermap.")
def simulate_status_quo(
    offers: Path, students: Path, preferences: Path, seed: int, out: Path | None
) -> None:
    """Simuleer het huidige zoeken per student (wie eerst komt, opgeven na 50 weigeringen)."""
    from krapte.placement.folders import check_output_folder
    from krapte.placement.service import InputPaths, simulate

    if out is not None:
        check_output_folder(out)
    summary = simulate(InputPaths(offers, students, preferences), seed, out)
    show.status_quo(summary)
    if out is not None:
        click.echo(f"Uitvoer geschreven naar {out}")
