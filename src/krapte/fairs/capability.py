"""Regional job fairs as a capability: `krapte fairs`, the pages under /jobbeurzen and the API."""

from krapte.capability import Capability, CommandGroup

CAPABILITY = Capability(
    name="fairs",
    title="Jobbeurzen",
    tables="krapte.fairs.tables",
    commands=(
        CommandGroup(
            "fairs",
            "krapte.fairs.cli:app",
            "Jobbeurzen: de regionale jobbeurzen met hun plaatsen, wachtlijst en bezoekers.",
        ),
    ),
    router="krapte.fairs.routes:router",
    templates="krapte.fairs",
)
