"""Orchestration of placement runs from files: read and validate, run the core, write outputs.

Each function reads everything, validates everything (raising :class:`InvalidInput` with every
problem), computes, and only then writes its output folder, all files or none
(:mod:`krapte.placement.folders`). Results are dataclasses; Dutch notes tell what a person should
know about a run that is not an error (students without a list, ranks with gaps).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import numpy as np

import krapte
from krapte.errors import InvalidInput, Problem
from krapte.formatting import number
from krapte.metrics import measured
from krapte.placement.core.encode import Encoded
from krapte.placement.core.explain import Explanations, explain
from krapte.placement.core.followup import followup, sampled_followup_lists
from krapte.placement.core.generator import generate
from krapte.placement.core.instance import IntArray, draw_lottery, empty_ints, prepare
from krapte.placement.core.matching import deferred_acceptance
from krapte.placement.core.stability import CheckReport, check_assignment
from krapte.placement.core.statistics import RunStatistics
from krapte.placement.core.status_quo import StatusQuoResult, simulate_status_quo
from krapte.placement.core.validation import DEFAULT_MAX_CHOICES, LoadedRound, load_round
from krapte.placement.folders import output_folder, write_json
from krapte.placement.run_files import (
    manifest,
    present_only,
    read_assignment,
    read_lottery,
    statistics_of,
    take_names,
    write_assignments,
    write_outputs,
    write_round,
)
from krapte.tabular import Table, read_table, write_columns, write_csv

Progress = Callable[[str], None]
SEED_FIELD = "startwaarde van de loting"
MAX_LISTED = 1_000


def quiet(stage: str) -> None:
    del stage


@dataclass(frozen=True)
class InputPaths:
    offers: Path
    students: Path
    preferences: Path


def check_seed(seed: int, maximum: int | None = None) -> None:
    """A seed is a whole number from 0 (up to ``maximum``); raise :class:`InvalidInput`."""
    if seed < 0:
        raise InvalidInput.single(f"moet 0 of groter zijn, niet {seed}", field=SEED_FIELD)
    if maximum is not None and seed > maximum:
        raise InvalidInput.single(
            f"moet tussen 0 en {maximum} liggen, niet {seed}",
            field=SEED_FIELD,
        )


def read_files(paths: InputPaths) -> tuple[Table, Table, Table]:
    """The three tables; every file is read before any problem is raised."""
    tables: list[Table] = []
    problems: list[Problem] = []
    for path in (paths.offers, paths.students, paths.preferences):
        try:
            tables.append(read_table(path))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    offers, students, preferences = tables
    return offers, students, preferences


@dataclass(frozen=True)
class RoundFiles:
    loaded: LoadedRound
    inputs: dict[str, dict[str, str]]
    """File name and SHA-256 of every input, for the manifest."""


def read_round(paths: InputPaths, max_choices: int = DEFAULT_MAX_CHOICES) -> RoundFiles:
    import pyarrow as pa

    tables = read_files(paths)
    loaded = load_round(*tables, max_choices=max_choices)
    inputs = {
        role: {"file": table.file, "sha256": table.sha256}
        for role, table in zip(("offers", "students", "preferences"), tables, strict=True)
    }
    del tables
    pa.default_memory_pool().release_unused()  # the tables' memory, back to the system
    return RoundFiles(loaded=loaded, inputs=inputs)


def load(paths: InputPaths, max_choices: int = DEFAULT_MAX_CHOICES) -> LoadedRound:
    return read_round(paths, max_choices).loaded


def round_notes(loaded: LoadedRound) -> tuple[str, ...]:
    """What a person should know about a round that is not an error, in Dutch."""
    notes = []
    without = int(np.count_nonzero(np.diff(loaded.encoded.instance.pref_ptr) == 0))
    if without:
        notes.append(
            f"{number(without)} student(en) zonder voorkeurenlijst: zij worden niet geplaatst."
        )
    if loaded.rank_gaps:
        notes.append(
            f"{number(loaded.rank_gaps)} student(en) met gaten in de rangnummers (bv. 1, 3): "
            "hun keuzes blijven in dezelfde volgorde en zijn in de uitvoer genummerd 1, 2, …"
        )
    return tuple(notes)


@dataclass(frozen=True)
class RunSummary:
    out: Path
    seed: int
    statistics: RunStatistics
    report: CheckReport
    rounds: int
    notes: tuple[str, ...] = ()
    manifest: dict[str, object] = field(default_factory=dict)
    offer: IntArray = field(default_factory=empty_ints)
    ranks: IntArray = field(default_factory=empty_ints)
    lottery: IntArray = field(default_factory=empty_ints)


def run_placement(
    paths: InputPaths,
    seed: int,
    out: Path,
    max_choices: int = DEFAULT_MAX_CHOICES,
    progress: Progress = quiet,
) -> RunSummary:
    check_seed(seed)
    progress("inlezen en valideren")
    files = read_round(paths, max_choices)
    computed = compute_run(files.loaded, seed, out, max_choices, files.inputs, progress)
    with output_folder(out) as folder:
        write_run(computed, folder, progress)
    return computed.summary


@dataclass(frozen=True)
class ComputedRun:
    """An allocation computed but not yet written."""

    summary: RunSummary
    loaded: LoadedRound
    found: Explanations


@measured("allocation")
def compute_run(
    loaded: LoadedRound,
    seed: int,
    out: Path,
    max_choices: int,
    inputs: dict[str, dict[str, str]],
    progress: Progress = quiet,
) -> ComputedRun:
    check_seed(seed)
    instance = loaded.encoded.instance
    progress("loting en toewijzing")
    lottery = draw_lottery(instance.n_students, seed)
    table = prepare(instance, lottery)
    result = deferred_acceptance(table)
    progress("controle op stabiliteit")
    report = check_assignment(table, result.offer)
    progress("toelichting en statistiek")
    found = explain(table, result)
    ranks = result.rank(table)
    summary = RunSummary(
        out=out,
        seed=seed,
        statistics=statistics_of(loaded, ranks, result.offer),
        report=report,
        rounds=result.rounds,
        notes=round_notes(loaded),
        manifest=manifest("run", inputs, seed, max_choices, report, loaded),
        offer=result.offer,
        ranks=ranks,
        lottery=lottery,
    )
    return ComputedRun(summary=summary, loaded=loaded, found=found)


def write_run(computed: ComputedRun, folder: Path, progress: Progress = quiet) -> None:
    """Write the files of a computed run into ``folder`` (a staging folder)."""
    import pyarrow as pa

    progress("wegschrijven")
    summary, loaded = computed.summary, computed.loaded
    ids = pa.array(loaded.encoded.student_ids, pa.string())
    write_assignments(folder, loaded, summary.offer, summary.ranks, ids)
    write_outputs(folder, loaded, summary.lottery, computed.found, summary.statistics, ids)
    write_json(folder / "manifest.json", summary.manifest)


@dataclass(frozen=True)
class CheckOutcome:
    report: CheckReport
    encoded: Encoded


def check_placement(
    paths: InputPaths,
    assignment: Path,
    lottery: Path | None = None,
    seed: int | None = None,
    max_choices: int = DEFAULT_MAX_CHOICES,
) -> CheckOutcome:
    """Check an assignment file; the lottery comes from ``lottery``, ``seed`` or a
    ``lottery.csv`` next to the assignment."""
    if seed is not None:
        check_seed(seed)
    loaded = load(paths, max_choices)
    assigned, _ = read_assignment(assignment, loaded.encoded)
    n = loaded.encoded.instance.n_students
    if seed is not None:
        numbers = draw_lottery(n, seed)
    else:
        numbers = read_lottery(lottery or assignment.parent / "lottery.csv", loaded.encoded)
    table = prepare(loaded.encoded.instance, numbers)
    return CheckOutcome(report=check_assignment(table, assigned), encoded=loaded.encoded)


@dataclass(frozen=True)
class CentralAllocation:
    """The central allocation on the same files, before and after a simulated follow-up round."""

    placed: int
    unplaced: int
    placed_after_followup: int
    unplaced_after_followup: int
    applications: int = 0


@dataclass(frozen=True)
class StatusQuoSummary:
    students: int
    placed: int
    unplaced: int
    applications: int
    refusals: int
    mean_applications_per_student: float
    max_refusals_of_a_student: int
    students_giving_up: int
    mean_requests_per_organisation: float
    max_requests_per_organisation: int
    weeks: int
    central_allocation: CentralAllocation

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True)
class StatusQuoComparison:
    summary: StatusQuoSummary
    per_organisation: Counter[str]
    result: StatusQuoResult


def compare_status_quo(loaded: LoadedRound, seed: int) -> StatusQuoComparison:
    """Today's application rounds simulated on a round, beside the central allocation."""
    check_seed(seed)
    instance = loaded.encoded.instance
    result = simulate_status_quo(instance, seed)
    per_organisation: Counter[str] = Counter()
    for index, count in enumerate(result.requests.tolist()):
        per_organisation[loaded.offers[index].organisation] += int(count)
    requests = np.array(list(per_organisation.values()) or [0])
    lottery = draw_lottery(instance.n_students, seed)
    central = deferred_acceptance(prepare(instance, lottery))
    ptr, lists = sampled_followup_lists(instance, central.offer, seed, DEFAULT_MAX_CHOICES)
    after_followup = followup(instance, central.offer, ptr, lists, lottery).offer
    placed = int(np.count_nonzero(result.offer >= 0))
    n = instance.n_students
    summary = StatusQuoSummary(
        students=n,
        placed=placed,
        unplaced=n - placed,
        applications=int(result.applications.sum()),
        refusals=int(result.refusals.sum()),
        mean_applications_per_student=round(float(result.applications.mean()), 3) if n else 0.0,
        max_refusals_of_a_student=int(result.refusals.max()) if n else 0,
        students_giving_up=int(np.count_nonzero((result.offer < 0) & (result.refusals >= 50))),
        mean_requests_per_organisation=round(float(requests.mean()), 3),
        max_requests_per_organisation=int(requests.max()),
        weeks=result.rounds,
        central_allocation=CentralAllocation(
            placed=int(np.count_nonzero(central.offer >= 0)),
            unplaced=int(np.count_nonzero(central.offer < 0)),
            placed_after_followup=int(np.count_nonzero(after_followup >= 0)),
            unplaced_after_followup=int(np.count_nonzero(after_followup < 0)),
        ),
    )
    return StatusQuoComparison(summary, per_organisation, result)


