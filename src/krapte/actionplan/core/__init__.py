"""Pure parts of the action plan: the bundled recommendations, priorities and their links."""
