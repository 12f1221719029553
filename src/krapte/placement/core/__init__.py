"""Pure core: no database, web framework or command-line library (import-linter checks it)."""
