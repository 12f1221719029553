"""The pure core of accounts: roles, actors and the permission function."""
