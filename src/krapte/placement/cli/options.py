"""The options the placement commands share, and the progress bar for big inputs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

LARGE_INPUT_BYTES = 1_000_000
STAGES = 5

FilePath = click.Path(path_type=Path, dir_okay=True)
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def input_files(preferences_help: str = "Voorkeuren: student_id, rank, offer_id (CSV of XLSX).",
                ) -> Decorator:  # fmt: skip
    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(
            (
                click.option("--offers", type=FilePath, required=True,
                             help="Stageaanbod (CSV of XLSX)."),
                click.option("--students", type=FilePath, required=True,
                             help="Studenten (CSV of XLSX)."),
                click.option("--preferences", type=FilePath, required=True,
                             help=preferences_help),
            )
        ):  # fmt: skip
            command = option(command)
        return command

    return decorate


def seed(required: bool = True, help: str = "Startwaarde van de loting (0 of meer).") -> Decorator:
    return click.option("--seed", type=click.IntRange(min=0), required=required, help=help)


max_choices = click.option(
    "--max-choices",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Maximale lengte van een lijst.",
)
out_folder = click.option(
    "--out", type=FilePath, required=True, help="Uitvoermap (mag nog niet bestaan of is leeg)."
)


@contextmanager
def progress_bar(size: int) -> Iterator[Callable[[str], None]]:
    """A bar over the stages of a run, on standard error, for big inputs at a terminal."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from krapte.cli.render import console

    err = console(stderr=True)
    disabled = size < LARGE_INPUT_BYTES or not err.is_terminal
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
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


def size_of(path: Path) -> int:
    return path.stat().st_size if path.is_file() else 0
