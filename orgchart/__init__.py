"""orgchart: organisation structures as data.

The library's entry point is `orgchart.build.build(path)`, which returns a
validated structure and its graph or raises an `OrgchartError`.
"""

__version__ = "0.1.0"
