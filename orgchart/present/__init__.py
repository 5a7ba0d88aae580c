"""Present: reports as data, the formats that write them, charts, structure files.

Nothing here computes a figure: it shows what measure and compare found. A
report is data (tables, a JSON payload, notes); each format turns one into
text; a chart is DOT made from the graph, drawn by Graphviz apart from it.
"""
