"""Placement rounds kept in the store: import a round, list them, run one (unit of work).

Each function takes a :class:`krapte.db.uow.UnitOfWork`, enters it and owns its use case: it
commits when everything succeeded (inside a caller's unit of work, the caller's commit decides).
A run of a stored round writes its output folder into a staging folder;
the folder is moved into place only after the commit (``uow.after_commit``) and removed when the
transaction rolls back (``uow.on_rollback``), so there is never a folder without its stored run
nor a stored run whose folder was half written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import krapte
from krapte.errors import Conflict, InvalidInput
from krapte.placement import repository
from krapte.placement.core.model import (
    MAX_INTEGER,
    MAX_ROUND_NAME_LENGTH,
    RoundSummary,
)
from krapte.placement.core.validation import DEFAULT_MAX_CHOICES, loaded_from_records
from krapte.placement.folders import check_output_folder, discard, publish, stage
from krapte.placement.service import (
    InputPaths,
    Progress,
    RunSummary,
    check_seed,
    compute_run,
    quiet,
    read_round,
    write_run,
)

if TYPE_CHECKING:
    from krapte.db.uow import UnitOfWork

NAME_FIELD = "naam van de ronde"


def _check_name(name: str) -> None:
    if not name.strip():
        raise InvalidInput.single("de naam van de ronde is leeg", field=NAME_FIELD)
    if len(name) > MAX_ROUND_NAME_LENGTH:
        raise InvalidInput.single(
            f"te lang: {len(name)} tekens, hoogstens {MAX_ROUND_NAME_LENGTH}", field=NAME_FIELD
        )


def import_round(
    uow: UnitOfWork, name: str, paths: InputPaths, max_choices: int = DEFAULT_MAX_CHOICES
) -> RoundSummary:
    """Validate the three files and store them as round ``name``: all or nothing."""
    _check_name(name)
    loaded = read_round(paths, max_choices).loaded
    with uow:
        if repository.round_exists(uow.session, name):
            raise Conflict(f"ronde '{name}' bestaat al; kies een andere naam")
        repository.store_round(uow.session, name, loaded, max_choices)
        uow.commit()
        return next(r for r in repository.list_rounds(uow.session) if r.name == name)


def list_rounds(uow: UnitOfWork) -> list[RoundSummary]:
    with uow:
        return repository.list_rounds(uow.session)


def run_stored_round(
    uow: UnitOfWork, name: str, seed: int, out: Path, progress: Progress = quiet
) -> RunSummary:
    """Allocate a stored round, store the run and write its output folder, all or nothing."""
    check_seed(seed, maximum=MAX_INTEGER)
    check_output_folder(out)
    with uow:
        stored = repository.fetch_round(uow.session, name)
        loaded = loaded_from_records(stored.records)
        encoded = loaded.encoded
        computed = compute_run(
            loaded, seed, out, stored.max_choices, {"round": {"name": name, "sha256": ""}}, progress
        )
        summary = computed.summary
        repository.store_run(
            uow.session,
            name,
            repository.RunRecord(
                seed=seed,
                engine_version=krapte.__version__,
                manifest=summary.manifest,
                student_ids=encoded.student_ids,
                offer_ids=encoded.offer_ids,
                assigned=summary.offer,
                ranks=summary.ranks,
                lottery=summary.lottery,
            ),
        )
        uow.flush()
        staging = stage(out)
        uow.on_rollback(lambda: discard(staging))
        write_run(computed, staging, progress)
        uow.after_commit(lambda: publish(staging, out))
        uow.commit()
    return summary
