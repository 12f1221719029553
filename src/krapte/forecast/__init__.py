"""Forecast of supply and demand of social workers: stock-flow core, Monte Carlo, scenarios."""
