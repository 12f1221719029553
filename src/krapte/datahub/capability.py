"""The data hub as a capability: its tables, `krapte data` and `krapte claims`, its pages."""

from krapte.capability import Capability, CommandGroup

CAPABILITY = Capability(
    name="datahub",
    title="Datahub",
    tables="krapte.datahub.tables",
    commands=(
        CommandGroup(
            "data",
            "krapte.datahub.cli:app",
            "Datahub: datasets tonen, importeren, controleren en exporteren.",
        ),
        CommandGroup(
            "claims",
            "krapte.datahub.cli.claims:app",
            "Uitspraken uit het rapport, getoetst aan de gegevens.",
        ),
    ),
    router="krapte.datahub.routes:router",
    templates="krapte.datahub",
    initialise="krapte.datahub.service:initialise",
)
