"""krapte: data hub, forecasts and shared systems against the shortage of social workers."""

__version__ = "0.1.0"
