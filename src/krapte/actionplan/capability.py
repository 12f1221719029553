"""The action plan as a capability: the report's recommendations followed up (`krapte actionplan`,
the /actieplan pages and API)."""

from krapte.capability import Capability, CommandGroup

CAPABILITY = Capability(
    name="actionplan",
    title="Actieplan",
    tables="krapte.actionplan.tables",
    commands=(
        CommandGroup(
            "actionplan",
            "krapte.actionplan.cli:app",
            "Actieplan: de 60 aanbevelingen opvolgen, bijwerken, importeren, exporteren, "
            "rapporteren.",
        ),
    ),
    router="krapte.actionplan.routes:router",
    templates="krapte.actionplan",
)
