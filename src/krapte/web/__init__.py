"""Web edge: FastAPI app with Dutch HTML pages, each also available as JSON."""
