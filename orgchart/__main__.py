"""`python -m orgchart`: the command line."""

from orgchart.cli import main

main()
