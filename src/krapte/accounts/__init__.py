"""Accounts, roles, sign-in and the one permission function of krapte."""
