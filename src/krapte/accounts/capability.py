"""Accounts as a capability: users, roles, sign-in, invitations, API tokens; `krapte users`."""

from krapte.capability import Capability, CommandGroup

CAPABILITY = Capability(
    name="accounts",
    title="Accounts",
    tables="krapte.accounts.tables",
    commands=(
        CommandGroup(
            "users",
            "krapte.accounts.cli:app",
            "Gebruikers: toevoegen, uitnodigen, tonen, uitschakelen en API-sleutels maken.",
        ),
    ),
    router="krapte.accounts.routes:router",
    templates="krapte.accounts",
)
