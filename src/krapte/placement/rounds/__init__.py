"""The placement round in the browser: its calendar, offers, students, lists and runs,
as services that take an actor and go through the one permission function."""
