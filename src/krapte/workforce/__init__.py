"""The workforce monitor: organisations, pseudonymous staff records, indicators, sector view."""
