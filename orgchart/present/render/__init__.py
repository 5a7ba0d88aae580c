"""Charts: DOT made from the graph (dot.py), then drawn by Graphviz (graphviz_run.py)."""