def simulate(paths: InputPaths, seed: int, out: Path | None = None) -> StatusQuoSummary:
    check_seed(seed)
    files = read_round(paths, DEFAULT_MAX_CHOICES + 10**9)
    loaded = files.loaded
    compared = compare_status_quo(loaded, seed)
    summary, per_organisation, result = compared.summary, compared.per_organisation, compared.result
    if out is not None:
        import pyarrow as pa

        with output_folder(out) as folder:
            write_json(folder / "status_quo.json", summary.as_dict())
            write_csv(
                folder / "requests_per_organisation.csv",
                ("organisation", "requests"),
                per_organisation.most_common(),
            )
            offer_ids = pa.array(loaded.encoded.offer_ids, pa.string())
            write_columns(
                folder / "status_quo_assignments.csv",
                {
                    "student_id": pa.array(loaded.encoded.student_ids, pa.string()),
                    "offer_id": take_names(offer_ids, result.offer),
                    "applications": result.applications,
                    "refusals": result.refusals,
                },
            )
            write_json(
                folder / "manifest.json",
                {
                    "command": "simulate-status-quo",
                    "engine_version": krapte.__version__,
                    "seed": seed,
                    "inputs": files.inputs,
                },
            )
    return summary


def run_followup(
    paths: InputPaths,
    assignment: Path,
    seed: int,
    out: Path,
    max_choices: int = DEFAULT_MAX_CHOICES,
) -> RunSummary:
    """``paths.preferences`` holds the new lists of the unplaced students."""
    import pyarrow as pa

    check_seed(seed)
    files = read_round(paths, max_choices)
    loaded = files.loaded
    encoded, instance = loaded.encoded, loaded.encoded.instance
    assigned, first_ranks = read_assignment(assignment, encoded)
    assignment_hash = read_table(assignment).sha256
    _check_followup_lists(loaded, assigned, paths.preferences.name)
    lottery = draw_lottery(instance.n_students, seed)
    done = followup(instance, assigned, instance.pref_ptr, instance.pref_offer, lottery)
    table = done.table
    new_result = deferred_acceptance(table)
    report = check_assignment(table, np.where(assigned >= 0, -1, done.offer))
    found = explain(table, new_result)
    new_ranks = new_result.rank(table)
    ranks = np.where(assigned >= 0, first_ranks, new_ranks)
    statistics = statistics_of(loaded, ranks, done.offer)
    statistics = replace(statistics, placed_in_followup=len(done.new))
    first = assigned >= 0
    second = ~first & (done.offer >= 0)
    ids = pa.array(encoded.student_ids, pa.string())
    described = manifest("followup", files.inputs, seed, max_choices, report, loaded)
    described["first_round_assignment"] = {"file": assignment.name, "sha256": assignment_hash}
    with output_folder(out) as folder:
        write_columns(
            folder / "assignments.csv",
            {
                "student_id": ids,
                "offer_id": take_names(pa.array(encoded.offer_ids, pa.string()), done.offer),
                "round": present_only(np.where(first, 1, 2), first | second),
                "rank_obtained": present_only(ranks, (first & (first_ranks > 0)) | second),
            },
        )
        write_outputs(folder, loaded, lottery, found, statistics, ids)
        write_json(folder / "manifest.json", described)
    return RunSummary(
        out=out,
        seed=seed,
        statistics=statistics,
        report=report,
        rounds=new_result.rounds,
        notes=round_notes(loaded),
        manifest=described,
    )


