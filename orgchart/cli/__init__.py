"""The command line: a thin layer over the library.

Library calls raise OrgchartError subclasses or return issues; `common.handled`
alone turns them into messages on stderr and exit codes. Heavy imports wait
inside the commands so that `orgchart --help` answers at once.
"""

from orgchart.cli.common import ExitCode, app, main

# Commands register on import; this order is the order of `orgchart --help`.
# isort: off
from orgchart.cli import check, measure, compare, proposal, present, report, publish
# isort: on

__all__ = [
    "ExitCode",
    "app",
    "check",
    "compare",
    "main",
    "measure",
    "present",
    "proposal",
    "publish",
    "report",
]
