"""Indicators: growth, CAGR, index, shares, tension ratio and regional aggregation (pure core)."""
