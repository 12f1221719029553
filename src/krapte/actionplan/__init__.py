"""The action plan: the report's 60 recommendations and 10 priorities, followed up (issue 12)."""
