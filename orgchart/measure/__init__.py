"""Measure: spans, layers, cost and money over time, computed on a checked structure."""
