"""Orchestration of placement runs: read and validate files, run the core, write the outputs.

Each function reads everything, validates everything (raising ``InputError`` with every
problem), computes, and only then writes its output folder atomically.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

import krapte
from krapte.placement.core.encode import Encoded
from krapte.placement.core.explain import Explanations, explain
from krapte.placement.files import (
    InputError,
    InputIssue,
    Table,
    output_folder,
    read_table,
    sha256,
    write_csv,
    write_json,
)
from krapte.placement.core.followup import followup, sampled_followup_lists
from krapte.placement.core.generator import generate
from krapte.placement.core.instance import IntArray, draw_lottery, empty_ints, prepare
from krapte.placement.core.matching import deferred_acceptance
from krapte.placement.run_files import (
    manifest,
    read_assignment,
    read_lottery,
    statistics_of,
    write_outputs,
    write_round,
)
from krapte.placement.core.stability import CheckReport, check_assignment
from krapte.placement.core.status_quo import simulate_status_quo
from krapte.placement.core.validation import DEFAULT_MAX_CHOICES, LoadedRound, load_round

Progress = Callable[[str], None]


def quiet(stage: str) -> None:
    del stage


@dataclass(frozen=True)
class InputPaths:
    offers: Path
    students: Path
    preferences: Path

    def hashes(self) -> dict[str, dict[str, str]]:
        return {
            name: {"file": path.name, "sha256": sha256(path)}
            for name, path in (
                ("offers", self.offers),
                ("students", self.students),
                ("preferences", self.preferences),
            )
        }


def check_seed(seed: int) -> None:
    """A seed is a whole number from 0 up; raise :class:`InputError` (Dutch) otherwise."""
    if seed < 0:
        raise InputError(
            [InputIssue("--seed", 0, "", f"de startwaarde moet 0 of groter zijn, niet {seed}")]
        )


def load(paths: InputPaths, max_choices: int = DEFAULT_MAX_CHOICES) -> LoadedRound:
    tables: list[Table] = []
    issues: list[InputIssue] = []
    for path in (paths.offers, paths.students, paths.preferences):
        try:
            tables.append(read_table(path))
        except InputError as exc:
            issues.extend(exc.issues)
    if issues:
        raise InputError(issues)
    offers, students, preferences = tables
    return load_round(offers, students, preferences, max_choices=max_choices)


@dataclass(frozen=True)
class RunSummary:
    out: Path
    statistics: dict[str, object]
    report: CheckReport
    rounds: int
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
    loaded = load(paths, max_choices)
    return allocate(loaded, seed, out, max_choices, paths.hashes(), progress)


def allocate(
    loaded: LoadedRound,
    seed: int,
    out: Path,
    max_choices: int,
    inputs: dict[str, dict[str, str]],
    progress: Progress,
) -> RunSummary:
    """Compute the allocation, then write the output folder ``out``."""
    return write_run(compute_run(loaded, seed, out, max_choices, inputs, progress), progress)


@dataclass(frozen=True)
class ComputedRun:
    """An allocation computed but not yet written: ``summary.out`` does not exist yet."""

    summary: RunSummary
    loaded: LoadedRound
    found: Explanations


def compute_run(
    loaded: LoadedRound,
    seed: int,
    out: Path,
    max_choices: int,
    inputs: dict[str, dict[str, str]],
    progress: Progress,
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
    statistics = statistics_of(loaded, ranks, result.offer)
    summary = RunSummary(
        out=out,
        statistics=statistics,
        report=report,
        rounds=result.rounds,
        manifest=manifest("run", inputs, seed, max_choices, report),
        offer=result.offer,
        ranks=ranks,
        lottery=lottery,
    )
    return ComputedRun(summary=summary, loaded=loaded, found=found)


def write_run(computed: ComputedRun, progress: Progress = quiet) -> RunSummary:
    """Write the output folder of a computed run (atomically: all files or none)."""
    progress("wegschrijven")
    summary, loaded = computed.summary, computed.loaded
    offer_ids = loaded.encoded.offer_ids
    with output_folder(summary.out) as folder:
        write_csv(
            folder / "assignments.csv",
            ("student_id", "offer_id", "rank_obtained"),
            (
                (sid, offer_ids[o] if o >= 0 else "", r if o >= 0 else "")
                for sid, o, r in zip(
                    loaded.encoded.student_ids,
                    summary.offer.tolist(),
                    summary.ranks.tolist(),
                    strict=True,
                )
            ),
        )
        write_outputs(folder, loaded, summary.lottery, computed.found, summary.statistics)
        write_json(folder / "manifest.json", summary.manifest)
    return summary


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
    assigned, _ = read_assignment(assignment, loaded)
    n = loaded.encoded.instance.n_students
    if seed is not None:
        numbers = draw_lottery(n, seed)
    else:
        lottery = lottery or assignment.parent / "lottery.csv"
        numbers = read_lottery(lottery, loaded.encoded)
    table = prepare(loaded.encoded.instance, numbers)
    return CheckOutcome(report=check_assignment(table, assigned), encoded=loaded.encoded)


def simulate(paths: InputPaths, seed: int, out: Path | None = None) -> dict[str, object]:
    check_seed(seed)
    loaded = load(paths, DEFAULT_MAX_CHOICES + 10**9)
    instance = loaded.encoded.instance
    result = simulate_status_quo(instance, seed)
    offers = loaded.offers
    per_organisation: Counter[str] = Counter()
    for index, count in enumerate(result.requests.tolist()):
        per_organisation[offers[index].organisation] += int(count)
    requests = np.array(list(per_organisation.values()) or [0])
    lottery = draw_lottery(instance.n_students, seed)
    central = deferred_acceptance(prepare(instance, lottery))
    ptr, lists = sampled_followup_lists(instance, central.offer, seed, DEFAULT_MAX_CHOICES)
    after_followup = followup(instance, central.offer, ptr, lists, lottery).offer
    placed = int(np.count_nonzero(result.offer >= 0))
    summary: dict[str, object] = {
        "students": instance.n_students,
        "placed": placed,
        "unplaced": instance.n_students - placed,
        "applications": int(result.applications.sum()),
        "refusals": int(result.refusals.sum()),
        "mean_applications_per_student": round(float(result.applications.mean()), 3)
        if instance.n_students
        else 0.0,
        "max_refusals_of_a_student": int(result.refusals.max()) if instance.n_students else 0,
        "students_giving_up": int(np.count_nonzero((result.offer < 0) & (result.refusals >= 50))),
        "mean_requests_per_organisation": round(float(requests.mean()), 3),
        "max_requests_per_organisation": int(requests.max()),
        "weeks": result.rounds,
        "central_allocation": {
            "placed": int(np.count_nonzero(central.offer >= 0)),
            "unplaced": int(np.count_nonzero(central.offer < 0)),
            "placed_after_followup": int(np.count_nonzero(after_followup >= 0)),
            "unplaced_after_followup": int(np.count_nonzero(after_followup < 0)),
            "applications": 0,
        },
    }
    if out is not None:
        ids, offer_ids = loaded.encoded.student_ids, loaded.encoded.offer_ids
        with output_folder(out) as folder:
            write_json(folder / "status_quo.json", summary)
            write_csv(
                folder / "requests_per_organisation.csv",
                ("organisation", "requests"),
                per_organisation.most_common(),
            )
            write_csv(
                folder / "status_quo_assignments.csv",
                ("student_id", "offer_id", "applications", "refusals"),
                (
                    (sid, offer_ids[o] if o >= 0 else "", a, r)
                    for sid, o, a, r in zip(
                        ids,
                        result.offer.tolist(),
                        result.applications.tolist(),
                        result.refusals.tolist(),
                        strict=True,
                    )
                ),
            )
            write_json(
                folder / "manifest.json",
                {
                    "command": "simulate-status-quo",
                    "engine_version": krapte.__version__,
                    "seed": seed,
                    "inputs": paths.hashes(),
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
    check_seed(seed)
    loaded = load(paths, max_choices)
    assigned, first_ranks = read_assignment(assignment, loaded)
    encoded, instance = loaded.encoded, loaded.encoded.instance
    load_per_offer = np.bincount(assigned[assigned >= 0], minlength=instance.n_offers)
    issues = []
    owners = instance.entry_student()
    name = paths.preferences.name
    for entry in np.flatnonzero(assigned[owners] >= 0).tolist():
        sid = encoded.student_ids[int(owners[entry])]
        issues.append(
            InputIssue(
                name,
                loaded.entry_rows[entry],
                "student_id",
                f"student '{sid}' is al geplaatst en blijft waar die is",
            )
        )
    full = load_per_offer[instance.pref_offer] >= instance.capacity[instance.pref_offer]
    for entry in np.flatnonzero(full & (assigned[owners] < 0)).tolist():
        oid = encoded.offer_ids[int(instance.pref_offer[entry])]
        issues.append(
            InputIssue(
                name,
                loaded.entry_rows[entry],
                "offer_id",
                f"aanbod '{oid}' heeft geen vrije plaats meer",
            )
        )
    if issues:
        raise InputError(sorted(issues, key=lambda i: i.row))
    lottery = draw_lottery(instance.n_students, seed)
    done = followup(instance, assigned, instance.pref_ptr, instance.pref_offer, lottery)
    table = done.table
    new_result = deferred_acceptance(table)
    report = check_assignment(table, np.where(assigned >= 0, -1, done.offer))
    found = explain(table, new_result)
    new_ranks = new_result.rank(table)
    ranks = new_ranks.copy()
    for sid, text in first_ranks.items():
        if text.isdigit():
            ranks[encoded.student_index[sid]] = int(text)
    statistics = statistics_of(loaded, ranks, done.offer)
    statistics["placed_in_followup"] = len(done.new)
    offer_ids = encoded.offer_ids
    rows: list[tuple[str, str, int | str, int | str]] = []
    for student, sid in enumerate(encoded.student_ids):
        offer = int(done.offer[student])
        if assigned[student] >= 0:
            rows.append((sid, offer_ids[offer], 1, first_ranks.get(sid, "")))
        elif offer >= 0:
            rows.append((sid, offer_ids[offer], 2, int(new_ranks[student])))
        else:
            rows.append((sid, "", "", ""))
    with output_folder(out) as folder:
        write_csv(
            folder / "assignments.csv", ("student_id", "offer_id", "round", "rank_obtained"), rows
        )
        write_outputs(folder, loaded, lottery, found, statistics)
        described = manifest("followup", paths.hashes(), seed, max_choices, report)
        described["first_round_assignment"] = {
            "file": assignment.name,
            "sha256": sha256(assignment),
        }
        write_json(folder / "manifest.json", described)
    return RunSummary(out=out, statistics=statistics, report=report, rounds=new_result.rounds)


def generate_round(students: int, offers: int, seed: int, out: Path, max_choices: int) -> Path:
    check_seed(seed)
    placement = generate(students, offers, seed, max_choices)
    with output_folder(out) as folder:
        write_round(placement, folder)
    return out
