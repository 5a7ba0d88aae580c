"""orgchart: organisation structures as data.

The library's entry point is `orgchart.build.build(path)`, which returns a
validated structure and its graph or raises an `OrgchartError`.

Data flows one way through stages, each a package that imports only the ones
before it (tests/test_layout.py holds it): the foundation (errors, text,
model, graph, money, filetypes), then read, check (and build, the way in),
measure, compare, present, and the command line.
"""

__version__ = "0.1.0"