def _check_followup_lists(loaded: LoadedRound, assigned: IntArray, file: str) -> None:
    encoded, instance = loaded.encoded, loaded.encoded.instance
    load_per_offer = np.bincount(assigned[assigned >= 0], minlength=instance.n_offers)
    owners = instance.entry_student()
    full = load_per_offer[instance.pref_offer] >= instance.capacity[instance.pref_offer]
    placed = assigned[owners] >= 0
    problems = [
        Problem(
            f"student '{encoded.student_ids[int(owners[entry])]}' is al geplaatst en blijft "
            "waar die is"
            if placed[entry]
            else f"aanbod '{encoded.offer_ids[int(instance.pref_offer[entry])]}' heeft geen "
            "vrije plaats meer",
            file=file,
            row=int(loaded.entry_rows[entry]),
            field="student_id" if placed[entry] else "offer_id",
        )
        for entry in np.flatnonzero(placed | full)[:MAX_LISTED].tolist()
    ]
    if problems:
        raise InvalidInput(sorted(problems, key=lambda p: p.row or 0))


def generate_round(students: int, offers: int, seed: int, out: Path, max_choices: int) -> Path:
    check_seed(seed)
    placement = generate(students, offers, seed, max_choices)
    with output_folder(out) as folder:
        write_round(placement, folder)
    return out
