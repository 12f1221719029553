"""Pure core of the workforce monitor: no database, web framework or command line."""
