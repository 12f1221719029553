"""The workforce monitor as a capability: its tables, `krapte workforce` and its pages."""

from krapte.capability import Capability, CommandGroup

CAPABILITY = Capability(
    name="workforce",
    title="Personeelsmonitor",
    tables="krapte.workforce.tables",
    commands=(
        CommandGroup(
            "workforce",
            "krapte.workforce.cli:app",
            "Personeelsmonitor: organisaties, personeelsgegevens, indicatoren en de sector.",
        ),
    ),
    router="krapte.workforce.routes:router",
    templates="krapte.workforce",
)
