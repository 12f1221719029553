"""Experts and job alerts as a capability: the expert directory (rec 20) and job alerts."""

from krapte.capability import Capability, CommandGroup

CAPABILITY = Capability(
    name="experts",
    title="Experten en jobmeldingen",
    tables="krapte.experts.tables",
    commands=(
        CommandGroup(
            "experts",
            "krapte.experts.cli:app",
            "Expertenlijst: profielen tonen, goedkeuren en verwijderen.",
        ),
    ),
    router="krapte.experts.routes:router",
    templates="krapte.experts",
)
