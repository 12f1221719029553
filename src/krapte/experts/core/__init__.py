"""The pure part of experts and job alerts: the bundled lists, profile rules and alert matching."""
