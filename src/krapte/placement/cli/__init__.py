"""`krapte placement ...`: central internship placement on the command line.

Commands parse their options, call a service (imported when the command runs) and render; the
root handler turns every :class:`krapte.errors.KrapteError` into a Dutch message and exit code 2.
"""

from __future__ import annotations

from krapte.cli import group
from krapte.placement.cli import files, outcomes, rounds

app = group("Centrale stageplaatsing: eerlijke, reproduceerbare toewijzing van stageplaatsen.")
for command in (
    files.generate,
    files.run,
    files.check,
    files.followup,
    files.simulate_status_quo,
    rounds.import_round,
    rounds.rounds,
    rounds.run_round,
    outcomes.indicators,
    outcomes.person,
    outcomes.anonymise,
):
    app.add_command(command)
