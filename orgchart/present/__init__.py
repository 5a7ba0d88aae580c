"""Present: reports as data, the formats that write them, charts, structure files.

Nothing here computes a figure: it shows what measure and compare found.
"""
